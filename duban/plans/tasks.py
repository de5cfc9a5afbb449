"""Background work of imports: a large batch is saved by `duban worker`, not the request."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_noop
from django_tasks import task

from duban.orgs.models import Organization
from duban.orgs.services import notify
from duban.plans.imports import confirm_import
from duban.plans.models import ImportUpload


@task()
def import_batch_task(org_id: int, batch: str, actor_id: int | None, replace: bool = False):
    """Save a staged batch. Run twice, the second run finds the batch gone (it is deleted in
    the same transaction that saves it) and does nothing; killed halfway, nothing is kept."""
    org = Organization.objects.get(pk=org_id)
    actor = get_user_model().objects.filter(pk=actor_id).first()
    uploads = list(ImportUpload.objects.filter(organization=org, batch=batch))
    if not uploads:
        return {"documents": 0, "note": "already imported or discarded"}
    outcomes = confirm_import(org, uploads, actor=actor, replace=replace)
    if actor is not None:
        notify(
            [actor],
            gettext_noop("后台导入完成:%(n)s 个文件"),
            {"n": len(outcomes)},
            url=reverse("organization", args=[org.pk]),
        )
    return {"documents": len(outcomes), "statuses": [o.status for o in outcomes]}

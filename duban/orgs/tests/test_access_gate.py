"""Every branch of the access gate called directly, and every loader with other
departments' and other bureaus' ids: the cases the HTTP matrix did not reach (mutants of
``if task is None: return False``, the SUBMIT branch and nine loaders survived it)."""

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from duban.orgs import access
from duban.orgs.access import Access, Action
from duban.plans.models import ImportUpload
from duban.progress import services as progress
from duban.publishing import services as publishing


def who(username):
    return get_user_model().objects.get(username=username)


@pytest.mark.parametrize("username", ["office", "jiuzhu", "leader", "city", "outsider"])
@pytest.mark.parametrize("action", [Action.REPORT, Action.SUBMIT, Action.REVIEW, Action.SUPERVISE])
def test_task_actions_on_something_without_a_task_are_refused(world, username, action):
    """A bureau is no task: no one reports, submits, reviews or presses it, not even its
    own office (the task actions need a task)."""
    acc = Access.of(who(username))
    assert acc.may(action, world.bureau) is False
    assert acc.may(action, world.elsewhere) is False


def test_submit_is_the_lead_departments_and_the_offices(world):
    shared = world.jiuzhu_task  # 社会救助科 leads
    assert Access.of(who("jiuzhu")).may(Action.SUBMIT, shared)
    assert not Access.of(who("yanglao")).may(Action.SUBMIT, shared)
    assert Access.of(who("office")).may(Action.SUBMIT, shared)
    assert not Access.of(who("leader")).may(Action.SUBMIT, shared)
    assert not Access.of(who("outsider")).may(Action.SUBMIT, shared)


def test_anonymous_reads_only_what_is_published(world, user):
    draft = publishing.compose_publication(
        world.bureau, actor=user("office"), kind="task_list", year=2023
    )
    anonymous = Access.of(AnonymousUser())
    assert not anonymous.may(Action.READ, draft) and not anonymous.may(Action.READ, world.plan)
    published = publishing.publish_publication(draft, actor=user("office"))
    assert anonymous.may(Action.READ, published)
    assert not anonymous.may(Action.PUBLISH, published)


def test_require_is_404_when_unseen_and_403_when_seen_but_not_allowed(world):
    with pytest.raises(Http404):
        Access.of(who("outsider")).require(Action.EDIT, world.plan)
    with pytest.raises(PermissionDenied):
        Access.of(who("jiuzhu")).require(Action.EDIT, world.plan)
    Access.of(who("office")).require(Action.EDIT, world.plan)  # no exception


def test_every_loader_hides_other_bureaus(world, user, period):
    report = progress.save_report(world.jiuzhu_task, period, actor=None, progress_items=["x"])
    draft = publishing.compose_publication(
        world.bureau, actor=user("office"), kind="task_list", year=2023
    )
    department = world.jiuzhu_task.lead_department
    loaders = [
        (access.organization_for, world.bureau.pk),
        (access.plan_for, world.plan.pk),
        (access.task_for, world.jiuzhu_task.pk),
        (access.report_for, report.pk),
        (access.period_for, period.pk),
        (access.publication_for, draft.pk),
        (access.department_for, department.pk),
    ]
    for loader, pk in loaders:
        assert loader(who("office"), pk).pk == pk
        for stranger in ("outsider", "other_office"):
            with pytest.raises(Http404):
                loader(who(stranger), pk)
        with pytest.raises(Http404):
            loader(who("office"), 10**9)  # an id that does not exist reads the same


def test_the_fill_in_department_and_the_import_batch(world, user, period):
    jiuzhu_dept = world.jiuzhu_task.lead_department
    yanglao_dept = world.yanglao_task.lead_department
    assert access.fill_in_department_for(who("jiuzhu"), period) == jiuzhu_dept
    with pytest.raises(Http404):  # a reporter asking for another 科室's sheet
        access.fill_in_department_for(who("jiuzhu"), period, yanglao_dept.pk)
    assert access.fill_in_department_for(who("office"), period, yanglao_dept.pk) == yanglao_dept
    with pytest.raises(Http404):  # the office must name one
        access.fill_in_department_for(who("office"), period)
    batch = uuid.uuid4()
    ImportUpload.objects.create(
        organization=world.bureau, batch=batch, name="a.txt", data=b"x", uploaded_by=who("office")
    )
    org, uploads = access.import_batch_for(who("office"), world.bureau.pk, batch)
    assert org == world.bureau and len(uploads) == 1
    for stranger, error in (("jiuzhu", PermissionDenied), ("outsider", Http404)):
        with pytest.raises(error):
            access.import_batch_for(who(stranger), world.bureau.pk, batch)
    with pytest.raises(Http404):
        access.import_batch_for(who("office"), world.bureau.pk, uuid.uuid4())


def test_the_system_page_scope(world):
    assert access.system_scope_for(who("office")) == {world.bureau.pk}
    with pytest.raises(Http404):
        access.system_scope_for(who("jiuzhu"))
    admin = get_user_model().objects.create_superuser("root", password="x-Long-pass-1")
    assert access.system_scope_for(admin) is None

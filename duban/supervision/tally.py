"""Status counts per bureau for the city and province overview, kept between requests.

Judging every task of a province takes about a second; the overview is read far more
often than one bureau's data changes. So each bureau carries a revision that every write
to its plans, tasks, targets, periods, reports or readings bumps (signals, after commit),
and a bureau's counts for a day are stored with the revision they were computed at. The
overview judges again only the bureaus whose data changed since."""

import datetime
import threading
from collections import Counter, defaultdict

from django.db import transaction
from django.db.models import F, Q
from django.db.models.signals import post_delete, post_save

from duban.orgs.models import Organization
from duban.plans.models import Plan, Target, Task
from duban.progress.models import Period, ProgressReport, Reading
from duban.supervision.board import status_codes_for
from duban.supervision.models import StatusTally

_local = threading.local()  # the rows changed by this thread's transaction


def _pending() -> dict[str, set[int]]:
    if not hasattr(_local, "pending"):
        _local.pending = defaultdict(set)
    return _local.pending


def tallies(orgs: list[Organization], day: datetime.date) -> dict[int, Counter]:
    """Status code counts of each bureau's current tasks on the day. The bureaus' revisions
    are the ones loaded with them, before any task is read, so a tally kept here can only
    be older than its data, never newer."""
    revision = {o.pk: o.revision for o in orgs}
    kept = {
        t.organization_id: Counter(t.counts)
        for t in StatusTally.objects.filter(organization__in=orgs, day=day)
        if t.revision == revision[t.organization_id]
    }
    stale = [o for o in orgs if o.pk not in kept]
    if stale:
        fresh = {o.pk: Counter() for o in stale}
        for org_id, codes in status_codes_for(stale, day).items():
            fresh[org_id].update(codes)
        StatusTally.objects.bulk_create(
            [
                StatusTally(organization_id=pk, day=day, revision=revision[pk], counts=dict(c))
                for pk, c in fresh.items()
            ],
            update_conflicts=True,
            unique_fields=["organization", "day"],
            update_fields=["revision", "counts", "computed_at"],
        )
        kept.update(fresh)
    return kept


def bump(*, orgs=(), plans=(), tasks=(), targets=()) -> None:
    """Mark the bureaus owning these rows as changed, once the transaction commits."""
    pending = _pending()
    for kind, ids in (("org", orgs), ("plan", plans), ("task", tasks), ("target", targets)):
        pending[kind].update(i for i in ids if i is not None)
    transaction.on_commit(_flush)


def _flush() -> None:
    pending = _pending()
    if not pending:
        return  # an earlier callback of the same transaction did it
    _local.pending = defaultdict(set)
    owners = (
        Q(pk__in=pending["org"])
        | Q(plans__in=pending["plan"])
        | Q(plans__tasks__in=pending["task"])
        | Q(plans__tasks__targets__in=pending["target"])
    )
    changed = Organization.objects.filter(owners).values("pk")
    Organization.objects.filter(pk__in=changed).update(revision=F("revision") + 1)


def _on_change(sender, instance, **kwargs):
    if sender is Organization:
        if not kwargs.get("created"):
            bump(orgs=[instance.pk])
    elif sender is Plan:
        bump(orgs=[instance.organization_id])
    elif sender in (Task, Period):
        bump(plans=[instance.plan_id])
    elif sender in (Target, ProgressReport):
        bump(tasks=[instance.task_id])
    elif sender is Reading:
        bump(targets=[instance.target_id])


def connect() -> None:
    for model in (Organization, Plan, Task, Period, Target, ProgressReport, Reading):
        post_save.connect(_on_change, sender=model, dispatch_uid=f"tally-{model.__name__}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"tally-del-{model.__name__}")

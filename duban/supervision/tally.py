"""Status counts per bureau for the city and province overview, kept between requests.

Judging every task of a province takes about a second; the overview is read far more
often than one bureau's data changes. So each bureau carries a revision that every write
to its plans, tasks, targets, periods, reports or readings bumps (signals, after commit),
and a bureau's counts for a day are stored with the revision they were computed at. The
overview judges again only the bureaus whose data changed since."""

import datetime
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django_tasks import task

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


@dataclass
class Tally:
    counts: Counter
    day: datetime.date | None  # the day the counts are of; None: never counted yet
    fresh: bool  # False: the bureau changed since (or another day): shown as of ``day``


def tallies(
    orgs: list[Organization], day: datetime.date, budget_ms: float | None = None
) -> dict[int, Tally]:
    """Status code counts of each bureau's current tasks on the day. The bureaus' revisions
    are the ones loaded with them, before any task is read, so a tally kept here can only
    be older than its data, never newer.

    Bureaus whose counts are stale are judged here, in batches, until ``budget_ms`` is
    spent (None: all of them); the rest keep their last counts, marked as of the day they
    are of, and are left to the worker (``refresh``): a page over thousands of bureaus
    answers in bounded time even on the morning every bureau changed."""
    revision = {o.pk: o.revision for o in orgs}
    kept, old = {}, {}
    for org_id, kept_at, counts in StatusTally.objects.filter(
        organization__in=orgs, day=day
    ).values_list("organization_id", "revision", "counts"):
        shelf = kept if kept_at == revision[org_id] else old
        shelf[org_id] = Tally(Counter(counts), day, shelf is kept)
    stale = [o for o in orgs if o.pk not in kept]
    started = time.perf_counter()
    for start in range(0, len(stale), BATCH):
        if budget_ms is not None and (time.perf_counter() - started) * 1000 > budget_ms:
            break
        kept.update(_judge(stale[start : start + BATCH], day, revision))
    left = [o for o in stale if o.pk not in kept]
    if left:
        earlier = _earlier([o.pk for o in left if o.pk not in old], day)
        for o in left:
            kept[o.pk] = old.get(o.pk) or earlier.get(o.pk) or Tally(Counter(), None, False)
        _ask_worker(day)
    return kept


BATCH = 10  # bureaus judged together: few queries, and the budget looked at often


def _judge(orgs: list[Organization], day: datetime.date, revision: dict) -> dict[int, Tally]:
    fresh = {o.pk: Counter() for o in orgs}
    for org_id, codes in status_codes_for(orgs, day).items():
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
    return {pk: Tally(c, day, True) for pk, c in fresh.items()}


def _earlier(org_ids: list[int], day: datetime.date) -> dict[int, Tally]:
    """Each bureau's last counts before the day, one probe per bureau."""
    if not org_ids:
        return {}
    last = StatusTally.objects.filter(organization=OuterRef("pk"), day__lt=day).order_by("-day")
    found = Organization.objects.filter(pk__in=org_ids).annotate(
        tally=Subquery(last.values("pk")[:1])
    )
    ids = [t for t in found.values_list("tally", flat=True) if t]
    return {
        t.organization_id: Tally(Counter(t.counts), t.day, False)
        for t in StatusTally.objects.filter(pk__in=ids)
    }


def _ask_worker(day: datetime.date) -> None:
    """Have the worker judge what a page left; not when tasks run inline (the page would
    wait for them after all), and not again while one such request is pending."""
    from django.conf import settings

    if settings.TASK_QUEUE != "database":
        return
    if cache.add(f"tally-refresh:{day:%Y-%m-%d}", 1, timeout=300):
        refresh_tallies_task.enqueue(day=f"{day:%Y-%m-%d}")


def refresh(day: datetime.date, orgs: list[Organization] | None = None) -> int:
    """Judge every bureau (or those given) whose counts for the day are missing or stale:
    the worker's nightly round and what pages leave to it; returns how many were judged."""
    orgs = list(Organization.objects.all() if orgs is None else orgs)
    revision = {o.pk: o.revision for o in orgs}
    current = set(
        StatusTally.objects.filter(organization__in=orgs, day=day).values_list(
            "organization_id", "revision"
        )
    )
    stale = [o for o in orgs if (o.pk, o.revision) not in current]
    for start in range(0, len(stale), BATCH):
        _judge(stale[start : start + BATCH], day, revision)
    return len(stale)


@task()
def refresh_tallies_task(day: str | None = None) -> int:
    """The nightly round (`duban tally`, a timer) and the rest a page left: every bureau's
    counts for the day judged again where its data changed."""
    return refresh(datetime.date.fromisoformat(day) if day else timezone.localdate())


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

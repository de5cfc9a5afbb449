"""The facts the status engine needs, for every task of a bureau or of many bureaus, in a
fixed number of queries whatever the number of tasks. The database does the heavy part
(the latest reading of each target up to the day, one index probe each); the rules stay in
the pure engine of ``status.py``, so the wall and the superior pages cannot disagree."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from duban.orgs.models import Organization
from duban.plans.models import Plan, Target, Task, TaskDepartment
from duban.progress.models import Period, ProgressReport, Reading, ReportState
from duban.supervision.status import (
    PeriodFacts,
    Status,
    TargetFacts,
    TaskFacts,
    Tolerances,
    measure,
    status_of,
    weighted_completion,
)

REPORTED = {ReportState.SUBMITTED, ReportState.APPROVED}
ONE = Decimal(1)


@dataclass
class TaskStatus:
    task: Task
    status: Status


def tolerances_of(org: Organization) -> Tolerances:
    return Tolerances(Decimal(org.lag_tolerance), Decimal(org.severe_lag_tolerance))


def plans_in(orgs, day: datetime.date, plans=None, current_only=False) -> QuerySet:
    """The plans whose tasks are judged: the bureaus' own, or the ones given; with
    ``current_only`` those whose year covers the day."""
    scope = Plan.objects.issued().filter(organization__in=orgs)
    if plans is not None:
        scope = scope.filter(pk__in=[p.pk for p in plans])
    if current_only:
        scope = scope.filter(starts_on__lte=day, ends_on__gte=day)
    return scope


def bureau_statuses(org: Organization, day: datetime.date, plans=None) -> list[TaskStatus]:
    return statuses_for([org], day, plans).get(org.pk, [])


def statuses_for(
    orgs: list[Organization], day: datetime.date, plans=None, current_only=False
) -> dict[int, list[TaskStatus]]:
    """Every top-level task with its status, by bureau, with what a wall shows of it."""
    scope = plans_in(orgs, day, plans, current_only)
    tasks = list(
        Task.objects.filter(plan__in=scope, parent=None)
        .select_related("plan", "section", "business_line")
        .prefetch_related(
            "leaders",
            Prefetch("department_links", TaskDepartment.objects.select_related("department")),
        )
        .order_by("plan__year", "plan_id", "section__order", "order")
    )
    judgement = _judged(orgs, scope, day)
    result: dict[int, list[TaskStatus]] = {}
    for task in tasks:
        org_id, status = judgement[task.pk]
        result.setdefault(org_id, []).append(TaskStatus(task, status))
    return result


def status_codes_for(
    orgs: list[Organization], day: datetime.date, current_only=True
) -> dict[int, list[str]]:
    """Only the status codes of every top-level task, by bureau: what a city or province
    overview counts, without loading the tasks themselves."""
    scope = plans_in(orgs, day, current_only=current_only)
    result: dict[int, list[str]] = {}
    for org_id, status in _judged(orgs, scope, day).values():
        result.setdefault(org_id, []).append(status.code)
    return result


def status_codes_by_task(orgs: list[Organization], day: datetime.date) -> dict[int, str]:
    """Each top-level task of every plan of the bureaus with its status code on the day."""
    judged = _judged(orgs, plans_in(orgs, day), day)
    return {pk: status.code for pk, (_org_id, status) in judged.items()}


def _judged(orgs, plans: QuerySet, day: datetime.date) -> dict[int, tuple[int, Status]]:
    """Each top-level task's bureau and status, by the bureau's own tolerances."""
    tolerance_of = {org.pk: tolerances_of(org) for org in orgs}
    return {
        pk: (org_id, status_of(facts, day, tolerance_of[org_id]))
        for pk, (org_id, facts) in facts_for(plans, day).items()
    }


def task_completion(task: Task, day: datetime.date) -> Decimal | None:
    """A task's completion by the readings up to the day, as its wall row shows it."""
    _, facts = facts_for(Plan.objects.filter(pk=task.plan_id), day, only=task.pk)[task.pk]
    return weighted_completion(measure(facts.targets))


def facts_for(
    plans: QuerySet, day: datetime.date, only: int | list[int] | QuerySet | None = None
) -> dict[int, tuple[int, TaskFacts]]:
    """The bureau and TaskFacts of every top-level task of the plans (or ``only`` the one
    or the ones given), as of the day, in five queries (seven with ``only``)."""
    if only is None:
        task_sets = [Task.objects.filter(plan__in=plans)]
        target_sets = [Target.objects.filter(task__plan__in=plans)]
        reports = ProgressReport.objects.filter(task__plan__in=plans, task__parent=None)
    else:
        # the tasks given (ids, or a subquery of ids: thousands of them cost less as a
        # subquery than as parameters) and their sub-items as separate sets, so that every
        # query probes an index: by the plans, or with an OR of task and parent, the
        # database would read every task of the plans
        top_ids = [only] if isinstance(only, int) else only
        task_sets = [Task.objects.filter(pk__in=top_ids), Task.objects.filter(parent__in=top_ids)]
        target_sets = [
            Target.objects.filter(task__in=top_ids),
            Target.objects.filter(task__parent__in=top_ids),
        ]
        reports = ProgressReport.objects.filter(task__in=top_ids)
    top = {}
    parent_of: dict[int, tuple[int, Decimal]] = {}
    for tasks in task_sets:
        for (
            pk, parent_id, weight, deadline, plan_id, org_id, starts_on, ends_on, closed_on,
            reason,
        ) in tasks.values_list(
            "id", "parent_id", "weight", "deadline", "plan_id", "plan__organization_id",
            "plan__starts_on", "plan__ends_on", "closed_on", "close_reason",
        ):  # fmt: skip
            if parent_id is None:
                top[pk] = (plan_id, org_id, starts_on, deadline or ends_on, closed_on, reason)
            else:
                parent_of[pk] = (parent_id, weight)
    latest = Reading.objects.filter(target=OuterRef("pk"), as_of__lte=day).order_by("-as_of", "-id")
    targets = [
        row
        for target_set in target_sets
        for row in target_set.annotate(latest=Subquery(latest.values("value")[:1])).values_list(
            "task_id", "name", "comparator", "value", "latest"
        )
    ]
    by_task: dict[int, list[tuple]] = defaultdict(list)
    for task_id, *rest in targets:
        by_task[task_id].append(rest)
    target_facts: dict[int, list[TargetFacts]] = defaultdict(list)
    for task_id, rows in by_task.items():
        owner, weight = parent_of.get(task_id, (task_id, ONE))
        share = weight / len(rows) if len(rows) > 1 else weight
        for name, comparator, value, reading in rows:
            target_facts[owner].append(TargetFacts(name, comparator, value, reading, share))
    periods_of: dict[int, list[tuple]] = defaultdict(list)
    for row in (
        Period.objects.filter(plan__in=plans, starts_on__lte=day)
        .order_by("ends_on")
        .values_list("plan_id", "id", "code", "ends_on", "due_on")
    ):
        periods_of[row[0]].append(row[1:])
    reports = {
        (task_id, period_id): (state, self_status)
        for task_id, period_id, state, self_status in reports.filter(
            period__starts_on__lte=day
        ).values_list("task_id", "period_id", "state", "self_status")
    }
    facts = {}
    for pk, (plan_id, org_id, starts_on, due_on, closed_on, reason) in top.items():
        period_facts = []
        for period_id, code, ends_on, due in periods_of[plan_id]:
            state, self_status = reports.get((pk, period_id), (None, None))
            assessed = self_status if state == ReportState.APPROVED else None
            period_facts.append(PeriodFacts(code, ends_on, due, state in REPORTED, assessed))
        facts[pk] = (
            org_id,
            TaskFacts(starts_on, due_on, target_facts[pk], period_facts, closed_on, reason),
        )
    return facts

"""The facts the status engine needs, for every task of a bureau, in a fixed number of
queries whatever the number of tasks."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q

from duban.orgs.models import Organization
from duban.plans.models import Target, Task, TaskDepartment
from duban.progress.models import Period, ProgressReport, Reading, ReportState
from duban.supervision.status import (
    PeriodFacts,
    Status,
    TargetFacts,
    TaskFacts,
    Tolerances,
    status_of,
)

REPORTED = {ReportState.SUBMITTED, ReportState.APPROVED}


@dataclass
class TaskStatus:
    task: Task
    status: Status


def tolerances_of(org: Organization) -> Tolerances:
    return Tolerances(Decimal(org.lag_tolerance), Decimal(org.severe_lag_tolerance))


def bureau_statuses(org: Organization, day: datetime.date, plans=None) -> list[TaskStatus]:
    return statuses_for([org], day, plans).get(org.pk, [])


def statuses_for(
    orgs: list[Organization], day: datetime.date, plans=None, current_only=False
) -> dict[int, list[TaskStatus]]:
    """Statuses of the tasks of several bureaus at once (the same queries for one or many);
    ``current_only`` keeps the plans whose year covers the day."""
    scope = Task.objects.filter(plan__organization__in=orgs, parent=None)
    if plans is not None:
        scope = scope.filter(plan__in=plans)
    if current_only:
        scope = scope.filter(plan__starts_on__lte=day, plan__ends_on__gte=day)
    tasks = list(
        scope.select_related("plan", "section", "business_line")
        .prefetch_related(
            "leaders",
            Prefetch("department_links", TaskDepartment.objects.select_related("department")),
        )
        .order_by("plan__year", "plan_id", "section__order", "order")
    )
    ids = [t.pk for t in tasks]
    children = {}
    for child in Task.objects.filter(parent__in=ids).only("id", "parent_id", "weight"):
        children[child.pk] = child
    targets = list(
        Target.objects.filter(Q(task__in=ids) | Q(task__parent__in=ids)).only(
            "id", "task_id", "name", "comparator", "value"
        )
    )
    latest: dict[int, Decimal] = {}
    for target_id, value in (
        Reading.objects.filter(target__in=targets, as_of__lte=day)
        .order_by("as_of", "id")
        .values_list("target_id", "value")
    ):
        latest[target_id] = value
    per_owner: dict[int, int] = {}
    for target in targets:
        per_owner[target.task_id] = per_owner.get(target.task_id, 0) + 1
    facts_targets: dict[int, list[TargetFacts]] = {}
    for target in targets:
        child = children.get(target.task_id)
        owner = child.parent_id if child else target.task_id
        weight = (child.weight if child else Decimal(1)) / per_owner[target.task_id]
        facts_targets.setdefault(owner, []).append(
            TargetFacts(target.name, target.comparator, target.value, latest.get(target.pk), weight)
        )
    periods = list(Period.objects.filter(plan__in={t.plan_id for t in tasks}))
    reports = {
        (r.task_id, r.period_id): r
        for r in ProgressReport.objects.filter(task__in=ids, period__in=periods).only(
            "task_id", "period_id", "state", "self_status"
        )
    }
    tolerance_of = {org.pk: tolerances_of(org) for org in orgs}
    result: dict[int, list[TaskStatus]] = {}
    for task in tasks:
        period_facts = []
        for period in periods:
            if period.plan_id != task.plan_id or period.starts_on > day:
                continue
            report = reports.get((task.pk, period.pk))
            approved = report is not None and report.state == ReportState.APPROVED
            period_facts.append(
                PeriodFacts(
                    period.code,
                    period.ends_on,
                    period.due_on,
                    report is not None and report.state in REPORTED,
                    report.self_status if approved else None,
                )
            )
        period_facts.sort(key=lambda p: p.ends_on)
        facts = TaskFacts(
            starts_on=task.plan.starts_on,
            due_on=task.deadline or task.plan.ends_on,
            targets=facts_targets.get(task.pk, []),
            periods=period_facts,
        )
        org_id = task.plan.organization_id
        status = status_of(facts, day, tolerance_of[org_id])
        result.setdefault(org_id, []).append(TaskStatus(task, status))
    return result

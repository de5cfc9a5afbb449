"""How a task handed down is doing, bureau by bureau, by the same status engine and the
same figures as each bureau's own wall; and the issuer's own status of it.

The issuer's completion is the mean of the accepted tasks' completions, each bureau
weighing the same (a province does not rank its cities by size); a bureau that has not
accepted, or has nothing measured, is listed but not averaged; one that measured nothing
itself but handed the task further down counts with the mean of its bureaus below. The
issuer's status is the engine's rule applied to that completion against the
assignment's 序时进度 (from the day it was issued to its due date), with the issuer's own
tolerances; with nothing measured anywhere it is 无进展数据, never green.

A bureau that handed its accepted task further down (分解 again) has the roll-up of that
assignment under its row, so a province sees the whole tree; each level costs the same
few queries whatever the number of bureaus on it."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from duban.assignments.models import Assignment, Receipt, ReceiptState
from duban.plans.models import Plan, Task
from duban.progress.models import ProgressReport, Reading, ReportState
from duban.supervision.board import facts_for, tolerances_of
from duban.supervision.status import Status, TargetFacts, TaskFacts, status_of


@dataclass
class BureauRow:
    receipt: Receipt
    status: Status | None  # None: not accepted
    readings: list[tuple[str, Decimal, str, datetime.date]] = field(default_factory=list)
    progress: tuple[str, list[str]] | None = None  # the last approved report: period, items
    below: list["Rollup"] = field(default_factory=list)  # handed further down

    @property
    def completion(self) -> Decimal | None:
        """The bureau's own measured completion; a bureau that measured nothing itself but
        handed the task down counts with the mean of what its bureaus below measured."""
        if self.status is not None and self.status.completion is not None:
            return self.status.completion
        below = [r.status.completion for r in self.below if r.status.completion is not None]
        return sum(below) / len(below) if below else None

    @property
    def from_below(self) -> bool:
        return self.completion is not None and (
            self.status is None or self.status.completion is None
        )


@dataclass
class Rollup:
    assignment: Assignment
    day: datetime.date
    rows: list[BureauRow]
    status: Status

    @property
    def not_accepted(self) -> list[Receipt]:
        return [r.receipt for r in self.rows if r.receipt.state != ReceiptState.ACCEPTED]


def rollup(assignment: Assignment, day: datetime.date, depth: int = 3) -> Rollup:
    return rollups([assignment], day, depth)[0]


def rollups(assignments: list[Assignment], day: datetime.date, depth: int = 3) -> list[Rollup]:
    """The roll-ups of several assignments at once (one level of the tree), in a fixed
    number of queries; ``depth`` levels below are followed."""
    by_id = {a.pk: a for a in assignments}
    receipts = list(
        Receipt.objects.filter(assignment__in=assignments)
        .select_related("organization")
        .order_by("organization__name")
    )
    for receipt in receipts:
        receipt.assignment = by_id[receipt.assignment_id]
    accepted = [r for r in receipts if r.state == ReceiptState.ACCEPTED and r.task_id]
    # the accepted tasks as a subquery: thousands of ids cost more as parameters
    task_ids = Receipt.objects.filter(
        assignment__in=[a.pk for a in assignments],
        state=ReceiptState.ACCEPTED,
        task__isnull=False,
    ).values("task_id")
    plans = Plan.objects.filter(pk__in=Task.objects.filter(pk__in=task_ids).values("plan_id"))
    facts = facts_for(plans, day, only=task_ids) if accepted else {}
    latest = _latest_readings(task_ids, day) if accepted else {}
    progress = _last_approved(task_ids, day) if accepted else {}
    below: dict[int, list[Rollup]] = {}
    if depth > 0 and accepted:
        children = list(
            Assignment.objects.filter(source_task__in=task_ids).select_related("issuer")
        )
        for child in rollups(children, day, depth - 1) if children else []:
            below.setdefault(child.assignment.source_task_id, []).append(child)
    rows: dict[int, list[BureauRow]] = {a.pk: [] for a in assignments}
    for receipt in receipts:
        status = None
        if receipt.task_id in facts:
            _org_id, task_facts = facts[receipt.task_id]
            status = status_of(task_facts, day, tolerances_of(receipt.organization))
        rows[receipt.assignment_id].append(
            BureauRow(
                receipt,
                status,
                latest.get(receipt.task_id, []),
                progress.get(receipt.task_id),
                below.get(receipt.task_id, []) if receipt.task_id else [],
            )
        )
    return [Rollup(a, day, rows[a.pk], _overall(a, rows[a.pk], day)) for a in assignments]


def _last_approved(task_ids, day: datetime.date) -> dict[int, tuple[str, list[str]]]:
    """Each task's last approved progress report of a period begun by the day: its period
    and what it says."""
    found = {}
    for task_id, code, items in (
        ProgressReport.objects.filter(
            task__in=task_ids, state=ReportState.APPROVED, period__starts_on__lte=day
        )
        .order_by("period__ends_on", "id")
        .values_list("task_id", "period__code", "progress_items")
    ):
        found[task_id] = (code, list(items or []))
    return found


def _overall(assignment: Assignment, rows: list[BureauRow], day: datetime.date) -> Status:
    measured = [r.completion for r in rows if r.completion is not None]
    started = timezone.localdate(assignment.created_at)
    mean = sum(measured) / len(measured) if measured else None
    value = Decimal(100)
    target = TargetFacts("roll-up", ">=", value, mean)
    facts = TaskFacts(started, assignment.due_on, [target] if mean is not None else [], [])
    return status_of(facts, day, tolerances_of(assignment.issuer))


def _latest_readings(task_ids, day: datetime.date) -> dict[int, list]:
    """Each accepted task's latest reading per target up to the day, in one query."""
    found: dict[int, dict[int, tuple]] = {}
    rows = (
        Reading.objects.filter(target__task__in=task_ids, as_of__lte=day)
        .order_by("as_of", "id")
        .values_list(
            "target__task_id", "target_id", "target__name", "value", "target__unit", "as_of"
        )
    )
    for task_id, target_id, name, value, unit, as_of in rows:
        found.setdefault(task_id, {})[target_id] = (name, value, unit, as_of)
    return {task_id: list(by_target.values()) for task_id, by_target in found.items()}

"""How a task handed down is doing, bureau by bureau, by the same status engine and the
same figures as each bureau's own wall; and the issuer's own status of it.

The issuer's completion is the mean of the accepted tasks' completions, each bureau
weighing the same (a province does not rank its cities by size); a bureau that has not
accepted, or has nothing measured, is listed but not averaged. The issuer's status is
the engine's rule applied to that completion against the assignment's 序时进度 (from the
day it was issued to its due date), with the issuer's own tolerances; with nothing
measured anywhere it is 无进展数据, never green."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from duban.assignments.models import Assignment, Receipt, ReceiptState
from duban.plans.models import Plan
from duban.progress.models import Reading
from duban.supervision.board import facts_for, tolerances_of
from duban.supervision.status import Status, TargetFacts, TaskFacts, status_of


@dataclass
class BureauRow:
    receipt: Receipt
    status: Status | None  # None: not accepted
    readings: list[tuple[str, Decimal, str, datetime.date]] = field(default_factory=list)


@dataclass
class Rollup:
    assignment: Assignment
    day: datetime.date
    rows: list[BureauRow]
    status: Status

    @property
    def not_accepted(self) -> list[Receipt]:
        return [r.receipt for r in self.rows if r.receipt.state != ReceiptState.ACCEPTED]


def rollup(assignment: Assignment, day: datetime.date) -> Rollup:
    receipts = list(
        assignment.receipts.select_related("organization", "task").order_by("organization__name")
    )
    accepted = [r for r in receipts if r.state == ReceiptState.ACCEPTED and r.task_id]
    task_ids = [r.task_id for r in accepted]
    plan_ids = {r.task.plan_id for r in accepted}
    facts = facts_for(Plan.objects.filter(pk__in=plan_ids), day, only=task_ids) if task_ids else {}
    latest = _latest_readings(task_ids, day)
    rows = []
    for receipt in receipts:
        status = None
        if receipt in accepted and receipt.task_id in facts:
            _org_id, task_facts = facts[receipt.task_id]
            status = status_of(task_facts, day, tolerances_of(receipt.organization))
        rows.append(BureauRow(receipt, status, latest.get(receipt.task_id, [])))
    return Rollup(assignment, day, rows, _overall(assignment, rows, day))


def _overall(assignment: Assignment, rows: list[BureauRow], day: datetime.date) -> Status:
    measured = [r.status.completion for r in rows if r.status and r.status.completion is not None]
    started = timezone.localdate(assignment.created_at)
    mean = sum(measured) / len(measured) if measured else None
    value = Decimal(100)
    target = TargetFacts("roll-up", ">=", value, mean)
    facts = TaskFacts(started, assignment.due_on, [target] if mean is not None else [], [])
    return status_of(facts, day, tolerances_of(assignment.issuer))


def _latest_readings(task_ids: list[int], day: datetime.date) -> dict[int, list]:
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

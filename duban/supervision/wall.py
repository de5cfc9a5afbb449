"""The progress wall (挂图晾晒) of a bureau: statuses, filters, counts, rankings, charts."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from duban.orgs.models import Organization
from duban.plans.models import Plan
from duban.progress.models import Period, ProgressReport, ReportState
from duban.supervision.board import TaskStatus, bureau_statuses
from duban.supervision.status import CLOSED, LABELS

FILTERS = ("line", "department", "leader", "section", "status")


@dataclass
class Wall:
    org: Organization
    day: datetime.date
    plan: Plan | None
    plans: list[Plan]
    rows: list[TaskStatus]
    shown: list[TaskStatus]
    choices: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    counts: list[tuple[str, str, int]] = field(default_factory=list)
    ranking: list[dict] = field(default_factory=list)
    by_line: list[tuple[str, float]] = field(default_factory=list)


def _keys(row: TaskStatus) -> dict[str, set[str]]:
    task = row.task
    return {
        "line": {task.business_line.name} if task.business_line else set(),
        "department": {link.department.name for link in task.department_links.all()},
        "leader": {person.name for person in task.leaders.all()},
        "section": {task.section.title} if task.section else set(),
        "status": {row.status.code},
    }


def build_wall(org: Organization, day: datetime.date, filters: dict, plan_id=None) -> Wall:
    plans = list(
        org.plans.issued().annotate(source_kind=F("source__kind")).order_by("-year", "title")
    )
    plan = next((p for p in plans if str(p.pk) == str(plan_id)), None)
    if plan is None:
        plan = default_plan(plans, day)
    rows = bureau_statuses(org, day, plans=[plan] if plan else [])
    keyed = [(row, _keys(row)) for row in rows]
    shown = [
        row
        for row, keys in keyed
        if all(not filters.get(f) or filters[f] in keys[f] for f in FILTERS)
    ]
    wall = Wall(org, day, plan, plans, rows, shown)
    for name in FILTERS:
        values = sorted({v for _, keys in keyed for v in keys[name]})
        labels = LABELS if name == "status" else {}
        wall.choices[name] = [(v, labels.get(v, v)) for v in values]
    wall.counts = [
        (code, label, sum(1 for r in shown if r.status.code == code))
        for code, label in LABELS.items()
    ]
    wall.ranking = _ranking(shown, day)
    wall.by_line = _by_line(shown)
    return wall


KEY_TASK_KINDS = {None, "task_list", "progress_table"}  # None: built in the site


def default_plan(plans: list[Plan], day: datetime.date) -> Plan | None:
    """The bureau's key-task list in force on the day: a list or progress table, not the
    plans read from a summary; else the latest plan."""
    current = [p for p in plans if p.starts_on <= day <= p.ends_on]
    for candidates in (
        [p for p in current if getattr(p, "source_kind", None) in KEY_TASK_KINDS],
        current,
        [p for p in plans if getattr(p, "source_kind", None) in KEY_TASK_KINDS],
        plans,
    ):
        if candidates:
            return candidates[0]
    return None


def _ranking(rows: list[TaskStatus], day: datetime.date) -> list[dict]:
    """Lead departments by on-time reporting, then by mean completion. Every period of a
    task's plan that was due before the day counts: a report that is due and missing is a
    late report, not one left out of the rate; one due after the task was closed does not
    count."""
    ids = [r.task.pk for r in rows]
    due = list(
        Period.objects.filter(plan__in={r.task.plan_id for r in rows}, due_on__lt=day)
        .order_by()
        .values_list("id", "plan_id", "due_on")
    )
    submitted = {
        (task_id, period_id): (state, at)
        for task_id, period_id, state, at in ProgressReport.objects.filter(
            task__in=ids, period__in=[pk for pk, _, _ in due]
        ).values_list("task_id", "period_id", "state", "submitted_at")
    }
    on_time: dict[int, list[bool]] = {}
    for row in rows:
        for period_id, plan_id, due_on in due:
            closed_on = row.task.closed_on
            if plan_id != row.task.plan_id or (closed_on is not None and due_on >= closed_on):
                continue  # a task closed before the report fell due owes none
            state, at = submitted.get((row.task.pk, period_id), (None, None))
            in_time = (
                state in (ReportState.SUBMITTED, ReportState.APPROVED)
                and at is not None
                and timezone.localdate(at) <= due_on
            )
            on_time.setdefault(row.task.pk, []).append(in_time)
    by_department: dict[str, dict] = {}
    for row in rows:
        lead = row.task.lead_department
        name = lead.name if lead else "—"
        entry = by_department.setdefault(name, {"name": name, "tasks": 0, "reports": [],
                                                "completions": []})  # fmt: skip
        entry["tasks"] += 1
        entry["reports"] += on_time.get(row.task.pk, [])
        if row.status.completion is not None and row.status.code != CLOSED:
            entry["completions"].append(row.status.completion)
    ranking = []
    for entry in by_department.values():
        reports_ = entry.pop("reports")
        completions = entry.pop("completions")
        entry["on_time"] = round(100 * sum(reports_) / len(reports_)) if reports_ else None
        entry["completion"] = (
            (sum(completions) / len(completions)).quantize(Decimal("0.1")) if completions else None
        )
        ranking.append(entry)

    def unknown_last(value):
        return -1 if value is None else value

    ranking.sort(
        key=lambda e: (-unknown_last(e["on_time"]), -unknown_last(e["completion"]), e["name"])
    )
    return ranking


def _by_line(rows: list[TaskStatus]) -> list[tuple[str, float]]:
    sums: dict[str, list[Decimal]] = {}
    for row in rows:
        if row.status.completion is None or row.status.code == CLOSED:
            continue  # a closed task is no longer measured against its plan
        line = str(row.task.business_line) if row.task.business_line else gettext("其他")
        sums.setdefault(line, []).append(min(row.status.completion, Decimal(200)))
    return [(line, float(sum(v) / len(v))) for line, v in sorted(sums.items())]

"""What the reporting pages show: a department's work list, a leader's queue, the
office's view of a period, what changed since the last period, and roll-up."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duban.orgs.access import Access
from duban.plans.models import Task, TaskDepartment
from duban.progress.models import Period, ProgressReport, ReportState

DONE_STATES = {ReportState.SUBMITTED, ReportState.APPROVED}


def _tasks():
    return (
        Task.objects.filter(parent=None)
        .select_related("plan__organization", "section", "business_line")
        .prefetch_related(
            "leaders",
            Prefetch("department_links", TaskDepartment.objects.select_related("department")),
        )
    )


@dataclass
class Row:
    task: Task
    period: Period
    report: ProgressReport | None
    late: bool = False
    lead: str = ""


def _rows(tasks, periods) -> list[Row]:
    reports = {
        (r.task_id, r.period_id): r
        for r in ProgressReport.objects.filter(
            task__in=[t.pk for t in tasks], period__in=[p.pk for p in periods]
        )
    }
    today = timezone.localdate()
    rows = []
    for period in periods:
        for task in tasks:
            if task.plan_id != period.plan_id:
                continue
            report = reports.get((task.pk, period.pk))
            if report is None and not task.owes_report_due(period.due_on):
                continue  # closed before the report fell due
            state = report.state if report else None
            rows.append(
                Row(
                    task=task,
                    period=period,
                    report=report,
                    late=state not in DONE_STATES and today > period.due_on,
                    lead=task.lead_department.name if task.lead_department else "",
                )
            )
    return rows


def work_for_reporter(user) -> list[Row]:
    """Tasks the user's departments answer for (as lead or co-responsible), in open periods."""
    acc = Access.of(user)
    departments = acc.reporter_department_ids
    if not departments:
        return []
    tasks = list(_tasks().filter(department_links__department_id__in=departments).distinct())
    periods = Period.objects.filter(plan__in={t.plan_id for t in tasks}, is_open=True)
    return _rows(tasks, list(periods.order_by("due_on")))


def queue_for_leader(user) -> list[ProgressReport]:
    """Submitted reports of the tasks this leader leads (or whose parent they lead)."""
    acc = Access.of(user)
    if acc.person_id is None:
        return []
    return list(
        ProgressReport.objects.filter(state=ReportState.SUBMITTED)
        .filter(Q(task__leaders=acc.person_id) | Q(task__parent__leaders=acc.person_id))
        .filter(task__plan__organization_id__in=acc.leader_org_ids)
        .select_related("task__plan", "period", "submitted_by")
        .distinct()
        .order_by("period__due_on", "task__order")
    )


@dataclass
class PeriodOverview:
    period: Period
    rows: list[Row]
    counts: dict[str, int] = field(default_factory=dict)
    departments: list[tuple[str, int, int, int]] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return bool(self.rows) and all(
            r.report is not None and r.report.state == ReportState.APPROVED for r in self.rows
        )


def period_overview(period: Period) -> PeriodOverview:
    tasks = list(_tasks().filter(plan=period.plan).order_by("section__order", "order"))
    rows = _rows(tasks, [period])
    counts = {"total": len(rows), "late": sum(r.late for r in rows)}
    for state in ReportState:
        counts[state.value] = sum(1 for r in rows if r.report and r.report.state == state)
    counts["missing"] = sum(1 for r in rows if r.report is None)
    by_department: dict[str, list[Row]] = {}
    for row in rows:
        by_department.setdefault(row.lead or "—", []).append(row)
    departments = [
        (
            name,
            len(items),
            sum(1 for r in items if r.report and r.report.state in DONE_STATES),
            sum(r.late for r in items),
        )
        for name, items in sorted(by_department.items())
    ]
    return PeriodOverview(period, rows, counts, departments)


@dataclass
class ItemDiff:
    label: str
    added: list[str]
    removed: list[str]


def changes_since_last_period(report: ProgressReport) -> dict:
    """Items and readings of this report against the report of the period before."""
    previous = (
        ProgressReport.objects.filter(task=report.task, period__ends_on__lt=report.period.starts_on)
        .select_related("period")
        .order_by("-period__ends_on")
        .first()
    )
    items = []
    for name, label in (("plan_items", _("季度安排")), ("progress_items", _("季度进展"))):
        now, before = getattr(report, name), getattr(previous, name) if previous else []
        items.append(
            ItemDiff(
                label, [i for i in now if i not in before], [i for i in before if i not in now]
            )
        )
    old = {r.target_id: r.value for r in previous.readings.all()} if previous else {}
    readings = [
        (r.target, old.get(r.target_id), r.value)
        for r in report.readings.select_related("target").order_by("target_id")
    ]
    return {"previous": previous, "items": items, "readings": readings}


def previous_readings(targets, period) -> dict:
    """Each target's latest reading dated before the period: what the reporter compares
    this period's figure with. One query, whatever the number of targets."""
    from duban.progress.models import Reading

    found = {}
    for reading in (
        Reading.objects.filter(target__in=targets, as_of__lt=period.starts_on)
        .select_related("report__period")
        .order_by("target_id", "-as_of", "-id")
    ):
        found.setdefault(reading.target_id, reading)
    return found

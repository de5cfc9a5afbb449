"""Periods and the report workflow: draft → submitted → approved | returned."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from duban import refusal
from duban.audit import stamp
from duban.orgs.access import Access, Action
from duban.plans.models import Plan, PlanState, Target, Task
from duban.progress.models import (
    Period,
    PeriodKind,
    ProgressReport,
    Reading,
    ReportState,
    SelfStatus,
)
from duban.progress.periods import parse_period_code
from duban.progress.reminders import notify_returned
from duban.refusal import refused

EDITABLE_STATES = {ReportState.DRAFT, ReportState.RETURNED}


@transaction.atomic
def open_period(plan: Plan, *, actor, code: str, due_on: datetime.date | None = None) -> Period:
    """Open a reporting period by its code (2023Q3, 2023H1, 2023, 2023-08)."""
    Access.of(actor).require(Action.EDIT, plan)
    if plan.state != PlanState.IN_FORCE:
        raise refused("plan_not_in_force", _("清单下发后才能开放报告期"))
    kind, starts_on, ends_on = parse_period_code(code)
    period, created = Period.objects.get_or_create(
        plan=plan,
        code=code,
        defaults={
            "kind": kind,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "due_on": due_on or ends_on + datetime.timedelta(days=10),
        },
    )
    if not created and not period.is_open:
        period.is_open = True
        period.save(update_fields=["is_open"])
    return period


@transaction.atomic
def set_period_open(period: Period, *, actor, is_open: bool, due_on=None) -> Period:
    """Close a period, reopen it, or move its due date; the office only."""
    Access.of(actor).require(Action.EDIT, period.plan)
    period.is_open = is_open
    if due_on is not None:
        period.due_on = due_on
    period.save(update_fields=["is_open", "due_on"])
    return period


class StaleReport(ValidationError):
    """Someone saved the report after this editor opened it: nothing was overwritten."""

    def __init__(self, current: ProgressReport):
        super().__init__(
            _("此报告已被他人修改(当前为第 %(version)s 版),您的修改未保存;请对照后重新提交"),
            code="stale_version",
            params={"version": current.version},
        )
        self.current = current


@transaction.atomic
def save_report(
    task: Task,
    period: Period,
    *,
    actor,
    plan_items: list[str] | None = None,
    progress_items: list[str] | None = None,
    self_status: SelfStatus | str | None = None,
    lag_reason: str | None = None,
    readings: dict[int, tuple] | None = None,
    expected_version: int | None = None,
) -> ProgressReport:
    """Create or update the draft report of a task for a period.

    ``readings`` maps target ids to (value, as_of); ``expected_version`` is the version
    the editor started from: if the stored report is newer, StaleReport is raised."""
    acc = Access.of(actor)
    acc.require(Action.REPORT, task)
    if period.plan_id != task.plan_id:
        raise refused("foreign_period", _("报告期不属于该任务所在的任务清单"))
    may_amend = acc.may(Action.AMEND, task)
    if not period.is_open and not may_amend:
        raise refused("period_closed", _("报告期 %(period)s 已关闭填报"), period=period.code)
    report = ProgressReport.objects.select_for_update().filter(task=task, period=period).first()
    created = report is None
    if created:  # saved once below, so its history starts with what was written
        report = ProgressReport(task=task, period=period)
    if expected_version is not None and not created and report.version != expected_version:
        raise StaleReport(report)
    if report.state not in EDITABLE_STATES and not may_amend:
        raise refused(
            "report_locked",
            _("报告已%(state)s,不能再修改"),
            state=ReportState(report.state).label,
        )
    if plan_items is not None:
        report.plan_items = _items(plan_items, _("季度安排"))
    if progress_items is not None:
        report.progress_items = _items(progress_items, _("季度进展"))
    if self_status is not None:
        report.self_status = self_status
    if lag_reason is not None:
        report.lag_reason = refusal.text(lag_reason, label=_("滞后原因")).strip()
    if report.self_status == SelfStatus.LAGGING and not report.lag_reason:
        raise refused("lag_reason_required", _("自评为“滞后”时须填写滞后原因"))
    if not created:
        report.version += 1
    try:
        with transaction.atomic():
            stamp(report, actor).save()
    except IntegrityError:  # someone created the same report a moment ago
        raise refused("report_exists", _("此报告刚被他人创建,请刷新页面后再保存")) from None
    if readings:
        _save_readings(report, readings, actor)
    return report


@transaction.atomic
def create_report(task: Task, period: Period, *, actor, **fields) -> ProgressReport:
    """A new report of the task for the period; refused when there is one already (a
    client that means to change it must say which version it read)."""
    Access.of(actor).require(Action.REPORT, task)
    existing = ProgressReport.objects.filter(task=task, period=period).first()
    if existing is not None:
        raise refused(
            "report_exists",
            _("该任务在此报告期已有报告(编号 %(id)s),请修改该报告"),
            id=existing.pk,
        )
    return save_report(task, period, actor=actor, **fields)


def _items(items: list[str], label) -> list[str]:
    """Items stripped; an empty one inside the list keeps its place (item ③ of ①②③
    may be blank while ④ is written), empty ones at the end are dropped."""
    items = [refusal.text(item, label=label).strip() for item in items]
    while items and not items[-1]:
        items.pop()
    return items


NEGATIVE_ALLOWED_UNITS = {"%", "百分点"}


def _save_readings(report: ProgressReport, readings: dict[int, tuple], actor) -> None:
    """One reading per target per report: a new value replaces the draft's old one."""
    task = report.task
    targets = {
        t.pk: t for t in Target.objects.filter(models.Q(task=task) | models.Q(task__parent=task))
    }
    period = report.period
    for target_id, (raw_value, as_of, *rest) in readings.items():
        evidence = rest[0] if rest else None
        target = targets.get(int(target_id))
        if target is None:
            raise refused("foreign_target", _("该指标不属于此任务"))
        value = refusal.number(raw_value, target=target.name)
        if value < 0 and target.unit not in NEGATIVE_ALLOWED_UNITS:
            raise refused("negative_value", _("“%(target)s”的实际值不能为负数"), target=target.name)
        as_of = as_of or min(period.ends_on, timezone.localdate())
        if not period.starts_on <= as_of <= period.ends_on:
            raise refused(
                "outside_period",
                _(
                    "“%(target)s”的截至日期 %(as_of)s 不在报告期 %(period)s"
                    "(%(starts)s 至 %(ends)s)内"
                ),
                target=target.name,
                as_of=as_of,
                period=period.code,
                starts=period.starts_on,
                ends=period.ends_on,
            )
        if evidence is not None:
            _check_evidence(evidence, target)
        reading = Reading.objects.filter(report=report, target=target).first()
        if reading is None:
            reading = add_reading(report, target, actor=actor, value=value, as_of=as_of)
        elif (reading.value, reading.as_of) != (value, as_of):
            reading.value, reading.as_of = value, as_of
            stamp(reading, actor).save()
        if evidence is not None:
            reading.evidence.save(evidence.name, evidence, save=False)
            stamp(reading, actor).save()


EVIDENCE_TYPES = refusal.UPLOAD_TYPES


def _check_evidence(evidence, target: Target) -> None:
    what = format_lazy(_("“{target}”的佐证材料"), target=target.name)
    refusal.upload(evidence, what=what)


@transaction.atomic
def add_reading(
    report: ProgressReport, target: Target, *, actor, value, as_of: datetime.date, quote: str = ""
) -> Reading:
    Access.of(actor).require(Action.REPORT, report.task)
    if target.task_id != report.task_id and target.task.parent_id != report.task_id:
        raise refused("foreign_target", _("该指标不属于此任务"))
    value = refusal.number(value, target=target.name)
    reading = stamp(
        Reading(report=report, target=target, value=value, as_of=as_of, quote=quote), actor
    )
    refusal.checked(reading, exclude=["report", "target", "evidence"])
    reading.save()
    return reading


def _transition(
    report: ProgressReport,
    actor,
    allowed_from: set,
    to: ReportState,
    expected_version: int | None = None,
    **fields,
) -> ProgressReport:
    """Move the stored report to ``to``; the caller's copy may be stale, so reload and lock.
    With ``expected_version``, a report changed since that version is left alone."""
    fresh = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if expected_version is not None and fresh.version != expected_version:
        raise StaleReport(fresh)
    if fresh.state not in allowed_from:
        raise refused(
            "report_state",
            _("报告当前为“%(now)s”,不能变为“%(to)s”"),
            now=ReportState(fresh.state).label,
            to=ReportState(to).label,
        )
    if to in (ReportState.SUBMITTED, ReportState.APPROVED) and is_empty(fresh):
        raise refused("empty_report", _("季度进展为空,也没有指标读数:请先填写进展再报送或审核通过"))
    fresh.state = to
    fresh.version += 1  # an editor who opened the form before this step is told
    for name, value in fields.items():
        setattr(fresh, name, value)
    stamp(fresh, actor).save()
    report.refresh_from_db()
    return report


def is_empty(report: ProgressReport) -> bool:
    """Nothing to review: no progress item with text and no reading."""
    return not any(item.strip() for item in report.progress_items) and not (
        report.readings.exists()
    )


@transaction.atomic
def submit_report(
    report: ProgressReport, *, actor, at=None, expected_version: int | None = None
) -> ProgressReport:
    """Send the report for review; ``at`` is when, for reports taken from a published
    document (the day it was issued), else now."""
    acc = Access.of(actor)
    acc.require(Action.REPORT, report.task)
    if not acc.may(Action.SUBMIT, report.task):
        raise refused("lead_department_submits", _("多个科室共同负责的任务由牵头科室报送"))
    return _transition(
        report,
        actor,
        EDITABLE_STATES,
        ReportState.SUBMITTED,
        expected_version,
        submitted_at=at or timezone.now(),
        submitted_by=actor,
    )


@transaction.atomic
def approve_report(
    report: ProgressReport, *, actor, comment: str = "", expected_version: int | None = None
) -> ProgressReport:
    Access.of(actor).require(Action.REVIEW, report.task)
    return _review(report, actor, ReportState.APPROVED, comment, expected_version)


@transaction.atomic
def return_report(
    report: ProgressReport, *, actor, comment: str, expected_version: int | None = None
) -> ProgressReport:
    """Send the report back with the reason; the lead department's reporters are told."""
    Access.of(actor).require(Action.REVIEW, report.task)
    if not comment.strip():
        raise refused("comment_required", _("退回时须填写审核意见"))
    report = _review(report, actor, ReportState.RETURNED, comment, expected_version)
    notify_returned(report)
    return report


def _review(
    report: ProgressReport, actor, to: ReportState, comment: str, expected_version
) -> ProgressReport:
    return _transition(
        report,
        actor,
        {ReportState.SUBMITTED},
        to,
        expected_version,
        reviewed_at=timezone.now(),
        reviewed_by=actor,
        review_comment=comment.strip(),
    )


__all__ = [
    "PeriodKind",
    "StaleReport",
    "add_reading",
    "approve_report",
    "create_report",
    "open_period",
    "return_report",
    "save_report",
    "set_period_open",
    "submit_report",
]

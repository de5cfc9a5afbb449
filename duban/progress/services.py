"""Periods and the report workflow: draft → submitted → approved | returned."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from duban.audit import stamp
from duban.orgs.access import Access, Action
from duban.plans.models import Plan, Target, Task
from duban.progress.models import (
    Period,
    PeriodKind,
    ProgressReport,
    Reading,
    ReportState,
    SelfStatus,
)
from duban.progress.periods import parse_period_code

EDITABLE_STATES = {ReportState.DRAFT, ReportState.RETURNED}


@transaction.atomic
def open_period(plan: Plan, *, actor, code: str, due_on: datetime.date | None = None) -> Period:
    """Open a reporting period by its code (2023Q3, 2023H1, 2023, 2023-08)."""
    Access.of(actor).require(Action.EDIT, plan)
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
def save_report(
    task: Task,
    period: Period,
    *,
    actor,
    plan_items: list[str] | None = None,
    progress_items: list[str] | None = None,
    self_status: SelfStatus | str | None = None,
    lag_reason: str | None = None,
) -> ProgressReport:
    """Create or update the draft report of a task for a period."""
    acc = Access.of(actor)
    acc.require(Action.REPORT, task)
    if period.plan_id != task.plan_id:
        raise ValidationError("报告期不属于该任务所在的任务清单")
    may_amend = acc.may(Action.AMEND, task)
    if not period.is_open and not may_amend:
        raise ValidationError(f"报告期 {period.code} 已关闭填报")
    report, _ = ProgressReport.objects.get_or_create(task=task, period=period)
    if report.state not in EDITABLE_STATES and not may_amend:
        raise ValidationError(f"报告已{report.get_state_display()},不能再修改")
    if plan_items is not None:
        report.plan_items = [item.strip() for item in plan_items if item.strip()]
    if progress_items is not None:
        report.progress_items = [item.strip() for item in progress_items if item.strip()]
    if self_status is not None:
        report.self_status = self_status
    if lag_reason is not None:
        report.lag_reason = lag_reason.strip()
    if report.self_status == SelfStatus.LAGGING and not report.lag_reason:
        raise ValidationError("自评为“滞后”时须填写滞后原因")
    stamp(report, actor).save()
    return report


@transaction.atomic
def add_reading(
    report: ProgressReport, target: Target, *, actor, value, as_of: datetime.date, quote: str = ""
) -> Reading:
    Access.of(actor).require(Action.REPORT, report.task)
    if target.task_id != report.task_id and target.task.parent_id != report.task_id:
        raise ValidationError("该指标不属于此任务")
    reading = stamp(
        Reading(report=report, target=target, value=value, as_of=as_of, quote=quote), actor
    )
    reading.full_clean(exclude=["report", "target", "evidence"])
    reading.save()
    return reading


def _transition(
    report: ProgressReport, actor, allowed_from: set, to: ReportState, **fields
) -> ProgressReport:
    """Move the stored report to ``to``; the caller's copy may be stale, so reload and lock."""
    fresh = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if fresh.state not in allowed_from:
        raise ValidationError(
            f"报告当前为“{fresh.get_state_display()}”,不能变为“{ReportState(to).label}”"
        )
    fresh.state = to
    for name, value in fields.items():
        setattr(fresh, name, value)
    stamp(fresh, actor).save()
    report.refresh_from_db()
    return report


@transaction.atomic
def submit_report(report: ProgressReport, *, actor) -> ProgressReport:
    Access.of(actor).require(Action.REPORT, report.task)
    return _transition(
        report,
        actor,
        EDITABLE_STATES,
        ReportState.SUBMITTED,
        submitted_at=timezone.now(),
        submitted_by=actor,
    )


@transaction.atomic
def approve_report(report: ProgressReport, *, actor, comment: str = "") -> ProgressReport:
    Access.of(actor).require(Action.REVIEW, report.task)
    return _review(report, actor, ReportState.APPROVED, comment)


@transaction.atomic
def return_report(report: ProgressReport, *, actor, comment: str) -> ProgressReport:
    Access.of(actor).require(Action.REVIEW, report.task)
    if not comment.strip():
        raise ValidationError("退回时须填写审核意见")
    return _review(report, actor, ReportState.RETURNED, comment)


def _review(report: ProgressReport, actor, to: ReportState, comment: str) -> ProgressReport:
    return _transition(
        report,
        actor,
        {ReportState.SUBMITTED},
        to,
        reviewed_at=timezone.now(),
        reviewed_by=actor,
        review_comment=comment.strip(),
    )


__all__ = [
    "PeriodKind",
    "add_reading",
    "approve_report",
    "open_period",
    "return_report",
    "save_report",
    "submit_report",
]

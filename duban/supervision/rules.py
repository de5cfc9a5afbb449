"""督办单 raised by rules, in the daily round: a report N days past its due date, or a
task red (严重滞后 or 未报送) at the end of each of its last two periods. One open notice
per task at a time; each carries the alert that raised it."""

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from duban.orgs.models import Organization
from duban.progress.models import Period, ProgressReport, ReportState
from duban.supervision.board import statuses_for
from duban.supervision.models import Alert, Notice, NoticeState, TaskStatus
from duban.supervision.services import issue_notice
from duban.supervision.status import SEVERE, UNREPORTED

RED = {SEVERE: TaskStatus.FAR_BEHIND, UNREPORTED: TaskStatus.NOT_REPORTED}
REPLY_DAYS = 5


def raise_notices(today: datetime.date | None = None) -> list[Notice]:
    today = today or timezone.localdate()
    late_after = datetime.timedelta(days=settings.DUBAN_NOTICE_AFTER_DAYS_LATE)
    open_tasks = set(
        Notice.objects.exclude(state=NoticeState.CLOSED).values_list("task_id", flat=True)
    )
    raised: list[Notice] = []
    # a report N days late
    for period in Period.objects.filter(due_on__lte=today - late_after).select_related("plan"):
        reported = set(
            ProgressReport.objects.filter(
                period=period, state__in=(ReportState.SUBMITTED, ReportState.APPROVED)
            ).values_list("task_id", flat=True)
        )
        for task in (
            period.plan.tasks.filter(parent=None)
            .owing_reports_due(period.due_on)
            .exclude(Q(pk__in=reported) | Q(pk__in=open_tasks))
        ):
            late = (today - period.due_on).days
            reason = f"{period.code} 进展逾期 {late} 天未报送"
            notice = _raise(task, period, TaskStatus.NOT_REPORTED, reason, today)
            if notice:
                raised.append(notice)
                open_tasks.add(task.pk)
    # red at the end of the last two periods
    for org in Organization.objects.filter(plans__periods__ends_on__lt=today).distinct():
        ends = sorted(
            {p.ends_on for p in Period.objects.filter(plan__organization=org, ends_on__lt=today)}
        )[-2:]
        if len(ends) < 2:
            continue
        before, last = (statuses_for([org], day).get(org.pk, []) for day in ends)
        red_before = {s.task.pk for s in before if s.status.code in RED}
        for item in last:
            if item.status.code in RED and item.task.pk in red_before:
                if item.task.pk in open_tasks:
                    continue
                reason = f"连续两期{item.status.label}:{item.status.reason}"
                notice = _raise(item.task, None, RED[item.status.code], reason, today)
                if notice:
                    raised.append(notice)
                    open_tasks.add(item.task.pk)
    return raised


def _raise(task, period, status, reason, today) -> Notice | None:
    if task.lead_department is None:
        return None
    alert = Alert.objects.create(
        task=task, period=period, status=status, reason=reason, raised_on=today
    )
    return issue_notice(
        task,
        task.lead_department,
        actor=None,
        body=f"【系统督办】{reason}。请说明原因、已采取的措施和完成时限。",
        reply_due=today + datetime.timedelta(days=REPLY_DAYS),
        alert=alert,
    )

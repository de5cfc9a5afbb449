"""Reminders of reporting periods: N days before the due date and on it, to each
department that still has a task to report, by e-mail and as a notice in the site.
Each (period, department, kind) is sent once, whenever the timer runs."""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop
from django_tasks import task

from duban.channels.services import tell
from duban.orgs.services import notify, reporters_of
from duban.progress.models import Period, ProgressReport, Reminder, ReportState
from duban.progress.overview import DONE_STATES


def _pending_departments(period: Period) -> dict:
    """Lead departments with tasks of the period not yet submitted: {department: [tasks]}."""
    done = set(
        ProgressReport.objects.filter(period=period, state__in=DONE_STATES).values_list(
            "task_id", flat=True
        )
    )
    pending: dict = {}
    tasks = (
        period.plan.tasks.filter(parent=None)
        .owing_reports_due(period.due_on)
        .prefetch_related("department_links__department")
    )
    for t in tasks:
        if t.lead_department is not None and t.pk not in done:
            pending.setdefault(t.lead_department, []).append(t)
    return pending


def due_reminders(today: datetime.date, org_id: int | None = None) -> list[tuple[Period, str]]:
    """The open periods whose reminders are due, of every bureau or of ``org_id``'s."""
    before = datetime.timedelta(days=settings.DUBAN_REMIND_DAYS_BEFORE)
    found = []
    periods = Period.objects.filter(is_open=True).select_related("plan")
    if org_id is not None:
        periods = periods.filter(plan__organization_id=org_id)
    for period in periods:
        if period.due_on - before <= today < period.due_on:
            found.append((period, Reminder.Kind.BEFORE))
        elif today >= period.due_on:
            found.append((period, Reminder.Kind.DUE))
    return found


def send_reminders(today: datetime.date | None = None, org_id: int | None = None) -> list[Reminder]:
    """Send every reminder that is due today and was not sent yet (of one bureau when
    ``org_id`` is given: what its office's 发送提醒 does)."""
    today = today or timezone.localdate()
    sent = []
    for period, kind in due_reminders(today, org_id):
        for department, tasks in _pending_departments(period).items():
            reminder = _send(period, kind, department, tasks)
            if reminder is not None:
                sent.append(reminder)
    return sent


def _send(period, kind, department, tasks) -> Reminder | None:
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(period=period, department=department, kind=kind)
    except IntegrityError:
        return None  # sent before
    users = reporters_of(department)
    if kind == Reminder.Kind.BEFORE:
        message = gettext_noop(
            "%(plan)s %(period)s:%(department)s尚有 %(n)s 项任务未报送,将于 %(due)s 截止"
        )
    else:
        message = gettext_noop(
            "%(plan)s %(period)s:%(department)s尚有 %(n)s 项任务未报送,已于 %(due)s 截止"
        )
    params = {
        "plan": period.plan.title,
        "period": period.code,
        "department": department.name,
        "n": len(tasks),
        "due": f"{period.due_on:%Y-%m-%d}",
    }
    text = notify(users, message, params, url=reverse("work"))
    tell(period.plan.organization_id, "reminder", text, reverse("work"))
    emails = [u.email for u in users if u.email]
    if emails:
        body = text + "\n\n" + "\n".join(f"{t.seq} {t.title}" for t in tasks)
        send_mail(f"【督办】{period.code} 进展填报提醒", body, None, emails)
    reminder.recipients = len(users)
    reminder.save(update_fields=["recipients"])
    return reminder


@task()
def send_reminders_task(today: str | None = None, org_id: int | None = None) -> int:
    """The daily round, as a task of Django's Tasks framework (enqueued by the timer
    command for every bureau, by an office's 发送提醒 with its own ``org_id``): 督办单
    overdue for a reply escalated to leaders, tasks handed down and not accepted (催签), and
    reminders of periods."""
    from django.conf import settings

    from duban.assignments.services import remind_waiting
    from duban.supervision.services import escalate_overdue

    day = datetime.date.fromisoformat(today) if today else None
    escalate_overdue(day, org_id)
    remind_waiting(older_than_days=settings.DUBAN_ASSIGNMENT_REMIND_DAYS, today=day, issuer=org_id)
    return len(send_reminders(day, org_id))


def notify_returned(report: ProgressReport) -> None:
    """Tell the reporters of the lead department that their report came back."""
    lead = report.task.lead_department
    if lead is None or report.state != ReportState.RETURNED:
        return
    params = {
        "period": report.period.code,
        "task": report.task.title,
        "comment": report.review_comment,
    }
    url = reverse("report-edit", args=[report.task_id, report.period_id])
    text = notify(
        reporters_of(lead), gettext_noop("%(period)s“%(task)s”被退回:%(comment)s"), params, url
    )
    tell(report.task.plan.organization_id, "returned", text, url)

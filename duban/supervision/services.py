"""督办单: issued to a department by the office or the task's leader, answered by the
department (measures taken, a new date), closed or sent back; overdue ones escalate to
the leader. Every step is kept."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from duban import refusal
from duban.channels.services import tell
from duban.orgs.access import Access, Action
from duban.orgs.models import Department
from duban.orgs.services import notify, reporters_of
from duban.plans.models import Task
from duban.refusal import refused
from duban.supervision.models import Alert, Notice, NoticeState, NoticeStep


def next_number(org_id: int, year: int) -> str:
    """督办〔2023〕N号, the next N of the bureau in that year; numbers are never reused."""
    prefix = f"督办〔{year}〕"
    used = Notice.objects.filter(organization_id=org_id, number__startswith=prefix).values_list(
        "number", flat=True
    )
    serials = [int(n[len(prefix) : -1]) for n in used if n[len(prefix) : -1].isdigit()]
    return f"{prefix}{max(serials, default=0) + 1}号"


@transaction.atomic
def issue_notice(
    task: Task,
    department: Department,
    *,
    actor,
    body: str,
    reply_due: datetime.date,
    number: str = "",
    alert: Alert | None = None,
) -> Notice:
    Access.of(actor).require(Action.SUPERVISE, task)
    if department.organization_id != task.plan.organization_id:
        raise refused("foreign_department", _("督办科室须属于本机构"))
    if not body.strip():
        raise refused("body_required", _("督办事项不能为空"))
    org_id = task.plan.organization_id
    notice = Notice.objects.create(
        organization_id=org_id,
        number=number or next_number(org_id, timezone.localdate().year),
        task=task,
        alert=alert,
        department=department,
        body=body.strip(),
        reply_due=reply_due,
        created_by=actor,
    )
    NoticeStep.objects.create(notice=notice, state=NoticeState.SENT, text=body, actor=actor)
    _notify(
        reporters_of(department),
        gettext_noop("%(number)s:%(task)s"),
        {"number": notice.number, "task": task.title},
        notice,
    )
    tell(
        org_id,
        "notice",
        f"{notice.number} 督办“{task.title}”,责任科室 {department.name},"
        f"请于 {reply_due:%Y-%m-%d} 前回复",
        reverse("notice", args=[notice.pk]),
    )
    return notice


@transaction.atomic
def answer_notice(
    notice: Notice,
    *,
    actor,
    text: str,
    promised_on: datetime.date | None = None,
    attachment=None,
) -> Notice:
    """The 科室's reply: what it did, the date it promises, a file if it has one (the same
    limits as evidence: checked before anything is saved)."""
    Access.of(actor).require(Action.ANSWER, notice)
    if notice.state not in (NoticeState.SENT, NoticeState.RETURNED):
        raise refused(
            "notice_state", _("督办单%(state)s,不能再回复"), state=NoticeState(notice.state).label
        )
    if not text.strip():
        raise refused("text_required", _("回复内容不能为空"))
    text = refusal.text(text, label=_("回复内容"))
    if attachment is not None:
        refusal.upload(attachment, what=_("回复附件"))
    notice.state = NoticeState.ANSWERED
    notice.promised_on = promised_on
    notice.save(update_fields=["state", "promised_on", "updated_at"])
    words = text.strip() + (f"(承诺 {promised_on:%Y-%m-%d} 前完成)" if promised_on else "")
    step = NoticeStep(notice=notice, state=NoticeState.ANSWERED, text=words, actor=actor)
    if attachment is not None:
        step.attachment.save(attachment.name, attachment, save=False)
    step.save()
    return notice


@transaction.atomic
def close_notice(notice: Notice, *, actor, text: str = "") -> Notice:
    Access.of(actor).require(Action.SUPERVISE, notice)
    if notice.state != NoticeState.ANSWERED:
        raise refused("notice_state", _("督办单须先回复才能办结"))
    notice.state = NoticeState.CLOSED
    notice.save(update_fields=["state", "updated_at"])
    NoticeStep.objects.create(notice=notice, state=NoticeState.CLOSED, text=text, actor=actor)
    return notice


@transaction.atomic
def return_notice(
    notice: Notice, *, actor, text: str, reply_due: datetime.date | None = None
) -> Notice:
    """Send the answer back: not enough; the department answers again by ``reply_due``."""
    Access.of(actor).require(Action.SUPERVISE, notice)
    if notice.state != NoticeState.ANSWERED:
        raise refused("notice_state", _("只有已回复的督办单可以退回重办"))
    if not text.strip():
        raise refused("text_required", _("退回时须说明原因"))
    notice.state = NoticeState.RETURNED
    if reply_due is not None:
        notice.reply_due = reply_due
    notice.save(update_fields=["state", "reply_due", "updated_at"])
    NoticeStep.objects.create(notice=notice, state=NoticeState.RETURNED, text=text, actor=actor)
    _notify(
        reporters_of(notice.department),
        gettext_noop("%(number)s被退回重办:%(text)s"),
        {"number": notice.number, "text": text},
        notice,
    )
    return notice


def escalate_overdue(today: datetime.date | None = None, org_id: int | None = None) -> list[Notice]:
    """Notices not answered by their reply date go up to the task's leaders, once (of
    every bureau, or of ``org_id``'s)."""
    today = today or timezone.localdate()
    overdue = Notice.objects.filter(
        state__in=(NoticeState.SENT, NoticeState.RETURNED),
        reply_due__lt=today,
        escalated_at=None,
    ).select_related("task", "department")
    if org_id is not None:
        overdue = overdue.filter(organization_id=org_id)
    escalated = []
    for notice in overdue:
        with transaction.atomic():
            notice.escalated_at = timezone.now()
            notice.save(update_fields=["escalated_at", "updated_at"])
            late = (today - notice.reply_due).days
            message = gettext_noop("%(department)s逾期 %(days)s 天未回复,已提请分管领导督办")
            params = {"department": notice.department.name, "days": late}
            NoticeStep.objects.create(
                notice=notice,
                state=NoticeState.ESCALATED,
                text=message % params,
                message=message,
                params=params,
            )
            leaders = [p.user for p in notice.task.leaders.all() if p.user_id]
            if not leaders and notice.task.parent_id:
                leaders = [p.user for p in notice.task.parent.leaders.all() if p.user_id]
            _notify(
                leaders,
                gettext_noop("%(number)s:%(department)s逾期 %(days)s 天未回复,已提请分管领导督办"),
                {"number": notice.number, "department": notice.department.name, "days": late},
                notice,
            )
            tell(
                notice.organization_id,
                "escalation",
                f"{notice.number}:{notice.department.name}逾期 {late} 天未回复,已提请分管领导督办",
                reverse("notice", args=[notice.pk]),
            )
        escalated.append(notice)
    return escalated


def _notify(users, message: str, params: dict, notice: Notice) -> None:
    notify(users, message, params, url=reverse("notice", args=[notice.pk]))

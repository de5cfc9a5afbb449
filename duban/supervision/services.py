"""督办单: issued to a department, answered by it, closed by the office; every step kept."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from duban.orgs.access import Access, Action
from duban.orgs.models import Department
from duban.plans.models import Task
from duban.supervision.models import Alert, Notice, NoticeState, NoticeStep


@transaction.atomic
def issue_notice(
    task: Task,
    department: Department,
    *,
    actor,
    number: str,
    body: str,
    reply_due: datetime.date,
    alert: Alert | None = None,
) -> Notice:
    Access.of(actor).require(Action.EDIT, task)
    if department.organization_id != task.plan.organization_id:
        raise ValidationError("督办科室须属于本机构")
    notice = Notice.objects.create(
        organization_id=task.plan.organization_id,
        number=number,
        task=task,
        alert=alert,
        department=department,
        body=body,
        reply_due=reply_due,
        created_by=actor,
    )
    NoticeStep.objects.create(notice=notice, state=NoticeState.SENT, text=body, actor=actor)
    return notice


@transaction.atomic
def answer_notice(notice: Notice, *, actor, text: str) -> Notice:
    Access.of(actor).require(Action.ANSWER, notice)
    if notice.state == NoticeState.CLOSED:
        raise ValidationError("督办单已办结")
    if not text.strip():
        raise ValidationError("回复内容不能为空")
    notice.state = NoticeState.ANSWERED
    notice.save(update_fields=["state"])
    NoticeStep.objects.create(notice=notice, state=NoticeState.ANSWERED, text=text, actor=actor)
    return notice


@transaction.atomic
def close_notice(notice: Notice, *, actor, text: str = "") -> Notice:
    Access.of(actor).require(Action.EDIT, notice)
    if notice.state != NoticeState.ANSWERED:
        raise ValidationError("督办单须先回复才能办结")
    notice.state = NoticeState.CLOSED
    notice.save(update_fields=["state"])
    NoticeStep.objects.create(notice=notice, state=NoticeState.CLOSED, text=text, actor=actor)
    return notice

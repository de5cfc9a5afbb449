"""Handing tasks down (交办) and taking them in (签收): every change through the access
gate, with its history row; nothing appears in a receiver's plan before it accepts."""

import datetime
from collections.abc import Iterable

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from duban import refusal
from duban.assignments.models import (
    Assignment,
    AssignmentTarget,
    Receipt,
    ReceiptState,
    TargetCopy,
)
from duban.audit import stamp
from duban.orgs.access import Access, Action, descendants_of
from duban.orgs.models import Department, Organization, Person
from duban.orgs.services import notify, office_users_of
from duban.plans import services as plans
from duban.plans.models import Comparator, Plan, PlanState, Section, Task
from duban.refusal import refused


def issue(
    issuer: Organization,
    *,
    actor,
    title: str,
    due_on: datetime.date,
    section_title: str,
    to: Iterable[Organization],
    goal: str = "",
    note: str = "",
    targets: Iterable[dict] = (),
    source_task: Task | None = None,
    today: datetime.date | None = None,
) -> Assignment:
    """An assignment to bureaus below the issuer, each with a receipt waiting to be
    accepted; ``targets``: dicts of name, unit, comparator, value, indicator, per_bureau."""
    Access.of(actor).require(Action.ASSIGN, issuer)
    receivers = list(dict.fromkeys(to))
    if not receivers:
        raise refused("no_receiver", _("请至少选择一个下级单位"))
    below = descendants_of(issuer)
    strangers = [o.name for o in receivers if o.pk not in below]
    if strangers:
        raise refused(
            "not_below", _("只能交办给下级单位:%(names)s 不是"), names="、".join(strangers)
        )
    title = refusal.text(title, label=_("交办事项")).strip()
    if not title:
        raise refused("title_required", _("请填写交办事项"))
    if due_on < (today or timezone.localdate()):
        raise refused("due_in_past", _("完成时限 %(day)s 已过"), day=f"{due_on:%Y-%m-%d}")
    if source_task is not None and source_task.plan.organization_id != issuer.pk:
        raise refused("foreign_task", _("只能分解本单位的任务"))
    rows = [_target(row, receivers) for row in targets]
    with transaction.atomic():
        assignment = stamp(
            Assignment(
                issuer=issuer,
                title=title[:500],
                goal=refusal.text(goal, label=_("工作目标")).strip(),
                due_on=due_on,
                section_title=refusal.text(section_title, label=_("任务来源")).strip()[:200],
                note=refusal.text(note, label=_("说明")).strip(),
                source_task=source_task,
                created_by=actor,
            ),
            actor,
        )
        assignment.save()
        for row in rows:
            row.assignment = assignment
            row.save()
        for organization in receivers:
            stamp(Receipt(assignment=assignment, organization=organization), actor).save()
    return assignment


def _target(row: dict, receivers: list[Organization]) -> AssignmentTarget:
    name = refusal.text(row.get("name", ""), label=_("指标名称")).strip()
    if not name:
        raise refused("target_name_required", _("交办指标须有名称"))
    value = row.get("value")
    per_bureau = {}
    for org_id, given in (row.get("per_bureau") or {}).items():
        if int(org_id) not in {o.pk for o in receivers}:
            raise refused("foreign_value", _("“%(name)s”的分单位目标值给了未交办的单位"), name=name)
        per_bureau[str(int(org_id))] = str(refusal.number(given, target=name))
    comparator = row.get("comparator") or ">="
    if comparator not in Comparator.values:
        raise refused("bad_comparator", _("“%(name)s”的比较方式无效"), name=name)
    return AssignmentTarget(
        name=name[:200],
        unit=refusal.text(row.get("unit", ""), label=_("计量单位")).strip()[:20],
        comparator=comparator,
        value=refusal.number(value, target=name) if value not in (None, "") else None,
        indicator=row.get("indicator"),
        per_bureau=per_bureau,
    )


@transaction.atomic
def accept(
    receipt: Receipt,
    *,
    actor,
    plan: Plan,
    section: Section | None = None,
    departments: Iterable[Department] = (),
    leaders: Iterable[Person] = (),
) -> Task:
    """签收: the assignment becomes a task of one of the receiver's plans, in the section
    chosen, else the one the issuer named (made when the plan has none), with the issuer's
    targets and this bureau's due date."""
    receipt = Receipt.objects.select_for_update().get(pk=receipt.pk)
    Access.of(actor).require(Action.ACCEPT, receipt)
    if receipt.state == ReceiptState.ACCEPTED:
        raise refused("already_accepted", _("该交办事项已签收"))
    if receipt.state == ReceiptState.DECLINED:
        raise refused("already_declined", _("该交办事项已退回"))
    if receipt.state == ReceiptState.CHANGE_ASKED:
        raise refused("change_pending", _("调整时限的申请尚待交办单位答复"))
    if plan.organization_id != receipt.organization_id:
        raise refused("foreign_plan", _("只能签收到本单位的任务清单"))
    if plan.state == PlanState.CLOSED:
        raise refused("plan_closed", _("该清单已关闭"))
    if section is not None and section.plan_id != plan.pk:
        raise refused("foreign_section", _("所选任务来源不在该清单中"))
    assignment = receipt.assignment
    section = section or _section(plan, assignment.section_title, actor)
    task = plans.add_task(
        plan,
        actor=actor,
        title=assignment.title,
        goal=assignment.goal,
        section=section,
        departments=departments,
        leaders=leaders,
        deadline=receipt.due,
        as_printed=True,  # the issuer's numbering is not the plan's
    )
    for target in assignment.targets.all():
        copy = plans.add_target(
            task,
            actor=actor,
            name=target.name,
            unit=target.unit,
            value=target.value_for(receipt.organization_id),
            comparator=target.comparator,
            indicator=target.indicator,
            due_date=receipt.due,
            as_printed=True,
        )
        TargetCopy.objects.create(source=target, target=copy)
    receipt.state, receipt.task, receipt.answered_at = ReceiptState.ACCEPTED, task, timezone.now()
    stamp(receipt, actor).save(update_fields=["state", "task", "answered_at"])
    return task


def _section(plan: Plan, title: str, actor) -> Section | None:
    if not title:
        return None
    found = plan.sections.filter(title=title).first()
    return found or plans.add_section(plan, actor=actor, title=title)


@transaction.atomic
def decline(receipt: Receipt, *, actor, reason: str) -> Receipt:
    receipt = Receipt.objects.select_for_update().get(pk=receipt.pk)
    Access.of(actor).require(Action.ACCEPT, receipt)
    if receipt.state == ReceiptState.ACCEPTED:
        raise refused("already_accepted", _("该交办事项已签收"))
    reason = refusal.text(reason, label=_("退回理由")).strip()
    if not reason:
        raise refused("reason_required", _("退回须说明理由"))
    receipt.state, receipt.reason, receipt.answered_at = (
        ReceiptState.DECLINED,
        reason,
        timezone.now(),
    )
    stamp(receipt, actor).save(update_fields=["state", "reason", "answered_at"])
    return receipt


@transaction.atomic
def ask_due_change(receipt: Receipt, *, actor, due_on: datetime.date, reason: str) -> Receipt:
    """The receiver asks for another due date before accepting; the issuer answers."""
    receipt = Receipt.objects.select_for_update().get(pk=receipt.pk)
    Access.of(actor).require(Action.ACCEPT, receipt)
    if receipt.state != ReceiptState.PENDING:
        raise refused("not_pending", _("只有待签收的交办事项可以申请调整时限"))
    reason = refusal.text(reason, label=_("申请理由")).strip()
    if not reason:
        raise refused("reason_required", _("申请调整时限须说明理由"))
    if due_on == receipt.due:
        raise refused("same_due", _("申请的时限与现在的相同"))
    receipt.state, receipt.asked_due_on, receipt.reason = (
        ReceiptState.CHANGE_ASKED,
        due_on,
        reason,
    )
    stamp(receipt, actor).save(update_fields=["state", "asked_due_on", "reason"])
    _tell_office(
        receipt.assignment.issuer,
        gettext_noop("%(bureau)s申请将“%(title)s”的完成时限调整为 %(day)s:%(reason)s"),
        {
            "bureau": receipt.organization.name,
            "title": receipt.assignment.title[:60],
            "day": f"{due_on:%Y-%m-%d}",
            "reason": reason[:100],
        },
        reverse("assignment", args=[receipt.assignment_id]),
    )
    return receipt


@transaction.atomic
def answer_due_change(receipt: Receipt, *, actor, agree: bool, text: str = "") -> Receipt:
    """The issuer's answer: agreed, this bureau's due date is the one asked; either way
    the receipt waits again to be accepted."""
    receipt = Receipt.objects.select_for_update().select_related("assignment").get(pk=receipt.pk)
    Access.of(actor).require(Action.ASSIGN, receipt.assignment.issuer)
    if receipt.state != ReceiptState.CHANGE_ASKED:
        raise refused("no_change_asked", _("该单位没有待答复的时限调整申请"))
    text = refusal.text(text, label=_("答复")).strip()
    if not agree and not text:
        raise refused("reason_required", _("不同意调整须说明理由"))
    if agree:
        receipt.due_on = receipt.asked_due_on
    receipt.state, receipt.answer = ReceiptState.PENDING, text
    stamp(receipt, actor).save(update_fields=["state", "due_on", "answer"])
    verdict = gettext_noop("同意") if agree else gettext_noop("不同意")
    _tell_office(
        receipt.organization,
        gettext_noop("交办事项“%(title)s”调整时限的申请:%(verdict)s。完成时限 %(day)s。%(text)s"),
        {
            "title": receipt.assignment.title[:60],
            "verdict": verdict,
            "day": f"{receipt.due:%Y-%m-%d}",
            "text": text[:100],
        },
        reverse("receipt", args=[receipt.pk]),
    )
    return receipt


def _tell_office(org: Organization, template: str, params: dict, url: str) -> None:
    """A notice in the site for the bureau's office, and an e-mail to those who have one:
    the channels the reminders of periods use."""
    users = office_users_of(org)
    text = notify(users, template, params, url)
    emails = [u.email for u in users if u.email]
    if emails:
        send_mail(f"【督办】{text[:40]}", text, None, emails, fail_silently=True)


def remind_waiting(
    *, older_than_days: int, today: datetime.date | None = None, issuer=None
) -> list[Receipt]:
    """The daily round's 催签: every receipt nobody answered for N days (of one issuer, or
    all) reminds the receiver's office, at most once every N days; returns those reminded."""
    today = today or timezone.localdate()
    receipts = waiting(issuer, older_than_days=older_than_days, today=today).filter(
        Q(reminded_on=None) | Q(reminded_on__lte=today - datetime.timedelta(days=older_than_days))
    )
    return _remind(receipts, today)


def remind_now(assignment: Assignment, *, actor) -> list[Receipt]:
    """催签 pressed by the issuer: every receiver that has not answered is reminded now."""
    Access.of(actor).require(Action.ASSIGN, assignment.issuer)
    receipts = assignment.receipts.filter(state=ReceiptState.PENDING).select_related(
        "organization", "assignment__issuer"
    )
    return _remind(receipts, timezone.localdate())


def _remind(receipts, today: datetime.date) -> list[Receipt]:
    reminded = []
    for receipt in receipts:
        _tell_office(
            receipt.organization,
            gettext_noop("%(issuer)s %(since)s 交办的“%(title)s”尚未签收,完成时限 %(day)s"),
            {
                "issuer": receipt.assignment.issuer.name,
                "title": receipt.assignment.title[:60],
                "since": f"{timezone.localdate(receipt.assignment.created_at):%Y-%m-%d}",
                "day": f"{receipt.due:%Y-%m-%d}",
            },
            reverse("receipt", args=[receipt.pk]),
        )
        receipt.reminded_on = today
        receipt.save(update_fields=["reminded_on"])
        reminded.append(receipt)
    return reminded


def waiting(issuer: Organization, *, older_than_days: int, today: datetime.date | None = None):
    """The receipts of the issuer's assignments nobody has answered for N days."""
    today = today or timezone.localdate()
    since = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=older_than_days), datetime.time())
    )
    found = Receipt.objects.filter(
        state=ReceiptState.PENDING, assignment__created_at__lt=since
    ).select_related("organization", "assignment__issuer")
    return found if issuer is None else found.filter(assignment__issuer=issuer)

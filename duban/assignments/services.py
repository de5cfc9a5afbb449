"""Handing tasks down (交办) and taking them in (签收): every change through the access
gate, with its history row; nothing appears in a receiver's plan before it accepts."""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duban import refusal
from duban.assignments.models import Assignment, AssignmentTarget, Receipt, ReceiptState
from duban.audit import stamp
from duban.orgs.access import Access, Action, descendants_of
from duban.orgs.models import Department, Organization, Person
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
    departments: Iterable[Department] = (),
    leaders: Iterable[Person] = (),
) -> Task:
    """签收: the assignment becomes a task of one of the receiver's plans, in the section
    the issuer named (made when the plan has none), with the issuer's targets."""
    receipt = Receipt.objects.select_for_update().get(pk=receipt.pk)
    Access.of(actor).require(Action.ACCEPT, receipt)
    if receipt.state == ReceiptState.ACCEPTED:
        raise refused("already_accepted", _("该交办事项已签收"))
    if receipt.state == ReceiptState.DECLINED:
        raise refused("already_declined", _("该交办事项已退回"))
    if plan.organization_id != receipt.organization_id:
        raise refused("foreign_plan", _("只能签收到本单位的任务清单"))
    if plan.state == PlanState.CLOSED:
        raise refused("plan_closed", _("该清单已关闭"))
    assignment = receipt.assignment
    section = _section(plan, assignment.section_title, actor)
    task = plans.add_task(
        plan,
        actor=actor,
        title=assignment.title,
        goal=assignment.goal,
        section=section,
        departments=departments,
        leaders=leaders,
        deadline=assignment.due_on,
        as_printed=True,  # the issuer's numbering is not the plan's
    )
    for target in assignment.targets.all():
        plans.add_target(
            task,
            actor=actor,
            name=target.name,
            unit=target.unit,
            value=target.value_for(receipt.organization_id),
            comparator=target.comparator,
            indicator=target.indicator,
            due_date=assignment.due_on,
            as_printed=True,
        )
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


def waiting(issuer: Organization, *, older_than_days: int, today: datetime.date | None = None):
    """The receipts of the issuer's assignments nobody has answered for N days."""
    today = today or timezone.localdate()
    since = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=older_than_days), datetime.time())
    )
    return Receipt.objects.filter(
        assignment__issuer=issuer,
        state=ReceiptState.PENDING,
        assignment__created_at__lt=since,
    ).select_related("organization", "assignment")

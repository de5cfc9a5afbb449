"""Pages of work from above: a bureau's 交办 (issued and received), the form that hands a
task down, the issuer's roll-up, the receiver's 签收, and 领导批示 on a task. Each view
parses, loads through the gate, calls a service and renders."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from duban.assignments import instructions, services
from duban.assignments.forms import AssignmentForm, targets_from
from duban.assignments.models import Assignment, Comparator, Receipt, ReceiptState
from duban.assignments.rollup import rollup
from duban.orgs.access import (
    Action,
    access,
    assignment_for,
    bureaus_below_for,
    department_for,
    instruction_for,
    organization_for,
    person_for,
    plan_for,
    receipt_for,
    task_for,
)
from duban.orgs.models import Person, Role
from duban.paging import page_of
from duban.plans.models import IndicatorDefinition, Plan, PlanState
from duban.supervision.compare import bureaus_below
from duban.supervision.dates import requested_day, wall_day


@login_required
def assignments_page(request, pk):
    """交办事项 of a bureau: what it handed down, and what it was handed."""
    org = organization_for(request.user, pk)
    acc = access(request.user)
    issued = list(
        Assignment.objects.filter(issuer=org)
        .prefetch_related("receipts")
        .order_by("-created_at", "-id")[:200]
    )
    for assignment in issued:
        states = [r.state for r in assignment.receipts.all()]
        assignment.counts = {s: states.count(s) for s in ReceiptState.values}
        assignment.total = len(states)
    received = (
        Receipt.objects.filter(organization=org)
        .select_related("assignment__issuer", "task")
        .order_by("state", "-assignment__created_at")
    )
    return render(
        request,
        "assignments/list.html",
        {
            "org": org,
            "issued": issued,
            "received": received,
            "can_assign": acc.may(Action.ASSIGN, org) and org.children.exists(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def assignment_new(request, pk):
    org = organization_for(request.user, pk, Action.ASSIGN)
    below = bureaus_below(org)
    if not below:
        messages.error(request, _("本单位没有下级单位,无从交办"))
        return redirect("assignments", pk=org.pk)
    source = None
    source_id = request.POST.get("source_task") or request.GET.get("task")
    if source_id:
        source = task_for(request.user, source_id)
        if source.plan.organization_id != org.pk or source.parent_id:
            raise Http404
    indicators = list(IndicatorDefinition.objects.order_by("business_line__order", "name"))
    posted, receivers = None, []
    if request.method == "POST":
        posted = request.POST.copy()
        if posted.get("all"):  # 全部下级单位
            posted.setlist("to", [str(b.pk) for b in below])
        try:  # an id of a bureau not below is missing, as in the API
            receivers = bureaus_below_for(request.user, org, [int(i) for i in posted.getlist("to")])
        except ValueError:
            raise Http404 from None
    form = AssignmentForm(posted, bureaus=below, source=source)
    rows = targets_from(request.POST) if request.method == "POST" else _rows_of(source)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            chosen = {str(d.pk): d for d in indicators}
            by_name = {b.name: b.pk for b in receivers}
            assignment = services.issue(
                org,
                actor=request.user,
                title=data["title"],
                goal=data["goal"],
                due_on=data["due_on"],
                section_title=data["section_title"],
                note=data["note"],
                to=receivers,
                targets=[_target_of(row, chosen, by_name) for row in rows if row["name"]],
                source_task=source,
            )
        except ValidationError as exc:
            messages.error(request, _("未交办:") + " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("已交办给 %(n)s 个单位,等待签收。") % {"n": assignment.receipts.count()},
            )
            return redirect("assignment", pk=assignment.pk)
    while len(rows) < 3:
        rows.append({"name": "", "unit": "", "comparator": ">=", "value": "", "indicator": ""})
    return render(
        request,
        "assignments/new.html",
        {
            "org": org,
            "form": form,
            "below": below,
            "rows": rows,
            "indicators": indicators,
            "source": source,
            "comparators": Comparator.choices,
        },
    )


def _rows_of(task) -> list[dict]:
    """A task of the issuer's plan, handed down: its targets are the ones asked for."""
    if task is None:
        return []
    return [
        {
            "name": t.name,
            "unit": t.unit,
            "comparator": t.comparator,
            "value": "" if t.value is None else f"{t.value.normalize():f}",
            "indicator": str(t.indicator_id or ""),
            "per_bureau": "",
        }
        for t in task.targets.order_by("id")
    ]


def _target_of(row: dict, indicators: dict, bureau_ids: dict) -> dict:
    per_bureau = {}
    for line in row.get("per_bureau", "").splitlines():
        if not line.strip():
            continue
        name, _sep, value = line.strip().rpartition(" ")
        name = name.strip()
        if name not in bureau_ids:
            raise ValidationError(
                _("“%(name)s”的分单位目标值:“%(line)s”不是所选的下级单位")
                % {"name": row["name"], "line": line.strip()[:40]}
            )
        per_bureau[bureau_ids[name]] = value
    return {
        "name": row["name"],
        "unit": row["unit"],
        "comparator": row["comparator"],
        "value": row["value"],
        "indicator": indicators.get(row["indicator"]),
        "per_bureau": per_bureau,
    }


@login_required
@require_http_methods(["GET", "POST"])
def assignment_page(request, pk):
    """The issuer's task handed down: every bureau's state, status and figures."""
    assignment = assignment_for(request.user, pk)
    acc = access(request.user)
    can_assign = acc.may(Action.ASSIGN, assignment.issuer)
    if request.method == "POST":
        assignment = assignment_for(request.user, pk, Action.ASSIGN)
        action = request.POST.get("action")
        try:
            if action == "remind":
                reminded = services.remind_now(assignment, actor=request.user)
                messages.success(request, _("已催签 %(n)s 个单位。") % {"n": len(reminded)})
            elif action in ("agree", "refuse"):
                receipt = receipt_for(request.user, request.POST.get("receipt"))
                if receipt.assignment_id != assignment.pk:
                    raise Http404
                services.answer_due_change(
                    receipt,
                    actor=request.user,
                    agree=action == "agree",
                    text=request.POST.get("text", ""),
                )
                messages.success(request, _("已答复。"))
            else:
                raise ValidationError(_("未知操作"))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("assignment", pk=assignment.pk)
    # the issuer's day (today, or the day it looks back on), within the assignment's life
    issued = timezone.localdate(assignment.created_at)
    day = requested_day(request.GET.get("date")) or max(
        issued, min(wall_day(assignment.issuer), assignment.due_on)
    )
    rolled = rollup(assignment, day)
    readable = {
        r.receipt.task_id
        for r in _whole_tree(rolled.rows)
        if r.receipt.task_id and acc.can_read_org(r.receipt.organization_id)
    }
    rows, rows_keep = page_of(request, rolled.rows, per_page=100)
    return render(
        request,
        "assignments/assignment.html",
        {
            "org": assignment.issuer,
            "assignment": assignment,
            "rolled": rolled,
            "rows": rows,
            "rows_keep": rows_keep,
            "day": day,
            "targets": assignment.targets.select_related("indicator"),
            "readable": readable,
            "can_assign": can_assign,
            "asked": [
                r.receipt for r in rolled.rows if r.receipt.state == ReceiptState.CHANGE_ASKED
            ],
        },
    )


def _whole_tree(rows):
    for row in rows:
        yield row
        for below in row.below:
            yield from _whole_tree(below.rows)


@login_required
@require_http_methods(["GET", "POST"])
def receipt_page(request, pk):
    """The receiver's side: what was handed down, and 签收, 退回 or 申请调整时限."""
    receipt = receipt_for(request.user, pk)
    acc = access(request.user)
    org = receipt.organization
    if request.method == "POST":
        receipt = receipt_for(request.user, pk, Action.ACCEPT)
        action = request.POST.get("action")
        try:
            if action == "accept":
                plan = plan_for(request.user, request.POST.get("plan"), Action.EDIT)
                section_id = request.POST.get("section")
                section = plan.sections.filter(pk=section_id).first() if section_id else None
                if section_id and section is None:
                    raise Http404
                task = services.accept(
                    receipt,
                    actor=request.user,
                    plan=plan,
                    section=section,
                    departments=[
                        department_for(request.user, d, org)
                        for d in request.POST.getlist("departments")
                    ],
                    leaders=[person_for(request.user, p) for p in request.POST.getlist("leaders")],
                )
                messages.success(request, _("已签收,任务已加入“%(plan)s”。") % {"plan": plan.title})
                return redirect("task", pk=task.pk)
            if action == "decline":
                services.decline(receipt, actor=request.user, reason=request.POST.get("reason", ""))
                messages.success(request, _("已退回交办单位。"))
            elif action == "change":
                asked = request.POST.get("due_on", "")
                try:
                    due_on = datetime.date.fromisoformat(asked)
                except ValueError:
                    raise ValidationError(_("日期格式应为 2023-10-20")) from None
                services.ask_due_change(
                    receipt,
                    actor=request.user,
                    due_on=due_on,
                    reason=request.POST.get("reason", ""),
                )
                messages.success(request, _("申请已送交办单位。"))
            else:
                raise ValidationError(_("未知操作"))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("receipt", pk=receipt.pk)
    can_accept = acc.may(Action.ACCEPT, receipt) and receipt.state == ReceiptState.PENDING
    plans = (
        Plan.objects.filter(organization=org)
        .exclude(state=PlanState.CLOSED)
        .prefetch_related("sections")
        .order_by("-year", "title")
        if can_accept
        else []
    )
    targets = list(receipt.assignment.targets.select_related("indicator"))
    for target in targets:
        target.mine = target.value_for(org.pk)
    return render(
        request,
        "assignments/receipt.html",
        {
            "org": org,
            "receipt": receipt,
            "assignment": receipt.assignment,
            "targets": targets,
            "can_accept": can_accept,
            "plans": plans,
            "departments": org.departments.filter(is_active=True).order_by("name")
            if can_accept
            else [],
            "leaders": Person.objects.filter(organization=org)
            .filter(Q(memberships__role=Role.LEADER) | Q(memberships__isnull=True))
            .distinct()
            .order_by("name")
            if can_accept
            else [],
            "can_hand_down": receipt.task_id
            and acc.may(Action.ASSIGN, org)
            and org.children.exists(),
            "task_readable": receipt.task_id and acc.can_read_org(org.pk),
        },
    )


@login_required
@require_POST
def instruction_add(request, pk):
    task = task_for(request.user, pk, Action.INSTRUCT)
    try:
        instructions.instruct(task, actor=request.user, text=request.POST.get("text", ""))
    except ValidationError as exc:
        messages.error(request, _("未批示:") + " ".join(exc.messages))
    else:
        messages.success(request, _("批示已送责任科室。"))
    return redirect(f"{task_url(task)}#instructions")


@login_required
@require_POST
def instruction_act(request, pk):
    """An answer (落实情况) from the 科室, or the leader's 已落实 / 再次批示."""
    instruction = instruction_for(request.user, pk)
    action = request.POST.get("action")
    text = request.POST.get("text", "")
    try:
        if action == "reply":
            instructions.reply(instruction, actor=request.user, text=text)
        elif action == "done":
            instructions.mark_done(instruction, actor=request.user)
        elif action == "again":
            instructions.ask_again(instruction, actor=request.user, text=text)
        else:
            raise ValidationError(_("未知操作"))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已保存。"))
    return redirect(f"{task_url(instruction.task)}#instructions")


def task_url(task) -> str:
    from django.urls import reverse

    return reverse("task", args=[task.pk])

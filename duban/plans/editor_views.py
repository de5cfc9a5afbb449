"""The office's plan editor: a new plan, its settings and state, its sections, and adding,
moving, removing or closing tasks. Each view loads through the gate, calls one service
and comes back to the page it was sent from with a one-line message."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from duban.orgs.access import Action, organization_for, plan_for, section_for, target_for, task_for
from duban.plans import lifecycle, paste, services
from duban.plans.forms import PlanForm, TargetForm, TaskForm, form_errors, task_people
from duban.plans.import_views import column_rows
from duban.plans.models import PlanKind

MOVES = {"up": -1, "down": 1}


def _refused(request, exc: ValidationError, prefix: str = "") -> None:
    messages.error(request, (prefix or _("未保存:")) + " ".join(exc.messages))


def _form_refused(request, form) -> None:
    messages.error(request, _("未保存:") + form_errors(form))


@login_required
def plan_new(request, pk):
    org = organization_for(request.user, pk, Action.EDIT)
    form = PlanForm(request.POST or None, initial={"kind": PlanKind.TASK_LIST})
    if request.method == "POST":
        if form.is_valid():
            try:
                plan = services.create_plan(org, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _refused(request, exc)
            else:
                messages.success(request, _("已新建草稿。添加任务后点“下发”,科室才看得到。"))
                return redirect("plan", pk=plan.pk)
        else:
            _form_refused(request, form)
    return render(request, "plans/plan_new.html", {"org": org, "form": form})


@login_required
@require_POST
def plan_settings(request, pk):
    plan = plan_for(request.user, pk, Action.EDIT)
    form = PlanForm(request.POST)
    if not form.is_valid():
        _form_refused(request, form)
        return redirect("plan", pk=plan.pk)
    try:
        lifecycle.update_plan(plan, actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("清单已保存。"))
    return redirect("plan", pk=plan.pk)


@login_required
@require_POST
def plan_state(request, pk):
    plan = plan_for(request.user, pk)
    try:
        lifecycle.set_plan_state(plan, actor=request.user, state=request.POST.get("state", ""))
    except ValidationError as exc:
        _refused(request, exc, _("未改变:"))
    else:
        messages.success(request, _("清单现为“%(state)s”。") % {"state": plan.get_state_display()})
    return redirect("plan", pk=plan.pk)


@login_required
@require_POST
def plan_delete(request, pk):
    plan = plan_for(request.user, pk, Action.EDIT)
    org_pk = plan.organization_id
    try:
        lifecycle.delete_plan(plan, actor=request.user)
    except ValidationError as exc:
        _refused(request, exc, _("未删除:"))
        return redirect("plan", pk=plan.pk)
    messages.success(request, _("草稿已删除。"))
    return redirect("organization", pk=org_pk)


@login_required
@require_POST
def section_add(request, pk):
    plan = plan_for(request.user, pk, Action.EDIT)
    try:
        services.add_section(
            plan,
            actor=request.user,
            title=request.POST.get("title", ""),
            seq=request.POST.get("seq", ""),
        )
    except ValidationError as exc:
        _refused(request, exc)
    return redirect("plan", pk=plan.pk)


@login_required
@require_POST
def section_change(request, pk):
    section = section_for(request.user, pk, Action.EDIT)
    plan = section.plan
    action = request.POST.get("action", "")
    try:
        if action in MOVES:
            lifecycle.move_section(section, actor=request.user, by=MOVES[action])
        elif action == "remove":
            lifecycle.remove_section(section, actor=request.user)
        else:
            lifecycle.rename_section(
                section,
                actor=request.user,
                title=request.POST.get("title", ""),
                seq=request.POST.get("seq", ""),
            )
    except ValidationError as exc:
        _refused(request, exc)
    return redirect("plan", pk=plan.pk)


@login_required
@require_POST
def task_add(request, pk):
    plan = plan_for(request.user, pk, Action.EDIT)
    parent = None
    if request.POST.get("parent"):
        parent = task_for(request.user, request.POST["parent"], Action.EDIT)
    form = TaskForm(request.POST, plan=plan)
    if not form.is_valid():
        _form_refused(request, form)
        return redirect("task", pk=parent.pk) if parent else redirect("plan", pk=plan.pk)
    fields = {k: v for k, v in form.cleaned_data.items() if k in services.TASK_FIELDS}
    fields.pop("order", None)
    try:
        task = services.add_task(
            plan,
            actor=request.user,
            parent=parent,
            leaders=form.cleaned_data["leaders"],
            departments=task_people(form.cleaned_data),
            weight=fields.pop("weight") or 1,
            **fields,
        )
    except (ValidationError, ValueError) as exc:
        messages.error(request, _("未保存:") + " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("task", pk=parent.pk) if parent else redirect("plan", pk=plan.pk)
    messages.success(request, _("已添加“%(title)s”。") % {"title": task.title})
    return redirect("task", pk=parent.pk) if parent else redirect("plan", pk=plan.pk)


@login_required
@require_POST
def task_change(request, pk):
    """Move, remove, close or reopen a task."""
    task = task_for(request.user, pk, Action.EDIT)
    action = request.POST.get("action", "")
    back = redirect("plan", pk=task.plan_id)
    try:
        if action in MOVES:
            lifecycle.move_task(task, actor=request.user, by=MOVES[action])
            return redirect("task", pk=task.parent_id) if task.parent_id else back
        if action == "remove":
            lifecycle.remove_task(task, actor=request.user)
            messages.success(request, _("任务已删除。"))
            return redirect("task", pk=task.parent_id) if task.parent_id else back
        if action == "close":
            lifecycle.close_task(task, actor=request.user, reason=request.POST.get("reason", ""))
            messages.success(request, _("任务已关闭。"))
        elif action == "reopen":
            lifecycle.reopen_task(task, actor=request.user)
            messages.success(request, _("任务已重新打开。"))
    except ValidationError as exc:
        _refused(request, exc, _("未改变:"))
    return redirect("task", pk=task.pk)


def _target_fields(form) -> dict:
    return {k: form.cleaned_data[k] for k in services.TARGET_FIELDS if k in form.cleaned_data}


@login_required
@require_POST
def target_add(request, pk):
    task = task_for(request.user, pk, Action.EDIT)
    form = TargetForm(request.POST, prefix="new-target")
    if not form.is_valid():
        _form_refused(request, form)
        return redirect("task", pk=task.pk)
    fields = _target_fields(form)
    try:
        services.add_target(
            task, actor=request.user, name=fields.pop("name"), value=fields.pop("value"), **fields
        )
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("指标已添加。"))
    return redirect("task", pk=task.pk)


@login_required
@require_POST
def target_change(request, pk):
    target = target_for(request.user, pk, Action.EDIT)
    task = target.task
    back = redirect("task", pk=task.parent_id or task.pk)
    try:
        if request.POST.get("action") == "remove":
            services.remove_target(target, actor=request.user)
            messages.success(request, _("指标已删除。"))
            return back
        form = TargetForm(request.POST, instance=target, prefix=f"target-{target.pk}")
        if not form.is_valid():
            _form_refused(request, form)
            return back
        services.update_target(target, actor=request.user, **_target_fields(form))
        messages.success(request, _("指标已保存。"))
    except ValidationError as exc:
        _refused(request, exc)
    return back


@login_required
@require_POST
def plan_copy(request, pk):
    plan = plan_for(request.user, pk)
    try:
        year = int(request.POST.get("year", ""))
        if not 2000 <= year <= 2100:
            raise ValueError
    except ValueError:
        messages.error(request, _("未复制:年度应为 2000 至 2100 之间的数字"))
        return redirect("plan", pk=plan.pk)
    try:
        copy = lifecycle.copy_plan(
            plan, actor=request.user, year=year, keep_targets=bool(request.POST.get("keep_targets"))
        )
    except ValidationError as exc:
        _refused(request, exc, _("未复制:"))
        return redirect("plan", pk=plan.pk)
    messages.success(request, _("已复制为 %(year)s 年的草稿。") % {"year": year})
    return redirect("plan", pk=copy.pk)


@login_required
@require_POST
def plan_paste(request, pk):
    """The paste's preview; with ``confirm``, the whole paste saved."""
    plan = plan_for(request.user, pk, Action.EDIT)
    text = request.POST.get("rows", "")
    try:
        if request.POST.get("confirm"):
            made = paste.save_paste(plan, actor=request.user, text=text)
            messages.success(request, _("已添加 %(n)s 项任务。") % {"n": len(made)})
            return redirect("plan", pk=plan.pk)
        pasted = paste.read_paste(plan, text)
    except ValidationError as exc:
        _refused(request, exc)
        return redirect("plan", pk=plan.pk)
    columns = column_rows(pasted.columns)
    return render(
        request,
        "plans/paste_preview.html",
        {
            "plan": plan,
            "org": plan.organization,
            "pasted": pasted,
            "text": text,
            "columns": columns,
        },
    )

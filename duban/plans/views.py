from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from duban.orgs.access import Action, access, plan_for, task_for
from duban.plans import services
from duban.plans.forms import (
    CATALOGUE_LIST,
    PlanForm,
    TargetForm,
    TaskForm,
    form_errors,
    indicator_aliases,
    task_people,
)
from duban.plans.history import plan_changes, task_changes
from duban.plans.models import IndicatorDefinition, Target, Task, TaskDepartment
from duban.progress.models import Reading


def _task_rows():
    """What a task row shows, fetched in a fixed number of queries whatever the plan size."""
    return Task.objects.select_related("business_line").prefetch_related(
        "leaders",
        Prefetch("department_links", TaskDepartment.objects.select_related("department")),
        "targets",
    )


@login_required
def plan_page(request, pk):
    plan = plan_for(request.user, pk)
    tasks = list(
        _task_rows()
        .filter(plan=plan, parent__isnull=True)
        .prefetch_related(Prefetch("children", _task_rows().order_by("order")))
        .order_by("order")
    )
    sections = list(plan.sections.all())
    can_edit = access(request.user).may(Action.EDIT, plan)
    grouped = [(s, [t for t in tasks if t.section_id == s.pk]) for s in sections]
    loose = [t for t in tasks if t.section_id is None]
    if loose:
        grouped.insert(0, (None, loose))
    return render(
        request,
        "plans/plan.html",
        {
            "plan": plan,
            "org": plan.organization,
            "grouped": grouped,
            "task_count": len(tasks),
            "periods": plan.periods.all(),
            "can_edit": can_edit,
            "can_manage": access(request.user).may(Action.EDIT, plan.organization),
            "changes": plan_changes(plan) if can_edit else [],
            "task_form": TaskForm(plan=plan, auto_id="new-%s") if can_edit else None,
            "plan_form": PlanForm(
                initial={"title": plan.title, "year": plan.year, "kind": plan.kind}
            )
            if can_edit
            else None,
        },
    )


def _pace_chart(task, target, readings) -> dict:
    """A target's readings over time against its pace line: from nothing at the start of
    the plan to the target value on its due date (序时进度)."""
    due = target.due_date or task.deadline or task.plan.ends_on
    return {
        "name": f"{target.name}({target.unit})",
        "readings": [[r.as_of.isoformat(), float(r.value)] for r in readings],
        "pace": [[task.plan.starts_on.isoformat(), 0], [due.isoformat(), float(target.value)]],
    }


def from_above(task, acc) -> dict:
    """What the task page shows of work from above: the assignment it was accepted from,
    the assignments it was handed down as, and the 领导批示 on it with their answers."""
    from duban.assignments.models import Assignment, Instruction, Receipt

    org = task.plan.organization
    return {
        "receipt": Receipt.objects.filter(task=task).select_related("assignment__issuer").first(),
        "handed_down": Assignment.objects.filter(source_task=task).order_by("-created_at"),
        "instructions": Instruction.objects.filter(task=task)
        .select_related("author")
        .prefetch_related("replies__author")
        .order_by("-created_at"),
        "can_instruct": acc.may(Action.INSTRUCT, task),
        "can_hand_down": task.parent_id is None
        and task.plan.state != "draft"
        and acc.may(Action.ASSIGN, org)
        and org.children.exists(),
    }


@login_required
def task_page(request, pk):
    task = task_for(request.user, pk)
    task = (
        _task_rows()
        .select_related("plan__organization", "plan__source", "section", "parent")
        .get(pk=task.pk)
    )
    children = _task_rows().filter(parent=task).order_by("order")
    targets = list(
        Target.objects.filter(task__in=[task, *children])
        .select_related("indicator", "task")
        .prefetch_related(
            Prefetch("readings", queryset=Reading.objects.select_related("report__period"))
        )
    )
    charts = []
    for target in targets:
        readings = sorted(target.readings.all(), key=lambda r: (r.as_of, r.pk))
        target.latest = readings[-1] if readings else None
        target.percent = target.completion(target.latest.value if target.latest else None)
        if readings and target.value is not None:
            charts.append(_pace_chart(task, target, readings))
    reports = task.reports.select_related("period").order_by("-period__ends_on")
    acc = access(request.user)
    can_edit, can_report = acc.may(Action.EDIT, task), acc.may(Action.REPORT, task)
    indicators = list(IndicatorDefinition.objects.order_by("name")) if can_edit else []
    if can_edit:
        for target in targets:
            target.form = TargetForm(
                instance=target, prefix=f"target-{target.pk}", indicators=indicators
            )
    open_periods = task.plan.periods.filter(is_open=True)
    return render(
        request,
        "plans/task.html",
        {
            "task_form": TaskForm(instance=task, auto_id="edit-%s") if can_edit else None,
            "target_form": TargetForm(prefix="new-target", indicators=indicators)
            if can_edit
            else None,
            "catalogue": [(i, indicator_aliases(i)) for i in indicators],
            "catalogue_list": CATALOGUE_LIST,
            "item_form": TaskForm(plan=task.plan, auto_id="item-%s")
            if can_edit and not task.parent_id
            else None,
            "open_periods": open_periods if can_report else [],
            "notices": task.notices.select_related("department"),
            "can_supervise": acc.may(Action.SUPERVISE, task),
            **from_above(task, acc),
            "task": task,
            "plan": task.plan,
            "org": task.plan.organization,
            "children": children,
            "targets": targets,
            "charts": charts,
            "reports": reports,
            "changes": task_changes(task, limit=20),
            "can_edit": can_edit,
            "can_report": can_report,
        },
    )


@login_required
@require_POST
def task_edit(request, pk):
    task = task_for(request.user, pk, Action.EDIT)
    stored = {name: getattr(task, name) for name in ("seq", "title", "goal", "deadline")}
    form = TaskForm(request.POST, instance=task)
    if not form.is_valid():
        messages.error(request, _("未保存:") + form_errors(form))
        return redirect("task", pk=task.pk)
    seen = form.cleaned_data.get("seen")
    fields = {k: v for k, v in form.cleaned_data.items() if k in services.TASK_FIELDS}
    if fields.get("weight") is None:
        fields.pop("weight", None)
    if task.parent_id:
        fields.pop("section", None)  # a sub-item is in its task's section
    try:
        services.update_task(
            task,
            actor=request.user,
            expected_version=int(seen) if seen and seen.isdigit() else None,
            leaders=form.cleaned_data["leaders"],
            departments=task_people(form.cleaned_data),
            **fields,
        )
    except services.StaleTask:  # someone saved it after this editor opened it
        messages.error(request, _stale_message(task, stored, form.cleaned_data))
        return redirect("task", pk=task.pk)
    except (ValidationError, ValueError) as exc:
        messages.error(request, _("未保存:") + " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("task", pk=task.pk)
    messages.success(request, _("任务已保存。"))
    return redirect("task", pk=task.pk)


def _stale_message(task, stored: dict, mine: dict) -> str:
    """Someone saved the task after this editor opened it: both versions, field by field."""
    labels = {name: Task._meta.get_field(name).verbose_name for name in stored}
    differ = [
        _("%(field)s:现在为“%(now)s”,你填写的是“%(mine)s”")
        % {"field": labels[name], "now": stored[name] or "—", "mine": mine.get(name) or "—"}
        for name in stored
        if (stored[name] or None) != (mine.get(name) or None)
    ]
    return " ".join([_("未保存:任务已被他人修改,请核对后重新修改。"), *differ])


@login_required
def task_history(request, pk):
    """The full change history of a task, as an htmx fragment or a page."""
    task = task_for(request.user, pk)
    template = "plans/_history.html" if request.htmx else "plans/task_history.html"
    return render(
        request,
        template,
        {
            "task": task,
            "plan": task.plan,
            "org": task.plan.organization,
            "changes": task_changes(task),
        },
    )

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import render

from duban.orgs.access import access, plan_for, task_for
from duban.plans.history import task_changes
from duban.plans.models import Target, Task, TaskDepartment


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
        },
    )


@login_required
def task_page(request, pk):
    task = task_for(request.user, pk)
    task = _task_rows().select_related("plan__organization", "section", "parent").get(pk=task.pk)
    children = _task_rows().filter(parent=task).order_by("order")
    targets = Target.objects.filter(task__in=[task, *children]).select_related("indicator", "task")
    reports = task.reports.select_related("period").order_by("-period__ends_on")
    acc = access(request.user)
    return render(
        request,
        "plans/task.html",
        {
            "task": task,
            "plan": task.plan,
            "org": task.plan.organization,
            "children": children,
            "targets": targets,
            "reports": reports,
            "changes": task_changes(task, limit=20),
            "can_edit": acc.may("edit", task),
            "can_report": acc.may("report", task),
        },
    )


@login_required
def task_history(request, pk):
    """The full change history of a task, as an htmx fragment or a page."""
    task = task_for(request.user, pk)
    template = "plans/_history.html" if request.htmx else "plans/task_history.html"
    return render(
        request,
        template,
        {"task": task, "plan": task.plan, "org": task.plan.organization, "changes": task_changes(task)},
    )

"""A plan's life in the site: built as a draft, put in force (下发), closed at the end of
its year; its sections added, renamed, moved and removed; a task removed while nothing
was reported on it, else closed with a reason. Each change is one function with
``actor=``, checked by the access gate, refused with a stable code and a message."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duban import refusal
from duban.audit import stamp
from duban.orgs.access import Access, Action
from duban.plans.models import Plan, PlanKind, PlanState, Section, Task
from duban.refusal import refused

# from → the states it may go to, and the word for the step
STEPS = {
    PlanState.DRAFT: {PlanState.IN_FORCE},
    PlanState.IN_FORCE: {PlanState.CLOSED},
    PlanState.CLOSED: {PlanState.IN_FORCE},
}


def _has_progress(tasks) -> bool:
    from duban.progress.models import ProgressReport

    return ProgressReport.objects.filter(task__in=tasks).exists()


@transaction.atomic
def update_plan(plan: Plan, *, actor, title=None, year=None, kind=None) -> Plan:
    Access.of(actor).require(Action.EDIT, plan)
    if title is not None:
        plan.title = refusal.text(title, label=_("标题")).strip()
    if kind is not None:
        if kind not in PlanKind.values:
            raise refused("bad_kind", _("类别应为任务清单或其他计划"))
        plan.kind = kind
    if year is not None and int(year) != plan.year:
        if plan.periods.exists():
            raise refused("year_in_use", _("已开放报告期的清单不能改年度"))
        plan.year = int(year)
        plan.starts_on, plan.ends_on = None, None  # the new year's, on save
    refusal.checked(plan, exclude=["organization", "source", "starts_on", "ends_on"])
    stamp(plan, actor).save()
    return plan


@transaction.atomic
def set_plan_state(plan: Plan, *, actor, state: str) -> Plan:
    """下发 a draft, close a plan in force, reopen a closed one."""
    Access.of(actor).require(Action.EDIT, plan.organization)
    if state not in STEPS.get(plan.state, set()):
        raise refused(
            "bad_step",
            _("清单现为“%(now)s”,不能改为“%(to)s”"),
            now=plan.get_state_display(),
            to=PlanState(state).label if state in PlanState.values else state,
        )
    if plan.state == PlanState.DRAFT and not plan.tasks.exists():
        raise refused("empty_plan", _("清单还没有任务,不能下发"))
    plan.state = state
    stamp(plan, actor).save(update_fields=["state"])
    if state == PlanState.CLOSED:  # no more reports: no more reminders for its periods
        plan.periods.filter(is_open=True).update(is_open=False)
    return plan


@transaction.atomic
def delete_plan(plan: Plan, *, actor) -> None:
    """Only a draft on which nothing was reported is deleted; anything else is closed."""
    Access.of(actor).require(Action.EDIT, plan)
    if plan.state != PlanState.DRAFT:
        raise refused("not_draft", _("只能删除草稿;已下发的清单请关闭"))
    if plan.periods.exists() or _has_progress(plan.tasks.all()):
        raise refused("plan_in_use", _("清单已有报告期或进展,不能删除,请关闭"))
    stamp(plan, actor).delete()


@transaction.atomic
def rename_section(section: Section, *, actor, title: str, seq: str | None = None) -> Section:
    Access.of(actor).require(Action.EDIT, section.plan)
    section.title = refusal.text(title, label=_("标题")).strip()
    if seq is not None:
        section.seq = refusal.text(seq, label=_("序号")).strip()
    refusal.checked(section, exclude=["plan"])
    section.save()
    return section


@transaction.atomic
def move_section(section: Section, *, actor, by: int) -> Section:
    """One place up (-1) or down (+1) among the plan's sections."""
    Access.of(actor).require(Action.EDIT, section.plan)
    _move(list(section.plan.sections.order_by("order", "pk")), section, by)
    return section


@transaction.atomic
def remove_section(section: Section, *, actor) -> None:
    Access.of(actor).require(Action.EDIT, section.plan)
    if section.tasks.exists():
        raise refused("section_in_use", _("该来源下还有任务:先移走或删除任务"))
    section.delete()
    for order, rest in enumerate(section.plan.sections.order_by("order", "pk")):
        if rest.order != order:
            Section.objects.filter(pk=rest.pk).update(order=order)


@transaction.atomic
def move_task(task: Task, *, actor, by: int) -> Task:
    """One place up or down among the tasks of its section (or its parent's sub-items)."""
    Access.of(actor).require(Action.EDIT, task)
    siblings = Task.objects.filter(plan=task.plan_id, parent=task.parent_id)
    if task.parent_id is None:
        siblings = siblings.filter(section=task.section_id)
    _move(list(siblings.order_by("order", "pk")), task, by)
    return task


def _move(rows: list, row, by: int) -> None:
    index = next(i for i, r in enumerate(rows) if r.pk == row.pk)
    to = index + by
    if not 0 <= to < len(rows):
        return  # already first or last
    a, b = rows[index], rows[to]
    a.order, b.order = b.order, a.order
    if a.order == b.order:  # orders never set apart: number them as they stand
        for order, r in enumerate(rows):
            r.order = order
        rows[index].order, rows[to].order = to, index
        for r in rows:
            type(r).objects.filter(pk=r.pk).update(order=r.order)
        return
    type(a).objects.filter(pk=a.pk).update(order=a.order)
    type(b).objects.filter(pk=b.pk).update(order=b.order)


@transaction.atomic
def remove_task(task: Task, *, actor) -> None:
    """A task (with its sub-items) on which nothing was reported; else refused: close it."""
    Access.of(actor).require(Action.EDIT, task)
    if _has_progress([task, *task.children.all()]):
        raise refused("task_in_use", _("该任务已有进展报告,不能删除:请关闭并说明原因"))
    stamp(task, actor).delete()


@transaction.atomic
def close_task(task: Task, *, actor, reason: str) -> Task:
    """A task that will not be carried on: kept, with the day and the reason."""
    Access.of(actor).require(Action.EDIT, task)
    reason = refusal.text(reason, label=_("关闭原因")).strip()
    if not reason:
        raise refused("reason_required", _("关闭任务须说明原因"))
    task.closed_on = timezone.localdate()
    task.close_reason = reason[:200]
    stamp(task, actor).save(update_fields=["closed_on", "close_reason", "updated_at"])
    return task


@transaction.atomic
def reopen_task(task: Task, *, actor) -> Task:
    Access.of(actor).require(Action.EDIT, task)
    task.closed_on, task.close_reason = None, ""
    stamp(task, actor).save(update_fields=["closed_on", "close_reason", "updated_at"])
    return task


def _moved(day, years: int):
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def copy_plan(plan: Plan, *, actor, year: int, keep_targets: bool = True, title: str = "") -> Plan:
    """Next year's draft from this plan: its sections, tasks and sub-items with their
    leaders, 科室, weights and (by choice) targets, dates moved by the years between;
    never its periods, reports or readings."""
    from duban.plans import services

    Access.of(actor).require(Action.READ, plan)
    years = int(year) - plan.year
    title = title or plan.title.replace(str(plan.year), str(year))
    copy = services.create_plan(
        plan.organization, actor=actor, year=int(year), title=title, kind=plan.kind
    )
    sections = {}
    for section in plan.sections.order_by("order", "pk"):
        sections[section.pk] = services.add_section(
            copy, actor=actor, title=section.title, seq=section.seq
        )
    tasks = (
        plan.tasks.filter(parent=None)
        .prefetch_related("leaders", "department_links__department", "targets", "children")
        .order_by("order", "pk")
    )

    def copy_task(task, parent=None):
        made = services.add_task(
            copy,
            actor=actor,
            parent=parent,
            seq=task.seq,
            title=task.title,
            goal=task.goal,
            section=sections.get(task.section_id) if parent is None else None,
            business_line=task.business_line,
            leaders=list(task.leaders.all()),
            departments=task.ordered_departments(),
            deadline=_moved(task.deadline, years),
            weight=task.weight,
            as_printed=True,  # the plan being copied is what it is
        )
        if keep_targets:
            for target in task.targets.all():
                services.add_target(
                    made,
                    actor=actor,
                    name=target.name,
                    value=target.value,
                    unit=target.unit,
                    comparator=target.comparator,
                    value_max=target.value_max,
                    due_date=_moved(target.due_date, years),
                    indicator=target.indicator,
                    as_printed=True,
                )
        return made

    for task in tasks:
        made = copy_task(task)
        for child in task.children.order_by("order", "pk"):
            copy_task(child, parent=made)
    return copy

"""Every change to plans, sections, tasks and targets; each records who made it."""

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from duban import refusal
from duban.audit import stamp
from duban.orgs.access import Access, Action
from duban.orgs.models import Department, Organization, Person
from duban.plans.models import (
    BusinessLine,
    Comparator,
    Plan,
    PlanKind,
    PlanState,
    Section,
    Target,
    Task,
    TaskDepartment,
)
from duban.refusal import refused

TASK_FIELDS = {"seq", "title", "goal", "business_line", "deadline", "weight", "section", "order"}
TARGET_FIELDS = {"name", "unit", "comparator", "value", "value_max", "due_date", "indicator"}


@transaction.atomic
def create_plan(
    org: Organization,
    *,
    actor,
    year: int,
    title: str,
    source_name: str = "",
    kind: str = PlanKind.TASK_LIST,
    state: str = PlanState.DRAFT,
) -> Plan:
    """A new plan: a draft the office builds, unless it records one already in force (an
    imported list)."""
    Access.of(actor).require(Action.EDIT, org)
    title = refusal.text(title, label=_("标题")).strip()
    plan = Plan(
        organization=org, year=year, title=title, source_name=source_name, kind=kind, state=state
    )
    refusal.checked(plan, exclude=["organization", "source", "starts_on", "ends_on"])
    stamp(plan, actor).save()
    return plan


@transaction.atomic
def add_section(plan: Plan, *, actor, title: str, seq: str = "") -> Section:
    Access.of(actor).require(Action.EDIT, plan)
    order = plan.sections.count()
    section = Section(plan=plan, seq=seq, title=title.strip(), order=order)
    refusal.checked(section, exclude=["plan"])
    section.save()
    return section


@transaction.atomic
def add_task(
    plan: Plan,
    *,
    actor,
    title: str,
    seq: str = "",
    goal: str = "",
    section: Section | None = None,
    parent: Task | None = None,
    business_line: BusinessLine | None = None,
    leaders: Iterable[Person] = (),
    departments: Iterable[Department] = (),
    deadline=None,
    weight: Decimal | int = 1,
    as_printed: bool = False,
) -> Task:
    """Add a task, or a sub-item when ``parent`` is given. Departments: the first leads.
    ``as_printed``: the record of a document (an import), whose 序号 may repeat as printed."""
    Access.of(actor).require(Action.EDIT, plan)
    if parent is not None and parent.plan_id != plan.pk:
        raise ValueError("子项必须与上级任务属于同一任务清单")
    if section is not None and section.plan_id != plan.pk:
        raise refused("foreign_section", _("任务来源不属于该清单"))
    leaders = list(leaders)
    _check_people(plan, leaders)
    if not as_printed:
        _check_seq(plan, seq, section if parent is None else parent.section, parent)
    task = stamp(
        Task(
            plan=plan,
            section=section if parent is None else parent.section,
            parent=parent,
            seq=seq,
            title=title.strip(),
            goal=goal.strip(),
            business_line=business_line,
            deadline=deadline,
            weight=Decimal(weight),
            order=plan.tasks.count(),
        ),
        actor,
    )
    refusal.checked(task, exclude=["plan", "section", "parent", "business_line"])
    task.save()
    _set_departments(task, departments, actor)
    if leaders:
        task.leaders.set(leaders)
    return task


class StaleTask(ValidationError):
    """Someone saved the task after this editor opened it: nothing was overwritten."""

    def __init__(self, current: Task):
        super().__init__(
            _("此任务已被他人修改(当前为第 %(version)s 版),您的修改未保存;请对照后重新修改"),
            code="stale_version",
            params={"version": current.version},
        )
        self.current = current


@transaction.atomic
def update_task(task: Task, *, actor, expected_version: int | None = None, **changes) -> Task:
    """``expected_version``: the version the editor started from; a newer one refuses."""
    Access.of(actor).require(Action.EDIT, task)
    stored = Task.objects.select_for_update().values_list("version", flat=True).get(pk=task.pk)
    if expected_version is not None and stored != expected_version:
        task.version = stored
        raise StaleTask(task)
    unknown = set(changes) - TASK_FIELDS - {"leaders", "departments"}
    if unknown:
        raise ValueError(f"unknown task fields: {', '.join(sorted(unknown))}")
    leaders = changes.pop("leaders", None)
    departments = changes.pop("departments", None)
    section = changes.get("section", task.section)
    if section is not None and section.plan_id != task.plan_id:
        raise refused("foreign_section", _("任务来源不属于该清单"))
    if leaders is not None:
        leaders = list(leaders)
        _check_people(task.plan, leaders)
    if "seq" in changes or "section" in changes:
        _check_seq(task.plan, changes.get("seq", task.seq), section, task.parent, task)
    for name, value in changes.items():
        setattr(task, name, value)
    if "section" in changes:  # sub-items follow their task
        task.children.update(section=section)
    stamp(task, actor)
    refusal.checked(task, exclude=["plan", "section", "parent", "business_line"])
    task.version = stored + 1
    task.save()
    if departments is not None:
        _set_departments(task, departments, actor)
    if leaders is not None:
        task.leaders.set(leaders)
    return task


def _check_people(plan: Plan, leaders: list[Person]) -> None:
    for person in leaders:
        if person.organization_id != plan.organization_id:
            raise refused("foreign_leader", _("领导“%(name)s”不属于本机构"), name=person.name)


def _check_seq(plan: Plan, seq: str, section, parent, task: Task | None = None) -> None:
    """序号 are as printed and may skip, but not repeat among the same section's tasks (or
    the same task's sub-items)."""
    if not seq.strip():
        return
    same = Task.objects.filter(plan=plan, parent=parent, seq=seq.strip())
    if parent is None:
        same = same.filter(section=section)
    if task is not None:
        same = same.exclude(pk=task.pk)
    if same.exists():
        raise refused("duplicate_seq", _("序号“%(seq)s”在同一来源中已使用"), seq=seq.strip())


def _set_departments(task: Task, departments: Iterable[Department], actor) -> None:
    departments = list(dict.fromkeys(departments))
    for dept in departments:
        if dept.organization_id != task.plan.organization_id:
            raise ValueError(f"科室“{dept}”不属于本机构")
    for link in task.department_links.all():
        stamp(link, actor).delete()
    for order, dept in enumerate(departments):
        stamp(TaskDepartment(task=task, department=dept, order=order), actor).save()


@transaction.atomic
def add_target(
    task: Task, *, actor, name: str, value, unit: str = "", as_printed: bool = False, **fields
) -> Target:
    """``as_printed``: a document's target, whose due date may lie beyond the plan's year
    (到2025年, in a 2023 list)."""
    Access.of(actor).require(Action.EDIT, task)
    unknown = set(fields) - TARGET_FIELDS - {"quote"}
    if unknown:
        raise ValueError(f"unknown target fields: {', '.join(sorted(unknown))}")
    target = stamp(Target(task=task, name=name.strip(), unit=unit, value=value, **fields), actor)
    refusal.checked(target, exclude=["task", "indicator"])
    _check_target(target, due_in_year=not as_printed)
    target.save()
    return target


@transaction.atomic
def update_target(target: Target, *, actor, **changes) -> Target:
    Access.of(actor).require(Action.EDIT, target.task)
    unknown = set(changes) - TARGET_FIELDS - {"quote"}
    if unknown:
        raise ValueError(f"unknown target fields: {', '.join(sorted(unknown))}")
    for name, value in changes.items():
        setattr(target, name, value)
    stamp(target, actor)
    refusal.checked(target, exclude=["task", "indicator"])
    _check_target(target, due_in_year="due_date" in changes)
    target.save()
    return target


def _check_target(target: Target, *, due_in_year: bool = True) -> None:
    """A range has both bounds, the upper not below the lower; a due date falls in the
    plan's year; a name is given."""
    if not target.name.strip():
        raise refused("name_required", _("指标名称不能为空"))
    if target.comparator == Comparator.RANGE:
        if target.value is None or target.value_max is None:
            raise refused("range_needs_bounds", _("区间须填写下限和上限"))
        if target.value_max < target.value:
            raise refused("bad_range", _("区间上限不能小于下限"))
    elif target.value_max is not None:
        raise refused("upper_without_range", _("只有区间才填写上限"))
    plan = target.task.plan
    in_year = plan.starts_on <= target.due_date <= plan.ends_on if target.due_date else True
    if due_in_year and not in_year:
        raise refused(
            "due_outside_plan",
            _("完成时限须在清单年度内(%(start)s 至 %(end)s)"),
            start=plan.starts_on.isoformat(),
            end=plan.ends_on.isoformat(),
        )


@transaction.atomic
def remove_target(target: Target, *, actor) -> None:
    """A target without readings; one with readings is kept (its figures are evidence)."""
    Access.of(actor).require(Action.EDIT, target.task)
    if target.readings.exists():
        raise refused("target_in_use", _("该指标已有读数,不能删除"))
    stamp(target, actor).delete()


def progress_of(task: Task, own_progress: dict[int, float]) -> float | None:
    """Roll progress up: a task with sub-items is the weighted mean of its children.

    ``own_progress`` maps task ids to a 0..1 share measured on that task itself.
    """
    children = list(task.children.all())
    if not children:
        return own_progress.get(task.pk)
    parts = [(progress_of(child, own_progress), child.weight) for child in children]
    parts = [(p, w) for p, w in parts if p is not None]
    total = sum(w for _, w in parts)
    if not parts or total == 0:
        return own_progress.get(task.pk)
    return float(sum(Decimal(str(p)) * w for p, w in parts) / total)

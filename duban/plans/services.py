"""Every change to plans, sections, tasks and targets; each records who made it."""

from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction

from duban import refusal
from duban.audit import stamp
from duban.orgs.access import Access, Action
from duban.orgs.models import Department, Organization, Person
from duban.plans.models import BusinessLine, Plan, Section, Target, Task, TaskDepartment

TASK_FIELDS = {"seq", "title", "goal", "business_line", "deadline", "weight", "section", "order"}
TARGET_FIELDS = {"name", "unit", "comparator", "value", "value_max", "due_date", "indicator"}


@transaction.atomic
def create_plan(org: Organization, *, actor, year: int, title: str, source_name: str = "") -> Plan:
    Access.of(actor).require(Action.EDIT, org)
    plan = Plan(organization=org, year=year, title=title.strip(), source_name=source_name)
    refusal.checked(plan, exclude=["organization", "source", "starts_on", "ends_on"])
    plan.save()
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
) -> Task:
    """Add a task, or a sub-item when ``parent`` is given. Departments: the first leads."""
    Access.of(actor).require(Action.EDIT, plan)
    if parent is not None and parent.plan_id != plan.pk:
        raise ValueError("子项必须与上级任务属于同一任务清单")
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


@transaction.atomic
def update_task(task: Task, *, actor, **changes) -> Task:
    Access.of(actor).require(Action.EDIT, task)
    unknown = set(changes) - TASK_FIELDS - {"leaders", "departments"}
    if unknown:
        raise ValueError(f"unknown task fields: {', '.join(sorted(unknown))}")
    leaders = changes.pop("leaders", None)
    departments = changes.pop("departments", None)
    for name, value in changes.items():
        setattr(task, name, value)
    stamp(task, actor)
    refusal.checked(task, exclude=["plan", "section", "parent", "business_line"])
    task.save()
    if departments is not None:
        _set_departments(task, departments, actor)
    if leaders is not None:
        task.leaders.set(leaders)
    return task


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
def add_target(task: Task, *, actor, name: str, value, unit: str = "", **fields) -> Target:
    Access.of(actor).require(Action.EDIT, task)
    unknown = set(fields) - TARGET_FIELDS - {"quote"}
    if unknown:
        raise ValueError(f"unknown target fields: {', '.join(sorted(unknown))}")
    target = stamp(Target(task=task, name=name.strip(), unit=unit, value=value, **fields), actor)
    refusal.checked(target, exclude=["task", "indicator"])
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
    target.save()
    return target


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

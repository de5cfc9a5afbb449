"""Plans (任务清单), their sections, and tasks with sub-items and targets."""

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from duban.api.errors import answers
from duban.api.routes.common import Page, readable_plan_ids
from duban.api.schemas import (
    IsoDate,
    IsoDateTime,
    PlanDetail,
    PlanOut,
    SectionOut,
    StatusCode,
    TaskDetail,
    TaskOut,
)
from duban.orgs.access import organization_for, plan_for, task_for, visible_organizations
from duban.plans.models import Plan, Target, Task, TaskDepartment
from duban.progress.models import Period, ProgressReport, ReportState
from duban.supervision.board import status_codes_by_task

router = Router(tags=["任务 plans and tasks"])


@router.get("/plans", response=answers(list[PlanOut]), summary="任务清单")
@paginate(Page)
def plans(request, organization: int | None = None, year: int | None = None):
    qs = Plan.objects.filter(pk__in=readable_plan_ids(request)).order_by("-year", "id")
    if organization is not None:
        qs = qs.filter(organization_id=organization)
    if year is not None:
        qs = qs.filter(year=year)
    return qs


@router.get("/plans/{int:plan_id}", response=answers(PlanDetail), summary="任务清单及其任务来源")
def plan(request, plan_id: int):
    found = plan_for(request.user, plan_id)
    return {**PlanOut.from_orm(found).dict(), "sections": sections_of(found)}


@router.get("/plans/{int:plan_id}/sections", response=answers(list[SectionOut]), summary="任务来源")
def sections(request, plan_id: int):
    return sections_of(plan_for(request.user, plan_id))


def sections_of(plan: Plan):
    return list(plan.sections.order_by("order", "id"))


def _tasks():
    return (
        Task.objects.select_related("plan", "business_line")
        .prefetch_related(
            "leaders",
            Prefetch("department_links", TaskDepartment.objects.select_related("department")),
        )
        .order_by("plan_id", "order", "id")
    )


class TaskFilters(Schema):
    organization: int | None = None
    plan: int | None = None
    section: int | None = None
    department: int | None = None
    business_line: str | None = None
    period: int | None = None
    reported: bool | None = None
    status: StatusCode | None = None
    date: IsoDate | None = None
    updated_since: IsoDateTime | None = None
    sub_items: bool = False


@router.get(
    "/tasks", response=answers(list[TaskOut]), summary="任务(可按机构、科室、条线、状态筛选)"
)
@paginate(Page)
def tasks(request, filters: Query[TaskFilters]):
    """``department``: tasks the department answers for (as lead or together with others).
    ``reported=false``: tasks whose report for ``period`` (or, without it, for an open
    period) is not yet submitted or approved — a department's open work. ``status``
    (done, normal, lagging, severe, unreported) is judged on ``date`` (default today)."""
    f = filters
    qs = _tasks().filter(plan__in=readable_plan_ids(request))
    if not f.sub_items:
        qs = qs.filter(parent=None)
    if f.organization is not None:
        qs = qs.filter(plan__organization_id=f.organization)
    if f.plan is not None:
        qs = qs.filter(plan_id=f.plan)
    if f.section is not None:
        qs = qs.filter(section_id=f.section)
    if f.department is not None:
        qs = qs.filter(
            Q(department_links__department_id=f.department)
            | Q(parent__department_links__department_id=f.department)
        ).distinct()
    if f.business_line:
        qs = qs.filter(
            Q(business_line__code=f.business_line) | Q(business_line__name=f.business_line)
        )
    if f.period is not None:
        qs = qs.filter(plan__periods__id=f.period)
    if f.reported is not None:
        qs = qs.filter(_reported(f.period) if f.reported else _pending(f.period))
    if f.updated_since is not None:
        qs = qs.filter(updated_at__gte=f.updated_since)
    if f.status:
        if f.organization is not None:
            orgs = [organization_for(request.user, f.organization)]
        else:
            orgs = list(visible_organizations(request.user))
        codes = status_codes_by_task(orgs, f.date or timezone.localdate())
        qs = qs.filter(pk__in=[pk for pk, code in codes.items() if code == f.status])
    return qs


DONE = (ReportState.SUBMITTED, ReportState.APPROVED)


def _periods(period_id):
    """The period asked for, else every open period (of the task's own plan)."""
    periods = Period.objects.filter(plan_id=OuterRef(OuterRef("plan_id")))
    return periods.filter(pk=period_id) if period_id is not None else periods.filter(is_open=True)


def _done_in_period():
    return ProgressReport.objects.filter(
        period=OuterRef("pk"), task=OuterRef(OuterRef("pk")), state__in=DONE
    )


def _reported(period_id) -> Exists:
    """Submitted or approved for the period (or for some open period)."""
    return Exists(_periods(period_id).filter(Exists(_done_in_period())))


def _pending(period_id) -> Exists:
    """Not yet submitted for the period (or for some open period): open work."""
    return Exists(_periods(period_id).exclude(Exists(_done_in_period())))


@router.get("/tasks/{int:task_id}", response=answers(TaskDetail), summary="任务及其子项、指标目标")
def task(request, task_id: int):
    found = _tasks().get(pk=task_for(request.user, task_id).pk)
    found.children_loaded = list(_tasks().filter(parent=found))
    found.targets_loaded = list(
        Target.objects.filter(task__in=[found, *found.children_loaded])
        .select_related("indicator")
        .order_by("id")
    )
    return found

"""Periods, progress reports and their workflow, readings. Every change goes through
``duban.progress.services``, as the pages do, so both write the same history rows."""

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from duban.api.errors import ApiError, answers
from duban.api.routes.common import Page, etag, expected_version, readable_plan_ids
from duban.api.schemas import (
    IsoDateTime,
    PeriodOut,
    ReadingOut,
    ReadingsIn,
    ReportCreate,
    ReportFields,
    ReportOut,
    ReportUpdate,
    Review,
    Submit,
)
from duban.orgs.access import Action, period_for, report_for, task_for
from duban.progress import services
from duban.progress.models import Period, ProgressReport, Reading, ReportState

router = Router(tags=["进展 periods, reports and readings"])


@router.get("/periods", response=answers(list[PeriodOut]), summary="报告期")
@paginate(Page)
def periods(
    request,
    organization: int | None = None,
    plan: int | None = None,
    code: str | None = None,
    is_open: bool | None = None,
):
    qs = Period.objects.filter(plan__in=readable_plan_ids(request)).order_by(
        "plan_id", "starts_on", "id"
    )
    if organization is not None:
        qs = qs.filter(plan__organization_id=organization)
    if plan is not None:
        qs = qs.filter(plan_id=plan)
    if code:
        qs = qs.filter(code=code)
    if is_open is not None:
        qs = qs.filter(is_open=is_open)
    return qs


@router.get("/periods/{int:period_id}", response=answers(PeriodOut), summary="报告期")
def period(request, period_id: int):
    return period_for(request.user, period_id)


def _reports():
    return ProgressReport.objects.select_related("period").prefetch_related("readings")


class ReportFilters(Schema):
    organization: int | None = None
    plan: int | None = None
    period: int | None = None
    task: int | None = None
    department: int | None = None
    state: ReportState | None = None
    updated_since: IsoDateTime | None = None


@router.get("/reports", response=answers(list[ReportOut]), summary="进展报告")
@paginate(Page)
def reports(request, filters: Query[ReportFilters]):
    f = filters
    qs = _reports().filter(task__plan__in=readable_plan_ids(request))
    if f.organization is not None:
        qs = qs.filter(task__plan__organization_id=f.organization)
    if f.plan is not None:
        qs = qs.filter(task__plan_id=f.plan)
    if f.period is not None:
        qs = qs.filter(period_id=f.period)
    if f.task is not None:
        qs = qs.filter(task_id=f.task)
    if f.department is not None:
        qs = qs.filter(task__department_links__department_id=f.department).distinct()
    if f.state is not None:
        qs = qs.filter(state=f.state)
    if f.updated_since is not None:
        qs = qs.filter(updated_at__gte=f.updated_since)
    return qs.order_by("period_id", "task__order", "id")


def _answer(response: HttpResponse, report: ProgressReport) -> ProgressReport:
    response["ETag"] = etag(report.version)
    return _reports().get(pk=report.pk)


@router.get(
    "/reports/{int:report_id}", response=answers(ReportOut), summary="进展报告(ETag 为其版本)"
)
def report(request, report_id: int, response: HttpResponse):
    return _answer(response, report_for(request.user, report_id))


def _fields(data: ReportFields) -> dict:
    fields = data.dict(exclude_unset=True, exclude={"readings", "task_id", "period_id", "version"})
    if data.readings is not None:
        fields["readings"] = {r.target_id: (r.value, r.as_of) for r in data.readings}
    return fields


@router.post(
    "/reports",
    response=answers(ReportOut, 201, write=True),
    summary="新建进展报告草稿",
    description="一个任务在一个报告期只有一份报告;已有报告时返回 409 report_exists。",
)
def create_report(request, data: ReportCreate, response: HttpResponse):
    task = task_for(request.user, data.task_id, Action.REPORT)
    period = period_for(request.user, data.period_id)
    if task.parent_id is not None:
        raise ApiError(422, "sub_item", _("子项随其所属任务一起报送,请为上级任务填报"))
    saved = services.create_report(task, period, actor=request.user, **_fields(data))
    return Status(201, _answer(response, saved))


@router.patch(
    "/reports/{int:report_id}",
    response=answers(ReportOut, write=True),
    summary="修改进展报告",
    description="须以 If-Match(报告的 ETag)或 version 指明所依据的版本;"
    "报告已被他人改过时返回 412 stale_version,不覆盖。",
)
def update_report(request, report_id: int, data: ReportUpdate, response: HttpResponse):
    found = report_for(request.user, report_id, Action.REPORT)
    version = expected_version(request, data.version, required=True)
    saved = services.save_report(
        found.task, found.period, actor=request.user, expected_version=version, **_fields(data)
    )
    return _answer(response, saved)


@router.post(
    "/reports/{int:report_id}/readings",
    response=answers(ReportOut, write=True),
    summary="填写指标读数",
)
def write_readings(request, report_id: int, data: ReadingsIn, response: HttpResponse):
    """A reading of a target already read in this report replaces it."""
    found = report_for(request.user, report_id, Action.REPORT)
    version = expected_version(request, data.version, required=False)
    saved = services.save_report(
        found.task,
        found.period,
        actor=request.user,
        expected_version=version,
        readings={r.target_id: (r.value, r.as_of) for r in data.readings},
    )
    return _answer(response, saved)


@router.post(
    "/reports/{int:report_id}/submit", response=answers(ReportOut, write=True), summary="报送"
)
def submit(request, report_id: int, data: Submit, response: HttpResponse):
    found = report_for(request.user, report_id, Action.REPORT)
    version = expected_version(request, data.version, required=False)
    services.submit_report(found, actor=request.user, expected_version=version)
    return _answer(response, found)


@router.post(
    "/reports/{int:report_id}/approve", response=answers(ReportOut, write=True), summary="审核通过"
)
def approve(request, report_id: int, data: Review, response: HttpResponse):
    found = report_for(request.user, report_id, Action.REVIEW)
    version = expected_version(request, data.version, required=False)
    services.approve_report(
        found, actor=request.user, comment=data.comment, expected_version=version
    )
    return _answer(response, found)


@router.post(
    "/reports/{int:report_id}/return", response=answers(ReportOut, write=True), summary="退回"
)
def send_back(request, report_id: int, data: Review, response: HttpResponse):
    found = report_for(request.user, report_id, Action.REVIEW)
    version = expected_version(request, data.version, required=False)
    services.return_report(
        found, actor=request.user, comment=data.comment, expected_version=version
    )
    return _answer(response, found)


class ReadingFilters(Schema):
    organization: int | None = None
    report: int | None = None
    task: int | None = None
    target: int | None = None
    period: int | None = None


@router.get("/readings", response=answers(list[ReadingOut]), summary="指标读数")
@paginate(Page)
def readings(request, filters: Query[ReadingFilters]):
    f = filters
    qs = Reading.objects.filter(report__task__plan__in=readable_plan_ids(request)).order_by(
        "target_id", "as_of", "id"
    )
    if f.organization is not None:
        qs = qs.filter(report__task__plan__organization_id=f.organization)
    if f.report is not None:
        qs = qs.filter(report_id=f.report)
    if f.task is not None:
        qs = qs.filter(report__task_id=f.task)
    if f.target is not None:
        qs = qs.filter(target_id=f.target)
    if f.period is not None:
        qs = qs.filter(report__period_id=f.period)
    return qs

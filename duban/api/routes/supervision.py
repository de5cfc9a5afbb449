"""The progress wall's statuses for a date, and 督办单 (create, reply, close, send back)."""

from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from duban.api.errors import answers
from duban.api.routes.common import Page, readable_org_ids
from duban.api.schemas import (
    IsoDate,
    IsoDateTime,
    NoticeClose,
    NoticeCreate,
    NoticeDetail,
    NoticeOut,
    NoticeReply,
    NoticeReturn,
    StatusCode,
    Wall,
)
from duban.orgs.access import Action, department_for, notice_for, organization_for, task_for
from duban.supervision import services
from duban.supervision.dates import wall_day
from duban.supervision.models import Notice, NoticeState
from duban.supervision.status import LABELS
from duban.supervision.wall import build_wall

router = Router(tags=["督办 wall and notices"])


class WallFilters(Schema):
    date: IsoDate | None = None
    plan: int | None = None
    department: str | None = None
    business_line: str | None = None
    leader: str | None = None
    status: StatusCode | None = None


@router.get(
    "/organizations/{int:org_id}/wall",
    response=answers(Wall),
    summary="挂图晾晒:每项任务在某日的状态",
)
def wall(request, org_id: int, filters: Query[WallFilters]):
    """Statuses as the wall page shows them: 序时进度 (pace), completion and the reason in
    words. Filters take the names the wall shows (department 社会救助科, status red …);
    ``plan`` defaults to the plan in force on ``date`` (default today)."""
    org = organization_for(request.user, org_id)
    day = filters.date or wall_day(org)
    chosen = {
        "line": filters.business_line or "",
        "department": filters.department or "",
        "leader": filters.leader or "",
        "status": filters.status or "",
    }
    built = build_wall(org, day, chosen, plan_id=filters.plan)
    return {
        "organization_id": org.pk,
        "date": day,
        "plan_id": built.plan.pk if built.plan else None,
        "counts": {code: n for code, _label, n in built.counts},
        "items": [_status_out(row) for row in built.shown],
    }


def _status_out(row) -> dict:
    task, status = row.task, row.status
    return {
        "task_id": task.pk,
        "seq": task.seq,
        "title": task.title,
        "section": task.section.title if task.section else None,
        "business_line": task.business_line.name if task.business_line else None,
        "departments": [link.department.name for link in task.department_links.all()],
        "leaders": [person.name for person in task.leaders.all()],
        "status": status.code,
        "label": str(LABELS[status.code]),
        "completion": status.completion,
        "pace": status.pace,
        "reason": status.reason,
    }


class NoticeFilters(Schema):
    organization: int | None = None
    task: int | None = None
    department: int | None = None
    state: NoticeState | None = None
    updated_since: IsoDateTime | None = None


@router.get("/notices", response=answers(list[NoticeOut]), summary="督办单")
@paginate(Page)
def notices(request, filters: Query[NoticeFilters]):
    f = filters
    qs = Notice.objects.filter(organization__in=readable_org_ids(request)).order_by("-id")
    if f.organization is not None:
        qs = qs.filter(organization_id=f.organization)
    if f.task is not None:
        qs = qs.filter(task_id=f.task)
    if f.department is not None:
        qs = qs.filter(department_id=f.department)
    if f.state is not None:
        qs = qs.filter(state=f.state)
    if f.updated_since is not None:
        qs = qs.filter(updated_at__gte=f.updated_since)
    return qs


def _detail(notice: Notice) -> Notice:
    notice.steps_loaded = list(notice.steps.select_related("actor__person").order_by("at", "id"))
    return notice


@router.get(
    "/notices/{int:notice_id}", response=answers(NoticeDetail), summary="督办单及其办理过程"
)
def notice(request, notice_id: int):
    return _detail(notice_for(request.user, notice_id))


@router.post("/notices", response=answers(NoticeDetail, 201, write=True), summary="下发督办单")
def issue(request, data: NoticeCreate):
    task = task_for(request.user, data.task_id, Action.SUPERVISE)
    department = department_for(request.user, data.department_id, task.plan.organization)
    made = services.issue_notice(
        task, department, actor=request.user, body=data.body, reply_due=data.reply_due
    )
    return Status(201, _detail(made))


@router.post(
    "/notices/{int:notice_id}/reply",
    response=answers(NoticeDetail, write=True),
    summary="回复督办单",
)
def reply(request, notice_id: int, data: NoticeReply):
    found = notice_for(request.user, notice_id, Action.ANSWER)
    return _detail(
        services.answer_notice(
            found, actor=request.user, text=data.text, promised_on=data.promised_on
        )
    )


@router.post(
    "/notices/{int:notice_id}/close",
    response=answers(NoticeDetail, write=True),
    summary="办结督办单",
)
def close(request, notice_id: int, data: NoticeClose):
    found = notice_for(request.user, notice_id, Action.SUPERVISE)
    return _detail(services.close_notice(found, actor=request.user, text=data.text))


@router.post(
    "/notices/{int:notice_id}/return",
    response=answers(NoticeDetail, write=True),
    summary="退回重办",
)
def send_back(request, notice_id: int, data: NoticeReturn):
    found = notice_for(request.user, notice_id, Action.SUPERVISE)
    return _detail(
        services.return_notice(found, actor=request.user, text=data.text, reply_due=data.reply_due)
    )

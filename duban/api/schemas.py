"""What the API reads and writes. Output schemas read model attributes; numbers of
targets and readings are JSON numbers (floats), and are taken as numbers or strings."""

import datetime
from typing import Annotated, Literal

from django.urls import reverse
from ninja import Field, Schema
from pydantic import BeforeValidator, ConfigDict

from duban.progress.models import ReportState, SelfStatus
from duban.publishing.render import FORMATS
from duban.supervision.status import LABELS

StatusCode = Literal[tuple(LABELS)]  # type: ignore[valid-type]


def _iso(parse):
    """Dates and times in ISO 8601 only: pydantic would also take 0.5 as a Unix time."""

    def check(value):
        if isinstance(value, str):
            return parse(value)
        if isinstance(value, datetime.date):
            return value
        raise ValueError("expected an ISO 8601 string, e.g. 2023-10-01")

    return BeforeValidator(check)


IsoDate = Annotated[datetime.date, _iso(datetime.date.fromisoformat)]
IsoDateTime = Annotated[datetime.datetime, _iso(datetime.datetime.fromisoformat)]


class Me(Schema):
    username: str
    person_id: int | None
    organizations: list[int] = Field(..., description="所在机构")
    departments: list[int] = Field(..., description="以填报员身份负责的科室")
    roles: list[str] = Field(..., description="角色@机构[/科室],如 reporter@3/9")


class DepartmentOut(Schema):
    id: int
    name: str
    aliases: str


class OrganizationOut(Schema):
    id: int
    name: str
    short_name: str
    level: str
    parent_id: int | None
    disclosure_code: str
    lag_tolerance: int
    severe_lag_tolerance: int


class OrganizationDetail(OrganizationOut):
    departments: list[DepartmentOut]


class SectionOut(Schema):
    id: int
    seq: str
    title: str
    order: int


class PlanOut(Schema):
    id: int
    organization_id: int
    year: int
    title: str
    starts_on: datetime.date
    ends_on: datetime.date
    source_name: str
    kind: str = Field(..., description="task_list(重点工作任务清单)或 other")
    state: str = Field(..., description="draft(草稿)、in_force(已下发)或 closed(已关闭)")


class PlanDetail(PlanOut):
    sections: list[SectionOut]


class PersonOut(Schema):
    id: int
    name: str
    title: str


class TaskDepartmentOut(Schema):
    id: int
    name: str
    lead: bool


class TargetOut(Schema):
    id: int
    task_id: int
    name: str
    unit: str
    comparator: str
    value: float | None
    value_max: float | None
    due_date: datetime.date | None
    indicator: str | None = Field(None, description="指标目录中的代码")
    quote: str

    @staticmethod
    def resolve_indicator(obj) -> str | None:
        return obj.indicator.code if obj.indicator_id else None


class TaskOut(Schema):
    id: int
    plan_id: int
    organization_id: int
    section_id: int | None
    parent_id: int | None
    seq: str
    title: str
    goal: str
    business_line: str | None
    leaders: list[PersonOut]
    departments: list[TaskDepartmentOut]
    deadline: datetime.date | None
    weight: float
    version: int = Field(..., description="任务的版本:修改时以 version 或 If-Match 带上")
    updated_at: datetime.datetime

    @staticmethod
    def resolve_organization_id(obj) -> int:
        return obj.plan.organization_id

    @staticmethod
    def resolve_business_line(obj) -> str | None:
        return obj.business_line.name if obj.business_line_id else None

    @staticmethod
    def resolve_leaders(obj) -> list:
        return list(obj.leaders.all())

    @staticmethod
    def resolve_departments(obj) -> list[dict]:
        return [
            {"id": link.department_id, "name": link.department.name, "lead": i == 0}
            for i, link in enumerate(obj.department_links.all())
        ]


class TaskDetail(TaskOut):
    """``children`` and ``targets`` are loaded by the route onto the task."""

    children: list[TaskOut]
    targets: list[TargetOut]

    @staticmethod
    def resolve_children(obj) -> list:
        return obj.children_loaded

    @staticmethod
    def resolve_targets(obj) -> list:
        return obj.targets_loaded


class PeriodOut(Schema):
    id: int
    plan_id: int
    code: str
    kind: str
    starts_on: datetime.date
    ends_on: datetime.date
    due_on: datetime.date
    is_open: bool


class ReadingOut(Schema):
    id: int
    report_id: int
    target_id: int
    value: float
    as_of: datetime.date
    quote: str
    has_evidence: bool

    @staticmethod
    def resolve_has_evidence(obj) -> bool:
        return bool(obj.evidence)


class ReportOut(Schema):
    id: int
    task_id: int
    period_id: int
    period_code: str
    plan_items: list[str]
    progress_items: list[str]
    self_status: SelfStatus
    lag_reason: str
    state: ReportState
    submitted_at: datetime.datetime | None
    reviewed_at: datetime.datetime | None
    review_comment: str
    version: int = Field(..., description="每次保存加一;修改时以 If-Match 或 version 带上")
    updated_at: datetime.datetime
    readings: list[ReadingOut]

    @staticmethod
    def resolve_period_code(obj) -> str:
        return obj.period.code

    @staticmethod
    def resolve_readings(obj) -> list:
        return list(obj.readings.all())


class Input(Schema):
    """A request body: strict, so "12" is not taken for 12 nor 0.5 for a date."""

    model_config = ConfigDict(strict=True)


SelfStatusCode = Literal[tuple(SelfStatus.values)]  # type: ignore[valid-type]


class ReadingIn(Input):
    target_id: int
    value: float = Field(..., allow_inf_nan=False)  # the limits: duban.values.number
    as_of: IsoDate | None = Field(None, description="默认为报告期末或今天")


class ReportFields(Input):
    plan_items: list[str] | None = Field(None, max_length=50)
    progress_items: list[str] | None = Field(None, max_length=50)
    self_status: SelfStatusCode | None = None
    lag_reason: str | None = Field(None, max_length=2000)
    readings: list[ReadingIn] | None = Field(None, max_length=200)


class ReportCreate(ReportFields):
    task_id: int
    period_id: int


class ReportUpdate(ReportFields):
    version: int | None = Field(None, description="所依据的版本;也可用 If-Match 头")


class Review(Input):
    comment: str = Field("", max_length=2000)
    version: int | None = None


class Submit(Input):
    version: int | None = None


class ReadingsIn(Input):
    readings: list[ReadingIn] = Field(..., min_length=1, max_length=200)
    version: int | None = None


class StatusOut(Schema):
    task_id: int
    seq: str
    title: str
    section: str | None
    business_line: str | None
    departments: list[str]
    leaders: list[str]
    status: str
    label: str
    completion: float | None = Field(..., description="完成率,%")
    pace: float = Field(..., description="序时进度,%")
    reason: str


class Wall(Schema):
    organization_id: int
    date: datetime.date
    plan_id: int | None
    counts: dict[str, int]
    items: list[StatusOut]


class NoticeStepOut(Schema):
    state: str
    text: str
    actor: str | None
    at: datetime.datetime
    attachment: str | None = Field(None, description="回复附件的下载地址(登录后,经同一权限检查)")


class NoticeOut(Schema):
    id: int
    organization_id: int
    number: str
    task_id: int
    department_id: int
    body: str
    reply_due: datetime.date
    promised_on: datetime.date | None
    state: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    escalated_at: datetime.datetime | None


class NoticeDetail(NoticeOut):
    steps: list[NoticeStepOut]

    @staticmethod
    def resolve_steps(obj) -> list[dict]:
        return [
            {
                "state": step.state,
                "text": step.text,
                "actor": _name_of(step.actor),
                "at": step.at,
                "attachment": reverse("notice-attachment", args=[step.pk])
                if step.attachment
                else None,
            }
            for step in obj.steps_loaded
        ]


def _name_of(user) -> str | None:
    if user is None:
        return None
    person = getattr(user, "person", None)
    return person.name if person else user.get_username()


class NoticeCreate(Input):
    task_id: int
    department_id: int
    body: str = Field(..., max_length=5000)
    reply_due: IsoDate


class NoticeReply(Input):
    text: str = Field(..., max_length=5000)
    promised_on: IsoDate | None = None


class NoticeClose(Input):
    text: str = Field("", max_length=5000)


class NoticeReturn(Input):
    text: str = Field(..., max_length=5000)
    reply_due: IsoDate | None = None


Format = Literal[FORMATS]  # type: ignore[valid-type]


class FileOut(Schema):
    format: str
    url: str
    size: int | None
    sha256: str | None


class PublicationOut(Schema):
    id: int
    organization_id: int
    kind: str
    title: str
    year: int | None
    period_code: str
    index_no: str
    state: str
    version: int
    previous_id: int | None
    category: str
    topic: str
    genre: str
    publisher: str
    doc_no: str
    generated_on: datetime.date | None
    issued_on: datetime.date | None
    disclosure_method: str
    disclosure_scope: str
    published_at: datetime.datetime | None


class PublicationDetail(PublicationOut):
    body: str
    files: list[FileOut]

    @staticmethod
    def resolve_files(obj) -> list[dict]:
        return obj.files_loaded


class ImportDocument(Schema):
    name: str
    status: str = Field(..., description="created | unchanged | needs_replace")
    counts: dict[str, int]
    changes: list[str]
    parsed: dict = Field(..., description="与 duban import --dry-run --json 相同的结构")


class ImportBatch(Schema):
    batch: str
    organization_id: int
    documents: list[ImportDocument]


class ImportConfirm(Input):
    replace: bool = False


class ImportResult(Schema):
    batch: str
    documents: list[ImportDocument]

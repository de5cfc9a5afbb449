"""The plan editor and the people of a bureau over the API: the same services and gate as
the pages (plans/lifecycle.py, plans/services.py, orgs/staff.py); 201 with the new object
on create, 204 on delete, errors as everywhere else."""

from decimal import Decimal
from typing import Annotated, Literal

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema, Status
from pydantic import BeforeValidator

from duban.api.errors import ApiError, answers
from duban.api.routes.common import expected_version
from duban.api.routes.plans import _tasks
from duban.api.routes.plans import router as plans_router
from duban.api.schemas import (
    DepartmentOut,
    Input,
    IsoDate,
    PeriodOut,
    PlanOut,
    SectionOut,
    TargetOut,
    TaskOut,
)
from duban.orgs import staff
from duban.orgs.access import (
    Action,
    department_for,
    organization_for,
    person_for,
    plan_for,
    target_for,
    task_for,
)
from duban.orgs.models import Person
from duban.plans import lifecycle, services
from duban.plans.models import BusinessLine, IndicatorDefinition, Section, Target
from duban.progress import services as progress

# the same router as the reading routes: ninja serves one path from one router, so
# POST /plans sits beside GET /plans
router = plans_router


# JSON Schema's integer includes 2024.0; strict input still refuses "2024"
def _whole(value):
    return int(value) if isinstance(value, float) and value.is_integer() else value


Whole = Annotated[int, BeforeValidator(_whole)]
# a name or title with at least one character that is not a space
NAMED = {"min_length": 1, "pattern": r"\S"}

Kind = Literal["task_list", "other"]
State = Literal["draft", "in_force", "closed"]
ComparatorCode = Literal["=", ">=", "<=", "range"]
RoleCode = Literal["office", "reporter", "leader"]


class PlanCreate(Input):
    organization_id: Whole
    year: Whole = Field(..., ge=2000, le=2100)
    title: str = Field(..., max_length=200, **NAMED)
    kind: Kind = "task_list"


class PlanChange(Input):
    title: str | None = Field(None, max_length=200, **NAMED)
    year: Whole | None = Field(None, ge=2000, le=2100)
    kind: Kind | None = None
    state: State | None = Field(None, description="draft → in_force(下发)→ closed → in_force")


class PlanCopy(Input):
    year: Whole = Field(..., ge=2000, le=2100)
    keep_targets: bool = True


class SectionCreate(Input):
    title: str = Field(..., max_length=200, **NAMED)
    seq: str = Field("", max_length=10)


class PeriodCreate(Input):
    code: str = Field(..., max_length=10, description="2024Q1, 2024H1, 2024, 2024-03")
    due_on: IsoDate | None = None


class TaskFields(Input):
    section_id: Whole | None = None
    seq: str | None = Field(None, max_length=10)
    title: str | None = Field(None, max_length=500, **NAMED)
    goal: str | None = Field(None, max_length=5000)
    business_line: str | None = Field(None, description="业务条线的代码或名称")
    deadline: IsoDate | None = None
    weight: float | None = Field(None, ge=0, le=9999, allow_inf_nan=False)
    leader_ids: list[Whole] | None = Field(None, max_length=20)
    department_ids: list[Whole] | None = Field(None, max_length=20, description="第一个为牵头科室")


class TaskCreate(TaskFields):
    plan_id: Whole
    title: str = Field(..., max_length=500, **NAMED)
    parent_id: Whole | None = None


class TaskChange(TaskFields):
    closed_reason: str | None = Field(None, max_length=200, description="关闭任务并说明原因")
    version: Whole | None = Field(None, description="所依据的任务版本(或 If-Match 头)")


class TargetFields(Input):
    name: str | None = Field(None, max_length=200, **NAMED)
    unit: str | None = Field(None, max_length=30)
    comparator: ComparatorCode | None = None
    value: float | None = Field(None, allow_inf_nan=False)
    value_max: float | None = Field(None, allow_inf_nan=False)
    due_on: IsoDate | None = None
    indicator_id: Whole | None = None


class TargetCreate(TargetFields):
    name: str = Field(..., max_length=200, **NAMED)


class DepartmentCreate(Input):
    name: str = Field(..., max_length=100, **NAMED)
    aliases: str = Field("", max_length=200)


class PersonCreate(Input):
    name: str = Field(..., max_length=50, **NAMED)
    title: str = Field("", max_length=50)
    username: str = Field(..., max_length=150, **NAMED)
    password: str | None = Field(
        None, min_length=10, max_length=128, description="不填则生成一次性密码,在回答中返回一次"
    )
    role: RoleCode
    department_id: Whole | None = None


class PersonChange(Input):
    active: bool | None = None
    role: RoleCode | None = Field(None, description="替换此人在本机构的角色")
    department_id: Whole | None = Field(None, description="填报员的科室;领导可填其分管科室")


class AccountOut(Schema):
    id: int
    name: str
    title: str
    username: str | None
    active: bool | None
    roles: list[str]
    password: str | None = Field(None, description="仅在新建时返回一次")

    @staticmethod
    def resolve_username(obj) -> str | None:
        return obj.user.username if obj.user_id else None

    @staticmethod
    def resolve_active(obj) -> bool | None:
        return obj.user.is_active if obj.user_id else None

    @staticmethod
    def resolve_roles(obj) -> list[str]:
        return [
            f"{m.role}@{m.organization_id}" + (f"/{m.department_id}" if m.department_id else "")
            for m in obj.memberships.all()
        ]

    @staticmethod
    def resolve_password(obj) -> str | None:
        return getattr(obj, "one_time_password", None)


def _number(value):
    return None if value is None else Decimal(str(value))


def _task_answer(task_id: int):
    return _tasks().get(pk=task_id)


def _line(name_or_code: str | None):
    if not name_or_code:
        return None
    found = BusinessLine.objects.filter(code=name_or_code).first()
    found = found or BusinessLine.objects.filter(name=name_or_code).first()
    if found is None:
        raise ApiError(422, "unknown_business_line", _("没有业务条线“%(name)s”"), name=name_or_code)
    return found


def _task_fields(request, plan, data: TaskFields) -> dict:
    given = data.model_dump(exclude_unset=True)
    fields = {}
    for name in ("seq", "title", "goal"):
        if name in given:
            fields[name] = given[name] if given[name] is not None else ""
    if "deadline" in given:
        fields["deadline"] = given["deadline"]
    if "weight" in given and given["weight"] is not None:
        fields["weight"] = _number(given["weight"])
    if "business_line" in given:
        fields["business_line"] = _line(given["business_line"])
    if "section_id" in given:
        fields["section"] = (
            get_object_or_404(Section, pk=given["section_id"], plan=plan)
            if given["section_id"] is not None
            else None
        )
    if given.get("leader_ids") is not None:
        people = {p.pk: p for p in Person.objects.filter(pk__in=given["leader_ids"])}
        if len(people) != len(set(given["leader_ids"])):
            raise ApiError(422, "unknown_leader", _("领导不存在"))
        fields["leaders"] = [people[pk] for pk in dict.fromkeys(given["leader_ids"])]
    if given.get("department_ids") is not None:
        fields["departments"] = [
            department_for(request.user, pk, plan.organization)
            for pk in dict.fromkeys(given["department_ids"])
        ]
    return fields


def _target_fields(data: TargetFields) -> dict:
    given = data.model_dump(exclude_unset=True)
    fields = {}
    for name in ("name", "unit", "comparator"):
        if name in given and given[name] is not None:
            fields[name] = given[name]
    for name in ("value", "value_max"):
        if name in given:
            fields[name] = _number(given[name])
    if "due_on" in given:
        fields["due_date"] = given["due_on"]
    if "indicator_id" in given:
        fields["indicator"] = (
            get_object_or_404(IndicatorDefinition, pk=given["indicator_id"])
            if given["indicator_id"] is not None
            else None
        )
    return fields


# -- plans -----------------------------------------------------------------------------


@router.post("/plans", response=answers(PlanOut, 201, write=True), summary="新建任务清单(草稿)")
def plan_create(request, data: PlanCreate):
    org = organization_for(request.user, data.organization_id, Action.EDIT)
    plan = services.create_plan(
        org, actor=request.user, year=data.year, title=data.title, kind=data.kind
    )
    return Status(201, plan)


@router.patch("/plans/{int:plan_id}", response=answers(PlanOut, write=True), summary="修改任务清单")
def plan_change(request, plan_id: int, data: PlanChange):
    plan = plan_for(request.user, plan_id)
    given = data.model_dump(exclude_unset=True)
    state = given.pop("state", None)
    if given:
        plan = plan_for(request.user, plan_id, Action.EDIT)
        lifecycle.update_plan(plan, actor=request.user, **given)
    if state is not None and state != plan.state:
        lifecycle.set_plan_state(plan, actor=request.user, state=state)
    return plan


@router.delete(
    "/plans/{int:plan_id}", response={204: None, **answers(None, write=True)}, summary="删除草稿"
)
def plan_delete(request, plan_id: int):
    lifecycle.delete_plan(plan_for(request.user, plan_id, Action.EDIT), actor=request.user)
    return Status(204, None)


@router.post(
    "/plans/{int:plan_id}/copy", response=answers(PlanOut, 201, write=True), summary="复制到新年度"
)
def plan_copy(request, plan_id: int, data: PlanCopy):
    plan = plan_for(request.user, plan_id)
    copy = lifecycle.copy_plan(
        plan, actor=request.user, year=data.year, keep_targets=data.keep_targets
    )
    return Status(201, copy)


@router.post(
    "/plans/{int:plan_id}/sections",
    response=answers(SectionOut, 201, write=True),
    summary="添加任务来源",
)
def section_create(request, plan_id: int, data: SectionCreate):
    plan = plan_for(request.user, plan_id, Action.EDIT)
    return Status(
        201, services.add_section(plan, actor=request.user, title=data.title, seq=data.seq)
    )


@router.post(
    "/plans/{int:plan_id}/periods",
    response=answers(PeriodOut, 201, write=True),
    summary="开放报告期",
)
def period_create(request, plan_id: int, data: PeriodCreate):
    plan = plan_for(request.user, plan_id, Action.EDIT)
    try:
        period = progress.open_period(plan, actor=request.user, code=data.code, due_on=data.due_on)
    except ValueError as exc:
        raise ApiError(
            422, "bad_period_code", _("报告期代码应如 2024Q1、2024H1、2024 或 2024-03")
        ) from exc
    return Status(201, period)


# -- tasks and targets -----------------------------------------------------------------


@router.post("/tasks", response=answers(TaskOut, 201, write=True), summary="添加任务或子项")
def task_create(request, data: TaskCreate):
    plan = plan_for(request.user, data.plan_id, Action.EDIT)
    parent = task_for(request.user, data.parent_id, Action.EDIT) if data.parent_id else None
    fields = _task_fields(request, plan, data)
    fields.setdefault("title", data.title)
    task = services.add_task(plan, actor=request.user, parent=parent, **fields)
    return Status(201, _task_answer(task.pk))


@router.patch("/tasks/{int:task_id}", response=answers(TaskOut, write=True), summary="修改任务")
def task_change(request, task_id: int, data: TaskChange):
    task = task_for(request.user, task_id, Action.EDIT)
    version = expected_version(request, data.version, required=True)
    fields = _task_fields(request, task.plan, data)
    if fields or version is not None:
        services.update_task(task, actor=request.user, expected_version=version, **fields)
    if data.closed_reason is not None:
        lifecycle.close_task(task, actor=request.user, reason=data.closed_reason)
    return _task_answer(task.pk)


@router.delete(
    "/tasks/{int:task_id}",
    response={204: None, **answers(None, write=True)},
    summary="删除任务(须无进展)",
)
def task_delete(request, task_id: int):
    lifecycle.remove_task(task_for(request.user, task_id, Action.EDIT), actor=request.user)
    return Status(204, None)


@router.post(
    "/tasks/{int:task_id}/targets",
    response=answers(TargetOut, 201, write=True),
    summary="添加指标目标",
)
def target_create(request, task_id: int, data: TargetCreate):
    task = task_for(request.user, task_id, Action.EDIT)
    fields = _target_fields(data)
    made = services.add_target(
        task, actor=request.user, name=fields.pop("name"), value=fields.pop("value", None), **fields
    )
    return Status(201, made)


def _target(request, target_id: int) -> Target:
    return target_for(request.user, target_id, Action.EDIT)


@router.patch(
    "/targets/{int:target_id}", response=answers(TargetOut, write=True), summary="修改指标目标"
)
def target_change(request, target_id: int, data: TargetFields):
    target = _target(request, target_id)
    return services.update_target(target, actor=request.user, **_target_fields(data))


@router.delete(
    "/targets/{int:target_id}",
    response={204: None, **answers(None, write=True)},
    summary="删除指标目标(须无读数)",
)
def target_delete(request, target_id: int):
    services.remove_target(_target(request, target_id), actor=request.user)
    return Status(204, None)


# -- departments and people ------------------------------------------------------------


@router.post(
    "/organizations/{int:org_id}/departments",
    response=answers(DepartmentOut, 201, write=True),
    summary="添加科室",
)
def department_create(request, org_id: int, data: DepartmentCreate):
    org = organization_for(request.user, org_id, Action.EDIT)
    return Status(
        201, staff.new_department(org, actor=request.user, name=data.name, aliases=data.aliases)
    )


@router.post(
    "/organizations/{int:org_id}/people",
    response=answers(AccountOut, 201, write=True),
    summary="添加人员和账号",
)
def person_create(request, org_id: int, data: PersonCreate):
    org = organization_for(request.user, org_id, Action.EDIT)
    department = (
        department_for(request.user, data.department_id, org) if data.department_id else None
    )
    person, password = staff.add_account(
        org,
        actor=request.user,
        name=data.name,
        username=data.username,
        role=data.role,
        title=data.title,
        department=department,
    )
    if data.password:
        person.user.set_password(data.password)
        person.user.save(update_fields=["password"])
    else:
        person.one_time_password = password
    return Status(201, person)


@router.patch(
    "/people/{int:person_id}", response=answers(AccountOut, write=True), summary="停用或启用账号"
)
def person_change(request, person_id: int, data: PersonChange):
    person = person_for(request.user, person_id)
    organization_for(request.user, person.organization_id, Action.EDIT)
    if data.role is not None:
        org = person.organization
        department = (
            department_for(request.user, data.department_id, org) if data.department_id else None
        )
        staff.set_role(person, actor=request.user, role=data.role, department=department)
    if data.active is not None:
        staff.set_account_active(person, actor=request.user, active=data.active)
    return Person.objects.prefetch_related("memberships").select_related("user").get(pk=person.pk)

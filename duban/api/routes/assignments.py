"""交办, 签收 and 领导批示 over the API: the same services and gate as the pages
(assignments/services.py, assignments/instructions.py, assignments/rollup.py)."""

import datetime
from decimal import Decimal
from typing import Literal

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from duban.api.errors import answers
from duban.api.schemas import Input, IsoDate
from duban.assignments import instructions, services
from duban.assignments.models import Instruction, Receipt
from duban.assignments.rollup import rollup
from duban.orgs.access import (
    Access,
    Action,
    bureaus_below_for,
    department_for,
    organization_for,
    person_for,
    plan_for,
    receipt_for,
    section_for,
    task_for,
)
from duban.plans.models import IndicatorDefinition

router = Router(tags=["交办与批示"])

ComparatorCode = Literal["=", ">=", "<=", "range"]
NAMED = {"min_length": 1, "pattern": r"\S"}


class TargetIn(Input):
    name: str = Field(..., max_length=200, **NAMED)
    unit: str = Field("", max_length=20)
    comparator: ComparatorCode = ">="
    value: Decimal | int | None = None
    indicator_id: int | None = None


class AssignmentIn(Input):
    organization_id: int | None = Field(None, description="交办机构;缺省为本人所在的上级机构")
    title: str = Field(..., max_length=500, **NAMED)
    goal: str = ""
    due_on: IsoDate
    section_title: str = Field(..., max_length=200, **NAMED)
    to_organization_ids: list[int] = Field(..., min_length=1)
    source_task_id: int | None = None
    note: str = ""
    targets: list[TargetIn] = []


class ReceiptOut(Schema):
    id: int
    organization_id: int
    state: str


class ReceiptsOut(Schema):
    items: list[ReceiptOut]


class ReceiptDetail(ReceiptOut):
    assignment_id: int
    title: str
    due_on: datetime.date
    task_id: int | None
    status: str | None
    completion: Decimal | None
    reason: str


class ReceiptList(Schema):
    items: list[ReceiptDetail]
    count: int


class AcceptIn(Input):
    plan_id: int
    section_id: int | None = Field(
        None, description="缺省为交办单位指定的任务来源(清单中没有则新建)"
    )
    department_ids: list[int] = []
    leader_ids: list[int] = []


class DeclineIn(Input):
    reason: str = Field(..., max_length=1000, **NAMED)


class Accepted(Schema):
    task_id: int


class TextIn(Input):
    text: str = Field(..., max_length=2000, **NAMED)


class ReplyOut(Schema):
    id: int
    text: str
    asks_again: bool
    created_at: datetime.datetime


class InstructionOut(Schema):
    id: int
    task_id: int
    text: str
    state: str
    created_at: datetime.datetime
    replies: list[ReplyOut]


class InstructionList(Schema):
    items: list[InstructionOut]


def _detail(receipt: Receipt, day: datetime.date, rolled: dict | None = None) -> dict:
    """``rolled``: the roll-ups already made, by assignment, so a list judges each once."""
    rolled = {} if rolled is None else rolled
    if receipt.assignment_id not in rolled:
        rolled[receipt.assignment_id] = rollup(receipt.assignment, day)
    row = next(r for r in rolled[receipt.assignment_id].rows if r.receipt.pk == receipt.pk)
    return {
        "id": receipt.pk,
        "organization_id": receipt.organization_id,
        "state": receipt.state,
        "assignment_id": receipt.assignment_id,
        "title": receipt.assignment.title,
        "due_on": receipt.due,
        "task_id": receipt.task_id,
        "status": row.status.code if row.status else None,
        "completion": row.status.completion if row.status else None,
        "reason": receipt.reason,
    }


@router.post("/assignments", response=answers(ReceiptsOut, 201, write=True), summary="交办任务")
def assignment_create(request, data: AssignmentIn):
    acc = Access.of(request.user)
    issuer_id = data.organization_id or next(
        iter(sorted(acc.superior_org_ids | acc.office_org_ids)), 0
    )
    issuer = organization_for(request.user, issuer_id, Action.ASSIGN)
    receivers = bureaus_below_for(request.user, issuer, data.to_organization_ids)
    source = task_for(request.user, data.source_task_id) if data.source_task_id else None
    targets = [
        {
            **t.model_dump(exclude={"indicator_id"}),
            "indicator": get_object_or_404(IndicatorDefinition, pk=t.indicator_id)
            if t.indicator_id
            else None,
        }
        for t in data.targets
    ]
    assignment = services.issue(
        issuer,
        actor=request.user,
        title=data.title,
        goal=data.goal,
        due_on=data.due_on,
        section_title=data.section_title,
        to=receivers,
        note=data.note,
        targets=targets,
        source_task=source,
    )
    return Status(201, {"items": list(assignment.receipts.all())})


@router.get("/assignments", response=answers(ReceiptList), summary="交办事项(按签收单位)")
def assignment_list(
    request,
    organization: int | None = None,
    state: str | None = None,
    date: IsoDate | None = None,
):
    """The receipts the user may read: of assignments its bureaus issued or received."""
    acc = Access.of(request.user)
    qs = Receipt.objects.select_related("assignment", "organization", "task")
    if not acc.is_superuser:
        readable = acc.readable_org_ids
        qs = qs.filter(organization__in=readable) | qs.filter(assignment__issuer__in=readable)
    if organization is not None:
        qs = qs.filter(organization=organization)
    if state:
        qs = qs.filter(state=state)
    day = date or timezone.localdate()
    rolled: dict = {}
    items = [_detail(r, day, rolled) for r in qs.order_by("-assignment__created_at", "id")[:200]]
    return {"items": items, "count": len(items)}


@router.get(
    "/assignments/{int:receipt_id}", response=answers(ReceiptDetail), summary="一个单位的交办事项"
)
def assignment_detail(request, receipt_id: int, date: IsoDate | None = None):
    receipt = receipt_for(request.user, receipt_id)
    return _detail(receipt, date or timezone.localdate())


@router.post(
    "/assignments/{int:receipt_id}/accept",
    response=answers(Accepted, write=True),
    summary="签收交办事项",
)
def assignment_accept(request, receipt_id: int, data: AcceptIn):
    receipt = receipt_for(request.user, receipt_id, Action.ACCEPT)
    plan = plan_for(request.user, data.plan_id, Action.EDIT)
    section = section_for(request.user, data.section_id, Action.EDIT) if data.section_id else None
    org = receipt.organization
    task = services.accept(
        receipt,
        actor=request.user,
        plan=plan,
        section=section,
        departments=[department_for(request.user, pk, org) for pk in data.department_ids],
        leaders=[person_for(request.user, pk) for pk in data.leader_ids],
    )
    return {"task_id": task.pk}


@router.post(
    "/assignments/{int:receipt_id}/decline",
    response=answers(ReceiptOut, write=True),
    summary="退回交办事项",
)
def assignment_decline(request, receipt_id: int, data: DeclineIn):
    receipt = receipt_for(request.user, receipt_id, Action.ACCEPT)
    return services.decline(receipt, actor=request.user, reason=data.reason)


def _instruction(instruction: Instruction) -> dict:
    return {
        "id": instruction.pk,
        "task_id": instruction.task_id,
        "text": instruction.text,
        "state": instruction.state,
        "created_at": instruction.created_at,
        "replies": list(instruction.replies.all()),
    }


@router.post(
    "/tasks/{int:task_id}/instructions",
    response=answers(InstructionOut, 201, write=True),
    summary="领导批示",
)
def instruction_create(request, task_id: int, data: TextIn):
    task = task_for(request.user, task_id)
    return Status(
        201, _instruction(instructions.instruct(task, actor=request.user, text=data.text))
    )


@router.get(
    "/tasks/{int:task_id}/instructions", response=answers(InstructionList), summary="任务的批示"
)
def instruction_list(request, task_id: int):
    task = task_for(request.user, task_id)
    found = task.instructions.prefetch_related("replies")
    return {"items": [_instruction(i) for i in found]}


@router.post(
    "/instructions/{int:instruction_id}/replies",
    response=answers(ReplyOut, 201, write=True),
    summary="回复批示(落实情况)",
)
def instruction_reply(request, instruction_id: int, data: TextIn):
    instruction = get_object_or_404(Instruction.objects.select_related("task"), pk=instruction_id)
    task_for(request.user, instruction.task_id)  # 404 for what the user may not see
    return Status(201, instructions.reply(instruction, actor=request.user, text=data.text))

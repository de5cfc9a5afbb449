"""What 工作台 shows of work from above: tasks handed down waiting for this user's office,
and the open 领导批示 this user has to answer or has written."""

from django.db.models import Q

from duban.assignments.models import Instruction, InstructionState, Receipt, ReceiptState
from duban.orgs.access import Access


def work_from_above(user) -> dict:
    acc = Access.of(user)
    to_accept = (
        Receipt.objects.filter(
            organization__in=acc.office_org_ids,
            state__in=[ReceiptState.PENDING, ReceiptState.CHANGE_ASKED],
        )
        .select_related("assignment__issuer", "organization")
        .order_by("assignment__due_on")
    )
    open_ones = Instruction.objects.filter(state=InstructionState.OPEN).select_related(
        "task", "author"
    )
    to_answer = open_ones.filter(
        Q(task__plan__organization__in=acc.office_org_ids)
        | Q(task__department_links__department__in=acc.reporter_department_ids)
    ).distinct()
    written = open_ones.filter(author=user).prefetch_related("replies")
    return {
        "to_accept": list(to_accept[:50]),
        "to_answer": list(to_answer.order_by("created_at")[:50]),
        "written": list(written.order_by("created_at")[:50]),
    }

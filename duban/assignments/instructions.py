"""领导批示 (国办发〔2014〕42号: 件件有落实、事事有回音): a leader's instruction on a
task, the responsible 科室 told; their answers (落实情况), one or more; the leader marks it
carried out or asks again. Every step kept, with its date."""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from duban import refusal
from duban.assignments.models import Instruction, InstructionReply, InstructionState
from duban.audit import stamp
from duban.channels.services import tell
from duban.orgs.access import Access, Action
from duban.orgs.services import notify, reporters_of
from duban.plans.models import Task
from duban.refusal import refused


def _text(value: str, label) -> str:
    text = refusal.text(value, label=label).strip()
    if not text:
        raise refused("text_required", _("请填写%(what)s"), what=label)
    return text


@transaction.atomic
def instruct(task: Task, *, actor, text: str, report=None, notice=None) -> Instruction:
    Access.of(actor).require(Action.INSTRUCT, task)
    for other in (report, notice):
        if other is not None and other.task_id != task.pk:
            raise refused("foreign_object", _("批示的报告或督办单不属于该任务"))
    instruction = stamp(
        Instruction(
            task=task, report=report, notice=notice, author=actor, text=_text(text, _("批示内容"))
        ),
        actor,
    )
    instruction.save()
    users = [u for d in task.ordered_departments() for u in reporters_of(d)]
    text = notify(
        users,
        gettext_noop("“%(task)s”有新的领导批示:%(text)s"),
        {"task": task.title[:60], "text": instruction.text[:100]},
    )
    tell(task.plan.organization_id, "instruction", text, reverse("task", args=[task.pk]))
    return instruction


@transaction.atomic
def reply(instruction: Instruction, *, actor, text: str) -> InstructionReply:
    """落实情况 from the responsible 科室 (or the office)."""
    Access.of(actor).require(Action.REPORT, instruction.task)
    answer = InstructionReply(
        instruction=instruction, author=actor, text=_text(text, _("落实情况"))
    )
    answer.save()
    return answer


@transaction.atomic
def mark_done(instruction: Instruction, *, actor) -> Instruction:
    Access.of(actor).require(Action.INSTRUCT, instruction.task)
    if not instruction.replies.filter(asks_again=False).exists():
        raise refused("no_answer", _("尚无落实情况,不能标为已落实"))
    instruction.state = InstructionState.DONE
    stamp(instruction, actor).save(update_fields=["state"])
    return instruction


@transaction.atomic
def ask_again(instruction: Instruction, *, actor, text: str) -> InstructionReply:
    Access.of(actor).require(Action.INSTRUCT, instruction.task)
    again = InstructionReply(
        instruction=instruction, author=actor, text=_text(text, _("批示内容")), asks_again=True
    )
    again.save()
    if instruction.state != InstructionState.OPEN:
        instruction.state = InstructionState.OPEN
        stamp(instruction, actor).save(update_fields=["state"])
    return again

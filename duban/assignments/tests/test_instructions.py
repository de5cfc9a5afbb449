"""领导批示: written by the task's bureau leaders or a bureau above, answered by the
responsible 科室, marked carried out or asked again."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from duban.assignments import instructions
from duban.assignments.models import InstructionState
from duban.orgs.access import Access, Action
from duban.orgs.models import Notification


@pytest.mark.parametrize(
    ("username", "may"),
    [("leader", True), ("city", True), ("office", False), ("jiuzhu", False),
     ("other_office", False), ("outsider", False)],
)  # fmt: skip
def test_who_may_write_an_instruction(world, user, username, may):
    assert Access.of(user(username)).may(Action.INSTRUCT, world.jiuzhu_task) is may


def test_an_instruction_is_answered_then_carried_out(world, user):
    task = world.jiuzhu_task
    made = instructions.instruct(task, actor=user("leader"), text="请本月底前完成动态监测")
    told = Notification.objects.filter(user__username="jiuzhu").values_list("text", flat=True)
    assert "有新的领导批示:请本月底前完成动态监测" in " ".join(told)
    with pytest.raises(ValidationError, match="尚无落实情况"):
        instructions.mark_done(made, actor=user("leader"))
    with pytest.raises(PermissionDenied):
        instructions.reply(made, actor=user("yanglao"), text="不是我们的任务")
    instructions.reply(made, actor=user("jiuzhu"), text="已完成监测 1,200 户")
    instructions.ask_again(made, actor=user("leader"), text="请补充帮扶措施")
    instructions.reply(made, actor=user("jiuzhu"), text="已落实分类帮扶")
    instructions.mark_done(made, actor=user("leader"))
    made.refresh_from_db()
    assert made.state == InstructionState.DONE
    steps = [(r.text, r.asks_again) for r in made.replies.all()]
    assert steps == [("已完成监测 1,200 户", False), ("请补充帮扶措施", True),
                     ("已落实分类帮扶", False)]  # fmt: skip


def test_an_empty_instruction_or_answer_is_refused(world, user):
    with pytest.raises(ValidationError, match="批示内容"):
        instructions.instruct(world.jiuzhu_task, actor=user("leader"), text="  ")
    made = instructions.instruct(world.jiuzhu_task, actor=user("leader"), text="抓紧推进")
    with pytest.raises(ValidationError, match="落实情况"):
        instructions.reply(made, actor=user("jiuzhu"), text="")


def test_a_draft_plans_task_takes_no_instruction(world, user):
    from duban.plans import services as plans

    draft = plans.create_plan(world.bureau, actor=None, year=2024, title="2024年清单(草稿)")
    task = plans.add_task(draft, actor=None, seq="1", title="起草中的任务")
    for name in ("leader", "city"):
        assert not Access.of(user(name)).may(Action.INSTRUCT, task)

"""The messages duban already sends reach the bureau's groups: the reminder of a due
period, a new 督办单, a new 批示; a robot that is down never blocks the action."""

import datetime
import json

from duban.assignments import instructions
from duban.channels import services
from duban.channels.models import Delivery
from duban.progress import services as progress
from duban.progress.reminders import send_reminders
from duban.supervision.services import issue_notice


def _texts(robot):
    return [json.loads(body)["text"]["content"] for _path, _headers, body in robot.received]


def test_the_reminder_of_a_due_period_reaches_the_dingtalk_group(
    world, user, robot, django_capture_on_commit_callbacks, settings
):
    settings.DUBAN_SITE_URL = "https://duban.example.gov.cn"
    services.add_channel(world.bureau, actor=user("office"), kind="dingtalk",
                         url=robot.url + "/robot/send?access_token=T", secret="S")  # fmt: skip
    progress.open_period(world.plan, actor=None, code="2023Q3", due_on=datetime.date(2023, 10, 10))
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(datetime.date(2023, 10, 7))
    texts = _texts(robot)
    assert len(texts) == 2  # one per late 科室
    assert any(
        t.startswith("【督办】2023年区民政局重点工作任务清单 2023Q3:社会救助科尚有 1 项任务未报送")
        and t.endswith("\nhttps://duban.example.gov.cn/work/")
        for t in texts
    ), texts
    assert set(Delivery.objects.values_list("state", flat=True)) == {"sent"}


def test_a_robot_that_is_down_does_not_stop_the_notice_or_the_instruction(
    world, user, robot, django_capture_on_commit_callbacks
):
    services.add_channel(world.bureau, actor=user("office"), kind="wecom", url=robot.url)
    robot.close()
    task = world.jiuzhu_task
    with django_capture_on_commit_callbacks(execute=True):
        notice = issue_notice(task, task.lead_department, actor=user("office"), body="请加快进度",
                              reply_due=datetime.date(2023, 10, 20))  # fmt: skip
        instruction = instructions.instruct(task, actor=user("leader"), text="抓紧落实")
    assert notice.pk and instruction.pk  # both done
    failed = Delivery.objects.order_by("id")
    assert [(d.kind, d.state) for d in failed] == [("notice", "failed"), ("instruction", "failed")]
    assert all("Connection refused" in d.last_error for d in failed)


def test_a_new_notice_and_instruction_reach_the_group_in_their_words(
    world, user, robot, django_capture_on_commit_callbacks
):
    robot.default = (200, b'{"code":0,"msg":"success"}')
    services.add_channel(world.bureau, actor=user("office"), kind="feishu", url=robot.url)
    task = world.jiuzhu_task
    with django_capture_on_commit_callbacks(execute=True):
        notice = issue_notice(task, task.lead_department, actor=user("office"), body="请加快进度",
                              reply_due=datetime.date(2023, 10, 20))  # fmt: skip
        instructions.instruct(task, actor=user("leader"), text="抓紧落实")
    texts = [json.loads(body)["content"]["text"] for _p, _h, body in robot.received]
    assert texts == [
        f"【督办】{notice.number} 督办“健全分层分类的社会救助体系”,责任科室 社会救助科,"
        "请于 2023-10-20 前回复",
        "【督办】“健全分层分类的社会救助体系”有新的领导批示:抓紧落实",
    ]

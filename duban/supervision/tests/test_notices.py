import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from duban.supervision import services
from duban.supervision.models import NoticeState


@pytest.fixture
def notice(world, user):
    return services.issue_notice(
        world.jiuzhu_task,
        world.jiuzhu_task.lead_department,
        actor=user("office"),
        number="督办〔2023〕1号",
        body="请于10日内报送低保扩面进展",
        reply_due=datetime.date(2023, 10, 20),
    )


def test_a_notice_is_answered_by_its_department_and_closed_by_the_office(notice, user):
    services.answer_notice(notice, actor=user("jiuzhu"), text="已完成摸排")
    services.close_notice(notice, actor=user("office"), text="同意办结")
    assert notice.state == NoticeState.CLOSED
    steps = [(s.state, s.actor.username) for s in notice.steps.all()]
    assert steps == [("sent", "office"), ("answered", "jiuzhu"), ("closed", "office")]


def test_another_department_cannot_answer(notice, user):
    with pytest.raises(PermissionDenied):
        services.answer_notice(notice, actor=user("yanglao"), text="x")


def test_a_notice_is_closed_only_after_an_answer(notice, user):
    with pytest.raises(ValidationError):
        services.close_notice(notice, actor=user("office"))


@pytest.mark.parametrize(
    ("username", "allowed"),
    [("office", True), ("leader", True), ("jiuzhu", False), ("city", False)],
)
def test_only_the_office_and_the_tasks_leader_issue_notices(world, user, username, allowed):
    def issue(task):
        return services.issue_notice(
            task,
            world.jiuzhu_task.lead_department,
            actor=user(username),
            body="请加快进度",
            reply_due=datetime.date(2023, 10, 20),
        )

    if allowed:
        assert issue(world.jiuzhu_task).number.startswith("督办〔")
    else:
        with pytest.raises(PermissionDenied):
            issue(world.jiuzhu_task)
    if username == "leader":  # 周利宏 does not lead 养老服务科's task
        with pytest.raises(PermissionDenied):
            issue(world.yanglao_task)


def test_numbers_follow_on_per_bureau_and_year(world):
    first = services.issue_notice(
        world.jiuzhu_task, world.jiuzhu_task.lead_department, actor=None, body="一",
        reply_due=datetime.date(2023, 10, 20),
    )  # fmt: skip
    second = services.issue_notice(
        world.jiuzhu_task, world.jiuzhu_task.lead_department, actor=None, body="二",
        reply_due=datetime.date(2023, 10, 20),
    )  # fmt: skip
    year = first.number[3:7]
    assert (first.number, second.number) == (f"督办〔{year}〕1号", f"督办〔{year}〕2号")


def test_an_answer_sent_back_is_answered_again_and_overdue_ones_escalate(notice, user, world):
    services.answer_notice(
        notice, actor=user("jiuzhu"), text="已摸排", promised_on=datetime.date(2023, 11, 30)
    )
    services.return_notice(
        notice, actor=user("leader"), text="请附名单", reply_due=datetime.date(2023, 10, 25)
    )
    assert notice.state == NoticeState.RETURNED
    assert services.escalate_overdue(datetime.date(2023, 10, 25)) == []  # not yet overdue
    (escalated,) = services.escalate_overdue(datetime.date(2023, 10, 27))
    assert services.escalate_overdue(datetime.date(2023, 10, 28)) == []  # once
    steps = [s.state for s in escalated.steps.all()]
    assert steps == ["sent", "answered", "returned", "escalated"]
    assert "逾期 2 天未回复" in escalated.steps.last().text
    assert user("leader").notifications.filter(text__contains="逾期 2 天").exists()

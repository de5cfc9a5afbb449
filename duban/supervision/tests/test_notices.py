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


def test_only_the_office_issues_notices(world, user):
    with pytest.raises(PermissionDenied):
        services.issue_notice(
            world.jiuzhu_task,
            world.jiuzhu_task.lead_department,
            actor=user("leader"),
            number="x",
            body="x",
            reply_due=datetime.date(2023, 10, 20),
        )

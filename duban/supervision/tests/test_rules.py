"""督办单 raised by the rules of the daily round, once per task while one is open."""

import datetime

from duban.plans import services as plans
from duban.progress import services as progress
from duban.supervision.models import Notice, NoticeState
from duban.supervision.rules import raise_notices


def test_a_report_a_week_late_raises_a_notice_to_the_lead_department(world):
    q2 = progress.open_period(
        world.plan, actor=None, code="2023Q2", due_on=datetime.date(2023, 7, 10)
    )
    report = progress.save_report(world.yanglao_task, q2, actor=None, progress_items=["x"])
    progress.submit_report(report, actor=None)
    assert raise_notices(datetime.date(2023, 7, 16)) == []  # 6 days late: not yet
    (notice,) = raise_notices(datetime.date(2023, 7, 17))
    assert notice.task == world.jiuzhu_task and notice.department.name == "社会救助科"
    assert notice.alert.reason == "2023Q2 进展逾期 7 天未报送"
    assert notice.reply_due == datetime.date(2023, 7, 22)
    assert "【系统督办】" in notice.body
    assert raise_notices(datetime.date(2023, 7, 18)) == []  # one open notice per task


def test_red_at_the_end_of_two_periods_running_raises_a_notice(world):
    target = plans.add_target(world.yanglao_task, actor=None, name="床位", value=100, unit="张")
    for code, value, day in (("2023Q1", "1", "2023-03-31"), ("2023Q2", "10", "2023-06-30")):
        period = progress.open_period(world.plan, actor=None, code=code)
        for task in (world.jiuzhu_task, world.yanglao_task):
            readings = {target.pk: (value, datetime.date.fromisoformat(day))}
            report = progress.save_report(
                task,
                period,
                actor=None,
                progress_items=["x"],
                readings=readings if task == world.yanglao_task else None,
            )
            progress.submit_report(report, actor=None)
    notices = raise_notices(datetime.date(2023, 7, 5))
    assert [n.task for n in notices] == [world.yanglao_task]  # 10 % at half the year
    assert notices[0].alert.reason.startswith("连续两期严重滞后")
    Notice.objects.update(state=NoticeState.CLOSED)
    assert len(raise_notices(datetime.date(2023, 7, 6))) == 1  # closed: may be raised again

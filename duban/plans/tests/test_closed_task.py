"""A task the office closes (with a reason) stays on the wall as 已关闭: it is no longer
judged, pressed, reminded or reported on from that day; before it, it is judged as any
other; reopened, it is judged again."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from duban.orgs.access import Access, Action
from duban.plans import lifecycle
from duban.plans.models import Task
from duban.progress import services as progress
from duban.progress.overview import work_for_reporter
from duban.progress.reminders import send_reminders
from duban.supervision import status as engine
from duban.supervision.board import bureau_statuses
from duban.supervision.rules import raise_notices

DAY = datetime.date


def _close(task, day, reason="并入第3项"):
    Task.objects.filter(pk=task.pk).update(closed_on=day, close_reason=reason)
    task.refresh_from_db()


def _facts(**kw):
    target = engine.TargetFacts("床位", ">=", Decimal(100), Decimal(10))
    return engine.TaskFacts(DAY(2023, 1, 1), DAY(2023, 12, 31), [target], [], **kw)


def test_from_its_closing_day_a_task_is_closed_with_the_day_and_reason():
    facts = _facts(closed_on=DAY(2023, 9, 1), close_reason="并入第3项")
    with translation.override("zh-hans"):
        before = engine.status_of(facts, DAY(2023, 8, 31), engine.Tolerances())
        on = engine.status_of(facts, DAY(2023, 9, 1), engine.Tolerances())
        assert on.code == engine.CLOSED and on.label == "已关闭" and on.colour == "grey"
        assert on.reason == "已于 2023-09-01 关闭:并入第3项"
    assert before.code == engine.SEVERE  # 10 % at two thirds of the year
    assert on.completion == Decimal(10)  # what it reached is kept, not judged


def test_the_wall_shows_it_closed_and_counts_it_apart(client, world, user):
    lifecycle.close_task(world.yanglao_task, actor=user("office"), reason="并入第3项")
    codes = {row.task.pk: row.status.code for row in bureau_statuses(world.bureau, DAY.today())}
    assert codes[world.yanglao_task.pk] == engine.CLOSED
    assert codes[world.jiuzhu_task.pk] != engine.CLOSED
    client.force_login(user("office"))
    wall = client.get(reverse("wall", args=[world.bureau.pk])).context["wall"]
    assert ("closed", "已关闭", 1) in wall.counts
    lifecycle.reopen_task(world.yanglao_task, actor=user("office"))
    codes = {row.task.pk: row.status.code for row in bureau_statuses(world.bureau, DAY.today())}
    assert codes[world.yanglao_task.pk] != engine.CLOSED


def test_a_closed_task_takes_no_reports_from_anyone_until_it_is_reopened(world, user, period):
    task = world.yanglao_task
    lifecycle.close_task(task, actor=user("office"), reason="并入第3项")
    for name in ("office", "yanglao"):
        acc = Access.of(user(name))
        assert acc.may(Action.READ, task)
        assert not acc.may(Action.REPORT, task) and not acc.may(Action.SUBMIT, task)
    with pytest.raises(PermissionDenied):
        progress.save_report(task, period, actor=user("yanglao"), progress_items=["x"])
    lifecycle.reopen_task(task, actor=user("office"))
    Access.forget(user("yanglao"))
    assert Access.of(user("yanglao")).may(Action.REPORT, Task.objects.get(pk=task.pk))


def test_no_reminder_for_a_task_closed_before_its_report_fell_due(world, user):
    period = progress.open_period(world.plan, actor=None, code="2023Q3", due_on=DAY(2023, 10, 10))
    _close(world.yanglao_task, DAY(2023, 10, 1))
    sent = send_reminders(DAY(2023, 10, 7))
    assert [r.department.name for r in sent] == ["社会救助科"]
    assert period.pk


def test_a_task_closed_after_its_report_fell_due_still_owed_it(world, user):
    progress.open_period(world.plan, actor=None, code="2023Q2", due_on=DAY(2023, 7, 10))
    _close(world.yanglao_task, DAY(2023, 7, 11))
    notices = raise_notices(DAY(2023, 7, 17))
    assert {n.task_id for n in notices} == {world.jiuzhu_task.pk, world.yanglao_task.pk}


def test_no_notice_for_a_report_a_closed_task_never_owed(world):
    progress.open_period(world.plan, actor=None, code="2023Q2", due_on=DAY(2023, 7, 10))
    _close(world.yanglao_task, DAY(2023, 7, 1))
    notices = raise_notices(DAY(2023, 7, 17))
    assert [n.task_id for n in notices] == [world.jiuzhu_task.pk]


def test_the_reporter_is_not_asked_for_a_closed_tasks_report(world, user, period):
    assert world.yanglao_task in [r.task for r in work_for_reporter(user("yanglao"))]
    _close(world.yanglao_task, DAY(2023, 9, 1))
    assert [r.task for r in work_for_reporter(user("yanglao"))] == []


def test_the_ranking_does_not_count_reports_due_after_the_closing(client, world, user):
    """Q1 and Q2 due; 养老服务科's task closed before Q2 fell due and missed Q1 only: 0 of
    one owed report, not 0 of two; after reopening, both are owed again."""
    q1 = progress.open_period(world.plan, actor=None, code="2023Q1", due_on=DAY(2023, 4, 10))
    progress.open_period(world.plan, actor=None, code="2023Q2", due_on=DAY(2023, 7, 10))
    report = progress.save_report(world.yanglao_task, q1, actor=None, progress_items=["已开展"])
    progress.submit_report(
        report, actor=None, at=datetime.datetime(2023, 4, 5, 12, tzinfo=datetime.UTC)
    )
    client.force_login(user("office"))

    def rates():
        wall = client.get(reverse("wall", args=[world.bureau.pk]), {"date": "2023-07-20"})
        return {e["name"]: e["on_time"] for e in wall.context["wall"].ranking}

    assert rates()["养老服务科"] == 50
    _close(world.yanglao_task, DAY(2023, 5, 1))
    assert rates()["养老服务科"] == 100

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from duban.progress import services
from duban.progress.models import ReportState, SelfStatus
from duban.progress.periods import parse_period_code


@pytest.mark.parametrize(
    ("code", "kind", "first", "last"),
    [
        ("2023Q3", "quarter", datetime.date(2023, 7, 1), datetime.date(2023, 9, 30)),
        ("2023H1", "half", datetime.date(2023, 1, 1), datetime.date(2023, 6, 30)),
        ("2023", "year", datetime.date(2023, 1, 1), datetime.date(2023, 12, 31)),
        ("2024-02", "month", datetime.date(2024, 2, 1), datetime.date(2024, 2, 29)),
    ],
)
def test_period_codes_name_their_dates(code, kind, first, last):
    assert parse_period_code(code) == (kind, first, last)


@pytest.mark.parametrize("code", ["2023Q5", "23Q1", "2023-13", "第三季度", ""])
def test_malformed_period_codes_are_refused(code):
    with pytest.raises(ValueError, match="无法识别"):
        parse_period_code(code)


@pytest.fixture
def report(world, user):
    period = services.open_period(world.plan, actor=user("office"), code="2023Q3")
    assert period.due_on == datetime.date(2023, 10, 10)
    return services.save_report(
        world.jiuzhu_task,
        period,
        actor=user("jiuzhu"),
        plan_items=["① 完成方案"],
        progress_items=["① 方案已起草"],
    )


def test_an_empty_report_can_be_neither_submitted_nor_approved(world, user, period):
    empty = services.save_report(
        world.jiuzhu_task, period, actor=user("jiuzhu"), plan_items=["① 完成方案"],
        progress_items=["", "  "],
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.submit_report(empty, actor=user("jiuzhu"))
    assert refused.value.code == "empty_report"
    empty.refresh_from_db()
    assert (empty.state, empty.version) == (ReportState.DRAFT, 1)
    # a report submitted empty before the rule (or by hand) cannot be approved either
    type(empty).objects.filter(pk=empty.pk).update(state=ReportState.SUBMITTED)
    with pytest.raises(ValidationError, match="季度进展为空"):
        services.approve_report(empty, actor=user("leader"))
    # one reading is something to review
    target = world.jiuzhu_task.targets.create(name="人数", value=10, unit="人")
    type(empty).objects.filter(pk=empty.pk).update(state=ReportState.DRAFT)
    services.save_report(
        world.jiuzhu_task, period, actor=user("jiuzhu"), readings={target.pk: ("3", None)}
    )
    assert services.submit_report(empty, actor=user("jiuzhu")).state == ReportState.SUBMITTED


def test_a_report_goes_from_draft_to_approved(report, user):
    assert report.state == ReportState.DRAFT
    services.submit_report(report, actor=user("jiuzhu"))
    assert report.state == ReportState.SUBMITTED and report.submitted_by == user("jiuzhu")
    services.approve_report(report, actor=user("leader"))
    report.refresh_from_db()
    assert report.state == ReportState.APPROVED and report.reviewed_by == user("leader")


def test_a_returned_report_needs_a_comment_and_can_be_resubmitted(report, user):
    services.submit_report(report, actor=user("jiuzhu"))
    with pytest.raises(ValidationError):
        services.return_report(report, actor=user("leader"), comment=" ")
    services.return_report(report, actor=user("leader"), comment="请补充数据")
    assert report.state == ReportState.RETURNED
    services.save_report(
        report.task, report.period, actor=user("jiuzhu"), progress_items=["已补充"]
    )
    services.submit_report(report, actor=user("jiuzhu"))
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED and report.progress_items == ["已补充"]


def test_a_draft_cannot_be_approved(report, user):
    with pytest.raises(ValidationError):
        services.approve_report(report, actor=user("leader"))


def test_a_leader_of_another_task_cannot_review(report, user, world):
    services.submit_report(report, actor=user("jiuzhu"))
    report.task = world.yanglao_task  # pretend: the gate reads the task's leaders
    with pytest.raises(PermissionDenied):
        services.approve_report(report, actor=user("leader"))


def test_another_department_cannot_write_the_report(report, user):
    with pytest.raises(PermissionDenied):
        services.save_report(
            report.task, report.period, actor=user("yanglao"), progress_items=["x"]
        )


def test_a_submitted_report_is_locked_for_the_reporter_but_not_the_office(report, user):
    services.submit_report(report, actor=user("jiuzhu"))
    with pytest.raises(ValidationError):
        services.save_report(report.task, report.period, actor=user("jiuzhu"), progress_items=["x"])
    services.save_report(report.task, report.period, actor=user("office"), progress_items=["y"])


def test_lagging_needs_a_reason(report, user):
    with pytest.raises(ValidationError, match="滞后原因"):
        services.save_report(
            report.task, report.period, actor=user("jiuzhu"), self_status=SelfStatus.LAGGING
        )


def test_a_closed_period_takes_no_reporter_edits(report, user):
    report.period.is_open = False
    report.period.save()
    with pytest.raises(ValidationError, match="已关闭"):
        services.save_report(report.task, report.period, actor=user("jiuzhu"), progress_items=["x"])


def test_report_history_keeps_who_and_what(report, user):
    services.save_report(
        report.task, report.period, actor=user("jiuzhu"), progress_items=["新进展"]
    )
    latest = report.history.first()
    assert latest.history_user == user("jiuzhu")
    delta = latest.diff_against(latest.prev_record)
    assert [c.field for c in delta.changes] == ["progress_items", "version"]


def test_a_parent_task_rolls_up_its_sub_items_by_weight_and_keeps_over_100(world):
    from decimal import Decimal

    from duban.plans import services as plans
    from duban.supervision.board import task_completion

    period = services.open_period(world.plan, actor=None, code="2023Q3")
    task = world.jiuzhu_task
    second = plans.add_task(world.plan, actor=None, parent=task, seq="②", title="第二项", weight=3)
    beds = plans.add_target(world.sub_item, actor=None, name="床位", value=100, unit="张")
    staff = plans.add_target(second, actor=None, name="护理员", value=200, unit="人")
    readings = {beds.pk: ("150", None), staff.pk: ("100", None)}
    services.save_report(task, period, actor=None, readings=readings)
    # sub-item ① 150 % (weight 1), ② 50 % (weight 3): (150 + 3 × 50) / 4
    assert task_completion(task, period.ends_on) == Decimal("75.00")
    plans.update_task(second, actor=None, weight=1)
    second.refresh_from_db()
    assert task_completion(task, period.ends_on) == Decimal("100.00")  # the mean without weights
    services.save_report(task, period, actor=None, readings={staff.pk: ("300", None)})
    assert task_completion(task, period.ends_on) == Decimal("150.00")  # over 100 % is kept

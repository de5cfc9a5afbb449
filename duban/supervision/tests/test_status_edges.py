"""The edges that surviving mutants showed untested: a gap of exactly the tolerances,
exactly 100 %, a report due on the day itself, a start equal to the deadline, some targets
measured and others not, weights other than 1 and all zero."""

import datetime as dt
from decimal import Decimal as D

from duban.plans.completion import completion_percent
from duban.supervision.status import (
    PeriodFacts,
    TargetFacts,
    TaskFacts,
    Tolerances,
    pace_on,
    status_of,
    weighted_completion,
)

TOL = Tolerances(D(5), D(20))
START, END = dt.date(2023, 1, 1), dt.date(2023, 12, 31)
DAY = dt.date(2023, 7, 2)  # 182 of 364 days: 序时进度 exactly 50 %


def task(*targets, periods=(), starts=START, due=END):
    return TaskFacts(starts, due, list(targets), list(periods))


def target(latest, value="100", comparator=">=", weight="1", name="床位"):
    return TargetFacts(
        name, comparator, None if value is None else D(value),
        None if latest is None else D(latest), D(weight),
    )  # fmt: skip


def test_a_gap_of_exactly_the_tolerances_is_still_the_milder_status():
    assert status_of(task(target("45")), DAY, TOL).code == "normal"  # 5 points behind
    assert status_of(task(target("44.9")), DAY, TOL).code == "lagging"
    assert status_of(task(target("30")), DAY, TOL).code == "lagging"  # 20 points behind
    lagging = status_of(task(target("29.9")), DAY, TOL)
    assert lagging.code == "severe" and lagging.reason.endswith("落后 20.1 个百分点")


def test_exactly_one_hundred_percent_is_done_and_just_under_is_not():
    assert status_of(task(target("100")), DAY, TOL).code == "done"
    assert status_of(task(target("99.99")), DAY, TOL).code == "normal"
    assert status_of(task(target("80", "80", "<=")), DAY, TOL).code == "done"  # ≤ met


def test_a_report_due_on_the_day_itself_is_not_late_yet():
    q2 = PeriodFacts("2023Q2", dt.date(2023, 6, 30), dt.date(2023, 7, 10), reported=False)
    on_the_day = status_of(task(target("60"), periods=[q2]), dt.date(2023, 7, 10), TOL)
    assert on_the_day.code == "normal"
    day_after = status_of(task(target("60"), periods=[q2]), dt.date(2023, 7, 11), TOL)
    assert day_after.code == "unreported" and "已逾期 1 天" in day_after.reason


def test_a_period_ending_on_the_day_is_not_yet_ended():
    q2 = PeriodFacts("2023Q2", dt.date(2023, 6, 30), dt.date(2023, 7, 10), reported=False)
    assert "尚无到期" in status_of(task(periods=[q2]), dt.date(2023, 6, 30), TOL).reason
    assert "尚无到期" not in status_of(task(periods=[q2]), dt.date(2023, 7, 1), TOL).reason


def test_a_start_equal_to_the_deadline_is_all_or_nothing():
    same = task(starts=DAY, due=DAY)
    assert pace_on(same, DAY - dt.timedelta(days=1)) == D(0)
    assert pace_on(same, DAY) == D(100)
    assert pace_on(same, DAY + dt.timedelta(days=1)) == D(100)


def test_some_targets_measured_others_not():
    both = task(target("100"), target(None, name="护理员"))
    status = status_of(both, DAY, TOL)
    assert status.code == "normal" and status.completion == D(100)  # not 已完成: one unread
    assert "1 项指标尚无读数" in status.reason
    monitored = task(target("100"), target("5", value=None))  # a monitored figure
    assert status_of(monitored, DAY, TOL).code == "done"


def test_weights_other_than_one_and_all_zero():
    heavy = [(target("10", weight="3"), D(10)), (target("90", weight="1"), D(90))]
    assert weighted_completion(heavy) == D("30.00")
    assert weighted_completion([(target("10", weight="0"), D(10))]) is None
    assert weighted_completion([]) is None
    zero_weights = task(target("10", weight="0"), target("90", weight="0"))
    assert status_of(zero_weights, DAY, TOL).completion is None


def test_completion_of_every_comparator_and_the_unmeasurable():
    assert completion_percent(">=", D(100), D(120)) == D("120.00")  # over 100 % kept
    assert completion_percent("=", D(200), D(50)) == D("25.00")
    assert completion_percent("range", D(40), D(50)) == D("125.00")  # by the lower bound
    assert completion_percent("<=", D(20), D(25)) == D("80.00")  # inverted
    assert completion_percent("<=", D(20), D(0)) is None
    assert completion_percent(">=", D(0), D(5)) is None
    assert completion_percent(">=", None, D(5)) is None
    assert completion_percent(">=", D(5), None) is None

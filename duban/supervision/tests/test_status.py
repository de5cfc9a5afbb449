"""The status rules of DESIGN.md §3, case by case, written out by hand."""

import datetime as dt
import io
import json
from decimal import Decimal as D

import pytest
from django.core.management import call_command

from duban.plans import services as plans
from duban.progress import services as progress
from duban.supervision.status import (
    PeriodFacts,
    TargetFacts,
    TaskFacts,
    Tolerances,
    pace_on,
    status_of,
)

YEAR = (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
JULY_1 = dt.date(2023, 7, 2)  # 182 of 364 days: 序时进度 50 %
TOL = Tolerances(D(5), D(20))


def facts(*targets, periods=()):
    return TaskFacts(YEAR[0], YEAR[1], list(targets), list(periods))


def beds(latest, value="100", comparator=">="):
    return TargetFacts("床位", comparator, D(value) if value is not None else None,
                       D(latest) if latest is not None else None)  # fmt: skip


def test_pace_is_the_time_elapsed_share_clipped():
    assert pace_on(facts(), JULY_1) == D("50.0")
    assert pace_on(facts(), dt.date(2022, 12, 1)) == D("0.0")
    assert pace_on(facts(), dt.date(2024, 3, 1)) == D("100.0")


@pytest.mark.parametrize(
    ("target", "code", "completion", "reason"),
    [
        (beds("48"), "normal", D("48.00"), "指标完成 48%,序时进度 50%"),
        (beds("40"), "lagging", D("40.00"), "指标完成 40%,序时进度 50%,落后 10 个百分点"),
        (beds("20"), "severe", D("20.00"), "指标完成 20%,序时进度 50%,落后 30 个百分点"),
        (beds("130"), "done", D("130.00"), "全部 1 项指标已达到目标"),  # over 100 % kept
        (beds("25", "20", "<="), "normal", D("80.00"), None),  # 25 days against ≤ 20: inverted
    ],
)
def test_status_by_completion_against_pace(target, code, completion, reason):
    status = status_of(facts(target), JULY_1, TOL)
    assert (status.code, status.completion) == (code, completion)
    if reason:
        assert status.reason == reason


def test_a_report_past_its_due_date_is_unreported_and_says_so():
    q2 = PeriodFacts("2023Q2", dt.date(2023, 6, 30), dt.date(2023, 7, 10), reported=False)
    status = status_of(facts(beds("60"), periods=[q2]), dt.date(2023, 7, 15), TOL)
    assert status.code == "unreported" and status.label == "未报送"
    assert status.reason == "2023Q2 进展应于 2023-07-10 前报送,已逾期 5 天"
    before_due = status_of(facts(beds("60"), periods=[q2]), dt.date(2023, 7, 9), TOL)
    assert before_due.code == "normal"


def test_odd_inputs_have_a_status_and_a_reason_never_an_exception():
    zero = status_of(facts(beds("5", value="0")), JULY_1, TOL)
    assert zero.code == "no_data" and "目标值为 0" in zero.reason
    monitored = status_of(facts(beds("5", value=None)), JULY_1, TOL)
    assert monitored.code == "no_data" and monitored.completion is None
    no_reading = status_of(facts(beds(None)), JULY_1, TOL)
    assert no_reading.code == "no_data" and no_reading.reason.startswith("尚无到期的报告期")
    past_deadline = status_of(facts(), dt.date(2024, 1, 5), TOL)
    assert past_deadline.code == "severe" and "已过完成时限 2023-12-31" in past_deadline.reason


def test_without_figures_the_approved_self_assessment_counts():
    def period(status):
        return PeriodFacts("2023Q2", dt.date(2023, 6, 30), dt.date(2023, 7, 10), True, status)

    day = dt.date(2023, 7, 20)
    assert status_of(facts(periods=[period("done")]), day, TOL).code == "done"
    assert status_of(facts(periods=[period("lagging")]), day, TOL).code == "lagging"
    assert status_of(facts(periods=[period("in_progress")]), day, TOL).code == "normal"
    assert status_of(facts(periods=[period("not_started")]), day, TOL).code == "severe"


def test_no_green_without_evidence():
    """Nothing measured and nothing approved is 无进展数据, whatever the date: before any
    period is due, after one was reported but not yet approved, and after one was due."""
    july = dt.date(2023, 7, 20)
    q2 = PeriodFacts("2023Q2", dt.date(2023, 6, 30), dt.date(2023, 7, 10), reported=True)
    q3 = PeriodFacts("2023Q3", dt.date(2023, 9, 30), dt.date(2023, 10, 10), reported=False)
    nothing_due = status_of(facts(beds(None), periods=[q3]), july, TOL)
    submitted_only = status_of(facts(beds(None), periods=[q2]), july, TOL)
    no_period = status_of(facts(), july, TOL)
    for status in (nothing_due, submitted_only, no_period):
        assert (status.code, status.colour, status.completion) == ("no_data", "grey", None)
        assert status.label == "无进展数据"
    assert submitted_only.reason == "报告尚未审核通过,也没有指标读数"
    # one reading is evidence: 60 of 100 at 55 % of the year is on track
    assert status_of(facts(beds("60"), periods=[q3]), july, TOL).code == "normal"


def test_a_past_date_replays_the_readings_known_then(world):
    target = plans.add_target(world.jiuzhu_task, actor=None, name="床位", value=100, unit="张")
    q2 = progress.open_period(world.plan, actor=None, code="2023Q2")
    q3 = progress.open_period(world.plan, actor=None, code="2023Q3")
    for period, value, day in ((q2, "30", "2023-06-30"), (q3, "90", "2023-09-30")):
        report = progress.save_report(
            world.jiuzhu_task,
            period,
            actor=None,
            readings={target.pk: (value, dt.date.fromisoformat(day))},
        )
        progress.submit_report(report, actor=None)

    def row(day):
        out = io.StringIO()
        call_command("status", "--org", world.bureau.name, "--date", day, "--json", stdout=out)
        return next(r for r in json.loads(out.getvalue()) if r["seq"] == "3")

    july = row("2023-07-05")
    assert (july["status"], july["completion"]) == ("严重滞后", 30.0)  # 30 % at 50.7 %
    october = row("2023-10-05")
    assert (october["status"], october["completion"]) == ("正常", 90.0)
    assert set(october) == {
        "task_id", "plan", "seq", "title", "status", "code", "completion", "pace", "reason"
    }  # fmt: skip
    assert october["code"] == "normal"

"""The issuer's roll-up of a task handed down, checked by hand on a city and its two
bureaus."""

import datetime
from decimal import Decimal

import pytest

from duban.assignments import services
from duban.assignments.models import Assignment
from duban.assignments.rollup import rollup
from duban.progress import services as progress
from duban.supervision.status import NO_DATA, NORMAL, SEVERE

DUE = datetime.date(2023, 11, 30)
DAY = datetime.date(2023, 7, 1)


@pytest.fixture
def handed_down(world):
    assignment = services.issue(
        world.city,
        actor=None,
        title="新建老年助餐点",
        due_on=DUE,
        section_title="市民政局重点工作任务",
        to=[world.bureau, world.sibling],
        targets=[{"name": "老年助餐点", "unit": "个", "value": 5}],
        today=datetime.date(2023, 3, 1),
    )
    Assignment.objects.filter(pk=assignment.pk).update(
        created_at=datetime.datetime(2023, 3, 1, 9, tzinfo=datetime.UTC)
    )
    assignment.refresh_from_db()
    return assignment


def _accept_and_read(world, assignment, organization, plan, value):
    receipt = assignment.receipts.get(organization=organization)
    task = services.accept(receipt, actor=None, plan=plan)
    period = progress.open_period(plan, actor=None, code="2023Q2", due_on=DUE)
    target = task.targets.get()
    progress.save_report(
        task, period, actor=None, progress_items=["已建成"],
        readings={target.pk: (value, datetime.date(2023, 6, 30))},
    )  # fmt: skip
    return task


def test_nothing_accepted_is_no_data_never_green(world, handed_down):
    result = rollup(handed_down, DAY)
    assert [r.status for r in result.rows] == [None, None]
    assert result.status.code == NO_DATA
    assert len(result.not_accepted) == 2


def test_each_bureau_by_its_own_wall_and_the_issuer_by_the_mean(world, handed_down):
    """Tasks run 2023-01-01 → 11-30 (333 days); on 07-01, 181 days: 序时进度 54.4 %.
    宣州 read 4 of 5 (80 %): 正常. 郎溪 1 of 5 (20 %): 34.4 points behind, 严重滞后.
    The city: mean (80 + 20) / 2 = 50 % against its own pace from 03-01 (issued) to
    11-30, 122 of 274 days = 44.5 %: 正常."""
    _accept_and_read(world, handed_down, world.bureau, world.plan, 4)
    _accept_and_read(world, handed_down, world.sibling, world.sibling_task.plan, 1)
    result = rollup(handed_down, DAY)
    by_name = {r.receipt.organization.name: r for r in result.rows}
    xuanzhou, langxi = by_name["宣城市宣州区民政局"], by_name["宣城市郎溪县民政局"]
    assert (xuanzhou.status.code, xuanzhou.status.completion) == (NORMAL, Decimal("80.00"))
    assert xuanzhou.status.pace == Decimal("54.4")
    assert (langxi.status.code, langxi.status.completion) == (SEVERE, Decimal("20.00"))
    assert xuanzhou.readings == [("老年助餐点", Decimal(4), "个", datetime.date(2023, 6, 30))]
    assert result.status.code == NORMAL
    assert result.status.completion == Decimal("50.00")
    assert result.status.pace == Decimal("44.5")

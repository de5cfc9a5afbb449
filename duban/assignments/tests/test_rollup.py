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


def test_a_province_sees_the_whole_tree(db):
    """省 → 2 cities → 2 counties each. The province issues on 03-01, due 11-30; each city
    accepts and hands its task on to its counties; on 07-01:
      A1 read 4 of 5 = 80 %, A2 2 of 5 = 40 %  → city A measured nothing itself: (80+40)/2 = 60
      B1 read 1 of 5 = 20 %, B2 has not accepted → city B: 20 (B2 listed, not averaged)
    Province: (60 + 20) / 2 = 40 % against 122 of 274 days = 44.5 %: 4.5 points behind,
    within the default tolerance of 5: 正常. Each county by its own wall: a plan year from
    01-01 to the due date 11-30, 181 of 333 days = 54.4 %: A1 正常; A2 14.4 behind 滞后;
    B1 34.4 behind 严重滞后."""
    from duban.orgs import services as orgs
    from duban.orgs.models import Level
    from duban.plans import services as plans
    from duban.supervision.status import LAGGING

    province = orgs.create_organization(actor=None, name="某省民政厅", level=Level.PROVINCE)
    tree = {}
    for city_name in ("A", "B"):
        city = orgs.create_organization(
            actor=None, name=f"{city_name}市民政局", level=Level.CITY, parent=province
        )
        tree[city] = [
            orgs.create_organization(
                actor=None, name=f"{city_name}{i}县民政局", level=Level.COUNTY, parent=city
            )
            for i in (1, 2)
        ]
    plan_of = {
        org: plans.create_plan(org, actor=None, year=2023, title="清单", state="in_force")
        for org in [*tree, *[c for cs in tree.values() for c in cs]]
    }
    issued = datetime.datetime(2023, 3, 1, 9, tzinfo=datetime.UTC)
    top = services.issue(
        province, actor=None, title="建设老年助餐点", due_on=DUE, section_title="省厅任务",
        to=list(tree), targets=[{"name": "老年助餐点", "unit": "个", "value": 5}],
        today=datetime.date(2023, 3, 1),
    )  # fmt: skip
    Assignment.objects.filter(pk=top.pk).update(created_at=issued)
    readings = {"A1县民政局": 4, "A2县民政局": 2, "B1县民政局": 1}
    for city, counties in tree.items():
        city_task = services.accept(
            top.receipts.get(organization=city), actor=None, plan=plan_of[city]
        )
        down = services.issue(
            city, actor=None, title="建设老年助餐点", due_on=DUE, section_title="市局任务",
            to=counties, targets=[{"name": "老年助餐点", "unit": "个", "value": 5}],
            source_task=city_task, today=datetime.date(2023, 3, 1),
        )  # fmt: skip
        Assignment.objects.filter(pk=down.pk).update(created_at=issued)
        for county in counties:
            if county.name in readings:
                _accept_and_read(world=None, assignment=down, organization=county,
                                 plan=plan_of[county], value=readings[county.name])  # fmt: skip
    top.refresh_from_db()
    result = rollup(top, DAY)
    city_rows = {r.receipt.organization.name: r for r in result.rows}
    assert city_rows["A市民政局"].status.code == NO_DATA  # the city measured nothing itself
    assert city_rows["A市民政局"].completion == Decimal("60")
    assert city_rows["B市民政局"].completion == Decimal("20")
    counties = {
        r.receipt.organization.name: r
        for row in result.rows
        for below in row.below
        for r in below.rows
    }
    assert counties["A1县民政局"].status.code == NORMAL
    assert counties["A2县民政局"].status.code == LAGGING
    assert counties["B1县民政局"].status.code == SEVERE
    assert counties["B2县民政局"].status is None  # not accepted: listed, not averaged
    assert (result.status.completion, result.status.pace) == (Decimal("40"), Decimal("44.5"))
    assert result.status.code == NORMAL


def test_the_indicator_handed_down_is_compared_across_the_bureaus(client, world, handed_down):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    _accept_and_read(world, handed_down, world.bureau, world.plan, 4)
    client.force_login(get_user_model().objects.get(username="city"))
    source = handed_down.targets.get()
    page = client.get(
        reverse("compare", args=[world.city.pk]), {"date": "2023-07-01", "assigned": source.pk}
    )
    assert page.status_code == 200
    text = page.text
    assert "宣城市宣州区民政局" in text and "4个" in text and "2023Q2" in text
    # 郎溪 has not accepted: listed as without a figure, not left out
    assert "无可比数据" in text and "宣城市郎溪县民政局" in text.split("无可比数据")[1]

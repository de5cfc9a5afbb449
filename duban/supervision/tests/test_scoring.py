"""考核评分 by hand: two 科室, the default rules, every point written out."""

import datetime
from decimal import Decimal

import pytest

from duban.supervision.scoring import NoticeFact, TaskFact, checked_rules, score

DUE = datetime.date(2023, 10, 10)


def test_two_departments_scored_and_ranked_as_computed_by_hand():
    tasks = [
        # 社会救助科: on time +2; 40 % against 80 % → 5 × 0.5 = +2.5
        TaskFact("社会救助科", "3 社会救助", datetime.date(2023, 10, 9), Decimal(40), Decimal(80)),
        # 社会救助科: not reported −3, nothing measured: no completion points
        TaskFact("社会救助科", "5 低保", None, None, Decimal(80)),
        # 养老服务科: late +1; 90 % against 80 % → capped at 5
        TaskFact("养老服务科", "4 养老", datetime.date(2023, 10, 12), Decimal(90), Decimal(80)),
    ]
    notices = [
        NoticeFact("社会救助科", "督办〔2023〕1号", datetime.date(2023, 9, 20),
                   datetime.date(2023, 9, 19)),  # answered in time +1
        NoticeFact("养老服务科", "督办〔2023〕2号", datetime.date(2023, 9, 20), None),  # −2
    ]  # fmt: skip
    ranked = score(tasks, notices, DUE, checked_rules({}))
    assert [(s.department, s.total) for s in ranked] == [
        ("养老服务科", Decimal("4.0")),  # 1 + 5 − 2
        ("社会救助科", Decimal("2.5")),  # 2 + 2.5 − 3 + 1
    ]
    lines = [(line.rule, line.what, line.points) for line in ranked[1].lines]
    assert lines == [
        ("on_time", "3 社会救助", Decimal(2)),
        ("completion", "3 社会救助", Decimal("2.5")),
        ("unreported", "5 低保", Decimal(-3)),
        ("notice_on_time", "督办〔2023〕1号", Decimal(1)),
    ]


def test_weights_are_edited_and_a_negative_one_is_refused():
    rules = checked_rules({"unreported": "10", "completion": 0})
    assert rules["unreported"] == 10 and rules["completion"] == 0 and rules["on_time"] == 2
    for bad in ({"on_time": -1}, {"late": "abc"}, {"nonsense": 1}, {"on_time": "NaN"}):
        with pytest.raises(ValueError):
            checked_rules(bad)


def test_a_period_of_the_bureau_scored_from_its_reports(world, user):
    from duban.progress import services as progress
    from duban.supervision.scoring import period_scores

    period = progress.open_period(world.plan, actor=None, code="2023Q3", due_on=DUE)
    report = progress.save_report(world.jiuzhu_task, period, actor=None, progress_items=["已推进"])
    at = datetime.datetime(2023, 10, 8, 10, tzinfo=datetime.UTC)
    progress.submit_report(report, actor=user("jiuzhu"), at=at)
    ranked = period_scores(period)
    # 社会救助科 reported on time (+2), nothing measured; 养老服务科 did not report (−3)
    assert [(s.department, s.total) for s in ranked] == [
        ("社会救助科", Decimal(2)),
        ("养老服务科", Decimal(-3)),
    ]
    world.bureau.score_rules = {"unreported": 5}
    world.bureau.save()
    period.refresh_from_db()
    assert period_scores(period)[1].total == Decimal(-5)


def test_the_scores_page_and_its_rules(client, world, user):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from duban.progress import services as progress

    period = progress.open_period(world.plan, actor=None, code="2023Q3", due_on=DUE)
    url = reverse("scores", args=[period.pk])
    login = client.force_login
    login(get_user_model().objects.get(username="office"))
    page = client.get(url)
    assert page.status_code == 200 and "未报送进展" in page.text and "养老服务科" in page.text
    page = client.post(url, {"unreported": "-4"}, follow=True)
    assert "0 到 100" in page.text
    world.bureau.refresh_from_db()
    assert world.bureau.score_rules == {}  # nothing saved
    client.post(url, {"unreported": "4"})
    world.bureau.refresh_from_db()
    assert world.bureau.score_rules["unreported"] == "4"
    login(get_user_model().objects.get(username="jiuzhu"))
    assert client.get(url).status_code == 200
    assert client.post(url, {"unreported": "1"}).status_code == 403
    login(get_user_model().objects.get(username="outsider"))
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("role", "status"), [("city", 200), ("office", 404), ("other_office", 404), ("outsider", 404)]
)
def test_the_bureaus_below_are_scored_for_their_superior_only(client, world, user, role, status):
    from django.urls import reverse

    from duban.progress import services as progress

    progress.open_period(world.plan, actor=None, code="2023Q3", due_on=datetime.date(2023, 10, 10))
    client.force_login(user(role))
    url = reverse("bureau-scores", args=[world.city.pk])
    page = client.get(url, {"period": "2023Q3"})
    assert page.status_code == status
    if status == 200:
        text = page.content.decode()
        # 宣州区: 2 tasks unreported (−3 each) of 2 × 7 possible; 郎溪县: no 2023Q3 period
        assert "宣城市宣州区民政局" in text and "-6" in text and "没有 2023Q3 报告期" in text
        assert 'name="on_time"' not in text  # the rules shown, not editable by a superior
        refused = client.post(url, {"on_time": "9", "period": "2023Q3"})
        assert refused.status_code == 403
        world.city.refresh_from_db()
        assert not world.city.score_rules


def test_the_superiors_scores_cost_the_same_queries_for_3_bureaus_or_30(client, world, user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from duban.assignments.tests.test_pages import _bureaus_accepting
    from duban.progress import services as progress

    client.force_login(user("city"))
    counts = []
    for n, tag in ((3, "甲"), (30, "乙")):
        assignment = _bureaus_accepting(world, user, n, tag)
        for receipt in assignment.receipts.select_related("task__plan"):
            progress.open_period(receipt.task.plan, actor=None, code="2023Q3",
                                 due_on=datetime.date(2023, 10, 10))  # fmt: skip
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("bureau-scores", args=[world.city.pk]), {"period": "2023Q3"})
        assert page.status_code == 200 and page.text.count("县民政局") >= n
        counts.append(len(queries))
    print(f"superior scores page queries for 3 and 30 bureaus: {counts}")
    assert counts[0] == counts[1], counts

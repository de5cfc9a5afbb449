"""考核评分 on the seeds' demo data, against sums done by hand from what the seeds say.

奉化's 2023Q3 (seed 000, due 2023-11-06, every report taken from the published table, so
submitted on time: +2 each); completion against 序时进度 74.7 % at 2023-09-30 (+5 × the
share, at most 5): 社会工作人才队伍建设 1 家 planned, 3 done (300 %) → 5; 养老服务提升工程
120 of 100 张 and 50 of 50 张 (110 %) → 5; 老年助餐 (handed down by 宁波) 9 of 12 个 (75 %)
→ 5; the five other tasks have no figure to measure (no points either way). No 督办单."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from duban.demo.data import load_demo
from duban.orgs.models import Organization
from duban.progress.models import Period
from duban.supervision.scoring import bureau_scores, period_scores


@pytest.fixture
def demo(db):
    return load_demo()


def test_fenghua_departments_2023q3_as_summed_by_hand(demo):
    period = Period.objects.get(plan__organization__name="宁波市奉化区民政局", code="2023Q3")
    got = [(s.department, s.total, s.possible) for s in period_scores(period)]
    assert got == [
        ("养老服务科", Decimal(14), Decimal(14)),  # 2 + 5 (养老服务提升) + 2 + 5 (助餐)
        ("社会组织管理科", Decimal(9), Decimal(14)),  # 2 (培育发展) + 2 + 5 (人才队伍)
        ("社会事务科", Decimal(4), Decimal(14)),  # 2 + 2, nothing measured
        ("基层政权建设和社区治理科", Decimal(2), Decimal(7)),
        ("移民安置科", Decimal(2), Decimal(7)),
    ]
    assert [s.rate for s in period_scores(period)][:2] == [Decimal("100.0"), Decimal("64.3")]


def test_ningbo_ranks_its_districts_by_score_rate(demo, client):
    ningbo = Organization.objects.get(name="宁波市民政局")
    got = [(s.department, s.total, s.possible, s.rate) for s in bureau_scores(ningbo, "2023Q3")]
    assert got == [
        # one task (助餐, no 科室 named): on time 2023-10-09 (+2), 8 of 10 个 = 80 % (+5)
        ("宁波市鄞州区民政局", Decimal(7), Decimal(7), Decimal("100.0")),
        # its 科室 added up: 14 + 9 + 4 + 2 + 2 = 31 of 8 tasks × 7 = 56
        ("宁波市奉化区民政局", Decimal(31), Decimal(56), Decimal("55.4")),
        ("宁波市海曙区民政局", Decimal(0), Decimal(0), None),  # no 2023Q3 period
    ]
    client.force_login(get_user_model().objects.get(username="ningbo"))
    page = client.get(reverse("bureau-scores", args=[ningbo.pk]), {"period": "2023Q3"})
    text = page.content.decode()
    assert page.status_code == 200 and "55.4%" in text and "没有 2023Q3 报告期" in text
    client.force_login(get_user_model().objects.get(username="fenghua"))
    assert client.get(reverse("bureau-scores", args=[ningbo.pk])).status_code == 404
    assert (
        client.get(reverse("bureau-scores", args=[demo_org("宁波市奉化区民政局")])).status_code
        == 404
    )


def demo_org(name):
    return Organization.objects.get(name=name).pk


def test_ningbos_bulletin_ranks_its_districts_and_names_the_lagging_task(demo):
    from duban.ingest.document import parse_bytes
    from duban.publishing import services as publishing
    from duban.publishing.compose import compose
    from duban.publishing.render import render

    ningbo = Organization.objects.get(name="宁波市民政局")
    doc = compose(ningbo, "bulletin", 2023, "2023Q3")
    assert doc.title == "宁波市民政局关于2023年第三季度各地重点工作推进情况的通报"
    ranking, behind = doc.tables()
    assert ranking.rows == [
        ["1", "宁波市鄞州区民政局", "7", "7", "100.0%"],
        ["2", "宁波市奉化区民政局", "31", "56", "55.4%"],
        ["—", "宁波市海曙区民政局", "—", "—", "未建立2023Q3报告期"],
    ]
    # 奉化's 助餐 task: 9 of 12 个 (75 %) on 2023-11-07, the day after its reports were due
    assert [(row[0], row[1], row[3]) for row in behind.rows] == [
        ("宁波市奉化区民政局", "推进老年助餐服务扩面提质", "滞后")
    ]
    assert "宁波市鄞州区民政局本期得分率第一" in doc.as_text()
    published = publishing.publish_publication(
        publishing.compose_publication(ningbo, actor=None, kind="bulletin", year=2023,
                                       period="2023Q3"), actor=None)  # fmt: skip
    data = render("docx", publishing.document_of(published), publishing.metadata(published)).data
    back = parse_bytes("通报.docx", data)
    assert back.kind == "other" and back.title == doc.title
    figures = {(f.indicator.name, f.indicator.value) for f in back.indicators}
    # 9 tasks as of the day after each bureau's due date: 鄞州's 1 and 奉化's 8
    assert {("完成", 1), ("正常", 7), ("滞后", 1)} <= figures

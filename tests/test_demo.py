"""The demo data set: the five seeds, each in its bureau, browsable by the demo logins."""

import hashlib
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from duban.demo.data import DEMO_DAY, demo_logins, load_demo
from duban.orgs.models import Organization
from duban.plans.models import Plan, Target, Task
from duban.progress.models import ProgressReport, Reading
from duban.publishing.models import Publication


@pytest.fixture
def demo(db):
    return load_demo()


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))


def test_the_demo_has_the_seeds_bureau_tree(demo):
    fenghua = Organization.objects.get(name="宁波市奉化区民政局")
    assert [o.name for o in fenghua.ancestors()] == ["宁波市民政局", "浙江省民政厅"]
    xuanzhou = Organization.objects.get(name="宣城市宣州区民政局")
    assert xuanzhou.disclosure_code == "11341703003249426F"
    assert set(xuanzhou.people.values_list("name", flat=True)) >= {
        "张文娟",
        "周利宏",
        "刘谋瑜",
        "谭朝晖",
    }
    assert xuanzhou.departments.filter(name="养老服务科", aliases="儿童福利科").exists()


def test_every_seed_is_in_its_own_bureau(demo):
    where = dict(Publication.objects.values_list("organization__name", "kind"))
    assert where == {
        "宁波市奉化区民政局": "progress_table",
        "宁波市鄞州区民政局": "summary",
        "宣城市宣州区民政局": "task_list",
        "舟山市民政局": "summary",
        "宁波市海曙区民政局": "summary",
    }
    assert Task.objects.filter(plan__organization__name="宣城市宣州区民政局").count() == 32
    fenghua = ProgressReport.objects.filter(task__plan__organization__name="宁波市奉化区民政局")
    seed = fenghua.filter(task__receipt__isnull=True)  # not the task 宁波 handed down
    assert seed.filter(state="approved", period__code="2023Q3").count() == 7


def test_ningbo_has_handed_a_task_to_its_three_districts(demo):
    from duban.assignments.models import Instruction, Receipt

    receipts = {
        r.organization.name: r
        for r in Receipt.objects.filter(assignment__issuer__name="宁波市民政局")
    }
    assert {n: r.state for n, r in receipts.items()} == {
        "宁波市奉化区民政局": "accepted",
        "宁波市鄞州区民政局": "accepted",
        "宁波市海曙区民政局": "pending",
    }
    readings = {
        n: [(g.value, g.as_of.isoformat()) for g in Reading.objects.filter(target__task=r.task)]
        for n, r in receipts.items()
        if r.task
    }
    assert readings == {
        "宁波市奉化区民政局": [(9, "2023-09-30")],
        "宁波市鄞州区民政局": [(8, "2023-09-30")],
    }
    instruction = Instruction.objects.get(task__plan__organization__name="宁波市奉化区民政局")
    assert instruction.author.username == "fh_leader" and instruction.replies.count() == 1


def test_summaries_become_plans_of_their_parts_with_targets_and_readings(demo):
    yinzhou = Plan.objects.filter(organization__name="宁波市鄞州区民政局", source__isnull=False)
    assert sorted(yinzhou.values_list("year", "title")) == [
        (2021, "2021年工作总结"),
        (2022, "2022年工作思路"),
    ]
    # 2021: what was achieved is a reading of the 2021 period, quoted from the text
    reading = Reading.objects.get(
        report__task__plan__year=2021, target__name="社会养老床位数", value=12146
    )
    assert reading.target.unit == "张" and reading.report.period.code == "2021"
    assert "全区社会养老床位数12146张" in reading.quote
    # 2022: what was planned is a target, due at the end of 2022
    target = Target.objects.get(task__plan__year=2022, name="培训家庭照护者")
    assert (target.value, target.comparator, target.unit) == (800, ">=", "名")
    assert str(target.due_date) == "2022-12-31"


def test_a_completion_rate_gives_the_target_it_was_measured_against(demo):
    reading = Reading.objects.get(report__task__plan__organization__name="舟山市民政局", value=197)
    assert reading.target.value == Decimal("170.00")  # 197 is 115.88 % of 170
    assert reading.report.period.code == "2023H1"


def test_progress_figures_measure_the_plan_items_targets(demo):
    target = Target.objects.get(
        task__plan__organization__name="宁波市奉化区民政局", value=100, unit="张"
    )
    assert target.task.title.startswith("新增认知症照护专区床位100张")
    assert list(target.readings.values_list("value", flat=True)) == [120]


def test_the_imported_text_and_hash_are_kept_with_what_came_from_it(demo):
    plan = Plan.objects.get(organization__name="宣城市宣州区民政局")
    assert (
        plan.source.sha256
        == hashlib.sha256(
            (settings.DUBAN_SEEDS_DIR / "002_e81951f072579c09.txt").read_bytes()
        ).hexdigest()
    )
    assert "健全基层党组织领导下的群众自治组织机制" in plan.source.text
    assert Publication.objects.get(organization__name="宣城市宣州区民政局").source == plan.source


def test_collective_cells_name_everyone(demo):
    task = Task.objects.get(title__startswith="全市民政系统")
    assert len(task.ordered_departments()) == 8
    assert set(task.leaders.values_list("name", flat=True)) == {
        "张文娟",
        "周利宏",
        "刘谋瑜",
        "谭朝晖",
    }


def test_the_office_sees_the_plan_with_leaders_and_departments(client, demo):
    login(client, "office")
    plan = Plan.objects.get(organization__name="宣城市宣州区民政局")
    page = client.get(reverse("plan", args=[plan.pk])).content.decode()
    assert "2023年区民政局重点工作任务一清单" in page
    assert "区委十四届六次全会任务" in page and "周利宏" in page and "宣州区社会福利院" in page


def test_the_task_page_shows_progress_sub_items_and_history(client, demo):
    login(client, "fenghua")
    task = Task.objects.get(plan__organization__name="宁波市奉化区民政局", seq="6", parent=None)
    page = client.get(reverse("task", args=[task.pk])).content.decode()
    assert "新增认知症照护专区床位100张" in page  # a sub-item
    assert "新建6个认知症照护专区,新增床位120张" in page  # progress of 2023Q3
    assert "修改记录" in page and "新建任务" in page


def test_a_superior_lands_on_the_tree_of_bureaus_below(client, demo):
    login(client, "city")
    page = client.get(reverse("home")).content.decode()
    assert "宣城市宣州区民政局" in page and "宁波市奉化区民政局" not in page


def test_imported_text_is_never_live_html(client, demo):
    from duban.plans import services

    plan = Plan.objects.get(organization__name="宣城市宣州区民政局")
    task = services.add_task(plan, actor=None, title="<script>alert(1)</script>")
    login(client, "office")
    page = client.get(reverse("task", args=[task.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_task_page_shows_readings_completion_and_the_source_document(client, demo):
    login(client, "admin")
    reading = Reading.objects.get(report__task__plan__organization__name="舟山市民政局", value=197)
    page = client.get(reverse("task", args=[reading.target.task.pk])).content.decode()
    assert "新增认知障碍照护专区床位数" in page
    assert "197张" in page and "115.88%" in page  # 197 of the 170 the rate implies
    assert "舟山市民政局2023年上半年工作总结和下半年工作思路" in page
    assert "003_8f15201e147daf51.txt" in page


def test_a_targets_readings_are_charted_against_its_pace_line(client, demo):
    import json

    login(client, "fenghua")
    task = Task.objects.get(plan__organization__name="宁波市奉化区民政局", seq="6", parent=None)
    page = client.get(reverse("task", args=[task.pk])).content.decode()
    data = page.split('<script id="pace-charts" type="application/json">')[1].split("</script>")[0]
    charts = json.loads(data)
    beds = next(c for c in charts if c["name"].startswith("新增认知症照护专区床位"))
    assert beds["readings"] == [["2023-09-30", 120.0]]
    assert beds["pace"] == [["2023-01-01", 0], ["2023-12-31", 100.0]]


def _compared(client, org, indicator):
    return client.get(
        reverse("compare", args=[org.pk]), {"date": "2023-10-15", "indicator": indicator}
    ).content.decode()


def test_ningbo_compares_its_three_districts_and_the_province_its_cities(demo, client):
    login(client, "ningbo")
    ningbo = Organization.objects.get(name="宁波市民政局")
    page = _compared(client, ningbo, "dibao-persons")
    overview = page[page.index("各单位任务状态") : page.index('<h2 id="figures">在册低保人数')]
    for district in ("宁波市奉化区民政局", "宁波市海曙区民政局", "宁波市鄞州区民政局"):
        assert f"{district}</a>" in overview
    assert "舟山市民政局" not in overview
    figures = page[page.index('<h2 id="figures">在册低保人数') :]
    # 鄞州's stock of 3199 persons, quoted from its sentence; not the 295 approved in six
    # towns (an increase), and the districts without a figure are named
    assert '宁波市鄞州区民政局</td><td class="num">3199人</td><td>实际</td>' in figures
    assert "全区在册低保2379户3199人" in figures and "295人" not in figures
    assert "无可比数据:宁波市奉化区民政局、宁波市海曙区民政局" in figures
    # an increase (新增持证养老护理员143人以上) is not the stock of certified carers
    carers = _compared(client, ningbo, "certified-carers")
    assert "下级单位尚无此指标的数据" in carers and "143人" not in carers

    login(client, "province")
    zhejiang = Organization.objects.get(name="浙江省民政厅")
    page = _compared(client, zhejiang, "charity-orgs")
    for city in ("宁波市民政局", "舟山市民政局"):
        assert f"{city}</a>" in page
    assert "宣城市民政局" not in page  # 安徽's
    assert (
        '舟山市民政局</td><td class="num">34家</td>'
        in page[page.index('<h2 id="figures">慈善组织数量') :]
    )
    assert client.get(reverse("compare", args=[ningbo.pk])).status_code == 200
    login(client, "ningbo")
    assert client.get(reverse("compare", args=[zhejiang.pk])).status_code == 404


def _wall_counts(client, name, day):
    org = Organization.objects.get(name=name)
    html = client.get(reverse("wall", args=[org.pk]), {"date": day}).content.decode()
    counts = {}
    for code in ("done", "normal", "lagging", "severe", "unreported", "no_data"):
        mark = f'<li class="st-{code}"><b>'
        counts[code] = int(html[html.index(mark) + len(mark) :].split("<", 1)[0])
    return counts, html


def test_the_walls_of_seeds_000_002_003_colour_their_tasks_for_a_date(client, demo):
    login(client, "admin")
    # 000, 奉化 2023Q3: every report approved; one task's figures all reached; and the task
    # 宁波 handed down, 9 of 12 canteens by 09-30 (75 %) against 78.8 % of the year: 正常
    counts, html = _wall_counts(client, "宁波市奉化区民政局", "2023-10-15")
    assert counts == {
        "done": 1, "normal": 7, "lagging": 0, "severe": 0, "unreported": 0, "no_data": 0
    }  # fmt: skip
    # 002, 宣州's 2023 list: 32 tasks, no period yet, nothing measured: no evidence either
    # way, so none is green; after the year, none reported done
    counts, html = _wall_counts(client, "宣城市宣州区民政局", "2023-10-15")
    assert counts == {
        "done": 0, "normal": 0, "lagging": 0, "severe": 0, "unreported": 0, "no_data": 32
    }  # fmt: skip
    assert "尚无到期的报告期,也没有指标读数,序时进度 78.8%" in html
    counts, html = _wall_counts(client, "宣城市宣州区民政局", "2024-01-15")
    assert counts == {
        "done": 0, "normal": 0, "lagging": 0, "severe": 32, "unreported": 0, "no_data": 0
    }  # fmt: skip
    assert "已过完成时限 2023-12-31,没有完成的报告" in html
    # 003, 舟山's 2023 first half: "七优享" reached all four of its figures
    counts, html = _wall_counts(client, "舟山市民政局", "2023-07-15")
    assert counts["done"] == 1 and counts["severe"] == 0
    assert (
        '<span class="status st-done">已完成</span><div class="quote">全部 4 项指标已达到目标'
        in html
    )


def test_run_again_the_demo_prints_the_same_logins(demo):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("demo", stdout=out)
    printed = out.getvalue()
    assert "演示数据已存在" in printed
    for entry in demo:
        assert entry.username in printed
    assert {(d.username, d.role) for d in demo} == {(d.username, d.role) for d in demo_logins()}


def test_the_demo_opens_on_its_documents_time_not_today(client, demo):
    """Every 2023 period read "已逾期 1057 天" in 2026."""
    login(client, "fenghua")
    fenghua = Organization.objects.get(name="宁波市奉化区民政局")
    wall = client.get(reverse("wall", args=[fenghua.pk])).context["wall"]
    assert wall.day == DEMO_DAY and wall.day.year == 2023
    assert not any("已逾期" in row.status.reason for row in wall.rows)
    login(client, "ningbo")
    ningbo = Organization.objects.get(name="宁波市民政局")
    page = client.get(reverse("compare", args=[ningbo.pk]))
    assert page.context["day"] == DEMO_DAY
    rows = re.findall(r"<tr>.*?</tr>", page.content.decode(), re.S)
    fenghua = next(row for row in rows if ">宁波市奉化区民政局</a>" in row)
    assert "该日没有在办的年度计划" not in fenghua

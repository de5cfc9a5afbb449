"""A superior's view: each bureau below with its statuses, and a catalogue indicator
compared across them with the source of every figure."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duban.orgs import services as orgs
from duban.orgs.models import Level
from duban.plans import services as plans
from duban.plans.models import IndicatorDefinition
from duban.progress import services as progress
from duban.progress.models import Reading


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))


def _beds(org, value, reading=None):
    plan = plans.create_plan(
        org, actor=None, year=2023, title=f"{org.name}2023年任务清单", state="in_force"
    )
    task = plans.add_task(plan, actor=None, seq="1", title="养老服务")
    target = plans.add_target(
        task, actor=None, name="新增持证养老护理员", value=value, unit="人", quote=f"新增{value}人"
    )
    target.indicator = IndicatorDefinition.objects.get(code="certified-carers")
    target.save()
    if reading is not None:
        period = progress.open_period(plan, actor=None, code="2023Q3")
        report = progress.save_report(
            task,
            period,
            actor=None,
            readings={target.pk: (str(reading), datetime.date(2023, 9, 30))},
        )
        report.readings.update(quote=f"新增持证养老护理员{reading}人")
    return plan


def test_a_city_compares_an_indicator_across_its_bureaus_with_sources(client, world):
    _beds(world.bureau, 100, reading=120)
    _beds(world.sibling, 80)
    login(client, "city")
    url = reverse("compare", args=[world.city.pk])
    page = client.get(url, {"date": "2023-10-15", "indicator": "certified-carers"})
    html = page.content.decode()
    assert page.status_code == 200
    assert html.index("宣城市宣州区民政局") < html.index("宣城市郎溪县民政局")
    assert "120人" in html and "实际" in html and "“新增持证养老护理员120人”" in html
    assert "80人" in html and "目标" in html  # no reading in 郎溪: its target, said so
    assert "2023Q3 · 宣城市宣州区民政局2023年任务清单" in html
    ascending = client.get(
        url, {"date": "2023-10-15", "indicator": "certified-carers", "order": "value"}
    ).content.decode()
    assert ascending.index("宣城市郎溪县民政局</td>") < ascending.index("宣城市宣州区民政局</td>")


def test_the_comparison_costs_the_same_queries_for_more_bureaus(client, world):
    login(client, "city")
    url = reverse("compare", args=[world.city.pk])
    _beds(world.bureau, 100, reading=120)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            client.get(url, {"date": "2023-10-15", "indicator": "certified-carers"})
        return len(captured)

    before = queries()
    for n in range(4):
        org = orgs.create_organization(
            actor=None, name=f"宣城市第{n}区民政局", level=Level.COUNTY, parent=world.city
        )
        _beds(org, 50 + n, reading=40 + n)
    assert queries() == before


@pytest.mark.parametrize(("role", "status"), [("city", 200), ("office", 404), ("jiuzhu", 404)])
def test_only_superiors_see_the_city_comparison(client, world, role, status):
    login(client, role)
    assert client.get(reverse("compare", args=[world.city.pk])).status_code == status


def _counts(client, url):
    html = client.get(url, {"date": "2023-10-15"}).content.decode()
    row = html[html.index("宣城市宣州区民政局</a>") :]
    row = row[: row.index("</tr>")]
    return [int(cell.split(">")[-1]) for cell in row.split("</td>")[1:-1]]


def test_the_overview_keeps_counts_until_the_bureau_changes(
    client, world, django_capture_on_commit_callbacks
):
    login(client, "city")
    url = reverse("compare", args=[world.city.pk])
    with django_capture_on_commit_callbacks(execute=True):
        plan = _beds(world.bureau, 100, reading=10)  # 10 % at 79 % of the year: 严重滞后
        progress.submit_report(plan.tasks.get().reports.get(), actor=None)
    tasks, done, normal, lagging, severe, late, no_data, closed = first = _counts(client, url)
    with CaptureQueriesContext(connection) as kept:
        assert _counts(client, url) == first
    assert not any("plans_target" in q["sql"] for q in kept.captured_queries)

    world.bureau.refresh_from_db()
    world.bureau.severe_lag_tolerance = 95
    with django_capture_on_commit_callbacks(execute=True):
        world.bureau.save()
    assert _counts(client, url) == [
        tasks,
        done,
        normal,
        lagging + 1,
        severe - 1,
        late,
        no_data,
        closed,
    ]

    task = plan.tasks.get()
    target = task.targets.get()
    with django_capture_on_commit_callbacks(execute=True):
        progress.save_report(
            task,
            plan.periods.get(),
            actor=None,
            readings={target.pk: ("100", datetime.date(2023, 9, 30))},
        )
    assert _counts(client, url) == [
        tasks,
        done + 1,
        normal,
        lagging,
        severe - 1,
        late,
        no_data,
        closed,
    ]

    with django_capture_on_commit_callbacks(execute=True):
        target.readings.all().delete()
    assert _counts(client, url)[1] == done


def test_actual_and_target_are_drawn_apart_and_a_typed_figure_has_no_borrowed_quote(client, world):
    """奉化's 135人 typed into the report was quoted with its target's sentence, and
    targets and actuals were one bar series."""
    plan = _beds(world.bureau, 100, reading=120)
    Reading.objects.filter(report__task__plan=plan).update(quote="")  # typed in the report
    _beds(world.sibling, 80)
    login(client, "city")
    page = client.get(
        reverse("compare", args=[world.city.pk]),
        {"date": "2023-10-15", "indicator": "certified-carers"},
    )
    typed = next(f for f in page.context["figures"] if f.org == world.bureau)
    assert (typed.code, typed.quote) == ("actual", "")
    assert "进展报告填报" in typed.source and "(填报值,无原文)" in page.content.decode()
    chart = page.context["chart"]
    assert [s["name"] for s in chart["series"]] == ["实际", "目标"]
    assert chart["series"][0]["data"] == [120.0, None] or chart["series"][0]["data"] == [
        None,
        120.0,
    ]

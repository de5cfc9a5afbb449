"""The progress wall: statuses and colours for a date, filters, counts, ranking; its
query count does not grow with the number of tasks; the gate decides who sees it."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duban.plans import services as plans
from duban.progress import services as progress


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))


def test_the_wall_colours_each_task_for_the_chosen_date(client, world):
    target = plans.add_target(world.jiuzhu_task, actor=None, name="床位", value=100, unit="张")
    q2 = progress.open_period(world.plan, actor=None, code="2023Q2")
    report = progress.save_report(
        world.jiuzhu_task, q2, actor=None, readings={target.pk: ("20", datetime.date(2023, 6, 30))}
    )
    progress.submit_report(report, actor=None)
    login(client, "office")
    page = client.get(reverse("wall", args=[world.bureau.pk]), {"date": "2023-07-20"})
    html = page.content.decode()
    assert page.status_code == 200
    # 社会救助科's task: 20 % at 55 % of the year; 养老服务科's: no Q2 report, 10 days late
    assert '<span class="status st-severe">严重滞后</span>' in html
    assert "2023Q2 进展应于 2023-07-10 前报送,已逾期 10 天" in html
    assert '<li class="st-severe"><b>1</b> 严重滞后</li>' in html
    assert '<li class="st-unreported"><b>1</b> 未报送</li>' in html
    only = client.get(
        reverse("wall", args=[world.bureau.pk]), {"date": "2023-07-20", "status": "unreported"}
    ).content.decode()
    assert "发展养老事业和养老产业" in only and "健全分层分类的社会救助体系" not in only
    by_department = client.get(
        reverse("wall", args=[world.bureau.pk]), {"date": "2023-07-20", "department": "社会救助科"}
    ).content.decode()
    assert "健全分层分类的社会救助体系" in by_department
    assert "发展养老事业和养老产业</a>" not in by_department


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, {"date": "2023-07-20"}).status_code == 200
    return len(captured)


def test_the_walls_query_count_does_not_grow_with_its_tasks(client, world):
    login(client, "office")
    url = reverse("wall", args=[world.bureau.pk])
    progress.open_period(world.plan, actor=None, code="2023Q2")
    plans.add_target(world.jiuzhu_task, actor=None, name="床位", value=100, unit="张")
    small = _queries(client, url)
    depts = list(world.bureau.departments.all())
    for n in range(30):
        task = plans.add_task(
            world.plan, actor=None, seq=str(10 + n), title=f"任务{n}", departments=depts,
            leaders=[world.leader],
        )  # fmt: skip
        plans.add_target(task, actor=None, name="床位", value=100, unit="张")
        plans.add_task(world.plan, actor=None, parent=task, seq="①", title="子项")
    assert _queries(client, url) == small


@pytest.mark.parametrize(
    ("role", "status"), [("office", 200), ("jiuzhu", 200), ("city", 200), ("outsider", 404)]
)
def test_who_sees_a_bureaus_wall(client, world, role, status):
    login(client, role)
    assert client.get(reverse("wall", args=[world.bureau.pk])).status_code == status


def test_a_missing_report_that_is_due_counts_as_late_in_the_ranking(client, world):
    """Two periods due: 社会救助科 reported Q1 on time and missed Q2 (50 %); 养老服务科
    reported nothing (0 %, not 100 % or "—")."""
    q1 = progress.open_period(world.plan, actor=None, code="2023Q1")
    progress.open_period(world.plan, actor=None, code="2023Q2")
    report = progress.save_report(world.jiuzhu_task, q1, actor=None, progress_items=["已开展"])
    progress.submit_report(
        report, actor=None, at=datetime.datetime(2023, 4, 5, 12, tzinfo=datetime.UTC)
    )
    login(client, "office")
    wall = client.get(reverse("wall", args=[world.bureau.pk]), {"date": "2023-07-20"}).context[
        "wall"
    ]
    rates = {entry["name"]: entry["on_time"] for entry in wall.ranking}
    assert rates == {"社会救助科": 50, "养老服务科": 0}
    assert [entry["name"] for entry in wall.ranking] == ["社会救助科", "养老服务科"]


def test_the_wall_opens_on_the_key_task_list_not_a_summary_imported_after_it(client, world):
    from duban.plans.models import SourceDocument

    summary = SourceDocument.objects.create(
        organization=world.bureau, name="总结.txt", sha256="0" * 64, kind="summary", parsed={}
    )
    plan = plans.create_plan(
        world.bureau, actor=None, year=2023, title="2023年上半年工作总结", state="in_force"
    )
    plan.source = summary
    plan.save(update_fields=["source"])
    login(client, "office")
    wall = client.get(reverse("wall", args=[world.bureau.pk]), {"date": "2023-07-20"}).context[
        "wall"
    ]
    assert wall.plan == world.plan
    chosen = client.get(
        reverse("wall", args=[world.bureau.pk]), {"date": "2023-07-20", "plan": plan.pk}
    ).context["wall"]
    assert chosen.plan == plan  # still there to choose

"""Reading organizations, plans, tasks, periods and the wall: each persona sees its own
bureau (a superior also the ones below), and another bureau's ids answer 404."""

import datetime
from urllib.parse import urlencode

import pytest

from duban.plans import services as plans
from duban.plans.models import Task
from duban.progress import services as progress


@pytest.mark.parametrize(
    ("username", "sees_bureau", "sees_sibling", "sees_elsewhere"),
    [
        ("office", True, False, False),
        ("jiuzhu", True, False, False),
        ("leader", True, False, False),
        ("city", True, True, False),
        ("other_office", False, True, False),
        ("outsider", False, False, True),
    ],
)
def test_each_persona_reads_only_the_bureaus_it_may(
    world, api, username, sees_bureau, sees_sibling, sees_elsewhere
):
    caller = api(username)
    expected = {
        world.jiuzhu_task.pk: sees_bureau,
        world.sibling_task.pk: sees_sibling,
        world.elsewhere_task.pk: sees_elsewhere,
    }
    for task_id, visible in expected.items():
        assert caller.get(f"/tasks/{task_id}").status_code == (200 if visible else 404)
    listed = {t["id"] for t in caller.get("/tasks?limit=500").json()["items"]}
    assert listed == {pk for pk, visible in expected.items() if visible} | (
        {world.yanglao_task.pk} if sees_bureau else set()
    )
    plan = caller.get(f"/plans/{world.plan.pk}")
    assert plan.status_code == (200 if sees_bureau else 404)
    wall = caller.get(f"/organizations/{world.bureau.pk}/wall")
    assert wall.status_code == (200 if sees_bureau else 404)
    org = caller.get(f"/organizations/{world.bureau.pk}")
    assert org.status_code == (200 if sees_bureau else 404)


def test_a_task_comes_with_its_sub_items_targets_leaders_and_departments(world, api):
    plans.add_target(world.sub_item, actor=None, name="救助人数", value=500, unit="人")
    task = api("jiuzhu").get(f"/tasks/{world.jiuzhu_task.pk}").json()
    assert task["title"] == "健全分层分类的社会救助体系"
    assert task["leaders"][0]["name"] == "周利宏"
    assert task["departments"] == [
        {"id": world.jiuzhu_task.lead_department.pk, "name": "社会救助科", "lead": True}
    ]
    assert [c["title"] for c in task["children"]] == ["推动“8+N”救助体系建设"]
    assert task["targets"][0] | {"id": 0} == {
        "id": 0,
        "task_id": world.sub_item.pk,
        "name": "救助人数",
        "unit": "人",
        "comparator": ">=",
        "value": 500.0,
        "value_max": None,
        "due_date": None,
        "indicator": None,
        "quote": "",
    }


def test_tasks_filter_by_department_business_line_and_updated_since(world, api):
    caller = api("office")
    yanglao = world.yanglao_task.lead_department
    by_department = caller.get(f"/tasks?department={yanglao.pk}").json()
    assert [t["id"] for t in by_department["items"]] == [world.yanglao_task.pk]
    later = caller.get("/tasks?updated_since=2999-01-01T00:00:00%2B08:00").json()
    assert later == {"items": [], "count": 0}
    long_ago = datetime.datetime(2023, 1, 1, tzinfo=datetime.UTC)
    Task.objects.update(updated_at=long_ago)  # a queryset update leaves auto_now alone
    plans.update_task(world.yanglao_task, actor=None, goal="新目标")
    since = (long_ago + datetime.timedelta(days=1)).isoformat()
    recent = caller.get("/tasks?" + urlencode({"updated_since": since})).json()["items"]
    assert [t["id"] for t in recent] == [world.yanglao_task.pk]


def test_lists_are_paginated_with_a_count(world, api):
    page = api("office").get("/tasks?limit=1&offset=1").json()
    assert page["count"] == 2 and len(page["items"]) == 1
    assert api("office").get("/tasks?limit=0").status_code == 422


@pytest.fixture
def late_period(world):
    """2023Q3, due on 2023-10-10 and not reported."""
    return progress.open_period(
        world.plan, actor=None, code="2023Q3", due_on=datetime.date(2023, 10, 10)
    )


def test_the_wall_gives_each_tasks_status_for_a_date(world, api, late_period):
    wall = api("leader").get(f"/organizations/{world.bureau.pk}/wall?date=2023-10-20").json()
    assert wall["date"] == "2023-10-20" and wall["plan_id"] == world.plan.pk
    statuses = {row["task_id"]: row for row in wall["items"]}
    assert set(statuses) == {world.jiuzhu_task.pk, world.yanglao_task.pk}
    row = statuses[world.jiuzhu_task.pk]
    assert row["status"] == "unreported" and row["label"] == "未报送"
    assert "2023Q3" in row["reason"]
    assert wall["counts"]["unreported"] == 2
    only = api("leader").get(
        f"/organizations/{world.bureau.pk}/wall?date=2023-10-20&department=养老服务科"
    )
    assert [r["task_id"] for r in only.json()["items"]] == [world.yanglao_task.pk]


def test_the_status_filter_of_tasks_agrees_with_the_wall(world, api, late_period):
    red = api("office").get("/tasks?status=unreported&date=2023-10-20").json()
    assert {t["id"] for t in red["items"]} == {world.jiuzhu_task.pk, world.yanglao_task.pk}
    assert api("office").get("/tasks?status=done&date=2023-10-20").json()["count"] == 0
    assert api("office").get("/tasks?status=purple").status_code == 422


def test_periods_filter_by_code_and_openness(world, api, period):
    found = api("jiuzhu").get(f"/periods?organization={world.bureau.pk}&code=2023Q3").json()
    assert [p["id"] for p in found["items"]] == [period.pk]
    assert found["items"][0]["due_on"] == "2099-10-10"
    assert api("jiuzhu").get("/periods?is_open=false").json()["count"] == 0
    assert api("outsider").get(f"/periods/{period.pk}").status_code == 404


def test_lists_cost_the_same_queries_for_two_tasks_or_twenty(world, api, period):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from duban.progress import services as progress

    caller = api("office")
    caller.get("/me")  # the token's first use also notes when it was used
    paths = ["/tasks?limit=100", "/reports?limit=100", "/readings?limit=100"]

    def queries():
        counts = []
        for path in paths:
            with CaptureQueriesContext(connection) as captured:
                assert caller.get(path).status_code == 200
            counts.append(len(captured))
        return counts

    def add_tasks(n, first):
        jiuzhu = world.jiuzhu_task.lead_department
        for i in range(first, first + n):
            task = plans.add_task(world.plan, actor=None, seq=str(10 + i), title=f"任务{i}",
                                  leaders=[world.leader], departments=[jiuzhu])  # fmt: skip
            target = plans.add_target(task, actor=None, name="指标", value=10, unit="个")
            progress.save_report(task, period, actor=None, progress_items=["进展"],
                                 readings={target.pk: (5, datetime.date(2023, 9, 30))})  # fmt: skip

    add_tasks(2, first=0)
    few = queries()
    add_tasks(18, first=2)
    assert queries() == few

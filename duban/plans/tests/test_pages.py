import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duban.plans import services


def _plan_with(world, tasks: int, sub_items: int):
    plan = services.create_plan(
        world.bureau, actor=None, year=2024, title=f"{tasks}项任务", state="in_force"
    )
    section = services.add_section(plan, actor=None, title="市民政局重点工作任务")
    depts = list(world.bureau.departments.all())
    for n in range(tasks):
        task = services.add_task(
            plan,
            actor=None,
            seq=str(n + 1),
            title=f"任务{n}",
            section=section,
            leaders=[world.leader],
            departments=depts,
        )
        services.add_target(task, actor=None, name="床位", value=100, unit="张")
        for k in range(sub_items):
            services.add_task(plan, actor=None, parent=task, seq=str(k), title=f"子项{k}")
    return plan


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("username", ["office", "jiuzhu"])  # the editor, and a reader
def test_the_plan_page_costs_the_same_queries_whatever_its_size(client, world, user, username):
    client.force_login(user(username))
    small, large = _plan_with(world, 5, 1), _plan_with(world, 50, 4)
    counts = [_queries(client, reverse("plan", args=[p.pk])) for p in (small, large)]
    print(f"plan page as {username}: {counts[0]} queries for 5 tasks, {counts[1]} for 50")
    assert counts[0] == counts[1]


def test_the_task_page_costs_the_same_queries_whatever_its_targets(client, world, user):
    client.force_login(user("office"))
    small, large = _plan_with(world, 1, 1), _plan_with(world, 1, 1)
    big = large.tasks.get(parent=None)
    for n in range(8):
        services.add_target(big, actor=None, name=f"指标{n}", value=n + 1, unit="个")
    urls = [reverse("task", args=[p.tasks.get(parent=None).pk]) for p in (small, large)]
    counts = [_queries(client, url) for url in urls]
    print(f"task page as office: {counts[0]} queries for 1 target, {counts[1]} for 9")
    assert counts[0] == counts[1]


def test_the_people_page_costs_the_same_queries_whatever_its_size(client, world, user):
    from duban.orgs import staff

    client.force_login(user("office"))
    url = reverse("people", args=[world.bureau.pk])
    few = _queries(client, url)
    for n in range(40):
        dept = staff.new_department(world.bureau, actor=None, name=f"科室{n}")
        staff.add_account(
            world.bureau, actor=None, name=f"人{n}", username=f"u{n}", role="reporter",
            department=dept,
        )  # fmt: skip
    many = _queries(client, url)
    print(f"people page: {few} queries for 2 科室 and 8 people, {many} for 42 and 48")
    assert few == many


def test_the_task_page_costs_the_same_queries_whatever_its_sub_items(client, world, user):
    client.force_login(user("office"))
    small, large = _plan_with(world, 1, 1), _plan_with(world, 1, 12)
    urls = [reverse("task", args=[p.tasks.get(parent=None).pk]) for p in (small, large)]
    assert _queries(client, urls[0]) == _queries(client, urls[1])


def test_the_plan_page_lists_sections_tasks_sub_items_leaders_and_departments(client, world, user):
    client.force_login(user("jiuzhu"))
    page = client.get(reverse("plan", args=[world.plan.pk])).content.decode()
    for text in (
        "一、区委十四届六次全会任务",
        "健全分层分类的社会救助体系",
        "推动“8+N”救助体系建设",
        "周利宏",
        "社会救助科",
        "进一步强化低收入人口动态监测帮扶。",
    ):
        assert text in page


@pytest.mark.parametrize("field", ["title", "weight"])
def test_a_bad_edit_says_why_and_changes_nothing(client, world, user, field):
    client.force_login(user("office"))
    data = {
        "seq": "3",
        "title": "新标题",
        "goal": "",
        "weight": "1",
        field: "" if field == "title" else "abc",
    }
    response = client.post(reverse("task-edit", args=[world.jiuzhu_task.pk]), data, follow=True)
    assert "未保存" in response.content.decode()
    world.jiuzhu_task.refresh_from_db()
    assert world.jiuzhu_task.title == "健全分层分类的社会救助体系"

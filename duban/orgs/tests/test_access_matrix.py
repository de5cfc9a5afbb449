"""Every role × read / edit / report × own department, other department, other bureaus,
through HTTP. The expected table is written out by hand from DESIGN.md §1."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from duban.orgs.access import Access
from duban.plans.models import Task
from duban.progress import services as progress
from duban.progress.models import ProgressReport

TARGETS = ["own", "other_dept", "sibling", "elsewhere"]

# own = 社会救助科's task in 宣州; other_dept = 养老服务科's task in 宣州;
# sibling = a task of 郎溪 (same city); elsewhere = a task of 奉化 (another province).
READ = {
    "office": [200, 200, 404, 404],
    "jiuzhu": [200, 200, 404, 404],
    "yanglao": [200, 200, 404, 404],
    "leader": [200, 200, 404, 404],
    "city": [200, 200, 200, 404],
    "other_office": [404, 404, 200, 404],
    "outsider": [404, 404, 404, 200],
}
OK = "ok"
EDIT = {
    "office": [OK, OK, 404, 404],
    "jiuzhu": [403, 403, 404, 404],
    "yanglao": [403, 403, 404, 404],
    "leader": [403, 403, 404, 404],
    "city": [403, 403, 403, 404],
    "other_office": [404, 404, OK, 404],
    "outsider": [404, 404, 404, OK],
}
REPORT = {
    "office": [OK, OK, 404, 404],
    "jiuzhu": [OK, 403, 404, 404],
    "yanglao": [403, OK, 404, 404],
    "leader": [403, 403, 404, 404],
    "city": [403, 403, 403, 404],
    "other_office": [404, 404, OK, 404],
    "outsider": [404, 404, 404, OK],
}


def _cases(table):
    return [(role, target, table[role][i]) for role in table for i, target in enumerate(TARGETS)]


def _task(world, target) -> Task:
    return {
        "own": world.jiuzhu_task,
        "other_dept": world.yanglao_task,
        "sibling": world.sibling_task,
        "elsewhere": world.elsewhere_task,
    }[target]


def _login(client, username):
    client.force_login(get_user_model().objects.get(username=username))


@pytest.mark.parametrize(("role", "target", "expected"), _cases(READ))
def test_reading_a_task_page(client, world, role, target, expected):
    _login(client, role)
    response = client.get(reverse("task", args=[_task(world, target).pk]))
    assert response.status_code == expected


@pytest.mark.parametrize(("role", "target", "expected"), _cases(EDIT))
def test_editing_a_task(client, world, role, target, expected):
    task = _task(world, target)
    _login(client, role)
    response = client.post(
        reverse("task-edit", args=[task.pk]),
        {"seq": task.seq, "title": "改过的标题", "goal": "", "weight": "1"},
    )
    title = Task.objects.get(pk=task.pk).title
    if expected == OK:
        assert response.status_code == 302
        assert title == "改过的标题"
    else:
        assert response.status_code == expected
        assert title == task.title


@pytest.mark.parametrize(("role", "target", "expected"), _cases(REPORT))
def test_reporting_progress_on_a_task(client, world, role, target, expected):
    task = _task(world, target)
    period = progress.open_period(task.plan, actor=None, code="2023Q3")
    _login(client, role)
    form = {"version": "0", "self_status": "in_progress", "save": ""}
    form |= {"plan_items": "完成方案\n组织培训", "progress_items": "方案已印发"}
    form |= {f"progress_{child.pk}": "方案已印发" for child in task.children.all()}
    response = client.post(reverse("report-edit", args=[task.pk, period.pk]), form)
    saved = ProgressReport.objects.filter(task=task, period=period).first()
    if expected == OK:
        assert response.status_code == 302
        assert saved.progress_items == ["方案已印发"]
    else:
        assert response.status_code == expected
        assert saved is None


@pytest.mark.parametrize("url", ["task", "task-edit", "plan", "work", "report-edit", "period"])
def test_anonymous_users_are_sent_to_log_in(client, world, url):
    period = progress.open_period(world.plan, actor=None, code="2023Q3")
    args = {
        "plan": [world.plan.pk],
        "work": [],
        "report-edit": [world.jiuzhu_task.pk, period.pk],
        "period": [period.pk],
    }.get(url, [world.jiuzhu_task.pk])
    response = client.get(reverse(url, args=args))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_reporter_may_report_on_a_sub_item_of_its_departments_task(world, user):
    assert Access.of(user("jiuzhu")).may("report", world.sub_item)
    assert not Access.of(user("yanglao")).may("report", world.sub_item)


def test_only_the_leader_of_a_task_reviews_it(world, user):
    assert Access.of(user("leader")).may("review", world.jiuzhu_task)
    assert Access.of(user("leader")).may("review", world.sub_item)
    assert not Access.of(user("leader")).may("review", world.yanglao_task)
    assert not Access.of(user("jiuzhu")).may("review", world.jiuzhu_task)
    assert not Access.of(user("city")).may("review", world.jiuzhu_task)


@pytest.mark.parametrize(("role", "expected"), [("office", 200), ("city", 200), ("outsider", 404)])
def test_plan_pages_follow_the_same_gate(client, world, role, expected):
    _login(client, role)
    assert client.get(reverse("plan", args=[world.plan.pk])).status_code == expected


def test_an_id_that_does_not_exist_is_a_404(client, world):
    _login(client, "office")
    assert client.get(reverse("task", args=[999999])).status_code == 404


def test_only_a_superuser_creates_a_top_level_bureau_and_an_office_one_below(world, user):
    from django.contrib.auth.models import AnonymousUser

    assert Access.of(None).may_create_bureau(None)
    assert not Access.of(user("city")).may_create_bureau(None)
    assert not Access.of(user("city")).may_create_bureau(world.city)  # superiors only read
    assert Access.of(user("office")).may_create_bureau(world.bureau)
    assert not Access.of(AnonymousUser()).may_create_bureau(world.bureau)

"""The plan editor and people over the API: a bureau built from nothing — plan, section,
tasks with leaders and 科室, a sub-item, targets, 下发, a period — with 201/204 and the
same refusals as the pages."""

import pytest

from duban.orgs.models import Person
from duban.plans.models import Plan, Target, Task


def test_a_plan_built_over_the_api(api, world):
    office = api("office")
    made = office.post(
        "/plans", {"organization_id": world.bureau.pk, "year": 2024, "title": "2024年任务清单"}
    )
    assert made.status_code == 201, made.content
    plan = made.json()
    assert (plan["state"], plan["kind"], plan["ends_on"]) == ("draft", "task_list", "2024-12-31")
    section = office.post(f"/plans/{plan['id']}/sections", {"title": "市民政局重点工作任务"})
    assert section.status_code == 201
    dept = office.post(f"/organizations/{world.bureau.pk}/departments", {"name": "社会事务科"})
    assert dept.status_code == 201
    yanglao = world.yanglao_task.lead_department.pk
    task = office.post(
        "/tasks",
        {
            "plan_id": plan["id"],
            "section_id": section.json()["id"],
            "seq": "1",
            "title": "推进婚俗改革",
            "business_line": "marriage",
            "deadline": "2024-12-31",
            "leader_ids": [world.leader.pk],
            "department_ids": [dept.json()["id"], yanglao],
        },
    )
    assert task.status_code == 201, task.content
    body = task.json()
    assert [d["lead"] for d in body["departments"]] == [True, False]
    assert body["business_line"] == "婚姻登记与婚俗改革"
    item = office.post(
        "/tasks", {"plan_id": plan["id"], "parent_id": body["id"], "seq": "①", "title": "子项"}
    )
    assert item.status_code == 201 and item.json()["parent_id"] == body["id"]
    target = office.post(
        f"/tasks/{body['id']}/targets",
        {"name": "婚姻登记场所", "unit": "个", "comparator": ">=", "value": 3},
    )
    assert target.status_code == 201 and target.json()["value"] == 3
    changed = office.patch(f"/targets/{target.json()['id']}", {"value": 4})
    assert changed.status_code == 200 and changed.json()["value"] == 4
    assert office.post(f"/plans/{plan['id']}/periods", {"code": "2024Q1"}).status_code == 422
    assert office.patch(f"/plans/{plan['id']}", {"state": "in_force"}).json()["state"] == "in_force"
    period = office.post(f"/plans/{plan['id']}/periods", {"code": "2024Q1", "due_on": "2024-04-10"})
    assert period.status_code == 201 and period.json()["code"] == "2024Q1"
    renamed = office.patch(
        f"/tasks/{body['id']}", {"title": "深化婚俗改革", "version": body["version"]}
    )
    assert renamed.json()["title"] == "深化婚俗改革"
    assert renamed.json()["version"] == body["version"] + 1
    assert office.delete(f"/tasks/{item.json()['id']}").status_code == 204
    copy = office.post(f"/plans/{plan['id']}/copy", {"year": 2025, "keep_targets": False})
    assert copy.status_code == 201 and copy.json()["state"] == "draft"
    assert not Target.objects.filter(task__plan_id=copy.json()["id"]).exists()


def test_people_over_the_api(api, world):
    office = api("office")
    made = office.post(
        f"/organizations/{world.bureau.pk}/people",
        {"name": "李明", "username": "liming", "role": "leader", "title": "副局长"},
    )
    assert made.status_code == 201, made.content
    person = made.json()
    assert len(person["password"]) == 12 and person["roles"] == [f"leader@{world.bureau.pk}"]
    assert office.get(f"/organizations/{world.bureau.pk}").status_code == 200
    off = office.patch(f"/people/{person['id']}", {"active": False})
    assert (
        off.status_code == 200 and off.json()["active"] is False and off.json()["password"] is None
    )
    taken = office.post(
        f"/organizations/{world.bureau.pk}/people",
        {"name": "重名", "username": "liming", "role": "office"},
    )
    assert taken.status_code == 422 and taken.json()["code"] == "username_taken"


@pytest.mark.parametrize(
    ("path", "body", "code"),
    [
        ("/tasks", {"seq": "3", "title": "重复序号"}, "duplicate_seq"),
        ("/tasks", {"title": "x", "leader_ids": [10**6]}, "unknown_leader"),
        ("/tasks", {"title": "x", "business_line": "没有的条线"}, "unknown_business_line"),
        ("/tasks", {"title": "x", "weight": "2"}, None),  # strict: a string is no number
        ("targets", {"name": "x", "comparator": "range", "value": 5, "value_max": 1}, None),
        ("targets", {"name": "x", "value": 1, "due_on": "2030-01-01"}, "due_outside_plan"),
    ],
)
def test_bad_input_over_the_api_changes_nothing(api, world, path, body, code):
    before = Task.objects.count(), Target.objects.count()
    if path == "targets":
        answer = api("office").post(f"/tasks/{world.yanglao_task.pk}/targets", body)
    else:
        section = world.jiuzhu_task.section_id
        answer = api("office").post(path, {"plan_id": world.plan.pk, "section_id": section, **body})
    assert answer.status_code in (400, 422), answer.content
    if code:
        assert answer.json()["code"] == code, answer.json()
    assert (Task.objects.count(), Target.objects.count()) == before


@pytest.mark.parametrize(
    ("username", "expected"),
    [("jiuzhu", 403), ("leader", 403), ("city", 403), ("other_office", 404), ("outsider", 404)],
)
def test_only_the_office_edits_over_the_api(api, world, username, expected):
    caller = api(username)
    before = (Plan.objects.count(), Task.objects.count(), Person.objects.count())
    calls = [
        caller.patch(f"/plans/{world.plan.pk}", {"title": "改"}),
        caller.post(f"/plans/{world.plan.pk}/sections", {"title": "新"}),
        caller.post("/tasks", {"plan_id": world.plan.pk, "title": "新"}),
        caller.patch(f"/tasks/{world.yanglao_task.pk}", {"title": "改"}),
        caller.delete(f"/tasks/{world.yanglao_task.pk}"),
        caller.post(f"/tasks/{world.yanglao_task.pk}/targets", {"name": "x", "value": 1}),
        caller.post(f"/organizations/{world.bureau.pk}/departments", {"name": "新"}),
        caller.post(
            f"/organizations/{world.bureau.pk}/people",
            {"name": "x", "username": "xx", "role": "office"},
        ),
    ]
    assert [c.status_code for c in calls] == [expected] * len(calls), [c.content for c in calls]
    assert (Plan.objects.count(), Task.objects.count(), Person.objects.count()) == before
    # a plan for another bureau
    made = caller.post("/plans", {"organization_id": world.bureau.pk, "year": 2024, "title": "x"})
    assert made.status_code == expected
    assert (
        api(None).post("/plans", {"organization_id": 1, "year": 2024, "title": "x"}).status_code
        == 401
    )


def test_an_address_with_a_newline_is_answered_in_json(api, world):
    answer = api("office").post("/plans/%0A/copy", {"year": 2024})
    assert answer.status_code == 404 and answer["Content-Type"].startswith("application/json")


def test_a_role_changed_over_the_api(api, world):
    jiuzhu = Person.objects.get(user__username="jiuzhu")
    changed = api("office").patch(f"/people/{jiuzhu.pk}", {"role": "leader"})
    assert changed.status_code == 200 and changed.json()["roles"] == [f"leader@{world.bureau.pk}"]
    assert api("jiuzhu").patch(f"/people/{jiuzhu.pk}", {"role": "office"}).status_code == 403


@pytest.mark.parametrize("text", ["a\udfffb", "\ud800", "a\x00b", "x\x1by"])
def test_a_name_no_page_could_show_is_refused_over_the_api(api, world, text):
    before = Task.objects.count(), Plan.objects.count(), Person.objects.count()
    office = api("office")
    answers_ = [
        office.post("/tasks", {"plan_id": world.plan.pk, "title": text}),
        office.post("/plans", {"organization_id": world.bureau.pk, "year": 2024, "title": text}),
        office.post(f"/organizations/{world.bureau.pk}/departments", {"name": text}),
        office.post(
            f"/organizations/{world.bureau.pk}/people",
            {"name": text, "username": "u9", "role": "leader"},
        ),
        office.post(f"/tasks/{world.yanglao_task.pk}/targets", {"name": text, "value": 1}),
    ]
    assert [a.status_code for a in answers_] == [422] * 5, [a.content for a in answers_]
    assert (Task.objects.count(), Plan.objects.count(), Person.objects.count()) == before


def test_two_people_editing_one_task_over_the_api(api, world):
    office = api("office")
    task = world.yanglao_task
    read = office.get(f"/tasks/{task.pk}").json()
    first = office.patch(f"/tasks/{task.pk}", {"title": "甲的修改", "version": read["version"]})
    assert first.status_code == 200
    second = office.patch(f"/tasks/{task.pk}", {"title": "乙的修改", "version": read["version"]})
    assert second.status_code == 412 and second.json()["code"] == "stale_version"
    assert second["ETag"] == f'"{read["version"] + 1}"'
    missing = office.patch(f"/tasks/{task.pk}", {"title": "丙的修改"})
    assert missing.status_code == 428
    header = office.patch(
        f"/tasks/{task.pk}", {"title": "乙的修改"}, headers={"If-Match": second["ETag"]}
    )
    assert header.status_code == 200 and header.json()["title"] == "乙的修改"
    assert Task.objects.get(pk=task.pk).title == "乙的修改"

"""The office keeps its 科室 and people in the site, and a superior's office adds a bureau
below it: nobody needs Django's admin for daily work."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from duban.orgs import staff
from duban.orgs.models import Department, Organization, Person, Role


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def logs_in(username, password) -> bool:
    from django.test import Client

    answer = Client().post(reverse("login"), {"username": username, "password": password})
    return answer.status_code == 302


def shown_password(page) -> str:
    return page.text.split('id="one-time-password">')[1].split("<")[0]


def test_the_office_adds_a_reporter_who_logs_in_with_the_one_time_password(client, world):
    login(client, "office")
    assert client.get(reverse("people", args=[world.bureau.pk])).status_code == 200
    client.post(reverse("department-add", args=[world.bureau.pk]), {"name": "社会事务科"})
    dept = Department.objects.get(organization=world.bureau, name="社会事务科")
    page = client.post(
        reverse("person-add", args=[world.bureau.pk]),
        {
            "name": "王芳",
            "title": "科员",
            "username": "wangfang",
            "role": "reporter",
            "department": dept.pk,
        },
    )
    assert page.status_code == 200
    password = shown_password(page)
    assert len(password) == 12
    person = Person.objects.get(user__username="wangfang")
    assert [(m.role, m.department) for m in person.memberships.all()] == [(Role.REPORTER, dept)]
    # the password is shown once: the page read again does not show it
    assert "one-time-password" not in client.get(reverse("people", args=[world.bureau.pk])).text
    client.logout()
    assert logs_in("wangfang", password)


def test_reset_and_deactivate_an_account(client, world, user):
    login(client, "office")
    jiuzhu = Person.objects.get(user__username="jiuzhu")
    page = client.post(reverse("person-change", args=[jiuzhu.pk]), {"action": "reset"})
    password = shown_password(page)
    assert not logs_in("jiuzhu", "correct horse battery")
    assert logs_in("jiuzhu", password)
    login(client, "office")
    client.post(reverse("person-change", args=[jiuzhu.pk]), {"action": "deactivate"})
    assert not logs_in("jiuzhu", password)
    assert Person.objects.filter(pk=jiuzhu.pk).exists()  # the person and history stay
    login(client, "office")
    office = Person.objects.get(user__username="office")
    page = client.post(
        reverse("person-change", args=[office.pk]), {"action": "deactivate"}, follow=True
    )
    assert "不能停用自己的账号" in page.text and user("office").is_active


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"username": "jiuzhu"}, "已被使用"),
        ({"username": "JIUZHU"}, "已被使用"),
        ({"role": "reporter"}, "须选择科室"),
        ({"role": "superuser"}, "角色应为"),
        ({"name": ""}, "不能为空"),
        ({"name": "a\x00b"}, "无法保存的字符"),
    ],
)
def test_bad_accounts_are_refused_and_nothing_is_saved(client, world, fields, reason):
    login(client, "office")
    before = Person.objects.count(), get_user_model().objects.count()
    row = {"name": "新人", "username": "xinren", "role": "leader", **fields}
    page = client.post(reverse("person-add", args=[world.bureau.pk]), row, follow=True)
    assert reason in page.text
    assert (Person.objects.count(), get_user_model().objects.count()) == before


def test_departments_renamed_deactivated_and_deleted_only_when_unused(client, world):
    login(client, "office")
    used = world.jiuzhu_task.lead_department
    client.post(
        reverse("department-change", args=[used.pk]),
        {"action": "save", "name": "社会救助科", "aliases": "救助科、低保科"},
    )
    assert Department.objects.get(pk=used.pk).aliases == "救助科、低保科"
    page = client.post(
        reverse("department-change", args=[used.pk]), {"action": "delete"}, follow=True
    )
    assert "不能删除" in page.text and Department.objects.filter(pk=used.pk).exists()
    client.post(reverse("department-change", args=[used.pk]), {"action": "deactivate"})
    assert not Department.objects.get(pk=used.pk).is_active
    page = client.post(
        reverse("department-change", args=[used.pk]),
        {"action": "save", "name": "养老服务科"},
        follow=True,
    )
    assert "已有科室" in page.text
    client.post(reverse("department-add", args=[world.bureau.pk]), {"name": "临时科"})
    spare = Department.objects.get(name="临时科")
    client.post(reverse("department-change", args=[spare.pk]), {"action": "delete"})
    assert not Department.objects.filter(pk=spare.pk).exists()


def test_an_inactive_department_is_not_offered_for_a_new_task(client, world):
    login(client, "office")
    dept = world.yanglao_task.lead_department
    staff.set_department_active(dept, actor=None, active=False)
    page = client.get(reverse("plan", args=[world.plan.pk])).text
    lead = page.split('id="add-h"')[1].split('name="lead_department"')[1].split("</select>")[0]
    assert f'value="{dept.pk}"' not in lead
    assert f'value="{world.jiuzhu_task.lead_department.pk}"' in lead


def test_a_superior_office_adds_a_bureau_below_it_with_its_first_office(client, world):
    from duban.orgs import services

    city_office = services.add_person(
        world.city, actor=None, name="市局办公室", username="city_office", password="x-Pass-1234"
    )
    services.grant_role(city_office, actor=None, role=Role.OFFICE, organization=world.city)
    login(client, "city_office")
    page = client.post(
        reverse("bureau-add", args=[world.city.pk]),
        {"name": "宣城市泾县民政局", "office_name": "泾县办公室", "office_username": "jingxian"},
    )
    password = shown_password(page)
    jingxian = Organization.objects.get(name="宣城市泾县民政局")
    assert (jingxian.parent, jingxian.level) == (world.city, "county")
    client.logout()
    assert logs_in("jingxian", password)
    login(client, "jingxian")
    assert client.get(reverse("people", args=[jingxian.pk])).status_code == 200
    assert client.get(reverse("plan-new", args=[jingxian.pk])).status_code == 200
    # a county has no bureau below it
    with pytest.raises(Exception, match="不再设下级"):
        staff.add_bureau(world.bureau, actor=None, name="x", office_name="y", office_username="z")


STAFF_POSTS = [
    ("department-add", "org", {"name": "新科室"}),
    ("department-change", "department", {"action": "deactivate"}),
    ("person-add", "org", {"name": "新人", "username": "xinren", "role": "office"}),
    ("person-change", "person", {"action": "reset"}),
    ("bureau-add", "org", {"name": "新单位", "office_name": "a", "office_username": "b"}),
]


@pytest.mark.parametrize(("name", "on", "data"), STAFF_POSTS)
@pytest.mark.parametrize(
    ("username", "expected"),
    [("jiuzhu", 403), ("leader", 403), ("city", 403), ("other_office", 404), ("outsider", 404)],
)
def test_only_the_office_keeps_its_people(client, world, name, on, data, username, expected):
    ids = {
        "org": world.bureau.pk,
        "department": world.jiuzhu_task.lead_department.pk,
        "person": Person.objects.get(user__username="jiuzhu").pk,
    }
    counts = (Department.objects.count(), Person.objects.count(), Organization.objects.count())
    login(client, username)
    assert client.post(reverse(name, args=[ids[on]]), data).status_code == expected
    assert client.get(reverse("people", args=[world.bureau.pk])).status_code == expected
    assert (
        Department.objects.count(),
        Person.objects.count(),
        Organization.objects.count(),
    ) == counts
    assert Department.objects.get(pk=ids["department"]).is_active
    assert logs_in("jiuzhu", "correct horse battery")


def test_the_office_changes_a_persons_role(client, world, user):
    from duban.orgs.access import Access, Action

    login(client, "office")
    jiuzhu = Person.objects.get(user__username="jiuzhu")
    yanglao = world.yanglao_task.lead_department
    client.post(
        reverse("person-change", args=[jiuzhu.pk]),
        {"action": "role", "role": "reporter", "department": yanglao.pk},
    )
    assert [(m.role, m.department) for m in jiuzhu.memberships.all()] == [("reporter", yanglao)]
    assert Access.of(user("jiuzhu")).may(Action.REPORT, world.yanglao_task)
    assert not Access.of(user("jiuzhu")).may(Action.REPORT, world.jiuzhu_task)
    page = client.post(
        reverse("person-change", args=[jiuzhu.pk]),
        {"action": "role", "role": "reporter"},
        follow=True,
    )
    assert "须选择科室" in page.text
    office = Person.objects.get(user__username="office")
    page = client.post(
        reverse("person-change", args=[office.pk]),
        {"action": "role", "role": "leader"},
        follow=True,
    )
    assert "不能更改自己的角色" in page.text

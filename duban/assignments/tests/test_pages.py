"""The pages of 交办, 签收 and 批示: what each persona sees and may do, bad input, and the
issuer's roll-up page in the same number of queries for 3 bureaus or 100."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duban.assignments import instructions, services
from duban.assignments.models import Assignment, Instruction, Receipt, ReceiptState
from duban.orgs import services as orgs
from duban.orgs.models import Level, Role
from duban.plans import services as plans
from duban.testing.personas import PASSWORD

DUE = (datetime.date.today() + datetime.timedelta(days=200)).isoformat()


def _login(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _form(world, **extra):
    data = {
        "title": "新建老年助餐点",
        "goal": "每个街道至少一个",
        "due_on": DUE,
        "section_title": "市民政局重点工作任务",
        "to": [world.bureau.pk, world.sibling.pk],
        "target-0-name": "老年助餐点",
        "target-0-unit": "个",
        "target-0-comparator": ">=",
        "target-0-value": "5",
        "target-0-indicator": "",
        "target-0-per_bureau": "宣城市宣州区民政局 8",
    }
    data.update(extra)
    return data


def test_the_city_hands_down_from_its_page_and_the_bureau_accepts(client, world, user):
    _login(client, "city")
    page = client.get(reverse("assignment-new", args=[world.city.pk]))
    assert page.status_code == 200 and "宣城市郎溪县民政局" in page.text
    answer = client.post(reverse("assignment-new", args=[world.city.pk]), _form(world))
    assignment = Assignment.objects.get()
    assert answer.status_code == 302 and answer.url == reverse("assignment", args=[assignment.pk])
    page = client.get(answer.url)
    assert page.status_code == 200 and page.text.count("待签收") >= 2

    _login(client, "office")
    assert "新建老年助餐点" in client.get(reverse("work")).text
    receipt = Receipt.objects.get(organization=world.bureau)
    page = client.get(reverse("receipt", args=[receipt.pk]))
    assert "8个" in page.text  # this bureau's own value
    jiuzhu = world.jiuzhu_task.lead_department
    answer = client.post(
        reverse("receipt", args=[receipt.pk]),
        {
            "action": "accept",
            "plan": world.plan.pk,
            "departments": [jiuzhu.pk],
            "leaders": [world.leader.pk],
        },
    )
    receipt.refresh_from_db()
    assert receipt.state == ReceiptState.ACCEPTED
    assert answer.url == reverse("task", args=[receipt.task_id])
    task_page = client.get(answer.url)
    assert "宣城市民政局" in task_page.text and "上级交办" in task_page.text

    _login(client, "city")
    page = client.get(reverse("assignment", args=[assignment.pk]))
    assert "已签收" in page.text and reverse("task", args=[receipt.task_id]) in page.text


def test_bad_input_is_refused_with_a_message_and_saves_nothing(client, world):
    _login(client, "city")
    url = reverse("assignment-new", args=[world.city.pk])
    for bad, message in [
        ({"target-0-value": "五个"}, "老年助餐点"),
        ({"due_on": "2020-01-01"}, "已过"),
        ({"due_on": "明年"}, "日期格式"),
        ({"to": []}, "请至少选择一个下级单位"),
        ({"target-0-comparator": "≈"}, "比较方式无效"),
        ({"target-0-per_bureau": "别的局 3"}, "不是所选的下级单位"),
        ({"title": "   "}, "交办事项"),
    ]:
        page = client.post(url, _form(world, **bad), follow=True)
        assert page.status_code == 200 and message in page.text, bad
    assert not Assignment.objects.exists()
    # a bureau that is not below: missing, as in the API
    assert client.post(url, _form(world, to=[world.elsewhere.pk])).status_code == 404
    assert client.post(url, _form(world, to=["x"])).status_code == 404
    assert not Assignment.objects.exists()


@pytest.mark.parametrize(
    ("username", "new", "issuer_page", "receipt_page", "accept"),
    [
        ("city_office", 200, 200, 200, 403),  # the issuer's office
        ("city", 200, 200, 200, 403),  # the issuer's superior role
        ("office", 404, 404, 200, 302),  # the receiver's office
        ("jiuzhu", 404, 404, 200, 403),  # the receiver's reporter
        ("other_office", 404, 404, 404, 404),  # a sibling: not its receipt
        ("outsider", 404, 404, 404, 404),  # another province
    ],
)
def test_who_sees_and_does_what(
    client, world, user, username, new, issuer_page, receipt_page, accept
):
    assignment = services.issue(
        world.city,
        actor=user("city"),
        title="新建老年助餐点",
        due_on=datetime.date.fromisoformat(DUE),
        section_title="市民政局重点工作任务",
        to=[world.bureau],
    )
    receipt = assignment.receipts.get()
    if username == "city_office":
        clerk = orgs.add_person(
            world.city, actor=None, name="市局办公室", username=username, password=PASSWORD
        )
        orgs.grant_role(clerk, actor=None, role=Role.OFFICE, organization=world.city)
    _login(client, username)
    assert client.get(reverse("assignment-new", args=[world.city.pk])).status_code == new
    assert client.get(reverse("assignment", args=[assignment.pk])).status_code == issuer_page
    assert client.get(reverse("receipt", args=[receipt.pk])).status_code == receipt_page
    answer = client.post(
        reverse("receipt", args=[receipt.pk]), {"action": "accept", "plan": world.plan.pk}
    )
    assert answer.status_code == accept


def test_anonymous_is_sent_to_log_in(client, world):
    for url in (reverse("assignments", args=[world.city.pk]), reverse("receipt", args=[1])):
        assert client.get(url).url.startswith(reverse("login"))


def test_a_due_date_change_is_asked_and_answered(client, world, user):
    assignment = services.issue(
        world.city,
        actor=user("city"),
        title="新建老年助餐点",
        due_on=datetime.date.fromisoformat(DUE),
        section_title="市民政局重点工作任务",
        to=[world.bureau],
    )
    receipt = assignment.receipts.get()
    later = (datetime.date.fromisoformat(DUE) + datetime.timedelta(days=30)).isoformat()
    _login(client, "office")
    url = reverse("receipt", args=[receipt.pk])
    page = client.post(url, {"action": "change", "due_on": later, "reason": ""}, follow=True)
    assert "须说明理由" in page.text
    client.post(url, {"action": "change", "due_on": later, "reason": "需与区财政协调资金"})
    receipt.refresh_from_db()
    assert receipt.state == ReceiptState.CHANGE_ASKED
    _login(client, "city")
    page = client.get(reverse("assignment", args=[assignment.pk]))
    assert "需与区财政协调资金" in page.text
    client.post(
        reverse("assignment", args=[assignment.pk]), {"action": "agree", "receipt": receipt.pk}
    )
    receipt.refresh_from_db()
    assert receipt.state == ReceiptState.PENDING and receipt.due.isoformat() == later
    task = services.accept(receipt, actor=user("office"), plan=world.plan)
    assert task.deadline.isoformat() == later


def test_a_leader_instructs_the_reporter_answers_the_leader_closes(client, world, user):
    task = world.jiuzhu_task
    _login(client, "leader")
    client.post(reverse("instruction-add", args=[task.pk]), {"text": "加快低收入人口排查"})
    instruction = Instruction.objects.get()
    _login(client, "jiuzhu")
    assert "加快低收入人口排查" in client.get(reverse("work")).text
    client.post(
        reverse("instruction", args=[instruction.pk]),
        {"action": "reply", "text": "已完成 3 个街道的排查"},
    )
    # the reporter may not close it
    assert (
        client.post(reverse("instruction", args=[instruction.pk]), {"action": "done"}).status_code
        == 403
    )
    _login(client, "leader")
    client.post(reverse("instruction", args=[instruction.pk]), {"action": "done"})
    instruction.refresh_from_db()
    assert instruction.state == "done"
    page = client.get(reverse("task", args=[task.pk]))
    assert "已完成 3 个街道的排查" in page.text and "已落实" in page.text
    # another bureau's office cannot even see it
    _login(client, "outsider")
    assert client.post(reverse("instruction-add", args=[task.pk]), {"text": "x"}).status_code == 404
    assert (
        client.post(reverse("instruction", args=[instruction.pk]), {"action": "reply"}).status_code
        == 404
    )


def _bureaus_accepting(world, user, n, tag):
    """n bureaus under the city, each with a plan, all accepting one assignment."""
    made = []
    for i in range(n):
        org = orgs.create_organization(
            actor=None, name=f"宣城市{tag}{i}县民政局", level=Level.COUNTY, parent=world.city
        )
        office = orgs.add_person(
            org, actor=None, name=f"办公室{i}", username=f"{tag}{i}", password=PASSWORD
        )
        orgs.grant_role(office, actor=None, role=Role.OFFICE, organization=org)
        plan = plans.create_plan(org, actor=None, year=2023, title="清单", state="in_force")
        made.append((org, office.user, plan))
    assignment = services.issue(
        world.city,
        actor=user("city"),
        title="新建老年助餐点",
        due_on=datetime.date.fromisoformat(DUE),
        section_title="市民政局重点工作任务",
        to=[o for o, _u, _p in made],
        targets=[{"name": "助餐点", "unit": "个", "value": "5"}],
    )
    for org, office, plan in made:
        services.accept(assignment.receipts.get(organization=org), actor=office, plan=plan)
    return assignment


def test_the_roll_up_page_costs_the_same_queries_for_3_bureaus_or_100(client, world, user):
    _login(client, "city")
    counts = []
    for n, tag in ((3, "甲"), (100, "乙")):
        assignment = _bureaus_accepting(world, user, n, tag)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("assignment", args=[assignment.pk]))
        assert page.status_code == 200 and page.text.count("已签收") >= n
        counts.append(len(queries))
    print(f"roll-up page queries for 3 and 100 bureaus: {counts}")
    assert counts[0] == counts[1], counts


def test_instruct_service_notifies_the_reporters(world, user):
    instructions.instruct(world.jiuzhu_task, actor=user("leader"), text="抓紧")
    from duban.orgs.models import Notification

    assert Notification.objects.filter(user=user("jiuzhu"), text__contains="抓紧").exists()

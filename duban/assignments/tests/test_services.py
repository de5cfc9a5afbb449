"""交办 and 签收 through the services and the gate: who may hand down, to whom, who
accepts, and what the accepted task carries."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from duban.assignments import services
from duban.assignments.models import Receipt, ReceiptState
from duban.orgs import services as orgs
from duban.orgs.access import Access, Action, receipt_for
from duban.orgs.models import Role
from duban.plans.models import IndicatorDefinition

TODAY = datetime.date(2023, 3, 1)
DUE = datetime.date(2023, 11, 30)


@pytest.fixture
def city_office(world):
    clerk = orgs.add_person(
        world.city, actor=None, name="市局办公室", username="city_office", password="x-Pass-12345"
    )
    orgs.grant_role(clerk, actor=None, role=Role.OFFICE, organization=world.city)
    return clerk.user


def _issue(world, actor, **fields):
    given = {
        "title": "新建老年助餐点",
        "due_on": DUE,
        "section_title": "市民政局重点工作任务",
        "to": [world.bureau, world.sibling],
        "targets": [{"name": "老年助餐点", "unit": "个", "value": "5"}],
        "today": TODAY,
    }
    given.update(fields)
    return services.issue(world.city, actor=actor, **given)


def test_a_city_hands_a_task_to_its_bureaus_each_waiting_to_accept(world, city_office):
    assignment = _issue(world, city_office)
    receipts = list(assignment.receipts.order_by("organization__name"))
    assert [(r.organization, r.state) for r in receipts] == [
        (world.bureau, ReceiptState.PENDING),
        (world.sibling, ReceiptState.PENDING),
    ]
    # nothing in a receiver's plan before it accepts
    assert not world.plan.tasks.filter(title="新建老年助餐点").exists()


def test_the_accepted_task_carries_the_section_targets_and_due_date(world, city_office, user):
    beds = IndicatorDefinition.objects.get(code="elderly-beds")
    assignment = _issue(
        world,
        city_office,
        targets=[
            {"name": "老年助餐点", "unit": "个", "value": "5", "per_bureau": {world.bureau.pk: 8}},
            {"name": "养老床位", "unit": "张", "value": 100, "indicator": beds},
        ],
    )
    receipt = assignment.receipts.get(organization=world.bureau)
    yanglao = world.yanglao_task.lead_department
    task = services.accept(receipt, actor=user("office"), plan=world.plan, departments=[yanglao])
    assert task.plan == world.plan and task.section.title == "市民政局重点工作任务"
    assert task.deadline == DUE and task.lead_department == yanglao
    targets = {t.name: t for t in task.targets.all()}
    assert targets["老年助餐点"].value == Decimal(8)  # the value given to this bureau
    assert targets["养老床位"].indicator == beds and targets["养老床位"].value == 100
    receipt.refresh_from_db()
    assert receipt.state == ReceiptState.ACCEPTED and receipt.task == task
    with pytest.raises(ValidationError, match="已签收"):
        services.accept(receipt, actor=user("office"), plan=world.plan)


def test_a_decline_needs_a_reason_and_closes_the_receipt(world, city_office, user):
    receipt = _issue(world, city_office).receipts.get(organization=world.bureau)
    with pytest.raises(ValidationError, match="须说明理由"):
        services.decline(receipt, actor=user("office"), reason=" ")
    services.decline(receipt, actor=user("office"), reason="不属于本局职责")
    receipt.refresh_from_db()
    assert (receipt.state, receipt.reason) == (ReceiptState.DECLINED, "不属于本局职责")
    with pytest.raises(ValidationError, match="已退回"):
        services.accept(receipt, actor=user("office"), plan=world.plan)


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"to": []}, "至少选择一个下级单位"),
        ({"due_on": datetime.date(2023, 2, 1)}, "已过"),
        ({"title": "  "}, "请填写交办事项"),
        ({"targets": [{"name": "助餐点", "value": "五个"}]}, "助餐点"),
        ({"targets": [{"name": "助餐点", "value": 5, "comparator": "≈"}]}, "比较方式无效"),
        ({"targets": [{"name": "", "value": 5}]}, "须有名称"),
    ],
)
def test_bad_assignments_are_refused_and_nothing_is_saved(world, city_office, fields, reason):
    with pytest.raises(ValidationError, match=reason):
        _issue(world, city_office, **fields)
    assert not Receipt.objects.exists()


def test_only_bureaus_below_receive(world, city_office):
    with pytest.raises(ValidationError, match="宁波市奉化区民政局"):
        _issue(world, city_office, to=[world.bureau, world.elsewhere])
    assert not Receipt.objects.exists()


@pytest.mark.parametrize(
    ("username", "may_assign"),
    [("city_office", True), ("city", True), ("office", False), ("jiuzhu", False),
     ("other_office", False), ("outsider", False)],
)  # fmt: skip
def test_who_may_hand_down_from_the_city(world, city_office, user, username, may_assign):
    assert Access.of(user(username)).may(Action.ASSIGN, world.city) is may_assign


@pytest.mark.parametrize(
    ("username", "reads", "accepts"),
    [
        ("office", True, True),  # the receiver's office
        ("jiuzhu", True, False),  # the receiver's reporter
        ("leader", True, False),
        ("city_office", True, False),  # the issuer's office reads how it is doing
        ("city", True, False),
        ("other_office", False, False),  # a sibling bureau: another bureau's receipt
        ("outsider", False, False),
    ],
)
def test_the_receipt_matrix(world, city_office, user, username, reads, accepts):
    receipt = _issue(world, city_office).receipts.get(organization=world.bureau)
    acc = Access.of(user(username))
    assert (acc.may(Action.READ, receipt), acc.may(Action.ACCEPT, receipt)) == (reads, accepts)
    if not reads:
        with pytest.raises(Http404):
            receipt_for(user(username), receipt.pk)
    elif not accepts:
        with pytest.raises(PermissionDenied):
            receipt_for(user(username), receipt.pk, Action.ACCEPT)


def test_a_receiver_accepts_only_into_its_own_plan(world, city_office, user):
    receipt = _issue(world, city_office).receipts.get(organization=world.sibling)
    sibling_plan = world.sibling_task.plan
    with pytest.raises(ValidationError, match="本单位"):
        services.accept(receipt, actor=None, plan=world.plan)
    task = services.accept(receipt, actor=user("other_office"), plan=sibling_plan)
    assert task.plan == sibling_plan


def test_anonymous_may_do_nothing(world, city_office):
    from django.contrib.auth.models import AnonymousUser

    receipt = _issue(world, city_office).receipts.get(organization=world.bureau)
    acc = Access.of(AnonymousUser())
    assert not acc.may(Action.ASSIGN, world.city)
    assert not acc.may(Action.READ, receipt) and not acc.may(Action.ACCEPT, receipt)


def test_the_daily_round_reminds_who_has_not_accepted_after_n_days(world, city_office, user):
    from duban.assignments.models import Assignment
    from duban.orgs.models import Notification
    from duban.progress.reminders import send_reminders_task

    assignment = _issue(world, city_office)
    Assignment.objects.filter(pk=assignment.pk).update(
        created_at=datetime.datetime(2023, 3, 1, 9, tzinfo=datetime.UTC)
    )
    services.accept(
        assignment.receipts.get(organization=world.sibling), actor=user("other_office"),
        plan=world.sibling_task.plan,
    )  # fmt: skip
    reminded = services.remind_waiting(older_than_days=3, today=datetime.date(2023, 3, 3))
    assert reminded == []  # two days: not yet
    send_reminders_task.enqueue(today="2023-03-05")  # the daily round, N = 3 by default
    office = Notification.objects.filter(user=user("office"), text__contains="尚未签收")
    assert office.count() == 1 and "2023-03-01" in office.get().text
    assert not Notification.objects.filter(user=user("other_office"), text__contains="尚未签收")
    # not again the next day; again after N more days
    assert services.remind_waiting(older_than_days=3, today=datetime.date(2023, 3, 6)) == []
    assert len(services.remind_waiting(older_than_days=3, today=datetime.date(2023, 3, 8))) == 1

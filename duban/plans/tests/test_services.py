from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from duban.plans import services
from duban.plans.history import task_changes
from duban.plans.models import BusinessLine, IndicatorDefinition, Target


def test_the_catalogue_ships_as_data(db):
    names = set(BusinessLine.objects.values_list("name", flat=True))
    assert {"社会救助", "养老服务", "殡葬管理", "党建与机关建设"} <= names
    assert len(names) == 14
    beds = IndicatorDefinition.objects.get(code="elderly-beds-per-100")
    assert beds.unit == "张/百位老人" and beds.business_line.name == "养老服务"


def test_departments_keep_their_printed_order_and_the_first_leads(world):
    depts = list(world.bureau.departments.order_by("-name"))
    task = services.add_task(world.plan, actor=None, title="联合任务", departments=depts)
    assert task.ordered_departments() == depts
    assert task.lead_department == depts[0]


def test_a_department_of_another_bureau_is_refused(world):
    other = world.sibling.departments.create(name="郎溪救助科")
    with pytest.raises(ValueError, match="不属于本机构"):
        services.add_task(world.plan, actor=None, title="x", departments=[other])


def test_only_the_office_edits_tasks(world, user):
    with pytest.raises(PermissionDenied):
        services.update_task(world.jiuzhu_task, actor=user("jiuzhu"), title="x")
    services.update_task(world.jiuzhu_task, actor=user("office"), title="新标题")
    world.jiuzhu_task.refresh_from_db()
    assert world.jiuzhu_task.title == "新标题"


def test_task_history_says_who_changed_what(world, user):
    services.update_task(world.jiuzhu_task, actor=user("office"), goal="新的工作目标")
    change = task_changes(world.jiuzhu_task)[0]
    assert change.who == "宣州办公室"
    assert change.what == "修改"
    assert ("工作目标", "进一步强化低收入人口动态监测帮扶。", "新的工作目标") in change.fields


def test_target_history_is_part_of_the_task_history(world, user):
    target = services.add_target(
        world.jiuzhu_task,
        actor=user("office"),
        name="低保审核时限",
        value=20,
        unit="工作日",
        comparator="<=",
    )
    services.update_target(target, actor=user("office"), value=Decimal("15"))
    subjects = [(c.what, c.subject) for c in task_changes(world.jiuzhu_task)]
    assert ("修改", "指标“低保审核时限”") in subjects
    assert ("新建", "指标“低保审核时限”") in subjects
    assert target.display_value() == "≤15工作日"


def test_a_range_target_needs_its_upper_bound(world):
    with pytest.raises(ValidationError):
        services.add_target(
            world.jiuzhu_task, actor=None, name="康养基地", value=2, comparator="range"
        )
    with transaction.atomic(), pytest.raises(IntegrityError):
        Target.objects.create(
            task=world.jiuzhu_task, name="x", value=3, value_max=2, comparator="range"
        )
    ok = services.add_target(
        world.jiuzhu_task,
        actor=None,
        name="康养基地",
        value=2,
        value_max=3,
        unit="个",
        comparator="range",
    )
    assert ok.display_value() == "2–3个"


def test_progress_rolls_up_as_the_weighted_mean_of_sub_items(world):
    parent = services.add_task(world.plan, actor=None, title="养老服务提升工程")
    a = services.add_task(world.plan, actor=None, parent=parent, seq="①", title="床位", weight=3)
    b = services.add_task(world.plan, actor=None, parent=parent, seq="②", title="护理员", weight=1)
    assert services.progress_of(parent, {a.pk: 1.0, b.pk: 0.2}) == pytest.approx(0.8)
    assert services.progress_of(parent, {a.pk: 0.5}) == pytest.approx(0.5)
    assert services.progress_of(parent, {}) is None
    assert services.progress_of(a, {a.pk: 0.3}) == 0.3


def test_a_change_of_leaders_is_shown_by_name(world, user):
    other = world.bureau.people.get(name="刘谋瑜")
    services.update_task(world.jiuzhu_task, actor=user("office"), leaders=[world.leader, other])
    change = task_changes(world.jiuzhu_task)[0]
    assert change.fields == [("分管领导", "周利宏", "周利宏、刘谋瑜")]


@pytest.mark.parametrize(
    ("comparator", "value", "value_max", "achieved", "percent"),
    [
        (">=", "170", None, "197", "115.88"),  # over 100 kept
        ("=", "100", None, "50", "50.00"),
        ("<=", "20", None, "25", "80.00"),  # 25 working days against at most 20
        ("range", "8", "10", "6", "75.00"),  # ranges by their lower bound
        ("=", None, None, "197", None),  # a monitored figure has no completion
    ],
)
def test_completion_of_a_target(comparator, value, value_max, achieved, percent):
    target = Target(
        comparator=comparator,
        value=Decimal(value) if value else None,
        value_max=Decimal(value_max) if value_max else None,
    )
    got = target.completion(Decimal(achieved))
    assert got == (Decimal(percent) if percent else None)

"""The office builds its plan in the site: a draft only it sees, put in force (下发), closed;
sections and tasks added, changed, moved, removed or closed; every action refused to the
other roles and to other bureaus, and bad input refused with nothing saved."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from duban.orgs import services as orgs
from duban.plans import lifecycle
from duban.plans import services as plans
from duban.plans.models import Plan, PlanState, Section, Task
from duban.progress import services as progress


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


@pytest.fixture
def draft(world, user):
    plan = plans.create_plan(world.bureau, actor=user("office"), year=2024, title="2024年任务清单")
    section = plans.add_section(plan, actor=user("office"), title="市民政局重点工作任务", seq="一")
    plans.add_task(
        plan,
        actor=user("office"),
        seq="1",
        title="新任务",
        section=section,
        departments=[world.jiuzhu_task.lead_department],
        leaders=[world.leader],
    )
    return plan


def test_a_new_plan_is_a_draft_only_its_office_sees(client, world, draft):
    assert draft.state == PlanState.DRAFT
    task = draft.tasks.get()
    login(client, "office")
    assert client.get(reverse("plan", args=[draft.pk])).status_code == 200
    assert "2024年任务清单" in client.get(reverse("organization", args=[world.bureau.pk])).text
    for username in ("jiuzhu", "leader", "city", "other_office"):
        login(client, username)
        assert client.get(reverse("plan", args=[draft.pk])).status_code == 404, username
        assert client.get(reverse("task", args=[task.pk])).status_code == 404, username
        assert client.get(f"/api/v1/plans/{draft.pk}").status_code == 404, username
        listed = client.get("/api/v1/plans").json()["items"]
        assert draft.pk not in [p["id"] for p in listed], username
    login(client, "jiuzhu")
    page = client.get(reverse("organization", args=[world.bureau.pk])).text
    assert "2024年任务清单" not in page
    # not on the wall either, even when asked for by id
    login(client, "office")
    wall = client.get(reverse("wall", args=[world.bureau.pk]), {"plan": draft.pk}).text
    assert "新任务" not in wall


def test_the_office_creates_a_plan_in_the_site(client, world):
    login(client, "office")
    assert client.get(reverse("plan-new", args=[world.bureau.pk])).status_code == 200
    answer = client.post(
        reverse("plan-new", args=[world.bureau.pk]),
        {"title": "2025年重点工作任务清单", "year": "2025", "kind": "task_list"},
    )
    plan = Plan.objects.get(title="2025年重点工作任务清单")
    assert answer.status_code == 302 and answer["Location"] == reverse("plan", args=[plan.pk])
    assert (plan.state, plan.year, plan.starts_on) == ("draft", 2025, datetime.date(2025, 1, 1))
    # bad input: nothing saved, the reason on the page
    for bad in ({"title": "", "year": "2025"}, {"title": "x", "year": "二〇二五"}):
        page = client.post(reverse("plan-new", args=[world.bureau.pk]), {**bad, "kind": "other"})
        assert page.status_code == 200 and "未保存" in page.text
    assert Plan.objects.filter(organization=world.bureau).count() == 2


def test_put_in_force_closed_and_reopened(world, user, draft):
    office = user("office")
    empty = plans.create_plan(world.bureau, actor=office, year=2024, title="空清单")
    with pytest.raises(Exception, match="还没有任务"):
        lifecycle.set_plan_state(empty, actor=office, state="in_force")
    with pytest.raises(Exception, match="不能改为"):
        lifecycle.set_plan_state(draft, actor=office, state="closed")
    lifecycle.set_plan_state(draft, actor=office, state="in_force")
    assert Plan.objects.get(pk=draft.pk).state == "in_force"
    period = progress.open_period(draft, actor=office, code="2024Q1")
    lifecycle.set_plan_state(draft, actor=office, state="closed")
    assert not draft.periods.filter(is_open=True).exists()  # nobody is reminded of it
    from duban.orgs.access import Access, Action

    closed_task = draft.tasks.get()
    assert not Access.of(user("jiuzhu")).may(Action.REPORT, closed_task)
    assert not Access.of(user("office")).may(Action.EDIT, closed_task)
    assert Access.of(user("jiuzhu")).may(Action.READ, closed_task)
    # a closed plan is kept as it was: no edits, no reports, until reopened
    task = draft.tasks.get()
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied
        plans.update_task(task, actor=office, title="改")
    with pytest.raises(Exception):  # noqa: B017
        progress.save_report(task, period, actor=user("jiuzhu"), progress_items=["x"])
    lifecycle.set_plan_state(draft, actor=office, state="in_force")
    plans.update_task(task, actor=office, title="改")


def test_a_period_opens_only_on_a_plan_in_force(client, world, user, draft):
    with pytest.raises(Exception, match="下发后"):
        progress.open_period(draft, actor=user("office"), code="2024Q1")
    login(client, "office")
    page = client.post(
        reverse("period-open", args=[draft.pk]), {"code": "2024Q1", "due_on": ""}, follow=True
    )
    assert "下发后才能开放报告期" in page.text and not draft.periods.exists()


def test_only_a_draft_without_reports_is_deleted(world, user, draft):
    office = user("office")
    with pytest.raises(Exception, match="只能删除草稿"):
        lifecycle.delete_plan(world.plan, actor=office)
    lifecycle.delete_plan(draft, actor=office)
    assert not Plan.objects.filter(pk=draft.pk).exists()


def test_sections_added_renamed_moved_and_removed_when_empty(client, world, draft):
    login(client, "office")
    client.post(reverse("section-add", args=[draft.pk]), {"title": "区委全会任务", "seq": "二"})
    first, second = draft.sections.order_by("order")
    client.post(reverse("section-change", args=[second.pk]), {"action": "up"})
    assert [s.title for s in draft.sections.order_by("order")] == ["区委全会任务", first.title]
    client.post(
        reverse("section-change", args=[second.pk]),
        {"action": "rename", "title": "区委十四届六次全会任务", "seq": "二"},
    )
    assert Section.objects.get(pk=second.pk).title == "区委十四届六次全会任务"
    page = client.post(
        reverse("section-change", args=[first.pk]), {"action": "remove"}, follow=True
    )
    assert "还有任务" in page.text and Section.objects.filter(pk=first.pk).exists()
    client.post(reverse("section-change", args=[second.pk]), {"action": "remove"})
    assert not Section.objects.filter(pk=second.pk).exists()
    assert list(draft.sections.values_list("order", flat=True)) == [0]


def test_a_task_added_with_its_leaders_and_departments_in_order(client, world, draft):
    login(client, "office")
    section = draft.sections.get()
    jiuzhu = world.jiuzhu_task.lead_department
    yanglao = world.yanglao_task.lead_department
    answer = client.post(
        reverse("task-add", args=[draft.pk]),
        {
            "seq": "2",
            "title": "推进养老服务",
            "goal": "新增床位100张",
            "section": section.pk,
            "deadline": "2024-12-31",
            "weight": "2",
            "leaders": [world.leader.pk],
            "lead_department": yanglao.pk,
            "other_departments": [jiuzhu.pk, yanglao.pk],
        },
    )
    assert answer.status_code == 302
    task = draft.tasks.get(seq="2")
    assert task.ordered_departments() == [yanglao, jiuzhu]  # the lead first, not twice
    assert list(task.leaders.all()) == [world.leader]
    assert (task.section, task.weight, task.deadline) == (section, 2, datetime.date(2024, 12, 31))
    # a sub-item ①, from the task's page
    client.post(
        reverse("task-add", args=[draft.pk]), {"parent": task.pk, "seq": "①", "title": "子项一"}
    )
    assert [c.seq for c in task.children.all()] == ["①"]
    assert task.children.get().section == section


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("seq", "1", "已使用"),  # 序号 1 is taken in this section
        ("weight", "abc", "权重"),
        ("deadline", "2024-13-01", "完成时限"),
        ("title", "", "工作内容"),
    ],
)
def test_bad_task_input_saves_nothing(client, world, draft, field, value, reason):
    login(client, "office")
    section = draft.sections.get()
    row = {"seq": "9", "title": "另一项", "section": section.pk, field: value}
    page = client.post(reverse("task-add", args=[draft.pk]), row, follow=True)
    assert reason in messages_of(page), messages_of(page)
    assert draft.tasks.count() == 1


def test_a_leader_or_department_of_another_bureau_is_refused(client, world, draft):
    stranger = orgs.add_person(world.elsewhere, actor=None, name="外单位领导")
    foreign = orgs.add_department(world.elsewhere, actor=None, name="外单位科室")
    login(client, "office")
    for extra in ({"leaders": [stranger.pk]}, {"lead_department": foreign.pk}):
        page = client.post(
            reverse("task-add", args=[draft.pk]),
            {"seq": "9", "title": "另一项", **extra},
            follow=True,
        )
        assert "未保存" in messages_of(page)
    assert draft.tasks.count() == 1
    with pytest.raises(Exception, match="不属于本机构"):
        plans.add_task(draft, actor=None, title="x", leaders=[stranger])


def test_a_task_with_progress_is_closed_not_removed(client, world, period):
    task = world.yanglao_task
    progress.save_report(task, period, actor=None, progress_items=["已开展"])
    login(client, "office")
    page = client.post(reverse("task-change", args=[task.pk]), {"action": "remove"}, follow=True)
    assert "不能删除" in messages_of(page) and Task.objects.filter(pk=task.pk).exists()
    page = client.post(
        reverse("task-change", args=[task.pk]), {"action": "close", "reason": ""}, follow=True
    )
    assert "须说明原因" in messages_of(page)
    client.post(reverse("task-change", args=[task.pk]), {"action": "close", "reason": "并入第3项"})
    task.refresh_from_db()
    assert task.closed_on is not None and task.close_reason == "并入第3项"
    page = client.get(reverse("task", args=[task.pk])).text
    assert "并入第3项" in page
    client.post(reverse("task-change", args=[task.pk]), {"action": "reopen"})
    task.refresh_from_db()
    assert task.closed_on is None
    # a task without progress is removed, its sub-items with it
    kid = world.sub_item
    client.post(reverse("task-change", args=[world.jiuzhu_task.pk]), {"action": "remove"})
    assert not Task.objects.filter(pk__in=[world.jiuzhu_task.pk, kid.pk]).exists()


def test_tasks_move_within_their_section(client, world):
    login(client, "office")
    first, second = world.jiuzhu_task, world.yanglao_task
    client.post(reverse("task-change", args=[second.pk]), {"action": "up"})
    order = list(Task.objects.filter(plan=world.plan, parent=None).order_by("order"))
    assert order[:2] == [second, first]
    client.post(reverse("task-change", args=[second.pk]), {"action": "up"})  # already first
    assert Task.objects.filter(plan=world.plan, parent=None).order_by("order").first() == second


def test_editing_a_task_changes_its_leaders_departments_and_section(client, world):
    login(client, "office")
    task = world.yanglao_task
    other = plans.add_section(world.plan, actor=None, title="市民政局重点工作任务", seq="二")
    jiuzhu = world.jiuzhu_task.lead_department
    answer = client.post(
        reverse("task-edit", args=[task.pk]),
        {
            "seq": "4",
            "title": task.title,
            "section": other.pk,
            "leaders": [world.leader.pk],
            "lead_department": jiuzhu.pk,
        },
    )
    assert answer.status_code == 302
    task.refresh_from_db()
    assert task.section == other and task.ordered_departments() == [jiuzhu]
    assert list(task.leaders.all()) == [world.leader]
    history = client.get(reverse("task", args=[task.pk])).text
    assert "责任科室“社会救助科”" in history


EDITOR_POSTS = [
    ("plan-settings", "plan", {"title": "改名", "year": "2023", "kind": "task_list"}),
    ("plan-state", "plan", {"state": "closed"}),
    ("plan-delete", "plan", {}),
    ("section-add", "plan", {"title": "新来源"}),
    ("section-change", "section", {"action": "rename", "title": "改"}),
    ("task-add", "plan", {"title": "新任务"}),
    ("task-change", "task", {"action": "close", "reason": "不做了"}),
]


@pytest.mark.parametrize(("name", "on", "data"), EDITOR_POSTS)
@pytest.mark.parametrize(
    ("username", "expected"),
    [("jiuzhu", 403), ("leader", 403), ("city", 403), ("other_office", 404), ("outsider", 404)],
)
def test_only_the_office_edits_its_plan(client, world, name, on, data, username, expected):
    ids = {
        "plan": world.plan.pk,
        "section": world.plan.sections.first().pk,
        "task": world.yanglao_task.pk,
    }
    before = (Plan.objects.get(pk=world.plan.pk).title, Task.objects.count())
    login(client, username)
    assert client.post(reverse(name, args=[ids[on]]), data).status_code == expected
    assert (Plan.objects.get(pk=world.plan.pk).title, Task.objects.count()) == before
    assert Task.objects.get(pk=world.yanglao_task.pk).closed_on is None
    client.logout()
    answer = client.post(reverse(name, args=[ids[on]]), data)
    assert answer.status_code == 302 and "/login" in answer["Location"]


def _target_row(**fields):
    row = {"name": "新增养老床位", "unit": "张", "comparator": ">=", "value": "100"}
    row.update(fields)
    return {f"new-target-{k}": v for k, v in row.items()}


def test_targets_added_edited_and_removed_on_the_task_page(client, world):
    from duban.plans.models import IndicatorDefinition, Target

    login(client, "office")
    task = world.yanglao_task
    beds = IndicatorDefinition.objects.get(code="elderly-beds")
    client.post(
        reverse("target-add", args=[task.pk]),
        _target_row(due_date="2023-12-31", indicator=beds.pk),
    )
    client.post(reverse("target-add", args=[task.pk]), _target_row(name="入住率", value=""))
    client.post(
        reverse("target-add", args=[task.pk]),
        _target_row(name="护理员占比", unit="%", comparator="range", value="20", value_max="30"),
    )
    made = {t.name: t for t in Target.objects.filter(task=task)}
    assert made["新增养老床位"].indicator == beds and made["新增养老床位"].value == 100
    assert made["入住率"].value is None  # a monitored figure
    assert (made["护理员占比"].value, made["护理员占比"].value_max) == (20, 30)
    page = client.get(reverse("task", args=[task.pk])).text
    assert "监测指标" in page and "20–30%" in page
    target = made["新增养老床位"]
    prefix = f"target-{target.pk}"
    client.post(
        reverse("target-change", args=[target.pk]),
        {f"{prefix}-name": "新增养老床位", f"{prefix}-comparator": ">=", f"{prefix}-value": "120"},
    )
    assert Target.objects.get(pk=target.pk).value == 120
    client.post(reverse("target-change", args=[target.pk]), {"action": "remove"})
    assert not Target.objects.filter(pk=target.pk).exists()


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"value": "一百"}, "目标值"),
        ({"value": "1e309"}, "目标值"),
        ({"comparator": "range", "value": "30", "value_max": "20"}, "上限不能小于下限"),
        ({"comparator": "range", "value": "30"}, "下限和上限"),
        ({"value_max": "20"}, "只有区间"),
        ({"due_date": "2024-03-31"}, "清单年度内"),
        ({"name": ""}, "指标名称"),
        ({"comparator": "≈"}, "比较方式"),
    ],
)
def test_bad_targets_are_refused_and_nothing_is_saved(client, world, fields, reason):
    from duban.plans.models import Target

    login(client, "office")
    page = client.post(
        reverse("target-add", args=[world.yanglao_task.pk]), _target_row(**fields), follow=True
    )
    assert reason in messages_of(page), messages_of(page)
    assert not Target.objects.filter(task=world.yanglao_task).exists()


def test_a_target_with_readings_is_kept(client, world, period, target):
    progress.save_report(
        world.jiuzhu_task,
        period,
        actor=None,
        readings={target.pk: ("5", datetime.date(2023, 9, 1))},
    )
    login(client, "office")
    page = client.post(
        reverse("target-change", args=[target.pk]), {"action": "remove"}, follow=True
    )
    assert (
        "已有读数" in messages_of(page) and target.__class__.objects.filter(pk=target.pk).exists()
    )


@pytest.mark.parametrize(
    ("username", "expected"), [("jiuzhu", 403), ("city", 403), ("outsider", 404)]
)
def test_only_the_office_sets_targets(client, world, target, username, expected):
    login(client, username)
    assert (
        client.post(reverse("target-add", args=[world.yanglao_task.pk]), _target_row()).status_code
        == expected
    )
    assert (
        client.post(reverse("target-change", args=[target.pk]), {"action": "remove"}).status_code
        == expected
    )
    assert target.__class__.objects.count() == 1


def test_a_plan_copied_to_the_next_year(client, world, period, target):
    from duban.plans.models import Target

    target.due_date = datetime.date(2023, 12, 31)
    target.save()
    progress.save_report(
        world.jiuzhu_task,
        period,
        actor=None,
        readings={target.pk: ("5", datetime.date(2023, 9, 1))},
    )
    login(client, "office")
    client.post(reverse("plan-copy", args=[world.plan.pk]), {"year": "2024", "keep_targets": "1"})
    copy = Plan.objects.get(organization=world.bureau, year=2024)
    assert (copy.state, copy.title) == ("draft", "2024年区民政局重点工作任务清单")
    tops = list(copy.tasks.filter(parent=None).order_by("order"))
    assert [(t.seq, t.title, t.section.title) for t in tops] == [
        (t.seq, t.title, t.section.title)
        for t in world.plan.tasks.filter(parent=None).order_by("order")
    ]
    first = tops[0]
    assert first.ordered_departments() == world.jiuzhu_task.ordered_departments()
    assert list(first.leaders.all()) == [world.leader]
    assert [c.title for c in first.children.all()] == [world.sub_item.title]
    copied = Target.objects.get(task=first)
    assert (copied.value, copied.due_date) == (target.value, datetime.date(2024, 12, 31))
    assert not copied.readings.exists() and not copy.periods.exists()
    # without targets
    client.post(reverse("plan-copy", args=[world.plan.pk]), {"year": "2025"})
    assert not Target.objects.filter(task__plan__year=2025).exists()
    page = client.post(reverse("plan-copy", args=[world.plan.pk]), {"year": "明年"}, follow=True)
    assert "年度应为" in messages_of(page)
    login(client, "jiuzhu")
    assert (
        client.post(reverse("plan-copy", args=[world.plan.pk]), {"year": "2026"}).status_code == 403
    )


SEED_LIKE = (
    "序号\t重点工作事项\t工作目标\t分管领导\t责任科室\n"
    "一、区委全会任务\t\t\t\t\n"
    "5\t推进社区治理\t完成3个社区试点\t周利宏\t社会救助科、儿童福利科\n"
    "6\t培育社会组织\t新增社会组织10家\t张新\t社会组织管理科\n"
)


def test_rows_pasted_from_excel_are_previewed_then_saved_whole(client, world, draft):
    login(client, "office")
    page = client.post(reverse("plan-paste", args=[draft.pk]), {"rows": SEED_LIKE})
    assert page.status_code == 200
    preview = page.context["pasted"]
    assert preview.header_found and preview.sections_new == ["区委全会任务"]
    first, second = preview.rows
    assert (first.seq, first.title, first.goal) == ("5", "推进社区治理", "完成3个社区试点")
    assert [(m.name, m.is_new) for m in first.leaders] == [("周利宏", False)]
    # 儿童福利科 is 养老服务科's alias: the bureau's own 科室, not a new one
    assert [(m.name, m.found) for m in first.departments] == [
        ("社会救助科", world.jiuzhu_task.lead_department),
        ("儿童福利科", world.yanglao_task.lead_department),
    ]
    assert [(m.name, m.is_new) for m in second.leaders + second.departments] == [
        ("张新", True),
        ("社会组织管理科", True),
    ]
    assert "新增科室" in page.text
    assert draft.tasks.count() == 1  # a preview saves nothing
    client.post(reverse("plan-paste", args=[draft.pk]), {"rows": SEED_LIKE, "confirm": "1"})
    made = {t.seq: t for t in draft.tasks.all()}
    assert made["5"].section.title == "区委全会任务"
    assert made["5"].ordered_departments() == [
        world.jiuzhu_task.lead_department,
        world.yanglao_task.lead_department,
    ]
    assert [p.name for p in made["6"].leaders.all()] == ["张新"]
    assert made["6"].lead_department.name == "社会组织管理科"


def test_rows_without_a_header_are_read_in_the_usual_order(client, world, draft):
    login(client, "office")
    rows = "7\t推进殡葬改革\t节地生态安葬率达60%\t周利宏\t社会救助科\r\n8\t婚俗改革\t\t\t\r\n"
    page = client.post(reverse("plan-paste", args=[draft.pk]), {"rows": rows})
    pasted = page.context["pasted"]
    assert not pasted.header_found
    assert [(r.seq, r.title, r.goal) for r in pasted.rows] == [
        ("7", "推进殡葬改革", "节地生态安葬率达60%"),
        ("8", "婚俗改革", ""),
    ]


@pytest.mark.parametrize(
    ("rows", "reason"),
    [
        ("", "没有可读的行"),
        ("只有一段说明文字\n", "没有读到任务行"),
        ("序号\t工作内容\n9\t\n", "序号 9 的行没有工作内容"),
        # row 2 repeats 序号 1 of the draft's section: nothing of the paste is saved
        ("序号\t工作内容\n一、市民政局重点工作任务\n9\t新的一项\n1\t重复的序号\n", "第 2 行"),
    ],
)
def test_a_paste_with_a_row_that_cannot_be_read_saves_nothing(client, world, draft, rows, reason):
    login(client, "office")
    page = client.post(
        reverse("plan-paste", args=[draft.pk]), {"rows": rows, "confirm": "1"}, follow=True
    )
    assert reason in messages_of(page), messages_of(page)
    assert draft.tasks.count() == 1 and draft.sections.count() == 1


def test_only_the_office_pastes(client, world, draft):
    login(client, "jiuzhu")
    assert (
        client.post(reverse("plan-paste", args=[world.plan.pk]), {"rows": SEED_LIKE}).status_code
        == 403
    )
    login(client, "outsider")
    assert (
        client.post(reverse("plan-paste", args=[world.plan.pk]), {"rows": SEED_LIKE}).status_code
        == 404
    )


# headers of the tables bureaus publish (shaped like ../shared/corpus, invented rows)
CORPUS_SHAPED = [
    (
        "序号\t项目名称\t当前进度\t牵头单位\n21\t城乡居民增收\t已完成\t区人社局\n",
        ["seq", "title", "progress", "departments"],
        ("21", "城乡居民增收", "", ["区人社局"], None),
    ),
    (
        "序号\t实施内容\t目标 任务\t牵头负责领导\t责任单位\t配合单位\t完成时限\n"
        "3\t新建老年食堂\t新建5家\t周利宏\t养老服务科\t社会救助科\t2023年9月底\n",
        ["seq", "title", "goal", "leaders", "departments", "departments", "deadline"],
        ("3", "新建老年食堂", "新建5家", ["养老服务科", "社会救助科"], "2023-09-30"),
    ),
    (
        "序号\t考核指标\t单 位\t工作目标\t已完成数\t占年任务之比\t备  注\n"
        "12\t城镇新增就业\t万人\t5.2\t4.1\t78.8%\t区人社局\n",
        ["seq", "title", "unit", "goal", "actual", "rate", "departments"],
        ("12", "城镇新增就业", "5.2", ["区人社局"], None),
    ),
]


@pytest.mark.parametrize(("rows", "roles", "row"), CORPUS_SHAPED)
def test_a_paste_shaped_like_the_tables_bureaus_publish(client, world, draft, rows, roles, row):
    login(client, "office")
    page = client.post(reverse("plan-paste", args=[draft.pk]), {"rows": rows})
    pasted = page.context["pasted"]
    assert [c.role for c in pasted.columns] == roles
    (got,) = pasted.rows
    assert (got.seq, got.title, got.goal, [m.name for m in got.departments], got.deadline) == row
    assert "备注" not in rows or "表头“备注”未说明;单元格多为单位或科室名称" in page.text
    client.post(reverse("plan-paste", args=[draft.pk]), {"rows": rows, "confirm": "1"})
    made = draft.tasks.get(seq=row[0])
    assert [d.name for d in made.ordered_departments()] == row[3]
    assert (made.deadline.isoformat() if made.deadline else None) == row[4]


def test_a_header_the_reader_does_not_know_is_named_not_misread(client, world, draft):
    rows = "甲栏\t乙栏\t丙栏\n1\t城乡居民增收\t已完成\n"
    login(client, "office")
    page = client.post(reverse("plan-paste", args=[draft.pk]), {"rows": rows}, follow=True)
    assert "未能识别表头“甲栏、乙栏、丙栏”" in messages_of(page)
    assert draft.tasks.count() == 1


def test_a_closed_task_stays_on_the_wall_as_closed(client, world, user):
    lifecycle.close_task(world.yanglao_task, actor=user("office"), reason="并入第3项")
    login(client, "leader")
    wall = client.get(reverse("wall", args=[world.bureau.pk])).text
    row = wall.split(world.yanglao_task.title)[1].split("</tr>")[0]
    assert "已关闭" in row and "并入第3项" in row


def test_a_save_over_someone_elses_newer_one_is_refused_with_both_versions(client, world, user):
    task = world.yanglao_task
    login(client, "office")
    page = client.get(reverse("task", args=[task.pk]))
    seen = page.context["task_form"].initial["seen"]
    plans.update_task(task, actor=user("office"), title="发展养老事业(他人已改)")
    answer = client.post(
        reverse("task-edit", args=[task.pk]),
        {"seq": "4", "title": "我的修改", "seen": seen},
        follow=True,
    )
    text = messages_of(answer)
    assert "任务已被他人修改" in text and "发展养老事业(他人已改)" in text and "我的修改" in text
    assert Task.objects.get(pk=task.pk).title == "发展养老事业(他人已改)"
    # started from the newest version, it saves
    seen = client.get(reverse("task", args=[task.pk])).context["task_form"].initial["seen"]
    client.post(
        reverse("task-edit", args=[task.pk]), {"seq": "4", "title": "我的修改", "seen": seen}
    )
    assert Task.objects.get(pk=task.pk).title == "我的修改"


def test_the_task_history_tells_who_changed_leaders_departments_sub_items_and_targets(
    client, world, user
):
    office = user("office")
    task = world.yanglao_task
    plans.update_task(task, actor=office, leaders=[world.leader])
    plans.update_task(task, actor=office, departments=[world.jiuzhu_task.lead_department])
    item = plans.add_task(world.plan, actor=office, parent=task, seq="①", title="新增床位")
    plans.add_target(task, actor=office, name="床位", value=100, unit="张")
    lifecycle.remove_task(item, actor=office)
    login(client, "office")
    page = client.get(reverse("task", args=[task.pk])).text
    history = page.split('id="history-list"')[1]
    for words in ("分管领导", "周利宏", "责任科室“社会救助科”", "子项“① 新增床位”", "指标“床位”"):
        assert words in history, words
    assert "宣州办公室" in history  # who


def test_the_plan_keeps_who_put_it_in_force_and_closed_it(client, world, user, draft):
    lifecycle.set_plan_state(draft, actor=user("office"), state="in_force")
    login(client, "office")
    history = client.get(reverse("plan", args=[draft.pk])).text.split('id="history-list"')[1]
    assert "状态" in history and "草稿" in history and "已下发" in history
    assert "宣州办公室" in history


def _counts():
    from duban.orgs.models import Department, Person
    from duban.plans.models import Target

    return tuple(m.objects.count() for m in (Plan, Section, Task, Target, Department, Person))


def _hostile_posts(world):
    from duban.testing.hostile import BAD_NUMBERS, BAD_TEXTS

    plan, task = world.plan.pk, world.yanglao_task.pk
    # a form cannot carry a lone surrogate (UTF-8 has none); the API's tests send them
    for text in [t for t in BAD_TEXTS if not any(0xD800 <= ord(c) <= 0xDFFF for c in t)]:
        yield (
            reverse("plan-new", args=[world.bureau.pk]),
            {"title": text, "year": "2024", "kind": "other"},
        )
        yield reverse("section-add", args=[plan]), {"title": text}
        yield reverse("task-add", args=[plan]), {"title": text, "seq": "9"}
        yield reverse("task-add", args=[plan]), {"title": "x", "goal": text, "seq": "9"}
        yield reverse("department-add", args=[world.bureau.pk]), {"name": text}
        yield (
            reverse("person-add", args=[world.bureau.pk]),
            {"name": text, "username": "u1", "role": "leader"},
        )
        yield reverse("target-add", args=[task]), _target_row(name=text)
    for number in BAD_NUMBERS:
        yield reverse("target-add", args=[task]), _target_row(value=number)
        yield reverse("task-add", args=[plan]), {"title": "x", "seq": "9", "weight": number}
        yield reverse("plan-copy", args=[plan]), {"year": number}


def test_hostile_values_through_every_editor_entry_change_nothing(client, world):
    login(client, "office")
    before = _counts()
    seen = 0
    for url, data in _hostile_posts(world):
        answer = client.post(url, data)
        assert answer.status_code < 500, (url, data)
        assert _counts() == before, (url, data)
        seen += 1
    assert seen >= 70
    # a paste is read as a document is: control characters and lone surrogates dropped
    from duban.testing.hostile import BAD_TEXTS

    texts = [t for t in BAD_TEXTS if not any(0xD800 <= ord(c) <= 0xDFFF for c in t)]
    for n, text in enumerate(texts):
        rows = f"{20 + n}\t任务{text}\n"
        assert (
            client.post(reverse("plan-paste", args=[world.plan.pk]), {"rows": rows}).status_code
            == 200
        )
        client.post(reverse("plan-paste", args=[world.plan.pk]), {"rows": rows, "confirm": "1"})
    pasted = list(
        Task.objects.filter(plan=world.plan, seq__gte="20").values_list("title", flat=True)
    )
    assert pasted and all(t.isprintable() for t in pasted), pasted
    for url in (reverse("plan", args=[world.plan.pk]), reverse("people", args=[world.bureau.pk])):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "typed",
    ["城市最低生活保障标准(元/人·月)", "城市最低生活保障标准", "城市低保标准", " 城市低保标准 "],
)
def test_a_catalogue_indicator_is_found_by_its_name_or_an_alias(client, world, typed):
    from duban.plans.models import IndicatorDefinition, Target

    login(client, "office")
    task = world.jiuzhu_task
    client.post(
        reverse("target-add", args=[task.pk]),
        _target_row(name="城市低保标准", unit="元/人·月", value="1200", indicator=typed),
    )
    made = Target.objects.get(task=task, name="城市低保标准")
    assert made.indicator == IndicatorDefinition.objects.get(code="urban-dibao-standard")
    page = client.get(reverse("task", args=[task.pk])).text
    assert 'list="indicator-catalogue"' in page and '<datalist id="indicator-catalogue">' in page
    assert (
        '<option value="城市最低生活保障标准(元/人·月)">城市低保标准、月最低生活保障标准</option>'
        in page
    )
    edit = page.split(reverse("target-change", args=[made.pk]))[1]
    assert 'value="城市最低生活保障标准(元/人·月)"' in edit.split("</form>")[0]


def test_an_unknown_or_ambiguous_indicator_is_refused_and_nothing_saved(client, world):
    from duban.plans.models import IndicatorDefinition, Target

    IndicatorDefinition.objects.create(code="x-dibao", name="低保边缘户数", unit="户",
                                       aliases=["低保户"])  # fmt: skip
    login(client, "office")
    task = world.jiuzhu_task
    before = Target.objects.count()
    page = client.post(
        reverse("target-add", args=[task.pk]), _target_row(indicator="养老金"), follow=True
    )
    assert "标准指标中没有“养老金”" in messages_of(page)
    page = client.post(
        reverse("target-add", args=[task.pk]), _target_row(indicator="低保户"), follow=True
    )
    assert "“低保户”可指 低保边缘户数(户)、在册低保户数(户)" in messages_of(page)
    assert Target.objects.count() == before

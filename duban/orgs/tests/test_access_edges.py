"""The gate's remaining edges, each a mutant that survived the matrix: who answers a
督办单, a sub-item with leaders or 科室 of its own, the office's review, the cached answer,
and what every loader fetches with its object (no query more when a page reads it)."""

import datetime
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from duban.orgs import access
from duban.orgs import services as orgs
from duban.orgs.access import Access, Action
from duban.orgs.models import Organization
from duban.plans import services as plans
from duban.plans.models import ImportUpload
from duban.progress import services as progress
from duban.publishing import services as publishing
from duban.supervision import services as supervision


def who(username):
    return get_user_model().objects.get(username=username)


@pytest.fixture
def notice(world):
    return supervision.issue_notice(
        world.jiuzhu_task,
        world.jiuzhu_task.lead_department,
        actor=None,
        body="请说明滞后原因",
        reply_due=datetime.date(2099, 1, 1),
    )


def test_a_notice_is_answered_by_its_departments_reporters_and_the_office(world, notice):
    assert Access.of(who("jiuzhu")).may(Action.ANSWER, notice)
    assert Access.of(who("office")).may(Action.ANSWER, notice)
    for username in ("yanglao", "leader", "city", "other_office", "outsider"):
        assert not Access.of(who(username)).may(Action.ANSWER, notice), username
    # a 科室's reporter answers a notice to that 科室, not the bureau it belongs to
    assert not Access.of(who("jiuzhu")).may(Action.ANSWER, world.bureau)


def test_the_office_reviews_and_presses_every_task_of_its_bureau(world):
    office = Access.of(who("office"))
    for action in (Action.REVIEW, Action.SUPERVISE):
        assert office.may(action, world.yanglao_task)
        assert office.may(action, world.sub_item)
        assert not Access.of(who("other_office")).may(action, world.yanglao_task)


def test_a_sub_item_with_its_own_leader_and_department_is_theirs(world):
    other = orgs.add_person(world.bureau, actor=None, name="王副局长")
    own = plans.add_task(
        world.plan,
        actor=None,
        parent=world.jiuzhu_task,
        seq="②",
        title="养老科负责的子项",
        leaders=[other],
        departments=[world.yanglao_task.lead_department],
    )
    # its own 科室 leads it, not the parent's
    assert Access.of(who("yanglao")).may(Action.SUBMIT, own)
    assert not Access.of(who("jiuzhu")).may(Action.SUBMIT, own)
    # its own leader reviews it, not the parent's
    assert not Access.of(who("leader")).may(Action.REVIEW, own)
    # a sub-item without its own takes the parent's: 社会救助科 and 周利宏
    assert Access.of(who("jiuzhu")).may(Action.SUBMIT, world.sub_item)
    assert not Access.of(who("yanglao")).may(Action.SUBMIT, world.sub_item)
    assert Access.of(who("leader")).may(Action.REVIEW, world.sub_item)


def test_who_the_answer_is_about(world):
    office = who("office")
    acc = Access.of(office)
    assert acc.user_id == office.pk and acc.is_authenticated and not acc.is_superuser
    with CaptureQueriesContext(connection) as queries:
        assert Access.of(office) is acc  # computed once per request's user
    assert len(queries) == 0
    assert access.access(office) is acc
    anonymous = Access.of(AnonymousUser())
    assert (anonymous.user_id, anonymous.is_authenticated, anonymous.is_superuser) == (
        None,
        False,
        False,
    )
    assert not access.access(AnonymousUser()).is_superuser
    command_line = Access.of(None)  # whoever runs a command owns the database
    assert command_line.is_superuser and command_line.is_authenticated


def test_something_without_an_organization_is_an_error_that_names_it(world):
    with pytest.raises(TypeError, match="no organization for object"):
        Access.of(who("office")).may(Action.READ, object())


def test_visible_organizations(world):
    def names(username):
        return set(access.visible_organizations(who(username)).values_list("name", flat=True))

    assert names("office") == {"宣城市宣州区民政局"}
    assert names("city") == {"宣城市民政局", "宣城市宣州区民政局", "宣城市郎溪县民政局"}
    assert names("outsider") == {"宁波市奉化区民政局"}
    root = get_user_model().objects.create_superuser("root", password="x-Long-pass-1")
    assert names(root.username) == set(Organization.objects.values_list("name", flat=True))
    city = who("city")
    Access.of(city)  # the roles, once
    with CaptureQueriesContext(connection) as queries:
        shown = [o.parent for o in access.visible_organizations(city)]
    assert len(queries) == 1 and world.city in shown  # the bureaus with their parents


def test_a_superior_reads_two_levels_down(world):
    county = orgs.create_organization(
        actor=None, name="下一级单位", level="county", parent=world.bureau
    )
    assert Access.of(who("city")).can_read_org(county.pk)
    assert not Access.of(who("office")).can_read_org(county.pk)


def test_the_notice_loader(world, notice):
    assert access.notice_for(who("jiuzhu"), notice.pk) == notice
    for stranger in ("outsider", "other_office"):
        with pytest.raises(Http404):
            access.notice_for(who(stranger), notice.pk)
    with pytest.raises(Http404):
        access.notice_for(who("office"), 10**9)


def test_every_loader_brings_what_its_pages_read(world, user, period, notice):
    report = progress.save_report(world.sub_item, period, actor=None, progress_items=["x"])
    draft = publishing.compose_publication(
        world.bureau, actor=user("office"), kind="task_list", year=2023
    )
    office = who("office")
    Access.of(office)  # the roles, once
    reads = [
        (access.organization_for, world.bureau.pk, lambda o: o.parent.name),
        (access.plan_for, world.plan.pk, lambda p: p.organization.name),
        (access.task_for, world.sub_item.pk, lambda t: (t.plan.organization, t.parent, t.section)),
        (access.report_for, report.pk, lambda r: (r.task.plan.organization, r.period.code)),
        (access.period_for, period.pk, lambda p: p.plan.organization.name),
        (access.publication_for, draft.pk, lambda p: p.organization.name),
        (
            access.notice_for,
            notice.pk,
            lambda n: (n.organization.name, n.task.plan.title, n.department.name),
        ),
    ]
    for loader, pk, read in reads:
        obj = loader(office, pk)
        with CaptureQueriesContext(connection) as queries:
            read(obj)
        assert len(queries) == 0, (loader.__name__, [q["sql"] for q in queries])


def test_a_fill_in_sheet_named_by_a_reporter_is_theirs(world, period):
    jiuzhu_dept = world.jiuzhu_task.lead_department
    assert access.fill_in_department_for(who("jiuzhu"), period, jiuzhu_dept.pk) == jiuzhu_dept
    assert access.fill_in_department_for(who("jiuzhu"), period, str(jiuzhu_dept.pk)) == jiuzhu_dept
    assert access.may_fill_in(who("jiuzhu"), period) and access.may_fill_in(who("office"), period)
    assert not access.may_fill_in(who("leader"), period)
    assert not access.may_fill_in(who("city"), period)


def test_an_upload_batch_is_found_only_under_its_own_bureau(world, user):
    batch = uuid.uuid4()
    ImportUpload.objects.create(
        organization=world.elsewhere, batch=batch, name="a.txt", data=b"x", uploaded_by=None
    )
    with pytest.raises(Http404):  # the batch id of another bureau, asked under one's own
        access.import_batch_for(who("office"), world.bureau.pk, batch)


def test_a_department_is_looked_up_in_the_bureau_named(world):
    sibling_department = orgs.add_department(world.sibling, actor=None, name="郎溪社会救助股")
    city = who("city")  # reads both bureaus
    assert access.department_for(city, sibling_department.pk) == sibling_department
    assert access.department_for(city, sibling_department.pk, world.sibling) == sibling_department
    with pytest.raises(Http404):
        access.department_for(city, sibling_department.pk, world.bureau)


def test_a_draft_is_its_offices_alone_and_a_closed_plan_takes_no_edits(world, user):
    from duban.plans.models import PlanState

    plan = world.plan
    task = world.jiuzhu_task
    plan.state = PlanState.DRAFT
    plan.save(update_fields=["state"])
    office, reporter, city = (Access.of(who(n)) for n in ("office", "jiuzhu", "city"))
    for obj in (plan, task, world.sub_item):
        assert office.may(Action.READ, obj) and office.may(Action.EDIT, obj)
        assert not office.may(Action.REPORT, obj) and not office.may(Action.SUPERVISE, obj)
        assert not reporter.may(Action.READ, obj) and not city.may(Action.READ, obj)
    assert [p.pk for p in access.visible_plans(who("office")) if p.pk == plan.pk] == [plan.pk]
    assert plan.pk not in access.visible_plans(who("jiuzhu")).values_list("pk", flat=True)
    assert plan.pk not in access.visible_plans(who("city")).values_list("pk", flat=True)
    root = get_user_model().objects.create_superuser("root", password="x-Long-pass-1")
    assert plan.pk in access.visible_plans(root).values_list("pk", flat=True)
    plan.state = PlanState.CLOSED
    plan.save(update_fields=["state"])
    office, reporter = Access.of(who("office")), Access.of(who("jiuzhu"))
    for action in (Action.EDIT, Action.REPORT, Action.SUBMIT):
        assert not office.may(action, task), action
    assert reporter.may(Action.READ, task) and not reporter.may(Action.REPORT, task)
    assert office.may(Action.REVIEW, task) and office.may(Action.EDIT, world.bureau)
    assert plan.pk in access.visible_plans(who("jiuzhu")).values_list("pk", flat=True)


def test_the_person_loader_and_forgetting_an_answer(world):
    from duban.orgs.models import Person

    jiuzhu = Person.objects.get(user__username="jiuzhu")
    assert access.person_for(who("office"), jiuzhu.pk) == jiuzhu
    with pytest.raises(Http404):
        access.person_for(who("outsider"), jiuzhu.pk)
    office = who("office")
    first = Access.of(office)
    Access.forget(office)
    assert Access.of(office) is not first
    Access.forget(None)  # the command line has nothing to forget
    Access.forget(AnonymousUser())

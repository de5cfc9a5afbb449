"""The demo data set: the seeds' bureaus, each loaded with its own seed document."""

import datetime
import os
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from duban.ingest.document import parse_file
from duban.ingest.save import department_named, save_document
from duban.orgs import services as orgs
from duban.orgs.models import Level, Membership, Organization, Role
from duban.plans import services as plans
from duban.plans.catalogue import sync_catalogue
from duban.plans.models import BusinessLine, IndicatorDefinition, Task
from duban.publishing.services import publish_publication

PASSWORD = os.environ.get("DUBAN_DEMO_PASSWORD", "duban-demo")

# (name, short name, level, parent)
BUREAUS = [
    ("浙江省民政厅", "省民政厅", Level.PROVINCE, None),
    ("宁波市民政局", "市民政局", Level.CITY, "浙江省民政厅"),
    ("宁波市奉化区民政局", "区民政局", Level.COUNTY, "宁波市民政局"),
    ("宁波市鄞州区民政局", "区民政局", Level.COUNTY, "宁波市民政局"),
    ("宁波市海曙区民政局", "区民政局", Level.COUNTY, "宁波市民政局"),
    ("舟山市民政局", "市民政局", Level.CITY, "浙江省民政厅"),
    ("安徽省民政厅", "省民政厅", Level.PROVINCE, None),
    ("宣城市民政局", "市民政局", Level.CITY, "安徽省民政厅"),
    ("宣城市宣州区民政局", "区民政局", Level.COUNTY, "宣城市民政局"),
]

# The demo reads as it would have in its documents' time: its bureaus' walls and
# comparisons open on this day (Organization.shown_on), not on today.
DEMO_DAY = datetime.date(2023, 10, 20)

SEEDS = {
    "000_94d78721f14ede4a.txt": "宁波市奉化区民政局",
    "001_75afb9ca835ae509.txt": "宁波市鄞州区民政局",
    "002_e81951f072579c09.txt": "宣城市宣州区民政局",
    "003_8f15201e147daf51.txt": "舟山市民政局",
    "004_421b56474c0165be.txt": "宁波市海曙区民政局",
}

# Seed 000 names no departments; the demo gives its tasks the 科室 a bureau of that size has,
# by business line, so that 奉化's reporters have something to report on.
FENGHUA_DEPARTMENTS = {
    "社区治理": "基层政权建设和社区治理科",
    "儿童福利与未成年人保护": "社会事务科",
    "婚姻登记与婚俗改革": "社会事务科",
    "社会组织": "社会组织管理科",
    "社会工作": "社会组织管理科",
    "养老服务": "养老服务科",
    "移民安置": "移民安置科",
}


@dataclass
class DemoLogin:
    username: str
    role: str
    where: str


@transaction.atomic
def load_demo() -> list[DemoLogin]:
    """Create the bureaus, load each seed into its bureau, and one account per role."""
    if not BusinessLine.objects.exists():  # e.g. after a test flushed the data migration's rows
        sync_catalogue(BusinessLine, IndicatorDefinition)
    created: dict[str, Organization] = {}
    for name, short, level, parent in BUREAUS:
        created[name] = orgs.create_organization(
            actor=None, name=name, short_name=short, level=level, parent=created.get(parent)
        )
    for filename, bureau in SEEDS.items():
        doc = parse_file(settings.DUBAN_SEEDS_DIR / filename)
        outcome = save_document(doc, created[bureau], actor=None)
        for publication in outcome.source.publications.all():  # the seeds were published
            publish_publication(publication, actor=None)
    _assign_fenghua_departments(created["宁波市奉化区民政局"])
    Organization.objects.filter(pk__in=[o.pk for o in created.values()]).update(shown_on=DEMO_DAY)
    logins = _accounts(created) + _fenghua_accounts(created["宁波市奉化区民政局"])
    _handed_down(created)
    logins.append(DemoLogin("yinzhou", Role(Role.OFFICE).label, "宁波市鄞州区民政局"))
    return logins


def demo_logins() -> list[DemoLogin]:
    """The demo's accounts as they are in the database: what `duban demo` prints every
    time it is run, not only the first."""
    users = get_user_model().objects.order_by("id")
    logins = []
    for user in users:
        if user.is_superuser:
            logins.append(DemoLogin(user.username, "系统管理员", "全部"))
            continue
        for m in Membership.objects.filter(person__user=user).select_related(
            "organization", "department", "person"
        ):
            where = str(m.department or m.organization)
            if m.role == Role.LEADER:
                where = f"{m.organization} {m.person.name}"
            logins.append(DemoLogin(user.username, Role(m.role).label, where))
    return logins


def _assign_fenghua_departments(org: Organization) -> None:
    for task in plans_tasks(org):
        name = FENGHUA_DEPARTMENTS.get(task.business_line.name if task.business_line else "")
        if name:
            plans.update_task(task, actor=None, departments=[department_named(org, name, None)])


# 奉化's people, so that a whole quarter of seed 000 can be run in the demo: each 科室's
# reporter writes its tasks' progress, the 分管领导 reviews, the office compiles.
FENGHUA_REPORTERS = {
    "fh_shequ": "基层政权建设和社区治理科",
    "fh_shiwu": "社会事务科",
    "fh_zuzhi": "社会组织管理科",
    "fh_yanglao": "养老服务科",
    "fh_yimin": "移民安置科",
}


def _fenghua_accounts(org: Organization) -> list[DemoLogin]:
    logins = []
    for username, department_name in FENGHUA_REPORTERS.items():
        department = org.departments.get(name=department_name)
        person = orgs.add_person(
            org, actor=None, name=f"{department_name}填报员", username=username, password=PASSWORD
        )
        orgs.grant_role(
            person, actor=None, role=Role.REPORTER, organization=org, department=department
        )
        logins.append(DemoLogin(username, Role(Role.REPORTER).label, f"奉化 {department_name}"))
    leader = orgs.add_person(
        org, actor=None, name="奉化分管副局长", username="fh_leader", password=PASSWORD
    )
    orgs.grant_role(leader, actor=None, role=Role.LEADER, organization=org)
    for task in plans_tasks(org):
        plans.update_task(task, actor=None, leaders=[leader])
    logins.append(DemoLogin("fh_leader", Role(Role.LEADER).label, "奉化 分管副局长(全部任务)"))
    return logins


def plans_tasks(org: Organization):
    return Task.objects.filter(plan__organization=org, parent=None).select_related("business_line")


def _accounts(created: dict[str, Organization]) -> list[DemoLogin]:
    xuanzhou = created["宣城市宣州区民政局"]
    fenghua = created["宁波市奉化区民政局"]
    logins = []

    def account(username, name, org, role, department=None, person=None, where=None):
        if person is None:
            person = orgs.add_person(
                org, actor=None, name=name, username=username, password=PASSWORD
            )
        else:
            user = get_user_model().objects.create_user(
                username=username, password=PASSWORD, first_name=person.name
            )
            person.user = user
            person.save(update_fields=["user"])
        orgs.grant_role(person, actor=None, role=role, organization=org, department=department)
        logins.append(DemoLogin(username, Role(role).label, where or str(department or org)))

    account("office", "宣州办公室", xuanzhou, Role.OFFICE)
    account(
        "jiuzhu",
        "社会救助科填报员",
        xuanzhou,
        Role.REPORTER,
        department=xuanzhou.departments.get(name="社会救助科"),
    )
    account(
        "yanglao",
        "养老服务科填报员",
        xuanzhou,
        Role.REPORTER,
        department=xuanzhou.departments.get(name="养老服务科"),
    )
    account(
        "leader",
        None,
        xuanzhou,
        Role.LEADER,
        person=xuanzhou.people.get(name="周利宏"),
        where=f"{xuanzhou} 周利宏",
    )
    account("city", "宣城市民政局督查员", created["宣城市民政局"], Role.SUPERIOR)
    account("ningbo", "宁波市民政局督查员", created["宁波市民政局"], Role.SUPERIOR)
    account("province", "浙江省民政厅督查员", created["浙江省民政厅"], Role.SUPERIOR)
    account("fenghua", "奉化办公室", fenghua, Role.OFFICE)
    get_user_model().objects.create_superuser("admin", password=PASSWORD, first_name="系统管理员")
    logins.append(DemoLogin("admin", "系统管理员", "全部"))
    return logins


def demo_loaded() -> bool:
    return Organization.objects.filter(name=BUREAUS[0][0]).exists()


def _handed_down(created: dict[str, Organization]) -> None:
    """宁波 hands one task to its three districts in April: 奉化 and 鄞州 accepted it and
    reported the third quarter's figure, 海曙 has not accepted yet; and 奉化's leader wrote
    a 批示 on one of its tasks, answered once by the responsible 科室."""
    from duban.assignments import instructions
    from duban.assignments import services as assignments
    from duban.assignments.models import Assignment
    from duban.progress import services as progress

    users = {u.username: u for u in get_user_model().objects.all()}
    ningbo, fenghua = created["宁波市民政局"], created["宁波市奉化区民政局"]
    yinzhou, haishu = created["宁波市鄞州区民政局"], created["宁波市海曙区民政局"]
    issued_on = datetime.date(2023, 4, 3)
    assignment = assignments.issue(
        ningbo,
        actor=users["ningbo"],
        title="推进老年助餐服务扩面提质",
        goal="新建一批老年食堂(助餐点),年底前助餐配送餐服务覆盖城乡社区。",
        due_on=datetime.date(2023, 12, 31),
        section_title="市民政局重点工作任务",
        to=[fenghua, yinzhou, haishu],
        targets=[
            {
                "name": "新建老年食堂(助餐点)",
                "unit": "个",
                "value": "10",
                "indicator": IndicatorDefinition.objects.get(code="elderly-canteens"),
                "per_bureau": {fenghua.pk: "12"},
            }
        ],
        today=issued_on,
    )
    Assignment.objects.filter(pk=assignment.pk).update(
        created_at=datetime.datetime.combine(issued_on, datetime.time(9), tzinfo=datetime.UTC)
    )
    yinzhou_office = orgs.add_person(
        yinzhou, actor=None, name="鄞州办公室", username="yinzhou", password=PASSWORD
    )
    orgs.grant_role(yinzhou_office, actor=None, role=Role.OFFICE, organization=yinzhou)
    yinzhou_plan = plans.create_plan(
        yinzhou, actor=None, year=2023, title="2023年重点工作任务", state="in_force"
    )
    fenghua_plan = fenghua.plans.get(year=2023)
    yanglao = fenghua.departments.get(name="养老服务科")
    leader = fenghua.people.get(name="奉化分管副局长")
    for org, plan, office, value, approver in (
        (fenghua, fenghua_plan, users["fenghua"], 9, users["fh_leader"]),
        (yinzhou, yinzhou_plan, yinzhou_office.user, 8, None),
    ):
        receipt = assignment.receipts.get(organization=org)
        task = assignments.accept(
            receipt,
            actor=office,
            plan=plan,
            departments=[yanglao] if org == fenghua else [],
            leaders=[leader] if org == fenghua else [],
        )
        period = plan.periods.filter(code="2023Q3").first() or progress.open_period(
            plan, actor=None, code="2023Q3", due_on=datetime.date(2023, 10, 10)
        )
        was_open = period.is_open
        progress.set_period_open(period, actor=None, is_open=True)
        report = progress.save_report(
            task,
            period,
            actor=None,
            progress_items=[f"已建成老年食堂(助餐点){value}个,正在推进其余点位选址"],
            readings={task.targets.get().pk: (value, datetime.date(2023, 9, 30))},
        )
        on_time = datetime.datetime(2023, 10, 9, 9, tzinfo=datetime.UTC)
        report = progress.submit_report(report, actor=None, at=on_time)
        progress.approve_report(report, actor=approver)
        progress.set_period_open(period, actor=None, is_open=was_open)
    reported = set(FENGHUA_REPORTERS.values())
    task = next(
        t
        for t in plans_tasks(fenghua).order_by("order")
        if t.lead_department and t.lead_department.name in reported and not t.closed_on
    )
    instruction = instructions.instruct(
        task, actor=users["fh_leader"], text="请对照年度目标查找差距,十月底前拿出赶进度的具体措施。"
    )
    reporter = next(
        u for name, u in users.items()
        if name in FENGHUA_REPORTERS and FENGHUA_REPORTERS[name] == task.lead_department.name
    )  # fmt: skip
    instructions.reply(
        instruction, actor=reporter, text="已梳理滞后事项三项,制定月度推进计划,每周调度一次。"
    )

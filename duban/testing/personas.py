"""The people every test speaks of (STYLE.md §8).

Two bureaus under one city, and one bureau elsewhere:

    宣城市民政局 (city: ``city`` is its superior)
      ├─ 宣州区民政局 (``office``; ``jiuzhu`` reports for 社会救助科, ``yanglao`` for 养老服务科;
      │               ``leader`` 周利宏 leads the 社会救助 task)
      └─ 郎溪县民政局 (``other_office``)
    宁波市奉化区民政局 (elsewhere: ``outsider`` is its office)
"""

from dataclasses import dataclass

from duban.orgs import services as orgs
from duban.orgs.models import Level, Organization, Person, Role
from duban.plans import services as plans
from duban.plans.models import Plan, Task

PASSWORD = "correct horse battery"


@dataclass
class World:
    city: Organization
    bureau: Organization
    sibling: Organization
    elsewhere: Organization
    plan: Plan
    jiuzhu_task: Task  # 社会救助科 leads, leader 周利宏
    yanglao_task: Task  # 养老服务科 leads, leader 刘谋瑜
    sub_item: Task  # a sub-item of jiuzhu_task
    sibling_task: Task
    elsewhere_task: Task
    leader: Person


def build_world() -> World:
    city = orgs.create_organization(actor=None, name="宣城市民政局", level=Level.CITY)
    bureau = orgs.create_organization(
        actor=None, name="宣城市宣州区民政局", level=Level.COUNTY, parent=city
    )
    sibling = orgs.create_organization(
        actor=None, name="宣城市郎溪县民政局", level=Level.COUNTY, parent=city
    )
    elsewhere = orgs.create_organization(actor=None, name="宁波市奉化区民政局", level=Level.COUNTY)
    jiuzhu = orgs.add_department(bureau, actor=None, name="社会救助科")
    yanglao = orgs.add_department(bureau, actor=None, name="养老服务科", aliases="儿童福利科")

    def person(org, username, name, role, department=None):
        p = orgs.add_person(org, actor=None, name=name, username=username, password=PASSWORD)
        orgs.grant_role(p, actor=None, role=role, organization=org, department=department)
        return p

    person(bureau, "office", "宣州办公室", Role.OFFICE)
    person(bureau, "jiuzhu", "救助科填报员", Role.REPORTER, jiuzhu)
    person(bureau, "yanglao", "养老科填报员", Role.REPORTER, yanglao)
    leader = person(bureau, "leader", "周利宏", Role.LEADER)
    other_leader = orgs.add_person(bureau, actor=None, name="刘谋瑜")
    person(city, "city", "市局督查员", Role.SUPERIOR)
    person(sibling, "other_office", "郎溪办公室", Role.OFFICE)
    person(elsewhere, "outsider", "奉化办公室", Role.OFFICE)

    plan = plans.create_plan(
        bureau, actor=None, year=2023, title="2023年区民政局重点工作任务清单", state="in_force"
    )
    section = plans.add_section(plan, actor=None, title="区委十四届六次全会任务", seq="一")
    jiuzhu_task = plans.add_task(
        plan,
        actor=None,
        seq="3",
        title="健全分层分类的社会救助体系",
        section=section,
        goal="进一步强化低收入人口动态监测帮扶。",
        leaders=[leader],
        departments=[jiuzhu],
    )
    sub_item = plans.add_task(
        plan, actor=None, parent=jiuzhu_task, seq="①", title="推动“8+N”救助体系建设"
    )
    yanglao_task = plans.add_task(
        plan,
        actor=None,
        seq="4",
        title="发展养老事业和养老产业",
        section=section,
        leaders=[other_leader],
        departments=[yanglao],
    )
    sibling_plan = plans.create_plan(
        sibling, actor=None, year=2023, title="郎溪县2023年任务清单", state="in_force"
    )
    sibling_task = plans.add_task(sibling_plan, actor=None, seq="1", title="郎溪的任务")
    elsewhere_plan = plans.create_plan(
        elsewhere, actor=None, year=2023, title="奉化2023年任务清单", state="in_force"
    )
    elsewhere_task = plans.add_task(elsewhere_plan, actor=None, seq="1", title="奉化的任务")
    return World(
        city,
        bureau,
        sibling,
        elsewhere,
        plan,
        jiuzhu_task,
        yanglao_task,
        sub_item,
        sibling_task,
        elsewhere_task,
        leader,
    )

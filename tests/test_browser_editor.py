"""A bureau that starts from nothing, in Chromium: its city adds it, its office creates two
科室, a reporter and a leader, builds a plan of five tasks (one with three sub-items, two
targets, one task pasted from an Excel copy), puts it in force and opens a period; the
reporter logs in with the new account and reports; the leader approves; the wall shows
it. No admin, no import. A screenshot of each step goes to DUBAN_VAR_DIR/editor-flow/."""

import os
import time
from pathlib import Path

import pytest
from django.urls import reverse

from duban.orgs import services as orgs
from duban.orgs.models import Level, Organization, Role
from duban.plans.catalogue import sync_catalogue
from duban.plans.models import BusinessLine, IndicatorDefinition
from tests.test_browser import _log_in, _serious_violations

PASTED = (
    "序号\t工作内容\t工作目标\t分管领导\t责任科室\n"
    "5\t深化婚俗改革\t创建婚俗改革示范点2个\t王局长\t社会事务科\n"
)


@pytest.mark.browser
def test_a_new_bureau_from_nothing_to_the_wall(live_server, page, db, tmp_path):
    shots = Path(os.environ.get("DUBAN_VAR_DIR") or tmp_path) / "editor-flow"
    shots.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()

    def shot(name):
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)

    # the shipped catalogue is data of a migration, which earlier live-server tests flushed
    sync_catalogue(BusinessLine, IndicatorDefinition)
    city = orgs.create_organization(actor=None, name="宣城市民政局", level=Level.CITY)
    clerk = orgs.add_person(
        city, actor=None, name="市局办公室", username="city", password="x-Pass-12345"
    )
    orgs.grant_role(clerk, actor=None, role=Role.OFFICE, organization=city)

    # 1. the city adds the bureau and its first office account
    _log_in(page, live_server, "city", "x-Pass-12345")
    page.goto(live_server.url + reverse("people", args=[city.pk]))
    page.get_by_label("单位名称").fill("宣城市泾县民政局")
    page.get_by_label("其办公室联系人姓名").fill("泾县办公室")
    page.get_by_label("其办公室账号用户名").fill("jingxian")
    page.get_by_role("button", name="添加下级单位").click()
    office_password = page.locator("#one-time-password").inner_text()
    shot("1-city-adds-the-bureau")
    bureau = Organization.objects.get(name="宣城市泾县民政局")

    # 2. its office: two 科室, a reporter and a leader
    _log_in(page, live_server, "jingxian", office_password)
    page.goto(live_server.url + reverse("organization", args=[bureau.pk]))
    page.get_by_role("link", name="科室和人员").click()
    for name in ("社会事务科", "养老服务科"):
        page.get_by_label("新科室").fill(name)
        page.get_by_role("button", name="添加科室").click()
        page.get_by_text(f"已添加科室“{name}”。").wait_for()

    def account(name, username, role, department=""):
        form = page.locator("form", has=page.get_by_role("button", name="添加并生成一次性密码"))
        form.locator("input[name=name]").fill(name)
        form.locator("input[name=username]").fill(username)
        form.locator("select[name=role]").select_option(role)
        if department:
            form.locator("select[name=department]").select_option(label=department)
        form.get_by_role("button", name="添加并生成一次性密码").click()
        return page.locator("#one-time-password").inner_text()

    reporter_password = account("李填报", "li", "reporter", "养老服务科")
    leader_password = account("王局长", "wang", "leader")
    shot("2-departments-and-people")
    assert _serious_violations(page) == []

    # 3. the plan: a draft, a section, tasks by form
    page.goto(live_server.url + reverse("organization", args=[bureau.pk]))
    page.get_by_role("link", name="新建任务清单").click()
    page.get_by_label("标题").fill("2026年重点工作任务清单")
    page.get_by_label("年度").fill("2026")
    page.get_by_role("button", name="新建草稿").click()
    page.get_by_text("已新建草稿").wait_for()
    page.locator("#new-sec-title").fill("市民政局重点工作任务")
    page.locator("#new-sec-seq").fill("一")
    page.get_by_role("button", name="添加", exact=True).click()
    add = page.locator("section[aria-labelledby=add-h] form").first
    for seq, title, department in [
        ("1", "提升养老服务", "养老服务科"),
        ("2", "健全社会救助", "社会事务科"),
        ("3", "推进殡葬改革", "社会事务科"),
        ("4", "加强区划地名管理", "社会事务科"),
    ]:
        add.get_by_label("序号").fill(seq)
        add.get_by_label("工作内容").fill(title)
        add.get_by_label("任务来源").select_option(label="一、市民政局重点工作任务")
        add.get_by_label("分管领导").select_option(label="王局长")
        add.get_by_label("牵头科室").select_option(label=department)
        add.get_by_role("button", name="添加任务").click()
        page.get_by_text(f"已添加“{title}”。").wait_for()
    # 4. three sub-items and two targets on the first task
    page.get_by_role("link", name="提升养老服务").click()
    for seq, title in [("①", "新增养老床位"), ("②", "建设老年食堂"), ("③", "培训护理员")]:
        page.get_by_text("添加子项(①②③)").click()
        item = page.locator("form", has=page.get_by_role("button", name="添加子项"))
        item.get_by_label("序号").fill(seq)
        item.get_by_label("工作内容").fill(title)
        item.get_by_role("button", name="添加子项").click()
        page.get_by_text(f"已添加“{title}”。").wait_for()
    for name, unit, value, indicator in [
        ("新增养老床位", "张", "100", "养老床位"),  # the catalogue searched by an alias
        ("老年食堂", "个", "5", ""),
    ]:
        page.get_by_text("添加指标", exact=True).first.click()
        target = page.locator("form", has=page.get_by_role("button", name="添加指标"))
        target.get_by_label("指标名称").fill(name)
        target.get_by_label("计量单位").fill(unit)
        target.get_by_label("目标值").fill(value)
        target.get_by_label("标准指标").fill(indicator)
        target.get_by_role("button", name="添加指标").click()
        page.get_by_text("指标已添加。").wait_for()
    assert page.get_by_role("cell", name="社会养老床位数(张)").count() == 1
    shot("3-task-with-sub-items-and-targets")
    # 5. the fifth task pasted from an Excel copy
    page.get_by_role("link", name="2026年重点工作任务清单").first.click()
    page.get_by_text("粘贴多行(从 Excel 或 WPS 复制)").click()
    page.get_by_label("在 Excel 或 WPS 中选中若干行", exact=False).fill(PASTED)
    page.get_by_role("button", name="预览").click()
    page.get_by_role("cell", name="深化婚俗改革").wait_for()
    shot("4-paste-preview")
    page.get_by_role("button", name="保存全部 1 行").click()
    page.get_by_text("已添加 1 项任务。").wait_for()
    # 6. 下发 and a period
    page.get_by_role("button", name="下发").click()
    page.get_by_text("清单现为“已下发”。").wait_for()
    page.get_by_label("报告期代码").fill("2026Q4")
    page.get_by_label("报送截止日期").fill("2099-01-10")
    page.get_by_role("button", name="开放填报").click()
    page.get_by_text("报告期 2026Q4 已开放填报。").wait_for()
    shot("5-in-force-with-a-period")

    # 7. the reporter logs in with the new account and reports
    _log_in(page, live_server, "li", reporter_password)
    page.goto(live_server.url + reverse("work"))
    page.get_by_role("link", name="1 提升养老服务", exact=False).first.click()
    page.get_by_label("① 新增养老床位").fill("新增床位60张")
    page.get_by_label("② 建设老年食堂").fill("建成老年食堂2个")
    page.get_by_label("新增养老床位(张)").fill("60")
    shot("6-reporter-writes")
    page.get_by_role("button", name="保存并报送").click()
    page.get_by_text("已报送,等待分管领导审核。").wait_for()

    # 8. the leader approves
    _log_in(page, live_server, "wang", leader_password)
    page.goto(live_server.url + reverse("work"))
    page.get_by_role("link", name="2026Q4 · 1 提升养老服务", exact=False).click()
    page.get_by_role("button", name="审核通过").click()
    page.get_by_text("已审核通过。").wait_for()

    # 9. the wall shows it
    page.goto(live_server.url + reverse("wall", args=[bureau.pk]))
    page.get_by_role("link", name="提升养老服务").first.wait_for()
    shot("7-the-wall")
    assert "深化婚俗改革" in page.content()
    assert _serious_violations(page) == []
    print(f"editor flow: {time.monotonic() - started:.1f} s, screenshots in {shots}")

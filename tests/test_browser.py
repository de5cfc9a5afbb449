"""Whole flows in Debian's Chromium, driven by Playwright."""

from pathlib import Path

import pytest
from django.urls import reverse

from duban.testing.personas import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_office_logs_in_and_reads_its_plan(live_server, page, world, tmp_path):
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("用户名").fill("office")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"**{reverse('organization', args=[world.bureau.pk])}")
    page.get_by_role("link", name="2023年区民政局重点工作任务清单").click()
    page.wait_for_url(f"**{reverse('plan', args=[world.plan.pk])}")
    assert page.get_by_role("heading", name="区委十四届六次全会任务").is_visible()
    assert page.get_by_text("健全分层分类的社会救助体系").is_visible()
    assert page.get_by_text("周利宏").first.is_visible()
    shot = tmp_path / "plan.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000


def test_no_page_breaks_the_content_security_policy(live_server, page, world):
    """The CSP forbids inline scripts and <style> elements; Chromium reports every breach."""
    breaches = []
    page.on("console", lambda m: breaches.append(m.text) if "Security Policy" in m.text else None)
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("用户名").fill("office")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"**{reverse('organization', args=[world.bureau.pk])}")
    for path in (
        reverse("wall", args=[world.bureau.pk]) + "?date=2023-10-01",  # ECharts
        reverse("plan", args=[world.plan.pk]),
        reverse("task", args=[world.jiuzhu_task.pk]),
        reverse("work"),
        reverse("tokens"),
        reverse("import", args=[world.bureau.pk]),
    ):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
    with page.expect_navigation():
        page.select_option("#lang", "en")  # the menu's script is a file, not an attribute
    assert page.evaluate("document.documentElement.lang") == "en"
    page.goto(live_server.url + "/api/v1/docs")  # Swagger UI
    page.wait_for_load_state("networkidle")
    assert page.locator(".swagger-ui").count() == 1
    assert breaches == []


def test_the_plan_reads_on_a_phone_and_by_keyboard(live_server, page, world, client):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(live_server.url + reverse("login"))
    page.keyboard.type("jiuzhu")  # the username field has the focus on arrival
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{reverse('organization', args=[world.bureau.pk])}")
    page.goto(live_server.url + reverse("plan", args=[world.plan.pk]))
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, "the plan page scrolls sideways on a phone"
    assert page.get_by_text("社会救助科").first.is_visible()


def test_the_office_imports_two_files_with_a_preview(live_server, page, world, tmp_path):
    from pathlib import Path

    seeds = Path(__file__).resolve().parents[1] / "duban" / "demo" / "seeds"
    files = [str(next(seeds.glob(f"{p}_*.txt"))) for p in ("000", "003")]
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("用户名").fill("office")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"**{reverse('organization', args=[world.bureau.pk])}")
    page.get_by_role("link", name="导入文件").click()
    page.get_by_label("选择文件").set_input_files(files)
    page.get_by_role("button", name="上传并预览").click()
    page.wait_for_url("**/import/*/")
    assert page.get_by_role("heading", name="区民政局2023年第三季度重点工作进展表").is_visible()
    mark = page.locator("mark", has_text="197张")
    assert mark.get_attribute("title") == "新增认知障碍照护专区床位数:实际值 197张"
    page.screenshot(path=str(tmp_path / "preview.png"), full_page=True)
    page.get_by_role("button", name="确认导入").click()
    page.wait_for_url(f"**{reverse('organization', args=[world.bureau.pk])}")
    assert page.get_by_text("已导入 2 个文件").is_visible()
    # each document is now a plan and a publication of the bureau, both linked
    assert page.get_by_role("link", name="区民政局2023年第三季度重点工作进展表").count() == 2
    assert page.get_by_role("link", name="上半年工作总结").first.is_visible()


def _log_in(page, live_server, username, password):
    page.context.clear_cookies()
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def test_a_quarter_of_seed_000_run_by_its_people(live_server, page):
    from duban.demo.data import PASSWORD as DEMO_PASSWORD
    from duban.demo.data import load_demo
    from duban.plans.models import Plan
    from duban.progress import services
    from duban.progress.models import Period

    load_demo()
    plan = Plan.objects.get(organization__name="宁波市奉化区民政局")
    # the office opens the quarter
    _log_in(page, live_server, "fenghua", DEMO_PASSWORD)
    page.goto(live_server.url + reverse("plan", args=[plan.pk]))
    page.get_by_label("报告期代码").fill("2023Q4")
    page.get_by_label("报送截止日期").fill("2099-01-10")
    page.get_by_role("button", name="开放填报").click()
    period = Period.objects.get(plan=plan, code="2023Q4")
    page.wait_for_url(f"**{reverse('period', args=[period.pk])}")
    # 养老服务科 writes its task item by item and submits
    _log_in(page, live_server, "fh_yanglao", DEMO_PASSWORD)
    page.goto(live_server.url + reverse("work"))
    page.get_by_role("link", name="6 养老服务 提升工程").click()
    page.get_by_label("① 新增认知症照护专区床位100张", exact=False).fill("新建3个认知症照护专区")
    page.get_by_role("button", name="保存并报送").click()
    page.get_by_text("已报送,等待分管领导审核。").wait_for()
    # the leader returns it with a comment
    _log_in(page, live_server, "fh_leader", DEMO_PASSWORD)
    page.goto(live_server.url + reverse("work"))
    page.get_by_role("link", name="2023Q4 · 6 养老服务 提升工程").click()
    page.get_by_label("审核意见(退回时必填)").fill("请补充新增床位数")
    page.get_by_role("button", name="退回修改").click()
    page.get_by_text("已退回,并通知填报科室。").wait_for()
    # the reporter sees why, fixes it and submits again
    _log_in(page, live_server, "fh_yanglao", DEMO_PASSWORD)
    page.goto(live_server.url + reverse("work"))
    page.get_by_role("link", name="“养老服务 提升工程”被退回:请补充新增床位数", exact=False).click()
    page.get_by_label("① 新增认知症照护专区床位100张", exact=False).fill(
        "新建3个认知症照护专区,新增床位60张"
    )
    page.get_by_role("button", name="保存并报送").click()
    page.get_by_text("已报送,等待分管领导审核。").wait_for()
    # the leader approves
    _log_in(page, live_server, "fh_leader", DEMO_PASSWORD)
    page.goto(live_server.url + reverse("work"))
    page.get_by_role("link", name="2023Q4 · 6 养老服务 提升工程").click()
    page.get_by_role("button", name="审核通过").click()
    page.get_by_text("已审核通过。").wait_for()
    # the other six tasks go through the same services
    for task in plan.tasks.filter(parent=None).exclude(seq="6"):
        report = services.save_report(task, period, actor=None, progress_items=["按计划推进"])
        services.submit_report(report, actor=None)
        services.approve_report(report, actor=None)
    # the office sees the quarter complete, planned items against progress
    _log_in(page, live_server, "fenghua", DEMO_PASSWORD)
    page.goto(live_server.url + reverse("period", args=[period.pk]))
    assert page.get_by_text("本期全部审核完成").is_visible()
    assert page.get_by_text("新建3个认知症照护专区,新增床位60张").is_visible()
    assert page.get_by_text("新增认知症照护专区床位100张", exact=False).first.is_visible()


def test_the_report_form_fits_a_phone(live_server, page, world):
    from duban.progress import services

    period = services.open_period(world.plan, actor=None, code="2023Q3")
    page.set_viewport_size({"width": 375, "height": 740})
    _log_in(page, live_server, "jiuzhu", PASSWORD)
    page.goto(live_server.url + reverse("report-edit", args=[world.jiuzhu_task.pk, period.pk]))
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.keyboard.press("Tab")  # the skip link, then the form by keyboard alone
    page.get_by_label("① 推动“8+N”救助体系建设", exact=False).focus()
    page.keyboard.type("方案已印发")
    page.get_by_role("button", name="保存草稿").press("Enter")
    page.get_by_text("草稿已保存。").wait_for()
    assert page.get_by_label("自评状态").input_value() == "in_progress"


def test_the_wall_of_seed_000_with_its_charts(live_server, page, tmp_path):
    from duban.demo.data import PASSWORD as DEMO_PASSWORD
    from duban.demo.data import load_demo
    from duban.orgs.models import Organization

    load_demo()
    fenghua = Organization.objects.get(name="宁波市奉化区民政局")
    _log_in(page, live_server, "fenghua", DEMO_PASSWORD)
    page.goto(live_server.url + reverse("wall", args=[fenghua.pk]) + "?date=2023-11-06")
    row = page.get_by_role("row", name="社会工作人才队伍建设", exact=False)
    assert row.get_by_text("已完成").is_visible()  # 3 agencies against a target of 1
    row6 = page.get_by_role("row", name="养老服务 提升工程", exact=False)
    assert row6.get_by_text("正常").is_visible()
    page.locator("#chart-status canvas").wait_for()  # ECharts drew from the vendored file
    page.screenshot(path=str(tmp_path / "wall.png"), full_page=True)


def test_a_notice_goes_round_its_loop(live_server, page, world):
    # the office presses 社会救助科 from the task page
    _log_in(page, live_server, "office", PASSWORD)
    page.goto(live_server.url + reverse("task", args=[world.jiuzhu_task.pk]))
    page.get_by_text("下发督办单").click()
    page.get_by_label("督办事项").fill("低保扩面进度滞后,请说明原因并提出措施")
    page.get_by_label("回复期限").fill("2099-10-20")
    page.get_by_role("button", name="下发", exact=True).click()
    page.get_by_text("已下发。", exact=False).wait_for()
    notice_url = page.url
    # the department answers with measures and a new date
    _log_in(page, live_server, "jiuzhu", PASSWORD)
    page.goto(notice_url)
    page.get_by_label("回复(已采取的措施)").fill("已排查 120 户,月底前完成认定")
    page.get_by_label("承诺完成日期").fill("2099-11-30")
    page.get_by_role("button", name="回复").click()
    page.get_by_text("已保存。").wait_for()
    # the leader sends it back, the department answers again, the office closes it
    _log_in(page, live_server, "leader", PASSWORD)
    page.goto(notice_url)
    page.get_by_label("意见(退回时必填)").fill("请附名单")
    page.get_by_role("button", name="退回重办").click()
    page.get_by_text("已保存。").wait_for()
    _log_in(page, live_server, "jiuzhu", PASSWORD)
    page.goto(notice_url)
    page.get_by_label("回复(已采取的措施)").fill("名单已附")
    page.get_by_role("button", name="回复").click()
    page.get_by_text("已保存。").wait_for()
    _log_in(page, live_server, "office", PASSWORD)
    page.goto(notice_url)
    page.get_by_role("button", name="办结").click()
    page.get_by_text("已办结").first.wait_for()
    steps = page.locator("ol.history li").all_inner_texts()
    labels = ["已下发", "已回复", "退回重办", "已回复", "已办结"]
    assert len(steps) == len(labels)
    assert all(label in step for step, label in zip(steps, labels, strict=True))


AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"


def _serious_violations(page) -> list[str]:
    """axe-core (vendored from npm) on the page: the serious and critical violations."""
    # evaluated by the browser's devtools protocol: the page's CSP rightly forbids a
    # <script> element with inline code, which add_script_tag would insert
    page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate(
        "async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a',"
        " 'wcag21aa']})).violations.map(v => [v.id, v.impact, v.nodes.length])"
    )
    return [
        f"{rule} ({impact}, {n})" for rule, impact, n in found if impact in ("serious", "critical")
    ]


def test_the_office_publishes_the_quarter_and_the_list_and_the_public_reads_them(live_server, page):
    from duban.demo.data import PASSWORD as DEMO_PASSWORD
    from duban.demo.data import load_demo
    from duban.orgs.models import Organization
    from duban.publishing.models import Publication

    load_demo()
    fenghua = Organization.objects.get(name="宁波市奉化区民政局")
    _log_in(page, live_server, "fenghua", DEMO_PASSWORD)
    for kind, period, title in [
        ("重点工作进展表", "2023Q3", "宁波市奉化区民政局2023年第三季度重点工作进展表"),
        ("重点工作任务清单", "", "宁波市奉化区民政局2023年重点工作任务清单"),
    ]:
        page.goto(live_server.url + reverse("publications", args=[fenghua.pk]))
        page.get_by_label("类别").select_option(label=kind)
        page.get_by_label("年度").fill("2023")
        page.get_by_label("报告期").fill(period)
        page.get_by_role("button", name="由数据生成草稿").click()
        page.get_by_text("已生成草稿,请核对后发布。").wait_for()
        assert page.locator("h1.doc-title").inner_text() == title
        page.get_by_role("button", name="发布", exact=True).click()
        page.get_by_text("已发布,索引号 11330283002980620K/2023-").wait_for()
        publication = Publication.objects.get(title=title, state="published")
        for name in ("网页", "Word", "Excel", "PDF", "CSV", "JSON"):
            link = page.locator(".downloads").get_by_role("link", name=name, exact=True)
            response = page.request.get(live_server.url + link.get_attribute("href"))
            assert response.ok and len(response.body()) > 500, name
    # anyone, not logged in, finds both on the bureau's public list
    page.context.clear_cookies()
    page.goto(live_server.url + reverse("public-list", args=[fenghua.pk]))
    for title in (
        "宁波市奉化区民政局2023年第三季度重点工作进展表",
        "宁波市奉化区民政局2023年重点工作任务清单",
    ):
        assert page.get_by_role("link", name=title).is_visible()
    assert _serious_violations(page) == []
    page.get_by_role("link", name="宁波市奉化区民政局2023年第三季度重点工作进展表").click()
    page.get_by_role("columnheader", name="季度进展").wait_for()
    assert page.get_by_role("cell", name="11330283002980620K/2023-00001").is_visible()
    assert _serious_violations(page) == []
    assert publication.files.count() == 6

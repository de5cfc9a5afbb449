"""Work from above, in Chromium: 宁波 hands a task with a target to its three districts;
奉化's office accepts it into its plan for 社会事务科 and its leader; the 科室 reports a
reading; the leader approves; 宁波's page shows 奉化's status and figure beside the two
others; a 批示 on 奉化's task is answered and closed. Screenshots go to
DUBAN_VAR_DIR/assignment-flow/."""

import os
import time
from pathlib import Path

import pytest
from django.urls import reverse

from duban.assignments.models import Assignment, Instruction, Receipt
from duban.orgs.models import Organization
from duban.progress.models import Period
from tests.test_browser import _log_in, _serious_violations


@pytest.mark.browser
def test_a_task_handed_down_accepted_reported_and_followed(live_server, page, tmp_path):
    from duban.demo.data import PASSWORD, load_demo

    load_demo()
    shots = Path(os.environ.get("DUBAN_VAR_DIR") or tmp_path) / "assignment-flow"
    shots.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()

    def shot(name):
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)

    ningbo = Organization.objects.get(name="宁波市民政局")
    fenghua = Organization.objects.get(name="宁波市奉化区民政局")

    # 1. 宁波 hands a task to its three districts
    _log_in(page, live_server, "ningbo", PASSWORD)
    page.goto(live_server.url + reverse("organization", args=[ningbo.pk]))
    page.get_by_role("link", name="交办事项").click()
    page.get_by_role("link", name="向下级单位交办").click()
    page.get_by_label("交办事项").fill("推进婚俗改革示范点建设")
    page.get_by_label("完成时限").fill("2099-06-30")
    page.get_by_label("在承办单位清单中的任务来源").fill("市民政局重点工作任务")
    page.get_by_label("全部下级单位", exact=False).check()
    page.get_by_label("指标名称 1", exact=True).fill("婚俗改革示范点")
    page.get_by_label("计量单位 1", exact=True).fill("个")
    page.get_by_label("目标值 1", exact=True).fill("四个")  # not a number: refused, nothing saved
    page.get_by_role("button", name="交办").click()
    page.get_by_text("未交办", exact=False).wait_for()
    assert not Assignment.objects.filter(title="推进婚俗改革示范点建设").exists()
    assert page.get_by_label("交办事项").input_value() == "推进婚俗改革示范点建设"  # kept
    page.get_by_label("全部下级单位", exact=False).check()
    page.get_by_label("目标值 1", exact=True).fill("4")
    assert _serious_violations(page) == []
    shot("1-ningbo-hands-down")
    page.get_by_role("button", name="交办").click()
    page.get_by_text("已交办给 3 个单位,等待签收。").wait_for()
    assignment = Assignment.objects.get(title="推进婚俗改革示范点建设")

    # 2. 奉化's office accepts it from 工作台 for 社会事务科 and its leader
    _log_in(page, live_server, "fenghua", PASSWORD)
    page.goto(live_server.url + reverse("work"))
    page.get_by_role("link", name="推进婚俗改革示范点建设").click()
    page.get_by_label("社会事务科").check()
    page.get_by_label("奉化分管副局长").check()
    assert _serious_violations(page) == []
    shot("2-fenghua-accepts")
    page.get_by_role("button", name="签收").click()
    page.get_by_text("已签收,任务已加入", exact=False).wait_for()
    task = Receipt.objects.get(assignment=assignment, organization=fenghua).task
    assert task.lead_department.name == "社会事务科"
    # the office opens 2023Q4 for reporting
    page.goto(live_server.url + reverse("plan", args=[task.plan_id]))
    page.get_by_label("报告期代码").fill("2023Q4")
    page.get_by_label("报送截止日期").fill("2099-01-10")
    page.get_by_role("button", name="开放填报").click()
    period = Period.objects.get(plan=task.plan, code="2023Q4")
    page.wait_for_url(f"**{reverse('period', args=[period.pk])}")

    # 3. the 科室 reports a reading; the leader approves
    _log_in(page, live_server, "fh_shiwu", PASSWORD)
    page.goto(live_server.url + reverse("report-edit", args=[task.pk, period.pk]))
    page.get_by_label("季度进展(每行一项)").fill("已建成婚俗改革示范点3个")
    page.get_by_label("婚俗改革示范点(个)").fill("3")
    page.get_by_label("截至日期").fill("2023-10-15")
    page.get_by_role("button", name="保存并报送").click()
    page.get_by_text("已报送,等待分管领导审核。").wait_for()
    _log_in(page, live_server, "fh_leader", PASSWORD)
    page.goto(live_server.url + reverse("work"))
    page.get_by_role("link", name="2023Q4 · 推进婚俗改革示范点建设", exact=False).click()
    page.get_by_role("button", name="审核通过").click()
    page.get_by_text("已审核通过。").wait_for()

    # 4. 宁波 sees 奉化's status and figure beside the two others
    _log_in(page, live_server, "ningbo", PASSWORD)
    page.goto(live_server.url + reverse("assignment", args=[assignment.pk]))
    rows = page.locator("table.rollup tbody tr")
    assert rows.count() == 3
    fenghua_row = rows.filter(has_text="宁波市奉化区民政局")
    assert "已签收" in fenghua_row.inner_text() and "3个" in fenghua_row.inner_text()
    assert "75%" in fenghua_row.inner_text()  # 3 of 4
    for other in ("宁波市鄞州区民政局", "宁波市海曙区民政局"):
        assert "待签收" in rows.filter(has_text=other).inner_text()
    assert _serious_violations(page) == []
    shot("4-ningbo-rollup")

    # 5. a 批示 on 奉化's task, answered by the 科室 and closed by the leader
    _log_in(page, live_server, "fh_leader", PASSWORD)
    page.goto(live_server.url + reverse("task", args=[task.pk]))
    page.get_by_text("写批示").click()
    page.get_by_label("批示内容").fill("年底前再建一个示范点,形成经验材料。")
    page.get_by_role("button", name="批示", exact=True).click()
    page.get_by_text("批示已送责任科室。").wait_for()
    _log_in(page, live_server, "fh_shiwu", PASSWORD)
    page.goto(live_server.url + reverse("work"))
    page.get_by_role("link", name="推进婚俗改革示范点建设").first.click()
    page.get_by_label("落实情况").fill("第四个示范点已选址,经验材料在起草。")
    page.get_by_role("button", name="报送落实情况").click()
    page.get_by_text("已保存。").wait_for()
    _log_in(page, live_server, "fh_leader", PASSWORD)
    page.goto(live_server.url + reverse("task", args=[task.pk]))
    page.get_by_role("button", name="标为已落实").click()
    page.get_by_text("已保存。").wait_for()
    instruction = Instruction.objects.get(task=task)
    assert instruction.state == "done"
    assert page.locator("#instructions").get_by_text("第四个示范点已选址", exact=False).is_visible()
    shot("5-instruction-closed")
    print(f"assignment flow: {time.monotonic() - started:.1f} s")

"""Whole flows in Debian's Chromium, driven by Playwright."""

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
    assert mark.get_attribute("title") == "新增认知障碍照护专区床位数:实际 197张"
    page.screenshot(path=str(tmp_path / "preview.png"), full_page=True)
    page.get_by_role("button", name="确认导入").click()
    page.wait_for_url(f"**{reverse('organization', args=[world.bureau.pk])}")
    assert page.get_by_text("已导入 2 个文件").is_visible()
    assert page.get_by_role("link", name="区民政局2023年第三季度重点工作进展表").is_visible()
    assert page.get_by_role("link", name="上半年工作总结").is_visible()

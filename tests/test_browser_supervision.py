"""督办 as a bureau runs it, in Chromium: 奉化's office adds its 钉钉 group robot (a
stand-in on 127.0.0.1), presses a task with a 督办单, finds it in the 督办台账 and exports
it as Word, publishes the 2023Q3 通报, and sends the reminders of a period due today; the
robot receives the new 督办单 and the reminder, signed. Screenshots go to
DUBAN_VAR_DIR/supervision-flow/."""

import base64
import hashlib
import hmac
import io
import json
import os
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from duban.channels.models import Channel
from duban.channels.tests.robot import Robot
from duban.orgs.models import Organization
from duban.plans.models import Task
from duban.publishing.models import Publication
from duban.supervision.models import Notice
from tests.test_browser import _log_in, _serious_violations


def _signed(path: str, secret: str) -> bool:
    query = parse_qs(urlsplit(path).query)
    stamp = query["timestamp"][0]
    digest = hmac.new(secret.encode(), f"{stamp}\n{secret}".encode(), hashlib.sha256).digest()
    return query["sign"] == [base64.b64encode(digest).decode()]


@pytest.mark.browser
def test_the_office_supervises_exports_publishes_and_its_robot_hears(live_server, page, tmp_path):
    from docx import Document

    from duban.demo.data import PASSWORD, load_demo

    load_demo()
    robot = Robot()
    shots = Path(os.environ.get("DUBAN_VAR_DIR") or tmp_path) / "supervision-flow"
    shots.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()

    def shot(name):
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)

    fenghua = Organization.objects.get(name="宁波市奉化区民政局")
    try:
        # 1. the office adds its 钉钉 robot; a bad address first, kept as typed
        _log_in(page, live_server, "fenghua", PASSWORD)
        page.goto(live_server.url + reverse("organization", args=[fenghua.pk]))
        page.get_by_role("link", name="消息渠道").click()
        page.get_by_label("名称").fill("局督查工作群")
        page.get_by_label("Webhook 地址").fill("https://no-such-host.invalid/robot/send")
        page.get_by_role("button", name="添加渠道").click()
        page.get_by_text("未添加", exact=False).wait_for()
        assert page.get_by_label("名称").input_value() == "局督查工作群"
        assert not Channel.objects.exists()
        page.get_by_label("Webhook 地址").fill(robot.url + "/robot/send?access_token=T0KEN")
        page.get_by_label("加签密钥", exact=False).fill("SECdemo")
        page.get_by_role("button", name="添加渠道").click()
        page.get_by_text("已添加渠道“局督查工作群”。").wait_for()
        assert _serious_violations(page) == []
        shot("1-channel-added")

        # 2. a 督办单 to the 科室 of a task that lags; the robot hears of it
        task = Task.objects.filter(plan__organization=fenghua, title__contains="婚俗改革").get()
        page.goto(live_server.url + reverse("task", args=[task.pk]))
        page.get_by_text("下发督办单").click()
        page.get_by_label("督办事项").fill("婚俗改革工作进度滞后,请说明原因并提出赶进度措施。")
        page.get_by_label("回复期限").fill("2099-10-20")
        page.get_by_role("button", name="下发").click()
        page.locator(".msg.success", has_text="已下发").wait_for()
        notice = Notice.objects.get(task=task)
        heard = [json.loads(body)["text"]["content"] for _p, _h, body in robot.received]
        assert any(notice.number in said and "请于 2099-10-20 前回复" in said for said in heard)

        # 3. the 台账 lists it; filtered to 待回复, exported as Word
        page.goto(live_server.url + reverse("organization", args=[fenghua.pk]))
        page.get_by_role("link", name="督办台账").click()
        page.get_by_role("link", name=notice.number).wait_for()
        assert _serious_violations(page) == []
        shot("2-ledger")
        page.get_by_role("link", name=notice.number).click()
        with page.expect_download() as got:
            page.get_by_role("link", name="下载督办单(Word)").click()
        word = Document(io.BytesIO(Path(got.value.path()).read_bytes()))
        text = "\n".join(p.text for p in word.paragraphs)
        assert notice.number in text and "婚俗改革工作进度滞后" in text
        assert got.value.suggested_filename.endswith(".docx")

        # 4. the 2023Q3 通报, composed from the data and published
        page.goto(live_server.url + reverse("publications", args=[fenghua.pk]))
        page.get_by_label("类别").select_option(label="督查通报")
        page.get_by_label("年度").fill("2023")
        page.get_by_label("报告期").fill("2023Q3")
        page.get_by_role("button", name="由数据生成草稿").click()
        page.get_by_text("已生成草稿,请核对后发布。").wait_for()
        assert "通报" in page.locator("h1.doc-title").inner_text()
        shot("3-bulletin-draft")
        page.get_by_role("button", name="发布", exact=True).click()
        page.wait_for_load_state()
        shot("3b-after-publish")
        page.get_by_text("已发布,索引号", exact=False).wait_for()
        bulletin = Publication.objects.get(kind="bulletin", state="published")
        assert bulletin.files.count() == 6
        page.context.clear_cookies()
        page.goto(live_server.url + reverse("public-list", args=[fenghua.pk]))
        page.get_by_role("link", name=bulletin.title).click()
        page.get_by_role("cell", name="养老服务科").first.wait_for()  # the ranking
        assert _serious_violations(page) == []
        shot("4-bulletin-public")

        # 5. a period due today: its reminders reach the robot, signed
        _log_in(page, live_server, "fenghua", PASSWORD)
        page.goto(live_server.url + reverse("plan", args=[task.plan_id]))
        page.get_by_label("报告期代码").fill("2023Q4")
        page.get_by_label("报送截止日期").fill(timezone.localdate().isoformat())
        page.get_by_role("button", name="开放填报").click()
        page.get_by_role("button", name="立即发送到期提醒").click()
        page.wait_for_load_state()
        reminders = [
            (path, json.loads(body)["text"]["content"])
            for path, _h, body in robot.received
            if "2023Q4" in json.loads(body)["text"]["content"]
        ]
        assert reminders and all(_signed(path, "SECdemo") for path, _t in reminders)
        assert reminders[0][1].startswith("【督办】")
        page.goto(live_server.url + reverse("channels", args=[fenghua.pk]))
        assert page.get_by_role("cell", name="填报提醒").first.is_visible()
        assert _serious_violations(page) == []
        shot("5-channel-deliveries")
        print(
            f"supervision flow: {time.monotonic() - started:.1f} s, "
            f"{len(robot.received)} messages to the robot"
        )
    finally:
        robot.close()

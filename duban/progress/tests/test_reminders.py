"""Reminders: before the due date and on it, once each, to departments still to report;
e-mail through Django's mail settings and a notice in the site."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from duban.orgs.models import Notification
from duban.progress import services
from duban.progress.models import Reminder
from duban.progress.reminders import send_reminders


@pytest.fixture
def period(world, user):
    user("jiuzhu").__class__.objects.filter(username="jiuzhu").update(email="jiuzhu@example.gov.cn")
    return services.open_period(
        world.plan, actor=None, code="2023Q3", due_on=datetime.date(2023, 10, 10)
    )


def test_three_days_before_the_due_date_each_late_department_is_reminded_once(world, period):
    assert send_reminders(datetime.date(2023, 10, 6)) == []  # too early
    sent = send_reminders(datetime.date(2023, 10, 7))
    assert sorted(r.department.name for r in sent) == ["养老服务科", "社会救助科"]
    assert {r.kind for r in sent} == {"before"}
    (message,) = mail.outbox
    assert message.to == ["jiuzhu@example.gov.cn"]
    assert "2023Q3" in message.subject and "健全分层分类的社会救助体系" in message.body
    texts = list(Notification.objects.values_list("user__username", "text"))
    assert ("jiuzhu", "2023年区民政局重点工作任务清单 2023Q3:社会救助科尚有 1 项任务未报送,"
            "将于 2023-10-10 截止") in texts  # fmt: skip
    assert send_reminders(datetime.date(2023, 10, 8)) == []  # once per kind


def test_on_the_due_date_only_departments_that_have_not_submitted(world, period):
    report = services.save_report(world.jiuzhu_task, period, actor=None, progress_items=["x"])
    services.submit_report(report, actor=None)
    sent = send_reminders(datetime.date(2023, 10, 10))
    assert [(r.department.name, r.kind) for r in sent] == [("养老服务科", "due")]
    assert Reminder.objects.count() == 1


def test_the_timer_command_and_the_site_notice(client, world, period, user):
    out = io.StringIO()
    call_command("remind", "--date", "2023-10-07", stdout=out)
    assert out.getvalue().strip() == "已发送 2 条提醒"
    client.force_login(user("jiuzhu"))
    plan_page = client.get(reverse("plan", args=[world.plan.pk])).content.decode()
    assert '<span class="badge" aria-label="未读通知">1</span>' in plan_page
    work = client.get(reverse("work")).content.decode()
    assert "社会救助科尚有 1 项任务未报送" in work
    again = client.get(reverse("plan", args=[world.plan.pk])).content.decode()
    assert 'class="badge"' not in again  # read once shown on the work page


def test_a_returned_report_is_a_notice_for_the_reporters(client, world, period, user):
    report = services.save_report(world.jiuzhu_task, period, actor=None, progress_items=["x"])
    services.submit_report(report, actor=None)
    client.force_login(user("leader"))
    client.post(reverse("report-review", args=[report.pk]), {"comment": "数据不全", "return": ""})
    notice = Notification.objects.get(user=user("jiuzhu"))
    assert "被退回:数据不全" in notice.text
    assert notice.url == reverse("report-edit", args=[world.jiuzhu_task.pk, period.pk])


def test_an_offices_send_reminders_button_reminds_its_own_bureau_only(client, world, period, user):
    """宣州's office pressed 发送提醒 and 奉化's departments were reminded and escalated too."""
    from django.utils import timezone

    from duban.supervision import services as supervision

    elsewhere_plan = world.elsewhere_task.plan
    services.open_period(elsewhere_plan, actor=None, code="2023Q3", due_on=timezone.localdate())
    from duban.orgs.services import add_department
    from duban.plans.services import update_task

    dept = add_department(world.elsewhere, actor=None, name="社区治理科")
    update_task(world.elsewhere_task, actor=None, departments=[dept])
    notice = supervision.issue_notice(
        world.elsewhere_task, dept, actor=None, body="请加快",
        reply_due=timezone.localdate() - datetime.timedelta(days=3),
    )  # fmt: skip
    client.force_login(user("office"))
    client.post(reverse("period-remind", args=[period.pk]))
    assert not Reminder.objects.filter(period__plan=elsewhere_plan).exists()
    notice.refresh_from_db()
    assert notice.escalated_at is None
    assert Reminder.objects.filter(period=period).exists()

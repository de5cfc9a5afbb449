"""Quarterly reporting through HTTP: the work list, a report, review, the period view,
the version check, bad readings, the lead department, and roles against forged ids."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from duban.plans import services as plans
from duban.progress import services
from duban.progress.models import ProgressReport, Reading, ReportState


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))


def form(world, **extra):
    data = {"version": "0", "self_status": "in_progress", "save": ""}
    data[f"progress_{world.sub_item.pk}"] = "体系建设方案已印发"
    data.update(extra)
    return data


def url(world, period):
    return reverse("report-edit", args=[world.jiuzhu_task.pk, period.pk])


def test_a_reporter_sees_its_departments_tasks_and_writes_items_and_readings(
    client, world, period, target
):
    login(client, "jiuzhu")
    work = client.get(reverse("work")).content.decode()
    assert "健全分层分类的社会救助体系" in work and "发展养老事业和养老产业" not in work
    response = client.post(
        url(world, period),
        form(world, **{f"reading_{target.pk}": "1,200", f"as_of_{target.pk}": "2023-09-30"}),
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get(task=world.jiuzhu_task, period=period)
    assert report.plan_items == ["推动“8+N”救助体系建设"]  # the sub-item is the plan item
    assert report.progress_items == ["体系建设方案已印发"]
    reading = Reading.objects.get(report=report)
    assert (reading.target, reading.value, reading.as_of) == (
        target,
        Decimal(1200),
        datetime.date(2023, 9, 30),
    )
    page = client.get(url(world, period)).content.decode()
    assert "120%" in page  # 1200 of 1000, kept above 100 %


@pytest.mark.parametrize(
    ("value", "as_of", "says"),
    [
        ("一千二", "2023-09-30", "不是数字"),
        ("-5", "2023-09-30", "不能为负数"),
        ("1200", "2023-12-31", "不在报告期 2023Q3"),
        ("NaN", "2023-09-30", "不是数字"),
    ],
)
def test_bad_readings_are_refused_and_nothing_is_saved(
    client, world, period, target, value, as_of, says
):
    login(client, "jiuzhu")
    data = form(world, **{f"reading_{target.pk}": value, f"as_of_{target.pk}": as_of})
    response = client.post(url(world, period), data, follow=True)
    assert says in response.content.decode()
    assert not ProgressReport.objects.exists()
    assert not Reading.objects.exists()


@pytest.mark.parametrize("version", [None, "", "x", "-1"])
def test_a_save_without_its_version_overwrites_nothing(client, world, period, version):
    login(client, "jiuzhu")
    client.post(url(world, period), form(world))
    data = form(world, **{f"progress_{world.sub_item.pk}": "盲改"})
    if version is None:
        del data["version"]
    else:
        data["version"] = version
    page = client.post(url(world, period), data)
    assert page.status_code == 200 and "版本号" in page.content.decode()
    report = ProgressReport.objects.get()
    assert (report.version, report.progress_items) == (1, ["体系建设方案已印发"])


def test_a_second_editor_is_told_and_shown_both_versions(client, world, period):
    login(client, "jiuzhu")
    client.post(url(world, period), form(world))
    first = ProgressReport.objects.get()
    assert first.version == 1
    # two people open version 1; the first saves, then the second
    client.post(url(world, period), form(world, version="1", **{
        f"progress_{world.sub_item.pk}": "甲的修改"}))  # fmt: skip
    response = client.post(url(world, period), form(world, version="1", **{
        f"progress_{world.sub_item.pk}": "乙的修改"}))  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    assert "此报告已被他人修改" in page and "甲的修改" in page and "乙的修改" in page
    assert ProgressReport.objects.get().progress_items == ["甲的修改"]
    # saving again from the page that showed both is deliberate, and goes through
    again = client.post(url(world, period), form(world, version="2", **{
        f"progress_{world.sub_item.pk}": "乙的修改"}))  # fmt: skip
    assert again.status_code == 302
    assert ProgressReport.objects.get().progress_items == ["乙的修改"]


def test_the_whole_review_cycle(client, world, period, user):
    login(client, "jiuzhu")
    client.post(url(world, period), form(world, submit=""))
    report = ProgressReport.objects.get()
    assert report.state == ReportState.SUBMITTED
    login(client, "leader")
    queue = client.get(reverse("work")).content.decode()
    assert reverse("report-review", args=[report.pk]) in queue
    review = reverse("report-review", args=[report.pk])
    refused = client.post(review, {"comment": "", "return": ""}, follow=True)
    assert "退回时须填写审核意见" in refused.content.decode()
    client.post(review, {"comment": "请补充救助人数", "return": ""})
    assert ProgressReport.objects.get().state == ReportState.RETURNED
    login(client, "jiuzhu")
    page = client.get(url(world, period)).content.decode()
    assert "请补充救助人数" in page
    version = str(ProgressReport.objects.get().version)  # what the reporter's page holds
    client.post(url(world, period), form(world, version=version, submit=""))
    login(client, "leader")
    client.post(review, {"comment": "", "approve": ""})
    assert ProgressReport.objects.get().state == ReportState.APPROVED
    login(client, "office")
    overview = client.get(reverse("period", args=[period.pk])).content.decode()
    assert "体系建设方案已印发" in overview
    history = client.get(review).content.decode()
    assert "退回" in history and "审核通过" in history and "报送" in history


def test_only_the_lead_department_submits_a_shared_task(client, world, period):
    plans.update_task(
        world.jiuzhu_task,
        actor=None,
        departments=list(world.bureau.departments.order_by("name").reverse()),
    )  # 社会救助科 leads, 养老服务科 shares it
    lead = world.jiuzhu_task.ordered_departments()[0].name
    other = "yanglao" if lead == "社会救助科" else "jiuzhu"
    login(client, other)
    response = client.post(url(world, period), form(world, submit=""), follow=True)
    assert "由牵头科室报送" in response.content.decode()
    assert not ProgressReport.objects.exists()
    saved = client.post(url(world, period), form(world))
    assert saved.status_code == 302  # the co-responsible department may add to the draft
    assert ProgressReport.objects.get().state == ReportState.DRAFT


def test_the_leader_sees_what_changed_since_the_last_period(client, world, target):
    q2 = services.open_period(world.plan, actor=None, code="2023Q2")
    q3 = services.open_period(world.plan, actor=None, code="2023Q3")
    task = world.jiuzhu_task
    services.save_report(
        task, q2, actor=None, progress_items=["方案起草"], readings={target.pk: ("600", None)}
    )
    report = services.save_report(
        task,
        q3,
        actor=None,
        progress_items=["方案已印发"],
        readings={target.pk: ("1100", None)},
    )
    services.submit_report(report, actor=None)
    login(client, "leader")
    page = client.get(reverse("report-review", args=[report.pk])).content.decode()
    assert "与上一期相比" in page and "2023Q2" in page
    assert "+ 方案已印发" in page and "− 方案起草" in page
    assert "<del>600</del>" in page and "<ins>1100人</ins>" in page


REVIEW = {
    "leader": 302,  # 周利宏 leads 社会救助科's task
    "office": 302,
    "jiuzhu": 403,
    "yanglao": 403,
    "city": 403,
    "other_office": 404,
    "outsider": 404,
}


@pytest.mark.parametrize(("role", "status"), REVIEW.items())
def test_who_may_approve_a_report(client, world, period, role, status):
    report = services.save_report(world.jiuzhu_task, period, actor=None, progress_items=["x"])
    services.submit_report(report, actor=None)
    login(client, role)
    response = client.post(reverse("report-review", args=[report.pk]), {"approve": ""})
    assert response.status_code == status
    state = ProgressReport.objects.get().state
    assert state == (ReportState.APPROVED if status == 302 else ReportState.SUBMITTED)


def test_a_leader_may_not_approve_a_task_they_do_not_lead(client, world, period):
    report = services.save_report(world.yanglao_task, period, actor=None, progress_items=["x"])
    services.submit_report(report, actor=None)
    login(client, "leader")
    response = client.post(reverse("report-review", args=[report.pk]), {"approve": ""})
    assert response.status_code == 403
    assert ProgressReport.objects.get().state == ReportState.SUBMITTED


@pytest.mark.parametrize(
    ("role", "status"),
    [("office", 200), ("city", 200), ("jiuzhu", 200), ("other_office", 404), ("outsider", 404)],
)
def test_the_period_page_follows_the_gate(client, world, period, role, status):
    login(client, role)
    assert client.get(reverse("period", args=[period.pk])).status_code == status


@pytest.mark.parametrize(("role", "status"), [("jiuzhu", 403), ("city", 403), ("outsider", 404)])
def test_only_the_office_opens_and_closes_periods(client, world, period, role, status):
    login(client, role)
    opened = client.post(reverse("period-open", args=[world.plan.pk]), {"code": "2023Q4"})
    closed = client.post(reverse("period-settings", args=[period.pk]), {"is_open": "0"})
    assert (opened.status_code, closed.status_code) == (status, status)
    period.refresh_from_db()
    assert period.is_open and not world.plan.periods.filter(code="2023Q4").exists()


def test_a_report_id_of_another_task_in_the_url_changes_nothing(client, world, period):
    login(client, "jiuzhu")
    forged = reverse("report-edit", args=[world.yanglao_task.pk, period.pk])
    assert client.post(forged, {"version": "", "self_status": "done"}).status_code == 403
    elsewhere = services.open_period(world.elsewhere_task.plan, actor=None, code="2023Q3")
    mixed = reverse("report-edit", args=[world.jiuzhu_task.pk, elsewhere.pk])
    assert client.post(mixed, form(world)).status_code == 404
    assert not ProgressReport.objects.exists()


def test_evidence_is_kept_with_its_reading_and_served_only_through_the_gate(
    client, world, period, target, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    login(client, "jiuzhu")
    pdf = SimpleUploadedFile("监测名单.pdf", b"%PDF-1.4 evidence", "application/pdf")
    data = form(world, **{f"reading_{target.pk}": "900", f"evidence_{target.pk}": pdf})
    assert client.post(url(world, period), data).status_code == 302
    reading = Reading.objects.get()
    link = reverse("reading-evidence", args=[reading.pk])
    assert link in client.get(url(world, period)).content.decode()
    got = client.get(link)
    assert got.status_code == 200 and b"".join(got.streaming_content) == b"%PDF-1.4 evidence"
    login(client, "outsider")
    assert client.get(link).status_code == 404
    client.logout()
    assert client.get(link).status_code == 302


@pytest.mark.parametrize(
    ("name", "size", "says"),
    [("脚本.exe", 10, "佐证材料须为"), ("大文件.pdf", 11 * 1024 * 1024, "佐证材料超过 10 MB")],
)
def test_evidence_of_the_wrong_type_or_size_is_refused(
    client, world, period, target, settings, tmp_path, name, size, says
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    login(client, "jiuzhu")
    upload = SimpleUploadedFile(name, b"x" * size)
    data = form(world, **{f"reading_{target.pk}": "900", f"evidence_{target.pk}": upload})
    response = client.post(url(world, period), data, follow=True)
    assert says in response.content.decode()
    assert not Reading.objects.exists() and not ProgressReport.objects.exists()


def test_the_form_labels_the_date_shows_the_previous_reading_and_the_review_the_evidence(
    client, world, period, target
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    q2 = services.open_period(world.plan, actor=None, code="2023Q2")
    earlier = services.save_report(
        world.jiuzhu_task, q2, actor=None, progress_items=["x"],
        readings={target.pk: ("640", datetime.date(2023, 6, 30))},
    )  # fmt: skip
    services.submit_report(earlier, actor=None)
    login(client, "jiuzhu")
    page = client.get(url(world, period)).content.decode()
    assert f'<label for="id_as_of_{target.pk}">截至日期</label>' in page
    assert "上期读数 640人(截至 2023-06-30)" in page
    report = services.save_report(
        world.jiuzhu_task, period, actor=None, progress_items=["y"],
        readings={target.pk: ("820", None, SimpleUploadedFile("名册.pdf", b"%PDF-1.4"))},
    )  # fmt: skip
    services.submit_report(report, actor=None)
    login(client, "leader")
    review = client.get(reverse("report-review", args=[report.pk])).content.decode()
    evidence = Reading.objects.get(report=report).pk
    assert reverse("reading-evidence", args=[evidence]) in review

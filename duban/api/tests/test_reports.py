"""Progress reports through the API: create, change with the version, readings, submit,
approve and return; the same rules, results and history rows as the pages."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from duban.orgs.models import Notification
from duban.progress.models import ProgressReport, Reading, ReportState


def _create(api, world, period, username="jiuzhu", **fields):
    body = {
        "task_id": world.jiuzhu_task.pk, "period_id": period.pk, "progress_items": ["已开展"],
        **fields,
    }  # fmt: skip
    return api(username).post("/reports", body)


def test_a_reporter_creates_changes_submits_and_a_leader_approves(world, api, period, target):
    made = _create(
        api, world, period, progress_items=["已完成年度监测"],
        readings=[{"target_id": target.pk, "value": 400, "as_of": "2023-09-30"}],
    )  # fmt: skip
    assert made.status_code == 201, made.content
    report = made.json()
    assert made["ETag"] == '"1"' and report["version"] == 1 and report["state"] == "draft"
    assert report["readings"][0]["value"] == 400.0
    changed = api("jiuzhu").patch(
        f"/reports/{report['id']}",
        {"progress_items": ["已完成年度监测", "新增低保对象 12 户"]},
        headers={"If-Match": made["ETag"]},
    )
    assert changed.status_code == 200 and changed["ETag"] == '"2"'
    assert changed.json()["progress_items"][1] == "新增低保对象 12 户"
    submitted = api("jiuzhu").post(f"/reports/{report['id']}/submit")
    assert submitted.json()["state"] == "submitted"
    approved = api("leader").post(f"/reports/{report['id']}/approve", {"comment": "同意"})
    assert approved.status_code == 200
    assert approved.json()["state"] == "approved"
    stored = ProgressReport.objects.get()
    assert stored.reviewed_by.username == "leader" and stored.review_comment == "同意"


def test_a_change_from_an_older_version_is_refused_with_412_and_overwrites_nothing(
    world, api, period
):
    report = _create(api, world, period, progress_items=["第一稿"]).json()
    api("office").patch(
        f"/reports/{report['id']}", {"progress_items": ["办公室改过"], "version": 1}
    )
    stale = api("jiuzhu").patch(
        f"/reports/{report['id']}",
        {"progress_items": ["填报员的旧稿"]},
        headers={"If-Match": '"1"'},
    )
    assert stale.status_code == 412
    assert stale.json()["code"] == "stale_version"
    assert stale["ETag"] == '"2"'
    assert ProgressReport.objects.get().progress_items == ["办公室改过"]


def test_a_change_without_a_version_is_refused_with_428(world, api, period):
    report = _create(api, world, period).json()
    blind = api("jiuzhu").patch(f"/reports/{report['id']}", {"progress_items": ["盲改"]})
    assert blind.status_code == 428 and blind.json()["code"] == "version_required"
    assert ProgressReport.objects.get().progress_items == ["已开展"]


def test_a_stale_submit_is_refused_too(world, api, period):
    report = _create(api, world, period).json()
    api("jiuzhu").patch(f"/reports/{report['id']}", {"lag_reason": "", "version": 1})
    stale = api("jiuzhu").post(f"/reports/{report['id']}/submit", {"version": 1})
    assert stale.status_code == 412
    assert ProgressReport.objects.get().state == ReportState.DRAFT


def test_a_second_report_for_the_same_task_and_period_is_a_conflict(world, api, period):
    first = _create(api, world, period).json()
    again = _create(api, world, period)
    assert again.status_code == 409 and again.json()["code"] == "report_exists"
    assert str(first["id"]) in again.json()["message"]["zh"]


@pytest.mark.parametrize(
    ("reading", "problem"),
    [
        ({"value": "abc"}, "invalid_input"),
        ({"value": "400"}, "invalid_input"),  # a number, not a string that looks like one
        ({"value": 400, "as_of": "2023-13-01"}, "invalid_input"),
        ({"value": -5}, "negative_value"),
        ({"value": 400, "as_of": "2023-01-15"}, "outside_period"),
    ],
)
def test_bad_readings_are_refused_and_nothing_is_saved(
    world, api, period, target, reading, problem
):
    answer = _create(api, world, period, readings=[{"target_id": target.pk, **reading}])
    assert answer.status_code == 422, answer.content
    error = answer.json()
    assert error["code"] == problem
    assert error["message"]["zh"] and error["message"]["en"]
    assert not ProgressReport.objects.exists() and not Reading.objects.exists()


def test_a_target_of_another_task_is_refused(world, api, period):
    from duban.plans import services as plans

    foreign = plans.add_target(world.yanglao_task, actor=None, name="床位", value=10, unit="张")
    answer = _create(api, world, period, readings=[{"target_id": foreign.pk, "value": 1}])
    assert answer.status_code == 422 and answer.json()["code"] == "foreign_target"
    assert not ProgressReport.objects.exists()


def test_lagging_needs_a_reason(world, api, period):
    answer = _create(api, world, period, self_status="lagging")
    assert answer.status_code == 422 and answer.json()["code"] == "lag_reason_required"


def test_readings_are_written_to_an_existing_report_and_replace_the_drafts_value(
    world, api, period, target
):
    report = _create(api, world, period).json()
    path = f"/reports/{report['id']}/readings"
    api("jiuzhu").post(path, {"readings": [{"target_id": target.pk, "value": 100}]})
    again = api("jiuzhu").post(path, {"readings": [{"target_id": target.pk, "value": 150.5}]})
    assert [r["value"] for r in again.json()["readings"]] == [150.5]
    assert Reading.objects.get().value == 150.5


def test_returning_needs_a_comment_and_tells_the_reporters(world, api, period):
    report = _create(api, world, period).json()
    api("jiuzhu").post(f"/reports/{report['id']}/submit")
    bare = api("leader").post(f"/reports/{report['id']}/return", {"comment": " "})
    assert bare.status_code == 422 and bare.json()["code"] == "comment_required"
    back = api("leader").post(f"/reports/{report['id']}/return", {"comment": "请补充数据"})
    assert back.json()["state"] == "returned"
    assert Notification.objects.filter(user__username="jiuzhu", text__contains="请补充数据")


def test_an_empty_report_is_not_submitted(world, api, period):
    report = _create(api, world, period, progress_items=[" "]).json()
    empty = api("jiuzhu").post(f"/reports/{report['id']}/submit")
    assert empty.status_code in (409, 422) and empty.json()["code"] == "empty_report"
    assert ProgressReport.objects.get(pk=report["id"]).state == "draft"


def test_a_submitted_report_cannot_be_changed_by_its_reporter(world, api, period):
    report = _create(api, world, period).json()
    api("jiuzhu").post(f"/reports/{report['id']}/submit")
    locked = api("jiuzhu").patch(
        f"/reports/{report['id']}", {"progress_items": ["改"]}, headers={"If-Match": '"2"'}
    )
    assert locked.status_code == 409 and locked.json()["code"] == "report_locked"


@pytest.mark.parametrize(
    ("username", "create", "approve"),
    [
        ("office", 201, 200),
        ("jiuzhu", 201, 403),
        ("yanglao", 403, 403),  # another department of the same bureau
        ("leader", 403, 200),
        ("city", 403, 403),  # a superior reads, never writes
        ("other_office", 404, 404),  # another bureau: its ids do not exist for them
        ("outsider", 404, 404),
    ],
)
def test_the_role_matrix_of_reports(world, api, period, username, create, approve):
    assert _create(api, world, period, username=username).status_code == create
    report = ProgressReport.objects.filter(task=world.jiuzhu_task).first()
    if report is None:
        report = ProgressReport.objects.get(pk=_create(api, world, period).json()["id"])
    api("jiuzhu").post(f"/reports/{report.pk}/submit")
    assert api(username).post(f"/reports/{report.pk}/approve").status_code == approve
    read = api(username).get(f"/reports/{report.pk}").status_code
    assert read == (404 if approve == 404 else 200)


def test_reports_filter_by_period_state_and_department(world, api, period):
    report = _create(api, world, period).json()
    caller = api("office")
    assert caller.get(f"/reports?period={period.pk}&state=draft").json()["count"] == 1
    assert caller.get("/reports?state=approved").json()["count"] == 0
    jiuzhu = world.jiuzhu_task.lead_department.pk
    assert [r["id"] for r in caller.get(f"/reports?department={jiuzhu}").json()["items"]] == [
        report["id"]
    ]
    assert api("outsider").get("/reports").json()["count"] == 0


def _history(report):
    return [
        (h.history_type, h.history_user.username, h.state, h.version, h.progress_items)
        for h in report.history.order_by("history_id")
    ]


def test_an_api_call_and_the_page_give_the_same_report_and_history(world, api, period, client):
    client.force_login(get_user_model().objects.get(username="jiuzhu"))
    page_url = reverse("report-edit", args=[world.jiuzhu_task.pk, period.pk])
    client.post(
        page_url,
        {
            "version": "0",
            "self_status": "in_progress",
            f"progress_{world.sub_item.pk}": "已完成年度监测",
            "submit": "",
        },
    )
    by_page = ProgressReport.objects.get()
    page_result = (by_page.state, by_page.version, by_page.progress_items, by_page.self_status)
    page_history = _history(by_page)
    by_page.history.all().delete()
    by_page.delete()

    made = _create(api, world, period, self_status="in_progress", progress_items=["已完成年度监测"])
    api("jiuzhu").post(f"/reports/{made.json()['id']}/submit")
    by_api = ProgressReport.objects.get()
    assert (by_api.state, by_api.version, by_api.progress_items, by_api.self_status) == page_result
    assert _history(by_api) == page_history
    assert page_history[-1][:3] == ("~", "jiuzhu", "submitted")


def test_dates_in_the_past_of_the_period_are_kept_as_given(world, api, period, target):
    made = _create(
        api, world, period, readings=[{"target_id": target.pk, "value": 1, "as_of": "2023-08-31"}]
    )
    assert Reading.objects.get().as_of == datetime.date(2023, 8, 31)
    assert made.json()["readings"][0]["as_of"] == "2023-08-31"


def test_the_api_refuses_a_lone_surrogate_and_saves_nothing(api, world, period, target):
    body = {"task_id": world.jiuzhu_task.pk, "period_id": period.pk}
    bad = api("jiuzhu").post("/reports", {**body, "progress_items": ["a\udfffb"]})
    assert bad.status_code == 422 and bad.json()["code"] == "bad_text"
    huge = api("jiuzhu").post(
        "/reports",
        {**body, "progress_items": ["x"], "readings": [{"target_id": target.pk, "value": 1e300}]},
    )
    assert huge.status_code == 422 and huge.json()["code"] == "number_too_large"
    assert not ProgressReport.objects.exists()
    good = api("jiuzhu").post("/reports", {**body, "progress_items": ["ok"]})
    assert good.status_code == 201
    assert api("jiuzhu").get(f"/reports/{good.json()['id']}").status_code == 200

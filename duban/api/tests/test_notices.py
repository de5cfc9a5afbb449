"""督办单 through the API: issue, reply, close, send back; by role, with other ids 404."""

import pytest

from duban.supervision.models import Notice, NoticeStep


def _issue(api, world, username="office", **fields):
    body = {
        "task_id": world.jiuzhu_task.pk,
        "department_id": world.jiuzhu_task.lead_department.pk,
        "body": "请于 10 月 20 日前报送低收入人口监测情况",
        "reply_due": "2023-10-20",
        **fields,
    }
    return api(username).post("/notices", body)


def test_the_office_issues_the_department_replies_and_the_leader_closes(world, api):
    made = _issue(api, world)
    assert made.status_code == 201, made.content
    notice = made.json()
    assert notice["number"].startswith("督办〔") and notice["state"] == "sent"
    assert [s["state"] for s in notice["steps"]] == ["sent"]
    reply = api("jiuzhu").post(
        f"/notices/{notice['id']}/reply", {"text": "已部署排查", "promised_on": "2023-10-18"}
    )
    assert reply.status_code == 200 and reply.json()["state"] == "answered"
    closed = api("leader").post(f"/notices/{notice['id']}/close", {"text": "办结"})
    assert closed.json()["state"] == "closed"
    steps = closed.json()["steps"]
    assert [(s["state"], s["actor"]) for s in steps] == [
        ("sent", "宣州办公室"),
        ("answered", "救助科填报员"),
        ("closed", "周利宏"),
    ]


def test_a_notice_answered_poorly_is_sent_back_with_a_new_date(world, api):
    notice = _issue(api, world).json()
    api("jiuzhu").post(f"/notices/{notice['id']}/reply", {"text": "在办"})
    back = api("office").post(
        f"/notices/{notice['id']}/return", {"text": "请说明具体措施", "reply_due": "2023-10-30"}
    )
    assert back.json()["state"] == "returned" and back.json()["reply_due"] == "2023-10-30"


def test_empty_words_and_wrong_states_are_refused_with_their_codes(world, api):
    assert _issue(api, world, body=" ").json()["code"] == "body_required"
    notice = _issue(api, world).json()
    empty = api("jiuzhu").post(f"/notices/{notice['id']}/reply", {"text": ""})
    assert empty.status_code == 422 and empty.json()["code"] == "text_required"
    early = api("office").post(f"/notices/{notice['id']}/close", {})
    assert early.status_code == 409 and early.json()["code"] == "notice_state"
    assert NoticeStep.objects.count() == 1


def test_a_department_of_another_bureau_is_not_found(world, api):
    foreign = world.elsewhere.departments.create(name="别处的科室")
    assert _issue(api, world, department_id=foreign.pk).status_code == 404
    assert not Notice.objects.exists()


@pytest.mark.parametrize(
    ("username", "issue", "reply"),
    [
        ("office", 201, 200),
        ("leader", 201, 403),  # leads the task: may press it, not answer for the department
        ("jiuzhu", 403, 200),
        ("yanglao", 403, 403),
        ("city", 403, 403),
        ("other_office", 404, 404),
        ("outsider", 404, 404),
    ],
)
def test_the_role_matrix_of_notices(world, api, username, issue, reply):
    assert _issue(api, world, username=username).status_code == issue
    notice = Notice.objects.first() or Notice.objects.get(pk=_issue(api, world).json()["id"])
    assert api(username).post(f"/notices/{notice.pk}/reply", {"text": "已办"}).status_code == reply
    listed = api(username).get("/notices").json()["count"]
    assert listed == (0 if reply == 404 else 1)


def test_a_replys_attachment_is_named_by_its_download_address(world, api, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from duban.supervision import services

    settings.MEDIA_ROOT = tmp_path
    notice = Notice.objects.get(pk=_issue(api, world).json()["id"])
    services.answer_notice(notice, actor=None, text="已整改",
                           attachment=SimpleUploadedFile("台账.pdf", b"%PDF-1.4"))  # fmt: skip
    steps = api("office").get(f"/notices/{notice.pk}").json()["steps"]
    step = NoticeStep.objects.get(state="answered")
    assert [s["attachment"] for s in steps] == [None, f"/notice-steps/{step.pk}/attachment/"]

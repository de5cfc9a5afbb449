"""督办单 pages: who may issue, answer, close or send back, through HTTP."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from duban.supervision import services
from duban.supervision.models import Notice, NoticeState


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))


@pytest.fixture
def notice(world):
    return services.issue_notice(
        world.jiuzhu_task,
        world.jiuzhu_task.lead_department,
        actor=None,
        body="请说明低保扩面进度",
        reply_due=datetime.date(2099, 10, 20),
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [("office", 302), ("leader", 302), ("jiuzhu", 403), ("city", 403), ("outsider", 404)],
)
def test_who_may_issue_a_notice(client, world, role, status):
    login(client, role)
    dept = world.jiuzhu_task.lead_department
    response = client.post(
        reverse("notice-issue", args=[world.jiuzhu_task.pk]),
        {"department": dept.pk, "body": "请加快", "reply_due": "2099-10-20"},
    )
    assert response.status_code == status
    assert Notice.objects.exists() == (status == 302)


@pytest.mark.parametrize(
    ("role", "status", "answered"),
    [("jiuzhu", 302, True), ("yanglao", 403, False), ("other_office", 404, False),
     ("outsider", 404, False)],
)  # fmt: skip
def test_only_the_departments_own_reporter_or_the_office_answers(
    client, notice, role, status, answered
):
    login(client, role)
    response = client.post(
        reverse("notice", args=[notice.pk]), {"action": "answer", "text": "已排查"}
    )
    assert response.status_code == status
    notice.refresh_from_db()
    assert (notice.state == NoticeState.ANSWERED) == answered


@pytest.mark.parametrize(("role", "status"), [("jiuzhu", 403), ("city", 403), ("office", 302)])
def test_only_the_office_or_leader_closes(client, notice, role, status):
    services.answer_notice(notice, actor=None, text="已排查")
    login(client, role)
    response = client.post(reverse("notice", args=[notice.pk]), {"action": "close"})
    assert response.status_code == status
    notice.refresh_from_db()
    assert (notice.state == NoticeState.CLOSED) == (status == 302)


def test_the_task_page_lists_its_notices(client, world, notice):
    login(client, "jiuzhu")
    page = client.get(reverse("task", args=[world.jiuzhu_task.pk])).content.decode()
    assert notice.number in page and "已下发" in page
    assert "下发督办单" not in page  # a reporter may not issue one


def test_a_reply_carries_an_attachment_only_its_readers_can_download(
    client, notice, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    login(client, "jiuzhu")
    upload = SimpleUploadedFile("整改台账.pdf", b"%PDF-1.4 reply")
    response = client.post(
        reverse("notice", args=[notice.pk]),
        {"action": "answer", "text": "已排查", "attachment": upload},
        follow=True,
    )
    step = notice.steps.get(state=NoticeState.ANSWERED)
    link = reverse("notice-attachment", args=[step.pk])
    assert link in response.content.decode() and "整改台账.pdf" in response.content.decode()
    for role, status in [("jiuzhu", 200), ("office", 200), ("other_office", 404),
                         ("outsider", 404)]:  # fmt: skip
        login(client, role)
        got = client.get(link)
        assert got.status_code == status, role
        if status == 200:
            assert b"".join(got.streaming_content) == b"%PDF-1.4 reply"
    client.logout()
    assert client.get(link).status_code == 302


@pytest.mark.parametrize(
    ("name", "size", "says"),
    [("脚本.exe", 10, "回复附件须为"), ("大文件.pdf", 11 * 1024 * 1024, "回复附件超过 10 MB")],
)
def test_a_reply_with_a_wrong_attachment_saves_nothing(
    client, notice, settings, tmp_path, name, size, says
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    login(client, "jiuzhu")
    response = client.post(
        reverse("notice", args=[notice.pk]),
        {"action": "answer", "text": "已排查", "attachment": SimpleUploadedFile(name, b"x" * size)},
        follow=True,
    )
    assert says in response.content.decode()
    notice.refresh_from_db()
    assert notice.state == NoticeState.SENT and not notice.steps.filter(state="answered").exists()
    assert not any(tmp_path.rglob("*.*"))

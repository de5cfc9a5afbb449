"""The 消息渠道 page and 系统状态's undelivered messages, through HTTP: who may see and
change a bureau's channels, a bad entry coming back as typed, a test, a removal."""

import pytest
from django.urls import reverse

from duban.channels import services
from duban.channels.models import Channel, Delivery


@pytest.fixture
def channel(world, user, robot):
    url = robot.url + "/robot/send?access_token=TOKEN"
    return services.add_channel(
        world.bureau, actor=user("office"), kind="dingtalk", url=url, name="督查群"
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [("office", 200), ("leader", 403), ("jiuzhu", 403), ("city", 403), ("other_office", 404),
     ("outsider", 404)],
)  # fmt: skip
def test_only_the_bureaus_office_sees_and_changes_its_channels(
    client, world, user, channel, role, status
):
    client.force_login(user(role))
    page = client.get(reverse("channels", args=[world.bureau.pk]))
    assert page.status_code == status
    if status == 200:
        assert "督查群" in page.content.decode() and "TOKEN" not in page.content.decode()
    changed = client.post(reverse("channel-change", args=[channel.pk]), {"action": "delete"})
    assert changed.status_code == (302 if role == "office" else status)
    assert Channel.objects.exists() == (role != "office")


def test_the_office_adds_a_channel_and_a_bad_one_comes_back_as_typed(client, world, user, robot):
    client.force_login(user("office"))
    url = reverse("channels", args=[world.bureau.pk])
    bad = client.post(url, {"kind": "wecom", "name": "局群", "url": "ftp://x/hook",
                            "messages": ["notice"]})  # fmt: skip
    assert bad.status_code == 422
    text = bad.content.decode()
    assert "未添加" in text and 'value="ftp://x/hook"' in text and 'value="局群"' in text
    assert not Channel.objects.exists()
    made = client.post(url, {"kind": "wecom", "name": "局群", "url": robot.url + "/hook?key=K",
                             "messages": ["notice", "escalation"]})  # fmt: skip
    assert made.status_code == 302
    assert Channel.objects.get().messages == ["notice", "escalation"]


def test_kinds_chosen_a_test_sent_and_a_failure_listed_for_that_bureau_only(
    client, world, user, channel, robot
):
    client.force_login(user("office"))
    change = reverse("channel-change", args=[channel.pk])
    client.post(change, {"action": "save", "messages": ["reminder"], "is_active": "1"})
    channel.refresh_from_db()
    assert channel.messages == ["reminder"] and channel.is_active
    sent = client.post(change, {"action": "test"}, follow=True).content.decode()
    assert "测试消息已送达" in sent and robot.received
    robot.default = (200, b'{"errcode":310000,"errmsg":"keywords not in content"}')
    failed = client.post(change, {"action": "test"}, follow=True).content.decode()
    assert "未送达" in failed and "310000" in failed
    assert "keywords not in content" in client.get("/system/").content.decode()
    client.force_login(user("other_office"))
    assert "keywords not in content" not in client.get("/system/").content.decode()
    assert Delivery.objects.filter(state="failed").count() == 1
    client.force_login(user("office"))
    client.post(change, {"action": "save", "messages": []})  # none chosen, switched off
    channel.refresh_from_db()
    assert channel.messages == [] and not channel.is_active
    assert services.broadcast(world.bureau.pk, "reminder", "x") == []

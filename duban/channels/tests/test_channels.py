"""Channels: the documented request of each robot byte for byte, a robot that answers an
error, a dead endpoint, retries, bad addresses, and the gate."""

import base64
import hashlib
import hmac
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from duban.channels import services
from duban.channels.models import Channel, Delivery
from duban.channels.payloads import accepted, request_for

NOW = 1700000000.123  # 2023-11-14T22:13:20Z


def test_dingtalk_text_and_its_signature_as_documented():
    made = request_for("dingtalk", "http://127.0.0.1/robot/send?access_token=T", "提醒:请报送",
                       secret="SEC123", now=NOW)  # fmt: skip
    assert made.body == '{"msgtype":"text","text":{"content":"提醒:请报送"}}'.encode()
    query = parse_qs(urlsplit(made.url).query)
    assert query["access_token"] == ["T"] and query["timestamp"] == ["1700000000123"]
    # 加签: HmacSHA256(key=secret, msg=timestamp + "\n" + secret), Base64, then URL-encoded
    digest = hmac.new(b"SEC123", b"1700000000123\nSEC123", hashlib.sha256).digest()
    assert query["sign"] == [base64.b64encode(digest).decode()]
    assert "%2B" in made.url or "+" not in base64.b64encode(digest).decode()


def test_wecom_and_feishu_bodies_as_documented():
    wecom = request_for("wecom", "http://127.0.0.1/cgi-bin/webhook/send?key=K", "新督办单", now=NOW)
    assert wecom.body == '{"msgtype":"text","text":{"content":"新督办单"}}'.encode()
    assert wecom.url.endswith("?key=K")
    feishu = request_for("feishu", "http://127.0.0.1/open-apis/bot/v2/hook/H", "批示", secret="S",
                         now=NOW)  # fmt: skip
    body = json.loads(feishu.body)
    # 签名校验: HmacSHA256(key=timestamp + "\n" + secret, msg=""), Base64; timestamp in seconds
    sign = base64.b64encode(hmac.new(b"1700000000\nS", b"", hashlib.sha256).digest()).decode()
    assert body == {"timestamp": "1700000000", "sign": sign, "msg_type": "text",
                    "content": {"text": "批示"}}  # fmt: skip
    plain = request_for("feishu", "http://127.0.0.1/h", "批示", now=NOW)
    assert plain.body == '{"msg_type":"text","content":{"text":"批示"}}'.encode()


def test_the_generic_webhook_is_signed_over_its_body():
    made = request_for("webhook", "http://127.0.0.1/in", "x", secret="k", now=NOW,
                       message_kind="reminder", organization="奉化", link="/work/")  # fmt: skip
    assert json.loads(made.body) == {
        "kind": "reminder", "organization": "奉化", "text": "x", "link": "/work/",
        "sent_at": "2023-11-14T22:13:20.123000+00:00",
    }  # fmt: skip
    expected = hmac.new(b"k", made.body, hashlib.sha256).hexdigest()
    assert made.headers["X-Duban-Signature"] == expected


def test_how_each_robot_says_it_took_a_message():
    assert accepted("dingtalk", 200, b'{"errcode":0,"errmsg":"ok"}') is None
    assert accepted("dingtalk", 200, b'{"errcode":310000,"errmsg":"sign not match"}') == (
        "310000: sign not match"
    )
    assert accepted("wecom", 200, b'{"errcode":93000,"errmsg":"invalid webhook url"}')
    assert accepted("feishu", 200, b'{"code":0,"msg":"success"}') is None
    assert accepted("feishu", 200, b'{"StatusCode":0,"StatusMessage":"success"}') is None
    assert accepted("feishu", 200, b'{"code":19021,"msg":"sign match fail"}')
    assert accepted("webhook", 204, b"") is None
    assert accepted("webhook", 500, b"") == "HTTP 500"
    assert accepted("dingtalk", 200, b"<html>") == "answer is not JSON"


def test_a_message_reaches_the_robot_and_a_failure_is_retried(world, user, robot):
    channel = services.add_channel(
        world.bureau, actor=user("office"), kind="dingtalk",
        url=robot.url + "/robot/send?access_token=T", secret="SEC",
    )  # fmt: skip
    robot.answers = [(200, b'{"errcode":130101,"errmsg":"send too fast"}')]
    [delivery] = services.broadcast(world.bureau.pk, "reminder", "2023Q3 请于10月10日前报送")
    with pytest.raises(services.DeliveryFailed, match="130101"):
        services.deliver(delivery)
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("failed", 1)
    assert "send too fast" in delivery.last_error
    services.deliver(delivery)  # the worker's retry
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_error) == ("sent", 2, "")
    assert len(robot.received) == 2
    path, headers, body = robot.received[-1]
    assert path.startswith("/robot/send?access_token=T&timestamp=")
    assert json.loads(body) == {"msgtype": "text", "text": {"content": "2023Q3 请于10月10日前报送"}}
    assert headers["Content-Type"] == "application/json"
    assert channel.deliveries.count() == 1


def test_a_dead_endpoint_fails_without_raising_into_the_caller(world, user, robot):
    url = robot.url + "/hook"
    services.add_channel(world.bureau, actor=user("office"), kind="wecom", url=url)
    robot.close()  # nobody listens any more
    [delivery] = services.broadcast(world.bureau.pk, "notice", "督办〔2023〕1号")
    with pytest.raises(services.DeliveryFailed):
        services.deliver(delivery)
    delivery.refresh_from_db()
    assert delivery.state == "failed" and "Connection refused" in delivery.last_error
    robot.server = type(
        "Closed", (), {"shutdown": lambda s: None, "server_close": lambda s: None}
    )()


def test_only_the_kinds_a_channel_takes_are_sent_to_it(world, user, robot):
    services.add_channel(world.bureau, actor=user("office"), kind="feishu", url=robot.url,
                         messages=["instruction"])  # fmt: skip
    assert services.broadcast(world.bureau.pk, "reminder", "x") == []
    assert len(services.broadcast(world.bureau.pk, "instruction", "x")) == 1
    assert services.broadcast(world.sibling.pk, "instruction", "x") == []  # another bureau's


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://127.0.0.1/x", "http://"),
        ("javascript:alert(1)", "http://"),
        ("http:///nohost", "无效"),
        ("https://no-such-host.invalid/robot", "找不到"),
    ],
)
def test_a_bad_address_is_refused_and_nothing_saved(world, user, url, message):
    with pytest.raises(ValidationError, match=message):
        services.add_channel(world.bureau, actor=user("office"), kind="dingtalk", url=url)
    assert not Channel.objects.exists()


def test_only_the_office_adds_a_channel(world, user, robot):
    with pytest.raises(PermissionDenied):
        services.add_channel(world.bureau, actor=user("jiuzhu"), kind="wecom", url=robot.url)
    with pytest.raises(ValidationError, match="类型"):
        services.add_channel(world.bureau, actor=user("office"), kind="telex", url=robot.url)
    assert not Channel.objects.exists() and not Delivery.objects.exists()


def test_the_command_adds_lists_and_tests(world, robot, capsys):
    from django.core.management import CommandError, call_command

    name = world.bureau.name
    url = robot.url + "/robot/send?access_token=SECRET-TOKEN"
    call_command("channel", "add", "--org", name, "--kind", "dingtalk", "--url", url,
                 "--secret", "S")  # fmt: skip
    call_command("channel", "list", "--org", name)
    out = capsys.readouterr().out
    assert "dingtalk" in out and "加签" in out and "SECRET-TOKEN" not in out  # the token hidden
    call_command("channel", "test", "--org", name)
    assert "已送达" in capsys.readouterr().out
    assert json.loads(robot.received[-1][2])["text"]["content"].endswith("的测试消息")
    robot.default = (200, b'{"errcode":300001,"errmsg":"token is not exist"}')
    with pytest.raises(CommandError, match="1 个渠道未送达"):
        call_command("channel", "test", "--org", name)
    assert "300001" in capsys.readouterr().out
    with pytest.raises(CommandError, match="http"):
        call_command(
            "channel", "add", "--org", name, "--kind", "wecom", "--url", "file:///etc/passwd"
        )
    with pytest.raises(CommandError, match="没有名为"):
        call_command("channel", "list", "--org", "不存在的局")
    assert Channel.objects.count() == 1


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:5432/", "http://10.1.2.3/robot", "http://169.254.169.254/latest/meta-data",
     "http://[::1]/x", "http://localhost:8000/admin/"],
)  # fmt: skip
def test_an_address_into_the_servers_own_networks_is_refused(world, user, settings, url):
    settings.DUBAN_CHANNEL_ALLOW_PRIVATE = False
    with pytest.raises(ValidationError, match="内部网络"):
        services.add_channel(world.bureau, actor=user("office"), kind="webhook", url=url)
    assert not Channel.objects.exists()


def test_a_channel_that_turned_private_or_redirects_is_not_followed(world, user, robot, settings):
    channel = services.add_channel(world.bureau, actor=user("office"), kind="webhook",
                                   url=robot.url + "/in")  # fmt: skip
    robot.default = (302, b"")  # a Location would send the server elsewhere
    [delivery] = services.broadcast(world.bureau.pk, "notice", "x")
    with pytest.raises(services.DeliveryFailed, match="HTTP 302"):
        services.deliver(delivery)
    settings.DUBAN_CHANNEL_ALLOW_PRIVATE = False  # as if the name now pointed inside
    with pytest.raises(services.DeliveryFailed, match="内部网络"):
        services.deliver(delivery)
    assert len(robot.received) == 1 and channel.deliveries.get().attempts == 2

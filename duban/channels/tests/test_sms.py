"""Text messages through 阿里云短信服务: the signed request against the gateway's own
documented example, delivery to a stand-in on 127.0.0.1, an error answer, bad settings."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ValidationError

from duban.channels import services
from duban.channels.models import Channel
from duban.channels.payloads import request_for
from duban.channels.sms import Aliyun, phones_of, short

OPTIONS = {"access_key_id": "testId", "sign_name": "奉化区民政局", "template_code": "SMS_1",
           "phones": "13800000001, 13900000002"}  # fmt: skip


@pytest.fixture
def gateway(robot):
    robot.default = (200, b'{"Code":"OK","Message":"OK","BizId":"1","RequestId":"r"}')
    return robot


def test_the_signature_is_the_one_of_aliyuns_documented_example():
    # 阿里云短信服务's signature documentation: these parameters, secret "testSecret"
    params = {
        "AccessKeyId": "testId", "Action": "SendSms", "Format": "XML", "OutId": "123",
        "PhoneNumbers": "15300000001", "RegionId": "cn-hangzhou",
        "SignName": "阿里云短信测试专用", "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": "45e25e9b-0a6f-4070-8c85-2956eda1b466", "SignatureVersion": "1.0",
        "TemplateCode": "SMS_71390007", "TemplateParam": '{"customer":"test"}',
        "Timestamp": "2017-07-12T02:42:19Z", "Version": "2017-05-25",
    }  # fmt: skip
    assert Aliyun().query("testSecret", params) == (
        "Signature=zJDF%2BLrzhj%2FThnlvIToysFRq6t4%3D&AccessKeyId=testId&Action=SendSms"
        "&Format=XML&OutId=123&PhoneNumbers=15300000001&RegionId=cn-hangzhou"
        "&SignName=%E9%98%BF%E9%87%8C%E4%BA%91%E7%9F%AD%E4%BF%A1%E6%B5%8B%E8%AF%95%E4%B8%93%E7%94%A8"
        "&SignatureMethod=HMAC-SHA1&SignatureNonce=45e25e9b-0a6f-4070-8c85-2956eda1b466"
        "&SignatureVersion=1.0&TemplateCode=SMS_71390007"
        "&TemplateParam=%7B%22customer%22%3A%22test%22%7D&Timestamp=2017-07-12T02%3A42%3A19Z"
        "&Version=2017-05-25"
    )


def test_a_message_becomes_a_short_template_value_for_every_number():
    options = services.sms_options(OPTIONS)
    text = "【督办】2023Q3 进展请于10月10日前报送\nhttp://duban/work/"
    made = request_for("sms", "https://dysmsapi.aliyuncs.com/", text, secret="S",
                       now=1700000000, options=options, nonce="n1")  # fmt: skip
    assert made.method == "GET" and made.body is None
    query = parse_qs(urlsplit(made.url).query)
    assert query["PhoneNumbers"] == ["13800000001,13900000002"]
    assert query["TemplateParam"] == ['{"content":"2023Q3 进展请于10月10日前报送"}']
    assert query["Timestamp"] == ["2023-11-14T22:13:20Z"] and query["SignatureNonce"] == ["n1"]
    assert query["SignName"] == ["奉化区民政局"] and query["Format"] == ["JSON"]
    assert short("【督办】" + "很" * 50, 35) == "很" * 34 + "…"


def test_a_text_message_is_delivered_and_a_refusal_retried(world, user, gateway):
    services.add_channel(world.bureau, actor=user("office"), kind="sms", url=gateway.url + "/",
                         secret="S", options=OPTIONS, messages=["notice"])  # fmt: skip
    gateway.answers = [
        (200, '{"Code":"isv.BUSINESS_LIMIT_CONTROL","Message":"触发分钟级流控"}'.encode())
    ]
    [delivery] = services.broadcast(world.bureau.pk, "notice", "【督办】新督办单 督办〔2023〕1号")
    with pytest.raises(services.DeliveryFailed, match="BUSINESS_LIMIT_CONTROL"):
        services.deliver(delivery)
    services.deliver(delivery)
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("sent", 2)
    path = gateway.received[-1][0]
    assert parse_qs(urlsplit(path).query)["TemplateParam"] == [
        json.dumps(
            {"content": "新督办单 督办〔2023〕1号"}, ensure_ascii=False, separators=(",", ":")
        )
    ]
    gateway.default = (400, b'{"Code":"isv.MOBILE_NUMBER_ILLEGAL","Message":"bad number"}')
    [again] = services.broadcast(world.bureau.pk, "notice", "x")
    with pytest.raises(services.DeliveryFailed, match="MOBILE_NUMBER_ILLEGAL"):
        services.deliver(again)


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"phones": "13800000001, 1234"}, "“1234”不是手机号码"),
        ({"phones": ""}, "1 到 100 个手机号码"),
        ({"sign_name": ""}, "缺少设置:sign_name"),
        ({"gateway": "nowhere"}, "未知的短信网关"),
        ({"max_chars": "-3"}, "10 到 500"),
    ],
)
def test_bad_sms_settings_are_refused_and_nothing_saved(world, user, gateway, change, says):
    with pytest.raises(ValidationError, match=says):
        services.add_channel(world.bureau, actor=user("office"), kind="sms", url=gateway.url,
                             secret="S", options={**OPTIONS, **change})  # fmt: skip
    with pytest.raises(ValidationError, match="密钥"):
        services.add_channel(world.bureau, actor=user("office"), kind="sms", url=gateway.url,
                             options=OPTIONS)  # fmt: skip
    assert not Channel.objects.exists()


def test_numbers_are_read_from_any_usual_separator():
    assert phones_of("13800000001、13900000002;13800000001") == ["13800000001", "13900000002"]
    with pytest.raises(ValueError, match="010-12345678"):
        phones_of("010-12345678")


def test_the_command_adds_a_text_message_channel(world, gateway, capsys):
    from django.core.management import CommandError, call_command

    name = world.bureau.name
    with pytest.raises(CommandError, match="不是手机号码"):
        call_command("channel", "add", "--org", name, "--kind", "sms", "--url", gateway.url,
                     "--secret", "S", "--key-id", "K", "--sign-name", "奉化区民政局",
                     "--template", "SMS_1", "--phones", "110")  # fmt: skip
    call_command("channel", "add", "--org", name, "--kind", "sms", "--url", gateway.url,
                 "--secret", "S", "--key-id", "K", "--sign-name", "奉化区民政局",
                 "--template", "SMS_1", "--phones", "13800000001")  # fmt: skip
    call_command("channel", "test", "--org", name)
    assert "已送达" in capsys.readouterr().out
    assert "PhoneNumbers=13800000001" in gateway.received[-1][0]

"""Text messages (短信) through a gateway: the interface every gateway adapter keeps, and
the adapter for 阿里云短信服务 (dysmsapi SendSms).

A gateway turns (numbers, text, options) into one HTTP request and reads its answer, as
pure functions, so the request is checked against the gateway's documented example. The
options a bureau sets for an SMS channel: ``gateway`` ("aliyun"), ``phones`` (the numbers
that receive the messages chosen for it), and what the gateway needs besides its address
and secret (for 阿里云: ``access_key_id``, ``sign_name``, ``template_code``; ``param``, the
template's variable, default "content"; ``max_chars``, its longest value, default 35)."""

import base64
import datetime
import hashlib
import hmac
import json
import re
from typing import Protocol
from urllib.parse import quote

from django.utils.translation import gettext_lazy as _

from duban.channels.payloads import Request

MOBILE = re.compile(r"1[3-9]\d{9}")
MOST_PHONES = 100


class Gateway(Protocol):
    label: str
    needs: tuple[str, ...]  # the options it cannot send without

    def request(
        self, url: str, secret: str, options: dict, phones: list[str], text: str, *, now, nonce
    ) -> Request: ...

    def accepted(self, status: int, body: bytes) -> str | None: ...


def rfc3986(value: str) -> str:
    """阿里云's percent-encoding: RFC 3986 unreserved characters kept, space as %20."""
    return quote(value, safe="-_.~")


class Aliyun:
    """阿里云短信服务 SendSms (API version 2017-05-25), RPC signature version 1.0: the
    sorted, percent-encoded query; string to sign ``GET&%2F&`` + its encoding; signature
    base64(HMAC-SHA1(key = AccessKeySecret + "&")); answer ``{"Code": "OK", …}``."""

    label = _("阿里云短信服务")
    needs = ("access_key_id", "sign_name", "template_code")
    endpoint = "https://dysmsapi.aliyuncs.com/"

    def query(self, secret: str, params: dict) -> str:
        canonical = "&".join(f"{rfc3986(k)}={rfc3986(params[k])}" for k in sorted(params))
        to_sign = "GET&%2F&" + rfc3986(canonical)
        digest = hmac.new(f"{secret}&".encode(), to_sign.encode(), hashlib.sha1).digest()
        return f"Signature={rfc3986(base64.b64encode(digest).decode())}&{canonical}"

    def request(self, url, secret, options, phones, text, *, now, nonce) -> Request:
        param = options.get("param") or "content"
        params = {
            "AccessKeyId": options["access_key_id"],
            "Action": "SendSms",
            "Format": "JSON",
            "PhoneNumbers": ",".join(phones),
            "RegionId": options.get("region") or "cn-hangzhou",
            "SignName": options["sign_name"],
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": nonce,
            "SignatureVersion": "1.0",
            "TemplateCode": options["template_code"],
            "TemplateParam": json.dumps({param: text}, ensure_ascii=False, separators=(",", ":")),
            "Timestamp": datetime.datetime.fromtimestamp(now, datetime.UTC).strftime(
                "%Y-%m-%dT%H:%M:%SZ"
            ),
            "Version": "2017-05-25",
        }
        base = url.split("?", 1)[0]
        return Request(f"{base}?{self.query(secret, params)}", None, {}, method="GET")

    def accepted(self, status: int, body: bytes) -> str | None:
        try:
            answer = json.loads(body.decode("utf-8") or "{}")
        except (UnicodeDecodeError, ValueError):
            return f"HTTP {status}" if not 200 <= status < 300 else "answer is not JSON"
        if not isinstance(answer, dict):
            return "answer is not a JSON object"
        if answer.get("Code") == "OK":
            return None
        return f"{answer.get('Code', f'HTTP {status}')}: {str(answer.get('Message', ''))[:200]}"


GATEWAYS: dict[str, Gateway] = {"aliyun": Aliyun()}


def short(text: str, limit: int) -> str:
    """The message as a text message: its first line without duban's 【督办】 mark (the
    gateway adds the bureau's own signature), cut to the template variable's limit."""
    line = text.removeprefix("【督办】").splitlines()[0].strip() if text.strip() else ""
    return line if len(line) <= limit else line[: max(limit - 1, 1)] + "…"


def phones_of(raw) -> list[str]:
    """Mobile numbers from a list or a text split by commas, spaces or 、; ValueError
    naming the first one that is not a mainland mobile number."""
    items = raw if isinstance(raw, list | tuple) else re.split(r"[\s,,、;;]+", str(raw))
    phones = []
    for item in (str(i).strip() for i in items):
        if not item:
            continue
        if not MOBILE.fullmatch(item):
            raise ValueError(item)
        if item not in phones:
            phones.append(item)
    return phones

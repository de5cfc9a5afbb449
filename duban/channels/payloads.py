"""The requests each robot documents, and how each says it took a message: pure functions,
so the bytes sent are checked against the documented formats.

- 钉钉 custom robot: POST {"msgtype": "text", "text": {"content": …}}; with 加签, the URL
  carries timestamp (ms) and sign = urlencode(base64(HmacSHA256(key=secret,
  msg=timestamp + "\\n" + secret))); answers {"errcode": 0, "errmsg": "ok"}.
- 企业微信 group robot: POST {"msgtype": "text", "text": {"content": …}}; answers
  {"errcode": 0, "errmsg": "ok"}.
- 飞书 custom bot: POST {"msg_type": "text", "content": {"text": …}}; with 签名校验, the body
  carries timestamp (s) and sign = base64(HmacSHA256(key=timestamp + "\\n" + secret,
  msg="")); answers {"code": 0, "msg": "success"} (older: "StatusCode": 0).
- generic webhook: POST {"kind", "organization", "text", "link", "sent_at"}; with a secret,
  the header X-Duban-Signature is the hex HmacSHA256 of the body."""

import base64
import datetime
import hashlib
import hmac
import json
from dataclasses import dataclass, field
from urllib.parse import quote_plus


@dataclass
class Request:
    url: str
    body: bytes | None
    headers: dict = field(default_factory=lambda: {"Content-Type": "application/json"})
    method: str = "POST"


def _json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _hmac(key: bytes, msg: bytes) -> bytes:
    return hmac.new(key, msg, digestmod=hashlib.sha256).digest()


def request_for(
    kind: str,
    url: str,
    text: str,
    *,
    secret: str = "",
    now: float,
    message_kind: str = "",
    organization: str = "",
    link: str = "",
    options: dict | None = None,
    nonce: str = "",
) -> Request:
    """``now``: seconds since the epoch (the signature's timestamp); ``options`` and
    ``nonce``: an SMS channel's settings and the request's one-time number."""
    if kind == "sms":
        from duban.channels.sms import GATEWAYS, short

        options = options or {}
        gateway = GATEWAYS[options.get("gateway") or "aliyun"]
        words = short(text, int(options.get("max_chars") or 35))
        phones = list(options.get("phones") or [])
        return gateway.request(url, secret, options, phones, words, now=now, nonce=nonce)
    if kind == "dingtalk":
        if secret:
            stamp = str(int(now * 1000))
            sign = base64.b64encode(_hmac(secret.encode(), f"{stamp}\n{secret}".encode()))
            url += ("&" if "?" in url else "?") + f"timestamp={stamp}&sign={quote_plus(sign)}"
        return Request(url, _json({"msgtype": "text", "text": {"content": text}}))
    if kind == "wecom":
        return Request(url, _json({"msgtype": "text", "text": {"content": text}}))
    if kind == "feishu":
        body: dict = {}
        if secret:
            stamp = str(int(now))
            sign = base64.b64encode(_hmac(f"{stamp}\n{secret}".encode(), b"")).decode()
            body = {"timestamp": stamp, "sign": sign}
        body.update({"msg_type": "text", "content": {"text": text}})
        return Request(url, _json(body))
    if kind == "webhook":
        sent_at = datetime.datetime.fromtimestamp(now, datetime.UTC).isoformat()
        body_bytes = _json(
            {
                "kind": message_kind,
                "organization": organization,
                "text": text,
                "link": link,
                "sent_at": sent_at,
            }
        )
        request = Request(url, body_bytes)
        if secret:
            request.headers["X-Duban-Signature"] = hmac.new(
                secret.encode(), body_bytes, hashlib.sha256
            ).hexdigest()
        return request
    raise ValueError(f"unknown channel kind {kind!r}")


def accepted(kind: str, status: int, body: bytes, options: dict | None = None) -> str | None:
    """None when the robot took the message, else what it said (one line)."""
    if kind == "sms":
        from duban.channels.sms import GATEWAYS

        return GATEWAYS[(options or {}).get("gateway") or "aliyun"].accepted(status, body)
    if not 200 <= status < 300:
        return f"HTTP {status}"
    if kind == "webhook":
        return None
    try:
        answer = json.loads(body.decode("utf-8") or "{}")
    except (UnicodeDecodeError, ValueError):
        return "answer is not JSON"
    if not isinstance(answer, dict):
        return "answer is not a JSON object"
    if kind in ("dingtalk", "wecom"):
        code, message = answer.get("errcode"), answer.get("errmsg", "")
    else:
        code = answer.get("code", answer.get("StatusCode"))
        message = answer.get("msg", answer.get("StatusMessage", ""))
    return None if code == 0 else f"{code}: {str(message)[:200]}"

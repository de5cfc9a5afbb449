"""Adding a bureau's channels, and sending to them: a message is stored as a Delivery
first, sent by the worker after the action that caused it has committed, tried again by
the worker's retries when the robot fails; a failed delivery never undoes or blocks the
action (it is listed on 系统状态 for that bureau)."""

import contextlib
import ipaddress
import socket
import time
import urllib.error
import urllib.request
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from duban import refusal
from duban.audit import stamp
from duban.channels.models import (
    CHOSEN_KINDS,
    Channel,
    ChannelKind,
    Delivery,
    DeliveryState,
    MessageKind,
)
from duban.channels.payloads import accepted, request_for
from duban.orgs.access import Access, Action
from duban.refusal import refused

TIMEOUT = 5  # seconds a robot has to answer


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A robot answers; it does not send the server on elsewhere (an address checked once
    could otherwise redirect into the intranet): a redirect is an HTTP error."""

    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(_NoRedirect)


def check_url(url: str) -> str:
    """A robot's address: http(s), a host that resolves, and (unless
    ``DUBAN_CHANNEL_ALLOW_PRIVATE``) not into the server's own networks; else refused in
    one line."""
    url = refusal.text(url, label=_("Webhook 地址")).strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise refused("bad_url", _("Webhook 地址须以 http:// 或 https:// 开头"))
    if not parts.hostname or len(url) > 500:
        raise refused("bad_url", _("Webhook 地址无效"))
    try:
        port = parts.port
        found = socket.getaddrinfo(parts.hostname, port or 443)
    except (OSError, UnicodeError, ValueError):
        raise refused(
            "unknown_host", _("找不到 %(host)s:请检查 Webhook 地址"), host=parts.hostname
        ) from None
    if not settings.DUBAN_CHANNEL_ALLOW_PRIVATE and any(_inside(a[4][0]) for a in found):
        raise refused(
            "private_host",
            _(
                "%(host)s 指向本机或内部网络,不能作为消息渠道"
                "(如确需内网机器人,请管理员开启 DUBAN_CHANNEL_ALLOW_PRIVATE)"
            ),
            host=parts.hostname,
        )
    return url


def _inside(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return not ip.is_global or ip.is_multicast


def _chosen(messages, *, none_is_all: bool = True) -> list[str]:
    chosen = list(messages or [])
    if not chosen and none_is_all:
        chosen = [k.value for k in CHOSEN_KINDS]
    unknown = [m for m in chosen if m not in MessageKind.values]
    if unknown:
        raise refused("bad_message_kind", _("未知的消息类型:%(kinds)s"), kinds="、".join(unknown))
    return chosen


def sms_options(given: dict) -> dict:
    """An SMS channel's settings, each text by the one rule; refused in one line when the
    gateway is unknown, a setting it needs is missing or a number is not a mobile one."""
    from duban.channels.sms import GATEWAYS, MOST_PHONES, phones_of

    gateway = (given.get("gateway") or "aliyun").strip()
    if gateway not in GATEWAYS:
        raise refused("bad_gateway", _("未知的短信网关:%(gateway)s"), gateway=gateway)
    options = {"gateway": gateway}
    for name in ("access_key_id", "sign_name", "template_code", "param", "region"):
        value = refusal.text(str(given.get(name) or ""), label=name).strip()[:100]
        if value:
            options[name] = value
    missing = [n for n in GATEWAYS[gateway].needs if n not in options]
    if missing:
        raise refused("sms_missing", _("短信渠道缺少设置:%(names)s"), names="、".join(missing))
    try:
        phones = phones_of(given.get("phones") or "")
    except ValueError as exc:
        raise refused("bad_phone", _("“%(phone)s”不是手机号码"), phone=str(exc)[:20]) from None
    if not phones or len(phones) > MOST_PHONES:
        raise refused("phones_count", _("短信渠道须有 1 到 %(most)s 个手机号码"), most=MOST_PHONES)
    options["phones"] = phones
    limit = str(given.get("max_chars") or "35").strip()
    if not limit.isdigit() or not 10 <= int(limit) <= 500:
        raise refused("bad_max_chars", _("短信变量长度应为 10 到 500 之间的整数"))
    options["max_chars"] = int(limit)
    return options


def add_channel(
    organization,
    *,
    actor,
    kind: str,
    url: str,
    secret: str = "",
    name: str = "",
    messages=None,
    options: dict | None = None,
) -> Channel:
    Access.of(actor).require(Action.EDIT, organization)
    if kind not in ChannelKind.values:
        raise refused("bad_kind", _("渠道类型应为 dingtalk、wecom、feishu、webhook 或 sms"))
    channel = Channel(
        organization=organization,
        kind=kind,
        url=check_url(url),
        secret=refusal.text(secret, label=_("加签密钥")).strip()[:200],
        name=refusal.text(name, label=_("名称")).strip()[:100],
        messages=_chosen(messages),
        options=sms_options(options or {}) if kind == ChannelKind.SMS else {},
    )
    if kind == ChannelKind.SMS and not channel.secret:
        raise refused("sms_secret", _("短信渠道须填写网关的密钥(AccessKey Secret)"))
    stamp(channel, actor).save()
    return channel


def change_channel(channel: Channel, *, actor, messages=None, is_active=None) -> Channel:
    """The kinds of message a channel takes, and whether it is on."""
    Access.of(actor).require(Action.EDIT, channel.organization)
    if messages is not None:
        channel.messages = _chosen(messages, none_is_all=False)
    if is_active is not None:
        channel.is_active = bool(is_active)
    channel.save(update_fields=["messages", "is_active"])
    return channel


def send_test(channel: Channel, *, actor) -> Delivery:
    """A test message to one channel, sent now (the office waits for the answer)."""
    Access.of(actor).require(Action.EDIT, channel.organization)
    name = channel.organization.name
    delivery = Delivery.objects.create(
        channel=channel, kind=MessageKind.TEST, text=f"【督办】{name}的测试消息"
    )
    with contextlib.suppress(DeliveryFailed):  # recorded on the delivery, shown to the office
        deliver(delivery)
    return delivery


def remove_channel(channel: Channel, *, actor) -> None:
    Access.of(actor).require(Action.EDIT, channel.organization)
    channel.delete()


def broadcast(organization_id: int, kind: str, text: str, link: str = "") -> list[Delivery]:
    """Queue the message for every active channel of the bureau that takes this kind; sent
    once the current transaction commits."""
    deliveries = [
        Delivery.objects.create(channel=channel, kind=kind, text=text[:2000], link=link[:500])
        for channel in Channel.objects.filter(organization_id=organization_id, is_active=True)
        if kind in channel.messages
    ]
    for delivery in deliveries:
        transaction.on_commit(
            lambda pk=delivery.pk: deliver_task.enqueue(delivery_id=pk, org_id=organization_id)
        )
    return deliveries


def tell(organization_id: int, kind: str, text: str, path: str = "") -> list[Delivery]:
    """A message of duban to the bureau's groups: marked 【督办】 (the keyword a robot can
    be set to require), with the link to the page when the site's address is known."""
    link = f"{settings.DUBAN_SITE_URL}{path}" if settings.DUBAN_SITE_URL and path else ""
    return broadcast(organization_id, kind, f"【督办】{text}" + (f"\n{link}" if link else ""), link)


class DeliveryFailed(Exception):
    """The robot did not take the message: the worker tries again later."""


def deliver(delivery: Delivery, *, now: float | None = None) -> Delivery:
    """One attempt; raises DeliveryFailed (after recording why) when it did not go."""
    if delivery.state == DeliveryState.SENT:
        return delivery
    channel = delivery.channel
    request = request_for(
        channel.kind,
        channel.url,
        delivery.text,
        secret=channel.secret,
        now=time.time() if now is None else now,
        message_kind=delivery.kind,
        organization=channel.organization.name,
        link=delivery.link,
        options=channel.options,
        nonce=uuid.uuid4().hex,
    )
    delivery.attempts += 1
    error = None
    try:
        check_url(channel.url)  # the name may point elsewhere since it was added
        # http(s) only: the address was checked when the channel was added
        http = urllib.request.Request(  # noqa: S310
            request.url, request.body, request.headers, method=request.method
        )
        with OPENER.open(http, timeout=TIMEOUT) as answer:
            error = accepted(channel.kind, answer.status, answer.read(65536), channel.options)
    except urllib.error.HTTPError as exc:
        error = f"HTTP {exc.code}"
        if channel.kind == ChannelKind.SMS:  # the gateway says why in its error answer
            error = accepted(channel.kind, exc.code, exc.read(65536), channel.options) or error
    except (urllib.error.URLError, OSError, ValueError) as exc:
        error = f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}"[:300]
    except ValidationError as exc:
        error = " ".join(exc.messages)[:300]
    if error is None:
        delivery.state, delivery.sent_at, delivery.last_error = (
            DeliveryState.SENT,
            timezone.now(),
            "",
        )
    else:
        delivery.state, delivery.last_error = DeliveryState.FAILED, error[:300]
    delivery.save(update_fields=["state", "sent_at", "last_error", "attempts"])
    if error is not None:
        raise DeliveryFailed(error)
    return delivery


@task()
def deliver_task(delivery_id: int, org_id: int | None = None) -> str:
    """One delivery, on the worker; ``org_id`` shows it to that bureau's 系统状态."""
    delivery = Delivery.objects.select_related("channel__organization").get(pk=delivery_id)
    return deliver(delivery).state

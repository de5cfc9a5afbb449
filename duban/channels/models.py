"""Where a bureau's messages go besides the site and e-mail: group robots of 钉钉, 企业微信
and 飞书, a generic JSON webhook; each delivery kept with its attempts and last error."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from duban.orgs.models import Organization


class ChannelKind(models.TextChoices):
    DINGTALK = "dingtalk", _("钉钉群机器人")
    WECOM = "wecom", _("企业微信群机器人")
    FEISHU = "feishu", _("飞书群机器人")
    WEBHOOK = "webhook", _("通用 JSON Webhook")
    SMS = "sms", _("短信")


class MessageKind(models.TextChoices):
    REMINDER = "reminder", _("填报提醒")
    RETURNED = "returned", _("报告退回")
    NOTICE = "notice", _("新督办单")
    ESCALATION = "escalation", _("督办单逾期升级")
    INSTRUCTION = "instruction", _("领导批示")
    TEST = "test", _("测试消息")


CHOSEN_KINDS = [k for k in MessageKind if k != MessageKind.TEST]  # what an office chooses


class Channel(models.Model):
    organization = models.ForeignKey(
        Organization, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="channels"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=ChannelKind.choices)
    name = models.CharField(_("名称"), max_length=100, blank=True)
    url = models.URLField(_("Webhook 地址"), max_length=500)
    secret = models.CharField(_("加签密钥"), max_length=200, blank=True)
    messages = models.JSONField(_("发送的消息"), default=list, blank=True)
    # an SMS channel's gateway, numbers and template (see duban.channels.sms)
    options = models.JSONField(_("短信设置"), default=dict, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("添加时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("消息渠道")
        verbose_name_plural = _("消息渠道")
        ordering = ["organization", "id"]

    def __str__(self) -> str:
        return f"{self.organization} · {self.get_kind_display()} {self.name}".strip()

    @property
    def shown_url(self) -> str:
        """The address without its token: a webhook's key is its password."""
        base, _sep, _query = self.url.partition("?")
        return base if len(base) <= 60 else base[:57] + "…"

    @property
    def phones(self) -> list[str]:
        return list(self.options.get("phones") or []) if self.kind == ChannelKind.SMS else []


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENT = "sent", _("已送达")
    FAILED = "failed", _("发送失败")


class Delivery(models.Model):
    channel = models.ForeignKey(
        Channel, verbose_name=_("渠道"), on_delete=models.CASCADE, related_name="deliveries"
    )
    kind = models.CharField(_("消息类型"), max_length=12, choices=MessageKind.choices)
    text = models.TextField(_("内容"))
    link = models.CharField(_("链接"), max_length=500, blank=True)
    state = models.CharField(
        _("状态"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    last_error = models.CharField(_("最近的错误"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    sent_at = models.DateTimeField(_("送达时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("消息投递")
        verbose_name_plural = _("消息投递")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.channel} · {self.get_kind_display()} · {self.get_state_display()}"

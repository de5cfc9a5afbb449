"""Personal API tokens: a script acts as the person who made the token, no more."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """Only the SHA-256 of a token is kept; the token itself is shown once, when made.
    A token is 256 random bits, so a fast hash is enough: nothing to guess from it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("用途"), max_length=100, help_text=_("如 市级平台同步"))
    prefix = models.CharField(_("前缀"), max_length=12, help_text=_("令牌开头几位,用来辨认"))
    digest = models.CharField(_("摘要"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked_at is None

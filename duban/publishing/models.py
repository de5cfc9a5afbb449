"""Publications (公开文件) with their government-information-disclosure metadata."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from duban.orgs.models import Organization


class PublicationKind(models.TextChoices):
    TASK_LIST = "task_list", _("重点工作任务清单")
    PROGRESS_TABLE = "progress_table", _("重点工作进展表")
    SUMMARY = "summary", _("工作总结和工作思路")
    OTHER = "other", _("其他")


class PublicationState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")


class Publication(models.Model):
    organization = models.ForeignKey(
        Organization, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="publications"
    )
    kind = models.CharField(_("类别"), max_length=20, choices=PublicationKind.choices)
    title = models.CharField(_("名称"), max_length=200)
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    period_code = models.CharField(_("报告期"), max_length=10, blank=True)
    body = models.TextField(_("正文"), blank=True, help_text=_("纯文本;显示时一律转义"))
    index_no = models.CharField(
        _("索引号"), max_length=60, blank=True, help_text=_("如 11330283002980620K/2023-147671")
    )
    category = models.CharField(_("组配分类"), max_length=50, blank=True)
    topic = models.CharField(_("主题分类"), max_length=50, blank=True)
    genre = models.CharField(_("体裁分类"), max_length=50, blank=True)
    publisher = models.CharField(_("发布机构"), max_length=100, blank=True)
    doc_no = models.CharField(_("文号"), max_length=60, blank=True)
    generated_on = models.DateField(_("生成日期"), null=True, blank=True)
    issued_on = models.DateField(_("发文日期"), null=True, blank=True)
    disclosure_method = models.CharField(_("公开方式"), max_length=20, default="主动公开")
    disclosure_scope = models.CharField(_("公开范围"), max_length=20, default="面向全社会")
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    previous = models.OneToOneField(
        "self",
        verbose_name=_("更正前版本"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="correction",
    )
    state = models.CharField(
        _("状态"), max_length=10, choices=PublicationState.choices, default=PublicationState.DRAFT
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.ForeignKey(
        "plans.SourceDocument",
        verbose_name=_("导入文件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="publications",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("公开文件")
        verbose_name_plural = _("公开文件")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if self.pk and self.state == PublicationState.PUBLISHED:
            stored = type(self).objects.filter(pk=self.pk).values_list("state", flat=True).first()
            if stored == PublicationState.PUBLISHED:
                raise ValidationError(_("已发布的公开文件不可修改,请发布更正版本。"))
        super().save(*args, **kwargs)

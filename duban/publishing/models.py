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
    BULLETIN = "bulletin", _("督查通报")
    OTHER = "other", _("其他")


class PublicationState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")


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
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("撤回人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdraw_reason = models.CharField(_("撤回原因"), max_length=200, blank=True)
    content = models.JSONField(
        _("内容"),
        null=True,
        blank=True,
        help_text=_("由数据生成的文档(标题、章节、表格);发布时冻结"),
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
        """A published version changes once more only to be withdrawn; a withdrawn one
        never again."""
        if self.pk:
            stored = type(self).objects.filter(pk=self.pk).values_list("state", flat=True).first()
            withdrawing = (stored, self.state) == ("published", "withdrawn")
            if stored in ("published", "withdrawn") and not withdrawing:
                raise ValidationError(_("已发布的公开文件不可修改,请发布更正版本。"))
        super().save(*args, **kwargs)


class PublicationFile(models.Model):
    """One rendered format of a published version, frozen when it was published."""

    publication = models.ForeignKey(
        Publication, verbose_name=_("公开文件"), on_delete=models.CASCADE, related_name="files"
    )
    format = models.CharField(_("格式"), max_length=10)
    file = models.FileField(_("文件"), upload_to="publications/%Y/")
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("字节数"))
    render_ms = models.PositiveIntegerField(_("生成用时(毫秒)"))

    class Meta:
        verbose_name = _("发布文件")
        verbose_name_plural = _("发布文件")
        constraints = [
            models.UniqueConstraint(fields=["publication", "format"], name="one_file_per_format")
        ]

    def __str__(self) -> str:
        return f"{self.publication} .{self.format}"


class IndexCounter(models.Model):
    """The last 索引号 serial handed out by an organization in a year; never goes back."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    last = models.PositiveIntegerField(_("已用序号"), default=0)

    class Meta:
        verbose_name = _("索引号序号")
        verbose_name_plural = _("索引号序号")
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="one_counter_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.year}: {self.last}"


class ClassificationKind(models.TextChoices):
    CATEGORY = "category", _("组配分类")
    TOPIC = "topic", _("主题分类")
    GENRE = "genre", _("体裁分类")


class Classification(models.Model):
    """An entry an office added to a disclosure classification list, beside the shipped
    ones (publishing/data/classifications.json)."""

    kind = models.CharField(_("分类"), max_length=10, choices=ClassificationKind.choices)
    name = models.CharField(_("名称"), max_length=50)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("机构"),
        on_delete=models.CASCADE,
        related_name="classifications",
    )
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("公开分类")
        verbose_name_plural = _("公开分类")
        ordering = ["kind", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "name", "organization"], name="one_classification_name"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"

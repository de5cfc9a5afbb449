"""Alerts raised by the status rules and 督办单 (notices) that press departments."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from duban.messages import in_readers_language
from duban.orgs.models import Department, Organization
from duban.plans.models import Task
from duban.progress.models import Period


class TaskStatus(models.TextChoices):
    DONE = "done", _("已完成")
    ON_TRACK = "on_track", _("正常")
    BEHIND = "behind", _("滞后")
    FAR_BEHIND = "far_behind", _("严重滞后")
    NOT_REPORTED = "not_reported", _("未报送")


class Alert(models.Model):
    task = models.ForeignKey(
        Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="alerts"
    )
    period = models.ForeignKey(
        Period,
        verbose_name=_("报告期"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="alerts",
    )
    status = models.CharField(_("状态"), max_length=15, choices=TaskStatus.choices)
    reason = models.TextField(_("原因"))
    raised_on = models.DateField(_("预警日期"))
    resolved_on = models.DateField(_("解除日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("预警")
        verbose_name_plural = _("预警")
        ordering = ["-raised_on"]

    def __str__(self) -> str:
        return f"{self.task} · {self.get_status_display()}"


class NoticeState(models.TextChoices):
    SENT = "sent", _("已下发")
    ANSWERED = "answered", _("已回复")
    RETURNED = "returned", _("退回重办")
    CLOSED = "closed", _("已办结")
    ESCALATED = "escalated", _("逾期升级")  # a step only: the notice stays as it was


class Notice(models.Model):
    """督办单: a written demand to a department to act on a task, with a reply deadline."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="notices"
    )
    number = models.CharField(_("编号"), max_length=40, help_text=_("如 督办〔2023〕5号"))
    task = models.ForeignKey(
        Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="notices"
    )
    alert = models.ForeignKey(
        Alert,
        verbose_name=_("预警"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notices",
    )
    department = models.ForeignKey(
        Department, verbose_name=_("责任科室"), on_delete=models.CASCADE, related_name="notices"
    )
    body = models.TextField(_("督办事项"))
    reply_due = models.DateField(_("回复期限"))
    promised_on = models.DateField(
        _("承诺完成日期"), null=True, blank=True, help_text=_("科室回复中承诺的新完成时限")
    )
    escalated_at = models.DateTimeField(_("升级时间"), null=True, blank=True)
    state = models.CharField(
        _("状态"), max_length=10, choices=NoticeState.choices, default=NoticeState.SENT
    )
    created_at = models.DateTimeField(_("下发时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("下发人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("督办单")
        verbose_name_plural = _("督办单")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "number"], name="notice_unique_number")
        ]

    def __str__(self) -> str:
        return self.number


class NoticeStep(models.Model):
    """Every step of a notice: sent, answered, closed, reopened — who, when, what was said."""

    notice = models.ForeignKey(
        Notice, verbose_name=_("督办单"), on_delete=models.CASCADE, related_name="steps"
    )
    state = models.CharField(_("状态"), max_length=10, choices=NoticeState.choices)
    text = models.TextField(_("内容"), blank=True)
    # a step duban writes itself (an escalation) keeps its message unfilled, so that each
    # reader sees it in their language; text is the Chinese
    message = models.CharField(_("消息模板"), max_length=300, blank=True)
    params = models.JSONField(_("消息参数"), default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    attachment = models.FileField(_("附件"), upload_to="notices/%Y/", blank=True)

    class Meta:
        verbose_name = _("督办记录")
        verbose_name_plural = _("督办记录")
        ordering = ["notice", "at", "id"]

    def __str__(self) -> str:
        return f"{self.notice} · {self.get_state_display()}"

    @property
    def shown_text(self) -> str:
        return in_readers_language(self.message, self.params, self.text)

    @property
    def attachment_name(self) -> str:
        return self.attachment.name.rsplit("/", 1)[-1] if self.attachment else ""


class StatusTally(models.Model):
    """A bureau's status counts on a day, as computed at a data revision of the bureau:
    what the city and province overview shows without judging every task again. A tally
    whose revision is behind the bureau's is stale and computed afresh."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="tallies"
    )
    day = models.DateField(_("日期"))
    revision = models.PositiveBigIntegerField(_("数据版本"))
    counts = models.JSONField(_("各状态任务数"))
    computed_at = models.DateTimeField(_("计算时间"), auto_now=True)

    class Meta:
        verbose_name = _("状态计数")
        verbose_name_plural = _("状态计数")
        constraints = [
            models.UniqueConstraint(fields=["organization", "day"], name="one_tally_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.day:%Y-%m-%d}"


class IndicatorReading(models.Model):
    """Every reading of a target linked to a catalogue indicator, with the indicator and
    the bureau beside it: kept so that a comparison finds each bureau's latest figure of
    one indicator with one index probe per bureau (figures.py keeps it in step)."""

    reading = models.OneToOneField(
        "progress.Reading", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    indicator = models.ForeignKey(
        "plans.IndicatorDefinition", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    as_of = models.DateField()

    class Meta:
        verbose_name = _("标准指标读数")
        verbose_name_plural = _("标准指标读数")
        indexes = [
            models.Index(
                fields=["indicator", "organization", "as_of", "reading"],
                name="indicator_reading_latest",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.organization_id} {self.as_of:%Y-%m-%d}"

"""Reporting periods, progress reports (季度安排 vs 季度进展) and readings of targets."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from duban.plans.models import Plan, Target, Task


class PeriodKind(models.TextChoices):
    MONTH = "month", _("月度")
    QUARTER = "quarter", _("季度")
    HALF = "half", _("半年")
    YEAR = "year", _("年度")


class Period(models.Model):
    """报告期, coded as 2023Q3, 2023H1, 2023, 2023-08."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("任务清单"), on_delete=models.CASCADE, related_name="periods"
    )
    code = models.CharField(_("代码"), max_length=10, help_text=_("如 2023Q3、2023H1、2023-08"))
    kind = models.CharField(_("类型"), max_length=10, choices=PeriodKind.choices)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    due_on = models.DateField(_("报送截止日期"))
    is_open = models.BooleanField(_("开放填报"), default=True)

    class Meta:
        verbose_name = _("报告期")
        verbose_name_plural = _("报告期")
        ordering = ["plan", "starts_on", "ends_on"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="period_unique_code"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.code


class SelfStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("未启动")
    IN_PROGRESS = "in_progress", _("推进中")
    DONE = "done", _("已完成")
    LAGGING = "lagging", _("滞后")


class ReportState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已报送")
    APPROVED = "approved", _("已审核")
    RETURNED = "returned", _("已退回")


class ProgressReport(models.Model):
    task = models.ForeignKey(
        Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="reports"
    )
    period = models.ForeignKey(
        Period, verbose_name=_("报告期"), on_delete=models.CASCADE, related_name="reports"
    )
    plan_items = models.JSONField(_("季度安排"), default=list, blank=True)
    progress_items = models.JSONField(_("季度进展"), default=list, blank=True)
    self_status = models.CharField(
        _("自评状态"), max_length=12, choices=SelfStatus.choices, default=SelfStatus.IN_PROGRESS
    )
    lag_reason = models.TextField(_("滞后原因"), blank=True)
    state = models.CharField(
        _("状态"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT
    )
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_comment = models.TextField(_("审核意见"), blank=True)
    version = models.PositiveIntegerField(
        _("版本"), default=1, help_text=_("每次保存加一;保存时核对,他人已改过则不覆盖")
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, db_index=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("进展报告")
        verbose_name_plural = _("进展报告")
        ordering = ["period", "task__order"]
        constraints = [
            models.UniqueConstraint(fields=["task", "period"], name="report_unique_task_period")
        ]

    def __str__(self) -> str:
        return f"{self.task} · {self.period}"


class Reading(models.Model):
    """A measured value of a target, as reported for a period."""

    report = models.ForeignKey(
        ProgressReport,
        verbose_name=_("进展报告"),
        on_delete=models.CASCADE,
        related_name="readings",
    )
    target = models.ForeignKey(
        Target, verbose_name=_("指标目标"), on_delete=models.CASCADE, related_name="readings"
    )
    value = models.DecimalField(_("实际值"), max_digits=20, decimal_places=4)
    as_of = models.DateField(_("截至日期"))
    quote = models.TextField(_("原文"), blank=True)
    evidence = models.FileField(_("佐证材料"), upload_to="evidence/%Y/", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("指标读数")
        verbose_name_plural = _("指标读数")
        ordering = ["target", "as_of"]
        # the status engine asks for each target's latest reading up to a day
        indexes = [models.Index(fields=["target", "as_of"], name="reading_target_as_of")]

    def __str__(self) -> str:
        return f"{self.target.name} = {self.value.normalize()}{self.target.unit} @ {self.as_of}"


class Reminder(models.Model):
    """A reminder sent to a department about a period, kept so none is sent twice."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("截止前提醒")
        DUE = "due", _("截止日提醒")

    period = models.ForeignKey(
        Period, verbose_name=_("报告期"), on_delete=models.CASCADE, related_name="reminders"
    )
    department = models.ForeignKey(
        "orgs.Department", verbose_name=_("科室"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField(_("发送时间"), auto_now_add=True)
    recipients = models.PositiveIntegerField(_("收件人数"), default=0)

    class Meta:
        verbose_name = _("填报提醒")
        verbose_name_plural = _("填报提醒")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "department", "kind"], name="reminder_once_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period} · {self.department} · {self.get_kind_display()}"

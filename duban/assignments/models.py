"""交办: a task a bureau above hands down to bureaus below it, each of which accepts it into
one of its plans (签收, a task linked back to the assignment) or declines it with a
reason (DESIGN.md §2, Assignment)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from duban.orgs.models import Organization
from duban.plans.models import Comparator, IndicatorDefinition, Target, Task


class Assignment(models.Model):
    issuer = models.ForeignKey(
        Organization,
        verbose_name=_("交办机构"),
        on_delete=models.CASCADE,
        related_name="assignments_issued",
    )
    title = models.CharField(_("交办事项"), max_length=500)
    goal = models.TextField(_("工作目标"), blank=True)
    due_on = models.DateField(_("完成时限"))
    section_title = models.CharField(
        _("任务来源"),
        max_length=200,
        help_text=_("下级清单中此任务所属的来源,如 市民政局重点工作任务"),
    )
    note = models.TextField(_("说明"), blank=True)
    # 分解: the issuer's own task this one was cut from; each accepted task is its child
    source_task = models.ForeignKey(
        Task,
        verbose_name=_("所分解的任务"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assignments",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("交办人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("交办时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("交办事项")
        verbose_name_plural = _("交办事项")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class AssignmentTarget(models.Model):
    """A figure the issuer wants reported: one value for all, or a value per bureau."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("交办事项"), on_delete=models.CASCADE, related_name="targets"
    )
    name = models.CharField(_("指标名称"), max_length=200)
    unit = models.CharField(_("计量单位"), max_length=20, blank=True)
    comparator = models.CharField(
        _("比较方式"), max_length=5, choices=Comparator.choices, default=Comparator.GE
    )
    value = models.DecimalField(_("目标值"), max_digits=18, decimal_places=4, null=True)
    indicator = models.ForeignKey(
        IndicatorDefinition,
        verbose_name=_("标准指标"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # {organization id: value} where bureaus get different values
    per_bureau = models.JSONField(_("各单位目标值"), default=dict, blank=True)

    class Meta:
        verbose_name = _("交办指标")
        verbose_name_plural = _("交办指标")
        ordering = ["assignment", "id"]

    def __str__(self) -> str:
        return self.name

    def value_for(self, organization_id: int):
        from decimal import Decimal

        given = self.per_bureau.get(str(organization_id))
        return Decimal(str(given)) if given is not None else self.value


class ReceiptState(models.TextChoices):
    PENDING = "pending", pgettext_lazy("assignment", "待签收")
    ACCEPTED = "accepted", pgettext_lazy("assignment", "已签收")
    DECLINED = "declined", pgettext_lazy("assignment", "已退回")
    CHANGE_ASKED = "change_asked", pgettext_lazy("assignment", "申请调整时限")


class Receipt(models.Model):
    """One receiving bureau's side of an assignment: waiting, accepted (its task),
    declined (why), or asking for another due date (until the issuer answers)."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("交办事项"), on_delete=models.CASCADE, related_name="receipts"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("承办机构"),
        on_delete=models.CASCADE,
        related_name="assignments_received",
    )
    state = models.CharField(
        _("状态"), max_length=15, choices=ReceiptState.choices, default=ReceiptState.PENDING
    )
    task = models.OneToOneField(
        Task,
        verbose_name=_("签收后的任务"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="receipt",
    )
    reason = models.TextField(_("退回或申请理由"), blank=True)
    asked_due_on = models.DateField(_("申请的完成时限"), null=True, blank=True)
    answered_at = models.DateTimeField(_("签收或退回时间"), null=True, blank=True)
    due_on = models.DateField(_("调整后的完成时限"), null=True, blank=True)
    answer = models.TextField(_("交办单位的答复"), blank=True)
    reminded_on = models.DateField(_("上次催签日期"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("交办签收")
        verbose_name_plural = _("交办签收")
        ordering = ["assignment", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "organization"], name="one_receipt_per_bureau"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assignment} → {self.organization}"

    @property
    def due(self):
        """This bureau's due date: the assignment's, unless the issuer agreed to another."""
        return self.due_on or self.assignment.due_on


class InstructionState(models.TextChoices):
    OPEN = "open", pgettext_lazy("instruction", "待落实")
    DONE = "done", pgettext_lazy("instruction", "已落实")


class Instruction(models.Model):
    """领导批示: a leader's instruction on a task (or on one of its reports or 督办单),
    answered by the responsible 科室 until the leader marks it carried out."""

    task = models.ForeignKey(
        Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="instructions"
    )
    report = models.ForeignKey(
        "progress.ProgressReport",
        verbose_name=_("进展报告"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="instructions",
    )
    notice = models.ForeignKey(
        "supervision.Notice",
        verbose_name=_("督办单"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="instructions",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("批示人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("批示内容"))
    state = models.CharField(
        _("状态"), max_length=10, choices=InstructionState.choices, default=InstructionState.OPEN
    )
    created_at = models.DateTimeField(_("批示时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("领导批示")
        verbose_name_plural = _("领导批示")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text[:40]


class InstructionReply(models.Model):
    """落实情况: what the 科室 did about an instruction; or the leader asking again."""

    instruction = models.ForeignKey(
        Instruction, verbose_name=_("批示"), on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("回复人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("落实情况"))
    asks_again = models.BooleanField(_("再次批示"), default=False)
    created_at = models.DateTimeField(_("回复时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("落实情况")
        verbose_name_plural = _("落实情况")
        ordering = ["instruction", "created_at", "id"]

    def __str__(self) -> str:
        return self.text[:40]


class TargetCopy(models.Model):
    """Which target of an accepted task is the copy of which target handed down: the same
    indicator by construction, so the issuer compares the bureaus' figures of it."""

    source = models.ForeignKey(
        AssignmentTarget,
        verbose_name=_("交办指标"),
        on_delete=models.CASCADE,
        related_name="copies",
    )
    target = models.OneToOneField(
        Target, verbose_name=_("指标目标"), on_delete=models.CASCADE, related_name="assigned_from"
    )

    class Meta:
        verbose_name = _("交办指标的副本")
        verbose_name_plural = _("交办指标的副本")

    def __str__(self) -> str:
        return f"{self.source} → {self.target_id}"

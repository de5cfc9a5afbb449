"""Key-task lists (任务清单): plans, their sections, tasks with sub-items, and targets."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy
from simple_history.models import HistoricalRecords

from duban import values
from duban.orgs.models import Department, Organization, Person
from duban.plans import catalogue
from duban.plans.completion import completion_percent


class BusinessLine(models.Model):
    """业务条线; the list ships as data (plans/data/business_lines.json)."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=50, unique=True)
    keywords = models.JSONField(_("关键词"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("业务条线")
        verbose_name_plural = _("业务条线")
        ordering = ["order"]

    def __str__(self) -> str:
        return catalogue.shown("line", self.code, self.name)[0]


class Direction(models.TextChoices):
    HIGHER = "higher", _("越高越好")
    LOWER = "lower", _("越低越好")


class IndicatorDefinition(models.Model):
    """A standard indicator bureaus can be compared on (plans/data/indicators.json)."""

    code = models.SlugField(_("代码"), max_length=60, unique=True)
    name = models.CharField(_("名称"), max_length=100, unique=True)
    unit = models.CharField(_("计量单位"), max_length=30)
    direction = models.CharField(
        _("方向"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    business_line = models.ForeignKey(
        BusinessLine,
        verbose_name=_("业务条线"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
    )
    aliases = models.JSONField(_("别名"), default=list, blank=True)
    description = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("标准指标")
        verbose_name_plural = _("标准指标")
        ordering = ["business_line__order", "name"]

    def __str__(self) -> str:
        name, unit = self.shown_name_and_unit
        return f"{name}({unit})" if unit == self.unit else f"{name} ({unit})"

    @property
    def shown_name_and_unit(self) -> tuple[str, str]:
        return catalogue.shown("indicator", self.code, self.name, self.unit)


class SourceDocument(models.Model):
    """A document read in by `duban import`: its own text and hash, kept with what came
    from it, so every task, target and reading can show where it was read."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="sources"
    )
    name = models.CharField(_("文件名"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    kind = models.CharField(_("类别"), max_length=20)
    title = models.CharField(_("标题"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    period_code = models.CharField(_("报告期"), max_length=10, blank=True)
    text = models.TextField(_("原文"), help_text=_("读入后的纯文本;显示时一律转义"))
    parsed = models.JSONField(_("识别结果"), default=dict)
    imported_at = models.DateTimeField(_("导入时间"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    replaced_by = models.OneToOneField(
        "self",
        verbose_name=_("被替换为"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
    )

    class Meta:
        verbose_name = _("导入文件")
        verbose_name_plural = _("导入文件")
        ordering = ["-imported_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "sha256"], name="source_document_once_per_org"
            )
        ]

    def __str__(self) -> str:
        return self.title or self.name


class PlanKind(models.TextChoices):
    TASK_LIST = "task_list", _("重点工作任务清单")
    OTHER = "other", _("其他计划")


class PlanState(models.TextChoices):
    """A plan the office is still building is its own (draft); 下发 puts it in force for
    the 科室 and leaders; at the end of its year it is closed."""

    DRAFT = "draft", pgettext_lazy("plan", "草稿")
    IN_FORCE = "in_force", pgettext_lazy("plan", "已下发")
    CLOSED = "closed", pgettext_lazy("plan", "已关闭")


class PlanQuerySet(models.QuerySet):
    def issued(self):
        """Plans put in force (or closed since): what the wall, the statuses and the
        superior's comparison judge; a draft is the office's alone."""
        return self.exclude(state=PlanState.DRAFT)


class Plan(models.Model):
    organization = models.ForeignKey(
        Organization, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="plans"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("标题"), max_length=200)
    kind = models.CharField(
        _("类别"), max_length=10, choices=PlanKind.choices, default=PlanKind.TASK_LIST
    )
    # existing and imported plans are the bureau's lists in force; the site's new plans
    # start as drafts (services.create_plan)
    state = models.CharField(
        _("状态"), max_length=10, choices=PlanState.choices, default=PlanState.IN_FORCE
    )
    starts_on = models.DateField(_("开始日期"), help_text=_("序时进度的起点,默认为1月1日"))
    ends_on = models.DateField(_("结束日期"), help_text=_("默认为12月31日"))
    source_name = models.CharField(_("来源文件"), max_length=200, blank=True)
    source = models.ForeignKey(
        SourceDocument,
        verbose_name=_("导入文件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plans",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords()
    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("任务清单")
        verbose_name_plural = _("任务清单")
        ordering = ["-year", "title"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.starts_on = self.starts_on or datetime.date(self.year, 1, 1)
        self.ends_on = self.ends_on or datetime.date(self.year, 12, 31)
        super().save(*args, **kwargs)


class Section(models.Model):
    """Where a group of tasks comes from, e.g. 区委十四届六次全会任务."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("任务清单"), on_delete=models.CASCADE, related_name="sections"
    )
    seq = models.CharField(_("序号"), max_length=10, blank=True, help_text=_("如 一、三"))
    title = models.CharField(_("标题"), max_length=200)
    order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("任务来源")
        verbose_name_plural = _("任务来源")
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        if not self.seq:
            return self.title
        return pgettext("a numbered heading", "%(seq)s、%(title)s") % {
            "seq": self.seq,
            "title": self.title,
        }


class TaskQuerySet(models.QuerySet):
    def owing_reports_due(self, due_on: datetime.date):
        """Tasks that owe a report due on that day: not closed by then."""
        return self.filter(models.Q(closed_on=None) | models.Q(closed_on__gt=due_on))


class Task(models.Model):
    plan = models.ForeignKey(
        Plan, verbose_name=_("任务清单"), on_delete=models.CASCADE, related_name="tasks"
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("任务来源"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级任务"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        help_text=_("子项(①②③)挂在其所属任务之下"),
    )
    seq = models.CharField(
        _("序号"), max_length=10, blank=True, help_text=_("按原文,如 1、8、①;序号可以跳号")
    )
    title = models.CharField(_("工作内容"), max_length=500)
    goal = models.TextField(_("工作目标"), blank=True)
    business_line = models.ForeignKey(
        BusinessLine,
        verbose_name=_("业务条线"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    leaders = models.ManyToManyField(
        Person, verbose_name=_("分管领导"), blank=True, related_name="led_tasks"
    )
    departments = models.ManyToManyField(
        Department,
        verbose_name=_("责任科室"),
        through="TaskDepartment",
        blank=True,
        related_name="tasks",
    )
    deadline = models.DateField(_("完成时限"), null=True, blank=True)
    weight = models.DecimalField(
        _("权重"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        help_text=_("子项汇总到上级任务时的权重"),
    )
    order = models.PositiveIntegerField(_("排序"), default=0)
    # a task with progress is not removed but closed, with the reason: it stays on the
    # wall and in the history as closed
    closed_on = models.DateField(_("关闭日期"), null=True, blank=True)
    # counts the office's edits: a save that started from an older one is refused
    version = models.PositiveIntegerField(_("版本"), default=1)
    close_reason = models.CharField(_("关闭原因"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, db_index=True)
    history = HistoricalRecords(m2m_fields=[leaders])
    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("任务")
        verbose_name_plural = _("任务")
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        return f"{self.seq}. {self.title}" if self.seq else self.title

    def owes_report_due(self, due_on: datetime.date) -> bool:
        return self.closed_on is None or self.closed_on > due_on

    def ordered_departments(self) -> list[Department]:
        """Responsible departments in the order printed; the first one leads."""
        return [link.department for link in self.department_links.all()]

    @property
    def lead_department(self) -> Department | None:
        depts = self.ordered_departments()
        return depts[0] if depts else None

    @property
    def lead_department_id(self) -> int | None:
        link = next(iter(self.department_links.all()), None)  # links are kept in order
        return link.department_id if link else None


class TaskDepartment(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="department_links")
    department = models.ForeignKey(
        Department, verbose_name=_("科室"), on_delete=models.CASCADE, related_name="task_links"
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0, help_text=_("0 为牵头科室"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("责任科室")
        verbose_name_plural = _("责任科室")
        ordering = ["task", "order"]
        constraints = [
            models.UniqueConstraint(fields=["task", "department"], name="task_department_unique")
        ]

    def __str__(self) -> str:
        return str(self.department)


class Comparator(models.TextChoices):
    EQ = "=", "="
    GE = ">=", "≥"
    LE = "<=", "≤"
    RANGE = "range", _("区间")


class Target(models.Model):
    task = models.ForeignKey(
        Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="targets"
    )
    name = models.CharField(_("指标名称"), max_length=200)
    unit = models.CharField(_("计量单位"), max_length=30, blank=True)
    comparator = models.CharField(
        _("比较方式"), max_length=5, choices=Comparator.choices, default=Comparator.GE
    )
    value = models.DecimalField(
        _("目标值"),
        max_digits=20,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("留空为监测指标:只记录实际值,不设目标"),
    )
    value_max = models.DecimalField(
        _("目标上限"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    due_date = models.DateField(_("完成时限"), null=True, blank=True)
    indicator = models.ForeignKey(
        IndicatorDefinition,
        verbose_name=_("标准指标"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="targets",
    )
    quote = models.TextField(_("原文"), blank=True, help_text=_("指标所在的原文语句"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("指标目标")
        verbose_name_plural = _("指标目标")
        ordering = ["task", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(comparator="range")
                | models.Q(value_max__isnull=False, value_max__gte=models.F("value")),
                name="target_range_has_upper_bound",
                violation_error_message=_("区间须填写下限和上限,上限不能小于下限"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.display_value()}"

    def completion(self, achieved: Decimal | None) -> Decimal | None:
        """Achieved against this target in percent (plans/completion.py)."""
        return completion_percent(self.comparator, self.value, achieved)

    def display_value(self) -> str:
        if self.value is None:
            return str(_("监测指标"))  # a str: it goes into Excel cells and JSON too
        if self.comparator == Comparator.RANGE:
            return f"{_plain(self.value)}–{_plain(self.value_max)}{self.unit}"
        sign = {"=": "", ">=": "≥", "<=": "≤"}[self.comparator]
        return f"{sign}{values.amount(self.value, self.unit)}"


def _plain(number: Decimal | None) -> str:
    if number is None:
        return ""
    text = format(number.normalize(), "f")
    return text


class ImportUpload(models.Model):
    """A file uploaded for import, held until the office confirms the preview."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="+"
    )
    batch = models.UUIDField(_("批次"), db_index=True)
    name = models.CharField(_("文件名"), max_length=255)
    data = models.BinaryField(_("内容"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    # the office's corrections of how the task table's columns were read: {"2": "goal"}
    column_roles = models.JSONField(_("列的识别(办公室改定)"), default=dict, blank=True)

    class Meta:
        verbose_name = _("待导入文件")
        verbose_name_plural = _("待导入文件")
        ordering = ["batch", "id"]

    def __str__(self) -> str:
        return self.name

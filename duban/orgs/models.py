"""Bureaus (机构), their departments (科室), people and what role each plays where."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from duban.messages import in_readers_language


class Level(models.TextChoices):
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")


class Organization(models.Model):
    name = models.CharField(
        _("名称"), max_length=100, unique=True, help_text=_("全称,如 宁波市奉化区民政局")
    )
    short_name = models.CharField(
        _("简称"), max_length=50, blank=True, help_text=_("文件中常用的自称,如 区民政局")
    )
    level = models.CharField(_("层级"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    disclosure_code = models.CharField(
        _("公开目录编码"),
        max_length=40,
        blank=True,
        help_text=_("索引号中“/”之前的部分,如 11330283002980620K"),
    )
    shown_on = models.DateField(
        _("默认查看日期"),
        null=True,
        blank=True,
        help_text=_("挂图晾晒和下级比较默认显示的日期;留空为今天(演示数据设为其文件所在的年份)"),
    )
    lag_tolerance = models.PositiveSmallIntegerField(
        _("滞后容差(百分点)"),
        default=5,
        help_text=_("完成度低于序时进度超过此值即为“滞后”"),
    )
    score_rules = models.JSONField(
        _("考核评分规则"), default=dict, blank=True, help_text=_("未填的规则用默认分值")
    )
    severe_lag_tolerance = models.PositiveSmallIntegerField(
        _("严重滞后容差(百分点)"),
        default=20,
        help_text=_("完成度低于序时进度超过此值即为“严重滞后”"),
    )
    index_pattern = models.CharField(
        _("索引号格式"),
        max_length=60,
        default="{code}/{year}-{serial:05d}",
        help_text=_("发布时按此生成索引号:{code} 公开目录编码,{year} 年度,{serial} 当年序号"),
    )
    revision = models.PositiveBigIntegerField(
        _("数据版本"),
        default=0,
        editable=False,
        help_text=_("任务、报告或读数每次改动后加一;上级比较页据此判断缓存的状态计数是否过期"),
    )

    class Meta:
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        ordering = ["level", "name"]

    def __str__(self) -> str:
        return self.name

    def ancestors(self) -> list["Organization"]:
        """From the direct parent up to the root; the tree is at most a few levels deep."""
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain


class Department(models.Model):
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("所属机构"),
        on_delete=models.CASCADE,
        related_name="departments",
    )
    name = models.CharField(_("名称"), max_length=100)
    aliases = models.CharField(
        _("别名"),
        max_length=200,
        blank=True,
        help_text=_("文件中出现的其他写法,以“、”分隔,如 儿童福利科"),
    )
    # a 科室 that was merged or dissolved: kept with its tasks and reports, offered no more
    is_active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("科室")
        verbose_name_plural = _("科室")
        ordering = ["organization", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="department_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """Someone named in the work: a leader in charge, a reporter, a clerk.

    Leaders named in a task list need not have an account; ``user`` links one when they do.
    """

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("所属机构"),
        on_delete=models.CASCADE,
        related_name="people",
    )
    name = models.CharField(_("姓名"), max_length=50)
    title = models.CharField(_("职务"), max_length=50, blank=True, help_text=_("如 副局长"))
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        ordering = ["organization", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="person_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    OFFICE = "office", _("办公室")
    REPORTER = "reporter", _("科室填报员")
    LEADER = "leader", _("分管领导")
    SUPERIOR = "superior", _("上级")


class Membership(models.Model):
    """A role a person holds in one organization (and, for reporters, one department)."""

    person = models.ForeignKey(
        Person, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("机构"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("角色"), max_length=10, choices=Role.choices)
    department = models.ForeignKey(
        Department,
        verbose_name=_("科室"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
        help_text=_("科室填报员必填"),
    )

    class Meta:
        verbose_name = _("角色分配")
        verbose_name_plural = _("角色分配")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organization", "role", "department"],
                name="membership_unique",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="reporter") | models.Q(department__isnull=False),
                name="membership_reporter_has_department",
            ),
        ]

    def __str__(self) -> str:
        where = self.department or self.organization
        return f"{self.person} · {self.get_role_display()} · {where}"


class Notification(models.Model):
    """A message in the site for one user: reminders, returned reports, notices."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    text = models.CharField(_("内容"), max_length=300)
    # the message before its values were put in, so that each reader sees it in their
    # own language: text is the Chinese, kept for e-mail and for messages without one
    message = models.CharField(_("消息模板"), max_length=300, blank=True)
    params = models.JSONField(_("消息参数"), default=dict, blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("站内通知")
        verbose_name_plural = _("站内通知")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text

    @property
    def shown(self) -> str:
        """The message in the reader's language."""
        return in_readers_language(self.message, self.params, self.text)

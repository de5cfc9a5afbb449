"""Readable change history of a task: its own fields, its departments and its targets."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import PurePosixPath

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext, pgettext, pgettext_lazy

from duban.orgs.models import Person
from duban.plans.models import Plan, Target, Task, TaskDepartment


@dataclass
class Change:
    at: datetime
    who: str
    what: str  # 新建 / 修改 / 删除
    subject: str  # 任务 / 指标 “…” / 责任科室
    fields: list[tuple[str, str, str]]  # (field label, before, after)


_KIND = {
    "+": pgettext_lazy("history", "新建"),
    "~": pgettext_lazy("history", "修改"),
    "-": pgettext_lazy("history", "删除"),
}
_SKIP = {"order", "id", "version"}


def _label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:
        return name


def _choices(model, name: str) -> dict:
    try:
        return {value: str(label) for value, label in model._meta.get_field(name).choices or []}
    except Exception:
        return {}


def _describe(record, prev, model, subject: str) -> Change | None:
    fields = []
    if record.history_type == "~" and prev is not None:
        delta = record.diff_against(prev, foreign_keys_are_objs=False)
        for c in delta.changes:
            if c.field in _SKIP:
                continue
            choices = _choices(model, c.field)
            old = choices.get(c.old, c.old) if isinstance(c.old, str) else c.old
            new = choices.get(c.new, c.new) if isinstance(c.new, str) else c.new
            field = _field(model, c.field)
            old, new = _shown(field, old), _shown(field, new)
            fields.append((_label(model, c.field), *_where_they_differ(old, new)))
        if not fields:
            return None
    user = record.history_user
    who = (user.first_name or user.username) if user else gettext("系统")
    what = str(_KIND[record.history_type])
    return Change(record.history_date, who, what, subject, fields)


def _field(model, name: str):
    try:
        return model._meta.get_field(name)
    except Exception:
        return None


def _shown(field, value) -> str:
    """A stored value as a person reads it: local time, a person's name, a file's name."""
    if value is None or value == "":
        return "—"
    if isinstance(field, models.ForeignKey):
        related = field.related_model.objects.filter(pk=value).first()
        if related is None:
            return f"#{value}"
        if isinstance(related, get_user_model()):
            return related.get_full_name() or related.username
        return str(related)
    if isinstance(field, models.FileField) or isinstance(value, FieldFile):
        return PurePosixPath(str(value)).name
    if isinstance(value, datetime):
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return _show(value)


SHOWN = 40  # characters of a long text shown around where two versions differ


def _where_they_differ(old: str, new: str) -> tuple[str, str]:
    """Long texts cut around their first difference, so that before and after do not
    look the same."""
    if len(old) <= SHOWN and len(new) <= SHOWN:
        return old, new
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    begin = max(start - 10, 0)

    def cut(text: str) -> str:
        middle = text[begin : len(text) - end + 10]
        if len(middle) > SHOWN * 2:
            middle = middle[: SHOWN * 2] + "…"
        return ("…" if begin else "") + middle + ("…" if len(text) - end + 10 < len(text) else "")

    return cut(old), cut(new)


def _show(value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list) and all(isinstance(v, str) for v in value):  # items
        return ";".join(v or "—" for v in value)
    if isinstance(value, list):  # m2m rows as dicts: {"task": 1, "person": 2}
        ids = [row["person"] for row in value if isinstance(row, dict) and "person" in row]
        names = Person.objects.in_bulk(ids)
        return "、".join(names[i].name if i in names else f"#{i}" for i in ids)
    return str(value)


def _with_previous(records):
    """Each history record with the one before it of the same object, from one query."""
    last = {}
    for record in records.order_by("history_date", "history_id"):
        yield record, last.get(record.id)
        last[record.id] = record


def plan_changes(plan: Plan) -> list[Change]:
    """Who created the plan, changed its title, year or kind, put it in force, closed it."""
    changes = [
        _describe(record, prev, Plan, pgettext("history", "清单"))
        for record, prev in _with_previous(plan.history.select_related("history_user"))
    ]
    return sorted((c for c in changes if c), key=lambda c: c.at, reverse=True)


def task_changes(task: Task, limit: int | None = None) -> list[Change]:
    changes: list[Change | None] = []
    for record, prev in _with_previous(task.history.select_related("history_user")):
        changes.append(_describe(record, prev, Task, pgettext("history", "任务")))
    targets = Target.history.filter(task_id=task.pk).select_related("history_user")
    for record, prev in _with_previous(targets):
        subject = gettext("指标“%(name)s”") % {"name": record.name}
        changes.append(_describe(record, prev, Target, subject))
    links = TaskDepartment.history.filter(task_id=task.pk).select_related(
        "history_user", "department"
    )
    for record, prev in _with_previous(links):
        subject = gettext("责任科室“%(name)s”") % {"name": record.department}
        changes.append(_describe(record, prev, TaskDepartment, subject))
    # sub-items added to or removed from this task (their own changes are on their pages)
    items = Task.history.filter(parent_id=task.pk, history_type__in=("+", "-"))
    for record in items.select_related("history_user"):
        subject = gettext("子项“%(name)s”") % {"name": f"{record.seq} {record.title}".strip()}
        changes.append(_describe(record, None, Task, subject))
    result = sorted((c for c in changes if c), key=lambda c: c.at, reverse=True)
    return result[:limit] if limit else result

"""督办台账: every 督办单 a user may see of a bureau (and of the bureaus below it), with
filters, counts by state, the overdue ones marked, sorting, and the same rows as a sheet."""

import datetime
import io
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from duban.sheets import inert
from duban.supervision.models import Notice, NoticeState

FILTERS = ("state", "department", "leader", "source", "overdue", "since", "until", "bureau")
ORDERS = {
    "-created": ("-created_at", "-id"),
    "created": ("created_at", "id"),
    "reply_due": ("reply_due", "id"),
    "-reply_due": ("-reply_due", "-id"),
    "number": ("number",),
    "state": ("state", "reply_due"),
}
OPEN = (NoticeState.SENT, NoticeState.RETURNED)


@dataclass
class Row:
    notice: Notice
    overdue_days: int  # days past the reply date, for a notice still to be answered


@dataclass
class Ledger:
    rows: list[Row]
    counts: dict[str, int] = field(default_factory=dict)
    overdue: int = 0


def _day(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value or "")
    except ValueError:
        return None


def build_ledger(notices, filters: dict, order: str = "-created", today=None) -> Ledger:
    """``notices``: the queryset the gate allows (access.visible_notices)."""
    today = today or timezone.localdate()
    counts = Counter(notices.values_list("state", flat=True))
    chosen = notices.select_related("organization", "department", "task", "alert")
    if filters.get("state") in NoticeState.values:
        chosen = chosen.filter(state=filters["state"])
    for name, lookup in (("department", "department"), ("bureau", "organization")):
        if str(filters.get(name, "")).isdigit():
            chosen = chosen.filter(**{lookup: int(filters[name])})
    if str(filters.get("leader", "")).isdigit():
        leader = int(filters["leader"])
        chosen = chosen.filter(Q(task__leaders=leader) | Q(task__parent__leaders=leader)).distinct()
    if filters.get("source") == "rule":
        chosen = chosen.filter(alert__isnull=False)
    elif filters.get("source") == "manual":
        chosen = chosen.filter(alert__isnull=True)
    if filters.get("overdue"):
        chosen = chosen.filter(state__in=OPEN, reply_due__lt=today)
    since, until = _day(filters.get("since")), _day(filters.get("until"))
    if since:
        chosen = chosen.filter(created_at__date__gte=since)
    if until:
        chosen = chosen.filter(created_at__date__lte=until)
    rows = [
        Row(n, (today - n.reply_due).days if n.state in OPEN and n.reply_due < today else 0)
        for n in chosen.order_by(*ORDERS.get(order, ORDERS["-created"]))
    ]
    overdue = notices.filter(state__in=OPEN, reply_due__lt=today).count()
    return Ledger(
        rows, {s: counts.get(s, 0) for s in NoticeState.values if s != "escalated"}, overdue
    )


HEADERS = [
    "编号", "单位", "任务", "责任科室", "督办事项", "来源", "下发日期", "回复期限", "状态",
    "逾期天数", "承诺完成日期",
]  # fmt: skip


def ledger_xlsx(ledger: Ledger) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "督办台账"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in ledger.rows:
        n = row.notice
        sheet.append(
            [
                n.number, n.organization.name, n.task.title, n.department.name, n.body,
                _("规则生成") if n.alert_id else _("人工下发"),
                timezone.localdate(n.created_at), n.reply_due, n.get_state_display(),
                row.overdue_days or None, n.promised_on,
            ]
        )  # fmt: skip
    for column, width in zip(
        "ABCDEFGHIJK", (16, 18, 30, 14, 40, 10, 12, 12, 10, 8, 12), strict=True
    ):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
    inert(sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

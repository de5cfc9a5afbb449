"""The Excel round trip of a period: a pre-filled .xlsx for one department (key columns
protected, row ids hidden), filled in offline in Excel or WPS, and read back into the
same reports through the same services: the whole file applies or nothing does."""

import datetime
import io
from dataclasses import dataclass, field

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from duban.ingest.readers import check_merged_ranges, office_parts
from duban.ingest.text import UnreadableDocument
from duban.orgs.access import Access, Action, fill_in_department_for
from duban.orgs.models import Department
from duban.plans.models import Target, Task
from duban.progress import services
from duban.progress.models import Period, ProgressReport, SelfStatus
from duban.sheets import inert

SHEET = "填报"
META = "_duban"
SALT = "duban.progress.excel"
HEADERS = [
    "行号", "版本", "序号", "工作内容", "季度安排", "季度进展", "自评状态", "滞后原因",
    "目标", "实际值", "截至日期",
]  # fmt: skip
WIDTHS = [8, 6, 6, 28, 36, 40, 10, 20, 14, 12, 12]
ID, VERSION, SEQ, TITLE, PLAN, PROGRESS, STATUS, REASON, TARGET, VALUE, AS_OF = range(11)
KEY_COLUMNS = (SEQ, TITLE, PLAN, TARGET)
STATUS_LABELS = {str(label): value for value, label in SelfStatus.choices}
EDITABLE_FILL = PatternFill("solid", fgColor="FFF9E5")


class FillInRefused(ValueError):
    """The uploaded file cannot be applied; the message says which row and why."""


def tasks_of(period: Period, department: Department):
    return (
        Task.objects.filter(plan=period.plan, parent=None, department_links__department=department)
        .owing_reports_due(period.due_on)
        .distinct()
        .order_by("section__order", "order")
        .prefetch_related("children", "department_links")
    )


def _rows(period: Period, department: Department):
    """(row id, version, seq, title, plan, progress, status, reason, target, value, as_of, editable
    columns) for every task, sub-item and target, in order."""
    tasks = list(tasks_of(period, department))
    reports = {
        r.task_id: r
        for r in ProgressReport.objects.filter(task__in=tasks, period=period).prefetch_related(
            "readings"
        )
    }
    targets = Target.objects.filter(Q(task__in=tasks) | Q(task__parent__in=tasks)).order_by("id")
    by_task: dict[int, list[Target]] = {}
    for target in targets:
        by_task.setdefault(target.task_id, []).append(target)
    for task in tasks:
        report = reports.get(task.pk)
        progress = list(report.progress_items) if report else []
        readings = {r.target_id: r for r in report.readings.all()} if report else {}
        children = sorted(task.children.all(), key=lambda c: c.order)
        status = report.get_self_status_display() if report else str(SelfStatus.IN_PROGRESS.label)
        own_progress = "" if children else "\n".join(progress)
        plan_text = "" if children else "\n".join(report.plan_items if report else [])
        yield (
            [f"task:{task.pk}", report.version if report else 0, task.seq, task.title,
             plan_text, own_progress, status, report.lag_reason if report else "", "", "", ""],
            (PROGRESS, STATUS, REASON) if not children else (STATUS, REASON),
        )  # fmt: skip
        for i, child in enumerate(children):
            yield (
                [f"item:{child.pk}", "", child.seq, "", child.title,
                 progress[i] if i < len(progress) else "", "", "", "", "", ""],
                (PROGRESS,),
            )  # fmt: skip
        for owner in [task, *children]:
            for target in by_task.get(owner.pk, []):
                reading = readings.get(target.pk)
                yield (
                    [f"target:{target.pk}", "", owner.seq, target.name, "", "", "", "",
                     target.display_value(),
                     float(reading.value) if reading else "",
                     reading.as_of if reading else ""],
                    (VALUE, AS_OF),
                )  # fmt: skip


def workbook_for(period: Period, department: Department) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append([f"{period.plan.title} · {period.code} · {department.name}(填写黄色单元格)"])
    sheet.append(HEADERS)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    statuses = DataValidation(
        type="list", formula1='"' + ",".join(STATUS_LABELS) + '"', allow_blank=True
    )
    sheet.add_data_validation(statuses)
    for values, editable in _rows(period, department):
        sheet.append(values)
        row = sheet.max_row
        for column in range(len(HEADERS)):
            cell = sheet.cell(row, column + 1)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if column in editable:
                cell.protection = Protection(locked=False)
                cell.fill = EDITABLE_FILL
        if STATUS in editable:
            statuses.add(sheet.cell(row, STATUS + 1))
    for column, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[chr(64 + column)].width = width
    sheet.column_dimensions["A"].hidden = True
    sheet.column_dimensions["B"].hidden = True
    sheet.freeze_panes = "C3"
    sheet.protection.sheet = True
    sheet.protection.formatRows = False  # people may still make a row taller to read it
    meta = book.create_sheet(META)
    meta["A1"] = signing.dumps({"period": period.pk, "department": department.pk}, salt=SALT)
    meta.sheet_state = "hidden"
    meta.protection.sheet = True
    buffer = io.BytesIO()
    inert(sheet)
    book.save(buffer)
    return buffer.getvalue()


@dataclass
class TaskChanges:
    task: Task
    version: int
    report: ProgressReport | None
    progress: list[str] | None = None
    status: str | None = None
    reason: str | None = None
    readings: dict[int, tuple] = field(default_factory=dict)
    lines: list[tuple[str, str, str]] = field(default_factory=list)  # (what, before, after)


@dataclass
class FillIn:
    period: Period
    department: Department
    changes: list[TaskChanges]

    @property
    def changed(self) -> list[TaskChanges]:
        return [c for c in self.changes if c.lines]


def _signed_template(data: bytes) -> tuple[Period, Department]:
    """The period and department the signed cell of the template names."""
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise FillInRefused("文件已损坏,无法打开") from None
    try:
        if META not in book.sheetnames or SHEET not in book.sheetnames:
            raise FillInRefused("不是本系统下载的填报模板")
        signed = next(book[META].iter_rows(min_row=1, max_row=1, values_only=True), (None,))
        ids = signing.loads(str(signed[0] or ""), salt=SALT)
        period = Period.objects.select_related("plan").get(pk=ids["period"])
        department = Department.objects.get(pk=ids["department"])
    except (
        signing.BadSignature,
        KeyError,
        TypeError,
        IndexError,
        Period.DoesNotExist,
        Department.DoesNotExist,
    ):
        raise FillInRefused("模板标识无效:不是本系统下载的填报模板,或已被改动") from None
    finally:
        book.close()
    return period, department


def read_fill_in(data: bytes, *, actor, expected_period: Period | None = None) -> FillIn:
    """Check an uploaded workbook against the database, row by row; apply nothing."""
    try:
        parts = office_parts(data)
    except UnreadableDocument as exc:
        raise FillInRefused(str(exc)) from None
    if "xl/workbook.xml" not in parts:
        raise FillInRefused("不是 Excel(.xlsx)文件")
    # who may report and the template's signature first, from a cheap streaming read;
    # only then the whole workbook, after its merged ranges are counted
    period, department = _signed_template(data)
    if expected_period is not None and period.pk != expected_period.pk:
        raise FillInRefused(f"这是报告期 {period.code} 的模板,不是 {expected_period.code} 的")
    try:  # the gate's rule for a 科室's sheet: the office any of its bureau's, a reporter its own
        fill_in_department_for(actor, period, department.pk)
    except Http404:
        raise FillInRefused(f"这是{department.name}的填报模板,您无权填报其中的任务") from None
    acc = Access.of(actor)
    try:
        check_merged_ranges(data)
        book = load_workbook(io.BytesIO(data), data_only=True)
    except UnreadableDocument as exc:
        raise FillInRefused(str(exc)) from None
    except Exception:
        raise FillInRefused("文件已损坏,无法打开") from None
    if SHEET not in book.sheetnames:
        raise FillInRefused("不是本系统下载的填报模板")
    expected = {values[ID]: values for values, _ in _rows(period, department)}
    tasks = {t.pk: t for t in tasks_of(period, department)}
    changes: dict[int, TaskChanges] = {}
    current_task = None
    sheet = book[SHEET]
    for number, row in enumerate(sheet.iter_rows(min_row=3, values_only=True), start=3):
        cells = [_text(v) for v in (list(row) + [None] * len(HEADERS))[: len(HEADERS)]]
        if not any(cells):
            continue
        row_id = cells[ID]
        known = expected.get(row_id)
        if known is None:
            raise FillInRefused(_unknown(row_id, number, period, department))
        for column in KEY_COLUMNS:
            if _text(known[column]) != cells[column]:
                raise FillInRefused(
                    f"第 {number} 行的“{HEADERS[column]}”被改动(应为“{_text(known[column])}”);"
                    "请在新下载的模板中填写"
                )
        kind, pk = row_id.split(":")
        if kind == "task":
            current_task = tasks[int(pk)]
            if not acc.may(Action.REPORT, current_task):
                raise FillInRefused(f"这是{department.name}的填报模板,您无权填报其中的任务")
            report = next((r for r in current_task.reports.all() if r.period_id == period.pk), None)
            entry = changes.setdefault(
                current_task.pk,
                TaskChanges(current_task, int(cells[VERSION] or 0), report),
            )
            _task_row(entry, known, cells, number, has_children=current_task.children.exists())
        elif kind == "item":
            entry = changes[current_task.pk]
            entry.progress = entry.progress if entry.progress is not None else []
            entry.progress.append(cells[PROGRESS])
            if cells[PROGRESS] != _text(known[PROGRESS]):
                entry.lines.append((f"{known[SEQ]} 进展", _text(known[PROGRESS]), cells[PROGRESS]))
        else:
            entry = changes[current_task.pk]
            changed = (cells[VALUE], cells[AS_OF]) != (_text(known[VALUE]), _text(known[AS_OF]))
            if cells[VALUE] and changed:
                entry.readings[int(pk)] = (cells[VALUE], _date(cells[AS_OF], number))
                entry.lines.append((f"{known[TITLE]} 实际值", _text(known[VALUE]), cells[VALUE]))
    fill_in = FillIn(period, department, list(changes.values()))
    _validate(fill_in, actor)
    return fill_in


def _task_row(entry, known, cells, number, has_children):
    status = STATUS_LABELS.get(cells[STATUS])
    if cells[STATUS] and status is None:
        raise FillInRefused(
            f"第 {number} 行的自评状态“{cells[STATUS]}”无效,应为:{'、'.join(STATUS_LABELS)}"
        )
    if cells[STATUS] != _text(known[STATUS]):
        entry.lines.append(("自评状态", _text(known[STATUS]), cells[STATUS]))
    entry.status = status
    if cells[REASON] != _text(known[REASON]):
        entry.lines.append(("滞后原因", _text(known[REASON]), cells[REASON]))
    entry.reason = cells[REASON]
    if not has_children:
        items = [line.strip() for line in cells[PROGRESS].splitlines() if line.strip()]
        if cells[PROGRESS] != _text(known[PROGRESS]):
            entry.lines.append(("季度进展", _text(known[PROGRESS]), cells[PROGRESS]))
        entry.progress = items


def _unknown(row_id: str, number: int, period: Period, department: Department) -> str:
    kind, _, pk = (row_id or "").partition(":")
    if kind == "task" and pk.isdigit():
        task = Task.objects.filter(pk=int(pk)).first()
        if task is not None and task.plan_id == period.plan_id:
            return (
                f"第 {number} 行的任务“{task.title}”不是{department.name}负责的任务,已拒绝整个文件"
            )
    return f"第 {number} 行的行号“{row_id or '(空)'}”无法识别,已拒绝整个文件"


def _validate(fill_in: FillIn, actor) -> None:
    """Run the real save inside a transaction that is rolled back: every rule of the
    services (numbers, dates in the period, versions) is checked exactly as on apply."""
    with transaction.atomic():
        _apply(fill_in, actor)
        transaction.set_rollback(True)


def _apply(fill_in: FillIn, actor) -> int:
    try:
        return _save_all(fill_in, actor)
    except services.StaleReport as exc:
        raise FillInRefused(
            f"下载模板后,“{exc.current.task.title}”的报告已被修改,请重新下载模板"
        ) from None
    except ValidationError as exc:
        raise FillInRefused(" ".join(exc.messages)) from None


def _save_all(fill_in: FillIn, actor) -> int:
    applied = 0
    for entry in fill_in.changed:
        report = services.save_report(
            entry.task,
            fill_in.period,
            actor=actor,
            progress_items=entry.progress,
            plan_items=[c.title for c in entry.task.children.order_by("order")] or None,
            self_status=entry.status,
            lag_reason=entry.reason,
            readings=entry.readings,
            expected_version=entry.version,  # 0: there was no report when it was downloaded
        )
        if report:
            applied += 1
    return applied


@transaction.atomic
def apply_fill_in(fill_in: FillIn, *, actor) -> int:
    """Apply every change of the file, or none of them."""
    return _apply(fill_in, actor)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value).strip()


def _date(text: str, number: int):
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        raise FillInRefused(f"第 {number} 行的截至日期“{text}”应为 2023-09-30 的格式") from None


__all__ = ["FillInRefused", "apply_fill_in", "read_fill_in", "workbook_for"]

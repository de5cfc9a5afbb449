"""Documents composed from the bureau's own data, the way each seed kind is published:
the key-task list (seed 002), the quarterly progress table (seed 000), and the draft of a
summary with next-period plans (seeds 001, 003, 004) for the office to edit."""

import re
from collections import defaultdict
from decimal import Decimal

from duban.orgs.models import Organization
from duban.plans.completion import completion_percent
from duban.plans.models import Plan, Task
from duban.progress.models import Period, ProgressReport, Reading, ReportState
from duban.publishing.document import Document, Table, numeral
from duban.supervision.board import bureau_statuses
from duban.supervision.status import LABELS


class NothingToPublish(ValueError):
    """The data a document needs is not there; the message says what is missing."""


def compose(org: Organization, kind: str, year: int, period: str = "") -> Document:
    if kind == "task_list":
        return task_list(org, year)
    if kind == "progress_table":
        return progress_table(org, year, period)
    if kind == "summary":
        return summary(org, year, period)
    if kind == "bulletin":
        from duban.supervision.bulletin import bulletin

        own = Period.objects.filter(plan__organization=org, plan__year=year, code=period)
        if not own.exists() and org.children.exists():  # a city's or province's: of those below
            from duban.supervision.bulletin import bureaus_bulletin

            return bureaus_bulletin(org, year, period)
        return bulletin(org, _period(org, year, period))
    raise NothingToPublish(
        f"未知的文件类别:{kind}(可用 task_list、progress_table、summary、bulletin)"
    )


def publisher(org: Organization) -> str:
    return org.short_name or org.name


def period_words(code: str) -> str:
    """2023Q3 → 第三季度, 2023H1 → 上半年, 2023 → 年度, 2023-08 → 8月."""
    if m := re.fullmatch(r"\d{4}Q([1-4])", code):
        return f"第{numeral(int(m.group(1)))}季度"
    if m := re.fullmatch(r"\d{4}H([12])", code):
        return "上半年" if m.group(1) == "1" else "下半年"
    if m := re.fullmatch(r"\d{4}-(\d{2})", code):
        return f"{int(m.group(1))}月"
    return "年度"


def _tasks(plan: Plan):
    return (
        Task.objects.filter(plan=plan, parent=None)
        .select_related("section", "business_line")
        .prefetch_related("leaders", "department_links__department")
        .order_by("section__order", "order", "id")
    )


def _plans_of(org: Organization, year: int):
    return Plan.objects.issued().filter(organization=org, year=year).order_by("created_at", "id")


def task_list(org: Organization, year: int) -> Document:
    plans = [p for p in _plans_of(org, year) if p.tasks.exists()]
    if not plans:
        raise NothingToPublish(f"{org.name} 没有 {year} 年的任务清单")
    doc = Document("task_list", f"{org.name}{year}年重点工作任务清单")
    table = Table(
        ["序号", "重点工作事项", "工作目标", "分管领导", "责任科室"], widths=[5, 20, 44, 11, 18]
    )
    for plan in plans:
        section = None
        for task in _tasks(plan):
            if task.section_id and task.section != section:
                section = task.section
                seq = (
                    f"{section.seq}、"
                    if section.seq and not section.title.startswith(section.seq)
                    else ""
                )
                table.rows.append(f"{seq}{section.title}")
            table.rows.append(
                [
                    task.seq,
                    task.title,
                    task.goal,
                    " ".join(p.name for p in task.leaders.all()),
                    " ".join(link.department.name for link in task.department_links.all()),
                ]
            )
    doc.table(table)
    return doc


def _period(org: Organization, year: int, code: str) -> Period:
    period = (
        Period.objects.filter(plan__organization=org, plan__year=year, code=code)
        .select_related("plan")
        .first()
    )
    if period is None:
        raise NothingToPublish(f"{org.name} 没有 {year} 年的报告期 {code or '(未指定)'}")
    return period


def progress_table(org: Organization, year: int, code: str) -> Document:
    period = _period(org, year, code)
    approved = {
        r.task_id: r
        for r in ProgressReport.objects.filter(period=period, state=ReportState.APPROVED)
    }
    doc = Document("progress_table", f"{org.name}{year}年{period_words(code)}重点工作进展表")
    what = "季度" if code[4:5] == "Q" else "工作"
    table = Table(["序号", "工作内容", f"{what}安排", f"{what}进展"], widths=[5, 15, 40, 40])
    for task in _tasks(period.plan):
        report = approved.get(task.pk)
        table.rows.append(
            [
                task.seq,
                task.title,
                list(report.plan_items) if report else [],
                list(report.progress_items) if report else [],
            ]
        )
    doc.table(table)
    return doc


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _figures(tasks: list[Task], period: Period) -> dict[int, list[str]]:
    """What each task achieved by the end of the period, in words: the latest reading of
    every catalogue indicator or valued target in the period's approved reports (an
    achievement is approved progress of that period, never a target or an older
    period's figure), with its completion and its change."""
    readings = (
        Reading.objects.filter(
            target__task__plan=period.plan,
            as_of__lte=period.ends_on,
            report__period=period,
            report__state=ReportState.APPROVED,
        )
        .select_related("target__indicator", "target__task")
        .order_by("as_of", "id")
    )
    latest = {}
    for reading in readings:
        latest[reading.target_id] = reading
    earlier: dict[int, Reading] = {}
    for reading in Reading.objects.filter(
        target_id__in=list(latest), as_of__lt=period.starts_on
    ).order_by("as_of", "id"):
        earlier[reading.target_id] = reading
    said: dict[int, list[str]] = defaultdict(list)
    for reading in latest.values():
        target = reading.target
        if target.indicator is None and target.value is None:
            continue  # a figure with no name from the catalogue and no target: left in the text
        name = target.indicator.name if target.indicator else target.name
        words = f"{name}{_number(reading.value)}{target.unit}"
        percent = completion_percent(target.comparator, target.value, reading.value)
        if percent is not None:
            words += f",为目标{_number(target.value)}{target.unit}的{_number(percent)}%"
        if (before := earlier.get(target.pk)) and before.value:
            change = (reading.value - before.value) / before.value * 100
            verb = "增长" if change >= 0 else "下降"
            words += (
                f",较{before.as_of:%Y年%-m月}{verb}{_number(abs(change).quantize(Decimal('0.1')))}%"
            )
        owner = target.task.parent_id or target.task_id
        said[owner].append(words)
    return said


# Words the office must replace before the summary can be published.
NO_APPROVED_PROGRESS = "(本期未报送经审核的进展。)"
WRITE_THE_PLAN = "(请在此填写下一阶段的工作思路。)"
PLACEHOLDERS = (NO_APPROVED_PROGRESS, WRITE_THE_PLAN)

_LEADING_NUMBER = re.compile(
    r"^\s*(?:[((][一二三四五六七八九十\d]+[))]|[一二三四五六七八九十\d]+[、.])\s*"
)


def _plain_title(title: str) -> str:
    return _LEADING_NUMBER.sub("", title).rstrip("。") or title


def _without_title(text: str, title: str) -> str:
    """A section's text often repeats its heading: (二)“七优享”工程推进有力。在市专班…"""
    stripped = _LEADING_NUMBER.sub("", text)
    if title and stripped.startswith(title):
        return stripped[len(title) :].lstrip("。. ") or text
    return text


def summary(org: Organization, year: int, code: str = "") -> Document:
    code = code or str(year)
    period = _period(org, year, code)
    plan = period.plan
    words = period_words(code)
    label = f"{year}年{'' if words == '年度' else words}"
    statuses = {row.task.pk: row.status for row in bureau_statuses(org, period.ends_on, [plan])}
    tasks = list(_tasks(plan))
    approved = {
        r.task_id: r
        for r in ProgressReport.objects.filter(period=period, state=ReportState.APPROVED)
    }
    next_plans = [
        p for p in Plan.objects.issued().filter(organization=org, year__in=[year, year + 1])
        if p.pk != plan.pk and not p.periods.filter(reports__state=ReportState.APPROVED).exists()
    ]  # fmt: skip
    next_words = "下半年" if words == "上半年" else f"{year + 1}年"
    doc = Document("summary", f"{org.name}{label}工作总结和{next_words}工作思路")
    counts = defaultdict(int)
    for status in statuses.values():
        counts[status.code] += 1
    tally = "、".join(f"{LABELS[c]} {n} 项" for c, n in counts.items() if n)
    doc.paragraph(
        f"{label},{publisher(org)}共推进重点工作 {len(tasks)} 项"
        + (f"(截至 {period.ends_on:%Y年%-m月%-d日}:{tally})" if tally else "")
        + "。现将有关情况总结如下。"
    )
    doc.heading(f"一、{label}工作总结")
    figures = _figures(tasks, period)
    quotes = _quotes(tasks, period)
    _by_line(
        doc, tasks, lambda task: _done_paragraphs(approved.get(task.pk), figures[task.pk],
                                                  quotes[task.pk])
    )  # fmt: skip
    doc.heading(f"二、{next_words}工作思路")
    upcoming = [t for p in next_plans for t in _tasks(p)]
    if upcoming:
        _by_line(doc, upcoming, _plan_paragraphs)
    else:
        doc.paragraph(WRITE_THE_PLAN)
    return doc


def _by_line(doc: Document, tasks: list[Task], paragraphs) -> None:
    lines: dict[str, list[Task]] = defaultdict(list)
    for task in tasks:
        lines[task.business_line.name if task.business_line else "其他工作"].append(task)
    for i, (line, members) in enumerate(lines.items(), start=1):
        doc.heading(f"({numeral(i)}){line}", 2)
        for j, task in enumerate(members, start=1):
            title = _plain_title(task.title)
            doc.heading(f"{j}.{title}", 3)
            for text in paragraphs(task):
                doc.paragraph(_without_title(text, title))


def _quotes(tasks: list[Task], period: Period) -> dict[int, list[str]]:
    """The sentences each task's readings of the period's approved reports were read
    from, in order, once each (not its targets' sentences: a target is not an
    achievement)."""
    found: dict[int, list[str]] = defaultdict(list)
    for task_id, quote in (
        Reading.objects.filter(
            report__task__in=tasks, report__period=period, report__state=ReportState.APPROVED
        )
        .order_by("id")
        .values_list("report__task_id", "quote")
    ):
        owner = found[task_id]
        if quote and quote not in owner:
            owner.append(quote)
    return found


def _done_paragraphs(report, figures: list[str], quotes: list[str]) -> list[str]:
    texts = [t for t in (report.progress_items if report else []) if t.strip()]
    if not texts and quotes:  # no text reported: the sentences its figures came from
        texts = [";".join(q.rstrip("。;,") for q in quotes) + "。"]
    if not texts:
        texts = [NO_APPROVED_PROGRESS]
    if figures:
        texts.append("主要指标:" + ";".join(figures) + "。")
    return texts


def _plan_paragraphs(task: Task) -> list[str]:
    texts = [task.goal] if task.goal else []
    targets = [
        f"{t.name}{'不少于' if t.comparator == '>=' else '不超过' if t.comparator == '<=' else ''}"
        f"{_number(t.value)}{t.unit}"
        for t in task.targets.all()
        if t.value is not None and t.indicator_id
    ]
    if targets:
        texts.append("目标:" + ";".join(targets) + "。")
    return texts

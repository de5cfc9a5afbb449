"""A whole document: header, kind, title, year, period, tasks, narrative sections and
indicators (DESIGN.md §5)."""

import hashlib
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from duban.ingest.blocks import Block
from duban.ingest.business_lines import classify
from duban.ingest.columns import Column, is_unit, role_of_header
from duban.ingest.figures import cell_figure, figure_tables
from duban.ingest.header import (
    date_of,
    normalise_date,
    publisher_of,
    read_header,
    starts_with_label,
)
from duban.ingest.indicators import ACTUAL, RATE, TARGET, Indicator, extract
from duban.ingest.numbered import numbered_tasks
from duban.ingest.readers import DEFAULT_LIMITS, Limits, read_blocks
from duban.ingest.spaced import regroup
from duban.ingest.tables import TaskTable, read_task_table, split_items, split_names
from duban.ingest.text import UnreadableDocument, text_blocks

_TITLE_WORDS = re.compile(r"(清单|进展表|进度表|总结|思路|计划|要点|安排|报告|情况)")
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_PART = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.]\s*)?(?P<year>\d{4}年)?(?:度)?(?P<half>上半年|下半年|全年)?"
    r"[^,。;]{0,16}?(?P<word>工作总结|总结|工作思路|思路|工作计划|工作要点|重点工作安排|工作安排|工作打算|打算)"
    r"[^,。;]{0,6}$"
)
_SECTION_MARKS = [
    (1, re.compile(r"^([一二三四五六七八九十]+)[、.]\s*(.+)$")),
    (2, re.compile(r"^\(([一二三四五六七八九十]+)\)\s*(.+)$")),
    (3, re.compile(r"^(\d{1,2})[、.](?!\d)\s*(.+)$")),
]
_POINTS = re.compile(r"[。;][一二三四五六七八九十]是")
_HEADING_END = re.compile(r"[。;:]")
HEADER_BLOCKS = 30


@dataclass
class ParsedTask:
    seq: str | None
    section: str | None
    title: str
    goal: str | None
    plan_items: list[str]
    progress_items: list[str]
    leaders: list[str]
    departments: list[str]
    business_line: str | None
    deadline: str | None = None


@dataclass
class ParsedSection:
    """A numbered part of the narrative: 一、 (一) 1、, with the part it is in."""

    seq: str
    level: int
    title: str
    part: int  # index into ParsedDocument.parts
    year: int | None
    business_line: str | None
    points: int = 0  # how many 一是 二是 … it lists
    text: str = ""


@dataclass
class ParsedPart:
    """总结 (what was done) or 计划/思路 (what will be done), with its own year."""

    kind: str  # "summary" or "plan"
    title: str
    year: int | None
    period: str | None


@dataclass
class Found:
    """An indicator with where it was found, for saving and for the preview."""

    indicator: Indicator
    block: int  # index into ParsedDocument.blocks
    task: int | None = None  # index into tasks
    item: int | None = None  # which plan/progress item of that task (0-based)
    column: str | None = None  # "goal", "plan" or "progress"
    section: int | None = None  # index into sections
    part: int | None = None  # index into parts


@dataclass
class ParsedDocument:
    source: str
    kind: str
    title: str | None
    publisher: str | None
    date: str | None
    index_no: str | None
    year: int | None
    period: str | None
    tasks: list[ParsedTask] = field(default_factory=list)
    indicators: list[Found] = field(default_factory=list)
    sections: list[ParsedSection] = field(default_factory=list)
    parts: list[ParsedPart] = field(default_factory=list)
    header: dict[str, str] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)  # of the task table, as read
    sha256: str = ""

    content_start: int = 0  # the first block after the disclosure header and the title

    @property
    def body(self) -> str:
        return "\n".join(block.text for block in self.blocks)

    @property
    def content(self) -> str:
        """The document's own text: without the page's header (索引号, 发布日期, 来源,
        访问次数 …) and title, which the publication keeps as its metadata."""
        blocks = self.blocks[self.content_start :]
        while blocks and not blocks[0].is_row and _is_header_line(blocks[0].text):
            blocks = blocks[1:]
        return "\n".join(block.text for block in blocks)

    def contract(self) -> dict:
        """The JSON object `duban import --dry-run --json` prints for this document."""
        tasks = []
        for task in self.tasks:
            data = asdict(task)
            data.pop("deadline")
            tasks.append(data)
        return {
            "source": self.source,
            "kind": self.kind,
            "title": self.title,
            "publisher": self.publisher,
            "date": self.date,
            "index_no": self.index_no,
            "year": self.year,
            "period": self.period,
            "tasks": tasks,
            "indicators": [found.indicator.contract() for found in self.indicators],
        }


def parse_file(path: Path, limits: Limits = DEFAULT_LIMITS) -> ParsedDocument:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableDocument(f"无法读取:{exc.strerror}") from exc
    return parse_bytes(path.name, data, limits)


def parse_bytes(
    source: str,
    data: bytes,
    limits: Limits = DEFAULT_LIMITS,
    corrected: dict[int, str | None] | None = None,
) -> ParsedDocument:
    """``corrected``: the office's roles for columns of the task table (index → role)."""
    doc = parse_blocks(source, read_blocks(source, data, limits), corrected)
    doc.sha256 = hashlib.sha256(data).hexdigest()
    return doc


def parse_text(source: str, text: str) -> ParsedDocument:
    return parse_blocks(source, text_blocks(text))


def parse_blocks(
    source: str, blocks: list[Block], corrected: dict[int, str | None] | None = None
) -> ParsedDocument:
    blocks = regroup(blocks)
    header = read_header([b.text for b in blocks[:HEADER_BLOCKS]])
    title_at, title = _find_title(blocks)
    if title is None and header.get("name"):
        title = header["name"]
    elif title is None:
        title_at, title = _title_above_header(blocks)
    signed_by, signed_on = _signature(blocks)
    date = date_of(header) or signed_on
    table = read_task_table(blocks, corrected)
    kind = _kind(title, header, table, blocks)
    year, period = _year_and_period(title, kind, date)
    doc = ParsedDocument(
        source=source,
        kind=kind,
        title=title,
        publisher=publisher_of(header) or signed_by,
        date=date,
        index_no=header.get("index_no"),
        year=year,
        period=period,
        header=header,
        blocks=blocks,
    )
    doc.content_start = title_at + 1 if title_at is not None else _after_header(blocks)
    if table is not None:
        doc.columns = table.columns
    if table is not None and table.rows:
        doc.tasks = [_task(row) for row in table.rows]
        _table_indicators(doc, table)
    if not doc.tasks:
        _numbered(doc)
    if not doc.tasks:
        start = title_at + 1 if title_at is not None else _after_header(blocks)
        figures = figure_tables(blocks)
        _narrative(doc, start, skip={b for b, _ in figures})
        for b, indicator in figures:
            doc.indicators.append(Found(indicator, block=b, part=len(doc.parts) - 1))
        _refuse_unknown_tables(doc, start)
    doc.indicators = _once(doc.indicators)
    return doc


def _once(found: list[Found]) -> list[Found]:
    """A figure restated later with the same name (建设工程23个 in the overview and again
    in section 二, a quarter's progress repeating the one before) counts once. Short
    names (完成, 新增) say too little to tell two figures apart, so they are all kept."""
    seen: dict[tuple, tuple] = {}
    kept = []
    for f in found:
        i = f.indicator
        key = (f.task, i.value, i.unit, i.kind, i.name)
        where = (f.block, f.column, f.item)  # one paragraph or cell: a list, not a restatement
        if len(i.name) >= 4 and seen.get(key, where) != where:
            continue
        seen.setdefault(key, where)
        kept.append(f)
    return kept


def _numbered(doc: ParsedDocument) -> None:
    """A task list written as numbered paragraphs with their 责任单位 lines."""
    found = numbered_tasks(doc.blocks, doc.content_start)
    if not found:
        return
    if doc.kind in ("other", "summary"):
        doc.kind = "task_list"
    for t, task in enumerate(found):
        doc.tasks.append(
            ParsedTask(
                seq=task.seq,
                section=task.section,
                title=task.title,
                goal=task.text,
                plan_items=[],
                progress_items=[],
                leaders=task.leaders,
                departments=task.departments,
                business_line=classify(task.title, task.text),
            )
        )
        for indicator in extract(task.text, default_kind=TARGET, year=doc.year):
            doc.indicators.append(Found(indicator, block=task.block, task=t, item=0, column="goal"))


def _refuse_unknown_tables(doc: ParsedDocument, start: int) -> None:
    """A document that is a table nobody can read: say so rather than import nothing."""
    rows = [b for b in doc.blocks[start:] if b.is_row and len(b.cells) >= 2]
    paragraphs = [b for b in doc.blocks[start:] if not b.is_row]
    known = any(
        sum(role_of_header(c)[0] is not None for c in b.cells) >= 3 for b in rows[:3]
    )  # a table whose columns are named (a catalogue): read, with nothing to take from it
    if (
        len(rows) >= 3
        and not known
        and not doc.indicators
        and not doc.sections
        and len(paragraphs) < 3
    ):
        raise UnreadableDocument(
            "表格没有可识别的表头(任务表应有“序号”“工作内容/重点工作事项”等列,"
            "指标表应有“指标名称”“计量单位”“目标值/完成值”等列)"
        )


_PAGE_COUNTERS = re.compile(r"(访问次数|浏览次数|阅读次数|点击数|字号)[::]")


def _is_header_line(text: str) -> bool:
    """A line of the page's header after the title: 发布日期:… 来源:办公室 访问次数: 字号:[ ]"""
    return len(text) <= 120 and bool(
        read_header([text]) or _PAGE_COUNTERS.search(text) or starts_with_label(text)
    )


def _after_header(blocks: list[Block]) -> int:
    """The first block after the disclosure header (rows and short label lines)."""
    for i, block in enumerate(blocks[:HEADER_BLOCKS]):
        if not block.is_row and len(block.text) > 40:
            return i
    return 0


def _task(row) -> ParsedTask:
    title = row.cells.get("title", "").strip()
    goal = row.cells.get("goal") or None
    return ParsedTask(
        seq=row.seq,
        section=row.section,
        title=title,
        goal=goal,
        plan_items=split_items(row.cells.get("plan")),
        progress_items=split_items(row.cells.get("progress")),
        leaders=split_names(row.cells.get("leaders")),
        departments=split_names(row.cells.get("departments")),
        business_line=classify(title, " ".join(filter(None, [goal, row.cells.get("plan")]))),
        deadline=row.cells.get("deadline"),
    )


def _table_indicators(doc: ParsedDocument, table: TaskTable) -> None:
    """Title, goal and plan cells state targets, progress and 已完成数 cells what was
    achieved, 完成率 cells the completion; a bare number counts in the unit of its row's
    单位 cell, its column's header (城镇新增就业(万人)) or the figure in its title."""
    header_unit = {c.role: c.unit for c in table.columns if c.unit}
    for t, (task, row) in enumerate(zip(doc.tasks, table.rows, strict=True)):
        row_unit = row.cells.get("unit") or "\0"
        first = len(doc.indicators)
        columns = [("goal", [task.goal] if task.goal else [], TARGET)]
        columns += [("plan", task.plan_items, TARGET), ("progress", task.progress_items, ACTUAL)]
        for column, items, kind in columns:
            for i, item in enumerate(items):
                if cell_figure("", item, kind, "", "") is not None:
                    continue  # a bare number: read below, in its row's unit
                for indicator in extract(item, default_kind=kind, year=doc.year):
                    if row_unit.startswith(f"{indicator.unit}/"):
                        indicator.unit = row_unit  # 不低于60元 in a 元/月/人 row
                    doc.indicators.append(
                        Found(indicator, block=table.start, task=t, item=i, column=column)
                    )
        for n, cells in enumerate([row.cells, *row.subrows]):
            _row_figures(doc, table, t, cells, header_unit, subrow=n > 0, first=first)


_FIGURE_COLUMNS = (("goal", TARGET), ("actual", ACTUAL), ("rate", RATE))


def _row_figures(doc, table, t, cells: dict, header_unit: dict, subrow: bool, first: int) -> None:
    title = cells.get("title", "")
    quote = " ".join(cells.values())
    bracket = re.search(r"[((]([^()()]{1,8})[))]$", title)
    if bracket and not is_unit(bracket.group(1)):
        bracket = None  # (平江17、汩罗4) says where, not in what unit
    name = title[: bracket.start()].strip() if bracket else title
    in_title = extract(title, default_kind=TARGET, year=doc.year) if title else []
    found_in = [f.indicator for f in doc.indicators[first:]]  # this task's, so far
    for indicator in in_title:
        if not any(i.value == indicator.value and i.unit == indicator.unit for i in found_in):
            doc.indicators.append(Found(indicator, block=table.start, task=t, column="title"))
    row_unit = cells.get("unit", "")
    for role, kind in _FIGURE_COLUMNS:
        cell = cells.get(role)
        if not cell:
            continue
        unit = row_unit or header_unit.get(role) or (bracket.group(1) if bracket else "")
        unit = unit or (in_title[0].unit if in_title else "")
        figure = cell_figure(name, cell, kind, unit, quote)
        if figure is not None:
            item = 0 if role == "goal" and not subrow else None  # marked in the goal cell
            doc.indicators.append(Found(figure, block=table.start, task=t, item=item, column=role))
        elif role == "actual" or (role == "goal" and subrow):  # a row's goal text: read above
            for indicator in extract(cell, default_kind=kind, year=doc.year):
                if row_unit and row_unit.startswith(indicator.unit + "/"):
                    indicator.unit = row_unit  # 不低于60元 in a 元/月/人 row
                doc.indicators.append(Found(indicator, block=table.start, task=t, column=role))


def _narrative(doc: ParsedDocument, start: int, skip: set[int]) -> None:
    """Parts (总结 / 思路), numbered sections and the indicators in their paragraphs."""
    title = doc.title or ""
    planned = re.search(r"计划|要点|思路|安排", title) and "总结" not in title
    doc.parts.append(
        ParsedPart("plan" if planned else "summary", title, doc.year, doc.period or None)
    )
    section_index: int | None = None
    for b in range(start, len(doc.blocks)):
        block = doc.blocks[b]
        text = block.cells[0] if block.is_row and len(block.cells) == 1 else block.text
        if block.is_row and len(block.cells) > 1:
            text = " ".join(block.cells)
        elif (heading := _PART.match(text)) and len(text) <= 40:
            _start_part(doc, heading, text)
            section_index = None
            continue
        else:
            for level, mark in _SECTION_MARKS:
                if match := mark.match(text):
                    heading_text = _HEADING_END.split(match.group(2), maxsplit=1)[0][:80]
                    doc.sections.append(
                        ParsedSection(
                            seq=match.group(1),
                            level=level,
                            title=heading_text.strip(),
                            part=len(doc.parts) - 1,
                            year=doc.parts[-1].year,
                            business_line=None,
                        )
                    )
                    section_index = len(doc.sections) - 1
                    break
        if section_index is not None:
            section = doc.sections[section_index]
            section.text = f"{section.text}\n{text}" if section.text else text
            section.points += len(_POINTS.findall(text)) + (text[1:2] == "是")
        part = doc.parts[-1]
        if b in skip:
            continue  # a row of a table of figures, read by its columns
        kind = TARGET if part.kind == "plan" else ACTUAL
        for indicator in extract(text, default_kind=kind, year=part.year):
            doc.indicators.append(
                Found(indicator, block=b, section=section_index, part=len(doc.parts) - 1)
            )
    for section in doc.sections:
        section.business_line = classify(section.title, section.text)


def _start_part(doc: ParsedDocument, heading: re.Match, text: str) -> None:
    kind = "summary" if "总结" in heading.group("word") else "plan"
    year = int(heading.group("year")[:4]) if heading.group("year") else doc.year
    half = {"上半年": "H1", "下半年": "H2"}.get(heading.group("half") or "")
    period = f"{year}{half}" if year and half else (str(year) if year else None)
    title = re.sub(r"^[一二三四五六七八九十]+[、.]\s*", "", text)
    last_index = len(doc.parts) - 1
    if (
        doc.parts
        and not any(s.part == last_index for s in doc.sections)
        and not any(f.part == last_index for f in doc.indicators)
    ):
        doc.parts.pop()  # the document's own title part had nothing in it
    last = doc.parts[-1] if doc.parts else None
    if last is not None and (last.kind, last.period) == (kind, period):
        last.title = title  # 一、上半年工作总结 under a title that says the same
        return
    doc.parts.append(ParsedPart(kind, title, year, period))


def _find_title(blocks: list[Block]) -> tuple[int | None, str | None]:
    """A short line naming the document, like 区民政局2023年第三季度重点工作进展表."""
    for i, block in enumerate(blocks[:40]):
        text = block.cells[0] if block.is_row else block.text
        if len(text) > 60 and len(block.cells) <= 1:
            break  # the body has begun: a title is above it
        if block.is_row and len(block.cells) > 1:
            continue
        if not 6 <= len(text) <= 60:
            continue
        if re.search(r"[::]", text) or re.match(
            r"^(?:[一二三四五六七八九十]+[、.]|\d{1,2}[、.]|\()", text
        ):
            continue
        if _TITLE_WORDS.search(text) and re.search(r"\d{4}年|年度|上半年|下半年", text):
            return i, text
    return None, None


_ORG_END = re.compile(r"(局|委|委员会|办公室|政府|厅|办|中心|处|院|会|部|所|站)$")
_SIGNED_ON = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")


def _signature(blocks: list[Block]) -> tuple[str | None, str | None]:
    """The name and date a notice is signed with: a line naming a body, then a line with
    only a date (湖州市人民政府办公室 / 2020年5月22日); the date alone when no name is."""
    texts = [b.text.strip() for b in blocks[:80] if not b.is_row]
    for i, text in enumerate(texts):
        if not _SIGNED_ON.match(text):
            continue
        name = texts[i - 1] if i else ""
        signed_by = name if 4 <= len(name) <= 30 and _ORG_END.search(name) else None
        if signed_by and re.search(r"[,。;:,:、\s]", signed_by):
            signed_by = None
        return signed_by, normalise_date(text)
    return None, None


_HANZI = re.compile(r"[\u4e00-\u9fff]")
_NOT_A_TITLE = re.compile(r"[::>›»•]|^[-*]|当前位置|首页|[。;]$")


def _title_above_header(blocks: list[Block]) -> tuple[int | None, str | None]:
    """The document's own title line where it has no year or title word: the last short
    line before the page's header lines (发布时间 … 来源 …, 浏览次数, a posting date),
    before the addressees of a notice (各区县民政局:), or printed twice at the top."""
    seen: dict[str, int] = {}
    for i, block in enumerate(blocks[:HEADER_BLOCKS]):
        text = (block.cells[0] if block.is_row and len(block.cells) == 1 else block.text).strip()
        if block.is_row and len(block.cells) > 1:
            continue
        if text in seen and 6 <= len(text) <= 100 and not _NOT_A_TITLE.search(text):
            return seen[text], text
        seen.setdefault(text, i)
        if i + 1 >= len(blocks) or not 6 <= len(text) <= 100 or _NOT_A_TITLE.search(text):
            continue
        if len(_HANZI.findall(text)) < 4 or (i and re.search(r"[::]$", blocks[i - 1].text)):
            continue  # a number, or the value of the label above it
        after = blocks[i + 1].text.strip()
        if _is_header_line(after) or (re.search(r"[::]$", after) and after.startswith("各")):
            return i, text
    return None, None


def _kind(title: str | None, header: dict, table, blocks: list[Block]) -> str:
    """A task list is a plan of tasks, a progress table has a progress or completion
    column, a summary is prose about work done or to do; a bulletin, a statistics table,
    a disclosure report, a catalogue or a notice is 'other'."""
    title = title or ""
    if "清单" in title:
        return "task_list"
    if re.search(r"进展|进度", title) and "表" in title:
        return "progress_table"
    if re.search(r"总结|思路|计划|要点", title) or "总结" in header.get("category", ""):
        return "summary"
    if re.search(r"通报$", title):  # a bulletin, whatever tables of tasks it ranks
        return "other"
    if table is not None and table.rows:
        roles = set(table.roles)
        if roles & {"progress", "actual", "rate"}:
            return "progress_table"
        if roles & {"goal", "leaders", "departments"}:
            return "task_list"
    if issued := re.search(r"印发(.+?)的?通知", title):
        title = issued.group(1)  # a cover notice is of the kind of what it issues
        if re.search(r"总结|思路|计划|要点", title):
            return "summary"
    if _OTHER_TITLE.search(title) or _OTHER_BODY.search(_opening(blocks)):
        return "other"
    if _PLAN_TITLE.search(title):
        return "summary"
    prose = sum(len(b.text) for b in blocks if not b.is_row and len(b.text) > 60)
    rows = sum(len(b.text) for b in blocks if b.is_row and len(b.cells) > 1)
    return "summary" if prose >= 120 and prose > rows else "other"


# a bulletin, statistics, a disclosure report or catalogue, a rule or a cover notice
_OTHER_TITLE = re.compile(
    r"通报|统计|报表|年度报告|年报|目录|办法|意见|方案|通知|进展情况|公告|公示"
)
_OTHER_BODY = re.compile(r"政府信息公开工作年度报告|信息公开年报|主动公开基本目录")
_PLAN_TITLE = re.compile(r"规划|纲要")


def _opening(blocks: list[Block]) -> str:
    return " ".join(b.text for b in blocks[:8])[:600]


def _year_and_period(title: str | None, kind: str, date: str | None):
    title = title or ""
    year_match = re.search(r"(\d{4})\s*年", title)
    if year_match:
        year = int(year_match.group(1))
    elif date:
        # A summary published early in a year is about the year before.
        year = int(date[:4]) - (1 if kind == "summary" and int(date[5:7]) <= 3 else 0)
    else:
        return None, None
    after = title[year_match.end() :] if year_match else ""
    if q := re.search(r"第([一二三四1-4])季度", after):
        return year, f"{year}Q{_QUARTERS[q.group(1)]}"
    if "上半年" in after:
        return year, f"{year}H1"
    if "下半年" in after:
        return year, f"{year}H2"
    if m := re.search(r"1\s*[至到-]\s*(\d{1,2})\s*月", after):
        return year, f"{year}-{int(m.group(1)):02d}"
    return year, str(year)

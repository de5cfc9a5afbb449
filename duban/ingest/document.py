"""A whole document: header, kind, title, year, period and tasks (DESIGN.md §5)."""

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from duban.ingest.business_lines import classify
from duban.ingest.header import read_header
from duban.ingest.tables import read_task_table, split_items, split_names
from duban.ingest.text import UnreadableDocument, decode, lines

_TITLE_WORDS = re.compile(r"(清单|进展表|进度表|总结|思路|计划|要点|安排|报告)")
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


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
    indicators: list[dict] = field(default_factory=list)
    header: dict[str, str] = field(default_factory=dict)
    body: str = ""

    def contract(self) -> dict:
        """The JSON object `duban import --dry-run --json` prints for this document."""
        data = asdict(self)
        for task in data["tasks"]:
            task.pop("deadline")
        data.pop("header")
        data.pop("body")
        return data


def parse_file(path: Path) -> ParsedDocument:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableDocument(f"无法读取:{exc.strerror}") from exc
    return parse_text(path.name, decode(data))


def parse_text(source: str, text: str) -> ParsedDocument:
    all_lines = lines(text)
    header = read_header(all_lines)
    title = _find_title(all_lines) or header.get("name")
    date = header.get("issued_on") or header.get("generated_on") or header.get("published_on")
    table = read_task_table(all_lines)
    tasks = [_task(row) for row in table.rows] if table else []
    kind = _kind(title, header, table)
    year, period = _year_and_period(title, kind, date)
    return ParsedDocument(
        source=source,
        kind=kind,
        title=title,
        publisher=header.get("publisher"),
        date=date,
        index_no=header.get("index_no"),
        year=year,
        period=period,
        tasks=tasks,
        header=header,
        body="\n".join(all_lines),
    )


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


def _find_title(all_lines: list[str]) -> str | None:
    """A short line naming the document, like 区民政局2023年第三季度重点工作进展表."""
    for line in all_lines[:40]:
        text = line.split("|")[0].strip() if "|" in line else line
        rest = line[len(text) :].replace("|", "").strip()
        if rest or not 6 <= len(text) <= 60:
            continue
        if re.search(r"[::]", text) or re.match(r"^[一二三四五六七八九十\d(（]", text):
            continue
        if _TITLE_WORDS.search(text) and re.search(r"\d{4}年|年度|上半年|下半年", text):
            return text
    return None


def _kind(title: str | None, header: dict, table) -> str:
    title = title or ""
    if "清单" in title:
        return "task_list"
    if re.search(r"进展|进度", title) and "表" in title:
        return "progress_table"
    if re.search(r"总结|思路|计划|要点", title) or "总结" in header.get("category", ""):
        return "summary"
    if table is not None:
        roles = set(table.roles)
        if "progress" in roles:
            return "progress_table"
        if "goal" in roles or "leaders" in roles:
            return "task_list"
    return "other"


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

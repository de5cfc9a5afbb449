"""What a table's column holds, decided from its header words and its cells together, with
the reason kept so that the preview can say why a column was read as it was.

Header names vary without end (项目内容, 实施内容, 牵头单位, 实施部门, 1-8月实际完成情况,
单 位, 城镇新增就业(人) …): a header is read by the words in it, in an order that settles
the overlaps (目标名称 names the row, 目标任务 is its goal, 完成时限 a deadline, 完成情况
progress). A column whose header says nothing (备注, no header at all) is read by its
cells: names of units are departments, names of people leaders, percentages completion,
dates and 年底前 deadlines."""

import functools
import re
from dataclasses import dataclass

SEQ, TITLE, GOAL, PLAN, PROGRESS = "seq", "title", "goal", "plan", "progress"
ACTUAL, RATE, UNIT = "actual", "rate", "unit"
LEADERS, DEPARTMENTS, DEADLINE, STATUS, NOTE = (
    "leaders",
    "departments",
    "deadline",
    "status",
    "note",
)
FIGURES = (GOAL, ACTUAL, RATE)  # columns that may hold a bare number

# (role, words in the header), first match wins
_HEADER_WORDS = [
    (SEQ, re.compile(r"^(序号|序|编号|排序|项目序号)$")),
    (LEADERS, re.compile(r"领导|责任人|负责人|分管")),
    (UNIT, re.compile(r"^(计量)?单位$")),
    (DEPARTMENTS, re.compile(r"单位|科室|部门|处室|主体|承办|牵头$")),
    (DEADLINE, re.compile(r"时限|时间节点|完成时间|截止|期限|时间要求")),
    (STATUS, re.compile(r"是否|状态|序时进度$")),
    (NOTE, re.compile(r"原因|备注|说明|问题")),
    (RATE, re.compile(r"完成比例|完成率|之比|比例|百分比|占比")),
    (PLAN, re.compile(r"安排|计划|举措|措施|打算")),
    (ACTUAL, re.compile(r"已完成数|完成数|完成值|实际值|完成量|^实际完成$|^累计完成$")),
    (PROGRESS, re.compile(r"进展|进度|推进|落实情况|完成情况|成效|工作动态|执行情况")),
    (TITLE, re.compile(r"名称$")),
    (GOAL, re.compile(r"目标|指标")),
    (TITLE, re.compile(r"内容|事项|任务|项目|职责|工作|实事|名称")),
]
_BRACKETED_UNIT = re.compile(r"[((]([^()()]{1,8})[))]$")

_UNIT_WORD = (
    r"(?:万|亿|千|百)?(?:人次|人|户次|户|个|元|张|所|座|公里|千米|米|吨|亩|次|家|条|场|件|项|"
    r"床|辆|台|套|处|间|平方米|名|批|期|岁|天|小时|%)"
)
_UNIT = re.compile(rf"^{_UNIT_WORD}(?:/[\u4e00-\u9fff·]{{1,3}})*$")
_ORG_END = re.compile(
    r"(局|委|委员会|办|办公室|科|室|中心|联|院|街道|街|镇|乡|公司|所|站|队|会|部|处|府|厅|团|社|"
    r"行|馆|署|集团|管委会|总工会|团委|妇联|残联|法院|检察院)$"
)
_PERSON = re.compile(r"^[\u4e00-\u9fff]{2,3}$")
_TITLES = re.compile(r"(副?(局长|主任|书记|县长|区长|市长|厅长|科长|处长|调研员|秘书长))$")
_PERCENT = re.compile(r"^-?\d+(?:\.\d+)?\s*%$")
_DEADLINE = re.compile(
    r"^(\d{4}\s*年)?\s*(\d{1,2}\s*月(底|前|中旬|上旬|下旬)?|年底前?|年内|全年|长期|持续推进|"
    r"常态化|\d{4}-\d{1,2}(-\d{1,2})?|\d{1,2}月底前)"
)
_SEQ_CELL = re.compile(
    r"^(\d{1,3}(?:[,,、]\d{1,3})*|[一二三四五六七八九十]{1,3}|\([一二三四五六七八九十]{1,3}\))$"
)


BY_HEADER, BY_CELLS, BY_OFFICE = "header", "cells", "office"


@dataclass
class Column:
    """A column of a table as read: its role, and why — its header's words, what its cells
    hold (``held``: the role those cells look like), or the office's correction."""

    role: str | None
    header: str
    by: str | None  # BY_HEADER, BY_CELLS, BY_OFFICE; None: not understood
    unit: str | None = None  # a unit printed in the header: 城镇新增就业(人), 资金情况(万元)


def clean_header(text: str) -> tuple[str, str | None]:
    """The header's words without spaces (单 位 → 单位) and its bracketed unit."""
    text = re.sub(r"\s", "", text)
    unit = None
    if (match := _BRACKETED_UNIT.search(text)) and is_unit(match.group(1)):
        unit, text = match.group(1), text[: match.start()]
    return text, unit


@functools.lru_cache(maxsize=4096)
def role_of_header(text: str) -> tuple[str | None, str | None]:
    words, unit = clean_header(text)
    if not words:
        return None, unit
    for role, pattern in _HEADER_WORDS:
        if pattern.search(words):
            return role, unit
    return None, unit


def is_unit(text: str) -> bool:
    return bool(_UNIT.match(text.strip()))


def is_org(text: str) -> bool:
    """A name of a unit or department: 区民政局, 妇联, 岳阳电力公司, 相关镇街."""
    text = text.strip()
    return (
        2 <= len(text) <= 24
        and not re.search(r"\d|[,。;:,;:]", text)
        and bool(_ORG_END.search(text))
    )


def is_person(text: str) -> bool:
    """A person's name, with or without a title: 王纲, 周利宏副局长."""
    text = _TITLES.sub("", text.strip())
    return bool(_PERSON.match(text)) and not _ORG_END.search(text)


def is_seq(text: str) -> bool:
    return bool(_SEQ_CELL.match(text.strip()))


def is_deadline(text: str) -> bool:
    return bool(_DEADLINE.match(text.strip()))


def _names(cell: str) -> list[str]:
    return [n for n in re.split(r"[、,,;;\s]+", cell) if n]


def _share(cells: list[str], test) -> float:
    filled = [c for c in cells if c.strip() and c.strip() not in ("-", "—", "/")]
    if not filled:
        return 0.0
    return sum(1 for c in filled if test(c)) / len(filled)


def role_of_cells(cells: list[str]) -> str | None:
    """A column's role by what its cells hold: 序号, percentages, names of units or of
    people, dates and 年底前, units; long sentences or ①②③ are progress items."""
    if not any(c.strip() for c in cells):
        return None
    checks = [
        (SEQ, is_seq),
        (RATE, lambda c: bool(_PERCENT.match(c.strip()))),
        (DEPARTMENTS, lambda c: any(is_org(n) for n in _names(c))),
        (LEADERS, lambda c: all(is_person(n) for n in _names(c))),
        (DEADLINE, is_deadline),
        (UNIT, is_unit),
    ]
    for role, test in checks:
        if _share(cells, test) >= 0.6:
            return role
    lengths = [len(c) for c in cells if c.strip()]
    if (lengths and sum(lengths) / len(lengths) > 25) or any(re.match(r"^[①②③]", c) for c in cells):
        return PROGRESS
    return None


def columns_of(
    header: list[str],
    body: list[list[str]],
    roles: list[str | None] | None = None,
    corrected: dict[int, str | None] | None = None,
) -> list[Column]:
    """Every column's role: the office's correction, else its header words (or the
    ``roles`` the table was found with), else (or for 备注) what its cells hold."""
    columns = []
    for i, text in enumerate(header):
        role, unit = role_of_header(text)
        if roles is not None and i < len(roles):
            role = roles[i]
        if corrected and i in corrected:
            columns.append(Column(corrected[i], text, BY_OFFICE, unit))
            continue
        if role in (None, NOTE):
            held = role_of_cells([row[i] for row in body if i < len(row)])
            if held in (DEPARTMENTS, LEADERS, DEADLINE) or (role is None and held):
                columns.append(Column(held, text, BY_CELLS, unit))
                continue
        columns.append(Column(role, text, BY_HEADER if role else None, unit))
    return columns


ROLES = (SEQ, TITLE, GOAL, PLAN, PROGRESS, ACTUAL, RATE, UNIT, LEADERS, DEPARTMENTS, DEADLINE,
         STATUS, NOTE)  # fmt: skip


def org_names(cell: str) -> list[str]:
    """The names of units in a cell that may hold other words (备注: 达到目标60元 民政局)."""
    return [n for n in _names(cell) if is_org(n)]

"""Task tables recognised by their header names, rows that continue on later lines,
section rows, and numbered items inside a cell."""

import re
from dataclasses import dataclass, field

from duban.ingest.blocks import Block

# column role -> header names seen in bureaus' tables
COLUMNS = {
    "seq": ["序号"],
    "title": ["工作内容", "重点工作事项", "重点工作", "任务", "实施内容", "工作任务", "任务名称"],
    "goal": ["工作目标", "考核指标", "目标任务", "主要目标"],
    "plan": ["季度安排", "工作安排", "计划安排", "进度安排"],
    "progress": ["季度进展", "进展情况", "推进落实情况", "完成情况", "工作进展"],
    "leaders": ["分管领导", "责任领导", "牵头领导"],
    "departments": ["责任科室", "责任单位", "牵头单位", "责任部门", "牵头科室"],
    "deadline": ["时限", "完成时限", "时间节点"],
}
_HEADER_TO_ROLE = {name: role for role, names in COLUMNS.items() for name in names}
_SECTION = re.compile(r"^([一二三四五六七八九十]+)[、.．]\s*(.+)$")
_SEQ = re.compile(r"^\d{1,3}$")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_CIRCLED_MARK = re.compile(f"[{_CIRCLED}]")
_NUMBER_MARK = re.compile(r"(?:^|(?<=[\s。;;!]))(\d{1,2})[.、．](?!\d)")
# Parenthesised aliases stay with their department: 养老服务科 (儿童福利科)
_NAME_LIST = re.compile(r"[^\s()()、,,;;]+(?:\s*[((][^))]*[))])?")


@dataclass
class TableRow:
    seq: str | None
    section: str | None
    cells: dict[str, str] = field(default_factory=dict)


@dataclass
class TaskTable:
    roles: list[str | None]
    rows: list[TableRow]
    start: int = 0
    end: int = 0


def header_roles(cells: list[str]) -> list[str | None] | None:
    """Column roles if these cells are a task table's header row (序号 + a title column)."""
    roles = [_HEADER_TO_ROLE.get(re.sub(r"\s", "", c)) for c in cells]
    if "title" in roles and ("seq" in roles or len([r for r in roles if r]) >= 3):
        return roles
    return None


def read_task_table(blocks: list[Block]) -> TaskTable | None:
    """The first task table in the blocks, with continuation rows merged into their row."""
    found = next(
        (
            (i, roles)
            for i, block in enumerate(blocks)
            if block.is_row and (roles := header_roles(block.cells))
        ),
        None,
    )
    if found is None:
        return None
    start, roles = found
    table = TaskTable(roles=roles, rows=[], start=start)
    section: str | None = None
    pending: list[str] | None = None

    def flush():
        if pending:
            cells = {role: text for role, text in zip(roles, pending, strict=False) if role}
            seq = cells.pop("seq", None)
            table.rows.append(TableRow(seq=seq, section=section, cells=cells))

    end = len(blocks)
    for index in range(start + 1, len(blocks)):
        block = blocks[index]
        if not block.is_row:
            if pending is None:
                continue
            end = index
            break  # the table has ended
        cells = block.cells
        if not _SEQ.match(cells[0]) and header_roles(cells) == roles:
            continue  # the header repeated on a new page
        nonempty = [c for c in cells if c]
        if len(nonempty) == 1 and (match := _SECTION.match(nonempty[0])):
            flush()
            pending, section = None, match.group(2).strip()
            continue
        if _SEQ.match(cells[0]) and len(cells) >= 2:
            flush()
            pending = list(cells)
        elif pending is not None and len(pending) < len(roles):
            pending = pending + cells  # cells of this row printed on the next line
        elif pending is not None:
            pending[-1] = f"{pending[-1]} {' '.join(cells)}".strip()
    flush()
    table.end = end
    return table


def split_items(text: str | None) -> list[str]:
    """Numbered items in a cell: ①…⑳, or 1. 2. / 1、2、 counted up from 1."""
    if not text:
        return []
    text = text.strip()
    if _CIRCLED_MARK.search(text):
        parts = _CIRCLED_MARK.split(text)
        items = [p.strip(" ;;") for p in parts[1:]]
        return [i for i in items if i] or [text]
    marks = list(_NUMBER_MARK.finditer(text))
    expected, cuts = 1, []
    for mark in marks:
        if int(mark.group(1)) == expected:
            cuts.append(mark)
            expected += 1
    if len(cuts) >= 2 and cuts[0].start() == 0:
        bounds = [
            (m.end(), cuts[i + 1].start() if i + 1 < len(cuts) else len(text))
            for i, m in enumerate(cuts)
        ]
        return [text[a:b].strip(" ;;") for a, b in bounds if text[a:b].strip()]
    return [text]


def split_names(text: str | None) -> list[str]:
    """Several leaders or departments in one cell, separated by spaces or 、."""
    if not text:
        return []
    return [re.sub(r"\s+", " ", m.group(0)).strip() for m in _NAME_LIST.finditer(text)]

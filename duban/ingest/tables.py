"""Task tables recognised by their header names, rows that continue on later lines,
section rows, and numbered items inside a cell."""

import re
from dataclasses import dataclass, field

from duban.ingest import columns as col
from duban.ingest.blocks import Block

_SECTION = re.compile(r"^([一二三四五六七八九十]+)[、.．]\s*(.+)$")
_SEQ = re.compile(
    r"^(\d{1,3}(?:[,,、]\d{1,3})*|\d{4,6}|[一二三四五六七八九十]{1,3}|\([一二三四五六七八九十]{1,3}\))$"
)
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_CIRCLED_MARK = re.compile(f"[{_CIRCLED}]")
_NUMBER_MARK = re.compile(r"(?:^|(?<=[\s。;;!]))(\d{1,2})[.、．](?!\d)")
# Parenthesised aliases stay with their department: 养老服务科 (儿童福利科)
_NAME_LIST = re.compile(r"[^\s()()、,,;;]+(?:\s*[((][^))]*[))])?")
_JOINED = {col.LEADERS, col.DEPARTMENTS, col.PLAN, col.PROGRESS, col.NOTE}
_WORK = {col.GOAL, col.PLAN, col.PROGRESS, col.ACTUAL, col.RATE}
_WHO = {col.LEADERS, col.DEPARTMENTS, col.DEADLINE}


@dataclass
class TableRow:
    seq: str | None
    section: str | None
    cells: dict[str, str] = field(default_factory=dict)
    # rows under it without a 序号 of their own (提质改造农村公路 under 2): their own
    # figures, and their 科室 added to the row's
    subrows: list[dict[str, str]] = field(default_factory=list)


@dataclass
class TaskTable:
    roles: list[str | None]
    rows: list[TableRow]
    start: int = 0
    end: int = 0
    columns: list[col.Column] = field(default_factory=list)


def header_roles(cells: list[str]) -> list[str | None] | None:
    """Column roles if these cells head a task table: a title column with a 序号, or with
    what is to be done (a goal, plan, progress …) and who does it by when."""
    if len(cells) < 2 or any(len(c) > 30 for c in cells):
        return None  # a header's cells are names, not sentences
    roles = [col.role_of_header(c)[0] for c in cells]
    if col.TITLE not in roles and col.GOAL in roles:
        figures = {col.ACTUAL, col.RATE, col.UNIT}
        if roles.count(col.GOAL) >= 2 or figures & set(roles):
            roles[roles.index(col.GOAL)] = col.TITLE  # 考核指标 names the row
    if col.TITLE not in roles:
        return None
    present = set(roles)
    if col.SEQ in present or (present & _WORK and present & _WHO):
        return roles
    return None


def read_task_table(
    blocks: list[Block], corrected: dict[int, str | None] | None = None
) -> TaskTable | None:
    """The first task table in the blocks, with continuation rows merged into their row,
    rows without a 序号 kept as its sub-rows, and the columns whose header says nothing
    read by their cells; ``corrected`` roles (column index → role) are the office's."""
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
    body = _body(blocks, start)
    table_columns = col.columns_of(blocks[start].cells, [b.cells for b in body], roles, corrected)
    roles = [c.role for c in table_columns]
    by_content = {i for i, c in enumerate(table_columns) if c.by == col.BY_CELLS}
    table = TaskTable(roles=roles, rows=[], start=start, columns=table_columns)
    section: str | None = None
    pending: list[str] | None = None
    subrows: list[list[str]] = []

    def flush():
        if pending:
            cells = _cells(roles, pending, by_content)
            seq = cells.pop(col.SEQ, None)
            subs = [_cells(roles, row, by_content) for row in subrows]
            for sub in subs:
                for role in (col.DEPARTMENTS, col.LEADERS):
                    extra = [
                        n
                        for n in split_names(sub.get(role))
                        if n not in split_names(cells.get(role))
                    ]
                    if extra:
                        cells[role] = " ".join(filter(None, [cells.get(role, ""), *extra]))
            table.rows.append(TableRow(seq=seq, section=section, cells=cells, subrows=subs))

    numbered = col.SEQ in roles  # else every row with a title cell is a task
    end = len(blocks)
    for index in range(start + 1, len(blocks)):
        block = blocks[index]
        if not block.is_row:
            if pending is None:
                continue
            end = index
            break  # the table has ended
        cells = block.cells
        if not _SEQ.match(cells[0]) and cells == blocks[start].cells:
            continue  # the header repeated on a new page
        nonempty = [c for c in cells if c]
        if len(nonempty) == 1 and (match := _SECTION.match(nonempty[0])):
            flush()
            pending, subrows, section = None, [], match.group(2).strip()
            continue
        if (numbered and _SEQ.match(cells[0]) and len(cells) >= 2) or (
            not numbered and cells[0] and len(nonempty) >= 2
        ):
            flush()
            pending, subrows = list(cells), []
        elif pending is not None and not cells[0] and len(nonempty) >= 2:
            subrows.append(list(cells))  # a sub-row: its 序号 cell empty or merged above
        elif pending is not None and len(pending) < len(roles):
            pending = pending + cells  # cells of this row printed on the next line
        elif pending is not None:
            pending[-1] = f"{pending[-1]} {' '.join(cells)}".strip()
    flush()
    table.end = end
    return table


def _body(blocks: list[Block], start: int) -> list[Block]:
    rows = []
    for block in blocks[start + 1 :]:
        if not block.is_row:
            if rows:
                break
            continue
        rows.append(block)
    return rows


def _cells(roles, values: list[str], by_content: set[int]) -> dict[str, str]:
    """A row's cells by role; several columns of one role (牵头单位 and 配合单位, one
    progress column per quarter) read as one, in order; a column read by its cells keeps
    only what it was read for (the 单位 names in a 备注)."""
    cells: dict[str, str] = {}
    spanned, at = _spanned(roles, len(values))
    if at is not None:  # the columns after the spanning one moved right
        by_content = {i if i <= at else i + len(spanned) - len(roles) for i in by_content}
    roles = spanned
    for i, (role, text) in enumerate(zip(roles, values, strict=False)):
        if not role or not text or text in ("-", "—", "/"):
            continue
        if i in by_content and role == col.DEPARTMENTS:
            text = " ".join(col.org_names(text))
            if not text:
                continue
        if role in cells and role in _JOINED:
            cells[role] = f"{cells[role]} {text}"
        else:
            cells.setdefault(role, text)
    return cells


def _spanned(roles: list[str | None], width: int) -> tuple[list[str | None], int | None]:
    """A row wider than its header sits under a two-row header: 进展情况 over 一季度 …
    四季度, or 当月进度 | 累计进度: the one progress (or plan) column spans the extra cells
    (the roles, and the index of the spanning column; None when nothing spans)."""
    extra = width - len(roles)
    spanning = [i for i, r in enumerate(roles) if r in (col.PROGRESS, col.PLAN)]
    if extra <= 0 or len(spanning) != 1:
        return roles, None
    at = spanning[0]
    return [*roles[: at + 1], *[roles[at]] * extra, *roles[at + 1 :]], at


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

"""Tables a web capture flattened into lines whose columns are separated by spaces
(序号 考核指标 单 位 工作目标 已完成数 …): the header says how many cells a row has and
what each holds, so each following line is cut into those cells, a cell left empty where
the line's next word cannot be what the column holds (no 单位 printed, no 序号 on a
sub-row)."""

import functools
import re

from duban.ingest import columns as col
from duban.ingest.blocks import Block
from duban.ingest.figures import figure_header
from duban.ingest.tables import header_roles


def _has_header_word_line(blocks: list[Block]) -> bool:
    """Cheaply: is there a line that is just 序号 (the first cell of a task table)?"""
    return any((_single(b) or "").strip() in ("序号", "序", "编号") for b in blocks)


_NUMBER = re.compile(r"^-?\d+(?:,\d{3})*(?:\.\d+)?$")
_PERCENT = re.compile(r"^-?\d+(?:\.\d+)?%$")
_EMPTY = {"-", "—", "/", "--"}
MAX_LINE = 240


def _words(line: str) -> list[str]:
    """The line's words, with letters spaced out inside a header cell joined (单 位)."""
    words: list[str] = []
    run: list[str] = []
    for word in line.split():
        if len(word) == 1 and not word.isdigit() and word not in _EMPTY:
            run.append(word)
            continue
        if run:
            words.append("".join(run))
            run = []
        words.append(word)
    if run:
        words.append("".join(run))
    return words


_TYPED = {col.SEQ, col.UNIT, col.RATE, col.ACTUAL, col.DEPARTMENTS, col.LEADERS, col.DEADLINE}


def _fits(role: str | None, word: str) -> bool:
    """Whether the word can be the cell of a column of that role: a column that may be
    missing from a row (序号, 单位, figures, names) takes only what it holds."""
    if role == col.SEQ:
        return col.is_seq(word)
    if role == col.UNIT:
        return col.is_unit(word)
    if role == col.RATE:
        return bool(_PERCENT.match(word)) or word in _EMPTY
    if role == col.ACTUAL:
        return bool(_NUMBER.match(word)) or word in _EMPTY
    if role == col.DEPARTMENTS:
        return any(col.is_org(n) for n in re.split(r"[、,,]", word))
    if role == col.LEADERS:
        return all(col.is_person(n) for n in re.split(r"[、,,]", word))
    if role == col.DEADLINE:
        return col.is_deadline(word)
    return True


def _align(words: list[str], roles: list[str | None]) -> list[str]:
    """The cells that place the most words in columns that can hold them: a typed column
    takes one word it fits or stays empty; a text column (title, goal …) one word or more;
    the last column whatever is left."""

    @functools.cache
    def best(c: int, w: int) -> tuple[int, tuple[str, ...]]:
        if c == len(roles) - 1:
            rest = words[w:]
            if not rest:
                return 0, ("",)
            if roles[c] in _TYPED:
                misfits = sum(1 for word in rest if not _fits(roles[c], word))
                return (2 if not misfits else -misfits), (" ".join(rest),)
            return 1, (" ".join(rest),)
        score, cells = best(c + 1, w)
        options = [(score, ("", *cells))]
        if w < len(words):
            if roles[c] in _TYPED:
                if _fits(roles[c], words[w]):
                    score, cells = best(c + 1, w + 1)
                    options.append((score + 2, (words[w], *cells)))
            else:
                for k in range(1, len(words) - w + 1):
                    score, cells = best(c + 1, w + k)
                    cell = " ".join(words[w : w + k])
                    figure = roles[c] == col.GOAL and bool(_NUMBER.match(cell))
                    options.append((score + 1 + figure, (cell, *cells)))
        return max(options, key=lambda option: option[0])

    return list(best(0, 0)[1])


def _cut(line: str, roles: list[str | None]) -> list[str] | None:
    words = line.split()
    if len(words) < 2 or len(line) > MAX_LINE or len(words) > 24:
        return None
    cells = _align(words, roles)
    figures = [c for c, r in zip(cells, roles, strict=True) if r in col.FIGURES or r == col.UNIT]
    if not cells[0] and not any(_NUMBER.match(c) or _PERCENT.match(c) for c in figures):
        return None  # neither a numbered row nor a row of figures: the table has ended
    return cells


# Header words a capture may glue together (实事内容工作任务责任单位进展情况): a line that
# is nothing but these is a header whose cells lost their borders.
HEADER_WORDS = sorted(
    {
        "序号", "实事内容", "项目内容", "实施内容", "工作内容", "项目名称", "任务名称",
        "工作任务", "重点工作事项", "重点工作", "工作事项", "具体职责", "主要任务", "任务",
        "目标任务", "工作目标", "考核指标", "主要目标", "目标", "当前进度", "最新进度",
        "推进落实情况", "完成情况", "进展情况", "工作进展", "季度进展", "季度安排",
        "计划安排", "牵头单位", "责任单位", "实施部门", "协同单位", "配合单位", "责任科室",
        "牵头科室", "牵头负责领导", "分管领导", "责任领导", "局领导", "是否达序时",
        "未达序时原因", "完成时限", "时限", "备注", "计量单位", "目标值", "完成值", "完成率",
        "指标名称", "指标", "单位", "数量", "数值", "合计", "本期", "累计",
    },
    key=len,
    reverse=True,
)  # fmt: skip
_QUARTERS = re.compile(r"^(?:[一二三四]季度|[1-4]季度|第[一二三四]季度|上半年|下半年)+$")
_ORG = r"[^,,、。;;\d\s]{1,12}(?:局|委|办|联|街道|街|镇|乡|中心|科|所|站|会|院|队|处)"
_GLUED_WHO = re.compile(rf"[。;;]\s*(?P<who>{_ORG}(?:[,,、]{_ORG})*)")


_GLUED = re.compile("(?:" + "|".join(HEADER_WORDS) + ")")
_GLUED_LINE = re.compile(f"^{_GLUED.pattern}{{3,}}+$")  # possessive: no backtracking
_SENTENCE_MARKS = re.compile(r"[,,。;;::]")


def glued_header(line: str) -> list[str] | None:
    """The header words of a line made only of them, in order; else None."""
    if len(line) > 80 or not _GLUED_LINE.match(line):
        return None
    return _GLUED.findall(line)


def _unglue(line: str, roles: list[str | None]) -> list[str] | None:
    """A glued row cut where its 责任单位 stand (after the task's sentence, before the
    progress): what comes before is the task, what comes after its progress."""
    if col.DEPARTMENTS not in roles or col.TITLE not in roles:
        return None
    who = _GLUED_WHO.search(line)
    if who is None:
        return None
    cells = [""] * len(roles)
    cells[roles.index(col.TITLE)] = line[: who.start() + 1].strip()
    cells[roles.index(col.DEPARTMENTS)] = who.group("who")
    rest = line[who.end() :].strip()
    later = [i for i, r in enumerate(roles) if r in (col.PROGRESS, col.ACTUAL, col.NOTE)]
    if rest and later:
        cells[later[0]] = rest
    return cells


_GLUED_FIGURE = re.compile(r"^(?P<name>.*?[^\d\s.,])\s*(?P<value>-?\d[\d,]*(?:\.\d+)?)$")
_TRAILING_UNIT = re.compile(
    r"(?:万|亿|千)?(?:人次|户次|人|户|张|元|个|所|家|床|吨|公里|平方米)(?:/人·[月年]|/[人户月年])?$"
)


def _unglue_figure(line: str) -> list[str]:
    """A line of a statistics table whose name, unit and value lost their borders:
    民政事业费累计支出亿元30.4 → 民政事业费累计支出 | 亿元 | 30.4; a line with no value
    (a heading such as 四、社会救助) stays one cell."""
    match = _GLUED_FIGURE.match(line.strip())
    if match is None:
        return [line.strip()]
    name, unit = match.group("name").strip(), ""
    if (trailing := _TRAILING_UNIT.search(name)) and trailing.start() > 0:
        name, unit = name[: trailing.start()].strip(), trailing.group(0)
    return [name, unit, match.group("value")]


def _single(block: Block) -> str | None:
    """The text of a block that is one cell: a line ending in ` |`, or a short line."""
    if block.is_row:
        return block.cells[0] if len(block.cells) == 1 else None
    return block.text if len(block.text) <= 300 else None


def _one_cell_per_line(blocks: list[Block]) -> list[Block]:
    """A table captured one cell per line (序号 | / 工作任务 | / 责任单位 | / 1 | / …): the
    header's cells say how many cells a row has, and the lines after are grouped so."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        texts = []
        for block in blocks[i : i + 16]:
            text = _single(block)
            if text is None or len(text) > 12 or col.role_of_header(text)[0] is None:
                break
            texts.append(text)
        roles = header_roles(texts) if len(texts) >= 3 else None
        if roles is None:
            out.append(blocks[i])
            i += 1
            continue
        width = len(texts)
        out.append(Block.row(texts, normalised=True))
        i += width
        while i < len(blocks):
            group = []
            for block in blocks[i : i + width]:
                if (text := _single(block)) is None:
                    break
                group.append(text)
            numbered = col.SEQ not in roles or col.is_seq(
                group[roles.index(col.SEQ)] if group else ""
            )
            if len(group) < 2 or not numbered:
                break
            out.append(Block.row(group, normalised=True))
            i += len(group)
    return out


def regroup(blocks: list[Block]) -> list[Block]:
    """The blocks with every space-separated or glued table, or one captured a cell per
    line, turned into rows of cells."""
    blocks = _one_cell_per_line(blocks) if _has_header_word_line(blocks) else blocks
    out: list[Block] = []
    roles = None
    glued = figures = False
    for block in blocks:
        if block.is_row:
            roles, figures = None, False
            out.append(block)
            continue
        if roles is not None and glued and _QUARTERS.match(block.text.replace(" ", "")):
            continue  # 一季度二季度三季度四季度 under 进展情况: read as that one column
        cut = _unglue if glued else _cut
        if roles is not None and (cells := cut(block.text, roles)) is not None:
            out.append(Block.row(cells, normalised=True))
            continue
        if figures and len(block.text) <= 80 and not block.text.endswith("。"):
            out.append(Block.row(_unglue_figure(block.text), normalised=True))
            continue
        roles, figures = None, False
        if words := glued_header(block.text):
            if found := header_roles(words):
                roles, glued = found, True
                out.append(Block.row(words, normalised=True))
                continue
            if len(words) == 3 and (heading := figure_header(words)) and heading[1] == 1:
                figures = True  # 指标名称单位数量: name, unit, value in each line
                out.append(Block.row(words, normalised=True))
                continue
        glued = False
        text = block.text
        spaced = len(text) <= 120 and text.count(" ") >= 3 and not _SENTENCE_MARKS.search(text)
        words = _words(text) if spaced else []
        if len(words) >= 4 and (found := header_roles(words)) is not None:
            roles = found
            out.append(Block.row(words, normalised=True))
            continue
        out.append(block)
    return out

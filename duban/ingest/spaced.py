"""Tables a web capture flattened into lines whose columns are separated by spaces
(序号 考核指标 单 位 工作目标 已完成数 …): the header says how many cells a row has and
what each holds, so each following line is cut into those cells, a cell left empty where
the line's next word cannot be what the column holds (no 单位 printed, no 序号 on a
sub-row)."""

import functools
import re

from duban.ingest import columns as col
from duban.ingest.blocks import Block
from duban.ingest.tables import header_roles

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


def regroup(blocks: list[Block]) -> list[Block]:
    """The blocks with every space-separated table turned into rows of cells."""
    out: list[Block] = []
    roles = None
    for block in blocks:
        if block.is_row:
            roles = None
            out.append(block)
            continue
        if roles is not None and (cells := _cut(block.text, roles)) is not None:
            out.append(Block.row(cells, normalised=True))
            continue
        roles = None
        words = _words(block.text) if len(block.text) <= 120 else []
        if len(words) >= 4 and (found := header_roles(words)) is not None:
            roles = found
            out.append(Block.row(words, normalised=True))
            continue
        out.append(block)
    return out

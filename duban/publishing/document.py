"""A publication's content as plain data: a title and a list of blocks (headings,
paragraphs, tables). Composers build it from the database, renderers write it out in
every format, and a published version keeps it frozen as JSON."""

import re
from dataclasses import asdict, dataclass, field

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
NUMERALS = "一二三四五六七八九十"


@dataclass
class Table:
    header: list[str]
    # a row is a list of cells (a cell is text, or a list of items numbered ①②③), or a
    # section row: one string that spans the table, like 一、区委十四届六次全会任务
    rows: list = field(default_factory=list)
    widths: list[int] = field(default_factory=list)  # in characters, for Excel and Word


@dataclass
class Document:
    kind: str
    title: str
    blocks: list[dict] = field(default_factory=list)  # {"heading": text, "level": n} |
    # {"paragraph": text} | {"table": Table as a dict}

    def heading(self, text: str, level: int = 1) -> None:
        self.blocks.append({"heading": text, "level": level})

    def paragraph(self, text: str) -> None:
        if text.strip():
            self.blocks.append({"paragraph": text.strip()})

    def table(self, table: Table) -> None:
        self.blocks.append({"table": asdict(table)})

    def as_json(self) -> dict:
        return {"kind": self.kind, "title": self.title, "blocks": self.blocks}

    @classmethod
    def from_json(cls, data: dict) -> "Document":
        return cls(data["kind"], data["title"], list(data["blocks"]))

    def tables(self) -> list[Table]:
        return [Table(**b["table"]) for b in self.blocks if "table" in b]

    def as_text(self) -> str:
        """Plain text with the numbering in the headings: the editable draft of a summary,
        and what the public search looks in."""
        lines = [self.title, ""]
        for block in self.blocks:
            if "table" in block:
                table = Table(**block["table"])
                lines.append(" | ".join(table.header))
                for row in table.rows:
                    lines.append(row if isinstance(row, str) else " | ".join(map(cell_text, row)))
            else:
                lines.append(block.get("heading") or block.get("paragraph"))
        return "\n".join(lines)


def numbered(items: list[str]) -> list[str]:
    return [f"{CIRCLED[i] if i < len(CIRCLED) else f'({i + 1})'}{item}" for i, item in
            enumerate(items)]  # fmt: skip


def cell_text(cell, sep: str = "\n") -> str:
    return sep.join(numbered(cell)) if isinstance(cell, list) else str(cell or "")


def numeral(n: int) -> str:
    """1 → 一, 12 → 十二: the numbering of official headings."""
    if n <= 10:
        return NUMERALS[n - 1]
    if n < 20:
        return "十" + NUMERALS[n - 11]
    tens, ones = divmod(n, 10)
    return NUMERALS[tens - 1] + "十" + (NUMERALS[ones - 1] if ones else "")


_H1 = re.compile(r"^[一二三四五六七八九十]+、")
_H2 = re.compile(r"^[((][一二三四五六七八九十]+[))]")
_H3 = re.compile(r"^\d{1,2}[.、.]")


def from_text(kind: str, text: str, original: Document | None = None) -> Document:
    """An edited draft back into blocks: numbered lines are headings by their numbering
    (一、 / (一) / 1.), short ones only; lines of cells split by " | " (as ``as_text``
    writes a table) are a table again, its widths those of the ``original``'s table with
    the same header; every other line is a paragraph."""
    raw = [line.rstrip("\r") for line in text.split("\n") if line.strip()]
    if not raw:
        return Document(kind, "")
    doc = Document(kind, raw[0].strip())
    widths = {tuple(t.header): t.widths for t in (original.tables() if original else [])}
    table: Table | None = None
    for unstripped in raw[1:]:
        line = unstripped.strip()
        # a table's line keeps its empty first or last cell: " | 推进…" is ["", "推进…"]
        cells = [cell.strip() for cell in unstripped.split("|")] if " | " in unstripped else None
        another = cells is not None and tuple(cells) in widths  # the next table's header
        if cells and table is not None and len(cells) == len(table.header) and not another:
            table.rows.append(cells)
            continue
        if table is not None:
            doc.table(table)
            table = None
        if cells:  # a table's header
            table = Table(cells, widths=list(widths.get(tuple(cells), [])))
            continue
        short = len(line) <= 40 and not line.rstrip("。").count("。")
        if short and _H1.match(line):
            doc.heading(line, 1)
        elif short and _H2.match(line):
            doc.heading(line, 2)
        elif short and _H3.match(line):
            doc.heading(line, 3)
        else:
            doc.paragraph(line)
    if table is not None:
        doc.table(table)
    return doc

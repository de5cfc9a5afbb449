"""Readers: plain text, HTML, .docx and .xlsx, each reduced to blocks.

Every failure is an ``UnreadableDocument`` with a one-line reason in Chinese."""

import io
import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser

from duban.ingest.blocks import HEADING, PARAGRAPH, Block
from duban.ingest.text import UnreadableDocument, clean_line, decode, is_chrome, text_blocks

ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class Limits:
    """What one import may cost; the site's settings override the defaults."""

    max_bytes: int = 20 * 1024 * 1024
    max_rows: int = 20_000
    max_unzipped_bytes: int = 200 * 1024 * 1024
    max_compression_ratio: int = 200


DEFAULT_LIMITS = Limits()


def read_blocks(name: str, data: bytes, limits: Limits = DEFAULT_LIMITS) -> list[Block]:
    if len(data) > limits.max_bytes:
        raise UnreadableDocument(f"文件过大(超过 {limits.max_bytes // (1024 * 1024)} MB)")
    if not data.strip():
        raise UnreadableDocument("文件为空")
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if suffix in ("docx", "xlsx", "xlsm") or data.startswith(ZIP_MAGIC):
        return _read_office(suffix, data, limits)
    if suffix in ("doc", "xls", "wps", "et", "pdf"):
        raise UnreadableDocument(f"不支持 .{suffix} 格式,请另存为 .docx、.xlsx 或网页")
    text = decode(data)
    if suffix in ("html", "htm", "shtml", "xhtml") or _looks_like_html(text):
        blocks = html_blocks(text)
    else:
        blocks = text_blocks(text)
    if not blocks:
        raise UnreadableDocument("没有可识别的内容")
    return blocks


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or "<table" in head or "<body" in head


# ---- .docx and .xlsx -----------------------------------------------------------------


def office_parts(data: bytes, limits: Limits = DEFAULT_LIMITS) -> set[str]:
    """The names inside an Office file, after checking it opens and is no zip bomb."""
    if len(data) > limits.max_bytes:
        raise UnreadableDocument(f"文件过大(超过 {limits.max_bytes // (1024 * 1024)} MB)")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise UnreadableDocument("文件已损坏或不完整,无法打开") from None
    if unzipped > limits.max_unzipped_bytes or unzipped > len(data) * limits.max_compression_ratio:
        raise UnreadableDocument("压缩内容解压后过大,疑似压缩炸弹,已拒绝")
    return names


def _read_office(suffix: str, data: bytes, limits: Limits) -> list[Block]:
    names = office_parts(data, limits)
    if "word/document.xml" in names:
        return _guard(docx_blocks, data)
    if "xl/workbook.xml" in names:
        return _guard(xlsx_blocks, data, limits)
    raise UnreadableDocument("不是 Word(.docx)或 Excel(.xlsx)文件")


def _guard(reader, *args):
    try:
        return reader(*args)
    except UnreadableDocument:
        raise
    except Exception as exc:
        raise UnreadableDocument(f"文件已损坏或格式不正确({type(exc).__name__})") from None


def docx_blocks(data: bytes) -> list[Block]:
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = Document(io.BytesIO(data))
    blocks: list[Block] = []
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(element, document)
            text = clean_line(paragraph.text)
            if not text or is_chrome(text):
                continue
            style = (paragraph.style.name or "") if paragraph.style is not None else ""
            heading = style.startswith(("Heading", "标题", "Title"))
            blocks.append(Block(HEADING if heading else PARAGRAPH, text))
        elif tag == "tbl":
            for row in Table(element, document).rows:
                seen, cells = set(), []
                for cell in row.cells:  # a merged cell is returned once per grid column
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    cells.append(cell.text)
                block = Block.row(cells)
                if block.cells:
                    blocks.append(block)
    return blocks


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Za-z]{1,3}\d+(?::[A-Za-z]{1,3}\d+)?)"')
MERGED_CELLS_PER_ROW = 20  # merged cells a sheet may hold: this many per allowed row


def check_merged_ranges(data: bytes, limits: Limits = DEFAULT_LIMITS) -> None:
    """Merged ranges count against the row limit before a workbook is loaded: openpyxl
    makes an object for every cell of a merged range, so ``A3:A1048576`` in a 5 KB file
    would take gigabytes."""
    from openpyxl.utils.cell import range_boundaries

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                continue
            cells = 0
            for match in _MERGE.finditer(archive.read(name)):
                try:
                    min_col, min_row, max_col, max_row = range_boundaries(match[1].decode())
                except (ValueError, TypeError):
                    raise UnreadableDocument("文件已损坏或格式不正确(合并单元格)") from None
                if max_row > limits.max_rows:
                    raise UnreadableDocument(
                        f"合并单元格延伸到第 {max_row} 行,超过 {limits.max_rows} 行的上限"
                    )
                cells += (max_row - min_row + 1) * (max_col - min_col + 1)
            if cells > limits.max_rows * MERGED_CELLS_PER_ROW:
                raise UnreadableDocument(f"合并单元格过多(共 {cells} 个单元格)")


def xlsx_blocks(data: bytes, limits: Limits) -> list[Block]:
    from openpyxl import load_workbook

    check_merged_ranges(data, limits)
    # A cheap streaming pass first, so a sheet of a million rows is refused quickly.
    streaming = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    for sheet in streaming.worksheets:
        for count, _ in enumerate(sheet.iter_rows(values_only=True), start=1):
            if count > limits.max_rows:
                raise UnreadableDocument(f"工作表“{sheet.title}”超过 {limits.max_rows} 行")
    streaming.close()
    workbook = load_workbook(io.BytesIO(data), data_only=True)
    blocks: list[Block] = []
    for sheet in workbook.worksheets:
        merged = {}
        for area in sheet.merged_cells.ranges:  # vertical merges repeat down, e.g. a leader
            top = sheet.cell(area.min_row, area.min_col).value
            for r in range(area.min_row + 1, area.max_row + 1):
                merged[(r, area.min_col)] = top
        for r, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell_text(merged.get((r, c), value)) for c, value in enumerate(row, start=1)]
            block = Block.row(cells)
            if block.cells:
                blocks.append(block)
    return blocks


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value)


# ---- HTML ----------------------------------------------------------------------------

_SKIPPED = {
    "script", "style", "noscript", "template", "iframe", "svg", "nav", "footer", "header",
    "aside", "select", "button", "form", "object", "embed", "head",
}  # fmt: skip
_BREAKS = {
    "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
    "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "hr", "center",
}  # fmt: skip
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "wbr", "source"}
_CHROME_CLASSES = ("nav", "footer", "breadcrumb", "crumb", "menu", "share", "sidebar")


class _PageReader(HTMLParser):
    """Text of a government page as blocks: data tables give rows, layout tables (those
    holding other tables) give paragraphs, and scripts, navigation and footers nothing."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.text: list[str] = []
        self.skip_tag: str | None = None
        self.skip_depth = 0
        self.heading = False
        self.tables: list[dict] = []  # {"row": [...] | None, "cell": [...] | None}

    def handle_starttag(self, tag, attrs):
        if self.skip_tag is not None:
            if tag == self.skip_tag:
                self.skip_depth += 1
            return
        marks = " ".join(v or "" for k, v in attrs if k in ("class", "id")).lower()
        if tag in _SKIPPED or (
            tag in ("div", "ul", "section") and any(c in marks for c in _CHROME_CLASSES)
        ):
            if tag not in _VOID:
                self.skip_tag, self.skip_depth = tag, 1
            return
        if tag == "table":
            outer = self.tables[-1] if self.tables else None
            if outer is not None and outer["cell"] is not None:
                outer["layout"] = True  # a table inside a cell: the outer one is layout
                self.text.extend(outer["cell"])
                outer["cell"] = []
            self.flush()
            self.tables.append({"row": None, "cell": None, "layout": False})
        elif tag == "tr" and self.tables:
            self.tables[-1]["row"] = []
        elif tag in ("td", "th") and self.tables:
            self.flush_cell()
            self.tables[-1]["cell"] = []
        elif tag in _BREAKS:
            self.newline()
            self.heading = tag in _HEADINGS

    def handle_endtag(self, tag):
        if self.skip_tag is not None:
            if tag == self.skip_tag:
                self.skip_depth -= 1
                if self.skip_depth == 0:
                    self.skip_tag = None
            return
        if tag == "table" and self.tables:
            self.end_row()
            self.tables.pop()
        elif tag == "tr" and self.tables:
            self.end_row()
        elif tag in ("td", "th") and self.tables:
            self.flush_cell()
        elif tag in _BREAKS:
            self.newline()
            if tag in _HEADINGS:
                self.heading = False

    def handle_data(self, data):
        if self.skip_tag is not None:
            return
        target = self.tables[-1]["cell"] if self.tables else None
        (target if target is not None else self.text).append(data)

    def newline(self):
        table = self.tables[-1] if self.tables else None
        if table is not None and table["cell"] is not None:
            table["cell"].append("\n")
        else:
            self.flush()

    def flush(self):
        if not self.text:
            return
        for raw in "".join(self.text).split("\n"):
            line = clean_line(raw)
            if line and not is_chrome(line):
                self.blocks.append(Block(HEADING if self.heading else PARAGRAPH, line))
        self.text = []

    def flush_cell(self):
        table = self.tables[-1]
        if table["cell"] is None:
            return
        text = "".join(table["cell"])
        table["cell"] = None
        if table["layout"]:
            self.text.append(text)
            self.flush()
        elif table["row"] is not None:
            table["row"].append(" ".join(text.split()))
        else:
            table["row"] = [" ".join(text.split())]

    def end_row(self):
        table = self.tables[-1]
        self.flush_cell()
        if table["row"] and not table["layout"]:
            row = Block.row(table["row"])
            if row.cells and not (len(row.cells) == 1 and is_chrome(row.cells[0])):
                self.blocks.append(row)
        table["row"] = None

    def close(self):
        super().close()
        while self.tables:
            self.end_row()
            self.tables.pop()
        self.flush()


def html_blocks(text: str) -> list[Block]:
    reader = _PageReader()
    reader.feed(text)
    reader.close()
    return reader.blocks

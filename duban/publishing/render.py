"""A publication written out in every format it is published in: an HTML disclosure page,
Word (publishing/word.py), Excel, PDF (WeasyPrint, from the same HTML), and CSV and JSON
as open data. Each renderer takes the document and its disclosure metadata and returns
bytes; none reads the database."""

import csv
import io
import json
import logging
import time
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from duban.publishing.document import Document, Table, cell_text, numbered
from duban.publishing.word import render_docx
from duban.sheets import csv_field, inert

FORMATS = ("html", "docx", "xlsx", "pdf", "csv", "json")
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}
FORMAT_NAMES = {
    "html": _("网页"),
    "docx": "Word",
    "xlsx": "Excel",
    "pdf": "PDF",
    "csv": "CSV",
    "json": "JSON",
}


def view_blocks(doc: Document) -> list[dict]:
    """The blocks as a template reads them: a table's cells as lists of lines."""
    shown = []
    for block in doc.blocks:
        if "table" not in block:
            shown.append(block)
            continue
        table = Table(**block["table"])
        rows = [
            {"section": row}
            if isinstance(row, str)
            else {"cells": [numbered(c) if isinstance(c, list) else [str(c or "")] for c in row]}
            for row in table.rows
        ]
        widths = table.widths or [1] * len(table.header)
        percents = [round(100 * w / sum(widths), 1) for w in widths]
        shown.append(
            {
                "table": {
                    "header": table.header,
                    "rows": rows,
                    "span": len(table.header),
                    "percents": percents,
                }
            }
        )
    return shown


def meta_pairs(meta: dict[str, str]) -> list[list[tuple[str, str]]]:
    """The metadata two pairs to a row, as government disclosure pages lay it out."""
    items = list(meta.items())
    return [items[i : i + 2] for i in range(0, len(items), 2)]


def render_html(doc: Document, meta: dict[str, str], *, for_print=False) -> bytes:
    html = render_to_string(
        "publishing/document_file.html",
        {
            "doc": doc,
            "blocks": view_blocks(doc),
            "meta_pairs": meta_pairs(meta),
            "for_print": for_print,
        },
    )
    return html.encode("utf-8")


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def render_pdf_checked(doc: Document, meta: dict[str, str]) -> tuple[bytes, list[str]]:
    """The PDF and every warning WeasyPrint gave (a missing glyph or font is one)."""
    from weasyprint import HTML  # imported here: it loads Pango, which only the PDF needs

    collect = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    try:
        pdf = HTML(string=render_html(doc, meta, for_print=True).decode()).write_pdf()
    finally:
        logger.removeHandler(collect)
    return pdf, collect.messages


def render_pdf(doc: Document, meta: dict[str, str]) -> bytes:
    return render_pdf_checked(doc, meta)[0]


def render_xlsx(doc: Document, meta: dict[str, str]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "正文"
    thin = Side(style="thin", color="999999")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    tables = doc.tables()
    width = max((len(t.header) for t in tables), default=1)
    for label, value in meta.items():  # the disclosure metadata first, as on the web page
        sheet.append([label, value])
        sheet.cell(sheet.max_row, 1).font = Font(color="666666")
    sheet.append([doc.title])
    title_row = sheet.max_row
    sheet.merge_cells(start_row=title_row, start_column=1, end_row=title_row, end_column=width)
    sheet.cell(title_row, 1).font = Font(bold=True, size=16)
    sheet.cell(title_row, 1).alignment = Alignment(horizontal="center")
    if not tables:  # a summary: one paragraph a row
        sheet.column_dimensions["A"].width = 100
        for block in doc.blocks:
            text = block.get("heading") or block.get("paragraph") or ""
            sheet.append([text])
            cell = sheet.cell(sheet.max_row, 1)
            cell.alignment = wrap
            if "heading" in block:
                cell.font = Font(bold=True)
        sheet.freeze_panes = sheet.cell(title_row + 1, 1)
    for table in tables:
        sheet.append(table.header)
        header_row = sheet.max_row
        for cell in sheet[header_row]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.border = box
        sheet.freeze_panes = sheet.cell(header_row + 1, 1)
        for i, chars in enumerate(table.widths or [20] * len(table.header), start=1):
            sheet.column_dimensions[get_column_letter(i)].width = chars * 1.6 + 2
        for row in table.rows:
            if isinstance(row, str):
                sheet.append([row])
                r = sheet.max_row
                sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
                sheet.cell(r, 1).font = Font(bold=True)
                continue
            sheet.append([cell_text(c) for c in row])
            for cell in sheet[sheet.max_row]:
                cell.alignment = wrap
                cell.border = box
            sheet.row_dimensions[sheet.max_row].height = _row_height(
                [cell_text(c) for c in row], table.widths or [20] * len(table.header)
            )
        _print_setup(sheet, header_row)
    inert(sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


LINE_POINTS = 15  # one line of 11-point text in a spreadsheet row


def _row_height(texts: list[str], widths: list[int]) -> float:
    """Points for a row to show every line of its fullest cell: Excel and WPS (and
    LibreOffice) otherwise show a wrapped cell's first line only."""
    lines = 1
    for text, chars in zip(texts, widths, strict=False):
        per_line = max(int(chars * 1.6 / 2), 1)  # a Chinese character is two widths
        lines = max(lines, sum(-(-max(len(part), 1) // per_line) for part in text.split("\n")))
    return min(lines * LINE_POINTS + 4, 409)  # 409 points: the most a row may be


def _print_setup(sheet, header_row: int) -> None:
    """Printed as a bureau prints a table: landscape, A4, fitted to the page's width,
    with the header row repeated on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4


def render_csv(doc: Document, meta: dict[str, str]) -> bytes:
    """Open data: the table with the section of every row, or a summary's text by level.
    UTF-8 with a BOM, so Excel and WPS open it as Chinese."""
    out = io.StringIO()
    writer = csv.writer(out)

    def write(row):  # every field as the text it is, never a formula
        writer.writerow([csv_field(field) for field in row])

    tables = doc.tables()
    for table in tables:
        write(["板块", *table.header])
        section = ""
        for row in table.rows:
            if isinstance(row, str):
                section = row
                continue
            write([section, *(cell_text(c, "\n") for c in row)])
    if not tables:
        write(["类型", "级别", "内容"])
        for block in doc.blocks:
            if "heading" in block:
                write(["标题", block["level"], block["heading"]])
            elif "paragraph" in block:
                write(["段落", "", block["paragraph"]])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def render_json(doc: Document, meta: dict[str, str]) -> bytes:
    data = {"metadata": meta, **doc.as_json()}
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


RENDERERS = {
    "html": render_html,
    "docx": render_docx,
    "xlsx": render_xlsx,
    "pdf": render_pdf,
    "csv": render_csv,
    "json": render_json,
}


@dataclass
class Rendered:
    format: str
    data: bytes
    ms: int


def render(fmt: str, doc: Document, meta: dict[str, str]) -> Rendered:
    if fmt not in RENDERERS:
        raise ValueError(f"未知的格式:{fmt}(可用 {'、'.join(FORMATS)})")
    start = time.perf_counter()
    data = RENDERERS[fmt](doc, meta)
    return Rendered(fmt, data, round((time.perf_counter() - start) * 1000))

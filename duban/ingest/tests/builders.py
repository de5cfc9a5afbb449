"""Build .docx, .xlsx and HTML files from a seed's text, as a bureau would have saved
the same document: lines with ``|`` become table rows, every other line a paragraph."""

import html
import io

from duban.ingest.text import lines, split_cells


def _runs(text: str) -> list[tuple[str, list]]:
    """("p", text) and ("table", rows) in order; rows padded to the table's width."""
    out: list[tuple[str, list]] = []
    for line in lines(text):
        if "|" in line:
            cells = split_cells(line)
            if not cells:
                continue
            if out and out[-1][0] == "table":
                out[-1][1].append(cells)
            else:
                out.append(("table", [cells]))
        else:
            out.append(("p", line))
    for kind, rows in out:
        if kind == "table":
            width = max(len(r) for r in rows)
            for row in rows:
                row.extend([""] * (width - len(row)))
    return out


def to_docx(text: str) -> bytes:
    from docx import Document

    document = Document()
    for kind, content in _runs(text):
        if kind == "p":
            document.add_paragraph(content)
            continue
        table = document.add_table(rows=len(content), cols=len(content[0]))
        for r, row in enumerate(content):
            for c, cell in enumerate(row):
                table.cell(r, c).text = cell
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def to_xlsx(text: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for kind, content in _runs(text):
        for row in [[content]] if kind == "p" else content:
            sheet.append([int(c) if c.isdigit() and len(c) < 6 else c for c in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_html(text: str) -> bytes:
    """A government page: navigation, breadcrumbs, scripts and a footer around the text."""
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>政府信息公开</title>",
        "<script>var x = '<table><tr><td>序号</td></tr></table>';</script></head><body>",
        "<nav><ul><li>首页</li><li>政府信息公开</li></ul></nav>",
        "<div class='breadcrumb'>当前位置:首页 &gt; 政府信息公开</div>",
    ]
    for kind, content in _runs(text):
        if kind == "p":
            parts.append(f"<p>{html.escape(content)}</p>")
            continue
        parts.append("<table border='1'>")
        for row in content:
            cells = "".join(f"<td>{html.escape(c)}</td>" for c in row)
            parts.append(f"<tr>{cells}</tr>")
        parts.append("</table>")
    parts.append("<footer>© 2023 主办:区民政局 浙ICP备12345678号</footer>")
    parts.append("<script>alert('x')</script></body></html>")
    return "".join(parts).encode("utf-8")

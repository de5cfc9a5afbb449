"""A publication as a Word document in the official format (GB/T 9704-2012): A4 with the
standard margins, the title in 方正小标宋简体 二号 centred, the body in 仿宋_GB2312 三号 at a
fixed line pitch, headings in 黑体 / 楷体_GB2312 / 仿宋 bold by level, "— 1 —" page numbers,
and real Word tables for the lists. The fonts are named, not embedded: Word and WPS on
a bureau's machines have them, and fall back to a Song/Fang Song face elsewhere."""

import io

from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from duban.publishing.document import Document, Table, numbered

TITLE_FONT, BODY_FONT = "方正小标宋简体", "仿宋_GB2312"
HEADING_FONTS = {1: ("黑体", False), 2: ("楷体_GB2312", False), 3: (BODY_FONT, True)}
ER_HAO, SAN_HAO, SI_HAO, XIAO_SI = Pt(22), Pt(16), Pt(14), Pt(12)


def _font(run_or_style, name: str, size=None, bold=None) -> None:
    font = run_or_style.font
    font.name = name
    if size is not None:
        font.size = size
    if bold is not None:
        font.bold = bold
    element = run_or_style.element
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attr), name)


def _page_number(section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(paragraph.add_run("— "), "宋体", SI_HAO)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    _font(paragraph.add_run(" —"), "宋体", SI_HAO)


def render_docx(doc: Document, meta: dict[str, str]) -> bytes:
    word = WordDocument()
    section = word.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(25)
    normal = word.styles["Normal"]
    _font(normal, BODY_FONT, SAN_HAO)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = Pt(28.95)  # 22 lines to the page
    normal.paragraph_format.space_after = Pt(0)
    word.core_properties.title = doc.title
    word.core_properties.author = meta.get("发布机构", "")
    word.core_properties.subject = meta.get("索引号", "")
    _page_number(section)

    title = word.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = SAN_HAO
    title.paragraph_format.line_spacing = Pt(36)
    _font(title.add_run(doc.title), TITLE_FONT, ER_HAO)
    if meta.get("文号") and meta["文号"] != "无":
        number = word.add_paragraph()
        number.alignment = WD_ALIGN_PARAGRAPH.CENTER
        number.add_run(meta["文号"])

    for block in doc.blocks:
        if "heading" in block:
            name, bold = HEADING_FONTS.get(block["level"], HEADING_FONTS[3])
            paragraph = word.add_paragraph()
            paragraph.paragraph_format.first_line_indent = Pt(32)
            _font(paragraph.add_run(block["heading"]), name, SAN_HAO, bold)
        elif "paragraph" in block:
            paragraph = word.add_paragraph()
            paragraph.paragraph_format.first_line_indent = Pt(32)  # two characters
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            paragraph.add_run(block["paragraph"])
        else:
            _table(word, Table(**block["table"]), section)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _cell(cell, text_or_items, bold=False, centre=False) -> None:
    lines = numbered(text_or_items) if isinstance(text_or_items, list) else [str(text_or_items)]
    cell.paragraphs[0].text = ""
    for i, line in enumerate(lines or [""]):
        paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        paragraph.paragraph_format.first_line_indent = Pt(0)
        if centre:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(paragraph.add_run(line), "黑体" if bold else BODY_FONT, XIAO_SI, bold)


def _table(word, table: Table, section) -> None:
    grid = word.add_table(rows=1, cols=len(table.header))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    usable = section.page_width - section.left_margin - section.right_margin
    widths = _column_widths(table, usable)
    # Word reads each cell's width, LibreOffice and WPS the table's grid: set both, fixed,
    # or every column comes out equal (工作目标 four characters a line)
    grid.autofit = False
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width
    for cell, text, width in zip(grid.rows[0].cells, table.header, widths, strict=True):
        _cell(cell, text, bold=True, centre=True)
        cell.width = width
    _repeat_header(grid.rows[0])
    for row in table.rows:
        cells = grid.add_row().cells
        if isinstance(row, str):  # a section row spans the table
            merged = cells[0].merge(cells[-1])
            _cell(merged, row, bold=True)
            continue
        for cell, value, width in zip(cells, row, widths, strict=True):
            _cell(cell, value, centre=(value == row[0]))
            cell.width = width


def _column_widths(table: Table, usable: int) -> list[int]:
    """Widths in proportion to the table's, but none narrower than its header on one line
    (序号 and 分管领导 wrapped a character a line): a 小四 character and the cell margins."""
    shares = table.widths or [1] * len(table.header)
    least = [len(h) * Mm(4.6) + Mm(4.5) for h in table.header]
    widths = [usable * w / sum(shares) for w in shares]
    narrow = [i for i, w in enumerate(widths) if w < least[i]]
    if narrow:
        rest = usable - sum(least[i] for i in narrow)
        wide = sum(shares[i] for i in range(len(shares)) if i not in narrow)
        widths = [least[i] if i in narrow else rest * shares[i] / wide for i in range(len(shares))]
    return [int(w) for w in widths]


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)

"""Every reader gives the same document: the seeds saved as .docx, .xlsx and HTML."""

import io
import re
import zipfile
from pathlib import Path

import pytest

from duban.ingest.document import parse_bytes
from duban.ingest.readers import Limits, html_blocks, read_blocks
from duban.ingest.tests.builders import to_docx, to_html, to_xlsx
from duban.ingest.text import UnreadableDocument

SEEDS = sorted((Path(__file__).resolve().parents[2] / "demo" / "seeds").glob("*.txt"))
FORMATS = {"docx": to_docx, "xlsx": to_xlsx, "html": to_html}


def essentials(doc):
    data = doc.contract()
    tasks = [
        (t["seq"], t["section"], t["title"], t["leaders"], t["departments"],
         len(t["plan_items"]), len(t["progress_items"]))
        for t in data["tasks"]
    ]  # fmt: skip
    indicators = [
        (i["value"], i["unit"], i["kind"], i["comparator"], i["value_max"], i["completion_rate"])
        for i in data["indicators"]
    ]
    meta = {k: data[k] for k in ("kind", "title", "publisher", "date", "index_no", "period")}
    return meta, tasks, indicators


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_the_same_seed_in_another_format_gives_the_same_document(path, fmt):
    original = parse_bytes(path.name, path.read_bytes())
    text = path.read_text(encoding="utf-8")
    converted = parse_bytes(f"{path.stem}.{fmt}", FORMATS[fmt](text))
    assert essentials(converted) == essentials(original)


def test_html_drops_scripts_navigation_and_footers():
    blocks = html_blocks(to_html("标题\n正文一段 | 第二格 |").decode())
    texts = [b.text for b in blocks]
    assert "正文一段 | 第二格 |" in texts
    assert not any("alert" in t or "首页" in t or "ICP" in t or "序号" in t for t in texts)


def test_html_layout_tables_give_paragraphs_and_inner_tables_rows():
    page = (
        "<table><tr><td><p>区民政局2023年第三季度重点工作进展表</p>"
        "<table><tr><th>序号</th><th>工作内容</th></tr><tr><td>1</td><td>城乡社区</td></tr></table>"
        "</td></tr></table>"
    )
    blocks = html_blocks(page)
    assert [(b.kind, b.text) for b in blocks] == [
        ("paragraph", "区民政局2023年第三季度重点工作进展表"),
        ("row", "序号 | 工作内容 |"),
        ("row", "1 | 城乡社区 |"),
    ]


def test_html_metadata_table_and_rowspan_free_cells_are_read():
    page = (
        "<table><tr><td>索 引 号:</td><td>370481/2022-00052</td>"
        "<td>发布机构:</td><td>市民政局</td></tr>"
        "<tr><td>成文日期:</td><td>2022年03月01日</td></tr></table>"
        "<h1>2022年民政工作要点</h1><p>全年新增养老床位200张。</p>"
    )
    doc = parse_bytes("page.html", page.encode())
    assert (doc.index_no, doc.publisher, doc.date) == (
        "370481/2022-00052",
        "市民政局",
        "2022-03-01",
    )
    assert doc.title == "2022年民政工作要点"
    assert [(f.indicator.value, f.indicator.kind) for f in doc.indicators] == [(200, "target")]


def test_docx_merged_cells_are_read_once():
    from docx import Document

    document = Document()
    table = document.add_table(rows=3, cols=3)
    for c, name in enumerate(["序号", "工作内容", "分管领导"]):
        table.cell(0, c).text = name
    table.cell(1, 0).text, table.cell(1, 1).text, table.cell(1, 2).text = "1", "社会救助", "张三"
    table.cell(2, 0).text, table.cell(2, 1).text = "2", "养老服务"
    table.cell(1, 2).merge(table.cell(2, 2))  # one leader for both rows
    buffer = io.BytesIO()
    document.save(buffer)
    blocks = read_blocks("t.docx", buffer.getvalue())
    assert [b.cells for b in blocks] == [
        ["序号", "工作内容", "分管领导"],
        ["1", "社会救助", "张三"],
        ["2", "养老服务", "张三"],
    ]


def test_xlsx_vertical_merges_repeat_down():
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["序号", "工作内容", "分管领导"])
    sheet.append([1, "社会救助", "张三"])
    sheet.append([2, "养老服务", None])
    sheet.merge_cells("C2:C3")
    buffer = io.BytesIO()
    workbook.save(buffer)
    blocks = read_blocks("t.xlsx", buffer.getvalue())
    assert blocks[2].cells == ["2", "养老服务", "张三"]


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("empty.txt", b"", "文件为空"),
        ("blank.docx", b"   \n", "文件为空"),
        ("binary.txt", b"\x00\x01\x02\xff" * 100, "不是文本文件"),
        ("latin1.txt", "Société générale, café crème".encode("latin-1") * 20, "无法识别文件编码"),
        ("truncated.docx", to_docx("标题\n正文")[:700], "文件已损坏或不完整"),
        ("truncated.xlsx", to_xlsx("标题\n正文")[:900], "文件已损坏或不完整"),
        ("other.docx", _zip({"hello.txt": b"hi"}), "不是 Word(.docx)或 Excel(.xlsx)文件"),
        ("bomb.docx", _zip({"word/document.xml": b"0" * 50_000_000}), "疑似压缩炸弹"),
        ("old.doc", b"\xd0\xcf\x11\xe0 old word", "不支持 .doc 格式"),
        ("broken.docx", _zip({"word/document.xml": b"<x", "a.xml": b"x"}), "格式不正确"),
    ],
)  # fmt: skip
def test_bad_input_is_one_clear_reason(name, data, says):
    with pytest.raises(UnreadableDocument, match=re.escape(says)) as caught:
        read_blocks(name, data)
    assert "\n" not in str(caught.value)


def test_too_many_rows_are_refused_quickly():
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for i in range(3000):
        sheet.append([i, "任务"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(UnreadableDocument, match="超过 1000 行"):
        read_blocks("big.xlsx", buffer.getvalue(), Limits(max_rows=1000))


def test_files_over_the_size_limit_are_refused():
    with pytest.raises(UnreadableDocument, match="文件过大"):
        read_blocks("big.txt", b"x" * 2_000_000, Limits(max_bytes=1024 * 1024))


def _sheet(rows) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_bare_numbers_count_where_the_column_or_row_names_the_unit():
    data = _sheet(
        [
            ["2023年养老服务主要指标完成情况"],
            ["序号", "指标名称", "计量单位", "年度目标", "已完成数", "完成率"],
            [1, "新增养老床位", "张", 1000, 900, "90%"],
            [2, "持证养老护理员(人)", None, 300, 320, None],
        ]
    )
    doc = parse_bytes("指标.xlsx", data)
    got = [(i.indicator.name, i.indicator.value, i.indicator.unit, i.indicator.kind)
           for i in doc.indicators]  # fmt: skip
    assert got == [
        ("新增养老床位", 1000, "张", "target"),
        ("新增养老床位", 900, "张", "actual"),
        ("新增养老床位", 90, "%", "completion_rate"),
        ("持证养老护理员", 300, "人", "target"),
        ("持证养老护理员", 320, "人", "actual"),
    ]


def test_a_table_with_no_recognisable_header_is_refused_in_one_line():
    data = _sheet([["A", "B", "C"], [1, 2, 3], [4, 5, 6], [7, 8, 9]])
    with pytest.raises(UnreadableDocument, match="表格没有可识别的表头"):
        parse_bytes("data.xlsx", data)


def test_nul_and_control_bytes_deep_in_a_text_file_are_not_kept():
    """The binary check reads the first 4 KB: NULs after it reached titles and names."""
    seed = next(p for p in SEEDS if p.name.startswith("002_")).read_bytes()
    head, tail = seed[:6000], seed[6000:]
    cut = tail.index(b"|")  # inside a table row
    dirty = head + tail[:cut] + b"\x00\x1b" + tail[cut:]
    doc = parse_bytes("002.txt", dirty)
    texts = [doc.title or "", doc.body] + [t.title for t in doc.tasks]
    texts += [d for t in doc.tasks for d in t.departments] + [
        p for t in doc.tasks for p in t.leaders
    ]
    assert doc.tasks and not any("\x00" in t or "\x1b" in t for t in texts)

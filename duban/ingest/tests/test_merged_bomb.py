"""A 5 KB .xlsx whose merged range runs to row 1,048,576 took a worker to gigabytes:
merged ranges now count against the row limit before the workbook is loaded."""

import io
import re
import time
import zipfile

import pytest
from openpyxl import Workbook

from duban.ingest.readers import Limits, check_merged_ranges, read_blocks
from duban.ingest.text import UnreadableDocument


def with_merge(data: bytes, ref: str, sheet: str = "xl/worksheets/sheet1.xml") -> bytes:
    """The workbook with ``<mergeCell ref=…>`` written into the sheet's XML, as a crafted
    file would have it (openpyxl itself would build every merged cell to write it)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == sheet:
                merge = f'<mergeCells count="1"><mergeCell ref="{ref}"/></mergeCells>'
                content = re.sub(rb"</sheetData>", b"</sheetData>" + merge.encode(), content)
            target.writestr(item, content)
    return out.getvalue()


def small_workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["序号", "工作任务", "责任科室"])
    sheet.append(["1", "养老服务", "养老服务科"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_merged_range_to_the_last_row_is_refused_at_once():
    bomb = with_merge(small_workbook(), "A3:A1048576")
    assert len(bomb) < 10_000
    start = time.perf_counter()
    with pytest.raises(UnreadableDocument, match="合并单元格"):
        read_blocks("bomb.xlsx", bomb)
    assert time.perf_counter() - start < 5  # it used to take 30 s and gigabytes


def test_many_wide_merges_are_refused_too():
    limits = Limits(max_rows=100)
    with pytest.raises(UnreadableDocument, match="合并单元格过多"):
        check_merged_ranges(with_merge(small_workbook(), "A1:ZZ90"), limits)


def test_ordinary_merges_still_read():
    data = with_merge(small_workbook(), "C2:C3")
    assert any("养老服务科" in block.text for block in read_blocks("ok.xlsx", data))

"""Text that starts like a formula stays text in every spreadsheet duban writes: the
published Excel and CSV, and the fill-in sheet of a period."""

import csv
import io
import zipfile

from django.contrib.auth import get_user_model
from django.urls import reverse
from openpyxl import load_workbook

from duban.progress import services as progress
from duban.publishing.document import Document, Table
from duban.publishing.render import render_csv, render_xlsx

HOSTILE = ['=HYPERLINK("http://evil.example","点我")', "+1+1", "-2+3", "@SUM(A1)", "=1+1"]


def _document():
    doc = Document("task_list", "=标题")
    doc.table(
        Table(["序号", "重点工作事项", "工作目标"], ["=一、板块", [*HOSTILE[:2], HOSTILE[2:]]])
    )
    return doc


def test_the_published_excel_holds_no_formula():
    data = render_xlsx(_document(), {"名称": "=A1"})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml
    sheet = load_workbook(io.BytesIO(data)).active
    texts = {c.value for row in sheet.iter_rows() for c in row if c.value}
    assert HOSTILE[0] in texts and "=A1" in texts  # the text itself, as written


def test_the_published_csv_starts_no_field_with_a_formula():
    rows = list(csv.reader(io.StringIO(render_csv(_document(), {}).decode("utf-8-sig"))))
    fields = [field for row in rows for field in row]
    assert not any(field.startswith(("=", "+", "@")) for field in fields)
    assert "'" + HOSTILE[0] in fields and "'=一、板块" in fields


def test_the_fill_in_sheet_holds_no_formula(client, world, period):
    progress.save_report(world.jiuzhu_task, period, actor=None, progress_items=["=1+1"])
    client.force_login(get_user_model().objects.get(username="jiuzhu"))
    data = client.get(reverse("period-excel", args=[period.pk])).content
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any("<f>" in archive.read(n).decode() for n in sheets)
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert "=1+1" in {c.value for row in sheet.iter_rows() for c in row}

"""The Excel round trip: download, fill in with openpyxl as Excel or WPS would, upload,
preview, apply; tampered or foreign files are refused whole."""

import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from duban.plans.models import ImportUpload
from duban.progress import services
from duban.progress.excel import HEADERS, SHEET
from duban.progress.models import ProgressReport, Reading

ID, PROGRESS, STATUS, VALUE, AS_OF, TITLE = (
    HEADERS.index(h) + 1 for h in ("行号", "季度进展", "自评状态", "实际值", "截至日期", "工作内容")
)


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))


def download(client, period, department=None):
    query = {"department": department.pk} if department else {}
    response = client.get(reverse("period-excel", args=[period.pk]), query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def rows_by_id(sheet):
    return {sheet.cell(r, ID).value: r for r in range(3, sheet.max_row + 1)}


def upload(client, period, book, name="填报.xlsx"):
    buffer = io.BytesIO()
    book.save(buffer)
    return client.post(
        reverse("period-excel-upload", args=[period.pk]),
        {"file": SimpleUploadedFile(name, buffer.getvalue())},
    )


def test_download_fill_upload_preview_apply(client, world, period, target):
    login(client, "jiuzhu")
    book = download(client, period)
    sheet = book[SHEET]
    assert sheet.protection.sheet and sheet.column_dimensions["A"].hidden
    rows = rows_by_id(sheet)
    assert set(rows) == {
        f"task:{world.jiuzhu_task.pk}",
        f"item:{world.sub_item.pk}",
        f"target:{target.pk}",
    }  # only 社会救助科's task: its sub-item and target
    item_row = rows[f"item:{world.sub_item.pk}"]
    assert sheet.cell(item_row, PROGRESS).protection.locked is False
    assert sheet.cell(item_row, TITLE).protection.locked is not False
    sheet.cell(item_row, PROGRESS).value = "救助体系建设方案已印发"
    sheet.cell(rows[f"task:{world.jiuzhu_task.pk}"], STATUS).value = "已完成"
    sheet.cell(rows[f"target:{target.pk}"], VALUE).value = 1180
    sheet.cell(rows[f"target:{target.pk}"], AS_OF).value = datetime.date(2023, 9, 30)
    response = upload(client, period, book)
    assert response.status_code == 302
    preview = client.get(response.url).content.decode()
    assert "救助体系建设方案已印发" in preview and "1180" in preview
    assert not ProgressReport.objects.exists()  # nothing until confirmed
    batch = ImportUpload.objects.get().batch
    applied = client.post(response.url, {"batch": batch, "apply": ""})
    assert applied.status_code == 302
    report = ProgressReport.objects.get()
    assert report.progress_items == ["救助体系建设方案已印发"]
    assert report.self_status == "done"
    assert Reading.objects.get().value == Decimal(1180)
    # downloaded again, the file holds what was saved
    again = download(client, period)[SHEET]
    assert again.cell(item_row, PROGRESS).value == "救助体系建设方案已印发"


def test_the_office_downloads_any_department_a_reporter_only_its_own(client, world, period):
    login(client, "office")
    yanglao = world.bureau.departments.get(name="养老服务科")
    book = download(client, period, yanglao)
    assert f"task:{world.yanglao_task.pk}" in rows_by_id(book[SHEET])
    login(client, "jiuzhu")
    response = client.get(reverse("period-excel", args=[period.pk]), {"department": yanglao.pk})
    assert response.status_code == 404
    login(client, "outsider")
    assert client.get(reverse("period-excel", args=[period.pk])).status_code == 404


def _refused(client, period, book, says):
    response = upload(client, period, book)
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert says in page
    assert not ImportUpload.objects.exists()
    assert not ProgressReport.objects.exists()


def test_a_changed_key_column_refuses_the_whole_file(client, world, period):
    login(client, "jiuzhu")
    book = download(client, period)
    sheet = book[SHEET]
    rows = rows_by_id(sheet)
    sheet.cell(rows[f"item:{world.sub_item.pk}"], PROGRESS).value = "进展"
    sheet.cell(rows[f"task:{world.jiuzhu_task.pk}"], TITLE).value = "改过的任务名"
    _refused(client, period, book, "的“工作内容”被改动")


def test_a_row_of_another_departments_task_refuses_the_whole_file(client, world, period):
    login(client, "jiuzhu")
    book = download(client, period)
    sheet = book[SHEET]
    sheet.cell(rows_by_id(sheet)[f"item:{world.sub_item.pk}"], PROGRESS).value = "进展"
    sheet.append([f"task:{world.yanglao_task.pk}", 0, "4", world.yanglao_task.title])
    _refused(client, period, book, "不是社会救助科负责的任务,已拒绝整个文件")


def test_an_unknown_row_id_or_a_foreign_template_is_refused(client, world, period):
    login(client, "jiuzhu")
    book = download(client, period)
    book[SHEET].append(["task:999999", 0, "9", "不存在的任务"])
    _refused(client, period, book, "行号“task:999999”无法识别")
    other = services.open_period(world.plan, actor=None, code="2023Q4")
    login(client, "office")
    q4 = download(client, other, world.bureau.departments.get(name="社会救助科"))
    _refused(client, period, q4, "这是报告期 2023Q4 的模板")
    from openpyxl import Workbook

    _refused(client, period, Workbook(), "不是本系统下载的填报模板")


def test_a_bad_reading_in_the_file_refuses_it_whole(client, world, period, target):
    login(client, "jiuzhu")
    book = download(client, period)
    sheet = book[SHEET]
    rows = rows_by_id(sheet)
    sheet.cell(rows[f"item:{world.sub_item.pk}"], PROGRESS).value = "进展"
    sheet.cell(rows[f"target:{target.pk}"], VALUE).value = "很多"
    _refused(client, period, book, "不是数字")


def test_a_report_changed_after_download_is_not_overwritten(client, world, period):
    login(client, "jiuzhu")
    book = download(client, period)
    services.save_report(world.jiuzhu_task, period, actor=None, progress_items=["网页上填的"])
    sheet = book[SHEET]
    sheet.cell(rows_by_id(sheet)[f"item:{world.sub_item.pk}"], PROGRESS).value = "表格里填的"
    response = upload(client, period, book)
    assert "已被修改,请重新下载模板" in client.get(response.url).content.decode()
    assert ProgressReport.objects.get().progress_items == ["网页上填的"]


def test_a_damaged_file_is_one_line(client, world, period):
    login(client, "jiuzhu")
    response = client.post(
        reverse("period-excel-upload", args=[period.pk]),
        {"file": SimpleUploadedFile("坏.xlsx", b"PK\x03\x04broken")},
        follow=True,
    )
    assert "坏.xlsx: 文件已损坏或不完整,无法打开" in response.content.decode()


def test_another_departments_template_is_refused_with_the_reason(client, world, period):
    login(client, "office")
    yanglao = world.bureau.departments.get(name="养老服务科")
    book = download(client, period, yanglao)
    login(client, "jiuzhu")
    _refused(client, period, book, "这是养老服务科的填报模板,您无权填报其中的任务")


@pytest.mark.parametrize(
    ("role", "download_status"),
    [("office", 200), ("jiuzhu", 200), ("leader", 404), ("city", 404), ("outsider", 404)],
)
def test_who_may_download_and_upload_a_sheet(client, world, period, role, download_status):
    login(client, "office")
    jiuzhu_dept = world.bureau.departments.get(name="社会救助科")
    book = download(client, period, jiuzhu_dept)
    sheet = book[SHEET]
    sheet.cell(rows_by_id(sheet)[f"item:{world.sub_item.pk}"], PROGRESS).value = "进展"
    login(client, role)
    query = {"department": jiuzhu_dept.pk} if role == "office" else {}
    got = client.get(reverse("period-excel", args=[period.pk]), query)
    assert got.status_code == download_status
    response = upload(client, period, book)
    if role == "outsider":
        assert response.status_code == 404
    elif role in ("office", "jiuzhu"):
        assert response.status_code == 302 and "batch=" in response.url
    else:  # may read the period, may not report: told why, nothing kept
        assert "无权填报" in client.get(response.url).content.decode()
    assert not ProgressReport.objects.exists()


def test_a_department_with_a_monitored_figure_downloads_its_sheet(client, world, period):
    """A monitored figure (no target value) put a lazy translation into a cell: 500."""
    from duban.plans import services as plans

    plans.add_target(world.jiuzhu_task, actor=None, name="在册低保人数", value=None, unit="人")
    plans.add_target(world.jiuzhu_task, actor=None, name="资金", value=64800000, unit="元")
    login(client, "jiuzhu")
    sheet = download(client, period)[SHEET]
    shown = {sheet.cell(r, c).value for r in range(1, sheet.max_row + 1) for c in range(1, 15)}
    assert "监测指标" in shown and "≥6480万元" in shown


def test_a_superior_or_a_merged_range_bomb_is_refused_before_the_sheet_is_loaded(
    client, world, period, monkeypatch
):
    from duban.ingest.tests.test_merged_bomb import with_merge
    from duban.progress import excel

    login(client, "jiuzhu")
    data = client.get(reverse("period-excel", args=[period.pk])).content
    loaded = []
    real = excel.load_workbook

    def watch(*args, **kwargs):
        loaded.append(kwargs.get("read_only", False))
        return real(*args, **kwargs)

    monkeypatch.setattr(excel, "load_workbook", watch)
    login(client, "city")  # may read the period, may not report
    answer = client.post(
        reverse("period-excel-upload", args=[period.pk]),
        {"file": SimpleUploadedFile("填报.xlsx", data)},
    )
    assert answer.status_code in (302, 404)
    assert loaded and all(loaded)  # the signature was read; the whole sheet never loaded
    login(client, "jiuzhu")
    bomb = with_merge(data, "A3:A1048576")
    refused = client.post(
        reverse("period-excel-upload", args=[period.pk]),
        {"file": SimpleUploadedFile("填报.xlsx", bomb)},
        follow=True,
    )
    assert "合并单元格" in refused.content.decode()
    assert not ImportUpload.objects.exists() and not ProgressReport.objects.exists()

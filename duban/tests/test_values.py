"""The one rule per kind of value (duban/values.py), and that every entry applies it: the
report form, the Excel sheet, the API and the services the importer calls."""

import datetime
import io
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from duban import values
from duban.plans import services as plans
from duban.progress import services as progress
from duban.progress.models import ProgressReport, Reading


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1,200", Decimal("1200")),
        ("1,200.5", Decimal("1200.5")),
        (" 3 ", Decimal(3)),
        (12, Decimal(12)),
        (0.1, Decimal("0.1")),
        ("0.00005", Decimal("0.0001")),  # kept to 4 decimals, half up
        ("9999999999999999", Decimal("9999999999999999")),  # 16 digits: the most there is
        ("-5", Decimal(-5)),
        (0, Decimal(0)),
    ],
)
def test_a_number_by_the_one_rule(raw, expected):
    assert values.number(raw) == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("99999999999999999999999", "number_too_large"),
        ("10000000000000000", "number_too_large"),  # 17 digits
        ("1e309", "number_too_large"),
        (1e309, "not_a_number"),  # float inf
        (float("nan"), "not_a_number"),
        ("NaN", "not_a_number"),
        ("Infinity", "not_a_number"),
        ("一千二", "not_a_number"),
        ("", "not_a_number"),
        (None, "not_a_number"),
        (True, "not_a_number"),
    ],
)
def test_numbers_no_entry_accepts(raw, code):
    with pytest.raises(values.BadValue) as refused:
        values.number(raw)
    assert refused.value.code == code
    assert "\n" not in str(refused.value)


@pytest.mark.parametrize("raw", ["a\udfffb", "a\x00b", "a\x1bb", "\x7f"])
def test_texts_no_entry_accepts(raw):
    with pytest.raises(values.BadValue):
        values.text(raw)
    assert values.without_controls(raw) in ("ab", "")


def test_texts_keep_line_breaks_tabs_and_every_language():
    kept = "第一行\n第二行\t①②③ «é» 😀\r\n"
    assert values.text(kept) == kept == values.without_controls(kept)


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (Decimal(64800000), "元", "6480万元"),
        (Decimal(120000000), "元", "1.2亿元"),
        (Decimal(12146), "张", "12146张"),
        (Decimal(20000), "人", "2万人"),
        (Decimal("9999.5"), "元", "9999.5元"),
        (Decimal(10000), "", "1万"),
        (Decimal(100050), "元", "100050元"),
    ],
)
def test_amounts_as_a_bureau_writes_them(value, unit, shown):
    assert values.amount(value, unit) == shown


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))


def test_a_huge_reading_on_the_form_is_refused_even_over_an_existing_one(
    client, world, period, target
):
    """The second save of a reading took another path (no full_clean) and kept 1e23."""
    login(client, "jiuzhu")
    url = reverse("report-edit", args=[world.jiuzhu_task.pk, period.pk])
    form = {"version": "0", "self_status": "in_progress", "save": ""}
    form[f"progress_{world.sub_item.pk}"] = "已开展"
    client.post(url, {**form, f"reading_{target.pk}": "400"})
    huge = {**form, "version": "1", f"reading_{target.pk}": "99999999999999999999999"}
    page = client.post(url, huge, follow=True)
    assert "超过 16 位整数" in page.content.decode()
    assert Reading.objects.get().value == Decimal(400)
    assert ProgressReport.objects.get().version == 1
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("value", ["1e309", "99999999999999999999999", "NaN"])
def test_a_huge_reading_in_the_excel_sheet_refuses_the_file(client, world, period, target, value):
    from openpyxl import load_workbook

    from duban.progress.tests.test_excel import PROGRESS, SHEET, VALUE, rows_by_id, upload

    login(client, "jiuzhu")
    book = load_workbook(io.BytesIO(client.get(reverse("period-excel", args=[period.pk])).content))
    sheet = book[SHEET]
    rows = rows_by_id(sheet)
    sheet.cell(rows[f"item:{world.sub_item.pk}"], PROGRESS).value = "进展"
    sheet.cell(rows[f"target:{target.pk}"], VALUE).value = value
    answer = upload(client, period, book)
    assert answer.status_code == 302
    assert not ProgressReport.objects.exists() and not Reading.objects.exists()


@pytest.mark.parametrize(
    "change",
    [
        {"title": "任务\x00名"},
        {"goal": "目标\udfff"},
    ],
)
def test_services_refuse_bad_text_in_tasks(world, change):
    before = world.jiuzhu_task.title
    with pytest.raises(ValidationError) as refused:
        plans.update_task(world.jiuzhu_task, actor=None, **change)
    assert refused.value.code == "bad_text"
    world.jiuzhu_task.refresh_from_db()
    assert world.jiuzhu_task.title == before


def test_targets_and_readings_by_the_one_rule(world, period, target):
    with pytest.raises(ValidationError) as refused:
        plans.add_target(world.jiuzhu_task, actor=None, name="床位", value="1e309", unit="张")
    assert refused.value.code == "number_too_large"
    report = progress.save_report(world.jiuzhu_task, period, actor=None, progress_items=["x"])
    with pytest.raises(ValidationError):
        progress.add_reading(
            report, target, actor=None, value=Decimal("1e23"), as_of=datetime.date(2023, 9, 30)
        )
    assert not Reading.objects.exists()


@pytest.mark.skipif(
    "os.environ.get('DATABASE_URL', '').startswith('postgres')",
    reason="only SQLite ever stored such figures",
)
def test_figures_stored_before_the_rule_are_repaired_and_pages_render_again(
    client, world, period, target
):
    import importlib

    from django.db import connection

    report = progress.save_report(
        world.jiuzhu_task,
        period,
        actor=None,
        progress_items=["x"],
        readings={target.pk: ("5", None)},
    )
    with connection.cursor() as cursor:  # what the old second-save path let through
        cursor.execute("UPDATE progress_reading SET value = 1e23")
        cursor.execute("UPDATE progress_historicalreading SET value = 9e999")  # Inf
    login(client, "office")
    task_page = reverse("task", args=[world.jiuzhu_task.pk])
    with pytest.raises(Exception):  # noqa: B017 - the breakage the migration mends
        client.get(task_page)
    repair = importlib.import_module(
        "duban.progress.migrations.0005_repair_impossible_figures"
    ).repair
    repair(None, SimpleNamespace(connection=connection))
    assert client.get(task_page).status_code == 200
    assert client.get(reverse("report-review", args=[report.pk])).status_code == 200
    assert not Reading.objects.exists()

"""The `duban` command as a user runs it: a real process, real exit codes."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "duban" / "demo" / "seeds"


def duban(*args, env=None, tmp_path=None):
    environ = {**os.environ, **(env or {})}
    if tmp_path is not None:
        # A database of the test's own: CI's DATABASE_URL names a shared PostgreSQL
        # database, which the processes of different tests would otherwise all write to.
        environ["DUBAN_VAR_DIR"] = str(tmp_path)
        environ["DATABASE_URL"] = f"sqlite:///{tmp_path / 'duban.sqlite3'}"
    return subprocess.run(
        [sys.executable, "-m", "duban", *args],
        capture_output=True,
        text=True,
        env=environ,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def test_an_unknown_command_prints_usage_and_exits_2():
    run = duban("frobnicate")
    assert run.returncode == 2
    assert "unknown command 'frobnicate'" in run.stderr and "usage: duban" in run.stderr


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("foo://nowhere", "DATABASE_URL is not a valid database URL"),
        ("postgres://nobody@127.0.0.1:1/none", "DATABASE_URL: cannot connect to the database"),
    ],
)
def test_a_bad_database_url_is_one_line_and_exit_1(url, says):
    run = duban("check", env={"DATABASE_URL": url})
    assert run.returncode == 1
    assert says in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
    assert "Traceback" not in run.stderr


def test_import_dry_run_prints_the_contract_for_every_seed(tmp_path):
    files = sorted(str(p) for p in SEEDS.glob("*.txt"))
    run = duban("import", *files, "--dry-run", "--json", tmp_path=tmp_path)
    assert run.returncode == 0, run.stderr
    docs = json.loads(run.stdout)
    assert [d["kind"] for d in docs] == [
        "progress_table",
        "summary",
        "task_list",
        "summary",
        "summary",
    ]
    assert sum(len(d["tasks"]) for d in docs) == 39


def test_import_of_an_empty_file_names_the_file_and_saves_nothing(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    run = duban("import", str(empty), "--org", "某局", tmp_path=tmp_path)
    assert run.returncode == 1
    assert run.stderr.strip() == f"duban: {empty}: 文件为空"


def test_check_passes_on_a_migrated_database(tmp_path):
    assert duban("migrate", tmp_path=tmp_path).returncode == 0
    run = duban("check", tmp_path=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "migrations: ok" in run.stdout


def test_import_saves_into_the_named_bureau_or_names_the_missing_one(tmp_path):
    assert duban("migrate", tmp_path=tmp_path).returncode == 0
    seed = str(next(SEEDS.glob("000_*.txt")))
    missing = duban("import", seed, "--org", "宁波市奉化区民政局", tmp_path=tmp_path)
    assert missing.returncode == 1
    assert "no organization named '宁波市奉化区民政局'" in missing.stderr
    run = duban("import", seed, "--org", "宁波市奉化区民政局", "--create-org", tmp_path=tmp_path)
    assert run.returncode == 0, run.stderr
    # 7 tasks and their 6+6+5+5+4+7+2 planned items as sub-items; one approved report per
    # task; targets in the plan column: 1家 (task 5), 100张, 100人, 1家, 50张, 50户 (task 6)
    assert run.stdout.strip().startswith(
        "000_94d78721f14ede4a.txt: 已导入 plans 1, tasks 42, targets 6, readings"
    )
    assert run.stdout.strip().endswith("reports 7")
    again = duban("import", seed, "--org", "宁波市奉化区民政局", tmp_path=tmp_path)
    assert again.returncode == 0
    assert again.stdout.strip() == "000_94d78721f14ede4a.txt: 与已导入的版本相同,未作改动"


def test_an_edited_version_shows_its_changes_and_needs_replace(tmp_path):
    assert duban("migrate", tmp_path=tmp_path).returncode == 0
    original = next(SEEDS.glob("002_*.txt"))
    edited = tmp_path / original.name
    text = original.read_text(encoding="utf-8")
    edited.write_text(text.replace("“高彩礼”社会现象。 | 谭朝晖", "“高彩礼”社会现象。 | 张文娟"))
    org = ("--org", "宣城市宣州区民政局")
    assert duban("import", str(original), *org, "--create-org", tmp_path=tmp_path).returncode == 0
    refused = duban("import", str(edited), *org, tmp_path=tmp_path)
    assert refused.returncode == 1
    assert "~ 任务 市民政局重点工作任务 6 分管领导:谭朝晖 → 张文娟" in refused.stdout
    assert "确认替换请加 --replace" in refused.stderr
    replaced = duban("import", str(edited), *org, "--replace", tmp_path=tmp_path)
    assert replaced.returncode == 0, replaced.stderr
    assert "已导入 plans 1, tasks 32" in replaced.stdout
    # the replaced version is gone, its publication corrected by a second version
    listing = duban(
        "manage", "shell", "--no-imports", "-c",
        "from duban.plans.models import Plan; from duban.publishing.models import Publication;"
        "print(Plan.objects.count(),"
        " sorted(Publication.objects.values_list('version', flat=True)))",
        tmp_path=tmp_path,
    )  # fmt: skip
    assert listing.stdout.strip() == "1 [1]"


def _zip_bomb() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"0" * 60_000_000)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    var = tmp_path_factory.mktemp("var")
    assert duban("migrate", tmp_path=var).returncode == 0
    return var


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("binary.txt", b"\x00\x01\x02" * 100, "不是文本文件"),
        ("bomb.docx", _zip_bomb(), "压缩内容解压后过大,疑似压缩炸弹,已拒绝"),
        ("cut.xlsx", b"PK\x03\x04" + b"\x00" * 300, "文件已损坏或不完整,无法打开"),
        ("page.html", b"<html><body><script>alert(1)</script></body></html>", "没有可识别的内容"),
    ],
)
def test_bad_input_is_one_line_exit_1_and_nothing_is_saved(migrated, name, data, reason):
    good = next(SEEDS.glob("000_*.txt"))
    bad = migrated / name
    bad.write_bytes(data)
    run = duban(
        "import", str(good), str(bad), "--org", "某区民政局", "--create-org", tmp_path=migrated
    )
    assert run.returncode == 1
    assert run.stderr.strip() == f"duban: {bad}: {reason}"
    count = duban(
        "manage", "shell", "--no-imports", "-c",
        "from duban.plans.models import SourceDocument; from duban.orgs.models import Organization;"
        "print(SourceDocument.objects.count(), Organization.objects.count())",
        tmp_path=migrated,
    )  # fmt: skip
    assert count.stdout.strip() == "0 0"


def test_export_and_status_give_scripts_the_demo_bureaus_documents_and_json(tmp_path):
    import io

    from docx import Document as Word
    from openpyxl import load_workbook

    assert duban("migrate", tmp_path=tmp_path).returncode == 0
    assert duban("demo", tmp_path=tmp_path).returncode == 0
    listing = duban(
        "export",
        "task_list",
        "--org",
        "宣城市宣州区民政局",
        "--year",
        "2023",
        "--format",
        "docx",
        "-o",
        str(tmp_path / "list.docx"),
        tmp_path=tmp_path,
    )
    assert listing.returncode == 0, listing.stderr
    word = Word(io.BytesIO((tmp_path / "list.docx").read_bytes()))
    assert word.paragraphs[0].text == "宣城市宣州区民政局2023年重点工作任务清单"
    assert len(word.tables[0].rows) == 1 + 32 + 6  # header, tasks, the six sections
    quarter = duban(
        "export",
        "progress_table",
        "--org",
        "宁波市奉化区民政局",
        "--year",
        "2023",
        "--period",
        "2023Q3",
        "--format",
        "xlsx",
        "-o",
        str(tmp_path / "q3.xlsx"),
        "--json",
        tmp_path=tmp_path,
    )
    assert quarter.returncode == 0, quarter.stderr
    said = json.loads(quarter.stdout)
    assert said["format"] == "xlsx" and said["bytes"] == (tmp_path / "q3.xlsx").stat().st_size
    sheet = load_workbook(tmp_path / "q3.xlsx").active
    rows = [[c for c in row if c] for row in sheet.iter_rows(values_only=True)]
    assert ["序号", "工作内容", "季度安排", "季度进展"] in rows
    assert sheet.freeze_panes is not None
    missing = duban(
        "export",
        "progress_table",
        "--org",
        "宁波市奉化区民政局",
        "--year",
        "2023",
        "--period",
        "2023Q4",
        "-o",
        str(tmp_path / "q4.pdf"),
        tmp_path=tmp_path,
    )
    assert missing.returncode == 1
    assert missing.stderr.strip() == "duban: 宁波市奉化区民政局 没有 2023 年的报告期 2023Q4"
    assert not (tmp_path / "q4.pdf").exists()
    status = duban(
        "status", "--org", "宁波市奉化区民政局", "--date", "2023-10-01", "--json", tmp_path=tmp_path
    )
    assert status.returncode == 0, status.stderr
    rows = json.loads(status.stdout)
    # seed 000's seven tasks and the one 宁波 handed down
    assert len(rows) == 8 and {row["code"] for row in rows} <= {"done", "normal"}
    assert rows[-1]["title"] == "推进老年助餐服务扩面提质"
    assert rows[0]["title"] == "城乡社区 “共建” “共治”" and rows[0]["pace"] > 0

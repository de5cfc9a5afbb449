"""The tabular outputs as a bureau opens them in an office suite: LibreOffice (standing in
for WPS and Word) converts them to PDF, read back with poppler: how many pages, every
column header on page 1, and no cell's text missing from the text layer."""

import re
import shutil
import subprocess
from collections import Counter

import pytest
from django.conf import settings

from duban.ingest.document import parse_file
from duban.ingest.save import save_document
from duban.publishing import services
from duban.publishing.render import render

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="needs LibreOffice (scripts/test installs it)"
)
TASK_HEADERS = ["序号", "重点工作事项", "工作目标", "分管领导", "责任科室"]
PROGRESS_HEADERS = ["序号", "工作内容", "季度安排", "季度进展"]


def as_pdf(data: bytes, suffix: str, tmp_path) -> tuple[int, list[str]]:
    """Pages and each page's text, without whitespace (a wrapped cell splits its words)."""
    source = tmp_path / f"document.{suffix}"
    source.write_bytes(data)
    subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    pdf = str(tmp_path / "document.pdf")
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info)[1])
    texts = []
    for page in range(1, pages + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), pdf, "-"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        texts.append("".join(text.split()))
    return pages, texts


def published(world, user, seed: str, kind: str, period: str = ""):
    office = user("office")
    save_document(
        parse_file(next(settings.DUBAN_SEEDS_DIR.glob(f"{seed}_*.txt"))), world.bureau,
        actor=office,
    )  # fmt: skip
    draft = services.compose_publication(
        world.bureau, actor=office, kind=kind, year=2023, period=period
    )
    return services.document_of(draft), services.metadata(draft)


def cell_characters(doc) -> Counter:
    """Every character of every cell. A wrapped cell's lines interleave with its
    neighbours' in the text layer, so the test counts characters: a cell cut to its first
    line, or a column left off the page, loses some."""
    (table,) = doc.tables()
    found: Counter = Counter()
    for row in table.rows:
        for cell in [row] if isinstance(row, str) else row:
            for item in cell if isinstance(cell, list) else [cell]:
                found.update("".join(str(item).split()))
    return found


def missing(expected: Counter, texts: list[str]) -> Counter:
    lost = expected - Counter("".join(texts))
    lost.pop("-", None)  # pdftotext drops a hyphen that ends a line, as if hyphenating
    return lost


def has_headers(page: str, headers: list[str]) -> bool:
    return not missing(Counter("".join(headers)), [page])


@pytest.mark.parametrize(("fmt", "most_pages"), [("docx", 7), ("xlsx", 5)])
def test_seed_002s_task_list_reads_and_prints_whole(world, user, tmp_path, fmt, most_pages):
    """Word had five equal columns (工作目标 four characters a line): 12 pages."""
    doc, meta = published(world, user, "002", "task_list")
    pages, texts = as_pdf(render(fmt, doc, meta).data, fmt, tmp_path)
    assert pages <= most_pages
    assert has_headers(texts[0], TASK_HEADERS)
    lost = missing(cell_characters(doc), texts)
    assert not lost, lost.most_common(5)


def test_fenghuas_progress_table_in_excel_prints_its_columns_together(world, user, tmp_path):
    """The Excel progress table printed on 3 pages, 季度安排 and 季度进展 apart from 序号
    and 工作内容, each cell showing its first line only."""
    doc, meta = published(world, user, "000", "progress_table", "2023Q3")
    pages, texts = as_pdf(render("xlsx", doc, meta).data, "xlsx", tmp_path)
    assert pages <= 4
    for page in texts:  # every page has all four columns and their headers
        assert has_headers(page, PROGRESS_HEADERS)
    lost = missing(cell_characters(doc), texts)
    assert not lost, lost.most_common(5)

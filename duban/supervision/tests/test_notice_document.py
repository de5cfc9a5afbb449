"""A 督办单 and a 催办单 as Word in the official format and as PDF with a text layer,
from `duban export notice`."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from docx import Document as WordDocument
from docx.shared import Pt

from duban.publishing.tests.test_publishing import _poppler
from duban.supervision.services import issue_notice


@pytest.fixture
def notice(world, user):
    return issue_notice(
        world.jiuzhu_task, world.jiuzhu_task.lead_department, actor=user("office"),
        body="请于本月内完成低收入人口动态监测全覆盖", reply_due=datetime.date(2099, 10, 20),
    )  # fmt: skip


def _export(notice, tmp_path, fmt, *extra):
    year, n = notice.number[3:7], notice.number[8:-1]
    out = tmp_path / f"notice.{fmt}"
    call_command("export", "notice", "--org", notice.organization.name, "--year", year,
                 "--number", n, "-o", str(out), *extra, stdout=io.StringIO())  # fmt: skip
    return out


def test_the_notice_as_word_in_the_official_format(world, notice, tmp_path):
    word = WordDocument(_export(notice, tmp_path, "docx"))
    section = word.sections[0]
    assert (round(section.top_margin.mm), round(section.bottom_margin.mm)) == (37, 35)
    assert (round(section.left_margin.mm), round(section.right_margin.mm)) == (28, 26)
    texts = [p.text for p in word.paragraphs]
    assert texts[0] == "督查通知单" and texts[1] == notice.number
    assert texts[2] == "社会救助科:"
    assert any("健全分层分类的社会救助体系" in t for t in texts)
    assert "请于本月内完成低收入人口动态监测全覆盖" in texts
    assert any("请于2099年10月20日前将采取的措施" in t for t in texts)
    issued = timezone.localdate(notice.created_at)  # the bureau's day, not UTC's
    assert texts[-2:] == [world.bureau.name, f"{issued:%Y年%m月%d日}"]
    title_run = word.paragraphs[0].runs[0]
    assert title_run.font.size == Pt(22)  # 二号, 方正小标宋 as the publications


def test_the_urge_notice_as_pdf_has_a_text_layer(notice, tmp_path):
    pdf = _export(notice, tmp_path, "pdf", "--urge")
    text = _poppler("pdftotext", str(pdf), "-")
    assert "催办单" in text and notice.number in text and "即日回复办理情况" in text


def test_a_missing_number_or_format_is_a_clear_message(world, notice, tmp_path):
    with pytest.raises(CommandError, match="没有督办〔2023〕99号"):
        call_command("export", "notice", "--org", world.bureau.name, "--year", "2023",
                     "--number", "99", "-o", str(tmp_path / "x.docx"))  # fmt: skip
    with pytest.raises(CommandError, match="docx, pdf or html"):
        _export(notice, tmp_path, "xlsx")
    with pytest.raises(CommandError, match="--number"):
        call_command("export", "notice", "--org", world.bureau.name, "--year", "2023",
                     "-o", str(tmp_path / "x.docx"))  # fmt: skip
    assert not list(tmp_path.glob("x.*"))


def test_the_notice_page_downloads_it_for_those_who_may_read_it(client, world, notice):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    url = reverse("notice-file", args=[notice.pk, "docx"])
    for username, status in (("jiuzhu", 200), ("office", 200), ("outsider", 404)):
        client.force_login(get_user_model().objects.get(username=username))
        answer = client.get(url)
        assert answer.status_code == status, username
    client.force_login(get_user_model().objects.get(username="office"))
    word = WordDocument(io.BytesIO(client.get(url, {"urge": "1"}).content))
    assert word.paragraphs[0].text == "催办单"
    assert client.get(reverse("notice-file", args=[notice.pk, "exe"])).status_code == 404


def test_an_answered_notice_keeps_its_record_in_the_document(world, user, notice, tmp_path):
    from duban.supervision.services import answer_notice, return_notice

    answer_notice(notice, actor=user("jiuzhu"), text="已排查三个街道")
    return_notice(notice, actor=user("office"), text="请写明完成时限")
    word = WordDocument(_export(notice, tmp_path, "docx", "--urge"))
    texts = [p.text for p in word.paragraphs]
    today = f"{timezone.localdate():%Y年%m月%d日}"
    start = texts.index(next(t for t in texts if t.endswith("、办理情况")))
    assert texts[start + 1 : start + 3] == [
        f"{today}回复:已排查三个街道",
        f"{today}退回重办:请写明完成时限",
    ]

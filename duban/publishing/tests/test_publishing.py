"""Publishing from the office's side and the public's: 索引号, frozen versions, every
format, the PDF's Chinese, and what anonymous visitors can never reach."""

import datetime
import shutil
import subprocess
import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse

from duban.publishing import services
from duban.publishing.compose import NO_APPROVED_PROGRESS, WRITE_THE_PLAN, compose
from duban.publishing.models import IndexCounter, Publication, PublicationState
from duban.publishing.render import FORMATS, render_pdf_checked


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))


def _poppler(tool: str, *args: str) -> str:
    done = subprocess.run([shutil.which(tool), *args], capture_output=True, text=True, check=True)  # noqa: S603
    return done.stdout


@pytest.fixture
def draft(world, user):
    return services.compose_publication(
        world.bureau, actor=user("office"), kind="task_list", year=2023
    )


def test_the_office_composes_a_task_list_from_its_plan(draft, world):
    assert draft.state == PublicationState.DRAFT and draft.index_no == ""
    assert draft.title == "宣城市宣州区民政局2023年重点工作任务清单"
    (table,) = services.document_of(draft).tables()
    assert [row[1] for row in table.rows if isinstance(row, list)] == [
        "健全分层分类的社会救助体系",
        "发展养老事业和养老产业",
    ]
    assert (draft.category, draft.topic, draft.genre) == ("重点工作", "民政、扶贫、救灾", "计划")


def test_publishing_numbers_freezes_and_renders_every_format(draft, world, user):
    world.bureau.disclosure_code = "11341703003249426F"
    world.bureau.save()
    services.publish_publication(draft, actor=user("office"))
    draft.refresh_from_db()
    assert draft.index_no == "11341703003249426F/2023-00001"
    assert sorted(draft.files.values_list("format", flat=True)) == sorted(FORMATS)
    assert all(f.size > 0 and len(f.sha256) == 64 for f in draft.files.all())
    # the data changes afterwards; what was published does not
    task = world.plan.tasks.get(title="发展养老事业和养老产业")
    task.title = "改过的标题"
    task.save()
    assert "发展养老事业和养老产业" in str(services.document_of(draft).as_json())
    second = services.compose_publication(
        world.bureau, actor=user("office"), kind="task_list", year=2023
    )
    services.publish_publication(second, actor=user("office"))
    assert second.index_no == "11341703003249426F/2023-00002"


def test_a_number_a_document_was_imported_with_is_skipped(draft, world, user):
    world.bureau.disclosure_code = "CODE"
    world.bureau.save()
    imported = services.create_publication(
        world.bureau, actor=user("office"), kind="other", title="导入的", index_no="CODE/2023-00001"
    )
    services.publish_publication(imported, actor=user("office"))
    services.publish_publication(draft, actor=user("office"))
    assert draft.index_no == "CODE/2023-00002"
    assert IndexCounter.objects.get(organization=world.bureau, year=2023).last == 2


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's in-memory test database locks tables instead of waiting; on a file, "
    "IMMEDIATE transactions queue writers. CI runs this on PostgreSQL.",
)
@pytest.mark.django_db(transaction=True)
def test_two_publishes_at_once_get_two_numbers():
    from duban.testing.personas import build_world

    world = build_world()
    office = get_user_model().objects.get(username="office")
    drafts = [
        services.create_publication(
            world.bureau, actor=office, kind="other", title=f"文件{i}", year=2023, body="正文"
        )
        for i in range(2)
    ]
    start, errors = threading.Barrier(2), []

    def publish(publication):
        try:
            start.wait()
            services.next_index_no(world.bureau, 2023)  # both take a number at once …
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(d,)) for d in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert IndexCounter.objects.get(organization=world.bureau, year=2023).last == 2
    for publication in drafts:  # … and publishing after them goes on from 3
        services.publish_publication(publication, actor=office)
    numbers = sorted(Publication.objects.values_list("index_no", flat=True))
    assert numbers == [
        f"ORG{world.bureau.pk:04d}/2023-00003",
        f"ORG{world.bureau.pk:04d}/2023-00004",
    ]


def test_a_correction_is_published_under_its_own_number_and_the_old_says_so(
    client, draft, world, user
):
    office = user("office")
    services.publish_publication(draft, actor=office)
    fixed = services.correct_publication(draft, actor=office, title="2023年重点工作任务清单(更正)")
    assert fixed.index_no == "" and fixed.previous == draft and fixed.version == 2
    services.publish_publication(fixed, actor=office)
    assert fixed.index_no not in ("", draft.index_no)
    old = client.get(reverse("public-document", args=[world.bureau.pk, draft.pk]))
    assert "本文件已被更正(第 2 版)" in old.content.decode()
    new = client.get(reverse("public-document", args=[world.bureau.pk, fixed.pk])).content
    assert "本文件更正了第 1 版" in new.decode()
    assert "更正" in client.get(reverse("public-list", args=[world.bureau.pk])).content.decode()


def test_anonymous_visitors_get_404_for_every_draft_address_and_file(client, draft, world):
    org = world.bureau.pk
    addresses = [
        reverse("publications", args=[org]),
        reverse("classifications", args=[org]),
        reverse("publication", args=[draft.pk]),
        reverse("public-document", args=[org, draft.pk]),
    ]
    for fmt in FORMATS:
        addresses += [
            reverse("publication-file", args=[draft.pk, fmt]),
            reverse("public-file", args=[org, draft.pk, fmt]),
        ]
    for address in addresses:
        assert client.get(address).status_code == 404, address
    assert draft.title not in client.get(reverse("public-list", args=[org])).content.decode()


def test_published_documents_are_public_in_every_format(client, draft, world, user):
    services.publish_publication(draft, actor=user("office"))
    org = world.bureau.pk
    page = client.get(reverse("public-document", args=[org, draft.pk])).content.decode()
    assert "索引号" in page and draft.index_no in page and "健全分层分类的社会救助体系" in page
    for fmt in FORMATS:
        response = client.get(reverse("public-file", args=[org, draft.pk, fmt]))
        assert response.status_code == 200, fmt
        assert response.content == draft.files.get(format=fmt).file.open("rb").read()
    listing = client.get(reverse("public-list", args=[org]), {"q": "重点工作", "year": "2023"})
    assert draft.title in listing.content.decode()
    other = reverse("public-document", args=[world.sibling.pk, draft.pk])
    assert client.get(other).status_code == 404  # at its own bureau's address only


@pytest.mark.parametrize(
    ("role", "compose_status", "publish_status"),
    [
        ("office", 302, 302),
        ("jiuzhu", 403, 403),
        ("leader", 403, 403),
        ("city", 403, 403),
        ("other_office", 404, 404),
        ("outsider", 404, 404),
    ],
)
def test_only_the_bureaus_office_composes_and_publishes(
    client, draft, world, role, compose_status, publish_status
):
    login(client, role)
    composed = client.post(
        reverse("publications", args=[world.bureau.pk]), {"kind": "task_list", "year": "2023"}
    )
    assert composed.status_code == compose_status
    published = client.post(reverse("publication", args=[draft.pk]), {"action": "publish"})
    assert published.status_code == publish_status
    draft.refresh_from_db()
    assert (draft.state == PublicationState.PUBLISHED) == (role == "office")


def test_the_office_edits_a_summary_draft_and_publishes_the_edit(client, world, user):
    from duban.progress import services as progress

    period = progress.open_period(world.plan, actor=None, code="2023Q3")
    report = progress.save_report(
        world.jiuzhu_task, period, actor=None, progress_items=["完成低保提标。"]
    )
    progress.submit_report(report, actor=None)
    progress.approve_report(report, actor=None)
    draft = services.compose_publication(
        world.bureau, actor=user("office"), kind="summary", year=2023, period="2023Q3"
    )
    assert "完成低保提标。" in draft.body and "一、2023年第三季度工作总结" in draft.body
    login(client, "office")
    # 养老服务科 reported nothing approved: its placeholder cannot be published as is
    assert NO_APPROVED_PROGRESS in draft.body
    refused = client.post(reverse("publication", args=[draft.pk]), {"action": "publish"})
    assert "占位文字" in client.get(refused.url).content.decode()
    draft.refresh_from_db()
    assert draft.state == PublicationState.DRAFT
    edited = draft.body.replace("完成低保提标。", "完成城乡低保提标工作。")
    edited = edited.replace(NO_APPROVED_PROGRESS, "养老服务按计划推进。")
    edited = edited.replace(WRITE_THE_PLAN, "巩固提升养老服务。")
    client.post(
        reverse("publication", args=[draft.pk]),
        {
            "action": "save",
            "body": edited,
            "title": draft.title,
            "category": "计划总结",
            "topic": "民政、扶贫、救灾",
            "genre": "总结",
            "disclosure_method": "依申请公开",
            "disclosure_scope": "面向全社会",
            "doc_no": "",
            "issued_on": "2023-10-20",
        },
    )
    client.post(reverse("publication", args=[draft.pk]), {"action": "publish"})
    draft.refresh_from_db()
    assert draft.state == PublicationState.PUBLISHED and draft.disclosure_method == "依申请公开"
    blocks = draft.content["blocks"]
    assert {"paragraph": "完成城乡低保提标工作。"} in blocks
    assert {"heading": "一、2023年第三季度工作总结", "level": 1} in blocks
    html = draft.files.get(format="html").file.open("rb").read().decode()
    assert "完成城乡低保提标工作。" in html and "完成低保提标。" not in html


def test_bad_compose_requests_are_one_line_and_save_nothing(client, world):
    login(client, "office")
    url = reverse("publications", args=[world.bureau.pk])
    for data, says in [
        (
            {"kind": "progress_table", "year": "2023", "period": "2023Q4"},
            "没有 2023 年的报告期 2023Q4",
        ),
        ({"kind": "task_list", "year": "2031"}, "没有 2031 年的任务清单"),
        ({"kind": "task_list", "year": "明年"}, "请填写年度"),
    ]:
        page = client.post(url, data, follow=True).content.decode()
        assert says in page
    assert not Publication.objects.filter(organization=world.bureau).exists()


@pytest.mark.skipif(
    not shutil.which("pdftoppm"), reason="poppler-utils is installed by scripts/test"
)
def test_the_pdf_renders_chinese_with_no_missing_glyph(draft, tmp_path):
    doc = services.document_of(draft)
    pdf, warnings = render_pdf_checked(doc, services.metadata(draft))
    assert warnings == []
    (tmp_path / "list.pdf").write_bytes(pdf)
    pdf_path = str(tmp_path / "list.pdf")
    _poppler("pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-png", pdf_path, str(tmp_path / "page"))
    (png,) = tmp_path.glob("page*.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5000
    text = _poppler("pdftotext", pdf_path, "-")
    assert "宣城市宣州区民政局2023年重点工作任务清单" in text.replace("\n", "")
    assert "社会救助科" in text and "养老服务科" in text
    fonts = _poppler("pdffonts", pdf_path)
    assert "CJK" in fonts  # Noto CJK embedded, so no reader shows boxes


def test_the_word_file_is_in_the_official_format(draft):
    import io

    from docx import Document as Word

    from duban.publishing.word import render_docx

    word = Word(io.BytesIO(render_docx(services.document_of(draft), services.metadata(draft))))
    section = word.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.top_margin.mm), round(section.left_margin.mm)) == (37, 28)
    title = word.paragraphs[0]
    assert title.text == draft.title and title.alignment == 1  # centred
    assert title.runs[0].font.size.pt == 22  # 二号
    assert (
        title.runs[0].element.rPr.rFonts.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
        )
        == "方正小标宋简体"
    )
    assert word.styles["Normal"].font.size.pt == 16  # 三号
    (table,) = word.tables
    assert [c.text for c in table.rows[0].cells] == [
        "序号",
        "重点工作事项",
        "工作目标",
        "分管领导",
        "责任科室",
    ]
    assert "PAGE" in section.footer._element.xml


def test_compose_refuses_an_unknown_kind(world):
    with pytest.raises(ValueError, match="未知的文件类别"):
        compose(world.bureau, "poster", 2023)


def test_a_summary_states_only_the_periods_approved_progress_as_achieved(world, user):
    """ "社工机构培育新增1家" was the plan's target sentence and "3家" Q3's figure; both
    appeared under Q4 as its achievements."""
    from duban.plans import services as plans
    from duban.progress import services as progress

    target = plans.add_target(
        world.jiuzhu_task, actor=None, name="社工机构", value=1, unit="家",
        quote="社工机构培育新增1家",
    )  # fmt: skip
    q3 = progress.open_period(world.plan, actor=None, code="2023Q3")
    q4 = progress.open_period(world.plan, actor=None, code="2023Q4")
    report = progress.save_report(world.jiuzhu_task, q3, actor=None, progress_items=[""])
    progress.add_reading(
        report, target, actor=None, value=3, as_of=datetime.date(2023, 9, 30),
        quote="新培育社工机构3家",
    )  # fmt: skip
    progress.submit_report(report, actor=None)
    progress.approve_report(report, actor=None)
    pending = progress.save_report(world.jiuzhu_task, q4, actor=None, progress_items=["已完成2场"])
    progress.submit_report(pending, actor=None)  # submitted, not approved
    office = user("office")
    third = services.compose_publication(
        world.bureau, actor=office, kind="summary", year=2023, period="2023Q3"
    ).body
    assert "新培育社工机构3家" in third and "社工机构培育新增1家" not in third
    fourth = services.compose_publication(
        world.bureau, actor=office, kind="summary", year=2023, period="2023Q4"
    ).body
    for not_achieved in ("新增1家", "3家", "已完成2场"):
        assert not_achieved not in fourth.split("二、")[0], not_achieved
    assert NO_APPROVED_PROGRESS in fourth

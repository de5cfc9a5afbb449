"""An imported document is the bureau's record of a document published elsewhere: a
draft until the office publishes it (keeping its own 索引号), withdrawn (撤回) with a
reason, never a number given twice; a file from which nothing was read is refused."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from duban.ingest.document import parse_bytes, parse_file
from duban.ingest.save import ImportRefused, save_document
from duban.plans.models import Plan, SourceDocument
from duban.publishing import services
from duban.publishing.models import Publication, PublicationState

SEED_000 = settings.DUBAN_SEEDS_DIR / "000_94d78721f14ede4a.txt"


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))


@pytest.fixture
def imported(world, user):
    outcome = save_document(parse_file(SEED_000), world.bureau, actor=user("office"))
    return outcome.source.publications.get()


def test_an_import_is_a_draft_record_not_a_publication(client, world, imported):
    assert imported.state == PublicationState.DRAFT
    assert imported.index_no == "11330283002980620K/2023-147671"  # its own, as read
    assert imported.source.sha256 and imported.source.text
    assert client.get(reverse("public-list", args=[world.bureau.pk])).status_code == 200
    public = client.get(reverse("public-list", args=[world.bureau.pk])).content.decode()
    assert imported.title not in public
    assert (
        client.get(reverse("public-document", args=[world.bureau.pk, imported.pk])).status_code
        == 404
    )
    login(client, "office")
    page = client.get(reverse("publication", args=[imported.pk])).content.decode()
    assert "尚未在公开网站发布" in page and imported.source.name in page
    assert 'value="refresh"' not in page  # its text is the original's, not composed


def test_publishing_an_import_keeps_its_number_and_freezes_every_format(
    client, world, imported, user
):
    login(client, "office")
    client.post(reverse("publication", args=[imported.pk]), {"action": "publish"})
    imported.refresh_from_db()
    assert imported.state == PublicationState.PUBLISHED
    assert imported.index_no == "11330283002980620K/2023-147671"
    assert imported.files.count() == 6  # rendered once, kept: the public gets the files
    client.logout()
    pdf = client.get(reverse("public-file", args=[world.bureau.pk, imported.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    with imported.files.get(format="pdf").file.open("rb") as kept:
        assert kept.read() == pdf.content


def test_publish_takes_what_was_just_typed(client, world, imported):
    """发布 ignored the title, 文号 and 发布日期 typed into the form."""
    login(client, "office")
    form = {
        "action": "publish", "title": "奉化区民政局2023年第三季度重点工作进展",
        "doc_no": "奉民〔2023〕12号", "issued_on": "2023-10-20", "category": "重点工作",
        "topic": "民政、扶贫、救灾", "genre": "报告", "disclosure_method": "主动公开",
        "disclosure_scope": "面向全社会",
    }  # fmt: skip
    client.post(reverse("publication", args=[imported.pk]), form)
    imported.refresh_from_db()
    assert imported.state == PublicationState.PUBLISHED
    assert (imported.title, imported.doc_no, str(imported.issued_on)) == (
        "奉化区民政局2023年第三季度重点工作进展", "奉民〔2023〕12号", "2023-10-20"
    )  # fmt: skip
    meta = client.get(reverse("public-document", args=[world.bureau.pk, imported.pk]))
    assert "奉民〔2023〕12号" in meta.content.decode()


def test_a_published_version_is_withdrawn_with_its_reason_and_its_number_kept(client, world, user):
    draft = services.compose_publication(
        world.bureau, actor=user("office"), kind="task_list", year=2023
    )
    published = services.publish_publication(draft, actor=user("office"))
    number = published.index_no
    login(client, "office")
    empty = client.post(reverse("publication", args=[published.pk]), {"action": "withdraw"})
    assert empty.status_code == 302
    published.refresh_from_db()
    assert published.state == PublicationState.PUBLISHED  # no reason, no withdrawal
    client.post(
        reverse("publication", args=[published.pk]), {"action": "withdraw", "reason": "数据有误"}
    )
    published.refresh_from_db()
    assert published.state == PublicationState.WITHDRAWN
    assert (published.withdraw_reason, published.withdrawn_by.username) == ("数据有误", "office")
    assert published.history.filter(state="withdrawn").exists()
    page = client.get(reverse("publication", args=[published.pk])).content.decode()
    assert "数据有误" in page
    client.logout()
    assert (
        client.get(reverse("public-document", args=[world.bureau.pk, published.pk])).status_code
        == 404
    )
    assert number not in client.get(reverse("public-list", args=[world.bureau.pk])).content.decode()
    again = services.compose_publication(
        world.bureau, actor=user("office"), kind="task_list", year=2023
    )
    assert services.publish_publication(again, actor=user("office")).index_no != number
    with pytest.raises(Exception, match="只有已发布"):
        services.withdraw_publication(published, actor=user("office"), reason="再撤一次")


@pytest.mark.parametrize("role", ["jiuzhu", "leader", "city", "outsider"])
def test_only_the_office_withdraws(client, world, user, role):
    draft = services.compose_publication(
        world.bureau, actor=user("office"), kind="task_list", year=2023
    )
    published = services.publish_publication(draft, actor=user("office"))
    login(client, role)
    answer = client.post(
        reverse("publication", args=[published.pk]), {"action": "withdraw", "reason": "x"}
    )
    assert answer.status_code in (403, 404)
    published.refresh_from_db()
    assert published.state == PublicationState.PUBLISHED


@pytest.mark.parametrize("data", [b"\xff\xfe\x00garbage", b"just some words", b"\xef\xbb\xbf  x"])
def test_a_file_from_which_nothing_was_read_is_refused_not_saved(world, user, data):
    doc = parse_bytes("garbage.txt", data)
    with pytest.raises(ImportRefused, match="未读出任务、指标或标题"):
        save_document(doc, world.bureau, actor=user("office"))
    assert not SourceDocument.objects.exists() and not Publication.objects.exists()
    assert not Plan.objects.filter(source__isnull=False).exists()


def test_the_upload_refuses_it_too(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, "office")
    page = client.post(
        reverse("import", args=[world.bureau.pk]),
        {"files": [SimpleUploadedFile("garbage.txt", b"\xff\xfe\x00garbage")]},
    )
    assert page.status_code == 200 and "未读出任务、指标或标题" in page.content.decode()
    assert not SourceDocument.objects.exists()


@pytest.mark.parametrize(("seed", "starts"), [("003", "今年以来"), ("001", "一、2021年工作总结")])
def test_page_chrome_is_not_content(world, user, seed, starts):
    """Seed 003 was kept with its breadcrumb and "访问次数: 字号:[ ]" in its body, 鄞州's
    with "信息来源: 区民政局" twice."""
    path = next(settings.DUBAN_SEEDS_DIR.glob(f"{seed}_*.txt"))
    record = save_document(parse_file(path), world.bureau, actor=user("office"))
    publication = record.source.publications.get()
    assert publication.body.startswith(starts)
    for chrome in ("访问次数", "字号", "信息来源", "法定主动公开内容>", "索引号", "当前位置"):
        assert chrome not in publication.body, chrome
    assert "舟山市民政局>" not in publication.title and "民政局" in publication.title
    assert record.source.text  # the original is kept whole as the record

"""督查通报: composed from a period's data, published through the publishing path (索引号,
every format), and read back by `duban import` as a document of kind other."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from duban.ingest.document import parse_bytes
from duban.progress import services as progress
from duban.publishing import services as publishing
from duban.publishing.compose import NothingToPublish, compose
from duban.publishing.render import FORMATS, render
from duban.supervision.services import issue_notice

DUE = datetime.date(2023, 10, 10)


@pytest.fixture
def quarter(world, user):
    period = progress.open_period(world.plan, actor=None, code="2023Q3", due_on=DUE)
    report = progress.save_report(world.jiuzhu_task, period, actor=None, progress_items=["已推进"])
    progress.submit_report(
        report, actor=user("jiuzhu"), at=datetime.datetime(2023, 10, 8, tzinfo=datetime.UTC)
    )
    return period


def test_the_bulletin_of_a_quarter(world, quarter):
    doc = compose(world.bureau, "bulletin", 2023, "2023Q3")
    text = doc.as_text()
    assert doc.title == "宣城市宣州区民政局关于2023年第三季度重点工作推进情况的通报"
    assert "所列 2 项重点任务中" in text
    # ranking: 社会救助科 reported on time (+2), 养老服务科 did not (−3)
    ranking = doc.tables()[0]
    assert ranking.rows == [["1", "社会救助科", "2"], ["2", "养老服务科", "-3"]]
    behind = doc.tables()[1]
    assert [row[1] for row in behind.rows] == ["发展养老事业和养老产业"]
    assert behind.rows[0][3] == "未报送" and "2023Q3" in behind.rows[0][4]
    assert "社会救助科本期得分第一,予以通报表扬。" in text


def test_published_in_every_format_and_read_back_as_another_document(world, user, quarter):
    issue_notice(world.yanglao_task, world.yanglao_task.lead_department, actor=user("office"),
                 body="请报送进展", reply_due=datetime.date(2099, 1, 1))  # fmt: skip
    draft = publishing.compose_publication(
        world.bureau, actor=user("office"), kind="bulletin", year=2023, period="2023Q3"
    )
    published = publishing.publish_publication(draft, actor=user("office"))
    assert published.index_no and published.kind == "bulletin"
    doc = compose(world.bureau, "bulletin", 2023, "2023Q3")
    meta = {"名称": doc.title, "索引号": published.index_no, "发布机构": world.bureau.name}
    files = {fmt: render(fmt, doc, meta).data for fmt in FORMATS}
    assert all(files.values())
    read = parse_bytes("bulletin.html", files["html"])
    assert read.kind == "other" and read.title == doc.title


def test_a_period_with_no_tasks_is_a_clear_message(world):
    from duban.plans import services as plans

    empty = plans.create_plan(world.bureau, actor=None, year=2024, title="空清单", state="in_force")
    progress.open_period(empty, actor=None, code="2024Q1")
    with pytest.raises(NothingToPublish, match="没有可通报的任务"):
        compose(world.bureau, "bulletin", 2024, "2024Q1")
    with pytest.raises((NothingToPublish, ValidationError)):
        compose(world.bureau, "bulletin", 2030, "2030Q1")


def test_the_office_composes_edits_and_publishes_the_bulletin_in_the_site(
    client, world, user, quarter
):
    from django.urls import reverse

    from duban.publishing.models import Publication

    client.force_login(user("office"))
    page = client.get(reverse("publications", args=[world.bureau.pk])).content.decode()
    assert 'value="bulletin"' in page
    scores = client.get(reverse("scores", args=[quarter.pk])).content.decode()
    assert "生成督查通报草稿" in scores and 'name="period" value="2023Q3"' in scores
    made = client.post(
        reverse("publications", args=[world.bureau.pk]),
        {"kind": "bulletin", "year": "2023", "period": "2023q3"},
    )
    bulletin = Publication.objects.get(kind="bulletin")
    assert made["Location"] == reverse("publication", args=[bulletin.pk])
    edited = bulletin.body.replace("予以通报表扬。", "予以通报表扬,望各科室对照学习。")
    client.post(made["Location"], {"action": "save", "title": bulletin.title, "body": edited})
    bulletin.refresh_from_db()
    assert "望各科室对照学习" in bulletin.body
    client.post(made["Location"], {"action": "publish"})
    bulletin.refresh_from_db()
    assert bulletin.state == "published" and bulletin.index_no
    assert "望各科室对照学习" in publishing.document_of(bulletin).as_text()
    assert len(publishing.document_of(bulletin).tables()) == 2  # the edit kept the tables
    public = client.get(reverse("public-list", args=[world.bureau.pk])).content.decode()
    assert bulletin.title in public
    none = client.post(
        reverse("publications", args=[world.bureau.pk]),
        {"kind": "bulletin", "year": "2023", "period": "2023Q1"},
        follow=True,
    )
    assert "未生成" in none.content.decode() and Publication.objects.count() == 1

"""English is complete where it was partial: the wall's statuses, reasons and chart
titles, the download links, the review's headings, and refusals naming a state."""

import datetime
import json

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from duban.plans import services as plans
from duban.progress import services as progress
from duban.publishing import services as publishing


def english(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def test_the_wall_speaks_english(client, world):
    target = plans.add_target(world.jiuzhu_task, actor=None, name="床位", value=100, unit="张")
    q2 = progress.open_period(world.plan, actor=None, code="2023Q2")
    report = progress.save_report(
        world.jiuzhu_task, q2, actor=None, readings={target.pk: ("20", datetime.date(2023, 6, 30))}
    )
    progress.submit_report(report, actor=None)
    english(client, "office")
    page = client.get(reverse("wall", args=[world.bureau.pk]), {"date": "2023-07-20"})
    html = page.content.decode()
    assert "Far behind" in html and "Not reported" in html
    assert "2023Q2 progress was due by 2023-07-10: 10 days late" in html
    assert "Figures 20% complete, time elapsed" in html
    charts = json.loads(html.split('id="wall-charts" type="application/json">')[1].split("<")[0])
    assert charts["titles"] == {
        "status": "Tasks by status",
        "lines": "Mean completion by business line (%)",
    }
    for chinese in ("严重滞后", "未报送", "已逾期", "序时进度"):
        assert chinese not in html, chinese


def test_downloads_and_refusals_speak_english(client, world, user, period):
    draft = publishing.compose_publication(
        world.bureau, actor=user("office"), kind="task_list", year=2023
    )
    english(client, "office")
    page = client.get(reverse("publication", args=[draft.pk])).content.decode()
    assert "Web page" in page and "网页" not in page
    report = progress.save_report(world.jiuzhu_task, period, actor=None, progress_items=["x"])
    progress.submit_report(report, actor=None)
    english(client, "jiuzhu")
    url = reverse("report-edit", args=[world.jiuzhu_task.pk, period.pk])
    from django.utils import translation

    with translation.override("en"):
        try:
            progress.save_report(world.jiuzhu_task, period, actor=user("jiuzhu"))
        except Exception as exc:
            words = " ".join(exc.messages)
    assert "已报送" not in words and "ubmitted" in words
    assert client.get(url).status_code == 200


def test_a_message_duban_writes_is_read_in_the_readers_language(world, user):
    from django.utils import translation

    from duban.orgs.models import Notification
    from duban.plans.catalogue import business_lines, indicators

    report = progress.save_report(
        world.jiuzhu_task,
        progress.open_period(world.plan, actor=None, code="2023Q2"),
        actor=None,
        progress_items=["走访"],
    )
    progress.submit_report(report, actor=None)
    progress.return_report(report, actor=None, comment="请补充人数")
    note = Notification.objects.get(user=user("jiuzhu"))
    assert note.text == "2023Q2“健全分层分类的社会救助体系”被退回:请补充人数"
    with translation.override("en"):
        assert note.shown == "2023Q2 “健全分层分类的社会救助体系” was returned: 请补充人数"
    with translation.override("zh-hans"):
        assert note.shown == note.text
    # every shipped business line and indicator has its English name
    assert all(row["name_en"] for row in business_lines())
    assert all(row["name_en"] and row["unit_en"] for row in indicators())

"""督办台账: who sees which 督办单, the filters and counts, overdue marked, the sheet."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from duban.supervision.services import answer_notice, issue_notice

TODAY = timezone.localdate()  # the bureau's day, as the ledger counts overdue days


@pytest.fixture
def notices(world, user):
    jiuzhu = issue_notice(
        world.jiuzhu_task, world.jiuzhu_task.lead_department, actor=user("office"),
        body='=HYPERLINK("http://x")', reply_due=TODAY - datetime.timedelta(days=3),
    )  # fmt: skip
    yanglao = issue_notice(
        world.yanglao_task, world.yanglao_task.lead_department, actor=user("office"),
        body="请加快养老床位建设", reply_due=TODAY + datetime.timedelta(days=5),
    )  # fmt: skip
    answer_notice(yanglao, actor=user("yanglao"), text="已制定计划")
    langxi_department = world.sibling_task.plan.organization.departments.create(name="社会事务科")
    langxi = issue_notice(
        world.sibling_task, langxi_department, actor=user("other_office"), body="郎溪的督办",
        reply_due=TODAY + datetime.timedelta(days=5),
    )  # fmt: skip
    return jiuzhu, yanglao, langxi


def _numbers(client, username, org, **query):
    client.force_login(get_user_model().objects.get(username=username))
    page = client.get(reverse("ledger", args=[org.pk]), query)
    if page.status_code != 200:
        return page.status_code
    return sorted(n.notice.number for n in page.context["rows"])


def test_each_persona_sees_its_own_notices_only(client, world, notices):
    jiuzhu, yanglao, langxi = notices
    assert _numbers(client, "office", world.bureau) == sorted([jiuzhu.number, yanglao.number])
    assert _numbers(client, "leader", world.bureau) == sorted([jiuzhu.number, yanglao.number])
    assert _numbers(client, "jiuzhu", world.bureau) == [jiuzhu.number]  # its 科室's only
    assert _numbers(client, "yanglao", world.bureau) == [yanglao.number]
    assert _numbers(client, "city", world.city) == sorted(
        [jiuzhu.number, yanglao.number, langxi.number]
    )  # a superior: every bureau below
    assert _numbers(client, "other_office", world.bureau) == 404
    assert _numbers(client, "outsider", world.city) == 404


def test_filters_counts_and_the_overdue_marked(client, world, notices):
    jiuzhu, yanglao, _langxi = notices
    assert _numbers(client, "office", world.bureau, overdue="1") == [jiuzhu.number]
    assert _numbers(client, "office", world.bureau, state="answered") == [yanglao.number]
    assert _numbers(
        client, "office", world.bureau, department=world.yanglao_task.lead_department.pk
    ) == [yanglao.number]
    assert _numbers(client, "office", world.bureau, leader=world.leader.pk) == [jiuzhu.number]
    assert _numbers(client, "office", world.bureau, source="rule") == []
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    assert _numbers(client, "office", world.bureau, since=tomorrow) == []
    assert _numbers(client, "office", world.bureau, since="bad", state="nonsense") == sorted(
        [jiuzhu.number, yanglao.number]
    )  # a bad filter is no filter, not an error
    page = client.get(reverse("ledger", args=[world.bureau.pk]))
    ledger = page.context["ledger"]
    assert ledger.overdue == 1 and ledger.counts["sent"] == 1 and ledger.counts["answered"] == 1
    assert "逾期 3 天" in page.text


def test_the_sheet_has_every_row_and_no_live_formula(client, world, notices):
    jiuzhu, yanglao, _langxi = notices
    client.force_login(get_user_model().objects.get(username="office"))
    answer = client.get(reverse("ledger", args=[world.bureau.pk]), {"format": "xlsx"})
    assert answer.status_code == 200 and "attachment" in answer["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(answer.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("编号", "单位", "任务") and len(rows) == 3
    by_number = {r[0]: r for r in rows[1:]}
    assert by_number[jiuzhu.number][4] == '=HYPERLINK("http://x")'
    cell = next(c for c in sheet["E"] if c.value == '=HYPERLINK("http://x")')
    assert cell.data_type == "s"  # text, not a formula
    assert by_number[jiuzhu.number][9] == 3  # days overdue
    assert by_number[yanglao.number][8] == "已回复"

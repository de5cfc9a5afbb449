"""督查通报: a supervision bulletin of a reporting period composed from the data — how the
tasks stand, the 科室 ranked by their 考核评分, the tasks that lag with their 科室 and
reason, the 督办单 issued and answered, and praise for the best — as a document the office
edits and publishes through the same path as every other kind. A city's or province's
bulletin does the same for the bureaus below: ranked by 得分率 by its rules, the lagging
tasks with their bureau."""

import datetime
from collections import Counter

from django.db.models import Count, Q

from duban.publishing.document import Document, Table
from duban.supervision.board import bureau_statuses
from duban.supervision.models import Notice, NoticeState
from duban.supervision.scoring import bureau_scores, period_scores, periods_below
from duban.supervision.status import LABELS, LAGGING, SEVERE, UNREPORTED

BEHIND = (SEVERE, LAGGING, UNREPORTED)


def bulletin(org, period) -> Document:
    """Raises publishing.compose.NothingToPublish when the period has nothing to report."""
    from duban.publishing.compose import NothingToPublish, period_words

    plan = period.plan
    day = _day_after_due(period)
    statuses = [s for s in bureau_statuses(org, day, [plan]) if not s.task.closed_on]
    if not statuses:
        raise NothingToPublish(f"{org.name} {period.code} 没有可通报的任务")
    doc = Document(
        "bulletin", f"{org.name}关于{plan.year}年{period_words(period.code)}重点工作推进情况的通报"
    )
    counts = Counter(s.status.code for s in statuses)
    doc.heading("一、总体情况", 1)
    parts = "、".join(f"{LABELS[c]} {counts[c]} 项" for c in LABELS if counts.get(c))
    doc.paragraph(
        f"截至{day:%Y年%m月%d日},《{plan.title}》所列 {len(statuses)} 项重点任务中,{parts}。"
    )
    scores = period_scores(period)
    doc.heading("二、考核排名", 1)
    table = Table(["名次", "科室", "得分"], widths=[6, 30, 10])
    for rank, row in enumerate(scores, 1):
        table.rows.append([str(rank), row.department, f"{row.total.normalize():f}"])
    doc.table(table)
    behind = [s for s in statuses if s.status.code in BEHIND]
    doc.heading("三、进度滞后的任务", 1)
    if behind:
        table = Table(["序号", "任务", "责任科室", "状态", "原因"], widths=[6, 30, 14, 10, 40])
        for s in behind:
            lead = s.task.lead_department
            table.rows.append(
                [s.task.seq, s.task.title, lead.name if lead else "", str(s.status.label),
                 str(s.status.reason)]
            )  # fmt: skip
        doc.table(table)
    else:
        doc.paragraph("本期没有进度滞后的任务。")
    notices = Notice.objects.filter(
        organization=org,
        created_at__date__gte=period.starts_on,
        created_at__date__lte=period.due_on,
    )
    _notices(doc, notices, "本期")
    if scores and scores[0].total > (scores[1].total if len(scores) > 1 else scores[0].total - 1):
        doc.heading("五、表扬", 1)
        doc.paragraph(f"{scores[0].department}本期得分第一,予以通报表扬。")
    return doc


def _notices(doc: Document, notices, who: str) -> None:
    """四、督办情况: the 督办单 issued, answered and closed, counted in one query."""
    counted = notices.aggregate(
        issued=Count("pk"),
        answered=Count("pk", filter=~Q(state=NoticeState.SENT)),
        closed=Count("pk", filter=Q(state=NoticeState.CLOSED)),
    )
    doc.heading("四、督办情况", 1)
    doc.paragraph(
        f"{who}下发督办单 {counted['issued']} 件,已回复 {counted['answered']} 件,"
        f"已办结 {counted['closed']} 件。"
    )


def _day_after_due(period) -> datetime.date:
    """The day a bulletin judges a period on: what was not reported by then is 未报送."""
    return max(period.ends_on, period.due_on or period.ends_on) + datetime.timedelta(days=1)


def bureaus_bulletin(org, year: int, code: str) -> Document:
    """A superior's bulletin of the bureaus below for the period ``code``: each bureau's
    tasks as of the day after its reports were due, ranked by 得分率 (scoring.py)."""
    from duban.publishing.compose import NothingToPublish, period_words
    from duban.supervision.compare import bureaus_below

    below = bureaus_below(org)
    periods = periods_below(org, code, year, below=below)
    rows = []  # (bureau, TaskStatus)
    for period in periods:
        bureau = period.plan.organization
        for s in bureau_statuses(bureau, _day_after_due(period), [period.plan]):
            if not s.task.closed_on:
                rows.append((bureau, s))
    if not rows:
        raise NothingToPublish(f"{org.name} 下级单位没有 {year} 年 {code} 的可通报任务")
    words = period_words(code)
    doc = Document("bulletin", f"{org.name}关于{year}年{words}各地重点工作推进情况的通报")
    counts = Counter(s.status.code for _b, s in rows)
    reporting = len({b.pk for b, _s in rows})
    doc.heading("一、总体情况", 1)
    parts = "、".join(f"{LABELS[c]} {counts[c]} 项" for c in LABELS if counts.get(c))
    doc.paragraph(
        f"{reporting} 个下级单位{year}年{words}共 {len(rows)} 项重点任务(各单位按其报送"
        f"截止日次日计),其中{parts}。"
    )
    scores = bureau_scores(org, code, below)
    doc.heading("二、考核排名", 1)
    doc.paragraph("按得分率排名(得分 ÷ 满分);各单位任务数不同,满分不同。")
    table = Table(["名次", "单位", "得分", "满分", "得分率"], widths=[6, 30, 10, 10, 10])
    rank = 0
    for row in scores:
        if row.period:
            rank += 1
            table.rows.append([str(rank), row.department, f"{row.total.normalize():f}",
                               f"{row.possible.normalize():f}",
                               f"{row.rate}%" if row.rate is not None else "—"])  # fmt: skip
        else:
            table.rows.append(["—", row.department, "—", "—", f"未建立{code}报告期"])
    doc.table(table)
    behind = [(b, s) for b, s in rows if s.status.code in BEHIND]
    doc.heading("三、进度滞后的任务", 1)
    if behind:
        table = Table(["单位", "任务", "责任科室", "状态", "原因"], widths=[20, 30, 14, 10, 40])
        for bureau, s in behind:
            lead = s.task.lead_department
            table.rows.append(
                [bureau.name, s.task.title, lead.name if lead else "", str(s.status.label),
                 str(s.status.reason)]
            )  # fmt: skip
        doc.table(table)
    else:
        doc.paragraph("本期没有进度滞后的任务。")
    notices = Notice.objects.filter(
        task__plan_id__in=[p.plan_id for p in periods],
        created_at__date__gte=min(p.starts_on for p in periods),
        created_at__date__lte=max(p.due_on for p in periods),
    )
    _notices(doc, notices, "本期下级单位")
    ranked = [s for s in scores if s.rate is not None]
    if ranked and (len(ranked) == 1 or ranked[0].rate > ranked[1].rate):
        doc.heading("五、表扬", 1)
        doc.paragraph(f"{ranked[0].department}本期得分率第一,予以通报表扬。")
    return doc

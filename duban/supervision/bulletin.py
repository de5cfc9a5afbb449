"""督查通报: a supervision bulletin of a reporting period composed from the data — how the
tasks stand, the 科室 ranked by their 考核评分, the tasks that lag with their 科室 and
reason, the 督办单 issued and answered, and praise for the best — as a document the office
edits and publishes through the same path as every other kind."""

import datetime
from collections import Counter

from duban.publishing.document import Document, Table
from duban.supervision.board import bureau_statuses
from duban.supervision.models import Notice, NoticeState
from duban.supervision.scoring import period_scores
from duban.supervision.status import LABELS, LAGGING, SEVERE, UNREPORTED

BEHIND = (SEVERE, LAGGING, UNREPORTED)


def bulletin(org, period) -> Document:
    """Raises publishing.compose.NothingToPublish when the period has nothing to report."""
    from duban.publishing.compose import NothingToPublish, period_words

    plan = period.plan
    # as the day after reports were due: what was not reported by then is 未报送
    day = max(period.ends_on, period.due_on or period.ends_on) + datetime.timedelta(days=1)
    statuses = [s for s in bureau_statuses(org, day, [plan]) if not s.task.closed_on]
    if not statuses:
        raise NothingToPublish(f"{org.name} {period.code} 没有可通报的任务")
    doc = Document(
        "bulletin", f"{org.name}关于{plan.year}年{period_words(period.code)}重点工作推进情况的通报"
    )
    counts = Counter(s.status.code for s in statuses)
    doc.heading("一、总体情况", 1)
    parts = "、".join(f"{LABELS[c]} {counts[c]} 项" for c in LABELS if counts.get(c))
    doc.paragraph(f"截至{day:%Y年%m月%d日},{plan.title}共 {len(statuses)} 项重点任务,其中{parts}。")
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
    issued = notices.count()
    answered = notices.exclude(state=NoticeState.SENT).count()
    closed = notices.filter(state=NoticeState.CLOSED).count()
    doc.heading("四、督办情况", 1)
    doc.paragraph(f"本期下发督办单 {issued} 件,已回复 {answered} 件,已办结 {closed} 件。")
    if scores and scores[0].total > (scores[1].total if len(scores) > 1 else scores[0].total - 1):
        doc.heading("五、表扬", 1)
        doc.paragraph(f"{scores[0].department}本期得分第一,予以通报表扬。")
    return doc

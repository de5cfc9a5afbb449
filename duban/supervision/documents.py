"""A 督办单 (督查通知单) or a 催办单 as a document, for Word in the official format and
PDF through the publishing renderers: its number, the responsible 科室, the task, what is
behind and why (the status engine's reason on the day), the measures asked for and the
reply date, the issuer and the date."""

import datetime

from django.utils import timezone

from duban.publishing.document import Document
from duban.supervision.board import bureau_statuses
from duban.supervision.models import Notice

NOTICE, URGE = "notice", "urge"
TITLES = {NOTICE: "督查通知单", URGE: "催办单"}


HANDLED = {"answered": "回复", "returned": "退回重办", "closed": "办结"}


def notice_document(notice: Notice, kind: str = NOTICE, day: datetime.date | None = None):
    """The document and its metadata (文号, 发布机构) for the renderers."""
    day = day or timezone.localdate()
    task = notice.task
    status = next(
        (
            s.status
            for s in bureau_statuses(notice.organization, day, plans=[task.plan])
            if s.task.pk == (task.parent_id or task.pk)
        ),
        None,
    )
    doc = Document("notice", TITLES[kind])
    doc.paragraph(f"{notice.department.name}:")
    seq = f"{task.seq} " if task.seq else ""
    doc.paragraph(f"你科室牵头的“{seq}{task.title}”({task.plan.title})需督促办理。")
    if status is not None:
        doc.heading("一、进展情况", 1)
        doc.paragraph(f"截至{day:%Y年%m月%d日},该任务状态为“{status.label}”:{status.reason}。")
    doc.heading("二、督办事项" if status is not None else "一、督办事项", 1)
    doc.paragraph(notice.body)
    doc.heading("三、办理要求" if status is not None else "二、办理要求", 1)
    if kind == URGE:
        doc.paragraph(
            f"该督办单应于{notice.reply_due:%Y年%m月%d日}前回复,至今未办结,请抓紧办理,"
            "即日回复办理情况。"
        )
    else:
        doc.paragraph(
            f"请于{notice.reply_due:%Y年%m月%d日}前将采取的措施和完成时限书面回复"
            f"{notice.organization.short_name or notice.organization.name}办公室。"
        )
    handled = [st for st in notice.steps.order_by("at", "id") if st.state in HANDLED]
    if handled:  # what was answered, sent back or closed: the record a 台账 keeps
        doc.heading("四、办理情况" if status is not None else "三、办理情况", 1)
        for step in handled:
            what = f"{timezone.localdate(step.at):%Y年%m月%d日}{HANDLED[step.state]}"
            attached = f"(附件:{step.attachment_name})" if step.attachment else ""
            doc.paragraph(f"{what}:{step.text or '—'}{attached}")
    issued = timezone.localdate(notice.created_at)
    doc.paragraph(f"{notice.organization.name}")
    doc.paragraph(f"{issued:%Y年%m月%d日}")
    meta = {"文号": notice.number, "发布机构": notice.organization.name, "名称": doc.title}
    return doc, meta

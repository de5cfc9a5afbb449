"""Who wrote, submitted, returned and approved a report, and what changed, newest first."""

from duban.plans.history import Change, _describe, _with_previous
from duban.progress.models import ProgressReport, Reading, ReportState

_STATE_WORDS = {
    ReportState.SUBMITTED: "报送",
    ReportState.APPROVED: "审核通过",
    ReportState.RETURNED: "退回",
    ReportState.DRAFT: "改回草稿",
}


def report_changes(report: ProgressReport) -> list[Change]:
    changes: list[Change | None] = []
    for record, prev in _with_previous(report.history.select_related("history_user")):
        change = _describe(record, prev, ProgressReport, "进展报告")
        if change is not None and prev is not None and record.state != prev.state:
            change.what = _STATE_WORDS.get(record.state, change.what)
        changes.append(change)
    readings = Reading.history.filter(report_id=report.pk).select_related("history_user")
    names = dict(report.readings.values_list("target_id", "target__name"))
    for record, prev in _with_previous(readings):
        subject = f"读数“{names.get(record.target_id, record.target_id)}”"
        changes.append(_describe(record, prev, Reading, subject))
    return sorted((c for c in changes if c), key=lambda c: c.at, reverse=True)

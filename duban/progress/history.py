"""Who wrote, submitted, returned and approved a report, and what changed, newest first."""

from django.utils.translation import gettext, pgettext, pgettext_lazy

from duban.plans.history import Change, _describe, _with_previous
from duban.progress.models import ProgressReport, Reading, ReportState

_STATE_WORDS = {
    ReportState.SUBMITTED: pgettext_lazy("history", "报送"),
    ReportState.APPROVED: pgettext_lazy("history", "审核通过"),
    ReportState.RETURNED: pgettext_lazy("history", "退回"),
    ReportState.DRAFT: pgettext_lazy("history", "改回草稿"),
}


def report_changes(report: ProgressReport) -> list[Change]:
    changes: list[Change | None] = []
    for record, prev in _with_previous(report.history.select_related("history_user")):
        change = _describe(record, prev, ProgressReport, pgettext("history", "进展报告"))
        if change is not None and prev is not None and record.state != prev.state:
            change.what = str(_STATE_WORDS.get(record.state, change.what))
        changes.append(change)
    readings = Reading.history.filter(report_id=report.pk).select_related("history_user")
    names = dict(report.readings.values_list("target_id", "target__name"))
    for record, prev in _with_previous(readings):
        name = names.get(record.target_id, record.target_id)
        subject = gettext("读数“%(name)s”") % {"name": name}
        changes.append(_describe(record, prev, Reading, subject))
    return sorted((c for c in changes if c), key=lambda c: c.at, reverse=True)

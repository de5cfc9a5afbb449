"""The status rules of 督办 (DESIGN.md §3) as a pure function of a task's facts and a date.

序时进度 (time-elapsed share) of the task on day t is (t − S) / (D − S), clipped to [0, 1];
completion is the mean of its targets' latest readings against their values (inverted for
≤ targets, ranges by their lower bound, over 100 % kept); a task without measurable
targets is judged by its approved self-assessment. A task with neither a measured target
nor an approved report has no evidence of progress: it is 无进展数据, never 正常 (green
needs evidence). A task the office closed (with a reason) is 已关闭 from that day on:
kept on the wall, no longer judged. Every status carries its reason."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from duban.plans.completion import HUNDRED, completion_percent

DONE, NORMAL, LAGGING, SEVERE, UNREPORTED = "done", "normal", "lagging", "severe", "unreported"
NO_DATA = "no_data"  # nothing measured, nothing approved: no evidence either way
CLOSED = "closed"  # closed by the office with a reason: no longer judged or pressed
LABELS = {
    DONE: _("已完成"),
    NORMAL: _("正常"),
    LAGGING: _("滞后"),
    SEVERE: _("严重滞后"),
    UNREPORTED: _("未报送"),
    NO_DATA: _("无进展数据"),
    CLOSED: _("已关闭"),
}
COLOURS = {
    DONE: "blue",
    NORMAL: "green",
    LAGGING: "yellow",
    SEVERE: "red",
    UNREPORTED: "red",
    NO_DATA: "grey",
    CLOSED: "grey",
}


@dataclass(frozen=True)
class TargetFacts:
    name: str
    comparator: str  # "=", ">=", "<=", "range"
    value: Decimal | None  # None: a monitored figure
    latest: Decimal | None  # the latest reading up to the date
    weight: Decimal = Decimal(1)  # a sub-item's weight shared among its targets


@dataclass(frozen=True)
class PeriodFacts:
    code: str
    ends_on: datetime.date
    due_on: datetime.date
    reported: bool  # a report submitted or approved for this period
    self_status: str | None = None  # of the approved report: done, lagging, …


@dataclass(frozen=True)
class TaskFacts:
    starts_on: datetime.date
    due_on: datetime.date  # the task's deadline, else its plan's end
    targets: list[TargetFacts] = field(default_factory=list)
    periods: list[PeriodFacts] = field(default_factory=list)
    closed_on: datetime.date | None = None  # closed by the office from this day on
    close_reason: str = ""


@dataclass(frozen=True)
class Tolerances:
    lag: Decimal = Decimal(5)  # percentage points behind 序时进度 that are still 正常
    severe: Decimal = Decimal(20)  # beyond this it is 严重滞后


@dataclass(frozen=True)
class Status:
    code: str
    completion: Decimal | None  # percent
    pace: Decimal  # percent of the time elapsed
    reason: str

    @property
    def label(self) -> str:
        return LABELS[self.code]

    @property
    def colour(self) -> str:
        return COLOURS[self.code]


def pace_on(facts: TaskFacts, day: datetime.date) -> Decimal:
    span = (facts.due_on - facts.starts_on).days
    if span <= 0:
        return HUNDRED if day >= facts.due_on else Decimal(0)
    share = Decimal((day - facts.starts_on).days) / Decimal(span)
    return (min(max(share, Decimal(0)), Decimal(1)) * HUNDRED).quantize(Decimal("0.1"))


def target_completion(target: TargetFacts) -> Decimal | None:
    """Percent achieved; None when it cannot be measured (no value, zero, no reading)."""
    return completion_percent(target.comparator, target.value, target.latest)


def weighted_completion(measured: list[tuple[TargetFacts, Decimal]]) -> Decimal | None:
    """The weighted mean of the measured targets' completions: each sub-item counts by its
    weight, shared among its targets."""
    total = sum(t.weight for t, _ in measured)
    if not measured or not total:
        return None
    return (sum(c * t.weight for t, c in measured) / total).quantize(Decimal("0.01"))


def measure(targets: list[TargetFacts]) -> list[tuple[TargetFacts, Decimal]]:
    return [(t, c) for t in targets if (c := target_completion(t)) is not None]


def status_of(facts: TaskFacts, day: datetime.date, tolerances: Tolerances) -> Status:
    pace = pace_on(facts, day)
    measured = measure(facts.targets)
    completion = weighted_completion(measured)
    if facts.closed_on is not None and day >= facts.closed_on:
        return Status(
            CLOSED,
            completion,
            pace,
            gettext("已于 %(day)s 关闭:%(reason)s")
            % {"day": f"{facts.closed_on:%Y-%m-%d}", "reason": facts.close_reason},
        )
    ended = [p for p in facts.periods if p.ends_on < day]
    latest = max(ended, key=lambda p: p.ends_on) if ended else None
    valued = [t for t in facts.targets if t.value not in (None, 0)]
    unmeasured = len(valued) - len(measured)
    if completion is not None and not unmeasured and all(c >= HUNDRED for _, c in measured):
        return Status(
            DONE, completion, pace, gettext("全部 %(n)s 项指标已达到目标") % {"n": len(measured)}
        )
    approved = [p for p in ended if p.self_status]
    if completion is None and approved and approved[-1].self_status == "done":
        return Status(
            DONE, None, pace, gettext("%(period)s 报告自评已完成") % {"period": approved[-1].code}
        )
    if latest is not None and not latest.reported and day > latest.due_on:
        late = (day - latest.due_on).days
        return Status(
            UNREPORTED,
            completion,
            pace,
            gettext("%(period)s 进展应于 %(due)s 前报送,已逾期 %(days)s 天")
            % {"period": latest.code, "due": f"{latest.due_on:%Y-%m-%d}", "days": late},
        )
    if completion is not None:
        gap = pace - completion
        words = gettext("指标完成 %(completion)s,序时进度 %(pace)s") % {
            "completion": _pct(completion),
            "pace": _pct(pace),
        }
        if unmeasured:
            words += gettext("(%(n)s 项指标尚无读数)") % {"n": unmeasured}
        behind = gettext(",落后 %(points)s 个百分点") % {"points": _num(gap)}
        if gap <= tolerances.lag:
            return Status(NORMAL, completion, pace, words)
        if gap <= tolerances.severe:
            return Status(LAGGING, completion, pace, words + behind)
        return Status(SEVERE, completion, pace, words + behind)
    return _qualitative(facts, approved, pace, day, tolerances)


def _qualitative(facts, approved, pace, day, tolerances) -> Status:
    """No measurable target: the approved self-assessment, else time alone."""
    zero = [t.name for t in facts.targets if t.value == 0]
    note = gettext("(指标“%(name)s”目标值为 0,不计完成率)") % {"name": zero[0]} if zero else ""
    if approved:
        last = approved[-1]
        if last.self_status == "lagging":
            return Status(
                LAGGING,
                None,
                pace,
                gettext("%(period)s 报告自评滞后") % {"period": last.code} + note,
            )
        if last.self_status == "not_started" and pace > tolerances.lag:
            return Status(
                SEVERE if pace > tolerances.severe else LAGGING,
                None,
                pace,
                gettext("%(period)s 报告自评未启动,序时进度已过 %(pace)s")
                % {"period": last.code, "pace": _pct(pace)}
                + note,
            )
        return Status(
            NORMAL, None, pace, gettext("%(period)s 报告自评推进中") % {"period": last.code} + note
        )
    if day > facts.due_on:
        return Status(
            SEVERE,
            None,
            pace,
            gettext("已过完成时限 %(due)s,没有完成的报告") % {"due": f"{facts.due_on:%Y-%m-%d}"},
        )
    if not facts.periods or all(p.ends_on >= day for p in facts.periods):
        return Status(
            NO_DATA,
            None,
            pace,
            gettext("尚无到期的报告期,也没有指标读数,序时进度 %(pace)s") % {"pace": _pct(pace)}
            + note,
        )
    if any(p.reported for p in facts.periods if p.ends_on < day):
        return Status(NO_DATA, None, pace, gettext("报告尚未审核通过,也没有指标读数") + note)
    return Status(NO_DATA, None, pace, gettext("没有指标读数,也没有审核通过的报告") + note)


def _num(value: Decimal) -> str:
    return format(value.quantize(Decimal("0.1")).normalize(), "f")


def _pct(value: Decimal) -> str:
    return f"{_num(value)}%"

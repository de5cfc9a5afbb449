"""考核评分: each 科室's points for a reporting period, by explicit rules a bureau can edit,
every point explained so a person can add them up by hand from what the page shows.

For each top-level task a 科室 leads, in the period:
- its report submitted (or approved) by the period's due date: + ``on_time`` points;
  submitted after it: + ``late`` points; not submitted at all: − ``unreported`` points;
- its completion against 序时进度 at the period's end (the status engine's figures):
  + ``completion`` × min(1, completion ÷ 序时进度) points, rounded to 0.1; a task with
  nothing measured earns none;
and for each 督办单 to the 科室 whose reply date falls in the period:
- answered by its reply date: + ``notice_on_time``; not answered by it: − ``notice_overdue``.
The score is the sum; the ranking is by score, then by name.

For a superior, each bureau below is scored the same way as one unit (all its tasks and
督办单 of the period with the same code), by the superior's rules; as bureaus carry
different numbers of tasks, they are ranked by 得分率: the score over the most it could
have earned (every task reported on time and at or ahead of 序时进度, every 督办单
answered on time)."""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DEFAULTS = {
    "on_time": 2,
    "late": 1,
    "unreported": 3,
    "completion": 5,
    "notice_on_time": 1,
    "notice_overdue": 2,
}
EXPLAINED = {
    "on_time": _("按时报送进展(每项任务)"),
    "late": _("逾期报送进展(每项任务)"),
    "unreported": _("未报送进展(每项任务,扣分)"),
    "completion": _("完成度对照序时进度(每项任务最高分)"),
    "notice_on_time": _("督办单按期回复(每件)"),
    "notice_overdue": _("督办单逾期未回复(每件,扣分)"),
}


def rules_shown(organization) -> list[tuple[str, str, Decimal]]:
    """Each rule of the bureau: its name, what it means, its weight (default or edited)."""
    rules = checked_rules(organization.score_rules or {})
    return [(name, EXPLAINED[name], rules[name]) for name in EXPLAINED]


def save_rules(organization, *, actor, given: dict) -> dict:
    """The office's weights (empty ones keep their default); refused in one line, and
    nothing saved, when one is not a number from 0 to 100."""
    from duban import refusal
    from duban.orgs.access import Access, Action

    Access.of(actor).require(Action.EDIT, organization)
    try:
        rules = checked_rules({k: v for k, v in given.items() if str(v).strip() != ""})
    except ValueError as exc:
        raise refusal.refused(
            "bad_rule",
            _("未保存:“%(rule)s”应为 0 到 100 之间的数"),
            rule=EXPLAINED.get(str(exc), str(exc)),
        ) from None
    organization.score_rules = {k: str(v.normalize()) for k, v in rules.items()}
    organization.save(update_fields=["score_rules"])
    return rules


def checked_rules(given: dict) -> dict:
    """The rules with every weight a number ≥ 0 (a deduction is a positive number taken
    off); raises ValueError with the rule's name otherwise."""
    rules = dict(DEFAULTS)
    for name, value in given.items():
        if name not in DEFAULTS:
            raise ValueError(f"unknown rule {name}")
        try:
            number = Decimal(str(value))
        except ArithmeticError:
            raise ValueError(name) from None
        if not number.is_finite() or number < 0 or number > 100:
            raise ValueError(name)
        rules[name] = number
    return {k: Decimal(str(v)) for k, v in rules.items()}


@dataclass
class Line:
    rule: str
    what: str  # the task or notice it is for
    points: Decimal

    @property
    def label(self) -> str:
        return EXPLAINED[self.rule]


@dataclass
class Score:
    department: str  # or, for a superior, the bureau
    lines: list[Line] = field(default_factory=list)
    possible: Decimal = Decimal(0)  # the most it could have earned
    period: str = ""  # a bureau's: the period scored ("" when it has no such period)

    @property
    def total(self) -> Decimal:
        return sum((line.points for line in self.lines), Decimal(0))

    @property
    def rate(self) -> Decimal | None:
        """得分率 in per cent, to 0.1; None when nothing could be earned."""
        if not self.possible:
            return None
        share = self.total * 100 / self.possible
        return share.quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class TaskFact:
    department: str
    task: str
    submitted_on: datetime.date | None  # None: not submitted
    completion: Decimal | None
    pace: Decimal


@dataclass
class NoticeFact:
    department: str
    number: str
    reply_due: datetime.date
    answered_on: datetime.date | None


def score(
    tasks: list[TaskFact], notices: list[NoticeFact], due_on: datetime.date, rules: dict
) -> list[Score]:
    """Pure: the scores of every 科室 named in the facts, ranked."""
    by_department: dict[str, Score] = {}

    def add(department, rule, what, points):
        row = by_department.setdefault(department, Score(department))
        row.lines.append(Line(rule, what, points))

    for fact in tasks:
        row = by_department.setdefault(fact.department, Score(fact.department))
        row.possible += rules["on_time"] + rules["completion"]
        if fact.submitted_on is None:
            add(fact.department, "unreported", fact.task, -rules["unreported"])
        elif fact.submitted_on <= due_on:
            add(fact.department, "on_time", fact.task, rules["on_time"])
        else:
            add(fact.department, "late", fact.task, rules["late"])
        if fact.completion is not None:
            share = Decimal(1) if fact.pace <= 0 else min(Decimal(1), fact.completion / fact.pace)
            points = (rules["completion"] * share).quantize(Decimal("0.1"), ROUND_HALF_UP)
            add(fact.department, "completion", fact.task, points)
    for fact in notices:
        row = by_department.setdefault(fact.department, Score(fact.department))
        row.possible += rules["notice_on_time"]
        if fact.answered_on is not None and fact.answered_on <= fact.reply_due:
            add(fact.department, "notice_on_time", fact.number, rules["notice_on_time"])
        else:
            add(fact.department, "notice_overdue", fact.number, -rules["notice_overdue"])
    return sorted(by_department.values(), key=lambda s: (-s.total, s.department))


def period_scores(period, rules: dict | None = None) -> list[Score]:
    """The facts of a reporting period from the database, scored."""
    rules = checked_rules(
        rules if rules is not None else period.plan.organization.score_rules or {}
    )
    tasks, notices = period_facts(period)
    return score(tasks, notices, period.due_on, rules)


def _published_periods(below):
    from duban.plans.models import PlanState
    from duban.progress.models import Period

    return Period.objects.filter(plan__organization_id__in=[o.pk for o in below]).exclude(
        plan__state=PlanState.DRAFT
    )


def periods_below(superior, code=None, year=None, *, below=None) -> list:
    """The periods (with ``code``, of ``year``) of the plans the bureaus below ``superior``
    (``below``, when the caller has them) have published, by bureau name."""
    from duban.supervision.compare import bureaus_below

    periods = _published_periods(bureaus_below(superior) if below is None else below)
    if code is not None:
        periods = periods.filter(code=code)
    if year is not None:
        periods = periods.filter(plan__year=year)
    return list(
        periods.select_related("plan__organization").order_by("plan__organization__name", "plan_id")
    )


def codes_below(below) -> list[str]:
    """The period codes the bureaus ``below`` have published, newest first."""
    return sorted(set(_published_periods(below).values_list("code", flat=True)), reverse=True)


def bureau_scores(superior, code: str, below=None) -> list[Score]:
    """Each bureau below ``superior`` with a period ``code`` in a plan it has published,
    scored as one unit by the superior's rules, ranked by 得分率 (then score, name);
    the bureaus without such a period after them, unscored."""
    from duban.supervision.compare import bureaus_below

    rules = checked_rules(superior.score_rules or {})
    below = bureaus_below(superior) if below is None else below
    periods = periods_below(superior, code, below=below)
    facts = facts_of_periods(periods, every_task=True)
    by_bureau: dict[str, Score] = {}
    for period in periods:  # a bureau's plans of the year each scored, then summed
        name = period.plan.organization.name
        row = by_bureau.setdefault(name, Score(name, period=code))
        tasks, notices = facts[period.pk]
        for fact in [*tasks, *notices]:
            fact.department = name
        for one in score(tasks, notices, period.due_on, rules):  # one: all name the bureau
            row.lines += one.lines
            row.possible += one.possible
    ranked = sorted(
        by_bureau.values(),
        key=lambda s: (-(s.rate if s.rate is not None else -1), -s.total, s.department),
    )
    missing = [Score(o.name) for o in below if o.name not in by_bureau]
    return ranked + missing


def period_facts(period, *, every_task=False) -> tuple[list[TaskFact], list[NoticeFact]]:
    """A period's tasks and 督办单 as the scores read them: the tasks a 科室 leads (with
    ``every_task``, those without one too: a bureau scored as a whole)."""
    return facts_of_periods([period], every_task=every_task)[period.pk]


def facts_of_periods(periods, *, every_task=False) -> dict[int, tuple[list, list]]:
    """The facts of many periods (of many bureaus) in a fixed number of queries: the
    status engine once per distinct period end, the reports and 督办单 once for all."""
    from django.db.models import Q

    from duban.progress.models import ProgressReport, ReportState
    from duban.supervision.board import statuses_for
    from duban.supervision.models import Notice, NoticeState, NoticeStep

    periods = list(periods)
    by_plan = {p.plan_id: p for p in periods}
    statuses: dict[int, list] = {}
    for day in {p.ends_on for p in periods}:
        ending = [p for p in periods if p.ends_on == day]
        judged = statuses_for([p.plan.organization for p in ending], day, [p.plan for p in ending])
        for rows in judged.values():
            for row in rows:
                statuses.setdefault(by_plan[row.task.plan_id].pk, []).append(row)
    reports = {
        (r.period_id, r.task_id): r
        for r in ProgressReport.objects.filter(
            period__in=[p.pk for p in periods],
            state__in=(ReportState.SUBMITTED, ReportState.APPROVED),
        )
    }
    found: dict[int, tuple[list, list]] = {p.pk: ([], []) for p in periods}
    for period in periods:
        for row in statuses.get(period.pk, []):
            lead = row.task.lead_department
            if (lead is None and not every_task) or row.task.closed_on:
                continue
            report = reports.get((period.pk, row.task.pk))
            submitted = (
                timezone.localdate(report.submitted_at)
                if report and report.submitted_at
                else (period.due_on if report else None)
            )
            found[period.pk][0].append(
                TaskFact(lead.name if lead else "", f"{row.task.seq} {row.task.title}".strip(),
                         submitted, row.status.completion, row.status.pace)
            )  # fmt: skip
    in_periods = Q(pk__in=[])
    for p in periods:
        in_periods |= Q(task__plan_id=p.plan_id, reply_due__gte=p.starts_on,
                        reply_due__lte=p.ends_on)  # fmt: skip
    notices = list(Notice.objects.filter(in_periods).select_related("department", "task"))
    first_answer = {}  # each notice's first answer, in one query
    for notice_id, at in (
        NoticeStep.objects.filter(notice__in=[n.pk for n in notices], state=NoticeState.ANSWERED)
        .order_by("-at")
        .values_list("notice_id", "at")
    ):
        first_answer[notice_id] = at
    for notice in notices:
        period = by_plan[notice.task.plan_id]
        answered = first_answer.get(notice.pk)
        found[period.pk][1].append(
            NoticeFact(notice.department.name, notice.number, notice.reply_due,
                       timezone.localdate(answered) if answered else None)
        )  # fmt: skip
    return found

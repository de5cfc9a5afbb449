"""What a city or province sees of the bureaus below it: status counts and late reports
per bureau, and one catalogue indicator compared across them with the source of each
figure. The queries are the same for three bureaus or three hundred."""

import datetime
from dataclasses import dataclass, field

from duban.orgs.models import Organization
from duban.plans.models import IndicatorDefinition, Target
from duban.progress.models import Reading
from duban.supervision.board import statuses_for
from duban.supervision.status import LABELS, UNREPORTED


def bureaus_below(org: Organization) -> list[Organization]:
    """Every bureau under ``org`` (children, and theirs), in tree order."""
    found, frontier = [], [org.pk]
    while frontier:  # one query per level; bureaus are three levels deep
        level = list(Organization.objects.filter(parent_id__in=frontier).order_by("name"))
        found += level
        frontier = [o.pk for o in level]
    return found


@dataclass
class BureauRow:
    org: Organization
    counts: dict[str, int] = field(default_factory=dict)
    tasks: int = 0
    late: int = 0


def overview(org: Organization, day: datetime.date) -> list[BureauRow]:
    bureaus = bureaus_below(org)
    statuses = statuses_for(bureaus, day, current_only=True)
    rows = []
    for bureau in bureaus:
        items = statuses.get(bureau.pk, [])
        row = BureauRow(bureau, dict.fromkeys(LABELS, 0), len(items))
        for item in items:
            row.counts[item.status.code] += 1
        row.late = row.counts[UNREPORTED]
        rows.append(row)
    return rows


@dataclass
class Figure:
    org: Organization
    value: object
    unit: str
    kind: str  # "实际" or "目标"
    as_of: datetime.date | None
    quote: str
    source: str  # the report's period or the imported document


def compare(
    org: Organization, definition: IndicatorDefinition, day: datetime.date, order: str = "-value"
) -> list[Figure]:
    bureaus = {b.pk: b for b in bureaus_below(org)}
    readings = (
        Reading.objects.filter(
            target__indicator=definition,
            target__task__plan__organization__in=list(bureaus),
            as_of__lte=day,
        )
        .select_related("target__task__plan__source", "report__period")
        .order_by("as_of", "id")
    )
    figures: dict[int, Figure] = {}
    for reading in readings:  # the latest reading of each bureau wins
        plan = reading.target.task.plan
        source = plan.source.title if plan.source else plan.title
        figures[plan.organization_id] = Figure(
            bureaus[plan.organization_id],
            reading.value,
            reading.target.unit,
            "实际",
            reading.as_of,
            reading.quote or reading.target.quote,
            f"{reading.report.period.code} · {source}",
        )
    targets = (
        Target.objects.filter(
            indicator=definition,
            task__plan__organization__in=[pk for pk in bureaus if pk not in figures],
            value__isnull=False,
        )
        .select_related("task__plan__source")
        .order_by("due_date", "id")
    )
    for target in targets:  # no reading yet: the target, marked as such
        plan = target.task.plan
        figures.setdefault(
            plan.organization_id,
            Figure(
                bureaus[plan.organization_id],
                target.value,
                target.unit,
                "目标",
                target.due_date,
                target.quote,
                plan.source.title if plan.source else plan.title,
            ),
        )
    result = list(figures.values())
    if order.lstrip("-") == "name":
        result.sort(key=lambda f: f.org.name, reverse=order.startswith("-"))
    else:
        result.sort(key=lambda f: f.value, reverse=order.startswith("-"))
    return result

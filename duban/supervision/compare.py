"""What a city or province sees of the bureaus below it: status counts and late reports
per bureau, and one catalogue indicator compared across them with the source of each
figure. The queries are the same for three bureaus or three hundred."""

import datetime
from dataclasses import dataclass, field

from django.db.models import F, OuterRef, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _

from duban.orgs.models import Organization
from duban.plans.models import IndicatorDefinition, Target
from duban.progress.models import Reading
from duban.supervision.models import IndicatorReading
from duban.supervision.status import LABELS, UNREPORTED
from duban.supervision.tally import tallies


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
    counted_on: datetime.date | None = None  # the day the counts are of
    fresh: bool = True  # False: the bureau changed since; being counted again


def overview(
    org: Organization, day: datetime.date, budget_ms: float | None = None, bureaus=None
) -> list[BureauRow]:
    """``budget_ms``: how long a page may judge stale bureaus itself (see tally.py);
    ``bureaus``: bureaus_below(org), when the caller has them already."""
    bureaus = bureaus_below(org) if bureaus is None else bureaus
    counted = tallies(bureaus, day, budget_ms)
    rows = []
    for bureau in bureaus:
        kept = counted[bureau.pk]
        counts = kept.counts
        row = BureauRow(bureau, {code: counts[code] for code in LABELS}, sum(counts.values()))
        row.late = row.counts[UNREPORTED]
        row.counted_on, row.fresh = kept.day, kept.fresh
        rows.append(row)
    return rows


ACTUAL, TARGET = "actual", "target"
KINDS = {ACTUAL: _("实际"), TARGET: _("目标")}


@dataclass
class Figure:
    org: Organization
    value: object
    unit: str
    code: str  # ACTUAL or TARGET: drawn and listed apart, never one series
    as_of: datetime.date | None
    quote: str  # the sentence it was read from; empty when typed into a report
    source: str  # the report's period or the imported document

    @property
    def kind(self):
        return KINDS[self.code]


def compare(
    org: Organization,
    definition: IndicatorDefinition,
    day: datetime.date,
    order: str = "-value",
    below=None,
) -> list[Figure]:
    bureaus = {b.pk: b for b in (bureaus_below(org) if below is None else below)}
    # each bureau's latest reading up to the day: one probe of the kept table per bureau
    latest = (
        IndicatorReading.objects.filter(
            indicator=definition, organization=OuterRef("pk"), as_of__lte=day
        )
        .order_by("-as_of", "-reading_id")
        .values("reading_id")[:1]
    )
    organization_of_reading = {
        reading_id: org_id
        for org_id, reading_id in Organization.objects.filter(pk__in=list(bureaus))
        .annotate(latest=Subquery(latest))
        .values_list("pk", "latest")
        if reading_id is not None
    }
    first = {"partition_by": F("organization"), "expression": RowNumber()}
    with_reading = set(organization_of_reading.values())
    first_targets = (
        Target.objects.filter(
            indicator=definition,
            task__plan__organization__in=[pk for pk in bureaus if pk not in with_reading],
            value__isnull=False,
        )
        .annotate(organization=F("task__plan__organization"))
        .annotate(rank=Window(order_by=[F("due_date").asc(), F("id").asc()], **first))
        .filter(rank=1)
    )
    target_ids = list(first_targets.values_list("pk", flat=True))
    figures = []
    typed_in = str(_("进展报告填报"))
    for org_id, value, unit, as_of, quote, code, plan_title, source_title in (
        Reading.objects.filter(pk__in=organization_of_reading).values_list(
            "target__task__plan__organization_id", "value", "target__unit", "as_of", "quote",
            "report__period__code", "target__task__plan__title",
            "target__task__plan__source__title",
        )
    ):  # fmt: skip
        source = source_title or plan_title
        typed = not quote  # written into the report, not read from a document
        figures.append(
            Figure(
                bureaus[org_id], value, unit, ACTUAL, as_of, quote,
                f"{code} · " + (typed_in if typed else source),
            )
        )  # fmt: skip
    for target in Target.objects.filter(pk__in=target_ids).select_related("task__plan__source"):
        plan = target.task.plan
        figures.append(
            Figure(
                bureaus[plan.organization_id],
                target.value,
                target.unit,
                TARGET,
                target.due_date,
                target.quote,
                plan.source.title if plan.source else plan.title,
            )
        )
    if order.lstrip("-") == "name":
        figures.sort(key=lambda f: f.org.name, reverse=order.startswith("-"))
    else:
        figures.sort(key=lambda f: f.value, reverse=order.startswith("-"))
    return figures


def without_figures(org: Organization, figures: list[Figure], assigned=None, below=None) -> list:
    """The bureaus below that have no comparable figure: said so, not left out (of an
    indicator handed down: the bureaus it was handed to)."""
    shown = {f.org.pk for f in figures}
    if assigned is not None:
        receivers = assigned.assignment.receipts.select_related("organization")
        return [r.organization for r in receivers if r.organization_id not in shown]
    return [b for b in (bureaus_below(org) if below is None else below) if b.pk not in shown]


def chart_of(figures: list[Figure]) -> dict:
    """Bars by bureau, actual and target as two series (a missing one is null)."""
    names = list(dict.fromkeys(f.org.name for f in figures))
    series = {}
    for code, label in KINDS.items():
        by_name = {f.org.name: float(f.value) for f in figures if f.code == code}
        if by_name:
            series[code] = {"name": str(label), "data": [by_name.get(n) for n in names]}
    return {"names": names, "series": list(series.values())}

"""An indicator handed down, compared across the bureaus that accepted it: each bureau's
copy of the target is the same indicator by construction (TargetCopy), catalogue or not.
The same Figure rows as the catalogue comparison: the latest reading up to the day as the
actual, else the bureau's target, never mixed into one series."""

import datetime

from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _

from duban.assignments.models import AssignmentTarget, TargetCopy
from duban.orgs.models import Organization
from duban.progress.models import Reading
from duban.supervision.compare import ACTUAL, TARGET, Figure


def assigned_targets(org: Organization) -> list[AssignmentTarget]:
    """The targets this bureau handed down, newest assignment first."""
    return list(
        AssignmentTarget.objects.filter(assignment__issuer=org)
        .select_related("assignment")
        .order_by("-assignment__created_at", "id")[:100]
    )


def compare_assigned(
    source: AssignmentTarget, below_ids: set[int], day: datetime.date, order: str = "-value"
) -> list[Figure]:
    copies = list(
        TargetCopy.objects.filter(
            source=source, target__task__plan__organization__in=list(below_ids)
        ).select_related("target__task__plan__organization")
    )
    target_ids = [c.target_id for c in copies]
    latest = (
        Reading.objects.filter(target__in=target_ids, as_of__lte=day)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("target"),
                order_by=[F("as_of").desc(), F("id").desc()],
            )
        )
        .filter(rank=1)
        .select_related("report__period")
    )
    reading_of = {r.target_id: r for r in latest}
    figures = []
    for copy in copies:
        target = copy.target
        org = target.task.plan.organization
        reading = reading_of.get(target.pk)
        title = source.assignment.title
        if reading is not None:
            typed = not reading.quote
            figures.append(
                Figure(
                    org, reading.value, target.unit, ACTUAL, reading.as_of, reading.quote,
                    f"{reading.report.period.code} · "
                    + (_("进展报告填报") if typed else target.task.plan.title),
                )
            )  # fmt: skip
        elif target.value is not None:
            figures.append(
                Figure(org, target.value, target.unit, TARGET, target.due_date, "",
                       _("交办:%(title)s") % {"title": title})
            )  # fmt: skip
    if order.lstrip("-") == "name":
        figures.sort(key=lambda f: f.org.name, reverse=order.startswith("-"))
    else:
        figures.sort(key=lambda f: f.value, reverse=order.startswith("-"))
    return figures

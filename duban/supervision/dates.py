"""The day a wall or a comparison opens on when none is asked for: today, unless the
bureau set another (``Organization.shown_on``: a year looked back on, the demo's
documents' time); a superior's comparison moves to the last day a plan of the bureaus
below was in force when none is on that day, instead of showing "no plan" for all."""

import datetime

from django.db.models import Max
from django.utils import timezone

from duban.orgs.models import Organization
from duban.plans.models import Plan


def requested_day(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value or "")
    except ValueError:
        return None


def wall_day(org: Organization) -> datetime.date:
    return org.shown_on or timezone.localdate()


def compare_day(org: Organization, bureaus: list[Organization]) -> datetime.date:
    day = org.shown_on or timezone.localdate()
    plans = Plan.objects.issued().filter(organization__in=bureaus)
    if plans.filter(starts_on__lte=day, ends_on__gte=day).exists():
        return day
    last = plans.filter(ends_on__lt=day).aggregate(last=Max("ends_on"))["last"]
    return last or day

"""The progress wall (挂图晾晒) page."""

import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from duban.orgs.access import organization_for
from duban.supervision.status import COLOURS
from duban.supervision.wall import FILTERS, build_wall


@login_required
def wall_page(request, pk):
    org = organization_for(request.user, pk)
    try:
        day = datetime.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        day = timezone.localdate()
    filters = {name: request.GET.get(name, "") for name in FILTERS}
    wall = build_wall(org, day, filters, plan_id=request.GET.get("plan"))
    charts = {
        "status": [
            {"name": label, "value": n, "code": code} for code, label, n in wall.counts if n
        ],
        "colours": COLOURS,
        "lines": [{"name": name, "value": round(value, 1)} for name, value in wall.by_line],
    }
    return render(
        request,
        "supervision/wall.html",
        {"org": org, "wall": wall, "filters": filters, "charts": charts},
    )

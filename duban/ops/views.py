"""/healthz for the load balancer and the error pages, which must work without the
database: they are rendered from plain templates, with no context that reads it."""

import sys

from django.contrib.auth.decorators import login_required
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache

from duban.ops.health import database_health
from duban.ops.models import WorkerHeartbeat
from duban.ops.status import system_status
from duban.orgs.access import system_scope_for

DATABASE_DOWN = (OperationalError, InterfaceError)


@never_cache
def healthz(request):
    """200 when the database answers and every migration is applied, else 503 and why."""
    health = database_health()
    if not health.ok:
        return JsonResponse({"status": "unavailable", "reason": health.reason}, status=503)
    last = WorkerHeartbeat.objects.order_by("-last_seen_at").first()
    return JsonResponse(
        {"status": "ok", "worker_last_seen": last.last_seen_at.isoformat() if last else None}
    )


@login_required
def system_page(request):
    """系统状态, for the office: is the worker alive, what is queued, what failed."""
    scope = system_scope_for(request.user)
    return render(request, "ops/system.html", {"status": system_status(scope)})


def server_error(request):
    """handler500: a database that went away is a 503 to come back to, not a 500."""
    if isinstance(sys.exc_info()[1], DATABASE_DOWN):
        response = HttpResponse(loader.render_to_string("ops/503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(loader.render_to_string("ops/500.html"), status=500)

"""/healthz for the load balancer and the error pages, which must work without the
database: they are rendered from plain templates, with no context that reads it."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache

from duban.ops.health import database_health

DATABASE_DOWN = (OperationalError, InterfaceError)


@never_cache
def healthz(request):
    """200 when the database answers and every migration is applied, else 503 and why."""
    health = database_health()
    if not health.ok:
        return JsonResponse({"status": "unavailable", "reason": health.reason}, status=503)
    return JsonResponse({"status": "ok"})


def server_error(request):
    """handler500: a database that went away is a 503 to come back to, not a 500."""
    if isinstance(sys.exc_info()[1], DATABASE_DOWN):
        response = HttpResponse(loader.render_to_string("ops/503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(loader.render_to_string("ops/500.html"), status=500)

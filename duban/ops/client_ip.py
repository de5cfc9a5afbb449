"""The address a request came from, for the login lockout: behind the shipped nginx every
request reaches duban from 127.0.0.1, so REMOTE_ADDR alone would lock everyone out
together. The address nginx passes on is believed only when the request came from a
trusted proxy (DUBAN_TRUSTED_PROXIES); it is the last entry of X-Forwarded-For, the one
nginx's ``$proxy_add_x_forwarded_for`` appends: entries before it are the client's own
words."""

import ipaddress

from django.conf import settings


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    remote = _address(request.META.get("REMOTE_ADDR", "") or "")
    if remote is None or remote not in settings.DUBAN_TRUSTED_PROXIES:
        return remote
    hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    passed_on = _address(hops[-1]) if hops else None
    return passed_on or remote

"""What every route uses: pagination, the version a client says it started from, and the
bureaus a user may list."""

import re

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

from duban.api.errors import ApiError
from duban.orgs.access import visible_organizations, visible_plans


class Page(LimitOffsetPagination):
    """``limit`` (1–500, default 100) and ``offset``; the answer has ``items`` and ``count``."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=500)
        offset: int = Field(0, ge=0, le=1_000_000)


def readable_plan_ids(request) -> QuerySet:
    """The ids of the plans the user may read (no other office's draft), as a subquery."""
    return visible_plans(request.user).values("pk")


def readable_org_ids(request) -> QuerySet:
    """The ids of the bureaus the user may read, as a subquery (the gate decides)."""
    return visible_organizations(request.user).values("pk")


_VERSION = re.compile(r'^\s*(?:W/)?"?(\d{1,9})"?\s*$')


def expected_version(request, in_body: int | None, *, required: bool) -> int | None:
    """The version the client read: the body's ``version`` or the If-Match header (the
    report's ETag). A change without either is refused when ``required``: it could
    overwrite a newer report without knowing."""
    header = request.headers.get("If-Match")
    if in_body is not None:
        return in_body
    if header is not None and header.strip() != "*":
        found = _VERSION.match(header)
        if not found:
            raise ApiError(412, "stale_version", _('If-Match 头应为报告的 ETag,如 "3"'))
        return int(found.group(1))
    if required:
        raise ApiError(
            428,
            "version_required",
            _("请用 If-Match 头或 version 字段带上所依据的报告版本,以免覆盖他人的修改"),
        )
    return None


def etag(version: int) -> str:
    return f'"{version}"'

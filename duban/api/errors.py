"""Every error of the API is JSON of one shape, with a stable code and the message in
Chinese and in English:

    {"code": "stale_version", "message": {"zh": "…", "en": "…"}, "fields": [...]}

Clients branch on ``code``; ``message`` is for people. ``fields`` lists what was wrong
with the input, when the input did not fit the schema."""

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
    ValidationError,
)
from django.db import DataError, InterfaceError, OperationalError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError

from duban.ingest.save import ImportRefused
from duban.ingest.text import UnreadableDocument
from duban.plans.services import StaleTask
from duban.progress.services import StaleReport

logger = logging.getLogger("duban.api")


class Message(Schema):
    zh: str
    en: str


class FieldProblem(Schema):
    loc: list[str]
    problem: str


class Error(Schema):
    code: str
    message: Message
    fields: list[FieldProblem] = []


READ_ERRORS = {401: Error, 403: Error, 404: Error, 422: Error}
WRITE_ERRORS = {**READ_ERRORS, 400: Error, 409: Error, 412: Error, 413: Error, 428: Error}


def answers(schema, status: int = 200, *, write: bool = False) -> dict:
    """An operation's responses: its own, and every error it may give, so the schema
    documents each status a client can meet."""
    return {status: schema, **(WRITE_ERRORS if write else READ_ERRORS)}


class ApiError(Exception):
    """An error an endpoint raises on purpose: status, code and a translatable message."""

    def __init__(self, http_status: int, code: str, message, **params):
        super().__init__(code)
        self.status, self.code, self.message, self.params = http_status, code, message, params


def both(text: Callable[[], str]) -> dict:
    """The message as it reads in Chinese and in English (lazy strings render per language)."""
    with override("zh-hans"):
        zh = str(text())
    with override("en"):
        en = str(text())
    return {"zh": zh, "en": en}


def body(code: str, text: Callable[[], str], fields=()) -> dict:
    return {"code": code, "message": both(text), "fields": list(fields)}


# A refused change answers 409 when the object's state forbids it, else 422 (bad input).
CONFLICT_CODES = {
    "report_locked",
    "report_state",
    "report_exists",
    "notice_state",
    "published",
    "already_corrected",
}


def _validation(exc: ValidationError) -> tuple[int, dict]:
    codes = [getattr(e, "code", None) for e in exc.error_list] if hasattr(exc, "error_list") else []
    code = next((c for c in codes if c), None) or "invalid"
    status = 409 if code in CONFLICT_CODES else 422
    return status, body(code, lambda: " ".join(str(m) for m in exc.messages))


def install(api) -> None:
    """Register the handlers on the NinjaAPI instance."""

    def respond(request, status: int, payload: dict):
        return api.create_response(request, payload, status=status)

    @api.exception_handler(ApiError)
    def api_error(request, exc: ApiError):
        return respond(request, exc.status, body(exc.code, lambda: str(exc.message) % exc.params))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return respond(request, 404, body("not_found", lambda: _("不存在,或您无权查看")))

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return respond(request, 403, body("forbidden", lambda: _("您无权执行此操作")))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        response = respond(
            request,
            401,
            body("unauthenticated", lambda: _("请提供有效的 API 令牌(Authorization: Bearer …)")),
        )
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(SchemaError)
    def invalid_input(request, exc: SchemaError):
        fields = [
            {"loc": [str(part) for part in e.get("loc", ())], "problem": str(e.get("msg", ""))}
            for e in exc.errors
        ]
        return respond(
            request, 422, body("invalid_input", lambda: _("请求内容不符合接口定义"), fields)
        )

    @api.exception_handler(StaleReport)
    def stale(request, exc: StaleReport):
        payload = body("stale_version", lambda: " ".join(str(m) for m in exc.messages))
        response = respond(request, 412, payload)
        response["ETag"] = f'"{exc.current.version}"'
        return response

    @api.exception_handler(StaleTask)
    def stale_task(request, exc: StaleTask):
        payload = body("stale_version", lambda: " ".join(str(m) for m in exc.messages))
        response = respond(request, 412, payload)
        response["ETag"] = f'"{exc.current.version}"'
        return response

    @api.exception_handler(ValidationError)
    def refused(request, exc: ValidationError):
        return respond(request, *_validation(exc))

    @api.exception_handler(ImportRefused)
    def import_refused(request, exc):
        return respond(request, 409, body("import_refused", lambda: str(exc)))

    @api.exception_handler(UnreadableDocument)
    def unreadable(request, exc):
        return respond(request, 422, body("unreadable_document", lambda: str(exc)))

    @api.exception_handler(OperationalError)
    @api.exception_handler(InterfaceError)
    def database_down(request, exc):
        logger.warning("database unavailable on %s %s: %s", request.method, request.path, exc)
        response = respond(
            request,
            503,
            body("database_unavailable", lambda: _("数据库暂时无法连接,未保存任何内容,请稍后重试")),
        )
        response["Retry-After"] = "30"
        return response

    @api.exception_handler(RequestDataTooBig)
    def too_big(request, exc):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1048576
        return respond(
            request, 413, body("too_large", lambda: _("请求过大(上限 %(mb)s MB)") % {"mb": limit})
        )

    @api.exception_handler(TooManyFieldsSent)
    @api.exception_handler(TooManyFilesSent)
    def too_many(request, exc):
        return respond(request, 400, body("too_many_parts", lambda: _("一次上传的文件或字段过多")))

    @api.exception_handler(OverflowError)
    @api.exception_handler(DataError)
    def out_of_range(request, exc):  # an id or number beyond what the database holds
        return respond(request, 422, body("invalid_input", lambda: _("请求中的编号或数值超出范围")))

    @api.exception_handler(Exception)
    def server_error(request, exc):
        logger.exception("API error on %s %s", request.method, request.path)
        return respond(request, 500, body("server_error", lambda: _("服务器内部错误,已记录")))

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        if exc.status_code == 400:  # ninja's word for a body that is not JSON at all
            return respond(request, 400, body("malformed_body", lambda: _("请求体不是有效的 JSON")))
        return respond(request, exc.status_code, body("http_error", lambda: str(exc)))

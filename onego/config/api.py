"""The REST API (django-ninja) under /api/v1. Every error is JSON {"code": ..., "message": ...}."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import SessionAuth as NinjaSessionAuth

from onego.accounts.api_auth import BearerToken
from onego.core.errors import ApiError, ErrorOut


class SessionAuth(NinjaSessionAuth):
    """The pages' own calls: Django's session, with the CSRF check when a session cookie is sent. A request
    without a session cookie has no session to protect; it goes on to the 401 `unauthenticated` answer
    instead of a misleading CSRF refusal (a system that forgot its token should hear that it is not
    authenticated)."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        return super()._get_key(request)


api = NinjaAPI(
    title="OneGo 白云区一网通办 API",
    version="1",
    description=(
        "OneGo REST API. Pages use session authentication; systems send `Authorization: Bearer <token>` "
        "(create one with `manage.py create_api_token USERNAME`). Errors are JSON "
        '`{"code": "...", "message": "..."}`; the message is in the language the caller chose with '
        "`Accept-Language` (Chinese by default, `en` for English), never both."
    ),
    auth=[BearerToken(), SessionAuth()],
    urls_namespace="api",
)


def _error(request: HttpRequest, status: int, code: str, message: object, **extra: Any) -> HttpResponse:
    """Every error answer. Messages come through gettext, so they are in the language of the request
    (LocaleMiddleware: the language cookie, then Accept-Language; Chinese by default); `str` renders a lazy one."""
    return api.create_response(request, {"code": code, "message": str(message), **extra}, status=status)


def _describe_location(loc: list[Any] | tuple[Any, ...]) -> str:
    # ninja reports ("query", "start") — the parameter name is what a caller needs to see.
    parts = [str(p) for p in loc if p not in ("query", "body", "path", "form", "header", "cookie")]
    return ".".join(parts) or "request"


# A field's problem by pydantic's error type, in the caller's language (English in the .po); `type` stays
# in the answer for programs.
_FIELD_PROBLEMS: dict[str, str] = {
    "missing": gettext_noop("必须填写"),
    "int_parsing": gettext_noop("应为整数"),
    "int_type": gettext_noop("应为整数"),
    "int_from_float": gettext_noop("应为整数"),
    "float_parsing": gettext_noop("应为数字"),
    "float_type": gettext_noop("应为数字"),
    "decimal_parsing": gettext_noop("应为数字"),
    "bool_parsing": gettext_noop("应为 true 或 false"),
    "bool_type": gettext_noop("应为 true 或 false"),
    "string_type": gettext_noop("应为文字"),
    "string_too_short": gettext_noop("太短，至少 %(min_length)s 个字符"),
    "string_too_long": gettext_noop("太长，最多 %(max_length)s 个字符"),
    "too_short": gettext_noop("太少，至少 %(min_length)s 项"),
    "too_long": gettext_noop("太多，最多 %(max_length)s 项"),
    "greater_than": gettext_noop("应大于 %(gt)s"),
    "greater_than_equal": gettext_noop("应不小于 %(ge)s"),
    "less_than": gettext_noop("应小于 %(lt)s"),
    "less_than_equal": gettext_noop("应不大于 %(le)s"),
    "date_parsing": gettext_noop("应为日期（YYYY-MM-DD）"),
    "date_from_datetime_parsing": gettext_noop("应为日期（YYYY-MM-DD）"),
    "date_type": gettext_noop("应为日期（YYYY-MM-DD）"),
    "datetime_parsing": gettext_noop("应为时间（ISO 8601）"),
    "datetime_from_date_parsing": gettext_noop("应为时间（ISO 8601）"),
    "datetime_type": gettext_noop("应为时间（ISO 8601）"),
    "uuid_parsing": gettext_noop("应为 UUID"),
    "list_type": gettext_noop("应为列表"),
    "dict_type": gettext_noop("应为对象"),
    "model_type": gettext_noop("应为对象"),
    "model_attributes_type": gettext_noop("应为对象"),
    "json_invalid": gettext_noop("不是有效的 JSON"),
    "literal_error": gettext_noop("不是允许的取值：%(expected)s"),
    "enum": gettext_noop("不是允许的取值：%(expected)s"),
    "extra_forbidden": gettext_noop("不接受该字段"),
    "string_pattern_mismatch": gettext_noop("格式不符"),
}


def _field_problem(err: dict[str, Any]) -> str:
    template = _FIELD_PROBLEMS.get(str(err.get("type", "")), gettext_noop("取值无效"))
    try:
        return _(template) % {k: v for k, v in (err.get("ctx") or {}).items()}
    except (KeyError, TypeError, ValueError):
        return _("取值无效")


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    fields = []
    for err in exc.errors:
        where = _describe_location(err.get("loc", []))
        fields.append({"field": where, "message": _field_problem(err), "type": err.get("type", "")})
    names = "、".join(dict.fromkeys(f["field"] for f in fields)) or "request"
    message = _("请求参数无效：%(names)s") % {"names": names}
    return _error(request, 422, "invalid_input", message, errors=fields)


@api.exception_handler(ApiError)
def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return _error(request, exc.status, exc.code, exc.message, **exc.extra)


@api.exception_handler(DjangoValidationError)
def on_django_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    return _error(request, 422, "invalid_input", "；".join(str(m) for m in exc.messages))


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "unauthenticated", _("请先登录或提供有效令牌"))


@api.exception_handler(PermissionDenied)
def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, "forbidden", _("无权执行此操作"))


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", _("未找到"))


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 403 and str(exc) == "CSRF check Failed":  # ninja's session authentication
        return _error(request, 403, "csrf_failed", _("安全校验（CSRF）未通过，请刷新页面后重试。"))
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        return _error(
            request,
            422,
            "invalid_input",
            _("请求体不是有效的 JSON"),
            errors=[{"field": "body", "message": _("不是有效的 JSON"), "type": "json_invalid"}],
        )
    return _error(request, exc.status_code, f"http_{exc.status_code}", str(exc))


api.add_router("/calendar", "onego.core.api.router")
api.add_router("/accounts", "onego.accounts.api.router")
api.add_router("/", "onego.catalog.api.router")
api.add_router("/", "onego.cases.api.router")
api.add_router("/licences", "onego.certificates.api.router")
api.add_router("/archive", "onego.archive.api.router")
api.add_router("/inspection", "onego.inspection.api.router")
api.add_router("/", "onego.policies.api.router")
api.add_router("/jobs", "onego.core.api_jobs.router")


# --- the error answers every operation can give, documented once ----------------------------------------------

#: Methods that change something: with session authentication (the pages' own calls) Django's CSRF check applies
#: to them, and a request without the token is refused with 403 before the route runs.
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def document_common_errors(ninja_api: NinjaAPI) -> None:
    """Add to every operation's documented responses the answers it gets from outside the route itself:
    400 `nul_character` (the edge middleware `onego.core.middleware.RefuseNulMiddleware`, on any request),
    422 `invalid_input` (validation of its parameters or body, when it has any), and for operations that need
    authentication 401 `unauthenticated` and — for unsafe methods — 403 (CSRF, or the route's own refusal).
    The answers a route gives itself (403, 404, 409, 413, 429, 503) it declares with
    `onego.core.errors.error_responses`. Called once, before the routers are bound (they copy the operations)."""
    for _prefix, router in ninja_api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                statuses = [400]
                if operation.signature.params:
                    statuses.append(422)
                if operation.auth_param is not None:  # NOT_SET inherits the API's authentication
                    statuses.append(401)
                    if UNSAFE_METHODS.intersection(operation.methods):
                        statuses.append(403)
                for status in statuses:
                    operation.response_models.setdefault(status, operation._create_response_model(ErrorOut))


document_common_errors(api)

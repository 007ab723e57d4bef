"""Refuse an oversize request before its body is read (docs/security.md, inputs).

Django reads a multipart body into memory and temporary files before a view can look at it, so a 60 MiB form
post used to be read in full and only then refused. `RequestSizeLimitMiddleware` compares the declared
Content-Length with the limit for the path — the first of `ONEGO_REQUEST_LIMITS` (regular expressions on the
path) that matches, else `ONEGO_MAX_REQUEST_BYTES` — and answers 413 at once: JSON `{"code":
"request_too_large", ...}` under /api/, a page with the message elsewhere. A body without a Content-Length is
never read by Django under WSGI (it reads at most the declared length), so the header is all there is to check.
The proxy in front refuses the same sizes first (`client_max_body_size`, docs/operations.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

MIB = 1024 * 1024


@lru_cache(maxsize=8)
def _compiled(rules: tuple[tuple[str, int], ...]) -> list[tuple[re.Pattern[str], int]]:
    return [(re.compile(pattern), limit) for pattern, limit in rules]


def limit_for(path: str) -> int:
    """The largest body, in bytes, a request to `path` may declare."""
    rules = tuple((str(p), int(n)) for p, n in getattr(settings, "ONEGO_REQUEST_LIMITS", ()))
    for pattern, limit in _compiled(rules):
        if pattern.match(path):
            return limit
    return int(getattr(settings, "ONEGO_MAX_REQUEST_BYTES", 50 * MIB))


def _megabytes(limit: int) -> str:
    return f"{limit / MIB:.1f}".removesuffix(".0")


def too_large_message(limit: int) -> str:
    return _("提交的内容过大：此处最多接收 %(limit)s MB，未予处理。") % {"limit": _megabytes(limit)}


class RequestSizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0  # Django treats an unreadable length as no body at all
        if declared > 0:
            limit = limit_for(request.path_info)
            if declared > limit:
                return self._refuse(request, limit)
        return self.get_response(request)

    @staticmethod
    def _refuse(request: HttpRequest, limit: int) -> HttpResponse:
        message = too_large_message(limit)
        if request.path_info.startswith("/api/"):
            response: HttpResponse = JsonResponse(
                {"code": "request_too_large", "message": message, "limit_bytes": limit}, status=413
            )
        else:
            html = render_to_string("413.html", {"message": message}, request=request)
            response = HttpResponse(html, status=413)
        return response

"""Refuse NUL characters at the edge, before any view, form or service sees them.

PostgreSQL cannot store NUL in text at all, and the audit log refuses it on every database (its canonical JSON
is hashed, and a NUL there would make the chain unverifiable elsewhere). A NUL in a note, a reason or a bank
reference therefore used to surface deep inside a service as a 500. No legitimate input contains one, so the
request is refused whole, with 400 and nothing written: JSON `{"code": "nul_character", "message": …}` under
`/api/`, a page with the message elsewhere. Checked: the path, the query string, form fields (not the contents
of uploaded files) and JSON bodies (a raw NUL byte or the escape `\\u0000`). Other bodies (a video chunk, a
file) are data, not text, and pass. See `docs/security.md`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

NUL = "\x00"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _has_nul_in_pairs(lists: Iterable[tuple[str, list[Any]]]) -> bool:
    return any(NUL in key or any(isinstance(v, str) and NUL in v for v in values) for key, values in lists)


def _has_nul_in_json(value: Any) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(NUL in key or _has_nul_in_json(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_has_nul_in_json(item) for item in value)
    return False


def _json_body_has_nul(body: bytes) -> bool:
    if b"\x00" in body:
        return True
    if b"\\u0000" not in body:
        return False
    try:  # "\\u0000" (an escaped backslash, then "u0000") is text, not a NUL: decide on the parsed value
        return _has_nul_in_json(json.loads(body))
    except ValueError:
        return False  # not JSON at all: the route answers 422 invalid_input


def _fits_in_memory(request: HttpRequest) -> bool:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return limit is None or length <= limit


def request_has_nul(request: HttpRequest) -> bool:
    if NUL in request.path:
        return True
    if "%00" in request.META.get("QUERY_STRING", "") and _has_nul_in_pairs(request.GET.lists()):
        return True
    content_type = request.content_type or ""
    if content_type in FORM_TYPES:
        if content_type == "multipart/form-data" and _fits_in_memory(request):
            # Read the raw body first, so a route that reads `request.body` after this (an API route given a
            # form by mistake) still can; a larger upload is a page's, which reads request.POST and FILES.
            request.body  # noqa: B018
        return _has_nul_in_pairs(request.POST.lists())  # fields only; request.FILES are not looked into
    if content_type == "application/json" or content_type.endswith("+json"):
        return _json_body_has_nul(request.body)
    return False


def nul_refused(request: HttpRequest) -> HttpResponse:
    message = _("请求中含有空字符（NUL），无法处理。请删除该字符后重试。")
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"code": "nul_character", "message": message},
            status=400,
            json_dumps_params={"ensure_ascii": False},
        )
    return render(request, "400.html", {"message": message}, status=400)


class RefuseNulMiddleware:
    """Answer 400 to any request that carries a NUL character in its path, query, form fields or JSON body."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request_has_nul(request):
            return nul_refused(request)
        return self.get_response(request)

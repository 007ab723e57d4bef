"""Response headers that limit what a browser does with our pages and files (docs/security.md,
"Content-Security-Policy and permissions").

- `PermissionsPolicyMiddleware` denies the powerful features of settings.ONEGO_PERMISSIONS_POLICY_FEATURES
  (camera, microphone, geolocation) on every response; `allow_features` opens some of them to this origin
  for one view (the premises video recording page).
- `protect_upload` marks a response that carries a file a person uploaded (or one derived from it): the
  browser renders it in a sandbox with no scripts, forms or same-origin access, never sniffs another type,
  and gets it under a plain file name.

The Content-Security-Policy of pages is django-csp's (settings.CONTENT_SECURITY_POLICY); a response that
already has the header keeps its own, which is how an upload's `sandbox` policy wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

PERMISSIONS_POLICY = "Permissions-Policy"
# No script, no forms, an opaque origin; nothing loaded but the file itself (an image or video document loads
# its own URL; the browser's viewer documents style themselves inline, which is harmless without script).
UPLOAD_POLICY = "sandbox; default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'"

_View = TypeVar("_View", bound=Callable[..., HttpResponseBase])
_Response = TypeVar("_Response", bound=HttpResponseBase)
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def permissions_policy(allowed: tuple[str, ...] | frozenset[str] = ()) -> str:
    """`camera=(), microphone=(), geolocation=()` with the allowed features given to this origin only."""
    features = settings.ONEGO_PERMISSIONS_POLICY_FEATURES
    return ", ".join(f"{name}=(self)" if name in allowed else f"{name}=()" for name in features)


class PermissionsPolicyMiddleware:
    """Adds the Permissions-Policy header: every feature denied unless the view allowed it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if PERMISSIONS_POLICY not in response:
            allowed: frozenset[str] = getattr(response, "_onego_allowed_features", frozenset())
            response[PERMISSIONS_POLICY] = permissions_policy(allowed)
        return response


def allow_features(*features: str) -> Callable[[_View], _View]:
    """View decorator: these features (of settings.ONEGO_PERMISSIONS_POLICY_FEATURES) are allowed for this
    origin on this view's page; the others stay denied."""
    unknown = set(features) - set(settings.ONEGO_PERMISSIONS_POLICY_FEATURES)
    if unknown:
        raise ValueError(f"not a feature the policy lists: {sorted(unknown)}")

    def decorator(view: _View) -> _View:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> HttpResponseBase:
            response = view(*args, **kwargs)
            response._onego_allowed_features = frozenset(features)  # type: ignore[attr-defined]
            return response

        return wrapped  # type: ignore[return-value]

    return decorator


def safe_file_name(name: str, default: str = "file") -> str:
    """A file name safe in a Content-Disposition header: ASCII letters, digits, dot, dash and underscore."""
    cleaned = _UNSAFE_NAME.sub("_", name).strip("._") or default
    return cleaned[:120]


def protect_upload(response: _Response, filename: str, *, attachment: bool = False) -> _Response:
    """Headers for a response that carries an uploaded file: `Content-Security-Policy: sandbox` (opened on its
    own it runs no script and has no access to the site), `X-Content-Type-Options: nosniff` (the stored type
    is the only type), a Content-Disposition with a sanitised name, and no caching outside the browser."""
    response["Content-Security-Policy"] = UPLOAD_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{safe_file_name(filename)}"'
    response["Cache-Control"] = "private, no-store"
    return response

"""Login back-off on top of django-axes (docs/security.md "Throttling, lock-out and query codes").

django-axes records every failed login (per username, client address and user agent) and asks
`failure_limit` whether the next attempt is refused. Two rules decide:

- per username, a progressive delay instead of a long lock: the first AXES_FAILURE_LIMIT - 1 failures cost
  nothing; from the AXES_FAILURE_LIMIT-th on, the n-th failure refuses every attempt for that username (even
  with the right password) for 2^n seconds, at most the cool-off (AXES_COOLOFF_MINUTES). Failures are
  forgotten a cool-off after the last one, and a successful login clears them. A stranger who sends five wrong
  passwords keeps a clerk out for half a minute, not a day.
- per client address, across usernames: an address with ONEGO_LOGIN_IP_FAILURE_LIMIT failures within a
  cool-off may not try any username until a cool-off after its last failure, so one machine cannot keep a
  whole office waiting.

A refused attempt is not checked and not counted (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False).
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from onego.core.ratelimit import client_ip

#: ceiling of a wait when the cool-off is not a duration (it always is in onego.config.settings)
DEFAULT_COOL_OFF = timedelta(minutes=15)


@dataclass(frozen=True)
class Wait:
    reason: str  # "username" or "address"
    seconds: int


def _cool_off(request: HttpRequest) -> timedelta:
    value = get_cool_off(request)
    return value if isinstance(value, timedelta) else DEFAULT_COOL_OFF


def _failures(rows: Any) -> tuple[int, datetime | None]:
    totals = rows.aggregate(n=Sum("failures_since_start"), last=Max("attempt_time"))
    return int(totals["n"] or 0), totals["last"]


def backoff_seconds(failures: int, cool_off: timedelta) -> int:
    """How long the n-th failure for a username makes it wait: 0 below AXES_FAILURE_LIMIT, then 2^n seconds,
    never longer than the cool-off."""
    if failures < int(getattr(settings, "ONEGO_LOGIN_FAILURE_LIMIT", 5)):
        return 0
    return int(min(2 ** min(failures, 40), cool_off.total_seconds()))


def current_wait(request: HttpRequest, credentials: dict[str, Any] | None = None) -> Wait | None:
    """The wait in force for this request's address or username, if any."""
    now = timezone.now()
    cool_off = _cool_off(request)
    recent = AccessAttempt.objects.filter(attempt_time__gte=now - cool_off)
    address = getattr(request, "axes_ip_address", None) or client_ip(request)
    by_address, last = _failures(recent.filter(ip_address=address))
    if last is not None and by_address >= int(getattr(settings, "ONEGO_LOGIN_IP_FAILURE_LIMIT", 30)):
        return Wait("address", max(1, math.ceil((last + cool_off - now).total_seconds())))
    username = get_client_username(request, credentials)
    if not username:
        return None
    by_username, last = _failures(recent.filter(username=username))
    wait = backoff_seconds(by_username, cool_off)
    if last is None or not wait:
        return None
    remaining = (last + timedelta(seconds=wait) - now).total_seconds()
    return Wait("username", math.ceil(remaining)) if remaining > 0 else None


def failure_limit(request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
    """AXES_FAILURE_LIMIT as a callable: axes refuses when the username's failures reach the limit, so the
    limit is 0 while a wait is in force and out of reach otherwise."""
    return 0 if current_wait(request, credentials) is not None else sys.maxsize


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the locked-out page saying how long to wait (HTTP 429 with Retry-After)."""
    wait = current_wait(request, credentials) or Wait("username", 1)
    response = render(
        request,
        "portal/locked_out.html",
        {"wait_seconds": wait.seconds, "by_address": wait.reason == "address"},
        status=429,
    )
    response["Retry-After"] = str(wait.seconds)
    return response

"""Fixed-window rate limits per client IP, counted in the cache (shared between processes when CACHE_URL
points at Redis)."""

from __future__ import annotations

import time

from django.core.cache import cache
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    # REMOTE_ADDR only: a forwarded header is set by whoever calls, so it cannot be trusted here.
    return str(request.META.get("REMOTE_ADDR", "") or "unknown")


def over_limit(request: HttpRequest, scope: str, per_minute: int) -> bool:
    """Count one hit of `scope` for the caller's IP in this clock minute; True when past `per_minute`."""
    bucket = f"onego:{scope}-rate:{client_ip(request)}:{int(time.time() // 60)}"
    cache.add(bucket, 0, timeout=120)
    try:
        count = cache.incr(bucket)
    except ValueError:  # evicted or expired between add and incr
        cache.set(bucket, 1, timeout=120)
        count = 1
    return count > per_minute

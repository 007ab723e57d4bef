"""Fixed-window rate limits per client address, counted in the cache (shared between processes when CACHE_URL
points at Redis), and the one place that decides what the client address is.

Behind the TLS proxy that docs/operations.md prescribes, REMOTE_ADDR is the proxy's address for every caller.
The forwarded header is believed only when the request comes from a configured trusted proxy
(ONEGO_TRUSTED_PROXIES, IPs or CIDRs, empty by default): then the client is the right-most address in the
header (ONEGO_CLIENT_IP_HEADER, X-Forwarded-For by default) that is not itself a trusted proxy. Without a
trusted proxy the header is ignored: anyone can write it. django-axes uses the same address
(AXES_CLIENT_IP_CALLABLE), so lock-outs and rate limits count the same client."""

from __future__ import annotations

import functools
import ipaddress
import time
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_networks(values: Iterable[str]) -> tuple[Network, ...]:
    """'10.0.0.5', '10.1.0.0/16', '::1' → networks; raises ValueError naming the entry that is not one."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError as exc:
            raise ValueError(f"not an IP address or CIDR: {value!r}") from exc
    return tuple(networks)


@functools.lru_cache(maxsize=8)
def _trusted(values: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_networks(values)


def _address(text: str) -> Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # "[2001:db8::1]:443"
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # "203.0.113.7:51234"
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _header_key(name: str) -> str:
    return "HTTP_" + name.strip().upper().replace("-", "_")


def client_ip(request: HttpRequest) -> str:
    """The caller's address: REMOTE_ADDR, unless that is a trusted proxy, then the right-most untrusted address
    of the forwarded header (proxies append the address they received the request from)."""
    remote = str(request.META.get("REMOTE_ADDR", "") or "")
    trusted = _trusted(tuple(getattr(settings, "ONEGO_TRUSTED_PROXIES", ()) or ()))
    remote_address = _address(remote)
    if not trusted or remote_address is None or not any(remote_address in n for n in trusted):
        return remote or "unknown"
    header = str(
        request.META.get(_header_key(getattr(settings, "ONEGO_CLIENT_IP_HEADER", "X-Forwarded-For")), "")
    )
    client = remote_address
    for hop in reversed([part for part in header.split(",") if part.strip()]):
        address = _address(hop)
        if address is None:  # a garbled hop: nothing to its left can be believed
            break
        client = address
        if not any(address in n for n in trusted):
            break
    return str(client)


def axes_client_ip(request: HttpRequest) -> str | None:
    """client_ip for django-axes, which stores it in an IP address column: None when there is no valid address
    (a request made in-process, e.g. the test client's force_login), so PostgreSQL's inet column accepts it."""
    ip = client_ip(request)
    return ip if _address(ip) is not None else None


def over_limit(request: HttpRequest, scope: str, per_minute: int) -> bool:
    """Count one hit of `scope` for the caller's address in this clock minute; True when past `per_minute`."""
    return over_window_limit(scope, client_ip(request), per_minute, 60)


def over_window_limit(scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one hit of `scope` for `key` in the current fixed window; True when past `limit`."""
    bucket = f"onego:{scope}-rate:{key}:{int(time.time() // window_seconds)}"
    cache.add(bucket, 0, timeout=window_seconds * 2)
    try:
        count = cache.incr(bucket)
    except ValueError:  # evicted or expired between add and incr
        cache.set(bucket, 1, timeout=window_seconds * 2)
        count = 1
    return count > limit

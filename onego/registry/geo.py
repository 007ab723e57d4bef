"""Where an address is (标准地址 → coordinates) and how far apart two points are.

The district's standard address service (标准地址库) cannot be reached from this installation; `locate()` looks
addresses up in the local AddressPoint table, which an importer or the demo fills. Nothing is guessed: an
address that is not in the table has no coordinates, and the reviewer is told so.
"""

from __future__ import annotations

import math
import unicodedata
from decimal import Decimal

from onego.registry.models import AddressPoint

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG)


def normalise(address: str) -> str:
    """Full-width characters to half-width, no spaces: "广州市白云区 3 层" and "广州市白云区３层" match."""
    return "".join(unicodedata.normalize("NFKC", address or "").split())


def locate(address: str) -> tuple[float, float] | None:
    key = normalise(address)
    point = AddressPoint.objects.filter(key=key).only("latitude", "longitude").first() if key else None
    return (float(point.latitude), float(point.longitude)) if point else None


def add_point(address: str, latitude: float, longitude: float, *, source: str) -> AddressPoint:
    """Add or move one standard address; `source` names where it came from (an import, or the demo)."""
    point, _ = AddressPoint.objects.update_or_create(
        key=normalise(address),
        defaults={
            "address": address.strip(),
            "latitude": Decimal(f"{latitude:.6f}"),
            "longitude": Decimal(f"{longitude:.6f}"),
            "source": source,
        },
    )
    return point


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in metres (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))

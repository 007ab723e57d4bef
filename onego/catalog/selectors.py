"""Reads of the catalogue that are more than one line."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from onego.catalog.models import Bundle, ItemVersion, ServiceItem, VersionStatus


def today() -> date:
    return timezone.localdate()


def version_in_force(item: ServiceItem, on: date | None = None) -> ItemVersion | None:
    """The latest published version whose effective date has come and that has not been cancelled."""
    on = on or today()
    return (
        item.versions.filter(status=VersionStatus.PUBLISHED, effective_from__lte=on)
        .filter(Q(cancelled_on__isnull=True) | Q(cancelled_on__gt=on))
        .order_by("-effective_from", "-version")
        .first()
    )


def versions_in_force(on: date | None = None) -> QuerySet[ItemVersion]:
    """One version per item: the one in force on the given day (applicable handling items only)."""
    on = on or today()
    candidates = ItemVersion.objects.filter(status=VersionStatus.PUBLISHED, effective_from__lte=on).filter(
        Q(cancelled_on__isnull=True) | Q(cancelled_on__gt=on)
    )
    latest: dict[int, tuple[date, int, int]] = {}
    for pk, item_id, eff, ver in candidates.values_list("pk", "item_id", "effective_from", "version"):
        key = (eff, ver, pk)
        if item_id not in latest or key > latest[item_id]:
            latest[item_id] = key
    return ItemVersion.objects.filter(pk__in=[v[2] for v in latest.values()])


def bundle_items_in_force(bundle: Bundle, on: date | None = None) -> list[ItemVersion]:
    out = []
    for member in bundle.members.select_related("item").order_by("position"):
        version = version_in_force(member.item, on)
        if version is not None:
            out.append(version)
    return out

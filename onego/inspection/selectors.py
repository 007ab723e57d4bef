"""Figures for the food licence by commitment and video (seed case 4): how many, how fast, trips saved."""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from onego.cases.models import Case, CaseStatus, Outcome

TRIPS_SAVED_PER_CASE = 2  # the applicant's visit to the window and the inspector's field trip


def _percentile(values: list[int], p: float) -> float | None:
    """Nearest-rank percentile (the p-th of sorted values), None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return float(ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)])


def remote_video_cases() -> Any:
    """Cases of item versions whose process inspects by remote video (few versions: checked in Python, which
    works on SQLite and PostgreSQL alike)."""
    from onego.catalog import process as proc
    from onego.catalog.models import ItemVersion

    ids = [v.pk for v in ItemVersion.objects.only("process") if proc.uses_remote_video(v.process)]
    return Case.objects.filter(item_version_id__in=ids)


def figures() -> dict[str, Any]:
    cases = list(remote_video_cases().values("status", "outcome", "route", "actual_workdays",
                                             "statutory_limit_workdays", "form_data"))
    closed = [c for c in cases if c["status"] == CaseStatus.CLOSED]
    approved = [c for c in closed if c["outcome"] == Outcome.APPROVED]
    days = [c["actual_workdays"] for c in approved if c["actual_workdays"] is not None]
    statutory = max((c["statutory_limit_workdays"] for c in cases), default=20)
    by_type = Counter(str((c["form_data"] or {}).get("business_type") or "—") for c in cases)
    return {
        "cases": len(cases), "closed": len(closed), "approved": len(approved),
        "refused": sum(1 for c in closed if c["outcome"] == Outcome.REFUSED),
        "median_workdays": _percentile(days, 50), "p90_workdays": _percentile(days, 90),
        "statutory_workdays": statutory, "trips_saved": TRIPS_SAVED_PER_CASE * len(approved),
        "by_business_type": sorted(by_type.items(), key=lambda kv: (-kv[1], kv[0])),
        "commitment_share": (sum(1 for c in cases if c["route"] == "commitment") / len(cases)) if cases else None,
    }

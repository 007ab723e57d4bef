"""Figures for the food licence by commitment and video (seed case 4): how many, how fast, trips saved."""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from onego.cases.models import Case, CaseStatus, Outcome
from onego.catalog import process as proc
from onego.catalog.models import FormField, ItemVersion
from onego.core.languages import reading_english

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
    ids = [v.pk for v in ItemVersion.objects.only("process") if proc.uses_remote_video(v.process)]
    return Case.objects.filter(item_version_id__in=ids)


def business_type_names() -> dict[str, str]:
    """主体业态 codes → their names in the reader's language, from the form field the applicants chose from."""
    field = FormField.objects.filter(key="business_type").only("choices").first()
    english = reading_english()
    return {
        str(c.get("value")): str((c.get("en") if english else c.get("zh")) or c.get("zh") or c.get("value"))
        for c in (field.choices if field else [])
        if isinstance(c, dict)
    }


def figures() -> dict[str, Any]:
    cases = list(
        remote_video_cases().values(
            "status", "outcome", "route", "actual_workdays", "statutory_limit_workdays", "form_data"
        )
    )
    closed = [c for c in cases if c["status"] == CaseStatus.CLOSED]
    approved = [c for c in closed if c["outcome"] == Outcome.APPROVED]
    days = [c["actual_workdays"] for c in approved if c["actual_workdays"] is not None]
    statutory = max((c["statutory_limit_workdays"] for c in cases), default=20)
    by_type = Counter(str((c["form_data"] or {}).get("business_type") or "") for c in cases)
    names = business_type_names()
    return {
        "cases": len(cases),
        "closed": len(closed),
        "approved": len(approved),
        "refused": sum(1 for c in closed if c["outcome"] == Outcome.REFUSED),
        "median_workdays": _percentile(days, 50),
        "p90_workdays": _percentile(days, 90),
        "statutory_workdays": statutory,
        "trips_saved": TRIPS_SAVED_PER_CASE * len(approved),
        # (the form's label for the code, how many): "餐馆", never the stored code "restaurant"
        "by_business_type": [
            (names.get(code, code) if code else "—", n)
            for code, n in sorted(by_type.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "commitment_share": (sum(1 for c in cases if c["route"] == "commitment") / len(cases))
        if cases
        else None,
    }

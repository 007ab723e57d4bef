"""The figures' Celery task (imported by onego/ratings/tasks.py so the worker registers it)."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from onego.ratings import export


@shared_task(name="onego.ratings.export_ratings", ignore_result=True)
def export_ratings() -> dict[str, int]:
    """Beat job (daily, early morning): hand the ratings of the past days not yet exported to the provincial
    platform's sink (the local file here). Idempotent: a day already written is left alone."""
    results = export.export_pending(timezone.localdate())
    return {
        "days": sum(not r.skipped for r in results),
        "ratings": sum(r.records for r in results if not r.skipped),
    }

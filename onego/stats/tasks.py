"""The dashboard's background work (thin; onego.stats.aggregates does it)."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from onego.stats import aggregates


@shared_task(name="onego.stats.count_visits")
def count_visits() -> int:
    """Recount the queue tickets each window served yesterday and today (beat: every 10 minutes)."""
    today = timezone.localdate()
    return aggregates.count_visits([today - timedelta(days=1), today])

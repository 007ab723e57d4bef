"""Celery tasks of the ratings: thin wrappers that take IDs and call the services."""

from __future__ import annotations

from celery import shared_task

from onego.ratings import invites, services


@shared_task(name="onego.ratings.default_ratings", ignore_result=True)
def default_ratings() -> int:
    """Beat, hourly: record 基本满意 for every service nobody rated within the period (7 days)."""
    return services.default_ratings()


@shared_task(name="onego.ratings.send_visit_sms", ignore_result=True)
def send_visit_sms(invite_id: int) -> str:
    """Send the SMS link to rate a visit (through the configured SMS adapter; the local log here)."""
    return invites.send_visit_sms(invite_id)

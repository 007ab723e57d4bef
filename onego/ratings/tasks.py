"""Celery tasks of the ratings: thin wrappers that take IDs and call the services."""

from __future__ import annotations

from celery import shared_task

from onego.ratings import invites, services, workorders


@shared_task(name="onego.ratings.default_ratings", ignore_result=True)
def default_ratings() -> int:
    """Beat, hourly: record 基本满意 for every service nobody rated within the period (7 days)."""
    return services.default_ratings()


@shared_task(name="onego.ratings.send_visit_sms", ignore_result=True)
def send_visit_sms(invite_id: int) -> str:
    """Send the SMS link to rate a visit (through the configured SMS adapter; the local log here)."""
    return invites.send_visit_sms(invite_id)


# --- bad-review work orders -------------------------------------------------------------------------------------
@shared_task(name="onego.ratings.refresh_work_orders")
def refresh_work_orders() -> dict[str, int]:
    """Beat job (every 10 minutes): colours of the open work orders and the escalation messages."""
    done = workorders.refresh_work_orders()
    return {"yellow": done.yellow, "red": done.red, "green": done.green, "notified": done.notified}


# --- the provincial export (daily): registered here so the worker finds it -------------------------------------
from onego.ratings.tasks_figures import export_ratings  # noqa: E402, F401

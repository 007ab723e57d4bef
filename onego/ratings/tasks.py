"""Celery tasks of the ratings: thin wrappers that call the services."""

from __future__ import annotations

from celery import shared_task

from onego.ratings import workorders


# --- bad-review work orders (S2) ------------------------------------------------------------------------------
@shared_task(name="onego.ratings.refresh_work_orders")
def refresh_work_orders() -> dict[str, int]:
    """Beat job (every 10 minutes): colours of the open work orders and the escalation messages."""
    done = workorders.refresh_work_orders()
    return {"yellow": done.yellow, "red": done.red, "green": done.green, "notified": done.notified}

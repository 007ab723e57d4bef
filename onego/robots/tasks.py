"""Celery tasks of the robots: thin wrappers that take IDs and call the runner or the services."""

from __future__ import annotations

from celery import shared_task

from onego.robots import runner, services


@shared_task(name="onego.robots.run_robot", acks_late=True, ignore_result=False)
def run_robot(run_id: int) -> str:
    """Work one queued run. Idempotent: a run already claimed (a second delivery) is left alone, and the
    ledgers make a re-run capture and write each item once. acks_late: a worker that dies mid-run leaves the
    message for another; the beat job fails a run whose worker stopped reporting."""
    return runner.run(run_id)


@shared_task(name="onego.robots.run_due", ignore_result=True)
def run_due() -> dict[str, int]:
    """Beat job (every minute): start the robots whose schedule is due, re-send runs never delivered."""
    return services.run_due()

"""Celery tasks of policy redemption: thin wrappers that take IDs and call the services."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from onego.policies import matching


@shared_task(name="onego.policies.run_matching")
def run_matching(run_id: int) -> dict[str, Any]:
    """Evaluate a matching run's policies over every enterprise and store the results (idempotent)."""
    return matching.run_matching(run_id)


@shared_task(name="onego.policies.resume_matching", ignore_result=True)
def resume_matching() -> list[int]:
    """Beat job: run the matching runs whose task was never queued (the broker was down)."""
    return matching.resume_queued_runs()

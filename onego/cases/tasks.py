"""Celery tasks of cases: thin wrappers that take IDs and call the services."""

from celery import shared_task

from onego.cases import drafts, services


@shared_task(name="onego.cases.refresh_colours")
def refresh_colours() -> dict[str, int]:
    return services.refresh_colours()


@shared_task(name="onego.cases.expire_drafts", ignore_result=True)
def expire_drafts() -> int:
    """Beat job: remove apply-form files that were never submitted (ONEGO_DRAFT_MAX_AGE_DAYS)."""
    return drafts.expire_drafts()

"""Celery tasks of cases: thin wrappers that take IDs and call the services."""

from celery import shared_task

from onego.cases import services


@shared_task(name="onego.cases.refresh_colours")
def refresh_colours() -> dict[str, int]:
    return services.refresh_colours()

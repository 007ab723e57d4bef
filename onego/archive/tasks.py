"""Celery tasks of the e-archive: thin wrappers that take IDs and call the services."""

from typing import Any

from celery import shared_task

from onego.archive import services


@shared_task(name="onego.archive.archive_case")
def archive_case(case_id: int) -> dict[str, Any]:
    """Archive every stored file of a case. Idempotent: a second run finds them archived and records nothing."""
    return services.archive_case(case_id)


@shared_task(name="onego.archive.archive_backlog", ignore_result=True)
def archive_backlog() -> dict[str, int]:
    """Beat job: archive the cases whose archiving was never queued (the broker was down); idempotent."""
    return services.archive_backlog()


@shared_task(name="onego.archive.verify_archive")
def verify_archive() -> dict[str, Any]:
    """Re-hash every archived file (run daily by beat); names what changed or vanished."""
    report = services.verify_archive()
    return {
        "count": report.count,
        "changed": [p.name for p in report.changed],
        "vanished": [p.name for p in report.vanished],
    }

"""Background jobs with visible progress (`onego.core.models.Job`).

A service creates the job row in its own transaction and queues the Celery task after commit; the task
calls `begin`, `advance` as it goes and `finish` or `fail` at the end. Progress writes are single UPDATEs
outside the job's own work transaction, so a page polling the job sees them while the work runs.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from onego.core.models import Job, JobStatus


def create(kind: str, *, started_by: str, total: int = 0, stage: str = "") -> Job:
    return Job.objects.create(kind=kind, started_by=started_by[:100], total=total, stage=stage[:100])


def begin(job_id: int, *, total: int, stage: str) -> None:
    Job.objects.filter(pk=job_id).update(
        status=JobStatus.RUNNING, total=total, done=0, stage=stage[:100], started_at=timezone.now(), error=""
    )


def advance(job_id: int, *, done: int, stage: str | None = None) -> None:
    values: dict[str, Any] = {"done": done}
    if stage is not None:
        values["stage"] = stage[:100]
    Job.objects.filter(pk=job_id).update(**values)


def finish(job_id: int, *, summary: dict[str, Any]) -> None:
    job = Job.objects.get(pk=job_id)
    Job.objects.filter(pk=job_id).update(
        status=JobStatus.DONE, done=job.total, stage="", summary=summary, finished_at=timezone.now()
    )


def fail(job_id: int, *, error: str) -> None:
    Job.objects.filter(pk=job_id).update(
        status=JobStatus.FAILED, error=error[:2000], finished_at=timezone.now()
    )

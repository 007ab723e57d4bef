"""Background job progress: `GET /api/v1/jobs/{job_id}` (a matching run, a batch pre-review, …).

A job is visible to the user who started it (`Job.started_by` holds the username) and to the people who
watch every job: policy officers and administrators. Anyone else gets 404 `not_found`, the same answer as
for a number that does not exist, so job numbers cannot be probed.

The core sits left of accounts in the import arrows, so roles are read as group names here rather than
through `onego.accounts.roles` (whose values these are).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from onego.core.errors import ApiError, error_responses
from onego.core.models import Job

router = Router(tags=["jobs"])

# Values of onego.accounts.roles.Role.POLICY_OFFICER and Role.ADMINISTRATOR.
JOB_WATCHER_ROLES = frozenset({"policy_officer", "administrator"})


class JobOut(Schema):
    id: int
    kind: str
    status: str  # queued | running | done | failed
    total: int
    done: int
    percent: int  # whole per cent; 100 only when done
    stage: str  # what it is doing now, for people
    summary: dict[str, Any]  # what the finished job found (the kind says what is in it)
    error: str  # why it failed, when it did
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


def may_see(user: Any, job: Job) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if job.started_by == user.get_username() or user.is_superuser:
        return True
    return user.groups.filter(name__in=JOB_WATCHER_ROLES).exists()


@router.get(
    "/{job_id}",
    response={200: JobOut, **error_responses(404)},
    summary="Progress of a background job",
)
def get_job(request: HttpRequest, job_id: int) -> dict[str, Any]:
    """Poll this while `status` is queued or running; `percent` moves as the worker reports progress."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None or not may_see(request.user, job):
        raise ApiError("not_found", _("后台任务不存在"), status=404)
    return {
        "id": job.pk,
        "kind": job.kind,
        "status": job.status,
        "total": job.total,
        "done": job.done,
        "percent": job.percent,
        "stage": _(job.stage) if job.stage else "",  # stored as a Chinese msgid or a code
        "summary": job.summary,
        "error": job.error,
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
    }

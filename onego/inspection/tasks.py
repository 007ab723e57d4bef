"""Celery tasks of remote inspection: thin wrappers that take IDs and call the services."""

from __future__ import annotations

from celery import shared_task

from onego.inspection import services


@shared_task(name="onego.inspection.check_video")
def check_video(video_id: int) -> str:
    """Decode and check one uploaded premises video (idempotent)."""
    return str(services.check_video(video_id).status)


@shared_task(name="onego.inspection.check_stalled_videos", ignore_result=True)
def check_stalled_videos() -> int:
    """Beat job: check the uploaded videos whose check was never queued (the broker was down)."""
    return services.check_stalled_videos()


@shared_task(name="onego.inspection.expire_uploads", ignore_result=True)
def expire_uploads() -> int:
    """Beat job: remove abandoned unfinished video uploads and their staged bytes."""
    return services.expire_abandoned_uploads()

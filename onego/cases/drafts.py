"""Files an applicant chose on the apply form but has not submitted yet (drafts), kept in the media storage under
`drafts/applications/<user id>/<idempotency key>/<material key>/<file>` so a preview or a failed submit keeps
them. A successful submit copies them into the case and removes them; a form left half-way leaves them behind,
so the beat job "expire-drafts" removes draft files untouched for ONEGO_DRAFT_MAX_AGE_DAYS
(docs/security.md, inputs)."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

logger = logging.getLogger(__name__)

DRAFT_ROOT = "drafts/applications"


def max_age() -> dt.timedelta:
    return dt.timedelta(days=int(getattr(settings, "ONEGO_DRAFT_MAX_AGE_DAYS", 7)))


def quota_bytes() -> int:
    return int(getattr(settings, "ONEGO_DRAFT_QUOTA_BYTES", 200 * 1024 * 1024))


def user_folder(user_id: int) -> str:
    return f"{DRAFT_ROOT}/{user_id}"


def bytes_kept(folder: str) -> int:
    """The size of every draft file below `folder`."""
    total = 0
    for name in _walk(folder):
        try:
            total += default_storage.size(name)
        except FileNotFoundError:
            continue
    return total


def _walk(folder: str) -> list[str]:
    """Every file below `folder` in the storage (works on the file system and on object stores)."""
    found: list[str] = []
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            dirs, files = default_storage.listdir(current)
        except (FileNotFoundError, NotADirectoryError):
            continue
        found.extend(f"{current}/{name}" for name in files)
        pending.extend(f"{current}/{name}" for name in dirs)
    return found


def expire_drafts(*, now: dt.datetime | None = None) -> int:
    """Delete draft files last written before now − ONEGO_DRAFT_MAX_AGE_DAYS; returns how many. A form opened
    again after that asks for the file again (the page lists what is kept)."""
    cutoff = (now or timezone.now()) - max_age()
    removed = 0
    for name in _walk(DRAFT_ROOT):
        try:
            written = default_storage.get_modified_time(name)
        except (FileNotFoundError, NotImplementedError):
            continue
        if timezone.is_naive(written):
            written = timezone.make_aware(written, dt.UTC)
        if written < cutoff:
            default_storage.delete(name)
            removed += 1
    if removed:
        logger.info("Removed %s draft files older than %s", removed, cutoff.isoformat())
    return removed

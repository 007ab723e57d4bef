"""Files an applicant chose on the apply form but has not submitted yet (drafts), kept in the media storage under
`drafts/applications/<user id>/<idempotency key>/<material key>/<file>` so a preview or a failed submit keeps
them. A successful submit copies them into the case and removes them; a form left half-way leaves them behind,
so the beat job "expire-drafts" removes draft files untouched for ONEGO_DRAFT_MAX_AGE_DAYS
(docs/security.md, inputs).

The apply view only parses the posted files and authorises the applicant; what is kept, within which limits
(the file size, the applicant's quota over all their drafts, PDF/JPEG/PNG by content), and what is discarded
after a submit is decided here."""

from __future__ import annotations

import datetime as dt
import logging
import os
import uuid
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from onego.cases.services import ApplicationInvalid, UploadedMaterial, check_upload, max_upload_bytes

logger = logging.getLogger(__name__)

DRAFT_ROOT = "drafts/applications"


def max_age() -> dt.timedelta:
    return dt.timedelta(days=int(getattr(settings, "ONEGO_DRAFT_MAX_AGE_DAYS", 7)))


def quota_bytes() -> int:
    return int(getattr(settings, "ONEGO_DRAFT_QUOTA_BYTES", 200 * 1024 * 1024))


def user_folder(user_id: int) -> str:
    return f"{DRAFT_ROOT}/{user_id}"


def draft_folder(user_id: int, key: str, material_key: str) -> str:
    """Where the draft of one material of one form is kept; `key` is the form's idempotency key (a UUID)."""
    return f"{user_folder(user_id)}/{uuid.UUID(key)}/{material_key}"


def _files_in(folder: str) -> list[str]:
    try:
        return list(default_storage.listdir(folder)[1])
    except (FileNotFoundError, NotADirectoryError):
        return []


def store_draft_uploads(user_id: int, key: str, files: Mapping[str, UploadedFile]) -> dict[str, str]:
    """Keep the files an applicant chose on the apply form (material key → file) under the form's idempotency
    key, each replacing an earlier choice for the same material. A file larger than ONEGO_MAX_UPLOAD_BYTES, one
    that would take the applicant's drafts over ONEGO_DRAFT_QUOTA_BYTES, or one that is not a PDF, JPEG or PNG by
    content is not kept; returns those problems by `material:<key>` (empty when everything was kept)."""
    errors: dict[str, str] = {}
    for material_key, upload in files.items():
        where = f"material:{material_key}"
        size = upload.size or 0
        if size > max_upload_bytes():
            errors[where] = _("文件超过 %(size)s") % {"size": f"{max_upload_bytes() // (1024 * 1024)} MB"}
            continue
        folder = draft_folder(user_id, key, material_key)
        # what the applicant keeps in drafts over all forms, less the file this one replaces
        if bytes_kept(user_folder(user_id)) - bytes_kept(folder) + size > quota_bytes():
            errors[where] = _("您暂存的未提交文件已达 %(mb)s MB 上限，请先提交或放弃其他申请。") % {
                "mb": quota_bytes() // (1024 * 1024)
            }
            continue
        content = upload.read()
        try:
            check_upload(where, content)
        except ApplicationInvalid as exc:
            errors.update(exc.errors)
            continue
        for old in _files_in(folder):
            default_storage.delete(f"{folder}/{old}")
        name = get_valid_filename(os.path.basename(upload.name or ""))[-80:] or "file"
        default_storage.save(f"{folder}/{name}", ContentFile(content))
    return errors


def kept_drafts(user_id: int, key: str, material_keys: Iterable[str]) -> dict[str, str]:
    """Material key → stored path of the file kept for it under the form's idempotency key."""
    out = {}
    for material_key in material_keys:
        folder = draft_folder(user_id, key, material_key)
        names = _files_in(folder)
        if names:
            out[material_key] = f"{folder}/{names[0]}"
    return out


def read_drafts(kept: Mapping[str, str]) -> list[UploadedMaterial]:
    """The kept files as the submit takes them."""
    uploads = []
    for material_key, path in kept.items():
        with default_storage.open(path, "rb") as fh:
            uploads.append(UploadedMaterial(material_key, fh.read(), os.path.basename(path)))
    return uploads


def discard_drafts(user_id: int, key: str, material_keys: Iterable[str]) -> None:
    """Remove the files kept under the form's idempotency key (they are in the case now)."""
    for path in kept_drafts(user_id, key, material_keys).values():
        default_storage.delete(path)


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

"""Writes of the e-archive: archive a stored file, archive a case, verify everything, pack a case's archive.

Files are read through Django's storage API only (local folder or S3), in chunks, so the archive works the
same on every storage and never holds a large file in memory.
"""

from __future__ import annotations

import io
import json
import logging
import mimetypes
import posixpath
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext

from onego.archive.digests import sm3_of_stream
from onego.archive.models import DEFAULT_RETENTION, ArchivedFile, FileKind, Retention, VerifyStatus
from onego.cases import pdfdocs
from onego.cases.models import Case, CaseMaterial, CaseStatus, MaterialSource
from onego.core import audit
from onego.core.queue import enqueue_on_commit
from onego.core.sm3 import sm3_hex

logger = logging.getLogger(__name__)

BACKLOG_BATCH = 200  # cases archived by one run of the beat job "archive-backlog"

SYSTEM_ACTOR = "system:archive"
MANIFEST_NAME = "manifest.json"
MANIFEST_FORMAT = "onego-case-archive/1"

# Signs the exact bytes of manifest.json and returns the bytes of manifest.json.sig. It may carry `algorithm`
# and `key_id` attributes, which the manifest then names (see onego.archive.signing).
ManifestSigner = Callable[[bytes], bytes]


class StoredFileMissing(Exception):
    """The storage has no file by this name, so there is nothing to archive."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(gettext("存储中没有文件 %(name)s。") % {"name": name})


def _hash_stored(name: str) -> tuple[str, int]:
    """(SM3, size) of the stored file, read in chunks; StoredFileMissing when the storage has no such file."""
    if not default_storage.exists(name):
        raise StoredFileMissing(name)
    try:
        with default_storage.open(name, "rb") as stream:
            return sm3_of_stream(stream)
    except FileNotFoundError as exc:  # removed between exists() and open()
        raise StoredFileMissing(name) from exc


# --- archiving ------------------------------------------------------------------------------------------------


def archive_file(
    *,
    name: str,
    kind: str,
    case: Case | None = None,
    content_type: str = "",
    retention: str | None = None,
    actor: Any = SYSTEM_ACTOR,
) -> ArchivedFile:
    """Record a stored file in the archive with its SM3 digest and size, fixed from now on.

    Idempotent by storage name: a file archived before is returned as it is (its digest is never recomputed
    here — that is verify_archive's job). One audit event for a new record, none for a repeat.
    """
    if kind not in FileKind.values:
        raise ValueError(gettext("未知的档案类别 %(kind)s。") % {"kind": repr(kind)})
    if retention is not None and retention not in Retention.values:
        raise ValueError(gettext("未知的保管期限 %(retention)s。") % {"retention": repr(retention)})
    existing = ArchivedFile.objects.filter(name=name).first()
    if existing is not None:
        return existing
    # Hash before the transaction: reading a large file must not hold the audit chain's lock.
    digest, size = _hash_stored(name)
    with transaction.atomic():
        try:
            with (
                transaction.atomic()
            ):  # a savepoint: a racing duplicate must not break the caller's transaction
                row = ArchivedFile.objects.create(
                    name=name,
                    sm3=digest,
                    size=size,
                    content_type=(content_type or mimetypes.guess_type(name)[0] or "")[:100],
                    kind=kind,
                    retention=retention or DEFAULT_RETENTION[kind],
                    case=case,
                )
        except IntegrityError:
            return ArchivedFile.objects.get(name=name)
        audit.record(
            actor,
            "archive.file_archived",
            row,
            name=name,
            kind=kind,
            sm3=digest,
            size=size,
            retention=row.retention,
            case=case.number if case is not None else "",
        )
    return row


def archive_stored_file(*, name: str, kind: str, case: Case | None, content_type: str) -> None:
    """The file archiver registered with `cases.extensions`: how certificates (a licence PDF) and inspection (a
    premises video) archive their own files without importing this app. FileNotFoundError when the storage has
    no such file."""
    try:
        archive_file(name=name, kind=kind, case=case, content_type=content_type)
    except StoredFileMissing as missing:
        raise FileNotFoundError(name) from missing


def case_files(case: Case) -> list[tuple[str, str, str]]:
    """(storage name, kind, content type) of every stored file of a case: its signature and each material
    that has a file (a licence or shared-data reference has none)."""
    files: list[tuple[str, str, str]] = []
    if case.signature:
        files.append((str(case.signature.name), FileKind.SIGNATURE, "image/png"))
    for material in case.materials.exclude(file="").order_by("pk"):
        kind = FileKind.MATERIAL
        if material.source == MaterialSource.GENERATED:
            kind = FileKind.DECISION if material.material_key == pdfdocs.DECISION else FileKind.GENERATED_FORM
        files.append((str(material.file.name), kind, material.content_type))
    return files


def archive_case(case_id: int) -> dict[str, Any]:
    """Archive every stored file of a case. Idempotent: files archived before are counted, not re-recorded.

    Returns {"case", "archived" (new now), "already" (archived before), "missing" (names the storage lacks)}.
    """
    pdfdocs.ensure_generated(case_id)  # the application form and, once decided, the decision (idempotent)
    case = Case.objects.get(pk=case_id)
    files = case_files(case)
    known = set(
        ArchivedFile.objects.filter(name__in=[name for name, _, _ in files]).values_list("name", flat=True)
    )
    archived, already, missing = 0, 0, []
    for name, kind, content_type in files:
        if name in known:
            already += 1
            continue
        try:
            archive_file(name=name, kind=kind, case=case, content_type=content_type)
        except StoredFileMissing:
            logger.warning("Archive: case %s names %s, which the storage does not hold", case.number, name)
            missing.append(name)
            continue
        archived += 1
    return {"case": case.number, "archived": archived, "already": already, "missing": missing}


def on_case_files_saved(case_id: int) -> None:
    """Queue archiving of a case's files once the caller's transaction commits (the files and rows exist by
    then). Call it from the service that stored the files, inside its transaction.

    With the broker down nothing is lost: the files are safe in storage and the beat job "archive-backlog"
    (`archive_backlog`, hourly) archives every case with a file not archived yet.
    """
    enqueue_on_commit("onego.archive.archive_case", case_id)


def archive_backlog(*, limit: int = BACKLOG_BATCH) -> dict[str, int]:
    """The beat job "archive-backlog": archive the cases whose archiving was never queued or never ran (the
    broker was down after commit) — a case without its generated application form, a decided case without its
    decision, a case with a stored file not yet archived. Newest first, at most `limit` cases a run;
    `archive_case` is idempotent, so a case a worker is archiving at the same time is archived once."""
    archived_names = ArchivedFile.objects.values("name")
    generated = CaseMaterial.objects.filter(case=OuterRef("pk"), source=MaterialSource.GENERATED)
    unarchived = (
        CaseMaterial.objects.filter(case=OuterRef("pk")).exclude(file="").exclude(file__in=archived_names)
    )
    pending = (
        Case.objects.filter(
            ~Exists(generated.filter(material_key=pdfdocs.APPLICATION_FORM))
            | (
                Q(status=CaseStatus.CLOSED, outcome__in=list(pdfdocs.DECISION_TITLES))
                & ~Exists(generated.filter(material_key=pdfdocs.DECISION))
            )
            | Exists(unarchived)
            | (~Q(signature="") & ~Q(signature__in=archived_names))
        )
        .order_by("-pk")
        .values_list("pk", flat=True)[:limit]
    )
    cases, archived = 0, 0
    for case_id in list(pending):
        archived += archive_case(case_id)["archived"]
        cases += 1
    return {"cases": cases, "archived": archived}


# --- verification ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ArchiveProblem:
    """One archived file whose stored bytes no longer match its record."""

    file_id: int
    name: str
    kind: str
    case_number: str
    status: str  # VerifyStatus.CHANGED or VerifyStatus.VANISHED
    expected_sm3: str
    found_sm3: str = ""  # empty when the file vanished
    found_size: int | None = None

    @property
    def message(self) -> str:
        case = self.case_number or "—"
        if self.status == VerifyStatus.VANISHED:
            return f"已丢失 VANISHED  {self.name}（办件 case {case}）"
        return f"已被改动 CHANGED  {self.name}（办件 case {case}） SM3 {self.expected_sm3} → {self.found_sm3}"


@dataclass
class VerifyReport:
    count: int = 0
    problems: list[ArchiveProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changed(self) -> list[ArchiveProblem]:
        return [p for p in self.problems if p.status == VerifyStatus.CHANGED]

    @property
    def vanished(self) -> list[ArchiveProblem]:
        return [p for p in self.problems if p.status == VerifyStatus.VANISHED]


def _check(row: ArchivedFile) -> tuple[str, ArchiveProblem | None]:
    case_number = row.case.number if row.case is not None else ""
    try:
        digest, size = _hash_stored(row.name)
    except StoredFileMissing:
        return VerifyStatus.VANISHED, ArchiveProblem(
            row.pk, row.name, row.kind, case_number, VerifyStatus.VANISHED, row.sm3
        )
    if digest != row.sm3:
        return VerifyStatus.CHANGED, ArchiveProblem(
            row.pk, row.name, row.kind, case_number, VerifyStatus.CHANGED, row.sm3, digest, size
        )
    return VerifyStatus.OK, None


def verify_archive(*, batch: int = 500, on_progress: Callable[[int], None] | None = None) -> VerifyReport:
    """Re-hash every archived file and name each one that changed (another digest) or vanished.

    Records what it found in `last_status` / `last_verified_at` — never in the digest, which stays the
    evidence of what was archived. Keyset batches keep memory flat and hold no transaction while hashing;
    one audit event for the run.
    """
    if batch < 1:
        raise ValueError("batch must be a positive integer")
    report = VerifyReport()
    last_id = 0
    while True:
        rows = list(
            ArchivedFile.objects.filter(id__gt=last_id)
            .select_related("case")
            .only("id", "name", "kind", "sm3", "case__number")
            .order_by("id")[:batch]
        )
        if not rows:
            break
        by_status: dict[str, list[int]] = {}
        for row in rows:
            status, problem = _check(row)
            by_status.setdefault(status, []).append(row.pk)
            if problem is not None:
                report.problems.append(problem)
        now = timezone.now()
        for status, ids in by_status.items():
            ArchivedFile.objects.filter(pk__in=ids).update(last_status=status, last_verified_at=now)
        report.count += len(rows)
        last_id = rows[-1].pk
        if on_progress is not None:
            on_progress(report.count)
        if len(rows) < batch:
            break
    audit.record(
        SYSTEM_ACTOR,
        "archive.verified",
        object_type="archive.archivedfile",
        object_id="*",
        count=report.count,
        changed=[p.name for p in report.changed][:100],
        vanished=[p.name for p in report.vanished][:100],
    )
    return report


# --- a case's archive as a zip --------------------------------------------------------------------------------


def configured_manifest_signer() -> ManifestSigner | None:
    """The signer named by settings.ONEGO_ARCHIVE_MANIFEST_SIGNER (a dotted path to `f(bytes) -> bytes`), or
    None while no signer is configured (the zip then carries manifest.sm3 only)."""
    path = getattr(settings, "ONEGO_ARCHIVE_MANIFEST_SIGNER", "")
    if not path:
        return None
    signer: ManifestSigner = import_string(path)
    return signer


def _member_path(name: str) -> str:
    """Where a stored file goes inside the zip: under files/, never outside it."""
    clean = posixpath.normpath("/" + name.replace("\\", "/")).lstrip("/")
    return f"files/{clean}"


def manifest_entry(row: ArchivedFile, *, present: bool) -> dict[str, Any]:
    return {
        "path": _member_path(row.name),
        "name": row.name,
        "kind": row.kind,
        "sm3": row.sm3,
        "size": row.size,
        "content_type": row.content_type,
        "retention": row.retention,
        "archived_at": row.created_at.isoformat(timespec="seconds"),
        "present": present,
    }


def write_case_archive(
    case_id: int, out: IO[bytes], *, signer: ManifestSigner | None = None
) -> dict[str, Any]:
    """Write a case's archive as a zip to `out`: every archived file of the case under files/, then
    manifest.json (name, kind, SM3, size, content type, retention of each), manifest.sm3 (its SM3, in the
    `sm3sum` format) and, when a signer is given or configured, manifest.json.sig.

    Each file is copied in chunks from storage. The manifest lists the digests recorded when the file was
    archived, so a file changed since then shows up as a mismatch; a vanished file is listed with
    "present": false. Returns the manifest.
    """
    case = Case.objects.get(pk=case_id)
    signer = signer if signer is not None else configured_manifest_signer()
    key_id = ""
    if signer is not None:
        try:
            key_id = str(getattr(signer, "key_id", ""))  # looked up once; the manifest names it
        except RuntimeError:  # no key yet: the zip still carries manifest.sm3, and the log says why
            logger.warning("Archive of case %s: manifest not signed", case.number, exc_info=True)
            signer = None
    entries = []
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for row in ArchivedFile.objects.filter(case=case).order_by("id"):
            present = default_storage.exists(row.name)
            if present:
                with (
                    default_storage.open(row.name, "rb") as src,
                    zf.open(_member_path(row.name), "w", force_zip64=row.size >= 2**31) as dst,
                ):
                    shutil.copyfileobj(src, dst, 1024 * 1024)
            entries.append(manifest_entry(row, present=present))
        manifest: dict[str, Any] = {
            "format": MANIFEST_FORMAT,
            "case": case.number,
            "hash": "SM3",
            "generated_at": timezone.now().isoformat(timespec="seconds"),
            "files": entries,
        }
        if signer is not None:
            # Named inside the signed bytes, so the key cannot be swapped without breaking the signature.
            manifest["signature"] = {
                "file": f"{MANIFEST_NAME}.sig",
                "algorithm": getattr(signer, "algorithm", ""),
                "key_id": key_id,
            }
        manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")
        zf.writestr(MANIFEST_NAME, manifest_bytes)
        zf.writestr("manifest.sm3", f"{sm3_hex(manifest_bytes)}  {MANIFEST_NAME}\n")
        if signer is not None:
            zf.writestr(f"{MANIFEST_NAME}.sig", signer(manifest_bytes))
    return manifest


def case_archive_zip(case_id: int, *, signer: ManifestSigner | None = None) -> bytes:
    """The case's archive zip as bytes (see write_case_archive); the download view streams a temp file instead."""
    buffer = io.BytesIO()
    write_case_archive(case_id, buffer, signer=signer)
    return buffer.getvalue()

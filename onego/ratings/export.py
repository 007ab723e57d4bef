"""The daily hand-over of the ratings to the provincial 好差评 platform (国办发〔2019〕51号: every level's ratings
flow up to the national 好差评 system through the provincial platform).

The provincial platform cannot be reached from here. What it receives is behind one adapter protocol,
`ProvincialRatingsSink`; the one working implementation, `LocalFileSink`, writes each day's ratings as a JSON
Lines file (UTF-8, one rating per line, keys sorted) under ONEGO_VAR_DIR/exports/ratings/ with an SM3 digest
file beside it — the file a provincial adapter would upload. The record format (field names and meanings after
the data items of GB/T 39734/39735: 评价编号, 事项编码, 办件编号, 评价渠道, 评价等级, 评价时间, 整改情况 …)
is documented in docs/domain.md, "Service ratings → export to the provincial platform".

The rater is protected: the record carries the rater's kind and a masked name and phone number, never the
full contact data. One export per day and sink (`RatingExport`); exporting a day again does nothing unless
forced, and a forced export rewrites the file from the ratings as they are then (work orders move on)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from onego.accounts.roles import Role
from onego.catalog.models import ItemVersion
from onego.core import audit
from onego.core.sm3 import sm3_hex
from onego.ratings.models import ExportStatus, Rating, RatingExport, WorkOrder

FORMAT_VERSION = "onego-ratings/1"
ACTOR = "system:ratings-export"
ONLINE_CHANNELS = frozenset({"online", "sms", "qr"})


class ProvincialRatingsSink(Protocol):
    """Where one day's rating records go. `name` keys the export log; `deliver` hands the records over and
    says where they went and the SM3 digest of the bytes delivered (raising on failure)."""

    name: str

    def deliver(self, day: date, records: list[dict[str, Any]]) -> tuple[str, str]: ...


def encode(records: Iterable[dict[str, Any]]) -> bytes:
    """The JSON Lines bytes of the records: UTF-8, keys sorted, no spaces, one record per line — so the same
    records always give the same bytes and the same digest."""
    lines = [json.dumps(r, ensure_ascii=False, sort_keys=True, separators=(",", ":")) for r in records]
    return "".join(line + "\n" for line in lines).encode("utf-8")


class LocalFileSink:
    """The local implementation: `<dir>/ratings-YYYYMMDD.jsonl` and `<dir>/ratings-YYYYMMDD.jsonl.sm3` (the
    hex digest, two spaces and the file name, as sm3sum prints it), written to a temporary name and renamed,
    so a reader never sees half a file."""

    name = "local_file"

    def __init__(self, directory: Path | str | None = None) -> None:
        self.directory = Path(directory) if directory else default_directory()

    def path_for(self, day: date) -> Path:
        return self.directory / f"ratings-{day:%Y%m%d}.jsonl"

    def deliver(self, day: date, records: list[dict[str, Any]]) -> tuple[str, str]:
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.path_for(day)
        data = encode(records)
        digest = sm3_hex(data)
        _write_atomically(path, data)
        _write_atomically(path.with_name(path.name + ".sm3"), f"{digest}  {path.name}\n".encode())
        return str(path), digest


def _write_atomically(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def default_directory() -> Path:
    var = getattr(settings, "ONEGO_VAR_DIR", None) or settings.VAR_DIR
    return Path(var) / "exports" / "ratings"


def default_sink() -> ProvincialRatingsSink:
    return LocalFileSink()


# --- the records ----------------------------------------------------------------------------------------------------


def mask_name(name: str) -> str:
    """张伟 → 张*, 欧阳娜娜 → 欧***; an empty name stays empty."""
    name = name.strip()
    return name[:1] + "*" * (len(name) - 1) if name else ""


def mask_phone(phone: str) -> str:
    """13812345678 → 138****5678; anything shorter than 7 digits is masked whole."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if not digits:
        return ""
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def _item_names(item_ids: set[int], on: date) -> dict[int, str]:
    """The item names in force on `on` (the latest published version from before then, else any latest)."""
    names: dict[int, str] = {}
    versions = ItemVersion.objects.filter(item_id__in=item_ids).order_by(
        "item_id", "effective_from", "version"
    )
    for item_id, name, effective_from in versions.values_list("item_id", "name", "effective_from"):
        if item_id not in names or effective_from <= on:
            names[item_id] = name
    return names


def _rectification(order: WorkOrder | None) -> dict[str, Any] | None:
    if order is None:
        return None
    return {
        "work_order_no": order.number,
        "status": order.status,
        "resolution": order.resolution,
        "due_on": order.due_on.isoformat(),
        "rectified_at": order.rectified_at.isoformat() if order.rectified_at else None,
        "closed_on": order.closed_on.isoformat() if order.closed_on else None,
        "callback_outcome": order.callback_outcome,
        "callback_at": order.callback_at.isoformat() if order.callback_at else None,
        "appeal_decision": order.appeal_decision,
    }


def records_for(day: date) -> list[dict[str, Any]]:
    """The records of the ratings made on `day`, in the order they were made."""
    ratings = list(
        Rating.objects.filter(rated_on=day)
        .select_related("case", "department", "centre", "window", "staff", "item", "rater", "work_order")
        .order_by("rated_at", "id")
    )
    names = _item_names({r.item_id for r in ratings if r.item_id}, day)
    tz = timezone.get_default_timezone()
    out: list[dict[str, Any]] = []
    for r in ratings:
        order = getattr(r, "work_order", None) if r.is_bad else None
        rater_kind = ""
        if r.rater is not None:
            rater_kind = "enterprise" if r.rater.has_role(Role.APPLICANT_ENTERPRISE) else "person"
        out.append(
            {
                "format": FORMAT_VERSION,
                "evaluation_no": f"PJ{r.rated_on:%Y%m%d}{r.pk:08d}",
                "rated_at": timezone.localtime(r.rated_at, tz).isoformat(timespec="seconds"),
                "channel": r.channel,
                "online": r.channel in ONLINE_CHANNELS,
                "grade": r.grade,
                "indicators": r.indicators or {},
                "content": r.reason,
                "is_default": r.is_default,
                "task_code": r.item.code if r.item else "",
                "task_name": names.get(r.item_id or 0, ""),
                "project_no": r.case.number if r.case else "",
                "department_code": r.department.credit_code if r.department else "",
                "department_name": r.department.name if r.department else "",
                "centre_code": r.centre.code if r.centre else "",
                "window_no": r.window.number if r.window else None,
                "staff_no": r.staff.username if r.staff else "",
                "rater_kind": rater_kind,
                "rater_name": mask_name(r.rater_name or (r.rater.real_name if r.rater else "")),
                "rater_phone": mask_phone(r.rater_phone),
                "rectification": _rectification(order),
            }
        )
    return out


@dataclass(frozen=True)
class ExportResult:
    day: date
    records: int
    location: str
    digest: str
    skipped: bool  # already exported, not forced


def export_day(day: date, *, sink: ProvincialRatingsSink | None = None, force: bool = False) -> ExportResult:
    """Hand the ratings of `day` to the sink once; again only when `force`. A failure is logged on the export
    row (status failed) and raised; the next run tries again."""
    sink = sink or default_sink()
    done = RatingExport.objects.filter(day=day, sink=sink.name, status=ExportStatus.WRITTEN).first()
    if done is not None and not force:
        return ExportResult(day, done.records, done.location, done.digest, skipped=True)
    records = records_for(day)
    try:
        location, digest = sink.deliver(day, records)
    except Exception as exc:
        RatingExport.objects.update_or_create(
            day=day,
            sink=sink.name,
            defaults={
                "status": ExportStatus.FAILED,
                "records": len(records),
                "error": f"{type(exc).__name__}: {exc}"[:2000],
                "exported_at": timezone.now(),
            },
        )
        raise
    with transaction.atomic():
        row, _ = RatingExport.objects.select_for_update().update_or_create(
            day=day,
            sink=sink.name,
            defaults={
                "status": ExportStatus.WRITTEN,
                "records": len(records),
                "location": location,
                "digest": digest,
                "error": "",
                "exported_at": timezone.now(),
            },
        )
        audit.record(
            ACTOR,
            "ratings.exported",
            row,
            day=day.isoformat(),
            sink=sink.name,
            records=len(records),
            digest=digest,
            forced=force,
        )
    return ExportResult(day, len(records), location, digest, skipped=False)


def yesterday() -> date:
    return timezone.localdate() - timedelta(days=1)


CATCH_UP_DAYS = 7


def export_pending(today: date, *, sink: ProvincialRatingsSink | None = None) -> list[ExportResult]:
    """The daily job: export every day of the last CATCH_UP_DAYS before `today` not exported yet (a day the
    job missed, or whose export failed, is caught up); days already written are left alone."""
    sink = sink or default_sink()
    days = [today - timedelta(days=n) for n in range(CATCH_UP_DAYS, 0, -1)]
    return [export_day(day, sink=sink) for day in days]

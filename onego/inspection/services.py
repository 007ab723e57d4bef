"""Writes of remote inspection: resumable video uploads, the server's checks on each video, and the reviewer's
checklist verdicts.

An upload is started (how big, which video of the filming plan, where and when recording began), receives its
bytes in chunks at increasing offsets — a dropped connection resumes at `received_bytes` — and is finished
(where recording ended). Chunks are staged in a local folder (object stores cannot append), then the whole file
goes to the storage and a worker decodes and checks it (`onego.inspection.check_video`).
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onego.accounts.models import User
from onego.accounts.roles import Role
from onego.cases import engine, extensions
from onego.cases.engine import TransitionNotAllowed
from onego.cases.models import Case, CaseStatus, Outcome, TaskStatus
from onego.catalog import process as proc
from onego.core import audit
from onego.core.calendar import add_workdays
from onego.core.errors import ApiError
from onego.core.languages import in_language
from onego.core.queue import enqueue_on_commit
from onego.inspection import checklists, video
from onego.inspection.models import (
    ChecklistVerdict,
    FollowUpCheck,
    FollowUpStatus,
    PremisesVideo,
    VideoStatus,
)
from onego.registry import geo
from onego.registry.models import CreditRecord

logger = logging.getLogger(__name__)

MAX_CHUNK_BYTES = 2 * 1024 * 1024  # under Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MiB)
CONTENT_TYPES = {
    "video/webm": "webm",
    "video/mp4": "mp4",
    "video/quicktime": "mov",
    "video/x-matroska": "mkv",
}
UPLOADING_STEPS = {"accept", "inspect"}


def _err(code: str, zh: str, en: str, status: int = 422) -> ApiError:
    return ApiError(code, f"{zh} / {en}", status=status)


def open_uploads_per_case() -> int:
    return int(getattr(settings, "ONEGO_OPEN_UPLOADS_PER_CASE", 2))


def open_uploads_per_user() -> int:
    return int(getattr(settings, "ONEGO_OPEN_UPLOADS_PER_USER", 4))


def videos_per_case() -> int:
    return int(getattr(settings, "ONEGO_VIDEOS_PER_CASE", 30))


def abandoned_after() -> dt.timedelta:
    return dt.timedelta(hours=int(getattr(settings, "ONEGO_UPLOAD_ABANDONED_HOURS", 24)))


def staging_dir() -> Path:
    path = Path(settings.VAR_DIR) / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _staged(upload_id: uuid.UUID) -> Path:
    return staging_dir() / f"{upload_id}.part"


def checklist_of(case: Case) -> checklists.Checklist | None:
    business_type = str((case.form_data or {}).get("business_type") or "")
    try:
        return checklists.checklist_for(business_type)
    except ValueError:
        return None


def premises_location(case: Case) -> tuple[float, float] | None:
    """The registered coordinates of the premises named on the form (标准地址库); None when unknown."""
    return geo.locate(str((case.form_data or {}).get("premises_address") or ""))


def _own_open_case(number: str, applicant: User) -> Case:
    case = Case.objects.select_for_update().filter(number=number, applicant=applicant).first()
    if case is None:
        raise ApiError("not_found", _("办件不存在"), status=404)
    if case.status == CaseStatus.CLOSED or case.current_step not in UPLOADING_STEPS:
        raise _err("videos_closed", "此办件当前不接收现场视频", "This case does not take videos now", 409)
    return case


def _point(lat: Any, lon: Any) -> tuple[float, float] | None:
    if lat in (None, "") or lon in (None, ""):
        return None
    try:
        point = float(lat), float(lon)
    except (TypeError, ValueError) as exc:
        raise _err("bad_location", "定位数据无效", "The location is not valid") from exc
    if not (-90 <= point[0] <= 90 and -180 <= point[1] <= 180):
        raise _err("bad_location", "定位数据超出范围", "The location is out of range")
    return point


@dataclass(frozen=True)
class Fix:
    """A geolocation fix from the recording page."""

    latitude: float | None = None
    longitude: float | None = None
    accuracy_m: float | None = None
    at: dt.datetime | None = None


def start_upload(
    number: str,
    *,
    applicant: User,
    plan_number: int,
    total_bytes: int,
    content_type: str,
    source: str = "recorded",
    start: Fix | None = None,
) -> PremisesVideo:
    max_bytes = video.video_limit("max_bytes")
    if content_type.split(";")[0].strip() not in CONTENT_TYPES:
        raise _err("bad_type", "只接收 WebM、MP4 或 MOV 视频", "Only WebM, MP4 or MOV videos are accepted")
    if not 0 < total_bytes <= max_bytes:
        raise _err(
            "too_large",
            f"视频大小应在 1 字节到 {max_bytes // (1024 * 1024)} MB 之间",
            f"A video must be between 1 byte and {max_bytes // (1024 * 1024)} MB",
            413,
        )
    if source not in ("recorded", "uploaded"):
        raise _err("bad_source", "未知的视频来源", "Unknown video source")
    start = start or Fix()
    point = _point(start.latitude, start.longitude)
    with transaction.atomic():
        case = _own_open_case(number, applicant)
        plan = checklist_of(case)
        if plan is None:
            raise _err("no_plan", "该办件没有现场视频要求", "This case needs no premises videos")
        if not 1 <= plan_number <= len(plan.videos):
            raise _err(
                "bad_plan",
                f"视频序号应为 1–{len(plan.videos)}",
                f"The video number must be 1–{len(plan.videos)}",
            )
        replaced = _open_uploads_within_limits(case, applicant, plan_number)
        row = PremisesVideo.objects.create(
            case=case,
            plan_number=plan_number,
            source=source,
            total_bytes=total_bytes,
            content_type=content_type.split(";")[0].strip(),
            uploaded_by=applicant,
            start_latitude=point[0] if point else None,
            start_longitude=point[1] if point else None,
            accuracy_m=start.accuracy_m,
            started_at=start.at,
        )
        audit.record(
            applicant,
            "inspection.video_started",
            row,
            case=case.number,
            plan=plan_number,
            bytes=total_bytes,
            source=source,
            replaced=[str(u) for u in replaced],
        )
    for upload_id in replaced:
        _staged(upload_id).unlink(missing_ok=True)
    _staged(row.upload_id).write_bytes(b"")
    return row


def _open_uploads_within_limits(case: Case, applicant: User, plan_number: int) -> list[uuid.UUID]:
    """Make room for a new upload, or refuse it (409 `too_many_uploads`). An unfinished upload of the same video
    of the plan is replaced — the recording page starts afresh when it is reloaded — so only different videos
    count against ONEGO_OPEN_UPLOADS_PER_CASE and ONEGO_OPEN_UPLOADS_PER_USER. The case row is locked by the
    caller; the applicant's row is locked here so two cases of one applicant cannot both pass the count."""
    User.objects.select_for_update().filter(pk=applicant.pk).first()
    open_rows = PremisesVideo.objects.filter(status=VideoStatus.UPLOADING)
    same = list(open_rows.filter(case=case, plan_number=plan_number).values_list("upload_id", flat=True))
    others = open_rows.exclude(upload_id__in=same)
    if others.filter(case=case).count() >= open_uploads_per_case():
        raise ApiError(
            "too_many_uploads",
            _("此办件已有 %(n)s 个视频正在上传，请等其中一个上传完成后再上传下一个。")
            % {"n": open_uploads_per_case()},
            status=409,
        )
    if others.filter(uploaded_by=applicant).count() >= open_uploads_per_user():
        raise ApiError(
            "too_many_uploads",
            _("您已有 %(n)s 个视频正在上传，请等其中一个上传完成后再上传下一个。")
            % {"n": open_uploads_per_user()},
            status=409,
        )
    if PremisesVideo.objects.filter(case=case).exclude(upload_id__in=same).count() >= videos_per_case():
        raise ApiError(
            "too_many_videos",
            _("此办件上传的视频已达 %(n)s 个，不能再上传。如需重新录制，请联系审批人员。")
            % {"n": videos_per_case()},
            status=409,
        )
    if same:
        PremisesVideo.objects.filter(upload_id__in=same).delete()
    return same


def expire_abandoned_uploads(*, now: dt.datetime | None = None) -> int:
    """Remove unfinished uploads whose staged bytes nobody touched for ONEGO_UPLOAD_ABANDONED_HOURS (their row
    and their `.part` file), and `.part` files no upload owns. Returns how many uploads were removed. The beat
    job "expire-uploads" runs it hourly; a chunk arriving for a removed upload gets 404 and the page starts
    again."""
    now = now or timezone.now()
    cutoff = now - abandoned_after()
    removed = 0
    for upload_id in PremisesVideo.objects.filter(
        status=VideoStatus.UPLOADING, created_at__lt=cutoff
    ).values_list("upload_id", flat=True):
        staged = _staged(upload_id)
        try:
            touched = dt.datetime.fromtimestamp(staged.stat().st_mtime, tz=dt.UTC)
        except FileNotFoundError:
            touched = None
        if touched is not None and touched >= cutoff:
            continue
        with transaction.atomic():
            row = (
                PremisesVideo.objects.select_for_update()
                .filter(upload_id=upload_id, status=VideoStatus.UPLOADING)
                .first()
            )
            if row is None:
                continue
            audit.record(
                "system:expire_uploads",
                "inspection.upload_expired",
                row,
                case=row.case.number,
                plan=row.plan_number,
                received_bytes=row.received_bytes,
                total_bytes=row.total_bytes,
            )
            row.delete()
        staged.unlink(missing_ok=True)
        removed += 1
    owned = {
        f"{u}.part"
        for u in PremisesVideo.objects.filter(status=VideoStatus.UPLOADING).values_list(
            "upload_id", flat=True
        )
    }
    for part in staging_dir().glob("*.part"):
        try:
            stale = dt.datetime.fromtimestamp(part.stat().st_mtime, tz=dt.UTC) < cutoff
        except FileNotFoundError:
            continue
        if stale and part.name not in owned:
            part.unlink(missing_ok=True)
    return removed


def append_chunk(upload_id: uuid.UUID, *, applicant: User, offset: int, data: bytes) -> PremisesVideo:
    """Add bytes at `offset`. A repeated chunk (offset below what was received) is acknowledged and ignored; a
    gap is refused with the offset to resume from."""
    if len(data) > MAX_CHUNK_BYTES:
        raise _err("chunk_too_large", "单次上传的数据块过大", "The chunk is too large", 413)
    with transaction.atomic():
        row = (
            PremisesVideo.objects.select_for_update()
            .filter(upload_id=upload_id, uploaded_by=applicant)
            .first()
        )
        if row is None:
            raise ApiError("not_found", _("上传不存在"), status=404)
        if row.status != VideoStatus.UPLOADING:
            raise _err("upload_done", "该视频已上传完毕", "This upload is complete", 409)
        if offset + len(data) <= row.received_bytes:
            return row  # a chunk sent again after a lost answer
        if offset != row.received_bytes:
            raise ApiError(
                "resume",
                _("请从第 %(received_bytes)s 字节继续上传") % {"received_bytes": row.received_bytes},
                status=409,
                received_bytes=row.received_bytes,
            )
        if row.received_bytes + len(data) > row.total_bytes:
            raise _err("too_much", "上传的数据超过声明的大小", "More bytes than announced")
        with _staged(row.upload_id).open("ab") as out:
            out.write(data)
        row.received_bytes += len(data)
        row.save(update_fields=["received_bytes"])
    return row


def finish_upload(upload_id: uuid.UUID, *, applicant: User, end: Fix | None = None) -> PremisesVideo:
    """All bytes are in: store the file and queue the checks."""
    end = end or Fix()
    point = _point(end.latitude, end.longitude)
    with transaction.atomic():
        row = (
            PremisesVideo.objects.select_for_update()
            .filter(upload_id=upload_id, uploaded_by=applicant)
            .first()
        )
        if row is None:
            raise ApiError("not_found", _("上传不存在"), status=404)
        if row.status != VideoStatus.UPLOADING:
            return row
        if row.received_bytes != row.total_bytes:
            raise ApiError(
                "resume",
                _("视频尚未传完，请从第 %(received_bytes)s 字节继续")
                % {"received_bytes": row.received_bytes},
                status=409,
                received_bytes=row.received_bytes,
            )
        staged = _staged(row.upload_id)
        with staged.open("rb") as handle:
            row.file.save(
                f"{row.case.number}-v{row.plan_number}-{row.upload_id.hex[:8]}."
                f"{CONTENT_TYPES[row.content_type]}",
                File(handle),
                save=False,
            )
        row.end_latitude, row.end_longitude = (point[0], point[1]) if point else (None, None)
        row.ended_at = end.at
        if end.accuracy_m is not None:
            row.accuracy_m = max(row.accuracy_m or 0.0, end.accuracy_m)
        row.status = VideoStatus.CHECKING
        row.save()
        audit.record(
            applicant,
            "inspection.video_uploaded",
            row,
            case=row.case.number,
            plan=row.plan_number,
            name=row.file.name,
        )
        # Checked by a worker; with the broker down the beat job "check-videos" checks it.
        enqueue_on_commit("onego.inspection.check_video", row.pk)
    staged.unlink(missing_ok=True)
    return row


CHECK_GRACE = dt.timedelta(minutes=15)  # a worker normally checks a finished upload within a minute


def check_stalled_videos(*, now: dt.datetime | None = None) -> int:
    """The beat job "check-videos": check the finished uploads still waiting for their check, begun more than
    CHECK_GRACE ago (the check was never queued: the broker was down after commit). `check_video` is
    idempotent, so a video a worker checks at the same time gets one result. Returns how many were checked."""
    cutoff = (now or timezone.now()) - CHECK_GRACE
    stalled = PremisesVideo.objects.filter(status=VideoStatus.CHECKING, created_at__lt=cutoff).order_by("pk")
    checked = 0
    for video_id in list(stalled.values_list("pk", flat=True)):
        check_video(video_id)
        checked += 1
    return checked


def check_video(video_id: int, *, now: dt.datetime | None = None) -> PremisesVideo:
    """Decode and check one uploaded video; store its facts, problems and keyframe thumbnails; archive it.
    Idempotent: a video already checked is returned as it is."""
    row = PremisesVideo.objects.select_related("case").get(pk=video_id)
    if row.status != VideoStatus.CHECKING:
        return row
    now = now or timezone.now()
    problems: list[dict[str, Any]] = []
    facts: dict[str, Any] = {}
    thumbs: list[dict[str, Any]] = []
    try:
        with row.file.open("rb") as handle:
            found = video.probe(handle)
    except video.VideoInvalid as exc:
        problems.append({"code": exc.code, "params": exc.params, "message": exc.message})
    else:
        facts = {
            "container": found.container,
            "codec": found.codec,
            "seconds": round(found.duration_seconds, 2),
            "width": found.width,
            "height": found.height,
            "frames": found.frame_count,
            "created_at": found.created_at.isoformat() if found.created_at else None,
            "location": list(found.location) if found.location else None,
        }
        premises = premises_location(row.case)
        # A recording made on the page carries the page's position and clock; a phone video file must carry its
        # own (where the applicant stands when uploading says nothing about where it was filmed).
        recorded = row.source == "recorded"
        end = (
            (row.end_latitude, row.end_longitude)
            if row.end_latitude is not None and row.end_longitude is not None
            else None
        )
        if premises is None:
            problems.append(
                {
                    "code": "premises_unknown",
                    "params": {},
                    "message": video.describe("premises_unknown"),
                    "soft": True,
                }
            )
        found_problems = video.check(
            found,
            premises=premises,
            declared_location=_declared(row) if recorded else None,
            declared_end=end if recorded else None,
            recorded_at=row.started_at if recorded else None,
            now=now,
        )
        # code and params are what a page writes the message from, in its reader's language; the message
        # stored beside them is in the worker's language (Chinese), for the audit trail and the logs
        problems += [
            {"code": str(p.code), "params": dict(p.params), "message": p.message, "value": p.value}
            for p in found_problems
        ]
        for i, thumb in enumerate(found.thumbnails):
            name = f"inspection/thumbs/{row.upload_id.hex}-{i}.jpg"
            saved = default_storage.save(name, ContentFile(thumb.jpeg))
            thumbs.append({"t": round(thumb.at_seconds, 2), "name": saved})
    hard = [p for p in problems if not p.get("soft")]
    with transaction.atomic():
        locked = PremisesVideo.objects.select_for_update().get(pk=video_id)
        if locked.status != VideoStatus.CHECKING:
            return locked
        locked.facts, locked.problems, locked.thumbnails = facts, problems, thumbs
        locked.status = VideoStatus.REJECTED if hard else VideoStatus.ACCEPTED
        locked.checked_at = timezone.now()
        locked.save()
        audit.record(
            "system:video_check",
            "inspection.video_checked",
            locked,
            case=row.case.number,
            status=locked.status,
            problems=[p["code"] for p in problems],
        )
    _archive(locked)
    return locked


def _declared(row: PremisesVideo) -> tuple[float, float] | None:
    if row.start_latitude is None or row.start_longitude is None:
        return None
    return row.start_latitude, row.start_longitude


def _archive(row: PremisesVideo) -> None:
    try:
        extensions.archive_file(
            name=str(row.file.name), kind="video", case=row.case, content_type=row.content_type
        )
    except FileNotFoundError:
        logger.warning("Video %s vanished before it was archived", row.pk)


def videos_status(case: Case) -> dict[str, Any]:
    """What the applicant and the reviewer see: each video of the plan with its latest upload and problems."""
    plan = checklist_of(case)
    if plan is None:
        return {"plan": None, "videos": [], "ready": False}
    rows = list(case.premises_videos.order_by("plan_number", "-created_at"))
    latest = {
        spec.number: next((r for r in rows if r.plan_number == spec.number), None) for spec in plan.videos
    }
    ready = all(r is not None and r.status == VideoStatus.ACCEPTED for r in latest.values())
    return {
        "plan": plan,
        "videos": [
            {
                "spec": spec,
                "latest": row,
                # in the reader's language, written from each problem's code and params
                "problems": [video.stored_message(p) for p in row.problems] if row is not None else [],
            }
            for spec in plan.videos
            for row in [latest[spec.number]]
        ],
        "ready": ready,
    }


# --- The reviewer's checklist (现场核查项目) ----------------------------------------------------------------


@dataclass(frozen=True)
class VerdictIn:
    code: str
    verdict: str  # pass / fail
    note: str = ""
    upload_id: uuid.UUID | None = None
    at_seconds: float | None = None


def may_judge(case: Case, user: Any) -> bool:
    """Whether `user` may record verdicts now: the case is at its open `inspect` step and the user may act on
    that step's open task (engine.can_act_on). Opening the case (a supervisor, the window clerk, another role of
    the department) is not enough: a verdict decides what the reviewer may do next."""
    if not isinstance(user, User) or case.status == CaseStatus.CLOSED or case.current_step != "inspect":
        return False
    tasks = case.tasks.filter(status=TaskStatus.OPEN, step_key=case.current_step).select_related("department")
    return any(engine.can_act_on(user, task) for task in tasks)


def record_verdicts(number: str, *, reviewer: User, verdicts: list[VerdictIn]) -> Case:
    """Save the reviewer's judgements (符合/不符合, a note, the video moment) for items of the case's checklist;
    judging an item again replaces its verdict. Codes not on the checklist are refused, nothing is saved. Only
    someone who may act on the open inspection task records verdicts (`may_judge`); anyone else gets 403."""
    with transaction.atomic():
        case = Case.objects.select_for_update().filter(number=number).first()
        if case is None:
            raise ApiError("not_found", _("办件不存在"), status=404)
        plan = checklist_of(case)
        if plan is None:
            raise _err("no_plan", "该办件没有现场核查项目", "This case has no checklist")
        if case.status == CaseStatus.CLOSED or case.current_step != "inspect":
            raise _err(
                "not_inspecting", "办件不在视频核查环节", "The case is not at the video inspection step", 409
            )
        if not may_judge(case, reviewer):
            raise _err(
                "forbidden",
                "只有办理本核查任务的人员可以记录核查结论",
                "Only the staff who may act on this inspection task record verdicts",
                403,
            )
        known = set(plan.codes)
        errors = {}
        for v in verdicts:
            if v.code not in known:
                errors[v.code] = _("不属于本核查表")
            elif v.verdict not in ("pass", "fail"):
                errors[v.code] = _("判定只能是符合或不符合")
            elif len(v.note) > 500:
                errors[v.code] = _("说明不能超过 500 字")
        if errors:
            raise ApiError(
                "verdicts_invalid",
                _("核查结论有 %(count)s 处错误") % {"count": len(errors)},
                status=422,
                errors=errors,
            )
        videos = {r.upload_id: r for r in case.premises_videos.all()}
        now = timezone.now()
        ChecklistVerdict.objects.bulk_create(
            [  # one statement, whatever the number of items
                ChecklistVerdict(
                    case=case,
                    item_code=v.code,
                    verdict=v.verdict,
                    note=v.note.strip(),
                    judged_by=reviewer,
                    video=videos.get(v.upload_id) if v.upload_id else None,
                    judged_at=now,
                    at_seconds=v.at_seconds if v.upload_id in videos else None,
                )
                for v in verdicts
            ],
            update_conflicts=True,
            unique_fields=["case", "item_code"],
            update_fields=["verdict", "note", "judged_by", "video", "at_seconds", "judged_at"],
        )
        audit.record(
            reviewer,
            "inspection.verdicts_recorded",
            case,
            number=case.number,
            items=len(verdicts),
            failed=[v.code for v in verdicts if v.verdict == "fail"],
        )
    return case


def outcome_of(case: Case) -> checklists.Outcome | None:
    """The pass rule applied to the saved verdicts; None while some item is not judged yet."""
    plan = checklist_of(case)
    if plan is None:
        return None
    saved = dict(case.checklist_verdicts.values_list("item_code", "verdict"))
    try:
        return checklists.evaluate(str(case.form_data.get("business_type")), saved)
    except checklists.VerdictError:
        return None


def before_inspect_action(case: Case, task: Any, act: dict[str, Any], payload: dict[str, Any]) -> None:
    """The engine hook of the `inspect` step (remote video): the reviewer may pass only when every video of the
    plan is accepted and the pass rule says passed, and fail only when it says not passed."""
    plan = checklist_of(case)
    step = proc.step(case.item_version.process, task.step_key) or {}
    if plan is None or step.get("mode") != "remote_video" or act["key"] == "request_video":
        return
    if act["key"] == "pass" and not videos_status(case)["ready"]:
        raise TransitionNotAllowed(_("现场视频尚未全部合格，不能核查通过"), code="videos_not_ready")
    result = outcome_of(case)
    if result is None:
        raise TransitionNotAllowed(_("请先对全部核查项目作出判定"), code="checklist_incomplete")
    if act["key"] == "pass" and not result.passed:
        raise TransitionNotAllowed(
            _("按判定规则核查不通过：%(names)s")
            % {"names": "；".join(in_language(r.zh, r.en) for r in result.reasons)},
            code="checklist_failed",
        )
    if act["key"] == "fail" and result.passed:
        raise TransitionNotAllowed(_("按判定规则核查通过，不能作不通过处理"), code="checklist_passed")


# --- After approval on commitment (告知承诺审批后核查) ------------------------------------------------------------


def follow_up_workdays() -> int:
    return int(getattr(settings, "ONEGO_FOLLOW_UP_WORKDAYS", 30))


def schedule_follow_up(case: Case, on: dt.date) -> None:
    """Engine close listener: a food licence granted on commitment gets its check within N working days."""
    if case.outcome != Outcome.APPROVED or case.route != "commitment" or checklist_of(case) is None:
        return
    due = add_workdays(on, follow_up_workdays()).deadline
    check, created = FollowUpCheck.objects.get_or_create(case=case, defaults={"due_on": due})
    if created:
        audit.record(
            "system:follow_up",
            "inspection.follow_up_scheduled",
            check,
            case=case.number,
            due_on=due.isoformat(),
        )


FOLLOW_UP_ROLES = (Role.REVIEWER, Role.DEPARTMENT_HEAD)


def may_record_follow_up(user: Any, case: Case) -> bool:
    """The check after a licence granted on commitment is the deciding department's: its reviewers and its head
    record the result (a false commitment revokes the licence). Other roles of the department (a window clerk,
    an administrator) may read the list but not conclude a check."""
    return (
        isinstance(user, User)
        and user.is_government_staff
        and user.department_id == case.department_id
        and any(user.has_role(role) for role in FOLLOW_UP_ROLES)
    )


def record_follow_up(number: str, *, officer: User, kept: bool, note: str) -> Any:
    """The check's result. A false commitment (虚假承诺) revokes the case's licences (verification says revoked
    at once), writes a credit record on the holder (which bars the commitment route from now on) and is
    published on the permit disclosure page with the revocation reason."""
    note = " ".join((note or "").split())
    if not kept and not note:
        raise _err("note_required", "认定虚假承诺须写明核查发现的事实", "State what the check found")
    with transaction.atomic():
        check = (
            FollowUpCheck.objects.select_for_update()
            .select_related("case")
            .filter(case__number=number)
            .first()
        )
        if check is None:
            raise ApiError("not_found", _("没有此办件的承诺核查"), status=404)
        if not may_record_follow_up(officer, check.case):
            raise _err(
                "forbidden",
                "只有本部门的审批人员或负责人可以记录承诺核查结论",
                "Only the department's reviewers and its head record the check's result",
                403,
            )
        if check.status != FollowUpStatus.SCHEDULED:
            raise _err("done", "该核查已有结论", "This check is already concluded", 409)
        check.status = FollowUpStatus.COMPLIANT if kept else FollowUpStatus.FALSE_COMMITMENT
        check.note, check.done_by, check.done_at = note[:1000], officer, timezone.now()
        check.save()
        audit.record(
            officer, "inspection.follow_up_recorded", check, case=check.case.number, status=check.status
        )
        if not kept:
            reason = f"告知承诺核查发现虚假承诺，依法撤销许可：{note}"[:500]
            extensions.revoke_case_licences(check.case, reason, actor=officer)
            CreditRecord.objects.create(
                entity_code=check.case.applicant_code,
                kind=CreditRecord.Kind.FALSE_COMMITMENT,
                recorded_on=timezone.localdate(),
                reason=note[:500],
                source=f"{check.case.department.name}（办件 {check.case.number}）",
            )
    return check

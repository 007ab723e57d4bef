"""Pages of remote inspection: the applicant's on-site recording page (现场视频录制)."""

from __future__ import annotations

import math
import re
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_http_methods

from onego.accounts.models import User
from onego.cases.inbox import visible_case
from onego.cases.models import Case
from onego.core.errors import ApiError
from onego.core.security_headers import allow_features, protect_upload
from onego.inspection import checklists, selectors, services
from onego.inspection.models import FollowUpCheck, FollowUpStatus, PremisesVideo
from onego.inspection.video import video_limit


@login_required
@ensure_csrf_cookie
@allow_features("camera", "geolocation")  # the recorder films with the camera and reads where it is; no sound
def record(request: HttpRequest, number: str) -> HttpResponse:
    """For a phone browser: what to film for the business type, one recorder per video of the plan, each
    video's state after the server's checks. 404 for anyone but the applicant of the case."""
    case = (
        Case.objects.select_related("item_version")
        .filter(number=number, applicant_id=request.user.pk)
        .first()
    )
    if case is None:
        raise Http404
    state = services.videos_status(case)
    if state["plan"] is None:
        raise Http404
    return render(
        request,
        "inspection/record.html",
        {
            "case": case,
            "state": state,
            "open": case.current_step in services.UPLOADING_STEPS and case.is_open,
            "max_distance_m": video_limit("max_distance_m"),
            "min_seconds": video_limit("min_seconds"),
            "max_seconds": video_limit("max_seconds"),
            "chunk_bytes": 1024 * 1024,
            "texts": _recording_texts(),
        },
    )


def _recording_texts() -> dict[str, str]:
    """What record.js says while it records and uploads, in the page's language (the script has no catalogue:
    the page hands the texts over in a JSON block, since the CSP forbids inline script)."""
    return {
        "uploadFailed": _("上传失败"),
        "uploaded": _("已上传 {percent}%"),
        "unstable": _("网络不稳定，请稍后重试"),
        "resuming": _("连接中断，正在续传…"),
        "checking": _("上传完成，系统正在检查视频…"),
        "slow": _("检查需要更长时间，请稍后刷新本页"),
        "locating": _("正在定位…"),
        "noPosition": _("无法取得精确定位：请允许浏览器使用位置信息后重试。"),
        "noCamera": _("无法打开摄像头：请允许浏览器使用摄像头。"),
        "recording": _("正在录制…"),
    }


def _staff_case(request: HttpRequest, number: str) -> Case:
    user = request.user
    case = visible_case(user, number) if isinstance(user, User) else None
    if case is None or services.checklist_of(case) is None:
        raise Http404
    return case


def _seconds(text: str) -> float | None:
    """A video moment in seconds from the form, or None when absent or not a finite number ≥ 0."""
    try:
        value = float(text)
    except ValueError:
        return None
    return round(value, 1) if math.isfinite(value) and value >= 0 else None


def _parse_verdicts(post: Any, plan: checklists.Checklist) -> list[services.VerdictIn]:
    out = []
    for item in plan.items:
        verdict = post.get(f"v_{item.code}", "")
        if not verdict:
            continue  # not judged yet: the reviewer may save part of the table and come back
        upload_id = None
        try:
            upload_id = uuid.UUID(post.get(f"vid_{item.code}", ""))
        except ValueError:
            pass
        out.append(
            services.VerdictIn(
                item.code,
                verdict,
                post.get(f"n_{item.code}", "")[:500],
                upload_id,
                _seconds(post.get(f"t_{item.code}", "")),
            )
        )
    return out


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, number: str) -> HttpResponse:
    """The reviewer's page (远程视频核查): the videos with their keyframes, and the checklist to judge item by
    item with a note and the video moment; the pass rule's outcome is shown as the verdicts are saved."""
    case = _staff_case(request, number)
    plan = services.checklist_of(case)
    assert plan is not None
    errors: dict[str, str] = {}
    can_judge = services.may_judge(case, request.user)
    if request.method == "POST":
        try:
            services.record_verdicts(
                case.number,
                reviewer=request.user,  # type: ignore[arg-type]
                verdicts=_parse_verdicts(request.POST, plan),
            )
        except ApiError as exc:
            if exc.status == 403:  # others see the verdicts read-only; their POST stores nothing
                raise PermissionDenied from exc
            errors = dict(exc.extra.get("errors") or {}) or {"": exc.message}
        else:
            messages.success(request, _("核查结论已保存。"))
            return redirect("inspection:review", number=case.number)
    saved = {v.item_code: v for v in case.checklist_verdicts.select_related("video")}
    state = services.videos_status(case)
    rows = []
    for shot in plan.shots:
        items = [
            {"item": item, "saved": saved.get(item.code), "error": errors.get(item.code, "")}
            for item in plan.items_in(shot.area)
        ]
        if items:
            rows.append({"shot": shot, "items": items})
    outcome = services.outcome_of(case)
    return render(
        request,
        "inspection/review.html",
        {
            "case": case,
            "plan": plan,
            "state": state,
            "groups": rows,
            "outcome": outcome,
            "judged": len(saved),
            "total": len(plan.items),
            "errors": errors,
            "can_judge": can_judge,
            "premises": services.premises_location(case),
        },
        status=422 if errors else 200,
    )


_RANGE = re.compile(r"bytes=(\d*)-(\d*)$")
_VIDEO_EXTENSIONS = {"video/mp4": ".mp4", "video/quicktime": ".mov", "video/webm": ".webm"}


def _allowed_video(request: HttpRequest, upload_id: uuid.UUID) -> PremisesVideo:
    row = PremisesVideo.objects.select_related("case").filter(upload_id=upload_id).exclude(file="").first()
    if row is None:
        raise Http404
    user = request.user
    if row.case.applicant_id == user.pk:
        return row
    if isinstance(user, User) and visible_case(user, row.case.number) is not None:
        return row
    raise Http404


@login_required
def video_file(request: HttpRequest, upload_id: uuid.UUID) -> HttpResponseBase:
    """The video for the applicant and for staff who may open the case, with byte ranges so players seek."""
    row = _allowed_video(request, upload_id)
    size = row.file.size
    name = (
        f"{row.case.number}-video-{row.pk}{_VIDEO_EXTENSIONS.get(row.content_type.split(';')[0].strip(), '')}"
    )
    match = _RANGE.match(request.headers.get("Range", ""))
    if match and (match.group(1) or match.group(2)):
        if match.group(1):
            start = int(match.group(1))
            end = min(int(match.group(2)) if match.group(2) else size - 1, size - 1)
        else:
            start, end = max(size - int(match.group(2)), 0), size - 1
        if start > end or start >= size:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return response
        handle = row.file.open("rb")
        handle.seek(start)
        length = end - start + 1

        def chunks() -> Any:
            left = length
            try:
                while left > 0:
                    data = handle.read(min(left, 256 * 1024))
                    if not data:
                        break
                    left -= len(data)
                    yield data
            finally:
                handle.close()

        partial = StreamingHttpResponse(chunks(), status=206, content_type=row.content_type)
        partial["Content-Range"] = f"bytes {start}-{end}/{size}"
        partial["Content-Length"] = str(length)
        partial["Accept-Ranges"] = "bytes"
        return protect_upload(partial, name)
    whole = FileResponse(row.file.open("rb"), content_type=row.content_type)
    whole["Accept-Ranges"] = "bytes"
    return protect_upload(whole, name)


@login_required
def thumbnail(request: HttpRequest, upload_id: uuid.UUID, index: int) -> FileResponse:
    row = _allowed_video(request, upload_id)
    if not 0 <= index < len(row.thumbnails):
        raise Http404
    response = FileResponse(
        default_storage.open(row.thumbnails[index]["name"], "rb"), content_type="image/jpeg"
    )
    return protect_upload(response, f"{row.case.number}-thumbnail-{index}.jpg")


@login_required
def figures(request: HttpRequest) -> HttpResponse:
    """数据看板 for the food licence by commitment and video: staff only."""
    if not getattr(request.user, "is_government_staff", False):
        raise Http404
    return render(request, "inspection/figures.html", {"f": selectors.figures()})


@login_required
@require_http_methods(["GET", "POST"])
def follow_ups(request: HttpRequest) -> HttpResponse:
    """承诺核查: the checks after licences granted on commitment in the staff member's department, due first;
    the result is recorded here (a false commitment revokes the licence)."""
    user = request.user
    if not isinstance(user, User) or not user.is_government_staff or user.department_id is None:
        raise Http404
    department_id: int = user.department_id
    if request.method == "POST":
        number = request.POST.get("case", "")[:48]
        check = FollowUpCheck.objects.filter(case__number=number, case__department_id=department_id).first()
        if check is None:
            raise Http404
        if not services.may_record_follow_up(user, check.case):
            raise PermissionDenied
        try:
            services.record_follow_up(
                number,
                officer=user,
                kept=request.POST.get("result") == "kept",
                note=request.POST.get("note", "")[:1000],
            )
        except ApiError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已记录办件 %(number)s 的核查结论。") % {"number": number})
        return redirect("inspection:follow_ups")
    rows = (
        FollowUpCheck.objects.filter(case__department_id=department_id)
        .select_related("case", "done_by")
        .order_by("status", "due_on")[:200]
    )
    return render(
        request,
        "inspection/follow_ups.html",
        {
            "rows": rows,
            "scheduled": FollowUpStatus.SCHEDULED,
            # the department's reviewers and head conclude a check; its other staff read the list
            "can_record": any(user.has_role(role) for role in services.FOLLOW_UP_ROLES),
        },
    )

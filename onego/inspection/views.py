"""Pages of remote inspection: the applicant's on-site recording page (现场视频录制)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import ensure_csrf_cookie

from onego.cases.models import Case
from onego.inspection import services
from onego.inspection.video import video_limit


@login_required
@ensure_csrf_cookie
def record(request: HttpRequest, number: str) -> HttpResponse:
    """For a phone browser: what to film for the business type, one recorder per video of the plan, each
    video's state after the server's checks. 404 for anyone but the applicant of the case."""
    case = Case.objects.select_related("item_version").filter(number=number, applicant_id=request.user.pk).first()
    if case is None:
        raise Http404
    state = services.videos_status(case)
    if state["plan"] is None:
        raise Http404
    return render(request, "inspection/record.html", {
        "case": case, "state": state, "open": case.current_step in services.UPLOADING_STEPS and case.is_open,
        "max_distance_m": video_limit("max_distance_m"), "min_seconds": video_limit("min_seconds"),
        "max_seconds": video_limit("max_seconds"), "chunk_bytes": 1024 * 1024,
    })

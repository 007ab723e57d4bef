"""The pages of the service stars: the centres and quarters, the draft ranking with every score and its source,
the scoring sheet (form and Excel), the 12345 complaint import, the head's approval, the certificates, and the
public hall notice (printable and full-screen) of approved rankings.

Who: the heads of the department that runs a centre (区政数局 for the district centre, demo `centre_head`)
manage it — enter, import, approve; supervisors read every centre. Anyone else signed in gets 403, the
anonymous the login page. The hall notice is public, for approved rankings only."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from onego.accounts.models import ServiceCentre, User
from onego.core.errors import ApiError
from onego.core.localized import localized
from onego.core.tabular import CellError
from onego.staffstars import certificate, importing, selectors, services
from onego.staffstars.models import (
    ENTERED_DIMENSIONS,
    Complaint,
    Dimension,
    EnteredScore,
    RoundStatus,
    StarEntry,
    StarRound,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SOURCE_WORDS = {
    "computed": gettext_lazy("系统计算"),
    "sheet": gettext_lazy("评分表录入"),
    "import": gettext_lazy("Excel 导入"),
    "missing": gettext_lazy("缺失"),
}
PROBLEM_WORDS = {
    "no_scheme": gettext_lazy("该季度没有生效的评选方案。"),
    "weights": gettext_lazy("评选方案各维度权重之和不等于 100。"),
    "no_staff": gettext_lazy("本中心没有参评的窗口人员。"),
    "missing": gettext_lazy("还有录入得分缺失：缺失的得分在草稿中按 0 分计，补齐后才能审定。"),
}


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _centre(code: str) -> ServiceCentre:
    return get_object_or_404(ServiceCentre.objects.select_related("department"), code=code)


def _quarter(text: str) -> tuple[int, int]:
    found = selectors.parse_quarter(text)
    if found is None:
        raise Http404
    return found


def centre_page(*, manage: bool = False) -> Callable[[Any], Any]:
    """A page of one centre (`code`) and, when the route has one, one quarter (`q`): viewers (or, with
    `manage`, the centre's managers only) pass; anyone else signed in gets 403."""

    def decorate(view: Any) -> Any:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, code: str, *args: Any, **kwargs: Any) -> HttpResponse:
            centre = _centre(code)
            allowed = selectors.may_manage if manage else selectors.may_view
            if not allowed(request.user, centre):
                raise PermissionDenied
            return view(request, centre, *args, **kwargs)

        return wrapped

    return decorate


# --- the centres ------------------------------------------------------------------------------------------


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    centres = selectors.visible_centres(request.user)
    if not centres:
        raise PermissionDenied
    today = timezone.localdate()
    current = selectors.quarter_of(today)
    previous = selectors.previous_quarter(today)
    rounds = {
        (r.centre_id, r.year, r.quarter): r
        for r in StarRound.objects.filter(centre__in=centres).select_related("centre")
    }
    quarters = [previous, current]
    for key in {(r.year, r.quarter) for r in rounds.values()}:
        if key not in quarters:
            quarters.append(key)
    quarters.sort(reverse=True)
    rows = []
    for centre in centres:
        cells = []
        for year, quarter in quarters:
            r = rounds.get((centre.pk, year, quarter))
            cells.append({"key": f"{year}Q{quarter}", "round": r})
        rows.append({"centre": centre, "name": localized(centre), "cells": cells})
    return render(
        request,
        "staffstars/index.html",
        {"rows": rows, "quarters": [f"{y}Q{q}" for y, q in quarters]},
    )


# --- the ranking ------------------------------------------------------------------------------------------


def _score_text(score: selectors.Score) -> str:
    return "—" if score.value is None else f"{score.value:.2f}"


def _detail_text(dimension: str, score: selectors.Score) -> str:
    d = score.detail
    if dimension == Dimension.VOLUME:
        return _("办理 %(units)s 件，同类事项期望 %(expected)s 件，比值 %(ratio)s") % d
    if dimension == Dimension.RATINGS:
        if not d.get("count"):
            return _("无评价，取本中心平均分")
        text = _("%(count)s 条评价，平均 %(average)s 分") % d
        if d.get("too_few"):
            text += _("（少于 %(minimum)s 条，取本中心平均分）") % d
        return text
    if dimension == Dimension.COMPLAINTS:
        return _("12345 投诉属实 %(hotline)s 件，差评属实 %(bad_reviews)s 件，每件扣 %(penalty)s 分") % d
    return ""  # an entered score: its source says it; who entered it is the cell's title


def _table(current: selectors.Draft) -> list[dict[str, Any]]:
    out = []
    for row in current.rows:
        cells = [
            {
                "dimension": d,
                "text": _score_text(s),
                "source": SOURCE_WORDS.get(s.source, s.source),
                "source_key": s.source,
                "detail": _detail_text(d, s),
                "by": s.detail.get("entered_by", ""),
            }
            for d, s in row.scores.items()
        ]
        out.append(
            {
                "user": row.user,
                "department": localized(row.user.department, "short_name") if row.user.department else "",
                "person": row.person,
                "cells": cells,
                "earlier": row.stars_this_year,
                "this_year": row.stars_this_year + (1 if row.person.is_star else 0),
            }
        )
    return out


@centre_page()
@require_GET
def ranking_page(request: HttpRequest, centre: ServiceCentre, q: str) -> HttpResponse:
    year, quarter = _quarter(q)
    current = selectors.draft(centre, year, quarter)
    return render(
        request,
        "staffstars/ranking.html",
        {
            "centre": centre,
            "centre_name": localized(centre),
            "d": current,
            "q": current.key,
            "rows": _table(current),
            "dimensions": [(d, Dimension(d).label, w) for d, w in current.weights.items()],
            "problems": [PROBLEM_WORDS[p] for p in current.problems],
            "may_manage": selectors.may_manage(request.user, centre),
            "certificates": (
                StarEntry.objects.filter(round=current.round, is_star=True).order_by("rank", "staff_name")
                if current.is_approved
                else []
            ),
        },
    )


@centre_page(manage=True)
@require_POST
def approve(request: HttpRequest, centre: ServiceCentre, q: str) -> HttpResponse:
    year, quarter = _quarter(q)
    try:
        services.approve(_user(request), centre, year, quarter)
    except ApiError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("评选结果已审定，政务服务之星已公布，并已抄送其所在单位。"))
    return redirect("staffstars:ranking", code=centre.code, q=q)


# --- the scoring sheet ------------------------------------------------------------------------------------


@centre_page(manage=True)
def sheet(request: HttpRequest, centre: ServiceCentre, q: str) -> HttpResponse:
    year, quarter = _quarter(q)
    star_round = StarRound.objects.filter(centre=centre, year=year, quarter=quarter).first()
    staff = list(selectors.centre_staff(centre))
    existing: dict[tuple[int, str], Decimal] = {}
    if star_round is not None:
        existing = {(e.staff_id, e.dimension): e.score for e in EnteredScore.objects.filter(round=star_round)}
    approved = star_round is not None and star_round.status == RoundStatus.APPROVED
    errors: dict[str, str] = {}
    values = {f"s-{s}-{d}": f"{v:.2f}".rstrip("0").rstrip(".") for (s, d), v in existing.items()}
    if request.method == "POST":
        if approved:
            messages.error(request, _("本季度评选已审定，不能再修改"))
            return redirect("staffstars:ranking", code=centre.code, q=q)
        scores: dict[int, dict[str, Decimal | None]] = {}
        for user in staff:
            for d in ENTERED_DIMENSIONS:
                name = f"s-{user.pk}-{d}"
                raw = request.POST.get(name, "").strip()
                values[name] = raw
                if not raw:
                    scores.setdefault(user.pk, {})[d] = None
                    continue
                try:
                    scores.setdefault(user.pk, {})[d] = importing.score_value(raw)
                except CellError as error:
                    errors[name] = error.message
        if not errors:
            try:
                changed = services.save_sheet(_user(request), centre, year, quarter, scores)
            except ApiError as error:
                messages.error(request, str(error.message))
            else:
                messages.success(request, _("已保存 %(n)s 项得分。") % {"n": changed})
                return redirect("staffstars:ranking", code=centre.code, q=q)
    rows = [
        {
            "user": user,
            "cells": [
                {
                    "name": f"s-{user.pk}-{d}",
                    "label": Dimension(d).label,
                    "value": values.get(f"s-{user.pk}-{d}", ""),
                    "error": errors.get(f"s-{user.pk}-{d}", ""),
                }
                for d in ENTERED_DIMENSIONS
            ],
        }
        for user in staff
    ]
    return render(
        request,
        "staffstars/sheet.html",
        {
            "centre": centre,
            "centre_name": localized(centre),
            "q": q,
            "rows": rows,
            "dimensions": [Dimension(d).label for d in ENTERED_DIMENSIONS],
            "errors": errors,
            "approved": approved,
        },
        status=400 if errors else 200,
    )


@centre_page(manage=True)
@require_GET
def sheet_template(request: HttpRequest, centre: ServiceCentre, q: str) -> HttpResponse:
    year, quarter = _quarter(q)
    staff = list(selectors.centre_staff(centre))
    existing = {
        (e.staff_id, e.dimension): e.score
        for e in EnteredScore.objects.filter(round__centre=centre, round__year=year, round__quarter=quarter)
    }
    response = HttpResponse(importing.score_template(staff, existing), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="stars-{centre.code}-{q}-sheet.xlsx"'
    return response


@centre_page(manage=True)
@require_POST
def sheet_import(request: HttpRequest, centre: ServiceCentre, q: str) -> HttpResponse:
    year, quarter = _quarter(q)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("请选择要导入的文件"))
        return redirect("staffstars:sheet", code=centre.code, q=q)
    try:
        report = services.import_scores(_user(request), centre, year, quarter, upload)
    except ApiError as error:
        messages.error(request, str(error.message))
        return redirect("staffstars:sheet", code=centre.code, q=q)
    if not report.ok:
        return render(
            request,
            "staffstars/import_errors.html",
            {
                "centre": centre,
                "centre_name": localized(centre),
                "q": q,
                "report": report,
                "back": reverse("staffstars:sheet", args=[centre.code, q]),
            },
            status=400,
        )
    messages.success(
        request, _("已导入 %(rows)s 行，更新 %(n)s 项得分。") % {"rows": report.rows, "n": report.written}
    )
    return redirect("staffstars:ranking", code=centre.code, q=q)


# --- complaints -------------------------------------------------------------------------------------------


@centre_page()
@require_GET
def complaints(request: HttpRequest, centre: ServiceCentre) -> HttpResponse:
    rows = Complaint.objects.filter(centre=centre).select_related("staff").order_by("-received_on")[:200]
    return render(
        request,
        "staffstars/complaints.html",
        {
            "centre": centre,
            "centre_name": localized(centre),
            "rows": rows,
            "may_manage": selectors.may_manage(request.user, centre),
        },
    )


@centre_page(manage=True)
@require_GET
def complaints_template(request: HttpRequest, centre: ServiceCentre) -> HttpResponse:
    response = HttpResponse(importing.complaint_template(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="stars-{centre.code}-12345.xlsx"'
    return response


@centre_page(manage=True)
@require_POST
def complaints_import(request: HttpRequest, centre: ServiceCentre) -> HttpResponse:
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("请选择要导入的文件"))
        return redirect("staffstars:complaints", code=centre.code)
    report = services.import_complaints(_user(request), centre, upload)
    if not report.ok:
        return render(
            request,
            "staffstars/import_errors.html",
            {
                "centre": centre,
                "centre_name": localized(centre),
                "q": "",
                "report": report,
                "back": reverse("staffstars:complaints", args=[centre.code]),
            },
            status=400,
        )
    messages.success(request, _("已导入 %(n)s 条投诉记录。") % {"n": report.written})
    return redirect("staffstars:complaints", code=centre.code)


# --- certificates -----------------------------------------------------------------------------------------


@login_required
@require_GET
def certificate_file(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = get_object_or_404(
        StarEntry.objects.select_related("round", "round__centre", "staff"),
        pk=entry_id,
        is_star=True,
        round__status=RoundStatus.APPROVED,
    )
    if not selectors.may_open_certificate(request.user, entry):
        raise Http404
    response = HttpResponse(certificate.certificate_pdf(entry), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="star-{entry.round.centre.code}-{entry.round.key}-{entry.pk}.pdf"'
    )
    return response


# --- the hall notice (public) -----------------------------------------------------------------------------


def _hall_context(request: HttpRequest, code: str) -> dict[str, Any]:
    centre = _centre(code)
    wanted = request.GET.get("q", "")
    if wanted:
        year, quarter = _quarter(wanted)
        star_round = StarRound.objects.filter(
            centre=centre, year=year, quarter=quarter, status=RoundStatus.APPROVED
        ).first()
    else:
        star_round = selectors.latest_approved(centre)
    if star_round is None:
        raise Http404
    stars = list(
        StarEntry.objects.filter(round=star_round, is_star=True)
        .select_related("staff", "department")
        .order_by("rank", "staff_name")
    )
    windows = {w.clerk_id: w.number for w in centre.windows.filter(clerk__isnull=False)}
    cards = [
        {
            "entry": e,
            "name": e.staff_name,
            "department": localized(e.department) if e.department else "",
            "photo": e.staff.photo.url if e.staff.photo else "",
            "window": windows.get(e.staff_id),
            "times": selectors.stars_of_year(e.staff_id, star_round.year, star_round.quarter),
        }
        for e in stars
    ]
    approved_on = timezone.localdate(star_round.approved_at) if star_round.approved_at else None
    return {
        "centre": centre,
        "centre_name": localized(centre),
        "round": star_round,
        "cards": cards,
        "approved_on": approved_on,
    }


@require_GET
def hall(request: HttpRequest, code: str = "district") -> HttpResponse:
    if not request.GET.get("q") and selectors.latest_approved(_centre(code)) is None:
        return _nothing_published(request, code)
    return render(request, "staffstars/hall.html", _hall_context(request, code))


@require_GET
def hall_display(request: HttpRequest, code: str = "district") -> HttpResponse:
    if not request.GET.get("q") and selectors.latest_approved(_centre(code)) is None:
        return _nothing_published(request, code)
    return render(request, "staffstars/hall_display.html", _hall_context(request, code))


def _nothing_published(request: HttpRequest, code: str) -> HttpResponse:
    """The hall before the centre's first approved ranking: said so, never the draft (the footer links here)."""
    centre = _centre(code)
    return render(request, "staffstars/hall_none.html", {"centre_name": localized(centre)})

"""The pages that take a rating: the window rating pad (no login, the window's pad key), the token link of an
SMS or a receipt's QR code (no login, the token), and 我的办件's 「评价」 (the signed-in applicant's own case).
Thin: parse, find what is rated, call onego.ratings.pad / invites / services, render."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onego.accounts.models import User, Window
from onego.cases.models import Case
from onego.cases.numbers import normalize_case_number
from onego.cases.selectors_applicant import my_case
from onego.core.errors import ApiError
from onego.core.localized import localized
from onego.ratings import indicators as ind
from onego.ratings import invites, pad
from onego.ratings.models import Grade, Rating, RatingChannel
from onego.ratings.services import not_finished, record_rating

GRADES = [(g.value, g.label) for g in sorted(Grade, key=lambda g: -g.value)]  # 非常满意 first


def _parse(post: Any, *, on_site: bool) -> tuple[str, dict[str, str], str, list[str]]:
    """(grade, {indicator: grade}, reason, picked chip indexes) from a posted rating form."""
    grade = post.get("grade", "")
    indicators = {
        key: post.get(f"ind_{key}") for key in ind.indicators_for(on_site=on_site) if post.get(f"ind_{key}")
    }
    chips = ind.bad_reasons_for(on_site=on_site)
    picked = [i for i in post.getlist("reasons") if i.isdigit() and int(i) < len(chips)]
    words = []
    with translation.override(settings.LANGUAGE_CODE):  # the record keeps the chips in the source language
        words = [str(chips[int(i)]) for i in picked]
    text = post.get("reason", "").strip()
    reason = "；".join([*words, text] if text else words)
    return grade, indicators, reason, picked


def _form_context(*, on_site: bool, post: Any = None, error: ApiError | None = None) -> dict[str, Any]:
    picked: list[str] = []
    if post is not None:
        picked = [i for i in post.getlist("reasons") if i.isdigit()]
    return {
        "grades": GRADES,
        "indicators": list(ind.indicators_for(on_site=on_site).items()),
        "chips": list(enumerate(ind.bad_reasons_for(on_site=on_site))),
        "picked": picked,
        "posted": post,
        "error": error,
        "error_field": (error.extra.get("field", "") if error else ""),
        "bad_grades": "1,2",
    }


# --- the window pad -----------------------------------------------------------------------------------------


def _window(key: str) -> Window:
    window = pad.window_for_key(key)
    if window is None:
        raise Http404
    return window


@never_cache
@require_GET
def pad_page(request: HttpRequest, key: str) -> HttpResponse:
    window = _window(key)
    state = pad.state_of(window)
    return render(
        request,
        "ratings/pad.html",
        {
            "window": window,
            "centre": localized(window.centre),
            "state": state,
            "state_json": state.as_json(window),
            "photo": pad.photo_url(window),
            "key": key,
            **_form_context(on_site=True),
        },
    )


@never_cache
@require_GET
def pad_state(request: HttpRequest, key: str) -> JsonResponse:
    window = _window(key)
    return JsonResponse(pad.state_of(window).as_json(window))


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@never_cache
@require_POST
def pad_rate(request: HttpRequest, key: str) -> HttpResponse:
    window = _window(key)
    visit = request.POST.get("visit", "")
    grade, indicators, reason, _picked = _parse(request.POST, on_site=True)
    try:
        if not visit.isdigit():
            raise ApiError("pad_stale", _("这次评价已失效，请重新评价。"), status=409)
        rating = pad.rate_on_pad(window, int(visit), grade=grade, indicators=indicators, reason=reason)
    except ApiError as error:
        if _wants_json(request):
            return JsonResponse(
                {"code": error.code, "message": error.message, "field": error.extra.get("field", "")},
                status=error.status,
            )
        state = pad.state_of(window)
        return render(
            request,
            "ratings/pad.html",
            {
                "window": window,
                "centre": localized(window.centre),
                "state": state,
                "state_json": state.as_json(window),
                "photo": pad.photo_url(window),
                "key": key,
                **_form_context(on_site=True, post=request.POST, error=error),
            },
            status=error.status,
        )
    if _wants_json(request):
        return JsonResponse({"ok": True, "grade": rating.grade})
    return render(request, "ratings/pad_thanks.html", {"window": window, "key": key})


# --- online: a token link, or the applicant's own case ------------------------------------------------------


def _rate_page(
    request: HttpRequest,
    *,
    about: dict[str, Any],
    on_site: bool,
    error: ApiError | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "ratings/rate.html",
        {
            "about": about,
            "on_site": on_site,
            **_form_context(on_site=on_site, post=request.POST or None, error=error),
        },
        status=status,
    )


def _about_case(case: Case, rater: str) -> dict[str, Any]:
    return {"kind": "case", "number": case.number, "item": localized(case.item_version), "rater": rater}


def _closed_page(request: HttpRequest, error: ApiError, *, status: int | None = None) -> HttpResponse:
    return render(
        request, "ratings/rate_closed.html", {"message": error.message}, status=status or error.status
    )


@never_cache
@require_http_methods(["GET", "POST"])
def rate(request: HttpRequest, token: str) -> HttpResponse:
    """The SMS / QR / message link: rate what the token names, as whose it is (real-name)."""
    try:
        invitation = invites.open_token(token)
    except ApiError as error:
        return _closed_page(request, error)
    if invitation.visit is not None:
        visit = invitation.visit
        about = {
            "kind": "visit",
            "centre": localized(visit.centre),
            "ticket": visit.ticket,
            "day": visit.day,
            "rater": invitation.rater_name,
        }
    else:
        assert invitation.case is not None
        if invitation.case.is_open:  # the receipt's QR code is printed long before the case ends
            return _closed_page(request, not_finished(), status=200)
        about = _about_case(invitation.case, invitation.rater_name)
    done = _existing(invitation.visit, invitation.case)
    if done is not None:
        return render(request, "ratings/rate_done.html", {"rating": done, "already": True})
    if request.method == "POST":
        grade, indicators, reason, _picked = _parse(request.POST, on_site=invitation.on_site)
        try:
            rating = invites.rate_by_token(token, grade=grade, indicators=indicators, reason=reason)
        except ApiError as error:
            if error.status in (404, 410):
                return _closed_page(request, error)
            if error.code == "already_rated":
                return render(
                    request, "ratings/rate_done.html", {"rating": None, "already": True}, status=409
                )
            return _rate_page(request, about=about, on_site=invitation.on_site, error=error, status=400)
        return render(request, "ratings/rate_done.html", {"rating": rating, "already": False})
    return _rate_page(request, about=about, on_site=invitation.on_site)


def _existing(visit: Any, case: Case | None) -> Rating | None:
    if visit is not None:
        return Rating.objects.filter(visit=visit).first()
    if case is not None:
        return Rating.objects.filter(case=case, visit__isnull=True).first()
    return None


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def rate_case(request: HttpRequest, number: str) -> HttpResponse:
    """我的办件 → 评价: the signed-in applicant rates their own case (一事一评); anyone else's is 404."""
    user = request.user
    assert isinstance(user, User)
    case = my_case(user, normalize_case_number(number)) if user.is_applicant else None
    if case is None:
        raise Http404
    done = _existing(None, case)
    if done is not None:
        return render(request, "ratings/rate_done.html", {"rating": done, "already": True, "case": case})
    if case.is_open:
        return _closed_page(request, not_finished(), status=200)
    about = _about_case(case, user.display_name)
    if request.method == "POST":
        grade, indicators, reason, _picked = _parse(request.POST, on_site=False)
        try:
            rating = record_rating(
                grade=grade,
                channel=RatingChannel.ONLINE,
                case=case,
                indicators=indicators,
                reason=reason,
                rater=user,
            )
        except ApiError as error:
            if error.code == "already_rated":
                return render(
                    request, "ratings/rate_done.html", {"rating": None, "already": True}, status=409
                )
            return _rate_page(request, about=about, on_site=False, error=error, status=400)
        return render(request, "ratings/rate_done.html", {"rating": rating, "already": False, "case": case})
    return _rate_page(request, about=about, on_site=False)

"""The pages of the spot checks. Staff: the index (matters, the checks drawn for me, the draws I may see), a new
draw (supervisors), a draw with its log, one check with the result form (its drawn inspectors). Public: the
published draws with seed, register digests and log, the results, and the inputs as JSON to re-run the draw.
Thin: parse, authorise, call services or selectors, render."""

from __future__ import annotations

import datetime as dt
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from onego.accounts.models import User
from onego.core.errors import ApiError
from onego.core.localized import localized
from onego.supervision import selectors, services
from onego.supervision.forms import DrawForm, ResultForm
from onego.supervision.lottery import canonical_json
from onego.supervision.models import Check, CheckStatus, ConflictReason, Draw

DRAW_FIELDS = {
    "bad_seed": "seed",
    "bad_ratio": "ratio",
    "bad_check_by": "check_by",
    "title_required": "title",
}
RESULT_FIELDS = {
    "bad_checked_on": "checked_on",
    "findings_required": "findings",
    "false_commitment_passed": "false_commitment",
    "not_commitment": "false_commitment",
}


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def staff_pages(view: Any) -> Any:
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not selectors.may_open(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@staff_pages
@require_GET
def spot_checks(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    inspector = selectors.inspector_of(user)
    return render(
        request,
        "supervision/index.html",
        {
            "may_draw": services.may_draw(user),
            "matters": [(m, localized(m), localized(m.department)) for m in selectors.matters()],
            "my_checks": selectors.my_checks(user),
            "inspector": inspector,
            "conflicts": list(inspector.conflicts.all()) if inspector else [],
            "reasons": dict(ConflictReason.choices),
            "draws": selectors.visible_draws(user)[:50],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def new_draw(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not services.may_draw(user):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        form = DrawForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                draw = services.create_draw(
                    actor=user,
                    matter=data["matter"],
                    title=data["title"],
                    check_by=data["check_by"],
                    seed=data["seed"],
                    ratio=data["ratio"],
                )
            except ApiError as error:
                form.add_error(DRAW_FIELDS.get(error.code), error.message)
            else:
                messages.success(
                    request, _("已抽取 %(n)s 户，检查人员已收到通知。") % {"n": draw.checks.count()}
                )
                return redirect("supervision:draw", draw.number)
        status = 422
    else:
        today = timezone.localdate()
        form = DrawForm(
            initial={
                "seed": services.new_seed(),
                "check_by": today + dt.timedelta(days=30),
                "title": _("%(year)s 年第 %(quarter)s 季度随机抽查")
                % {"year": today.year, "quarter": (today.month - 1) // 3 + 1},
            }
        )
    form.fields["matter"].label_from_instance = localized  # type: ignore[attr-defined]
    return render(request, "supervision/new_draw.html", {"form": form}, status=status)


def _draw_rows(draw: Draw) -> list[dict[str, Any]]:
    return [
        {
            "check": check,
            "inspectors": [a.inspector for a in check.assignments.all()],
        }
        for check in selectors.checks_of(draw)
    ]


@staff_pages
@require_GET
def draw_page(request: HttpRequest, number: str) -> HttpResponse:
    user = _user(request)
    draw = selectors.draw_for(user, number)
    if draw is None:
        if Draw.objects.filter(number=number).exists():
            raise PermissionDenied
        raise Http404
    return render(
        request,
        "supervision/draw.html",
        {
            "draw": draw,
            "matter": localized(draw.matter),
            "department": localized(draw.matter.department),
            "rows": _draw_rows(draw),
            "me": user,
            "log": draw.log,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def check_page(request: HttpRequest, check_id: int) -> HttpResponse:
    user = _user(request)
    check = selectors.check_for(user, check_id) if selectors.may_open(user) else None
    if check is None:
        if Check.objects.filter(pk=check_id).exists():
            raise PermissionDenied
        raise Http404
    may_record = services.may_record(user, check) and check.status == CheckStatus.ASSIGNED
    status = 200
    if request.method == "POST":
        if not services.may_record(user, check):
            raise PermissionDenied
        form = ResultForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.record_result(
                    check.pk,
                    actor=user,
                    passed=data["result"] == "passed",
                    checked_on=data["checked_on"],
                    findings=data["findings"],
                    false_commitment=data["false_commitment"],
                )
            except ApiError as error:
                if error.status == 409:
                    messages.error(request, error.message)
                    return redirect("supervision:check", check.pk)
                form.add_error(RESULT_FIELDS.get(error.code), error.message)
            else:
                messages.success(request, _("检查结果已记录并公示。"))
                return redirect("supervision:draw", check.draw.number)
        status = 422
    else:
        form = ResultForm(initial={"checked_on": timezone.localdate()})
    return render(
        request,
        "supervision/check.html",
        {
            "check": check,
            "draw": check.draw,
            "matter": check.draw.matter,
            "inspectors": [a.inspector for a in check.assignments.select_related("inspector__user")],
            "form": form,
            "may_record": may_record,
        },
        status=status,
    )


# --- public ----------------------------------------------------------------------------------------------------


@require_GET
def public(request: HttpRequest) -> HttpResponse:
    draws = [(d, localized(d.matter), localized(d.matter.department)) for d in selectors.public_draws()[:100]]
    return render(request, "supervision/public.html", {"draws": draws})


def _public_draw(number: str) -> Draw:
    draw = Draw.objects.select_related("matter", "matter__department").filter(number=number).first()
    if draw is None:
        raise Http404
    return draw


@require_GET
def public_draw(request: HttpRequest, number: str) -> HttpResponse:
    draw = _public_draw(number)
    return render(
        request,
        "supervision/public_draw.html",
        {
            "draw": draw,
            "matter": localized(draw.matter),
            "department": localized(draw.matter.department),
            "rows": _draw_rows(draw),
            "log": draw.log,
        },
    )


@require_GET
def draw_inputs(request: HttpRequest, number: str) -> HttpResponse:
    """The draw's inputs as canonical JSON: `manage.py verify_draw <number> --file` re-runs them."""
    draw = _public_draw(number)
    response = HttpResponse(canonical_json(draw.inputs), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{draw.number}-inputs.json"'
    return response

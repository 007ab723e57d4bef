"""Public and enterprise pages of policy redemption (政策兑现): the policy catalogue with its tag filter, a
policy's standard elements, the finder (我能享受什么) evaluated live for the signed-in enterprise, its
免申即享 offers confirmed in one click, and the publicity list (公示) where anyone may object.

Thin: parse, authorise, call a selector or a service, render. A refused confirmation or objection is shown
in the page with the field marked (4xx), never a 500.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from onego.accounts.models import User
from onego.core import ratelimit
from onego.core.errors import ApiError
from onego.policies import offers as offer_services
from onego.policies import selectors, services
from onego.policies.models import Eligibility

BANK_FIELDS = ("bank_account_name", "bank_name", "bank_account_number")
BANK_MAX = {"bank_account_name": 200, "bank_name": 100, "bank_account_number": 32}  # the Offer columns
OBJECTION_FIELDS = ("name", "contact", "text")
OBJECTION_MAX = {"name": 64, "contact": 64, "text": 2000}
OBJECTIONS_PER_MINUTE = 10
PUBLICITY_PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def enterprise_required(view: Any) -> Any:
    """Signed-in enterprise applicants only. Anyone else signed in is told plainly what the page is for
    (403), and the anonymous are sent to log in like on every applicant page."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = _user(request)
        if not (user.is_applicant and user.enterprise_credit_code):
            return _render(request, "enterprise_only.html", {}, status=403)
        return view(request, *args, **kwargs)

    return wrapped


def _render(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    """Every page of this module knows its language and the colon that goes with it."""
    lang = selectors.page_lang()
    return render(
        request,
        f"policies/{template}",
        {"lang": lang, "colon": ": " if lang == "en" else "：", **context},
        status=status,
    )


def _filters(request: HttpRequest) -> tuple[dict[str, list[str]], set[str], str]:
    chosen = selectors.chosen_tags(request.GET.getlist("tag"))
    q = request.GET.get("q", "").strip()[: selectors.MAX_QUERY]
    return chosen, {key for keys in chosen.values() for key in keys}, q


# --- anyone -------------------------------------------------------------------------------------------------


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    """政策库: every published policy, filtered by tags (any within a dimension, all across) and by name."""
    lang = selectors.page_lang()
    chosen, ticked, q = _filters(request)
    policies = list(selectors.published_policies(chosen, q))
    user = request.user
    return _render(
        request,
        "public_catalogue.html",
        {
            "policies": policies,
            "tag_groups": selectors.tag_groups(ticked, lang),
            "q": q,
            "filtered": bool(ticked or q),
            "lang": lang,
            "is_enterprise": bool(getattr(user, "enterprise_credit_code", "")),
        },
    )


@require_GET
def detail(request: HttpRequest, code: str) -> HttpResponse:
    """A policy's standard elements, the rule version in force and its parameter values with their legal
    references, and how to redeem it (apply, or nothing to do for 免申即享)."""
    policy = selectors.public_policy(code)
    if policy is None:
        raise Http404(_("政策不存在"))
    lang = selectors.page_lang()
    today = timezone.localdate()
    version = policy.version_on(today)
    return _render(
        request,
        "public_detail.html",
        {
            "policy": policy,
            "version": version,
            "today": today,
            "lang": lang,
            "parameters": selectors.current_parameters(version, today, lang) if version else [],
            "outline": selectors.condition_outline(version, today, lang) if version else [],
            "is_enterprise": bool(getattr(request.user, "enterprise_credit_code", "")),
        },
    )


def _summary(
    errors: dict[str, str] | None, problem: str, ids: dict[str, str], row: int | None
) -> dict[str, Any]:
    """The error summary of a page with one small form per row: the field errors keyed by their control's id
    ("an-12"), and the page-wide problem only when no field says more (it would repeat them)."""
    errors = errors or {}
    anchored = {
        f"{ids[name]}-{row}" if name in ids and row is not None else name: message
        for name, message in errors.items()
    }
    return {"summary_errors": anchored, "problem": "" if anchored else problem}


def _publicity_page(
    request: HttpRequest,
    *,
    status: int = 200,
    entry_id: int | None = None,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    problem: str = "",
) -> HttpResponse:
    today = timezone.localdate()
    q = request.GET.get("q", "").strip()[: selectors.MAX_QUERY]
    entries = selectors.publicity_entries(today)
    if q:
        entries = entries.filter(
            Q(entity_name__icontains=q) | Q(policy__name_zh__icontains=q) | Q(entity_code__iexact=q)
        )
    page = Paginator(entries, PUBLICITY_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "entry": entry,
            "values": values if entry.pk == entry_id and values else {},
            "errors": errors if entry.pk == entry_id and errors else {},
        }
        for entry in page.object_list
    ]
    return _render(
        request,
        "public_publicity.html",
        {
            "page": page,
            "rows": rows,
            "q": q,
            "today": today,
            "lang": selectors.page_lang(),
            **_summary(errors, problem, {"name": "on", "contact": "oc", "text": "ot"}, entry_id),
        },
        status=status,
    )


@require_GET
def publicity(request: HttpRequest) -> HttpResponse:
    """公示名单: the entries on public notice today; anyone may object to one while it is up."""
    return _publicity_page(request)


@require_POST
def object_to(request: HttpRequest, entry_id: int) -> HttpResponse:
    """File an objection to a publicity entry (no sign-in; limited per IP)."""
    if ratelimit.over_limit(request, "policy-objection", OBJECTIONS_PER_MINUTE):
        return _publicity_page(
            request,
            status=429,
            problem=_("提交过于频繁：每分钟最多 %(n)s 次，请一分钟后再试。") % {"n": OBJECTIONS_PER_MINUTE},
        )
    values = {name: request.POST.get(name, "").strip() for name in OBJECTION_FIELDS}
    too_long = {
        name: _("内容过长（不超过 %(n)s 个字）") % {"n": limit}
        for name, limit in OBJECTION_MAX.items()
        if len(values[name]) > limit
    }
    if too_long:
        return _publicity_page(
            request,
            status=422,
            entry_id=entry_id,
            values=values,
            errors=too_long,
            problem=_("异议未提交，请修改标出的内容。"),
        )
    try:
        services.file_objection(entry_id, **values)
    except ApiError as error:
        return _publicity_page(
            request,
            status=error.status,
            entry_id=entry_id,
            values=values,
            errors=error.extra.get("errors") or {},
            problem=error.message,
        )
    messages.success(request, _("异议已提交，发布部门将核实处理并与您联系。"))
    return redirect(reverse("policies:publicity"))


# --- the signed-in enterprise -------------------------------------------------------------------------------


@enterprise_required
@require_GET
def finder(request: HttpRequest) -> HttpResponse:
    """我能享受什么: every published enterprise policy evaluated now for the user's enterprise, grouped as
    eligible (with the amount), unknown (with the missing data named) and not eligible, each explained."""
    user = _user(request)
    lang = selectors.page_lang()
    chosen, ticked, q = _filters(request)
    today = timezone.localdate()
    policies = selectors.published_policies(chosen, q, enterprise_only=True)
    groups = selectors.finder_groups(user.enterprise_credit_code, policies, today, lang)
    pending = selectors.open_offers(user)
    eligible = groups[Eligibility.ELIGIBLE]
    return _render(
        request,
        "enterprise_finder.html",
        {
            "eligible": eligible,
            "unknown": groups[Eligibility.UNKNOWN],
            "not_eligible": groups[Eligibility.NOT_ELIGIBLE],
            "eligible_total_fen": sum(r.amount_fen or 0 for r in eligible),
            "pending": pending,
            "offered_policy_ids": {offer.policy_id for offer in pending},
            "tag_groups": selectors.tag_groups(ticked, lang),
            "q": q,
            "filtered": bool(ticked or q),
            "today": today,
            "as_of": str(today.year - 1),
            "lang": lang,
        },
    )


def _offers_page(
    request: HttpRequest,
    *,
    status: int = 200,
    offer_id: int | None = None,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    problem: str = "",
) -> HttpResponse:
    user = _user(request)
    bank = offer_services.last_bank_account(user)
    cards = []
    for view in selectors.offers_with_reasons(user, selectors.page_lang()):
        mine = view.offer.pk == offer_id
        cards.append(
            {
                "view": view,
                "offer": view.offer,
                "form": {**bank, **(values or {})} if mine else bank,
                "errors": (errors or {}) if mine else {},
                "problem": problem if mine else "",
            }
        )
    return _render(
        request,
        "enterprise_offers.html",
        {
            "cards": cards,
            "enterprise": user.enterprise_name or user.enterprise_credit_code,
            **_summary(
                errors,
                problem,
                {"bank_account_name": "an", "bank_name": "bn", "bank_account_number": "ac"},
                offer_id,
            ),
            "prefilled": bool(bank["bank_account_number"]),
        },
        status=status,
    )


@enterprise_required
@require_GET
def offers(request: HttpRequest) -> HttpResponse:
    """The enterprise's 免申即享 offers, each with why it qualifies and a one-click confirmation."""
    return _offers_page(request)


@enterprise_required
@require_POST
def confirm_offer(request: HttpRequest, offer_id: int) -> HttpResponse:
    """确认兑现: intent and the account to pay, in one click; the policy case starts."""
    user = _user(request)
    values = {name: request.POST.get(name, "").strip() for name in BANK_FIELDS}
    too_long = {
        name: _("内容过长（不超过 %(n)s 个字）") % {"n": limit}
        for name, limit in BANK_MAX.items()
        if len(values[name]) > limit
    }
    if too_long:
        return _offers_page(
            request,
            status=422,
            offer_id=offer_id,
            values=values,
            errors=too_long,
            problem=_("未能确认，请修改标出的内容。"),
        )
    try:
        offer = offer_services.confirm_offer(offer_id, user=user, **values)
    except ApiError as error:
        if error.status == 404:
            raise Http404(error.message) from error
        return _offers_page(
            request,
            status=error.status,
            offer_id=offer_id,
            values=values,
            errors=error.extra.get("errors") or {},
            problem=error.message,
        )
    number = offer.case.number if offer.case else ""
    messages.success(
        request, _("已确认兑现，办件编号 %(number)s。办理进度可在“我的办件”中查看。") % {"number": number}
    )
    return redirect(reverse("policies:offers"))


@enterprise_required
@require_POST
def decline_offer(request: HttpRequest, offer_id: int) -> HttpResponse:
    """放弃: the enterprise does not want this benefit."""
    user = _user(request)
    try:
        offer_services.decline_offer(offer_id, user=user, reason=request.POST.get("reason", "")[:200])
    except ApiError as error:
        if error.status == 404:
            raise Http404(error.message) from error
        return _offers_page(request, status=error.status, offer_id=offer_id, problem=error.message)
    messages.success(request, _("已放弃该项政策兑现。"))
    return redirect(reverse("policies:offers"))

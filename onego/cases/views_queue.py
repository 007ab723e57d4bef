"""The queue pages (叫号): the window clerk's page (pick the window, call the next ticket, done, no show, the
rating pad's address) and the hall's ticket machine (取号, public, on the centre's kiosk). Thin: authorise
(window clerks only, their own centre's windows — onego.cases.queue checks again), call queue.py, redirect."""

from __future__ import annotations

import base64
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onego.accounts.models import ServiceCentre, User, Window
from onego.accounts.roles import Role
from onego.cases import queue, receipts
from onego.core.errors import ApiError
from onego.core.localized import localized


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def clerk_pages(view: Any) -> Any:
    """Signed-in window clerks only; anyone else signed in gets 403, the anonymous the login page."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _user(request).has_role(Role.WINDOW_CLERK):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@clerk_pages
@never_cache
@require_GET
def queue_page(request: HttpRequest) -> HttpResponse:
    clerk = _user(request)
    centre = clerk.service_centre
    window = queue.window_of(clerk)
    visit = queue.current_visit(clerk)
    waiting = queue.waiting(centre) if centre else []
    pad_url = pad_qr = ""
    if window is not None and window.pad_key:
        # the address this clerk reached the server by: the tablet stands beside them, in the same hall
        pad_url = request.build_absolute_uri(reverse("ratings:pad", args=[window.pad_key]))
        pad_qr = "data:image/png;base64," + base64.b64encode(receipts.qr_png(pad_url, box=4)).decode()
    return render(
        request,
        "cases/queue.html",
        {
            "centre": centre,
            "centre_name": localized(centre) if centre else "",
            "windows": list(Window.objects.filter(centre=centre, is_active=True).select_related("clerk"))
            if centre
            else [],
            "window": window,
            "visit": visit,
            "visit_cases": list(visit.cases.select_related("item_version")) if visit else [],
            "waiting": waiting,
            "pad_url": pad_url,
            "pad_qr": pad_qr,
            "ticket_url": reverse("cases:take_ticket", args=[centre.code]) if centre else "",
        },
    )


def _act(request: HttpRequest, action: Any, done: str) -> HttpResponse:
    try:
        result = action()
    except ApiError as error:
        messages.error(request, error.message)
        return redirect("cases:queue")
    messages.success(request, done % {"ticket": getattr(result, "ticket", "")})
    return redirect("cases:queue")


@clerk_pages
@require_POST
def queue_open(request: HttpRequest) -> HttpResponse:
    clerk = _user(request)
    window_id = request.POST.get("window", "")
    window = Window.objects.filter(pk=int(window_id)).first() if window_id.isdigit() else None
    if window is None:
        messages.error(request, _("请选择窗口。"))
        return redirect("cases:queue")
    return _act(request, lambda: queue.open_window(clerk, window), _("已在本窗口开始服务。"))


@clerk_pages
@require_POST
def queue_leave(request: HttpRequest) -> HttpResponse:
    clerk = _user(request)
    return _act(request, lambda: queue.leave_window(clerk), _("已离开窗口，评价器显示暂停服务。"))


@clerk_pages
@require_POST
def queue_call(request: HttpRequest) -> HttpResponse:
    clerk = _user(request)
    try:
        visit = queue.call_next(clerk)
    except ApiError as error:
        messages.error(request, error.message)
        return redirect("cases:queue")
    if visit is None:
        messages.info(request, _("目前没有等候的办事人。"))
    else:
        messages.success(request, _("已叫号：%(ticket)s") % {"ticket": visit.ticket})
    return redirect("cases:queue")


def _visit_id(request: HttpRequest) -> int:
    raw = request.POST.get("visit", "")
    if not raw.isdigit():
        raise Http404
    return int(raw)


@clerk_pages
@require_POST
def queue_done(request: HttpRequest) -> HttpResponse:
    clerk, visit_id = _user(request), _visit_id(request)
    return _act(
        request,
        lambda: queue.finish_visit(clerk, visit_id),
        _("%(ticket)s 号办理完毕：请办事人在评价器上评价。"),
    )


@clerk_pages
@require_POST
def queue_no_show(request: HttpRequest) -> HttpResponse:
    clerk, visit_id = _user(request), _visit_id(request)
    return _act(request, lambda: queue.mark_no_show(clerk, visit_id), _("%(ticket)s 号已过号。"))


@clerk_pages
@require_POST
def queue_pad_key(request: HttpRequest) -> HttpResponse:
    clerk = _user(request)
    return _act(request, lambda: queue.new_pad_key(clerk), _("已生成新的评价器地址；旧地址已失效。"))


# --- the hall's ticket machine ------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def take_ticket(request: HttpRequest, centre: str) -> HttpResponse:
    """取号: the centre's ticket machine in the hall (a kiosk page, no login)."""
    found = get_object_or_404(ServiceCentre, code=centre)
    context: dict[str, Any] = {
        "centre": found,
        "centre_name": localized(found),
        "error": None,
        "visit": None,
        "waiting": len(queue.waiting(found)),
    }
    if request.method == "POST":
        user = request.user if isinstance(request.user, User) and request.user.is_applicant else None
        try:
            context["visit"] = queue.take_ticket(
                found,
                applicant=user,
                name=request.POST.get("name", ""),
                phone=request.POST.get("phone", ""),
            )
        except ApiError as error:
            context["error"] = error
            context["posted"] = request.POST
            return render(request, "cases/queue_ticket.html", context, status=400)
        context["waiting"] = len(queue.waiting(found)) - 1  # ahead of the new ticket
    return render(request, "cases/queue_ticket.html", context)

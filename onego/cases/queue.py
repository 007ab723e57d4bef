"""The queue of a service centre (叫号): tickets taken at the hall's ticket machine, called to a window by its
clerk, served and finished — one `Visit` per ticket, the unit of 一次一评 on site (onego.ratings rates it on the
window's rating pad).

Rules (docs/domain.md "Service ratings"):
- A ticket is numbered A001, A002 … per centre per day; today's queue is today's tickets only.
- A window clerk sits at one window of their own centre (`User.service_centre`) at a time; a window someone
  else sits at is refused (they leave it first, `leave_window`).
- 叫下一位 calls the oldest waiting ticket of the clerk's centre to the clerk's window, and is refused while the
  clerk still has a called visit that is neither done nor marked no-show.
- 办理完毕 (done) ends the visit; the pad then asks the applicant to rate it. 过号 (no show) ends it unrated.
- Every change is audited; the listeners registered with `cases.extensions.register_visit_listener` hear
  "called", "done" and "no_show" inside the transaction (ratings sends the SMS link to rate a visit with a phone).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onego.accounts.models import ServiceCentre, User, Window
from onego.accounts.roles import Role
from onego.cases.models import Visit, VisitStatus
from onego.core import audit
from onego.core.errors import ApiError

VisitListener = Callable[[Visit, str], None]
# Filled by cases.extensions.register_visit_listener only.
VISIT_LISTENERS: list[VisitListener] = []

MOBILE = re.compile(r"^1[3-9]\d{9}$")
NAME_MAX = 64


def _visit_event(visit: Visit, event: str) -> None:
    for listener in VISIT_LISTENERS:
        listener(visit, event)


def _clerk_only(clerk: User) -> None:
    if not clerk.is_authenticated or not clerk.has_role(Role.WINDOW_CLERK):
        raise ApiError("not_window_clerk", _("只有窗口人员可以叫号。"), status=403)


def window_of(clerk: User) -> Window | None:
    """The window the clerk sits at now, if any."""
    return Window.objects.filter(clerk=clerk, is_active=True).select_related("centre").first()


def current_visit(clerk: User) -> Visit | None:
    """The visit the clerk has called today and not yet finished, if any."""
    return (
        Visit.objects.filter(clerk=clerk, status=VisitStatus.CALLED, day=timezone.localdate())
        .select_related("window", "centre", "applicant")
        .order_by("-called_at")
        .first()
    )


def open_window(clerk: User, window: Window) -> Window:
    """The clerk sits at `window` from now on (and leaves any other window). Refused for a window of another
    centre, an inactive one, one another clerk sits at, or while the clerk serves a called visit."""
    _clerk_only(clerk)
    if clerk.service_centre_id is None:
        raise ApiError(
            "no_centre", _("您尚未分配到政务服务中心，请联系中心管理员在用户资料中设置。"), status=403
        )
    with transaction.atomic():
        locked = Window.objects.select_for_update().get(pk=window.pk)
        if locked.centre_id != clerk.service_centre_id or not locked.is_active:
            raise ApiError("other_centre", _("只能选择本人所在政务服务中心的窗口。"), status=403)
        if locked.clerk_id not in (None, clerk.pk):
            raise ApiError(
                "window_taken", _("该窗口已有其他人员，请对方先离开窗口，或选择其他窗口。"), status=409
            )
        if locked.clerk_id == clerk.pk:
            return locked
        if current_visit(clerk) is not None:
            raise ApiError("visit_open", _("请先办结当前叫号，再更换窗口。"), status=409)
        Window.objects.filter(clerk=clerk).exclude(pk=locked.pk).update(clerk=None)
        locked.clerk = clerk
        locked.save(update_fields=["clerk"])
        audit.record(clerk, "window.opened", locked, centre=locked.centre.code, number=locked.number)
    return locked


def leave_window(clerk: User) -> Window | None:
    """The clerk leaves their window (the pad there shows no one). Refused while serving a called visit."""
    _clerk_only(clerk)
    with transaction.atomic():
        window = Window.objects.select_for_update().filter(clerk=clerk).first()
        if window is None:
            return None
        if current_visit(clerk) is not None:
            raise ApiError("visit_open", _("请先办结当前叫号，再离开窗口。"), status=409)
        window.clerk = None
        window.save(update_fields=["clerk"])
        audit.record(clerk, "window.left", window, centre=window.centre.code, number=window.number)
    return window


def new_pad_key(clerk: User) -> Window:
    """A new secret for the rating pad of the clerk's window: the pad address changes, the old tablet stops."""
    _clerk_only(clerk)
    with transaction.atomic():
        window = Window.objects.select_for_update().filter(clerk=clerk).first()
        if window is None:
            raise ApiError("no_window", _("请先选择您所在的窗口。"), status=409)
        window.pad_key = secrets.token_urlsafe(18)[:24]
        window.save(update_fields=["pad_key"])
        audit.record(clerk, "window.pad_key_changed", window, centre=window.centre.code, number=window.number)
    return window


def _clean_phone(phone: str) -> str:
    digits = re.sub(r"[\s-]", "", phone or "")
    if digits and not MOBILE.match(digits):
        raise ApiError("phone_invalid", _("手机号码应为 11 位数字，以 1 开头。"), field="phone")
    return digits


def take_ticket(
    centre: ServiceCentre, *, applicant: User | None = None, name: str = "", phone: str = ""
) -> Visit:
    """A new ticket of today's queue at `centre`: A001, A002 … (the name and phone are optional; the phone
    only receives the SMS link to rate the visit)."""
    name = (name or "").strip()
    if len(name) > NAME_MAX:
        raise ApiError("name_too_long", _("姓名不能超过 64 个字。"), field="name")
    phone = _clean_phone(phone)
    if applicant is not None:
        name = name or applicant.display_name
    today = timezone.localdate()
    for _attempt in range(3):
        try:
            with transaction.atomic():
                ServiceCentre.objects.select_for_update().get(pk=centre.pk)  # one ticket number at a time
                count = Visit.objects.filter(centre=centre, day=today).count()
                visit = Visit.objects.create(
                    centre=centre,
                    day=today,
                    ticket=f"A{count + 1:03d}",
                    applicant=applicant,
                    applicant_name=name,
                    phone=phone,
                    taken_at=timezone.now(),
                )
                audit.record(
                    applicant if applicant is not None else f"kiosk:{centre.code}",
                    "visit.ticket_taken",
                    visit,
                    centre=centre.code,
                    ticket=visit.ticket,
                )
            return visit
        except IntegrityError:  # SQLite without row locks: another machine took the same number; try again
            continue
    raise ApiError("ticket_busy", _("取号繁忙，请稍后再试。"), status=503)


def waiting(centre: ServiceCentre) -> list[Visit]:
    """Today's waiting tickets of the centre, oldest first."""
    return list(
        Visit.objects.filter(centre=centre, day=timezone.localdate(), status=VisitStatus.WAITING).order_by(
            "taken_at", "pk"
        )
    )


def call_next(clerk: User) -> Visit | None:
    """Call the oldest waiting ticket of the clerk's centre to the clerk's window (None: nobody waits)."""
    _clerk_only(clerk)
    with transaction.atomic():
        window = Window.objects.select_for_update().filter(clerk=clerk, is_active=True).first()
        if window is None:
            raise ApiError("no_window", _("请先选择您所在的窗口。"), status=409)
        if current_visit(clerk) is not None:
            raise ApiError("visit_open", _("当前叫号尚未办结：请先按「办理完毕」或「过号」。"), status=409)
        # SKIP LOCKED (PostgreSQL): two clerks calling at once get two tickets, not one ticket and a wait.
        skip = connection.features.has_select_for_update_skip_locked
        visit = (
            Visit.objects.select_for_update(skip_locked=skip)
            .filter(centre_id=window.centre_id, day=timezone.localdate(), status=VisitStatus.WAITING)
            .order_by("taken_at", "pk")
            .first()
        )
        if visit is None:
            return None
        visit.status = VisitStatus.CALLED
        visit.called_at = timezone.now()
        visit.window = window
        visit.clerk = clerk
        visit.save(update_fields=["status", "called_at", "window", "clerk"])
        audit.record(clerk, "visit.called", visit, ticket=visit.ticket, window=window.number)
        _visit_event(visit, "called")
    return visit


def _own_called(clerk: User, visit_id: int) -> Visit:
    visit = Visit.objects.select_for_update().filter(pk=visit_id, clerk=clerk).first()
    if visit is None:
        raise ApiError("not_found", _("没有这个叫号，或不是您叫的号。"), status=404)
    if visit.status != VisitStatus.CALLED:
        raise ApiError("not_called", _("该号已办结或已过号。"), status=409)
    return visit


def finish_visit(clerk: User, visit_id: int) -> Visit:
    """办理完毕: the visit is done; the window's rating pad now asks for its rating."""
    _clerk_only(clerk)
    with transaction.atomic():
        visit = _own_called(clerk, visit_id)
        visit.status = VisitStatus.DONE
        visit.done_at = timezone.now()
        visit.save(update_fields=["status", "done_at"])
        audit.record(clerk, "visit.done", visit, ticket=visit.ticket, cases=visit.cases.count())
        _visit_event(visit, "done")
    return visit


def mark_no_show(clerk: User, visit_id: int) -> Visit:
    """过号: the called applicant did not come; the visit ends unrated."""
    _clerk_only(clerk)
    with transaction.atomic():
        visit = _own_called(clerk, visit_id)
        visit.status = VisitStatus.NO_SHOW
        visit.done_at = timezone.now()
        visit.save(update_fields=["status", "done_at"])
        audit.record(clerk, "visit.no_show", visit, ticket=visit.ticket)
        _visit_event(visit, "no_show")
    return visit

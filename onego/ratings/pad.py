"""The window rating pad (窗口评价器): the tablet facing the applicant at a window, paired by the window's pad key
(`/ratings/pad/<key>/`, no login). It follows the clerk's queue (onego.cases.queue):

- nobody at the window → "closed" (暂停服务);
- the window's latest visit of today is called → "serving" (the ticket being served);
- it is done, unrated, by the clerk at the window now, and ended less than PAD_RATE_MINUTES ago → "rate" (the
  five grades for that visit);
- otherwise → "idle" (欢迎 + the clerk).

A rating from the pad rates the visit it was shown for; when that is no longer the window's latest visit (the
clerk called the next ticket) or its time is up, it is refused as stale (`pad_stale`), so a rating can never
land on someone else's visit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import gettext as _

from onego.accounts.models import Window
from onego.cases.models import Visit, VisitStatus
from onego.core.errors import ApiError
from onego.core.localized import localized
from onego.ratings.models import Rating, RatingChannel
from onego.ratings.services import record_rating

PAD_RATE_MINUTES = 10


def window_for_key(key: str) -> Window | None:
    if not key or len(key) < 16:
        return None
    return Window.objects.select_related("centre", "clerk").filter(pad_key=key, is_active=True).first()


def photo_url(window: Window) -> str:
    clerk = window.clerk
    if clerk is not None and clerk.photo:
        return str(clerk.photo.url)
    return static("ratings/person.svg")


def _latest(window: Window) -> Visit | None:
    return (
        Visit.objects.filter(window=window, day=timezone.localdate(), called_at__isnull=False)
        .order_by("-called_at", "-pk")
        .first()
    )


def _ratable(window: Window, visit: Visit | None) -> bool:
    return (
        visit is not None
        and visit.status == VisitStatus.DONE
        and visit.clerk_id == window.clerk_id
        and visit.done_at is not None
        and timezone.now() - visit.done_at <= timedelta(minutes=PAD_RATE_MINUTES)
        and not Rating.objects.filter(visit=visit).exists()
    )


@dataclass(frozen=True)
class PadState:
    state: str  # closed | idle | serving | rate
    visit: int | None
    ticket: str

    def as_json(self, window: Window) -> dict[str, Any]:
        clerk = window.clerk
        return {
            "state": self.state,
            "visit": self.visit,
            "ticket": self.ticket,
            "window": window.number,
            "centre": localized(window.centre),
            "clerk": clerk.display_name if clerk else "",
            "photo": photo_url(window),
        }


def state_of(window: Window) -> PadState:
    if window.clerk_id is None:
        return PadState("closed", None, "")
    visit = _latest(window)
    if visit is not None and visit.status == VisitStatus.CALLED and visit.clerk_id == window.clerk_id:
        return PadState("serving", None, visit.ticket)
    if visit is not None and _ratable(window, visit):
        return PadState("rate", visit.pk, visit.ticket)
    return PadState("idle", None, "")


def rate_on_pad(
    window: Window, visit_id: int, *, grade: Any, indicators: dict[str, Any], reason: str
) -> Rating:
    """Record the pad's rating of `visit_id` at `window`; refused as stale unless it is what the pad asks for."""
    with transaction.atomic():
        locked = Window.objects.select_for_update().get(pk=window.pk)
        latest = _latest(locked)
        if latest is None or latest.pk != visit_id:
            raise ApiError("pad_stale", _("这次评价已失效：窗口已为下一位办事人服务。"), status=409)
        if Rating.objects.filter(visit=latest).exists():
            raise ApiError("already_rated", _("这次服务已经评价过了，感谢您的参与。"), status=409)
        if not _ratable(locked, latest):
            raise ApiError("pad_stale", _("这次评价已失效：评价时间已过或窗口人员已更换。"), status=409)
        return record_rating(
            grade=grade,
            channel=RatingChannel.PAD,
            visit=latest,
            indicators=indicators,
            reason=reason,
        )

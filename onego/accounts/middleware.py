"""Staff sessions end after a period of inactivity (docs/security.md "Production hardening (prod)").

A government officer's browser left open at a service window must not stay logged in: when more than
ONEGO_STAFF_IDLE_MINUTES pass between two requests of a staff session, the session is ended and the officer
is sent to the login page with a message. Applicants keep Django's normal session.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.utils import timezone
from django.utils.translation import gettext as _

#: Session key holding the time (epoch seconds) of the staff member's last request.
LAST_SEEN_KEY = "onego_staff_last_seen"
#: The stored time is refreshed at most this often, so that not every request writes the session.
REFRESH_SECONDS = 30


def is_staff_session_user(user: object) -> bool:
    return bool(
        getattr(user, "is_staff", False)
        or getattr(user, "is_superuser", False)
        or getattr(user, "is_government_staff", False)
    )


class StaffIdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit_minutes = settings.ONEGO_STAFF_IDLE_MINUTES
        user = getattr(request, "user", None)
        if limit_minutes > 0 and user is not None and user.is_authenticated:
            # One query for the roles, kept for the rest of the request (the navigation asks for them again).
            prefetch_related_objects([user], "groups")
        if limit_minutes > 0 and user is not None and user.is_authenticated and is_staff_session_user(user):
            now = timezone.now().timestamp()
            last_seen = request.session.get(LAST_SEEN_KEY)
            if isinstance(last_seen, (int, float)) and now - last_seen > limit_minutes * 60:
                logout(request)
                messages.warning(
                    request,
                    _("您已超过 %(minutes)s 分钟未操作，为保护办件数据已自动退出，请重新登录。")
                    % {"minutes": limit_minutes},
                )
                if request.path.startswith("/api/"):
                    return self.get_response(request)  # now anonymous: the API answers 401 in JSON
                login_url = resolve_url(settings.LOGIN_URL)
                if request.path == login_url:  # "next" back to the login page would loop once signed in
                    return redirect(login_url)
                return redirect_to_login(request.get_full_path(), login_url)
            if not isinstance(last_seen, (int, float)) or now - last_seen >= REFRESH_SECONDS:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


def stamp_staff_login(sender: object, request: HttpRequest | None, user: object, **kwargs: object) -> None:
    """user_logged_in receiver: a staff session starts its idle clock at login, which writes the session anyway,
    so the first page after it does not write the session again."""
    if request is not None and hasattr(request, "session") and is_staff_session_user(user):
        request.session[LAST_SEEN_KEY] = timezone.now().timestamp()

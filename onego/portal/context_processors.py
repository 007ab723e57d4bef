from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from onego.accounts.roles import Role
from onego.core.outbox import unread_count
from onego.portal.navigation import items_for


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    authenticated = bool(user and user.is_authenticated)
    roles = user.role_names() if authenticated else set()  # type: ignore[union-attr]
    role_labels = [label for value, label in Role.choices if value in roles]
    unread = 0
    if authenticated:
        unread = unread_count(user.pk)  # type: ignore[union-attr]
    return {
        "nav_items": items_for(roles, authenticated=authenticated),
        "user_role_labels": role_labels,
        "unread_messages": unread,
        "demo_installation": settings.ONEGO_DEMO,
    }

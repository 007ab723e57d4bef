"""Whether a link to the admin site leads anywhere for this person: the admin asks for staff status, the
model permission and, where ONEGO_ADMIN_REQUIRES_OTP is on, a TOTP device to type the code from. A page
offers the link only when all three hold; otherwise it says who can make the change."""

from __future__ import annotations

from django.conf import settings
from django_otp import user_has_device

from onego.accounts.models import User


def can_reach_admin(user: object, permission: str) -> bool:
    if not isinstance(user, User) or not (user.is_active and user.is_staff and user.has_perm(permission)):
        return False
    return not settings.ONEGO_ADMIN_REQUIRES_OTP or user_has_device(user)

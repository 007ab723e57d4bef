"""Whether a link to the admin site leads anywhere for this person. The admin asks for staff status, the model
permission and, where ONEGO_ADMIN_REQUIRES_OTP is on, a code from the person's TOTP device, typed on the admin's
own sign-in page. A page offers the link only to someone who can get in, says when a code will be asked for,
and otherwise says who can make the change."""

from __future__ import annotations

from enum import StrEnum

from django.conf import settings
from django_otp import user_has_device

from onego.accounts.models import User


class AdminAccess(StrEnum):
    OPEN = "open"  # the admin opens at once
    NEEDS_CODE = "needs_code"  # the admin's sign-in page asks for the TOTP code first
    NONE = "none"  # the admin would refuse: no staff status, permission or TOTP device


def admin_access(user: object, permission: str) -> AdminAccess:
    if not isinstance(user, User) or not (user.is_active and user.is_staff and user.has_perm(permission)):
        return AdminAccess.NONE
    if not settings.ONEGO_ADMIN_REQUIRES_OTP:
        return AdminAccess.OPEN
    if not user_has_device(user):
        return AdminAccess.NONE
    verified = getattr(user, "is_verified", None)  # set by django_otp's middleware on request.user
    return AdminAccess.OPEN if callable(verified) and verified() else AdminAccess.NEEDS_CODE

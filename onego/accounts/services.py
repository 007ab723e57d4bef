"""Every write to accounts goes through these functions."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from onego.accounts.api_auth import hash_token
from onego.accounts.identity import IdentityNotVerified, get_identity_adapter
from onego.accounts.models import ApiToken, User
from onego.accounts.roles import Role
from onego.core import audit


class SignupRefused(Exception):
    """Shown to the applicant as the reason sign-up failed."""


def ensure_role_groups() -> None:
    for role in Role:
        Group.objects.get_or_create(name=role.value)


#: One answer for "name and ID number do not match" and "this ID number already has an account": told apart,
#: sign-up would tell anyone whether a name belongs to an ID number (docs/security.md, issue 14 finding 5).
NOT_VERIFIED_OR_REGISTERED = gettext_lazy(
    "姓名与身份证号码未能通过核验，或该身份证号码已注册（已注册的请直接登录）"
)


def sign_up_person(*, username: str, password: str, real_name: str, id_number: str, phone: str = "") -> User:
    """Register a citizen applicant after the identity adapter has confirmed name + ID number.

    The username is checked before the identity, and a mismatch and an ID number already registered give the
    same refusal, so no answer tells whether a name and an ID number belong together."""
    if User.objects.filter(username=username).exists():
        raise SignupRefused(gettext("用户名已被使用"))
    adapter = get_identity_adapter()
    try:
        identity = adapter.verify_person(real_name, id_number)
    except IdentityNotVerified as exc:
        if exc.reveals_nothing:
            raise SignupRefused(str(exc)) from exc
        raise SignupRefused(NOT_VERIFIED_OR_REGISTERED) from exc
    try:
        with transaction.atomic():
            if User.objects.filter(username=username).exists():
                raise SignupRefused(gettext("用户名已被使用"))
            if User.objects.filter(id_number=identity.id_number).exists():
                raise SignupRefused(NOT_VERIFIED_OR_REGISTERED)
            user = User(
                username=username,
                real_name=identity.real_name,
                id_number=identity.id_number,
                phone=phone,
                identity_source=identity.source,
            )
            user.set_password(password)
            user.save()
            group, _ = Group.objects.get_or_create(name=Role.APPLICANT_PERSON.value)
            user.groups.add(group)
            audit.record(user, "account.signed_up", user, identity_source=identity.source)
    except IntegrityError as exc:  # a concurrent sign-up with the same username or ID number
        raise SignupRefused(NOT_VERIFIED_OR_REGISTERED) from exc
    return user


def _new_token_row(user: User, name: str) -> tuple[ApiToken, str]:
    token = "og_" + secrets.token_urlsafe(32)
    expires_at = timezone.now() + dt.timedelta(days=settings.ONEGO_API_TOKEN_DAYS)
    row = ApiToken.objects.create(
        user=user, name=name, token_hash=hash_token(token), prefix=token[:8], expires_at=expires_at
    )
    return row, token


def create_api_token(user: User, *, name: str = "", actor: User | None = None) -> str:
    """Create a bearer token valid for ONEGO_API_TOKEN_DAYS and return it once; only its SHA-256 is kept."""
    with transaction.atomic():
        row, token = _new_token_row(user, name)
        audit.record(
            actor or "system:cli",
            "api_token.created",
            row,
            user_id=user.pk,
            name=name,
            expires_at=row.expires_at.isoformat(),
        )
    return token


class TokenNotRotatable(Exception):
    """The token is revoked or expired: a new one must be created (manage.py create_api_token)."""


def rotate_api_token(token_id: int, *, actor: User | str | None = None) -> tuple[ApiToken, str]:
    """Issue a new token for the same user and purpose and revoke the old one, in one transaction.
    Returns the new row and the new token (shown once)."""
    with transaction.atomic():
        old = ApiToken.objects.select_for_update().select_related("user").get(pk=token_id)
        if old.revoked_at is not None or old.is_expired:
            raise TokenNotRotatable(old.prefix)
        row, token = _new_token_row(old.user, old.name)
        old.revoked_at = timezone.now()
        old.save(update_fields=["revoked_at"])
        audit.record(
            actor or "system:cli",
            "api_token.rotated",
            row,
            user_id=old.user_id,
            replaces=old.pk,
            expires_at=row.expires_at.isoformat(),
        )
    return row, token


def revoke_api_token(token_id: int, *, actor: User | None = None) -> None:
    with transaction.atomic():
        row = ApiToken.objects.select_for_update().get(pk=token_id)
        if row.revoked_at is None:
            row.revoked_at = timezone.now()
            row.save(update_fields=["revoked_at"])
            audit.record(actor or "system:cli", "api_token.revoked", row)


def link_enterprise(user_id: int, *, credit_code: str, name: str, actor: object) -> User:
    """Let an applicant act for an enterprise (as the demo `enterprise` user acts for its company): its
    credit code and name on the account and the enterprise applicant role, kept alongside the person role.
    Called when the enterprise the applicant founded is registered (设立登记)."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user_id)
        previous = user.enterprise_credit_code
        user.enterprise_credit_code = credit_code
        user.enterprise_name = name[:200]
        user.full_clean(
            validate_unique=False,
            validate_constraints=False,
            exclude=[
                f.name
                for f in User._meta.fields
                if f.name not in ("enterprise_credit_code", "enterprise_name")
            ],
        )
        user.save(update_fields=["enterprise_credit_code", "enterprise_name"])
        group, _ = Group.objects.get_or_create(name=Role.APPLICANT_ENTERPRISE.value)
        user.groups.add(group)
        audit.record(actor, "account.enterprise_linked", user, credit_code=credit_code, previous=previous)
    return user

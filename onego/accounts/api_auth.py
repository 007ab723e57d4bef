"""Bearer-token authentication for systems calling the API."""

from __future__ import annotations

import hashlib

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from onego.accounts.models import ApiToken, User
from onego.core.errors import ApiError


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        found = (
            ApiToken.objects.select_related("user")
            .filter(token_hash=hash_token(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if found is None:
            return None
        if found.is_expired:
            raise ApiError(
                "token_expired", _("令牌已过期，请向系统管理员申请新令牌（令牌需在到期前轮换）"), status=401
            )
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]  # the rotate route replaces this very token
        return found.user

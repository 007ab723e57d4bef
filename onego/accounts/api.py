from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from onego.accounts.services import TokenNotRotatable, rotate_api_token
from onego.core.errors import ApiError

router = Router(tags=["accounts"])


class MeOut(Schema):
    username: str
    real_name: str
    id_number_masked: str
    department: str | None
    roles: list[str]


@router.get("/me", response=MeOut, summary="The authenticated user")
def me(request: HttpRequest) -> MeOut:
    user = request.user
    return MeOut(
        username=user.username,
        real_name=user.real_name,  # type: ignore[union-attr]
        id_number_masked=user.id_number_masked,  # type: ignore[union-attr]
        department=user.department.name if user.department else None,  # type: ignore[union-attr]
        roles=sorted(user.role_names()),  # type: ignore[union-attr]
    )


class RotatedTokenOut(Schema):
    token: str
    prefix: str
    expires_at: dt.datetime


@router.post(
    "/tokens/rotate",
    response=RotatedTokenOut,
    summary="Replace the bearer token of this request with a new one",
)
def rotate_token(request: HttpRequest) -> RotatedTokenOut:
    """Issues a new token (shown once) for the same user and purpose and revokes the token that made this request.
    Only a bearer token can be rotated, and only before it expires."""
    current = getattr(request, "api_token", None)
    if current is None:
        raise ApiError(
            "bearer_token_required", _("只能用接口令牌（Authorization: Bearer）轮换令牌"), status=400
        )
    try:
        row, token = rotate_api_token(current.pk, actor=request.user)  # type: ignore[arg-type]
    except TokenNotRotatable as exc:
        raise ApiError("token_not_rotatable", _("该令牌已吊销或已过期，不能轮换"), status=409) from exc
    return RotatedTokenOut(token=token, prefix=row.prefix, expires_at=row.expires_at)

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

router = Router(tags=["accounts"])


class MeOut(Schema):
    username: str
    real_name: str
    id_number_masked: str
    department: str | None
    roles: list[str]


@router.get("/me", response=MeOut, summary="The authenticated user / 当前用户")
def me(request: HttpRequest) -> MeOut:
    user = request.user
    return MeOut(
        username=user.username,
        real_name=user.real_name,  # type: ignore[union-attr]
        id_number_masked=user.id_number_masked,  # type: ignore[union-attr]
        department=user.department.name if user.department else None,  # type: ignore[union-attr]
        roles=sorted(user.role_names()),  # type: ignore[union-attr]
    )

"""REST routes of the e-archive (mounted at /api/v1/archive): what is archived for a case, with digests."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from onego.archive.models import ArchivedFile
from onego.archive.selectors import archived_files, case_for
from onego.core.errors import ApiError, error_responses

router = Router(tags=["archive"])


class ArchivedFileOut(Schema):
    name: str
    kind: str
    sm3: str
    size: int
    content_type: str
    retention: str
    created_at: datetime
    last_status: str
    last_verified_at: datetime | None


class CaseArchiveOut(Schema):
    case: str
    files: list[ArchivedFileOut]
    zip_url: str


@router.get(
    "/cases/{number}",
    response={200: CaseArchiveOut, **error_responses(404)},
    summary="A case's archived files",
)
def case_archive(request: HttpRequest, number: str) -> dict[str, object]:
    """Every archived file of the case with its SM3 digest, retention class and last verification; 404 for
    a case the caller may not see."""
    case = case_for(request.user, number)
    if case is None:
        raise ApiError("not_found", _("办件不存在"), status=404)
    files: list[ArchivedFile] = list(archived_files(case))
    return {"case": case.number, "files": files, "zip_url": f"/archive/case/{case.number}.zip"}

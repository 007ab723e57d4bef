"""Premises video uploads (mounted at /api/v1/inspection): start, send chunks, ask where to resume, finish.

The recording page calls these with the applicant's session (CSRF header); a phone app would use a token.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from onego.accounts.models import User
from onego.cases.models import Case
from onego.core.apidoc import BodyIn
from onego.core.errors import ApiError, error_responses
from onego.inspection import services, video
from onego.inspection.models import PremisesVideo

router = Router(tags=["inspection"])


class FixIn(BodyIn):
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    accuracy_m: float | None = Field(None, ge=0, le=100_000)
    at: datetime | None = None

    def fix(self) -> services.Fix:
        return services.Fix(self.latitude, self.longitude, self.accuracy_m, self.at)


class StartIn(BodyIn):
    plan_number: int = Field(..., ge=1, le=20)
    total_bytes: int = Field(..., ge=1)
    content_type: str = Field(..., max_length=100)
    source: str = Field("recorded", max_length=12)
    start: FixIn = Field(default_factory=lambda: FixIn(latitude=None, longitude=None, accuracy_m=None))


class UploadOut(Schema):
    upload_id: uuid.UUID
    plan_number: int
    status: str
    received_bytes: int
    total_bytes: int
    problems: list[dict[str, Any]]
    facts: dict[str, Any]


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise ApiError("unauthorized", _("请先登录"), status=401)
    return user


def _out(row: PremisesVideo) -> dict[str, Any]:
    return {
        "upload_id": row.upload_id,
        "plan_number": row.plan_number,
        "status": row.status,
        "received_bytes": row.received_bytes,
        "total_bytes": row.total_bytes,
        "problems": [{**p, "message": video.stored_message(p)} for p in row.problems],
        "facts": row.facts,
    }


def _own(request: HttpRequest, upload_id: uuid.UUID) -> PremisesVideo:
    row = PremisesVideo.objects.filter(upload_id=upload_id, uploaded_by=_user(request)).first()
    if row is None:
        raise ApiError("not_found", _("上传不存在"), status=404)
    return row


@router.post(
    "/cases/{number}/videos",
    response={201: UploadOut, **error_responses(404, 409)},
    summary="Start a video upload",
)
def start(request: HttpRequest, number: str, body: StartIn) -> Status:
    row = services.start_upload(
        number,
        applicant=_user(request),
        plan_number=body.plan_number,
        total_bytes=body.total_bytes,
        content_type=body.content_type,
        source=body.source,
        start=body.start.fix(),
    )
    return Status(201, _out(row))


@router.get(
    "/cases/{number}/videos",
    response={200: list[UploadOut], **error_responses(404)},
    summary="The case's videos",
)
def case_videos(request: HttpRequest, number: str) -> list[dict[str, Any]]:
    case = Case.objects.filter(number=number, applicant=_user(request)).first()
    if case is None:
        raise ApiError("not_found", _("办件不存在"), status=404)
    return [_out(r) for r in case.premises_videos.order_by("plan_number", "created_at")]


@router.get(
    "/uploads/{upload_id}",
    response={200: UploadOut, **error_responses(404)},
    summary="Where to resume",
)
def status(request: HttpRequest, upload_id: uuid.UUID) -> dict[str, Any]:
    return _out(_own(request, upload_id))


@router.put(
    "/uploads/{upload_id}",
    response={200: UploadOut, **error_responses(404, 409, 413)},
    summary="Send a chunk at ?offset=",
)
def chunk(request: HttpRequest, upload_id: uuid.UUID, offset: int = Query(..., ge=0)) -> dict[str, Any]:
    """The raw bytes of the chunk as the request body (application/octet-stream), at most 2 MiB."""
    if int(request.META.get("CONTENT_LENGTH") or 0) > services.MAX_CHUNK_BYTES:
        raise ApiError("chunk_too_large", _("单次上传的数据块过大"), status=413)
    row = services.append_chunk(upload_id, applicant=_user(request), offset=offset, data=request.body)
    return _out(row)


@router.post(
    "/uploads/{upload_id}/finish",
    response={200: UploadOut, **error_responses(404, 409)},
    summary="Finish an upload",
)
def finish(request: HttpRequest, upload_id: uuid.UUID, body: FixIn) -> dict[str, Any]:
    return _out(services.finish_upload(upload_id, applicant=_user(request), end=body.fix()))

"""E-licence API: public verification and key list, and the holder's signed JSON download.

Routes parse and authorise; verification and issuing are `onego.certificates.services`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from onego.certificates import selectors, services
from onego.core import ratelimit
from onego.core.apidoc import BodyIn
from onego.core.errors import ApiError, error_responses

router = Router(tags=["certificates"])


class LicenceSummaryOut(Schema):
    identifier: str
    number: str
    type_name: str
    type_code: str
    holder_name: str
    holder_code_masked: str
    holder_code_type: str
    issuer_name: str
    issuer_code: str
    issue_date: str
    valid_from: str
    valid_to: str | None
    status: str
    status_changed_at: str | None
    # true when only the identifier was given (no signature): the holder's name and code are left empty
    holder_withheld: bool = False


class VerifyIn(BodyIn):
    """The signed JSON document, or `qr` with the text of a licence's QR code."""

    payload: dict[str, Any] | None = None
    signature: str | None = Field(None, max_length=1000)
    key_id: str | None = Field(None, max_length=100)
    qr: str | None = Field(None, max_length=services.MAX_DOCUMENT_CHARS)


class VerifyOut(Schema):
    status: str
    label: str
    reasons: list[str]
    licence: LicenceSummaryOut | None


class KeyOut(Schema):
    key_id: str
    department: str
    department_code: str
    algorithm: str = "SM2withSM3 1.2.156.10197.1.501; user ID 1234567812345678"
    public_key_pem: str
    created: datetime
    not_after: datetime | None
    retired_at: datetime | None


@router.post(
    "/verify",
    response={200: VerifyOut, **error_responses(429)},
    auth=None,
    summary="Verify a licence",
)
def verify(request: HttpRequest, body: VerifyIn) -> dict[str, Any]:
    """Body: the signed JSON document `{"payload", "signature", "key_id"}`, or `{"qr": "<QR text>"}`.
    Answers valid / invalid / revoked / expired with reasons and a masked summary — never full personal data.
    At most ONEGO_VERIFY_RATE_PER_MINUTE checks per IP per minute (429 beyond)."""
    if ratelimit.over_limit(request, "verify", int(getattr(settings, "ONEGO_VERIFY_RATE_PER_MINUTE", 30))):
        raise ApiError(
            "rate_limited",
            _("核验过于频繁，请一分钟后再试"),
            status=429,
        )
    if body.payload is None and body.qr is not None:
        result = services.verify(body.qr)
    else:
        result = services.verify(
            {"payload": body.payload, "signature": body.signature, "key_id": body.key_id}
        )
    return {
        "status": result.status,
        "label": result.label,
        "reasons": result.reasons,
        "licence": result.licence,
    }


@router.get("/keys", response=list[KeyOut], auth=None, summary="Published SM2 public keys")
def keys(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "key_id": k.key_id,
            "department": k.department.name,
            "department_code": k.department.credit_code,
            "public_key_pem": k.public_key_pem,
            "created": k.created,
            "not_after": k.not_after,
            "retired_at": k.retired_at,
        }
        for k in selectors.published_keys()
    ]


@router.get(
    "/{identifier}.json",
    response={200: dict[str, Any], **error_responses(404)},
    summary="Signed licence JSON (holder or entitled staff)",
)
def download(request: HttpRequest, identifier: str) -> JsonResponse:
    """The holder, the applicant of the issuing case, staff of the issuing department and of departments
    handling a case that issued or uses the licence; 404 for everyone else. Every download is audited."""
    licence = selectors.licence_for_download(request.user, identifier)
    if licence is None:
        raise ApiError("not_found", _("证照不存在"), status=404)
    services.record_download(licence, request.user, fmt="json")
    response = JsonResponse(services.signed_document(licence), json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="{licence.number}.json"'
    return response

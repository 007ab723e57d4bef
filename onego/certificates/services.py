"""E-licence services: signing keys, issuing, revoking, expiring and verifying licences.

The signed payload is the licence's catalogue fields (GB/T 36901) as sorted-key compact JSON in UTF-8;
the signed JSON document `{"payload": {...}, "signature": "<base64 DER>", "key_id": "..."}` is what the JSON
download and the PDF's attachment (`licence.json`) carry, so anyone can check a licence offline with the
published public key (`/api/v1/licences/keys`).

The QR code does not carry the signed document (with the licence's data it would be too dense for a phone to
read off paper). It carries a link to the verification result, `<ONEGO_PUBLIC_BASE_URL>/licences/v/<identifier>/
?sig=<base64url DER signature>`: a phone's camera opens it and lands on the result (valid, revoked, expired or
invalid, the holder masked), checked online against the register. The signature in the link ties the QR code
to the licence as issued: a QR code made up from a published identifier, or copied from a licence issued again,
carries a signature that differs from the register's and is shown as invalid. Offline checking is the signed
document's job, never the QR code's. Older licences' QR codes (`/licences/verify/?id=...&sig=...`) and links
carrying a whole document (`?d=<base64url JSON>`) still open the result directly.
"""

from __future__ import annotations

import base64
import binascii
import calendar
import datetime as dt
import json
import logging
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.cn import ric, uscc

from onego.accounts.models import Department
from onego.cases import extensions
from onego.certificates import identifiers, render, signing
from onego.certificates.models import (
    HolderCodeType,
    IssuerSequence,
    Licence,
    LicenceStatus,
    LicenceType,
    LicenceUse,
    SigningKey,
)
from onego.certificates.render import ATTACHMENT_NAME
from onego.core import audit
from onego.core.identifiers import mask_id_number, mask_name
from onego.core.localized import localized

logger = logging.getLogger(__name__)

PAYLOAD_VERSION = 1
IDENTIFIER_VERSION = "001"
MAX_DOCUMENT_CHARS = 20_000


class LicenceError(ValueError):
    """A licence operation that cannot be done; the message is safe to show. Verification's messages are in the
    active language (gettext), as are the reasons of a VerificationResult; the staff-side ones too."""


# --- Signing keys --------------------------------------------------------------------------------------


def create_signing_key(
    department: Department, *, actor: Any = None, not_after: dt.datetime | None = None
) -> SigningKey:
    """Make a new SM2 key pair for a department: the private key goes to a 0600 file, the public key to the
    database. The department's previous key is retired (no longer signs) but stays published."""
    private = signing.generate_private_key()
    now = timezone.now()
    key_id = f"{department.credit_code}-{now:%Y%m%d%H%M%S}-{private.public.fingerprint()[:8]}"
    path = signing.write_private_key(key_id, private)
    try:
        with transaction.atomic():
            Department.objects.select_for_update().get(pk=department.pk)
            retired = list(SigningKey.objects.filter(department=department, retired_at__isnull=True))
            SigningKey.objects.filter(pk__in=[k.pk for k in retired]).update(retired_at=now)
            key = SigningKey.objects.create(
                department=department,
                key_id=key_id,
                public_key_pem=private.public.to_pem(),
                created=now,
                not_after=not_after,
            )
            audit.record(
                actor or "system:make_signing_key",
                "licence.signing_key_created",
                key,
                department=department.credit_code,
                retired=[k.key_id for k in retired],
            )
    except Exception:
        path.unlink(missing_ok=True)  # no orphan private key for a key the database never listed
        raise
    logger.info("Signing key %s created for department %s", key_id, department.credit_code)
    return key


def active_key(department: Department) -> SigningKey:
    key = SigningKey.objects.filter(department=department, retired_at__isnull=True).first()
    if key is None:
        raise LicenceError(
            _("%(name)s 没有可用的签名密钥，请先运行 manage.py make_signing_key %(credit_code)s。")
            % {"name": department.name, "credit_code": department.credit_code}
        )
    return key


# --- Payload and document ------------------------------------------------------------------------------


def canonical_payload(licence: Licence) -> dict[str, Any]:
    """The catalogue fields that the signature covers (codes, not names: a department may be renamed)."""
    return {
        "identifier": licence.identifier,
        "type_code": licence.licence_type.type_code,
        "number": licence.number,
        "holder_name": licence.holder_name,
        "holder_code": licence.holder_code,
        "holder_code_type": licence.holder_code_type,
        "issuer_code": licence.issuer_code,
        "issue_date": licence.issue_date.isoformat(),
        "valid_from": licence.valid_from.isoformat(),
        "valid_to": licence.valid_to.isoformat() if licence.valid_to else None,
        "jurisdiction_code": licence.jurisdiction_code,
        "data": licence.data,
        "key_id": licence.key_id,
        "payload_version": licence.payload_version,
    }


def payload_bytes(payload: dict[str, Any]) -> bytes:
    """Sorted keys, no spaces, UTF-8 (not \\u escapes): the exact bytes that are signed."""
    return json.dumps(
        payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def signed_document(licence: Licence) -> dict[str, Any]:
    """The signed JSON download, also attached to the PDF (the QR code carries only a link: see qr_text)."""
    return {"payload": canonical_payload(licence), "signature": licence.signature, "key_id": licence.key_id}


def signed_json_text(licence: Licence) -> str:
    """The compact signed document: the JSON download and the file attached to the PDF (checkable offline)."""
    return json.dumps(signed_document(licence), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def qr_text(licence: Licence) -> str:
    """The QR code: the absolute link to the licence's verification result, with the identifier in the path and
    the signature in the query. A phone's camera opens it and shows the result at once (no form to fill); the
    page compares the signature with the register's. Not the signed document: that is in the PDF
    (`licence.json`) and the JSON download, for checking offline. Short enough for a QR code a phone reads off
    paper (about 230 characters, version 10: 57 modules in 36 mm)."""
    return f"{public_base_url()}{verify_path(licence)}"


def verify_path(licence: Licence) -> str:
    """The site-relative verification link with the signature, as in the QR code: the holder's own 核验 link, which
    shows the (masked) holder; an identifier alone withholds it."""
    signature = base64.urlsafe_b64encode(base64.b64decode(licence.signature)).decode("ascii").rstrip("=")
    path = reverse("certificates:verify_link", args=[licence.identifier])
    return f"{path}?{urlencode({'sig': signature})}"


def verify_page_url() -> str:
    """The verification page's absolute address, printed in the licence PDF's footer."""
    return public_base_url() + reverse("certificates:verify")


def public_base_url() -> str:
    """ONEGO_PUBLIC_BASE_URL without a trailing slash: the address the public reaches the platform at."""
    from django.conf import settings

    return str(getattr(settings, "ONEGO_PUBLIC_BASE_URL", "http://127.0.0.1:8000")).rstrip("/")


@dataclass(frozen=True)
class IdentifierRef:
    """An identifier to look up in the register, with the signature a QR code carried (if any)."""

    identifier: str
    signature: bytes | None = None


# --- Issuing -------------------------------------------------------------------------------------------


def holder_code_type_for(code: str) -> str:
    if ric.is_valid(code):
        return HolderCodeType.ID_CARD
    if uscc.is_valid(code):
        return HolderCodeType.CREDIT_CODE
    raise LicenceError(_("持证主体代码应为有效的身份证号码或统一社会信用代码。"))


def _add_years(day: dt.date, years: int) -> dt.date:
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def default_valid_to(licence_type: LicenceType, valid_from: dt.date) -> dt.date | None:
    """Valid for N years means up to the day before the anniversary (2026-05-20 → 2031-05-19)."""
    if not licence_type.valid_years:
        return None
    return _add_years(valid_from, licence_type.valid_years) - dt.timedelta(days=1)


def _next_serial(issuer: Department) -> int:
    sequence, _ = IssuerSequence.objects.get_or_create(issuer=issuer)
    sequence = IssuerSequence.objects.select_for_update().get(pk=sequence.pk)
    sequence.last_serial += 1
    sequence.save(update_fields=["last_serial"])
    return sequence.last_serial


def issue_licence(
    *,
    licence_type: LicenceType,
    holder_name: str,
    holder_code: str,
    data: dict[str, Any],
    actor: Any,
    case: Any = None,
    issuer: Department | None = None,
    issue_date: dt.date | None = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    jurisdiction_code: str = "440111",
) -> Licence:
    """Issue and sign one licence (颁发电子证照). Runs inside the caller's transaction when there is one, so a
    case's licences are issued all together or not at all."""
    holder_code = (holder_code or "").strip().upper()
    holder_name = (holder_name or "").strip()
    if not holder_name:
        raise LicenceError(_("持证主体名称不能为空。"))
    code_type = holder_code_type_for(holder_code)
    if not isinstance(data, dict):
        raise LicenceError(_("照面信息应为 JSON 对象。"))
    issuer = issuer or licence_type.issuing_department
    issue_date = issue_date or timezone.localdate()
    valid_from = valid_from or issue_date
    if valid_to is None:
        valid_to = default_valid_to(licence_type, valid_from)
    if valid_to is not None and valid_to < valid_from:
        raise LicenceError(_("有效期截止日早于起始日。"))
    try:
        return _issue(
            licence_type=licence_type,
            holder_name=holder_name,
            holder_code=holder_code,
            code_type=code_type,
            data=data,
            actor=actor,
            case=case,
            issuer=issuer,
            issue_date=issue_date,
            valid_from=valid_from,
            valid_to=valid_to,
            jurisdiction_code=jurisdiction_code,
        )
    except IntegrityError:
        # Two issues raced past the check below; the partial unique index kept the second one out.
        if licence_type.one_valid_per_holder and _valid_licence_of(licence_type, holder_code) is not None:
            raise _second_licence(
                licence_type, holder_code, _valid_licence_of(licence_type, holder_code)
            ) from None
        raise


def _valid_licence_of(licence_type: LicenceType, holder_code: str) -> Licence | None:
    return Licence.objects.filter(
        licence_type=licence_type, holder_code=holder_code, status=LicenceStatus.VALID
    ).first()


def _second_licence(licence_type: LicenceType, holder_code: str, existing: Licence | None) -> LicenceError:
    number = existing.number if existing else ""
    return LicenceError(
        _(
            "持证主体 %(holder_code)s 已有有效的《%(name)s》（编号 %(number)s），不能再签发一张；"
            "登记事项变更的，应办理变更登记换发执照。"
        )
        % {
            "holder_code": holder_code,
            "name": localized(licence_type),
            "number": number,
        }
    )


def _issue(
    *,
    licence_type: LicenceType,
    holder_name: str,
    holder_code: str,
    code_type: str,
    data: dict[str, Any],
    actor: Any,
    case: Any,
    issuer: Department,
    issue_date: dt.date,
    valid_from: dt.date,
    valid_to: dt.date | None,
    jurisdiction_code: str,
) -> Licence:
    with transaction.atomic():
        if licence_type.one_valid_per_holder:
            LicenceType.objects.select_for_update().filter(pk=licence_type.pk).first()  # one issue at a time
            existing = _valid_licence_of(licence_type, holder_code)
            if existing is not None:
                raise _second_licence(licence_type, holder_code, existing)
        key_row = active_key(issuer)
        private = signing.load_private_key(key_row.key_id)
        serial = _next_serial(issuer)
        licence = Licence(
            identifier=identifiers.build(
                licence_type.type_code, issuer.credit_code, serial, IDENTIFIER_VERSION
            ),
            number=f"{licence_type.type_code[-3:]}{jurisdiction_code}{issue_date.year}{serial:08d}",
            licence_type=licence_type,
            holder_name=holder_name,
            holder_code=holder_code,
            holder_code_type=code_type,
            issuer=issuer,
            issuer_code=issuer.credit_code,
            issue_date=issue_date,
            valid_from=valid_from,
            valid_to=valid_to,
            jurisdiction_code=jurisdiction_code,
            data=data,
            status=LicenceStatus.VALID,
            key_id=key_row.key_id,
            payload_version=PAYLOAD_VERSION,
            case=case,
            one_per_holder=licence_type.one_valid_per_holder,
        )
        der = signing.sign(private, payload_bytes(canonical_payload(licence)))
        licence.signature = base64.b64encode(der).decode("ascii")
        licence.save()
        audit.record(
            actor,
            "licence.issued",
            licence,
            identifier=licence.identifier,
            type=licence_type.key,
            key_id=key_row.key_id,
            case_id=getattr(case, "pk", None),
        )
    return licence


def revoke(licence_id: int, reason: str, *, actor: Any) -> Licence:
    """Revoke a licence (撤销) with its reason; verification answers "revoked" from this moment."""
    reason = (reason or "").strip()
    if not reason:
        raise LicenceError(_("撤销须说明理由。"))
    with transaction.atomic():
        licence = Licence.objects.select_for_update().get(pk=licence_id)
        if licence.status not in (LicenceStatus.VALID, LicenceStatus.EXPIRED):
            raise LicenceError(
                _("证照状态为「%(value)s」，不能撤销。") % {"value": licence.get_status_display()}
            )
        licence.status = LicenceStatus.REVOKED
        licence.status_reason = reason[:500]
        licence.status_changed_at = timezone.now()
        licence.save(update_fields=["status", "status_reason", "status_changed_at"])
        audit.record(actor, "licence.revoked", licence, reason=licence.status_reason)
    return licence


def revoke_case_licences(case: Any, reason: str, actor: Any) -> int:
    """Revoke every valid licence the case issued, with one reason (the licence revoker registered with
    `cases.extensions`: a false commitment found by inspection's follow-up check). Runs in the caller's
    transaction; returns how many were revoked."""
    revoked = 0
    for licence in Licence.objects.filter(case=case, status=LicenceStatus.VALID):
        revoke(licence.pk, reason, actor=actor)
        revoked += 1
    return revoked


def expire_due_licences(*, today: dt.date | None = None, actor: Any = "system:expire_licences") -> int:
    """Mark valid licences past their end date as expired (verification already answers "expired" for
    them by date; this keeps the register's status column in step). Idempotent."""
    today = today or timezone.localdate()
    count = 0
    for pk in Licence.objects.filter(status=LicenceStatus.VALID, valid_to__lt=today).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            licence = Licence.objects.select_for_update().get(pk=pk)
            if licence.status != LicenceStatus.VALID:
                continue
            licence.status = LicenceStatus.EXPIRED
            licence.status_reason = _("有效期届满")
            licence.status_changed_at = timezone.now()
            licence.save(update_fields=["status", "status_reason", "status_changed_at"])
            audit.record(actor, "licence.expired", licence)
            count += 1
    return count


# --- Verification (证照核验) ---------------------------------------------------------------------------


class VerificationStatus:
    VALID = "valid"
    INVALID = "invalid"
    REVOKED = "revoked"
    EXPIRED = "expired"


STATUS_LABELS = {
    VerificationStatus.VALID: "有效 Valid",
    VerificationStatus.INVALID: "无效 Invalid",
    VerificationStatus.REVOKED: "已撤销 Revoked",
    VerificationStatus.EXPIRED: "已过期 Expired",
}


@dataclass
class VerificationResult:
    status: str
    reasons: list[str] = field(default_factory=list)
    licence: dict[str, Any] | None = None

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


def public_summary(licence: Licence) -> dict[str, Any]:
    """The minimum a verifier sees: no full ID number, no personal name in full, no licence data."""
    person = licence.holder_code_type == HolderCodeType.ID_CARD
    return {
        "identifier": licence.identifier,
        "number": licence.number,
        "type_name": licence.licence_type.name,
        "type_name_en": licence.licence_type.name_en,  # the page shows it to a reader in English; not in the API
        "type_code": licence.licence_type.type_code,
        "holder_name": mask_name(licence.holder_name) if person else licence.holder_name,
        "holder_code_masked": mask_id_number(licence.holder_code),
        "holder_code_type": licence.holder_code_type,
        "issuer_name": licence.issuer.name,
        "issuer_name_en": licence.issuer.name_en,
        "issuer_code": licence.issuer_code,
        "issue_date": licence.issue_date.isoformat(),
        "valid_from": licence.valid_from.isoformat(),
        "valid_to": licence.valid_to.isoformat() if licence.valid_to else None,
        "status": licence.status,
        "status_changed_at": licence.status_changed_at.isoformat() if licence.status_changed_at else None,
    }


def _invalid(*reasons: str) -> VerificationResult:
    return VerificationResult(VerificationStatus.INVALID, list(reasons))


# The path of the QR code's link: /licences/v/<identifier>/ (any prefix: the public address may have one).
_LINK_PATH = re.compile(r"/licences/v/(?P<identifier>[^/?#]+)/?$")


def _link_signature(query: dict[str, list[str]]) -> bytes | None:
    if not query.get("sig"):
        return None
    encoded = query["sig"][0].strip()
    try:
        return base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
    except (binascii.Error, ValueError) as exc:
        raise LicenceError(_("核验链接中的签名无法解码。")) from exc


def parse_document(text_or_document: str | dict[str, Any]) -> dict[str, Any] | IdentifierRef:
    """A signed document (dict or JSON text), a verification URL carrying one (`?d=<base64url JSON>`), the QR
    code's link (`/licences/v/<identifier>/?sig=<base64url DER>`, or the older `/licences/verify/?id=...&sig=...`)
    or an identifier alone. Raises LicenceError with a message in the active language otherwise."""
    if isinstance(text_or_document, dict):
        return text_or_document
    text = (text_or_document or "").strip()
    if not text:
        raise LicenceError(_("请粘贴二维码内容或证照 JSON。"))
    if len(text) > MAX_DOCUMENT_CHARS:
        raise LicenceError(_("内容过长。"))
    if text.startswith(("http://", "https://", "/")):
        url = urlsplit(text)
        query = parse_qs(url.query)
        link = _LINK_PATH.search(url.path)
        if link:
            return IdentifierRef(unquote(link.group("identifier")).strip(), _link_signature(query))
        if "d" in query:
            encoded = query["d"][0]
            try:
                text = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode("utf-8")
            except (binascii.Error, ValueError) as exc:
                raise LicenceError(_("核验链接中的数据无法解码。")) from exc
        elif "id" in query:
            return IdentifierRef(query["id"][0].strip(), _link_signature(query))
        else:
            raise LicenceError(_("核验链接缺少证照数据。"))
    if text.startswith(identifiers.PREFIX + "."):
        return IdentifierRef(text)
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise LicenceError(_("内容不是有效的 JSON，也不是证照标识。")) from exc
    if not isinstance(document, dict):
        raise LicenceError(_("证照 JSON 应为对象。"))
    if "qr" in document and "payload" not in document:
        return parse_document(str(document["qr"]))
    return document


def verify(text_or_document: str | dict[str, Any], *, today: dt.date | None = None) -> VerificationResult:
    """Check a signed licence document: signature against the published key (retired keys included), the
    identifier's check character, then the register's status and dates. An identifier alone is checked
    against the stored licence and its stored signature."""
    try:
        parsed = parse_document(text_or_document)
    except LicenceError as exc:
        return _invalid(str(exc))
    if isinstance(parsed, IdentifierRef):
        stored = (
            Licence.objects.select_related("licence_type", "issuer")
            .filter(identifier=parsed.identifier)
            .first()
        )
        if stored is None:
            reason = (
                _("证照标识格式或校验位错误。")
                if not identifiers.is_valid(parsed.identifier)
                else _("登记库中没有此证照。")
            )
            return _invalid(reason)
        if parsed.signature is not None and parsed.signature != base64.b64decode(stored.signature):
            return _invalid(_("二维码中的签名与登记库不一致：证照可能被伪造。"))
        result = _verify_document(signed_document(stored), today=today or timezone.localdate())
        return result if parsed.signature is not None else _holder_withheld(result)
    return _verify_document(parsed, today=today or timezone.localdate())


def _holder_withheld(result: VerificationResult) -> VerificationResult:
    """An identifier typed without the licence's signature proves nothing about holding the licence, and the
    serials are sequential: the answer keeps the status, type, issuer and dates, not who holds it (issue 14,
    docs/security.md). The QR code, the signed JSON and the PDF carry the signature and show the masked holder."""
    if result.licence is None:
        return result
    licence = {**result.licence, "holder_name": "", "holder_code_masked": "", "holder_withheld": True}
    return VerificationResult(result.status, result.reasons, licence)


def _verify_document(document: dict[str, Any], *, today: dt.date) -> VerificationResult:
    payload = document.get("payload")
    signature_b64 = document.get("signature")
    key_id = document.get("key_id")
    if not isinstance(payload, dict) or not isinstance(signature_b64, str) or not isinstance(key_id, str):
        return _invalid(_("缺少 payload、signature 或 key_id。"))
    if payload.get("key_id") != key_id:
        return _invalid(_("签名密钥编号与载荷不一致。"))
    try:
        signature = base64.b64decode(signature_b64, validate=True)
    except (binascii.Error, ValueError):
        return _invalid(_("签名不是有效的 Base64。"))
    key = SigningKey.objects.select_related("department").filter(key_id=key_id).first()
    if key is None:
        return _invalid(_("未公布的签名密钥。"))
    try:
        public = signing.public_key_from_pem(key.public_key_pem)
        message = payload_bytes(payload)
    except (ValueError, TypeError):
        return _invalid(_("载荷无法规范化。"))
    if not signing.verify(public, message, signature):
        return _invalid(_("签名验证失败：证照内容或签名已被改动。"))
    identifier = payload.get("identifier")
    try:
        parts = identifiers.parse(str(identifier))
    except ValueError:
        return _invalid(_("证照标识格式或校验位错误。"))
    if parts.issuer_code != key.department.credit_code or payload.get("issuer_code") != parts.issuer_code:
        return _invalid(_("签名密钥不属于颁证单位。"))
    if parts.type_code != payload.get("type_code"):
        return _invalid(_("证照标识与证照类型不一致。"))
    stored = Licence.objects.select_related("licence_type", "issuer").filter(identifier=identifier).first()
    if stored is None:
        return _invalid(_("登记库中没有此证照。"))
    if payload_bytes(canonical_payload(stored)) != message:
        return _invalid(_("证照内容与登记库不一致。"))
    if key.retired_at is not None and stored.created_at > key.retired_at:
        return _invalid(_("证照由已停用的密钥签名。"))
    summary = public_summary(stored)
    if stored.status in (LicenceStatus.REVOKED, LicenceStatus.CANCELLED):
        when = (
            timezone.localtime(stored.status_changed_at).date().isoformat()
            if stored.status_changed_at
            else ""
        )
        label = _("已撤销") if stored.status == LicenceStatus.REVOKED else _("已注销")
        return VerificationResult(
            VerificationStatus.REVOKED, [f"{label} {when}：{stored.status_reason}".strip()], summary
        )
    if stored.status == LicenceStatus.EXPIRED or (stored.valid_to is not None and stored.valid_to < today):
        return VerificationResult(
            VerificationStatus.EXPIRED, [_("有效期至 %(day)s 已届满。") % {"day": stored.valid_to}], summary
        )
    if stored.valid_from > today:
        return _invalid(_("证照自 %(day)s 起生效。") % {"day": stored.valid_from})
    return VerificationResult(VerificationStatus.VALID, [_("签名有效，证照在有效期内。")], summary)


# --- Rendering and the stored PDF ----------------------------------------------------------------------

HOLDER_LABELS = {
    HolderCodeType.CREDIT_CODE: ("名　　称", "统一社会信用代码"),
    HolderCodeType.ID_CARD: ("姓　　名", "公民身份号码"),
}
# Data fields that the renderer prints in their own rows.
_OWN_ROWS = {"legal_representative"}


def render_data(licence: Licence) -> dict[str, Any]:
    """The plain dict onego.certificates.render draws: the licence as printed, the QR code's verification link,
    the verification page's address for the footer, and the signed document to attach to the PDF. An
    enterprise's credit code is public and printed whole; a person's ID is masked."""
    person = licence.holder_code_type == HolderCodeType.ID_CARD
    name_label, code_label = HOLDER_LABELS[HolderCodeType(licence.holder_code_type)]
    labels = {f.get("key"): f.get("label") for f in licence.licence_type.data_fields if isinstance(f, dict)}
    fields = [
        (str(labels.get(k) or k), str(v))
        for k, v in (licence.data or {}).items()
        if k not in _OWN_ROWS and v not in (None, "")
    ]
    return {
        "type_name": licence.licence_type.name,
        "licence_number": licence.number,
        "identifier": licence.identifier,
        "holder_name": licence.holder_name,
        "holder_label": name_label,
        "holder_code_label": code_label,
        "holder_code_masked": mask_id_number(licence.holder_code) if person else licence.holder_code,
        "legal_representative": (licence.data or {}).get("legal_representative", ""),
        "fields": fields,
        "issuer_name": licence.issuer.name,
        "issue_date": licence.issue_date,
        "valid_from": licence.valid_from,
        "valid_to": licence.valid_to,
        "qr_text": qr_text(licence),
        "verify_url": verify_page_url(),
        "signed_json": signed_json_text(licence),
    }


MAX_PDF_BYTES = 10 * 1024 * 1024
# What reading an uploaded PDF may inflate to, per stream (pypdf's own default is 75 MB): the signed document a
# licence carries is at most MAX_DOCUMENT_CHARS, so a stream that inflates beyond this is hostile (a
# decompression bomb) and the upload is refused before the memory is spent (docs/security.md, inputs).
MAX_PDF_INFLATED_BYTES = 4 * 1024 * 1024
_PDF_LIMITS = (
    "maximum_declared_stream_length",
    "array_based_stream_maximum_output_length",
    "jbig2_maximum_output_length",
    "lzw_maximum_output_length",
    "run_length_maximum_output_length",
    "zlib_maximum_output_length",
    "brotli_maximum_output_length",
    "image_maximum_buffer_size",
)


class HostilePdf(LicenceError):
    """An uploaded PDF refused before it is read through: a stream inflating past the limit, or nesting too deep."""


def document_from_pdf(content: bytes) -> str:
    """The signed document attached to a licence PDF (`licence.json`), as text. LicenceError when the file is
    not a PDF or carries none: a PDF printed or rebuilt by another program loses it — paste the QR text then.
    HostilePdf when a stream inflates past MAX_PDF_INFLATED_BYTES or the objects nest too deep."""
    import io

    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import LimitReachedError, PyPdfError

    if not content.startswith(b"%PDF-"):
        raise LicenceError(_("上传的文件不是 PDF。"))
    if len(content) > MAX_PDF_BYTES:
        raise LicenceError(_("PDF 文件过大（上限 10 MB）。"))
    try:
        with apply_configuration(None, **dict.fromkeys(_PDF_LIMITS, MAX_PDF_INFLATED_BYTES)):
            attachments = PdfReader(io.BytesIO(content)).attachments
            found = attachments.get(ATTACHMENT_NAME) or []
            data = bytes(found[0]) if found else b""
    except (LimitReachedError, MemoryError, RecursionError) as exc:
        raise HostilePdf(_("PDF 文件中的数据解压后过大或嵌套过深，已拒绝读取。")) from exc
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise LicenceError(_("PDF 文件无法读取。")) from exc
    if not found:
        raise LicenceError(_("该 PDF 不含证照签名数据，请扫描证照上的二维码后粘贴其内容。"))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LicenceError(_("PDF 中的证照签名数据无法解码。")) from exc


def licence_pdf(licence: Licence) -> bytes:
    """The licence's PDF: the stored (archived) file when the worker has made it, else rendered now."""
    if licence.pdf:
        try:
            with licence.pdf.open("rb") as stream:
                return bytes(stream.read())
        except FileNotFoundError:
            logger.warning(
                "Licence %s: stored PDF %s is missing; rendering again", licence.identifier, licence.pdf.name
            )
    return render.render_licence_pdf(render_data(licence))


STORE_PDF_GRACE = dt.timedelta(minutes=10)  # a worker normally renders a new licence within seconds
STORE_PDF_BATCH = 100


def store_missing_pdfs(*, now: dt.datetime | None = None, limit: int = STORE_PDF_BATCH) -> int:
    """The beat job "render-licences": store the PDF of every licence a case issued more than STORE_PDF_GRACE
    ago that has none (its rendering was never queued: the broker was down after commit). Returns how many."""
    cutoff = (now or timezone.now()) - STORE_PDF_GRACE
    pending = Licence.objects.filter(case__isnull=False, pdf="", created_at__lt=cutoff).order_by("pk")
    stored = 0
    for licence_id in list(pending.values_list("pk", flat=True)[:limit]):
        store_pdf(licence_id)
        stored += 1
    return stored


def store_pdf(licence_id: int) -> Licence:
    """Render the licence's PDF, store it and record it in the e-archive (permanent). Idempotent: a licence
    whose PDF is stored is left as it is. Called by the worker after the licence is issued."""
    licence = Licence.objects.select_related("licence_type", "issuer", "case").get(pk=licence_id)
    if not licence.pdf:
        content = render.render_licence_pdf(render_data(licence))
        with transaction.atomic():
            locked = Licence.objects.select_for_update().get(pk=licence_id)
            if locked.pdf:
                return locked
            locked.pdf.save(f"{licence.identifier}.pdf", ContentFile(content), save=False)
            locked.save(update_fields=["pdf"])
            licence = locked
    extensions.archive_file(
        name=str(licence.pdf.name), kind="licence", case=licence.case, content_type="application/pdf"
    )
    return licence


# --- Reuse (免提交) and licence uses (用证记录) -------------------------------------------------------------

MAX_USE_REASON = 200


def usable_licences(holder_codes: list[str], type_keys: list[str]) -> dict[str, list[Licence]]:
    """The holder's licences of each type that can stand in for a material now (valid and in force)."""
    today = timezone.localdate()
    result: dict[str, list[Licence]] = {key: [] for key in type_keys}
    if not holder_codes or not type_keys:
        return result
    rows = (
        Licence.objects.select_related("licence_type", "issuer")
        .filter(
            holder_code__in=holder_codes,
            licence_type__key__in=type_keys,
            status=LicenceStatus.VALID,
            valid_from__lte=today,
        )
        .order_by("-issue_date", "-id")
    )
    for licence in rows:
        if licence.valid_to is None or licence.valid_to >= today:
            result[licence.licence_type.key].append(licence)
    return result


def record_download(licence: Licence, user: Any, *, fmt: str) -> None:
    """Audit one download of a licence in full (the signed JSON or the PDF carry the holder's whole code):
    who, which licence, which format, and on what ground (holder or staff)."""
    holder = licence.holder_code in (
        getattr(user, "id_number", ""),
        getattr(user, "enterprise_credit_code", ""),
    )
    audit.record(
        user,
        "licence.downloaded",
        licence,
        format=fmt,
        number=licence.number,
        grounds="holder"
        if holder
        else ("staff" if getattr(user, "is_government_staff", False) else "applicant"),
        department=getattr(getattr(user, "department", None), "credit_code", ""),
    )


def record_use(licence: Licence, *, department: Department, reason: str, actor: Any, case: Any = None) -> Any:
    """Log that `department` used the licence (用证), with its reason; the holder sees it under My licences.
    The issuer reading its own licence is not a use by another department and is not logged. One row per
    department, case and licence: looking again at the same case adds nothing."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise LicenceError(_("用证须说明事由。"))
    if len(reason) > MAX_USE_REASON:
        raise LicenceError(
            _("用证事由不能超过 %(max_use_reason)s 个字符。") % {"max_use_reason": MAX_USE_REASON}
        )
    if department.pk == licence.issuer_id:
        return None
    with transaction.atomic():
        if case is not None:
            existing = LicenceUse.objects.filter(licence=licence, department=department, case=case).first()
            if existing is not None:
                return existing
        use = LicenceUse.objects.create(licence=licence, department=department, reason=reason, case=case)
        audit.record(
            actor,
            "licence.used",
            licence,
            department=department.credit_code,
            reason=reason,
            case=getattr(case, "number", ""),
        )
    return use

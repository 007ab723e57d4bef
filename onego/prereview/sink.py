"""Where the robots' records go and where their write-back orders come from (seed case 7, the loop).

The sink "subsidy_claim" turns a claim the capture robot read from the vertical system into a `Claim` with
its persons and attachments and a OneGo case (``onego.cases.capture``), once per (system, external id), and
queues its pre-review after commit. The write-back source "subsidy_result" hands the robot the decided
claims with what to type into the system's result form, and is told the receipt once the robot has written
and read it back. Both are registered in ``PrereviewConfig.ready`` through ``onego.robots.extensions``.

The record's `fields` are the record page as the robot read it, keyed by the page's labels (申报编号,
单位名称, 统一社会信用代码, 申报类型, 所属期, 申报金额（元）, 最后修改时间) with the persons table as a list of
rows keyed by its column headers (序号, 姓名, 身份证号码, 人员类别, 申报月数, 申报金额（元）). Attachments are
told apart by the start of their names (身份证-, 营业执照-, 劳动合同-, 工资发放表-).
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from onego.cases.capture import register_captured_case
from onego.core import audit
from onego.core.errors import ApiError
from onego.core.identifiers import normalize_credit_code, normalize_id_number
from onego.core.queue import enqueue_on_commit
from onego.prereview.models import Claim, ClaimAttachment, PersonClaim, SubsidyScheme
from onego.robots.extensions import CapturedRecord, WriteBackOrder

logger = logging.getLogger(__name__)

SINK_NAME: Final = "subsidy_claim"
SOURCE_NAME: Final = "subsidy_result"
ACTOR: Final = "system:robot"

# File-name prefix on the vertical system → (documents.DOC_KINDS value, the case material key, per person)
ATTACHMENT_KINDS: Final = {
    "身份证": ("id_card", "applicant_id", True),
    "营业执照": ("business_licence", "business_licence", False),
    "劳动合同": ("labour_contract", "labour_contract", True),
    "工资发放表": ("bank_statement", "bank_account_proof", False),
}
PERSONS_KEYS: Final = ("persons", "人员", "申报人员", "人员明细")
PERIOD_PATTERN: Final = re.compile(r"(\d{4}-\d{2}-\d{2})\s*(?:至|~|—|-{1,2}|到)\s*(\d{4}-\d{2}-\d{2})")


class CaptureInvalid(ApiError):
    """The record cannot be read as a claim; the robot logs it as a failed item and a person looks."""

    def __init__(self, message: str, **data: Any) -> None:
        super().__init__("capture_invalid", message, status=422, **data)


@dataclass(frozen=True)
class ParsedPerson:
    seq: int
    name: str
    id_number: str
    category: str
    months_claimed: int
    amount_claimed_fen: int


@dataclass(frozen=True)
class ParsedClaim:
    scheme: SubsidyScheme
    enterprise_code: str
    enterprise_name: str
    period_start: date
    period_end: date
    amount_claimed_fen: int
    submitted_on: date | None
    persons: tuple[ParsedPerson, ...]


def _text(fields: Mapping[str, Any], *keys: str) -> str:
    for key in keys:
        value = fields.get(key)
        if value not in (None, ""):
            return str(value).strip()
    return ""


def fen_of(text: str) -> int:
    """ "12,000.00" (yuan, as the system shows it) → 1200000 fen."""
    try:
        amount = Decimal(text.replace(",", "").replace("，", "").strip())
    except InvalidOperation:
        raise CaptureInvalid(_("金额「%(value)s」无法识别") % {"value": text}) from None
    if amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise CaptureInvalid(_("金额「%(value)s」无法识别") % {"value": text})
    return int(amount * 100)


def _scheme(label: str) -> SubsidyScheme:
    scheme = SubsidyScheme.objects.filter(active=True, key=label).first()
    scheme = scheme or SubsidyScheme.objects.filter(active=True, name=label).first()
    if scheme is None:
        raise CaptureInvalid(_("申报类型「%(scheme)s」没有对应的补贴项目") % {"scheme": label})
    return scheme


def parse(record: CapturedRecord) -> ParsedClaim:
    """The claim the record describes, every value checked; CaptureInvalid names the first problem."""
    fields = record.fields
    try:
        code = normalize_credit_code(_text(fields, "统一社会信用代码", "enterprise_code"))
    except ValidationError:
        raise CaptureInvalid(_("统一社会信用代码无效")) from None
    name = _text(fields, "单位名称", "enterprise_name")
    period = PERIOD_PATTERN.search(_text(fields, "所属期", "period"))
    if not name or period is None:
        raise CaptureInvalid(_("申报缺少单位名称或所属期"))
    start, end = date.fromisoformat(period.group(1)), date.fromisoformat(period.group(2))
    if end < start:
        raise CaptureInvalid(_("所属期的结束日期早于开始日期"))
    submitted = _text(fields, "申报日期", "submitted_on")
    rows: list[Mapping[str, Any]] = next(
        (fields[k] for k in PERSONS_KEYS if isinstance(fields.get(k), list)), []
    )
    persons = []
    for index, row in enumerate(rows, start=1):
        try:
            id_number = normalize_id_number(_text(row, "身份证号码", "id_number"))
        except ValidationError:
            raise CaptureInvalid(_("第 %(seq)s 名人员的身份证号码无效") % {"seq": index}) from None
        months = _text(row, "申报月数", "months_claimed") or "0"
        if not months.isdigit():
            raise CaptureInvalid(_("第 %(seq)s 名人员的申报月数无效") % {"seq": index})
        seq = _text(row, "序号", "seq")
        persons.append(
            ParsedPerson(
                seq=int(seq) if seq.isdigit() else index,
                name=_text(row, "姓名", "name"),
                id_number=id_number,
                category=_text(row, "人员类别", "category"),
                months_claimed=int(months),
                amount_claimed_fen=fen_of(_text(row, "申报金额（元）", "申报金额", "amount") or "0"),
            )
        )
    if not persons:
        raise CaptureInvalid(_("申报没有人员明细"))
    amount = _text(fields, "申报金额（元）", "申报金额", "amount")
    return ParsedClaim(
        scheme=_scheme(_text(fields, "申报类型", "scheme")),
        enterprise_code=code,
        enterprise_name=name,
        period_start=start,
        period_end=end,
        amount_claimed_fen=fen_of(amount) if amount else sum(p.amount_claimed_fen for p in persons),
        submitted_on=date.fromisoformat(submitted[:10])
        if re.match(r"\d{4}-\d{2}-\d{2}", submitted)
        else None,
        persons=tuple(persons),
    )


def _attachment_kind(name: str) -> tuple[str, str, str]:
    """(kind, case material key, the person's name or "") from a file name such as 身份证-张三.png."""
    stem = name.rsplit(".", 1)[0]
    prefix, _sep, rest = stem.partition("-")
    kind, material, per_person = ATTACHMENT_KINDS.get(prefix, ("other", "other", False))
    return kind, material, rest if per_person else ""


def _reference(claim: Claim) -> str:
    return (
        claim.case.number if claim.case_id and claim.case else f"{claim.external_system}:{claim.external_id}"
    )


def capture_claim(record: CapturedRecord) -> str:
    """The sink: store the record as a claim with its persons, attachments and case, once per (system,
    external id); queue its pre-review after commit. Returns the case number staff see."""
    existing = Claim.objects.select_related("case").filter(
        external_system=record.system, external_id=record.external_id
    )
    found = existing.first()
    if found is not None:
        return _reference(found)
    parsed = parse(record)
    try:
        with transaction.atomic():
            claim = _store(record, parsed)
    except IntegrityError:
        # Another worker stored the same record meanwhile: theirs is the one claim.
        found = existing.first()
        if found is None:
            raise
        return _reference(found)
    return _reference(claim)


def _store(record: CapturedRecord, parsed: ParsedClaim) -> Claim:
    on = timezone.localdate()
    files = [(a, *_attachment_kind(a.name)) for a in record.attachments]
    case = None
    if parsed.scheme.item is not None:
        case = register_captured_case(
            item=parsed.scheme.item,
            applicant_code=parsed.enterprise_code,
            applicant_name=parsed.enterprise_name,
            form_data={"external_system": record.system, "external_id": record.external_id, **record.fields},
            attachments=[(material, a.name, a.content_type, a.content) for a, _kind, material, _who in files],
            external_ref=f"{record.system}:{record.external_id}",
            on=on,
        )
    claim = Claim.objects.create(
        scheme=parsed.scheme,
        external_system=record.system,
        external_id=record.external_id,
        fingerprint=record.fingerprint,
        fields=record.fields,
        enterprise_code=parsed.enterprise_code,
        enterprise_name=parsed.enterprise_name,
        period_start=parsed.period_start,
        period_end=parsed.period_end,
        submitted_on=parsed.submitted_on,
        amount_claimed_fen=parsed.amount_claimed_fen,
        case=case,
        captured_at=timezone.now(),
    )
    persons = {
        p.name: PersonClaim.objects.create(
            claim=claim,
            seq=p.seq,
            name=p.name,
            id_number=p.id_number,
            category=p.category,
            months_claimed=p.months_claimed,
            amount_claimed_fen=p.amount_claimed_fen,
        )
        for p in parsed.persons
    }
    for attachment, kind, _material, who in files:
        row = ClaimAttachment(
            claim=claim,
            person=persons.get(who) if who else None,
            kind=kind,
            name=attachment.name[:255],
            content_type=attachment.content_type,
            size=len(attachment.content),
            digest=hashlib.sha256(attachment.content).hexdigest(),
        )
        row.file.save(
            f"{claim.pk}-{len(persons)}-{attachment.name}", ContentFile(attachment.content), save=False
        )
        row.save()
    audit.record(
        ACTOR,
        "prereview.claim_captured",
        claim,
        system=record.system,
        external_id=record.external_id,
        case=case.number if case else "",
        persons=len(persons),
        attachments=len(files),
        fingerprint=record.fingerprint,
    )
    enqueue_on_commit("onego.prereview.prereview_claim", claim.pk)
    return claim


# --- write-back ------------------------------------------------------------------------------------------------


def _yuan(fen: int) -> str:
    return f"{Decimal(fen) / 100:.2f}"


def writeback_values(claim: Claim) -> dict[str, str]:
    """What to type into the system's result form for a decided claim: approved when any person passed,
    the approved amount in yuan, and a short opinion in Chinese (the system's language, whoever decided)."""
    persons = list(claim.persons.order_by("seq"))
    passed = [p for p in persons if p.final_verdict == PersonClaim.Final.PASS]
    failed = [p for p in persons if p.final_verdict != PersonClaim.Final.PASS]
    amount = sum(
        p.amount_claimed_fen if p.amount_approved_fen is None else p.amount_approved_fen for p in passed
    )
    with translation.override("zh-hans"):
        if not failed:
            opinion = _("经预审及人工复核，%(count)s 人符合条件") % {"count": len(passed)}
        else:
            reasons = "；".join(f"{p.name}：{_failed_reason(p)}" for p in failed)
            opinion = _("经预审及人工复核，%(passed)s 人符合条件，%(failed)s 人不符合：%(reasons)s") % {
                "passed": len(passed),
                "failed": len(failed),
                "reasons": reasons,
            }
    return {
        "auditResult": "1" if passed else "2",
        "auditAmount": _yuan(amount),
        "auditOpinion": opinion[:500],
    }


def _failed_reason(person: PersonClaim) -> str:
    """The override reason, or the names of the rules that failed or could not be checked (Chinese)."""
    if person.decision == PersonClaim.Decision.OVERRIDDEN and person.override_reason:
        return person.override_reason[:100]
    names = [r.get("name", r.get("rule", "")) for r in person.reasons if r.get("outcome") == "fail"]
    names = names or [r.get("name", "") for r in person.reasons if r.get("outcome") == "unknown"]
    return "、".join(n for n in names if n) or "-"


def pending_writebacks(system: str) -> Iterator[WriteBackOrder]:
    """The decided claims of `system` not yet written back, oldest decision first."""
    claims = Claim.objects.filter(external_system=system, status=Claim.Status.DECIDED).exclude(external_id="")
    for claim in claims.select_related("case").order_by("decided_at", "pk"):
        yield WriteBackOrder(
            system=system,
            external_id=claim.external_id,
            reference=_reference(claim),
            values=writeback_values(claim),
            expected_fingerprint=claim.fingerprint,
        )


def mark_written(order: WriteBackOrder, receipt: str) -> None:
    """The robot wrote the result and read it back: the claim is written back with the system's receipt.
    Told twice, it changes nothing the second time."""
    with transaction.atomic():
        claim = (
            Claim.objects.select_for_update()
            .filter(external_system=order.system, external_id=order.external_id)
            .first()
        )
        if claim is None or claim.status != Claim.Status.DECIDED:
            logger.info("write-back of %s:%s: nothing to mark", order.system, order.external_id)
            return
        claim.status = Claim.Status.WRITTEN_BACK
        claim.receipt = receipt[:64]
        claim.written_back_at = timezone.now()
        claim.save(update_fields=["status", "receipt", "written_back_at"])
        audit.record(ACTOR, "prereview.claim_written_back", claim, receipt=claim.receipt, values=order.values)

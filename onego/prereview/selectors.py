"""Reads of the reviewer's pages: which claims a staff member may see, the queue of pre-reviewed claims sorted
by risk with its counts, and one claim laid out per person (the robot's verdict, each rule's outcome with its
evidence, the attachments with their OCR'd fields). Reads only: writes are in decisions.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import Count, Q, QuerySet
from django.utils.translation import get_language

from onego.accounts.models import User
from onego.accounts.roles import Role
from onego.core.identifiers import mask_id_number
from onego.prereview import decisions
from onego.prereview.models import Claim, ClaimAttachment, PersonClaim, SubsidyScheme

PAGE_SIZE = 20
VERDICT_ORDER = ("fail", "check", "pass")
#: Who may open the queue and the claims of their department; a supervisor sees every department's, read-only.
QUEUE_ROLES = decisions.DECIDING_ROLES


def english() -> bool:
    return (get_language() or "").startswith("en")


def _department_scope(department_id: int) -> Q:
    return Q(scheme__item__department_id=department_id) | Q(
        scheme__item__isnull=True, case__department_id=department_id
    )


def may_open(user: Any) -> bool:
    """Whether the user may open the reviewer's pages at all (staff of a deciding role, or a supervisor)."""
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    if user.has_role(Role.SUPERVISOR):
        return True
    return user.department_id is not None and any(user.has_role(role) for role in QUEUE_ROLES)


def visible_claims(user: User) -> QuerySet[Claim]:
    """The claims this user may see: a supervisor every one; a policy officer or head those of their department."""
    claims = Claim.objects.all()
    if user.has_role(Role.SUPERVISOR):
        return claims
    if user.department_id is None or not any(user.has_role(role) for role in QUEUE_ROLES):
        return claims.none()
    return claims.filter(_department_scope(user.department_id))


def visible_schemes(user: User) -> list[SubsidyScheme]:
    """The schemes whose claims the user may see, for the queue's filter."""
    schemes = SubsidyScheme.objects.select_related("item").order_by("key")
    if user.has_role(Role.SUPERVISOR):
        return list(schemes)
    if user.department_id is None:
        return []
    return list(schemes.filter(item__department_id=user.department_id))


def queue(user: User, *, scheme: str = "", verdict: str = "") -> QuerySet[Claim]:
    """Pre-reviewed claims not yet decided, highest risk first (then the oldest captured), with the number of
    persons of each; `scheme` is a scheme key, `verdict` the robot's verdict."""
    claims = (
        visible_claims(user)
        .filter(status=decisions.PRE_REVIEWED)
        .select_related("scheme", "case")
        .annotate(persons_count=Count("persons"))
    )
    if scheme:
        claims = claims.filter(scheme__key=scheme)
    if verdict:
        claims = claims.filter(verdict=verdict)
    return claims.order_by("-risk", "captured_at", "id")


def queue_counts(user: User, *, scheme: str = "") -> dict[str, int]:
    """How many claims of the queue the robot passed, failed and sent to a person (with the scheme filter only,
    so the counts say what each verdict filter would show)."""
    claims = visible_claims(user).filter(status=decisions.PRE_REVIEWED)
    if scheme:
        claims = claims.filter(scheme__key=scheme)
    counts = dict(
        claims.order_by().values_list("verdict").annotate(n=Count("id")).values_list("verdict", "n")
    )
    out = {verdict: int(counts.get(verdict, 0)) for verdict in VERDICT_ORDER}
    out["total"] = sum(out.values())
    return out


def claim_for(user: User, claim_id: int) -> Claim | None:
    return (
        visible_claims(user)
        .select_related("scheme", "scheme__item", "case", "decided_by")
        .filter(pk=claim_id)
        .first()
    )


@dataclass
class Evidence:
    table: str
    text: str


@dataclass
class RuleLine:
    """One rule's outcome for one person, in the reader's language."""

    name: str
    outcome: str  # pass | fail | unknown
    message: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class OcrField:
    key: str
    value: str  # an ID number masked, as everywhere on a page
    confidence: float | None
    matches: bool | None = None  # against the claim's person, where the field names one of theirs


@dataclass
class AttachmentView:
    row: ClaimAttachment
    is_image: bool
    fields: list[OcrField]
    problems: list[str]


@dataclass
class PersonCard:
    person: PersonClaim
    masked_id: str
    rules: list[RuleLine]
    attachments: list[AttachmentView]

    @property
    def needs_reason(self) -> bool:
        return self.person.verdict == decisions.CHECK


def _pick(entry: dict[str, Any], key: str, en: bool) -> str:
    if en:
        value = entry.get(f"{key}_en") or entry.get(key)
    else:
        value = entry.get(key)
    return str(value or "")


def table_name(label: str) -> str:
    """The evidence row's table ("registry.contributionmonth", a model label) as its name in the reader's
    language; a label of no installed model is shown as written."""
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label


def rule_lines(reasons: Any, *, en: bool) -> list[RuleLine]:
    """The robot's reasons for one person (PersonClaim.reasons) as lines in the reader's language: failed and
    unknown rules first, as a checker reads them."""
    if not isinstance(reasons, list):
        return []
    order = {"fail": 0, "unknown": 1, "pass": 2}
    lines = []
    for entry in reasons:
        if not isinstance(entry, dict):
            continue
        evidence = [
            Evidence(table_name(str(e.get("table", ""))), str(e.get("text", "")))
            for e in entry.get("evidence") or []
            if isinstance(e, dict)
        ]
        lines.append(
            RuleLine(
                name=_pick(entry, "name", en),
                outcome=str(entry.get("outcome", "")),
                message=_pick(entry, "message", en),
                evidence=evidence,
            )
        )
    return sorted(lines, key=lambda line: order.get(line.outcome, 3))


def ocr_fields(reading: Any, expected: dict[str, str] | None = None) -> tuple[list[OcrField], list[str]]:
    """The fields the OCR read from an attachment (documents.Reading as stored) and its problem codes. An ID
    number is shown masked; a field of `expected` (what the claim says) is marked as matching it or not."""
    if not isinstance(reading, dict):
        return [], []
    expected = expected or {}
    fields = []
    for key, raw in (reading.get("fields") or {}).items():
        value, confidence = (
            (raw.get("value", ""), raw.get("confidence")) if isinstance(raw, dict) else (raw, None)
        )
        value = str(value or "")
        matches = None
        if key in expected and value:
            matches = _same(value) == _same(expected[key])
        fields.append(
            OcrField(
                str(key),
                mask_id_number(value) if key == "id_number" else value,
                float(confidence) if isinstance(confidence, (int, float)) else None,
                matches,
            )
        )
    problems = [str(p) for p in reading.get("problems") or []]
    return fields, problems


def _expected(claim: Claim, row: ClaimAttachment, person: PersonClaim | None) -> dict[str, str]:
    """What the claim says that an attachment's reading can be held against: the person's name and ID number
    on their ID card, the enterprise's name and credit code on its licence."""
    if person is not None and row.kind == "id_card":
        return {"name": person.name, "id_number": person.id_number}
    if row.kind == "business_licence":
        return {"name": claim.enterprise_name, "credit_code": claim.enterprise_code}
    return {}


def _same(text: str) -> str:
    return "".join(text.split()).upper()


def person_cards(claim: Claim) -> tuple[list[PersonCard], list[AttachmentView]]:
    """One card per person with the robot's reasons and the person's attachments; and the claim's own
    attachments (the business licence, the payroll statement)."""
    en = english()
    persons = list(PersonClaim.objects.filter(claim=claim).select_related("decided_by").order_by("seq", "id"))
    by_person: dict[int | None, list[AttachmentView]] = {}
    people = {p.pk: p for p in persons}
    for row in ClaimAttachment.objects.filter(claim=claim).order_by("kind", "id"):
        fields, problems = ocr_fields(row.ocr, _expected(claim, row, people.get(row.person_id or 0)))
        by_person.setdefault(row.person_id, []).append(
            AttachmentView(row, row.content_type.startswith("image/"), fields, problems)
        )
    cards = [
        PersonCard(
            person=p,
            masked_id=mask_id_number(p.id_number),
            rules=rule_lines(p.reasons, en=en),
            attachments=by_person.get(p.pk, []),
        )
        for p in persons
    ]
    return cards, by_person.get(None, [])

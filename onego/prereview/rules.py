"""The pre-review rules: one checker per rule kind, three-valued, explained, with the evidence rows cited.

Why: which person-claim a subsidy pays for is a policy choice (seed case 7), so the thresholds are data
(``PreReviewRule.params``, dated, with the legal reference); the code here only says what each kind of rule
means. Like the policy criteria (``onego.policies.criteria``) every check answers pass, fail or unknown —
unknown when the data a rule needs is missing or unreadable, which sends the claim to a person ("check") and
never lets it pass. The checkers read only what ``onego.prereview.engine`` loaded for the whole batch
(`Facts`); they run no query, so a batch of 30,000 persons costs one query per data source.

Each finding carries its message in Chinese and in English: the engine runs in a worker that has no reader,
and the reviewer's page shows the reader's language. The Chinese is the gettext msgid, the English its
msgstr in the catalogue (``both``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from typing import Any, Final

from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

from onego.prereview import documents
from onego.prereview.models import RuleKind

ACTIVE_STATUS: Final = "存续"  # the registration status of a live market entity (登记状态)


class Outcome(StrEnum):
    PASS = "pass"  # 符合
    FAIL = "fail"  # 不符合
    UNKNOWN = "unknown"  # 无法判断: data missing or unreadable; a person looks


@dataclass(frozen=True)
class Evidence:
    """A row the finding rests on: the table, its id and how it reads (data, not translated)."""

    table: str
    id: int
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {"table": self.table, "id": self.id, "text": self.text}


@dataclass(frozen=True)
class Finding:
    outcome: Outcome
    message: str  # Chinese
    message_en: str
    evidence: tuple[Evidence, ...] = ()


# --- what the engine loads for a batch, per claim and person ----------------------------------------------


@dataclass(frozen=True)
class ContributionRow:
    id: int
    employer_code: str
    employer_name: str
    month: date
    base_fen: int


@dataclass(frozen=True)
class PaymentRow:
    id: int
    employer_code: str
    scheme: str
    scheme_name: str
    period_start: date
    period_end: date
    amount_fen: int
    reference: str


@dataclass(frozen=True)
class EntityRow:
    id: int
    name: str
    address: str
    registration_authority: str
    registration_status: str


@dataclass(frozen=True)
class HouseholdRow:
    id: int
    address: str


@dataclass(frozen=True)
class DocumentRow:
    """An attachment as the rules see it: its kind, whose it is, and what OCR read (`ocr`: Reading as dict)."""

    id: int
    kind: str
    name: str
    person_seq: int | None
    ocr_status: str
    ocr: Mapping[str, Any]


@dataclass(frozen=True)
class ClaimFacts:
    enterprise_code: str
    enterprise_name: str
    period_start: date
    period_end: date
    entity: EntityRow | None
    documents: tuple[DocumentRow, ...] = ()


@dataclass(frozen=True)
class PersonFacts:
    seq: int
    name: str
    id_number: str
    category: str
    months_claimed: int
    amount_claimed_fen: int
    contributions: tuple[
        ContributionRow, ...
    ] = ()  # this person's rows within the claim period, any employer
    payments: tuple[PaymentRow, ...] = ()  # this person's payments overlapping the claim period, any scheme
    household: HouseholdRow | None = None


# --- messages in both languages ----------------------------------------------------------------------------


class InLanguages(tuple[str, str]):
    """A parameter already rendered in (Chinese, English): `both` fills in the one of the language it renders."""


@lru_cache(maxsize=2048)
def translated(msgid: str, language: str) -> str:
    """The msgstr of `msgid` in `language`, looked up once per process: a batch of 30,000 persons renders
    the same few dozen messages hundreds of thousands of times, and switching the active language per
    message costs more than the whole rule."""
    with translation.override(language):
        return gettext(msgid)


def both(message: str, **params: Any) -> tuple[str, str]:
    """The message (a msgid marked with `_`, i.e. gettext_noop) rendered in Chinese and in English (its
    msgstr), each with `params` filled in."""
    rendered = []
    for index, language in enumerate(("zh-hans", "en")):
        text = translated(message, language)
        if params:
            text = text % {k: v[index] if isinstance(v, InLanguages) else v for k, v in params.items()}
        rendered.append(text)
    return rendered[0], rendered[1]


def _finding(outcome: Outcome, message: str, evidence: Sequence[Evidence] = (), /, **params: Any) -> Finding:
    zh, en = both(message, **params)
    return Finding(outcome, zh, en, tuple(evidence))


def yuan(fen: int) -> str:
    """Fen as yuan the way the claims are written, exactly (Decimal, never float): 12,000.00. The one money
    format of the pre-review's messages, notes and pages."""
    return f"{Decimal(fen) / 100:,.2f}"


# --- identity numbers ----------------------------------------------------------------------------------------


def birth_date(id_number: str) -> date | None:
    """The birth date written in an 18-digit ID number (GB 11643 digits 7–14), or None."""
    try:
        return date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except (ValueError, IndexError):
        return None


def is_female(id_number: str) -> bool | None:
    """The sex digit (17th) is even for a woman."""
    if len(id_number) < 17 or not id_number[16].isdigit():
        return None
    return int(id_number[16]) % 2 == 0


def age_on(born: date, on: date) -> int:
    """Full years of age on `on`: a person born on 29 February turns a year older on 1 March."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


# --- the checkers -------------------------------------------------------------------------------------------

Checker = Callable[[Mapping[str, Any], ClaimFacts, PersonFacts], Finding]


def _month_key(day: date) -> date:
    return day.replace(day=1)


def check_insured_months(params: Mapping[str, Any], claim: ClaimFacts, person: PersonFacts) -> Finding:
    """Insured by THIS employer for at least `months` distinct months inside the claim period — and, with
    `claimed`, for at least as many months as the person claims (a subsidy paid by the month)."""
    needed = int(params.get("months", 1))
    if params.get("claimed"):
        needed = max(needed, person.months_claimed)
    first, last = _month_key(claim.period_start), _month_key(claim.period_end)
    inside = [r for r in person.contributions if first <= r.month <= last]
    own = sorted((r for r in inside if r.employer_code == claim.enterprise_code), key=lambda r: r.month)
    months = sorted({r.month for r in own})
    elsewhere = sorted({r.month for r in inside if r.employer_code != claim.enterprise_code})
    evidence = [
        Evidence("registry.contributionmonth", r.id, f"{r.month:%Y-%m} {r.employer_name} {yuan(r.base_fen)}")
        for r in own
    ]
    evidence += [
        Evidence("registry.contributionmonth", r.id, f"{r.month:%Y-%m} {r.employer_name} {yuan(r.base_fen)}")
        for r in inside
        if r.employer_code != claim.enterprise_code
    ]
    listed = ", ".join(f"{m:%Y-%m}" for m in months) or "-"
    if len(months) >= needed:
        return _finding(
            Outcome.PASS,
            _("所属期内在本单位参保 %(found)s 个月（%(months)s），不少于 %(needed)s 个月"),
            evidence,
            found=len(months),
            months=listed,
            needed=needed,
        )
    if elsewhere:
        return _finding(
            Outcome.FAIL,
            _(
                "所属期内在本单位参保 %(found)s 个月（%(months)s），少于 %(needed)s 个月；"
                "另有 %(other)s 个月在其他单位参保"
            ),
            evidence,
            found=len(months),
            months=listed,
            needed=needed,
            other=len(elsewhere),
        )
    return _finding(
        Outcome.FAIL,
        _("所属期内在本单位参保 %(found)s 个月（%(months)s），少于 %(needed)s 个月"),
        evidence,
        found=len(months),
        months=listed,
        needed=needed,
    )


def check_age(params: Mapping[str, Any], claim: ClaimFacts, person: PersonFacts) -> Finding:
    """Age in full years at the period start, from the ID number, within [min, max] (a woman's max may be
    lower: `max_female`)."""
    born = birth_date(person.id_number)
    female = is_female(person.id_number)
    if born is None or female is None:
        return _finding(Outcome.UNKNOWN, _("无法从身份证号码读出出生日期和性别"))
    age = age_on(born, claim.period_start)
    low = int(params.get("min", 16))
    high = int(params.get("max_female", params.get("max", 60)) if female else params.get("max", 60))
    params_text = {"age": age, "born": born.isoformat(), "on": claim.period_start.isoformat()}
    if age < low:
        return _finding(
            Outcome.FAIL,
            _("%(on)s 时 %(age)s 周岁（%(born)s 出生），未满 %(low)s 周岁"),
            low=low,
            **params_text,
        )
    if age > high:
        if female:
            message = _("%(on)s 时 %(age)s 周岁（%(born)s 出生），女性超过 %(high)s 周岁")
        else:
            message = _("%(on)s 时 %(age)s 周岁（%(born)s 出生），超过 %(high)s 周岁")
        return _finding(Outcome.FAIL, message, high=high, **params_text)
    return _finding(
        Outcome.PASS,
        _("%(on)s 时 %(age)s 周岁（%(born)s 出生），在 %(low)s–%(high)s 周岁之间"),
        low=low,
        high=high,
        **params_text,
    )


def check_category(params: Mapping[str, Any], claim: ClaimFacts, person: PersonFacts) -> Finding:
    """The claimed category is one the scheme allows; with `local_household`, the household register must
    show the person (in `household_area` when given) — no record is unknown: a person must look."""
    allowed = [str(a) for a in params.get("allowed", [])]
    if not person.category:
        return _finding(Outcome.UNKNOWN, _("未申报人员类别"))
    if allowed and person.category not in allowed:
        return _finding(
            Outcome.FAIL,
            _("人员类别「%(category)s」不在本补贴的对象范围（%(allowed)s）内"),
            category=person.category,
            allowed="、".join(allowed),
        )
    if params.get("local_household"):
        record = person.household
        if record is None:
            return _finding(
                Outcome.UNKNOWN,
                _("人员类别「%(category)s」符合；户籍库中没有该人员的记录"),
                category=person.category,
            )
        evidence = [Evidence("registry.householdrecord", record.id, record.address)]
        area = str(params.get("household_area", ""))
        if area and area not in record.address:
            return _finding(
                Outcome.FAIL,
                _("户籍地址「%(address)s」不在%(area)s"),
                evidence,
                address=record.address,
                area=area,
            )
        return _finding(
            Outcome.PASS,
            _("人员类别「%(category)s」符合，户籍记录已核对"),
            evidence,
            category=person.category,
        )
    return _finding(Outcome.PASS, _("人员类别「%(category)s」符合"), category=person.category)


def check_double_payment(params: Mapping[str, Any], claim: ClaimFacts, person: PersonFacts) -> Finding:
    """No payment to this person overlapping the claim period under any listed scheme ("*" = every scheme),
    paid for any employer."""
    schemes = [str(s) for s in params.get("schemes", ["*"])]
    every = "*" in schemes
    found = [
        p
        for p in person.payments
        if (every or p.scheme in schemes)
        and p.period_start <= claim.period_end
        and p.period_end >= claim.period_start
    ]
    if not found:
        return _finding(
            Outcome.PASS,
            _("%(start)s 至 %(end)s 期间没有已发放的补贴"),
            start=claim.period_start.isoformat(),
            end=claim.period_end.isoformat(),
        )
    evidence = [
        Evidence(
            "registry.subsidypayment",
            p.id,
            f"{p.reference} {p.scheme_name} {p.period_start}–{p.period_end} {yuan(p.amount_fen)}",
        )
        for p in found
    ]
    first = found[0]
    return _finding(
        Outcome.FAIL,
        _("已享受「%(scheme)s」（%(start)s 至 %(end)s，凭证号 %(reference)s），与本次所属期重叠"),
        evidence,
        scheme=first.scheme_name,
        start=first.period_start.isoformat(),
        end=first.period_end.isoformat(),
        reference=first.reference,
    )


def _entity_evidence(entity: EntityRow) -> Evidence:
    return Evidence(
        "registry.marketentity",
        entity.id,
        f"{entity.name} {entity.registration_status} {entity.registration_authority} {entity.address}".strip(),
    )


def check_enterprise_registered(params: Mapping[str, Any], claim: ClaimFacts, person: PersonFacts) -> Finding:
    """The enterprise is in business registration and 存续; no record is unknown."""
    entity = claim.entity
    if entity is None:
        return _finding(
            Outcome.UNKNOWN, _("市场主体库中没有统一社会信用代码 %(code)s 的记录"), code=claim.enterprise_code
        )
    if entity.registration_status != ACTIVE_STATUS:
        return _finding(
            Outcome.FAIL,
            _("单位登记状态为「%(status)s」，不是存续"),
            [_entity_evidence(entity)],
            status=entity.registration_status or "-",
        )
    return _finding(Outcome.PASS, _("单位登记状态为存续"), [_entity_evidence(entity)])


def check_enterprise_in_district(
    params: Mapping[str, Any], claim: ClaimFacts, person: PersonFacts
) -> Finding:
    """The enterprise's address or its registration authority names the district."""
    district = str(params.get("district", "白云区"))
    entity = claim.entity
    if entity is None:
        return _finding(
            Outcome.UNKNOWN, _("市场主体库中没有统一社会信用代码 %(code)s 的记录"), code=claim.enterprise_code
        )
    if not entity.address and not entity.registration_authority:
        return _finding(
            Outcome.UNKNOWN, _("市场主体库没有该单位的住所和登记机关"), [_entity_evidence(entity)]
        )
    if district in entity.address or district in entity.registration_authority:
        return _finding(
            Outcome.PASS, _("单位住所或登记机关在%(district)s"), [_entity_evidence(entity)], district=district
        )
    return _finding(
        Outcome.FAIL,
        _("单位住所「%(address)s」和登记机关「%(authority)s」都不在%(district)s"),
        [_entity_evidence(entity)],
        address=entity.address or "-",
        authority=entity.registration_authority or "-",
        district=district,
    )


def check_amount_standard(params: Mapping[str, Any], claim: ClaimFacts, person: PersonFacts) -> Finding:
    """The amount claimed for the person is within the standard: per person and month (× months claimed,
    capped at `max_months` when given) or per person."""
    if "per_person_month_fen" in params:
        months = person.months_claimed
        if "max_months" in params:
            months = min(months, int(params["max_months"]))
        rate = int(params["per_person_month_fen"])
        standard = rate * months
        basis = InLanguages(both(_("每人每月 %(rate)s 元 × %(months)s 个月"), rate=yuan(rate), months=months))
    else:
        standard = int(params.get("per_person_fen", 0))
        basis = InLanguages(both(_("每人 %(rate)s 元"), rate=yuan(standard)))
    values = {"claimed": yuan(person.amount_claimed_fen), "standard": yuan(standard), "basis": basis}
    if person.amount_claimed_fen <= standard:
        return _finding(
            Outcome.PASS, _("申报 %(claimed)s 元，不超过标准 %(standard)s 元（%(basis)s）"), **values
        )
    return _finding(
        Outcome.FAIL,
        _("申报 %(claimed)s 元，超过标准 %(standard)s 元（%(basis)s）%(over)s 元"),
        over=yuan(person.amount_claimed_fen - standard),
        **values,
    )


# --- documents: what OCR read against what the claim says ---------------------------------------------------


def reading_of(ocr: Mapping[str, Any]) -> documents.Reading:
    """The stored OCR result (``dataclasses.asdict`` of a Reading) as a Reading again."""
    fields = {
        name: documents.Field(str(f.get("value", "")), float(f.get("confidence", 0.0)))
        for name, f in (ocr.get("fields") or {}).items()
        if isinstance(f, Mapping)
    }
    return documents.Reading(
        kind=str(ocr.get("kind", "")),
        fields=fields,
        readable=bool(ocr.get("readable", False)),
        confidence=float(ocr.get("confidence", 0.0) or 0.0),
        problems=tuple(ocr.get("problems", ())),
    )


def _parse_day(text: str) -> date | None:
    if text == "open":  # a contract without a fixed end (无固定期限)
        return date.max
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


@dataclass
class _DocumentCheck:
    """What the document rule found across the claim's and the person's attachments."""

    mismatches: list[tuple[str, str, str, str]] = field(
        default_factory=list
    )  # (doc name, field, expected, read)
    unreadable: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)


_DOC_LABELS: Final = {
    "id_card": _("身份证"),
    "business_licence": _("营业执照"),
    "labour_contract": _("劳动合同"),
    "bank_statement": _("工资发放表"),
}


def _compare_document(
    doc: DocumentRow, claim: ClaimFacts, person: PersonFacts, found: _DocumentCheck
) -> None:
    found.evidence.append(
        Evidence(
            "prereview.claimattachment",
            doc.id,
            f"{doc.name} {doc.ocr_status} {doc.ocr.get('confidence', '')}",
        )
    )
    if doc.ocr_status != "read" or not doc.ocr.get("readable", False):
        found.unreadable.append(doc.name)
        return
    reading = reading_of(doc.ocr)
    expected: dict[str, str] = {}
    if doc.kind == "id_card":
        expected = {"name": person.name, "id_number": person.id_number}
    elif doc.kind == "business_licence":
        expected = {"name": claim.enterprise_name, "credit_code": claim.enterprise_code}
    elif doc.kind == "labour_contract":
        expected = {"employer": claim.enterprise_name, "employee": person.name}
        start = _parse_day(reading.fields["start"].value) if "start" in reading.fields else None
        end = _parse_day(reading.fields["end"].value) if "end" in reading.fields else None
        if start is None or end is None:
            found.unreadable.append(doc.name)
        elif start > claim.period_end or end < claim.period_start:  # the contract must overlap the period
            shown = "open" if end == date.max else end.isoformat()
            found.mismatches.append(
                (doc.name, "term", f"{claim.period_start}/{claim.period_end}", f"{start}/{shown}")
            )
    elif doc.kind == "bank_statement":
        # the person must be paid on the statement; the wage is not the subsidy, so the amount is not compared
        missing = [
            m for m in documents.compare(reading, {"payees": f"{person.name}=0"}) if m.code == "payee_missing"
        ]
        if missing:
            found.mismatches.append((doc.name, "payee", person.name, ""))
        return
    for mismatch in documents.compare(reading, expected):
        found.mismatches.append((doc.name, mismatch.field, mismatch.expected, mismatch.read))


def check_documents(params: Mapping[str, Any], claim: ClaimFacts, person: PersonFacts) -> Finding:
    """The attachments OCR read agree with the claim: the person's ID card (name, number) and labour contract
    (parties, dates overlapping the period), the enterprise's licence (name, credit code), the payroll or bank
    statement (the person is a payee). A page not yet read, or unreadable, or missing is unknown — never a
    pass; a mismatch fails and names the field. `kinds` in params narrows which documents are required."""
    required = [
        str(k)
        for k in params.get("kinds", ["id_card", "business_licence", "labour_contract", "bank_statement"])
    ]
    found = _DocumentCheck()
    for kind in required:
        docs = [
            d
            for d in claim.documents
            if d.kind == kind
            and (
                d.person_seq in (None, person.seq)
                if kind in ("business_licence", "bank_statement")
                else d.person_seq == person.seq
            )
        ]
        if not docs:
            found.missing.append(kind)
        for doc in docs:
            _compare_document(doc, claim, person, found)
    if found.mismatches:
        listed = "；".join(
            f"{doc} {name}: {expected} ≠ {read or '-'}" for doc, name, expected, read in found.mismatches
        )
        return _finding(
            Outcome.FAIL, _("附件与申报不一致：%(mismatches)s"), found.evidence, mismatches=listed
        )
    if found.unreadable or found.missing:
        parts_zh, parts_en = [], []
        if found.unreadable:
            zh, en = both(_("无法识别：%(names)s"), names="、".join(found.unreadable))
            parts_zh.append(zh)
            parts_en.append(en)
        if found.missing:
            labels = InLanguages(
                (
                    "、".join(both(_DOC_LABELS[k])[0] if k in _DOC_LABELS else k for k in found.missing),
                    ", ".join(both(_DOC_LABELS[k])[1] if k in _DOC_LABELS else k for k in found.missing),
                )
            )
            zh, en = both(_("缺少附件：%(kinds)s"), kinds=labels)
            parts_zh.append(zh)
            parts_en.append(en)
        return Finding(Outcome.UNKNOWN, "；".join(parts_zh), "; ".join(parts_en), tuple(found.evidence))
    return _finding(Outcome.PASS, _("附件识别结果与申报一致"), found.evidence)


CHECKERS: Final[dict[str, Checker]] = {
    RuleKind.INSURED_MONTHS: check_insured_months,
    RuleKind.AGE: check_age,
    RuleKind.CATEGORY: check_category,
    RuleKind.DOUBLE_PAYMENT: check_double_payment,
    RuleKind.ENTERPRISE_REGISTERED: check_enterprise_registered,
    RuleKind.ENTERPRISE_IN_DISTRICT: check_enterprise_in_district,
    RuleKind.AMOUNT_STANDARD: check_amount_standard,
    RuleKind.DOCUMENT: check_documents,
}

# The params each kind understands, with their types: checked when a rule is saved (admin, seed).
PARAMS: Final[dict[str, dict[str, type | tuple[type, ...]]]] = {
    RuleKind.INSURED_MONTHS: {"months": int, "claimed": bool},
    RuleKind.AGE: {"min": int, "max": int, "max_female": int},
    RuleKind.CATEGORY: {"allowed": list, "local_household": bool, "household_area": str},
    RuleKind.DOUBLE_PAYMENT: {"schemes": list},
    RuleKind.ENTERPRISE_REGISTERED: {},
    RuleKind.ENTERPRISE_IN_DISTRICT: {"district": str},
    RuleKind.AMOUNT_STANDARD: {"per_person_month_fen": int, "per_person_fen": int, "max_months": int},
    RuleKind.DOCUMENT: {"kinds": list},
}


def params_problems(kind: str, params: Any) -> list[str]:
    """What is wrong with a rule's params (Chinese, for the admin form); [] when they are fine."""
    if kind not in PARAMS:
        return [gettext("未知的规则类型「%(kind)s」") % {"kind": kind}]
    if not isinstance(params, dict):
        return [gettext("参数应为 JSON 对象")]
    problems = []
    known = PARAMS[kind]
    for key, value in params.items():
        if key not in known:
            problems.append(gettext("未知的参数「%(key)s」") % {"key": key})
        elif isinstance(value, bool) != (known[key] is bool) or not isinstance(value, known[key]):
            problems.append(gettext("参数「%(key)s」的类型不对") % {"key": key})
        elif isinstance(value, int) and value < 0:
            problems.append(gettext("参数「%(key)s」不能为负数") % {"key": key})
    if kind == RuleKind.AMOUNT_STANDARD and not ({"per_person_month_fen", "per_person_fen"} & set(params)):
        problems.append(gettext("补贴标准需要 per_person_month_fen 或 per_person_fen"))
    return problems

"""Look up the shared data that stands in for a material (免提交), by the material's `substitute_shared_field`.

Why: a material may be waived only when the record is really there on the day (issue 13). Each known key
(``registry.health_certificate`` …) has one lookup here that returns what was found, as `SharedEvidence`, or
None; an unknown key finds nothing, so the applicant is asked to upload the material. Expired records do not
count. Cases read this module (registry sits below cases); nothing here writes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext, gettext_noop, pgettext, pgettext_lazy

from onego.core.identifiers import mask_id_number
from onego.registry.models import (
    HealthCertificate,
    HouseholdRecord,
    MarketEntity,
    MarriageRecord,
    Person,
    SocialInsuranceRecord,
)


@dataclass(frozen=True)
class SharedEvidence:
    """One record found: what it is, whose, from which table, and its key dates (ISO strings)."""

    source_key: str  # the material's substitute_shared_field, e.g. "registry.health_certificate"
    table: str  # app_label.model of the record, e.g. "registry.healthcertificate"
    record_id: int
    title: str  # Chinese, marked for translation: 健康证明
    holder_name: str
    holder_id: str  # masked: 4401**********4513
    issuer: str = ""
    number: str = ""
    detail: str = ""  # a short fact worth reading: 与户主关系：子 / 结婚登记 配偶 王芳
    detail_en: str = ""  # the same in English, for a page read in English (names stay as registered)
    valid_from: str = ""
    valid_to: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Subject:
    """Whose records to look for: the applicant's ID number and, for an enterprise, its credit code (a
    health certificate or an insurance period may be registered to the employer)."""

    id_number: str
    credit_code: str = ""
    #: When the form names whose record it must be (the food-safety manager), only that person's counts.
    person_name: str = ""


Lookup = Callable[[Subject, date], "SharedEvidence | None"]


def _by_person_or_employer(subject: Subject) -> Q:
    q = Q(id_number=subject.id_number) if subject.id_number else Q(pk__in=[])
    if subject.credit_code:
        q |= Q(employer_code=subject.credit_code)
    return q


def _health_certificate(subject: Subject, on: date) -> SharedEvidence | None:
    rows = HealthCertificate.objects.filter(
        _by_person_or_employer(subject), valid_from__lte=on, valid_to__gte=on
    )
    if subject.person_name:
        rows = rows.filter(person_name=subject.person_name)
    row = rows.order_by("-valid_to", "-pk").first()
    if row is None:
        return None
    return SharedEvidence(
        source_key="registry.health_certificate",
        table="registry.healthcertificate",
        record_id=row.pk,
        title=gettext_noop("健康证明"),
        holder_name=row.person_name,
        holder_id=mask_id_number(row.id_number),
        issuer=row.issuer,
        number=row.certificate_number,
        valid_from=row.valid_from.isoformat(),
        valid_to=row.valid_to.isoformat(),
    )


def _household(subject: Subject, on: date) -> SharedEvidence | None:
    if not subject.id_number:
        return None
    row = HouseholdRecord.objects.filter(id_number=subject.id_number, registered_on__lte=on).first()
    if row is None:
        return None
    return SharedEvidence(
        source_key="registry.household_relationship",
        table="registry.householdrecord",
        record_id=row.pk,
        title=gettext_noop("户籍登记"),
        holder_name=row.person_name,
        holder_id=mask_id_number(row.id_number),
        number=row.household_number,
        detail=f"{row.head_name}（{row.relationship}）",
        detail_en=f"{row.head_name} ({_in_english('relationship', row.relationship)})",
        valid_from=row.registered_on.isoformat(),
    )


#: Relationships to the head of household (与户主关系) as the household register writes them, marked for
#: translation: the record keeps the register's word, a page in English shows its translation.
RELATIONSHIPS = [  # read by makemessages; pgettext finds each at display
    pgettext_lazy("relationship", "户主"),
    pgettext_lazy("relationship", "配偶"),
    pgettext_lazy("relationship", "子"),
    pgettext_lazy("relationship", "女"),
    pgettext_lazy("relationship", "父亲"),
    pgettext_lazy("relationship", "母亲"),
    pgettext_lazy("relationship", "孙子"),
    pgettext_lazy("relationship", "孙女"),
]


def _in_english(context: str, text: str) -> str:
    """A register's word (a relationship, a kind of registration) in English, whatever the request's language;
    a word the catalogue does not know stays as it is."""
    with translation.override("en"):
        return pgettext(context, text) if context else gettext(text)


def _marriage(subject: Subject, on: date) -> SharedEvidence | None:
    if not subject.id_number:
        return None
    row = MarriageRecord.objects.filter(id_number=subject.id_number, registered_on__lte=on).first()
    if row is None:
        return None
    kind = "结婚登记" if row.kind == MarriageRecord.Kind.MARRIAGE else "离婚登记"
    return SharedEvidence(
        source_key="registry.marriage_record",
        table="registry.marriagerecord",
        record_id=row.pk,
        title=gettext_noop("婚姻登记"),
        holder_name=row.person_name,
        holder_id=mask_id_number(row.id_number),
        issuer=row.registry_office,
        detail=f"{kind} · {row.spouse_name}",
        detail_en=f"{_in_english('', row.get_kind_display())} · {row.spouse_name}",
        valid_from=row.registered_on.isoformat(),
    )


def _social_insurance(subject: Subject, on: date) -> SharedEvidence | None:
    row = (
        SocialInsuranceRecord.objects.filter(_by_person_or_employer(subject), insured_from__lte=on)
        .filter(Q(insured_to__isnull=True) | Q(insured_to__gte=on))
        .order_by("-insured_from", "-pk")
        .first()
    )
    if row is None:
        return None
    return SharedEvidence(
        source_key="registry.social_insurance",
        table="registry.socialinsurancerecord",
        record_id=row.pk,
        title=gettext_noop("社保参保记录"),
        holder_name=row.person_name,
        holder_id=mask_id_number(row.id_number),
        issuer=row.employer_name,
        valid_from=row.insured_from.isoformat(),
        valid_to=row.insured_to.isoformat() if row.insured_to else "",
    )


def _person(subject: Subject, on: date) -> SharedEvidence | None:
    row = Person.objects.filter(id_number=subject.id_number).first() if subject.id_number else None
    if row is None:
        return None
    return SharedEvidence(
        source_key="registry.person",
        table="registry.person",
        record_id=row.pk,
        title=gettext_noop("人口库身份信息"),
        holder_name=row.name,
        holder_id=mask_id_number(row.id_number),
    )


def _market_entity(subject: Subject, on: date) -> SharedEvidence | None:
    """The applicant enterprise's registration (市场主体登记), while it subsists (存续)."""
    row = (
        MarketEntity.objects.filter(credit_code=subject.credit_code).first() if subject.credit_code else None
    )
    if row is None or row.registration_status not in ("", "存续"):
        return None
    return SharedEvidence(
        source_key="registry.market_entity",
        table="registry.marketentity",
        record_id=row.pk,
        title=gettext_noop("市场主体登记信息"),
        holder_name=row.name,
        holder_id="",
        issuer=row.registration_authority,
        number=row.credit_code,
        valid_from=row.established_on.isoformat() if row.established_on else "",
    )


LOOKUPS: dict[str, Lookup] = {
    "registry.market_entity": _market_entity,
    "registry.health_certificate": _health_certificate,
    "registry.household_relationship": _household,
    "registry.marriage_record": _marriage,
    "registry.social_insurance": _social_insurance,
    "registry.person": _person,
}


def find(source_key: str, subject: Subject, on: date) -> SharedEvidence | None:
    """The record that stands in for a material on `on`, or None (an unknown key finds nothing)."""
    lookup = LOOKUPS.get(source_key)
    return lookup(subject, on) if lookup is not None else None

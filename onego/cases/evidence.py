"""What really stands in for a waivable material (免提交): the applicant's e-licences and the shared records.

Why (issue 13): a material marked "免提交，由电子证照或共享数据代替" used to be waived whether or not the licence or
record existed, and the clerk then had to ask for it. Now, before the form is shown and again at submit,
`check` looks for each waivable material's stand-in on the day: an e-licence through the licence provider
(``onego.cases.reuse``; cases never imports certificates), else a shared record (``onego.registry.shared``),
else the applicant's verified identity for ``profile.id_number``. Only what is found is waived; the rest
becomes a required upload. At submit the found evidence is stored on the case material (`evidence_of`) so the
staff page shows what the applicant saw.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_noop

from onego.accounts.models import User
from onego.cases import reuse
from onego.catalog.models import Material
from onego.core.identifiers import mask_id_number
from onego.registry import shared

PROFILE_ID = "profile.id_number"  # the applicant's real-name verified identity (实名认证)
#: Shared sources whose record must be of the person the form names, by the form field that names them: the
#: food-safety manager's health certificate is the manager's, not the applicant's or another employee's.
NAMED_PERSON_FIELDS = {"registry.health_certificate": "food_safety_manager_name"}


@dataclass
class Waiver:
    """What was found for one waivable material: the applicant's usable licences, or a shared record."""

    key: str
    licences: list[reuse.LicenceChoice] = field(default_factory=list)
    record: shared.SharedEvidence | None = None

    @property
    def found(self) -> bool:
        return bool(self.licences or self.record)


@dataclass
class Waivers:
    """The result of `check`: `found` by material key; `missing` are waivable materials with nothing found."""

    found: dict[str, Waiver] = field(default_factory=dict)
    missing: set[str] = field(default_factory=set)
    on: date | None = None

    def waived(self, key: str) -> bool:
        return key in self.found


def _subject(applicant: User, source_key: str, form: dict[str, Any] | None) -> shared.Subject:
    named = str((form or {}).get(NAMED_PERSON_FIELDS.get(source_key, ""), "") or "").strip()
    return shared.Subject(
        id_number=applicant.id_number or "",
        credit_code=applicant.enterprise_credit_code or "",
        person_name=named,
    )


def _profile(applicant: User) -> shared.SharedEvidence | None:
    if not applicant.id_number:
        return None
    return shared.SharedEvidence(
        source_key=PROFILE_ID,
        table="accounts.user",
        record_id=applicant.pk,
        title=gettext_noop("实名认证身份信息"),
        holder_name=applicant.real_name,
        holder_id=mask_id_number(applicant.id_number),
    )


def check(
    materials: dict[str, Material],
    applicant: User,
    on: date | None = None,
    form: dict[str, Any] | None = None,
) -> Waivers:
    """Look for the stand-in of every waivable material the applicant would submit; nothing is written.
    `form` (the values typed so far) narrows a record to the person it names (`NAMED_PERSON_FIELDS`)."""
    on = on or timezone.localdate()
    result = Waivers(on=on)
    waivable = {k: m for k, m in materials.items() if m.waivable and m.provision == "applicant"}
    provider = reuse.provider()
    types = sorted({m.substitute_licence_type for m in waivable.values() if m.substitute_licence_type})
    licences = provider.usable(applicant, types) if provider is not None and types else {}
    for key, m in waivable.items():
        waiver = Waiver(key=key, licences=list(licences.get(m.substitute_licence_type, [])))
        if not waiver.found and m.substitute_shared_field:
            waiver.record = (
                _profile(applicant)
                if m.substitute_shared_field == PROFILE_ID
                else shared.find(
                    m.substitute_shared_field, _subject(applicant, m.substitute_shared_field, form), on
                )
            )
        if waiver.found:
            result.found[key] = waiver
        else:
            result.missing.add(key)
    return result


def evidence_of(waiver: Waiver, licence_identifier: str = "") -> dict[str, Any]:
    """The evidence stored on the case material: what was fetched, from where, and its key dates."""
    if waiver.record is not None and not licence_identifier:
        return {"kind": "shared_data", **waiver.record.as_dict()}
    choice = next((c for c in waiver.licences if c.identifier == licence_identifier), None)
    if choice is None:
        return {}
    return {
        "kind": "licence",
        "source_key": choice.type_key,
        "table": "certificates.licence",
        "record_id": choice.identifier,
        "title": choice.type_name,
        "title_en": choice.type_name_en,  # a page read in English shows these; the file keeps the Chinese
        "holder_name": choice.holder_name,
        "holder_id": "",
        "issuer": choice.issuer_name,
        "issuer_en": choice.issuer_name_en,
        "number": choice.number,
        "detail": "",
        "valid_from": "",
        "valid_to": choice.valid_to.isoformat() if choice.valid_to else "",
    }

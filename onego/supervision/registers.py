"""The registers a draw is taken from, read from the database on the day of the draw: the entities (valid
licences of the matter's licence types, each with its credit-risk level) and the matter's inspectors with their
recusals.

Credit-risk level of a holder on a day (configurable window `ONEGO_SPOT_CHECKS["risk_years"]`, default 3):
- **D** — a credit record in force that bars the commitment route (serious bad credit or a false commitment);
- **C** — otherwise, a credit record (ended since) or a failed spot check within the window;
- **A** — otherwise, a passed spot check within the window (checked and found compliant);
- **B** — everyone else (no history either way).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Q

from onego.certificates.models import HolderCodeType, Licence, LicenceStatus
from onego.registry.credit import commitment_bar
from onego.registry.models import CreditRecord
from onego.supervision.lottery import LEVELS, DrawInputs, Entity, InspectorRow
from onego.supervision.models import CheckMatter, CheckStatus, Conflict, Inspector


def spot_settings() -> dict[str, Any]:
    defaults = {"risk_years": 3, "publish_workdays": 20}
    return {**defaults, **getattr(settings, "ONEGO_SPOT_CHECKS", {})}


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def risk_levels(codes: list[str], on: dt.date) -> dict[str, str]:
    """The credit-risk level of each holder code on `on` (the rule in this module's docstring)."""
    from onego.supervision.models import Check

    since = _years_before(on, int(spot_settings()["risk_years"]))
    codes = sorted(set(codes))
    recent_records = set(
        CreditRecord.objects.filter(entity_code__in=codes, recorded_on__gte=since, recorded_on__lte=on)
        .values_list("entity_code", flat=True)
        .distinct()
    )
    results: dict[str, set[str]] = defaultdict(set)
    for code, status in Check.objects.filter(
        entity_code__in=codes, checked_on__gte=since, checked_on__lte=on
    ).values_list("entity_code", "status"):
        results[code].add(status)
    levels: dict[str, str] = {}
    for code in codes:
        if commitment_bar(code, on) is not None:
            levels[code] = "D"
        elif code in recent_records or CheckStatus.FAILED in results[code]:
            levels[code] = "C"
        elif CheckStatus.PASSED in results[code]:
            levels[code] = "A"
        else:
            levels[code] = "B"
    return levels


def register_licences(matter: CheckMatter, on: dt.date) -> list[Licence]:
    """The valid licences of the matter's licence types on `on`: the entity register."""
    return list(
        Licence.objects.filter(
            licence_type__in=matter.licence_types.all(),
            status=LicenceStatus.VALID,
            valid_from__lte=on,
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .select_related("case")
        .order_by("holder_code", "number")
    )


def public_code(code: str, code_type: str) -> str:
    """A holder code as published: a legal person's credit code whole, a natural person's ID number masked."""
    if code_type == HolderCodeType.ID_CARD and len(code) >= 8:
        return f"{code[:4]}{'*' * (len(code) - 8)}{code[-4:]}"
    return code


def inspectors_of(matter: CheckMatter) -> list[Inspector]:
    return list(
        Inspector.objects.filter(department=matter.department, active=True, user__is_active=True)
        .select_related("user")
        .order_by("certificate_number")
    )


def snapshot(
    matter: CheckMatter, on: dt.date, *, seed: str, ratio: Decimal | None = None
) -> tuple[DrawInputs, dict[tuple[str, str], Licence], dict[str, Inspector]]:
    """The draw's inputs on `on` and the rows they name (licence by (code, number), inspector by certificate)."""
    licences = register_licences(matter, on)
    levels = risk_levels([lic.holder_code for lic in licences], on)
    # A natural person's ID number is masked in the published inputs, and the draw runs on what is published.
    shown = {lic.holder_code: public_code(lic.holder_code, lic.holder_code_type) for lic in licences}
    by_key = {(shown[lic.holder_code], lic.number): lic for lic in licences}
    entities = [
        Entity(
            code=shown[lic.holder_code],
            name=lic.holder_name,
            licence=lic.number,
            risk=levels[lic.holder_code],
            commitment=bool(lic.case_id and lic.case and lic.case.route == "commitment"),
        )
        for lic in licences
    ]
    inspectors = inspectors_of(matter)
    by_cert = {i.certificate_number: i for i in inspectors}
    recusals: dict[str, list[str]] = defaultdict(list)
    for code, cert in Conflict.objects.filter(inspector__in=inspectors).values_list(
        "entity_code", "inspector__certificate_number"
    ):
        recusals[shown.get(code, code)].append(cert)
    inputs = DrawInputs(
        seed=seed,
        matter=matter.code,
        ratio=ratio if ratio is not None else matter.base_ratio,
        multipliers={level: matter.multiplier(level) for level in LEVELS},
        per_check=matter.inspectors_per_check,
        entities=entities,
        inspectors=[
            InspectorRow(i.certificate_number, i.user.real_name or i.user.username) for i in inspectors
        ],
        recusals=dict(recusals),
    )
    return inputs, by_key, by_cert

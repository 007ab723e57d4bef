"""Registering a new market entity (设立登记): its unified social credit code and its row in the register.

The national code-assigning service (统一社会信用代码赋码) cannot be reached from this installation, so codes
are assigned here in the structure of GB 32100-2015:

    9  1  440111  MA??????C  X
    │  │  │       │          └ check character over the first 17 (GB 32100; python-stdnum `cn.uscc`)
    │  │  │       └ organisation code (GB 11714): "MA" + a 6-character serial per region + its check character
    │  │  └ administrative division of the registration authority (GB/T 2260), e.g. 440111 = 白云区
    │  └ entity category: 1 enterprise, 2 individual business (个体工商户), 3 farmers' co-operative
    └ registration authority: 9 market regulation (市场监管)

The "MA" range is the one used for organisation codes assigned together with a credit code since 2015. The
serial comes from a locked per-region row, so two registrations never get the same code; a code the register
already holds (an imported entity) is skipped.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from stdnum.cn import uscc

from onego.registry.models import CreditCodeSequence, MarketEntity

MARKET_REGULATION = "9"  # 登记管理部门代码: 市场监督管理
CATEGORY_ENTERPRISE, CATEGORY_INDIVIDUAL, CATEGORY_COOPERATIVE = "1", "2", "3"
ORGANISATION_PREFIX = "MA"
# The characters a credit code may contain (GB 32100: no I, O, S, V, Z), used for the serial too.
SERIAL_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
SERIAL_WIDTH = 6
_GB11714_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def organisation_check(body8: str) -> str:
    """GB 11714 check character of an 8-character organisation code body: 11 - Σ(value × weight) mod 11,
    where 10 is written X and 11 is written 0; letters count A = 10 … Z = 35."""
    total = sum(
        (int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(body8, _GB11714_WEIGHTS, strict=True)
    )
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def _serial_text(serial: int) -> str:
    base = len(SERIAL_ALPHABET)
    digits = []
    for _ in range(SERIAL_WIDTH):
        serial, rest = divmod(serial, base)
        digits.append(SERIAL_ALPHABET[rest])
    if serial:
        raise OverflowError("organisation code serials of this region are exhausted")
    return "".join(reversed(digits))


def category_for(entity_type: str) -> str:
    """The entity category character (GB 32100) from the entity type as the applicant wrote it."""
    if "个体" in entity_type:
        return CATEGORY_INDIVIDUAL
    if "合作社" in entity_type:
        return CATEGORY_COOPERATIVE
    return CATEGORY_ENTERPRISE


def build_credit_code(region_code: str, serial: int, category: str = CATEGORY_ENTERPRISE) -> str:
    body8 = ORGANISATION_PREFIX + _serial_text(serial)
    body17 = MARKET_REGULATION + category + region_code + body8 + organisation_check(body8)
    return body17 + uscc.calc_check_digit(body17)


def assign_credit_code(region_code: str, *, category: str = CATEGORY_ENTERPRISE) -> str:
    """The next unused credit code of `region_code` (6 digits). Runs in the caller's transaction: when the
    registration rolls back, so does the serial."""
    if len(region_code) != 6 or not region_code.isdigit():
        raise ValueError(f"region code must be 6 digits: {region_code!r}")
    with transaction.atomic():
        sequence, _ = CreditCodeSequence.objects.get_or_create(region_code=region_code)
        sequence = CreditCodeSequence.objects.select_for_update().get(pk=sequence.pk)
        while True:
            sequence.last_serial += 1
            code = build_credit_code(region_code, sequence.last_serial, category)
            if not MarketEntity.objects.filter(credit_code=code).exists():
                break
        sequence.save(update_fields=["last_serial"])
    return code


def register_entity(
    *,
    credit_code: str,
    name: str,
    legal_representative: str = "",
    entity_type: str = "",
    address: str = "",
    business_scope: str = "",
    established_on: dt.date,
    registration_authority: str = "",
    source: str,
) -> MarketEntity:
    """The new entity's row in the register (市场主体), as its registration recorded it."""
    return MarketEntity.objects.create(
        credit_code=credit_code,
        name=name[:200],
        legal_representative=legal_representative[:64],
        entity_type=entity_type[:100],
        address=address[:300],
        business_scope=business_scope,
        established_on=established_on,
        registration_authority=registration_authority[:100],
        registration_status="存续",
        source=source[:100],
    )

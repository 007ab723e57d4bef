"""Demo enterprise facts for policy matching: two enterprises designed on purpose, and many generated ones.

The seeding command writes these values through ``onego.registry.facts.upsert_facts``; the matching
benchmark generates hundreds of thousands of enterprises the same way. Everything is deterministic: an
enterprise's values depend only on its credit code and the data year, never on the order of the codes or on
the process (``random.Random`` seeded with a text hashes it with SHA-512, not with ``hash()``).

The designed enterprises (``DESIGNED_FACTS``), matched on 2026-11-27 with the facts of 2025 (``as_of``
"2025") against ``onego.demo.policy_data.POLICIES``:

- the demo user's restaurant, 广州市白云区云味餐饮有限公司 (``DEMO_ENTERPRISE_CODE``, the "enterprise" demo
  login): 中小企业“升规纳统”扶持 (免申即享) TRUE with 100,000 yuan, 招用工补贴 (免申即享) TRUE with 9,000 yuan,
  企业成长扶持 TRUE with 500,000 yuan and the talent services TRUE; 企业人才租房扶持 UNKNOWN because the number
  of renting talents (``renting_talents``) is deliberately left out; 标杆企业扶持, 上市企业扶持 and the start-up
  subsidies FALSE.
- a manufacturer, 广州市白云区云创智能电气有限公司 (``DEMO_MANUFACTURER_CODE``; not a demo login): a benchmark
  enterprise preparing to list, so the big-money measures are TRUE for it and the SME ones FALSE.
"""

from __future__ import annotations

import calendar
import random
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Final

from onego.core.identifiers import make_credit_code
from onego.demo.accounts import DEMO_ENTERPRISES, USERS
from onego.registry.facts import STANDARD_FACTS, FactValue, PeriodKind

DEMO_DATA_YEAR: Final = 2025  # the year the designed yearly values are for
DEMO_EVALUATION_DATE: Final = date(2026, 11, 27)  # the day the designed outcomes are stated for
DEMO_AS_OF: Final = str(DEMO_DATA_YEAR)

DEMO_ENTERPRISE_CODE: Final = next(
    user.enterprise_credit_code for user in USERS if user.username == "enterprise"
)
DEMO_ENTERPRISE_NAME: Final = next(
    e["name"] for e in DEMO_ENTERPRISES if e["credit_code"] == DEMO_ENTERPRISE_CODE
)
DEMO_MANUFACTURER_CODE: Final = make_credit_code("91440111MA5BT3KC0")
DEMO_MANUFACTURER_NAME: Final = "广州市白云区云创智能电气有限公司"

Fact = tuple[str, str, str, FactValue]  # (credit_code, fact_key, period, value)

_PERIOD_KIND: Final = {fact.key: fact.period_kind for fact in STANDARD_FACTS}

# Yearly values are for DEMO_DATA_YEAR, a monthly value is December's (earlier months ramp up to it), and
# dates are as of DEMO_DATA_YEAR: another data year moves them by as many years.
DESIGNED_FACTS: Final[dict[str, dict[str, FactValue]]] = {
    DEMO_ENTERPRISE_CODE: {
        "entity_name": DEMO_ENTERPRISE_NAME,
        "district_code": "440111",
        "street": "嘉禾街道",
        "industry_code": "H62",  # 餐饮业
        "established_on": date(2020, 12, 18),
        "registration_status": "存续",
        "settled_on": date(2020, 12, 18),
        "headcount": 86,
        "revenue_fen": 1_680_000_000,  # 1680 万元: above the 限额以上 threshold for catering
        "revenue_growth_pct": Decimal("32.5"),
        "tax_paid_fen": 95_000_000,  # 95 万元
        "district_output_contribution_fen": 38_000_000,  # 38 万元
        "sme": True,
        "above_scale": True,
        "above_scale_since": date(2026, 2, 28),  # first reported 限额以上 after its 2025 figures
        "four_above": True,
        "headquarters": False,
        "listed": False,
        "high_tech": False,
        "serious_bad_credit": False,
        "listing_stage": 0,
        "insured_employees": 84,
        "new_insured_hires": 24,
        "priority_hires": 6,
        # "renting_talents" left out on purpose: 企业人才租房扶持 is UNKNOWN and goes to a person
    },
    DEMO_MANUFACTURER_CODE: {
        "entity_name": DEMO_MANUFACTURER_NAME,
        "district_code": "440111",
        "street": "太和镇",
        "industry_code": "C38",  # 电气机械和器材制造业
        "established_on": date(2012, 5, 10),
        "registration_status": "存续",
        "settled_on": date(2012, 5, 10),
        "headcount": 860,
        "revenue_fen": 120_000_000_000,  # 12 亿元
        "revenue_growth_pct": Decimal("12.4"),
        "tax_paid_fen": 9_500_000_000,  # 9500 万元
        "rd_spend_fen": 5_200_000_000,
        "district_output_contribution_fen": 6_000_000_000,  # 6000 万元
        "executive_income_tax_fen": 320_000_000,  # 320 万元
        "office_area_sqm": Decimal("2600"),
        "office_rent_fen": 312_000_000,
        "sme": False,
        "above_scale": True,
        "above_scale_since": date(2014, 1, 31),
        "four_above": True,
        "headquarters": False,
        "listed": False,
        "high_tech": True,
        "serious_bad_credit": False,
        "listing_stage": 2,  # 辅导备案
        "insured_employees": 842,
        "renting_talents": 35,
        "new_insured_hires": 120,
        "priority_hires": 18,
    },
}
DESIGNED_NAMES: Final = {
    DEMO_ENTERPRISE_CODE: DEMO_ENTERPRISE_NAME,
    DEMO_MANUFACTURER_CODE: DEMO_MANUFACTURER_NAME,
}


def _shift_years(day: date, years: int) -> date:
    year = day.year + years
    return date(year, day.month, min(day.day, calendar.monthrange(year, day.month)[1]))


def _emit(code: str, key: str, value: FactValue, year: int, *, ramp_months: bool) -> Iterator[Fact]:
    """The rows for one value: its period from the fact's period kind; a monthly value for every month of
    the year (rising to December's) or only for December."""
    kind = _PERIOD_KIND[key]
    if kind == PeriodKind.NONE:
        yield code, key, "", value
    elif kind == PeriodKind.YEAR:
        yield code, key, str(year), value
    elif ramp_months and isinstance(value, int) and not isinstance(value, bool):
        for month in range(1, 13):
            yield code, key, f"{year}-{month:02d}", max(0, value - (12 - month) // 3)
    else:
        yield code, key, f"{year}-12", value


def designed_fact_values(code: str, *, year: int = DEMO_DATA_YEAR) -> list[Fact]:
    """A designed enterprise's values for the data year `year` (dates moved with it)."""
    rows: list[Fact] = []
    for key, value in DESIGNED_FACTS[code].items():
        if isinstance(value, date):
            value = _shift_years(value, year - DEMO_DATA_YEAR)
        rows.extend(_emit(code, key, value, year, ramp_months=True))
    return rows


# --------------------------------------------------------------------------------------------------
# Generated enterprises

# GB/T 4754 division, weight, and a word for the company name.
_INDUSTRIES: Final[tuple[tuple[str, int, str], ...]] = (
    ("C26", 8, "化妆品"),
    ("C18", 6, "服饰"),
    ("C19", 5, "皮具"),
    ("C27", 3, "医药"),
    ("C35", 4, "机械设备"),
    ("C38", 5, "电气"),
    ("C39", 4, "电子科技"),
    ("F51", 14, "贸易"),
    ("F52", 10, "商贸"),
    ("H61", 3, "酒店管理"),
    ("H62", 8, "餐饮管理"),
    ("I64", 3, "网络科技"),
    ("I65", 6, "信息技术"),
    ("M73", 2, "生物技术"),
    ("M75", 3, "技术服务"),
    ("L72", 6, "企业管理咨询"),
    ("G54", 4, "物流"),
    ("G59", 3, "仓储服务"),
    ("E47", 2, "建筑工程"),
    ("E48", 1, "市政工程"),
    ("K70", 2, "房地产开发"),
)
_INDUSTRY_CODES: Final = [code for code, _, _ in _INDUSTRIES]
_INDUSTRY_WEIGHTS: Final = [weight for _, weight, _ in _INDUSTRIES]
_INDUSTRY_WORD: Final = {code: word for code, _, word in _INDUSTRIES}
_TECH: Final = frozenset({"C27", "C38", "C39", "I64", "I65", "M73", "M75"})
_OTHER_DISTRICTS: Final = ("440106", "440105", "440113", "440112")  # 天河、海珠、番禺、黄埔
_STREETS: Final = (
    "嘉禾街道",
    "太和镇",
    "人和镇",
    "钟落潭镇",
    "江高镇",
    "永平街道",
    "同和街道",
    "京溪街道",
    "景泰街道",
    "石井街道",
)
# (size, share, headcount range)
_SIZES: Final = (
    ("micro", 55, (1, 19)),
    ("small", 28, (20, 99)),
    ("medium", 12, (100, 999)),
    ("large", 5, (1000, 5000)),
)
_SYLLABLES: Final = "云华鑫创达盛恒泰隆嘉瑞丰源鸿德通宏兴安康美佳诚信捷汇辉金锦新科睿博远卓越星海峰联"
_USCC_ALPHABET: Final = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100: no I, O, S, V, Z
_GENERATED_PREFIX: Final = "91440111MAG"  # 工商 + 企业 + 白云区 + "MAG": apart from the designed codes
_MISSING_RATE: Final = 0.03  # share of a generated enterprise's facts left out, so some outcomes are UNKNOWN


def _industry_of(code: str) -> str:
    return random.Random(f"{code}:industry").choices(_INDUSTRY_CODES, _INDUSTRY_WEIGHTS)[0]  # noqa: S311 - demo data


def _base31(number: int, width: int) -> str:
    digits = []
    for _ in range(width):
        number, digit = divmod(number, 31)
        digits.append(_USCC_ALPHABET[digit])
    return "".join(reversed(digits))


def generated_enterprises(count: int, seed: int = 0) -> Iterator[tuple[str, str]]:
    """`count` demo enterprises as (unified social credit code, name), all in Baiyun, deterministic.

    Codes are valid (GB 32100 check character), unique within one call and distinct from the designed
    ones; another `seed` (mod 31) gives another population. Names are unique within one call."""
    capacity = 31**5
    if not 0 <= count <= capacity:
        raise ValueError(f"count must be from 0 to {capacity}")
    tag = _USCC_ALPHABET[seed % 31]
    offset = (seed * 7919) % 1600
    for index in range(count):
        code = make_credit_code(f"{_GENERATED_PREFIX}{tag}{_base31(index, 5)}")
        number = index + offset
        brand = _SYLLABLES[number % 40] + _SYLLABLES[(number // 40) % 40]
        number //= 1600
        while number:  # a longer brand once the two-character ones are used up: names stay unique
            brand += _SYLLABLES[number % 40]
            number //= 40
        yield code, f"广州市白云区{brand}{_INDUSTRY_WORD[_industry_of(code)]}有限公司"


def _random_day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _generated(code: str, year: int) -> dict[str, FactValue]:
    """A plausible, internally consistent profile: size from headcount, money from revenue."""
    rng = random.Random(f"{code}:{year}")  # noqa: S311 - demo data, reproducible on purpose
    industry = _industry_of(code)
    size, _, (least, most) = rng.choices(_SIZES, [share for _, share, _ in _SIZES])[0]
    headcount = rng.randint(least, most)
    established = _random_day(rng, date(1995, 1, 1), date(year + 1, 10, 31))
    moved_in = rng.random() < 0.1
    revenue_yuan = headcount * rng.randint(300_000, 2_000_000)
    tax_yuan = revenue_yuan * rng.randint(2, 8) // 100
    above_scale = revenue_yuan >= 20_000_000
    newly_above_scale = above_scale and rng.random() < 0.12
    listed = size == "large" and rng.random() < 0.15
    values: dict[str, FactValue] = {
        "district_code": "440111" if rng.random() < 0.88 else rng.choice(_OTHER_DISTRICTS),
        "street": rng.choice(_STREETS),
        "industry_code": industry,
        "established_on": established,
        "settled_on": _random_day(rng, established, date(year + 1, 10, 31)) if moved_in else established,
        "registration_status": rng.choices(("存续", "在业", "注销"), (95, 3, 2))[0],
        "headcount": headcount,
        "revenue_fen": revenue_yuan * 100,
        "revenue_growth_pct": Decimal(rng.randint(-300, 800)) / 10 + (15 if newly_above_scale else 0),
        "tax_paid_fen": tax_yuan * 100,
        "district_output_contribution_fen": tax_yuan * rng.randint(25, 35),  # 25–35 % of the tax, in fen
        "sme": size != "large",
        "above_scale": above_scale,
        "four_above": above_scale,
        "headquarters": size == "large" and rng.random() < 0.3,
        "listed": listed,
        "high_tech": industry in _TECH and rng.random() < 0.4,
        "serious_bad_credit": rng.random() < 0.02,
        "listing_stage": 4
        if listed
        else (rng.randint(1, 3) if size in ("medium", "large") and rng.random() < 0.12 else 0),
        "insured_employees": headcount * rng.randint(80, 100) // 100,
    }
    if above_scale:
        values["above_scale_since"] = (
            _random_day(rng, date(year, 12, 1), date(year + 1, 10, 31))
            if newly_above_scale
            else _random_day(rng, max(established, date(2010, 1, 1)), date(year, 11, 30))
        )
    hires = rng.randint(0, max(1, headcount // 4))
    values["new_insured_hires"] = hires
    values["priority_hires"] = rng.randint(0, hires // 3)
    values["renting_talents"] = rng.randint(0, max(1, headcount // 10)) if rng.random() < 0.5 else 0
    if rng.random() < 0.4:
        area = headcount * rng.randint(8, 15)
        values["office_area_sqm"] = Decimal(area)
        values["office_rent_fen"] = area * rng.randint(50, 120) * 12 * 100
    if size in ("medium", "large"):
        values["executive_income_tax_fen"] = revenue_yuan * rng.randint(1, 4) // 10  # 0.1–0.4 % in fen
    # Shared data is never complete: leave some facts out (never the identity of the enterprise).
    for key in list(values):
        if key not in ("district_code", "industry_code") and rng.random() < _MISSING_RATE:
            del values[key]
    return values


def demo_fact_values(credit_codes: Sequence[str], *, year: int) -> list[Fact]:
    """(credit_code, fact_key, period, value) rows for the enterprises with these codes, for the data year
    `year`: the designed values for the designed enterprises, generated ones (seeded by the code and the
    year) for any other code. Monthly facts of generated enterprises are given for December only."""
    rows: list[Fact] = []
    for code in dict.fromkeys(credit_codes):
        if code in DESIGNED_FACTS:
            rows.extend(designed_fact_values(code, year=year))
            continue
        for key, value in _generated(code, year).items():
            rows.extend(_emit(code, key, value, year, ramp_months=False))
    return rows


def facts_as_of(rows: Iterable[Fact], code: str, as_of: str | None = None) -> dict[str, FactValue]:
    """One enterprise's facts read from rows the way ``onego.registry.facts.facts_for`` reads stored ones:
    for a periodic fact the latest period not after `as_of` (a year or a month). For tests and previews
    that have rows but no database."""
    best: dict[str, tuple[str, FactValue]] = {}
    for row_code, key, period, value in rows:
        if row_code != code:
            continue
        if as_of is not None and period:
            bound = as_of[:4] if len(period) == 4 else (as_of if len(as_of) == 7 else f"{as_of[:4]}-12")
            if period > bound:
                continue
        if key not in best or period > best[key][0]:
            best[key] = (period, value)
    return {key: value for key, (_, value) in best.items()}

"""Enterprise facts (企业数据): the fact dictionary, writing values, and reading them for policy criteria.

A fact is one value about one enterprise for one period: ``revenue_fen`` of 2025, ``insured_employees`` of
2025-06, ``industry_code`` with no period. Criteria (``onego.policies.criteria``) read facts by key, so the
readers here return plain mappings of key → value in the types the criteria engine understands (int fen,
Decimal, bool, date, str; None when missing, which the engine treats as UNKNOWN).

The registry sits below the policies app (core ← registry ← … ← policies), so nothing here imports the
criteria engine: ``fact_schema`` gives each fact's kind as the plain text the engine's ``Kind`` values
are ("number", "bool", "date", "text"); ``Kind`` is a ``StrEnum``, so the two compare equal.

Periods are strings that sort in time order: "" (none), "2025" (a year), "2025-06" (a month).

How a key is read:

- ``revenue_fen`` — for a periodic fact, the value of the latest period not after ``as_of`` (any period when
  ``as_of`` is None). ``as_of`` may be a year or a month: a year fact read as of "2025-06" takes years up to
  2025; a month fact read as of "2025" takes months up to 2025-12.
- ``revenue_fen@2024`` — exactly that period; missing if there is no value for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Final

from django.db import connection, models, transaction

from onego.registry.models import EnterpriseFact, FactDefinition

ValueKind = FactDefinition.ValueKind
PeriodKind = FactDefinition.PeriodKind
FactValue = int | Decimal | bool | date | str

PERIOD_SEPARATOR: Final = "@"
_YEAR: Final = re.compile(r"^\d{4}$")
_MONTH: Final = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
# Enough ids for one IN (...) while staying far below SQLite's and PostgreSQL's parameter limits.
_IN_CHUNK: Final = 900

# Fact kind → the value kind criteria compare it as (the values of ``onego.policies.criteria.Kind``).
CRITERIA_KIND: Final[dict[str, str]] = {
    ValueKind.NUMBER: "number",
    ValueKind.MONEY_FEN: "number",
    ValueKind.INTEGER: "number",
    ValueKind.BOOLEAN: "bool",
    ValueKind.DATE: "date",
    ValueKind.TEXT: "text",
    ValueKind.CODE: "text",
}

# GB/T 4754 (国民经济行业分类): a section letter A–T, then a division (2 digits), group (3) or class (4).
INDUSTRY_CODE_PATTERN: Final = r"^[A-T](\d{2,4})?$"
# GB/T 2260 administrative division (行政区划代码) of a county-level district.
DISTRICT_CODE_PATTERN: Final = r"^\d{6}$"


@dataclass(frozen=True)
class StandardFact:
    key: str
    label_zh: str
    label_en: str
    kind: str
    period_kind: str = PeriodKind.NONE
    unit: str = ""
    pattern: str = ""
    allow_negative: bool = False
    description: str = ""


STANDARD_FACTS: Final[tuple[StandardFact, ...]] = (
    # registration (登记信息)
    StandardFact("entity_name", "企业名称", "Enterprise name", ValueKind.TEXT),
    StandardFact("district_code", "所属区县代码", "District code", ValueKind.CODE, pattern=DISTRICT_CODE_PATTERN,
                 description="GB/T 2260 行政区划代码，6 位 / GB/T 2260 administrative division, 6 digits"),
    StandardFact("street", "所属街道", "Street (subdistrict)", ValueKind.TEXT),
    StandardFact("industry_code", "行业代码", "Industry code", ValueKind.CODE, pattern=INDUSTRY_CODE_PATTERN,
                 description="GB/T 4754 国民经济行业分类代码：门类字母加 2–4 位数字，如 C、C13、C1311 / "
                             "GB/T 4754 industry: a section letter and 2 to 4 digits, e.g. C, C13, C1311"),
    StandardFact("established_on", "成立日期", "Date of establishment", ValueKind.DATE),
    StandardFact("registration_status", "登记状态", "Registration status", ValueKind.TEXT,
                 description="存续、在业、吊销、注销、迁出等 / e.g. 存续 (active), 注销 (deregistered)"),
    # size and finance by year (规模与财务)
    StandardFact("headcount", "从业人数", "Headcount", ValueKind.INTEGER, PeriodKind.YEAR, unit="人"),
    StandardFact("revenue_fen", "营业收入（元）", "Revenue (yuan)", ValueKind.MONEY_FEN, PeriodKind.YEAR, unit="分",
                 description="文件中以元填写，存储为分 / yuan in files, stored in fen"),
    StandardFact("revenue_growth_pct", "营业收入增长率（%）", "Revenue growth (%)", ValueKind.NUMBER,
                 PeriodKind.YEAR, unit="%", allow_negative=True),
    StandardFact("tax_paid_fen", "纳税额（元）", "Tax paid (yuan)", ValueKind.MONEY_FEN, PeriodKind.YEAR, unit="分",
                 description="文件中以元填写，存储为分 / yuan in files, stored in fen"),
    StandardFact("rd_spend_fen", "研发投入（元）", "R&D spend (yuan)", ValueKind.MONEY_FEN, PeriodKind.YEAR,
                 unit="分", description="文件中以元填写，存储为分 / yuan in files, stored in fen"),
    # recognitions (认定), as currently held
    StandardFact("above_scale", "规上企业", "Above designated size", ValueKind.BOOLEAN,
                 description="规模以上工业企业 / industrial enterprise above designated size"),
    StandardFact("four_above", "四上企业", "'Four above' enterprise", ValueKind.BOOLEAN,
                 description="规上工业、资质等级建筑业、限额以上批零住餐、规上服务业 / the four statistical "
                             "'above' categories"),
    StandardFact("headquarters", "总部企业", "Headquarters enterprise", ValueKind.BOOLEAN),
    StandardFact("listed", "上市企业", "Listed company", ValueKind.BOOLEAN),
    StandardFact("high_tech", "高新技术企业", "High-tech enterprise", ValueKind.BOOLEAN),
    # credit (信用)
    StandardFact("serious_bad_credit", "严重失信", "Serious bad credit", ValueKind.BOOLEAN),
    # social insurance by month (社保)
    StandardFact("insured_employees", "参保人数", "Insured employees", ValueKind.INTEGER, PeriodKind.MONTH,
                 unit="人"),
    # --- added by migration 0005: what the "1+4+N" measures and the employment subsidies read ---
    # size and recognitions
    StandardFact("sme", "中小企业", "Small or medium-sized enterprise", ValueKind.BOOLEAN,
                 description="按《中小企业划型标准规定》（工信部联企业〔2011〕300号）划型 / classified under the "
                             "2011 SME size standard"),
    StandardFact("above_scale_since", "纳入规上统计日期", "Above-scale statistics since", ValueKind.DATE,
                 description="首次纳入规模以上（限额以上）统计的日期 / the day the enterprise was first reported "
                             "above designated size"),
    StandardFact("listing_stage", "上市进度", "Listing stage", ValueKind.INTEGER,
                 description="0 未启动、1 完成股改、2 辅导备案、3 申报受理、4 成功上市 / 0 none, 1 joint-stock reform, "
                             "2 tutoring filed, 3 application accepted, 4 listed"),
    # settling in Baiyun and premises
    StandardFact("settled_on", "落户白云区日期", "Settled in Baiyun on", ValueKind.DATE,
                 description="新注册企业为成立日期，迁入企业为迁入登记日期 / the day of registration, or of moving "
                             "the registration to Baiyun"),
    StandardFact("office_area_sqm", "办公用房面积（平方米）", "Office floor area (m²)", ValueKind.NUMBER,
                 PeriodKind.YEAR, unit="平方米", description="在白云区租用或购置的自用办公用房 / own-use offices in Baiyun"),
    StandardFact("office_rent_fen", "办公用房年租金（元）", "Office rent per year (yuan)", ValueKind.MONEY_FEN,
                 PeriodKind.YEAR, unit="分", description="文件中以元填写，存储为分 / yuan in files, stored in fen"),
    # contribution to the district (区级经济贡献)
    StandardFact("district_output_contribution_fen", "区级经济贡献（元）", "Contribution to the district (yuan)",
                 ValueKind.MONEY_FEN, PeriodKind.YEAR, unit="分",
                 description="企业缴纳税收形成的区级财力贡献；文件中以元填写，存储为分 / the district's share of the "
                             "taxes paid; yuan in files, stored in fen"),
    StandardFact("executive_income_tax_fen", "高管团队个人所得税（元）", "Senior managers' income tax (yuan)",
                 ValueKind.MONEY_FEN, PeriodKind.YEAR, unit="分",
                 description="高管团队在白云区缴纳的个人所得税；文件中以元填写，存储为分 / paid in Baiyun; yuan in "
                             "files, stored in fen"),
    # people (人才与就业)
    StandardFact("renting_talents", "在区租房人才数", "Talents renting in Baiyun", ValueKind.INTEGER, PeriodKind.YEAR,
                 unit="人", description="与企业签订劳动合同、在白云区参保并租房的合资格人才 / qualified talents under "
                                       "contract, insured and renting in Baiyun"),
    StandardFact("new_insured_hires", "新增参保就业人数", "Newly insured hires", ValueKind.INTEGER, PeriodKind.YEAR,
                 unit="人", description="当年新招用并在白云区参加社会保险的人数（社保共享数据） / people hired and "
                                       "newly insured in Baiyun in the year (social insurance data)"),
    StandardFact("priority_hires", "新招用重点群体人数", "Priority-group hires", ValueKind.INTEGER, PeriodKind.YEAR,
                 unit="人", description="当年新招用并参保的就业困难人员、离校2年内高校毕业生等 / newly insured hires "
                                       "who are hard to employ, graduates within two years, etc."),
    # a person's facts, for the policies a person applies for: read from the application and the human
    # resources bureau's shared data, not stored per enterprise
    StandardFact("person_category", "人员类别", "Person category", ValueKind.CODE, pattern=r"^[a-z_]{1,40}$",
                 description="hard_to_employ 就业困难人员、graduate 高校毕业生、returnee 留学回国人员、veteran 退役军人、"
                             "registered_unemployed 登记失业人员、other 其他 / the category of an applicant"),
    StandardFact("person_flexible_employment_registered", "已办理灵活就业登记", "Registered as flexibly employed",
                 ValueKind.BOOLEAN, description="在白云区办理灵活就业登记 / registered in Baiyun"),
    StandardFact("person_flexible_insured_months", "灵活就业参保月数", "Months insured as flexibly employed",
                 ValueKind.INTEGER, PeriodKind.YEAR, unit="月"),
    StandardFact("person_flexible_insurance_paid_fen", "灵活就业社保缴费额（元）",
                 "Social insurance paid as flexibly employed (yuan)", ValueKind.MONEY_FEN, PeriodKind.YEAR, unit="分",
                 description="文件中以元填写，存储为分 / yuan in files, stored in fen"),
)


def seed_fact_definitions(model: Any = FactDefinition) -> int:
    """Create the standard fact definitions that are missing; existing ones (perhaps edited in the admin)
    are left alone. Returns how many were created. `model` lets a data migration pass its historical model."""
    existing = set(model.objects.values_list("key", flat=True))
    new = [model(**vars(fact)) for fact in STANDARD_FACTS if fact.key not in existing]
    model.objects.bulk_create(new)
    return len(new)


# --- periods and keys -------------------------------------------------------------------------------------


def period_error(period_kind: str, period: str) -> str | None:
    """Why `period` does not fit a fact of `period_kind` (Chinese / English), or None when it does."""
    if period_kind == PeriodKind.NONE:
        return None if period == "" else "该数据项没有期间 / This fact has no period"
    if period_kind == PeriodKind.YEAR:
        return None if _YEAR.match(period) else f"期间应为年份，如 2025 / The period must be a year such as 2025: {period!r}"
    return None if _MONTH.match(period) else f"期间应为月份，如 2025-06 / The period must be a month such as 2025-06: {period!r}"


def stored_period(period_kind: str, period: str) -> str:
    """The period a value of this kind is stored under: "" for facts without one."""
    return "" if period_kind == PeriodKind.NONE else period


def _upper_bound(period_kind: str, as_of: str | None) -> str | None:
    """The latest period of `period_kind` that is not after `as_of` (a year or a month), as a string bound."""
    if as_of is None or period_kind == PeriodKind.NONE:
        return None
    if period_kind == PeriodKind.YEAR:
        return as_of[:4]
    return as_of if len(as_of) == 7 else f"{as_of[:4]}-12"


def _check_as_of(as_of: str | None) -> None:
    if as_of is not None and not (_YEAR.match(as_of) or _MONTH.match(as_of)):
        raise ValueError(f"as_of must be a year (2025) or a month (2025-06), got {as_of!r}")


@dataclass(frozen=True)
class _Read:
    """How one requested key is read: which fact, and exactly which period or the latest up to a bound."""

    key: str  # as requested, e.g. "revenue_fen" or "revenue_fen@2024"
    definition: FactDefinition
    exact: str | None  # an exact period
    bound: str | None  # otherwise: the latest period ≤ bound (None: any)

    @property
    def column(self) -> str:
        return EnterpriseFact.VALUE_COLUMN[ValueKind(self.definition.kind)]


def _reads(keys: Sequence[str], as_of: str | None) -> list[_Read]:
    _check_as_of(as_of)
    bases = {key.split(PERIOD_SEPARATOR, 1)[0] for key in keys}
    definitions = {d.key: d for d in FactDefinition.objects.filter(key__in=bases)}
    reads = []
    for key in keys:
        base, sep, period = key.partition(PERIOD_SEPARATOR)
        definition = definitions.get(base)
        if definition is None:
            raise KeyError(f"unknown fact {base!r} / 未定义的数据项")
        if sep:
            error = period_error(definition.period_kind, period)
            if error or definition.period_kind == PeriodKind.NONE:
                raise ValueError(f"{key!r}: {error or 'this fact has no period / 该数据项没有期间'}")
            reads.append(_Read(key, definition, period, None))
        elif definition.period_kind == PeriodKind.NONE:
            reads.append(_Read(key, definition, "", None))
        else:
            reads.append(_Read(key, definition, None, _upper_bound(definition.period_kind, as_of)))
    return reads


def fact_schema(keys: Iterable[str] | None = None) -> dict[str, str]:
    """Fact key → criteria kind ("number", "bool", "date" or "text"), for
    ``criteria.validate(rule, fact_schema(), params)``. Keys with an explicit period (``revenue_fen@2024``)
    are valid fact names too: pass them in `keys` to include them."""
    kinds: dict[str, str] = {key: CRITERIA_KIND[kind] for key, kind in FactDefinition.objects.values_list("key", "kind")}
    for key in keys or ():
        base = key.split(PERIOD_SEPARATOR, 1)[0]
        if base in kinds:
            kinds[key] = kinds[base]
    return kinds


# --- reading -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FactRecord:
    """A value with where it came from: the period it is for and its source."""

    value: FactValue
    period: str
    source: str


def _chunks(items: Sequence[str], size: int = _IN_CHUNK) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _rows(read: _Read, entity_codes: Sequence[str] | None, *fields: str) -> Iterator[tuple[Any, ...]]:
    """(entity_code, period, *fields) of the values one read may use, from one query per chunk of codes
    (one query in all when `entity_codes` is None or short)."""
    qs = EnterpriseFact.objects.filter(fact=read.definition)
    if read.exact is not None:
        qs = qs.filter(period=read.exact)
    elif read.bound is not None:
        qs = qs.filter(period__lte=read.bound)
    columns = ("entity_code", "period", *fields)
    if entity_codes is None:
        yield from qs.values_list(*columns).iterator(chunk_size=10_000)
        return
    for chunk in _chunks(entity_codes):
        yield from qs.filter(entity_code__in=chunk).values_list(*columns).iterator(chunk_size=10_000)


def fact_records(
    entity_codes: Iterable[str], keys: Sequence[str], *, as_of: str | None = None,
) -> dict[str, dict[str, FactRecord | None]]:
    """Per entity, key → the value read with its period and source (None when missing). One query per key
    (per 900 entities). Raises KeyError for an unknown fact, ValueError for a malformed period."""
    codes = list(dict.fromkeys(entity_codes))
    out: dict[str, dict[str, FactRecord | None]] = {code: dict.fromkeys(keys) for code in codes}
    for read in _reads(keys, as_of):
        best: dict[str, str] = {}
        for code, period, value, source in _rows(read, codes, read.column, "source"):
            if code not in best or period > best[code]:
                best[code] = period
                out[code][read.key] = FactRecord(value, period, source)
    return out


def facts_for(
    entity_codes: Iterable[str], keys: Sequence[str], *, as_of: str | None = None,
) -> dict[str, dict[str, FactValue | None]]:
    """Per entity, key → value (None when missing): the facts mapping ``criteria.evaluate`` takes. See the
    module docstring for how plain and ``key@period`` keys are read; `as_of` is a year or a month."""
    records = fact_records(entity_codes, keys, as_of=as_of)
    return {
        code: {key: (record.value if record is not None else None) for key, record in facts.items()}
        for code, facts in records.items()
    }


def fact_columns(
    keys: Sequence[str], as_of: str | None = None, entity_codes: Sequence[str] | None = None,
) -> tuple[list[str], dict[str, list[FactValue | None]]]:
    """The columns ``criteria.evaluate_columns`` takes: (codes, {key: [value or None, ...]}), row i being
    codes[i]. With `entity_codes` the rows are those codes in that order; without, every entity that has a
    value for at least one of the keys, sorted. One query per key, streamed, however many entities."""
    reads = _reads(keys, as_of)
    wanted = None if entity_codes is None else list(dict.fromkeys(entity_codes))
    # Reading everything and keeping what is asked for beats 300,000 codes in IN (...) lists.
    filter_in_python = wanted is not None and len(wanted) > 5 * _IN_CHUNK
    wanted_set = set(wanted) if wanted is not None else None
    per_key: list[dict[str, FactValue]] = []
    for read in reads:
        values: dict[str, FactValue] = {}
        best: dict[str, str] = {}
        rows = _rows(read, None if (wanted is None or filter_in_python) else wanted, read.column)
        for code, period, value in rows:
            if wanted_set is not None and code not in wanted_set:
                continue
            if code not in best or period > best[code]:
                best[code] = period
                values[code] = value
        per_key.append(values)
    if wanted is None:
        codes = sorted(set().union(*per_key)) if per_key else []
    else:
        codes = wanted
    columns = {read.key: [values.get(code) for code in codes] for read, values in zip(reads, per_key, strict=True)}
    return codes, columns


# --- writing ------------------------------------------------------------------------------------------------

# (entity_code, fact_id, period, int_value, decimal_value, bool_value, date_value, text_value): one value in
# the column its kind names, None in the others ("" for text_value).
FactRow = tuple[str, int, str, int | None, Decimal | None, bool | None, date | None, str]
_VALUE_FIELDS: Final = ("int_value", "decimal_value", "bool_value", "date_value", "text_value")


def fact_row(entity_code: str, definition: FactDefinition, period: str, value: FactValue) -> FactRow:
    """The row `upsert_facts` writes for one value, the value in its kind's column."""
    column = EnterpriseFact.VALUE_COLUMN[ValueKind(definition.kind)]
    values: list[Any] = [None, None, None, None, ""]
    values[_VALUE_FIELDS.index(column)] = value
    return (entity_code, definition.pk, period, *values)  # type: ignore[return-value]


def upsert_facts(rows: Sequence[FactRow], *, source: str, imported_at: datetime, batch_id: int | None) -> None:
    """Insert the values, or where (entity, fact, period) exists replace its value, source and batch. Call
    inside the caller's transaction (an import is all or nothing).

    Why not ``bulk_create(update_conflicts=True)``: it builds a model instance and compiles SQL for every
    value, which made 1.5 million values take minutes; one prepared INSERT … ON CONFLICT run through
    ``executemany`` (the same statement on SQLite ≥ 3.24 and PostgreSQL) writes them several times faster."""
    assert transaction.get_connection().in_atomic_block, "upsert_facts runs inside the import's transaction"
    if not rows:
        return
    ops = connection.ops
    q = ops.quote_name
    names = ("entity_code", "fact_id", "period", *_VALUE_FIELDS, "source", "imported_at", "batch_id")
    updated = (*_VALUE_FIELDS, "source", "imported_at", "batch_id")
    # Only quoted names of this model are interpolated; every value is a parameter.
    table, columns, placeholders = q(EnterpriseFact._meta.db_table), ", ".join(map(q, names)), ", ".join(["%s"] * len(names))
    target = ", ".join(map(q, ("entity_code", "fact_id", "period")))
    assignments = ", ".join(f"{q(name)} = EXCLUDED.{q(name)}" for name in updated)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) ON CONFLICT ({target}) DO UPDATE SET {assignments}"  # noqa: S608
    when = ops.adapt_datetimefield_value(imported_at)
    decimal_field = EnterpriseFact._meta.get_field("decimal_value")
    assert isinstance(decimal_field, models.DecimalField)
    digits, places = decimal_field.max_digits, decimal_field.decimal_places

    def adapt(row: FactRow) -> tuple[Any, ...]:
        code, fact_id, period, int_value, decimal_value, bool_value, date_value, text_value = row
        return (
            code, fact_id, period, int_value,
            None if decimal_value is None else ops.adapt_decimalfield_value(decimal_value, digits, places),
            bool_value,
            None if date_value is None else ops.adapt_datefield_value(date_value),
            text_value, source, when, batch_id,
        )

    with connection.cursor() as cursor:
        cursor.executemany(sql, [adapt(row) for row in rows])

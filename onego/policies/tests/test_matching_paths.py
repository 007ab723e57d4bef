"""Proactive matching stores the same results whichever way it gets there: amounts over columns (numpy) or
enterprise by enterprise, facts read by the PostgreSQL reader or the generic one, rows written with COPY (in
writer threads, in a worker) or with bulk_create."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
import pytest
from django.db import connection, transaction
from django.utils import timezone

from onego.core.identifiers import make_credit_code
from onego.policies import amounts, matching, snapshots
from onego.policies.criteria import Parameter, ParameterSet
from onego.policies.models import MatchResult, Policy, RunPolicy
from onego.policies.tests.factories import put_facts
from onego.registry import facts as registry_facts
from onego.registry.facts import FactArray, FactTable
from onego.registry.models import EnterpriseFact, FactDefinition

ON = date(2026, 11, 27)
S = {"zh": "金额", "en": "amount"}
PARAMS = ParameterSet(
    [
        Parameter("t_rate_pct", [(date(2021, 1, 1), 62, "测试 第一条")]),
        Parameter("t_cap_wan", [(date(2021, 1, 1), 5_000, "测试 第二条")]),
        Parameter("t_bonus_wan", [(date(2021, 1, 1), 7, "测试 第三条")]),
        Parameter("t_per_head_yuan", [(date(2021, 1, 1), Decimal("1500.5"), "测试 第四条")]),
    ]
)


def rate(rounding: str, **more: Any) -> dict[str, Any]:
    return {
        "op": "rate",
        "rate": {"param": "t_rate_pct", "unit": "percent"},
        "base": {"fact": "revenue_fen", "unit": "fen"},
        "rounding": rounding,
        "sentence": S,
        **more,
    }


FORMULAS: dict[str, dict[str, Any]] = {
    **{
        f"rate {r}": rate(
            r, floor={"value": 1, "unit": "wan_yuan"}, cap={"param": "t_cap_wan", "unit": "wan_yuan"}
        )
        for r in ("half_up_fen", "down_fen", "half_up_yuan", "down_yuan")
    },
    "rate of a base in yuan, in basis points": {
        "op": "rate",
        "rate": {"value": 333, "unit": "basis_points"},
        "base": {"fact": "revenue_fen", "unit": "yuan"},
        "rounding": "half_up_fen",
        "sentence": S,
    },
    "rate as a ratio, no cap (huge products)": {
        "op": "rate",
        "rate": {"value": "0.125", "unit": "ratio"},
        "base": {"fact": "revenue_fen", "unit": "fen"},
        "rounding": "down_yuan",
        "sentence": S,
    },
    "per unit with a cap": {
        "op": "per_unit",
        "amount": {"param": "t_per_head_yuan", "unit": "yuan"},
        "count": {"fact": "new_insured_hires"},
        "cap": {"value": 3, "unit": "wan_yuan"},
        "sentence": S,
    },
    "progressive with a cap": {
        "op": "progressive",
        "base": {"fact": "district_output_contribution_fen", "unit": "fen"},
        "tiers": [
            {"up_to": {"value": 1_000_000_000}, "rate": {"value": 50, "unit": "percent"}},
            {"up_to": {"value": 5_000_000_000}, "rate": {"value": "33.3", "unit": "percent"}},
            {"up_to": None, "rate": {"value": 20, "unit": "percent"}},
        ],
        "cap": {"value": 3_000, "unit": "wan_yuan"},
        "rounding": "half_up_yuan",
        "sentence": S,
    },
    "bands with fractional edges": {
        "op": "band",
        "base": {"fact": "listing_stage"},
        "bands": [
            {"from": None, "to": {"value": "-0.5"}, "bounds": "()", "amount": {"value": 1, "unit": "yuan"}},
            {
                "from": {"value": 1},
                "to": {"value": "2.5"},
                "bounds": "[]",
                "amount": {"value": 100, "unit": "wan_yuan"},
            },
            {
                "from": {"value": 3},
                "to": {"value": 4},
                "bounds": "(]",
                "amount": {"param": "t_bonus_wan", "unit": "wan_yuan"},
            },
        ],
        "sentence": S,
    },
    "sum of a fixed part and a conditional one": {
        "op": "sum",
        "sentence": S,
        "args": [
            {"op": "fixed", "amount": {"value": 10, "unit": "wan_yuan"}, "sentence": S},
            {
                "op": "when",
                "sentence": S,
                "if": {
                    "op": "in",
                    "fact": "industry_code",
                    "values": {"value": ["C26", "C38"]},
                    "sentence": S,
                },
                "then": {
                    "op": "fixed",
                    "amount": {"param": "t_bonus_wan", "unit": "wan_yuan"},
                    "sentence": S,
                },
                "else": {
                    "op": "per_unit",
                    "amount": {"value": 1000, "unit": "yuan"},
                    "count": {"fact": "new_insured_hires"},
                    "sentence": S,
                },
            },
        ],
    },
    "min and max": {
        "op": "max",
        "sentence": S,
        "args": [
            {
                "op": "min",
                "sentence": S,
                "args": [
                    rate("half_up_fen"),
                    {"op": "fixed", "amount": {"value": 50, "unit": "wan_yuan"}, "sentence": S},
                ],
            },
            {"op": "fixed", "amount": {"value": 2, "unit": "wan_yuan"}, "sentence": S},
        ],
    },
    "a band over a Decimal fact": {
        "op": "band",
        "base": {"fact": "revenue_growth_pct"},
        "bands": [
            {
                "from": {"value": 15},
                "to": {"value": 30},
                "bounds": "[)",
                "amount": {"value": 20, "unit": "wan_yuan"},
            },
            {"from": {"value": 30}, "to": None, "bounds": "[)", "amount": {"value": 50, "unit": "wan_yuan"}},
        ],
        "sentence": S,
    },
}


def synthetic_facts(rows: int = 3_000, seed: int = 7, scaled: bool = True) -> matching._Facts:
    """Columns as the PostgreSQL reader gives them: int64 arrays with a missing mask, Decimals (with their
    values × 10**4 unless `scaled` is false, as the generic reader gives them) and texts as lists; with missing,
    zero, negative and out-of-range values, and amounts beyond int64 once multiplied."""
    rng = random.Random(seed)

    def whole(low: int, high: int, odd: list[int]) -> FactArray:
        values = [rng.choice(odd) if rng.random() < 0.05 else rng.randint(low, high) for _ in range(rows)]
        missing = np.array([rng.random() < 0.05 for _ in range(rows)])
        return FactArray(np.array(values, dtype=np.int64), missing)

    huge = [0, -1, -(10**12), 10**17, 10**18, 10**18 + 1, 2**62]
    texts: list[Any] = [rng.choice(["C26", "C38", "F51", None]) for _ in range(rows)]
    growth: list[Any] = [
        None
        if rng.random() < 0.05
        else rng.choice(
            [
                Decimal(rng.randint(-300, 800)).scaleb(-1),
                Decimal(rng.randint(-3000, 8000)).scaleb(-4),
                Decimal(15),
                Decimal("29.9999"),
                Decimal(30),
            ]
        )
        for _ in range(rows)
    ]
    growth_array = FactArray.of_list(growth)
    if scaled:
        growth_array = FactArray(
            growth,
            growth_array.missing,
            growth,
            scaled=np.array(
                [0 if value is None else int(value.scaleb(4)) for value in growth], dtype=np.int64
            ),
            scale=4,
        )
    table = FactTable(
        [f"code{i:05d}" for i in range(rows)],
        {
            "revenue_fen": whole(0, 10**12, huge),
            "new_insured_hires": whole(0, 60, [-3, 0, 10**16]),
            "district_output_contribution_fen": whole(0, 10**11, huge),
            "listing_stage": whole(0, 4, [-1, 5, 10**18]),
            "industry_code": FactArray.of_list(texts),
            "revenue_growth_pct": growth_array,
        },
    )
    return matching._Facts(table)


@pytest.mark.parametrize("name", FORMULAS)
def test_amounts_over_columns_are_those_of_the_enterprise_by_enterprise_evaluation(name: str) -> None:
    # given a formula and columns with every awkward value
    money = amounts.compile_amount(FORMULAS[name]).bind(PARAMS, ON)
    facts = synthetic_facts()
    rows = np.arange(len(facts), dtype=np.intp)
    # when
    fen, uses = matching._amounts(money, facts, rows)
    # then: the same amount (None where unknown) and the same parameter versions recorded
    expected, expected_uses = matching._row_amounts(money, facts, rows)
    assert fen == expected
    assert uses == expected_uses
    assert any(amount is None for amount in fen) and any(amount for amount in fen)


def test_a_decimal_fact_without_its_scaled_integers_is_left_to_the_enterprise_by_enterprise_evaluation() -> (
    None
):
    money = amounts.compile_amount(FORMULAS["a band over a Decimal fact"]).bind(PARAMS, ON)
    with pytest.raises(matching._NotColumnar):
        matching._ColumnAmount(money, synthetic_facts(scaled=False), np.arange(10, dtype=np.intp)).run()
    facts = synthetic_facts()
    rows = np.arange(len(facts), dtype=np.intp)
    assert matching._ColumnAmount(money, facts, rows).run() == matching._row_amounts(money, facts, rows)


def test_a_when_branch_no_stored_row_takes_records_none_of_its_parameters() -> None:
    # given only enterprises outside the bonus industries
    money = amounts.compile_amount(FORMULAS["sum of a fixed part and a conditional one"]).bind(PARAMS, ON)
    facts = synthetic_facts()
    codes = facts.python("industry_code")
    rows = np.array([i for i, code in enumerate(codes) if code == "F51"], dtype=np.intp)
    # when
    _, uses = matching._amounts(money, facts, rows)
    # then the bonus parameter of the "then" branch is not among the parameters used
    assert "t_bonus_wan" not in uses
    assert uses == matching._row_amounts(money, facts, rows)[1]


# --- whole runs ---------------------------------------------------------------------------------------------------


def stored(run_id: int) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    entries = sorted(
        (
            e.policy.code,
            e.version_id,
            e.node_paths,
            e.parameters,
            e.evaluated,
            e.eligible,
            e.not_eligible,
            e.unknown,
            e.amount_fen,
        )
        for e in RunPolicy.objects.filter(run_id=run_id).select_related("policy")
    )
    results = sorted(
        (
            r.entry.policy.code,
            r.entity_code,
            r.outcome,
            r.amount_fen,
            r.node_outcomes,
            snapshots.result_facts(r),
        )
        for r in MatchResult.objects.filter(entry__run_id=run_id).select_related(
            "entry__policy", "entry__version"
        )
    )
    return entries, results


def run_all(actor: str = "system:test") -> int:
    from unittest import mock

    from onego.core import queue

    with mock.patch.object(queue, "_send"), transaction.atomic():  # no worker: run below
        run = matching.start_run(actor=actor, policy=None, on=ON, make_offers=False)
    matching.run_matching(run.pk)
    return run.pk


def plainly(monkeypatch: pytest.MonkeyPatch) -> None:
    """The plain path: facts read key by key, amounts enterprise by enterprise, rows written with bulk_create."""

    def row_by_row(self: matching._ColumnAmount) -> Any:
        raise matching._NotColumnar

    monkeypatch.setattr(registry_facts, "_pg_table", lambda reads: None)
    monkeypatch.setattr(matching._ColumnAmount, "run", row_by_row)
    monkeypatch.setattr(matching._Facts, "code_bytes", property(lambda self: None))


@pytest.mark.django_db
def test_a_run_of_the_demo_policies_stores_the_same_results_by_either_path(
    demo: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given the demo catalogue of policies and the facts of 302 enterprises (seed_demo)
    assert Policy.objects.count() >= 15 and EnterpriseFact.objects.count() > 5_000
    # when the same run is done the fast way (on PostgreSQL: its reader and COPY) and the plain way
    fast = stored(run_all())
    with monkeypatch.context() as patched:
        plainly(patched)
        plain = stored(run_all())
    # then
    assert fast == plain
    assert len(fast[1]) > 100 and any(row[2] == "unknown" for row in fast[1])


def edge_case_facts() -> list[str]:
    """Values of every kind, several periods, and rows the fast reader must get exactly right."""
    codes = [make_credit_code(f"91440111MA5Q{i:05d}") for i in range(12)]
    definitions = {d.key: d for d in FactDefinition.objects.all()}
    rows = []
    for i, code in enumerate(codes):
        values: dict[str, Any] = {
            "revenue_fen": i * 1_000_000_007 - 3,
            "revenue_growth_pct": Decimal(i * 37 - 100).scaleb(-2),
            "office_area_sqm": Decimal("0.0001") * i,
            "high_tech": i % 2 == 0,
            "established_on": date(1990 + i, 2, 28),
            "industry_code": ["C26", "F51", "H62"][i % 3],
            "street": ["嘉禾街道", 'a "quoted" street', "tab\there", "back\\slash", "line\nbreak", ""][i % 6],
        }
        for key, value in values.items():
            if (i + len(key)) % 7 == 0:
                continue  # some missing
            period = "2025" if definitions[key].period_kind == "year" else ""
            rows.append(registry_facts.fact_row(code, definitions[key], period, value))
        rows.append(
            registry_facts.fact_row(code, definitions["revenue_fen"], "2024", i * 10)
        )  # an older year
        if i % 4 == 0:  # only an older year: the latest up to 2025 is 2023
            rows.append(registry_facts.fact_row(code, definitions["headcount"], "2023", i + 1))
        if i % 5 == 1:
            rows.append(registry_facts.fact_row(code, definitions["headcount"], "2026", 999))  # after as_of
        for month in (3, 12):
            rows.append(
                registry_facts.fact_row(
                    code, definitions["insured_employees"], f"2025-{month:02d}", i * month
                )
            )
    registry_facts.upsert_facts(rows, source="测试", imported_at=timezone.now(), batch_id=None)
    EnterpriseFact.objects.create(
        entity_code=codes[3],
        fact=definitions["tax_paid_fen"],
        period="2025",
        int_value=None,
        source="测试",
        imported_at=timezone.now(),
    )  # a row without its value
    only_old = make_credit_code("91440111MA5Q99999")
    registry_facts.upsert_facts(
        [registry_facts.fact_row(only_old, definitions["revenue_fen"], "2026", 5)],
        source="测试",
        imported_at=timezone.now(),
        batch_id=None,
    )  # nothing up to 2025
    return codes


KEYS = [
    "revenue_fen",
    "revenue_fen@2024",
    "revenue_growth_pct",
    "office_area_sqm",
    "high_tech",
    "established_on",
    "industry_code",
    "street",
    "headcount",
    "insured_employees",
    "tax_paid_fen",
    "listed",
    "rd_spend_fen",
]  # listed and rd_spend_fen: no values at all (no period; yearly)


def as_text(table: FactTable) -> tuple[list[str], dict[str, list[str]]]:
    return table.codes, {
        key: [repr(value) for value in array.python()] for key, array in table.arrays.items()
    }


@pytest.mark.django_db
def test_the_postgresql_reader_reads_what_the_generic_reader_reads() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the fast reader is PostgreSQL's")
    # given
    codes = edge_case_facts()
    reads = registry_facts._reads(KEYS, "2025")
    # when
    fast = registry_facts._pg_table(reads)
    # then: the same codes, values, types and Decimal places as key by key
    assert fast is not None
    assert as_text(fast) == as_text(registry_facts._generic_table(reads, None, True))
    assert as_text(registry_facts.fact_table(KEYS, "2025", [codes[5], "nobody", codes[0]])) == as_text(
        registry_facts._generic_table(reads, [codes[5], "nobody", codes[0]], False)
    )


@pytest.mark.django_db
def test_a_value_outside_its_kinds_column_sends_the_read_to_the_generic_reader() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the fast reader is PostgreSQL's")
    codes = edge_case_facts()
    EnterpriseFact.objects.filter(entity_code=codes[2], fact__key="high_tech").update(int_value=1)
    reads = registry_facts._reads(KEYS, "2025")
    assert registry_facts._pg_table(reads) is None
    assert as_text(registry_facts.fact_table(KEYS, "2025")) == as_text(
        registry_facts._generic_table(reads, None, True)
    )


@pytest.mark.django_db
def test_the_packed_facts_follow_every_change_to_the_facts_table() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the packed facts are PostgreSQL's")
    # given the awkward facts, then a correction, a removal, a new value by upsert and a whole enterprise gone
    codes = edge_case_facts()
    EnterpriseFact.objects.filter(entity_code=codes[8], fact__key="headcount").update(int_value=77)
    EnterpriseFact.objects.filter(entity_code=codes[4], fact__key="industry_code").delete()
    put_facts(codes[6], headcount=5, industry_code="Z99")
    EnterpriseFact.objects.filter(entity_code=codes[7]).delete()
    reads = registry_facts._reads(KEYS, "2025")
    # then the fast read is what the facts table says now
    fast = registry_facts._pg_table(reads)
    assert fast is not None
    assert as_text(fast) == as_text(registry_facts._generic_table(reads, None, True))
    assert codes[7] not in fast.codes
    assert fast.arrays["headcount"].python()[fast.codes.index(codes[8])] == 77
    # and facts deleted all at once leave nothing packed
    EnterpriseFact.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM registry_factpack")
        assert cursor.fetchone()[0] == 0


@pytest.mark.django_db
def test_a_period_that_is_not_a_year_or_a_month_sends_the_read_to_the_generic_reader() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the fast reader is PostgreSQL's")
    codes = edge_case_facts()
    EnterpriseFact.objects.filter(entity_code=codes[2], fact__key="revenue_fen", period="2025").update(
        period="2025-13"
    )
    reads = registry_facts._reads(KEYS, "2025")
    assert registry_facts._pg_table(reads) is None
    assert as_text(registry_facts.fact_table(KEYS, "2025")) == as_text(
        registry_facts._generic_table(reads, None, True)
    )


@pytest.mark.django_db(transaction=True)
def test_a_worker_run_with_writer_threads_stores_what_the_plain_path_stores(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("writer threads and the two-part read are PostgreSQL's")
    # given (a transactional test: the run commits, as in a worker) the standard facts and two policies
    from onego.accounts.models import Department
    from onego.policies import services
    from onego.policies.models import PolicyMode, PolicyParameter, PolicyStatus
    from onego.policies.tests.factories import AMOUNT, CONDITIONS

    registry_facts.seed_fact_definitions()
    department = Department.objects.create(
        name="测试局", short_name="测试局", credit_code="11440111MB2C9999XX"
    )
    for key, value in (("staff_min_headcount", 20), ("staff_reward_wan", 10)):
        PolicyParameter.objects.create(key=key, label_zh=key, label_en=key).values.create(
            effective_from=date(2021, 1, 1), value=value, legal_reference="测试办法"
        )
    for code, amount in (
        ("test-a", AMOUNT),
        ("test-b", FORMULAS["per unit with a cap"] | {"amount": {"value": 1500, "unit": "yuan"}}),
    ):
        policy = Policy.objects.create(
            code=code,
            name_zh=code,
            name_en=code,
            source_document="测试",
            issuing_department=department,
            scope="-",
            legal_basis="-",
            conditions_text="-",
            time_limit_workdays=20,
            mode=PolicyMode.APPLICATION,
            status=PolicyStatus.PUBLISHED,
        )
        services.add_version(
            policy, conditions=CONDITIONS, amount=amount, effective_from=date(2021, 1, 1), actor="system:test"
        )
    definitions = {d.key: d for d in FactDefinition.objects.all()}
    rng = random.Random(3)
    rows = []
    for i in range(400):
        code = make_credit_code(f"91440111MA5R{i:05d}")
        for key, value in (
            ("above_scale", rng.random() < 0.7),
            ("headcount", rng.randint(1, 60)),
            ("serious_bad_credit", rng.random() < 0.1),
            ("new_insured_hires", rng.randint(0, 40)),
        ):
            if rng.random() < 0.9:
                period = "2025" if definitions[key].period_kind == "year" else ""
                rows.append(registry_facts.fact_row(code, definitions[key], period, value))
    with transaction.atomic():
        registry_facts.upsert_facts(rows, source="测试", imported_at=timezone.now(), batch_id=None)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE registry_enterprisefact")  # statistics: the read is split in two halves
    with connection.cursor() as cursor:
        assert registry_facts._middle_code(cursor) is not None
    # when run as a worker runs it (no transaction around: two halves read at once), then the plain way
    read: list[Any] = []
    real_reader = registry_facts._pg_table

    def reader(reads: Any) -> Any:
        read.append(real_reader(reads))
        return read[-1]

    monkeypatch.setattr(registry_facts, "_pg_table", reader)
    fast = stored(run_all())
    assert read and all(table is not None for table in read)  # the fast reader read it, not the fallback
    with monkeypatch.context() as patched:
        plainly(patched)
        plain = stored(run_all())
    # then
    assert fast == plain
    assert len(fast[0]) == 2 and len(fast[1]) > 50

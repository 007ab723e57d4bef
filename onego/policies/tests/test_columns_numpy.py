"""The numpy columnar evaluator gives exactly the row evaluator's outcomes — on random rules over awkward data
(Decimals with many places, ints beyond int64, bools among numbers, datetimes among dates, numeric-looking
texts, numpy scalars, None), on typed numpy arrays with a missing mask, and for every node of the tree.
Pure Python and numpy, no database."""

from __future__ import annotations

import enum
import random
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
import pytest

from onego.policies.criteria import (
    BoundRule,
    Column,
    Kind,
    Outcome,
    Parameter,
    ParameterSet,
    Result,
    compile_rule,
    evaluate_columns,
    prepare_columns,
)
from onego.policies.criteria import columns as criteria_columns

T, F, U = Outcome.TRUE, Outcome.FALSE, Outcome.UNKNOWN
ON = date(2024, 7, 1)
INT64_MAX = 2**63 - 1


def s(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


def leaf(op: str, fact: str, **operands: Any) -> dict[str, Any]:
    return {"op": op, "fact": fact, **operands, "sentence": s("条件", "condition")}


class Level(enum.IntEnum):
    LOW = 3


class Code(str):
    """A text subclass, as some drivers hand back."""


class Day(date):
    """A date subclass (not a datetime)."""


# Thresholds on the awkward edges of the int64 representation: many decimal places, beyond 2**62 and int64,
# tiny and huge Decimals.
PARAMS = ParameterSet(
    [
        Parameter("n_half", [(date(2020, 1, 1), Decimal("25.5"), "a")]),
        Parameter("n_fine", [(date(2020, 1, 1), Decimal("0.1234567891234"), "b")]),  # 13 places
        Parameter("n_huge", [(date(2020, 1, 1), 10**30, "c")]),
        Parameter("n_edge", [(date(2020, 1, 1), 2**62, "d")]),
        Parameter("n_min64", [(date(2020, 1, 1), -(2**63), "e")]),
        Parameter("n_tiny", [(date(2020, 1, 1), Decimal("1E-40"), "f")]),
        Parameter("n_big_dec", [(date(2020, 1, 1), Decimal("-1E+50"), "g")]),
        Parameter(
            "n_rate", [(date(2020, 1, 1), Decimal("0.125"), "h"), (date(2024, 1, 1), Decimal("0.30"), "h2")]
        ),
        Parameter("n_whole", [(date(2020, 1, 1), 10, "i")]),
        Parameter(
            "n_list",
            [(date(2020, 1, 1), (1, Decimal("2.5"), 10**30, Decimal("0.1234567891234"), 2**62), "j")],
        ),
        Parameter("t_list", [(date(2020, 1, 1), ("A", "B", "12"), "k")]),
        Parameter("b_list", [(date(2020, 1, 1), (True,), "l")]),
        Parameter("start", [(date(2020, 1, 1), date(2021, 6, 30), "m")]),
        Parameter("window", [(date(2020, 1, 1), 24, "n")]),
    ]
)
NUMBER_REFS = ["n_half", "n_fine", "n_huge", "n_edge", "n_min64", "n_tiny", "n_big_dec", "n_rate", "n_whole"]
BOUNDS = ["[]", "[)", "(]", "()"]


def random_leaf(rnd: random.Random) -> dict[str, Any]:
    roll = rnd.randrange(6)
    if roll <= 1:  # numbers
        op = rnd.choice(["eq", "ne", "lt", "le", "gt", "ge", "between", "in", "not_in", "has"])
        if op == "between":
            low, high = sorted(
                [rnd.choice([10, 25, 0]), rnd.choice([30, 2**62, 10**30])],
            )
            return leaf(op, "n", low={"value": low}, high={"value": high}, bounds=rnd.choice(BOUNDS))
        if op in ("in", "not_in"):
            values = rnd.choice([{"param": "n_list"}, {"value": [0, 3, 25.5, 0.3]}])
            return leaf(op, "n", values=values)
        if op == "has":
            return leaf(op, "n")
        to = rnd.choice(
            [{"param": rnd.choice(NUMBER_REFS)}, {"value": rnd.choice([0, 25.5, 0.1, -3, 2**63])}]
        )
        return leaf(op, "n", to=to)
    if roll == 2:  # texts
        op = rnd.choice(["eq", "ne", "in", "not_in"])
        if op in ("in", "not_in"):
            return leaf(op, "t", values=rnd.choice([{"param": "t_list"}, {"value": ["C", "Z"]}]))
        return leaf(op, "t", to={"value": rnd.choice(["A", "", "12", "Z"])})
    if roll == 3:  # booleans
        op = rnd.choice(["is_true", "eq", "ne", "in", "not_in"])
        if op == "is_true":
            return leaf(op, "b")
        if op in ("in", "not_in"):
            return leaf(
                op,
                "b",
                values=rnd.choice([{"param": "b_list"}, {"value": [False]}, {"value": [True, False]}]),
            )
        return leaf(op, "b", to={"value": rnd.choice([True, False])})
    # dates
    op = rnd.choice(["eq", "ne", "lt", "ge", "before", "after", "between", "within_months", "has"])
    if op == "between":
        return leaf(op, "d", low={"date": "2020-02-29"}, high={"param": "start"}, bounds=rnd.choice(BOUNDS))
    if op == "within_months":
        return leaf(
            op,
            "d",
            months=rnd.choice([{"param": "window"}, {"value": 0}, {"value": 6}]),
            of=rnd.choice([{"ref": "evaluation_date"}, {"param": "start"}]),
            bounds=rnd.choice(BOUNDS),
        )
    if op == "has":
        return leaf(op, "d")
    return leaf(
        op, "d", to=rnd.choice([{"param": "start"}, {"date": "2021-01-31"}, {"ref": "evaluation_date"}])
    )


def random_rule(rnd: random.Random, depth: int = 0) -> dict[str, Any]:
    if depth >= 3 or rnd.random() < 0.35:
        return random_leaf(rnd)
    op = rnd.choice(["all", "any", "not"])
    count = 1 if op == "not" else rnd.randint(1, 4)
    return {
        "op": op,
        "args": [random_rule(rnd, depth + 1) for _ in range(count)],
        "sentence": s("组合", "combination"),
    }


# Values that sit on the representation's edges, or are of the wrong kind for the column they are in.
AWKWARD: list[Any] = [
    None,
    "x",
    "12",
    "25.5",
    True,
    False,
    Level.LOW,
    np.int64(5),
    np.float64(25.5),
    np.True_,
    25.5,
    0.1,
    0.3,
    float("nan"),
    float("inf"),
    1e300,
    1e-300,
    Decimal("NaN"),
    Decimal("sNaN"),
    Decimal("-Infinity"),
    Decimal("-0"),
    Decimal("0E-40"),
    Decimal("1E+30"),
    Decimal("1E-30"),
    Decimal("0.30"),
    Decimal("0.30000000000000000000000001"),
    Decimal("25.49999999999999999999"),
    Decimal("25.50000000000000000001"),
    Decimal("0.1234567891234"),
    Decimal("0.12345678912340"),
    Decimal("0.123456789"),
    Decimal("1234567890.123456789"),
    10**30,
    -(10**30),
    2**62,
    2**62 - 1,
    -(2**62),
    -(2**62) + 1,
    INT64_MAX,
    -(2**63),
    2**63,
    2**64,
    date(2021, 1, 31),
    Day(2021, 6, 30),
    datetime(2021, 1, 31, 9),
    Code("A"),
    "A",
    "",
    [1],
    (1,),
    {"a": 1},
]


def random_value(rnd: random.Random, fact: str) -> Any:
    if rnd.random() < 0.15:
        return None
    if rnd.random() < 0.25:
        return rnd.choice(AWKWARD)
    if fact == "n":
        return rnd.choice(
            [
                rnd.randint(-5, 40),
                rnd.randint(0, 40) / 2,
                Decimal(rnd.randint(-100, 4000)) / 100,
                Decimal(rnd.randint(0, 10**12)) / 10**12,
                25,
                10,
                Decimal("25.5"),
                Decimal("25.50"),
            ]
        )
    if fact == "t":
        return rnd.choice(["A", "B", "C", "", "12", Code("B")])
    if fact == "d":
        return rnd.choice(
            [
                date(2019, 1, 1) + timedelta(days=rnd.randint(0, 2200)),
                date(2021, 6, 30),
                date(2019, 6, 30),
                date(2020, 2, 29),
                ON,
                Day(2022, 6, 30),
                datetime(2021, 6, 30),
            ]
        )
    return rnd.choice([True, False])


def row_facts(columns: dict[str, Any], row: int) -> dict[str, Any]:
    return {fact: column[row] for fact, column in columns.items()}


def node_outcomes_by_row(bound: BoundRule, columns: dict[str, Any], rows: int) -> dict[str, list[Outcome]]:
    """Every node's outcome per row, from the row evaluator (the reference)."""
    per_node: dict[str, list[Outcome]] = {}
    for row in range(rows):
        result: Result = bound.evaluate(row_facts(columns, row))
        for node in result.walk():
            per_node.setdefault(node.path, []).append(node.outcome)
    return per_node


def assert_columnar_equals_row(
    bound: BoundRule, columns: dict[str, Any], rows: int, rnd: random.Random
) -> None:
    reference = node_outcomes_by_row(bound, columns, rows)
    assert bound.evaluate_columns(columns) == reference["$"]
    assert bound.evaluate_ranks(columns).tolist() == [{F: 0, U: 1, T: 2}[o] for o in reference["$"]]
    explained = bound.evaluate_columns_explained(columns)
    assert explained.outcomes == reference["$"]
    for path, outcomes in reference.items():
        assert explained.node_outcomes(path) == outcomes, path
        ranks = explained.rank_array(path)
        assert ranks.dtype == np.int8
        assert ranks.tolist() == [{F: 0, U: 1, T: 2}[o] for o in outcomes], path
    for row in rnd.sample(range(rows), 4):
        assert explained.result(row) == bound.evaluate(row_facts(columns, row))


@pytest.mark.parametrize("seed", range(10))
def test_numpy_columns_equal_row_outcomes_on_random_rules_and_awkward_data(seed: int) -> None:
    rnd = random.Random(seed)
    rows = 300
    columns = {fact: [random_value(rnd, fact) for _ in range(rows)] for fact in ("n", "t", "d", "b")}
    for on in (date(2023, 6, 30), ON):
        for _ in range(12):
            bound = compile_rule(random_rule(rnd)).bind(PARAMS, on)
            assert_columnar_equals_row(bound, columns, rows, rnd)


@pytest.mark.parametrize("seed", range(4))
def test_shared_prepared_columns_give_each_rule_the_row_outcomes(seed: int) -> None:
    # given columns converted once and read by many rules (as 100 policies read the same facts)
    rnd = random.Random(100 + seed)
    rows = 200
    lists = {fact: [random_value(rnd, fact) for _ in range(rows)] for fact in ("n", "t", "d", "b")}
    prepared = prepare_columns(lists)
    for _ in range(15):
        bound = compile_rule(random_rule(rnd)).bind(PARAMS, ON)
        # then each rule sees exactly what it would see from the plain lists, row by row
        by_row = [bound.evaluate(row_facts(lists, row)).outcome for row in range(rows)]
        assert bound.evaluate_columns(prepared) == by_row
        assert bound.evaluate_columns(lists) == by_row


def typed_columns(rnd: random.Random, rows: int) -> dict[str, Column]:
    """Typed numpy arrays with a missing mask, as a caller holding database columns would pass them."""
    missing = [rnd.random() < 0.15 for _ in range(rows)]
    ints = np.array(
        [
            rnd.choice([rnd.randint(-5, 40), 25, 10, 2**62, 2**62 - 1, -(2**62), INT64_MAX, -(2**63)])
            for _ in range(rows)
        ],
        dtype=np.int64,
    )
    days = np.array(
        [
            rnd.choice([date(2019, 1, 1) + timedelta(days=rnd.randint(0, 2200)), date(2021, 6, 30)])
            for _ in range(rows)
        ],
        dtype="datetime64[D]",
    )
    days[[i for i in range(rows) if rnd.random() < 0.1]] = np.datetime64("NaT")
    return {
        "n": Column(ints, missing=missing),
        "t": Column(
            np.array([rnd.choice(["A", "B", "C", "", "12"]) for _ in range(rows)]), missing=missing[::-1]
        ),
        "d": Column(days),
        "b": Column(
            np.array([rnd.random() < 0.5 for _ in range(rows)]),
            missing=[rnd.random() < 0.2 for _ in range(rows)],
        ),
    }


@pytest.mark.parametrize("seed", range(6))
def test_typed_arrays_with_a_missing_mask_give_the_row_outcomes_of_their_python_values(seed: int) -> None:
    rnd = random.Random(200 + seed)
    rows = 250
    columns = typed_columns(rnd, rows)
    as_lists = {fact: list(column) for fact, column in columns.items()}
    for _ in range(12):
        bound = compile_rule(random_rule(rnd)).bind(PARAMS, ON)
        assert_columnar_equals_row(bound, columns, rows, rnd)
        assert bound.evaluate_columns(as_lists) == bound.evaluate_columns(columns)


@pytest.mark.parametrize("seed", range(4))
def test_decimals_given_as_scaled_integers_give_the_row_outcomes_of_the_decimals(seed: int) -> None:
    # given four-place decimals, and the same numbers × 10**4 as the PostgreSQL fact reader hands them over
    rnd = random.Random(300 + seed)
    rows = 250
    scaled = np.array(
        [
            rnd.choice([rnd.randint(-(10**6), 10**6), 0, 3000, 2999, 3001, 10**18, -(2**62) + 1])
            for _ in range(rows)
        ],
        dtype=np.int64,
    )
    missing = np.array([rnd.random() < 0.15 for _ in range(rows)])
    decimals = [
        None if gone else Decimal(int(value)).scaleb(-4) for value, gone in zip(scaled, missing, strict=True)
    ]
    columns = {
        "n": Column(decimals, missing, scaled=(np.where(missing, 0, scaled), 4)),
        "b": Column([rnd.random() < 0.5 for _ in range(rows)]),
    }
    for _ in range(12):
        bound = compile_rule(random_rule(rnd)).bind(PARAMS, ON)
        # then each node's outcome is what the row evaluator gives the Decimals
        assert_columnar_equals_row(bound, columns, rows, rnd)
        assert bound.evaluate_columns({"n": decimals, "b": list(columns["b"])}) == bound.evaluate_columns(
            columns
        )


def test_a_typed_column_row_is_the_python_value_the_row_evaluator_reads() -> None:
    ints = Column(np.array([7, 8, 9], dtype=np.int64), missing=[False, True, False])
    assert list(ints) == [7, None, 9]
    assert type(ints[0]) is int
    days = Column(np.array(["2024-02-29", "NaT"], dtype="datetime64[D]"))
    assert list(days) == [date(2024, 2, 29), None]
    assert days.missing.tolist() == [False, True]
    assert list(Column(np.array([True, False]))) == [True, False]
    assert Column(np.array([1.5, np.nan]))[0] == 1.5
    objects = Column(np.array([Decimal("1.5"), None, "x"], dtype=object))
    assert list(objects) == [Decimal("1.5"), None, "x"]
    assert objects.missing.tolist() == [False, True, False]


@pytest.mark.parametrize(
    ("array", "expected"),
    [
        (np.array([5, 30, -1], dtype=np.int8), [F, T, F]),
        (np.array([5, 30, 2**63 + 5], dtype=np.uint64), [F, T, T]),  # beyond int64: still exact
        (
            np.array([25.5, 25.50000001, np.nan]),
            [F, T, U],
        ),  # floats read through their decimal text; NaN unusable
        (np.array([True, False, True]), [U, U, U]),  # a boolean is not a number
        (np.array(["30", "40", "x"]), [U, U, U]),  # nor is a text that looks like one
        (np.array([30, 40, 50], dtype=np.int64), [T, T, T]),
    ],
)
def test_a_typed_number_column_is_judged_as_its_python_values(array: Any, expected: list[Outcome]) -> None:
    rule = leaf("gt", "n", to={"param": "n_half"})
    assert evaluate_columns(rule, {"n": array}, PARAMS, ON) == expected
    bound = compile_rule(rule).bind(PARAMS, ON)
    assert [bound.outcome({"n": value}) for value in Column(array)] == expected


def test_days_a_python_date_cannot_hold_are_unknown_and_nat_is_missing() -> None:
    days = np.array(["2021-01-31", "10000-01-01", "NaT", "-0001-01-01"], dtype="datetime64[D]")
    assert Column(days)[1] == days[1].item()  # an int: numpy's day count, not a date
    assert evaluate_columns(leaf("before", "d", to={"param": "start"}), {"d": days}, PARAMS, ON) == [
        T,
        U,
        U,
        U,
    ]
    assert evaluate_columns(leaf("has", "d"), {"d": days}, PARAMS, ON) == [T, T, F, T]


def test_decimals_are_compared_exactly_never_through_binary_floats() -> None:
    # 0.1 + 0.2 as a float is 0.30000000000000004; as Decimals it is 0.3 exactly
    rule = leaf("eq", "n", to={"param": "n_rate"})  # 0.30 from 2024-01-01
    column = [
        Decimal("0.3"),
        Decimal("0.30000000000000000000000001"),
        Decimal("0.1") + Decimal("0.2"),
        0.1 + 0.2,
        0.3,
    ]
    assert evaluate_columns(rule, {"n": column}, PARAMS, ON) == [T, F, T, F, T]
    above = leaf("gt", "n", to={"param": "n_rate"})
    assert evaluate_columns(above, {"n": column}, PARAMS, ON) == [F, T, F, T, F]


def test_numbers_beyond_int64_and_beyond_the_held_range_are_still_right() -> None:
    rule = leaf("ge", "n", to={"param": "n_huge"})  # 10**30
    column = [
        10**30,
        10**30 - 1,
        2**63,
        INT64_MAX,
        -(10**40),
        Decimal("1E+30"),
        Decimal("999999999999999999999999999999.9"),
    ]
    assert evaluate_columns(rule, {"n": column}, PARAMS, ON) == [T, F, F, F, F, T, F]
    edge = leaf("lt", "n", to={"param": "n_edge"})  # 2**62, the edge of what int64 columns hold
    assert evaluate_columns(edge, {"n": [2**62 - 1, 2**62, 2**62 + 1, -(2**63)]}, PARAMS, ON) == [T, F, F, T]


def test_a_value_of_the_wrong_kind_is_unknown_and_has_says_it_is_there() -> None:
    columns = {
        "n": [True, "12", datetime(2024, 1, 1), np.int64(30), 30, None],
        "d": [datetime(2021, 1, 31, 9), date(2021, 1, 31), "2021-01-31", Day(2021, 1, 31), 20210131, None],
    }
    more = leaf("gt", "n", to={"param": "n_half"})
    assert evaluate_columns(more, columns, PARAMS, ON) == [U, U, U, U, T, U]
    assert evaluate_columns(leaf("has", "n"), columns, PARAMS, ON) == [T, T, T, T, T, F]
    before = leaf("before", "d", to={"param": "start"})
    assert evaluate_columns(before, columns, PARAMS, ON) == [U, T, U, T, U, U]
    assert evaluate_columns(leaf("has", "d"), columns, PARAMS, ON) == [T, T, T, T, T, F]


def test_rank_arrays_select_rows_without_python_loops_and_cannot_be_overwritten() -> None:
    bound = compile_rule(
        {
            "op": "all",
            "sentence": s("全部", "all"),
            "args": [leaf("ge", "n", to={"param": "n_whole"}), leaf("is_true", "b")],
        }
    ).bind(PARAMS, ON)
    explained = bound.evaluate_columns_explained({"n": [12, 3, None, 40], "b": [True, True, True, None]})
    root = explained.rank_array()
    assert root.dtype == np.int8
    assert np.flatnonzero(root != 0).tolist() == [0, 2, 3]  # not FALSE: eligible or to be checked by a person
    assert explained.rank_array("$.args[0]").tolist() == [2, 0, 1, 2]
    with pytest.raises(ValueError):
        root[0] = 0


def test_each_fact_is_converted_once_for_every_rule_that_reads_it(monkeypatch: pytest.MonkeyPatch) -> None:
    conversions: list[str] = []
    number_view = criteria_columns._VIEW_OF[Kind.NUMBER]

    def counted(column: Column) -> Any:
        conversions.append("number")
        return number_view(column)

    monkeypatch.setitem(criteria_columns._VIEW_OF, Kind.NUMBER, counted)
    prepared = prepare_columns({"n": [1, 20, None, Decimal("30.5")]})
    rules = [
        compile_rule(leaf(op, "n", to={"param": "n_whole"})).bind(PARAMS, ON) for op in ("ge", "lt", "eq")
    ]
    outcomes = [rule.evaluate_columns(prepared) for rule in rules]
    assert outcomes == [[F, T, U, T], [T, F, U, F], [F, F, U, F]]
    assert conversions == ["number"]


def test_a_column_refuses_what_it_cannot_hold() -> None:
    with pytest.raises(ValueError):
        Column(np.zeros((2, 2)))
    with pytest.raises(ValueError):
        Column(np.array([1, 2]), missing=[True])
    with pytest.raises(TypeError):
        Column("abc")
    rule = leaf("has", "n")
    with pytest.raises(ValueError):
        evaluate_columns(rule, {"n": Column([1, 2]), "m": np.array([1])}, PARAMS, ON)


def test_no_rows_give_no_outcomes() -> None:
    bound = compile_rule(leaf("ge", "n", to={"param": "n_whole"})).bind(PARAMS, ON)
    assert bound.evaluate_columns({"n": []}) == []
    assert bound.evaluate_columns_explained({}).outcomes == []

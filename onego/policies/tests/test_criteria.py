"""The criteria engine (申报条件): three-valued logic, effective-dated parameters, sentences, validation,
and the columnar evaluator agreeing with the row evaluator. Pure Python, no database."""

from __future__ import annotations

import json
import random
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest

from onego.policies.criteria import (
    MAX_DEPTH,
    MAX_NODES,
    Kind,
    Outcome,
    Parameter,
    ParameterError,
    ParameterSet,
    RuleError,
    add_months,
    check,
    compile_rule,
    evaluate,
    evaluate_columns,
    explain,
    fingerprint,
    kleene_and,
    kleene_not,
    kleene_or,
    validate,
)
from onego.policies.tests.factories import GARBAGE, mutate

T, F, U = Outcome.TRUE, Outcome.FALSE, Outcome.UNKNOWN
ON = date(2024, 7, 1)


def s(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


def flag(fact: str) -> dict[str, Any]:
    return {"op": "is_true", "fact": fact, "sentence": s(f"{fact} 为是", f"{fact} is yes")}


NO_PARAMS = ParameterSet()
# A fact that is True gives a TRUE leaf, False a FALSE leaf, None (missing) an UNKNOWN leaf.
AS_FACT = {T: True, F: False, U: None}


# --------------------------------------------------------------------------------------------------
# Kleene's strong logic, the full truth tables

AND_TABLE = [
    (T, T, T),
    (T, F, F),
    (T, U, U),
    (F, T, F),
    (F, F, F),
    (F, U, F),
    (U, T, U),
    (U, F, F),
    (U, U, U),
]
OR_TABLE = [
    (T, T, T),
    (T, F, T),
    (T, U, T),
    (F, T, T),
    (F, F, F),
    (F, U, U),
    (U, T, T),
    (U, F, U),
    (U, U, U),
]
NOT_TABLE = [(T, F), (F, T), (U, U)]


def combine(op: str, *facts: str) -> dict[str, Any]:
    return {"op": op, "args": [flag(f) for f in facts], "sentence": s("组合", "combination")}


@pytest.mark.parametrize(("a", "b", "expected"), AND_TABLE)
def test_all_follows_kleene_and_including_false_and_unknown_is_false(
    a: Outcome, b: Outcome, expected: Outcome
) -> None:
    rule = combine("all", "a", "b")
    facts = {"a": AS_FACT[a], "b": AS_FACT[b]}
    assert evaluate(rule, facts, NO_PARAMS, ON).outcome is expected
    assert evaluate_columns(rule, {"a": [facts["a"]], "b": [facts["b"]]}, NO_PARAMS, ON) == [expected]
    assert kleene_and(a, b) is expected


@pytest.mark.parametrize(("a", "b", "expected"), OR_TABLE)
def test_any_follows_kleene_or_including_true_or_unknown_is_true(
    a: Outcome, b: Outcome, expected: Outcome
) -> None:
    rule = combine("any", "a", "b")
    facts = {"a": AS_FACT[a], "b": AS_FACT[b]}
    assert evaluate(rule, facts, NO_PARAMS, ON).outcome is expected
    assert evaluate_columns(rule, {"a": [facts["a"]], "b": [facts["b"]]}, NO_PARAMS, ON) == [expected]
    assert kleene_or(a, b) is expected


@pytest.mark.parametrize(("a", "expected"), NOT_TABLE)
def test_not_of_unknown_stays_unknown(a: Outcome, expected: Outcome) -> None:
    rule = combine("not", "a")
    assert evaluate(rule, {"a": AS_FACT[a]}, NO_PARAMS, ON).outcome is expected
    assert evaluate_columns(rule, {"a": [AS_FACT[a]]}, NO_PARAMS, ON) == [expected]
    assert kleene_not(a) is expected


def test_unknown_is_never_coerced_even_through_double_negation_and_nesting() -> None:
    rule = {
        "op": "any",
        "sentence": s("任一", "any"),
        "args": [
            {"op": "not", "sentence": s("非", "not"), "args": [combine("not", "a")]},
            combine("all", "b", "c"),
        ],
    }
    result = evaluate(rule, {"a": None, "b": True, "c": None}, NO_PARAMS, ON)
    assert result.outcome is U
    # each unknown leaf says which fact is missing, for the person who decides
    reasons = [node.reason_zh for node in result.walk() if node.reason_zh]
    assert reasons == ["缺少数据：a", "缺少数据：c"]


def test_a_missing_fact_and_a_fact_explicitly_none_both_read_as_unknown() -> None:
    assert evaluate(flag("a"), {}, NO_PARAMS, ON).outcome is U
    assert evaluate(flag("a"), {"a": None}, NO_PARAMS, ON).outcome is U


# --------------------------------------------------------------------------------------------------
# Parameters with effective dates

REVENUE_RULE = {
    "op": "ge",
    "fact": "revenue_wan",
    "to": {"param": "revenue_min"},
    "sentence": s(
        "上年度营业收入不低于 {revenue_min} 万元",
        "last year's revenue is at least {revenue_min} × 10,000 yuan",
    ),
}


def revenue_params() -> ParameterSet:
    return ParameterSet(
        [
            Parameter(
                "revenue_min",
                versions=[
                    (date(2021, 1, 1), 2000, "白云区惠企政策（示例）第五条"),
                    (date(2024, 7, 1), 1500, "白云区惠企政策修订（示例）第五条"),
                ],
            ),
        ]
    )


def test_a_threshold_lowered_from_a_later_date_changes_only_evaluations_on_or_after_it() -> None:
    params = revenue_params()
    facts = {"revenue_wan": Decimal("1800")}
    # given: the threshold is 2000 until 2024-06-30 and 1500 from 2024-07-01
    before = evaluate(REVENUE_RULE, facts, params, date(2024, 6, 30))
    on_the_day = evaluate(REVENUE_RULE, facts, params, date(2024, 7, 1))
    # then: the older evaluation keeps the old value, its sentence and its legal reference
    assert before.outcome is F
    assert before.sentence_zh == "上年度营业收入不低于 2000 万元"
    assert before.parameters_used()["revenue_min"].value == 2000
    assert before.parameters_used()["revenue_min"].legal_reference == "白云区惠企政策（示例）第五条"
    assert on_the_day.outcome is T
    assert on_the_day.sentence_zh == "上年度营业收入不低于 1500 万元"
    assert on_the_day.parameters_used()["revenue_min"].effective_from == date(2024, 7, 1)


def test_an_evaluation_before_a_parameter_takes_effect_is_a_configuration_error() -> None:
    with pytest.raises(ParameterError) as raised:
        evaluate(REVENUE_RULE, {"revenue_wan": 1}, revenue_params(), date(2020, 12, 31))
    assert "尚未施行" in str(raised.value) and "not in force" in str(raised.value)


def test_parameter_versions_are_sorted_and_rejects_floats_duplicates_and_missing_references() -> None:
    parameter = Parameter(
        "rate", [(date(2024, 1, 1), Decimal("0.2"), "b"), (date(2020, 1, 1), Decimal("0.1"), "a")]
    )
    assert [v.value for v in parameter.versions] == [Decimal("0.1"), Decimal("0.2")]
    assert parameter.version_on(date(2023, 12, 31)).value == Decimal("0.1")
    with pytest.raises(TypeError):
        Parameter("rate", [(date(2020, 1, 1), 0.1, "a")])
    with pytest.raises(ValueError):
        Parameter("rate", [(date(2020, 1, 1), 1, "a"), (date(2020, 1, 1), 2, "b")])
    with pytest.raises(ValueError):
        Parameter("rate", [(date(2020, 1, 1), 1, "  ")])
    with pytest.raises(TypeError):
        Parameter("rate", [(date(2020, 1, 1), 1, "a"), (date(2021, 1, 1), "one", "b")])


# --------------------------------------------------------------------------------------------------
# Leaves, table-driven: (rule fields, fact value, expected outcome)

NUM = {"op": "ge", "fact": "x", "to": {"value": 100}}
LEAF_CASES: list[tuple[str, dict[str, Any], Any, Outcome]] = [
    ("ge at the threshold", NUM, 100, T),
    ("ge just below", NUM, Decimal("99.99"), F),
    ("ge with a float read through its decimal text", NUM, 100.0, T),
    ("ge with a bool is not a number", NUM, True, U),
    ("ge with text is unusable", NUM, "100", U),
    ("ge with NaN is unusable", NUM, Decimal("NaN"), U),
    ("gt at the threshold", {**NUM, "op": "gt"}, 100, F),
    ("lt below", {**NUM, "op": "lt"}, 99, T),
    ("le at", {**NUM, "op": "le"}, Decimal("100.00"), T),
    ("eq Decimal equals int", {**NUM, "op": "eq"}, Decimal("100.0"), T),
    ("ne", {**NUM, "op": "ne"}, 7, T),
    ("eq text", {"op": "eq", "fact": "x", "to": {"value": "制造业"}}, "制造业", T),
    ("eq text mismatched kind", {"op": "eq", "fact": "x", "to": {"value": "制造业"}}, 5, U),
    ("eq bool", {"op": "eq", "fact": "x", "to": {"value": False}}, False, T),
    (
        "between [] low edge",
        {"op": "between", "fact": "x", "low": {"value": 10}, "high": {"value": 20}, "bounds": "[]"},
        10,
        T,
    ),
    (
        "between [] high edge",
        {"op": "between", "fact": "x", "low": {"value": 10}, "high": {"value": 20}, "bounds": "[]"},
        20,
        T,
    ),
    (
        "between [) high edge excluded",
        {"op": "between", "fact": "x", "low": {"value": 10}, "high": {"value": 20}, "bounds": "[)"},
        20,
        F,
    ),
    (
        "between (] low edge excluded",
        {"op": "between", "fact": "x", "low": {"value": 10}, "high": {"value": 20}, "bounds": "(]"},
        10,
        F,
    ),
    (
        "between () inside",
        {"op": "between", "fact": "x", "low": {"value": 10}, "high": {"value": 20}, "bounds": "()"},
        Decimal("10.01"),
        T,
    ),
    ("in list", {"op": "in", "fact": "x", "values": {"value": ["C", "I"]}}, "I", T),
    ("in list absent", {"op": "in", "fact": "x", "values": {"value": ["C", "I"]}}, "A", F),
    ("not_in list", {"op": "not_in", "fact": "x", "values": {"value": ["C", "I"]}}, "A", T),
    (
        "in numbers, Decimal matches int",
        {"op": "in", "fact": "x", "values": {"value": [1, 2]}},
        Decimal("2.0"),
        T,
    ),
    ("not_in with missing fact", {"op": "not_in", "fact": "x", "values": {"value": [1]}}, None, U),
    ("before", {"op": "before", "fact": "x", "to": {"date": "2020-01-01"}}, date(2019, 12, 31), T),
    ("before is strict", {"op": "before", "fact": "x", "to": {"date": "2020-01-01"}}, date(2020, 1, 1), F),
    (
        "after the evaluation date",
        {"op": "after", "fact": "x", "to": {"ref": "evaluation_date"}},
        date(2024, 7, 2),
        T,
    ),
    (
        "a datetime is not a day",
        {"op": "before", "fact": "x", "to": {"date": "2020-01-01"}},
        datetime(2019, 1, 1, 8, 0),
        U,
    ),
    ("is_true with 1 is not a boolean", {"op": "is_true", "fact": "x"}, 1, U),
    ("is_true false", {"op": "is_true", "fact": "x"}, False, F),
    ("has a value", {"op": "has", "fact": "x"}, 0, T),
    ("has when missing is false, not unknown", {"op": "has", "fact": "x"}, None, F),
]


@pytest.mark.parametrize(
    ("fields", "value", "expected"), [c[1:] for c in LEAF_CASES], ids=[c[0] for c in LEAF_CASES]
)
def test_each_leaf_gives_the_expected_outcome_row_and_column(
    fields: dict[str, Any], value: Any, expected: Outcome
) -> None:
    rule = {**fields, "sentence": s("条件", "condition")}
    assert evaluate(rule, {"x": value}, NO_PARAMS, ON).outcome is expected
    assert evaluate_columns(rule, {"x": [value]}, NO_PARAMS, ON) == [expected]


ESTABLISHED_WITHIN_3_YEARS = {
    "op": "within_months",
    "fact": "established_on",
    "months": {"value": 36},
    "of": {"ref": "evaluation_date"},
    "bounds": "(]",
    "sentence": s("成立未满 {months} 个月（截至 {of}）", "established within {months} months of {of}"),
}


@pytest.mark.parametrize(
    ("established_on", "expected"),
    [
        (date(2021, 7, 1), F),  # exactly 36 months before 2024-07-01: the lower edge is excluded "(]"
        (date(2021, 7, 2), T),
        (date(2024, 7, 1), T),  # established on the evaluation date
        (date(2024, 7, 2), F),  # after the evaluation date: outside the window
    ],
)
def test_established_within_three_years_of_the_evaluation_date_with_stated_edges(
    established_on: date, expected: Outcome
) -> None:
    result = evaluate(ESTABLISHED_WITHIN_3_YEARS, {"established_on": established_on}, NO_PARAMS, ON)
    assert result.outcome is expected
    assert result.sentence_zh == "成立未满 36 个月（截至 2024-07-01）"


def test_month_arithmetic_clamps_the_day_of_month() -> None:
    assert add_months(date(2024, 2, 29), -12) == date(2023, 2, 28)
    assert add_months(date(2024, 3, 31), -1) == date(2024, 2, 29)
    assert add_months(date(2024, 1, 15), -36) == date(2021, 1, 15)


def test_an_unknown_leaf_says_whether_the_fact_was_missing_or_unusable() -> None:
    rule = {**NUM, "sentence": s("x 不低于 100", "x ≥ 100")}
    missing = evaluate(rule, {}, NO_PARAMS, ON)
    unusable = evaluate(rule, {"x": "一百"}, NO_PARAMS, ON)
    assert (missing.reason_zh, missing.reason_en) == ("缺少数据：x", "missing fact: x")
    assert unusable.reason_zh == "数据类型不符：x 应为数字，实际为 str"
    assert unusable.facts == {"x": "一百"}


# --------------------------------------------------------------------------------------------------
# Sentences and the explained result

INDUSTRIES = Parameter(
    "eligible_industries", [(date(2021, 1, 1), ("C", "I", "M"), "白云区惠企政策（示例）附件1")]
)


def test_sentences_are_filled_with_the_parameter_values_in_force_in_both_languages() -> None:
    params = ParameterSet([*revenue_params().parameters.values(), INDUSTRIES])
    rule = {
        "op": "all",
        "sentence": s("同时满足以下条件", "all of the following"),
        "args": [
            REVENUE_RULE,
            {
                "op": "in",
                "fact": "industry",
                "values": {"param": "eligible_industries"},
                "sentence": s(
                    "所属行业门类为 {eligible_industries} 之一", "industry section is one of {values}"
                ),
            },
            {
                "op": "between",
                "fact": "employees",
                "low": {"value": 10},
                "high": {"value": Decimal("299.5")},
                "bounds": "[)",
                "sentence": s("从业人员 {low} 人以上、{high} 人以下", "{low} to under {high} employees"),
            },
        ],
    }
    result = evaluate(rule, {"revenue_wan": 2100, "industry": "C", "employees": 10}, params, date(2024, 1, 1))
    assert [node.sentence_zh for node in result.walk()] == [
        "同时满足以下条件",
        "上年度营业收入不低于 2000 万元",
        "所属行业门类为 C、I、M 之一",
        "从业人员 10 人以上、299.5 人以下",
    ]
    assert result.args[1].sentence_en == "industry section is one of C, I, M"
    assert result.outcome is T


def test_the_result_keeps_a_snapshot_of_facts_and_parameters_and_serialises_to_json() -> None:
    rule = {"op": "all", "sentence": s("全部", "all"), "args": [REVENUE_RULE, ESTABLISHED_WITHIN_3_YEARS]}
    facts = {"revenue_wan": Decimal("1999.99"), "established_on": date(2023, 5, 4), "unrelated": "x"}
    result = evaluate(rule, facts, revenue_params(), date(2024, 1, 1))
    data = json.loads(json.dumps(result.to_json(), ensure_ascii=False))
    assert data["outcome"] == "false"
    assert data["on"] == "2024-01-01"
    assert data["args"][0]["facts"] == {"revenue_wan": "1999.99"}
    assert data["args"][0]["parameters"] == [
        {
            "key": "revenue_min",
            "value": 2000,
            "effective_from": "2021-01-01",
            "legal_reference": "白云区惠企政策（示例）第五条",
        }
    ]
    assert data["args"][1]["facts"] == {"established_on": "2023-05-04"}
    assert result.facts_read() == {"revenue_wan": Decimal("1999.99"), "established_on": date(2023, 5, 4)}


def test_explain_reads_as_a_checklist() -> None:
    rule = {
        "op": "all",
        "sentence": s("同时满足", "all of"),
        "args": [REVENUE_RULE, flag("registered_in_baiyun")],
    }
    result = evaluate(rule, {"revenue_wan": 2500}, revenue_params(), date(2024, 1, 1))
    assert explain(result) == (
        "? 同时满足\n"
        "  ✓ 上年度营业收入不低于 2000 万元（revenue_wan = 2500）\n"
        "  ? registered_in_baiyun 为是（registered_in_baiyun = 未知） — 缺少数据：registered_in_baiyun"
    )
    assert (
        explain(result, "en").splitlines()[1]
        == "  ✓ last year's revenue is at least 2000 × 10,000 yuan (revenue_wan = 2500)"
    )


def test_the_fingerprint_identifies_the_rule_whatever_the_key_order() -> None:
    reordered = dict(reversed(list(REVENUE_RULE.items())))
    assert fingerprint(reordered) == fingerprint(REVENUE_RULE) == compile_rule(REVENUE_RULE).fingerprint
    assert fingerprint({**REVENUE_RULE, "op": "gt"}) != fingerprint(REVENUE_RULE)


# --------------------------------------------------------------------------------------------------
# Validation when a policy officer saves a rule

FACTS = {
    "revenue_wan": Kind.NUMBER,
    "established_on": Kind.DATE,
    "industry": Kind.TEXT,
    "high_tech": Kind.BOOL,
}
PARAMS = {"revenue_min": Kind.NUMBER, "eligible_industries": Kind.LIST, "policy_start": Kind.DATE}


def leaf(**fields: Any) -> dict[str, Any]:
    return {"sentence": s("条件", "condition"), **fields}


def nested(depth: int) -> dict[str, Any]:
    rule: dict[str, Any] = leaf(op="is_true", fact="high_tech")
    for _ in range(depth - 1):
        rule = {"op": "not", "args": [rule], "sentence": s("非", "not")}
    return rule


INVALID: list[tuple[str, Any, str, str]] = [
    ("not an object", ["op", "eq"], "$", "not_object"),
    ("unknown op", leaf(op="greater", fact="revenue_wan", to={"value": 1}), "$.op", "unknown_op"),
    ("unknown fact", leaf(op="ge", fact="turnover", to={"value": 1}), "$.fact", "unknown_fact"),
    (
        "unknown parameter",
        leaf(op="ge", fact="revenue_wan", to={"param": "turnover_min"}),
        "$.to",
        "unknown_parameter",
    ),
    (
        "not with two args",
        {"op": "not", "args": [nested(1), nested(1)], "sentence": s("非", "not")},
        "$.args",
        "arity",
    ),
    ("all with no args", {"op": "all", "args": [], "sentence": s("全部", "all")}, "$.args", "arity"),
    (
        "number compared with text",
        leaf(op="ge", fact="revenue_wan", to={"value": "2000"}),
        "$.to",
        "type_mismatch",
    ),
    ("text has no order", leaf(op="lt", fact="industry", to={"value": "C"}), "$.to", "type_mismatch"),
    (
        "a date fact against a number parameter",
        leaf(op="ge", fact="established_on", to={"param": "revenue_min"}),
        "$",
        "type_mismatch",
    ),
    ("is_true on a number", leaf(op="is_true", fact="revenue_wan"), "$", "type_mismatch"),
    ("in with a scalar", leaf(op="in", fact="industry", values={"value": "C"}), "$.values", "type_mismatch"),
    ("in with an empty list", leaf(op="in", fact="industry", values={"value": []}), "$.values", "empty_list"),
    (
        "in with a mixed list",
        leaf(op="in", fact="industry", values={"value": ["C", 1]}),
        "$.values",
        "bad_value",
    ),
    (
        "before with a text date",
        leaf(op="before", fact="established_on", to={"value": "2020-01-01"}),
        "$.to",
        "type_mismatch",
    ),
    (
        "a malformed date",
        leaf(op="before", fact="established_on", to={"date": "2020-13-01"}),
        "$.to",
        "bad_date",
    ),
    (
        "two operand forms",
        leaf(op="ge", fact="revenue_wan", to={"value": 1, "param": "revenue_min"}),
        "$.to",
        "bad_operand",
    ),
    ("missing sentence", {"op": "has", "fact": "industry"}, "$.sentence", "missing_sentence"),
    (
        "sentence without English",
        {"op": "has", "fact": "industry", "sentence": {"zh": "有行业"}},
        "$.sentence",
        "missing_sentence",
    ),
    (
        "placeholder nobody fills",
        leaf(op="has", fact="industry", sentence=s("{revenue_min}", "x")),
        "$.sentence",
        "bad_placeholder",
    ),
    (
        "format-string attack stays a bad placeholder",
        leaf(op="has", fact="industry", sentence=s("{0.__class__}", "x")),
        "$.sentence",
        "bad_placeholder",
    ),
    (
        "between without bounds",
        leaf(op="between", fact="revenue_wan", low={"value": 1}, high={"value": 2}),
        "$",
        "missing_field",
    ),
    (
        "between with bad bounds",
        leaf(op="between", fact="revenue_wan", low={"value": 1}, high={"value": 2}, bounds="[["),
        "$.bounds",
        "bad_bounds",
    ),
    (
        "an empty range",
        leaf(op="between", fact="revenue_wan", low={"value": 5}, high={"value": 5}, bounds="[)"),
        "$",
        "empty_range",
    ),
    (
        "months not whole",
        leaf(
            op="within_months",
            fact="established_on",
            months={"value": 1.5},
            of={"ref": "evaluation_date"},
            bounds="[]",
        ),
        "$.months",
        "bad_months",
    ),
    ("a typo in a field name", leaf(op="has", fact="industry", bound="[]"), "$", "unknown_field"),
    ("nested too deep", nested(MAX_DEPTH + 1), f"$.{'.'.join(['args[0]'] * MAX_DEPTH)}", "too_deep"),
    (
        "too many nodes",
        {"op": "any", "args": [nested(1)] * MAX_NODES, "sentence": s("任一", "any")},
        f"$.args[{MAX_NODES - 1}]",
        "too_many_nodes",
    ),
]


@pytest.mark.parametrize(("rule", "path", "code"), [c[1:] for c in INVALID], ids=[c[0] for c in INVALID])
def test_validation_names_the_place_and_the_problem_in_chinese_and_english(
    rule: Any, path: str, code: str
) -> None:
    messages = validate(rule, FACTS, PARAMS)
    # then: the message starts with the JSON path and carries both languages
    assert any(m.startswith(f"{path}: ") for m in messages), messages
    assert all(" / " in m and any("\u4e00" <= ch <= "\u9fff" for ch in m) for m in messages)
    node, issues = check(rule, FACTS, PARAMS)
    assert node is None
    assert code in {issue.code for issue in issues}


def test_a_valid_rule_passes_validation_at_the_limits() -> None:
    assert validate(nested(MAX_DEPTH), FACTS, PARAMS) == []
    assert (
        validate(
            {"op": "any", "args": [nested(1)] * (MAX_NODES - 1), "sentence": s("任一", "any")}, FACTS, PARAMS
        )
        == []
    )
    # plain name sets work too (no type checks then)
    assert validate(REVENUE_RULE, {"revenue_wan"}, {"revenue_min"}) == []


def test_all_problems_are_reported_at_once() -> None:
    rule = {
        "op": "all",
        "sentence": s("全部", "all"),
        "args": [
            leaf(op="ge", fact="turnover", to={"value": 1}),
            {"op": "has", "fact": "industry"},
            leaf(op="is", fact="industry"),
        ],
    }
    codes = [m.split(": ")[0] for m in validate(rule, FACTS, PARAMS)]
    assert codes == ["$.args[0].fact", "$.args[1].sentence", "$.args[2].op"]


def test_compile_refuses_an_invalid_rule_and_binding_refuses_a_parameter_of_the_wrong_kind() -> None:
    with pytest.raises(RuleError):
        compile_rule({"op": "ge"})
    rule = compile_rule(leaf(op="ge", fact="revenue_wan", to={"param": "eligible_industries"}))
    with pytest.raises(RuleError) as raised:
        rule.bind(ParameterSet([INDUSTRIES]), ON)
    assert raised.value.issues[0].code == "type_mismatch"


# --------------------------------------------------------------------------------------------------
# The columnar evaluator agrees with the row evaluator

POOL: list[dict[str, Any]] = [
    {"op": "ge", "fact": "n", "to": {"param": "n_min"}},
    {"op": "lt", "fact": "n", "to": {"value": 50.5}},
    {"op": "eq", "fact": "n", "to": {"value": 10}},
    {"op": "ne", "fact": "t", "to": {"value": "A"}},
    {"op": "between", "fact": "n", "low": {"value": 10}, "high": {"param": "n_min"}, "bounds": "(]"},
    {"op": "in", "fact": "t", "values": {"param": "codes"}},
    {"op": "not_in", "fact": "n", "values": {"value": [1, 2, 3]}},
    {"op": "before", "fact": "d", "to": {"date": "2022-01-01"}},
    {"op": "after", "fact": "d", "to": {"param": "start"}},
    {
        "op": "within_months",
        "fact": "d",
        "months": {"param": "window"},
        "of": {"ref": "evaluation_date"},
        "bounds": "[)",
    },
    {"op": "is_true", "fact": "b"},
    {"op": "has", "fact": "t"},
    {"op": "eq", "fact": "b", "to": {"value": False}},
    {"op": "ge", "fact": "gone", "to": {"value": 1}},  # a fact no column holds: all missing
]
RANDOM_PARAMS = ParameterSet(
    [
        Parameter("n_min", [(date(2020, 1, 1), 20, "a"), (date(2024, 1, 1), Decimal("25.5"), "b")]),
        Parameter("codes", [(date(2020, 1, 1), ("A", "B"), "c")]),
        Parameter("start", [(date(2020, 1, 1), date(2021, 6, 30), "d")]),
        Parameter("window", [(date(2020, 1, 1), 24, "e")]),
    ]
)


def random_rule(rnd: random.Random, depth: int = 0) -> dict[str, Any]:
    if depth >= 3 or rnd.random() < 0.35:
        return {**rnd.choice(POOL), "sentence": s("条件", "condition")}
    op = rnd.choice(["all", "any", "not"])
    count = 1 if op == "not" else rnd.randint(1, 4)
    return {
        "op": op,
        "args": [random_rule(rnd, depth + 1) for _ in range(count)],
        "sentence": s("组合", "combination"),
    }


def random_value(rnd: random.Random, fact: str) -> Any:
    if rnd.random() < 0.2:
        return None
    if rnd.random() < 0.08:  # the wrong kind of value, as imported data sometimes holds
        return rnd.choice(
            ["x", 3, True, date(2021, 1, 1), datetime(2021, 1, 1, 9), Decimal("NaN"), float("inf"), [1]]
        )
    if fact == "n":
        return rnd.choice(
            [rnd.randint(0, 60), Decimal(rnd.randint(0, 6000)) / 100, rnd.randint(0, 60) / 2, 25.5, 10]
        )
    if fact == "t":
        return rnd.choice(["A", "B", "C", ""])
    if fact == "d":
        return date(2019, 1, 1) + (date(2024, 12, 31) - date(2019, 1, 1)) * rnd.random()
    return rnd.choice([True, False])


@pytest.mark.parametrize("seed", range(8))
def test_columnar_outcomes_equal_row_outcomes_on_random_rules_and_data(seed: int) -> None:
    rnd = random.Random(seed)
    rows = 400
    columns = {fact: [random_value(rnd, fact) for _ in range(rows)] for fact in ("n", "t", "d", "b")}
    for on in (date(2023, 6, 30), date(2024, 3, 31)):
        for _ in range(10):
            rule = compile_rule(random_rule(rnd))
            bound = rule.bind(RANDOM_PARAMS, on)
            by_row = [bound.evaluate({f: columns[f][i] for f in columns}).outcome for i in range(rows)]
            assert bound.evaluate_columns(columns) == by_row
            assert [bound.outcome({f: columns[f][i] for f in columns}) for i in range(rows)] == by_row
            explained = bound.evaluate_columns_explained(columns)
            assert explained.outcomes == by_row
            for i in rnd.sample(range(rows), 5):
                assert explained.result(i) == bound.evaluate({f: columns[f][i] for f in columns})


def test_columns_of_different_lengths_are_refused_and_an_absent_column_is_all_missing() -> None:
    rule = combine("all", "a", "b")
    with pytest.raises(ValueError):
        evaluate_columns(rule, {"a": [True], "b": [True, False]}, NO_PARAMS, ON)
    assert evaluate_columns(rule, {"a": [True, False]}, NO_PARAMS, ON) == [U, F]
    assert evaluate_columns(rule, {}, NO_PARAMS, ON, rows=2) == [U, U]


# --------------------------------------------------------------------------------------------------
# Whatever an officer types, saving gives messages, never a crash

FUZZ_PARAMS = ParameterSet(
    [
        *revenue_params().parameters.values(),
        Parameter("eligible_industries", [(date(2021, 1, 1), ("C", "I"), "示例")]),
        Parameter("policy_start", [(date(2021, 1, 1), date(2021, 1, 1), "示例")]),
    ]
)


@pytest.mark.parametrize("seed", range(4))
def test_mutated_rules_never_crash_validation_and_valid_ones_evaluate(seed: int) -> None:
    rnd = random.Random(seed)
    kinds = FUZZ_PARAMS.kinds()
    sources = [
        REVENUE_RULE,
        ESTABLISHED_WITHIN_3_YEARS,
        *[{**c[1], "sentence": s("条件", "c")} for c in LEAF_CASES],
        {"op": "all", "sentence": s("全部", "all"), "args": [REVENUE_RULE, combine("not", "high_tech")]},
    ]
    for _ in range(300):
        rule = rnd.choice(sources)
        for _ in range(rnd.randint(1, 3)):
            rule = mutate(rnd, rule)
        messages = validate(rule, {**FACTS, "x": Kind.NUMBER}, kinds)
        assert all(isinstance(m, str) and " / " in m for m in messages)
        if messages:
            continue
        try:
            bound = compile_rule(rule).bind(FUZZ_PARAMS, ON)
        except RuleError:  # e.g. a number parameter used as a month count: found when binding
            continue
        facts = {name: rnd.choice(GARBAGE) for name in (*FACTS, "x")}
        assert bound.evaluate(facts).outcome in (T, F, U)
        assert bound.evaluate_columns({k: [v] for k, v in facts.items()}) == [bound.evaluate(facts).outcome]


def test_a_money_threshold_in_fen_reads_in_wan_yuan_or_yuan_in_the_sentence() -> None:
    rule = {
        "op": "ge",
        "fact": "revenue_fen",
        "to": {"param": "revenue_min_fen"},
        "sentence": s(
            "营业收入不低于 {revenue_min_fen:wan_yuan} 万元", "revenue at least {revenue_min_fen:yuan} yuan"
        ),
    }
    params = ParameterSet([Parameter("revenue_min_fen", [(date(2021, 1, 1), 2_000_000_000, "示例 第三条")])])
    assert validate(rule, {"revenue_fen": Kind.NUMBER}, params.kinds()) == []
    result = evaluate(rule, {"revenue_fen": 2_000_000_000}, params, date(2026, 1, 1))
    assert (result.sentence_zh, result.sentence_en) == (
        "营业收入不低于 2000 万元",
        "revenue at least 20000000 yuan",
    )
    assert result.outcome is Outcome.TRUE

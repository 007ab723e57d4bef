"""Amounts in fen (资金标准): rates with caps and floors, rounding, progressive tiers and fixed bands at their
edges, sums, conditions, validation — and three measures of seed case 1 encoded as data."""

from __future__ import annotations

import json
import random
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from onego.policies.amounts import (
    compile_amount,
    evaluate_amount,
    explain_amount,
    fen_to_yuan_text,
    validate_amount,
)
from onego.policies.criteria import Kind, Outcome, Parameter, ParameterSet, RuleError, evaluate, validate

ON = date(2024, 7, 1)
NO_PARAMS = ParameterSet()


def s(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


def rate_formula(rounding: str = "half_up_fen", **extra: Any) -> dict[str, Any]:
    return {
        "op": "rate",
        "rate": {"value": 10, "unit": "percent"},
        "base": {"fact": "investment_fen", "unit": "fen"},
        "rounding": rounding,
        "sentence": s(
            "按投资额的 {rate}% 补助，计 {result_yuan} 元", "{rate}% of the investment: {result_yuan} yuan"
        ),
        **extra,
    }


CAP_100K_YUAN: dict[str, Any] = {"cap": {"value": 100_000, "unit": "yuan"}}


def amount_of(
    formula: dict[str, Any], facts: dict[str, Any], params: ParameterSet = NO_PARAMS, on: date = ON
) -> int | None:
    return evaluate_amount(formula, facts, params, on).amount_fen


# --------------------------------------------------------------------------------------------------
# Rate × base, rounding, cap and floor


def test_ten_percent_of_1234567_fen_is_123457_fen_rounded_half_up_and_not_capped() -> None:
    result = evaluate_amount(rate_formula(**CAP_100K_YUAN), {"investment_fen": 1_234_567}, NO_PARAMS, ON)
    # 1,234,567 × 10% = 123,456.7 fen → 123,457 fen; far below the cap of 10,000,000 fen
    assert result.amount_fen == 123_457
    assert result.sentence_zh == "按投资额的 10% 补助，计 1,234.57 元"
    assert result.note_zh == "12,345.67 元 × 10% = 1,234.567 元，四舍五入到分得 1,234.57 元"


def test_rounding_down_drops_the_fraction_of_a_fen() -> None:
    assert amount_of(rate_formula("down_fen"), {"investment_fen": 1_234_567}) == 123_456


@pytest.mark.parametrize(
    ("investment_fen", "expected_fen", "capped"),
    [
        (1_234_567_890, 10_000_000, True),  # 123,456,789 fen → the cap of 100,000 yuan
        (100_000_000, 10_000_000, False),  # exactly at the cap: paid in full, not "capped"
        (100_000_010, 10_000_000, True),  # one fen above the cap
        (99_999_990, 9_999_999, False),
    ],
)
def test_the_cap_of_100000_yuan_is_exact_in_fen(investment_fen: int, expected_fen: int, capped: bool) -> None:
    result = evaluate_amount(rate_formula(**CAP_100K_YUAN), {"investment_fen": investment_fen}, NO_PARAMS, ON)
    assert result.amount_fen == expected_fen
    assert ("超过上限" in result.note_zh) is capped


@pytest.mark.parametrize(
    ("rounding", "base_fen", "expected_fen"),
    [
        ("half_up_fen", 5, 1),  # 0.5 fen goes up
        ("down_fen", 5, 0),
        ("half_up_fen", 4, 0),  # 0.4 fen
        ("half_up_yuan", 100_500, 10_100),  # 100.50 yuan → 101 yuan
        ("down_yuan", 100_500, 10_000),
        ("half_up_yuan", 100_499, 10_000),  # 100.499 yuan → 100 yuan
    ],
)
def test_rounding_modes_at_exactly_half(rounding: str, base_fen: int, expected_fen: int) -> None:
    assert amount_of(rate_formula(rounding), {"investment_fen": base_fen}) == expected_fen


def test_a_floor_raises_a_small_amount_and_the_cap_still_wins_last() -> None:
    formula = rate_formula(floor={"value": 1, "unit": "wan_yuan"}, cap={"value": 2, "unit": "wan_yuan"})
    assert amount_of(formula, {"investment_fen": 0}) == 1_000_000
    assert amount_of(formula, {"investment_fen": 15_000_000}) == 1_500_000
    assert amount_of(formula, {"investment_fen": 90_000_000}) == 2_000_000


def test_a_base_in_yuan_with_fractions_and_a_rate_in_basis_points_stay_exact() -> None:
    formula = {
        "op": "rate",
        "rate": {"value": 1234, "unit": "basis_points"},  # 12.34%
        "base": {"fact": "rent_yuan", "unit": "yuan"},
        "rounding": "half_up_fen",
        "sentence": s("按租金的 {rate}‱ 补贴", "{rate} basis points of the rent"),
    }
    # 10,000.01 yuan = 1,000,001 fen × 0.1234 = 123,400.1234 fen → 123,400 fen
    assert amount_of(formula, {"rent_yuan": Decimal("10000.01")}) == 123_400
    # a float fact is read through its decimal text, never as a binary fraction
    assert amount_of(formula, {"rent_yuan": 10000.01}) == 123_400
    # a rate written as text is exact too
    formula["rate"] = {"value": "0.1234", "unit": "ratio"}
    assert amount_of(formula, {"rent_yuan": Decimal("10000.01")}) == 123_400


@pytest.mark.parametrize(
    ("facts", "reason_zh"),
    [
        ({}, "缺少数据：investment_fen"),
        ({"investment_fen": None}, "缺少数据：investment_fen"),
        ({"investment_fen": "一百万"}, "数据类型不符：investment_fen 应为数字，实际为 str"),
        ({"investment_fen": True}, "数据类型不符：investment_fen 应为数字，实际为 bool"),
        ({"investment_fen": -1}, "数据为负数：investment_fen = -1"),
    ],
)
def test_a_missing_or_unusable_base_makes_the_amount_unknown_with_the_reason(
    facts: dict[str, Any], reason_zh: str
) -> None:
    result = evaluate_amount(rate_formula(**CAP_100K_YUAN), facts, NO_PARAMS, ON)
    assert result.amount_fen is None
    assert result.note_zh == reason_zh
    assert result.sentence_zh == "按投资额的 10% 补助，计 未知 元"


# --------------------------------------------------------------------------------------------------
# Progressive tiers (like tax brackets) and fixed bands

PROGRESSIVE: dict[str, Any] = {
    "op": "progressive",
    "base": {"fact": "contribution_wan", "unit": "wan_yuan"},
    "rounding": "half_up_fen",
    "tiers": [
        {"up_to": {"value": 500}, "rate": {"value": 10, "unit": "percent"}},
        {"up_to": {"param": "second_tier_top_wan"}, "rate": {"value": 15, "unit": "percent"}},
        {"up_to": None, "rate": {"value": "0.2", "unit": "ratio"}},
    ],
    "cap": {"value": 200, "unit": "wan_yuan"},
    "sentence": s(
        "按区级贡献累进奖励：500 万元以内 10%，500 万至 {second_tier_top_wan} 万元 15%，以上 20%，最高 {cap} 万元",
        "progressive reward: 10% up to 5 million, 15% up to {second_tier_top_wan} × 10,000, 20% above; "
        "at most {cap} × 10,000 yuan",
    ),
}
PROGRESSIVE_PARAMS = ParameterSet(
    [Parameter("second_tier_top_wan", [(date(2021, 1, 1), 1000, "示例 第七条")])]
)


@pytest.mark.parametrize(
    ("contribution_wan", "expected_fen"),
    [
        (0, 0),
        (500, 50_000_000),  # exactly the first edge: 500万 × 10% = 50万
        (Decimal("500.000001"), 50_000_000),  # 1 fen above: + 0.15 fen → rounds to nothing
        (Decimal("500.000004"), 50_000_001),  # 4 fen above: + 0.6 fen → 1 fen
        (1000, 125_000_000),  # 50万 + 75万
        (1200, 165_000_000),  # 50万 + 75万 + 40万
        (1300, 185_000_000),
        (1500, 200_000_000),  # 225万 → the cap of 200万
    ],
)
def test_progressive_tiers_are_exact_at_their_edges(contribution_wan: Any, expected_fen: int) -> None:
    assert amount_of(PROGRESSIVE, {"contribution_wan": contribution_wan}, PROGRESSIVE_PARAMS) == expected_fen


def test_the_progressive_sentence_shows_values_in_their_own_units() -> None:
    result = evaluate_amount(PROGRESSIVE, {"contribution_wan": 1200}, PROGRESSIVE_PARAMS, ON)
    assert (
        result.sentence_zh
        == "按区级贡献累进奖励：500 万元以内 10%，500 万至 1000 万元 15%，以上 20%，最高 200 万元"
    )
    assert result.note_en == (
        "5,000,000.00 yuan × 10% + 5,000,000.00 yuan × 15% + 2,000,000.00 yuan × 20% = 1,650,000.00 yuan, "
        "rounded half up to the fen: 1,650,000.00 yuan"
    )
    assert result.parameters_used()["second_tier_top_wan"].legal_reference == "示例 第七条"


BANDS: dict[str, Any] = {
    "op": "band",
    "base": {"fact": "floor_area_m2"},
    "bands": [
        {
            "from": {"value": 0},
            "to": {"value": 100},
            "bounds": "[)",
            "amount": {"value": 1, "unit": "wan_yuan"},
        },
        {
            "from": {"value": 100},
            "to": {"value": 200},
            "bounds": "[]",
            "amount": {"value": 2, "unit": "wan_yuan"},
        },
        {"from": {"value": 300}, "to": None, "bounds": "(]", "amount": {"value": 3, "unit": "wan_yuan"}},
    ],
    "sentence": s("按办公面积分档补助", "by office floor area"),
}


@pytest.mark.parametrize(
    ("area", "expected_fen"),
    [
        (0, 1_000_000),
        (Decimal("99.99"), 1_000_000),
        (100, 2_000_000),  # the edge belongs to the band whose bracket is square: [100, 200]
        (200, 2_000_000),
        (Decimal("200.01"), 0),  # the gap (200, 300]: no band, no amount
        (300, 0),  # "(" excludes 300
        (Decimal("300.01"), 3_000_000),
        (10**9, 3_000_000),
    ],
)
def test_a_band_gives_its_fixed_amount_with_edges_exactly_as_stated(area: Any, expected_fen: int) -> None:
    assert amount_of(BANDS, {"floor_area_m2": area}) == expected_fen


def test_the_band_note_says_which_band_matched() -> None:
    result = evaluate_amount(BANDS, {"floor_area_m2": 100}, NO_PARAMS, ON)
    assert result.note_zh == "100 落在第 2 档 [100, 200]，金额 20,000.00 元"
    assert evaluate_amount(BANDS, {"floor_area_m2": 250}, NO_PARAMS, ON).note_en == "250 is in no band: 0"


# --------------------------------------------------------------------------------------------------
# Sums, min/max and conditional parts

FIXED_5K: dict[str, Any] = {
    "op": "fixed",
    "amount": {"value": 5000, "unit": "yuan"},
    "sentence": s("定额 {amount} 元", "{amount} yuan"),
}


def test_sum_min_and_max_combine_exact_fen_and_any_unknown_part_makes_the_whole_unknown() -> None:
    parts = [FIXED_5K, rate_formula()]
    for op, expected in (("sum", 500_000 + 123_457), ("min", 123_457), ("max", 500_000)):
        formula = {
            "op": op,
            "args": parts,
            "sentence": s("合计 {result_yuan} 元", "total {result_yuan} yuan"),
        }
        assert amount_of(formula, {"investment_fen": 1_234_567}) == expected
    total = evaluate_amount({"op": "sum", "args": parts, "sentence": s("合计", "total")}, {}, NO_PARAMS, ON)
    assert total.amount_fen is None
    assert [arg.amount_fen for arg in total.args] == [500_000, None]


HIGH_TECH_BONUS: dict[str, Any] = {
    "op": "when",
    "if": {"op": "is_true", "fact": "high_tech", "sentence": s("高新技术企业", "a high-tech enterprise")},
    "then": FIXED_5K,
    "sentence": s("高新技术企业另奖 5000 元", "high-tech enterprises get 5,000 yuan more"),
}


@pytest.mark.parametrize(("high_tech", "expected"), [(True, 500_000), (False, 0), (None, None)])
def test_a_conditional_part_follows_its_three_valued_condition(
    high_tech: bool | None, expected: int | None
) -> None:
    result = evaluate_amount(HIGH_TECH_BONUS, {"high_tech": high_tech}, NO_PARAMS, ON)
    assert result.amount_fen == expected
    assert result.condition is not None
    assert (
        result.condition.outcome
        is {True: Outcome.TRUE, False: Outcome.FALSE, None: Outcome.UNKNOWN}[high_tech]
    )


# --------------------------------------------------------------------------------------------------
# Validation of amount formulas

FACTS = {
    "investment_fen": Kind.NUMBER,
    "contribution_wan": Kind.NUMBER,
    "floor_area_m2": Kind.NUMBER,
    "high_tech": Kind.BOOL,
    "industry": Kind.TEXT,
}


def with_sentence(**fields: Any) -> dict[str, Any]:
    return {"sentence": s("金额", "amount"), **fields}


INVALID: list[tuple[str, Any, str, str]] = [
    ("unknown op", with_sentence(op="percent"), "$.op", "unknown_op"),
    ("money without a unit", with_sentence(op="fixed", amount={"value": 100}), "$.amount", "bad_money"),
    (
        "an unknown money unit",
        with_sentence(op="fixed", amount={"value": 100, "unit": "元"}),
        "$.amount",
        "bad_money",
    ),
    (
        "a fraction of a fen",
        with_sentence(op="fixed", amount={"value": Decimal("0.001"), "unit": "yuan"}),
        "$.amount",
        "not_whole_fen",
    ),
    (
        "a negative amount",
        with_sentence(op="fixed", amount={"value": -1, "unit": "yuan"}),
        "$.amount",
        "negative",
    ),
    (
        "a fixed amount read from a fact",
        with_sentence(op="fixed", amount={"fact": "investment_fen", "unit": "fen"}),
        "$.amount",
        "fact_not_allowed",
    ),
    ("a rate without its unit", {**rate_formula(), "rate": {"value": 10}}, "$.rate", "bad_rate"),
    (
        "rounding not stated",
        {k: v for k, v in rate_formula().items() if k != "rounding"},
        "$",
        "missing_field",
    ),
    ("an unknown rounding", rate_formula("bankers"), "$.rounding", "bad_rounding"),
    (
        "floor above cap",
        rate_formula(floor={"value": 2, "unit": "wan_yuan"}, cap={"value": 10_000, "unit": "yuan"}),
        "$",
        "floor_above_cap",
    ),
    (
        "a base fact that is not a number",
        {**rate_formula(), "base": {"fact": "industry", "unit": "yuan"}},
        "$.base",
        "type_mismatch",
    ),
    (
        "an unknown base fact",
        {**rate_formula(), "base": {"fact": "capex", "unit": "yuan"}},
        "$.base",
        "unknown_fact",
    ),
    (
        "an unknown parameter",
        {**rate_formula(), "cap": {"param": "cap_wan", "unit": "wan_yuan"}},
        "$.cap",
        "unknown_parameter",
    ),
    (
        "a count that is not whole",
        with_sentence(op="per_unit", amount={"value": 1000, "unit": "yuan"}, count={"value": 1.5}),
        "$.count",
        "not_whole",
    ),
    ("the last tier is not open", {**PROGRESSIVE, "tiers": PROGRESSIVE["tiers"][:2]}, "$.tiers", "bad_tiers"),
    (
        "tiers not ascending",
        {
            **PROGRESSIVE,
            "tiers": [
                {"up_to": {"value": 500}, "rate": {"value": 10, "unit": "percent"}},
                {"up_to": {"value": 400}, "rate": {"value": 15, "unit": "percent"}},
                {"up_to": None, "rate": {"value": 20, "unit": "percent"}},
            ],
        },
        "$.tiers",
        "bad_tiers",
    ),
    (
        "bands touching with both edges inclusive",
        {
            **BANDS,
            "bands": [
                {
                    "from": {"value": 0},
                    "to": {"value": 100},
                    "bounds": "[]",
                    "amount": {"value": 1, "unit": "yuan"},
                },
                {
                    "from": {"value": 100},
                    "to": {"value": 200},
                    "bounds": "[]",
                    "amount": {"value": 2, "unit": "yuan"},
                },
            ],
        },
        "$.bands",
        "bad_bands",
    ),
    (
        "bands overlapping",
        {
            **BANDS,
            "bands": [
                {"from": None, "to": {"value": 150}, "bounds": "()", "amount": {"value": 1, "unit": "yuan"}},
                {"from": {"value": 100}, "to": None, "bounds": "[)", "amount": {"value": 2, "unit": "yuan"}},
            ],
        },
        "$.bands",
        "bad_bands",
    ),
    (
        "a band without bounds",
        {**BANDS, "bands": [{"from": None, "to": None, "amount": {"value": 1, "unit": "yuan"}}]},
        "$.bands[0]",
        "bad_bands",
    ),
    (
        "min of one",
        {"op": "min", "args": [FIXED_5K], "sentence": s("较小者", "the lesser")},
        "$.args",
        "arity",
    ),
    ("sum of none", {"op": "sum", "args": [], "sentence": s("合计", "total")}, "$.args", "arity"),
    (
        "missing sentence",
        {"op": "fixed", "amount": {"value": 1, "unit": "yuan"}},
        "$.sentence",
        "missing_sentence",
    ),
    (
        "a placeholder nobody fills",
        {**FIXED_5K, "sentence": s("{cap} 元", "{cap} yuan")},
        "$.sentence",
        "bad_placeholder",
    ),
    (
        "a bad condition inside when",
        {**HIGH_TECH_BONUS, "if": {"op": "is_true", "fact": "investment_fen", "sentence": s("x", "x")}},
        "$.if",
        "type_mismatch",
    ),
]


@pytest.mark.parametrize(("formula", "path", "code"), [c[1:] for c in INVALID], ids=[c[0] for c in INVALID])
def test_amount_validation_names_the_place_and_the_problem_in_both_languages(
    formula: Any, path: str, code: str
) -> None:
    messages = validate_amount(formula, FACTS, {"second_tier_top_wan": Kind.NUMBER})
    assert any(m.startswith(f"{path}: ") for m in messages), messages
    assert all(" / " in m for m in messages)
    if code in ("unknown_fact", "unknown_parameter", "type_mismatch"):
        return  # found only against the lists of facts and parameters, i.e. when saving
    with pytest.raises(RuleError) as raised:
        compile_amount(formula)
    assert code in {issue.code for issue in raised.value.issues}


def test_the_example_formulas_are_valid() -> None:
    params = {"second_tier_top_wan": Kind.NUMBER}
    for formula in (rate_formula(**CAP_100K_YUAN), PROGRESSIVE, BANDS, HIGH_TECH_BONUS, FIXED_5K):
        assert validate_amount(formula, FACTS, params) == []


def test_a_parameter_that_would_make_tiers_descend_is_refused_when_binding() -> None:
    params = ParameterSet([Parameter("second_tier_top_wan", [(date(2021, 1, 1), 400, "示例")])])
    with pytest.raises(RuleError) as raised:
        compile_amount(PROGRESSIVE).bind(params, ON)
    assert raised.value.issues[0].code == "bad_tiers"


def test_an_amount_parameter_in_a_fraction_of_a_fen_is_refused_when_binding() -> None:
    formula = {
        "op": "fixed",
        "amount": {"param": "reward_yuan", "unit": "yuan"},
        "sentence": s("奖励", "reward"),
    }
    params = ParameterSet([Parameter("reward_yuan", [(date(2021, 1, 1), Decimal("0.005"), "示例")])])
    with pytest.raises(RuleError):
        compile_amount(formula).bind(params, ON)


# --------------------------------------------------------------------------------------------------
# Seed case 1 (白云区“1+4+N”惠企政策): three measures as data. The amounts and thresholds are
# illustrative defaults a policy officer replaces with the current document's figures; only the
# 13 million yuan listing ceiling is taken from the seed text ("企业上市最高可获1300万元扶持资金").

CASE1_PARAMS = ParameterSet(
    [
        Parameter(
            "above_scale_window_months", [(date(2021, 1, 1), 12, "白云区中小企业升规纳统扶持（示例）第三条")]
        ),
        Parameter(
            "above_scale_reward_wan", [(date(2021, 1, 1), 10, "白云区中小企业升规纳统扶持（示例）第四条")]
        ),
        Parameter(
            "hire_subsidy_yuan",
            [
                (date(2021, 1, 1), 1000, "吸纳就业补贴（示例）第二条"),
                (date(2025, 1, 1), 1500, "吸纳就业补贴（示例，2025 年修订）第二条"),
            ],
        ),
        Parameter("hire_subsidy_cap_yuan", [(date(2021, 1, 1), 50_000, "吸纳就业补贴（示例）第三条")]),
    ]
)
CASE1_FACTS = {
    "registered_in_baiyun": Kind.BOOL,  # 注册地在白云区
    "sme": Kind.BOOL,  # 中小企业 (工信部联企业〔2011〕300号 划型)
    "above_scale_since": Kind.DATE,  # 纳入规模以上统计（纳统）的日期
    "serious_bad_credit": Kind.BOOL,  # 严重失信主体
    "listing_stage": Kind.NUMBER,  # 本年度达到的上市阶段：1 股改 2 辅导备案 3 申报受理 4 上市
    "new_insured_hires": Kind.NUMBER,  # 新招用并参保的人数
}

# 中小企业“升规纳统”扶持 — 免申即享: matched from shared data, no application form.
ABOVE_SCALE_CONDITIONS = {
    "op": "all",
    "sentence": s(
        "中小企业“升规纳统”扶持条件", "conditions of the reward for SMEs newly reporting above scale"
    ),
    "args": [
        {
            "op": "is_true",
            "fact": "registered_in_baiyun",
            "sentence": s("注册地在白云区", "registered in Baiyun"),
        },
        {"op": "is_true", "fact": "sme", "sentence": s("属于中小企业", "a small or medium-sized enterprise")},
        {
            "op": "within_months",
            "fact": "above_scale_since",
            "months": {"param": "above_scale_window_months"},
            "of": {"ref": "evaluation_date"},
            "bounds": "(]",
            "sentence": s(
                "近 {above_scale_window_months} 个月内新纳入规模以上统计",
                "newly reporting above scale within {months} months",
            ),
        },
        {
            "op": "not",
            "sentence": s("不属于严重失信主体", "not listed for serious bad credit"),
            "args": [
                {
                    "op": "is_true",
                    "fact": "serious_bad_credit",
                    "sentence": s("严重失信主体", "serious bad credit"),
                }
            ],
        },
    ],
}
ABOVE_SCALE_REWARD = {
    "op": "fixed",
    "amount": {"param": "above_scale_reward_wan", "unit": "wan_yuan"},
    "sentence": s("一次性奖励 {above_scale_reward_wan} 万元", "a one-off reward of {amount} × 10,000 yuan"),
}

# 上市企业扶持: by the stage reached this year, together at most 13 million yuan (1300 万元).
LISTING_REWARD = {
    "op": "band",
    "base": {"fact": "listing_stage"},
    "bands": [
        {
            "from": {"value": 1},
            "to": {"value": 1},
            "bounds": "[]",
            "amount": {"value": 100, "unit": "wan_yuan"},
        },  # 股改
        {
            "from": {"value": 2},
            "to": {"value": 2},
            "bounds": "[]",
            "amount": {"value": 200, "unit": "wan_yuan"},
        },  # 辅导备案
        {
            "from": {"value": 3},
            "to": {"value": 3},
            "bounds": "[]",
            "amount": {"value": 300, "unit": "wan_yuan"},
        },  # 申报受理
        {
            "from": {"value": 4},
            "to": {"value": 4},
            "bounds": "[]",
            "amount": {"value": 700, "unit": "wan_yuan"},
        },  # 上市
    ],
    "sentence": s(
        "按上市进度分阶段扶持，本次 {result_yuan} 元",
        "listing support by stage; this stage: {result_yuan} yuan",
    ),
}

# 吸纳就业补贴: N yuan per newly insured hire, with a cap per enterprise.
HIRE_SUBSIDY = {
    "op": "when",
    "if": {
        "op": "is_true",
        "fact": "registered_in_baiyun",
        "sentence": s("注册地在白云区", "registered in Baiyun"),
    },
    "then": {
        "op": "per_unit",
        "amount": {"param": "hire_subsidy_yuan", "unit": "yuan"},
        "count": {"fact": "new_insured_hires"},
        "cap": {"param": "hire_subsidy_cap_yuan", "unit": "yuan"},
        "sentence": s(
            "新招用参保 {count} 人，每人 {hire_subsidy_yuan} 元，每户最高 {hire_subsidy_cap_yuan} 元",
            "{count} newly insured hires at {amount} yuan each, at most {cap} yuan per enterprise",
        ),
    },
    "sentence": s("吸纳就业补贴", "employment subsidy"),
}


def test_the_seed_measures_are_valid_data() -> None:
    keys = CASE1_PARAMS.kinds()
    assert validate(ABOVE_SCALE_CONDITIONS, CASE1_FACTS, keys) == []
    for formula in (ABOVE_SCALE_REWARD, LISTING_REWARD, HIRE_SUBSIDY):
        assert validate_amount(formula, CASE1_FACTS, keys) == []


def test_an_sme_newly_above_scale_is_matched_without_applying_and_gets_the_fixed_reward() -> None:
    facts = {
        "registered_in_baiyun": True,
        "sme": True,
        "above_scale_since": date(2024, 1, 31),
        "serious_bad_credit": False,
    }
    eligibility = evaluate(ABOVE_SCALE_CONDITIONS, facts, CASE1_PARAMS, ON)
    reward = evaluate_amount(ABOVE_SCALE_REWARD, facts, CASE1_PARAMS, ON)
    assert eligibility.outcome is Outcome.TRUE
    assert eligibility.args[2].sentence_zh == "近 12 个月内新纳入规模以上统计"
    assert reward.amount_fen == 10_000_000
    assert reward.sentence_zh == "一次性奖励 10 万元"


def test_an_above_scale_candidate_with_no_credit_record_goes_to_a_person() -> None:
    facts = {"registered_in_baiyun": True, "sme": True, "above_scale_since": date(2024, 1, 31)}
    assert evaluate(ABOVE_SCALE_CONDITIONS, facts, CASE1_PARAMS, ON).outcome is Outcome.UNKNOWN
    too_early = {**facts, "serious_bad_credit": False, "above_scale_since": date(2023, 6, 30)}
    assert evaluate(ABOVE_SCALE_CONDITIONS, too_early, CASE1_PARAMS, ON).outcome is Outcome.FALSE


@pytest.mark.parametrize(
    ("stage", "expected_fen"),
    [(0, 0), (1, 100_000_000), (2, 200_000_000), (3, 300_000_000), (4, 700_000_000), (5, 0), (None, None)],
)
def test_the_listing_reward_by_stage(stage: int | None, expected_fen: int | None) -> None:
    assert amount_of(LISTING_REWARD, {"listing_stage": stage}, CASE1_PARAMS) == expected_fen


def test_the_listing_stages_together_reach_exactly_the_13_million_yuan_ceiling() -> None:
    total = sum(
        amount_of(LISTING_REWARD, {"listing_stage": stage}, CASE1_PARAMS) or 0 for stage in (1, 2, 3, 4)
    )
    assert total == 13_000_000 * 100
    assert fen_to_yuan_text(total) == "13,000,000.00"


@pytest.mark.parametrize(
    ("hires", "on", "expected_fen"),
    [
        (0, ON, 0),
        (12, ON, 1_200_000),
        (50, ON, 5_000_000),  # exactly the cap of 50,000 yuan
        (51, ON, 5_000_000),
        (12, date(2025, 1, 1), 1_800_000),  # 1,500 yuan per hire from 2025 on
        (Decimal("2.5"), ON, None),  # half a person: bad data, a person looks at it
    ],
)
def test_the_employment_subsidy_per_insured_hire_with_a_cap(
    hires: Any, on: date, expected_fen: int | None
) -> None:
    facts = {"registered_in_baiyun": True, "new_insured_hires": hires}
    assert amount_of(HIRE_SUBSIDY, facts, CASE1_PARAMS, on) == expected_fen


def test_the_employment_subsidy_result_explains_itself_and_stores_as_json() -> None:
    facts = {"registered_in_baiyun": True, "new_insured_hires": 60}
    result = evaluate_amount(HIRE_SUBSIDY, facts, CASE1_PARAMS, ON)
    assert explain_amount(result).splitlines() == [
        "吸纳就业补贴：50,000.00 元 — 条件符合",
        "  ✓ 注册地在白云区（registered_in_baiyun = 是）",
        "  新招用参保 60 人，每人 1000 元，每户最高 50000 元：50,000.00 元 — "
        "60 × 1,000.00 元 = 60,000.00 元；超过上限，按上限 50,000.00 元",
    ]
    assert (
        result.args[0].sentence_en
        == "60 newly insured hires at 1000 yuan each, at most 50000 yuan per enterprise"
    )
    data = json.loads(json.dumps(result.to_json(), ensure_ascii=False))
    assert data["amount_fen"] == 5_000_000
    assert data["condition"]["outcome"] == "true"
    assert [p["key"] for p in data["args"][0]["parameters"]] == ["hire_subsidy_yuan", "hire_subsidy_cap_yuan"]
    assert result.facts_read() == {"registered_in_baiyun": True, "new_insured_hires": 60}
    assert set(result.parameters_used()) == {"hire_subsidy_yuan", "hire_subsidy_cap_yuan"}


# --------------------------------------------------------------------------------------------------
# Whatever an officer types, saving gives messages, never a crash


@pytest.mark.parametrize("seed", range(4))
def test_mutated_formulas_never_crash_validation_and_valid_ones_evaluate(seed: int) -> None:
    from onego.policies.tests.factories import GARBAGE, mutate

    rnd = random.Random(seed)
    params = ParameterSet([*PROGRESSIVE_PARAMS.parameters.values(), *CASE1_PARAMS.parameters.values()])
    facts_known = {**FACTS, **CASE1_FACTS}
    sources = [
        rate_formula(**CAP_100K_YUAN),
        PROGRESSIVE,
        BANDS,
        HIGH_TECH_BONUS,
        FIXED_5K,
        ABOVE_SCALE_REWARD,
        LISTING_REWARD,
        HIRE_SUBSIDY,
        {"op": "sum", "args": [FIXED_5K, BANDS], "sentence": s("合计", "total")},
    ]
    for _ in range(300):
        formula = rnd.choice(sources)
        for _ in range(rnd.randint(1, 2)):
            formula = mutate(rnd, formula)
        messages = validate_amount(formula, facts_known, params.kinds())
        assert all(isinstance(m, str) and " / " in m for m in messages)
        if messages:
            continue
        try:
            bound = compile_amount(formula).bind(params, ON)
        except (
            RuleError
        ):  # a parameter value unfit for its place (e.g. a fraction of a fen): found when binding
            continue
        result = bound.evaluate(
            {name: rnd.choice([*GARBAGE, 0, 7, Decimal("12.34")]) for name in facts_known}
        )
        assert result.amount_fen is None or (isinstance(result.amount_fen, int) and result.amount_fen >= 0)

"""The demo policy catalogue as data: every policy valid against the fact dictionary, its references
resolvable, and the demo enterprises' designed outcomes (seed cases 1, 6 and 7)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from stdnum.cn import uscc

from onego.demo import catalogue
from onego.demo import facts as demo_facts
from onego.demo.accounts import DEPARTMENT_CODES, DEPARTMENTS
from onego.demo.facts import (
    DEMO_AS_OF,
    DEMO_ENTERPRISE_CODE,
    DEMO_EVALUATION_DATE,
    DEMO_MANUFACTURER_CODE,
    DESIGNED_FACTS,
    demo_fact_values,
    facts_as_of,
    generated_enterprises,
)
from onego.demo.policy_data import FUNDS, POLICIES, TAGS
from onego.policies.amounts import evaluate_amount, validate_amount
from onego.policies.criteria import Outcome, Parameter, ParameterSet, Result, evaluate, validate
from onego.registry.facts import (
    CRITERIA_KIND,
    STANDARD_FACTS,
    fact_row,
    facts_for,
    period_error,
    upsert_facts,
)
from onego.registry.models import FactDefinition

ON = DEMO_EVALUATION_DATE  # 2026-11-27, matching with the facts of 2025
# The fact dictionary as criteria see it, built without the database the way registry.fact_schema does.
SCHEMA = {fact.key: CRITERIA_KIND[fact.kind] for fact in STANDARD_FACTS}
BY_CODE = {policy["code"]: policy for policy in POLICIES}


def params_of(policy: dict[str, Any]) -> ParameterSet:
    return ParameterSet(
        Parameter(
            p["key"], [(dt.date.fromisoformat(v["from"]), v["value"], v["reference"]) for v in p["versions"]]
        )
        for p in policy["parameters"]
    )


def designed_facts(code: str) -> dict[str, Any]:
    return facts_as_of(demo_fact_values([code], year=2025), code, DEMO_AS_OF)


def decide(code: str, facts: dict[str, Any]) -> tuple[Result, int | None]:
    policy = BY_CODE[code]
    params = params_of(policy)
    eligibility = evaluate(policy["conditions"], facts, params, ON)
    amount = (
        None if policy["amount"] is None else evaluate_amount(policy["amount"], facts, params, ON).amount_fen
    )
    return eligibility, amount


# --------------------------------------------------------------------------------------------------
# Every policy is valid data


@pytest.mark.parametrize("policy", POLICIES, ids=[p["code"] for p in POLICIES])
def test_every_policy_validates_against_the_standard_fact_dictionary_and_its_own_parameters(
    policy: dict[str, Any],
) -> None:
    kinds = params_of(policy).kinds()
    assert validate(policy["conditions"], SCHEMA, kinds) == []
    if policy["amount"] is not None:
        assert validate_amount(policy["amount"], SCHEMA, kinds) == []


def test_the_plain_text_kinds_of_the_registry_are_understood_by_the_amount_checker() -> None:
    # the registry gives kinds as "number", "bool"…, not as criteria.Kind members
    reads_revenue = {
        "op": "rate",
        "rate": {"value": 10, "unit": "percent"},
        "base": {"fact": "revenue_fen", "unit": "fen"},
        "rounding": "half_up_fen",
        "sentence": {"zh": "营业收入的 10%", "en": "10% of revenue"},
    }
    reads_a_boolean = {**reads_revenue, "base": {"fact": "high_tech", "unit": "fen"}}
    assert validate_amount(reads_revenue, SCHEMA, {}) == []
    assert any("high_tech" in message for message in validate_amount(reads_a_boolean, SCHEMA, {}))


def test_policy_codes_are_unique_lowercase_slugs_of_at_most_40_characters() -> None:
    codes = [policy["code"] for policy in POLICIES]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code) and len(code) <= 40 for code in codes), codes


def test_every_policy_has_all_the_elements_of_a_policy_item_in_both_languages() -> None:
    texts = (
        "name_zh",
        "name_en",
        "source_document",
        "scope",
        "legal_basis",
        "conditions_text",
        "materials_text",
        "fund_standard",
        "process_text",
    )
    for policy in POLICIES:
        assert all(isinstance(policy[key], str) and policy[key].strip() for key in texts), policy["code"]
        assert isinstance(policy["time_limit_workdays"], int) and 0 < policy["time_limit_workdays"] <= 30
        assert policy["mode"] in ("proactive", "application") and policy["target"] in ("enterprise", "person")
        dt.date.fromisoformat(policy["effective_from"])


def test_tag_keys_are_unique_every_tag_is_used_and_every_policy_tag_exists() -> None:
    keys = [tag["key"] for tag in TAGS]
    assert len(keys) == len(set(keys))
    assert {tag["dimension"] for tag in TAGS} == {"industry", "size", "stage", "support"}
    used = {key for policy in POLICIES for key in policy["tags"]}
    assert used == set(keys), used ^ set(keys)
    assert all(len(policy["tags"]) == len(set(policy["tags"])) for policy in POLICIES)


def test_funds_and_departments_a_policy_names_exist_and_only_money_measures_have_a_fund() -> None:
    departments = {d.key for d in DEPARTMENTS}
    funds = {fund["key"] for fund in FUNDS}
    assert len(funds) == len(FUNDS)
    assert all(
        fund["department"] in departments and fund["budget_yuan"] > 0 and fund["year"] == 2026
        for fund in FUNDS
    )
    for policy in POLICIES:
        assert policy["issuing_department"] in departments, policy["code"]
        assert (policy["fund"] in funds) if policy["amount"] is not None else (policy["fund"] == ""), policy[
            "code"
        ]


def test_the_catalogue_measures_of_case_1_and_the_employment_subsidies_of_case_7_are_each_one_policy() -> (
    None
):
    items = {item["code"]: item for item in catalogue.items()}

    def demo_items_where(where: Any) -> set[str]:
        return {ref for ref, code in catalogue.ITEM_CODES.items() if where(items[code])}

    measures = demo_items_where(
        lambda i: i["level"] == "handling" and "enterprise-policy" in i["versions"][0]["tags"]
    )
    # the employment centre's items to apply for; its item for claims captured from the provincial system
    # (issue 16) is a review of claims filed there, not a policy of its own
    subsidies = demo_items_where(lambda i: i["department"] == DEPARTMENT_CODES["jyzx"]) - {
        "captured_subsidy_review"
    }
    refs = Counter(policy["item_ref"] for policy in POLICIES)
    assert len(measures) == 15 and len(subsidies) == 4
    assert set(refs) == measures | subsidies
    assert set(refs.values()) == {1}
    assert len(POLICIES) == 15 + 4


def test_the_upgrade_support_is_paid_without_applying_and_two_subsidies_are_for_persons() -> None:
    # 招用工补贴 is matched in advance but applied for: its item asks for the roster of people hired and their
    # contracts, which a one-click confirmation cannot supply.
    by_ref = {policy["item_ref"]: policy for policy in POLICIES}
    assert {p["item_ref"] for p in POLICIES if p["mode"] == "proactive"} == {"policy_upgrade"}
    assert {p["item_ref"] for p in POLICIES if p["target"] == "person"} == {
        "employment_social_insurance_subsidy",
        "startup_grant",
    }
    assert by_ref["policy_upgrade"]["amount"] is not None and by_ref["policy_upgrade"]["fund"]


def test_parameter_keys_are_unique_across_the_catalogue_and_every_version_names_its_basis() -> None:
    keys = [p["key"] for policy in POLICIES for p in policy["parameters"]]
    assert len(keys) == len(set(keys))
    for policy in POLICIES:
        for parameter in policy["parameters"]:
            assert parameter["label_zh"] and parameter["label_en"] and parameter["unit"], parameter["key"]
            for version in parameter["versions"]:
                assert not isinstance(version["value"], float)
                assert dt.date.fromisoformat(version["from"]) <= ON
                # illustrative figures say so; only the two figures of the seed text cite it instead
                assert "示例值" in version["reference"] or "案例一" in version["reference"], version


def test_the_listing_stages_add_up_to_the_13_million_yuan_and_the_benchmark_cap_is_the_100_million_of_the_seed() -> (
    None
):
    listing = params_of(BY_CODE["listing-support"])
    stages = [int(str(listing.use(f"listing_stage{n}_wan", ON).value)) for n in (1, 2, 3, 4)]
    assert sum(stages) == 1300  # 万元: "企业上市最高可获1300万元扶持资金"
    total = sum(decide("listing-support", {"listing_stage": n})[1] or 0 for n in (1, 2, 3, 4))
    assert total == 13_000_000 * 100
    _, amount = decide("benchmark-enterprise", {"district_output_contribution_fen": 10**12})
    assert amount == 100_000_000 * 100  # "一次性最高扶持可达1亿元"


def test_the_hiring_subsidy_per_person_rose_in_2025() -> None:
    params = params_of(BY_CODE["hiring-subsidy"])
    assert params.use("hiring_subsidy_yuan", dt.date(2024, 12, 31)).value == 1000
    assert params.use("hiring_subsidy_yuan", dt.date(2025, 1, 1)).value == 1500


# --------------------------------------------------------------------------------------------------
# The demo enterprise's designed outcomes (2026-11-27, facts of 2025)


def test_the_demo_enterprise_is_offered_the_upgrade_reward_without_applying() -> None:
    eligibility, amount = decide("sme-upgrade", designed_facts(DEMO_ENTERPRISE_CODE))
    assert eligibility.outcome is Outcome.TRUE
    assert amount == 10_000_000  # 10 万元; a restaurant gets no manufacturing bonus
    assert "近 12 个月内首次纳入规模以上（限额以上）统计" in [node.sentence_zh for node in eligibility.walk()]
    assert eligibility.facts_read()["above_scale_since"] == dt.date(2026, 2, 28)


def test_the_demo_enterprise_rent_support_goes_to_a_person_because_renting_talents_is_missing() -> None:
    facts = designed_facts(DEMO_ENTERPRISE_CODE)
    eligibility, amount = decide("talent-rent", facts)
    assert "renting_talents" not in facts
    assert eligibility.outcome is Outcome.UNKNOWN and amount is None
    unknown = [node for node in eligibility.walk() if node.outcome is Outcome.UNKNOWN and not node.args]
    assert [(node.facts, node.reason_zh) for node in unknown] == [
        ({"renting_talents": None}, "缺少数据：renting_talents")
    ]


def test_the_demo_enterprise_is_not_a_benchmark_enterprise() -> None:
    eligibility, _ = decide("benchmark-enterprise", designed_facts(DEMO_ENTERPRISE_CODE))
    assert eligibility.outcome is Outcome.FALSE
    failed = [node.sentence_zh for node in eligibility.args if node.outcome is Outcome.FALSE]
    assert failed == ["营业收入或区级经济贡献达到标杆企业标准"]


# code → (outcome, amount in fen) for the demo user's restaurant and the designed manufacturer
RESTAURANT = {
    "benchmark-enterprise": (Outcome.FALSE, None),
    "enterprise-settlement": (Outcome.FALSE, None),
    "new-enterprise-office": (Outcome.FALSE, None),
    "enterprise-growth": (Outcome.TRUE, 50_000_000),
    "outstanding-contribution": (Outcome.FALSE, None),
    "executive-team": (Outcome.FALSE, None),
    "listing-support": (Outcome.FALSE, None),
    "talent-rent": (Outcome.UNKNOWN, None),
    "talent-hukou-quota": (Outcome.TRUE, None),
    "talent-school-quota": (Outcome.TRUE, None),
    "talent-green-card": (Outcome.FALSE, None),
    "yunju-talent-card": (Outcome.FALSE, None),
    "talent-medical-card": (Outcome.TRUE, None),
    "service-fast-track": (Outcome.TRUE, None),
    "sme-upgrade": (Outcome.TRUE, 10_000_000),
    "startup-jobs-subsidy": (Outcome.FALSE, None),
    "hiring-subsidy": (Outcome.TRUE, 900_000),  # 6 priority hires × 1,500 yuan
}
MANUFACTURER = {
    "benchmark-enterprise": (Outcome.TRUE, 1_200_000_000),  # 20% of 60 million yuan
    "enterprise-settlement": (Outcome.FALSE, None),
    "new-enterprise-office": (Outcome.FALSE, None),
    "enterprise-growth": (Outcome.FALSE, None),
    "outstanding-contribution": (Outcome.TRUE, 300_000_000),  # 5% of 60 million yuan
    "executive-team": (Outcome.TRUE, 160_000_000),  # 50% of 3.2 million yuan
    "listing-support": (Outcome.TRUE, 200_000_000),  # stage 2, tutoring filed
    "talent-rent": (Outcome.TRUE, 50_000_000),  # 35 × 18,000 = 630,000 yuan, capped at 500,000
    "talent-hukou-quota": (Outcome.TRUE, None),
    "talent-school-quota": (Outcome.TRUE, None),
    "talent-green-card": (Outcome.TRUE, None),
    "yunju-talent-card": (Outcome.TRUE, None),
    "talent-medical-card": (Outcome.TRUE, None),
    "service-fast-track": (Outcome.TRUE, None),
    "sme-upgrade": (Outcome.FALSE, None),
    "startup-jobs-subsidy": (Outcome.FALSE, None),
    "hiring-subsidy": (Outcome.TRUE, 2_700_000),
}


@pytest.mark.parametrize(
    ("enterprise", "expected"),
    [(DEMO_ENTERPRISE_CODE, RESTAURANT), (DEMO_MANUFACTURER_CODE, MANUFACTURER)],
    ids=["restaurant", "manufacturer"],
)
def test_the_designed_enterprises_match_every_enterprise_policy_as_designed(
    enterprise: str, expected: dict[str, Any]
) -> None:
    facts = designed_facts(enterprise)
    enterprise_policies = {p["code"] for p in POLICIES if p["target"] == "enterprise"}
    assert set(expected) == enterprise_policies
    seen = {}
    for code in enterprise_policies:
        eligibility, amount = decide(code, facts)
        seen[code] = (eligibility.outcome, amount if eligibility.outcome is Outcome.TRUE else None)
        for node in eligibility.walk():  # every sentence filled: no braces left
            assert "{" not in node.sentence_zh + node.sentence_en, (code, node.path)
    assert seen == expected


def test_several_application_policies_are_open_to_the_demo_enterprise() -> None:
    facts = designed_facts(DEMO_ENTERPRISE_CODE)
    open_to_apply = [
        p["code"]
        for p in POLICIES
        if p["mode"] == "application"
        and p["target"] == "enterprise"
        and decide(p["code"], facts)[0].outcome is Outcome.TRUE
    ]
    assert len(open_to_apply) >= 4, open_to_apply


# --------------------------------------------------------------------------------------------------
# Generated enterprises and their facts


def test_generated_enterprises_have_valid_unique_codes_and_names_and_are_the_same_every_time() -> None:
    enterprises = list(generated_enterprises(2000, seed=3))
    codes = [code for code, _ in enterprises]
    assert all(uscc.is_valid(code) and code[2:8] == "440111" for code in codes)
    assert len(set(codes)) == 2000 and len({name for _, name in enterprises}) == 2000
    assert not set(codes) & set(DESIGNED_FACTS)
    assert enterprises[:5] == list(generated_enterprises(5, seed=3))
    assert not set(codes) & {code for code, _ in generated_enterprises(2000, seed=4)}


def test_generated_facts_fit_the_fact_dictionary_and_depend_only_on_the_code_and_year() -> None:
    codes = [code for code, _ in generated_enterprises(300, seed=1)] + [DEMO_ENTERPRISE_CODE]
    rows = demo_fact_values(codes, year=2025)
    definitions = {fact.key: fact for fact in STANDARD_FACTS}
    python_type = {
        "number": "Decimal",
        "money_fen": "int",
        "integer": "int",
        "boolean": "bool",
        "date": "date",
        "text": "str",
        "code": "str",
    }
    for _code, key, period, value in rows:
        definition = definitions[key]
        assert type(value).__name__ == python_type[definition.kind], (key, value)
        assert period_error(definition.period_kind, period) is None, (key, period)
        if definition.pattern:
            assert re.match(definition.pattern, str(value)), (key, value)
    assert len({(code, key, period) for code, key, period, _ in rows}) == len(rows)
    # the same values whatever the order of the codes, call after call
    assert sorted(demo_fact_values(list(reversed(codes)), year=2025), key=repr) == sorted(rows, key=repr)


def test_a_generated_population_gives_the_proactive_policies_all_three_outcomes() -> None:
    codes = [code for code, _ in generated_enterprises(600, seed=0)]
    rows = demo_fact_values(codes, year=2025)
    by_code: dict[str, list[Any]] = {}
    for row in rows:
        by_code.setdefault(row[0], []).append(row)
    for policy in (BY_CODE["sme-upgrade"], BY_CODE["hiring-subsidy"]):
        outcomes = Counter(
            evaluate(
                policy["conditions"], facts_as_of(by_code[code], code, "2025"), params_of(policy), ON
            ).outcome
            for code in codes
        )
        assert set(outcomes) == set(Outcome), (policy["code"], outcomes)
        assert outcomes[Outcome.TRUE] < outcomes[Outcome.FALSE]


def test_designed_dates_move_with_the_data_year() -> None:
    rows = demo_fact_values([DEMO_ENTERPRISE_CODE], year=2026)
    facts = facts_as_of(rows, DEMO_ENTERPRISE_CODE, "2026")
    assert facts["above_scale_since"] == dt.date(2027, 2, 28)
    assert facts["headcount"] == 86
    assert ("2026-12", 84) in [
        (period, value) for _, key, period, value in rows if key == "insured_employees"
    ]


@pytest.mark.django_db
def test_the_designed_facts_stored_through_the_registry_read_back_as_the_criteria_see_them() -> None:
    # given: the definitions 0004 and 0005 seed
    definitions = {d.key: d for d in FactDefinition.objects.all()}
    rows = demo_fact_values([DEMO_ENTERPRISE_CODE, DEMO_MANUFACTURER_CODE], year=2025)
    # when
    with transaction.atomic():
        upsert_facts(
            [fact_row(code, definitions[key], period, value) for code, key, period, value in rows],
            source="演示数据",
            imported_at=timezone.now(),
            batch_id=None,
        )
    # then
    keys = sorted({key for _, key, _, _ in rows} | {"renting_talents"})
    stored = facts_for([DEMO_ENTERPRISE_CODE, DEMO_MANUFACTURER_CODE], keys, as_of=DEMO_AS_OF)
    for code in (DEMO_ENTERPRISE_CODE, DEMO_MANUFACTURER_CODE):
        expected = {key: facts_as_of(rows, code, DEMO_AS_OF).get(key) for key in keys}
        assert stored[code] == expected
    assert decide("sme-upgrade", dict(stored[DEMO_ENTERPRISE_CODE]))[0].outcome is Outcome.TRUE
    assert demo_facts.DEMO_ENTERPRISE_NAME == stored[DEMO_ENTERPRISE_CODE]["entity_name"]

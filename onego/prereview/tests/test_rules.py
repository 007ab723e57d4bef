"""Every pre-review rule at its edges, as tables: what each kind of rule answers and the rows it cites."""

from __future__ import annotations

from datetime import date

import pytest

from onego.prereview import rules
from onego.prereview.models import RuleKind
from onego.prereview.rules import Outcome
from onego.prereview.tests.factories import (
    EMPLOYER,
    OTHER_EMPLOYER,
    PERIOD,
    claim_facts,
    id_number,
    month_row,
    person_facts,
)

JULY, AUGUST, SEPTEMBER = date(2026, 7, 1), date(2026, 8, 1), date(2026, 9, 1)
JUNE, OCTOBER = date(2026, 6, 1), date(2026, 10, 1)


# --- insured months: by THIS employer, inside the period ------------------------------------------------------


@pytest.mark.parametrize(
    ("months", "needed", "expected"),
    [
        ([JULY, AUGUST], 3, Outcome.FAIL),  # N-1
        ([JULY, AUGUST, SEPTEMBER], 3, Outcome.PASS),  # N
        ([JULY, AUGUST, SEPTEMBER], 2, Outcome.PASS),  # N+1 against a rule of 2
        ([JUNE, JULY, AUGUST, OCTOBER], 3, Outcome.FAIL),  # June and October lie outside the period
        ([], 1, Outcome.FAIL),  # never insured here
    ],
)
def test_insured_months_counts_only_this_employers_months_inside_the_period(months, needed, expected):
    person = person_facts(contributions=tuple(month_row(m) for m in months))

    finding = rules.check_insured_months({"months": needed}, claim_facts(), person)

    assert finding.outcome == expected
    inside = [m for m in months if PERIOD[0] <= m <= PERIOD[1]]
    assert len(finding.evidence) == len(inside)
    assert all(e.table == "registry.contributionmonth" for e in finding.evidence)


def test_months_insured_by_another_employer_do_not_count_and_are_cited():
    rows = (month_row(JULY, id_=11), month_row(AUGUST, OTHER_EMPLOYER, id_=12), month_row(SEPTEMBER, id_=13))

    finding = rules.check_insured_months({"months": 3}, claim_facts(), person_facts(contributions=rows))

    assert finding.outcome == Outcome.FAIL
    assert "在本单位参保 2 个月（2026-07, 2026-09）" in finding.message
    assert "另有 1 个月在其他单位参保" in finding.message
    assert [e.id for e in finding.evidence] == [11, 13, 12]


@pytest.mark.parametrize(("claimed", "insured", "expected"), [(2, 2, Outcome.PASS), (3, 2, Outcome.FAIL)])
def test_with_claimed_the_months_insured_cover_the_months_claimed(claimed, insured, expected):
    rows = tuple(month_row(m) for m in (AUGUST, SEPTEMBER)[:insured])

    finding = rules.check_insured_months(
        {"months": 1, "claimed": True},
        claim_facts(),
        person_facts(months_claimed=claimed, contributions=rows),
    )

    assert finding.outcome == expected


def test_two_rows_of_one_month_count_as_one_month():
    rows = (month_row(JULY), month_row(JULY.replace(day=1)), month_row(AUGUST))

    finding = rules.check_insured_months({"months": 3}, claim_facts(), person_facts(contributions=rows))

    assert finding.outcome == Outcome.FAIL


# --- age: full years at the period start, from the ID number ------------------------------------------------

START = PERIOD[0]  # 2026-07-01


def born_years_before(years: int, *, days: int = 0) -> date:
    """The birthday that makes someone exactly `years` old on the period start (`days` later: a day short)."""
    day = START.replace(year=START.year - years)
    return date.fromordinal(day.toordinal() + days)


AGE = {"min": 16, "max": 60, "max_female": 50}


@pytest.mark.parametrize(
    ("born", "female", "expected"),
    [
        (born_years_before(16, days=1), False, Outcome.FAIL),  # 15: turns 16 the day after the period starts
        (born_years_before(16), False, Outcome.PASS),  # 16 on the day
        (born_years_before(60), False, Outcome.PASS),  # exactly 60: the max is inclusive
        (born_years_before(61, days=1), False, Outcome.PASS),  # 60, a day short of 61
        (born_years_before(61), False, Outcome.FAIL),  # 61 = max + 1
        (born_years_before(50), True, Outcome.PASS),  # a woman at her max, 50
        (born_years_before(51), True, Outcome.FAIL),  # a woman at 51
        (born_years_before(55), False, Outcome.PASS),  # a man at 55 is under his max
    ],
)
def test_age_is_taken_in_full_years_at_the_period_start(born, female, expected):
    person = person_facts(id_number=id_number(born, female=female))

    finding = rules.check_age(AGE, claim_facts(), person)

    assert finding.outcome == expected, finding.message
    assert born.isoformat() in finding.message


def test_a_woman_over_her_limit_is_told_so():
    person = person_facts(id_number=id_number(date(1970, 1, 1), female=True))

    finding = rules.check_age(AGE, claim_facts(), person)

    assert finding.outcome == Outcome.FAIL
    assert "女性超过 50 周岁" in finding.message


def test_an_id_number_without_a_birth_date_is_unknown():
    finding = rules.check_age(AGE, claim_facts(), person_facts(id_number="44011119901399001X"))

    assert finding.outcome == Outcome.UNKNOWN


# --- category -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("category", "params", "household", "expected"),
    [
        ("就业困难人员", {"allowed": ["就业困难人员", "高校毕业生"]}, None, Outcome.PASS),
        ("其他", {"allowed": ["就业困难人员", "高校毕业生"]}, None, Outcome.FAIL),
        ("", {"allowed": ["就业困难人员"]}, None, Outcome.UNKNOWN),
        ("脱贫人口", {"allowed": ["脱贫人口"], "local_household": True}, None, Outcome.UNKNOWN),
        (
            "脱贫人口",
            {"allowed": ["脱贫人口"], "local_household": True, "household_area": "广州市"},
            rules.HouseholdRow(7, "广州市白云区京溪街道1号"),
            Outcome.PASS,
        ),
        (
            "脱贫人口",
            {"allowed": ["脱贫人口"], "local_household": True, "household_area": "广州市"},
            rules.HouseholdRow(8, "湖南省长沙市岳麓区2号"),
            Outcome.FAIL,
        ),
    ],
)
def test_category_is_allowed_and_the_household_register_is_asked_when_the_rule_says(
    category, params, household, expected
):
    person = person_facts(category=category, household=household)

    finding = rules.check_category(params, claim_facts(), person)

    assert finding.outcome == expected
    if household is not None:
        assert [e.id for e in finding.evidence] == [household.id]


# --- double payment: any scheme, any employer, overlapping the period ---------------------------------------


def payment(
    start: date, end: date, *, scheme: str = "post_subsidy", employer: str = EMPLOYER
) -> rules.PaymentRow:
    return rules.PaymentRow(31, employer, scheme, "岗位补贴", start, end, 120_000, "PAY-2026-0031")


@pytest.mark.parametrize(
    ("payments", "params", "expected"),
    [
        ((), {"schemes": ["*"]}, Outcome.PASS),  # none
        (
            (payment(date(2026, 4, 1), date(2026, 7, 1)),),
            {"schemes": ["*"]},
            Outcome.FAIL,
        ),  # overlaps by one day
        (
            (payment(date(2026, 4, 1), date(2026, 6, 30)),),
            {"schemes": ["*"]},
            Outcome.PASS,
        ),  # adjacent before
        (
            (payment(date(2026, 10, 1), date(2026, 12, 31)),),
            {"schemes": ["*"]},
            Outcome.PASS,
        ),  # adjacent after
        ((payment(date(2026, 9, 30), date(2026, 12, 31)),), {"schemes": ["*"]}, Outcome.FAIL),  # last day
        (
            (payment(date(2026, 7, 1), date(2026, 9, 30), scheme="hiring_subsidy"),),
            {"schemes": ["*"]},
            Outcome.FAIL,
        ),
        (  # another employer paid it: still a double subsidy for the person
            (payment(date(2026, 8, 1), date(2026, 8, 31), employer=OTHER_EMPLOYER),),
            {"schemes": ["*"]},
            Outcome.FAIL,
        ),
        (  # a scheme the rule does not list
            (payment(date(2026, 7, 1), date(2026, 9, 30), scheme="startup_grant"),),
            {"schemes": ["social_insurance_subsidy", "post_subsidy"]},
            Outcome.PASS,
        ),
    ],
)
def test_double_payment_finds_a_payment_overlapping_the_period(payments, params, expected):
    finding = rules.check_double_payment(params, claim_facts(), person_facts(payments=payments))

    assert finding.outcome == expected
    if expected == Outcome.FAIL:
        assert finding.evidence[0].table == "registry.subsidypayment"
        assert "PAY-2026-0031" in finding.message
    else:
        assert finding.evidence == ()


# --- the enterprise --------------------------------------------------------------------------------------------


def entity(
    status: str = "存续",
    address: str = "广州市白云区云城西路1号",
    authority: str = "广州市白云区市场监督管理局",
):
    return rules.EntityRow(41, "白云示例科技有限公司", address, authority, status)


@pytest.mark.parametrize(
    ("row", "registered", "in_district"),
    [
        (None, Outcome.UNKNOWN, Outcome.UNKNOWN),  # missing from business registration
        (entity(), Outcome.PASS, Outcome.PASS),
        (entity(status="注销"), Outcome.FAIL, Outcome.PASS),
        (
            entity(address="广州市天河区天河路1号", authority="广州市天河区市场监督管理局"),
            Outcome.PASS,
            Outcome.FAIL,
        ),
        (
            entity(address="广州市天河区天河路1号"),
            Outcome.PASS,
            Outcome.PASS,
        ),  # registered by Baiyun's bureau
        (entity(address="", authority=""), Outcome.PASS, Outcome.UNKNOWN),
    ],
)
def test_the_enterprise_must_be_registered_and_in_the_district(row, registered, in_district):
    claim = claim_facts(entity=row)

    assert rules.check_enterprise_registered({}, claim, person_facts()).outcome == registered
    assert (
        rules.check_enterprise_in_district({"district": "白云区"}, claim, person_facts()).outcome
        == in_district
    )


# --- the amount ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "months", "claimed", "expected"),
    [
        ({"per_person_month_fen": 50_000}, 3, 150_000, Outcome.PASS),  # at the standard
        ({"per_person_month_fen": 50_000}, 3, 150_001, Outcome.FAIL),  # one fen over
        ({"per_person_month_fen": 50_000, "max_months": 2}, 3, 150_000, Outcome.FAIL),  # capped months
        ({"per_person_fen": 500_000}, 1, 500_000, Outcome.PASS),
        ({"per_person_fen": 500_000}, 1, 500_001, Outcome.FAIL),
    ],
)
def test_the_amount_is_within_the_standard(params, months, claimed, expected):
    person = person_facts(months_claimed=months, amount_claimed_fen=claimed)

    finding = rules.check_amount_standard(params, claim_facts(), person)

    assert finding.outcome == expected
    if expected == Outcome.FAIL:
        assert "超过标准" in finding.message


# --- documents -------------------------------------------------------------------------------------------------


def reading(**fields: str) -> dict:
    return {
        "kind": "",
        "fields": {k: {"value": v, "confidence": 0.95} for k, v in fields.items()},
        "readable": True,
        "confidence": 0.95,
        "problems": [],
    }


PERSON = person_facts()


def documents(**overrides) -> tuple[rules.DocumentRow, ...]:
    docs = {
        "id_card": rules.DocumentRow(
            1, "id_card", "身份证-张伟.png", 1, "read", reading(name="张伟", id_number=PERSON.id_number)
        ),
        "business_licence": rules.DocumentRow(
            2,
            "business_licence",
            "营业执照-白云示例科技有限公司.png",
            None,
            "read",
            reading(name="白云示例科技有限公司", credit_code=EMPLOYER),
        ),
        "labour_contract": rules.DocumentRow(
            3,
            "labour_contract",
            "劳动合同-张伟.png",
            1,
            "read",
            reading(employer="白云示例科技有限公司", employee="张 伟", start="2026-01-01", end="2028-12-31"),
        ),
        "bank_statement": rules.DocumentRow(
            4,
            "bank_statement",
            "工资发放表.png",
            None,
            "read",
            reading(payer="白云示例科技有限公司", payees="张伟=450000"),
        ),
    }
    docs.update(overrides)
    return tuple(d for d in docs.values() if d is not None)


def test_documents_that_agree_with_the_claim_pass_and_each_page_is_cited():
    finding = rules.check_documents({}, claim_facts(documents=documents()), PERSON)

    assert finding.outcome == Outcome.PASS, finding.message
    assert [e.id for e in finding.evidence] == [1, 2, 3, 4]


@pytest.mark.parametrize(
    ("override", "expected", "text"),
    [
        (  # an ID card of another number
            {
                "id_card": rules.DocumentRow(
                    1, "id_card", "身份证-张伟.png", 1, "read", reading(name="张伟", id_number="X")
                )
            },
            Outcome.FAIL,
            "id_number",
        ),
        (  # a contract that ended before the period
            {
                "labour_contract": rules.DocumentRow(
                    3,
                    "labour_contract",
                    "劳动合同-张伟.png",
                    1,
                    "read",
                    reading(
                        employer="白云示例科技有限公司", employee="张伟", start="2025-01-01", end="2026-06-30"
                    ),
                )
            },
            Outcome.FAIL,
            "term",
        ),
        (  # the person is not on the payroll
            {
                "bank_statement": rules.DocumentRow(
                    4, "bank_statement", "工资发放表.png", None, "read", reading(payer="x", payees="李四=1")
                )
            },
            Outcome.FAIL,
            "payee",
        ),
        (  # OCR could not read the ID card
            {
                "id_card": rules.DocumentRow(
                    1, "id_card", "身份证-张伟.png", 1, "unreadable", {"readable": False}
                )
            },
            Outcome.UNKNOWN,
            "无法识别：身份证-张伟.png",
        ),
        (  # not yet read by the worker: never a pass
            {"id_card": rules.DocumentRow(1, "id_card", "身份证-张伟.png", 1, "pending", {})},
            Outcome.UNKNOWN,
            "无法识别",
        ),
        ({"labour_contract": None}, Outcome.UNKNOWN, "缺少附件：劳动合同"),
    ],
)
def test_a_document_that_disagrees_fails_and_one_that_cannot_be_read_is_unknown(override, expected, text):
    finding = rules.check_documents({}, claim_facts(documents=documents(**override)), PERSON)

    assert finding.outcome == expected
    assert text in finding.message


def test_a_contract_starting_inside_the_period_or_without_an_end_is_fine():
    joined = rules.DocumentRow(
        3,
        "labour_contract",
        "劳动合同-张伟.png",
        1,
        "read",
        reading(employer="白云示例科技有限公司", employee="张伟", start="2026-08-01", end="open"),
    )

    finding = rules.check_documents({}, claim_facts(documents=documents(labour_contract=joined)), PERSON)

    assert finding.outcome == Outcome.PASS, finding.message


def test_findings_are_stored_in_both_languages():
    finding = rules.check_insured_months({"months": 3}, claim_facts(), person_facts())

    assert finding.message.startswith("所属期内在本单位参保 0 个月")
    assert finding.message_en  # the English of the catalogue (the Chinese until the lead merges the msgstr)


@pytest.mark.parametrize(
    ("kind", "params", "ok"),
    [
        (RuleKind.INSURED_MONTHS, {"months": 3}, True),
        (RuleKind.INSURED_MONTHS, {"months": "3"}, False),
        (RuleKind.INSURED_MONTHS, {"months": -1}, False),
        (RuleKind.AGE, {"min": 16, "max": 60, "max_female": 50}, True),
        (RuleKind.AMOUNT_STANDARD, {}, False),
        (RuleKind.CATEGORY, {"allowed": ["其他"], "local_household": True}, True),
        (RuleKind.CATEGORY, {"local_household": 1}, False),
        (RuleKind.DOUBLE_PAYMENT, {"scheme": ["*"]}, False),
        ("no_such_kind", {}, False),
    ],
)
def test_rule_params_are_checked_before_a_rule_is_saved(kind, params, ok):
    assert (rules.params_problems(kind, params) == []) is ok

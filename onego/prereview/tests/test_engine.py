"""The engine over stored claims: three values per person and claim, the evidence rows cited, dated rules, and
one query per data source whatever the batch size."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from onego.prereview import engine
from onego.prereview.models import Claim, PersonClaim, RuleKind, Verdict
from onego.prereview.tests.factories import (
    EMPLOYER,
    OTHER_EMPLOYER,
    id_number,
    make_claim,
    make_rule,
    make_scheme,
)
from onego.registry.models import ContributionMonth, MarketEntity, SubsidyPayment

pytestmark = pytest.mark.django_db
IMPORTED = datetime(2026, 10, 1, 1, 0, tzinfo=UTC)
QUARTER = [date(2026, 7, 1), date(2026, 8, 1), date(2026, 9, 1)]


def insure(person_id: str, months: list[date], employer: str = EMPLOYER) -> list[int]:
    return [
        ContributionMonth.objects.create(
            person_name="x",
            id_number=person_id,
            employer_code=employer,
            employer_name="某单位",
            month=m,
            base_fen=450_000,
            source="区社保局",
            imported_at=IMPORTED,
        ).pk
        for m in months
    ]


def register(code: str = EMPLOYER, status: str = "存续") -> MarketEntity:
    return MarketEntity.objects.create(
        credit_code=code,
        name="白云示例科技有限公司",
        address="广州市白云区云城西路1号",
        registration_authority="广州市白云区市场监督管理局",
        registration_status=status,
    )


@pytest.fixture
def scheme():
    scheme = make_scheme()
    make_rule(scheme, RuleKind.INSURED_MONTHS, {"months": 3}, position=1)
    make_rule(scheme, RuleKind.DOUBLE_PAYMENT, {"schemes": ["*"]}, position=2)
    make_rule(scheme, RuleKind.ENTERPRISE_REGISTERED, {}, position=3)
    return scheme


def test_a_claim_passes_fails_or_goes_to_a_person_and_cites_the_rows(scheme):
    # given three persons: one insured all quarter, one paid already, one insured two months
    good, paid, short = (id_number(date(1990, 1, 1)) for _ in range(3))
    good_rows = insure(good, QUARTER)
    insure(paid, QUARTER)
    insure(short, QUARTER[:2])
    payment = SubsidyPayment.objects.create(
        person_name="x",
        id_number=paid,
        employer_code=OTHER_EMPLOYER,
        scheme="post_subsidy",
        scheme_name="岗位补贴",
        period_start=date(2026, 9, 30),
        period_end=date(2026, 12, 31),
        amount_fen=150_000,
        paid_on=date(2027, 1, 5),
        reference="ZF202612000001",
        source="区就业中心",
        imported_at=IMPORTED,
    )
    register()
    claim = make_claim(scheme, [{"id_number": good}, {"id_number": paid}, {"id_number": short}])

    # when
    [result] = engine.evaluate([claim.pk])

    # then
    verdicts = [p.verdict for p in result.persons]
    assert verdicts == [Verdict.PASS, Verdict.FAIL, Verdict.FAIL]
    assert result.verdict == Verdict.FAIL
    months = result.persons[0].reasons[0]
    assert months["rule"] == "insured-months" and months["outcome"] == "pass"
    assert [e["id"] for e in months["evidence"]] == good_rows
    double = result.persons[1].reasons[1]
    assert double["outcome"] == "fail"
    assert double["evidence"] == [
        {
            "table": "registry.subsidypayment",
            "id": payment.pk,
            "text": "ZF202612000001 岗位补贴 2026-09-30–2026-12-31 1,500.00",
        }
    ]
    assert result.persons[2].risk == engine.FAIL_RISK


def test_a_missing_enterprise_makes_every_person_check_never_pass(scheme):
    person = id_number(date(1990, 1, 1))
    insure(person, QUARTER)
    claim = make_claim(scheme, [{"id_number": person}])

    [result] = engine.evaluate([claim.pk])

    assert result.persons[0].verdict == Verdict.CHECK
    assert result.verdict == Verdict.CHECK
    assert result.persons[0].reasons[2]["outcome"] == "unknown"
    assert result.risk == engine.UNKNOWN_RISK + 1  # 1,500 yuan claimed: 1 point per 1,000 yuan


def test_a_check_person_makes_the_claim_check_even_when_another_fails(scheme):
    unknown_person, failing = id_number(date(1990, 1, 1)), id_number(date(1991, 1, 1))
    insure(unknown_person, QUARTER)
    claim = make_claim(scheme, [{"id_number": unknown_person}, {"id_number": failing}])  # no entity: unknown

    [result] = engine.evaluate([claim.pk])

    assert [p.verdict for p in result.persons] == [Verdict.CHECK, Verdict.FAIL]
    assert result.verdict == Verdict.CHECK


def test_months_with_another_employer_or_outside_the_period_do_not_count(scheme):
    person = id_number(date(1990, 1, 1))
    insure(person, [date(2026, 6, 1), date(2026, 7, 1), date(2026, 10, 1)])
    insure(person, [date(2026, 8, 1), date(2026, 9, 1)], employer=OTHER_EMPLOYER)
    register()
    claim = make_claim(scheme, [{"id_number": person}])

    [result] = engine.evaluate([claim.pk])

    reason = result.persons[0].reasons[0]
    assert reason["outcome"] == "fail"
    assert len(reason["evidence"]) == 3  # July here, August and September elsewhere


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "applies"),
    [
        (date(2026, 1, 1), None, True),
        (date(2026, 7, 1), None, True),  # in force from the period start
        (date(2026, 7, 2), None, False),  # not yet in force on the period start
        (date(2025, 1, 1), date(2026, 6, 30), False),  # expired the day before
        (date(2025, 1, 1), date(2026, 7, 1), True),  # still in force on the period start
    ],
)
def test_a_rule_applies_only_when_in_force_on_the_period_start(valid_from, valid_to, applies):
    scheme = make_scheme()
    make_rule(scheme, RuleKind.AGE, {"min": 16, "max": 60}, valid_from=valid_from, valid_to=valid_to)
    claim = make_claim(scheme, [{"id_number": id_number(date(1950, 1, 1))}])  # 76: fails when it applies

    [result] = engine.evaluate([claim.pk])

    assert (result.verdict == Verdict.FAIL) is applies
    assert len(result.persons[0].reasons) == int(applies)


def test_of_two_versions_in_force_the_later_one_wins():
    scheme = make_scheme()
    make_rule(scheme, RuleKind.AGE, {"min": 16, "max": 80}, key="age", valid_from=date(2025, 1, 1))
    make_rule(scheme, RuleKind.AGE, {"min": 16, "max": 60}, key="age", valid_from=date(2026, 1, 1))
    claim = make_claim(scheme, [{"id_number": id_number(date(1950, 1, 1))}])

    [result] = engine.evaluate([claim.pk])

    assert result.verdict == Verdict.FAIL
    assert "超过 60 周岁" in result.persons[0].reasons[0]["message"]


def test_the_batch_costs_the_same_queries_for_one_claim_or_forty(scheme, django_assert_max_num_queries):
    register()
    ids = []
    for n in range(40):
        people = [{"id_number": id_number(date(1980 + n % 20, 1, 1))} for _ in range(3)]
        for p in people:
            insure(p["id_number"], QUARTER)
        ids.append(make_claim(scheme, people).pk)

    # claims, persons, rules, span, contributions, payments, entities
    with django_assert_max_num_queries(7):
        results = engine.evaluate(ids)

    assert len(results) == 40 and {r.verdict for r in results} == {Verdict.PASS}


def test_store_writes_the_verdicts_and_marks_the_claims_prereviewed(scheme):
    person = id_number(date(1990, 1, 1))
    insure(person, QUARTER)
    register()
    claim = make_claim(scheme, [{"id_number": person}])

    engine.store(engine.evaluate([claim.pk]))

    claim.refresh_from_db()
    assert (claim.status, claim.verdict) == (Claim.Status.PREREVIEWED, Verdict.PASS)
    stored = PersonClaim.objects.get(claim=claim)
    assert stored.verdict == Verdict.PASS
    assert [r["rule"] for r in stored.reasons] == [
        "insured-months",
        "double-payment",
        "enterprise-registered",
    ]
    assert all(r["message"] and r["message_en"] for r in stored.reasons)


def test_documents_can_be_left_out_for_the_benchmark():
    scheme = make_scheme()
    make_rule(scheme, RuleKind.DOCUMENT, {})
    claim = make_claim(scheme, [{"id_number": id_number(date(1990, 1, 1))}])

    [with_documents] = engine.evaluate([claim.pk])
    [without] = engine.evaluate([claim.pk], documents=False)

    assert with_documents.verdict == Verdict.CHECK  # no attachment: a person looks
    assert without.verdict == Verdict.PASS and without.persons[0].reasons == []

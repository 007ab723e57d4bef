"""The subsidy world is deterministic, valid, and its designed outcomes (the docstring's table) hold in its data."""

from __future__ import annotations

import re
from datetime import date

import pytest
from stdnum.cn import ric, uscc

from onego.demo import subsidy_world
from onego.demo.subsidy_world import World, WorldClaim, build_world, render_document

PERIOD = (date(2026, 7, 1), date(2026, 9, 30))


@pytest.fixture(scope="module")
def world() -> World:
    return build_world()


def months_insured(world: World, claim: WorldClaim, id_number: str) -> int:
    """Months of the claim's period in which the claiming employer paid contributions for the person."""
    return len(
        {
            c.month
            for c in world.contributions
            if c.id_number == id_number
            and c.employer_code == claim.enterprise_code
            and claim.period_start <= c.month <= claim.period_end
        }
    )


def age_at(id_number: str, day: date) -> int:
    born = ric.get_birth_date(id_number)
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def test_the_same_seed_gives_the_same_world_and_another_seed_another() -> None:
    assert build_world() == build_world()
    assert build_world(seed=7).claims[0].persons != build_world().claims[0].persons


def test_the_default_world_is_20_claims_of_1_to_5_persons_filed_after_the_quarter(world: World) -> None:
    assert [c.external_id for c in world.claims] == [f"BY2026Q3-{n:04d}" for n in range(1, 21)]
    assert all(1 <= len(c.persons) <= 5 for c in world.claims)
    assert any(len(c.persons) == 5 for c in world.claims)
    assert all(c.amount_fen == sum(p.amount_fen for p in c.persons) for c in world.claims)
    assert all((c.period_start, c.period_end) == PERIOD for c in world.claims)
    assert all(c.submitted_on > PERIOD[1] for c in world.claims)
    assert [c.submitted_on for c in world.claims] == sorted(c.submitted_on for c in world.claims)
    assert {c.scheme for c in world.claims} == set(subsidy_world.SCHEMES)


def test_id_numbers_and_credit_codes_are_valid_and_unique(world: World) -> None:
    ids = [p.id_number for c in world.claims for p in c.persons]
    assert all(ric.is_valid(n) and n.startswith("4401") for n in ids)
    assert len(set(ids)) == len(ids)
    codes = [e.credit_code for e in world.enterprises]
    assert all(uscc.is_valid(code) for code in codes)
    assert len(set(codes)) == len(codes)
    assert {c.enterprise_code for c in world.claims} <= set(codes)


def test_the_docstring_table_is_the_designed_verdict_of_every_claim(world: World) -> None:
    doc = subsidy_world.__doc__ or ""
    table = dict(re.findall(r"^\| (BY2026Q3-\d{4}) \| (pass|fail|check) +\|", doc, flags=re.MULTILINE))
    assert table == {c.external_id: c.expected_verdict for c in world.claims}
    verdicts = [c.expected_verdict for c in world.claims]
    assert (verdicts.count("pass"), verdicts.count("fail"), verdicts.count("check")) == (13, 5, 2)


def test_every_person_of_a_passing_claim_is_insured_for_the_months_claimed(world: World) -> None:
    for claim in world.claims:
        if claim.expected_verdict == "fail":
            continue
        for person in claim.persons:
            assert months_insured(world, claim, person.id_number) >= person.months_claimed, claim.external_id


def test_0003_person_2_is_insured_1_month_of_the_3_claimed(world: World) -> None:
    claim = world.claim("BY2026Q3-0003")
    first, second = claim.persons[:2]
    assert (second.months_claimed, months_insured(world, claim, second.id_number)) == (3, 1)
    assert months_insured(world, claim, first.id_number) == first.months_claimed


def test_0004_person_1_was_insured_by_another_employer_before_the_quarter(world: World) -> None:
    claim = world.claim("BY2026Q3-0004")
    person = claim.persons[0]
    employers = {c.employer_code for c in world.contributions if c.id_number == person.id_number}
    assert employers == {claim.enterprise_code, world.claim("BY2026Q3-0003").enterprise_code}
    assert months_insured(world, claim, person.id_number) == 3


def test_0007_person_2_joined_in_august_and_claims_2_months(world: World) -> None:
    claim = world.claim("BY2026Q3-0007")
    person = claim.persons[1]
    assert person.employed_since == date(2026, 8, 1)
    assert (person.months_claimed, months_insured(world, claim, person.id_number)) == (2, 2)


def test_only_0006_person_1_is_past_working_age(world: World) -> None:
    # given the end of the quarter, 2026-09-30
    ages = {
        (c.external_id, i): age_at(p.id_number, PERIOD[1])
        for c in world.claims
        for i, p in enumerate(c.persons)
    }
    assert ages.pop(("BY2026Q3-0006", 0)) == 66
    assert 18 <= min(ages.values()) and max(ages.values()) <= 48


def test_only_0009_person_1_was_already_paid_for_the_quarter_under_another_scheme(world: World) -> None:
    overlapping = [
        (claim.external_id, payment)
        for claim in world.claims
        for person in claim.persons
        for payment in world.payments
        if payment.id_number == person.id_number
        and payment.period_start <= claim.period_end
        and payment.period_end >= claim.period_start
    ]
    assert len(overlapping) == 1
    external_id, payment = overlapping[0]
    claim = world.claim(external_id)
    assert external_id == "BY2026Q3-0009"
    assert payment.id_number == claim.persons[0].id_number
    assert (payment.scheme, claim.scheme) == ("social_insurance_subsidy", "post_subsidy")
    assert payment.paid_on < claim.submitted_on


def test_0002_and_0010_were_paid_for_earlier_quarters_only(world: World) -> None:
    earlier = {p.id_number: p for p in world.payments if p.period_end < PERIOD[0]}
    assert world.claim("BY2026Q3-0002").persons[0].id_number in earlier
    assert world.claim("BY2026Q3-0010").persons[0].id_number in earlier
    assert earlier[world.claim("BY2026Q3-0002").persons[0].id_number].period_start == date(2026, 4, 1)
    assert len({p.reference for p in world.payments}) == len(world.payments)


def test_enterprises_are_live_in_baiyun_except_0012_deregistered_and_0015_in_tianhe(world: World) -> None:
    for claim in world.claims:
        enterprise = world.enterprise(claim.enterprise_code)
        assert enterprise.name == claim.enterprise_name
        assert enterprise.registration_status == ("注销" if claim.external_id == "BY2026Q3-0012" else "存续")
        if claim.external_id == "BY2026Q3-0015":
            assert enterprise.address.startswith("广州市天河区")
            assert enterprise.registration_authority == "广州市天河区市场监督管理局"
            assert enterprise.credit_code[2:8] == "440106"
        else:
            assert enterprise.address.startswith("广州市白云区")
            assert enterprise.registration_authority == "广州市白云区市场监督管理局"


def test_each_claim_carries_a_licence_an_id_card_and_contract_per_person_and_a_payroll(world: World) -> None:
    for claim in world.claims:
        kinds = [a.kind for a in claim.attachments]
        assert kinds == [
            "business_licence",
            *["id_card", "labour_contract"] * len(claim.persons),
            "bank_statement",
        ]
        assert claim.attachments[0].name == f"营业执照-{claim.enterprise_name}.png"
        assert claim.attachments[1].name == f"身份证-{claim.persons[0].name}.png"
        assert claim.attachments[2].name == f"劳动合同-{claim.persons[0].name}.png"
        assert claim.attachments[-1].name == "工资发放表-2026年09月.png"
        assert len({a.name for a in claim.attachments}) == len(claim.attachments)
    unreadable = {(c.external_id, a.kind) for c in world.claims for a in c.attachments if a.unreadable}
    assert unreadable == {("BY2026Q3-0018", "id_card"), ("BY2026Q3-0020", "bank_statement")}


def test_amounts_follow_the_demo_standard(world: World) -> None:
    for claim in world.claims:
        for person in claim.persons:
            if claim.scheme == "startup_grant":
                assert person.amount_fen == subsidy_world.STARTUP_GRANT_FEN
            else:
                assert (
                    person.amount_fen
                    == person.months_claimed * subsidy_world.MONTHLY_STANDARD_FEN[claim.scheme]
                )


def test_a_benchmark_world_repeats_the_design_every_20_claims() -> None:
    big = build_world(claims=3000)
    assert len(big.claims) == 3000 and big.claims[-1].external_id == "BY2026Q3-3000"
    ids = [p.id_number for c in big.claims for p in c.persons]
    assert len(set(ids)) == len(ids)
    assert all(ric.is_valid(n) for n in ids[:: max(1, len(ids) // 500)])
    assert [c.expected_verdict for c in big.claims[20:40]] == [c.expected_verdict for c in big.claims[:20]]
    assert big.enterprise(big.claims[2011].enterprise_code).registration_status == "注销"  # position 12


@pytest.mark.parametrize("index", [0, 1, 2, -1])
def test_documents_render_as_png_and_the_unreadable_ones_differ(world: World, index: int) -> None:
    claim = world.claim("BY2026Q3-0018")
    attachment = claim.attachments[index]
    png = render_document(world, claim, attachment)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert render_document(world, claim, attachment) == png  # the same scan every time


def test_an_unreadable_scan_is_not_the_clean_page() -> None:
    world = build_world()
    claim = world.claim("BY2026Q3-0018")
    unreadable = claim.attachments[1]
    assert unreadable.unreadable
    clean = subsidy_world.WorldAttachment("id_card", unreadable.name, unreadable.person_id_number)
    assert render_document(world, claim, unreadable) != render_document(world, claim, clean)

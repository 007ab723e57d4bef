"""Policy redemption end to end through the services: matching runs, offers, the policy case through
countersign and publicity, payments, payout batches, the bank file and reconciliation."""

from __future__ import annotations

import csv
import io
import subprocess
from collections.abc import Iterator
from datetime import date, datetime, time
from typing import Any

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from onego.accounts.models import User
from onego.cases import pdfdocs
from onego.cases import services as case_services
from onego.cases.models import Case, CaseStatus, MaterialSource, Outcome
from onego.core.errors import ApiError
from onego.core.identifiers import make_credit_code
from onego.core.models import Job, JobStatus, OutboxMessage
from onego.demo.catalogue import item_code as demo_item_code
from onego.policies import matching, offers, payouts, services, snapshots
from onego.policies.models import (
    BatchStatus,
    Eligibility,
    Fund,
    MatchResult,
    Objection,
    Offer,
    OfferStatus,
    Payment,
    PaymentStatus,
    Policy,
    PolicyCase,
    RunPolicy,
)
from onego.policies.rules import eligibility
from onego.policies.tests import factories
from onego.policies.tests.factories import (
    DEMO_CODE,
    ON,
    UNKNOWN_CODE,
    S,
    put_facts,
    reconciliation,
    run_now,
    through_publicity,
    to_payment,
)
from onego.policies.tests.factories import do as do
from onego.registry.models import MarketEntity


@pytest.fixture
def world(demo: Any) -> Iterator[factories.StaffWorld]:
    """The test world on the Friday the helpers' dates count from (ON, 2026-11-27 10:00 in the district):
    publicity ends five working days later, on 2026-12-04, whatever the real date is."""
    with time_machine.travel(datetime.combine(ON, time(10, 0), tzinfo=factories.CST), tick=True):
        yield factories.staff_world()


def test_a_run_stores_eligible_and_unknown_enterprises_with_each_condition_and_counts_the_rest(world):
    # when the officer runs the policy over every enterprise with facts
    run = run_now(world.policy, world.officer)

    # then the job is done and reports what it found
    assert run.job.status == JobStatus.DONE and run.job.percent == 100
    entry = RunPolicy.objects.get(run=run)
    assert (entry.evaluated, entry.eligible, entry.not_eligible, entry.unknown) == (3, 1, 1, 1)
    assert entry.amount_fen == 10_000_000
    assert entry.version.number == 1
    assert {p["key"]: p["value"] for p in entry.parameters} == {
        "staff_min_headcount": 20,
        "staff_reward_wan": 10,
    }
    results = {r.entity_code: r for r in MatchResult.objects.filter(entry=entry)}
    assert set(results) == {DEMO_CODE, UNKNOWN_CODE}  # the not-eligible one is counted, not stored
    eligible = results[DEMO_CODE]
    assert (eligible.outcome, eligible.amount_fen) == (Eligibility.ELIGIBLE, 10_000_000)
    assert dict(zip(entry.node_paths, eligible.node_outcomes, strict=True)) == {
        "$": "T",
        "$.args[0]": "T",
        "$.args[1]": "T",
        "$.args[2]": "T",
        "$.args[2].args[0]": "F",
    }
    assert snapshots.result_facts(eligible) == {
        "above_scale": True,
        "headcount": 35,
        "serious_bad_credit": False,
    }
    assert results[UNKNOWN_CODE].outcome == Eligibility.UNKNOWN
    assert results[UNKNOWN_CODE].node_outcomes[entry.node_paths.index("$.args[2]")] == "U"


def test_a_threshold_raised_from_a_later_date_changes_only_evaluations_from_that_date(world):
    # given the minimum headcount rises to 40 from 2027-01-01
    services.set_parameter_value(
        "staff_min_headcount",
        effective_from=date(2027, 1, 1),
        value=40,
        legal_reference="测试办法（2027 年修订）第三条",
        actor=world.officer,
    )
    # then a run today still finds the demo enterprise (35 people) eligible, a run in 2027 does not
    today = run_now(world.policy, world.officer, on=ON)
    later = run_now(world.policy, world.officer, on=date(2027, 1, 4))
    assert RunPolicy.objects.get(run=today).eligible == 1
    assert RunPolicy.objects.get(run=later).eligible == 0
    assert {p["key"]: p["value"] for p in RunPolicy.objects.get(run=later).parameters}[
        "staff_min_headcount"
    ] == 40
    # and the earlier run's stored result is unchanged
    assert MatchResult.objects.get(entry__run=today, entity_code=DEMO_CODE).outcome == Eligibility.ELIGIBLE


def test_one_enterprise_gets_its_explanation_with_the_missing_fact_named(world):
    result = eligibility(world.policy, UNKNOWN_CODE, ON)
    assert result.outcome == Eligibility.UNKNOWN
    assert [key for key, _zh, _en in result.missing] == ["serious_bad_credit"]
    lines = {c.path: c for c in result.conditions}
    assert lines["$.args[1]"].sentence_zh == "从业人数不少于 20 人"
    assert lines["$.args[1]"].outcome == "true"
    assert (
        lines["$.args[2]"].reason_zh == "缺少数据：serious_bad_credit"
    )  # a "not" of one condition is one line


def test_eligible_enterprises_get_one_offer_per_period_and_their_users_are_told(world):
    run_now(world.policy, world.officer)
    run_now(world.policy, world.officer)  # a second run the same year offers nothing new
    offer = Offer.objects.get()
    assert (offer.entity_code, offer.amount_fen, offer.period, offer.status) == (
        DEMO_CODE,
        10_000_000,
        "2026",
        OfferStatus.OFFERED,
    )
    assert offer.entity_name == "广州市白云区云味餐饮有限公司"
    told = OutboxMessage.objects.filter(recipient=world.enterprise, subject__contains="免申即享")
    assert told.count() == 2  # site message and e-mail
    assert all("100,000.00 元" in message.body for message in told)


def test_an_enterprise_the_register_lacks_is_offered_under_its_code_and_nobody_is_told(world):
    # given an enterprise with qualifying facts but no register entry and no user
    code = make_credit_code("91440111MA5AQ8YY0")
    put_facts(code, above_scale=True, headcount=50, serious_bad_credit=False)
    assert not MarketEntity.objects.filter(credit_code=code).exists()
    # when the policy is matched
    run = run_now(world.policy, world.officer)
    # then both eligible enterprises are offered, the unregistered one under its code
    assert run.job.summary["offers"] == {"made": 2, "existing": 0}
    assert Offer.objects.get(entity_code=code).entity_name == code
    assert (
        OutboxMessage.objects.filter(subject__contains="免申即享").count() == 2
    )  # the demo enterprise's only


def confirm(world: factories.StaffWorld, **bank: str) -> Offer:
    """The demo enterprise confirms its one offer; returns it with its case."""
    offer = Offer.objects.get()
    values = {
        "bank_account_name": "广州市白云区云味餐饮有限公司",
        "bank_name": "中国工商银行广州白云支行",
        "bank_account_number": "3602000109200123456",
        **bank,
    }
    confirmed = offers.confirm_offer(offer.pk, user=world.enterprise, **values)
    assert confirmed.case is not None
    return confirmed


def test_confirming_an_offer_makes_a_case_with_no_form_and_no_upload(world):
    run_now(world.policy, world.officer)
    offer = confirm(world)
    case = offer.case
    assert case is not None
    assert offer.status == OfferStatus.CONFIRMED
    assert case.item.code == demo_item_code("policy_upgrade")
    assert case.applicant == world.enterprise and case.applicant_code == DEMO_CODE
    assert case.form_data["bank_account_number"] == "3602000109200123456"
    assert not case.signature  # confirmed by the login, no drawn signature
    record = PolicyCase.objects.get(case=case)
    assert (record.amount_fen, record.outcome, record.period) == (10_000_000, Eligibility.ELIGIBLE, "2026")
    assert record.explanation["facts"]["headcount"] == 35
    # a second click changes nothing
    assert confirm(world).case == case
    assert Case.objects.filter(applicant=world.enterprise).count() == 1


def test_a_bad_account_number_or_someone_elses_offer_is_refused_and_nothing_is_written(world, demo):
    run_now(world.policy, world.officer)
    with pytest.raises(ApiError) as bad:
        confirm(world, bank_account_number="12ab")
    assert bad.value.status == 422 and "8 至 30 位数字" in bad.value.message
    citizen = User.objects.get(username="citizen")
    with pytest.raises(ApiError) as foreign:
        offers.confirm_offer(
            Offer.objects.get().pk,
            user=citizen,
            bank_account_name="x",
            bank_name="y",
            bank_account_number="123456789",
        )
    assert foreign.value.status == 404
    assert Offer.objects.get().status == OfferStatus.OFFERED
    assert not Case.objects.exists()


def test_publicity_runs_five_working_days_and_objections_must_be_answered_first(world):
    case = through_publicity(world)
    record = PolicyCase.objects.get(case=case)
    # 2026-11-27 is a Friday: five working days later is Friday 2026-12-04
    assert (record.publicity_from, record.publicity_until) == (date(2026, 11, 27), date(2026, 12, 4))
    with pytest.raises(ApiError) as early:
        do(case, world.officer, "no_objection")
    assert early.value.code == "publicity_running"

    objection = services.file_objection(
        record.pk, name="王先生", contact="13800000000", text="该企业去年已迁出白云区"
    )
    with time_machine.travel(
        datetime(2026, 12, 7, 9, 0, tzinfo=timezone.get_fixed_timezone(480)), tick=False
    ):
        with pytest.raises(ApiError) as open_objection:
            do(case, world.officer, "no_objection")
        assert open_objection.value.code == "objections_open"
        services.handle_objection(
            objection.pk, upheld=False, reply="经核实企业仍在白云区经营", actor=world.officer
        )
        case = do(case, world.officer, "no_objection")
        assert case.current_step == "decide"
        case = do(case, world.head, "approve")
    assert case.current_step == "disburse"
    payment = Payment.objects.get()
    assert (payment.entity_code, payment.amount_fen, payment.status) == (
        DEMO_CODE,
        10_000_000,
        PaymentStatus.PENDING,
    )
    assert payment.bank_account_number == "3602000109200123456"
    assert Objection.objects.get().status == "dismissed"


def test_an_objection_outside_publicity_is_refused(world):
    case = through_publicity(world)
    record = PolicyCase.objects.get(case=case)
    with (
        time_machine.travel(datetime(2027, 1, 4, 9, 0, tzinfo=timezone.get_fixed_timezone(480)), tick=False),
        pytest.raises(ApiError) as late,
    ):
        services.file_objection(record.pk, name="王先生", contact="138", text="异议内容很长")
    assert late.value.code == "not_in_publicity"
    assert not Objection.objects.exists()


def test_the_database_refuses_a_second_payment_for_the_same_policy_period_and_enterprise(world):
    to_payment(world)
    first = Payment.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(
            policy=first.policy,
            period=first.period,
            entity_code=first.entity_code,
            entity_name="同一企业",
            amount_fen=1,
            department=first.department,
            bank_account_name="x",
            bank_name="y",
            bank_account_number="12345678",
        )
    assert Payment.objects.count() == 1


def test_a_disbursement_is_completed_by_the_bank_not_by_a_click(world):
    case = to_payment(world)
    with pytest.raises(ApiError) as click:
        do(case, world.officer, "pay")
    assert click.value.code == "paid_by_bank"


def test_a_batch_is_approved_against_the_fund_exported_to_the_bank_and_reconciled(world):
    case = to_payment(world)
    officer = world.officer
    batch = payouts.create_batch(policy=world.policy, period="2026", actor=officer)
    payment = Payment.objects.get()
    assert (batch.status, payment.status, payment.batch) == (BatchStatus.DRAFT, PaymentStatus.BATCHED, batch)

    # the bank file cannot be made before approval
    with pytest.raises(ApiError):
        payouts.bank_file(batch.pk, actor=officer)
    payouts.approve_batch(batch.pk, actor=officer)
    assert payouts.balance_fen(world.fund) == 15_000_000

    name, content = payouts.bank_file(batch.pk, actor=officer)
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == payouts.BANK_FILE_COLUMNS
    assert rows[1] == [
        payment.reference,
        "广州市白云区云味餐饮有限公司",
        "3602000109200123456",
        "中国工商银行广州白云支行",
        "100000.00",
        "测试升规纳统奖励 2026",
        DEMO_CODE,
    ]
    assert name == f"{batch.number}.csv"

    # a reconciliation with a reference not in the batch writes nothing
    with pytest.raises(ApiError) as bad:
        payouts.import_reconciliation(
            batch.pk,
            reconciliation(
                [
                    [payment.reference, "成功", "B20261208001", "2026-12-08", ""],
                    ["OG9999999999", "成功", "B2", "2026-12-08", ""],
                ]
            ),
            actor=officer,
        )
    assert bad.value.extra["errors"][0]["row"] == 3
    assert "第 3 行「付款参考号」" in bad.value.message
    assert Payment.objects.get().status == PaymentStatus.SENT

    report = payouts.import_reconciliation(
        batch.pk,
        reconciliation([[payment.reference, "成功", "B20261208001", "2026-12-08", ""]]),
        actor=officer,
    )
    assert (report.paid, report.failed) == (1, 0)
    payment.refresh_from_db()
    batch.refresh_from_db()
    case.refresh_from_db()
    assert (payment.status, payment.bank_reference, payment.paid_on) == (
        PaymentStatus.PAID,
        "B20261208001",
        date(2026, 12, 8),
    )
    assert batch.status == BatchStatus.RECONCILED
    assert (case.status, case.outcome) == (CaseStatus.CLOSED, Outcome.APPROVED)
    totals = payouts.totals(year="2026")
    assert totals["policies"][0]["paid_fen"] == 10_000_000
    assert totals["enterprises"][0]["entity_code"] == DEMO_CODE


def test_a_batch_larger_than_the_fund_balance_is_not_approved(world):
    to_payment(world)
    Fund.objects.filter(pk=world.fund.pk).update(budget_fen=9_999_999)
    batch = payouts.create_batch(policy=world.policy, period="2026", actor=world.officer)
    with pytest.raises(ApiError) as refused:
        payouts.approve_batch(batch.pk, actor=world.officer)
    assert refused.value.code == "insufficient_funds"
    assert "100000.00" in refused.value.message and "99999.99" in refused.value.message
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DRAFT


def test_a_failed_payment_goes_into_the_next_batch_on_the_same_row(world):
    to_payment(world)
    officer = world.officer
    first = payouts.create_batch(policy=world.policy, period="2026", actor=officer)
    payouts.approve_batch(first.pk, actor=officer)
    payouts.bank_file(first.pk, actor=officer)
    payment = Payment.objects.get()
    payouts.import_reconciliation(
        first.pk, reconciliation([[payment.reference, "失败", "", "", "账户已销户"]]), actor=officer
    )
    payment.refresh_from_db()
    assert (payment.status, payment.failure_reason) == (PaymentStatus.FAILED, "账户已销户")
    assert payouts.balance_fen(world.fund) == 25_000_000  # a failed payment releases the money
    second = payouts.create_batch(policy=world.policy, period="2026", actor=officer)
    assert list(second.payments.all()) == [payment]
    assert Payment.objects.count() == 1


def test_a_rule_that_reads_an_unknown_fact_is_refused_when_saved(world):
    broken = {"op": "ge", "fact": "no_such_fact", "to": {"value": 1}, "sentence": S("x", "x")}
    with pytest.raises(services.RulesInvalid) as invalid:
        services.add_version(world.policy, conditions=broken, amount=None, effective_from=ON, actor="t")
    assert "no_such_fact" in invalid.value.problems[0]
    assert world.policy.versions.count() == 1


def test_a_job_reports_progress_while_it_runs(world):
    with transaction.atomic():
        run = matching.start_run(actor=world.officer, policy=None, on=ON)
    job = Job.objects.get(pk=run.job_id)
    assert (job.status, job.percent) == (JobStatus.QUEUED, 0)
    matching.run_matching(run.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert "test-upgrade" in [entry["code"] for entry in job.summary["policies"]]


def pdf_text(content: bytes, tmp_path: Any) -> str:
    from onego.core.tests.pdfs import need

    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    out = subprocess.run(
        [need("pdftotext"), str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return out.replace("\n", "").replace(" ", "")  # pdftotext drops or adds spaces between CJK glyphs


def test_a_paid_case_gets_a_payment_decision_and_the_offer_its_confirmation_not_licence_wording(
    world, tmp_path
):
    case = to_payment(world)
    officer = world.officer
    batch = payouts.create_batch(policy=world.policy, period="2026", actor=officer)
    payouts.approve_batch(batch.pk, actor=officer)
    payouts.bank_file(batch.pk, actor=officer)
    reference = Payment.objects.get().reference
    payouts.import_reconciliation(
        batch.pk, reconciliation([[reference, "成功", "B1", "2026-12-08", ""]]), actor=officer
    )

    pdfdocs.ensure_generated(case.pk)

    generated = {m.material_key: m for m in case.materials.filter(source=MaterialSource.GENERATED)}
    assert generated["decision"].name == "政策兑现决定书"
    with generated["decision"].file.open("rb") as fh:
        decision = pdf_text(fh.read(), tmp_path)
    assert "决定给予扶持资金100,000.00元" in decision
    assert "行政许可" not in decision
    with generated["redemption_confirmation"].file.open("rb") as fh:
        confirmation = pdf_text(fh.read(), tmp_path)
    assert "3602000109200123456" in confirmation and "登录确认" in confirmation


def test_an_application_is_assessed_from_the_enterprises_facts_when_it_reaches_publicity(demo):
    # given the demo catalogue's 企业成长扶持 (by application) and the demo enterprise's designed facts
    from onego.cases.services import UploadedMaterial
    from onego.cases.tests.factories import PDF, PNG
    from onego.demo import facts as demo_facts

    policy = Policy.objects.get(code="enterprise-growth")
    assert policy.item is not None
    version = policy.item.current_version()
    assert version is not None
    enterprise = User.objects.get(username="enterprise")
    target = case_services.resolve_target(item_code=policy.item.code)
    uploads = [
        UploadedMaterial(key, PDF, f"{key}.pdf") for key in case_services.uploads_needed(target, enterprise)
    ]
    form = {
        "last_year_revenue": "30000000",
        "revenue_growth_rate": "25",
        "bank_account_name": "云味餐饮",
        "bank_name": "中国工商银行",
        "bank_account_number": "3602000109200123456",
        "handler_name": "李娜",
        "handler_phone": "13800201234",
    }
    with time_machine.travel(
        datetime(2026, 11, 27, 10, 0, tzinfo=timezone.get_fixed_timezone(480)), tick=False
    ):
        case = case_services.submit_application(
            applicant=enterprise,
            item_code=policy.item.code,
            form_data=form,
            uploads=uploads,
            signature_png=PNG,
        )[0]
        officer = User.objects.get(username="policy")
        do(case, officer, "accept")
        do(case, officer, "pass")
        do(case, User.objects.get(username="reviewer"), "approve")
        case = do(case, User.objects.get(username="tcj_reviewer"), "approve")

    # then the case carries the assessment the finder would show, with the rule version and its sentences
    record = PolicyCase.objects.get(case=case)
    expected = eligibility(policy, demo_facts.DEMO_ENTERPRISE_CODE, ON)
    assert record.outcome == Eligibility.ELIGIBLE == expected.outcome
    assert record.amount_fen == expected.amount_fen == 50_000_000
    assert record.version == policy.version_on(ON)
    assert record.explanation["conditions"][0]["sentence"]["zh"] == expected.conditions[0].sentence_zh


def test_a_case_at_disbursement_cannot_be_withdrawn_and_a_terminated_one_takes_its_unpaid_payment_with_it(
    world,
):
    case = to_payment(world)
    with pytest.raises(ApiError) as refused:
        case_services.withdraw(case.number, applicant=world.enterprise)
    assert "不能撤回" in refused.value.message
    case_services.terminate(case.number, actor=world.head, reason="企业已注销")
    assert not Payment.objects.exists()


def test_a_case_whose_payment_is_in_a_batch_cannot_be_terminated(world):
    case = to_payment(world)
    payouts.create_batch(policy=world.policy, period="2026", actor=world.officer)
    with pytest.raises(ApiError) as refused:
        case_services.terminate(case.number, actor=world.head, reason="企业已注销")
    assert refused.value.code == "payment_in_batch"
    case.refresh_from_db()
    assert case.status != CaseStatus.CLOSED and Payment.objects.get().status == PaymentStatus.BATCHED


def test_after_an_upheld_objection_the_case_is_assessed_again_and_the_next_publicity_can_end(world):
    case = through_publicity(world)
    record = PolicyCase.objects.get(case=case)
    objection = services.file_objection(
        record.pk, name="王先生", contact="13800000000", text="从业人数虚报，实际不足"
    )
    services.handle_objection(
        objection.pk, upheld=True, reply="经核实异议成立，重新审核", actor=world.officer
    )
    with time_machine.travel(
        datetime(2026, 12, 7, 9, 0, tzinfo=timezone.get_fixed_timezone(480)), tick=False
    ):
        case = do(case, world.officer, "objection_upheld")
        assert case.current_step == "review"
        # the corrected data: 30 people now, still eligible
        put_facts(DEMO_CODE, headcount=30)
        do(case, world.officer, "pass")
        do(case, world.scjg, "approve")
        case = do(case, world.tcj, "approve")
    record.refresh_from_db()
    assert record.explanation["conditions"][2]["facts"] == {"headcount": 30}  # assessed afresh from the facts
    assert (record.publicity_from, record.publicity_until) == (date(2026, 12, 7), date(2026, 12, 14))
    assert Objection.objects.get().earlier_round is True
    with time_machine.travel(
        datetime(2026, 12, 15, 9, 0, tzinfo=timezone.get_fixed_timezone(480)), tick=False
    ):
        case = do(case, world.officer, "no_objection")
    assert case.current_step == "decide"


def test_rules_that_cannot_be_evaluated_stop_the_step_with_a_message_not_a_crash(world):
    from onego.policies import steps
    from onego.policies.models import ParameterValue

    case = through_publicity(world)
    PolicyCase.objects.filter(case=case).update(outcome="")  # as after an upheld objection
    ParameterValue.objects.filter(parameter__key="staff_reward_wan").update(effective_from=date(2030, 1, 1))
    with pytest.raises(ApiError) as refused:
        steps.policy_case_for(case)
    assert refused.value.code == "rules_not_evaluable"


def test_a_reconciliation_file_with_a_monstrous_cell_is_refused_cleanly(world):
    to_payment(world)
    batch = payouts.create_batch(policy=world.policy, period="2026", actor=world.officer)
    payouts.approve_batch(batch.pk, actor=world.officer)
    payouts.bank_file(batch.pk, actor=world.officer)
    reference = Payment.objects.get().reference
    with pytest.raises(ApiError) as bad:
        payouts.import_reconciliation(
            batch.pk, reconciliation([[reference, "失败", "", "", "x" * 200_000]]), actor=world.officer
        )
    assert bad.value.code == "bad_csv"
    assert Payment.objects.get().status == PaymentStatus.SENT


def test_full_width_digits_are_read_as_ascii_and_a_formula_like_name_is_refused(world):
    run_now(world.policy, world.officer)
    with pytest.raises(ApiError) as formula:
        confirm(world, bank_account_name='=HYPERLINK("x")')
    assert "bank_account_name" in formula.value.extra["errors"]
    offer = confirm(world, bank_account_number="３６０２０００１０９２００１２３４５６")
    assert offer.bank_account_number == "3602000109200123456"

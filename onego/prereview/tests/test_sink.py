"""The sink and the write-back source: a captured record becomes one claim and one case, whatever happens
twice; a decided claim becomes one write-back order; the subsidy world gets its designed verdicts."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
import time_machine

from onego.accounts.models import User
from onego.cases.models import Case, CaseMaterial, Channel
from onego.core import audit
from onego.core.models import AuditEvent
from onego.prereview import engine, sink
from onego.prereview.models import Claim, ClaimAttachment, PersonClaim, Verdict
from onego.prereview.tests.factories import captured
from onego.robots import extensions

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 10, 12, 2, 0, tzinfo=UTC)  # Monday 12 October 2026, 10:00 in Guangzhou: a working day


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_the_sink_and_the_writeback_source_are_registered_by_the_app():
    assert extensions.get_sink("subsidy_claim") is sink.capture_claim
    assert extensions.get_writeback_source("subsidy_result").pending is sink.pending_writebacks


def test_a_captured_record_becomes_a_claim_its_persons_attachments_and_a_case(subsidy_demo):
    world_claim = subsidy_demo.claim("BY2026Q3-0001")

    reference = sink.capture_claim(captured(world_claim))

    claim = Claim.objects.get(external_id="BY2026Q3-0001")
    assert claim.case is not None and reference == claim.case.number
    assert (claim.scheme.key, claim.enterprise_code, claim.amount_claimed_fen) == (
        world_claim.scheme,
        world_claim.enterprise_code,
        world_claim.amount_fen,
    )
    assert claim.status == Claim.Status.CAPTURED
    assert [p.id_number for p in claim.persons.order_by("seq")] == [p.id_number for p in world_claim.persons]
    id_cards = ClaimAttachment.objects.filter(claim=claim, kind="id_card").select_related("person")
    assert sorted(a.person.name for a in id_cards if a.person) == sorted(p.name for p in world_claim.persons)
    assert ClaimAttachment.objects.get(claim=claim, kind="bank_statement").person is None
    case = claim.case
    assert case is not None
    assert case.channel == Channel.SYSTEM and case.item == claim.scheme.item
    assert case.current_step == "accept" and case.step_deadline is not None  # in the inbox, on the clock
    assert CaseMaterial.objects.filter(case=case).count() == len(world_claim.attachments)
    applicant = case.applicant
    assert applicant.username == f"e{world_claim.enterprise_code.lower()}"
    assert not applicant.has_usable_password()
    assert AuditEvent.objects.filter(action="case.captured", object_id=str(case.pk)).count() == 1


def test_the_same_record_captured_twice_is_one_claim_and_one_case(subsidy_demo):
    record = captured(subsidy_demo.claim("BY2026Q3-0003"))

    first = sink.capture_claim(record)
    second = sink.capture_claim(record)

    assert first == second
    assert Claim.objects.count() == 1 and Case.objects.count() == 1
    assert AuditEvent.objects.filter(action="prereview.claim_captured").count() == 1


def test_an_enterprise_with_an_account_is_the_applicant_of_its_case(subsidy_demo):
    world_claim = subsidy_demo.claim("BY2026Q3-0002")
    owner = User.objects.create(
        username="owner", enterprise_credit_code=world_claim.enterprise_code, enterprise_name="x"
    )

    sink.capture_claim(captured(world_claim))

    assert Case.objects.get().applicant == owner


def test_a_sink_that_fails_midway_leaves_nothing_behind(subsidy_demo, monkeypatch):
    record = captured(subsidy_demo.claim("BY2026Q3-0004"))
    real_record = audit.record

    def failing(actor, action, *args, **kwargs):
        if action == "prereview.claim_captured":
            raise RuntimeError("disk full")
        return real_record(actor, action, *args, **kwargs)

    monkeypatch.setattr(audit, "record", failing)

    with pytest.raises(RuntimeError):
        sink.capture_claim(record)

    assert not Claim.objects.exists() and not PersonClaim.objects.exists()
    assert not ClaimAttachment.objects.exists()
    assert not Case.objects.exists() and not CaseMaterial.objects.exists()
    assert not User.objects.filter(username__startswith="e").exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"统一社会信用代码": "91440111MA5B0001XX"}, "统一社会信用代码无效"),
        ({"申报类型": "不存在的补贴"}, "没有对应的补贴项目"),
        ({"所属期": "2026-09-30 至 2026-07-01"}, "结束日期早于开始日期"),
        ({"persons": []}, "没有人员明细"),
    ],
)
def test_a_record_that_is_not_a_claim_is_refused_with_its_reason_and_nothing_is_written(
    subsidy_demo, change, message
):
    record = captured(subsidy_demo.claim("BY2026Q3-0005"))
    record = replace(record, fields={**record.fields, **change})

    with pytest.raises(sink.CaptureInvalid) as refused:
        sink.capture_claim(record)

    assert message in refused.value.message and refused.value.code == "capture_invalid"
    assert not Claim.objects.exists() and not Case.objects.exists()


def test_the_world_gets_its_designed_verdicts_from_the_shared_data(subsidy_demo):
    # given the 20 claims of the stand-in system captured
    for world_claim in subsidy_demo.claims:
        sink.capture_claim(captured(world_claim))
    ids = dict(Claim.objects.values_list("external_id", "pk"))

    # when the data rules judge them (the documents are OCR's: test_documents, the end-to-end test)
    results = {r.claim_id: r for r in engine.evaluate(list(ids.values()), documents=False)}

    # then every claim designed to pass or fail does so, and those designed "check" fail nothing
    for world_claim in subsidy_demo.claims:
        got = results[ids[world_claim.external_id]].verdict
        expected = world_claim.expected_verdict
        assert got == (Verdict.PASS if expected == "check" else expected), (world_claim.external_id, got)


def test_with_documents_not_yet_read_no_claim_passes(subsidy_demo):
    for world_claim in subsidy_demo.claims[:5]:
        sink.capture_claim(captured(world_claim))

    results = engine.evaluate(list(Claim.objects.values_list("pk", flat=True)))

    assert {r.verdict for r in results} <= {Verdict.CHECK, Verdict.FAIL}
    assert Verdict.PASS not in {p.verdict for r in results for p in r.persons}


# --- write-back ------------------------------------------------------------------------------------------------


def decide(claim: Claim, failing_seq: int | None = None, reason: str = "") -> None:
    """What the review stream's decision service leaves behind (the fields only)."""
    for person in claim.persons.all():
        failed = person.seq == failing_seq
        person.final_verdict = PersonClaim.Final.FAIL if failed else PersonClaim.Final.PASS
        person.decision = (
            PersonClaim.Decision.OVERRIDDEN if failed and reason else PersonClaim.Decision.CONFIRMED
        )
        person.override_reason = reason if failed else ""
        person.save()
    claim.status = Claim.Status.DECIDED
    claim.decided_at = NOW
    claim.save()


def test_a_decided_claim_is_one_writeback_order_until_it_is_written(subsidy_demo):
    world_claim = subsidy_demo.claim("BY2026Q3-0001")  # 5 persons
    record = captured(world_claim)
    sink.capture_claim(record)
    claim = Claim.objects.get()
    decide(claim, failing_seq=2, reason="劳动合同签名与本人不符")
    passed = sum(p.amount_fen for seq, p in enumerate(world_claim.persons, start=1) if seq != 2)

    [order] = list(sink.pending_writebacks("standin"))

    assert order.expected_fingerprint == record.fingerprint
    assert claim.case is not None and order.reference == claim.case.number
    assert order.values["auditResult"] == "1"
    assert order.values["auditAmount"] == f"{passed / 100:.2f}"
    assert "4 人符合条件，1 人不符合" in order.values["auditOpinion"]
    assert "劳动合同签名与本人不符" in order.values["auditOpinion"]

    sink.mark_written(order, "HZ202610120001")
    sink.mark_written(order, "HZ202610120002")  # told twice: the first receipt stays

    claim.refresh_from_db()
    assert (claim.status, claim.receipt) == (Claim.Status.WRITTEN_BACK, "HZ202610120001")
    assert list(sink.pending_writebacks("standin")) == []
    assert AuditEvent.objects.filter(action="prereview.claim_written_back").count() == 1


def test_a_claim_with_nobody_passing_is_written_back_as_refused(subsidy_demo):
    sink.capture_claim(captured(subsidy_demo.claim("BY2026Q3-0011")))  # one person
    decide(Claim.objects.get(), failing_seq=1)

    [order] = list(sink.pending_writebacks("standin"))

    assert (order.values["auditResult"], order.values["auditAmount"]) == ("2", "0.00")

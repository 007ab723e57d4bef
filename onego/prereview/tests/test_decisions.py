"""The reviewer's decision (decisions.py): confirm all, an override kept with its reason, a "check" person decided
explicitly, the decision reaching the case through the engine as the same user, and the refusals — a missing
reason, a second decision (409), a user who cannot act on the case's task — each leaving nothing written."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine

from onego.accounts.roles import Role
from onego.cases.models import Case, CaseStatus, Outcome, TaskStatus
from onego.cases.tests.factories import user
from onego.core.errors import ApiError
from onego.core.models import AuditEvent
from onego.prereview import decisions
from onego.prereview.decisions import PersonChoice
from onego.prereview.models import Claim, PersonClaim
from onego.prereview.tests.review_world import MONDAY, ReviewWorld, prereviewed_claim, ready, review_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(db: None, settings: Any, tmp_path: Path) -> Iterator[ReviewWorld]:
    ready(settings, tmp_path)
    with time_machine.travel(MONDAY, tick=False):
        yield review_world()


@pytest.fixture
def later() -> Iterator[None]:
    """The reviewer decides the same Monday at 15:00 (six hours after capture)."""
    with time_machine.travel(MONDAY.replace(hour=15), tick=False):
        yield


def case_of(claim: Claim) -> Case:
    assert claim.case_id is not None
    return Case.objects.get(pk=claim.case_id)


def persons(claim: Claim) -> list[PersonClaim]:
    return list(PersonClaim.objects.filter(claim=claim).order_by("seq"))


def nothing_decided(claim: Claim) -> bool:
    claim.refresh_from_db()
    return claim.status == Claim.Status.PREREVIEWED and not any(p.decision for p in persons(claim))


def test_confirm_all_decides_every_person_and_passes_the_case_at_review(w: ReviewWorld, later: None) -> None:
    # given a claim of five persons: four passed by the robot, one failed; its case waits for acceptance
    claim = prereviewed_claim(w)
    # when the centre's policy officer confirms all
    decided = decisions.confirm_all(claim.pk, actor=w.jobs)
    # then every person keeps the robot's verdict, the claim is decided by him, and the amount is the passed four's
    rows = persons(claim)
    assert [(p.decision, p.final_verdict) for p in rows] == [
        ("confirmed", "pass"),
        ("confirmed", "pass"),
        ("confirmed", "fail"),
        ("confirmed", "pass"),
        ("confirmed", "pass"),
    ]
    assert [p.amount_approved_fen for p in rows] == [300_000, 300_000, 0, 300_000, 300_000]
    assert {p.decided_by_id for p in rows} == {w.jobs.pk}
    assert decided.status == Claim.Status.DECIDED and decided.decided_by_id == w.jobs.pk
    assert decided.decided_at == MONDAY.replace(hour=15)
    # and the case was accepted and passed at review by the same user, the note carrying the reasons
    case = case_of(claim)
    assert case.current_step == "decide"
    done = {t.step_key: t for t in case.tasks.filter(status=TaskStatus.DONE)}
    assert (done["accept"].action, done["accept"].completed_by_id) == ("accept", w.jobs.pk)
    assert (done["review"].action, done["review"].completed_by_id) == ("pass", w.jobs.pk)
    assert "通过 4 人，不通过 1 人，核定金额 12,000.00 元" in done["review"].note
    assert "孙三：不通过，2026-07 至 2026-09 在本单位仅参保 1 个月，不足 3 个月" in done["review"].note
    # and one audit event records the claim's decision
    event = AuditEvent.objects.get(action="prereview.claim_decided")
    assert event.object_id == str(claim.pk) and event.data["case"] == case.number


def test_an_override_is_kept_with_its_reason_and_counts_in_the_amount(w: ReviewWorld, later: None) -> None:
    claim = prereviewed_claim(w)
    failed = persons(claim)[2]
    decisions.decide_persons(
        claim.pk, actor=w.jobs, choices=[PersonChoice(failed.pk, "pass", "补缴记录已到账，共参保 3 个月")]
    )
    failed.refresh_from_db()
    assert (failed.decision, failed.final_verdict, failed.override_reason) == (
        "overridden",
        "pass",
        "补缴记录已到账，共参保 3 个月",
    )
    assert failed.amount_approved_fen == 300_000
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.PREREVIEWED  # four persons still to decide
    decisions.confirm_all(claim.pk, actor=w.jobs)
    review = case_of(claim).tasks.get(step_key="review")
    assert "核定金额 15,000.00 元" in review.note
    assert "孙三：改判为通过，理由：补缴记录已到账，共参保 3 个月" in review.note


def test_when_every_person_fails_the_case_is_refused_at_review(w: ReviewWorld, later: None) -> None:
    claim = prereviewed_claim(w, verdicts=["fail", "fail"])
    decisions.confirm_all(claim.pk, actor=w.jobs)
    case = case_of(claim)
    assert (case.status, case.outcome) == (CaseStatus.CLOSED, Outcome.REFUSED)
    assert case.tasks.get(step_key="review").action == "refuse"


def test_an_override_without_a_reason_is_refused_and_nothing_is_written(w: ReviewWorld) -> None:
    claim = prereviewed_claim(w)
    first = persons(claim)[0]
    with pytest.raises(ApiError) as refused:
        decisions.decide_persons(claim.pk, actor=w.jobs, choices=[PersonChoice(first.pk, "fail", "  ")])
    assert (refused.value.code, refused.value.status) == ("reason_required", 422)
    assert refused.value.message == "改判 赵一 须填写理由。"
    assert nothing_decided(claim)
    assert not AuditEvent.objects.filter(action__startswith="prereview.").exists()


def test_a_check_person_is_left_by_confirm_all_and_needs_a_reason_either_way(
    w: ReviewWorld, later: None
) -> None:
    claim = prereviewed_claim(w, verdicts=["pass", "check", "pass"])
    decisions.confirm_all(claim.pk, actor=w.jobs)
    rows = persons(claim)
    assert [p.decision for p in rows] == ["confirmed", "", "confirmed"]
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.PREREVIEWED
    with pytest.raises(ApiError) as refused:
        decisions.decide_persons(claim.pk, actor=w.jobs, choices=[PersonChoice(rows[1].pk, "pass")])
    assert refused.value.code == "reason_required"
    assert "预审结论为需人工核查" in refused.value.message
    with pytest.raises(ApiError) as nothing:
        decisions.confirm_all(claim.pk, actor=w.jobs)
    assert nothing.value.code == "nothing_to_confirm"
    decisions.decide_persons(
        claim.pk, actor=w.jobs, choices=[PersonChoice(rows[1].pk, "pass", "已核对身份证原件，信息一致")]
    )
    rows = persons(claim)
    assert (rows[1].decision, rows[1].final_verdict) == ("overridden", "pass")
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.DECIDED
    assert case_of(claim).current_step == "decide"


def test_a_second_decision_gets_409_and_changes_nothing(w: ReviewWorld, later: None) -> None:
    claim = prereviewed_claim(w)
    seen = decisions.state_token(persons(claim))
    decisions.confirm_all(claim.pk, actor=w.jobs, seen=seen)
    before = [(p.decision, p.final_verdict, p.decided_at) for p in persons(claim)]
    events = AuditEvent.objects.count()
    # a second officer of the centre, on the page she opened before, confirms all too
    colleague = user("jobs2", Role.POLICY_OFFICER, w.centre, real_name="林小红")
    with pytest.raises(ApiError) as second:
        decisions.confirm_all(claim.pk, actor=colleague, seen=seen)
    assert (second.value.code, second.value.status) == ("claim_decided", 409)
    assert second.value.message.startswith("该申报已由 王晓东 于 2026-10-12 15:00 作出决定")
    assert [(p.decision, p.final_verdict, p.decided_at) for p in persons(claim)] == before
    assert AuditEvent.objects.count() == events


def test_a_decision_on_a_page_that_has_moved_on_gets_409(w: ReviewWorld) -> None:
    claim = prereviewed_claim(w)
    rows = persons(claim)
    seen = decisions.state_token(rows)
    decisions.decide_persons(claim.pk, actor=w.jobs, choices=[PersonChoice(rows[0].pk, "pass")], seen=seen)
    with pytest.raises(ApiError) as stale:
        decisions.decide_persons(
            claim.pk, actor=w.jobs, choices=[PersonChoice(rows[1].pk, "pass")], seen=seen
        )
    assert (stale.value.code, stale.value.status) == ("stale_claim", 409)
    with pytest.raises(ApiError) as twice:
        decisions.decide_persons(claim.pk, actor=w.jobs, choices=[PersonChoice(rows[0].pk, "fail", "重复")])
    assert (twice.value.code, twice.value.status) == ("person_decided", 409)
    assert [p.decision for p in persons(claim)] == ["confirmed", "", "", "", ""]


def test_a_head_who_cannot_act_on_the_case_task_is_refused_and_nothing_is_written(w: ReviewWorld) -> None:
    # the acceptance and review tasks belong to the policy officer: the head may watch, not decide
    claim = prereviewed_claim(w)
    with pytest.raises(ApiError) as refused:
        decisions.confirm_all(claim.pk, actor=w.jobs_head)
    assert (refused.value.code, refused.value.status) == ("cannot_act_on_case", 403)
    assert "您不能办理办件" in refused.value.message and "“受理”环节" in refused.value.message
    assert nothing_decided(claim)
    assert case_of(claim).current_step == "accept"


@pytest.mark.parametrize("who", ["clerk", "other_officer", "other_reviewer", "supervisor", "applicant"])
def test_staff_of_other_roles_or_departments_cannot_decide(w: ReviewWorld, who: str) -> None:
    claim = prereviewed_claim(w)
    with pytest.raises(ApiError) as refused:
        decisions.confirm_all(claim.pk, actor=w.users()[who])
    assert (refused.value.code, refused.value.status) == ("forbidden", 403)
    assert nothing_decided(claim)


def test_a_case_already_accepted_is_passed_at_review_directly(w: ReviewWorld, later: None) -> None:
    from onego.cases import services

    claim = prereviewed_claim(w)
    case = case_of(claim)
    task = case.tasks.get(status=TaskStatus.OPEN)
    services.act(case.number, actor=w.jobs, task_id=task.pk, action="accept")
    decisions.confirm_all(claim.pk, actor=w.jobs)
    case.refresh_from_db()
    assert case.current_step == "decide"
    assert case.tasks.filter(step_key="accept").count() == 1


def test_a_claim_without_a_case_is_decided_alone(w: ReviewWorld, later: None) -> None:
    claim = prereviewed_claim(w, with_case=False)
    decided = decisions.confirm_all(claim.pk, actor=w.jobs)
    assert decided.status == Claim.Status.DECIDED
    assert AuditEvent.objects.get(action="prereview.claim_decided").data["case"] == ""


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_confirming_at_once_decide_the_claim_once(settings: Any, tmp_path: Path) -> None:
    """Two officers of the centre press "confirm all" on the same claim at the same moment: the claim row is
    locked first, so one decides it (and moves its case once) and the other gets 409."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite has a single writer, so the race cannot happen there")
    ready(settings, tmp_path)
    with time_machine.travel(MONDAY, tick=True):
        w = review_world()
        colleague = user("jobs2", Role.POLICY_OFFICER, w.centre, real_name="林小红")
        claim = prereviewed_claim(w)
        seen = decisions.state_token(persons(claim))
        barrier = threading.Barrier(2)
        results: list[str] = []

        def confirm(actor: Any) -> None:
            try:
                barrier.wait()
                decisions.confirm_all(claim.pk, actor=actor, seen=seen)
                results.append("ok")
            except ApiError as exc:
                results.append(f"{exc.status}:{exc.code}")
            finally:
                connections.close_all()

        threads = [threading.Thread(target=confirm, args=(who,)) for who in (w.jobs, colleague)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)

    assert sorted(results) == ["409:claim_decided", "ok"]
    assert AuditEvent.objects.filter(action="prereview.claim_decided").count() == 1
    case = case_of(claim)
    assert case.current_step == "decide"
    assert case.tasks.filter(step_key="review", status=TaskStatus.DONE).count() == 1

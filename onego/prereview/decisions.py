"""The reviewer's decision on a pre-reviewed claim (seed case 7: the reviewer becomes a checker).

The robot has given every person of a claim a verdict (pass, fail, or check: a person must look). The reviewer
confirms it (the robot's verdict stands) or overrides it (the other verdict, with a reason that is kept); a
"check" person is always decided explicitly, pass or fail, with a reason. The write that decides the last
undecided person decides the claim in the same transaction and moves the OneGo case through the engine as the
same user: accepted if it still waits at acceptance, then at the review step "pass" when any person passes
(the amount is the sum of the passed persons' claimed amounts) or "refuse" — with a note that carries the
reasons. The write-back robot picks decided claims up from there.

Two reviewers at once: the claim row is locked first, and the page sends the state it showed (`seen`, a digest
of every person's decision); a write against a state that has moved on, or on a claim already decided, is
refused with 409 and a message that says so, and nothing is written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from onego.accounts.models import User
from onego.accounts.roles import Role
from onego.cases import engine
from onego.cases import services as case_services
from onego.cases.models import Case, Task, TaskStatus
from onego.core import audit
from onego.core.errors import ApiError
from onego.prereview.models import Claim, PersonClaim, Verdict
from onego.prereview.rules import yuan

PASS = Verdict.PASS.value
FAIL = Verdict.FAIL.value
CHECK = Verdict.CHECK.value
VERDICTS = (PASS, FAIL)
CONFIRMED = PersonClaim.Decision.CONFIRMED.value
OVERRIDDEN = PersonClaim.Decision.OVERRIDDEN.value
PRE_REVIEWED = Claim.Status.PREREVIEWED.value
DECIDED = Claim.Status.DECIDED.value
REASON_MAX = 1000
#: Who decides a claim of their department: the policy officer of the employment service centre, and its head.
DECIDING_ROLES = (Role.POLICY_OFFICER, Role.DEPARTMENT_HEAD)
#: The steps the decision moves the case through, by step kind, and the action taken at each.
ACCEPT_KIND = "accept"
REVIEW_KIND = "review"


@dataclass(frozen=True)
class PersonChoice:
    """One person's decision as the reviewer gave it: the final verdict and, when it is not the robot's
    (an override, or any decision on a "check" person), the reason."""

    person_id: int
    verdict: str  # "pass" or "fail"
    reason: str = ""


def claim_department_id(claim: Claim) -> int | None:
    """The department whose staff decide the claim: the department of the scheme's service item, else that of
    the case the claim became."""
    item = claim.scheme.item
    if item is not None:
        return int(item.department_id)
    if claim.case_id is not None:
        return int(claim.case.department_id)  # type: ignore[union-attr]
    return None


def may_decide(user: Any, claim: Claim) -> bool:
    """A policy officer or the head of the claim's department (the role and the object, both)."""
    if not isinstance(user, User) or not user.is_authenticated or user.department_id is None:
        return False
    if not any(user.has_role(role) for role in DECIDING_ROLES):
        return False
    return user.department_id == claim_department_id(claim)


def state_token(persons: Iterable[PersonClaim]) -> str:
    """A digest of every person's decision as a page shows it: the optimistic version a decision is sent with."""
    parts = sorted(f"{p.pk}:{p.decision}:{p.final_verdict}" for p in persons)
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def open_case_task(case: Case) -> Task | None:
    """The case's open task at its acceptance or review step: the one the decision acts on first."""
    return (
        Task.objects.filter(case=case, status=TaskStatus.OPEN, step_kind__in=(ACCEPT_KIND, REVIEW_KIND))
        .order_by("id")
        .first()
    )


def case_refusal(user: User, claim: Claim) -> str:
    """Why this user cannot move the claim's case through the engine now ("" when they can): the case must wait
    at acceptance or review, and its task must be one the user may act on (engine.can_act_on)."""
    if claim.case_id is None:
        return ""
    case = claim.case
    assert case is not None
    task = open_case_task(case)
    if task is None:
        return _("办件 %(number)s 不在受理或审核环节，不能通过预审复核办理。") % {"number": case.number}
    if not engine.can_act_on(user, task):
        return _("您不能办理办件 %(number)s 的“%(step)s”环节，预审复核未保存。") % {
            "number": case.number,
            "step": task.step_name,
        }
    return ""


def decide_persons(
    claim_id: int, *, actor: User, choices: Sequence[PersonChoice], seen: str | None = None
) -> Claim:
    """Record the reviewer's decision on some persons of a claim; when none is left undecided, decide the claim
    and move its case (decide_claim). One transaction, the claim row locked first, one audit event."""
    return _decide(claim_id, actor=actor, seen=seen, pick=lambda persons: _checked(choices, persons))


def confirm_all(claim_id: int, *, actor: User, seen: str | None = None) -> Claim:
    """Confirm the robot's verdict of every undecided person it passed or failed. A "check" person is left for
    an explicit decision, so the claim is decided here only when none is left."""
    return _decide(
        claim_id,
        actor=actor,
        seen=seen,
        pick=lambda persons: [
            PersonChoice(p.pk, p.verdict) for p in persons if not p.decision and p.verdict in VERDICTS
        ],
    )


def _decide(claim_id: int, *, actor: User, seen: str | None, pick: Any) -> Claim:
    with transaction.atomic():
        claim = (
            Claim.objects.select_for_update(of=("self",))
            .select_related("scheme", "scheme__item", "case", "decided_by")
            .filter(pk=claim_id)
            .first()
        )
        if claim is None:
            raise ApiError("not_found", _("申报不存在"), status=404)
        if not may_decide(actor, claim):
            raise ApiError("forbidden", _("您无权复核该申报"), status=403)
        if claim.status != PRE_REVIEWED:
            raise ApiError("claim_decided", _decided_message(claim), status=409)
        persons = list(PersonClaim.objects.select_for_update().filter(claim=claim).order_by("seq", "id"))
        if seen is not None and seen != state_token(persons):
            raise ApiError(
                "stale_claim", _("该申报已被他人处理，请刷新页面后重试，本次操作未保存。"), status=409
            )
        refused = case_refusal(actor, claim)
        if refused:
            raise ApiError("cannot_act_on_case", refused, status=403)
        choices: list[PersonChoice] = pick(persons)
        if not choices:
            raise ApiError(
                "nothing_to_confirm",
                _("没有可一键确认的人员：需人工核查的人员须逐一作出通过或不通过的决定并说明理由。"),
                status=422,
            )
        now = timezone.now()
        by_id = {p.pk: p for p in persons}
        changed = []
        for choice in choices:
            person = by_id[choice.person_id]
            person.final_verdict = choice.verdict
            person.decision = CONFIRMED if choice.verdict == person.verdict else OVERRIDDEN
            person.override_reason = choice.reason if person.decision == OVERRIDDEN else ""
            person.amount_approved_fen = person.amount_claimed_fen if choice.verdict == PASS else 0
            person.decided_by = actor
            person.decided_at = now
            person.save(
                update_fields=[
                    "final_verdict",
                    "decision",
                    "override_reason",
                    "amount_approved_fen",
                    "decided_by",
                    "decided_at",
                ]
            )
            changed.append(
                {
                    "person": person.pk,
                    "robot": person.verdict,
                    "final": choice.verdict,
                    "decision": person.decision,
                }
            )
        if all(p.decision for p in persons):
            _decide_claim(claim, persons, actor=actor, now=now)
        audit.record(
            actor,
            "prereview.claim_decided" if claim.status == DECIDED else "prereview.persons_decided",
            claim,
            persons=changed,
            case=claim.case.number if claim.case_id else "",  # type: ignore[union-attr]
        )
    return claim


def _checked(choices: Sequence[PersonChoice], persons: list[PersonClaim]) -> list[PersonChoice]:
    """The reviewer's choices, each for an undecided person of this claim, a verdict of pass or fail, and a
    reason wherever the verdict is not the robot's; refused whole (nothing written) otherwise."""
    by_id = {p.pk: p for p in persons}
    out = []
    for choice in choices:
        person = by_id.get(choice.person_id)
        if person is None:
            raise ApiError("not_found", _("该申报中没有此人员"), status=404)
        if person.decision:
            raise ApiError(
                "person_decided",
                _("%(name)s 已由 %(who)s 作出决定，请刷新页面后查看，本次操作未保存。")
                % {"name": person.name, "who": _name(person.decided_by)},
                status=409,
            )
        if choice.verdict not in VERDICTS:
            raise ApiError("invalid_verdict", _("请选择通过或不通过"), status=422)
        reason = choice.reason.strip()
        if choice.verdict != person.verdict and not reason:
            message = (
                _("请说明对 %(name)s 作出该决定的理由（预审结论为需人工核查）。")
                if person.verdict == CHECK
                else _("改判 %(name)s 须填写理由。")
            )
            raise ApiError("reason_required", message % {"name": person.name}, status=422)
        if len(reason) > REASON_MAX:
            raise ApiError("reason_too_long", _("理由不能超过 %(n)d 个字。") % {"n": REASON_MAX}, status=422)
        out.append(PersonChoice(person.pk, choice.verdict, reason))
    if len({c.person_id for c in out}) != len(out):
        raise ApiError("duplicate_person", _("同一人员只能作出一个决定"), status=422)
    return out


def _name(user: User | None) -> str:
    return user.display_name if user is not None else _("其他人员")


def _decided_message(claim: Claim) -> str:
    when = timezone.localtime(claim.decided_at).strftime("%Y-%m-%d %H:%M") if claim.decided_at else ""
    return _("该申报已由 %(who)s 于 %(when)s 作出决定，请刷新页面后查看，本次操作未保存。") % {
        "who": _name(claim.decided_by),
        "when": when,
    }


def _decide_claim(claim: Claim, persons: list[PersonClaim], *, actor: User, now: datetime) -> None:
    """All persons are decided: the claim is decided, and its case moves through the engine as the same user."""
    claim.status = DECIDED
    claim.decided_at = now
    claim.decided_by = actor
    claim.save(update_fields=["status", "decided_at", "decided_by"])
    if claim.case_id is not None:
        _move_case(claim, persons, actor=actor)


def approved_amount_fen(persons: Iterable[PersonClaim]) -> int:
    """The claim's approved amount: the claimed amounts of the persons finally passed."""
    return sum(p.amount_claimed_fen for p in persons if p.final_verdict == PASS)


def case_note(persons: list[PersonClaim]) -> str:
    """The note the review action carries: who passes, the amount, and why each person fails or was overridden.
    Written in the source language whatever the reviewer reads: the case history is a record, in Chinese."""
    passed = [p for p in persons if p.final_verdict == PASS]
    failed = [p for p in persons if p.final_verdict == FAIL]
    with translation.override(settings.LANGUAGE_CODE):
        lines = [
            _("预审复核：通过 %(passed)d 人，不通过 %(failed)d 人，核定金额 %(amount)s 元。")
            % {"passed": len(passed), "failed": len(failed), "amount": yuan(approved_amount_fen(persons))}
        ]
        for person in persons:
            reasons = "；".join(
                str(r.get("message", ""))
                for r in (person.reasons or [])
                if isinstance(r, dict) and r.get("outcome") in ("fail", "unknown")
            )
            if person.decision == OVERRIDDEN:
                lines.append(
                    _("%(name)s：改判为%(verdict)s，理由：%(reason)s")
                    % {
                        "name": person.name,
                        "verdict": _verdict_word(person.final_verdict),
                        "reason": person.override_reason,
                    }
                )
            elif person.final_verdict == FAIL:
                lines.append(
                    _("%(name)s：不通过，%(reasons)s") % {"name": person.name, "reasons": reasons or "—"}
                )
    return "\n".join(lines)


def _verdict_word(verdict: str) -> str:
    return _("通过") if verdict == PASS else _("不通过")


def _move_case(claim: Claim, persons: list[PersonClaim], *, actor: User) -> None:
    """Accept the case if it waits at acceptance, then pass or refuse it at review, as `actor`; any refusal of
    the engine rolls the whole decision back."""
    case = claim.case
    assert case is not None
    note = case_note(persons)
    task = open_case_task(case)
    if task is not None and task.step_kind == ACCEPT_KIND:
        case_services.act(case.number, actor=actor, task_id=task.pk, action="accept", note=_accept_note())
        task = open_case_task(case)
    if task is None or task.step_kind != REVIEW_KIND:
        raise ApiError(
            "case_not_at_review",
            _("办件 %(number)s 不在审核环节，不能通过预审复核办理。") % {"number": case.number},
            status=409,
        )
    action = "pass" if any(p.final_verdict == PASS for p in persons) else "refuse"
    case_services.act(case.number, actor=actor, task_id=task.pk, action=action, note=note)


def _accept_note() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("智能预审后受理")

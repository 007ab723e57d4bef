"""The policy app's step kinds for the case engine: publicity (公示) and disbursement (拨付).

`publicize`: entering it assesses the entitlement (or takes the confirmed offer's) and opens N working days of
publicity on the public list, where anyone may object. "No objection" is refused until the period has run and
every objection is answered; an upheld objection sends the case back to review.

`disburse`: entering it (after the decision to pay) writes the payment — one per enterprise, policy and period,
guaranteed by a database constraint — which a payout batch then carries to the bank. The task is completed by
the bank's reconciliation, not by a click.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from onego.cases import engine
from onego.cases.engine import StepKind, TransitionNotAllowed
from onego.cases.models import Case, Task
from onego.core import calendar
from onego.core.localized import localized
from onego.policies import criteria
from onego.policies.models import (
    Eligibility,
    Objection,
    ObjectionStatus,
    Payment,
    PaymentStatus,
    Policy,
    PolicyCase,
)
from onego.policies.rules import Eligible, eligibility

PAID_BY_RECONCILIATION = "reconciled"


def policy_of(case: Case) -> Policy | None:
    """The policy applied for through this case's item (a published one first, then the newest)."""
    return (
        Policy.objects.filter(item_id=case.item_id)
        .select_related("fund")
        .order_by(models.Case(models.When(status="published", then=0), default=1), "-pk")
        .first()
    )


def _assess(case: Case, policy: Policy) -> Eligible:
    try:
        return eligibility(policy, case.applicant_code, engine.today())
    except (criteria.ParameterError, criteria.RuleError) as error:
        raise TransitionNotAllowed(
            _("政策「%(policy)s」的规则今天无法评估（%(error)s），请政策专员检查参数")
            % {"policy": localized(policy), "error": error},
            code="rules_not_evaluable",
        ) from error


def policy_case_for(case: Case) -> PolicyCase | None:
    """The case's policy record, assessed now if the case came from an application (not an offer) or if an
    upheld objection sent it back for a new assessment."""
    existing = PolicyCase.objects.filter(case=case).select_related("policy").first()
    if existing is not None and existing.outcome:
        return existing
    policy = existing.policy if existing is not None else policy_of(case)
    if policy is None:
        return None
    assessed = _assess(case, policy)
    values = {
        "policy": policy,
        "version": assessed.version,
        "outcome": assessed.outcome,
        "amount_fen": assessed.amount_fen,
        "explanation": assessed.to_json(),
    }
    if existing is not None:
        for field, value in values.items():
            setattr(existing, field, value)
        existing.save(update_fields=list(values))
        return existing
    return PolicyCase.objects.create(
        case=case,
        period=str(engine.today().year),
        entity_code=case.applicant_code,
        entity_name=case.applicant_name,
        **values,
    )


def open_publicity(case: Case, step: dict[str, Any]) -> None:
    record = policy_case_for(case)  # assessed now unless a confirmed offer (or this round) already did
    if record is None:
        return
    on = engine.today()
    days = int(step.get("publicity_days", 5))
    record.publicity_from = on
    # The list is up for `days` working days counted from the day after it goes up.
    record.publicity_until = calendar.add_workdays(on, days).deadline
    record.save(update_fields=["publicity_from", "publicity_until"])


def check_publicity(case: Case, task: Task, act: dict[str, Any], payload: dict[str, Any]) -> None:
    record = PolicyCase.objects.filter(case=case).first()
    if record is None or act.get("key") != "no_objection":
        return
    on = engine.today()
    if record.publicity_until is not None and on <= record.publicity_until:
        raise TransitionNotAllowed(
            _("公示期至 %(publicity_until)s 结束，期满后方可确认无异议")
            % {"publicity_until": format(record.publicity_until, "%Y-%m-%d")},
            code="publicity_running",
        )
    this_round = Objection.objects.filter(policy_case=record, earlier_round=False)
    if this_round.filter(status=ObjectionStatus.OPEN).exists():
        raise TransitionNotAllowed(_("尚有未处理的公示异议"), code="objections_open")
    if this_round.filter(status=ObjectionStatus.UPHELD).exists():
        raise TransitionNotAllowed(
            _("有异议成立，应退回重新审核"),
            code="objection_upheld",
        )
    if record.amount_fen is None or record.outcome != Eligibility.ELIGIBLE:
        raise TransitionNotAllowed(
            _("兑现资格或金额尚未核定（数据缺失），请人工核实后再公示"),
            code="not_settled",
        )


def after_publicity(case: Case, task: Task, act: dict[str, Any], actor: Any) -> None:
    """An upheld objection sends the case back to review: this round's objections stay on record as an earlier
    round's, the entitlement is assessed afresh when the case next reaches publicity, and that publicity starts
    afresh."""
    if act.get("key") == "objection_upheld":
        records = PolicyCase.objects.filter(case=case)
        Objection.objects.filter(policy_case__in=records).update(earlier_round=True)
        records.update(publicity_from=None, publicity_until=None, outcome="", amount_fen=None)


def cancel_payment(case: Case, on: Any) -> None:
    """A policy case that ends other than approved (withdrawn, terminated, refused) takes its unpaid payment
    with it; one already on its way to the bank stops the closing."""
    if case.outcome == "approved":
        return
    payment = Payment.objects.filter(policy_case__case=case).first()
    if payment is None:
        return
    if payment.status in (PaymentStatus.BATCHED, PaymentStatus.SENT, PaymentStatus.PAID):
        raise TransitionNotAllowed(
            _("该笔款项已进入拨付批次（%(value)s），不能终止") % {"value": payment.get_status_display()},
            code="payment_in_batch",
        )
    payment.delete()


def write_payment(case: Case, step: dict[str, Any]) -> None:
    record = policy_case_for(case)
    if record is None:
        return
    if record.amount_fen is None or record.amount_fen <= 0:
        raise TransitionNotAllowed(_("兑现金额未核定，不能拨付"), code="amount_unknown")
    policy = record.policy
    form = case.form_data or {}
    department_id = policy.fund.department_id if policy.fund is not None else policy.issuing_department_id
    try:
        with transaction.atomic():
            Payment.objects.create(
                policy=policy,
                period=record.period,
                entity_code=record.entity_code,
                entity_name=record.entity_name,
                amount_fen=record.amount_fen,
                department_id=department_id,
                policy_case=record,
                bank_account_name=str(form.get("bank_account_name", ""))[:200],
                bank_name=str(form.get("bank_name", ""))[:100],
                bank_account_number=str(form.get("bank_account_number", ""))[:32],
            )
    except IntegrityError as error:
        raise TransitionNotAllowed(
            _("%(entity_name)s 已享受「%(policy)s」%(period)s 年度兑现，不能重复拨付")
            % {
                "entity_name": record.entity_name,
                "policy": localized(policy),
                "period": record.period,
            },
            code="already_paid",
        ) from error


def only_by_reconciliation(case: Case, task: Task, act: dict[str, Any], payload: dict[str, Any]) -> None:
    if PolicyCase.objects.filter(case=case).exists() and not payload.get(PAID_BY_RECONCILIATION):
        raise TransitionNotAllowed(
            _("拨付结果以银行对账为准，请在“兑现批次”中导入对账文件"),
            code="paid_by_bank",
        )


# Replace the built-in kinds of the same names (registered in PoliciesConfig.ready, with cancel_payment as a
# close listener).
PUBLICIZE = StepKind(
    "publicize",
    "公示",
    "Publicity",
    on_enter=open_publicity,
    before_action=check_publicity,
    after_action=after_publicity,
)
DISBURSE = StepKind(
    "disburse", "拨付", "Disbursement", on_enter=write_payment, before_action=only_by_reconciliation
)

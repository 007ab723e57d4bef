"""The payment of a policy case (兑现资金), as a result of the case (办理结果) on the applicant's and staff's case
pages. Registered with `onego.cases.results` in AppConfig.ready (cases must not import policies)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from onego.cases.models import Case
from onego.cases.results import Audience, CaseResult
from onego.core.localized import localized
from onego.policies.amounts import fen_to_yuan_text
from onego.policies.models import Payment, PaymentStatus


def _status_words() -> dict[str, str]:
    return {
        PaymentStatus.PENDING: _("待拨付"),
        PaymentStatus.BATCHED: _("已入拨付批次"),
        PaymentStatus.SENT: _("已发送银行"),
        PaymentStatus.PAID: _("已到账"),
        PaymentStatus.FAILED: _("拨付失败"),
    }


def payment_results(case: Case, audience: Audience) -> list[CaseResult]:
    """The payment written for the case, once there is one: amount, status and the date it was paid."""
    payment = Payment.objects.filter(policy_case__case=case).select_related("policy").first()
    if payment is None:
        return []
    details = [
        (_("金额"), _("%(amount)s 元") % {"amount": fen_to_yuan_text(payment.amount_fen)}),
        (_("兑现期间"), payment.period),
        (_("到账日期"), f"{payment.paid_on:%Y-%m-%d}" if payment.paid_on else _("尚未到账")),
    ]
    if payment.status == PaymentStatus.FAILED and payment.failure_reason:
        details.append((_("失败原因"), payment.failure_reason))
    policy_name = localized(payment.policy)
    return [
        CaseResult(
            kind="payment",
            title=_("兑现资金：%(policy)s") % {"policy": policy_name},
            status=_status_words().get(payment.status, payment.status),
            ok=payment.status != PaymentStatus.FAILED,
            details=tuple(details),
        )
    ]

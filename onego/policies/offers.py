"""免申即享 offers: eligible enterprises are told, confirm intent and a bank account in one click, and the
confirmation becomes a case of the policy's service item (countersign, publicity, decision, payout) with no
form to fill and nothing to upload.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Final

from django.db import IntegrityError, connection, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from onego.accounts.models import User
from onego.cases import services as case_services
from onego.cases.models import Case
from onego.core import audit, outbox
from onego.core.errors import ApiError
from onego.core.localized import localized
from onego.core.spreadsheets import looks_like_formula
from onego.policies import snapshots
from onego.policies.models import (
    Eligibility,
    MatchResult,
    MatchRun,
    Offer,
    OfferStatus,
    Policy,
    PolicyCase,
    PolicyMode,
    RunPolicy,
)
from onego.registry.models import MarketEntity

ACCOUNT_NUMBER = re.compile(r"^[0-9]{8,30}$")


def normalise_bank(text: str) -> str:
    """Full-width characters as Chinese input methods type them (３６０２) in their ASCII form, trimmed."""
    return unicodedata.normalize("NFKC", text).strip()


OFFER_LINK = "/policies/offers/"


def period_of(run: MatchRun) -> str:
    """Offers and payments are per calendar year of the evaluation date."""
    return str(run.on.year)


_OFFER_SQL: Final = """
INSERT INTO {offer} (policy_id, result_id, period, entity_code, entity_name, amount_fen, status, bank_account_name,
                     bank_name, bank_account_number, created_at)
SELECT e.policy_id, r.id, %s, r.entity_code, COALESCE(NULLIF(m.name, ''), r.entity_code), r.amount_fen, %s, '', '',
       '', %s
FROM {result} r
JOIN {entry} e ON e.id = r.entry_id
JOIN {policy} p ON p.id = e.policy_id
LEFT JOIN {entity} m ON m.credit_code = r.entity_code
WHERE e.run_id = %s AND p.mode = %s AND r.outcome = %s AND r.amount_fen > 0
ORDER BY e.policy_id, r.entity_code
ON CONFLICT (policy_id, period, entity_code) DO NOTHING
"""


def make_offers(run: MatchRun) -> dict[str, int]:
    """Offer every enterprise that is eligible with a positive amount for a 免申即享 policy of the run, once per
    policy and period; tell its users. Returns how many offers were made and how many already existed.

    One INSERT … SELECT over the run's results (a run may offer tens of thousands), named from the register
    (or, for an enterprise the register lacks, from the run's facts snapshot); what the offer-once constraint
    already holds (an earlier run's offer this period) is left as it is."""
    period = period_of(run)
    eligible = MatchResult.objects.filter(
        entry__run=run,
        entry__policy__mode=PolicyMode.PROACTIVE,
        outcome=Eligibility.ELIGIBLE,
        amount_fen__gt=0,
    )
    tables = {
        "offer": Offer._meta.db_table,
        "result": MatchResult._meta.db_table,
        "entry": RunPolicy._meta.db_table,
        "policy": Policy._meta.db_table,
        "entity": MarketEntity._meta.db_table,
    }
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                _OFFER_SQL.format(**tables),
                [
                    period,
                    OfferStatus.OFFERED,
                    timezone.now(),
                    run.pk,
                    PolicyMode.PROACTIVE,
                    Eligibility.ELIGIBLE,
                ],
            )
            made = cursor.rowcount
        new = Offer.objects.filter(result__entry__run=run)
        _name_from_snapshot(run, new)
        codes = new.values("entity_code")
        users: dict[str, list[int]] = {}
        for code, user_id in (
            User.objects.filter(enterprise_credit_code__in=codes, is_active=True)
            .order_by("pk")
            .values_list("enterprise_credit_code", "pk")
        ):
            users.setdefault(code, []).append(user_id)
        for offer in new.filter(entity_code__in=list(users)).select_related("policy").order_by("pk"):
            _tell(offer, users[offer.entity_code])
        existing = eligible.count() - made
        audit.record("system:matching", "policies.offers_made", run, made=made, existing=existing)
    return {"made": made, "existing": existing}


def _name_from_snapshot(run: MatchRun, new: QuerySet[Offer]) -> None:
    """Offers to enterprises the register does not name (named by their code) take the name the run read."""
    unnamed = list(new.filter(entity_name=F("entity_code")).only("pk", "entity_code"))
    if not unnamed:
        return
    facts = snapshots.facts_of(run.pk, [offer.entity_code for offer in unnamed], ["entity_name"])
    named = []
    for offer in unnamed:
        name = str(facts.get(offer.entity_code, {}).get("entity_name") or "")
        if name:
            offer.entity_name = name[:200]
            named.append(offer)
    Offer.objects.bulk_update(named, ["entity_name"], batch_size=1000)


def _tell(offer: Offer, user_ids: list[int]) -> None:
    yuan = f"{offer.amount_fen / 100:,.2f}"
    with outbox.recipients_language():
        policy = localized(offer.policy)
        subject = _("惠企政策免申即享：%(policy)s") % {"policy": policy}
        body = _(
            "经数据比对，贵单位（%(entity_name)s）符合「%(policy)s」条件，可获 %(yuan)s 元。"
            "无需申报，请登录确认兑现意愿和收款账户。"
        ) % {"entity_name": offer.entity_name, "policy": policy, "yuan": yuan}
    for user_id in user_ids:
        for channel in ("site", "email"):
            outbox.enqueue(
                recipient_id=user_id,
                channel=channel,
                subject=subject,
                body=body,
                link=OFFER_LINK,
                dedupe_key=f"offer:{offer.pk}:{channel}:{user_id}",
            )


def offers_for(user: User) -> list[Offer]:
    if not user.enterprise_credit_code:
        return []
    return list(
        Offer.objects.filter(entity_code=user.enterprise_credit_code)
        .select_related("policy", "case")
        .order_by("-created_at", "-id")
    )


def _own_offer(offer_id: int, user: User) -> Offer:
    # of=("self",): PostgreSQL cannot lock the nullable side of the outer joins select_related adds.
    offer = (
        Offer.objects.select_for_update(of=("self",))
        .select_related("policy", "policy__item", "result__entry")
        .filter(pk=offer_id)
        .first()
    )
    if offer is None or not user.enterprise_credit_code or offer.entity_code != user.enterprise_credit_code:
        raise ApiError("not_found", _("兑现通知不存在"), status=404)
    return offer


def bank_errors(account_name: str, bank_name: str, account_number: str) -> dict[str, str]:
    errors = {}
    account_name, bank_name = normalise_bank(account_name), normalise_bank(bank_name)
    account_number = normalise_bank(account_number)
    if not account_name.strip() or len(account_name.strip()) > 200:
        errors["bank_account_name"] = _("请填写收款账户名称（不超过 200 字）")
    if not bank_name.strip() or len(bank_name.strip()) > 100:
        errors["bank_name"] = _("请填写开户银行（不超过 100 字）")
    for key, value in (("bank_account_name", account_name), ("bank_name", bank_name)):
        if looks_like_formula(value) and key not in errors:
            errors[key] = _("不能以 = + - @ 开头")
    if not ACCOUNT_NUMBER.match(account_number):
        errors["bank_account_number"] = _("银行账号应为 8 至 30 位数字")
    return errors


# The idempotency key of the case a confirmation creates: one case per offer, however often it is clicked.
OFFER_KEY_PREFIX: Final = "offer-"


def confirm_offer(
    offer_id: int, *, user: User, bank_account_name: str, bank_name: str, bank_account_number: str
) -> Offer:
    """The enterprise confirms it wants the benefit and where to pay it (one click; the account is prefilled
    from its last one). Creates the policy case, which then goes through countersign and publicity."""
    errors = bank_errors(bank_account_name, bank_name, bank_account_number)
    if errors:
        raise ApiError("invalid_bank_account", "；".join(errors.values()), status=422, errors=errors)
    with transaction.atomic():
        offer = _own_offer(offer_id, user)
        if offer.status == OfferStatus.CONFIRMED:
            return offer  # a second click changes nothing
        if offer.status != OfferStatus.OFFERED:
            raise ApiError("offer_closed", _("该兑现通知已放弃，不能再确认"), status=409)
        policy = offer.policy
        if policy.item is None:
            raise ApiError(
                "policy_without_item",
                _("该政策尚未关联办理事项，请联系政策专员"),
                status=409,
            )
        form = {
            "bank_account_name": normalise_bank(bank_account_name),
            "bank_name": normalise_bank(bank_name),
            "bank_account_number": normalise_bank(bank_account_number),
            "handler_name": user.real_name or user.username,
            "handler_phone": user.phone,
        }
        try:
            cases = case_services.submit_application(
                applicant=user,
                item_code=policy.item.code,
                form_data=form,
                uploads=[],
                signature_png=b"",
                signed_by_login=True,
                idempotency_key=f"{OFFER_KEY_PREFIX}{offer.pk}",
            )
        except case_services.ApplicationInvalid as invalid:
            raise ApiError(
                "invalid_confirmation", "；".join(invalid.errors.values()), status=422, errors=invalid.errors
            ) from invalid
        case: Case = cases[0]
        entry = offer.result.entry
        PolicyCase.objects.update_or_create(
            case=case,
            defaults={
                "policy": policy,
                "version": entry.version,
                "period": offer.period,
                "entity_code": offer.entity_code,
                "entity_name": offer.entity_name,
                "outcome": Eligibility.ELIGIBLE,
                "amount_fen": offer.amount_fen,
                "explanation": _stored_explanation(offer.result),
            },
        )
        offer.status = OfferStatus.CONFIRMED
        offer.bank_account_name, offer.bank_name = form["bank_account_name"], form["bank_name"]
        offer.bank_account_number = form["bank_account_number"]
        offer.decided_by, offer.decided_at, offer.case = user, timezone.now(), case
        try:
            offer.save()
        except IntegrityError as error:  # pragma: no cover - the row lock makes this unreachable
            raise ApiError("offer_busy", _("请稍后重试"), status=409) from error
        audit.record(user, "policies.offer_confirmed", offer, case=case.number, amount_fen=offer.amount_fen)
    return offer


def decline_offer(offer_id: int, *, user: User, reason: str = "") -> Offer:
    with transaction.atomic():
        offer = _own_offer(offer_id, user)
        if offer.status != OfferStatus.OFFERED:
            raise ApiError("offer_closed", _("该兑现通知已处理"), status=409)
        offer.status, offer.decided_by, offer.decided_at = OfferStatus.DECLINED, user, timezone.now()
        offer.save(update_fields=["status", "decided_by", "decided_at"])
        audit.record(user, "policies.offer_declined", offer, reason=reason[:200])
    return offer


def last_bank_account(user: User) -> dict[str, str]:
    """The account the enterprise gave last time, to prefill the one-click confirmation."""
    last = (
        (
            Offer.objects.filter(entity_code=user.enterprise_credit_code, status=OfferStatus.CONFIRMED)
            .order_by("-decided_at")
            .first()
        )
        if user.enterprise_credit_code
        else None
    )
    if last is None:
        return {"bank_account_name": user.enterprise_name, "bank_name": "", "bank_account_number": ""}
    return {
        "bank_account_name": last.bank_account_name,
        "bank_name": last.bank_name,
        "bank_account_number": last.bank_account_number,
    }


def _stored_explanation(result: MatchResult) -> dict[str, Any]:
    """The match that made the offer, as stored: version, parameters, each condition's outcome, the facts."""
    entry = result.entry
    return {
        "run": entry.run_id,
        "version": entry.version.number,
        "parameters": entry.parameters,
        "conditions": dict(zip(entry.node_paths, result.node_outcomes, strict=False)),
        "facts": snapshots.result_facts(result),
        "amount_fen": result.amount_fen,
    }

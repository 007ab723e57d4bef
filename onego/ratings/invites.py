"""Invitations to rate (评价邀请): the links that open the rating form without a password.

- A case ends (the close listener, registered in apps.py): the applicant gets a site message with a link to
  rate it on 我的办件 (`ratings:rate_case`, signed in) and an SMS through the outbox with a token link
  (`ratings:rate`, channel sms). The outbox's SMS adapter here is the local log (onego.core.outbox.LocalSmsLog):
  no SMS leaves this installation.
- A visit with a phone number ends (the visit listener): an SMS with a token link to rate that visit (channel
  sms). A ticket taken without an account has no user to address an outbox row to, so the message goes through
  the same SMS adapter from a task queued on commit (`onego.ratings.send_visit_sms`).
- The window receipt prints a QR code (channel qr) whose token is signed, not stored
  (onego.cases.receipts.rating_token): building a receipt writes nothing.

A token names what it rates and so whose it is (real-name: the case's applicant, the visit's); it is valid
until `expires_on` (the rating period, ONEGO_RATINGS["default_after_days"] after the service ended — then the
default rating is recorded) and once: a used or expired token, or a service rated already, is refused.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from onego.accounts.models import User
from onego.cases import receipts
from onego.cases.models import Case, Visit
from onego.core import outbox
from onego.core.errors import ApiError
from onego.core.models import OutboxChannel
from onego.core.outbox import sms_gateway
from onego.core.queue import enqueue_on_commit
from onego.ratings.models import Rating, RatingChannel, RatingInvite


def period_days() -> int:
    from onego.ratings.services import rating_rules

    return int(rating_rules()["default_after_days"])


def new_invite(
    *, channel: str, day: date, case: Case | None = None, visit: Visit | None = None
) -> RatingInvite:
    return RatingInvite.objects.create(
        token=secrets.token_hex(16),
        channel=channel,
        case=case,
        visit=visit,
        expires_on=day + timedelta(days=period_days()),
    )


def token_url(token: str) -> str:
    return receipts.public_url(reverse("ratings:rate", args=[token]))


# --- the listeners ------------------------------------------------------------------------------------------


def invite_case(case: Case, day: date) -> None:
    """Close listener: invite the applicant to rate the case that just ended (site message + SMS link)."""
    if Rating.objects.filter(case=case, visit__isnull=True).exists():
        return
    invite = new_invite(channel=RatingChannel.SMS, day=day, case=case)
    with outbox.recipients_language():
        subject = _("请您评价办件 %(number)s") % {"number": case.number}
        body = _(
            "您的办件 %(number)s（%(item)s）已办结，请在 %(days)d 天内对这次服务作出评价（好差评）。"
        ) % {
            "number": case.number,
            "item": case.item_version.name,
            "days": period_days(),
        }
        sms = body + _("评价链接：%(url)s") % {"url": token_url(invite.token)}
    outbox.enqueue(
        recipient_id=case.applicant_id,
        channel=OutboxChannel.SITE,
        subject=subject,
        body=body,
        link=reverse("ratings:rate_case", args=[case.number]),
        dedupe_key=f"rating-invite:case:{case.pk}:site",
    )
    outbox.enqueue(
        recipient_id=case.applicant_id,
        channel=OutboxChannel.SMS,
        subject=subject,
        body=sms,
        dedupe_key=f"rating-invite:case:{case.pk}:sms",
    )


def invite_visit(visit: Visit, event: str) -> None:
    """Visit listener: a visit with a phone number is done — send it the SMS link to rate the visit."""
    if event != "done" or not visit.phone:
        return
    invite = new_invite(channel=RatingChannel.SMS, day=timezone.localdate(), visit=visit)
    enqueue_on_commit("onego.ratings.send_visit_sms", invite.pk)


def send_visit_sms(invite_id: int) -> str:
    """Send the SMS of a visit's invitation through the configured SMS adapter (the local log here)."""
    invite = RatingInvite.objects.select_related("visit__centre").filter(pk=invite_id).first()
    if invite is None or invite.visit is None or not invite.visit.phone or invite.used_at is not None:
        return ""
    visit = invite.visit
    with outbox.recipients_language():
        text = _("您在%(centre)s办理的业务（%(ticket)s 号）已办完，请评价这次服务：%(url)s") % {
            "centre": visit.centre.name,
            "ticket": visit.ticket,
            "url": token_url(invite.token),
        }
    return sms_gateway().send(visit.phone, text)


# --- opening a link -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Invitation:
    """What a token link rates, for whom, and on which channel."""

    channel: str
    case: Case | None
    visit: Visit | None
    invite: RatingInvite | None  # None for the receipt's signed QR token
    rater: User | None
    rater_name: str

    @property
    def on_site(self) -> bool:
        return self.visit is not None


def open_token(token: str) -> Invitation:
    """The invitation of a token; ApiError `invite_unknown` (404), `invite_used` or `invite_expired` (410)."""
    number = receipts.case_number_of_rating_token(token)
    if number is not None:
        case = Case.objects.select_related("applicant", "item_version").filter(number=number).first()
        if case is None:
            raise _unknown()
        return Invitation(RatingChannel.QR, case, None, None, case.applicant, case.applicant.display_name)
    invite = (
        RatingInvite.objects.select_related("case__applicant", "case__item_version", "visit__centre")
        .filter(token=token)
        .first()
    )
    if invite is None:
        raise _unknown()
    if invite.used_at is not None:
        raise ApiError("invite_used", _("这个评价链接已经使用过了，感谢您的评价。"), status=410)
    if timezone.localdate() >= invite.expires_on:
        raise ApiError(
            "invite_expired",
            _("这个评价链接已过期（评价期限 %(days)d 天）。") % {"days": period_days()},
            status=410,
        )
    if invite.visit is not None:
        visit = invite.visit
        who = visit.applicant
        return Invitation(
            invite.channel,
            None,
            visit,
            invite,
            who,
            visit.applicant_name or (who.display_name if who else ""),
        )
    assert invite.case is not None
    case = invite.case
    return Invitation(invite.channel, case, None, invite, case.applicant, case.applicant.display_name)


def _unknown() -> ApiError:
    return ApiError("invite_unknown", _("没有这个评价链接。"), status=404)


def rate_by_token(token: str, *, grade: int | str, indicators: dict[str, Any], reason: str) -> Rating:
    """Rate what the token names, once; the invitation is used up in the same transaction."""
    from onego.ratings.services import record_rating

    with transaction.atomic():
        invitation = open_token(token)
        if invitation.invite is not None:
            locked = RatingInvite.objects.select_for_update().get(pk=invitation.invite.pk)
            if locked.used_at is not None:
                raise ApiError("invite_used", _("这个评价链接已经使用过了，感谢您的评价。"), status=410)
            locked.used_at = timezone.now()
            locked.save(update_fields=["used_at"])
        return record_rating(
            grade=grade,
            channel=invitation.channel,
            visit=invitation.visit,
            case=invitation.case,
            indicators=indicators,
            reason=reason,
            rater=invitation.rater,
            rater_name=invitation.rater_name,
        )

"""The transactional outbox: notifications written with the change, delivered by a worker.

`enqueue` writes an OutboxMessage inside the caller's transaction, so a message exists exactly when the change
it reports was committed. After the commit it asks Celery to deliver soon; if the broker is unreachable that
request is logged and dropped — the row stays pending and the beat job (`onego.core.deliver_outbox`, every
minute) delivers it later. Nothing is lost when the worker or the broker is down.

`deliver_pending` sends what is due: site messages become SiteMessage rows, e-mail goes through Django's
e-mail backend, SMS through the configured SmsGateway. A failure is recorded on the row and retried with a
growing delay, at most MAX_ATTEMPTS times. Delivery is at-least-once for e-mail and SMS (a crash after
sending but before the commit sends again) and exactly-once for site messages (one per outbox row).
"""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onego.core.models import OutboxChannel, OutboxMessage, OutboxStatus, SiteMessage, SmsLogEntry
from onego.core.queue import enqueue_on_commit

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1))


class OutboxNotInTransaction(RuntimeError):
    """enqueue() was called outside a transaction: the message would not be tied to the change it reports."""


# --- SMS ------------------------------------------------------------------------------------------------------


class SmsGateway(Protocol):
    """What the outbox needs from an SMS provider. Returns the provider's reference for the message."""

    def send(self, phone: str, text: str, *, message: OutboxMessage | None = None) -> str: ...


class LocalSmsLog:
    """The LOCAL SMS implementation: it does not send anything. No real SMS gateway (the government SMS
    platform or a carrier) can be reached from this installation, so each message is written to the
    SmsLogEntry table (and the log) where operators and tests can read it. Production sets
    ONEGO_SMS_GATEWAY to an adapter with the same `send` method."""

    label = gettext_lazy("本地短信记录（未真实发送）")

    def send(self, phone: str, text: str, *, message: OutboxMessage | None = None) -> str:
        if message is not None:
            entry, _created = SmsLogEntry.objects.get_or_create(
                outbox=message, defaults={"phone": phone, "body": text}
            )
        else:
            entry = SmsLogEntry.objects.create(phone=phone, body=text)
        logger.info("Local SMS log (not sent) to %s: %s", phone[-4:].rjust(len(phone), "*"), text[:60])
        return f"local-{entry.pk}"


def sms_gateway() -> SmsGateway:
    path = getattr(settings, "ONEGO_SMS_GATEWAY", "onego.core.outbox.LocalSmsLog")
    gateway: SmsGateway = import_string(path)()
    return gateway


def recipients_language() -> translation.override:
    """`with recipients_language(): subject, body = ...`: messages are written in their reader's language, which
    is not the language of the page that caused them. No user stores a language preference yet, so that is the
    site's default language (Chinese); a message is written in one language, not two."""
    return translation.override(settings.LANGUAGE_CODE)


# --- enqueue --------------------------------------------------------------------------------------------------


def enqueue(
    *, recipient_id: int, channel: str, subject: str, body: str, link: str = "", dedupe_key: str = ""
) -> OutboxMessage | None:
    """Queue one message inside the caller's transaction. Returns the new row, or None when a message with
    the same dedupe key exists already (the same event reported twice is sent once)."""
    if not transaction.get_connection().in_atomic_block:
        raise OutboxNotInTransaction(_("enqueue() 须在业务事务内调用"))
    if channel not in OutboxChannel.values:
        raise ValueError(f"Unknown outbox channel: {channel}")
    key = dedupe_key or f"uuid:{uuid.uuid4()}"
    if OutboxMessage.objects.filter(dedupe_key=key).exists():
        return None
    try:
        with transaction.atomic():  # a savepoint: a racing duplicate must not break the caller's transaction
            row = OutboxMessage.objects.create(
                recipient_id=recipient_id,
                channel=channel,
                subject=subject[:200],
                body=body,
                link=link[:300],
                dedupe_key=key[:200],
            )
    except IntegrityError:
        return None
    # Ask a worker to deliver now; with the broker down the row waits for the beat job "outbox" (every minute).
    enqueue_on_commit("onego.core.deliver_outbox")
    return row


# --- delivery -------------------------------------------------------------------------------------------------


class DeliveryFailed(Exception):
    pass


def _due() -> Q:
    return (Q(status=OutboxStatus.PENDING) | Q(status=OutboxStatus.FAILED, attempts__lt=MAX_ATTEMPTS)) & Q(
        next_attempt_at__lte=timezone.now()
    )


def deliver_pending(limit: int = 500) -> dict[str, int]:
    """Deliver the messages that are due, oldest first. Rows are locked while they are delivered
    (SKIP LOCKED on PostgreSQL, so two workers share the work; SQLite serialises writers anyway).
    Returns counts: {"sent": n, "failed": n}."""
    counts = {"sent": 0, "failed": 0}
    with transaction.atomic():
        rows = OutboxMessage.objects.filter(_due()).select_related("recipient").order_by("id")
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True, of=("self",))
        for row in list(rows[:limit]):
            try:
                with transaction.atomic():
                    note = _deliver(row)
            except Exception as exc:  # any failure of a channel is recorded on the row and retried
                row.attempts += 1
                row.status = OutboxStatus.FAILED
                row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
                row.next_attempt_at = timezone.now() + RETRY_DELAYS[min(row.attempts, len(RETRY_DELAYS)) - 1]
                row.save(update_fields=["attempts", "status", "last_error", "next_attempt_at"])
                logger.warning(
                    "Outbox message %s failed (attempt %s of %s): %s",
                    row.pk,
                    row.attempts,
                    MAX_ATTEMPTS,
                    row.last_error,
                )
                counts["failed"] += 1
                continue
            row.attempts += 1
            row.status = OutboxStatus.SENT
            row.sent_at = timezone.now()
            row.note = note[:200]
            row.save(update_fields=["attempts", "status", "sent_at", "note"])
            counts["sent"] += 1
    return counts


def _deliver(row: OutboxMessage) -> str:
    """Send one message; returns a note for the row. Raises on failure."""
    user = row.recipient
    if row.channel == OutboxChannel.SITE:
        SiteMessage.objects.get_or_create(
            outbox=row,
            defaults={"recipient": user, "subject": row.subject, "body": row.body, "link": row.link},
        )
        return ""
    if row.channel == OutboxChannel.EMAIL:
        if not user.email:
            return _("无电子邮箱，未发送")
        send_mail(row.subject, _with_link(row), None, [user.email], fail_silently=False)
        return ""
    if row.channel == OutboxChannel.SMS:
        phone = getattr(user, "phone", "")
        if not phone:
            return _("无手机号码，未发送")
        ref = sms_gateway().send(phone, f"{row.subject}：{row.body}", message=row)
        return f"sms {ref}"
    raise DeliveryFailed(f"Unknown channel {row.channel}")


def _with_link(row: OutboxMessage) -> str:
    return f"{row.body}\n\n{row.link}" if row.link else row.body


# --- site messages --------------------------------------------------------------------------------------------


def mark_read(user_id: int, message_id: int) -> bool:
    """Mark one of the user's site messages read; False when it is not theirs or already read."""
    return bool(
        SiteMessage.objects.filter(pk=message_id, recipient_id=user_id, read_at__isnull=True).update(
            read_at=timezone.now()
        )
    )


def unread_count(user_id: int) -> int:
    return SiteMessage.objects.filter(recipient_id=user_id, read_at__isnull=True).count()

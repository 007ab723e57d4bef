"""The outbox: written with the change, delivered by a worker, never lost when the worker is down."""

from __future__ import annotations

import logging
from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from onego import celery_app
from onego.accounts.models import User
from onego.core import outbox
from onego.core.models import OutboxMessage, OutboxStatus, SiteMessage, SmsLogEntry
from onego.core.tasks import deliver_outbox

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(db):
    return User.objects.create_user("alice", email="alice@example.org", phone="13800138000", real_name="王丽")


def test_a_message_is_kept_pending_when_the_broker_is_down_and_delivered_once_by_a_later_run(
    alice, settings, django_capture_on_commit_callbacks, caplog
):
    # given: no worker runs, and asking the broker fails after the commit
    settings.CELERY_TASK_ALWAYS_EAGER = False
    broker_down = OperationalError("[Errno 111] Connection refused")
    with (
        mock.patch.object(celery_app, "send_task", side_effect=broker_down) as delay,
        caplog.at_level(logging.WARNING, logger="onego.core.queue"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        with transaction.atomic():
            outbox.enqueue(
                recipient_id=alice.pk,
                channel="site",
                subject="已受理",
                body="您的申请已受理",
                dedupe_key="case:1:accepted:site",
            )

    # then: the commit went through, the broker was asked and failed, the row waits
    assert delay.call_count == 1
    assert delay.call_args.args[0] == "onego.core.deliver_outbox"
    assert "the broker is unreachable" in caplog.text
    row = OutboxMessage.objects.get()
    assert row.status == OutboxStatus.PENDING
    assert not SiteMessage.objects.exists()

    # when: the beat job runs later
    assert outbox.deliver_pending() == {"sent": 1, "failed": 0}

    # then: the applicant has the site message, and a second run sends nothing again
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT and row.sent_at is not None
    message = SiteMessage.objects.get(recipient=alice)
    assert (message.subject, message.body, message.read_at) == ("已受理", "您的申请已受理", None)
    assert outbox.deliver_pending() == {"sent": 0, "failed": 0}
    assert deliver_outbox() == {"sent": 0, "failed": 0}
    assert SiteMessage.objects.count() == 1


def test_a_rolled_back_transaction_queues_nothing_and_asks_no_worker(
    alice, django_capture_on_commit_callbacks
):
    with (
        mock.patch.object(celery_app, "send_task") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        with pytest.raises(RuntimeError), transaction.atomic():
            outbox.enqueue(recipient_id=alice.pk, channel="site", subject="s", body="b")
            raise RuntimeError("the service failed after enqueueing")

    assert not OutboxMessage.objects.exists()
    assert delay.call_count == 0


def test_enqueue_refuses_to_run_outside_a_transaction(alice, transactional_db):
    with pytest.raises(outbox.OutboxNotInTransaction):
        outbox.enqueue(recipient_id=alice.pk, channel="site", subject="s", body="b")
    assert not OutboxMessage.objects.exists()


def test_the_same_dedupe_key_is_queued_once(alice):
    with transaction.atomic():
        first = outbox.enqueue(recipient_id=alice.pk, channel="email", subject="s", body="b", dedupe_key="k")
        second = outbox.enqueue(recipient_id=alice.pk, channel="email", subject="s", body="b", dedupe_key="k")

    assert first is not None and second is None
    assert OutboxMessage.objects.count() == 1


def test_email_goes_through_the_django_backend_and_a_user_without_address_is_skipped_with_a_note(alice):
    nobody = User.objects.create_user("nobody")
    with transaction.atomic():
        outbox.enqueue(
            recipient_id=alice.pk, channel="email", subject="办件已办结", body="准予许可", link="/cases/1"
        )
        outbox.enqueue(recipient_id=nobody.pk, channel="email", subject="办件已办结", body="准予许可")

    assert outbox.deliver_pending() == {"sent": 2, "failed": 0}

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alice@example.org"]
    assert mail.outbox[0].subject == "办件已办结"
    assert "/cases/1" in mail.outbox[0].body
    skipped = OutboxMessage.objects.get(recipient=nobody)
    assert skipped.status == OutboxStatus.SENT
    assert skipped.note == "无电子邮箱，未发送"


def test_sms_is_written_to_the_local_log_labelled_as_not_really_sent(alice):
    with transaction.atomic():
        outbox.enqueue(recipient_id=alice.pk, channel="sms", subject="OneGo", body="您的办件已受理")

    outbox.deliver_pending()
    outbox.deliver_pending()

    entry = SmsLogEntry.objects.get()
    assert entry.phone == "13800138000"
    assert "您的办件已受理" in entry.body
    assert str(outbox.LocalSmsLog.label) == "本地短信记录（未真实发送）"
    assert OutboxMessage.objects.get().note.startswith("sms local-")


def test_a_failing_channel_is_retried_later_and_given_up_after_five_attempts(alice):
    with transaction.atomic():
        outbox.enqueue(recipient_id=alice.pk, channel="email", subject="s", body="b")

    start = timezone.now()
    with mock.patch("onego.core.outbox.send_mail", side_effect=ConnectionRefusedError("smtp down")):
        assert outbox.deliver_pending() == {"sent": 0, "failed": 1}
        row = OutboxMessage.objects.get()
        assert (row.status, row.attempts) == (OutboxStatus.FAILED, 1)
        assert "smtp down" in row.last_error
        # not due again at once
        assert outbox.deliver_pending() == {"sent": 0, "failed": 0}
        for attempt in range(2, 6):
            with time_machine.travel(start + timedelta(hours=attempt * 2), tick=False):
                assert outbox.deliver_pending() == {"sent": 0, "failed": 1}
        with time_machine.travel(start + timedelta(days=2), tick=False):
            assert outbox.deliver_pending() == {"sent": 0, "failed": 0}  # given up

    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboxStatus.FAILED, outbox.MAX_ATTEMPTS)
    assert mail.outbox == []


def test_a_message_that_failed_once_is_sent_on_the_retry(alice):
    with transaction.atomic():
        outbox.enqueue(recipient_id=alice.pk, channel="email", subject="s", body="b")
    with mock.patch("onego.core.outbox.send_mail", side_effect=ConnectionRefusedError("smtp down")):
        outbox.deliver_pending()

    with time_machine.travel(timezone.now() + timedelta(minutes=2), tick=False):
        assert outbox.deliver_pending() == {"sent": 1, "failed": 0}

    row = OutboxMessage.objects.get()
    assert (row.status, row.attempts) == (OutboxStatus.SENT, 2)
    assert len(mail.outbox) == 1


def test_mark_read_only_touches_the_recipients_own_message(alice):
    bob = User.objects.create_user("bob")
    message = SiteMessage.objects.create(recipient=alice, subject="s", body="b")

    assert outbox.unread_count(alice.pk) == 1
    assert outbox.mark_read(bob.pk, message.pk) is False
    assert outbox.mark_read(alice.pk, message.pk) is True
    assert outbox.unread_count(alice.pk) == 0

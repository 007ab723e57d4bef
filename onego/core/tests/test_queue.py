"""enqueue_on_commit: the one way a service queues a task — by name, after commit, a broker outage swallowed."""

from __future__ import annotations

import logging
from unittest import mock

import pytest
from django.db import transaction
from kombu.exceptions import OperationalError

from onego import celery_app
from onego.core.models import Job, JobStatus
from onego.core.queue import enqueue_on_commit

pytestmark = pytest.mark.django_db

BROKER_DOWN = OperationalError("[Errno 111] Connection refused")


def test_the_task_is_sent_by_name_with_its_ids_only_after_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    with mock.patch.object(celery_app, "send_task") as send, django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            enqueue_on_commit("onego.archive.archive_case", 41)
            assert send.call_count == 0  # not before the commit

    assert send.call_count == 1
    name, args = send.call_args.args[:2]
    assert (name, tuple(args)) == ("onego.archive.archive_case", (41,))


def test_a_rolled_back_transaction_sends_nothing(django_capture_on_commit_callbacks):
    with mock.patch.object(celery_app, "send_task") as send, django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            enqueue_on_commit("onego.archive.archive_case", 41)
            raise RuntimeError("the service failed after queueing")

    assert send.call_count == 0


def test_a_broker_outage_is_logged_and_the_write_before_it_stays(django_capture_on_commit_callbacks, caplog):
    # given a broker that refuses the connection after the commit
    with (
        mock.patch.object(celery_app, "send_task", side_effect=BROKER_DOWN) as send,
        caplog.at_level(logging.WARNING, logger="onego.core.queue"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        # when a service stores its work and queues the task
        with transaction.atomic():
            job = Job.objects.create(kind="test.work", started_by="system:test")
            enqueue_on_commit("onego.policies.run_matching", job.pk)

    # then the broker was asked, the caller saw no error, the row is stored and the outage is in the log
    assert send.call_count == 1
    assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED
    assert "Could not queue onego.policies.run_matching" in caplog.text
    assert "beat job" in caplog.text


def test_an_eager_setting_runs_the_registered_task_in_the_process(
    settings, django_capture_on_commit_callbacks
):
    # The embedded tests run tasks inline under CELERY_TASK_ALWAYS_EAGER; queueing by name keeps that.
    settings.CELERY_TASK_ALWAYS_EAGER = True
    with (
        mock.patch("onego.core.outbox.deliver_pending", return_value={"sent": 0, "failed": 0}) as deliver,
        django_capture_on_commit_callbacks(execute=True),
    ):
        enqueue_on_commit("onego.core.deliver_outbox")

    assert deliver.call_count == 1

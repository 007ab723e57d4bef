"""The Celery tasks: named as the contract says, thin, and the beat job picks up what was never queued."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine

from onego.config.celery import app
from onego.prereview import sink, tasks
from onego.prereview.models import Claim, Verdict
from onego.prereview.tests.factories import captured

pytestmark = pytest.mark.django_db


def test_the_tasks_have_the_names_the_robots_and_beat_use():
    app.autodiscover_tasks(force=True)

    assert {
        "onego.prereview.ocr_attachment",
        "onego.prereview.prereview_claim",
        "onego.prereview.prereview_backlog",
    } <= set(app.tasks)


def test_the_backlog_job_judges_the_claims_whose_task_was_lost(subsidy_demo):
    with time_machine.travel(datetime(2026, 10, 12, 2, 0, tzinfo=UTC), tick=False):
        for external_id in ("BY2026Q3-0012", "BY2026Q3-0015"):  # deregistered; outside Baiyun
            sink.capture_claim(captured(subsidy_demo.claim(external_id), attachments=False))

        done = tasks.prereview_backlog()

    assert done == {"prereviewed": 2}
    assert set(Claim.objects.values_list("status", "verdict")) == {(Claim.Status.PREREVIEWED, Verdict.FAIL)}

"""Unbounded storage for applicants (issue 14, finding 6), the apply form's side: an oversize post is refused
before it is read, one applicant's unsubmitted files have a quota, and abandoned drafts expire."""

from __future__ import annotations

import datetime as dt
import os
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from onego.cases import drafts
from onego.cases.models import Case
from onego.cases.tests import factories as f
from onego.cases.tests.factories import bundle_post, login

pytestmark = pytest.mark.django_db
MIB = 1024 * 1024


def draft_files() -> list[str]:
    return drafts._walk(drafts.DRAFT_ROOT)


def test_a_60_mib_form_post_is_refused_with_413_and_nothing_is_kept(w, client):
    login(client, w.applicant)
    data = bundle_post(str(uuid.uuid4()), step="preview")
    data["material_floor_plan"] = SimpleUploadedFile(
        "plan.pdf", f.PDF + b"\0" * (60 * MIB), "application/pdf"
    )

    response = client.post(
        reverse("cases:apply_bundle", args=["test-bundle"]), data, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    assert response.status_code == 413
    page = response.content.decode()
    assert 'data-testid="error-413"' in page and "此处最多接收 50 MB" in page
    assert draft_files() == [] and Case.objects.count() == 0


def test_the_declared_length_is_refused_before_the_body_is_read(w, client):
    login(client, w.applicant)
    # the test client's payload holds 10 bytes and fails loudly if anything tries to read the 60 MiB declared
    response = client.post(
        reverse("cases:apply_bundle", args=["test-bundle"]),
        b"x" * 10,
        content_type="multipart/form-data; boundary=BoUnDaRy",
        CONTENT_LENGTH=str(60 * MIB),
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 413
    assert "this page takes at most 50 MB" in response.content.decode()


def test_an_applicants_unsubmitted_files_have_a_quota(w, client, settings):
    settings.ONEGO_DRAFT_QUOTA_BYTES = len(f.PDF) + len(f.PDF) // 2  # room for one file
    login(client, w.applicant)
    url = reverse("cases:apply_bundle", args=["test-bundle"])
    client.post(url, bundle_post(str(uuid.uuid4()), step="preview"))
    first = draft_files()
    assert len(first) == 1

    again = client.post(url, bundle_post(str(uuid.uuid4()), step="preview"), HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert again.status_code == 422
    assert "您暂存的未提交文件已达" in again.content.decode()
    assert draft_files() == first
    # the same form choosing its file again replaces it, within the quota
    key = first[0].split("/")[3]
    client.post(url, bundle_post(key, step="preview"))
    assert len(draft_files()) == 1


def test_drafts_untouched_for_the_configured_days_are_removed_and_fresh_ones_kept(w, settings):
    settings.ONEGO_DRAFT_MAX_AGE_DAYS = 7
    old = default_storage.save(
        f"{drafts.DRAFT_ROOT}/1/{uuid.uuid4()}/floor_plan/plan.pdf", ContentFile(f.PDF)
    )
    fresh = default_storage.save(
        f"{drafts.DRAFT_ROOT}/1/{uuid.uuid4()}/floor_plan/plan.pdf", ContentFile(f.PDF)
    )
    # both ages from the (possibly moved) clock of the test, not the file system's
    now = timezone.now()
    eight_days_ago = (now - dt.timedelta(days=8)).timestamp()
    os.utime(default_storage.path(old), (eight_days_ago, eight_days_ago))
    os.utime(default_storage.path(fresh), (now.timestamp(), now.timestamp()))

    assert drafts.expire_drafts() == 1

    assert not default_storage.exists(old) and default_storage.exists(fresh)


def test_the_beat_schedule_runs_both_expiry_jobs(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"onego.cases.expire_drafts", "onego.inspection.expire_uploads"} <= tasks

"""Unbounded storage for applicants (issue 14, finding 6), the premises videos' side: open uploads are capped per
case and per applicant, a restarted recording replaces its unfinished upload, and abandoned uploads expire."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.test import override_settings
from django.utils import translation

from onego.core.errors import ApiError
from onego.inspection import services
from onego.inspection.models import PremisesVideo, VideoStatus
from onego.inspection.tests.factories import NEXT_DOOR

pytestmark = pytest.mark.django_db
SIZE = 300 * 1024 * 1024


def start(case, plan_number=1):
    return services.start_upload(
        case.number,
        applicant=case.applicant,
        plan_number=plan_number,
        total_bytes=SIZE,
        content_type="video/webm",
        start=services.Fix(*NEXT_DOOR),
    )


def test_25_starts_of_300_mib_leave_one_open_upload_per_video_of_the_plan(case):
    rows = [start(case, plan_number=1 + i % 2) for i in range(25)]

    still_open = PremisesVideo.objects.filter(case=case, status=VideoStatus.UPLOADING)
    assert {r.upload_id for r in still_open} == {rows[-1].upload_id, rows[-2].upload_id}
    assert sorted(p.name for p in services.staging_dir().glob("*.part")) == sorted(
        f"{r.upload_id}.part" for r in still_open
    )


@override_settings(ONEGO_OPEN_UPLOADS_PER_CASE=1)
def test_a_case_takes_only_so_many_open_uploads_and_says_so(case):
    start(case, plan_number=1)
    with translation.override("zh-hans"), pytest.raises(ApiError) as refused:
        start(case, plan_number=2)
    assert (refused.value.code, refused.value.status) == ("too_many_uploads", 409)
    assert "此办件已有 1 个视频正在上传" in refused.value.message
    assert PremisesVideo.objects.filter(case=case).count() == 1


@override_settings(ONEGO_OPEN_UPLOADS_PER_USER=1)
def test_an_applicant_has_only_so_many_open_uploads(case):
    start(case, plan_number=1)
    with translation.override("en"), pytest.raises(ApiError) as refused:
        start(case, plan_number=2)
    assert refused.value.code == "too_many_uploads"
    assert refused.value.message.startswith("You already have 1 videos uploading")


@override_settings(ONEGO_VIDEOS_PER_CASE=1)
def test_a_case_takes_only_so_many_videos_in_all(case):
    start(case, plan_number=1)
    with pytest.raises(ApiError) as refused:
        start(case, plan_number=2)
    assert refused.value.code == "too_many_videos"


def test_the_api_answers_a_refused_start_with_its_code(case, client):
    client.force_login(case.applicant)
    body = {
        "plan_number": 1,
        "total_bytes": SIZE,
        "content_type": "video/webm",
        "source": "recorded",
        "start": {},
    }
    with override_settings(ONEGO_OPEN_UPLOADS_PER_CASE=1), translation.override("zh-hans"):
        assert (
            client.post(
                f"/api/v1/inspection/cases/{case.number}/videos", body, content_type="application/json"
            ).status_code
            == 201
        )
        body["plan_number"] = 2
        refused = client.post(
            f"/api/v1/inspection/cases/{case.number}/videos", body, content_type="application/json"
        )
    assert refused.status_code == 409 and refused.json()["code"] == "too_many_uploads"


def test_an_upload_untouched_for_a_day_is_removed_with_its_bytes_and_a_busy_one_is_kept(case):
    abandoned = start(case, plan_number=1)
    busy = start(case, plan_number=2)
    services.append_chunk(abandoned.upload_id, applicant=case.applicant, offset=0, data=b"\x1a" * 1000)
    services.append_chunk(busy.upload_id, applicant=case.applicant, offset=0, data=b"\x1a" * 1000)
    orphan = services.staging_dir() / "00000000-0000-0000-0000-000000000000.part"
    orphan.write_bytes(b"left over")
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=25)
    an_hour_ago = (later - dt.timedelta(hours=1)).timestamp()
    long_ago = (later - dt.timedelta(hours=30)).timestamp()
    os.utime(services.staging_dir() / f"{abandoned.upload_id}.part", (long_ago, long_ago))
    os.utime(orphan, (long_ago, long_ago))
    os.utime(services.staging_dir() / f"{busy.upload_id}.part", (an_hour_ago, an_hour_ago))
    PremisesVideo.objects.update(created_at=later - dt.timedelta(hours=30))

    assert services.expire_abandoned_uploads(now=later) == 1

    assert list(PremisesVideo.objects.values_list("upload_id", flat=True)) == [busy.upload_id]
    assert sorted(p.name for p in services.staging_dir().glob("*.part")) == [f"{busy.upload_id}.part"]
    with pytest.raises(ApiError) as gone:
        services.append_chunk(abandoned.upload_id, applicant=case.applicant, offset=1000, data=b"\x1a")
    assert gone.value.status == 404

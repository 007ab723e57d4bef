"""The upload API as the recording page uses it, and the recording page itself."""

from __future__ import annotations

import datetime as dt

import pytest

from onego.accounts.models import User
from onego.inspection import services
from onego.inspection.models import PremisesVideo, VideoStatus
from onego.inspection.tests.factories import NEXT_DOOR
from onego.inspection.tests.videos import make_video

pytestmark = pytest.mark.django_db


def test_the_page_uploads_in_chunks_resumes_and_finishes(client, case, tmp_path):
    data = make_video(tmp_path / "v.webm", seconds=12, container="webm").read_bytes()
    client.force_login(case.applicant)
    base = "/api/v1/inspection"

    started = client.post(
        f"{base}/cases/{case.number}/videos",
        {
            "plan_number": 1,
            "total_bytes": len(data),
            "content_type": "video/webm;codecs=vp8",
            "start": {
                "latitude": NEXT_DOOR[0],
                "longitude": NEXT_DOOR[1],
                "accuracy_m": 8,
                "at": (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=3)).isoformat(),
            },
        },
        content_type="application/json",
    )
    assert started.status_code == 201, started.json()
    upload_id = started.json()["upload_id"]
    half = len(data) // 2
    first = client.put(
        f"{base}/uploads/{upload_id}?offset=0", data[:half], content_type="application/octet-stream"
    )
    wrong = client.put(
        f"{base}/uploads/{upload_id}?offset={half + 10}",
        data[half + 10 :],
        content_type="application/octet-stream",
    )
    where = client.get(f"{base}/uploads/{upload_id}").json()["received_bytes"]
    rest = client.put(
        f"{base}/uploads/{upload_id}?offset={where}", data[where:], content_type="application/octet-stream"
    )
    finished = client.post(
        f"{base}/uploads/{upload_id}/finish",
        {"latitude": NEXT_DOOR[0], "longitude": NEXT_DOOR[1]},
        content_type="application/json",
    )

    assert first.json()["received_bytes"] == half
    assert wrong.status_code == 409 and wrong.json()["received_bytes"] == half
    assert rest.json()["received_bytes"] == len(data)
    assert finished.status_code == 200 and finished.json()["status"] == VideoStatus.CHECKING
    services.check_video(PremisesVideo.objects.get().pk)  # what the worker does
    listed = client.get(f"{base}/cases/{case.number}/videos").json()
    assert [v["status"] for v in listed] == [VideoStatus.ACCEPTED]


def test_another_user_gets_404_for_the_case_and_the_upload(client, case):
    row = services.start_upload(
        case.number, applicant=case.applicant, plan_number=1, total_bytes=10, content_type="video/mp4"
    )
    client.force_login(User.objects.get(username="citizen"))

    assert client.get(f"/api/v1/inspection/uploads/{row.upload_id}").status_code == 404
    assert (
        client.put(
            f"/api/v1/inspection/uploads/{row.upload_id}?offset=0",
            b"x" * 10,
            content_type="application/octet-stream",
        ).status_code
        == 404
    )
    assert client.get(f"/inspection/case/{case.number}/record/").status_code == 404


def test_the_recording_page_lists_what_to_film_and_each_videos_state(client, case):
    client.force_login(case.applicant)

    page = client.get(f"/inspection/case/{case.number}/record/").content.decode()

    assert "现场视频录制" in page and case.number in page
    assert 'data-testid="video-1"' in page and 'data-testid="video-2"' in page
    assert 'data-testid="video-3"' not in page  # small catering films two videos
    assert "门牌" in page  # the shot instructions for the shop front
    assert 'data-status="missing"' in page and "开始录制" in page


def test_the_applicants_case_page_says_to_record_and_links_to_the_recording_page(client, case):
    client.force_login(case.applicant)

    page = client.get(f"/cases/mine/{case.number}/").content.decode()

    assert "请在经营场所现场录制视频" in page
    assert f'href="/inspection/case/{case.number}/record/"' in page

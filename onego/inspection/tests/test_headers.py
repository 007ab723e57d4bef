"""The recording page may use the camera and the position (nothing else, no other page); the videos and
thumbnails it produces are served sandboxed (docs/security.md, "Content-Security-Policy and permissions")."""

from __future__ import annotations

import pytest
from django.urls import reverse

from onego.accounts.models import User
from onego.inspection.tests.factories import upload
from onego.inspection.tests.videos import make_video

pytestmark = pytest.mark.django_db

DENIED = "camera=(), microphone=(), geolocation=()"


def test_the_recording_page_alone_may_use_the_camera_and_the_position(client, case):
    client.force_login(case.applicant)

    page = client.get(f"/inspection/case/{case.number}/record/")
    case_page = client.get(f"/cases/mine/{case.number}/")

    assert page.status_code == 200
    assert (
        page["Permissions-Policy"] == "camera=(self), microphone=(), geolocation=(self)"
    )  # films without sound
    assert case_page["Permissions-Policy"] == DENIED


def test_someone_elses_recording_page_opens_nothing(client, case):
    client.force_login(User.objects.get(username="citizen"))

    response = client.get(f"/inspection/case/{case.number}/record/")

    assert response.status_code == 404 and response["Permissions-Policy"] == DENIED


def test_a_premises_video_and_its_thumbnails_are_served_sandboxed(client, case, tmp_path):
    video = upload(
        case, make_video(tmp_path / "v1.webm", seconds=12, container="webm", duration_header=False)
    )
    client.force_login(case.applicant)
    url = reverse("inspection:video", args=[video.upload_id])
    name = f'inline; filename="{case.number}-video-{video.pk}.webm"'

    whole = client.get(url)
    part = client.get(url, HTTP_RANGE="bytes=0-99")
    thumb = client.get(reverse("inspection:thumbnail", args=[video.upload_id, 0]))

    assert (whole.status_code, part.status_code, thumb.status_code) == (200, 206, 200)
    for response in (whole, part, thumb):
        assert response["Content-Security-Policy"].startswith("sandbox;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cache-Control"] == "private, no-store"
    assert whole["Content-Disposition"] == part["Content-Disposition"] == name
    assert thumb["Content-Disposition"] == f'inline; filename="{case.number}-thumbnail-0.jpg"'

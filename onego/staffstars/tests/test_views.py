"""The stars' pages as their readers see them: the draft with every score's source, the sheet's field errors,
the hall notice public only once approved, the certificate for who may open it, and the pages in English."""

from __future__ import annotations

import pytest

from onego.accounts.models import User
from onego.core.models import AuditEvent
from onego.staffstars import services
from onego.staffstars.models import EnteredScore, StarEntry

pytestmark = pytest.mark.django_db


def login(client, username: str) -> None:
    client.force_login(User.objects.get(username=username))


def test_the_draft_shows_every_score_with_its_source_and_the_hall_stays_closed(client, stars):
    hall = "/stars/hall/district/"
    # no approved ranking yet: the hall says so and shows no name of the draft
    for url in (hall, f"{hall}display/"):
        closed = client.get(url)
        assert closed.status_code == 200
        assert "本中心尚未公布政务服务之星" in closed.content.decode()
        assert 'data-testid="hall-star"' not in closed.content.decode()
        staff = User.objects.filter(service_centre__code="district").exclude(real_name="")
        assert staff.count() >= 13
        assert not any(name in closed.content.decode() for name in staff.values_list("real_name", flat=True))

    login(client, "centre_head")
    page = client.get(f"/stars/centre/district/{stars.key}/").content.decode()

    assert 'data-testid="ranking"' in page
    assert page.count('data-staff="') == 13
    assert "系统计算" in page and "评分表录入" in page
    assert "办理 " in page and "同类事项期望" in page  # the numbers behind volume
    assert 'data-testid="approve"' in page and "disabled" not in page.split('data-testid="approve"')[1][:40]

    client.post(f"/stars/centre/district/{stars.key}/approve/")

    client.logout()  # the anonymous may read it now
    public = client.get(hall).content.decode()
    names = list(StarEntry.objects.filter(is_star=True).values_list("staff_name", flat=True))
    assert len(names) == 2
    for name in names:
        assert name in public
    assert "本年度第 1 次获评" in public
    display = client.get(f"{hall}display/").content.decode()
    assert all(name in display for name in names)
    assert "staffstars/display.js" in display


def test_the_sheet_shows_a_bad_score_at_its_field_and_stores_nothing(client, stars):
    login(client, "centre_head")
    staff = stars.staff[0]
    before = list(EnteredScore.objects.values_list("staff", "dimension", "score"))
    events = AuditEvent.objects.count()

    response = client.post(
        f"/stars/centre/district/{stars.key}/sheet/",
        {f"s-{staff.pk}-attendance": "120", f"s-{staff.pk}-discipline": "abc"},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="s-{staff.pk}-attendance-error"' in page
    assert page.count("应为 0–100 的数字") == 2
    assert list(EnteredScore.objects.values_list("staff", "dimension", "score")) == before
    assert AuditEvent.objects.count() == events


def test_who_may_open_the_pages_and_the_certificate(client, stars):
    url = f"/stars/centre/district/{stars.key}/"
    for username, status in (("supervisor", 200), ("head", 403), ("clerk", 403), ("citizen", 403)):
        login(client, username)
        assert client.get(url).status_code == status, username
    login(client, "supervisor")
    assert 'data-testid="approve"' not in client.get(url).content.decode()  # supervisors only read
    assert client.get(f"/stars/centre/district/{stars.key}/sheet/").status_code == 403

    services.approve(User.objects.get(username="centre_head"), stars.centre, stars.year, stars.quarter)
    entry = StarEntry.objects.filter(is_star=True).select_related("staff").first()
    assert entry is not None
    certificate = f"/stars/certificates/{entry.pk}.pdf"
    login(client, entry.staff.username)
    response = client.get(certificate)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    login(client, "citizen")
    assert client.get(certificate).status_code == 404


def test_the_pages_speak_english(client, stars):
    login(client, "centre_head")
    client.cookies["django_language"] = "en"

    page = client.get(f"/stars/centre/district/{stars.key}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Service stars" in page
    assert "Attendance" in page
    assert "Computed" in page

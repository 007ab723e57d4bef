"""The spot-check pages: bad input is refused at its field and stores nothing; the index shows each person what
is theirs; the public page shows inspectors' names and legal persons' codes, masks a natural person's ID."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from onego.accounts.models import User
from onego.certificates.models import LicenceType
from onego.certificates.services import issue_licence
from onego.supervision import services
from onego.supervision.models import CheckMatter, CheckStatus, Draw

pytestmark = pytest.mark.django_db

PERSON_ID = "440111199003074513"


def login(client, name: str) -> User:
    user = User.objects.get(username=name)
    client.force_login(user)
    return user


def test_a_bad_seed_and_a_past_deadline_are_refused_at_their_fields_and_nothing_is_drawn(spot, client):
    login(client, "supervisor")
    form = client.get("/supervision/draws/new/").content.decode()
    matter = CheckMatter.objects.get(code="food-business")

    page = client.post(
        "/supervision/draws/new/",
        {"matter": matter.pk, "title": "抽查", "check_by": "2026-09-01", "seed": "种子!", "ratio": ""},
    )

    body = page.content.decode()
    assert 'name="seed"' in form and 'value="' in form  # a fresh seed is shown before the draw
    assert page.status_code == 422 and not Draw.objects.exists()
    assert 'data-field="seed"' in body and "随机种子应为 4 至 64 位字母或数字" in body
    assert 'data-testid="error-summary"' in body


def test_a_failed_result_without_findings_is_refused_at_the_field(spot, client):
    supervisor = User.objects.get(username="supervisor")
    draw = services.create_draw(
        actor=supervisor,
        matter=CheckMatter.objects.get(code="food-business"),
        title="抽查",
        check_by=timezone.localdate() + dt.timedelta(days=10),
        seed="abcd1234",
        ratio="1",
    )
    check = draw.checks.filter(assignments__inspector__user__username="reviewer").first()
    assert check is not None
    login(client, "reviewer")

    index = client.get("/supervision/").content.decode()
    page = client.post(
        f"/supervision/checks/{check.pk}/",
        {"result": "failed", "checked_on": timezone.localdate().isoformat(), "findings": ""},
    )

    check.refresh_from_db()
    assert f"/supervision/checks/{check.pk}/" in index  # 分派给我的检查
    assert page.status_code == 422 and "不合格须写明检查发现的问题" in page.content.decode()
    assert check.status == CheckStatus.ASSIGNED


def test_the_public_page_masks_a_natural_persons_id_and_shows_no_contact_data(spot, client):
    clinic = LicenceType.objects.get(key="clinic_filing_certificate")
    issue_licence(
        licence_type=clinic,
        holder_name="张伟个体诊所",
        holder_code=PERSON_ID,
        data={"clinic_category": "普通诊所"},
        actor="test",
        issue_date=dt.date(2026, 1, 5),
    )
    draw = services.create_draw(
        actor=User.objects.get(username="supervisor"),
        matter=CheckMatter.objects.get(code="clinic-filing"),
        title="诊所抽查",
        check_by=timezone.localdate() + dt.timedelta(days=10),
        seed="abcd1234",
        ratio="1",
    )

    page = client.get(f"/supervision/public/{draw.number}/").content.decode()
    inputs = client.get(f"/supervision/public/{draw.number}/inputs.json").content.decode()

    assert "张伟个体诊所" in page and "4401**********4513" in page
    assert PERSON_ID not in page and PERSON_ID not in inputs
    assert "罗静" in page  # inspectors by name
    assert "1380030" not in page  # no phone numbers


def test_the_pages_work_in_english(spot, client):
    login(client, "supervisor")
    client.cookies["django_language"] = "en"

    page = client.get("/supervision/", HTTP_ACCEPT_LANGUAGE="en")

    assert page.status_code == 200


def test_a_citizen_and_the_clerk_may_not_open_the_staff_pages_but_anyone_sees_the_public_one(spot, client):
    login(client, "citizen")
    citizen = client.get("/supervision/").status_code
    login(client, "clerk")
    clerk = client.get("/supervision/").status_code
    client.logout()

    assert (citizen, clerk) == (403, 403)
    assert client.get("/supervision/public/").status_code == 200


def test_a_head_or_reviewer_off_the_register_opens_the_page_and_sees_no_other_departments_draw(spot, client):
    """The menu offers 双随机抽查 to every head and reviewer; the page shows each only what is theirs."""
    supervisor = User.objects.get(username="supervisor")
    draw = services.create_draw(
        actor=supervisor,
        matter=CheckMatter.objects.get(code="food-business"),
        title="食品经营抽查",
        check_by=timezone.localdate() + dt.timedelta(days=10),
        seed="abcd1234",
        ratio="1",
    )
    seen = {}
    for who in ("centre_head", "tcj_reviewer", "head"):
        login(client, who)
        page = client.get("/supervision/")
        seen[who] = (page.status_code, draw.number in page.content.decode())
    login(client, "centre_head")
    other = client.get(f"/supervision/draws/{draw.number}/").status_code

    # the market bureau's head sees its matter's draw; the data bureau's head and a tcj reviewer see none
    assert seen == {"centre_head": (200, False), "tcj_reviewer": (200, False), "head": (200, True)}
    assert other in (403, 404)

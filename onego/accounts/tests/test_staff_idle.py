"""Staff sessions end after ONEGO_STAFF_IDLE_MINUTES without a request; applicants keep theirs (issue 14)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.utils import timezone

from onego.accounts.models import User
from onego.accounts.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _a_fixed_working_morning():
    """The idle clock is relative, but each test starts on a fixed date so none depends on today."""
    with time_machine.travel(dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC), tick=True):
        yield


def _user(username: str, role: Role) -> User:
    user = User.objects.create_user(username, password="x-Long-Passw0rd", real_name=f"测试{username}")
    user.groups.add(Group.objects.get_or_create(name=role.value)[0])
    return user


@pytest.fixture(autouse=True)
def idle_limit(settings):
    settings.ONEGO_STAFF_IDLE_MINUTES = 30


def test_a_reviewer_idle_for_longer_than_the_limit_is_logged_out_with_a_message(client):
    client.force_login(_user("reviewer1", Role.REVIEWER))
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert client.get("/").context["user"].is_authenticated
    with time_machine.travel(start + dt.timedelta(minutes=31), tick=False):
        response = client.get("/", follow=True)

    assert response.redirect_chain[0][0].startswith("/login/?next=/")
    assert not response.context["user"].is_authenticated
    page = response.content.decode()
    assert "您已超过 30 分钟未操作，为保护办件数据已自动退出，请重新登录。" in page
    assert 'id="id_password"' in page  # the login page


def test_an_idle_reviewer_opening_the_login_page_can_sign_in_again(client):
    reviewer = _user("reviewer5", Role.REVIEWER)
    client.force_login(reviewer)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.get("/")
    with time_machine.travel(start + dt.timedelta(minutes=31), tick=False):
        page = client.get("/login/", follow=True)
        assert page.redirect_chain == [("/login/", 302)]
        assert "分钟未操作" in page.content.decode()
        signed_in = client.post(
            "/login/", {"username": "reviewer5", "password": "x-Long-Passw0rd", "next": ""}, follow=True
        )

    assert signed_in.status_code == 200
    assert signed_in.context["user"] == reviewer


def test_a_reviewer_working_within_the_limit_stays_logged_in(client):
    client.force_login(_user("reviewer2", Role.REVIEWER))
    start = timezone.now()
    for minutes in (0, 25, 50, 75):  # never 30 minutes between two requests
        with time_machine.travel(start + dt.timedelta(minutes=minutes), tick=False):
            response = client.get("/")
        assert response.status_code == 200
        assert response.context["user"].is_authenticated


def test_the_message_is_english_when_english_is_chosen(client):
    client.force_login(_user("reviewer3", Role.REVIEWER))
    client.cookies["django_language"] = "en"
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.get("/")
    with time_machine.travel(start + dt.timedelta(minutes=31), tick=False):
        page = client.get("/", follow=True).content.decode()

    assert "signed out" in page and "分钟未操作" not in page


def test_an_idle_staff_session_gets_a_json_401_from_the_api(client):
    client.force_login(_user("clerk1", Role.WINDOW_CLERK))
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert client.get("/api/v1/accounts/me").status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=31), tick=False):
        response = client.get("/api/v1/accounts/me")

    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_an_applicant_keeps_the_normal_session(client):
    client.force_login(_user("citizen1", Role.APPLICANT_PERSON))
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.get("/")
    with time_machine.travel(start + dt.timedelta(hours=5), tick=False):
        response = client.get("/")

    assert response.status_code == 200
    assert response.context["user"].is_authenticated


def test_zero_minutes_turns_the_limit_off(client, settings):
    settings.ONEGO_STAFF_IDLE_MINUTES = 0
    client.force_login(_user("reviewer4", Role.REVIEWER))
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.get("/")
    with time_machine.travel(start + dt.timedelta(hours=5), tick=False):
        assert client.get("/").context["user"].is_authenticated

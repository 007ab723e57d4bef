"""Lock-out as a weapon (issue 14, finding 12): the per-username lock is a progressive delay that lasts
seconds to minutes, and one address failing across many usernames is stopped (onego.accounts.lockout)."""

import datetime as dt

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse

from onego.accounts.models import User

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
STRANGER = "198.51.100.66"
CLERK_DESK = "10.20.0.15"


@pytest.fixture
def clerk():
    return User.objects.create_user("clerk1", password="Correct-horse-9")


def _login(client, username, password, address):
    language = client.cookies.get("django_language")
    client.logout()  # (which also drops the cookies)
    if language is not None:
        client.cookies["django_language"] = language.value
    return client.post(
        reverse("portal:login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def _signed_in(response) -> bool:
    return response.status_code == 302


@override_settings(ONEGO_LOGIN_FAILURE_LIMIT=5)
def test_five_wrong_passwords_keep_the_clerk_out_for_half_a_minute_not_all_day(client, clerk):
    with time_machine.travel(START, tick=False) as clock:
        codes = [_login(client, "clerk1", "wrong", STRANGER).status_code for _ in range(5)]
        assert codes == [200, 200, 200, 200, 429]  # the fifth failure: 2^5 = 32 s
        refused = _login(client, "clerk1", "Correct-horse-9", CLERK_DESK)
        assert refused.status_code == 429
        page = refused.content.decode()
        assert "账户已锁定" in page and "请 32 秒后再试" in page
        assert refused["Retry-After"] == "32"

        clock.shift(dt.timedelta(seconds=33))
        assert _signed_in(_login(client, "clerk1", "Correct-horse-9", CLERK_DESK))


@override_settings(ONEGO_LOGIN_FAILURE_LIMIT=5)
def test_each_further_failure_doubles_the_wait_up_to_the_cool_off(client, clerk, settings):
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
    waits = []
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(4):
            _login(client, "clerk1", "wrong", STRANGER)
        for _ in range(6):  # failures 5..10, each tried as soon as the previous wait is over
            response = _login(client, "clerk1", "wrong", STRANGER)
            assert response.status_code == 429
            waits.append(int(response["Retry-After"]))
            clock.shift(dt.timedelta(seconds=waits[-1]))
        # the longest wait is the cool-off, after which the failures are forgotten
        after = _login(client, "clerk1", "wrong", STRANGER)

    assert waits == [32, 64, 128, 256, 512, 900]
    assert after.status_code == 200


@override_settings(ONEGO_LOGIN_FAILURE_LIMIT=5)
def test_attempts_during_a_wait_are_not_counted_and_do_not_extend_it(client, clerk):
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(5):
            _login(client, "clerk1", "wrong", STRANGER)
        clock.shift(dt.timedelta(seconds=20))
        for _ in range(10):
            assert _login(client, "clerk1", "wrong", STRANGER).status_code == 429
        clock.shift(dt.timedelta(seconds=13))  # 33 s after the fifth failure

        assert _signed_in(_login(client, "clerk1", "Correct-horse-9", CLERK_DESK))


@override_settings(ONEGO_LOGIN_FAILURE_LIMIT=5)
def test_failures_are_forgotten_a_cool_off_after_the_last_one(client, clerk, settings):
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(4):
            _login(client, "clerk1", "wrong", STRANGER)
        clock.shift(dt.timedelta(minutes=16))

        # four more failures start again from nothing: no wait yet
        assert [_login(client, "clerk1", "wrong", STRANGER).status_code for _ in range(4)] == [200] * 4


@override_settings(ONEGO_LOGIN_FAILURE_LIMIT=5, ONEGO_LOGIN_IP_FAILURE_LIMIT=6)
def test_one_address_failing_across_usernames_is_stopped_for_every_username(client, settings):
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
    for name in ("u1", "u2", "u3", "u4"):
        User.objects.create_user(name, password="Correct-horse-9")
    with time_machine.travel(START, tick=False) as clock:
        # at most two failures for each of three usernames: below each username's limit
        for name in ("u1", "u1", "u2", "u2", "u3"):
            assert _login(client, name, "wrong", STRANGER).status_code == 200
        sixth = _login(client, "u3", "wrong", STRANGER)  # the address's sixth failure
        assert sixth.status_code == 429

        blocked = _login(client, "u4", "Correct-horse-9", STRANGER)
        assert blocked.status_code == 429
        assert "登录尝试过于频繁" in blocked.content.decode()
        # the usernames themselves are not locked: their owners sign in from elsewhere
        assert _signed_in(_login(client, "u1", "Correct-horse-9", CLERK_DESK))

        clock.shift(dt.timedelta(minutes=15, seconds=1))
        assert _signed_in(_login(client, "u4", "Correct-horse-9", STRANGER))


@override_settings(ONEGO_LOGIN_FAILURE_LIMIT=5)
def test_the_locked_out_page_is_in_english_when_english_is_chosen(client, clerk, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with time_machine.travel(START, tick=False):
        for _ in range(5):
            response = _login(client, "clerk1", "wrong", STRANGER)
    page = response.content.decode()

    assert "Try again in 32 seconds" in page
    assert "账户已锁定" not in page

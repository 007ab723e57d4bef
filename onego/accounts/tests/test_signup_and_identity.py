import datetime as dt

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.test import override_settings
from django.urls import reverse

from onego.accounts.models import User
from onego.core.models import AuditEvent
from onego.registry.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return Person.objects.create(name="王小明", id_number="440111199003074513")


def _form(**overrides):
    data = {
        "real_name": "王小明",
        "id_number": "440111199003074513",
        "phone": "13812345678",
        "username": "wangxm",
        "password": "Baiyun#2026ok",
        "password2": "Baiyun#2026ok",
    }
    data.update(overrides)
    return data


def test_a_citizen_whose_name_matches_the_registry_signs_up_and_is_logged_in(client, person):
    response = client.post(reverse("portal:signup"), _form(), follow=True)

    user = User.objects.get(username="wangxm")
    assert user.real_name == "王小明"
    assert user.id_number == "440111199003074513"
    assert user.identity_source == "local-registry"
    assert user.has_role("applicant_person")
    assert user.check_password("Baiyun#2026ok")
    assert "注册成功" in response.content.decode()
    assert response.context["user"].username == "wangxm"
    assert AuditEvent.objects.filter(action="account.signed_up", object_id=str(user.pk)).exists()


def test_a_name_that_does_not_match_the_id_number_is_refused_and_nothing_is_written(client, person):
    response = client.post(reverse("portal:signup"), _form(real_name="王大明"))

    assert response.status_code == 200
    assert "姓名与身份证号码未能通过核验，或该身份证号码已注册" in response.content.decode()
    assert not User.objects.filter(username="wangxm").exists()


def test_an_id_number_with_a_wrong_check_digit_is_refused(client, person):
    response = client.post(reverse("portal:signup"), _form(id_number="440111199003074510"))

    assert "身份证号码格式无效" in response.content.decode()
    assert User.objects.count() == 0


def test_the_signup_page_says_the_identity_check_is_the_local_implementation(client):
    page = client.get(reverse("portal:signup")).content.decode()

    assert "本地实现" in page
    assert "未接入省统一身份认证平台" in page


def test_the_same_id_number_cannot_sign_up_twice(client, person):
    client.post(reverse("portal:signup"), _form())
    client.logout()

    response = client.post(reverse("portal:signup"), _form(username="other"))

    assert "姓名与身份证号码未能通过核验，或该身份证号码已注册" in response.content.decode()
    assert User.objects.filter(id_number="440111199003074513").count() == 1


@pytest.mark.real_password_hashing
def test_passwords_are_hashed_with_argon2_and_authenticate(rf, person):
    user = User.objects.create_user("u1", password="Baiyun#2026ok")

    assert user.password.startswith("argon2$")
    assert authenticate(rf.post("/login/"), username="u1", password="Baiyun#2026ok") == user
    assert authenticate(rf.post("/login/"), username="u1", password="wrong-password") is None


def test_the_id_number_appears_masked_on_the_user(person):
    user = User(real_name="王小明", id_number="440111199003074513")
    assert user.id_number_masked == "4401**********4513"


# --- issue 14, finding 5: sign-up is not an oracle of name <-> ID number ----------------------------------------


def _summary(response) -> str:
    import re

    found = re.search(r'<div class="error-summary".*?</div>', response.content.decode(), re.S)
    return found.group(0) if found else ""


def test_a_mismatch_and_an_id_number_already_registered_give_the_same_answer(client, person):
    User.objects.create_user(
        "taken", password="Baiyun#2026ok", id_number="440111199003074513", real_name="王小明"
    )

    registered = client.post(reverse("portal:signup"), _form())
    mismatch = client.post(reverse("portal:signup"), _form(id_number="11010519491231002X"))

    assert registered.status_code == mismatch.status_code == 200
    assert _summary(registered) and _summary(registered) == _summary(mismatch)
    assert "不匹配" not in _summary(registered) and "Does not match" not in _summary(registered)


def test_a_taken_username_does_not_reveal_whether_name_and_id_number_match(client, person):
    User.objects.create_user("wangxm", password="Baiyun#2026ok")

    matching = client.post(reverse("portal:signup"), _form())
    not_matching = client.post(reverse("portal:signup"), _form(real_name="王大明"))

    assert "用户名已被使用" in _summary(matching)
    assert _summary(matching) == _summary(not_matching)


def test_the_single_refusal_is_in_english_only_when_english_is_chosen(client, person, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    summary = _summary(client.post(reverse("portal:signup"), _form(real_name="王大明")))

    assert "could not be verified, or the ID number already has an account" in summary
    assert "核验" not in summary


@override_settings(ONEGO_SIGNUP_RATE_PER_MINUTE=5, ONEGO_SIGNUP_ID_RATE_PER_HOUR=100)
@time_machine.travel("2026-03-02 10:00:05 +0800", tick=False)
def test_identity_checks_are_limited_per_address(client, person):
    codes = [
        client.post(
            reverse("portal:signup"), _form(real_name=f"王{i}明"), REMOTE_ADDR="203.0.113.5"
        ).status_code
        for i in range(6)
    ]
    # now even the right name is not checked from this address
    refused = client.post(reverse("portal:signup"), _form(), REMOTE_ADDR="203.0.113.5")

    assert codes == [200] * 5 + [429]
    assert refused.status_code == 429 and "核验次数过多" in refused.content.decode()
    assert not User.objects.exists()
    # another address is not held up
    client.post(reverse("portal:signup"), _form(), REMOTE_ADDR="203.0.113.6")
    assert User.objects.filter(username="wangxm").exists()


@override_settings(ONEGO_SIGNUP_RATE_PER_MINUTE=1000, ONEGO_SIGNUP_ID_RATE_PER_HOUR=5)
def test_identity_checks_are_limited_per_id_number_from_any_address(client, person):
    with time_machine.travel("2026-03-02 10:00:05 +0800", tick=False) as clock:
        codes = [
            client.post(
                reverse("portal:signup"), _form(real_name=f"王{i}明"), REMOTE_ADDR=f"203.0.113.{i}"
            ).status_code
            for i in range(6)
        ]
        other_number = client.post(
            reverse("portal:signup"), _form(id_number="11010519491231002X"), REMOTE_ADDR="198.51.100.1"
        )
        assert codes == [200] * 5 + [429]
        assert other_number.status_code == 200

        clock.shift(dt.timedelta(hours=1))
        client.post(reverse("portal:signup"), _form(), REMOTE_ADDR="198.51.100.2")
    assert User.objects.filter(username="wangxm").exists()

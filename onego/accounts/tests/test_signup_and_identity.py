import pytest
from django.contrib.auth import authenticate
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
    assert "姓名与身份证号码不匹配" in response.content.decode()
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

    assert "该身份证号码已注册" in response.content.decode()
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

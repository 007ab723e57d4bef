"""Small defects found on the demo walk of 2026-12-07 (issue 13, item 12), each with what the user now sees."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

pytestmark = pytest.mark.django_db


def test_favicon_ico_is_a_small_icon_not_a_404(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # the ICO header
    assert '<link rel="icon" href="/favicon.ico"' in client.get("/").content.decode()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_language_switch_names_each_language_in_that_language(client, language):
    client.cookies["django_language"] = language

    page = client.get("/").content.decode()

    switch = re.search(r'<select id="lang-select".*?</select>', page, re.S)
    assert switch is not None
    options = re.findall(r"<option [^>]*>([^<]+)</option>", switch.group(0))
    assert options == ["简体中文", "English"]
    assert "英语" not in switch.group(0)


def test_a_failed_sign_in_puts_a_focused_summary_above_the_form_linking_to_the_user_name(client):
    from onego.accounts.models import User

    User.objects.create_user("lina", password="Correct-horse-9")

    page = client.post(reverse("portal:login"), {"username": "lina", "password": "wrong"}).content.decode()

    summary = re.search(r'<div class="error-summary".*?</div>', page, re.S)
    assert summary is not None
    assert 'tabindex="-1"' in summary.group(0)
    assert re.search(r'<a href="#id_username">[^<]*(用户名|密码)[^<]*</a>', summary.group(0))
    assert page.index("error-summary") < page.index('<form method="post"')


def test_sign_up_errors_are_listed_at_the_top_each_linked_to_its_field(client):
    page = client.post(
        reverse("portal:signup"),
        {
            "real_name": "",
            "id_number": "123",
            "username": "x",
            "password": "Long-enough-42",
            "password2": "Other-one-42",
        },
    ).content.decode()

    summary = re.search(r'<div class="error-summary".*?</div>', page, re.S)
    assert summary is not None
    links = dict(
        (href, text) for href, text in re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary.group(0))
    )
    assert links["id_real_name"] == "姓名：这个字段是必填项。"
    assert "用户名为 3–30 位字母、数字或 _ . -" in links["id_username"]
    assert "两次输入的密码不一致" in links["id_password2"]
    assert page.count("两次输入的密码不一致") == 2  # once in the summary, once at the field


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_flash_message_is_in_the_chosen_language_only(client, language):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpResponse
    from django.test import RequestFactory

    from onego.accounts.models import User
    from onego.core.models import SiteMessage

    user = User.objects.create_user("lina", password="Correct-horse-9")
    SiteMessage.objects.create(recipient=user, subject="您的申请已受理", body="办件已受理。")
    client.force_login(user)
    client.cookies["django_language"] = language
    # a flash message written by a view in the request's language, carried to the next page as Django does
    storage = CookieStorage(RequestFactory().get("/"))
    with translation.override(language):
        storage.add(constants.ERROR, gettext("该办件无需补正"))
    response = HttpResponse()
    storage.update(response)
    client.cookies["messages"] = response.cookies["messages"].value

    page = client.get(reverse("portal:messages")).content.decode()

    assert "您的申请已受理" in page  # a site message: written once, in its recipient's language
    flash = re.search(r'<ul class="messages">(.*?)</ul>', page, re.S)
    assert flash is not None
    assert ("该办件无需补正" in flash.group(1)) == (language == "zh-hans")
    assert ("This case is not waiting for a correction" in flash.group(1)) == (language == "en")


@pytest.mark.django_db
def test_a_signed_in_user_sent_to_the_login_page_with_next_login_goes_home_not_a_500(client):
    from onego.accounts.models import User

    client.force_login(User.objects.create_user("u-loop", password="x-Long-Passw0rd", real_name="王五"))

    response = client.get("/login/?next=/login/")

    assert response.status_code == 302
    assert response["Location"] == "/"

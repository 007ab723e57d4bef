import pytest
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext

from onego.accounts.models import User
from onego.core.outbox import deliver_pending, enqueue, recipients_language

pytestmark = pytest.mark.django_db


def test_a_delivered_site_message_shows_in_the_header_and_on_the_messages_page(client):
    user = User.objects.create_user("u-msg", password="x-Long-Passw0rd", real_name="王五")
    with transaction.atomic():
        enqueue(recipient_id=user.pk, channel="site", subject="您的申请已受理", body="办件编号 123 已受理。")
    deliver_pending()
    client.force_login(user)

    home = client.get("/").content.decode()
    assert '<span class="badge" data-testid="unread">1</span>' in home

    page = client.get("/messages/").content.decode()
    assert "您的申请已受理" in page and "办件编号 123 已受理。" in page

    assert 'data-testid="unread"' not in client.get("/").content.decode()  # read once opened


def test_the_messages_page_needs_a_login(client):
    assert client.get("/messages/").status_code == 302


def test_a_message_is_written_in_one_language_the_recipients_even_when_an_english_page_caused_it(client):
    # no user stores a language yet: the recipient's language is the site's, Chinese
    user = User.objects.create_user("u-msg2", password="x-Long-Passw0rd", real_name="王五")
    with transaction.atomic(), translation.override("en"):
        with recipients_language():
            subject = gettext("您的申请已受理")
        enqueue(recipient_id=user.pk, channel="site", subject=subject, body="办件 123（测试事项）已受理。")
    deliver_pending()
    client.force_login(user)
    client.cookies["django_language"] = "en"

    page = client.get("/messages/").content.decode()

    assert "您的申请已受理" in page and "Application accepted" not in page
    assert "办件 123（测试事项）已受理。" in page

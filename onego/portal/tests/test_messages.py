import pytest
from django.db import transaction

from onego.accounts.models import User
from onego.core.outbox import deliver_pending, enqueue

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


def test_a_bilingual_message_reads_in_the_chosen_language_only(client):
    user = User.objects.create_user("u-msg2", password="x-Long-Passw0rd", real_name="王五")
    with transaction.atomic():
        enqueue(
            recipient_id=user.pk,
            channel="site",
            subject="您的申请已受理 / Application accepted",
            body="办件 123（测试事项）已受理。\nCase 123 has been accepted.",
        )
    deliver_pending()
    client.force_login(user)

    chinese = client.get("/messages/").content.decode()
    client.cookies["django_language"] = "en"
    english_page = client.get("/messages/").content.decode()

    assert "办件 123（测试事项）已受理。" in chinese and "Case 123 has been accepted." not in chinese
    assert "Case 123 has been accepted." in english_page and "已受理。" not in english_page

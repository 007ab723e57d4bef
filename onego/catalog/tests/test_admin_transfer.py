"""The administrator exports and imports the catalogue from the admin site."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from onego.catalog.models import ServiceItem
from onego.catalog.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    admin = django_user_model.objects.create_superuser("root-admin", password="x-Long-Passw0rd")
    device = TOTPDevice.objects.create(user=admin, name="t", confirmed=True)
    client.force_login(admin)
    session = client.session
    session["otp_device_id"] = device.persistent_id  # the session has passed TOTP
    session.save()
    return client


@pytest.fixture
def one_item(db):
    dept = f.department()
    return f.handling_item(dept=dept, basic_code="000172008000", name="食品经营许可（测试）")


def test_the_admin_downloads_the_catalogue_as_json_and_excel(admin_client, one_item):
    body = admin_client.get("/admin/catalog/serviceitem/transfer/?download=json")
    assert body.status_code == 200
    assert json.loads(body.content)["items"][0]["code"] == one_item.code

    xlsx = admin_client.get("/admin/catalog/serviceitem/transfer/?download=xlsx")
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(xlsx.content))
    assert "事项" in book.sheetnames


def test_a_bad_file_lists_its_errors_and_writes_nothing(admin_client, one_item):
    page = admin_client.post(
        "/admin/catalog/serviceitem/transfer/",
        {"file": SimpleUploadedFile("x.json", b'{"format": "onego-catalog", "version": 1}')},
    )
    text = page.content.decode()
    assert 'data-testid="import-errors"' in text
    assert ServiceItem.objects.count() == 1


def test_a_non_admin_cannot_open_the_transfer_page(client, one_item, django_user_model):
    user = django_user_model.objects.create_user("someone", password="x-Long-Passw0rd")
    client.force_login(user)
    assert client.get("/admin/catalog/serviceitem/transfer/").status_code == 302


def test_a_deeply_nested_json_file_is_refused_with_a_message_not_a_crash(admin_client, one_item):
    deep = b"[" * 100_000 + b"]" * 100_000
    page = admin_client.post(
        "/admin/catalog/serviceitem/transfer/",
        {"file": SimpleUploadedFile("x.json", deep)},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert page.status_code == 422
    text = page.content.decode()
    assert 'data-testid="import-errors"' in text and "JSON 嵌套层数过多（最多 64 层）" in text
    assert ServiceItem.objects.count() == 1


def test_json_nested_below_the_parsers_limit_but_past_the_catalogues_is_refused_too(admin_client, one_item):
    document = {
        "format": "onego-catalog",
        "version": 1,
        "tags": [],
        "form_fields": [],
        "bundles": [],
        "items": [{"code": "x", "versions": [{"process": json.loads("[" * 500 + "]" * 500)}]}],
    }
    page = admin_client.post(
        "/admin/catalog/serviceitem/transfer/",
        {"file": SimpleUploadedFile("x.json", json.dumps(document).encode())},
    )

    assert page.status_code == 422
    assert "JSON 嵌套层数过多" in page.content.decode()

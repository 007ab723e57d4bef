import pytest
from django_otp.oath import totp

from onego.demo import accounts as demo_data

pytestmark = pytest.mark.django_db


def test_the_administrator_without_a_totp_code_does_not_reach_the_admin_site(client, demo):
    client.post("/login/", {"username": "admin", "password": demo_data.DEMO_PASSWORD})

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_administrator_with_a_wrong_code_is_refused_and_with_the_right_code_gets_in(client, demo):
    wrong = client.post(
        "/admin/login/?next=/admin/",
        {"username": "admin", "password": demo_data.DEMO_PASSWORD, "otp_device": "", "otp_token": "000000"},
    )
    assert wrong.status_code == 200
    assert client.get("/admin/").status_code == 302

    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user__username="admin")
    code = f"{totp(bytes.fromhex(demo_data.DEMO_ADMIN_TOTP_HEX)):06d}"
    client.post(
        "/admin/login/?next=/admin/",
        {
            "username": "admin",
            "password": demo_data.DEMO_PASSWORD,
            "otp_device": device.persistent_id,
            "otp_token": code,
        },
    )

    page = client.get("/admin/")
    assert page.status_code == 200
    assert "OneGo 管理后台" in page.content.decode()


def test_a_demo_reviewer_cannot_open_the_admin_site_even_when_logged_in(client, demo):
    client.post("/login/", {"username": "reviewer", "password": demo_data.DEMO_PASSWORD})
    assert client.get("/admin/").status_code == 302

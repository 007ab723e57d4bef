import pytest
from django.core.management import call_command

from onego.accounts.models import ApiToken, User
from onego.accounts.services import create_api_token, revoke_api_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def integrator():
    return User.objects.create_user("integrator", password="x-Long-Passw0rd", real_name="对接系统")


def test_create_api_token_prints_a_token_that_authenticates_a_system(client, integrator, capsys):
    call_command("create_api_token", "integrator")
    token = capsys.readouterr().out.strip()

    response = client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 200
    assert response.json()["username"] == "integrator"
    stored = ApiToken.objects.get(user=integrator)
    assert token not in (stored.token_hash, stored.prefix)  # only the hash and a prefix are kept
    assert stored.last_used_at is not None


def test_a_revoked_token_is_refused_with_a_json_error(client, integrator):
    token = create_api_token(integrator)
    revoke_api_token(ApiToken.objects.get(user=integrator).pk)

    response = client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    assert "请先登录" in response.json()["message"]


def test_an_unknown_user_makes_the_command_fail_with_a_message():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="用户不存在"):
        call_command("create_api_token", "nobody")


def test_a_logged_in_page_session_reaches_the_api(client, integrator):
    client.force_login(integrator)
    response = client.get("/api/v1/accounts/me")
    assert response.json()["real_name"] == "对接系统"

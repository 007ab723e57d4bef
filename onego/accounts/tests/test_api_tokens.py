import pytest
from django.core.management import call_command

from onego.accounts.models import ApiToken, User
from onego.accounts.services import create_api_token, revoke_api_token

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _a_fixed_day():
    """Expiry is counted from now; each test starts on a fixed date so none depends on today."""
    import datetime as dt

    import time_machine

    with time_machine.travel(dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC), tick=True):
        yield


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

    with pytest.raises(CommandError, match="No such user"):
        call_command("create_api_token", "nobody")


def test_a_logged_in_page_session_reaches_the_api(client, integrator):
    client.force_login(integrator)
    response = client.get("/api/v1/accounts/me")
    assert response.json()["real_name"] == "对接系统"


# --- expiry and rotation (issue 14, finding 9) ---


def test_a_new_token_expires_after_the_configured_days(integrator, settings):
    import datetime as dt

    from django.utils import timezone

    settings.ONEGO_API_TOKEN_DAYS = 30
    create_api_token(integrator)

    stored = ApiToken.objects.get(user=integrator)
    assert abs(stored.expires_at - (timezone.now() + dt.timedelta(days=30))) < dt.timedelta(minutes=1)


def test_an_expired_token_is_refused_with_its_own_code_in_the_chosen_language(client, integrator, settings):
    import datetime as dt

    import time_machine
    from django.utils import timezone

    settings.ONEGO_API_TOKEN_DAYS = 90
    token = create_api_token(integrator)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    with time_machine.travel(timezone.now() + dt.timedelta(days=91)):
        chinese = client.get("/api/v1/accounts/me", **auth)
        english = client.get("/api/v1/accounts/me", HTTP_ACCEPT_LANGUAGE="en", **auth)

    assert chinese.status_code == 401
    assert chinese.json()["code"] == "token_expired"
    assert "令牌已过期" in chinese.json()["message"] and "expired" not in chinese.json()["message"]
    assert english.json()["code"] == "token_expired"
    assert "expired" in english.json()["message"] and "令牌" not in english.json()["message"]
    assert ApiToken.objects.get(user=integrator).last_used_at is None  # an expired token is never "used"


def test_rotating_through_the_api_gives_a_new_token_and_revokes_the_old_one(client, integrator):
    old = create_api_token(integrator, name="对接系统A")

    response = client.post("/api/v1/accounts/tokens/rotate", HTTP_AUTHORIZATION=f"Bearer {old}")

    assert response.status_code == 200, response.content
    new = response.json()["token"]
    assert new != old and new.startswith(response.json()["prefix"])
    assert (
        client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {old}").json()["code"]
        == "unauthenticated"
    )
    assert (
        client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {new}").json()["username"]
        == "integrator"
    )
    rows = ApiToken.objects.filter(user=integrator).order_by("pk")
    assert [(r.name, r.revoked_at is not None) for r in rows] == [("对接系统A", True), ("对接系统A", False)]
    from onego.core.models import AuditEvent

    assert AuditEvent.objects.filter(action="api_token.rotated").count() == 1


def test_a_page_session_cannot_rotate_a_token(client, integrator):
    client.force_login(integrator)

    response = client.post("/api/v1/accounts/tokens/rotate")

    assert response.status_code == 400
    assert response.json()["code"] == "bearer_token_required"


def test_the_rotate_command_prints_a_new_token_and_revokes_the_old(client, integrator, capsys):
    old = create_api_token(integrator)

    call_command("rotate_api_token", old[:8])
    new = capsys.readouterr().out.strip()

    assert client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {new}").status_code == 200
    assert client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {old}").status_code == 401


def test_an_expired_token_cannot_be_rotated(integrator):
    import datetime as dt

    from django.core.management.base import CommandError
    from django.utils import timezone

    old = create_api_token(integrator)
    ApiToken.objects.filter(user=integrator).update(expires_at=timezone.now() - dt.timedelta(seconds=1))

    with pytest.raises(CommandError, match="已过期"):
        call_command("rotate_api_token", old[:8])
    assert ApiToken.objects.filter(user=integrator).count() == 1  # nothing issued


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_existing_tokens_the_full_period_from_the_upgrade(settings):
    import datetime as dt

    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.utils import timezone

    settings.ONEGO_API_TOKEN_DAYS = 90
    before, after = (
        ("accounts", "0002_department_hosts_comprehensive_window"),
        ("accounts", "0003_apitoken_expires_at"),
    )
    executor = MigrationExecutor(connection)
    executor.migrate([before])
    old_apps = executor.loader.project_state([before]).apps
    OldUser, OldToken = old_apps.get_model("accounts", "User"), old_apps.get_model("accounts", "ApiToken")
    user = OldUser.objects.create(username="legacy", password="!")
    OldToken.objects.create(user=user, name="旧系统", token_hash="a" * 64, prefix="og_legac")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([after])
    try:
        stored = ApiToken.objects.get(prefix="og_legac")
        assert abs(stored.expires_at - (timezone.now() + dt.timedelta(days=90))) < dt.timedelta(minutes=5)
    finally:
        # back to the latest schema: later migrations of accounts (labels, English fields) must be there for
        # the tests that run after this one in the same database
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())

"""Credentials at rest: SM4-CBC with a random IV and an HMAC-SM3 tag, never in clear in the database."""

from __future__ import annotations

import pytest
from django.db import connection

from onego.robots import crypto, services
from onego.robots.models import Credential, TargetSystem

KEY_A = "0f" * 32
KEY_B = "a5" * 32


def test_a_secret_comes_back_as_it_went_in():
    for secret in ("S3cret-Pa55!", "密码 with spaces", "", "x" * 100):
        assert crypto.decrypt(crypto.encrypt(secret, hex_key=KEY_A), hex_key=KEY_A) == secret


def test_the_same_secret_encrypts_differently_each_time():
    first, second = (
        crypto.encrypt("S3cret-Pa55!", hex_key=KEY_A),
        crypto.encrypt("S3cret-Pa55!", hex_key=KEY_A),
    )
    assert first != second
    assert first.startswith(crypto.PREFIX) and second.startswith(crypto.PREFIX)


def test_a_wrong_key_fails_cleanly_instead_of_returning_garbage():
    stored = crypto.encrypt("S3cret-Pa55!", hex_key=KEY_A)
    with pytest.raises(crypto.SecretUnreadable):
        crypto.decrypt(stored, hex_key=KEY_B)


def test_an_altered_ciphertext_is_refused():
    stored = crypto.encrypt("S3cret-Pa55!", hex_key=KEY_A)
    body = stored[len(crypto.PREFIX) :]
    flipped = body[:10] + ("A" if body[10] != "A" else "B") + body[11:]
    with pytest.raises(crypto.SecretUnreadable):
        crypto.decrypt(crypto.PREFIX + flipped, hex_key=KEY_A)
    with pytest.raises(crypto.SecretUnreadable):
        crypto.decrypt("S3cret-Pa55!", hex_key=KEY_A)


def test_a_malformed_robot_key_setting_is_refused(settings):
    settings.ONEGO_ROBOT_KEY = "not-hex"
    with pytest.raises(crypto.BadRobotKey):
        crypto.encrypt("x")
    settings.ONEGO_ROBOT_KEY = "ab" * 16  # 32 hex characters: too short
    with pytest.raises(crypto.BadRobotKey):
        crypto.encrypt("x")


def test_without_a_robot_key_the_key_is_derived_from_the_secret_key(settings):
    settings.ONEGO_ROBOT_KEY = ""
    stored = crypto.encrypt("S3cret-Pa55!")
    assert crypto.decrypt(stored) == "S3cret-Pa55!"
    settings.SECRET_KEY = "another-secret-key-for-the-test-only-0123456789"
    with pytest.raises(crypto.SecretUnreadable):
        crypto.decrypt(stored)


def test_the_database_row_holds_no_secret_in_clear(world, settings):
    settings.ONEGO_ROBOT_KEY = KEY_A
    services.set_credential(world.system.key, username="robot01", secret="S3cret-Pa55!")
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM robots_credential")
        row = cursor.fetchone()
    assert not any("S3cret" in str(value) for value in row)
    assert Credential.objects.get(system__key=world.system.key).secret() == "S3cret-Pa55!"


def test_rotating_a_credential_keeps_one_row_and_opens_with_the_new_secret(world):
    services.set_credential(world.system.key, username="robot02", secret="N3w-Secret!")
    credential = TargetSystem.objects.get(key=world.system.key).credential
    assert Credential.objects.count() == 1
    assert (credential.username, credential.secret()) == ("robot02", "N3w-Secret!")
    assert credential.rotated_at is not None


def test_the_robot_credential_command_rotates_from_the_environment_and_checks(world, monkeypatch, capsys):
    from django.core.management import CommandError, call_command

    monkeypatch.setenv("ROBOT_SECRET_FOR_TEST", "R0tated-Secret!")
    call_command("robot_credential", world.system.key, "--password-env", "ROBOT_SECRET_FOR_TEST")
    credential = Credential.objects.get(system=world.system)
    assert (credential.username, credential.secret()) == ("robot01", "R0tated-Secret!")
    call_command("robot_credential", world.system.key, "--check")
    out = capsys.readouterr().out
    assert "rotated" in out and "opens" in out and "R0tated" not in out
    with pytest.raises(CommandError):
        call_command("robot_credential", "no-such-system", "--check")

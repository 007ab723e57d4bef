"""Shared pytest fixtures for the whole suite."""

from __future__ import annotations

import pytest


@pytest.fixture
def demo(db):
    """The Baiyun demo departments, users (one per role) and registry rows, as `make run` loads them."""
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)
    from onego.accounts import demo as demo_data

    return demo_data


@pytest.fixture(autouse=True)
def fast_password_hashing(request, settings):
    """Argon2 costs ~0.25 s per password by design; tests that create users would spend most of their time
    hashing. Tests hash with MD5 unless marked `real_password_hashing` (production hashers stay listed, so
    Argon2 hashes still verify)."""
    if request.node.get_closest_marker("real_password_hashing") is None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]


@pytest.fixture(autouse=True)
def empty_cache():
    """The cache (rate limits, cached filter choices) starts empty in every test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def signing_key_dir(settings, tmp_path_factory):
    """Every test writes its SM2 private keys to its own temporary directory, never to var/keys."""
    settings.ONEGO_SIGNING_KEY_DIR = tmp_path_factory.mktemp("keys")
    return settings.ONEGO_SIGNING_KEY_DIR

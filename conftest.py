"""Shared pytest fixtures for the whole suite."""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

import pytest

#: The moved clock of `--clock=YYYY-MM-DD` starts at this time of day in the district (Asia/Shanghai).
CLOCK_START_TIME = dt.time(9, 30)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--clock",
        default=os.environ.get("ONEGO_TEST_CLOCK") or None,
        metavar="YYYY-MM-DD",
        help="Run the whole session as if today were this date (09:30 in Asia/Shanghai; the clock ticks). "
        "A test that depends on the real date fails here. Also read from ONEGO_TEST_CLOCK.",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Start the moved clock before collection, so module-level dates are taken from it too."""
    value = config.getoption("--clock")
    if not value:
        return
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise pytest.UsageError(f"--clock wants a date as YYYY-MM-DD, not {value!r}") from None
    import time_machine

    start = dt.datetime.combine(day, CLOCK_START_TIME, tzinfo=ZoneInfo("Asia/Shanghai"))
    traveller = time_machine.travel(start, tick=True)
    traveller.start()
    config._onego_clock = traveller  # type: ignore[attr-defined]


def pytest_unconfigure(config: pytest.Config) -> None:
    traveller = getattr(config, "_onego_clock", None)
    if traveller is not None:
        traveller.stop()


def pytest_report_header(config: pytest.Config) -> str | None:
    value = config.getoption("--clock")
    return f"clock moved: today is {value} (--clock)" if value else None


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language (Chinese). LocaleMiddleware activates the language of each request
    and never deactivates it, so a test that made an English request would otherwise leave the next test's
    service calls speaking English."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def demo(db):
    """The Baiyun demo departments, users (one per role) and registry rows, as `make run` loads them."""
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)
    from onego.demo import accounts as demo_data

    return demo_data


@pytest.fixture(autouse=True)
def fast_password_hashing(request, settings):
    """Argon2 costs ~0.25 s per password by design; tests that create users would spend most of their time
    hashing. Tests hash with MD5 unless marked `real_password_hashing` (production hashers stay listed, so
    Argon2 hashes still verify)."""
    if request.node.get_closest_marker("real_password_hashing") is None:
        settings.PASSWORD_HASHERS = [
            "django.contrib.auth.hashers.MD5PasswordHasher",
            *settings.PASSWORD_HASHERS,
        ]


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

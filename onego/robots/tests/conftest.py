"""Fixtures of the robots tests: Chromium (the system binary, as tests/browser does), the small test site,
and a world of two departments with one user per role that matters here."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

from onego.robots import runner
from onego.robots.tests import factories
from onego.robots.tests.minisite import Site, make_records, serving

if TYPE_CHECKING:
    from playwright.sync_api import Page


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    path = runner.chromium_path()
    if os.path.isfile(path) and os.access(path, os.X_OK):
        return path
    reason = f"Chromium not found at {path}; apt-get install -y chromium"
    if os.environ.get("ONEGO_REQUIRE_BROWSER") == "1":
        pytest.fail(f"ONEGO_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def robot_page(chromium_executable: str) -> Iterator[Page]:
    """A page of a Chromium started the way a run starts it (runner.chromium_page). Function-scoped: a
    runner under test starts its own Playwright, and two sync Playwrights cannot share a thread."""
    with runner.chromium_page() as page:
        yield page


@pytest.fixture
def site() -> Iterator[Site]:
    with serving(Site(records=make_records(7))) as s:
        yield s


@pytest.fixture
def world(db: None) -> factories.RobotWorld:
    return factories.robot_world()


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> None:
    """Failure screenshots and pages go to a folder of the test's own."""
    settings.MEDIA_ROOT = str(tmp_path / "media")

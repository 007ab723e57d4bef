"""The browser-test harness: Debian's Chromium driven by Playwright against pytest-django's live server.

Every test in this folder is marked `browser`. Chromium is never downloaded: the tests use the system
binary (/usr/bin/chromium, or the path in ONEGO_CHROMIUM). Without it the tests are skipped, unless
ONEGO_REQUIRE_BROWSER=1 (CI), where a missing browser is a failure rather than a silent skip.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright

    from tests.browser.helpers import People

# Playwright's sync API keeps an asyncio event loop running in this thread; Django's ORM refuses to run
# inside one unless told it is safe. It is: the loop only waits for the browser, never runs our code.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

HERE = Path(__file__).resolve().parent
ARTIFACTS = HERE.parent.parent / "test-artifacts"
DEFAULT_CHROMIUM = "/usr/bin/chromium"

# The machine has no network: without these Chromium keeps trying to reach Google's services and fills the
# log with refused connections.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
# Short enough that a missing element fails a test in seconds, long enough for a loaded CI machine.
DEFAULT_TIMEOUT_MS = 10_000
# Chromium's own camera permission prompt answered yes, and its fake camera instead of a real one.
FAKE_MEDIA = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]


def chromium_path() -> str:
    return os.environ.get("ONEGO_CHROMIUM") or DEFAULT_CHROMIUM


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    path = chromium_path()
    if os.path.isfile(path) and os.access(path, os.X_OK):
        return path
    reason = f"Chromium not found at {path}; apt-get install -y chromium"
    if os.environ.get("ONEGO_REQUIRE_BROWSER") == "1":
        pytest.fail(f"ONEGO_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def playwright_instance(chromium_executable: str) -> Iterator[Playwright]:
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    try:
        yield pw
    finally:
        pw.stop()


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright, chromium_executable: str) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(
        executable_path=chromium_executable, headless=True, args=CHROMIUM_ARGS
    )
    try:
        yield browser
    finally:
        browser.close()


def _artifact_name(nodeid_name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid_name).strip("_") or "test"


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh browser context per test (no shared cookies), Simplified Chinese, desktop size.

    A screenshot of the last page is always saved to test-artifacts/<test name>.png, passed or failed, so
    a reviewer can see what the test saw.
    """
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    pg = context.new_page()
    try:
        yield pg
    finally:
        name = _artifact_name(request.node.name)
        try:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        except Exception as exc:  # a screenshot must never hide the test's own result
            print(f"screenshot not saved for {request.node.nodeid}: {exc}")
        context.close()


@pytest.fixture
def seeded_live_server(live_server: Any, transactional_db: None, settings: Any) -> Any:
    """The live server with the Baiyun demo loaded (departments, one user per role, holidays).

    Argon2 costs about a quarter of a second per password by design; nine demo users per test would
    make this file take minutes. The demo passwords are therefore hashed with a fast hasher here (the
    production hashers stay in the list, so their hashes still verify). Django's own test advice.
    """
    from django.core.management import call_command

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]

    call_command("seed_demo", verbosity=0)
    return live_server


@pytest.fixture(scope="module")
def camera_browser(
    playwright_instance: Playwright, chromium_executable: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Browser]:
    """Chromium whose camera shows the moving test picture (640×480; Chromium loops the clip)."""
    from onego.inspection.tests.videos import write_y4m

    clip = write_y4m(
        tmp_path_factory.mktemp("camera") / "premises.y4m", seconds=4, width=640, height=480, fps=10
    )
    browser = playwright_instance.chromium.launch(
        executable_path=chromium_executable,
        headless=True,
        args=[*CHROMIUM_ARGS, *FAKE_MEDIA, f"--use-file-for-fake-video-capture={clip}"],
    )
    try:
        yield browser
    finally:
        browser.close()


@pytest.fixture
def people(browser: Browser, seeded_live_server: Any) -> Iterator[People]:
    """A browser context per person, each signed in on first use (`people.page_of("clerk")`), all closed at
    the end."""
    from tests.browser.helpers import People

    crowd = People(browser, seeded_live_server.url, {})
    try:
        yield crowd
    finally:
        crowd.close()

"""Remote on-site inspection in Chromium (issue 6): on a phone-sized page the applicant follows the todo on
their case page to 现场视频录制 and films both videos of the small-catering plan at the premises; a video
filmed 2 km away is rejected with what to do.

The camera is Chromium's fake device playing a generated clip (its own browser: the session browser has no
fake media); the position is the context's emulated geolocation. The case is applied for through the
services in the test process (the live server shares the database). The server's check runs in the live
server's thread when the upload finishes (Celery eager), with the minimum length lowered so a take is short.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect

from onego.inspection.tests.test_services import NEXT_DOOR, PREMISES, PREMISES_ADDRESS, TWO_KM_AWAY
from onego.inspection.tests.videos import write_y4m
from tests.browser import helpers as h
from tests.browser.conftest import CHROMIUM_ARGS, DEFAULT_TIMEOUT_MS

FOOD_ITEM = "食品经营许可（告知承诺+现场视频）"
MIN_SECONDS = 3
TAKE_MS = (MIN_SECONDS + 2) * 1000  # a little longer than the minimum, as a careful person films
CHECK_TIMEOUT_MS = 60_000  # upload, decode with PyAV, then the page's next 2-second poll and reload
FAKE_MEDIA = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]
SECONDS_SHOWN = re.compile(r"合格\s+(\d+(?:\.\d+)?)\s*秒")


@pytest.fixture(scope="module")
def camera_browser(playwright_instance: Playwright, chromium_executable: str,
                   tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    """Chromium whose camera shows the moving test picture (640×480; Chromium loops the clip)."""
    clip = write_y4m(tmp_path_factory.mktemp("camera") / "premises.y4m", seconds=4, width=640, height=480, fps=10)
    browser = playwright_instance.chromium.launch(
        executable_path=chromium_executable, headless=True,
        args=[*CHROMIUM_ARGS, *FAKE_MEDIA, f"--use-file-for-fake-video-capture={clip}"])
    try:
        yield browser
    finally:
        browser.close()


@pytest.fixture
def case_number(seeded_live_server: Any, settings: Any, tmp_path: Any) -> str:
    """The enterprise's food licence case for a small catering business whose premises are in the address
    register; videos and staged chunks go to the test's own folder."""
    from onego.accounts.models import User
    from onego.cases import services
    from onego.cases.tests.factories import PDF, PNG
    from onego.catalog.models import ServiceItem
    from onego.registry import geo

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ONEGO_VAR_DIR = settings.VAR_DIR = tmp_path
    settings.ONEGO_VIDEO = {**settings.ONEGO_VIDEO, "min_seconds": MIN_SECONDS}
    settings.CELERY_TASK_ALWAYS_EAGER = True  # the check runs on the finish request's commit, no worker
    geo.add_point(PREMISES_ADDRESS, *PREMISES)
    item = ServiceItem.objects.filter(versions__name=FOOD_ITEM).distinct().get()
    (case,) = services.submit_application(
        applicant=User.objects.get(username="enterprise"), item_code=item.code, route="commitment",
        commitment_signed=True, signature_png=PNG,
        form_data={"business_type": "small_catering", "food_business_items": ["hot_food"],
                   "premises_address": PREMISES_ADDRESS, "food_safety_manager_name": "王强",
                   "food_safety_manager_phone": "13800201234"},
        uploads=[services.UploadedMaterial("layout_and_process", PDF)])
    return case.number


@pytest.fixture
def phone(camera_browser: Browser, seeded_live_server: Any, request: pytest.FixtureRequest
          ) -> Iterator[BrowserContext]:
    """A phone-sized context that may use the camera and stands about 12 m from the premises. The last page
    is saved to test-artifacts/<test name>.png, passed or failed."""
    context = camera_browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
        has_touch=True, permissions=["camera", "geolocation"],
        geolocation={"latitude": NEXT_DOOR[0], "longitude": NEXT_DOOR[1], "accuracy": 8})
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    try:
        yield context
    finally:
        for page in context.pages[-1:]:
            try:
                h.snap(page, re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name))
            except Exception as exc:  # a screenshot must never hide the test's own result
                print(f"screenshot not saved: {exc}")
        context.close()


def open_recording_page(page: Page, base: str, number: str) -> None:
    """Sign in, open the case page and follow its todo link (需要我做), as the applicant does."""
    h.sign_in(page, base, "enterprise")
    page.goto(f"{base}/cases/mine/{number}/")
    todo = page.locator("[data-testid=todo]")
    expect(todo).to_contain_text("请在经营场所现场录制视频，供远程核查")
    todo.get_by_role("link", name="录制现场视频").click()
    expect(page).to_have_url(f"{base}/inspection/case/{number}/record/")
    expect(page.get_by_role("heading", level=1)).to_have_text("现场视频录制")


def film(page: Page, n: int, snap_as: str = "") -> None:
    """Press 开始录制, film a little longer than the minimum, press 停止并上传."""
    video = page.locator(f"[data-testid=video-{n}]")
    video.locator(f"[data-testid=start-{n}]").click()
    expect(video.locator(f"[data-testid=progress-{n}]")).to_contain_text("正在录制")
    expect(video.locator(f"[data-testid=stop-{n}]")).to_be_visible()
    if snap_as:
        page.wait_for_timeout(1000)  # the preview shows the camera's picture
        h.snap(page, snap_as)
    page.wait_for_timeout(TAKE_MS)
    video.locator(f"[data-testid=stop-{n}]").click()


def seconds_shown(page: Page, n: int) -> float:
    state = page.locator(f"[data-testid=state-{n}]")
    expect(state).to_have_text(SECONDS_SHOWN)
    found = SECONDS_SHOWN.search(state.inner_text())
    assert found is not None
    return float(found.group(1))


def test_the_applicant_films_both_videos_on_the_premises_and_both_are_accepted(
    phone: BrowserContext, case_number: str, seeded_live_server: Any
) -> None:
    from onego.cases.models import Case
    from onego.inspection import services

    page = phone.new_page()
    # given the applicant opens the recording page from the todo on their case page
    open_recording_page(page, seeded_live_server.url, case_number)
    expect(page.locator("li.rec-video")).to_have_count(2)
    for n in (1, 2):
        expect(page.locator(f"[data-testid=video-{n}]")).to_have_attribute("data-status", "missing")
        expect(page.locator(f"[data-testid=state-{n}]")).to_have_text("尚未录制")
    h.snap(page, "recording_1_phone_before")

    # when they film video 1 on the premises
    film(page, 1, snap_as="recording_2_phone_while_filming")

    # then, after the upload and the server's check, the page reloads and shows it accepted
    expect(page.locator("[data-testid=video-1]")).to_have_attribute("data-status", "accepted", timeout=CHECK_TIMEOUT_MS)
    expect(page.locator("[data-testid=video-2]")).to_have_attribute("data-status", "missing")

    # when they film video 2 the same way
    film(page, 2)

    # then both are accepted, each with its length in seconds and no problems
    expect(page.locator("[data-testid=video-2]")).to_have_attribute("data-status", "accepted", timeout=CHECK_TIMEOUT_MS)
    for n in (1, 2):
        expect(page.locator(f"[data-testid=video-{n}]")).to_have_attribute("data-status", "accepted")
        assert MIN_SECONDS <= seconds_shown(page, n) < MIN_SECONDS + 10
        expect(page.locator(f"[data-testid=problems-{n}]")).to_have_count(0)
    h.snap(page, "recording_3_phone_both_accepted")
    # and the case is ready for the reviewer
    assert services.videos_status(Case.objects.get(number=case_number))["ready"] is True


def test_a_video_filmed_two_kilometres_away_is_rejected_with_what_to_do(
    phone: BrowserContext, case_number: str, seeded_live_server: Any
) -> None:
    page = phone.new_page()
    open_recording_page(page, seeded_live_server.url, case_number)

    # when the applicant films video 1 about 2 km from the registered premises
    phone.set_geolocation({"latitude": TWO_KM_AWAY[0], "longitude": TWO_KM_AWAY[1], "accuracy": 8})
    film(page, 1)

    # then the check rejects it, says how far away it was filmed and asks to film again on the premises
    expect(page.locator("[data-testid=video-1]")).to_have_attribute("data-status", "rejected", timeout=CHECK_TIMEOUT_MS)
    expect(page.locator("[data-testid=state-1]")).to_have_text("需重新录制")
    problems = page.locator("[data-testid=problems-1]")
    expect(problems).to_contain_text(re.compile(r"视频拍摄地点距登记的经营场所约 2(\.\d)? 公里"))
    expect(problems).to_contain_text("请在经营场所现场重新拍摄。")
    expect(page.locator("[data-testid=video-2]")).to_have_attribute("data-status", "missing")
    h.snap(page, "recording_4_phone_rejected_far")

"""Remote on-site inspection in Chromium (issue 6): on a phone-sized page the applicant follows the todo on
their case page to 现场视频录制 and films both videos of the small-catering plan at the premises; a video
filmed 2 km away is rejected with what to do. And the whole path as people take it: the enterprise applies
on the pages, the window accepts, the enterprise films both videos, the reviewer judges every item on the
reviewer's page, the inspection passes, the head approves, the window issues, and the licence verifies.

The camera is Chromium's fake device playing a generated clip (its own browser: the session browser has no
fake media); the position is the context's emulated geolocation. In the first two tests the case is applied
for through the services in the test process (the live server shares the database). The server's check runs
in the live server's thread when the upload finishes (Celery eager), with the minimum length lowered so a
take is short.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from onego.inspection.tests.factories import NEXT_DOOR, PREMISES_ADDRESS, TWO_KM_AWAY
from tests.browser import helpers as h
from tests.browser.conftest import DEFAULT_TIMEOUT_MS

FOOD_ITEM = "食品经营许可（告知承诺+现场视频）"
MIN_SECONDS = 3
TAKE_MS = (MIN_SECONDS + 2) * 1000  # a little longer than the minimum, as a careful person films
CHECK_TIMEOUT_MS = 60_000  # upload, decode with PyAV, then the page's next 2-second poll and reload
SECONDS_SHOWN = re.compile(r"合格\s+(\d+(?:\.\d+)?)\s*秒")


@pytest.fixture
def video_settings(settings: Any, tmp_path: Any) -> Any:
    """Videos and staged chunks go to the test's own folder; a take may be short; the server's check runs on
    the finish request's commit (Celery eager, no worker)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ONEGO_VAR_DIR = settings.VAR_DIR = tmp_path
    settings.ONEGO_VIDEO = {**settings.ONEGO_VIDEO, "min_seconds": MIN_SECONDS}
    settings.CELERY_TASK_ALWAYS_EAGER = True
    return settings


@pytest.fixture
def case_number(seeded_live_server: Any, video_settings: Any) -> str:
    """The enterprise's food licence case for a small catering business whose premises are in the address
    register."""
    from onego.cases.tests.factories import PDF

    return h.submit_food_case(PDF)


@pytest.fixture
def phone(
    camera_browser: Browser, seeded_live_server: Any, request: pytest.FixtureRequest
) -> Iterator[BrowserContext]:
    """A phone-sized context that may use the camera and stands about 12 m from the premises. The last page
    is saved to test-artifacts/<test name>.png, passed or failed."""
    context = camera_browser.new_context(
        locale="zh-CN",
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        permissions=["camera", "geolocation"],
        geolocation={"latitude": NEXT_DOOR[0], "longitude": NEXT_DOOR[1], "accuracy": 8},
    )
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
    # the position comes first (fake geolocation), then the camera: on a loaded 2-core machine it takes a while
    expect(video.locator(f"[data-testid=progress-{n}]")).to_contain_text("正在录制", timeout=20_000)
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
    expect(page.locator("[data-testid=video-1]")).to_have_attribute(
        "data-status", "accepted", timeout=CHECK_TIMEOUT_MS
    )
    expect(page.locator("[data-testid=video-2]")).to_have_attribute("data-status", "missing")

    # when they film video 2 the same way
    film(page, 2)

    # then both are accepted, each with its length in seconds and no problems
    expect(page.locator("[data-testid=video-2]")).to_have_attribute(
        "data-status", "accepted", timeout=CHECK_TIMEOUT_MS
    )
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
    expect(page.locator("[data-testid=video-1]")).to_have_attribute(
        "data-status", "rejected", timeout=CHECK_TIMEOUT_MS
    )
    expect(page.locator("[data-testid=state-1]")).to_have_text("需重新录制")
    problems = page.locator("[data-testid=problems-1]")
    expect(problems).to_contain_text(re.compile(r"视频拍摄地点距登记的经营场所约 2(\.\d)? 公里"))
    expect(problems).to_contain_text("请在经营场所现场重新拍摄。")
    expect(page.locator("[data-testid=video-2]")).to_have_attribute("data-status", "missing")
    h.snap(page, "recording_4_phone_rejected_far")


# --- the whole path (issue 6): apply, record, review, approve, the licence verifies --------------------------

ENTERPRISE_NAME = "广州市白云区云味餐饮有限公司"
SMALL_CATERING_ITEMS = 43
VIDEO_TIMEOUT_MS = 30_000  # the reviewer's browser loads and seeks a video it has never seen


@pytest.fixture
def people(browser: Browser, seeded_live_server: Any) -> Iterator[h.People]:
    """Staff and the enterprise at their desks, each in their own context of the session browser."""
    crowd = h.People(browser, seeded_live_server.url, {})
    try:
        yield crowd
    finally:
        crowd.close()


def apply_in_the_browser(page: Page, base: str, layout_pdf: str) -> str:
    """The enterprise finds the food licence guide, fills the form for a small catering business at the demo
    premises, commits, signs, previews and submits; returns the case number shown."""
    page.goto(f"{base}/guides/?q=食品")
    page.get_by_role("link", name=FOOD_ITEM).click()
    page.locator("[data-testid=apply]").click()
    expect(page.locator("[data-testid=apply-title]")).to_have_text(f"在线申请：{FOOD_ITEM}")
    page.get_by_label("经营场所").fill(PREMISES_ADDRESS)
    page.get_by_label("主体业态").select_option(label="小餐饮")
    page.get_by_label("热食类食品制售", exact=True).check()
    page.get_by_label("食品安全管理人员姓名").fill("王强")
    page.get_by_label("食品安全管理人员手机号码").fill("13800201234")
    # the business licence stands in as an e-licence; the rules and the letter are generated; the videos come
    # later from the premises: the layout is a file to upload, and so is the manager's health certificate (the
    # one on record for the demo enterprise has expired)
    expect(page.locator("[data-testid=licence-choices-business_licence] input:checked")).not_to_have_value("")
    expect(page.locator("[data-testid=generated-food_safety_rules]")).to_be_visible()
    expect(page.locator("[data-testid=generated-commitment_letter]")).to_be_visible()
    expect(page.locator("[data-testid=on-site-premises_video]")).to_be_visible()
    required_files = page.locator("ul.ap-materials input[type=file][required]")
    expect(required_files).to_have_count(2)
    page.locator("[data-material=layout_and_process] input[type=file]").set_input_files(layout_pdf)
    page.locator("[data-material=food_safety_manager_health] input[type=file]").set_input_files(layout_pdf)
    page.get_by_role("radio", name=re.compile("^告知承诺")).check()
    page.get_by_label(re.compile("我已阅读并签署告知承诺书")).check()
    h.draw_signature(page)
    page.locator("[data-testid=to-preview]").click()
    expect(page.locator("[data-testid=picked-business_licence]")).to_contain_text("电子证照：营业执照")
    h.snap(page, "whole_path_1_apply_preview")
    page.locator("[data-testid=confirm-submit]").click()
    expect(page.locator("[data-testid=apply-done] h1")).to_have_text("申请已提交")
    return page.locator("[data-testid=done-case] a.ap-number").inner_text()


def snap_checklist_top(page: Page, name: str) -> None:
    """What the reviewer sees of the checklist with its top at the top of the window: the outcome and the
    first items (test-artifacts/<name>.png)."""
    checklist = page.locator("section.rv-checklist")
    checklist.evaluate("el => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 8)")
    box = checklist.bounding_box()
    viewport = page.viewport_size
    assert box is not None and viewport is not None
    top = max(box["y"], 0)
    page.screenshot(
        path=str(h.ARTIFACTS / f"{name}.png"),
        clip={"x": box["x"], "y": top, "width": box["width"], "height": viewport["height"] - top},
    )


def test_the_whole_path_apply_record_review_approve_and_the_licence_verifies(
    phone: BrowserContext,
    people: h.People,
    browser: Browser,
    video_settings: Any,
    seeded_live_server: Any,
    tmp_path: Any,
) -> None:
    from onego.cases.models import Case

    base = seeded_live_server.url
    layout = tmp_path / "布局及操作流程.pdf"
    layout.write_bytes(h.tiny_pdf("layout and process"))

    # given the enterprise applies at its desk for the food licence of its small catering business
    desk = people.page_of("enterprise")
    number = apply_in_the_browser(desk, base, str(layout))

    # and the window clerk accepts the application
    clerk = people.page_of("clerk")
    h.open_from_inbox(clerk, base, number)
    h.act(clerk, number, "accept")

    # when the enterprise, on its phone at the premises, follows the todo on its case page and films both videos
    mobile = phone.new_page()
    open_recording_page(mobile, base, number)
    expect(mobile.locator("li.rec-video")).to_have_count(2)
    film(mobile, 1)
    expect(mobile.locator("[data-testid=video-1]")).to_have_attribute(
        "data-status", "accepted", timeout=CHECK_TIMEOUT_MS
    )
    film(mobile, 2)

    # then both are accepted
    expect(mobile.locator("[data-testid=video-2]")).to_have_attribute(
        "data-status", "accepted", timeout=CHECK_TIMEOUT_MS
    )
    expect(mobile.locator("[data-testid=video-1]")).to_have_attribute("data-status", "accepted")
    h.snap(mobile, "whole_path_2_phone_both_accepted")

    # when the market reviewer opens the case and follows the link to the remote video inspection
    reviewer = people.page_of("reviewer")
    reviewer.set_viewport_size({"width": 1366, "height": 900})
    h.open_from_inbox(reviewer, base, number)
    reviewer.locator("[data-testid=review-link]").click()
    expect(reviewer).to_have_url(f"{base}/inspection/case/{number}/review/")
    expect(reviewer.get_by_role("heading", level=1)).to_contain_text("远程视频核查")
    expect(reviewer.locator("[data-testid=premises-unknown]")).to_have_count(
        0
    )  # the demo address is registered

    # then both videos are there, accepted, and each serves byte ranges so the player can seek
    for n in (1, 2):
        card = reviewer.locator(f"[data-testid=rv-video-{n}]")
        expect(card.locator("video")).to_have_count(1)
        expect(card.locator(".badge.ok")).to_have_text("合格")
        src = card.locator("video").get_attribute("src")
        assert src and src.startswith("/inspection/video/")
        ranged = reviewer.request.get(base + src, headers={"Range": "bytes=0-1023"})
        assert ranged.status == 206
        assert ranged.headers["content-range"].startswith("bytes 0-1023/")
        assert len(ranged.body()) == 1024
        expect(card.locator(".rv-thumb").first).to_be_visible()

    # when the reviewer clicks the last keyframe of video 2, the video jumps to that moment
    video = reviewer.locator("[data-testid=rv-video-2] video")
    video.scroll_into_view_if_needed()
    reviewer.wait_for_function("v => v.readyState >= 1", arg=video.element_handle(), timeout=VIDEO_TIMEOUT_MS)
    thumb = reviewer.locator("[data-testid=rv-video-2] .rv-thumb").last
    at = float(thumb.get_attribute("data-t") or "0")
    assert at > 0, "the last keyframe is not the first frame"
    thumb.click()
    reviewer.wait_for_function(
        "([v, t]) => !v.seeking && Math.abs(v.currentTime - t) < 0.5",
        arg=[video.element_handle(), at],
        timeout=VIDEO_TIMEOUT_MS,
    )

    # and records that moment beside an item of the second video's areas, then judges every item 符合
    rows = reviewer.locator("tr[data-testid^=item-]")
    expect(rows).to_have_count(SMALL_CATERING_ITEMS)
    marked = rows.last
    marked_code = marked.get_attribute("data-code")
    marked.get_by_role("button", name="记录当前视频时间点").click()
    expect(marked.locator(".rv-moment")).to_have_text(re.compile(r"^视频 2 第 \d+(\.\d)? 秒$"))
    noted = rows.first
    noted_code = noted.get_attribute("data-code")
    noted.locator(f"input[name=n_{noted_code}]").fill("门头招牌清晰，与营业执照名称一致")
    for i in range(SMALL_CATERING_ITEMS):
        rows.nth(i).locator("input[type=radio][value=pass]").check()
    reviewer.locator("[data-testid=save-verdicts]").click()

    # then the page says the verdicts are saved, all 43 judged, and the pass rule's outcome: passed
    expect(reviewer.locator("ul.messages")).to_contain_text("核查结论已保存")
    outcome = reviewer.locator("[data-testid=outcome]")
    expect(outcome).to_contain_text(f"已判定 {SMALL_CATERING_ITEMS} / {SMALL_CATERING_ITEMS} 项")
    expect(outcome).to_contain_text("现场核查通过")
    expect(outcome).to_have_class(re.compile(r"\bpass\b"))
    expect(reviewer.locator("input[type=radio][value=pass]:checked")).to_have_count(SMALL_CATERING_ITEMS)
    expect(reviewer.locator(f"input[name=n_{noted_code}]")).to_have_value("门头招牌清晰，与营业执照名称一致")
    expect(reviewer.locator(f"tr[data-code={marked_code}] .rv-moment")).to_have_text(
        re.compile(r"^视频 2 第 \d+(\.\d)? 秒$")
    )
    stored = (
        Case.objects.get(number=number).checklist_verdicts.select_related("video").get(item_code=marked_code)
    )
    assert stored.video is not None and stored.video.plan_number == 2
    assert stored.at_seconds is not None and abs(stored.at_seconds - at) < 0.5
    reviewer.evaluate("window.scrollTo(0, 0)")
    h.snap(reviewer, "whole_path_3_reviewer_page")
    snap_checklist_top(reviewer, "whole_path_4_checklist_outcome")

    # when the reviewer goes back to the case and passes the inspection, the head approves, the clerk issues
    outcome.get_by_role("link", name="回到办件页面作出核查结论").click()
    expect(reviewer.locator("[data-testid=case-title]")).to_contain_text(number)
    h.act(reviewer, number, "pass")
    head = people.page_of("head")
    h.open_from_inbox(head, base, number)
    h.act(head, number, "approve")
    h.open_from_inbox(clerk, base, number)
    expect(clerk.locator(".st-summary")).to_contain_text("当前环节：制证送达")
    h.act(clerk, number, "issue")
    expect(clerk.locator("[data-testid=case-status]")).to_have_text("已办结：准予")

    # then the enterprise finds its food business licence, valid, in 我的证照
    desk.goto(f"{base}/licences/mine/")
    licence = desk.locator("[data-testid=licence]", has_text="食品经营许可证")
    expect(licence).to_have_count(1)
    expect(licence.locator("[data-testid=status]")).to_have_text(re.compile("^有效"))
    expect(licence).to_contain_text(ENTERPRISE_NAME)
    identifier = licence.get_attribute("data-identifier")
    assert identifier
    h.snap(desk, "whole_path_5_my_licences")

    # and anyone who is given its identifier (not signed in) verifies it on the public page: valid
    public = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    people.contexts["public"] = public  # closed with the others
    verifier = public.new_page()
    verifier.goto(f"{base}/licences/verify/")
    verifier.get_by_label("二维码内容、证照签名数据（JSON）或证照标识").fill(identifier)
    verifier.locator("[data-testid=verify-text]").click()
    result = verifier.locator("[data-testid=verify-result]")
    expect(result).to_have_attribute("data-status", "valid")
    expect(result.locator("[data-testid=verify-status]")).to_contain_text("✔ 有效")
    expect(result).to_contain_text("食品经营许可证")
    # an identifier alone does not name the holder (docs/security.md: licence serials are sequential)
    expect(result.locator("[data-testid=holder-withheld]")).to_be_visible()
    expect(result).not_to_contain_text(ENTERPRISE_NAME)
    expect(result).to_contain_text(identifier)
    h.snap(verifier, "whole_path_6_verify_valid")

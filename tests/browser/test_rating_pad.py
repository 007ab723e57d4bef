"""The window rating pad in Chromium (issue 17): the clerk (signed in) opens 叫号, calls the next ticket,
serves, presses 办理完毕; the pad — a second page at tablet size (1024×768), no login, opened by the window's
pad key — shows the clerk, then the five grades for that visit; the applicant picks 不满意 (grade 2), a reason
chip and a few words, submits; the pad thanks them and returns to idle. The stored rating has grade 2, the
clerk, the window, and a bad-review work order was opened.

Screenshots (looked at): docs/screenshots/issue17-pad.png (grading, landscape), issue17-pad-idle.png,
issue17-pad-portrait.png (768×1024) and issue17-queue.png (the clerk's page)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from playwright.sync_api import Browser, expect

from tests.browser import helpers as h
from tests.browser.helpers import People

SHOTS = h.ARTIFACTS / "issue17"  # the docs keep the screenshots taken of the demo, not of test worlds


def test_a_clerk_calls_serves_and_the_pad_takes_a_bad_rating(
    browser: Browser, people: People, seeded_live_server: Any
) -> None:
    from onego.accounts.models import User, Window
    from onego.demo.ratings_seed import seed_ratings
    from onego.ratings.models import Rating, WorkOrder

    seed_ratings()  # pad keys for the demo windows and three tickets waiting at the district centre
    clerk = User.objects.get(username="clerk")
    window = Window.objects.get(clerk=clerk)
    base = seeded_live_server.url
    SHOTS.mkdir(parents=True, exist_ok=True)

    # the hall's ticket machine: one more ticket, with a phone for the SMS link
    kiosk = browser.new_context(locale="zh-CN", viewport={"width": 768, "height": 1024})
    ticket_page = kiosk.new_page()
    ticket_page.goto(f"{base}/cases/ticket/district/")
    ticket_page.get_by_test_id("ticket-phone").fill("13800009999")
    ticket_page.get_by_test_id("take-ticket").click()
    expect(ticket_page.get_by_test_id("ticket-number")).to_have_text("A004")
    kiosk.close()

    # the tablet facing the applicant
    tablet = browser.new_context(locale="zh-CN", viewport={"width": 1024, "height": 768}, has_touch=True)
    tablet.set_default_timeout(10_000)
    pad = tablet.new_page()
    pad.goto(f"{base}/ratings/pad/{window.pad_key}/")
    expect(pad.get_by_test_id("pad-clerk")).to_have_text("黄晓敏")
    expect(pad.get_by_test_id("pad-window")).to_contain_text("3 号窗口")
    expect(pad.get_by_test_id("pad-idle")).to_be_visible()
    pad.screenshot(path=str(SHOTS / "issue17-pad-idle.png"))

    # the clerk calls the next ticket
    desk = people.page_of("clerk")
    desk.goto(f"{base}/cases/queue/")
    expect(desk.get_by_test_id("waiting-count")).to_have_text("4")
    desk.get_by_test_id("call-next").click()
    expect(desk.get_by_test_id("called-ticket")).to_have_text("A001")
    expect(desk.get_by_test_id("called-name")).to_have_text("陈先生")
    desk.screenshot(path=str(SHOTS / "issue17-queue.png"), full_page=True)
    expect(pad.get_by_test_id("pad-serving")).to_be_visible()  # the pad polls every 2 s
    expect(pad.get_by_test_id("pad-serving")).to_contain_text("A001")

    # served: done → the pad asks for the rating of this visit
    desk.get_by_test_id("visit-done").click()
    expect(desk.get_by_test_id("call-next")).to_be_visible()
    expect(pad.get_by_test_id("pad-rate")).to_be_visible()
    expect(pad.get_by_test_id("reason-box")).to_be_hidden()
    pad.locator("label.rt-grade-2").tap()  # 不满意
    expect(pad.get_by_test_id("reason-box")).to_be_visible()
    pad.locator("label.rt-chip").first.tap()  # 等候时间太长
    pad.locator("label.rt-ind-grade:has([data-testid=ind-attitude-3])").tap()
    pad.get_by_test_id("reason").fill("取号后等了四十分钟")
    pad.screenshot(path=str(SHOTS / "issue17-pad.png"))
    pad.get_by_test_id("pad-submit").tap()
    expect(pad.get_by_test_id("pad-thanks")).to_be_visible()
    expect(pad.get_by_test_id("pad-idle")).to_be_visible(timeout=12_000)  # resets after a few seconds

    rating = Rating.objects.get(
        channel="pad", rated_on=timezone.localdate(), staff=clerk
    )  # not the demo's own
    assert (rating.grade, rating.channel, rating.staff_id, rating.window_id) == (
        2,
        "pad",
        clerk.pk,
        window.pk,
    )
    assert rating.reason == "等候时间太长；取号后等了四十分钟"
    assert rating.indicators == {"attitude": 3}
    assert WorkOrder.objects.filter(rating=rating, department_id=clerk.department_id).exists()

    # portrait tablet: the grades still fit
    pad.set_viewport_size({"width": 768, "height": 1024})
    desk.get_by_test_id("call-next").click()
    expect(desk.get_by_test_id("called-ticket")).to_have_text("A002")
    desk.get_by_test_id("visit-done").click()
    expect(pad.get_by_test_id("pad-rate")).to_be_visible()
    pad.locator("label.rt-grade-5").tap()
    pad.screenshot(path=str(SHOTS / "issue17-pad-portrait.png"))
    tablet.close()

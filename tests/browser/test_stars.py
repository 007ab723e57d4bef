"""The quarterly service stars in Chromium (issue 17, part 4): the district centre's head opens 政务服务之星,
reviews the draft ranking of the previous quarter — 13 window staff, every score with its source — approves it,
and the public hall notice (printable, and the full-screen display) shows the two stars. Screenshots of the
draft, the hall notice and the display go to docs/screenshots/ (issue17-*.png) and test-artifacts/."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from tests.browser import helpers as h

SHOTS = h.ARTIFACTS / "issue17"  # the docs keep the screenshots taken of the demo, not of test worlds


def fits(page: Page, width: int) -> None:
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= width, f"{page.url} is {wide} px wide at {width} px"


def test_the_head_approves_the_draft_and_the_hall_notice_shows_the_stars(
    page: Page, browser: Browser, seeded_live_server
):
    from onego.demo import stars_seed
    from onego.staffstars.models import StarEntry

    world = stars_seed.seed_stars()
    base = seeded_live_server.url
    SHOTS.mkdir(parents=True, exist_ok=True)
    h.ARTIFACTS.mkdir(parents=True, exist_ok=True)

    # nothing public before approval: the hall says so and names no one
    assert page.goto(f"{base}/stars/hall/district/").status == 200
    expect(page.get_by_test_id("hall-none")).to_contain_text("本中心尚未公布政务服务之星")
    expect(page.get_by_test_id("hall-star")).to_have_count(0)

    h.sign_in(page, base, "centre_head")
    page.goto(f"{base}/stars/")
    page.get_by_test_id(f"round-district-{world.key}").click()
    ranking = page.get_by_test_id("ranking")
    expect(ranking.locator("tbody tr")).to_have_count(13)
    expect(page.get_by_test_id("quota")).to_have_text("2")
    expect(page.get_by_test_id("round-status")).to_have_text("草稿")
    # every score with its source and the numbers behind it
    first = ranking.locator("tbody tr").first
    expect(first.locator("td[data-dimension=volume]")).to_contain_text("系统计算")
    expect(first.locator("td[data-dimension=volume]")).to_contain_text("同类事项期望")
    expect(first.locator("td[data-dimension=attendance]")).to_contain_text("评分表录入")
    # at a phone's width the ranking scrolls inside its box and the scoring sheet stacks
    page.set_viewport_size({"width": 390, "height": 900})
    fits(page, 390)
    page.get_by_test_id("open-sheet").click()
    expect(page.get_by_test_id("sheet").locator("tbody tr")).to_have_count(13)
    fits(page, 390)
    page.go_back()
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.screenshot(path=str(h.ARTIFACTS / "issue17-stars-draft.png"), full_page=True)

    page.get_by_test_id("approve").click()
    expect(page.get_by_test_id("round-status")).to_have_text("已审定")
    expect(page.locator(".messages")).to_contain_text("政务服务之星已公布")
    stars = list(StarEntry.objects.filter(is_star=True).order_by("rank", "staff_name"))
    assert len(stars) == 2
    expect(page.get_by_test_id("certificates").locator("a")).to_have_count(2)
    page.screenshot(path=str(SHOTS / "issue17-stars-ranking.png"), full_page=True)

    # the hall notice, as anyone in the hall (no login) sees it
    hall = browser.new_page(viewport={"width": 1000, "height": 1300}, locale="zh-CN")
    hall.goto(f"{base}/stars/hall/district/")
    expect(hall.get_by_test_id("hall-star")).to_have_count(2)
    for entry in stars:
        expect(hall.get_by_test_id("hall-notice")).to_contain_text(entry.staff_name)
    expect(hall.get_by_test_id("hall-notice")).to_contain_text("本年度第 1 次获评")
    hall.screenshot(path=str(SHOTS / "issue17-hall-notice.png"), full_page=True)
    hall.set_viewport_size({"width": 390, "height": 900})
    fits(hall, 390)

    display = browser.new_page(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    display.goto(f"{base}/stars/hall/district/display/")
    expect(display.get_by_test_id("display-star")).to_have_count(2)
    expect(display.get_by_test_id("display-stars")).to_contain_text(stars[0].staff_name)
    display.screenshot(path=str(SHOTS / "issue17-hall-display.png"))
    hall.close()
    display.close()

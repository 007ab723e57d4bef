"""Bad-review work orders (差评工单, issue 17 part 2), in Chromium: the district service centre's head
(centre_head, 区政数局) opens 差评工单, where the overdue order is red and first; opens it, verifies, records
立行立改, calls the rater back — the phone number is shown in full only on that step — and the order closes;
the list then shows it closed. Screenshots of the order page at 1280 and 390 px go to docs/screenshots/.

The bad ratings are written as the rating pad writes them (onego/ratings/tests/workorders_world.py; the pad
itself is another browser test's subject)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from playwright.sync_api import Page, expect

from onego.ratings import workorders
from onego.ratings.tests.figures_world import without_demo_ratings
from onego.ratings.tests.workorders_world import RATER_PHONE, bad_rating
from tests.browser import helpers as h

SCREENSHOTS = h.ARTIFACTS / "issue17"  # the docs keep the screenshots taken of the demo


def fits(page: Page, width: int) -> None:
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= width, f"{page.url} is {wide} px wide at {width} px"


def open_list(page: Page, base: str) -> None:
    entry = page.locator("nav.main-nav li[data-nav=work_orders] a")
    if entry.count():
        entry.click()
    else:
        page.goto(f"{base}/ratings/orders/")
    expect(page.locator("h1")).to_have_text("差评工单")


def test_the_centre_head_handles_an_overdue_bad_review_to_the_end(
    page: Page, seeded_live_server: Any
) -> None:
    base = seeded_live_server.url
    without_demo_ratings()  # the demo seeds bad reviews of its own; this test counts its two
    late = bad_rating(grade=1, at=timezone.now() - timedelta(days=40), reason="排队一小时后被告知材料不全")
    fresh = bad_rating(grade=2, reason="窗口人员态度生硬")
    workorders.refresh_work_orders()

    h.sign_in(page, base, "centre_head")
    open_list(page, base)
    rows = page.locator("[data-testid=order-row]")
    expect(rows).to_have_count(2)
    expect(rows.first).to_have_attribute("data-number", late.number)
    expect(rows.first.locator("[data-testid=colour]")).to_have_text("红色超期")
    expect(page.locator("[data-testid=count-red]")).to_have_text("1")
    expect(page.locator("body")).not_to_contain_text(RATER_PHONE)

    rows.first.get_by_role("link", name=late.number).click()
    expect(page.locator("[data-testid=order-title]")).to_contain_text(late.number)
    expect(page.locator("[data-testid=grade]")).to_have_text("非常不满意")
    expect(page.locator("[data-testid=reason]")).to_have_text("排队一小时后被告知材料不全")
    expect(page.locator("[data-testid=rater-name]")).to_have_text("张**")
    expect(page.locator("[data-testid=rater-phone]")).to_have_text("138****5678")
    expect(page.locator("[data-testid=order-colour]")).to_have_text("红色超期")

    # 核实
    verify = page.locator("[data-testid=step-verify]")
    verify.get_by_role("radio", name="属实", exact=True).check()
    verify.get_by_label("核实情况").fill("调取窗口录像，申请人所述属实：一次性告知不到位。")
    verify.get_by_role("button", name="保存核实情况").click()
    expect(page.locator("ul.messages")).to_contain_text("已保存核实情况。")
    expect(page.locator("[data-testid=order-status]")).to_have_text("整改中")

    # 立行立改 — first without saying what was done: the field says so and nothing is stored
    rectify = page.locator("[data-testid=step-rectify]")
    rectify.get_by_role("radio", name="立行立改").check()
    rectify.get_by_role("button", name="保存处理情况").click()
    expect(page.locator("[data-testid=error-summary]")).to_be_visible()
    expect(page.locator("[data-testid=step-rectify] .field-error")).to_contain_text("请填写整改情况")
    expect(page.locator("[data-testid=order-status]")).to_have_text("整改中")
    rectify = page.locator("[data-testid=step-rectify]")
    rectify.get_by_role("radio", name="立行立改").check()
    rectify.get_by_label("整改情况（立行立改：已做了什么）").fill(
        "当日电话致歉，补发一次性告知书，预约上门收件。"
    )
    rectify.get_by_role("button", name="保存处理情况").click()
    expect(page.locator("[data-testid=order-status]")).to_have_text("待回访")

    # 回访: the phone number in full, on this step only
    callback = page.locator("[data-testid=step-callback]")
    expect(callback.locator("[data-testid=callback-phone]")).to_have_text(RATER_PHONE)
    expect(page.locator("[data-testid=rater-phone]")).to_have_count(0)
    page.set_viewport_size({"width": 1280, "height": 900})
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "issue17-work-order.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    fits(page, 390)
    page.screenshot(path=str(SCREENSHOTS / "issue17-work-order-390.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    callback.get_by_role("radio", name="满意", exact=True).check()
    callback.get_by_label("回访记录").fill("电话回访，评价人对整改表示满意。")
    callback.get_by_role("button", name="保存回访结果").click()
    expect(page.locator("[data-testid=order-status]")).to_have_text("已办结")
    expect(page.locator("body")).not_to_contain_text(RATER_PHONE)
    timeline = page.locator("[data-testid=timeline]")
    for step in ("收到差评，生成工单", "核实", "整改完成", "回访，办结"):
        expect(timeline).to_contain_text(step)
    h.snap(page, "work_order_closed")

    # the list: closed, and the fresh one now first
    open_list(page, base)
    expect(rows.first).to_have_attribute("data-number", fresh.number)
    closed = page.locator(f"[data-testid=order-row][data-number='{late.number}']")
    expect(closed.locator("[data-testid=status]")).to_have_text("已办结")
    expect(closed).to_have_attribute("data-status", "closed")
    expect(page.locator("[data-testid=count-closed]")).to_have_text("1")
    page.set_viewport_size({"width": 390, "height": 844})
    fits(page, 390)
    h.snap(page, "work_orders_list_390")

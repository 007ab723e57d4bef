"""The 好差评 figures in a real browser: the district centre's head opens 好差评统计, groups by window, sees the
window that took a bad review, and the public page shows the district at a phone's width without staff names.
Screenshots for the lead go to ONEGO_FIGURES_SHOTS (default test-artifacts/figures/)."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser import helpers as h

SHOTS = Path(os.environ.get("ONEGO_FIGURES_SHOTS", str(h.ARTIFACTS / "figures")))


def _seed_ratings() -> None:
    from onego.accounts.models import Department, ServiceCentre, User, Window
    from onego.catalog.models import ServiceItem
    from onego.ratings.tests.figures_world import rate, without_demo_ratings

    without_demo_ratings()  # the demo's own bad reviews would join the counts below
    today = timezone.localdate()
    first = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
    district = ServiceCentre.objects.get(code="district")
    th = ServiceCentre.objects.get(code="th")
    zsj = Department.objects.get(short_name="区政数局")
    scjg = Department.objects.get(short_name="区市场监管局")
    town = Department.objects.get(short_name="太和镇")
    clerk = User.objects.get(username="clerk")
    reviewer = User.objects.get(username="reviewer")
    items = list(ServiceItem.objects.order_by("id")[:3])
    w = {n: Window.objects.get(centre=district, number=n) for n in (1, 3, 5)}
    span = max((today - first).days, 0)
    plan = [
        (5, zsj, district, w[3], clerk, items[0], "pad"),
        (5, zsj, district, w[3], clerk, items[0], "pad"),
        (4, zsj, district, w[3], clerk, items[1], "pad"),
        (2, zsj, district, w[3], clerk, items[1], "pad"),
        (5, scjg, district, w[5], reviewer, items[2], "pad"),
        (3, scjg, district, w[5], reviewer, items[2], "sms"),
        (5, scjg, district, None, None, items[2], "online"),
        (4, scjg, district, None, None, items[2], "qr"),
        (3, scjg, district, None, None, items[0], "default"),
        (5, town, th, None, None, items[0], "pad"),
        (1, zsj, district, w[1], None, items[1], "pad"),
    ]
    for n, (grade, dept, centre, window, staff, item, channel) in enumerate(plan):
        rate(
            grade,
            day=first + timedelta(days=n * span // len(plan)),
            department=dept,
            centre=centre,
            window=window,
            staff=staff,
            item=item,
            channel=channel,
        )


def test_the_centre_head_reads_the_figures_by_window_and_the_public_sees_the_district(
    page: Page, seeded_live_server
) -> None:
    base = seeded_live_server.url
    _seed_ratings()
    SHOTS.mkdir(parents=True, exist_ok=True)

    h.sign_in(page, base, "centre_head")
    page.goto(f"{base}/ratings/figures/")
    expect(page.get_by_role("heading", name="好差评统计")).to_be_visible()
    expect(page.get_by_test_id("ratings")).to_have_text("11")
    expect(page.get_by_test_id("bad")).to_have_text("2")
    expect(page.get_by_test_id("provincial-note")).to_contain_text("无法连接")
    page.get_by_label("分组").select_option("window")
    page.get_by_role("button", name="查询").click()
    window3 = page.get_by_test_id("by-group").locator("tbody tr", has_text="3 号窗口")
    expect(window3.locator("[data-col=ratings]")).to_have_text("4")
    expect(window3.locator("[data-col=satisfaction]")).to_have_text("75.0%")
    expect(window3.locator("[data-col=bad]")).to_have_text("1")
    expect(page.get_by_test_id("figures-csv")).to_have_attribute(
        "href", "/ratings/figures.csv?period=" + page.url.split("period=")[1]
    )
    page.screenshot(path=str(SHOTS / "issue17-rating-figures.png"), full_page=True)

    anonymous = page.context.browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    phone = anonymous.new_page()
    try:
        phone.goto(f"{base}/ratings/public/")
        expect(phone.get_by_role("heading", name="政务服务好差评公开")).to_be_visible()
        expect(phone.get_by_test_id("ratings")).to_have_text("11")
        expect(phone.get_by_test_id("by-channel")).to_contain_text("默认评价")
        assert "黄晓敏" not in phone.content()
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, width
        phone.screenshot(path=str(SHOTS / "issue17-rating-public.png"), full_page=True)
    finally:
        anonymous.close()

"""The centre's dashboard in Chromium (issue 17, part 6): the demo supervisor opens 数据看板 for the district
centre; every chart is drawn by ECharts (a canvas in each chart box) with no Content-Security-Policy complaint,
and the tables beside the charts hold the numbers of the test's world — the seed's uneven windows (window 3:
5,197 cases, window 7: 715) and cases by channel. The page fits 390 px. Screenshots go to docs/screenshots/
(issue17-dashboard.png at 1280 px, issue17-dashboard-390.png at 390 px).

The world is written as the aggregates the case listener keeps (onego/stats/tests/test_aggregates.py proves the
listener writes them from real cases), dated today, so the page's default period (this quarter) shows them.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from playwright.sync_api import Browser, expect

from onego.accounts.models import Department, ServiceCentre, Window
from onego.catalog.models import ServiceItem
from onego.stats.models import CaseDay, CaseDuration, WindowDay
from tests.browser import helpers as h
from tests.browser.conftest import DEFAULT_TIMEOUT_MS
from tests.browser.test_content_security_policy import LISTEN

SCREENSHOTS = h.ARTIFACTS / "issue17"  # the docs keep the screenshots taken of the demo


def world() -> ServiceCentre:
    today = timezone.localdate()
    centre = ServiceCentre.objects.get(code="district")
    department = Department.objects.get(pk=centre.department_id)
    item = ServiceItem.objects.order_by("pk").first()
    assert item is not None
    common = {"day": today, "centre_key": centre.pk, "department_id": department.pk, "item_id": item.pk}
    CaseDay.objects.create(
        **common, channel="window", submitted=7, accepted=7, closed=5, approved=5, visits=5, timed=5,
        workdays_sum=10, promised_sum=15, statutory_sum=100, within_promised=5, within_statutory=5,
    )  # fmt: skip
    CaseDay.objects.create(
        **common, channel="online", submitted=13, closed=4, approved=4, fully_online=4, timed=4,
        workdays_sum=4, promised_sum=12, statutory_sum=80, within_promised=4, within_statutory=4,
    )  # fmt: skip
    for days, n in [(1, 6), (2, 2), (4, 1)]:
        CaseDuration.objects.create(
            day=today, centre_key=centre.pk, department_id=department.pk, workdays=days, cases=n
        )
    for number, cases in [
        (1, 2400),
        (2, 3100),
        (3, 5197),
        (4, 2600),
        (5, 1900),
        (6, 1500),
        (7, 715),
        (8, 1200),
    ]:
        window = Window.objects.get(centre=centre, number=number)
        WindowDay.objects.create(
            day=today, window_id=window.pk, centre_key=centre.pk, cases=cases, visits=cases
        )
    return centre


def test_a_supervisor_reads_the_dashboard_charts_and_tables(browser: Browser, seeded_live_server: Any):
    base = seeded_live_server.url
    centre = world()
    complaints: list[str] = []
    for width, height, shot in [
        (1280, 900, "issue17-dashboard.png"),
        (390, 844, "issue17-dashboard-390.png"),
    ]:
        context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": height})
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        context.add_init_script(LISTEN)
        context.on(
            "console",
            lambda m: (
                complaints.append(m.text)
                if "Content Security Policy" in m.text or "Refused" in m.text
                else None
            ),
        )
        page = context.new_page()
        try:
            h.sign_in(page, base, "supervisor")
            entry = page.locator("nav.main-nav li[data-nav=dashboard] a")
            if entry.count():
                entry.click()
            else:
                page.goto(f"{base}/stats/")
            page.get_by_label("服务中心").select_option(str(centre.pk))
            page.get_by_role("button", name="查看").click()
            expect(page.locator("[data-testid=scope]")).to_contain_text("白云区政务服务中心")
            for key in ("channels", "trend", "times", "durations", "items", "windows"):
                chart = page.locator(f"[data-testid=chart-{key}]")
                expect(chart).to_have_attribute("data-drawn", "1")
                expect(chart.locator("canvas").first).to_be_attached()
                assert chart.get_attribute("aria-describedby") == f"table-{key}"
            windows = page.locator("[data-testid=table-windows] tbody tr")
            expect(windows.filter(has_text="3号窗口")).to_contain_text("5,197")
            expect(windows.filter(has_text="7号窗口")).to_contain_text("715")
            channels = page.locator("[data-testid=table-channels] tbody tr")
            expect(channels.filter(has_text="窗口申请")).to_contain_text("7")
            expect(channels.filter(has_text="网上申请")).to_contain_text("13")
            kpi = page.locator("[data-testid=table-kpi]")
            expect(kpi.locator("tr", has_text="办结件数").locator("td")).to_have_text("9")
            # 9 timed cases: 6 took 1 working day, 2 took 2, 1 took 4; the 9th (⌈0.9 × 9⌉) took 4
            expect(kpi.locator("tr", has_text="P90 实际用时").locator("td")).to_have_text("4")
            expect(page.locator("#block-windows")).to_contain_text("7.27")  # 5,197 / 715
            wide = page.evaluate("document.documentElement.scrollWidth")
            assert wide <= width, f"the dashboard is {wide} px wide at {width} px"
            complaints.extend(page.evaluate("window.__csp || []"))
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / shot), full_page=True)
            with page.expect_download() as download:
                page.locator("[data-testid=export-windows]").click()
            assert download.value.suggested_filename.startswith("dashboard-windows-")
        finally:
            context.close()
    assert complaints == []

"""The whole 好差评 loop of issue 17 in Chromium, as one journey on the real pages (the issue's "Must show").

On Wednesday 2026-06-17 at the district service centre (time_machine, ticking, started before the demo is
seeded, so the demo's three waiting tickets and its three older bad reviews are dated from that day; the live
server runs in this process and sees the same clock):

1. the district centre's head (centre_head) reads 好差评统计 for the quarter, and a stranger the public page —
   the counts before;
2. an applicant takes ticket A004 on the hall's ticket machine, leaving a name and a mobile number;
3. the demo clerk (黄晓敏, window 3) opens 叫号 from the menu; the tablet facing the applicant (a second page,
   1024×768, touch) opens the rating pad at the address shown on the clerk's page; the clerk calls A001–A003,
   who do not come (过号), then A004, serves and presses 办理完毕;
4. the pad asks for the rating of that visit; the applicant taps 不满意 (grade 2), a reason and a few words;
   the pad thanks them and goes back to its welcome;
5. the work order appears in 差评工单 for the clerk's department head (centre_head), who opens it — the rater
   masked, due in 15 working days (across the Dragon Boat holiday, 2026-06-19) — verifies, records 立行立改,
   calls the rater back (the full number shown on that step only) and closes it;
6. the figures of the quarter count one more rating, one more bad review, one more rectified and called back,
   on the staff page (and for window 3) and on the public page.

Nothing is written behind the pages' backs except the starting world (seed_demo). Screenshots of each step go
to test-artifacts/rating_loop/ (looked at)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from tests.browser import helpers as h
from tests.browser.helpers import People

CST = timezone.get_fixed_timezone(480)
# A working day; the work order's 15 working days skip 端午节 (Friday 2026-06-19) and the weekends.
WEDNESDAY = datetime(2026, 6, 17, 9, 0, tzinfo=CST)
QUARTER = "2026Q2"
DUE_ON = "2026-07-09"

APPLICANT = "周女士"
APPLICANT_PHONE = "13912345678"
REASON_WORDS = "材料清单和窗口说的不一样，白跑了一趟"
SHOTS = h.ARTIFACTS / "rating_loop"


@pytest.fixture
def wednesday() -> Iterator[None]:
    with time_machine.travel(WEDNESDAY, tick=True):
        yield


@pytest.fixture
def world(wednesday: None, seeded_live_server: Any) -> Any:
    """The demo seeded on the frozen Wednesday (the clock first, then seed_demo)."""
    return seeded_live_server


def shot(page: Page, name: str, *, full: bool = True) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)


def number(page: Page, testid: str) -> int:
    return int(page.get_by_test_id(testid).inner_text().split()[0])


def staff_figures(page: Page, base: str) -> dict[str, int]:
    """好差评统计 of the quarter, from the menu, as the page shows them."""
    page.locator("nav.main-nav li[data-nav=rating_figures] a").click()
    expect(page.get_by_role("heading", name="好差评统计", level=1)).to_be_visible()
    expect(page.get_by_label("统计期间")).to_have_value(QUARTER)
    facts = page.get_by_test_id("figures")
    return {
        "ratings": number(page, "ratings"),
        "bad": number(page, "bad"),
        "rectified": int(
            facts.get_by_test_id("rectification").locator("small").inner_text().strip("()").split("/")[0]
        ),
        "called_back": int(
            facts.get_by_test_id("callback").locator("small").inner_text().strip("()").split("/")[0]
        ),
    }


def public_quarter(page: Page, base: str) -> dict[str, str]:
    page.goto(f"{base}/ratings/public/")
    expect(page.get_by_role("heading", name="政务服务好差评公开")).to_be_visible()
    row = page.get_by_test_id("quarters").locator(f"tr[data-key='{QUARTER}']")
    return {col: row.locator(f"[data-col={col}]").inner_text() for col in ("ratings", "bad", "callback")}


def test_a_bad_rating_on_the_pad_goes_round_the_whole_loop(
    world: Any, browser: Browser, people: People
) -> None:
    from onego.accounts.models import User, Window
    from onego.cases.models import Visit, VisitStatus
    from onego.ratings.models import Rating, WorkOrder, WorkOrderStatus

    base = world.url
    assert timezone.localdate() == date(2026, 6, 17)
    clerk = User.objects.get(username="clerk")
    window3 = Window.objects.get(clerk=clerk)
    assert window3.number == 3

    # 1. the counts before, as the centre's head and a stranger read them
    head = people.page_of("centre_head")
    before = staff_figures(head, base)
    assert before["ratings"] == Rating.objects.filter(rated_at__date__gte=date(2026, 4, 1)).count()
    stranger = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    street = stranger.new_page()
    public_before = public_quarter(street, base)

    # 2. the hall's ticket machine: a ticket with a name and a mobile number for the call-back
    kiosk = browser.new_context(locale="zh-CN", viewport={"width": 768, "height": 1024}, has_touch=True)
    machine = kiosk.new_page()
    machine.goto(f"{base}/cases/ticket/district/")
    machine.get_by_test_id("ticket-name").fill(APPLICANT)
    machine.get_by_test_id("ticket-phone").fill(APPLICANT_PHONE)
    machine.get_by_test_id("take-ticket").tap()
    expect(machine.get_by_test_id("ticket-number")).to_have_text("A004")
    expect(machine.get_by_test_id("ticket-slip")).to_contain_text("前面等候人数：3")
    shot(machine, "01-ticket")
    kiosk.close()

    # 3. the clerk's 叫号 page and the tablet paired by the address it shows
    desk = people.page_of("clerk")
    desk.locator("nav.main-nav li[data-nav=queue] a").click()
    expect(desk.get_by_role("heading", name="叫号", level=1)).to_be_visible()
    expect(desk.get_by_test_id("now-serving")).to_contain_text("3 号窗口")
    expect(desk.get_by_test_id("waiting-count")).to_have_text("4")
    expect(desk.get_by_test_id("waiting")).to_contain_text(f"A004 {APPLICANT}")
    pad_path = urlsplit(desk.get_by_test_id("pad-url").get_attribute("href") or "").path
    assert pad_path == f"/ratings/pad/{window3.pad_key}/"

    tablet = browser.new_context(locale="zh-CN", viewport={"width": 1024, "height": 768}, has_touch=True)
    tablet.set_default_timeout(10_000)
    pad = tablet.new_page()
    pad.goto(base + pad_path)
    expect(pad.get_by_test_id("pad-clerk")).to_have_text("黄晓敏")
    expect(pad.get_by_test_id("pad-window")).to_contain_text("3 号窗口")
    expect(pad.get_by_test_id("pad-idle")).to_be_visible()

    for ticket in ("A001", "A002", "A003"):  # called, nobody comes: 过号
        desk.get_by_test_id("call-next").click()
        expect(desk.get_by_test_id("called-ticket")).to_have_text(ticket)
        desk.get_by_test_id("visit-no-show").click()
        expect(desk.locator("ul.messages")).to_contain_text(f"{ticket} 号已过号。")
    desk.get_by_test_id("call-next").click()
    expect(desk.get_by_test_id("called-ticket")).to_have_text("A004")
    expect(desk.get_by_test_id("called-name")).to_have_text(APPLICANT)
    expect(pad.get_by_test_id("pad-serving")).to_contain_text("A004")  # the pad polls every 2 s
    shot(desk, "02-queue-serving")
    shot(pad, "03-pad-serving", full=False)
    desk.get_by_test_id("visit-done").click()
    expect(desk.locator("ul.messages")).to_contain_text("A004 号办理完毕：请办事人在评价器上评价。")
    expect(desk.get_by_test_id("call-next")).to_be_disabled()  # nobody else waiting
    visit = Visit.objects.get(day=date(2026, 6, 17), ticket="A004", centre=window3.centre)
    assert (visit.status, visit.clerk_id, visit.window_id) == (VisitStatus.DONE, clerk.pk, window3.pk)
    assert Visit.objects.filter(day=date(2026, 6, 17), status=VisitStatus.NO_SHOW).count() == 3

    # 4. the applicant rates on the tablet: 不满意, a reason chip and their words
    expect(pad.get_by_test_id("pad-rate")).to_be_visible()
    expect(pad.get_by_test_id("pad-rate")).to_contain_text("A004")
    expect(pad.get_by_test_id("reason-box")).to_be_hidden()
    pad.locator("label.rt-grade-2").tap()
    expect(pad.get_by_test_id("reason-box")).to_be_visible()
    pad.locator("label.rt-chip", has_text="一次性告知不清楚").tap()
    pad.locator("label.rt-ind-grade:has([data-testid=ind-competence-2])").tap()
    pad.get_by_test_id("reason").fill(REASON_WORDS)
    shot(pad, "04-pad-bad-rating", full=False)
    pad.get_by_test_id("pad-submit").tap()
    expect(pad.get_by_test_id("pad-thanks")).to_be_visible()
    expect(pad.get_by_test_id("pad-thanks")).to_contain_text("感谢您的评价！")
    shot(pad, "05-pad-thanks", full=False)
    expect(pad.get_by_test_id("pad-idle")).to_be_visible(timeout=12_000)  # resets after a few seconds
    expect(pad.get_by_test_id("pad-rate")).to_be_hidden()
    tablet.close()

    rating = Rating.objects.get(visit=visit)
    assert (rating.grade, rating.channel, rating.is_default) == (2, "pad", False)
    assert (rating.staff_id, rating.window_id, rating.department_id) == (
        clerk.pk,
        window3.pk,
        clerk.department_id,
    )
    assert rating.reason == f"一次性告知不清楚；{REASON_WORDS}"
    assert rating.indicators == {"competence": 2}
    assert (rating.rater_name, rating.rater_phone) == (APPLICANT, APPLICANT_PHONE)
    order = WorkOrder.objects.get(rating=rating)
    assert (order.status, order.department_id, order.assignee_id) == (
        WorkOrderStatus.VERIFYING,
        clerk.department_id,
        clerk.pk,
    )
    assert (str(order.opened_on), str(order.due_on)) == ("2026-06-17", DUE_ON)

    # 5. the clerk's department head finds the order in 差评工单 and handles it to the end
    head.locator("nav.main-nav li[data-nav=work_orders] a").click()
    expect(head.get_by_role("heading", name="差评工单", level=1)).to_be_visible()
    row = head.locator(f"[data-testid=order-row][data-number='{order.number}']")
    expect(row).to_be_visible()
    expect(row.locator("[data-testid=status]")).to_have_text("待核实")
    expect(row).to_contain_text("不满意")
    expect(row).to_contain_text("黄晓敏")
    expect(row).to_contain_text(DUE_ON)
    expect(head.locator("body")).not_to_contain_text(APPLICANT_PHONE)
    expect(head.locator("body")).not_to_contain_text(APPLICANT)
    row.get_by_role("link", name=order.number).click()

    expect(head.get_by_test_id("order-title")).to_contain_text(order.number)
    expect(head.get_by_test_id("order-status")).to_have_text("待核实")
    expect(head.get_by_test_id("grade")).to_have_text("不满意")
    expect(head.get_by_test_id("rating")).to_contain_text("窗口评价器")
    expect(head.get_by_test_id("reason")).to_have_text(f"一次性告知不清楚；{REASON_WORDS}")
    expect(head.get_by_test_id("indicators")).to_contain_text("服务水平")
    expect(head.get_by_test_id("rater-name")).to_have_text("周**")
    expect(head.get_by_test_id("rater-phone")).to_have_text("139****5678")
    expect(head.get_by_test_id("ticket")).to_have_text("A004 · 2026-06-17")
    expect(head.get_by_test_id("window")).to_have_text("3 号窗口")
    expect(head.get_by_test_id("staff")).to_have_text("黄晓敏")
    expect(head.get_by_test_id("due-on")).to_have_text(DUE_ON)
    expect(head.locator("body")).not_to_contain_text(APPLICANT_PHONE)
    shot(head, "06-order-new")

    verify = head.get_by_test_id("step-verify")
    verify.get_by_role("radio", name="属实", exact=True).check()
    verify.get_by_label("核实情况").fill("查看窗口录像：一次性告知单与窗口口头说明不一致，属实。")
    verify.get_by_role("button", name="保存核实情况").click()
    expect(head.locator("ul.messages")).to_contain_text("已保存核实情况。")
    expect(head.get_by_test_id("order-status")).to_have_text("整改中")

    rectify = head.get_by_test_id("step-rectify")
    rectify.get_by_role("radio", name="立行立改").check()
    rectify.get_by_label("整改情况（立行立改：已做了什么）").fill(
        "当日更正一次性告知单，电话致歉并预约上门收件。"
    )
    rectify.get_by_role("button", name="保存处理情况").click()
    expect(head.get_by_test_id("order-status")).to_have_text("待回访")

    callback = head.get_by_test_id("step-callback")
    expect(callback.get_by_test_id("callback-phone")).to_have_text(APPLICANT_PHONE)
    expect(callback.locator(f"a[href='tel:{APPLICANT_PHONE}']")).to_be_visible()
    expect(head.get_by_test_id("rater-phone")).to_have_count(0)  # the masked one gives way to the call-back
    shot(head, "07-order-callback")
    callback.get_by_role("radio", name="满意", exact=True).check()
    callback.get_by_label("回访记录").fill("电话回访周女士，对更正和上门收件表示满意。")
    callback.get_by_role("button", name="保存回访结果").click()
    expect(head.get_by_test_id("order-status")).to_have_text("已办结")
    expect(head.locator("body")).not_to_contain_text(APPLICANT_PHONE)
    timeline = head.get_by_test_id("timeline")
    for step in ("收到差评，生成工单", "核实", "整改完成", "回访，办结"):
        expect(timeline).to_contain_text(step)
    expect(head.get_by_test_id("rectification")).to_contain_text("当日更正一次性告知单")
    shot(head, "08-order-closed")

    order.refresh_from_db()
    assert (order.status, order.resolution, order.verified, order.callback_outcome) == (
        WorkOrderStatus.CLOSED,
        "fixed_now",
        True,
        "satisfied",
    )
    assert str(order.closed_on) == "2026-06-17"
    assert order.callback_by_id == order.verified_by_id == User.objects.get(username="centre_head").pk

    # 6. the figures of the quarter include the rating and its closed order
    after = staff_figures(head, base)
    assert after == {k: v + 1 for k, v in before.items()}, (before, after)
    head.get_by_label("分组").select_option("window")
    head.get_by_role("button", name="查询").click()
    w3 = head.get_by_test_id("by-group").locator("tbody tr", has_text="3 号窗口")
    expect(w3.locator("[data-col=bad]")).to_have_text(
        str(Rating.objects.filter(window=window3, grade__lte=2, rated_at__date__gte=date(2026, 4, 1)).count())
    )
    shot(head, "09-figures-by-window")

    public_after = public_quarter(street, base)
    assert int(public_after["ratings"]) == int(public_before["ratings"]) + 1
    assert int(public_after["bad"]) == int(public_before["bad"]) + 1
    expect(street.get_by_test_id("by-channel")).to_contain_text("窗口评价器")
    assert "黄晓敏" not in street.content() and APPLICANT not in street.content()
    assert street.evaluate("document.documentElement.scrollWidth") <= 390
    shot(street, "10-public-390")
    stranger.close()

"""The apply form helps a person fix what is wrong (GOV.UK's error summary), in Chromium at a phone's width:
after a failed submit focus is on the summary, each problem links to its field and the link moves focus there.
On the same form: the e-licence radio buttons sit beside their labels, and the commitment letter's scrolling
box can be reached with the keyboard (axe: scrollable-region-focusable)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser import helpers as h

FOOD_ITEM = "食品经营许可（告知承诺+现场视频）"


@pytest.fixture
def phone(browser: Browser, seeded_live_server: Any) -> Iterator[Page]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        h.sign_in(page, seeded_live_server.url, "enterprise")
        yield page
    finally:
        h.snap(page, "error_summary_last")
        context.close()


def food_licence_form(page: Page, base: str) -> None:
    from onego.catalog.models import ServiceItem

    code = (
        ServiceItem.objects.filter(versions__name=FOOD_ITEM).values_list("code", flat=True).distinct().get()
    )
    page.goto(f"{base}/cases/apply/item/{code}/")
    expect(page.locator("[data-testid=apply-title]")).to_contain_text(FOOD_ITEM)


def test_after_a_failed_submit_the_summary_takes_focus_and_its_links_lead_to_the_fields(
    seeded_live_server: Any, phone: Page
) -> None:
    # given the enterprise on the food licence form, which it sends without filling anything in
    food_licence_form(phone, seeded_live_server.url)
    phone.get_by_test_id("to-preview").click()

    # then the page comes back with the summary at the top, and focus on it
    summary = phone.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_have_text("有以下问题需要修改")
    expect(summary).to_be_focused()
    h.snap(phone, "error_summary_focused")
    links = summary.get_by_role("link")
    expect(links.first).to_be_visible()
    texts = links.all_inner_texts()
    assert "请填写「经营场所」" in texts and "请签名" in texts
    assert len(texts) == len(set(texts))  # each problem once
    assert not [t for t in texts if " / " in t or "Please" in t]  # Chinese only
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    # when the person follows the premises link
    summary.get_by_role("link", name="请填写「经营场所」").click()

    # then the premises box has focus, marked invalid, with the same message beside it
    premises = phone.locator("#f-premises_address")
    expect(premises).to_be_focused()
    expect(premises).to_have_attribute("aria-invalid", "true")
    expect(phone.locator("#f-premises_address-error")).to_have_text("请填写「经营场所」")

    # and the signature link leads to the signature pad
    phone.locator("[data-error-summary]").get_by_role("link", name="请签名").click()
    expect(phone.locator("#signature-pad")).to_be_focused()


def test_the_licence_radios_sit_beside_their_labels_and_the_letter_takes_keyboard_focus(
    seeded_live_server: Any, phone: Page
) -> None:
    food_licence_form(phone, seeded_live_server.url)

    # the e-licence choice: the radio is at the start of its label's line, not stretched across the card
    for choice in phone.locator(".ap-licence-choice").all():
        radio = choice.locator("input[type=radio]").bounding_box()
        label = choice.bounding_box()
        assert radio is not None and label is not None
        assert radio["width"] < 30, radio
        assert radio["x"] - label["x"] < 12 and radio["y"] - label["y"] < 20, (radio, label)

    # the commitment letter: a named region a keyboard user can tab to and scroll
    letter = phone.get_by_role("region", name="告知承诺书全文")
    letter.scroll_into_view_if_needed()
    phone.locator("[name=route]").last.focus()
    phone.keyboard.press("Tab")
    expect(letter).to_be_focused()
    assert letter.evaluate("el => el.scrollHeight > el.clientHeight")  # it really scrolls at 390 px
    phone.keyboard.press("End")  # a keyboard scroll is animated: wait for it
    phone.wait_for_function("el => el.scrollTop > 0", arg=letter.element_handle())

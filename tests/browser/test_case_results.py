"""A finished case shows its result, in Chromium: the enterprise opens its finished food-licence case from 我的办件
and finds the e-licence (PDF and verification) and the decision, on a desktop and on a 390 px phone.

The application and the staff actions go through onego.cases.services in the test process (the staff pages have
their own browser tests; the live server shares the database); what the applicant does happens on the pages.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser import helpers as h

ITEM_NAME = "食品经营许可（办理结果测试）"
#: Where the screenshots for the lead go (issue 13); test-artifacts/ gets them too.
SHOTS = Path(os.environ.get("ONEGO_RESULT_SHOTS", str(h.ARTIFACTS / "results")))


def finished_food_licence_case() -> tuple[str, str]:
    """The enterprise's food licence case, accepted, reviewed, approved and issued; (case number, licence number)."""
    from onego.catalog.process import simple_approval
    from onego.certificates.models import Licence

    item = h.demo_food_licence_variant(
        name=ITEM_NAME,
        name_en="Food business licence (results test)",
        serial=92,
        promised_workdays=3,
        process=simple_approval(promised_workdays=3),
    )
    (case,) = h.submit_through_the_service("enterprise", item_code=item.code)
    for username, action in (
        ("clerk", "accept"),
        ("reviewer", "pass"),
        ("head", "approve"),
        ("clerk", "issue"),
    ):
        h.staff_take(case.number, username, action)
    case.refresh_from_db()
    assert case.outcome == "approved"
    return case.number, Licence.objects.get(case=case).number


@pytest.fixture
def phone(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(
        locale="zh-CN",
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(10_000)
    try:
        yield context
    finally:
        context.close()


def save(page: Page, name: str) -> None:
    h.snap(page, name)
    try:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    except OSError:  # a machine without /work: test-artifacts/ has it
        pass


def test_the_applicant_opens_a_finished_case_and_finds_the_licence_and_the_decision(
    page: Page, seeded_live_server, phone: BrowserContext
) -> None:
    base = seeded_live_server.url
    number, licence_number = finished_food_licence_case()

    # given the enterprise, signed in, opens 我的办件
    h.sign_in(page, base, "enterprise")
    page.goto(f"{base}/cases/mine/")
    row = page.locator(f"[data-testid=my-case][data-number='{number}']")
    expect(row.locator("[data-testid=status]")).to_have_text("已办结：准予")
    expect(row.locator("[data-testid=results]")).to_contain_text("食品经营许可证")
    expect(row).not_to_contain_text("电子证照上线后")

    # when it opens the finished case
    row.get_by_role("link", name=number).click()

    # then the results name the licence, its number and status, with its PDF, its verification and the decision
    results = page.locator("[data-testid=results]")
    licence = results.locator("[data-testid=result-licence]")
    expect(licence).to_contain_text("食品经营许可证")
    expect(licence).to_contain_text(licence_number)
    expect(licence.locator("[data-testid=result-status]")).to_have_text("有效")
    decision = results.locator("[data-testid=result-decision]")
    expect(decision).to_contain_text("决定书")
    save(page, "finished_case_desktop")

    pdf = page.request.get(
        base + (licence.locator("[data-testid=result-licence-pdf]").get_attribute("href") or "")
    )
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    decision_href = decision.locator("[data-testid=result-decision-pdf]").get_attribute("href") or ""
    decision_pdf = page.request.get(base + decision_href)
    assert decision_pdf.status == 200 and decision_pdf.body().startswith(b"%PDF")

    # and the verification link checks the licence at once
    licence.locator("[data-testid=result-licence-verify]").click()
    expect(page.locator("[data-testid=verify-result]")).to_have_attribute("data-status", "valid")

    # and on a 390 px phone the same page fits without sideways scrolling
    mobile = phone.new_page()
    h.sign_in(mobile, base, "enterprise")
    mobile.goto(f"{base}/cases/mine/{number}/")
    expect(mobile.locator("[data-testid=result-licence]")).to_contain_text(licence_number)
    width = mobile.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the finished case page is {width} px wide on a 390 px phone"
    save(mobile, "finished_case_phone")

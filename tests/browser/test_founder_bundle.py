"""开餐馆一件事 in Chromium for a founder: a citizen with no enterprise applies for the demo bundle without a
credit code, and ends with two e-licences carrying the one the business licence assigned.

The citizen's part is clicked; the staff steps (acceptance, the remote video inspection, review, decision,
issue) are done through the services, as their own browser tests cover those pages.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect
from stdnum.cn import uscc

from tests.browser import helpers as h
from tests.browser.helpers import People

BUNDLE = "open-restaurant"
BUNDLE_NAME = "开餐馆一件事（营业执照+食品经营许可）"
REGISTRATION = "企业设立登记（营业执照）"
FOOD = "食品经营许可（告知承诺+现场视频）"


def test_a_citizen_with_no_enterprise_opens_a_restaurant_and_gets_two_licences_under_one_new_credit_code(
    page: Page, seeded_live_server, people: People, tmp_path: Path
) -> None:
    base = seeded_live_server.url
    pdf = h.material_pdf(tmp_path)

    # given a citizen with no enterprise, signed in, on the bundle's guide
    h.apply_from_the_guide(page, base, h.FOUNDER, f"/guides/bundle/{BUNDLE}/")

    # then the form asks for both items, says the credit code comes with the business licence, and asks none
    expect(page.locator("[data-testid=apply-title]")).to_have_text(f"在线申请：{BUNDLE_NAME}")
    expect(page.locator("ul.ap-items li")).to_have_text([REGISTRATION, FOOD])
    expect(page.locator("[data-testid=founding]")).to_contain_text(
        "统一社会信用代码无需填写，营业执照核发时赋予"
    )
    expect(page.locator("[data-field=credit_code]")).to_have_count(0)
    expect(page.get_by_label("统一社会信用代码")).to_have_count(0)
    expect(page.locator("li[data-material=business_licence]")).to_have_count(0)
    h.snap(page, "founder_1_bundle_form")

    # when the founder describes the enterprise to be, fills the rest, uploads, commits, signs and previews
    h.fill_founder_fields(page)
    h.fill_typed_fields(page)
    h.complete_the_food_form(page, pdf)
    page.locator("[data-testid=to-preview]").click()
    expect(page.locator("[data-testid=preview-fields]")).to_contain_text(h.NEW_ENTERPRISE)

    # and confirms
    page.locator("[data-testid=confirm-submit]").click()
    expect(page.locator("[data-testid=apply-done] h1")).to_have_text("申请已提交")
    rows = page.locator("[data-testid=done-case]")
    expect(rows).to_have_count(2)
    registration = rows.filter(has_text=REGISTRATION).locator("a.ap-number").inner_text()
    food = rows.filter(has_text=FOOD).locator("a.ap-number").inner_text()

    # when the departments accept, inspect, review and approve both, and the window issues (services)
    h.staff_take(registration, "clerk", "accept")
    h.staff_take(registration, "reviewer", "pass")
    h.staff_take(registration, "head", "approve")
    h.staff_take(food, "clerk", "accept")
    h.film_and_judge(food, tmp_path)
    h.staff_take(food, "reviewer", "pass")
    h.staff_take(food, "head", "approve")
    h.staff_take(food, "clerk", "issue")

    # then the founder's 我的办件 shows both approved
    page.goto(f"{base}/cases/mine/")
    for number in (registration, food):
        row = page.locator(f"[data-testid=my-case][data-number='{number}']")
        expect(row.locator("[data-testid=status]")).to_have_text("已办结：准予")

    # and 我的证照 holds two valid e-licences of the new enterprise carrying one new, valid credit code
    page.goto(f"{base}/licences/mine/")
    licences = page.locator("[data-testid=licence]")
    expect(licences).to_have_count(2)
    business = licences.filter(has_text="营业执照")
    food_licence = licences.filter(has_text="食品经营许可证")
    for licence in (business, food_licence):
        expect(licence).to_have_count(1)
        expect(licence.locator("[data-testid=status]")).to_have_text(re.compile("^有效"))
        expect(licence).to_contain_text(h.NEW_ENTERPRISE)
    code = business.locator("[data-testid=holder-code]").inner_text().strip()
    assert uscc.is_valid(code) and code.startswith("91440111MA"), code
    assert code != "91440111MA5AQ6WX00"  # not the demo enterprise's
    expect(food_licence.locator("[data-testid=holder-code]")).to_have_text(code)
    h.snap(page, "founder_2_my_licences")

    # and the public verification of the food licence names the new enterprise's code
    food_licence.get_by_role("link", name="核验").click()
    expect(page.locator("main")).to_contain_text(h.NEW_ENTERPRISE)
    h.snap(page, "founder_3_verified_food_licence")

    # and the founder now acts for the enterprise: the bundle offers it no second registration
    page.goto(f"{base}/cases/apply/bundle/{BUNDLE}/")
    expect(page.locator("ul.ap-items li")).to_have_text([FOOD])
    expect(page.locator("[data-testid=left-out]")).to_contain_text(f"「{REGISTRATION}」")
    expect(page.locator("[data-field=credit_code] input")).to_have_value(code)
    h.snap(page, "founder_4_bundle_form_after_founding")

"""E-licences in Chromium: an enterprise lets its business licence stand in for a material (免提交) and sees
which department used it; a case is issued and the enterprise downloads its new licence and verifies it.

Test 2 applies through onego.cases.services in the test process (test 1 covers the application pages; the
live server shares the database); every staff action and everything the enterprise and a verifier do
happens on the real pages.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser import helpers as h
from tests.browser.helpers import People

FOOD_ITEM = "食品经营许可（告知承诺+现场视频）"
ENTERPRISE = "广州市白云区云味餐饮有限公司"
MASKED_CREDIT_CODE = "9144**********WX00"  # 91440111MA5AQ6WX00, first and last four shown
WINDOW_DEPARTMENT = "广州市白云区政务服务数据管理局"  # the clerk's: a comprehensive window, not the issuer


def snap_block(block: Locator, name: str) -> None:
    """A screenshot of one part of a page for the reviewer (test-artifacts/<name>.png)."""
    h.ARTIFACTS.mkdir(parents=True, exist_ok=True)
    block.screenshot(path=str(h.ARTIFACTS / f"{name}.png"))


def apply_for_the_food_licence() -> str:
    """The enterprise's food licence application (commitment route), made with the service; its case number.
    The business licence material is left to the service, which picks the enterprise's newest licence."""
    from onego.catalog.models import ServiceItem

    code = (
        ServiceItem.objects.filter(versions__name=FOOD_ITEM).values_list("code", flat=True).distinct().get()
    )
    (case,) = h.submit_through_the_service("enterprise", item_code=code)
    return case.number


def test_the_enterprise_reuses_its_business_licence_and_sees_which_department_used_it(
    page: Page, seeded_live_server, people: People, tmp_path: Path
) -> None:
    base = seeded_live_server.url
    pdf = h.material_pdf(tmp_path)

    # given the enterprise, signed in, finds the food licence guide and applies online
    h.sign_in(page, base, "enterprise")
    page.goto(f"{base}/guides/?q=食品")
    page.get_by_role("link", name=FOOD_ITEM).click()
    page.locator("[data-testid=apply]").click()
    expect(page.locator("[data-testid=apply-title]")).to_have_text(f"在线申请：{FOOD_ITEM}")

    # then its business licence (issued by the demo seed) is offered in place of the material, and pre-picked
    choices = page.locator("[data-testid=licence-choices-business_licence]")
    expect(choices).to_contain_text("使用您的电子证照代替此材料")
    radios = choices.locator("input[name=licence_business_licence]")
    expect(radios).to_have_count(2)
    picked = choices.locator("label", has=page.locator("input:checked"))
    expect(picked).to_contain_text(ENTERPRISE)
    expect(picked).to_contain_text("广州市白云区市场监督管理局")
    shown = re.search(r"营业执照 (\d+) · ", picked.inner_text())
    assert shown, "the picked choice names the licence and its number"
    licence_number = shown.group(1)
    expect(choices.get_by_label("不使用电子证照，改为上传")).not_to_be_checked()

    # when the enterprise fills in the rest, uploads what must be uploaded, commits, signs and previews
    h.fill_typed_fields(page, ("经营场所", "食品安全管理人员姓名", "食品安全管理人员手机号码"))
    h.complete_the_food_form(page, pdf)
    page.locator("[data-testid=to-preview]").click()

    # then the preview shows the business licence as picked, and the enterprise submits
    expect(page.locator("[data-testid=picked-business_licence]")).to_have_text(
        f"电子证照：营业执照 {licence_number}"
    )
    page.locator("[data-testid=confirm-submit]").click()
    expect(page.locator("[data-testid=apply-done] h1")).to_have_text("申请已提交")
    number = page.locator("[data-testid=done-case] a.ap-number").inner_text()

    # when the window clerk (区政数局, the comprehensive window) opens the case
    clerk = people.page_of("clerk")
    h.open_from_inbox(clerk, base, number)

    # then the material is the e-licence, checked now and valid
    reused = clerk.locator("[data-material=business_licence] [data-testid=reused-licence]")
    expect(reused).to_have_attribute("data-status", "valid")
    expect(reused.locator("[data-testid=licence-status]")).to_have_text("✔ 电子证照核验有效")
    expect(reused).to_contain_text(f"营业执照 {licence_number}")
    expect(reused).to_contain_text(ENTERPRISE)
    snap_block(clerk.locator("[data-material=business_licence]"), "licences_1_staff_reused_licence")

    # and when the issuer's own reviewer (区市场监管局) looks too, that is not a use by another department
    reviewer = people.page_of("reviewer")
    reviewer.goto(f"{base}/cases/case/{number}/")
    expect(reviewer.locator("[data-testid=reused-licence]")).to_have_attribute("data-status", "valid")

    # then the enterprise sees one use of its business licence: by the window's department, for this case
    page.goto(f"{base}/licences/mine/")
    licence = page.locator("[data-testid=licence]", has_text=licence_number)
    expect(licence.locator("[data-testid=uses] summary")).to_have_text("用证记录（1）")
    use = licence.locator("[data-testid=use]")
    expect(use).to_have_count(1)
    expect(use).to_contain_text(WINDOW_DEPARTMENT)
    expect(use).to_contain_text(f"办件 {number}「{FOOD_ITEM}」：以电子证照代替材料「营业执照」")
    h.snap(page, "licences_1_my_licences_with_use")


def test_an_issued_licence_is_listed_downloaded_and_verified_from_its_pdf(
    page: Page, browser: Browser, seeded_live_server, people: People, tmp_path: Path
) -> None:
    from onego.core import outbox

    base = seeded_live_server.url
    # given the enterprise has applied for the food licence (through the service)
    number = apply_for_the_food_licence()

    # when the window accepts, the applicant's videos are in and judged (through the services: the recording
    # and review pages have their own browser test), the market reviewer passes the inspection, the head approves
    for username, action in (("clerk", "accept"), ("reviewer", "pass"), ("head", "approve")):
        if action == "pass":
            h.film_and_judge(number, tmp_path)
        staff = people.page_of(username)
        h.open_from_inbox(staff, base, number)
        h.act(staff, number, action)
    # and the window clerk issues the result
    clerk = people.page_of("clerk")
    h.open_from_inbox(clerk, base, number)
    expect(clerk.locator(".st-summary")).to_contain_text("当前环节：制证送达")
    h.act(clerk, number, "issue")
    expect(clerk.locator("[data-testid=case-status]")).to_have_text("已办结：准予")

    # then the enterprise is told (the worker delivers the site message) and finds the licence in 我的证照
    outbox.deliver_pending()
    h.sign_in(page, base, "enterprise")
    page.goto(f"{base}/messages/")
    message = page.locator("[data-testid=messages] li", has_text="电子证照已签发：食品经营许可证")
    expect(message).to_contain_text(number)
    message.get_by_role("link", name="查看").click()
    licence = page.locator("[data-testid=licence]", has_text="食品经营许可证")
    expect(licence).to_have_count(1)
    expect(licence.locator("[data-testid=status]")).to_have_text(re.compile("^有效"))  # shows "有效 Valid"
    expect(licence).to_contain_text(ENTERPRISE)
    licence.locator("[data-testid=uses] summary").click()
    expect(licence.get_by_text("尚无其他部门使用此证照。")).to_be_visible()
    h.snap(page, "licences_2_my_licences_new_licence")

    # and its PDF opens as a PDF
    href = licence.locator("[data-testid=pdf]").get_attribute("href")
    assert href and href.endswith(".pdf")
    response = page.request.get(base + href)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")

    # when the enterprise downloads the PDF and a bank clerk (not signed in) uploads it on the verify page
    with page.expect_download() as download:
        licence.locator("[data-testid=pdf-download]").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-")
    verifier_context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    people.contexts["verifier"] = verifier_context  # closed with the others
    verifier = verifier_context.new_page()
    verifier.goto(f"{base}/licences/verify/")
    verifier.locator("[data-testid=verify-pdf-form] input[name=pdf]").set_input_files(str(saved))
    verifier.locator("[data-testid=verify-upload]").click()

    # then the licence is valid; the holder is shown with its code masked
    result = verifier.locator("[data-testid=verify-result]")
    expect(result).to_have_attribute("data-status", "valid")
    expect(result.locator("[data-testid=verify-status]")).to_contain_text("✔ 有效")
    expect(result).to_contain_text("食品经营许可证")
    expect(result.locator("[data-testid=holder]")).to_have_text(ENTERPRISE)
    expect(result.locator("[data-testid=holder-code]")).to_have_text(MASKED_CREDIT_CODE)
    h.snap(verifier, "licences_2_verify_pdf_valid")

    # when someone pastes text that is no licence
    verifier.get_by_label("二维码内容、证照签名数据（JSON）或证照标识").fill("这不是证照 not a licence")
    verifier.locator("[data-testid=verify-text]").click()

    # then it is invalid, with a reason a person can read, and no holder is shown
    expect(result).to_have_attribute("data-status", "invalid")
    expect(result.locator("[data-testid=verify-status]")).to_contain_text("✖ 无效")
    expect(result.locator("[data-testid=verify-reasons]")).to_have_text(
        "内容不是有效的 JSON，也不是证照标识。"
    )
    expect(result.locator("[data-testid=holder]")).to_have_count(0)
    h.snap(verifier, "licences_2_verify_text_invalid")

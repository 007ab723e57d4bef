"""一事联办 in Chromium: a founder applies once for the restaurant bundle; the window sends one correction
notice; two departments countersign the food licence; the head decides; the window issues both results.
And the other way: one department refuses, the case is refused and the other countersign branch is voided.

The countersign bundle is set up in the test's own data (see helpers.countersign_bundle); everything a person
does happens on the real pages.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from tests.browser import helpers as h
from tests.browser.helpers import People, act

CORRECTION_MATERIAL = (
    "layout_and_process",
    "主要设备设施布局及操作流程",
    "平面布局图看不清操作间位置，请重新上传清晰的布局图",
)
CORRECTION_FIELD = ("food_safety_manager_name", "食品安全管理人员姓名", "与健康证明上的姓名不一致，请核对")
CORRECTED_MANAGER = "陈晓红"


def expect_status(page: Page, text: str) -> None:
    expect(page.locator("[data-testid=case-status]")).to_have_text(text)


def my_case_row(page: Page, number: str) -> Locator:
    return page.locator(f"[data-testid=my-case][data-number='{number}']")


def test_a_founder_applies_for_the_bundle_is_asked_once_to_correct_and_two_departments_approve(
    page: Page, seeded_live_server, people: People, tmp_path: Path
) -> None:
    base = seeded_live_server.url
    h.countersign_bundle()
    pdf = h.material_pdf(tmp_path)

    # given the founder (a citizen with no enterprise yet), signed in, on the bundle's guide
    h.apply_from_the_guide(page, base, h.FOUNDER, f"/guides/bundle/{h.BUNDLE_CODE}/")

    # then one merged form for both items; no credit code is asked (it is assigned with the business licence)
    expect(page.locator("[data-testid=apply-title]")).to_have_text(f"在线申请：{h.BUNDLE_NAME}")
    expect(page.locator("ul.ap-items li")).to_have_text([h.BUSINESS_ITEM_NAME, h.FOOD_ITEM_NAME])
    expect(page.locator("[data-field=credit_code]")).to_have_count(0)
    expect(page.locator("li[data-material=business_licence]")).to_have_count(0)

    # when the founder describes the enterprise to be, fills the rest, uploads every required material, signs
    h.fill_founder_fields(page)
    h.fill_typed_fields(page)
    uploaded = h.complete_the_food_form(page, pdf)
    assert uploaded >= 2, "the bundle asks for documents to upload"
    page.locator("[data-testid=to-preview]").click()

    # then the preview shows the answers, the uploads, the route and the drawn signature
    expect(page.locator("[data-testid=preview-title]")).to_have_text(f"预览申请：{h.BUNDLE_NAME}")
    fields = page.locator("[data-testid=preview-fields]")
    expect(fields).to_contain_text(h.NEW_ENTERPRISE)
    expect(fields).to_contain_text("热食类食品制售、自制饮品制售")
    expect(page.locator("[data-testid=preview-materials] .badge", has_text="已上传")).to_have_count(uploaded)
    expect(page.get_by_text("审批方式：告知承诺（已签署告知承诺书）")).to_be_visible()
    expect(page.locator("[data-testid=preview-signature]")).to_have_attribute(
        "src", re.compile("^data:image/png")
    )

    # when the founder confirms
    page.locator("[data-testid=confirm-submit]").click()

    # then one bundle number and one case per item
    expect(page.locator("[data-testid=apply-done] h1")).to_have_text("申请已提交")
    expect(page.locator("[data-testid=bundle-number]")).to_have_text(re.compile(r"^YJS[A-Z0-9-]+\d{12}$"))
    rows = page.locator("[data-testid=done-case]")
    expect(rows).to_have_count(2)
    food = rows.filter(has_text=h.FOOD_ITEM_NAME).locator("a.ap-number").inner_text()
    business = rows.filter(has_text=h.BUSINESS_ITEM_NAME).locator("a.ap-number").inner_text()
    assert re.fullmatch(r"\w+\d{12}", food) and re.fullmatch(r"\w+\d{12}", business) and food != business

    # when the clerk opens the food licence case from the inbox and sends ONE correction notice
    clerk = people.page_of("clerk")
    clerk.goto(f"{base}/cases/inbox/")
    expect(clerk.locator("[data-testid=count-total]")).to_have_text("2")
    h.open_from_inbox(clerk, base, food)
    expect_status(clerk, "待受理")
    clerk.locator("details.st-correction summary").click()
    key, _name, reason = CORRECTION_MATERIAL
    clerk.locator(f"#cm-{key}").check()
    clerk.locator(f"#cmr-{key}").fill(reason)
    key, _name, reason = CORRECTION_FIELD
    clerk.locator(f"#cf-{key}").check()
    clerk.locator(f"#cfr-{key}").fill(reason)
    clerk.locator("[data-testid=correction-form] button[data-action=request_correction]").click()

    # then the case waits for the applicant, with both items and their reasons listed, and no action offered
    expect_status(clerk, "请补正")
    items = clerk.locator("[data-testid=correction-items] li")
    expect(items).to_have_text(
        [
            f"{CORRECTION_MATERIAL[1]}：{CORRECTION_MATERIAL[2]}",
            f"{CORRECTION_FIELD[1]}：{CORRECTION_FIELD[2]}",
        ]
    )
    expect(clerk.locator("[data-testid=actions] button[data-action]")).to_have_count(0)
    expect(clerk.get_by_text("暂停中（一次性告知补正")).to_be_visible()
    h.snap(clerk, "bundle_flow_1_clerk_after_correction_notice")

    # when the founder looks at 我的办件
    page.goto(f"{base}/cases/mine/")
    row = my_case_row(page, food)
    expect(row.locator("[data-testid=status]")).to_have_text("请补正")
    expect(my_case_row(page, business).locator("[data-testid=status]")).to_have_text("待受理")
    row.get_by_role("link", name="去补正").click()

    # then the notice lists the material and the field, with the clerk's reasons
    notice = page.locator("[data-testid=correction]")
    expect(notice.locator("tbody tr")).to_have_count(2)
    expect(notice.locator("tbody tr").nth(0)).to_have_text(
        re.compile(f"材料\\s*{re.escape(CORRECTION_MATERIAL[1])}\\s*{CORRECTION_MATERIAL[2]}")
    )
    expect(notice.locator("tbody tr").nth(1)).to_have_text(
        re.compile(f"表单内容\\s*{re.escape(CORRECTION_FIELD[1])}\\s*{CORRECTION_FIELD[2]}")
    )

    # when the founder corrects the name, uploads the layout again and submits
    notice.get_by_label(CORRECTION_FIELD[1]).fill(CORRECTED_MANAGER)
    notice.get_by_label(CORRECTION_MATERIAL[1]).set_input_files(str(pdf))
    notice.locator("[data-testid=submit-correction]").click()

    # then the case is back with the window
    expect(page.get_by_text("补正材料已提交，等待窗口重新受理。")).to_be_visible()
    expect(page.locator("[data-testid=status]")).to_have_text("待受理")
    expect(page.locator("[data-testid=correction]")).to_have_count(0)
    expect(page.locator("[data-testid=events]")).to_contain_text("已提交补正材料")

    # when the clerk opens it again: the correction is resolved, the new value and file are on the case
    h.open_from_inbox(clerk, base, food)
    expect_status(clerk, "待受理")
    expect(clerk.get_by_text("已补正")).to_be_visible()
    expect(clerk.locator(".st-main dl.st-facts")).to_contain_text(CORRECTED_MANAGER)
    expect(clerk.locator(f"[data-material={CORRECTION_MATERIAL[0]}]")).to_contain_text("第 1 次补正")
    # and a second notice on the same grounds is refused by the system (the notice is one-time)
    clerk.locator("details.st-correction summary").click()
    clerk.locator(f"#cm-{CORRECTION_MATERIAL[0]}").check()
    clerk.locator(f"#cmr-{CORRECTION_MATERIAL[0]}").fill("再次要求补正")
    clerk.locator("[data-testid=correction-form] button[data-action=request_correction]").click()
    expect(clerk.locator("[data-testid=case-error]")).to_contain_text("不得以相同理由再次要求补正")
    expect_status(clerk, "待受理")

    # when the clerk accepts the food licence case
    act(clerk, food, "accept")
    expect_status(clerk, "办理中")
    expect(clerk.locator(".st-summary")).to_contain_text("当前环节：部门会签")
    # and accepts the business registration too
    h.open_from_inbox(clerk, base, business)
    act(clerk, business, "accept")
    expect_status(clerk, "办理中")
    clerk.goto(f"{base}/cases/inbox/")
    expect(clerk.locator("[data-testid=inbox-empty]")).to_be_visible()

    # when the market reviewer agrees to the market branch (and passes the registration review)
    market = people.page_of("reviewer")
    market.goto(f"{base}/cases/inbox/")
    food_row = market.locator(f"[data-testid=inbox] tr[data-case='{food}']")
    expect(food_row).to_contain_text("部门会签")
    expect(food_row).to_contain_text("区市场监管局")
    h.open_from_inbox(market, base, food)
    expect(market.locator("[data-testid=actions] button[data-action]")).to_have_text(["同意", "不同意"])
    act(market, food, "approve")
    tasks = market.locator("[data-testid=tasks] tbody tr")
    expect(tasks.filter(has_text="区市场监管局")).to_contain_text("已办")
    expect(tasks.filter(has_text="区卫生健康局")).to_contain_text("待办")
    expect(market.locator("[data-testid=no-actions]")).to_be_visible()
    h.open_from_inbox(market, base, business)
    act(market, business, "pass")
    market.goto(f"{base}/cases/inbox/")
    expect(market.locator(f"[data-testid=inbox] tr[data-case='{food}']")).to_have_count(0)

    # when the health reviewer agrees to the health branch
    health = people.page_of(h.HEALTH_REVIEWER)
    health.goto(f"{base}/cases/inbox/")
    expect(health.locator("[data-testid=count-total]")).to_have_text("1")
    expect(health.locator(f"[data-testid=inbox] tr[data-case='{food}']")).to_contain_text("区卫生健康局")
    h.open_from_inbox(health, base, food)
    act(health, food, "approve")

    # then the countersign is complete and the case waits for the decision
    expect(health.locator("[data-testid=timeline]")).to_contain_text("会签完成，全部同意")
    expect(health.locator(".st-summary")).to_contain_text("当前环节：审批决定")

    # when the head approves both cases
    head = people.page_of("head")
    head.goto(f"{base}/cases/inbox/")
    expect(head.locator("[data-testid=count-total]")).to_have_text("2")
    for number in (food, business):
        h.open_from_inbox(head, base, number)
        expect(head.locator("[data-testid=actions] button[data-action]")).to_have_text(
            ["准予许可", "不予许可"]
        )
        act(head, number, "approve")

    # and the clerk issues: both results go out together
    clerk.goto(f"{base}/cases/inbox/")
    expect(clerk.locator("[data-testid=count-total]")).to_have_text("2")
    h.open_from_inbox(clerk, base, food)
    act(clerk, food, "issue")
    expect_status(clerk, "已办结：准予")
    clerk.goto(f"{base}/cases/inbox/")
    expect(clerk.locator("[data-testid=inbox-empty]")).to_be_visible()

    # then the founder sees both cases approved
    page.goto(f"{base}/cases/mine/")
    for number in (food, business):
        expect(my_case_row(page, number).locator("[data-testid=status]")).to_have_text("已办结：准予")
    page.get_by_role("link", name=food).click()
    expect(page.locator("[data-testid=status]")).to_have_text("已办结：准予")
    events = page.locator("[data-testid=events]")
    for words in (
        "提交申请",
        "一次性告知补正",
        "已提交补正材料",
        "已受理",
        "会签完成",
        "审批通过",
        "发放结果",
    ):
        expect(events).to_contain_text(words)


def test_when_one_department_refuses_the_bundle_case_is_refused_and_the_other_branch_is_voided(
    page: Page, seeded_live_server, people: People
) -> None:
    base = seeded_live_server.url
    # given the founder has applied for the countersign bundle (through the service: test 1 covers the pages)
    h.countersign_bundle()
    numbers = h.apply_through_the_service()
    food, business = numbers[h.FOOD_ITEM_NAME], numbers[h.BUSINESS_ITEM_NAME]

    # and the clerk has accepted both cases
    clerk = people.page_of("clerk")
    for number in (food, business):
        h.open_from_inbox(clerk, base, number)
        act(clerk, number, "accept")
        expect_status(clerk, "办理中")

    # and both departments see their countersign branch
    market = people.page_of("reviewer")
    market.goto(f"{base}/cases/inbox/")
    expect(market.locator(f"[data-testid=inbox] tr[data-case='{food}']")).to_contain_text("部门会签")

    # when the health reviewer refuses, with the reason
    health = people.page_of(h.HEALTH_REVIEWER)
    h.open_from_inbox(health, base, food)
    reason = "后厨与卫生间相邻，不符合卫生要求"
    health.get_by_label("办理意见（可选）").fill(reason)
    act(health, food, "refuse")

    # then the case is closed as refused, the market branch voided, and the reason on the timeline
    expect_status(health, "不予许可")
    expect(health.locator("[data-testid=timeline]")).to_contain_text("会签：不同意，其余会签作废")
    expect(health.locator("[data-testid=timeline]")).to_contain_text(reason)
    h.snap(health, "bundle_flow_2_health_after_refusal")

    # and the market reviewer's inbox no longer lists it; its case page shows the voided branch
    market.goto(f"{base}/cases/inbox/")
    expect(market.locator(f"[data-testid=inbox] tr[data-case='{food}']")).to_have_count(0)
    expect(market.locator("[data-testid=inbox-empty]")).to_be_visible()
    market.goto(f"{base}/cases/case/{food}/")
    expect_status(market, "不予许可")
    tasks = market.locator("[data-testid=tasks] tbody tr")
    expect(tasks.filter(has_text="区市场监管局")).to_contain_text("已作废")
    expect(tasks.filter(has_text="区卫生健康局")).to_contain_text("已办")
    expect(market.locator("[data-testid=actions]")).to_have_count(0)
    h.snap(market, "bundle_flow_2_market_sees_voided_branch")

    # and the founder sees the refused case and the other member of the bundle terminated
    h.sign_in(page, base, h.FOUNDER)
    page.goto(f"{base}/cases/mine/")
    expect(my_case_row(page, food).locator("[data-testid=status]")).to_have_text("不予许可")
    expect(my_case_row(page, business).locator("[data-testid=status]")).to_have_text("已终止")
    page.get_by_role("link", name=business).click()
    expect(page.locator("[data-testid=events]")).to_contain_text("因同一件事的其他事项办结而终止")

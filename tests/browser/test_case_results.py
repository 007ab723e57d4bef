"""A finished case shows its result, in Chromium: the enterprise opens its finished food-licence case from 我的办件
and finds the e-licence (PDF and verification) and the decision, on a desktop and on a 390 px phone.

The application and the staff actions go through onego.cases.services in the test process (the staff pages have
their own browser tests; the live server shares the database); what the applicant does happens on the pages.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser import helpers as h

ITEM_NAME = "食品经营许可（办理结果测试）"
#: Where the screenshots for the lead go (issue 13); test-artifacts/ gets them too.
SHOTS = Path(os.environ.get("ONEGO_RESULT_SHOTS", "/work/shots/results"))


def finished_food_licence_case() -> tuple[str, str]:
    """The enterprise's food licence case, accepted, reviewed, approved and issued; (case number, licence number)."""
    from onego.accounts.models import Department, User
    from onego.cases import services
    from onego.cases.engine import allowed_actions
    from onego.catalog.process import simple_approval
    from onego.catalog.services import define_item
    from onego.certificates.models import Licence
    from onego.demo import catalogue
    from onego.demo.accounts import DEPARTMENT_CODES

    market = Department.objects.get(credit_code=DEPARTMENT_CODES["scjg"])
    spec = catalogue.item_spec("food_licence")
    spec.update(
        department=market,
        parent=None,
        name=ITEM_NAME,
        name_en="Food business licence (results test)",
        basic_code=catalogue.demo_basic_code(catalogue.GROUP_MARKET, 92),
        promised_limit_workdays=3,
        process=simple_approval(promised_workdays=3),
    )
    item = define_item(spec, actor="test:browser")
    target = services.resolve_target(item_code=item.code)
    enterprise = User.objects.get(username="enterprise")
    uploads = [
        services.UploadedMaterial(key, h.tiny_pdf(key), f"{key}.pdf")
        for key in services.uploads_needed(target, enterprise)
    ]
    (case,) = services.submit_application(
        applicant=enterprise,
        item_code=item.code,
        form_data=h.application_form_data(),
        uploads=uploads,
        signature_png=h._signature_png(),
        route="commitment",
        commitment_signed=True,
        idempotency_key=str(uuid.uuid4()),
    )
    for username, action in (
        ("clerk", "accept"),
        ("reviewer", "pass"),
        ("head", "approve"),
        ("clerk", "issue"),
    ):
        staff = User.objects.get(username=username)
        case.refresh_from_db()
        task = next(a.task for a in allowed_actions(case, staff) if a.key == action)
        case = services.act(case.number, actor=staff, task_id=task.pk, action=action)
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

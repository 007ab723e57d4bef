"""开餐馆一件事 in Chromium for a founder: a citizen with no enterprise applies for the demo bundle without a
credit code, and ends with two e-licences carrying the one the business licence assigned.

The citizen's part is clicked; the staff steps (acceptance, the remote video inspection, review, decision,
issue) are done through the services, as their own browser tests cover those pages.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from stdnum.cn import uscc

from tests.browser import helpers as h
from tests.browser.helpers import People

BUNDLE = "open-restaurant"
BUNDLE_NAME = "开餐馆一件事（营业执照+食品经营许可）"
REGISTRATION = "企业设立登记（营业执照）"
FOOD = "食品经营许可（告知承诺+现场视频）"


@pytest.fixture
def people(browser: Browser, seeded_live_server) -> Iterator[People]:
    crowd = People(browser, seeded_live_server.url, {})
    try:
        yield crowd
    finally:
        crowd.close()


def film_and_judge(number: str, tmp_path: Path) -> None:
    """Two accepted premises videos recorded at the premises and every checklist item judged 符合 — what the
    recording and review pages do, done with the services."""
    from onego.accounts.models import User
    from onego.cases.models import Case
    from onego.inspection import services as inspection
    from onego.inspection.tests.videos import make_video
    from onego.registry import geo

    case = Case.objects.get(number=number)
    here = (23.2101, 113.2702)
    geo.add_point(case.form_data["premises_address"], *here)
    plan = inspection.checklist_of(case)
    assert plan is not None
    when = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=2)
    for spec in plan.videos:
        data = make_video(tmp_path / f"v{spec.number}.webm", seconds=11, container="webm").read_bytes()
        row = inspection.start_upload(
            number,
            applicant=case.applicant,
            plan_number=spec.number,
            total_bytes=len(data),
            content_type="video/webm",
            start=inspection.Fix(here[0], here[1], 5.0, when),
        )
        inspection.append_chunk(row.upload_id, applicant=case.applicant, offset=0, data=data)
        inspection.finish_upload(
            row.upload_id, applicant=case.applicant, end=inspection.Fix(here[0], here[1])
        )
        assert inspection.check_video(row.pk).status == "accepted"
    inspection.record_verdicts(
        number,
        reviewer=User.objects.get(username="reviewer"),
        verdicts=[inspection.VerdictIn(item.code, "pass") for item in plan.items],
    )


def staff_take(number: str, username: str, action: str) -> None:
    from onego.accounts.models import User
    from onego.cases import services
    from onego.cases.engine import allowed_actions
    from onego.cases.models import Case

    user = User.objects.get(username=username)
    options = [a for a in allowed_actions(Case.objects.get(number=number), user) if a.key == action]
    assert options, f"{username} cannot {action} on {number}"
    services.act(number, actor=user, task_id=options[0].task.pk, action=action)


def test_a_citizen_with_no_enterprise_opens_a_restaurant_and_gets_two_licences_under_one_new_credit_code(
    page: Page, seeded_live_server, people: People, tmp_path: Path
) -> None:
    base = seeded_live_server.url
    pdf = tmp_path / "材料.pdf"
    pdf.write_bytes(h.tiny_pdf("material"))

    # given a citizen with no enterprise, signed in, on the bundle's guide
    h.sign_in(page, base, h.FOUNDER)
    page.goto(f"{base}/guides/bundle/{BUNDLE}/")
    page.locator("[data-testid=apply]").click()

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
    for label, value in h.TYPED_FIELDS.items():
        page.get_by_label(label).fill(value)
    page.get_by_label("主体业态").select_option(label=h.BUSINESS_TYPE)
    for choice in h.FOOD_ITEMS:
        page.get_by_label(choice, exact=True).check()
    required_files = page.locator("ul.ap-materials input[type=file][required]")
    for i in range(required_files.count()):
        required_files.nth(i).set_input_files(str(pdf))
    page.get_by_role("radio", name=re.compile("^告知承诺")).check()
    page.get_by_label(re.compile("我已阅读并签署告知承诺书")).check()
    h.draw_signature(page)
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
    staff_take(registration, "clerk", "accept")
    staff_take(registration, "reviewer", "pass")
    staff_take(registration, "head", "approve")
    staff_take(food, "clerk", "accept")
    film_and_judge(food, tmp_path)
    staff_take(food, "reviewer", "pass")
    staff_take(food, "head", "approve")
    staff_take(food, "clerk", "issue")

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

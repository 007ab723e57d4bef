"""免提交 only where the data is there, in Chromium: the citizen, whose health certificate is on record, sees it
fetched on the food licence form and is not asked for it; the enterprise, whose food handler's certificate on
record has expired, is asked to upload one; the reviewer sees on the case what the citizen saw.

The demo seed derives the certificate's validity from the day it runs, so this works on any date. The
citizen's application itself goes through onego.cases.services in the test process (test_licences covers
the whole form); what people see is checked on the real pages.
"""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect

from tests.browser import helpers as h
from tests.browser.helpers import People

FOOD_ITEM = "食品经营许可（告知承诺+现场视频）"
MATERIAL = "food_safety_manager_health"


def food_item_code() -> str:
    from onego.catalog.models import ServiceItem

    return (
        ServiceItem.objects.filter(versions__name=FOOD_ITEM).values_list("code", flat=True).distinct().get()
    )


def certificate_dates() -> str:
    from onego.registry.models import HealthCertificate

    row = HealthCertificate.objects.get(id_number="440111199003074513")
    return f"{row.valid_from:%Y-%m-%d} 至 {row.valid_to:%Y-%m-%d}"


def no_sideways_scroll(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_the_citizen_sees_the_certificate_fetched_and_the_enterprise_is_asked_to_upload_one(
    page: Page, seeded_live_server, people: People
) -> None:
    base = seeded_live_server.url
    url = f"{base}/cases/apply/item/{food_item_code()}/"

    # given the citizen 张伟, whose health certificate is on record, opens the food licence form
    h.sign_in(page, base, "citizen")
    page.goto(url)

    # then the certificate is fetched, with the name, masked ID number and dates, and no upload is asked
    material = page.locator(f"li[data-material={MATERIAL}]")
    evidence = material.locator(f"[data-testid=evidence-{MATERIAL}]")
    expect(evidence).to_contain_text(re.compile(r"已调取\s*健康证明\s*张伟"))
    expect(evidence).to_contain_text(certificate_dates())
    expect(evidence).to_contain_text("4401**********4513")
    expect(evidence).to_contain_text("广州市白云区疾病预防控制中心")
    expect(material.locator("input[type=file]")).to_have_count(0)
    h.snap(page, "shared_evidence_1_citizen_fetched")

    # and on a phone the panel fits without sideways scrolling
    page.set_viewport_size({"width": 390, "height": 844})
    evidence.scroll_into_view_if_needed()
    assert no_sideways_scroll(page)

    # when the enterprise, whose food handler's certificate on record expired a month ago, opens the same form
    enterprise = people.page_of("enterprise")
    enterprise.goto(url)

    # then nothing is fetched: the form says no record was found and asks for the file
    theirs = enterprise.locator(f"li[data-material={MATERIAL}]")
    expect(theirs.locator(f"[data-testid=not-found-{MATERIAL}]")).to_contain_text("未查到")
    expect(theirs.locator(f"[data-testid=evidence-{MATERIAL}]")).to_have_count(0)
    expect(theirs.locator("input[type=file]")).to_have_attribute("required", "")
    expect(theirs.locator(".req")).to_have_count(1)
    h.snap(enterprise, "shared_evidence_2_enterprise_asked")


def test_the_reviewer_sees_on_the_case_the_certificate_the_citizen_saw(
    page: Page, seeded_live_server, people: People
) -> None:
    from onego.accounts.models import User
    from onego.cases import services

    base = seeded_live_server.url
    # given the citizen has applied for the food licence (through the service) without uploading the certificate
    citizen = User.objects.get(username="citizen")
    target = services.resolve_target(item_code=food_item_code())
    needed = services.uploads_needed(target, citizen)
    assert MATERIAL not in needed
    # 张伟 runs an individual business (个体工商户) the register does not hold: its facts are typed in
    from onego.core.identifiers import make_credit_code

    shop = {
        "entity_name": "广州市白云区张伟小吃店",
        "credit_code": make_credit_code("92440111MA5B12340"),
        "legal_representative": "张伟",
        "entity_address": h.TYPED_FIELDS["经营场所"],
        "entity_type": "个体工商户",
        "business_scope": "餐饮服务",
    }
    (case,) = services.submit_application(
        applicant=citizen,
        item_code=food_item_code(),
        form_data={**h.application_form_data(), **shop},
        uploads=[services.UploadedMaterial(k, h.tiny_pdf(k), f"{k}.pdf") for k in needed],
        signature_png=h._signature_png(),
        route="approval",
        idempotency_key=str(uuid.uuid4()),
    )

    # when the market-regulation reviewer opens the case
    reviewer = people.page_of("reviewer")
    reviewer.goto(f"{base}/cases/case/{case.number}/")

    # then the material shows the fetched certificate with its dates and where it came from
    block = reviewer.locator(f"[data-material={MATERIAL}]")
    expect(block).to_contain_text("提交时从共享数据调取")
    expect(block.locator(f"[data-testid=evidence-{MATERIAL}]")).to_contain_text(certificate_dates())
    expect(block).to_contain_text("registry.healthcertificate")
    h.snap(reviewer, "shared_evidence_3_staff_case")

    # and the citizen reads the same on their case page
    page.set_viewport_size({"width": 390, "height": 844})
    h.sign_in(page, base, "citizen")
    page.goto(f"{base}/cases/mine/{case.number}/")
    expect(page.locator(f"[data-testid=evidence-{MATERIAL}]")).to_contain_text(certificate_dates())
    assert no_sideways_scroll(page)

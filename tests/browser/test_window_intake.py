"""The service hall in Chromium: a clerk takes a walk-in citizen's application at the comprehensive window
(综合受理) — finds the citizen by ID number, filters the item picker by typing, fills and signs the form,
uploads the scan — opens the receipt (申请回执), accepts on the spot, and prints the acceptance receipt
(受理回执) with the promised date; the receipt fits a 390 px phone. And an ID number of the wrong shape is told at the
field.

The item is defined by the test (a personal filing with one field and one material), so the walk does not
depend on how the demo catalogue's forms change.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser import helpers as h

ITEM_NAME = "窗口测试个人备案"
CITIZEN_ID = "440111199003074513"  # the demo citizen 张伟
SHOTS = h.ARTIFACTS / "receipt"


def personal_item():
    from onego.accounts.models import Department
    from onego.catalog.process import simple_approval
    from onego.catalog.services import define_item
    from onego.demo import catalogue
    from onego.demo.accounts import DEPARTMENT_CODES

    health = Department.objects.get(credit_code=DEPARTMENT_CODES["wjj"])
    return define_item(
        {
            "level": "handling",
            "department": health,
            "parent": None,
            "basic_code": catalogue.demo_basic_code(catalogue.GROUP_MARKET, 97),
            "handling_suffix": "01",
            "effective_from": date(2020, 1, 1),
            "name": ITEM_NAME,
            "name_en": "Window test filing",
            "item_type": "filing",
            "statutory_limit_workdays": 20,
            "promised_limit_workdays": 3,
            "routes": ["approval"],
            "process": simple_approval(promised_workdays=3),
            "tags": ["individual"],
            "form": [{"key": "destination_address", "required": True}],
            "materials": [
                {"key": "window_scan", "name": "备案申请书（纸质）", "name_en": "Filing form (paper)"}
            ],
        },
        actor="test:browser",
    )


def promised_if_accepted_today(workdays: int) -> str:
    from django.utils import timezone

    from onego.core.calendar import add_workdays

    return add_workdays(timezone.localdate(), workdays).deadline.isoformat()


def save_shot(page: Page, name: str) -> None:
    h.snap(page, name)
    try:
        SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(h.ARTIFACTS / f"{name}.png", SHOTS / f"{name}.png")
    except OSError:
        pass  # the shared folder exists on the team's machine only


def test_the_clerk_takes_a_walk_in_application_and_prints_the_receipt(
    page: Page, seeded_live_server, tmp_path: Path
) -> None:
    base = seeded_live_server.url
    personal_item()
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(h.tiny_pdf("scan"))

    # the clerk finds the citizen by ID number, typed with a lower-case tail and spaces
    h.sign_in(page, base, "clerk")
    page.goto(f"{base}/cases/window/")
    page.get_by_label("身份证号码或统一社会信用代码").fill("4401 1119 9003 0745 13")
    page.locator("[data-testid=find]").click()
    expect(page.locator("[data-testid=applicant]")).to_contain_text("张伟")
    assert (
        "1990030745" not in page.url and "code=" not in page.url
    )  # the look-up is a POST: no number in the URL

    # typing filters the picker down to the one item
    page.get_by_label("按名称或事项编码查找").fill("窗口测试")
    expect(page.locator("[data-picker-item]:visible")).to_have_count(1)
    expect(page.locator("[data-picker-count]")).to_have_text("共 1 项")
    page.get_by_label(re.compile(ITEM_NAME)).check()
    page.locator("[data-testid=choose]").click()

    # the form: one field, the scanned paper form, the citizen's signature; the URL carries the selection token
    expect(page.locator("h1")).to_contain_text(ITEM_NAME)
    assert "sel=" in page.url and "applicant=" not in page.url and "1990030745" not in page.url
    page.locator("[name=destination_address]").fill("广州市白云区景泰街 8 号")
    page.locator("#wm-window_scan").set_input_files(str(scan))
    h.draw_signature(page)
    page.locator("[data-testid=window-submit]").click()

    # the receipt before acceptance
    page.locator("[data-testid=open-receipt]").click()
    expect(page.locator("[data-testid=receipt-title]")).to_have_text("申请回执")
    number = page.locator("[data-testid=receipt-number]").inner_text()
    expect(page.locator("[data-testid=receipt-accepted]")).to_have_text("待受理")
    expect(page.locator("[data-testid=receipt-code]")).to_have_text("4401**********4513")
    expect(page.locator("[data-testid=receipt-received]")).to_contain_text("备案申请书（纸质）")

    # the clerk accepts on the spot: the receipt is now the acceptance receipt, dated from today
    page.locator("[data-testid=accept-now]").click()
    expect(page.locator("ul.messages")).to_contain_text("已受理")
    expect(page.locator("[data-testid=receipt-title]")).to_have_text("受理回执")
    expect(page.locator("[data-testid=receipt-promised] strong")).to_have_text(promised_if_accepted_today(3))
    expect(page.locator("[data-testid=receipt-howto]")).to_contain_text("/cases/progress/")
    qr = page.locator("[data-testid=receipt-qr]")
    expect(qr).to_have_attribute("data-url", re.compile(rf"/cases/progress/\?number={number}$"))
    assert qr.evaluate("img => img.naturalWidth") > 100
    save_shot(page, "receipt")

    # printed: no site chrome, no buttons, no messages
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator("[data-testid=print]")).to_be_hidden()
    expect(page.locator("ul.messages")).to_be_hidden()
    page.emulate_media(media="screen")

    # on a phone of 390 px the receipt does not scroll sideways
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    save_shot(page, "receipt-phone")


def test_an_id_number_of_the_wrong_shape_is_told_at_the_field(page: Page, seeded_live_server) -> None:
    base = seeded_live_server.url
    h.sign_in(page, base, "clerk")
    page.goto(f"{base}/cases/window/")

    page.get_by_label("身份证号码", exact=True).fill("44011119900307451")
    page.get_by_label("姓名").fill("王芳")
    page.locator("[data-testid=register]").click()

    expect(page.locator("[data-testid=id-error]")).to_have_text("身份证号码应为 18 位，您输入了 17 位。")
    expect(page.get_by_label("身份证号码", exact=True)).to_have_attribute("aria-invalid", "true")


@pytest.fixture(autouse=True)
def _fast_hashers(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]

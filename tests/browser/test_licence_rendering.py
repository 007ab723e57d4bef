"""A licence's QR code scanned with a phone, in Chromium at a phone's size: the camera's link opens the
verification result, at the top of the screen, with nothing to fill in and no sideways scrolling.

The QR code is read from the rendered PDF itself (pdftoppm + zxing-cpp), as a phone's camera reads the paper.
The licence is issued on the session's today (so the test holds under --clock): valid for five years from it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser import helpers as h

PHONE = {"width": 390, "height": 844}
HOLDER = "广州市白云区云味餐饮有限公司"
MASKED_CREDIT_CODE = "9144**********WX00"  # 91440111MA5AQ6WX00: the first and last four shown


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(
        locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def issued_licence(live_server: Any, transactional_db: None, settings: Any, tmp_path: Path) -> Any:
    """A food licence issued today by a department with a signing key; QR links point at the live server."""
    from django.utils import timezone

    from onego.certificates.tests import factories as f

    settings.ONEGO_PUBLIC_BASE_URL = live_server.url
    settings.MEDIA_ROOT = tmp_path / "media"
    _, licence_type = f.issuer_with_key()
    return f.licence(licence_type, holder_name=HOLDER, issue_date=timezone.localdate())


def qr_link_of(pdf: bytes, folder: Path) -> str:
    """The text of the QR code on the rendered page."""
    zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp (a QR decoder wheel) is not installed")
    from PIL import Image

    pdftoppm = shutil.which("pdftoppm")
    if not pdftoppm:
        if os.environ.get("ONEGO_REQUIRE_BROWSER"):
            pytest.fail("pdftoppm (poppler-utils) is not installed")
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    (folder / "licence.pdf").write_bytes(pdf)
    subprocess.run(
        [pdftoppm, "-png", "-r", "150", "-singlefile", str(folder / "licence.pdf"), str(folder / "page")],
        check=True,
    )
    with Image.open(folder / "page.png") as image:
        found = zxingcpp.read_barcodes(image.convert("RGB"))
    assert len(found) == 1, found
    return found[0].text


def test_a_phone_scanning_the_licence_qr_code_sees_the_result_at_the_top_of_the_screen(
    phone: Page, issued_licence: Any, live_server: Any, tmp_path: Path
) -> None:
    from onego.certificates import services

    # given the QR code on the licence's PDF
    link = qr_link_of(services.licence_pdf(issued_licence), tmp_path)
    assert urlsplit(link).path == f"/licences/v/{issued_licence.identifier}/"

    # when a phone opens it
    phone.goto(link)

    # then the result is the first thing on the screen: valid, the holder, its code masked
    result = phone.locator("[data-testid=verify-result]")
    expect(result).to_have_attribute("data-status", "valid")
    expect(result.locator("[data-testid=verify-status]")).to_have_text("✔ 有效")
    expect(result.locator("[data-testid=verify-status]")).to_be_in_viewport()
    expect(result.locator("[data-testid=holder]")).to_have_text(HOLDER)
    expect(result.locator("[data-testid=holder-code]")).to_have_text(MASKED_CREDIT_CODE)
    expect(phone.get_by_role("heading", level=1)).to_have_text("电子证照核验结果")
    # no form to fill in, a way on to check another licence
    expect(phone.locator("textarea, input[type=file]")).to_have_count(0)
    expect(phone.locator("[data-testid=verify-another]")).to_be_visible()
    # and the page fits the phone's width
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    h.snap(phone, "licence_rendering_qr_result_on_a_phone")

    # when the visitor goes on to check another licence
    phone.locator("[data-testid=verify-another]").click()

    # then the verification form is there, empty
    expect(phone.get_by_role("heading", level=1)).to_have_text("电子证照核验")
    expect(phone.locator("[data-testid=verify-form] textarea")).to_have_value("")


def test_a_revoked_licence_scanned_with_a_phone_says_revoked_with_the_reason(
    phone: Page, issued_licence: Any, live_server: Any
) -> None:
    from onego.certificates import services

    services.revoke(issued_licence.pk, "以欺骗手段取得许可", actor="test")

    phone.goto(services.qr_text(issued_licence))

    result = phone.locator("[data-testid=verify-result]")
    expect(result).to_have_attribute("data-status", "revoked")
    expect(result.locator("[data-testid=verify-status]")).to_have_text("✖ 已撤销")
    expect(result.locator("[data-testid=verify-reasons]")).to_contain_text("以欺骗手段取得许可")
    expect(result.locator("[data-testid=verify-status]")).to_be_in_viewport()

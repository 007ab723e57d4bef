"""The Content-Security-Policy in Chromium (issue 14, finding 9): the main pages — home, login, an applicant's
case, the premises video recording page, the receipt, a staff case page, the policy finder, the admin login —
load with the policy in force and Chromium reports no violation; the behaviours that were inline handlers
(language switch, withdraw confirmation) still work from the static script; the recording page alone may use
the camera and the position (docs/security.md, "Content-Security-Policy and permissions").

Violations are caught twice: the `securitypolicyviolation` event (listened to before any page script runs) and
Chromium's console messages ("Refused to …", "Content Security Policy").
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Dialog, Page, expect

from onego.inspection.tests.factories import PREMISES
from tests.browser import helpers as h
from tests.browser.conftest import DEFAULT_TIMEOUT_MS

LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber);
});
"""


class Watched:
    """A browser context whose pages record every CSP violation and console complaint about the policy."""

    def __init__(self, context: BrowserContext) -> None:
        self.context = context
        self.console: list[str] = []
        context.add_init_script(LISTEN)
        context.on("console", self._console)

    def _console(self, message: Any) -> None:
        text = message.text
        if "Content Security Policy" in text or "Refused to" in text or "Permissions policy" in text:
            self.console.append(f"{message.type}: {text}")

    def open(self, page: Page, url: str) -> list[str]:
        """Open a page, let its scripts run, return what was refused on it."""
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        assert "default-src 'self'" in (response.headers.get("content-security-policy") or "")
        page.wait_for_load_state("networkidle")
        return [*page.evaluate("window.__csp || []"), *self.console]


@pytest.fixture
def watched(browser: Any, seeded_live_server: Any) -> Iterator[Watched]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    try:
        yield Watched(context)
    finally:
        context.close()


@pytest.fixture
def case_number(seeded_live_server: Any, settings: Any, tmp_path: Any) -> str:
    """The enterprise's food licence case (uploaded materials, signature, premises videos to film)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return h.submit_food_case(h.tiny_pdf("material"))


def allows(page: Page, feature: str) -> bool:
    return bool(page.evaluate(f"document.featurePolicy.allowsFeature({feature!r})"))


def test_the_public_pages_and_the_admin_login_load_without_a_violation(
    watched: Watched, seeded_live_server: Any
) -> None:
    base = seeded_live_server.url
    page = watched.context.new_page()

    for path in [
        "/",
        "/login/",
        "/signup/",
        "/guides/",
        "/cases/progress/",
        "/licences/verify/",
        "/policies/",
        "/admin/login/",
        "/api/v1/docs",
    ]:
        assert watched.open(page, base + path) == [], path
        assert (
            not allows(page, "camera") and not allows(page, "geolocation") and not allows(page, "microphone")
        )

    # the language switch submits on change, from the static script
    page.goto(base + "/")
    page.locator("#lang-select").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.evaluate("window.__csp") == [] and watched.console == []


def test_the_applicant_and_staff_pages_of_a_case_load_without_a_violation(
    watched: Watched, case_number: str, seeded_live_server: Any
) -> None:
    base = seeded_live_server.url
    page = watched.context.new_page()
    h.sign_in(page, base, "enterprise")

    # the applicant's case page, its receipt (QR codes as data URLs) and the policy finder
    assert watched.open(page, f"{base}/cases/mine/{case_number}/") == []
    assert watched.open(page, f"{base}/cases/receipt/{case_number}/") == []
    expect(page.locator("[data-testid=receipt-qr]").first).to_have_js_property("complete", True)
    assert page.locator("[data-testid=receipt-qr]").first.evaluate("img => img.naturalWidth") > 0
    assert watched.open(page, f"{base}/policies/finder/") == []

    # the recording page: the one page that may use the camera and the position, never the microphone
    assert watched.open(page, f"{base}/inspection/case/{case_number}/record/") == []
    assert allows(page, "camera") and allows(page, "geolocation") and not allows(page, "microphone")
    h.snap(page, "csp_recording_page")

    # withdrawing asks first (the confirmation that was an inline onsubmit); dismissed, nothing happens
    page.goto(f"{base}/cases/mine/{case_number}/")
    asked: list[str] = []

    def answer(dialog: Dialog) -> None:
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", answer)
    page.locator("[data-testid=withdraw] input[name=confirm]").check()
    page.locator("form[data-confirm] button[type=submit]").click()
    expect(page).to_have_url(f"{base}/cases/mine/{case_number}/")
    assert asked == ["确定撤回该申请吗？撤回后不能恢复。"]
    assert page.evaluate("window.__csp") == [] and watched.console == []

    # a staff page: the clerk's case page with the uploaded PDF in its viewer and the signature image
    assert watched.context.browser is not None
    staff = watched.context.browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
    try:
        clerk = Watched(staff)
        clerk_page = staff.new_page()
        h.sign_in(clerk_page, base, "clerk")
        assert clerk.open(clerk_page, f"{base}/cases/case/{case_number}/") == []
        signature = clerk_page.locator("img.st-signature")
        expect(signature).to_be_visible()
        assert signature.evaluate("img => img.naturalWidth") > 0  # the sandboxed file still shows as an image
        # the uploaded PDF, sandboxed, still opens in Chromium's PDF viewer inside the case page
        clerk_page.locator("iframe.st-pdf").first.scroll_into_view_if_needed()
        for _ in range(20):  # the viewer is an extension frame inside the PDF's frame
            if any(f.url.startswith("chrome-extension://") for f in clerk_page.frames):
                break
            clerk_page.wait_for_timeout(500)
        assert any(f.url.startswith("chrome-extension://") for f in clerk_page.frames), [
            f.url for f in clerk_page.frames
        ]
        assert clerk.console == [] and clerk_page.evaluate("window.__csp") == []
        h.snap(clerk_page, "csp_staff_case_pdf_viewer")
        assert clerk.open(clerk_page, f"{base}/cases/inbox/") == []
        h.snap(clerk_page, "csp_staff_inbox")
    finally:
        staff.close()


def test_the_camera_preview_plays_on_the_recording_page_under_the_policy(
    camera_browser: Any, case_number: str, seeded_live_server: Any
) -> None:
    """The preview is a MediaStream in srcObject: neither media-src nor img-src stands in its way."""
    base = seeded_live_server.url
    context = camera_browser.new_context(
        locale="zh-CN",
        viewport={"width": 390, "height": 844},
        permissions=["camera", "geolocation"],
        geolocation={"latitude": PREMISES[0], "longitude": PREMISES[1]},
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    try:
        phone = Watched(context)
        page = context.new_page()
        h.sign_in(page, base, "enterprise")
        assert phone.open(page, f"{base}/inspection/case/{case_number}/record/") == []

        page.locator("[data-testid=start-1]").click()
        preview = page.locator("[data-testid=video-1] video.rec-preview")
        expect(preview).to_be_visible()
        page.wait_for_function("v => v.videoWidth > 0", arg=preview.element_handle())
        h.snap(page, "csp_recording_preview")
        assert page.evaluate("window.__csp") == [] and phone.console == []
    finally:
        context.close()

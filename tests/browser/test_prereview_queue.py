"""The reviewer as checker (issue 16, item 7), in Chromium: the employment service centre's policy officer "jobs"
opens 预审复核, the queue of pre-reviewed subsidy claims by risk, opens the riskiest claim — an enterprise of five
persons, four passed by the robot and one failed (insured 1 month of 3) — and confirms all in one click; the
page shows the decision and the case moved to its next step. "下一件" opens the second enterprise of five, where
the robot could not read one person's ID card ("check"): confirm all takes the other four, and that person is
decided explicitly, pass, with a reason.

Clicks and seconds per enterprise of five are counted from the queue (after signing in) to the decision shown,
and written to test-artifacts/prereview_clicks.json and the test's output — reported against the seed's
15 → 5 minutes per enterprise of five (seed case 7). Only the clicks are asserted (a small number); the time is
measured, never asserted. Screenshots of the queue and the claim page at 1280 and 390 px go to test-artifacts/.

The claims are seeded with the models and the case capture service (review_world.demo_claim: what the capture
robot and the pre-review engine write, tested in their own files); the attachments are real rendered documents
(onego.demo.paper), the unreadable one degraded by paper.unreadable.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser import helpers as h

MAX_CLICKS = 6  # per enterprise of five, from the queue to the decision


@dataclass
class Clicks:
    """Every mouse click the reviewer makes, by enterprise."""

    by_claim: dict[str, int] = field(default_factory=dict)
    current: str = ""

    def click(self, target: Locator) -> None:
        target.click()
        self.by_claim[self.current] = self.by_claim.get(self.current, 0) + 1


def open_queue(page: Page, base: str, clicks: Clicks) -> None:
    """The queue from the main navigation's 预审复核 entry, counted as one click. The entry is the lead's to add
    (onego/portal/navigation.py); until it is there the page is opened by its address, still counted as one."""
    entry = page.locator("nav.main-nav li[data-nav=prereview] a")
    if entry.count():
        clicks.click(entry)
    else:
        page.goto(f"{base}/prereview/")
        clicks.by_claim[clicks.current] = clicks.by_claim.get(clicks.current, 0) + 1


def fits(page: Page, width: int) -> None:
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= width, f"{page.url} is {wide} px wide at {width} px"


def test_a_reviewer_checks_two_enterprises_of_five_in_a_few_clicks(
    seeded_live_server: Any, browser: Browser, settings: Any, tmp_path: Any
) -> None:
    from onego.core.identifiers import make_credit_code
    from onego.prereview.models import Claim
    from onego.prereview.tests.review_world import demo_claim

    settings.MEDIA_ROOT = str(tmp_path)
    base = seeded_live_server.url
    first = demo_claim(
        "BY2026Q3-0007",
        "广州市白云区鸿达制衣有限公司",
        make_credit_code("91440111MA5BY0070"),
        ["pass", "pass", "fail", "pass", "pass"],
        80,
    )
    second = demo_claim(
        "BY2026Q3-0012",
        "广州市白云区顺景物流有限公司",
        make_credit_code("91440111MA5BY0120"),
        ["pass", "check", "pass", "pass", "pass"],
        40,
    )

    # screenshots at a phone's width, before anything is decided
    phone = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    phone.set_default_timeout(10_000)
    small = phone.new_page()
    h.sign_in(small, base, "jobs")
    for path, ready_when, name in (
        ("/prereview/", "[data-testid=queue]", "prereview_queue_390"),
        (f"/prereview/{second}/", "[data-testid=confirm-all]", "prereview_claim_390"),
    ):
        small.goto(f"{base}{path}")
        expect(small.locator(ready_when)).to_be_visible()
        fits(small, 390)
        h.snap(small, name)
    phone.close()

    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    h.sign_in(page, base, "jobs")
    clicks = Clicks()
    seconds: dict[str, float] = {}

    # the first enterprise: the queue (one click on its navigation entry), the riskiest claim first
    clicks.current = "BY2026Q3-0007"
    started = time.perf_counter()
    open_queue(page, base, clicks)
    rows = page.locator("[data-testid=queue] tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_have_attribute("data-external-id", "BY2026Q3-0007")
    expect(page.locator("[data-testid=count-fail]")).to_have_text("1")
    expect(page.locator("[data-testid=count-check]")).to_have_text("1")
    h.snap(page, "prereview_queue_1280")
    clicks.click(rows.first.locator("[data-testid=open-claim]"))
    expect(page.locator("[data-testid=claim-title]")).to_have_text("广州市白云区鸿达制衣有限公司")
    failing = page.locator("[data-testid=person][data-verdict=fail]")
    expect(failing).to_contain_text("在本单位参保 1 个月，需满 3 个月")
    expect(failing.locator("[data-testid=evidence]")).to_contain_text(
        "2026-09 广州市白云区鸿达制衣有限公司 4,500.00"
    )
    expect(failing.locator("[data-testid=match]").first).to_be_visible()  # the ID card read matches the claim
    h.snap(page, "prereview_claim_1280")
    clicks.click(page.locator("[data-testid=confirm-all]"))
    decision = page.locator("[data-testid=decision]")
    expect(decision.locator("[data-testid=decided-pass]")).to_have_text("4")
    expect(decision.locator("[data-testid=decided-fail]")).to_have_text("1")
    expect(decision.locator("[data-testid=approved-amount]")).to_have_text("10,800.00")
    expect(decision.locator("[data-testid=case-step]")).to_contain_text("部门会签")
    seconds["BY2026Q3-0007"] = time.perf_counter() - started
    h.snap(page, "prereview_decided_1280")

    # the second: "下一件", confirm the four the robot judged, decide the unreadable one with a reason
    clicks.current = "BY2026Q3-0012"
    started = time.perf_counter()
    clicks.click(decision.locator("[data-testid=next-claim]"))
    expect(page.locator("[data-testid=claim-title]")).to_have_text("广州市白云区顺景物流有限公司")
    expect(page.locator("[data-testid=checks-left]")).to_contain_text("另有 1 人")
    clicks.click(page.locator("[data-testid=confirm-all]"))
    check = page.locator("[data-testid=person][data-verdict=check]")
    expect(check.locator("[data-testid=ocr-status]")).to_have_text("无法识别")
    clicks.click(check.get_by_label("通过", exact=True))
    reason = check.get_by_label("理由（必填）")
    clicks.click(reason)
    reason.fill("已调取社保卡信息核对，姓名与身份证号码一致")
    clicks.click(check.locator("[data-testid=decide]"))
    decision = page.locator("[data-testid=decision]")
    expect(decision.locator("[data-testid=decided-pass]")).to_have_text("5")
    expect(
        page.locator("[data-testid=person][data-verdict=check] [data-testid=override-reason]")
    ).to_have_text("已调取社保卡信息核对，姓名与身份证号码一致")
    seconds["BY2026Q3-0012"] = time.perf_counter() - started
    h.snap(page, "prereview_decided_check_1280")

    # the figures count both claims: 9 persons the robot judged, none overridden (the check person is not one)
    page.goto(f"{base}/prereview/figures/")
    expect(page.locator("[data-testid=decided]")).to_have_text("2")
    expect(page.locator("[data-testid=error-rate]")).to_contain_text("0.0%")
    expect(page.locator("[data-testid=error-rate]")).to_contain_text("(0 / 9)")
    h.snap(page, "prereview_figures_1280")
    context.close()

    # both claims decided, their cases accepted and passed at review by jobs, now at the countersign
    for pk in (first, second):
        claim = Claim.objects.select_related("decided_by", "case").get(pk=pk)
        assert claim.status == Claim.Status.DECIDED and claim.decided_by is not None
        assert claim.decided_by.username == "jobs"
        case = claim.case
        assert case is not None and case.current_step == "countersign"
        assert case.tasks.get(step_key="review").action == "pass"

    report = {
        "what": "reviewer's clicks and seconds per enterprise of 5 persons, queue to decision (Chromium, headless)",
        "seed_minutes_per_enterprise": {"before": 15, "after": 5},
        "claims": {
            key: {"clicks": clicks.by_claim[key], "seconds": round(seconds[key], 2), "typed_fields": typed}
            for key, typed in (("BY2026Q3-0007", 0), ("BY2026Q3-0012", 1))
        },
    }
    h.ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (h.ARTIFACTS / "prereview_clicks.json").write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print("\nprereview clicks:", json.dumps(report, ensure_ascii=False))
    assert all(n <= MAX_CLICKS for n in clicks.by_claim.values()), clicks.by_claim

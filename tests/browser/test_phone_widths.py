"""Every page fits a phone: at 390 px no route scrolls sideways, for every role that can open it.

The routes come from Django's URL resolver, so a page added later is checked without touching this file:
every named route without arguments, and the routes with arguments filled from demo data made here (a case
number, a guide code, a bundle, an e-licence, a policy, a matching run, a policy case). A route that is a
download, JSON, an image, an HTMX fragment or answers POST only is skipped by name, with the reason; a route
with arguments that is neither filled nor skipped fails the test, so nobody forgets to decide.

The page is measured after it has loaded: document.documentElement.scrollWidth must not exceed the
viewport's 390 px. The failure names the route, the role and the widest element.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page

from tests.browser import helpers as h

WIDTH = 390
ROLES = ("anonymous", "citizen", "enterprise", "clerk", "reviewer", "supervisor", "policy", "jobs")

# Not pages a person reads on a phone (the reason is the value).
SKIPPED = {
    "set_language": "POST only",
    "portal:logout": "POST only",
    "portal:healthz": "JSON",
    "portal:favicon": "an icon",
    "catalog:process_svg": "an SVG image",
    "cases:correct": "POST only",
    "cases:withdraw": "POST only",
    "cases:case_act": "POST only",
    "cases:case_visit": "POST only",
    "cases:case_terminate": "POST only",
    "cases:material_file": "a download",
    "cases:signature_file": "a download",
    "archive:case_zip": "a download",
    "certificates:pdf": "a download",
    "certificates:revoke": "POST only",
    "inspection:video": "a download",
    "inspection:thumbnail": "an image",
    "policies:confirm_offer": "POST only",
    "policies:decline_offer": "POST only",
    "policies:object": "POST only",
    "policies:start_run": "POST only",
    "policies:run_progress": "an HTMX fragment of run_detail (checked there)",
    "policies:handle_objection": "POST only",
    "policies:create_batch": "POST only",
    "policies:approve_batch": "POST only",
    "policies:bank_file": "a download",
    "policies:reconcile": "POST only",
    "policies:batch_detail": "needs a payout batch; the payouts page lists batches",
    "cases:generated_file": "a download",
    "cases:decision_pdf": "a download",
    "cases:receipt_pdf": "a download",
    "cases:window_accept": "POST only",
    "certificates:verify_link": "checked below with the link of a licence's QR code, signature and all",
    "prereview:decide": "POST only",
    "prereview:confirm_all": "POST only",
    "prereview:attachment": "an image",
    "prereview:figures_csv": "a download",
    "robots:run_now": "POST only",
    "robots:kill_switch": "POST only",
    "robots:retry_item": "POST only",
    "robots:resolve": "POST only",
    "robots:run_progress": "the progress box the run page polls (a fragment)",
    "robots:item_screenshot": "a failure's screenshot (an image)",
    "robots:item_html": "a failure's saved page (an attachment)",
    "cases:queue_open": "POST only",
    "cases:queue_leave": "POST only",
    "cases:queue_call": "POST only",
    "cases:queue_done": "POST only",
    "cases:queue_no_show": "POST only",
    "cases:queue_pad_key": "POST only",
    "ratings:figures_csv": "a download (CSV)",
    "ratings:pad_state": "the JSON the pad polls",
    "ratings:pad_rate": "POST only",
    "ratings:rate": "needs a token sent by SMS or printed on a receipt (onego/ratings/tests/test_rate_rules.py)",
    "ratings:rate_case": "needs a finished case of the applicant (onego/ratings/tests/test_rate_rules.py)",
    "ratings:work_order_verify": "POST only",
    "ratings:work_order_rectify": "POST only",
    "ratings:work_order_rectified": "POST only",
    "ratings:work_order_callback": "POST only",
    "ratings:work_order_appeal": "POST only",
    "ratings:work_order_decide": "POST only",
    "staffstars:certificate": "a download (PDF)",
    "staffstars:sheet_template": "a download",
    "staffstars:complaints_template": "a download",
    "staffstars:sheet_import": "POST only",
    "staffstars:complaints_import": "POST only",
    "staffstars:approve": "POST only",
    "staffstars:ranking": "needs the stars' quarter; tests/browser/test_stars.py reads it at 390 px",
    "staffstars:sheet": "needs the stars' quarter; tests/browser/test_stars.py reads it at 390 px",
    "staffstars:complaints": "needs the stars' quarter; the centre's head's page (tests/browser/test_stars.py)",
    "supervision:draw": "needs a draw; tests/browser/test_spot_checks.py draws one",
    "supervision:check": "needs a draw; tests/browser/test_spot_checks.py draws one",
    "supervision:public_draw": "needs a draw; tests/browser/test_spot_checks.py reads it at 390 px",
    "supervision:draw_inputs": "a JSON download",
    "stats:export": "a download (Excel)",
}
SKIPPED_NAMESPACES = {"api": "the REST API (JSON)", "admin": "Django's admin site, not one of our pages"}

# The widest element that pushes the page, for the failure message.
WIDEST = """() => {
  const limit = document.documentElement.clientWidth;
  let worst = null, right = 0;
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > right) { right = box.right; worst = el; }
  }
  if (!worst || right <= limit) { return ""; }
  const name = e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
    + (typeof e.className === "string" && e.className.trim() ? "." + e.className.trim().split(/\\s+/).join(".") : "");
  const path = [];
  for (let e = worst; e && e !== document.body && path.length < 4; e = e.parentElement) { path.unshift(name(e)); }
  return path.join(" > ") + " reaches " + Math.round(right) + "px: " + (worst.textContent || "").trim().slice(0, 60);
}"""


def named_routes() -> list[tuple[str, list[str]]]:
    """(namespace:name, argument names) of every named route."""
    found: list[tuple[str, list[str]]] = []

    def walk(patterns: list[Any], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(part for part in (namespace, pattern.namespace or "") if part)
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                found.append((name, list(pattern.pattern.regex.groupindex)))

    walk(get_resolver().url_patterns, "")
    return found


def demo_arguments() -> dict[str, list[Any]]:
    """Arguments for the routes that take them, made from the demo: an enterprise's food licence application
    (accepted, its documents generated, its messages delivered), a matching run whose offer is confirmed."""
    import datetime as dt

    from onego.accounts.models import User
    from onego.cases import pdfdocs, services
    from onego.cases.models import Case
    from onego.catalog.models import Bundle, ServiceItem
    from onego.certificates.models import Licence
    from onego.core import outbox
    from onego.policies import matching
    from onego.policies import offers as offer_services
    from onego.policies.models import Offer, Policy

    food = ServiceItem.objects.filter(versions__name="食品经营许可（告知承诺+现场视频）").distinct().get()
    enterprise = User.objects.get(username="enterprise")
    target = services.resolve_target(item_code=food.code)
    uploads = [
        services.UploadedMaterial(key, h.tiny_pdf(key), f"{key}.pdf")
        for key in services.uploads_needed(target, enterprise)
    ]
    key = str(uuid.uuid4())
    (case,) = services.submit_application(
        applicant=enterprise,
        item_code=food.code,
        form_data=h.application_form_data(),
        uploads=uploads,
        signature_png=h._signature_png(),
        route="commitment",
        commitment_signed=True,
        idempotency_key=key,
    )
    pdfdocs.ensure_generated(case.pk)
    accept = case.tasks.get(status="open")
    services.act(case.number, actor=User.objects.get(username="clerk"), task_id=accept.pk, action="accept")

    upgrade = Policy.objects.get(code="sme-upgrade")
    run = matching.start_run(actor="test:phone-widths", policy=upgrade, on=dt.date(2026, 11, 27))
    matching.run_matching(run.pk)
    offer = Offer.objects.filter(entity_code=enterprise.enterprise_credit_code, policy=upgrade).first()
    policy_case = ""
    if offer is not None:
        confirmed = offer_services.confirm_offer(
            offer.pk,
            user=enterprise,
            bank_account_name="广州市白云区云味餐饮有限公司",
            bank_name="中国工商银行广州白云支行",
            bank_account_number="3602000109001234567",
        )
        policy_case = confirmed.case.number if confirmed.case else ""
    outbox.deliver_pending()

    from onego.core.identifiers import make_credit_code
    from onego.prereview.tests.review_world import demo_claim

    claim = demo_claim(
        "BY2026Q3-0001",
        "广州市白云区鸿达制衣有限公司",
        make_credit_code("91440111MA5BY0010"),
        ["pass", "fail", "check"],
        80,
    )

    from onego.accounts.models import Window
    from onego.demo.robot_scripts import seed_robots
    from onego.ratings.models import WorkOrder
    from onego.robots.models import ItemStatus, RobotRun, RunItem, RunStatus

    capture, _writeback = seed_robots("http://127.0.0.1:9", "robot01", "Standin@2026")
    robot_run = RobotRun.objects.create(
        robot=capture, trigger="staff", status=RunStatus.PARTIAL, total=2, done=1, failed=1
    )
    RunItem.objects.create(
        run=robot_run,
        external_id="BY2026Q3-0002",
        status=ItemStatus.FAILED,
        error="Timeout",
        at=timezone.now(),
    )

    number = Case.objects.get(pk=case.pk).number
    bundle = (
        Bundle.objects.filter(code="open-restaurant").values_list("code", flat=True).first()
        or Bundle.objects.order_by("pk").values_list("code", flat=True).first()
    )
    licence = Licence.objects.order_by("pk").first()
    from onego.certificates.services import qr_text

    return {
        "_licence_link": [urlsplit(qr_text(licence)) if licence else None],
        "catalog:item_guide": [food.code],
        "catalog:bundle_guide": [bundle],
        "cases:apply_item": [food.code],
        "cases:apply_bundle": [bundle],
        "cases:apply_done": [key],
        "cases:my_case": [number],
        "cases:case": [number],
        "cases:documents": [number],
        "cases:receipt": [number],
        "inspection:record": [number],
        "inspection:review": [number],
        "policies:detail": [upgrade.code],
        "policies:run_detail": [run.pk],
        "policies:policy_case": [policy_case or number],
        "prereview:claim": [claim],
        "robots:run": [robot_run.pk],
        "cases:take_ticket": ["district"],
        "ratings:pad": [
            Window.objects.filter(centre__code="district", number=3).values_list("pad_key", flat=True)[0]
        ],
        "ratings:work_order": [WorkOrder.objects.order_by("pk").values_list("number", flat=True)[0]],
        "staffstars:hall": ["district"],
        "staffstars:hall_display": ["district"],
        "_licence": [licence.identifier if licence else ""],
    }


def urls_to_check(arguments: dict[str, list[Any]]) -> list[tuple[str, str]]:
    """(route name, URL) of every page to load; fails on a route with arguments nobody decided about."""
    urls, undecided = [], []
    for name, params in named_routes():
        if name in SKIPPED or name.split(":")[0] in SKIPPED_NAMESPACES:
            continue
        if params and name not in arguments:
            undecided.append(name)
            continue
        urls.append((name, reverse(name, args=arguments.get(name, []))))
    assert not undecided, f"routes with arguments neither filled nor skipped in this test: {undecided}"
    licence = arguments["_licence"][0]
    if licence:  # the verification page showing a result, the page a scanned QR lands on
        urls.append(("certificates:verify (a result)", f"{reverse('certificates:verify')}?id={licence}"))
        link = arguments["_licence_link"][0]  # the page a scanned QR code lands on
        urls.append(("certificates:verify_link", f"{link.path}?{link.query}"))
    return urls


@pytest.fixture
def phone_pages(browser: Browser, seeded_live_server: Any) -> Iterator[dict[str, Page]]:
    """A 390 px wide page per role, each signed in as the demo user of that role (anonymous: nobody)."""
    contexts, pages = [], {}
    for role in ROLES:
        context = browser.new_context(locale="zh-CN", viewport={"width": WIDTH, "height": 844})
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        if role != "anonymous":
            h.sign_in(page, seeded_live_server.url, role)
        pages[role] = page
    try:
        yield pages
    finally:
        for context in contexts:
            context.close()


def test_every_page_fits_a_390_px_phone_for_every_role(
    seeded_live_server: Any, phone_pages: dict[str, Page]
) -> None:
    # given demo data behind every kind of page
    urls = urls_to_check(demo_arguments())
    assert len(urls) > 30  # the resolver really was read

    # when each role opens each page at 390 px
    too_wide, seen = [], set()
    for role, page in phone_pages.items():
        for name, url in urls:
            response = page.goto(seeded_live_server.url + url)
            status = response.status if response else 0
            landed = page.url.removeprefix(seeded_live_server.url).split("?")[0]
            if (landed != url.split("?")[0] or status != 200) and (landed, status) in seen:
                continue  # the same refusal, or the login page a route sent us to: measured once
            seen.add((landed, status))
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > WIDTH:
                too_wide.append(
                    f"{name} {url} as {role} (HTTP {status}): {width}px wide; {page.evaluate(WIDEST)}"
                )

    # then none scrolls sideways
    assert not too_wide, "pages wider than a 390 px phone:\n" + "\n".join(too_wide)

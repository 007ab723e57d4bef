"""Shared steps for the case-flow browser tests: signing in, drawing a signature, a real PDF to upload, and
the countersign bundle these tests apply for.

The demo bundle `open-restaurant` has no countersign step, so `countersign_bundle()` defines, through the
catalogue services, a bundle of the demo business registration and a food-licence item (the demo food
licence's form, materials and routes) whose process is 受理 → 部门会签 (区市场监管局 + 区卫生健康局) → 审批决定
→ 制证送达. It runs in the test process before the browser starts; the live server shares the database.
"""

from __future__ import annotations

import base64
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Page, expect

from onego.core.tests.pdfs import assemble_pdf
from onego.demo import accounts as demo

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"

BUNDLE_CODE = "open-restaurant-countersign"
BUNDLE_NAME = "开餐馆一件事（联审测试）"
FOOD_ITEM_NAME = "食品经营许可（告知承诺+现场视频·联审）"
BUSINESS_ITEM_NAME = "企业设立登记（营业执照）"
HEALTH_REVIEWER = "health_reviewer"
HEALTH_REVIEWER_NAME = "何卫华"
MARKET_DEPARTMENT = "广州市白云区市场监督管理局"
HEALTH_DEPARTMENT = "广州市白云区卫生健康局"


def tiny_pdf(title: str = "OneGo test") -> bytes:
    """A small but well-formed one-page PDF (correct xref offsets), so Chromium's viewer opens it and the
    server's content sniffing sees application/pdf."""
    stream = f"BT /F1 18 Tf 40 100 Td ({title}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 160] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return assemble_pdf(objects)


# --- test data (ORM and services, in the test process) ------------------------------------------------------


def submit_food_case(pdf: bytes) -> str:
    """The enterprise's food licence case (告知承诺+现场视频) for a small catering business whose premises are in
    the address register, its two uploaded materials `pdf`; returns the case number."""
    from onego.accounts.models import User
    from onego.cases import services
    from onego.cases.tests.factories import PNG
    from onego.catalog.models import ServiceItem
    from onego.inspection.tests.test_services import PREMISES, PREMISES_ADDRESS
    from onego.registry import geo

    geo.add_point(PREMISES_ADDRESS, *PREMISES)
    item = ServiceItem.objects.filter(versions__name="食品经营许可（告知承诺+现场视频）").distinct().get()
    (case,) = services.submit_application(
        applicant=User.objects.get(username="enterprise"),
        item_code=item.code,
        route="commitment",
        commitment_signed=True,
        signature_png=PNG,
        form_data={
            "business_type": "small_catering",
            "food_business_items": ["hot_food"],
            "premises_address": PREMISES_ADDRESS,
            "food_safety_manager_name": "王强",
            "food_safety_manager_phone": "13800201234",
        },
        # the health certificate on record for the demo enterprise has expired: it is uploaded
        uploads=[
            services.UploadedMaterial("layout_and_process", pdf),
            services.UploadedMaterial("food_safety_manager_health", pdf),
        ],
    )
    return case.number


def countersign_bundle() -> Any:
    """The bundle "开餐馆一件事（联审测试）" and a reviewer at 区卫生健康局; returns the bundle."""
    from django.contrib.auth.models import Group

    from onego.accounts.models import Department, User
    from onego.accounts.roles import Role
    from onego.catalog.models import BundleItem
    from onego.catalog.process import countersign_approval
    from onego.catalog.services import define_bundle, define_item
    from onego.demo import catalogue
    from onego.demo.accounts import DEPARTMENT_CODES

    market = Department.objects.get(credit_code=DEPARTMENT_CODES["scjg"])
    health = Department.objects.get(credit_code=DEPARTMENT_CODES["wjj"])

    spec = catalogue.item_spec("food_licence")
    spec.update(
        department=market,
        parent=None,
        name=FOOD_ITEM_NAME,
        name_en="Food business licence (commitment, video, countersigned)",
        basic_code=catalogue.demo_basic_code(catalogue.GROUP_MARKET, 91),
        promised_limit_workdays=5,
        process=countersign_approval(
            [(market.credit_code, "区市场监管局", 2), (health.credit_code, "区卫生健康局", 2)],
            promised_workdays=5,
        ),
    )
    food = define_item(spec, actor="test:browser")
    business = BundleItem.objects.get(
        bundle__code="open-restaurant", item__versions__name=BUSINESS_ITEM_NAME
    ).item
    bundle = define_bundle(
        code=BUNDLE_CODE,
        name=BUNDLE_NAME,
        name_en="Opening a restaurant (countersign test)",
        description="营业执照与食品经营许可一次申请；食品经营许可由市场监管、卫生健康两部门会签。",
        lead_department=market,
        items=[business, food],
        promised_limit_workdays=5,
        actor="test:browser",
    )

    reviewer = User.objects.create_user(
        HEALTH_REVIEWER, password=demo.DEMO_PASSWORD, real_name=HEALTH_REVIEWER_NAME, department=health
    )
    reviewer.groups.add(Group.objects.get_or_create(name=Role.REVIEWER.value)[0])
    return bundle


# The bundle founds a new enterprise (设立登记), so it is applied for by a citizen with none yet: an enterprise
# is offered the food licence alone. What the founder types about the enterprise to be (label → value):
FOUNDER = "citizen"
NEW_ENTERPRISE = "广州市白云区新味餐饮有限公司"
FOUNDER_FIELDS = {
    "市场主体名称": NEW_ENTERPRISE,
    "主体类型": "有限责任公司（自然人投资或控股）",
    "住所": "广州市白云区嘉禾街金铂天地商业广场 3 层 312 号",
    "法定代表人（负责人）": "张伟",
    "经营范围": "餐饮服务；食品销售（仅销售预包装食品）",
}


def fill_founder_fields(page: Page) -> None:
    """Type FOUNDER_FIELDS, each into the field whose label is exactly that (a required one ends in *)."""
    for label, value in FOUNDER_FIELDS.items():
        page.get_by_label(re.compile(f"^{re.escape(label)}\\*?$")).fill(value)


# What an applicant types into the fields the registry does not fill (label → value), and picks.
TYPED_FIELDS = {
    "经营场所": "广州市白云区嘉禾街金铂天地商业广场 3 层 312 号",
    "法定代表人公民身份号码": "440111199003074513",
    "注册资本（万元）": "50",
    "股东（发起人）及出资情况": "张伟，440111199003074513，50 万元，货币，2030-12-31",
    "食品安全管理人员姓名": "张伟",  # the demo citizen runs his restaurant himself: his certificate is on record
    "食品安全管理人员手机号码": "13800138000",
    "经办人手机号码": "13800138001",
}
BUSINESS_TYPE = "餐馆"
FOOD_ITEMS = ("热食类食品制售", "自制饮品制售")


def application_form_data() -> dict[str, Any]:
    """The same answers as FOUNDER_FIELDS and TYPED_FIELDS, by field key, for applying through the service (an
    enterprise's own registry data, locked, replaces the founder's)."""
    return {
        "entity_name": NEW_ENTERPRISE,
        "entity_type": FOUNDER_FIELDS["主体类型"],
        "entity_address": FOUNDER_FIELDS["住所"],
        "legal_representative": FOUNDER_FIELDS["法定代表人（负责人）"],
        "business_scope": FOUNDER_FIELDS["经营范围"],
        "premises_address": TYPED_FIELDS["经营场所"],
        "legal_representative_id_number": TYPED_FIELDS["法定代表人公民身份号码"],
        "registered_capital": TYPED_FIELDS["注册资本（万元）"],
        "investors": TYPED_FIELDS["股东（发起人）及出资情况"],
        "food_safety_manager_name": TYPED_FIELDS["食品安全管理人员姓名"],
        "food_safety_manager_phone": TYPED_FIELDS["食品安全管理人员手机号码"],
        "handler_phone": TYPED_FIELDS["经办人手机号码"],
        "business_type": "restaurant",
        "food_business_items": ["hot_food", "homemade_drinks"],
    }


def apply_through_the_service(bundle_code: str = BUNDLE_CODE, username: str = FOUNDER) -> dict[str, str]:
    """The founder's bundle application made with services.submit_application; item name → case number."""
    from onego.accounts.models import User
    from onego.cases import services

    applicant = User.objects.get(username=username)
    target = services.resolve_target(bundle_code=bundle_code, applicant=applicant)
    uploads = [
        services.UploadedMaterial(key, tiny_pdf(key), f"{key}.pdf")
        for key in services.uploads_needed(target, applicant)
    ]
    cases = services.submit_application(
        applicant=applicant,
        bundle_code=bundle_code,
        form_data=application_form_data(),
        uploads=uploads,
        signature_png=_signature_png(),
        route="commitment",
        commitment_signed=True,
        idempotency_key=str(uuid.uuid4()),
    )
    return {c.item_version.name: c.number for c in cases}


def _signature_png() -> bytes:
    return base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
    )


# --- people in browsers -----------------------------------------------------------------------------------


@dataclass
class People:
    """One browser context per person (their own cookies), opened on first use and closed at the end."""

    browser: Browser
    base: str
    contexts: dict[str, BrowserContext]

    def page_of(self, username: str) -> Page:
        context = self.contexts.get(username)
        if context is None:
            context = self.browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
            context.set_default_timeout(10_000)
            self.contexts[username] = context
            page = context.new_page()
            sign_in(page, self.base, username)
            return page
        return context.pages[0]

    def close(self) -> None:
        for context in self.contexts.values():
            context.close()


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(demo.DEMO_PASSWORD)
    page.locator("main").get_by_role("button", name="登录").click()
    expect(page.locator("[data-testid=who]")).to_be_visible()


def draw_signature(page: Page) -> None:
    """A person signs on the canvas with the mouse: two strokes."""
    pad = page.locator("#signature-pad")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    assert box is not None
    x, y, w, h = box["x"], box["y"], box["width"], box["height"]
    for stroke in (
        [(0.15, 0.6), (0.25, 0.3), (0.35, 0.65), (0.45, 0.35)],
        [(0.55, 0.4), (0.65, 0.7), (0.8, 0.35)],
    ):
        page.mouse.move(x + w * stroke[0][0], y + h * stroke[0][1])
        page.mouse.down()
        for fx, fy in stroke[1:]:
            page.mouse.move(x + w * fx, y + h * fy, steps=6)
        page.mouse.up()
    expect(page.locator("#signature-state")).to_have_text("已签名")


def open_from_inbox(page: Page, base: str, number: str) -> None:
    """Open the inbox and click the case's number, as staff do."""
    page.goto(f"{base}/cases/inbox/")
    page.locator(f"[data-testid=inbox] tr[data-case='{number}']").get_by_role("link", name=number).click()
    expect(page.locator("[data-testid=case-title]")).to_contain_text(number)


def snap(page: Page, name: str) -> None:
    """A screenshot of a step for the reviewer (test-artifacts/<name>.png)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def act(page: Page, number: str, action: str) -> None:
    """Press one action button on the staff case page; the page confirms."""
    page.locator(f"[data-testid=actions] button[data-action={action}]").click()
    expect(page.locator("ul.messages")).to_contain_text(f"已办理：{number}")

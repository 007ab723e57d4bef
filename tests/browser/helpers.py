"""Shared steps for the case-flow browser tests: signing in and opening an apply form, filling it as the
founder or the enterprise does, drawing a signature, a real PDF to upload; applying, acting and filming
through the services where another test covers the pages; and the countersign bundle these tests apply for.
Fixtures (`people`, `camera_browser`, the seeded live server) are in conftest.py.

The demo bundle `open-restaurant` has no countersign step, so `countersign_bundle()` defines, through the
catalogue services, a bundle of the demo business registration and a food-licence item (the demo food
licence's form, materials and routes) whose process is 受理 → 部门会签 (区市场监管局 + 区卫生健康局) → 审批决定
→ 制证送达. It runs in the test process before the browser starts; the live server shares the database.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
import uuid
from collections.abc import Iterable
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
    from onego.inspection.tests.factories import PREMISES, PREMISES_ADDRESS, food_case
    from onego.registry import geo

    geo.add_point(PREMISES_ADDRESS, *PREMISES, source="test")
    return food_case(User.objects.get(username="enterprise"), pdf).number


def demo_food_licence_variant(
    *, name: str, name_en: str, serial: int, promised_workdays: int, process: dict[str, Any]
) -> Any:
    """A market-bureau item defined from the demo food licence (its form, materials and routes) under another
    name, basic code (`serial` in the demo's market group) and process; returns the item."""
    from onego.accounts.models import Department
    from onego.catalog.services import define_item
    from onego.demo import catalogue
    from onego.demo.accounts import DEPARTMENT_CODES

    spec = catalogue.item_spec("food_licence")
    spec.update(
        department=Department.objects.get(credit_code=DEPARTMENT_CODES["scjg"]),
        parent=None,
        name=name,
        name_en=name_en,
        basic_code=catalogue.demo_basic_code(catalogue.GROUP_MARKET, serial),
        promised_limit_workdays=promised_workdays,
        process=process,
    )
    return define_item(spec, actor="test:browser")


def countersign_bundle() -> Any:
    """The bundle "开餐馆一件事（联审测试）" and a reviewer at 区卫生健康局; returns the bundle."""
    from django.contrib.auth.models import Group

    from onego.accounts.models import Department, User
    from onego.accounts.roles import Role
    from onego.catalog.models import BundleItem
    from onego.catalog.process import countersign_approval
    from onego.catalog.services import define_bundle
    from onego.demo.accounts import DEPARTMENT_CODES

    market = Department.objects.get(credit_code=DEPARTMENT_CODES["scjg"])
    health = Department.objects.get(credit_code=DEPARTMENT_CODES["wjj"])

    food = demo_food_licence_variant(
        name=FOOD_ITEM_NAME,
        name_en="Food business licence (commitment, video, countersigned)",
        serial=91,
        promised_workdays=5,
        process=countersign_approval(
            [(market.credit_code, "区市场监管局", 2), (health.credit_code, "区卫生健康局", 2)],
            promised_workdays=5,
        ),
    )
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


def material_pdf(tmp_path: Path) -> Path:
    """A small PDF on disk, for every file input the applicant fills."""
    pdf = tmp_path / "材料.pdf"
    pdf.write_bytes(tiny_pdf("material"))
    return pdf


def apply_from_the_guide(page: Page, base: str, username: str, guide_path: str) -> None:
    """`username` signs in, opens the guide at `guide_path` and presses 在线申请: the apply form opens."""
    sign_in(page, base, username)
    page.goto(f"{base}{guide_path}")
    page.locator("[data-testid=apply]").click()


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


def fill_typed_fields(page: Page, labels: Iterable[str] = TYPED_FIELDS) -> None:
    """Type TYPED_FIELDS (those of `labels`), each into the field with that label."""
    for label in labels:
        page.get_by_label(label).fill(TYPED_FIELDS[label])


def complete_the_food_form(page: Page, pdf: Path) -> int:
    """The rest of a food-licence apply form as the applicant completes it: the business type and FOOD_ITEMS
    picked, every required file input given `pdf`, the commitment route taken with its letter signed, and the
    signature drawn. Returns how many files were uploaded."""
    page.get_by_label("主体业态").select_option(label=BUSINESS_TYPE)
    for choice in FOOD_ITEMS:
        page.get_by_label(choice, exact=True).check()
    required_files = page.locator("ul.ap-materials input[type=file][required]")
    uploaded = required_files.count()
    for i in range(uploaded):
        required_files.nth(i).set_input_files(str(pdf))
    page.get_by_role("radio", name=re.compile("^告知承诺")).check()
    page.get_by_label(re.compile("我已阅读并签署告知承诺书")).check()
    draw_signature(page)
    return uploaded


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


def submit_through_the_service(username: str, *, item_code: str = "", bundle_code: str = "") -> list[Any]:
    """`username` applies for an item or a bundle with services.submit_application on the commitment route:
    the answers of application_form_data(), a small PDF for every material to upload, a drawn signature.
    Returns the cases."""
    from onego.accounts.models import User
    from onego.cases import services

    applicant = User.objects.get(username=username)
    target = services.resolve_target(item_code=item_code, bundle_code=bundle_code, applicant=applicant)
    uploads = [
        services.UploadedMaterial(key, tiny_pdf(key), f"{key}.pdf")
        for key in services.uploads_needed(target, applicant)
    ]
    return services.submit_application(
        applicant=applicant,
        item_code=item_code,
        bundle_code=bundle_code,
        form_data=application_form_data(),
        uploads=uploads,
        signature_png=_signature_png(),
        route="commitment",
        commitment_signed=True,
        idempotency_key=str(uuid.uuid4()),
    )


def apply_through_the_service(bundle_code: str = BUNDLE_CODE, username: str = FOUNDER) -> dict[str, str]:
    """The founder's bundle application made with services.submit_application; item name → case number."""
    cases = submit_through_the_service(username, bundle_code=bundle_code)
    return {c.item_version.name: c.number for c in cases}


def staff_take(number: str, username: str, action: str) -> None:
    """`username` takes `action` on the case through the services (a step whose pages another test covers)."""
    from onego.accounts.models import User
    from onego.cases import services
    from onego.cases.engine import allowed_actions
    from onego.cases.models import Case

    user = User.objects.get(username=username)
    options = [a for a in allowed_actions(Case.objects.get(number=number), user) if a.key == action]
    assert options, f"{username} cannot {action} on {number}"
    services.act(number, actor=user, task_id=options[0].task.pk, action=action)


def film_and_judge(number: str, tmp_path: Path) -> None:
    """Two accepted premises videos, recorded at the case's premises, and every checklist item judged 符合 by
    the reviewer — what the recording and review pages do, done with the services."""
    from onego.accounts.models import User
    from onego.cases.models import Case
    from onego.inspection import services as inspection
    from onego.inspection.tests.videos import make_video
    from onego.registry import geo

    case = Case.objects.get(number=number)
    here = (23.2101, 113.2702)
    geo.add_point(case.form_data["premises_address"], *here, source="test")
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

"""Cases built through the services, on a small catalogue made for the test."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from onego.accounts.models import Department, User
from onego.accounts.roles import Role
from onego.cases.models import Case
from onego.catalog import process as proc
from onego.catalog import services as catalog_services
from onego.catalog.models import Bundle, ServiceItem
from onego.catalog.tests import factories as cf
from onego.core.identifiers import make_credit_code
from onego.registry.models import MarketEntity

# A 1×1 transparent PNG: a real PNG by content, as a drawn signature is.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
ENTERPRISE_CODE = "91440111MA5AQ6WX00"
# The address receipts and QR codes carry in the tests that set it.
PUBLIC_BASE_URL = "https://onego.example.gov.cn"
# The drawn signature as the apply form posts it.
SIGNATURE = "data:image/png;base64," + base64.b64encode(PNG).decode()


def user(username: str, role: Role, department: Department | None = None, **extra: Any) -> User:
    u = User.objects.create_user(
        username,
        password="x-Long-Passw0rd",
        real_name=extra.pop("real_name", username),
        department=department,
        **extra,
    )
    u.groups.add(Group.objects.get_or_create(name=role.value)[0])
    return u


@dataclass
class World:
    """Two departments that countersign, a service centre with a clerk, an enterprise applicant, and one
    item whose process is accept → countersign (both departments) → decide → issue; built by `world()`."""

    centre: Department
    market: Department
    health: Department
    item: ServiceItem  # 测试联办许可: accept → countersign (market + health) → decide → issue
    simple: ServiceItem  # 测试简单许可 of the health bureau: accept → decide
    bundle: Bundle  # 测试一件事: both items
    clerk: User  # the service centre's window clerk
    market_reviewer: User
    health_reviewer: User
    market_head: User
    health_head: User
    applicant: User  # the enterprise 测试餐饮有限公司, 李娜
    other_applicant: User  # a person, 张伟


@dataclass
class CaseWorld(World):
    """The world and one case the applicant submitted."""

    case: Case


@dataclass
class WindowWorld(World):
    """The world as the service hall's window sees it: a personal and an enterprise item tagged by audience,
    and a reviewer of a third department who has no business with any of its cases."""

    person_item: ServiceItem
    enterprise_item: ServiceItem
    stranger: User


def world() -> World:
    """Two departments that countersign, a service centre with a clerk, an enterprise applicant, and one
    item whose process is accept → countersign (both departments) → decide → issue."""
    centre = Department.objects.create(
        name="测试政务服务中心",
        credit_code=make_credit_code("11440111MB2C00800"),
        hosts_comprehensive_window=True,
    )
    market = cf.department(81, "测试市场监管局")
    health = cf.department(82, "测试卫生健康局")
    MarketEntity.objects.create(
        credit_code=ENTERPRISE_CODE,
        name="测试餐饮有限公司",
        legal_representative="李娜",
        address="广州市白云区测试路 1 号",
    )
    cf.field("entity_name", "主体名称", prefill_source="registry.entity.name")
    cf.field("legal_representative", "法定代表人", prefill_source="registry.entity.legal_representative")
    cf.field("premises_address", "经营场所")
    definition = proc.countersign_approval(
        [(market.credit_code, market.name, 2), (health.credit_code, health.name, 2)], promised_workdays=5
    )
    item = cf.handling_item(
        dept=market,
        basic_code="000172008001",
        name="测试联办许可",
        statutory=20,
        promised=5,
        process=definition,
        routes=["approval", "commitment"],
        form=[{"key": "entity_name", "locked": True}, "legal_representative", "premises_address"],
        materials=[
            {"key": "floor_plan", "name": "平面布局图"},
            # the e-licence stands in when the applicant holds one, else the market-entity register
            {
                "key": "business_licence",
                "name": "营业执照",
                "substitute_licence_type": "business_licence",
                "substitute_shared_field": "registry.market_entity",
            },
        ],
    )
    simple = cf.handling_item(
        dept=health,
        basic_code="000172008002",
        name="测试简单许可",
        statutory=20,
        promised=3,
        process=proc.simple_approval(promised_workdays=3),
        form=["entity_name", "premises_address"],
        materials=[{"key": "floor_plan", "name": "平面布局图"}],
    )
    bundle = catalog_services.define_bundle(
        code="test-bundle",
        name="测试一件事",
        name_en="",
        description="",
        lead_department=market,
        items=[item, simple],
        promised_limit_workdays=5,
    )
    return World(
        centre=centre,
        market=market,
        health=health,
        item=item,
        simple=simple,
        bundle=bundle,
        clerk=user("clerk", Role.WINDOW_CLERK, centre),
        market_reviewer=user("m_reviewer", Role.REVIEWER, market),
        health_reviewer=user("h_reviewer", Role.REVIEWER, health),
        market_head=user("m_head", Role.DEPARTMENT_HEAD, market),
        health_head=user("h_head", Role.DEPARTMENT_HEAD, health),
        applicant=user(
            "ent",
            Role.APPLICANT_ENTERPRISE,
            None,
            real_name="李娜",
            id_number="440111198806121024",
            enterprise_credit_code=ENTERPRISE_CODE,
            enterprise_name="测试餐饮有限公司",
        ),
        other_applicant=user(
            "other", Role.APPLICANT_PERSON, None, real_name="张伟", id_number="440111199003074513"
        ),
    )


def window_world() -> WindowWorld:
    """`world()` with the audience tags, an item for each audience and a stranger (the window's tests)."""
    from onego.catalog.models import Tag

    Tag.objects.create(key="individual", name="个人", category="audience")
    Tag.objects.create(key="enterprise", name="企业（法人）", category="audience")
    w = world()
    person_item = cf.handling_item(
        dept=w.health,
        basic_code="000172008003",
        name="测试个人执业备案",
        statutory=20,
        promised=3,
        process=proc.simple_approval(promised_workdays=3),
        form=["premises_address"],
        tags=["individual"],
    )
    enterprise_item = cf.handling_item(
        dept=w.market,
        basic_code="000172008004",
        name="测试企业年报补录",
        statutory=20,
        promised=3,
        process=proc.simple_approval(promised_workdays=3),
        form=["premises_address"],
        tags=["enterprise"],
    )
    stranger = user("stranger", Role.REVIEWER, cf.department(83, "测试其他局"))
    return WindowWorld(**vars(w), person_item=person_item, enterprise_item=enterprise_item, stranger=stranger)


def window_select(client: Any, applicant: User) -> str:
    """Look `applicant` up at the window as the signed-in clerk (a POST: the ID number never goes in a URL) and
    return the selection token the next pages carry (`sel`)."""
    code = applicant.enterprise_credit_code or applicant.id_number
    response = client.post("/cases/window/", {"step": "lookup", "code": code})
    match = re.search(r'name="sel" value="([^"]+)"', response.content.decode())
    assert match is not None, response.content.decode()[:500]
    return match.group(1)


def submit_application(w: World, **extra: Any) -> list[Case]:
    """services.submit_application as the world's applicant for the countersigned item, with its form, the floor
    plan and a drawn signature; `extra` overrides or adds any argument. The working-day calendar must be
    loaded."""
    from onego.cases import services

    kwargs: dict[str, Any] = {
        "applicant": w.applicant,
        "item_code": w.item.code,
        "form_data": {"legal_representative": "李娜", "premises_address": "广州市白云区测试路 1 号"},
        "uploads": [services.UploadedMaterial("floor_plan", PDF)],
        "signature_png": PNG,
    }
    kwargs.update(extra)
    return services.submit_application(**kwargs)


def submit(w: World, item: str = "item") -> Case:
    """The world's applicant submits `item` (an attribute of the world) online with its form and floor plan:
    one case, awaiting acceptance."""
    return submit_application(w, item_code=getattr(w, item).code)[0]


def act(w: World, case: Case, who: str, action: str, **kw: Any) -> Case:
    """The world's `who` (an attribute: "clerk", "market_reviewer"...) takes `action` on the case through the
    first task that offers it to them (the case is read again first); the test fails when none does."""
    from onego.cases import services
    from onego.cases.engine import allowed_actions

    case.refresh_from_db()
    actor = getattr(w, who)
    options = [a for a in allowed_actions(case, actor) if a.key == action]
    assert options, f"{who} cannot {action}: {[a.key for a in allowed_actions(case, actor)]}"
    return services.act(case.number, actor=actor, task_id=options[0].task.pk, action=action, **kw)


def submitted_case(w: World) -> Case:
    """The world's applicant submits the countersigned item with its form and floor plan: one case, awaiting
    acceptance (the working-day calendar must be loaded)."""
    return submit(w)


def with_case(w: World, case: Case) -> CaseWorld:
    return CaseWorld(**vars(w), case=case)


def login(client: Any, user: User) -> Any:
    """The test client signed in as `user`."""
    client.force_login(user)
    return client


def bundle_post(key: str, step: str = "submit", **extra: Any) -> dict[str, Any]:
    """What the apply form of the world's bundle posts: its fields, the approval route, the drawn signature and
    the floor plan; `extra` overrides or adds fields."""
    data = {
        "idempotency_key": key,
        "step": step,
        "legal_representative": "李娜",
        "premises_address": "广州市白云区测试路 1 号",
        "route": "approval",
        "signature": SIGNATURE,
        "material_floor_plan": SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf"),
    }
    data.update(extra)
    return data

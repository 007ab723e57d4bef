"""Cases built through the services, on a small catalogue made for the test."""

from __future__ import annotations

import base64
from typing import Any

from django.contrib.auth.models import Group

from onego.accounts.models import Department, User
from onego.accounts.roles import Role
from onego.cases.models import Case
from onego.catalog import process as proc
from onego.catalog import services as catalog_services
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


def world() -> dict[str, Any]:
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
    return {
        "centre": centre,
        "market": market,
        "health": health,
        "item": item,
        "simple": simple,
        "bundle": bundle,
        "clerk": user("clerk", Role.WINDOW_CLERK, centre),
        "market_reviewer": user("m_reviewer", Role.REVIEWER, market),
        "health_reviewer": user("h_reviewer", Role.REVIEWER, health),
        "market_head": user("m_head", Role.DEPARTMENT_HEAD, market),
        "health_head": user("h_head", Role.DEPARTMENT_HEAD, health),
        "applicant": user(
            "ent",
            Role.APPLICANT_ENTERPRISE,
            None,
            real_name="李娜",
            id_number="440111198806121024",
            enterprise_credit_code=ENTERPRISE_CODE,
            enterprise_name="测试餐饮有限公司",
        ),
        "other_applicant": user(
            "other", Role.APPLICANT_PERSON, None, real_name="张伟", id_number="440111199003074513"
        ),
    }


def window_select(client: Any, applicant: User) -> str:
    """Look `applicant` up at the window as the signed-in clerk (a POST: the ID number never goes in a URL) and
    return the selection token the next pages carry (`sel`)."""
    import re

    code = applicant.enterprise_credit_code or applicant.id_number
    response = client.post("/cases/window/", {"step": "lookup", "code": code})
    match = re.search(r'name="sel" value="([^"]+)"', response.content.decode())
    assert match is not None, response.content.decode()[:500]
    return match.group(1)


def submitted_case(w: dict[str, Any]) -> Case:
    """The world's applicant submits the countersigned item with its form and floor plan: one case, awaiting
    acceptance (the working-day calendar must be loaded)."""
    from onego.cases import services

    (case,) = services.submit_application(
        applicant=w["applicant"],
        item_code=w["item"].code,
        form_data={"legal_representative": "李娜", "premises_address": "广州市白云区测试路 1 号"},
        uploads=[services.UploadedMaterial("floor_plan", PDF)],
        signature_png=PNG,
    )
    return case

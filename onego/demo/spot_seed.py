"""The demo's spot checks (双随机、一公开, issue 17): the check matters for food business licences (区市场监管局)
and clinic filings (区卫生健康局), the inspector register (the demo reviewer and head, and three more inspectors
as users with the reviewer role), one recusal, and a small register of licence holders to draw from (licences
that predate OneGo, issued here directly; one holder with a false commitment on record is risk level D).

Idempotent and cheap (about twenty signed licences the first time, nothing the second).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction

from onego.accounts.models import Department, User
from onego.accounts.roles import Role
from onego.certificates.models import Licence, LicenceType
from onego.certificates.services import issue_licence
from onego.core.identifiers import make_credit_code
from onego.demo.accounts import DEMO_PASSWORD, DEPARTMENT_CODES, refuse_in_production
from onego.registry.models import CreditRecord
from onego.supervision.models import CheckMatter, Conflict, ConflictReason, Inspector

# (username, real name, department key): the extra inspectors, each with the reviewer role
INSPECTOR_USERS = [
    ("inspector", "陈晓峰", "scjg"),
    ("wjj_inspector", "罗静", "wjj"),
    ("wjj_inspector2", "何振华", "wjj"),
]
# (username, law-enforcement certificate number)
CERTIFICATES = [
    ("reviewer", "44011101001"),
    ("head", "44011101002"),
    ("inspector", "44011101003"),
    ("wjj_inspector", "44011102001"),
    ("wjj_inspector2", "44011102002"),
]

MATTERS: list[dict[str, Any]] = [
    {
        "code": "food-business",
        "name": "食品经营许可事项检查",
        "name_en": "Inspection of food business licensees",
        "department": "scjg",
        "types": ["food_business_licence"],
        "legal_basis": "《食品安全法》第一百一十条；《市场监督管理行政许可程序暂行规定》",
        "base_ratio": Decimal("0.2"),
        "check_items": [
            "经营场所与承诺一致",
            "食品安全管理人员在岗",
            "从业人员健康证明",
            "加工制作布局与流程",
        ],
    },
    {
        "code": "clinic-filing",
        "name": "诊所备案事项检查",
        "name_en": "Inspection of filed clinics",
        "department": "wjj",
        "types": ["clinic_filing_certificate"],
        "legal_basis": "《医疗机构管理条例》；《诊所备案管理暂行办法》",
        "base_ratio": Decimal("0.25"),
        "check_items": ["执业场所与备案一致", "医师执业资格", "诊疗科目与备案一致", "医疗废物处置"],
    },
]

# Not the demo enterprise (云味餐饮): its food licence is what the demo's applications and their tests issue.
FOOD_HOLDERS = [
    *[
        (name, make_credit_code(f"91440111MA5CK{n:04d}"))
        for n, name in enumerate(
            [
                "广州市白云区嘉禾粥铺",
                "广州市白云区太和镇鹤龙面馆",
                "广州市白云区金铂烧腊店",
                "广州市白云区永泰茶餐厅",
                "广州市白云区太和农家菜馆",
                "广州市白云区鹤边甜品店",
                "广州市白云区望岗牛杂店",
                "广州市白云区大源肠粉店",
                "广州市白云区新市快餐店",
                "广州市白云区同和烘焙坊",
                "广州市白云区江高饺子馆",
            ],
            start=1,
        )
    ],
]
CLINIC_HOLDERS = [
    (name, make_credit_code(f"52440111MA5CL{n:04d}"))
    for n, name in enumerate(
        [
            "广州白云嘉禾全科诊所",
            "广州白云太和口腔诊所",
            "广州白云鹤龙中医诊所",
            "广州白云永泰内科诊所",
            "广州白云同和儿科诊所",
        ],
        start=1,
    )
]
D_RISK_HOLDER = FOOD_HOLDERS[3][1]  # a false commitment found last year: risk level D
CONFLICT = ("inspector", FOOD_HOLDERS[1][1], ConflictReason.FORMER_EMPLOYER, "2019–2021 年曾任该店店长")


def _users() -> dict[str, User]:
    group = Group.objects.get(name=Role.REVIEWER.value)
    out = {}
    for index, (username, real_name, dept_key) in enumerate(INSPECTOR_USERS):
        user, created = User.objects.get_or_create(username=username)
        user.real_name = real_name
        user.department = Department.objects.get(credit_code=DEPARTMENT_CODES[dept_key])
        user.phone = user.phone or f"1380030{index:04d}"  # demo numbers, never real ones
        user.identity_source = "demo"
        if created:
            user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set([group])
        out[username] = user
    return out


def _licences(type_key: str, holders: list[tuple[str, str]], data: dict[str, str], issued: dt.date) -> int:
    licence_type = LicenceType.objects.get(key=type_key)
    created = 0
    for name, code in holders:
        if Licence.objects.filter(licence_type=licence_type, holder_code=code).exists():
            continue
        issue_licence(
            licence_type=licence_type,
            holder_name=name,
            holder_code=code,
            data=data,
            actor="system:seed_demo",
            issue_date=issued,
        )
        created += 1
    return created


def seed_spot_checks() -> dict[str, int]:
    """The matters, inspectors, the recusal and the licence holders of the demo (idempotent)."""
    refuse_in_production()
    with transaction.atomic():
        _users()
        for spec in MATTERS:
            matter, _ = CheckMatter.objects.update_or_create(
                code=spec["code"],
                defaults={
                    "name": spec["name"],
                    "name_en": spec["name_en"],
                    "department": Department.objects.get(credit_code=DEPARTMENT_CODES[spec["department"]]),
                    "legal_basis": spec["legal_basis"],
                    "base_ratio": spec["base_ratio"],
                    "risk_multipliers": {"A": "0.5", "B": "1", "C": "2", "D": "3"},
                    "inspectors_per_check": 2,
                    "check_items": spec["check_items"],
                    "active": True,
                },
            )
            matter.licence_types.set(LicenceType.objects.filter(key__in=spec["types"]))
        inspectors = 0
        for username, cert in CERTIFICATES:
            user = User.objects.get(username=username)
            assert user.department is not None
            Inspector.objects.update_or_create(
                user=user,
                defaults={"department": user.department, "certificate_number": cert, "active": True},
            )
            inspectors += 1
        username, code, reason, note = CONFLICT
        Conflict.objects.update_or_create(
            inspector=Inspector.objects.get(user__username=username),
            entity_code=code,
            defaults={"reason": reason, "note": note},
        )
        CreditRecord.objects.get_or_create(
            entity_code=D_RISK_HOLDER,
            kind=CreditRecord.Kind.FALSE_COMMITMENT,
            defaults={
                "recorded_on": dt.date(2026, 3, 2),
                "reason": "承诺经营场所面积与实际不符",
                "source": "白云区市场监督管理局",
            },
        )
        licences = _licences(
            "food_business_licence",
            FOOD_HOLDERS,
            {"business_type": "小餐饮", "business_items": "热食类食品制售"},
            dt.date(2025, 6, 3),
        )
        licences += _licences(
            "clinic_filing_certificate",
            CLINIC_HOLDERS,
            {"clinic_category": "普通诊所", "departments": "全科医疗科"},
            dt.date(2025, 9, 1),
        )
    return {"matters": len(MATTERS), "inspectors": inspectors, "licences": licences}

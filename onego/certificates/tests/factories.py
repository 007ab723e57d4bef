"""A department with a signing key, a licence type and licences, built through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from onego.accounts.models import Department
from onego.certificates import services
from onego.certificates.models import Licence, LicenceType
from onego.core.identifiers import make_credit_code

PERSON_ID = "440111199003074513"
ENTERPRISE_CODE = "91440111MA5AQ6WX00"


def department(serial: int = 90, name: str = "测试市场监管局") -> Department:
    return Department.objects.create(name=name, credit_code=make_credit_code(f"11440111MB2C{serial:04d}0"))


def licence_type(
    dept: Department, *, key: str = "food_business_licence", suffix: str = "001", valid_years: int | None = 5
) -> LicenceType:
    return LicenceType.objects.create(
        key=key,
        name="食品经营许可证",
        name_en="Food business licence",
        type_code=dept.credit_code + suffix,
        issuing_department=dept,
        valid_years=valid_years,
        data_fields=[{"key": "premises_address", "label": "经营场所"}],
    )


def issuer_with_key(serial: int = 90) -> tuple[Department, LicenceType]:
    dept = department(serial)
    services.create_signing_key(dept, actor="test")
    return dept, licence_type(dept)


def licence(lt: LicenceType, **overrides: Any) -> Licence:
    kwargs: dict[str, Any] = {
        "licence_type": lt,
        "holder_name": "广州白云测试餐饮有限公司",
        "holder_code": ENTERPRISE_CODE,
        "data": {"premises_address": "广州市白云区太和镇测试路 1 号", "business_items": ["热食类食品制售"]},
        "actor": "test",
        "issue_date": dt.date(2026, 5, 20),
    }
    kwargs.update(overrides)
    return services.issue_licence(**kwargs)


def registrar_with_business_licence(
    holder_name: str, holder_code: str
) -> tuple[Department, LicenceType, Licence]:
    """A registration authority (测试登记机关) with a signing key, its 营业执照 type and the business licence it
    issued to the holder (legal representative 李娜)."""
    registrar = Department.objects.create(
        name="测试登记机关", credit_code=make_credit_code("11440111MB2C00830")
    )
    services.create_signing_key(registrar, actor="test")
    business_type = LicenceType.objects.create(
        key="business_licence",
        name="营业执照",
        type_code=registrar.credit_code + "002",
        issuing_department=registrar,
        data_fields=[{"key": "legal_representative", "label": "法定代表人"}],
    )
    licence = services.issue_licence(
        licence_type=business_type,
        holder_name=holder_name,
        holder_code=holder_code,
        data={"legal_representative": "李娜"},
        actor="test",
    )
    return registrar, business_type, licence

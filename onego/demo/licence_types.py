"""The demo licence types (电子证照类型) of the Baiyun demo: the licences its catalogue issues and accepts in place
of a material, each with the demo department that issues it, loaded by ``manage.py seed_demo``.

Type codes are built from the demo departments' generated codes (``is_demo_code``); a real installation
defines its licence types with the real defining authorities' codes (e.g. 国家市场监督管理总局) instead.
"""

from __future__ import annotations

from onego.accounts.models import Department
from onego.certificates.models import LicenceType
from onego.demo.accounts import DEPARTMENT_CODES

# (key, name, English name, department key in onego.demo.accounts, 3-digit type suffix, years valid,
#  data fields as (key, label, form fields it is taken from), holder as (name fields, code fields) or None for
#  the applicant)
SeedType = tuple[
    str, str, str, str, str, int | None, list[tuple[str, str, list[str]]], tuple[list[str], list[str]] | None
]
ENTITY_HOLDER = (["entity_name"], ["credit_code"])
SEED_LICENCE_TYPES: list[SeedType] = [
    (
        "food_business_licence",
        "食品经营许可证",
        "Food business licence",
        "scjg",
        "001",
        5,
        [
            ("legal_representative", "法定代表人（负责人）", []),
            ("premises_address", "经营场所", []),
            ("business_type", "主体业态", []),
            ("business_items", "经营项目", ["food_business_items"]),
            ("food_safety_manager", "食品安全管理人员", ["food_safety_manager_name"]),
        ],
        ENTITY_HOLDER,
    ),
    (
        "business_licence",
        "营业执照",
        "Business licence",
        "scjg",
        "002",
        None,
        [
            ("entity_type", "类型", []),
            ("legal_representative", "法定代表人", []),
            ("registered_capital", "注册资本（万元）", []),
            ("established_on", "成立日期", []),
            ("premises_address", "住所", ["entity_address"]),
            ("business_scope", "经营范围", []),
        ],
        ENTITY_HOLDER,
    ),
    (
        "medical_institution_practice_licence",
        "医疗机构执业许可证",
        "Medical institution practice licence",
        "wjj",
        "001",
        5,
        [
            ("legal_representative", "法定代表人", []),
            ("premises_address", "地址", ["institution_address"]),
            ("departments", "诊疗科目", ["clinic_subjects"]),
        ],
        (["institution_name", "entity_name"], ["credit_code"]),
    ),
    (
        "clinic_filing_certificate",
        "诊所备案凭证",
        "Clinic filing certificate",
        "wjj",
        "002",
        None,
        [
            ("clinic_category", "诊所类别", []),
            ("person_in_charge", "主要负责人", ["legal_representative"]),
            ("premises_address", "地址", ["institution_address"]),
            ("departments", "诊疗科目", ["clinic_subjects"]),
        ],
        (["institution_name", "entity_name"], ["credit_code"]),
    ),
    (
        "physician_practising_certificate",
        "医师执业证书",
        "Physician practice registration",
        "wjj",
        "003",
        None,
        [
            ("practice_category", "执业类别", []),
            ("practice_scope", "执业范围", []),
            ("practice_place", "执业地点", ["institution_name", "institution_address"]),
        ],
        (["physician_name"], ["physician_id_number"]),
    ),
    (
        "nurse_practising_certificate",
        "护士执业证书",
        "Nurse practice registration",
        "wjj",
        "004",
        5,
        [("practice_place", "执业地点", ["institution_name", "institution_address"])],
        (["nurse_name"], ["nurse_id_number"]),
    ),
    (
        "real_estate_title",
        "不动产权证书",
        "Real estate title",
        "gzj",
        "001",
        None,
        [
            ("co_ownership", "共有情况", []),
            ("location", "坐落", ["property_address"]),
            ("unit_number", "不动产单元号", ["property_unit_number"]),
            ("right_type", "权利类型", []),
            ("use", "用途", []),
            ("area", "面积", []),
        ],
        None,
    ),
    (
        "planning_verification_certificate",
        "建设工程规划条件核实合格证",
        "Planning conditions verification certificate",
        "gzj",
        "002",
        None,
        [("project_name", "项目名称", []), ("location", "建设位置", ["property_address"])],
        None,
    ),
    (
        "household_register",
        "居民户口簿",
        "Household register",
        "ga",
        "001",
        None,
        [
            ("address", "住址", ["destination_address"]),
            ("previous_address", "迁出地", ["current_hukou_address"]),
        ],
        (["mover_name"], ["mover_id_number"]),
    ),
]


ONE_VALID_PER_HOLDER = {"business_licence"}  # one credit code, one valid business licence


def seed_licence_types() -> list[LicenceType]:
    """The demo licence types (idempotent). Type codes use the demo department codes (`is_demo_code`); the
    real defining authorities' codes (e.g. 国家市场监督管理总局) replace them in production."""
    result = []
    for key, name, name_en, dept_key, suffix, years, fields, holder in SEED_LICENCE_TYPES:
        department = Department.objects.get(credit_code=DEPARTMENT_CODES[dept_key])
        licence_type, _ = LicenceType.objects.update_or_create(
            key=key,
            defaults={
                "name": name,
                "name_en": name_en,
                "type_code": department.credit_code + suffix,
                "issuing_department": department,
                "valid_years": years,
                "data_fields": [{"key": k, "label": label, "from": sources} for k, label, sources in fields],
                "holder_fields": {"name": holder[0], "code": holder[1]} if holder else {},
                "template_name": f"certificates/licences/{key}.html",
                "is_demo_code": True,
                "one_valid_per_holder": key in ONE_VALID_PER_HOLDER,
            },
        )
        result.append(licence_type)
    return result

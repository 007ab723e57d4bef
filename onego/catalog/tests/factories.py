"""Small catalogues built through the services, for tests that need one without the whole demo."""

from __future__ import annotations

from datetime import date
from typing import Any

from onego.accounts.models import Department
from onego.catalog import services
from onego.catalog.models import FormField, ServiceItem, Tag
from onego.core.identifiers import make_credit_code

SIMPLE_PROCESS: dict[str, Any] = {
    "start": "accept",
    "steps": [
        {
            "key": "accept",
            "kind": "accept",
            "name": "受理",
            "name_en": "Acceptance",
            "actor": {"role": "window_clerk", "department": "item"},
            "budget_workdays": 1,
            "actions": [
                {"key": "accept", "name": "受理", "name_en": "Accept", "target": "decide"},
                {"key": "reject", "name": "不予受理", "name_en": "Refuse", "target": "end:not_accepted"},
            ],
        },
        {
            "key": "decide",
            "kind": "decide",
            "name": "决定",
            "name_en": "Decision",
            "actor": {"role": "reviewer", "department": "item"},
            "budget_workdays": 1,
            "actions": [
                {"key": "approve", "name": "准予许可", "name_en": "Approve", "target": "end:approved"},
                {"key": "refuse", "name": "不予许可", "name_en": "Refuse", "target": "end:refused"},
            ],
        },
    ],
}


def department(serial: int = 90, name: str = "测试市场监管局") -> Department:
    code = make_credit_code(f"11440111MB2C{serial:04d}0")
    dept, _ = Department.objects.get_or_create(credit_code=code, defaults={"name": name})
    return dept


def field(key: str, label: str, **extra: Any) -> FormField:
    defaults = {"field_type": "text", "label_zh": label, "label_en": key.replace("_", " ").title(), **extra}
    f, _ = FormField.objects.update_or_create(key=key, defaults=defaults)
    return f


def tag(key: str, name: str) -> Tag:
    t, _ = Tag.objects.get_or_create(key=key, defaults={"name": name, "name_en": key})
    return t


def handling_item(
    *,
    dept: Department,
    basic_code: str,
    name: str,
    suffix: str = "01",
    statutory: int = 20,
    promised: int = 5,
    form: list[Any] | None = None,
    materials: list[dict[str, Any]] | None = None,
    tags: list[str] | None = None,
    effective_from: date = date(2026, 1, 1),
    **version: Any,
) -> ServiceItem:
    spec: dict[str, Any] = {
        "level": "handling",
        "department": dept,
        "basic_code": basic_code,
        "handling_suffix": suffix,
        "effective_from": effective_from,
        "name": name,
        "name_en": version.pop("name_en", ""),
        "item_type": version.pop("item_type", "licensing"),
        "statutory_limit_workdays": statutory,
        "promised_limit_workdays": promised,
        "routes": version.pop("routes", ["approval"]),
        "process": version.pop("process", SIMPLE_PROCESS),
        "form": form or [],
        "materials": materials or [],
        "tags": tags or [],
        **version,
    }
    return services.define_item(spec)

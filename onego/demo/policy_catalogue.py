"""Loading the demo policy catalogue (`policy_data`): tags, funds, parameters and policies, each policy linked to
its item of the demo service catalogue.

Policies, tags, funds and parameters are written here directly (get_or_create, as a fixture loader would);
each policy's rules go through `onego.policies.services.add_version`, so every version is validated and
audited like one a policy officer adds. The matching benchmark loads its generated policies the same way.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from onego.accounts.models import Department
from onego.catalog.models import ServiceItem
from onego.demo import policy_data
from onego.demo.accounts import DEPARTMENT_CODES
from onego.demo.catalogue import item_code
from onego.policies.models import Fund, ParameterValue, Policy, PolicyParameter, PolicyStatus, PolicyTag
from onego.policies.rules import json_value, stored_value
from onego.policies.services import add_version


def seed_policies(data: Any = None, *, actor: str = "system:seed_demo") -> dict[str, int]:
    """Load (or complete) the demo policies, tags, funds and parameters; idempotent. A policy that exists keeps
    its versions; a version is added only to a policy with none."""
    data = data or policy_data
    departments = {key: Department.objects.get(credit_code=code) for key, code in DEPARTMENT_CODES.items()}
    with transaction.atomic():
        for tag in data.TAGS:
            PolicyTag.objects.update_or_create(
                key=tag["key"], defaults={k: tag[k] for k in ("dimension", "name_zh", "name_en")}
            )
        funds = {}
        for fund in data.FUNDS:
            funds[fund["key"]], _ = Fund.objects.get_or_create(
                key=fund["key"],
                defaults={
                    "name_zh": fund["name_zh"],
                    "name_en": fund["name_en"],
                    "department": departments[fund["department"]],
                    "year": fund["year"],
                    "budget_fen": int(fund["budget_yuan"]) * 100,
                },
            )
        for spec in data.POLICIES:
            for parameter in spec.get("parameters", []):
                row, _ = PolicyParameter.objects.get_or_create(
                    key=parameter["key"],
                    defaults={
                        "label_zh": parameter["label_zh"],
                        "label_en": parameter["label_en"],
                        "unit": parameter.get("unit", ""),
                    },
                )
                for version in parameter["versions"]:
                    ParameterValue.objects.get_or_create(
                        parameter=row,
                        effective_from=date.fromisoformat(version["from"]),
                        defaults={
                            "value": json_value(stored_value(version["value"])),
                            "legal_reference": version["reference"],
                            "legal_reference_en": version.get("reference_en", ""),
                        },
                    )
        created = 0
        for spec in data.POLICIES:
            item = (
                ServiceItem.objects.filter(code=item_code(spec["item_ref"])).first()
                if spec.get("item_ref")
                else None
            )
            policy, was_created = Policy.objects.get_or_create(
                code=spec["code"],
                defaults={
                    "name_zh": spec["name_zh"],
                    "name_en": spec["name_en"],
                    "source_document": spec["source_document"],
                    "source_document_en": spec["source_document_en"],
                    "issuing_department": departments[spec["issuing_department"]],
                    "scope": spec["scope"],
                    "scope_en": spec["scope_en"],
                    "legal_basis": spec["legal_basis"],
                    "legal_basis_en": spec["legal_basis_en"],
                    "conditions_text": spec["conditions_text"],
                    "conditions_text_en": spec["conditions_text_en"],
                    "materials_text": spec.get("materials_text", ""),
                    "materials_text_en": spec.get("materials_text_en", ""),
                    "fund_standard": spec.get("fund_standard", ""),
                    "fund_standard_en": spec.get("fund_standard_en", ""),
                    "process_text": spec.get("process_text", ""),
                    "process_text_en": spec.get("process_text_en", ""),
                    "time_limit_workdays": spec["time_limit_workdays"],
                    "mode": spec["mode"],
                    "target": spec.get("target", "enterprise"),
                    "item": item,
                    "fund": funds.get(spec.get("fund") or ""),
                    "status": PolicyStatus.PUBLISHED,
                },
            )
            created += was_created
            if was_created:
                policy.tags.set(PolicyTag.objects.filter(key__in=spec.get("tags", [])))
            if not policy.versions.exists():
                add_version(
                    policy,
                    conditions=spec["conditions"],
                    amount=spec.get("amount"),
                    effective_from=date.fromisoformat(spec["effective_from"]),
                    actor=actor,
                    note="演示数据",
                    note_en="demo data",
                )
    return {
        "policies": Policy.objects.count(),
        "created": created,
        "tags": PolicyTag.objects.count(),
        "funds": Fund.objects.count(),
    }

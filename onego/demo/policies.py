"""Loading the policy demo: the policy catalogue (`policy_data`) and enterprise facts (`facts`) for the
demo enterprise, a designed manufacturer and a few hundred generated enterprises, so that matching, the
finder and the payouts have something to show after `make run`.

Policies, tags, funds and parameters are written here directly (get_or_create, as a fixture loader would);
each policy's rules go through `onego.policies.services.add_version`, so every version is validated and
audited like one a policy officer adds."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from onego.accounts.models import Department
from onego.catalog.models import ServiceItem
from onego.demo import facts as demo_facts
from onego.demo import policy_data
from onego.demo.accounts import DEPARTMENT_CODES
from onego.demo.catalogue import item_code
from onego.policies.models import Fund, ParameterValue, Policy, PolicyParameter, PolicyStatus, PolicyTag
from onego.policies.rules import json_value, stored_value
from onego.policies.services import add_version
from onego.registry import facts as registry_facts
from onego.registry.models import FactDefinition, FactImport, MarketEntity

DEMO_SOURCE = "演示数据 demo data"
GENERATED_ENTERPRISES = 300


# What the policy officer (政策专员) may do in the admin: edit policies, their versions, parameters, funds and tags;
# read runs, results, offers, cases, objections, batches and payments (their writes are the pages and services).
EDITABLE = ("policy", "policyversion", "policyparameter", "parametervalue", "fund", "policytag")
READABLE = (
    "matchrun",
    "runpolicy",
    "matchresult",
    "offer",
    "policycase",
    "objection",
    "payoutbatch",
    "payment",
)


def grant_officer_permissions() -> int:
    from django.contrib.auth.models import Group, Permission

    from onego.accounts.roles import Role

    wanted = [f"{verb}_{model}" for model in EDITABLE for verb in ("view", "add", "change")]
    wanted += [f"view_{model}" for model in READABLE]
    permissions = list(Permission.objects.filter(content_type__app_label="policies", codename__in=wanted))
    group, _ = Group.objects.get_or_create(name=Role.POLICY_OFFICER.value)
    group.permissions.add(*permissions)
    return len(permissions)


def seed_demo_facts(generated: int = GENERATED_ENTERPRISES) -> int:
    """Write the demo facts (idempotent: a second run replaces the same values). Returns the rows written."""
    codes = [demo_facts.DEMO_ENTERPRISE_CODE, demo_facts.DEMO_MANUFACTURER_CODE]
    names = dict(demo_facts.DESIGNED_NAMES)
    for code, name in demo_facts.generated_enterprises(generated):
        codes.append(code)
        names[code] = name
    definitions = {d.key: d for d in FactDefinition.objects.all()}
    values = demo_facts.demo_fact_values(codes, year=demo_facts.DEMO_DATA_YEAR)
    with transaction.atomic():
        for code in codes:
            MarketEntity.objects.get_or_create(
                credit_code=code, defaults={"name": names[code], "source": "demo"}
            )
        batch = FactImport.objects.create(
            source=DEMO_SOURCE, file_name="demo_facts.py", file_format="py", rows=len(codes)
        )
        rows = [
            registry_facts.fact_row(code, definitions[key], period, value)
            for code, key, period, value in values
        ]
        registry_facts.upsert_facts(rows, source=DEMO_SOURCE, imported_at=timezone.now(), batch_id=batch.pk)
    return len(rows)


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
                    "issuing_department": departments[spec["issuing_department"]],
                    "scope": spec["scope"],
                    "legal_basis": spec["legal_basis"],
                    "conditions_text": spec["conditions_text"],
                    "materials_text": spec.get("materials_text", ""),
                    "fund_standard": spec.get("fund_standard", ""),
                    "process_text": spec.get("process_text", ""),
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
                    note="演示数据 / demo data",
                )
    return {
        "policies": Policy.objects.count(),
        "created": created,
        "tags": PolicyTag.objects.count(),
        "funds": Fund.objects.count(),
    }


def seed() -> dict[str, int]:
    # Migrations seed the fact dictionary, but a flushed test database (browser tests) has lost it.
    registry_facts.seed_fact_definitions()
    grant_officer_permissions()
    counts = seed_policies()
    counts["facts"] = seed_demo_facts()
    return counts

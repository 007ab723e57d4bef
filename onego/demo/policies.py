"""Loading the policy demo: the policy catalogue (`policy_data`) and enterprise facts (`facts`) for the
demo enterprise, a designed manufacturer and a few hundred generated enterprises, so that matching, the
finder and the payouts have something to show after `make run`."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from onego.demo import facts as demo_facts
from onego.demo.policy_catalogue import seed_policies
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


def seed() -> dict[str, int]:
    # Migrations seed the fact dictionary, but a flushed test database (browser tests) has lost it.
    registry_facts.seed_fact_definitions()
    grant_officer_permissions()
    counts = seed_policies()
    counts["facts"] = seed_demo_facts()
    return counts

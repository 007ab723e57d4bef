"""The pre-review demo: the five employment subsidies, their default rules, and the subsidy world's shared data.

The schemes point at the demo catalogue's item for claims captured from the provincial system
(`onego.demo.catalogue.ITEM_CODES["captured_subsidy_review"]`), so a captured claim becomes a case there, and
at the policies of the demo policy catalogue where one fits (`policy_code`). The rules carry their legal
reference in the style of the demo policies (`onego.demo.policy_data`): the document and the clause, and the
note that the thresholds are demo values — the amounts are the subsidy world's demo standards
(`subsidy_world.MONTHLY_STANDARD_FEN`), not a real schedule. The category rule lists every category the world
uses: the demo's designed outcomes (`onego.demo.subsidy_world`) rest on the other rules.

`seed_world` loads the world's enterprises, contribution months and earlier payments as OneGo's shared data,
so the claims the stand-in system serves meet the rows they were designed against. Both are idempotent.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, Final

from django.db import transaction

from onego.catalog.models import ServiceItem
from onego.core import audit
from onego.demo import subsidy_world
from onego.demo.catalogue import ITEM_CODES
from onego.demo.policy_data import DEMO_NOTE, EMPLOYMENT_DOC
from onego.prereview.models import PreReviewRule, RuleKind, SubsidyScheme
from onego.prereview.rules import params_problems
from onego.registry.models import ContributionMonth, MarketEntity, SubsidyPayment

SOURCE: Final = "演示数据（补贴演示世界）"
RULES_FROM: Final = date(2026, 1, 1)
FUNDS_DOC: Final = "《就业补助资金管理办法》（财社〔2017〕164号）"

# scheme key → (name_en, demo item key or "", demo policy code or ""). A claim captured from the provincial
# system becomes a case of the item "就业创业补贴审核（省系统采集件）": the district reviews it there, and the
# provincial system runs the publicity and the payment (docs/domain.md "Pre-review").
CAPTURED: Final = "captured_subsidy_review"
SCHEMES: Final[dict[str, tuple[str, str, str]]] = {
    "startup_grant": ("One-off start-up grant", CAPTURED, "startup-grant"),
    "startup_jobs_subsidy": (
        "Subsidy for jobs created by start-ups",
        CAPTURED,
        "startup-jobs-subsidy",
    ),
    "social_insurance_subsidy": (
        "Social insurance subsidy",
        CAPTURED,
        "flexible-employment-insurance-subsidy",
    ),
    "post_subsidy": ("Post subsidy", CAPTURED, ""),
    "hiring_subsidy": ("Hiring subsidy", CAPTURED, "hiring-subsidy"),
}


def _ref(scheme_name: str, clause: str, document: str = EMPLOYMENT_DOC) -> str:
    return f"{document}·{scheme_name} {clause}（{DEMO_NOTE}）"


def default_rules(key: str) -> list[dict[str, Any]]:
    """The rules of scheme `key` as rows (key, kind, params, names, legal reference), in order."""
    name = subsidy_world.SCHEMES[key]
    if key == "startup_grant":
        amount = {"per_person_fen": subsidy_world.STARTUP_GRANT_FEN}
    else:
        amount = {"per_person_month_fen": subsidy_world.MONTHLY_STANDARD_FEN[key]}
    rows: list[tuple[str, str, dict[str, Any], str, str, str]] = [
        (
            "insured-months",
            RuleKind.INSURED_MONTHS,
            {"months": 1, "claimed": True},
            "本单位参保月数",
            "Months insured by this employer",
            "申请条件",
        ),
        ("age", RuleKind.AGE, {"min": 16, "max": 60, "max_female": 50}, "年龄", "Age", "补贴对象"),
        (
            "category",
            RuleKind.CATEGORY,
            {"allowed": list(subsidy_world.CATEGORIES)},
            "人员类别",
            "Category of person",
            "补贴对象",
        ),
        (
            "double-payment",
            RuleKind.DOUBLE_PAYMENT,
            {"schemes": ["*"]},
            "不得重复享受",
            "No double subsidy",
            "",
        ),
        (
            "enterprise-registered",
            RuleKind.ENTERPRISE_REGISTERED,
            {},
            "单位登记状态",
            "Enterprise registration",
            "申请条件",
        ),
        (
            "enterprise-in-district",
            RuleKind.ENTERPRISE_IN_DISTRICT,
            {"district": "白云区"},
            "单位在本区",
            "Enterprise in the district",
            "申请条件",
        ),
        ("amount-standard", RuleKind.AMOUNT_STANDARD, amount, "补贴标准", "Subsidy standard", "补贴标准"),
        ("documents", RuleKind.DOCUMENT, {}, "附件核验", "Attachments checked", "申请材料"),
    ]
    result = []
    for position, (rule_key, kind, params, rule_name, rule_name_en, clause) in enumerate(rows, start=1):
        if rule_key == "double-payment":
            reference = f"{FUNDS_DOC}·同一人同一时期不得重复享受（{DEMO_NOTE}）"
        else:
            reference = _ref(name, clause)
        assert not params_problems(kind, params), (key, rule_key)
        result.append(
            {
                "key": rule_key,
                "kind": kind,
                "params": params,
                "name": rule_name,
                "name_en": rule_name_en,
                "legal_reference": reference,
                "position": position,
            }
        )
    return result


def seed_schemes() -> dict[str, int]:
    """The five schemes and their rules in force from 2026-01-01 (idempotent)."""
    counts = {"schemes": 0, "rules": 0}
    with transaction.atomic():
        for key, (name_en, item_key, policy_code) in SCHEMES.items():
            item = ServiceItem.objects.filter(code=ITEM_CODES.get(item_key, "")).first() if item_key else None
            scheme, _created = SubsidyScheme.objects.update_or_create(
                key=key,
                defaults={
                    "name": subsidy_world.SCHEMES[key],
                    "name_en": name_en,
                    "item": item,
                    "policy_code": policy_code,
                    "active": True,
                },
            )
            counts["schemes"] += 1
            for row in default_rules(key):
                PreReviewRule.objects.update_or_create(
                    scheme=scheme, key=row.pop("key"), valid_from=RULES_FROM, defaults=row
                )
                counts["rules"] += 1
        audit.record(
            "system:seed",
            "prereview.demo_seeded",
            None,
            object_type="prereview.scheme",
            object_id="demo",
            schemes=counts["schemes"],
            rules=counts["rules"],
        )
    return counts


def seed_world(world: subsidy_world.World | None = None) -> dict[str, int]:
    """Load the world's enterprises, contribution months and payments as shared data (idempotent: rows
    already there are kept)."""
    world = world or subsidy_world.build_world()
    imported = datetime(2026, 10, 1, 1, 0, tzinfo=UTC)  # the data came in before the quarter's claims
    with transaction.atomic():
        for e in world.enterprises:
            MarketEntity.objects.update_or_create(
                credit_code=e.credit_code,
                defaults={
                    "name": e.name,
                    "address": e.address,
                    "registration_authority": e.registration_authority,
                    "registration_status": e.registration_status,
                    "established_on": e.established_on,
                    "legal_representative": e.legal_representative,
                    "source": "demo",
                },
            )
        ContributionMonth.objects.bulk_create(
            [
                ContributionMonth(
                    person_name=c.person_name,
                    id_number=c.id_number,
                    employer_code=c.employer_code,
                    employer_name=c.employer_name,
                    month=c.month,
                    base_fen=c.base_fen,
                    source=SOURCE,
                    imported_at=imported,
                )
                for c in world.contributions
            ],
            ignore_conflicts=True,
            batch_size=2000,
        )
        SubsidyPayment.objects.bulk_create(
            [
                SubsidyPayment(
                    person_name=p.person_name,
                    id_number=p.id_number,
                    employer_code=p.employer_code,
                    scheme=p.scheme,
                    scheme_name=subsidy_world.SCHEMES.get(p.scheme, p.scheme),
                    period_start=p.period_start,
                    period_end=p.period_end,
                    amount_fen=p.amount_fen,
                    paid_on=p.paid_on,
                    reference=p.reference,
                    payer=subsidy_world.SOCIAL_INSURANCE_PAYER,
                    source=SOURCE,
                    imported_at=imported,
                )
                for p in world.payments
            ],
            ignore_conflicts=True,
        )
    return {
        "enterprises": len(world.enterprises),
        "contributions": len(world.contributions),
        "payments": len(world.payments),
    }


def seed() -> dict[str, int]:
    return {**seed_schemes(), **seed_world()}

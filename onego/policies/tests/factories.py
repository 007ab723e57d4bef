"""Builders of the policies tests, through the services: facts for an enterprise, a matching run done at once, a
task acted on, an offer's case taken into publicity and on to its payment, a reconciliation file, and two
worlds — `api_world()` (a bureau of its own, no demo data) and `staff_world()` (on the demo data)."""

from __future__ import annotations

import copy
import csv
import io
import random
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import time_machine
from django.db import transaction
from django.utils import timezone

from onego.accounts.models import Department, User
from onego.accounts.roles import Role
from onego.cases import services as case_services
from onego.cases.models import Case, Task, TaskStatus
from onego.cases.tests.factories import user
from onego.catalog.models import ServiceItem
from onego.catalog.tests import factories as cf
from onego.core.identifiers import make_credit_code
from onego.demo.catalogue import item_code as demo_item_code
from onego.policies import matching, offers, payouts, services
from onego.policies.models import (
    Fund,
    MatchRun,
    Offer,
    Policy,
    PolicyMode,
    PolicyParameter,
    PolicyStatus,
    PolicyTag,
    TagDimension,
)
from onego.registry import facts as registry_facts
from onego.registry.models import EnterpriseFact, FactDefinition, MarketEntity

DEMO_CODE = "91440111MA5AQ6WX00"  # the demo enterprise user's enterprise (广州市白云区云味餐饮有限公司)
UNKNOWN_CODE = make_credit_code("91440111MA5AQ7XX0")  # staff world: no credit record, a person must look
SMALL_CODE = make_credit_code("91440111MA5AQ8XX0")  # staff world: too few employees
OWN_CODE = make_credit_code("91440111MA5AP01XX")  # api world: the enterprise user's own enterprise
OTHER_CODE = make_credit_code("91440111MA5AP02XX")  # api world: another enterprise
ON = date(2026, 11, 27)  # a Friday, a working day
FROM = date(2021, 1, 1)  # the parameters' and versions' effective date
CST = timezone.get_fixed_timezone(480)
ACCOUNT = "3602000109200123456"
BANK = {
    "bank_account_name": "广州市白云区云味餐饮有限公司",
    "bank_name": "中国工商银行广州白云支行",
    "bank_account_number": ACCOUNT,
}


def sentence(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


S = sentence  # reads like the sentence it builds


def put_facts(code: str, **values: Any) -> None:
    """Facts for one enterprise, yearly ones for 2025 (what an evaluation in 2026 reads)."""
    definitions = {d.key: d for d in FactDefinition.objects.all()}
    rows = []
    for key, value in values.items():
        definition = definitions[key]
        period = "2025" if definition.period_kind == "year" else ""
        rows.append(registry_facts.fact_row(code, definition, period, value))
    registry_facts.upsert_facts(rows, source="测试", imported_at=timezone.now(), batch_id=None)


def run_now(policy: Policy | None, actor: User, on: date = ON) -> MatchRun:
    """A matching run started and done at once (what the worker does)."""
    with transaction.atomic():
        run = matching.start_run(actor=actor, policy=policy, on=on)
    matching.run_matching(run.pk)
    run.job.refresh_from_db()
    return run


def act(case: Case, user: User, action: str, **payload: Any) -> Case:
    """`user` takes `action` on the case's open task of their department."""
    task = Task.objects.filter(case=case, status=TaskStatus.OPEN, department=user.department).first()
    assert task is not None, f"no open task for {user.username} at {case.current_step}"
    return case_services.act(case.number, actor=user, task_id=task.pk, action=action, payload=payload)


do = act


def reconciliation(rows: list[list[str]]) -> bytes:
    """A bank's reconciliation file in the documented layout."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(payouts.RECONCILIATION_COLUMNS)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def into_publicity(offer: Offer, *, enterprise: User, officer: User, countersigners: list[User]) -> Case:
    """The offer confirmed, accepted, reviewed and countersigned: its case is on public notice."""
    case = offers.confirm_offer(offer.pk, user=enterprise, **BANK).case
    assert case is not None
    act(case, officer, "accept")
    act(case, officer, "pass")
    for countersigner in countersigners:
        case = act(case, countersigner, "approve")
    assert case.current_step == "publicize", case.current_step
    return case


# --- the rules both worlds publish: 升规纳统 conditions and a fixed reward, over parameters named by a prefix ---


def upgrade_conditions(prefix: str) -> dict[str, Any]:
    """Reporting above scale, at least `{prefix}_min_headcount` employees, no serious bad credit."""
    headcount = f"{prefix}_min_headcount"
    return {
        "op": "all",
        "sentence": S("升规纳统扶持条件", "conditions"),
        "args": [
            {
                "op": "is_true",
                "fact": "above_scale",
                "sentence": S("已纳入规模以上统计", "reporting above scale"),
            },
            {
                "op": "ge",
                "fact": "headcount",
                "to": {"param": headcount},
                "sentence": S(f"从业人数不少于 {{{headcount}}} 人", f"at least {{{headcount}}} employees"),
            },
            {
                "op": "not",
                "sentence": S("无严重失信记录", "no serious bad credit"),
                "args": [
                    {
                        "op": "is_true",
                        "fact": "serious_bad_credit",
                        "sentence": S("严重失信", "serious bad credit"),
                    }
                ],
            },
        ],
    }


def fixed_reward(prefix: str) -> dict[str, Any]:
    """A one-off reward of `{prefix}_reward_wan` × 10,000 yuan."""
    reward = f"{prefix}_reward_wan"
    return {
        "op": "fixed",
        "amount": {"param": reward, "unit": "wan_yuan"},
        "sentence": S(f"一次性奖励 {{{reward}}} 万元", f"a one-off reward of {{{reward}}} × 10,000 yuan"),
    }


def add_parameters(prefix: str, *, legal_reference: str, with_units: bool) -> None:
    """`{prefix}_min_headcount` = 20 and `{prefix}_reward_wan` = 10, in force from FROM."""
    for name, value, label, unit in (
        ("min_headcount", 20, "最低从业人数", "人"),
        ("reward_wan", 10, "奖励金额", "万元"),
    ):
        key = f"{prefix}_{name}"
        if with_units:
            parameter = PolicyParameter.objects.create(
                key=key, label_zh=label, label_en=key.replace("_", " "), unit=unit
            )
        else:
            parameter = PolicyParameter.objects.create(key=key, label_zh=label, label_en=key)
        parameter.values.create(effective_from=FROM, value=value, legal_reference=legal_reference)


def fund(key: str, department: Department, budget_fen: int) -> Fund:
    return Fund.objects.create(
        key=key,
        name_zh="测试专项资金",
        name_en="Test fund",
        department=department,
        year=2026,
        budget_fen=budget_fen,
    )


# --- the staff world: the demo's people and one 免申即享 policy over three enterprises -------------------------

CONDITIONS = upgrade_conditions("staff")
AMOUNT = fixed_reward("staff")


@dataclass
class StaffWorld:
    """One 免申即享 policy of the demo 区发展改革局 over three enterprises (eligible, unknown, not eligible)."""

    policy: Policy  # test-upgrade, tied to the demo 升规纳统 service item
    officer: User  # the demo policy officer
    fund: Fund
    enterprise: User  # the demo enterprise user (DEMO_CODE)
    head: User  # the demo policy head, who decides
    scjg: User  # the demo market-supervision reviewer, who countersigns
    tcj: User  # the demo statistics reviewer, who countersigns


def staff_world() -> StaffWorld:
    """Needs the demo data (the `demo` fixture): departments, users, the 升规纳统 service item."""
    fgj = Department.objects.get(short_name="区发展改革局")
    officer = User.objects.get(username="policy")
    staff_fund = fund("staff-fund", fgj, 25_000_000)
    add_parameters("staff", legal_reference="测试办法 第三条", with_units=False)
    item = ServiceItem.objects.get(code=demo_item_code("policy_upgrade"))
    Policy.objects.filter(item=item).update(item=None, status=PolicyStatus.SUSPENDED)  # the demo's own policy
    policy = Policy.objects.create(
        code="test-upgrade",
        name_zh="测试升规纳统奖励",
        name_en="Test upgrade reward",
        source_document="测试办法",
        issuing_department=fgj,
        scope="白云区企业",
        legal_basis="测试办法",
        conditions_text="纳统、20 人以上、无失信",
        time_limit_workdays=20,
        mode=PolicyMode.PROACTIVE,
        status=PolicyStatus.PUBLISHED,
        fund=staff_fund,
        item=item,
    )
    services.add_version(policy, conditions=CONDITIONS, amount=AMOUNT, effective_from=FROM, actor=officer)
    EnterpriseFact.objects.all().delete()  # only the three enterprises below, not the demo's generated ones
    put_facts(DEMO_CODE, above_scale=True, headcount=35, serious_bad_credit=False)
    put_facts(UNKNOWN_CODE, above_scale=True, headcount=50)  # no credit record: a person must look
    put_facts(SMALL_CODE, above_scale=True, headcount=8, serious_bad_credit=False)
    return StaffWorld(
        policy=policy,
        officer=officer,
        fund=staff_fund,
        enterprise=User.objects.get(username="enterprise"),
        head=User.objects.get(username="policy_head"),
        scjg=User.objects.get(username="reviewer"),
        tcj=User.objects.get(username="tcj_reviewer"),
    )


def through_publicity(w: StaffWorld) -> Case:
    """The demo enterprise's offer confirmed and its case taken through review and countersign into publicity."""
    run_now(w.policy, w.officer)
    return into_publicity(
        Offer.objects.get(), enterprise=w.enterprise, officer=w.officer, countersigners=[w.scjg, w.tcj]
    )


def to_payment(w: StaffWorld) -> Case:
    """Through publicity (no objection once it has run) and the decision: the payment is written, pending."""
    case = through_publicity(w)
    with time_machine.travel(datetime(2026, 12, 7, 9, 0, tzinfo=CST), tick=False):
        do(case, w.officer, "no_objection")
        return do(case, w.head, "approve")


# --- the API world: a bureau of its own, a tag library, published policies and a draft; no demo data ---------

UPGRADE_CONDITIONS = upgrade_conditions("apitest")
REWARD = fixed_reward("apitest")
HIGH_TECH_CONDITIONS = {
    "op": "all",
    "sentence": S("高企认定奖励条件", "conditions"),
    "args": [
        {
            "op": "is_true",
            "fact": "high_tech",
            "sentence": S("已认定为高新技术企业", "recognised as high-tech"),
        },
        copy.deepcopy(UPGRADE_CONDITIONS["args"][1]),  # at least {apitest_min_headcount} employees
    ],
}


def tag(key: str, dimension: str, zh: str, en: str) -> PolicyTag:
    return PolicyTag.objects.create(key=key, dimension=dimension, name_zh=zh, name_en=en)


def policy(
    code: str,
    name_zh: str,
    *,
    mode: str,
    tags: list[PolicyTag],
    status: str = PolicyStatus.PUBLISHED,
    **extra: Any,
) -> Policy:
    fgj = cf.department(71, "测试发展改革局")
    made = Policy.objects.create(
        code=code,
        name_zh=name_zh,
        name_en=f"{code} (test)",
        source_document="白云区测试扶持办法",
        issuing_department=fgj,
        scope="白云区企业",
        legal_basis="白云区测试扶持办法 第三条",
        conditions_text="见条件",
        fund_standard="一次性奖励 10 万元",
        time_limit_workdays=20,
        mode=mode,
        status=status,
        **extra,
    )
    made.tags.set(tags)
    return made


@dataclass
class ApiWorld:
    """A bureau, its people, an enterprise user, a tag library, three published policies (the enterprise qualifies
    for one and lacks data for the others), a draft, and the enterprise facts they read."""

    department: Department  # 测试发展改革局
    officer: User
    tags: dict[str, PolicyTag]  # manufacturing, software, sme, listed, reward
    fund: Fund
    upgrade: Policy  # proactive; the own enterprise qualifies
    high_tech: Policy  # by application; nobody has said whether the own enterprise is high-tech
    listed: Policy  # by application
    draft: Policy
    admin: User
    reviewer: User
    enterprise: User  # of OWN_CODE
    citizen: User


def api_world() -> ApiWorld:
    fgj = cf.department(71, "测试发展改革局")
    officer = user("t_policy", Role.POLICY_OFFICER, fgj, real_name="孙志明")
    tags = {
        "manufacturing": tag("apitest-manufacturing", TagDimension.INDUSTRY, "制造业", "Manufacturing"),
        "software": tag("apitest-software", TagDimension.INDUSTRY, "软件和信息服务", "Software"),
        "sme": tag("apitest-sme", TagDimension.SIZE, "中小企业", "SME"),
        "listed": tag("apitest-listed", TagDimension.SIZE, "上市企业", "Listed"),
        "reward": tag("apitest-reward", TagDimension.SUPPORT, "奖励", "Reward"),
    }
    add_parameters("apitest", legal_reference="白云区测试扶持办法 第三条", with_units=True)
    api_fund = fund("apitest-fund", fgj, 50_000_000)
    made = {}
    for name, code, name_zh, mode, status, tag_keys, conditions in (
        ("upgrade", "apitest-upgrade", "测试升规纳统奖励", PolicyMode.PROACTIVE, PolicyStatus.PUBLISHED,
         ("manufacturing", "sme", "reward"), UPGRADE_CONDITIONS),
        ("high_tech", "apitest-hightech", "测试高新技术企业认定奖励", PolicyMode.APPLICATION, PolicyStatus.PUBLISHED,
         ("software", "sme", "reward"), HIGH_TECH_CONDITIONS),
        ("listed", "apitest-listing", "测试上市奖励", PolicyMode.APPLICATION, PolicyStatus.PUBLISHED,
         ("manufacturing", "listed", "reward"), HIGH_TECH_CONDITIONS),
        ("draft", "apitest-draft", "测试草稿政策", PolicyMode.PROACTIVE, PolicyStatus.DRAFT,
         ("manufacturing", "sme"), UPGRADE_CONDITIONS),
    ):  # fmt: skip
        extra = {"fund": api_fund} if name == "upgrade" else {}
        made[name] = policy(
            code, name_zh, mode=mode, status=status, tags=[tags[k] for k in tag_keys], **extra
        )
        services.add_version(
            made[name], conditions=conditions, amount=REWARD, effective_from=FROM, actor=officer
        )

    MarketEntity.objects.create(
        credit_code=OWN_CODE,
        name="广州市白云区测试制造有限公司",
        legal_representative="李娜",
        address="广州市白云区测试路 1 号",
    )
    # the own enterprise qualifies for the upgrade reward; nobody has said whether it is high-tech
    put_facts(OWN_CODE, above_scale=True, headcount=35, serious_bad_credit=False)
    put_facts(OTHER_CODE, above_scale=True, headcount=8, serious_bad_credit=False)
    return ApiWorld(
        department=fgj,
        officer=officer,
        tags=tags,
        fund=api_fund,
        upgrade=made["upgrade"],
        high_tech=made["high_tech"],
        listed=made["listed"],
        draft=made["draft"],
        admin=user("t_admin", Role.ADMINISTRATOR, fgj),
        reviewer=user("t_reviewer", Role.REVIEWER, fgj),
        enterprise=user(
            "t_ent",
            Role.APPLICANT_ENTERPRISE,
            None,
            real_name="李娜",
            enterprise_credit_code=OWN_CODE,
            enterprise_name="广州市白云区测试制造有限公司",
        ),
        citizen=user("t_citizen", Role.APPLICANT_PERSON, None, real_name="张伟"),
    )


# --- garbage for the fuzz tests: whatever an officer types, saving gives messages, never a crash -------------

GARBAGE: list[Any] = [
    None,
    [],
    {},
    "",
    "x",
    "{",
    0,
    -1,
    1.5,
    float("nan"),
    True,
    ["a", 1],
    [[1]],
    {"op": ["all"]},
    {"value": 1},
    {"param": "revenue_min"},
    {"zh": "甲", "en": "a"},
    "2024-02-30",
    10**40,
    {"param": "policy_start"},
    {"param": "eligible_industries"},
    {"value": ["C"]},
    {"date": "2024-01-01"},
    {"ref": "evaluation_date"},
    "[]",
    "()",
    "ge",
    "between",
    "in",
    "within_months",
    "revenue_wan",
    "established_on",
    "industry",
    "high_tech",
    date(2024, 1, 1),
    Decimal("12.5"),
]


def mutate(rnd: random.Random, value: Any) -> Any:
    """A copy of a JSON value with one randomly chosen place replaced by garbage (or a key dropped/added)."""
    if isinstance(value, dict) and value and rnd.random() < 0.97:
        key = rnd.choice(list(value))
        copy = dict(value)
        choice = rnd.random()
        if choice < 0.15:
            del copy[key]
        elif choice < 0.25:
            copy[rnd.choice(["extra", "op", "bounds", "of"])] = rnd.choice(GARBAGE)
        else:
            copy[key] = mutate(rnd, value[key])
        return copy
    if isinstance(value, list) and value and rnd.random() < 0.97:
        copy_list = list(value)
        index = rnd.randrange(len(copy_list))
        copy_list[index] = mutate(rnd, copy_list[index])
        return copy_list
    return rnd.choice(GARBAGE)

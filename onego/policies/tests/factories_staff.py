"""Data for the policy officer's page and admin tests: one 免申即享 policy over three enterprises (eligible,
unknown, not eligible), and helpers that take its case through publicity to a payment, as the services do.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import time_machine
from django.utils import timezone

from onego.accounts.models import Department, User
from onego.cases.models import Case
from onego.catalog.models import ServiceItem
from onego.core.identifiers import make_credit_code
from onego.demo.catalogue import item_code as demo_item_code
from onego.policies import offers, services
from onego.policies.models import Fund, Offer, Policy, PolicyMode, PolicyParameter, PolicyStatus
from onego.policies.tests.factories import act as do
from onego.policies.tests.factories import put_facts, run_now
from onego.registry.models import EnterpriseFact

DEMO_CODE = "91440111MA5AQ6WX00"  # the demo enterprise user's enterprise
UNKNOWN_CODE = make_credit_code("91440111MA5AQ7XX0")
SMALL_CODE = make_credit_code("91440111MA5AQ8XX0")
ON = date(2026, 11, 27)  # a Friday, a working day
CST = timezone.get_fixed_timezone(480)
ACCOUNT = "3602000109200123456"


def S(zh: str, en: str) -> dict[str, str]:  # noqa: N802 - reads like the sentence it builds
    return {"zh": zh, "en": en}


CONDITIONS = {
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
            "to": {"param": "staff_min_headcount"},
            "sentence": S(
                "从业人数不少于 {staff_min_headcount} 人", "at least {staff_min_headcount} employees"
            ),
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
AMOUNT = {
    "op": "fixed",
    "amount": {"param": "staff_reward_wan", "unit": "wan_yuan"},
    "sentence": S(
        "一次性奖励 {staff_reward_wan} 万元", "a one-off reward of {staff_reward_wan} × 10,000 yuan"
    ),
}


def world() -> dict[str, Any]:
    """Needs the demo data (the `demo` fixture): departments, users, the 升规纳统 service item."""
    fgj = Department.objects.get(short_name="区发展改革局")
    officer = User.objects.get(username="policy")
    fund = Fund.objects.create(
        key="staff-fund",
        name_zh="测试专项资金",
        name_en="Test fund",
        department=fgj,
        year=2026,
        budget_fen=25_000_000,
    )
    for key, value, label in (
        ("staff_min_headcount", 20, "最低从业人数"),
        ("staff_reward_wan", 10, "奖励金额"),
    ):
        parameter = PolicyParameter.objects.create(key=key, label_zh=label, label_en=key)
        parameter.values.create(
            effective_from=date(2021, 1, 1), value=value, legal_reference="测试办法 第三条"
        )
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
        fund=fund,
        item=item,
    )
    services.add_version(
        policy, conditions=CONDITIONS, amount=AMOUNT, effective_from=date(2021, 1, 1), actor=officer
    )
    EnterpriseFact.objects.all().delete()  # only the three enterprises below, not the demo's generated ones
    put_facts(DEMO_CODE, above_scale=True, headcount=35, serious_bad_credit=False)
    put_facts(UNKNOWN_CODE, above_scale=True, headcount=50)  # no credit record: a person must look
    put_facts(SMALL_CODE, above_scale=True, headcount=8, serious_bad_credit=False)
    return {
        "policy": policy,
        "officer": officer,
        "fund": fund,
        "enterprise": User.objects.get(username="enterprise"),
        "head": User.objects.get(username="policy_head"),
        "scjg": User.objects.get(username="reviewer"),
        "tcj": User.objects.get(username="tcj_reviewer"),
    }


def through_publicity(w: dict[str, Any]) -> Case:
    """The demo enterprise's offer confirmed and its case taken through review and countersign into publicity."""
    run_now(w["policy"], w["officer"])
    offer = offers.confirm_offer(
        Offer.objects.get().pk,
        user=w["enterprise"],
        bank_account_name="广州市白云区云味餐饮有限公司",
        bank_name="中国工商银行广州白云支行",
        bank_account_number=ACCOUNT,
    )
    case = offer.case
    assert case is not None
    do(case, w["officer"], "accept")
    do(case, w["officer"], "pass")
    do(case, w["scjg"], "approve")
    case = do(case, w["tcj"], "approve")
    assert case.current_step == "publicize"
    return case


def to_payment(w: dict[str, Any]) -> Case:
    """Through publicity (no objection once it has run) and the decision: the payment is written, pending."""
    case = through_publicity(w)
    with time_machine.travel(datetime(2026, 12, 7, 9, 0, tzinfo=CST), tick=False):
        do(case, w["officer"], "no_objection")
        return do(case, w["head"], "approve")

"""A small world for the policy API tests, built through the services: one bureau, its people, an enterprise
user, a tag library, two published policies (one the enterprise qualifies for, one it lacks data for), a
draft, and the enterprise facts they read. Nothing here depends on the demo data."""

from __future__ import annotations

from datetime import date
from typing import Any

from onego.accounts.roles import Role
from onego.cases.tests.factories import user
from onego.catalog.tests import factories as cf
from onego.core.identifiers import make_credit_code
from onego.policies import services
from onego.policies.models import (
    Fund,
    Policy,
    PolicyMode,
    PolicyParameter,
    PolicyStatus,
    PolicyTag,
    TagDimension,
)
from onego.policies.tests.factories import put_facts
from onego.registry.models import MarketEntity

OWN_CODE = make_credit_code("91440111MA5AP01XX")  # the enterprise user's own enterprise
OTHER_CODE = make_credit_code("91440111MA5AP02XX")  # another enterprise
ON = date(2026, 11, 27)  # a Friday
FROM = date(2021, 1, 1)

S = lambda zh, en: {"zh": zh, "en": en}  # noqa: E731

UPGRADE_CONDITIONS = {
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
            "to": {"param": "apitest_min_headcount"},
            "sentence": S(
                "从业人数不少于 {apitest_min_headcount} 人", "at least {apitest_min_headcount} employees"
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
REWARD = {
    "op": "fixed",
    "amount": {"param": "apitest_reward_wan", "unit": "wan_yuan"},
    "sentence": S(
        "一次性奖励 {apitest_reward_wan} 万元", "a one-off reward of {apitest_reward_wan} × 10,000 yuan"
    ),
}
HIGH_TECH_CONDITIONS = {
    "op": "all",
    "sentence": S("高企认定奖励条件", "conditions"),
    "args": [
        {
            "op": "is_true",
            "fact": "high_tech",
            "sentence": S("已认定为高新技术企业", "recognised as high-tech"),
        },
        {
            "op": "ge",
            "fact": "headcount",
            "to": {"param": "apitest_min_headcount"},
            "sentence": S(
                "从业人数不少于 {apitest_min_headcount} 人", "at least {apitest_min_headcount} employees"
            ),
        },
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


def world() -> dict[str, Any]:
    fgj = cf.department(71, "测试发展改革局")
    officer = user("t_policy", Role.POLICY_OFFICER, fgj, real_name="孙志明")
    tags = {
        "manufacturing": tag("apitest-manufacturing", TagDimension.INDUSTRY, "制造业", "Manufacturing"),
        "software": tag("apitest-software", TagDimension.INDUSTRY, "软件和信息服务", "Software"),
        "sme": tag("apitest-sme", TagDimension.SIZE, "中小企业", "SME"),
        "listed": tag("apitest-listed", TagDimension.SIZE, "上市企业", "Listed"),
        "reward": tag("apitest-reward", TagDimension.SUPPORT, "奖励", "Reward"),
    }
    for key, value, zh, unit in (
        ("apitest_min_headcount", 20, "最低从业人数", "人"),
        ("apitest_reward_wan", 10, "奖励金额", "万元"),
    ):
        parameter = PolicyParameter.objects.create(
            key=key, label_zh=zh, label_en=key.replace("_", " "), unit=unit
        )
        parameter.values.create(effective_from=FROM, value=value, legal_reference="白云区测试扶持办法 第三条")
    fund = Fund.objects.create(
        key="apitest-fund",
        name_zh="测试专项资金",
        name_en="Test fund",
        department=fgj,
        year=2026,
        budget_fen=50_000_000,
    )
    upgrade = policy(
        "apitest-upgrade",
        "测试升规纳统奖励",
        mode=PolicyMode.PROACTIVE,
        fund=fund,
        tags=[tags["manufacturing"], tags["sme"], tags["reward"]],
    )
    services.add_version(
        upgrade, conditions=UPGRADE_CONDITIONS, amount=REWARD, effective_from=FROM, actor=officer
    )
    high_tech = policy(
        "apitest-hightech",
        "测试高新技术企业认定奖励",
        mode=PolicyMode.APPLICATION,
        tags=[tags["software"], tags["sme"], tags["reward"]],
    )
    services.add_version(
        high_tech, conditions=HIGH_TECH_CONDITIONS, amount=REWARD, effective_from=FROM, actor=officer
    )
    listed = policy(
        "apitest-listing",
        "测试上市奖励",
        mode=PolicyMode.APPLICATION,
        tags=[tags["manufacturing"], tags["listed"], tags["reward"]],
    )
    services.add_version(
        listed, conditions=HIGH_TECH_CONDITIONS, amount=REWARD, effective_from=FROM, actor=officer
    )
    draft = policy(
        "apitest-draft",
        "测试草稿政策",
        mode=PolicyMode.PROACTIVE,
        status=PolicyStatus.DRAFT,
        tags=[tags["manufacturing"], tags["sme"]],
    )
    services.add_version(
        draft, conditions=UPGRADE_CONDITIONS, amount=REWARD, effective_from=FROM, actor=officer
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
    return {
        "department": fgj,
        "officer": officer,
        "tags": tags,
        "fund": fund,
        "upgrade": upgrade,
        "high_tech": high_tech,
        "listed": listed,
        "draft": draft,
        "admin": user("t_admin", Role.ADMINISTRATOR, fgj),
        "reviewer": user("t_reviewer", Role.REVIEWER, fgj),
        "enterprise": user(
            "t_ent",
            Role.APPLICANT_ENTERPRISE,
            None,
            real_name="李娜",
            enterprise_credit_code=OWN_CODE,
            enterprise_name="广州市白云区测试制造有限公司",
        ),
        "citizen": user("t_citizen", Role.APPLICANT_PERSON, None, real_name="张伟"),
    }

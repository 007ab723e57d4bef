"""The public and enterprise pages of policy redemption, through the Django test client: the catalogue and
its tag filter, a policy's page, the finder (我能享受什么), the 免申即享 offers with one-click confirmation,
and the publicity list with objections."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from onego.accounts.models import Department, User
from onego.accounts.roles import Role
from onego.cases.models import Case
from onego.catalog.models import ServiceItem
from onego.core.identifiers import make_credit_code
from onego.demo.catalogue import item_code as demo_item_code
from onego.policies import services
from onego.policies.models import (
    Objection,
    Offer,
    OfferStatus,
    Policy,
    PolicyCase,
    PolicyMode,
    PolicyParameter,
    PolicyStatus,
    PolicyTag,
)
from onego.policies.tests import factories as f
from onego.policies.tests.factories import DEMO_CODE, put_facts, run_now, through_publicity
from onego.policies.tests.factories import sentence as S
from onego.registry.models import EnterpriseFact

# 2026-11-27 is a Friday, a working day; the run date of test_redemption (ON) is the same day
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=timezone.get_fixed_timezone(480))
at_now = time_machine.travel(NOW, tick=False)

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
            "to": {"param": "test_min_headcount"},
            "sentence": S(
                "从业人数不少于 {test_min_headcount} 人", "at least {test_min_headcount} employees"
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
GROWTH = {
    "op": "ge",
    "fact": "revenue_growth_pct",
    "to": {"param": "test_growth_min_pct"},
    "sentence": S(
        "营业收入增长率不低于 {test_growth_min_pct}%", "revenue growth of at least {test_growth_min_pct}%"
    ),
}
LISTED = {
    "op": "is_true",
    "fact": "listed",
    "sentence": S("已在境内外证券交易所上市", "listed on a stock exchange"),
}


def fixed(key: str) -> dict[str, Any]:
    return {
        "op": "fixed",
        "amount": {"param": key, "unit": "wan_yuan"},
        "sentence": S(f"一次性奖励 {{{key}}} 万元", f"a one-off reward of {{{key}}} × 10,000 yuan"),
    }


def tag(key: str, dimension: str, zh: str) -> PolicyTag:
    return PolicyTag.objects.create(key=key, dimension=dimension, name_zh=zh, name_en=key)


@dataclass
class PublicWorld(f.StaffWorld):
    growth: Policy  # by application; unknown for the demo enterprise (its growth is not on file)
    listing: Policy  # by application; the demo enterprise is not eligible (not listed)


@pytest.fixture
def world(demo: Any) -> PublicWorld:
    """Three published enterprise policies for the demo enterprise (35 people, above scale, no bad credit,
    not listed, no revenue growth on file): an eligible 免申即享 one of 100,000 yuan, an unknown one by
    application (growth missing) and a not-eligible one (not listed). Other policies and facts are set
    aside so that what the pages show is only these."""
    Policy.objects.update(status=PolicyStatus.DRAFT, item=None)
    EnterpriseFact.objects.all().delete()
    fgj = Department.objects.get(short_name="区发展改革局")
    officer = User.objects.get(username="policy")
    fund = f.fund("test-fund", fgj, 25_000_000)
    for key, value, label, unit in (
        ("test_min_headcount", 20, "最低从业人数", "人"),
        ("test_reward_wan", 10, "奖励金额", "万元"),
        ("test_growth_min_pct", 15, "营业收入增长率门槛", "%"),
        ("test_growth_reward_wan", 5, "成长奖励", "万元"),
        ("test_listing_reward_wan", 100, "上市奖励", "万元"),
    ):
        parameter, _ = PolicyParameter.objects.get_or_create(
            key=key, defaults={"label_zh": label, "label_en": key, "unit": unit}
        )
        parameter.values.all().delete()
        parameter.values.create(
            effective_from=date(2021, 1, 1), value=value, legal_reference="测试办法 第三条"
        )
    catering, manufacturing = (
        tag("test-catering", "industry", "测试餐饮"),
        tag("test-manufacturing", "industry", "测试制造"),
    )
    reward, subsidy = tag("test-reward", "support", "测试奖励"), tag("test-subsidy", "support", "测试补贴")

    def policy(
        code: str,
        name: str,
        mode: str,
        item_ref: str,
        conditions: dict[str, Any],
        amount: dict[str, Any],
        tags: list[PolicyTag],
    ) -> Policy:
        made = Policy.objects.create(
            code=code,
            name_zh=name,
            name_en=f"{code} (en)",
            source_document="测试办法（白发改〔2026〕1号）",
            issuing_department=fgj,
            scope="白云区企业",
            legal_basis="测试办法 第二条",
            conditions_text="见比对规则",
            fund_standard="一次性奖励，金额见参数。",
            time_limit_workdays=20,
            mode=mode,
            status=PolicyStatus.PUBLISHED,
            fund=fund,
            item=ServiceItem.objects.get(code=demo_item_code(item_ref)),
        )
        made.tags.set(tags)
        services.add_version(
            made, conditions=conditions, amount=amount, effective_from=date(2021, 1, 1), actor=officer
        )
        return made

    upgrade = policy(
        "test-upgrade",
        "测试升规纳统奖励",
        PolicyMode.PROACTIVE,
        "policy_upgrade",
        CONDITIONS,
        fixed("test_reward_wan"),
        [catering, reward],
    )
    growth = policy(
        "test-growth",
        "测试企业成长奖励",
        PolicyMode.APPLICATION,
        "policy_growth",
        GROWTH,
        fixed("test_growth_reward_wan"),
        [manufacturing, reward],
    )
    listing = policy(
        "test-listing",
        "测试上市扶持",
        PolicyMode.APPLICATION,
        "policy_listing",
        LISTED,
        fixed("test_listing_reward_wan"),
        [manufacturing, subsidy],
    )
    put_facts(DEMO_CODE, above_scale=True, headcount=35, serious_bad_credit=False, listed=False)
    return PublicWorld(
        policy=upgrade,
        growth=growth,
        listing=listing,
        officer=officer,
        fund=fund,
        enterprise=User.objects.get(username="enterprise"),
        head=User.objects.get(username="policy_head"),
        scjg=User.objects.get(username="reviewer"),
        tcj=User.objects.get(username="tcj_reviewer"),
    )


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def codes_listed(response: Any) -> list[str]:
    return [
        code
        for code in ("test-upgrade", "test-growth", "test-listing")
        if f'data-code="{code}"' in response.content.decode()
    ]


def other_enterprise() -> User:
    user = User.objects.create_user(
        "other-enterprise",
        password="x",
        real_name="王五",
        enterprise_credit_code=make_credit_code("91440111MA5AQ9XX0"),
        enterprise_name="广州市白云区另一家有限公司",
    )
    user.groups.add(Group.objects.get(name=Role.APPLICANT_ENTERPRISE.value))
    return user


# --- catalogue and detail -------------------------------------------------------------------------------------


def test_anyone_sees_every_published_policy_with_its_department_mode_fund_standard_and_tags(world):
    world.listing.status = PolicyStatus.DRAFT
    world.listing.save()
    page = Client().get(reverse("policies:catalogue")).content.decode()
    assert "测试升规纳统奖励" in page and "测试企业成长奖励" in page
    assert "测试上市扶持" not in page  # a draft is not public
    assert "广州市白云区发展和改革局" in page
    assert "免申即享" in page and "依申请" in page
    assert "一次性奖励，金额见参数。" in page
    assert "测试餐饮" in page and "测试奖励" in page
    assert "同一类标签选多个时，符合其中任意一个即可；不同类的标签须同时符合。" in page


def test_tags_of_one_dimension_widen_the_list_and_tags_of_two_dimensions_narrow_it(world):
    url = reverse("policies:catalogue")
    assert codes_listed(Client().get(url, {"tag": ["test-manufacturing"]})) == ["test-growth", "test-listing"]
    # any within a dimension
    assert codes_listed(Client().get(url, {"tag": ["test-manufacturing", "test-catering"]})) == [
        "test-upgrade",
        "test-growth",
        "test-listing",
    ]
    # all across dimensions
    assert codes_listed(Client().get(url, {"tag": ["test-manufacturing", "test-subsidy"]})) == [
        "test-listing"
    ]
    # the chosen boxes stay ticked
    assert 'value="test-subsidy" checked' in Client().get(url, {"tag": ["test-subsidy"]}).content.decode()


def test_the_catalogue_searches_policy_names(world):
    response = Client().get(reverse("policies:catalogue"), {"q": "成长"})
    assert codes_listed(response) == ["test-growth"]


@at_now
def test_a_policy_page_shows_its_elements_the_version_in_force_and_each_parameter_with_its_reference(world):
    page = Client().get(reverse("policies:detail", args=["test-upgrade"])).content.decode()
    assert "测试办法（白发改〔2026〕1号）" in page
    assert "第 1 版，自 2021-01-01 起施行" in page
    assert "从业人数不少于 20 人" in page  # the condition with today's value
    assert "最低从业人数" in page and "20 人" in page and "测试办法 第三条" in page
    assert "本政策无需申请" in page  # 免申即享
    assert reverse("cases:apply_item", args=[demo_item_code("policy_upgrade")]) not in page


@at_now
def test_a_policy_by_application_links_to_its_guide_and_its_application(world):
    page = Client().get(reverse("policies:detail", args=["test-growth"])).content.decode()
    assert reverse("cases:apply_item", args=[demo_item_code("policy_growth")]) in page
    assert reverse("catalog:item_guide", args=[demo_item_code("policy_growth")]) in page
    assert "15%" in page  # the threshold in force


def test_a_draft_policy_has_no_public_page(world):
    world.growth.status = PolicyStatus.DRAFT
    world.growth.save()
    assert Client().get(reverse("policies:detail", args=["test-growth"])).status_code == 404


# --- the finder --------------------------------------------------------------------------------------------


@at_now
def test_the_finder_shows_the_enterprise_what_it_can_get_what_is_missing_and_what_it_does_not_meet(world):
    response = signed_in(world.enterprise).get(reverse("policies:finder"))
    assert response.status_code == 200
    groups = response.content.decode().split('data-testid="group-')
    eligible = next(g for g in groups if g.startswith('eligible"'))
    unknown = next(g for g in groups if g.startswith('unknown"'))
    not_eligible = next(g for g in groups if g.startswith('not-eligible"'))
    assert "测试升规纳统奖励" in eligible and "100,000.00" in eligible
    assert "测试企业成长奖励" in unknown
    assert "缺少数据：营业收入增长率（%）" in unknown  # the label, not the key
    assert "revenue_growth_pct" not in unknown
    assert reverse("cases:apply_item", args=[demo_item_code("policy_growth")]) in unknown  # what to do: apply
    assert "测试上市扶持" in not_eligible and "未满足：已在境内外证券交易所上市" in not_eligible
    # each condition line with its mark and the values read
    assert '<span class="mark mark-true"' in eligible and "✓" in eligible
    assert "从业人数不少于 20 人" in eligible and "从业人数：<span>35 人</span>" in eligible
    assert "✗" in not_eligible and "上市企业：<span>否</span>" in not_eligible
    assert "一次性奖励 10 万元" in eligible  # the amount explained


@at_now
def test_the_finder_explains_in_english_when_the_page_is_in_english(world):
    page = (
        signed_in(world.enterprise)
        .get(reverse("policies:finder"), HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    assert "What can I get?" in page
    assert "at least 20 employees" in page and "Headcount: <span>35</span>" in page
    assert "Missing data: Revenue growth (%)" in page
    assert "a one-off reward of 10 × 10,000 yuan" in page


@at_now
def test_the_finder_filters_by_tags_too(world):
    response = signed_in(world.enterprise).get(reverse("policies:finder"), {"tag": ["test-catering"]})
    assert codes_listed(response) == ["test-upgrade"]


@at_now
def test_the_finder_shows_pending_offers_at_the_top(world):
    run_now(world.policy, world.officer)
    page = signed_in(world.enterprise).get(reverse("policies:finder")).content.decode()
    pending = page.split('data-testid="pending-offers"')[1].split("</section>")[0]
    assert "您有 1 条免申即享兑现通知待确认" in pending and "100,000.00" in pending
    assert reverse("policies:offers") in pending
    assert page.index('data-testid="pending-offers"') < page.index('data-testid="group-eligible"')


def test_the_finder_sends_the_anonymous_to_log_in_and_tells_a_citizen_it_is_for_enterprises(world):
    anonymous = Client().get(reverse("policies:finder"))
    assert anonymous.status_code == 302 and reverse("portal:login") in anonymous["Location"]
    citizen = signed_in(User.objects.get(username="citizen")).get(reverse("policies:finder"))
    assert citizen.status_code == 403
    assert "此页面供企业用户使用" in citizen.content.decode()


# --- offers ------------------------------------------------------------------------------------------------


@at_now
def test_an_offer_shows_its_amount_the_stored_reasons_and_a_prefilled_account(world):
    run_now(world.policy, world.officer)
    page = signed_in(world.enterprise).get(reverse("policies:offers")).content.decode()
    offer = Offer.objects.get()
    card = page.split(f'id="offer-{offer.pk}"')[1]
    assert "测试升规纳统奖励" in card and "100,000.00" in card
    assert "✓" in card and "从业人数不少于 20 人" in card and "已纳入规模以上统计" in card
    assert "从业人数：<span>35 人</span>" in card
    assert "一次性奖励 10 万元" in card
    assert 'name="bank_account_name" value="广州市白云区云味餐饮有限公司"' in card
    assert "确认兑现" in card


@at_now
def test_an_offer_keeps_the_threshold_it_was_decided_by_after_the_threshold_changes(world):
    run_now(world.policy, world.officer)
    # given the minimum headcount is raised to 30, back-dated before the run
    services.set_parameter_value(
        "test_min_headcount",
        effective_from=date(2026, 1, 1),
        value=30,
        legal_reference="测试办法（修订）第三条",
        actor=world.officer,
    )
    page = signed_in(world.enterprise).get(reverse("policies:offers")).content.decode()
    assert "从业人数不少于 20 人" in page and "从业人数不少于 30 人" not in page


@at_now
def test_confirming_an_offer_creates_the_case_and_shows_its_number_with_a_link(world):
    run_now(world.policy, world.officer)
    offer = Offer.objects.get()
    client = signed_in(world.enterprise)
    response = client.post(
        reverse("policies:confirm_offer", args=[offer.pk]),
        {
            "bank_account_name": "广州市白云区云味餐饮有限公司",
            "bank_name": "中国工商银行广州白云支行",
            "bank_account_number": "3602000109200123456",
        },
        follow=True,
    )
    offer.refresh_from_db()
    case = Case.objects.get(applicant=world.enterprise)
    assert offer.status == OfferStatus.CONFIRMED and offer.case == case
    assert PolicyCase.objects.get(case=case).amount_fen == 10_000_000
    page = response.content.decode()
    assert f"已确认兑现，办件编号 {case.number}" in page
    assert f'href="{reverse("cases:my_case", args=[case.number])}"' in page
    # the finder says so on the policy instead of offering it again
    finder = client.get(reverse("policies:finder")).content.decode()
    assert "已确认兑现" in finder and case.number in finder and 'data-testid="pending-offers"' not in finder


@at_now
def test_a_bad_account_number_is_shown_on_the_field_and_nothing_is_written(world):
    run_now(world.policy, world.officer)
    offer = Offer.objects.get()
    response = signed_in(world.enterprise).post(
        reverse("policies:confirm_offer", args=[offer.pk]),
        {
            "bank_account_name": "广州市白云区云味餐饮有限公司",
            "bank_name": "中国工商银行广州白云支行",
            "bank_account_number": "12ab",
        },
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert 'data-testid="error-bank_account_number">银行账号应为 8 至 30 位数字' in page
    assert 'value="12ab"' in page  # what was typed is kept
    assert 'value="中国工商银行广州白云支行"' in page
    offer.refresh_from_db()
    assert offer.status == OfferStatus.OFFERED
    assert not Case.objects.exists()


@at_now
def test_another_enterprise_neither_sees_nor_confirms_someone_elses_offer(world):
    run_now(world.policy, world.officer)
    offer = Offer.objects.get()
    client = signed_in(other_enterprise())
    page = client.get(reverse("policies:offers")).content.decode()
    assert "测试升规纳统奖励" not in page and "暂无兑现通知" in page
    response = client.post(
        reverse("policies:confirm_offer", args=[offer.pk]),
        {"bank_account_name": "x", "bank_name": "y", "bank_account_number": "123456789"},
    )
    assert response.status_code == 404
    assert client.post(reverse("policies:decline_offer", args=[offer.pk])).status_code == 404
    offer.refresh_from_db()
    assert offer.status == OfferStatus.OFFERED
    assert not Case.objects.exists()


@at_now
def test_an_enterprise_can_decline_an_offer_and_cannot_confirm_it_afterwards(world):
    run_now(world.policy, world.officer)
    offer = Offer.objects.get()
    client = signed_in(world.enterprise)
    page = client.post(reverse("policies:decline_offer", args=[offer.pk]), {"reason": "不需要"}, follow=True)
    assert "已放弃该项政策兑现" in page.content.decode()
    offer.refresh_from_db()
    assert offer.status == OfferStatus.DECLINED
    again = client.post(
        reverse("policies:confirm_offer", args=[offer.pk]),
        {"bank_account_name": "x", "bank_name": "y", "bank_account_number": "123456789"},
    )
    assert again.status_code == 409 and "该兑现通知已放弃" in again.content.decode()
    assert not Case.objects.exists()


# --- publicity ---------------------------------------------------------------------------------------------


@at_now
def test_the_publicity_list_shows_the_entries_on_notice_and_takes_an_objection(world):
    case = through_publicity(world)
    record = PolicyCase.objects.get(case=case)
    page = Client().get(reverse("policies:publicity")).content.decode()
    entry = page.split(f'id="entry-{record.pk}"')[1]
    assert "广州市白云区云味餐饮有限公司" in entry and DEMO_CODE in entry
    assert "测试升规纳统奖励" in entry and "100,000.00" in entry
    assert "2026-11-27 — 2026-12-04" in entry
    response = Client().post(
        reverse("policies:object", args=[record.pk]),
        {"name": "王先生", "contact": "13800000000", "text": "该企业去年已迁出白云区"},
        follow=True,
    )
    assert "异议已提交" in response.content.decode()
    objection = Objection.objects.get()
    assert (objection.policy_case, objection.name, objection.text) == (
        record,
        "王先生",
        "该企业去年已迁出白云区",
    )


@at_now
def test_an_objection_with_fields_missing_marks_them_and_writes_nothing(world):
    record = PolicyCase.objects.get(case=through_publicity(world))
    response = Client().post(
        reverse("policies:object", args=[record.pk]), {"name": "王先生", "contact": "", "text": "短"}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert (
        'data-testid="error-contact">请填写联系方式' in page
        and 'data-testid="error-text">请写明异议内容' in page
    )
    assert 'value="王先生"' in page
    assert not Objection.objects.exists()


def test_an_objection_outside_the_publicity_period_is_refused_in_the_page(world):
    with time_machine.travel(NOW, tick=False):
        record = PolicyCase.objects.get(case=through_publicity(world))
    with time_machine.travel(datetime(2027, 1, 4, 9, 0, tzinfo=timezone.get_fixed_timezone(480)), tick=False):
        page = Client().get(reverse("policies:publicity")).content.decode()
        assert f'id="entry-{record.pk}"' not in page and "目前没有正在公示的政策兑现名单" in page
        response = Client().post(
            reverse("policies:object", args=[record.pk]),
            {"name": "王先生", "contact": "13800000000", "text": "该企业去年已迁出白云区"},
        )
    assert response.status_code == 409
    assert "该条目不在公示期内" in response.content.decode()
    assert not Objection.objects.exists()


@at_now
def test_objections_are_limited_per_minute(world):
    record = PolicyCase.objects.get(case=through_publicity(world))
    client = Client()
    statuses = [
        client.post(
            reverse("policies:object", args=[record.pk]),
            {"name": "王先生", "contact": "138", "text": "异议内容很长"},
        ).status_code
        for _ in range(11)
    ]
    assert statuses[:10] == [302] * 10 and statuses[10] == 429
    assert Objection.objects.count() == 10

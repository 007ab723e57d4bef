"""What an enterprise reads about a 免申即享 offer, and where the policy officer's admin link leads
(issue 13, item 12): a confirmation is not an application; a passed "not" condition shows no failed line
under it; an amount is said once; the admin link is offered only to who can get in."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.utils import translation

from onego.core.models import OutboxMessage
from onego.policies import offers
from onego.policies.amounts import AmountResult, explain_amount
from onego.policies.models import Offer
from onego.policies.tests import factories as f
from onego.policies.tests.factories import run_now


@pytest.fixture
def world(demo: Any) -> f.StaffWorld:
    return f.staff_world()


def test_confirming_an_offer_says_the_confirmation_arrived_and_what_happens_next(world):
    # given the demo enterprise's offer from a run
    run_now(world.policy, world.officer)

    # when it confirms with its account
    offer = offers.confirm_offer(
        Offer.objects.get(entity_code=f.DEMO_CODE).pk,
        user=world.enterprise,
        bank_account_name="广州市白云区云味餐饮有限公司",
        bank_name="中国工商银行广州白云支行",
        bank_account_number=f.ACCOUNT,
    )

    # then its message confirms the confirmation, not an application waiting to be accepted
    message = OutboxMessage.objects.filter(recipient_id=world.enterprise.pk).order_by("-pk").first()
    assert message is not None and offer.case is not None
    assert message.subject.startswith("已收到您的兑现确认")
    assert offer.case.number in message.body
    assert "已收到您的申请" not in message.subject and "尽快受理" not in message.body
    assert "无需再提交申请或材料" in message.body and "公示" in message.body and "拨付" in message.body


def test_a_passed_not_condition_is_one_line_without_the_failed_inner_condition(world, client):
    run_now(world.policy, world.officer)
    client.force_login(world.enterprise)

    page = client.get("/policies/offers/").content.decode()

    conditions = page[page.index('data-testid="conditions"') :]
    conditions = conditions[: conditions.index("</ul>")]
    assert "无严重失信记录" in conditions  # the "not" itself, passed
    assert 'data-outcome="false"' not in conditions  # no ✗ "严重失信" listed under the passed conditions
    assert conditions.count("<li") == 4  # all, reporting above scale, headcount, no bad credit


def amount(sentence_zh: str, sentence_en: str, fen: int, *args: AmountResult) -> AmountResult:
    return AmountResult(
        path="$",
        op="sum",
        amount_fen=fen,
        sentence_zh=sentence_zh,
        sentence_en=sentence_en,
        on=date(2026, 11, 27),
        args=args,
    )


def test_an_amount_sentence_that_states_its_total_is_not_followed_by_it_again():
    one_off = amount("一次性奖励 10 万元", "a one-off reward of 100,000 yuan", 10_000_000)
    total = amount("“升规纳统”奖励合计 100,000.00 元", "reward in all: 100,000.00 yuan", 10_000_000, one_off)

    with translation.override("zh-hans"):
        lines = explain_amount(total).splitlines()
    english = explain_amount(total, "en").splitlines()

    assert lines[0] == "“升规纳统”奖励合计 100,000.00 元"
    assert lines[1] == "  一次性奖励 10 万元：100,000.00 元"  # a sentence without its amount keeps it
    assert english[0] == "reward in all: 100,000.00 yuan"


def test_the_admin_link_is_offered_only_to_an_officer_who_can_get_into_the_admin(world, client, settings):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.ONEGO_ADMIN_REQUIRES_OTP = True
    client.force_login(world.officer)

    # given the demo officer, who has a TOTP device: the link goes to the admin's sign-in, which asks the code
    page = client.get("/policies/manage/").content.decode()
    assert 'href="/admin/login/?next=/admin/policies/policy/" data-testid="admin-edit"' in page
    assert "6 位动态口令" in page

    # when the officer has no device, the admin would refuse: no link into a dead end, but who to ask
    TOTPDevice.objects.filter(user=world.officer).delete()
    page = client.get("/policies/manage/").content.decode()
    assert 'data-testid="admin-edit"' not in page and "/admin/" not in page
    assert "请联系系统管理员" in page

    # and with the admin open to anyone with the permission (no TOTP), the link is plain
    settings.ONEGO_ADMIN_REQUIRES_OTP = False
    page = client.get("/policies/manage/").content.decode()
    assert 'href="/admin/policies/policy/" data-testid="admin-edit"' in page

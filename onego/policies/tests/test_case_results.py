"""A finished policy case shows its payment (amount, status, date) and its decision on the applicant's pages and
the staff case page (cases.results, registered by policies); a stranger gets 404."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from onego.cases.models import CaseStatus, Outcome
from onego.policies import payouts
from onego.policies.models import Payment
from onego.policies.tests import factories
from onego.policies.tests.factories import CST, reconciliation, to_payment

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(demo: Any) -> tuple[factories.StaffWorld, Any]:
    # Fri 2026-11-27: the run and the confirmation; publicity ends and the head decides on Mon 2026-12-07
    # (factories.to_payment); the bank reports the payment made on Tue 2026-12-08.
    with time_machine.travel(datetime(2026, 11, 27, 10, 0, tzinfo=CST), tick=False):
        world = factories.staff_world()
        case = to_payment(world)
    with time_machine.travel(datetime(2026, 12, 8, 10, 0, tzinfo=CST), tick=False):
        officer = world.officer
        batch = payouts.create_batch(policy=world.policy, period="2026", actor=officer)
        payouts.approve_batch(batch.pk, actor=officer)
        payouts.bank_file(batch.pk, actor=officer)
        payouts.import_reconciliation(
            batch.pk,
            reconciliation([[Payment.objects.get().reference, "成功", "B1", "2026-12-08", ""]]),
            actor=officer,
        )
    case.refresh_from_db()
    assert (case.status, case.outcome) == (CaseStatus.CLOSED, Outcome.APPROVED)
    return world, case


def test_a_finished_policy_case_shows_the_payment_amount_status_and_date(paid, client):
    world, case = paid
    client.force_login(world.enterprise)

    page = client.get(reverse("cases:my_case", args=[case.number])).content.decode()

    payment = page[page.index('data-testid="result-payment"') :]
    payment = payment[: payment.index("</li>")]
    assert "兑现资金：测试升规纳统奖励" in payment
    assert "100,000.00 元" in payment and "已到账" in payment and "2026-12-08" in payment
    assert f'href="{reverse("cases:decision_pdf", args=[case.number])}"' in page
    assert "政策兑现决定书" in page or "决定书" in page


def test_my_cases_shows_the_payment_of_the_finished_policy_case(paid, client):
    world, case = paid
    client.force_login(world.enterprise)

    page = client.get(reverse("cases:my_cases")).content.decode()

    assert "100,000.00 元" in page and "已到账" in page


def test_the_policy_officer_sees_the_payment_on_the_staff_case_page(paid, client):
    world, case = paid
    client.force_login(world.officer)

    page = client.get(reverse("cases:case", args=[case.number])).content.decode()

    assert 'data-testid="result-payment"' in page and "100,000.00 元" in page


def test_a_stranger_gets_404_on_the_policy_case_and_its_decision(paid, client):
    from onego.accounts.models import User

    _, case = paid
    client.force_login(User.objects.get(username="citizen"))

    assert client.get(reverse("cases:my_case", args=[case.number])).status_code == 404
    assert client.get(reverse("cases:decision_pdf", args=[case.number])).status_code == 404

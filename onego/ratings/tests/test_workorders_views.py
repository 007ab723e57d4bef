"""The work-order pages: what each viewer sees (the rater protected), the forms only for who may act, field
errors and refusals that store nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from onego.accounts.models import User
from onego.core.models import AuditEvent
from onego.ratings import workorders as wo
from onego.ratings.models import WorkOrder
from onego.ratings.tests.workorders_world import RATER_PHONE, bad_rating, staff

pytestmark = pytest.mark.django_db
__all__ = ["staff"]  # the fixture, imported

CST = timezone.get_fixed_timezone(480)
MONDAY = dt.datetime(2026, 3, 2, 10, 0, tzinfo=CST)
MASKED_PHONE = "138****5678"


@pytest.fixture
def order(staff) -> Any:
    with time_machine.travel(MONDAY, tick=False):
        yield bad_rating()


def login(client: Any, name: str) -> None:
    client.force_login(User.objects.get(username=name))


def page(client: Any, order: WorkOrder) -> str:
    response = client.get(f"/ratings/orders/{order.number}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_list_puts_red_first_counts_and_filters(staff, client):
    with time_machine.travel(MONDAY - dt.timedelta(days=40), tick=False):
        late = bad_rating(ticket="A010")
    with time_machine.travel(MONDAY, tick=False):
        fresh = bad_rating(ticket="A011")
        done = bad_rating(ticket="A012")
        head = User.objects.get(username="centre_head")
        wo.verify(done.pk, head, truthful=True, findings="属实")
        wo.rectify(done.pk, head, resolution="fixed_now", rectification="致歉")
        wo.call_back(done.pk, head, outcome="satisfied", note="满意")
        wo.refresh_work_orders()
        login(client, "centre_head")
        html = client.get("/ratings/orders/").content.decode()
        red_only = client.get("/ratings/orders/?colour=red").content.decode()
        closed_only = client.get("/ratings/orders/?status=closed").content.decode()
        nonsense = client.get("/ratings/orders/?status=nonsense&colour=blue")
    assert html.index(late.number) < html.index(fresh.number) < html.index(done.number)
    assert 'data-testid="count-red">1<' in html
    assert 'data-testid="count-open">2<' in html
    assert 'data-testid="count-closed">1<' in html
    assert late.number in red_only and fresh.number not in red_only
    assert done.number in closed_only and late.number not in closed_only
    assert nonsense.status_code == 200 and late.number in nonsense.content.decode()
    assert RATER_PHONE not in html and MASKED_PHONE not in html  # never in lists


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("centre_head", 200),
        ("clerk", 200),
        ("supervisor", 200),
        ("head", 404),
        ("reviewer", 404),
        ("admin", 404),
        ("citizen", 404),
    ],
)
def test_who_may_open_an_order(order, client, who, status):
    login(client, who)
    assert client.get(f"/ratings/orders/{order.number}/").status_code == status


def test_an_applicant_is_refused_the_list_and_the_anonymous_sent_to_sign_in(order, client):
    response = client.get("/ratings/orders/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    login(client, "citizen")
    assert client.get("/ratings/orders/").status_code == 403


def test_the_page_shows_the_rating_and_the_visit_with_the_rater_masked(order, client):
    login(client, "centre_head")
    html = page(client, order)
    assert "不满意" in html and "窗口人员态度生硬" in html
    assert 'data-testid="rater-name">张**<' in html
    assert MASKED_PHONE in html and RATER_PHONE not in html
    assert 'data-testid="ticket">A001' in html
    assert "3 号窗口" in html and "黄晓敏" in html
    assert 'data-testid="step-verify"' in html and 'data-testid="step-appeal"' in html
    assert "服务态度" in html  # the indicators by name


def test_only_the_head_sees_the_phone_in_full_and_only_on_the_call_back_step(order, client):
    head = User.objects.get(username="centre_head")
    wo.verify(order.pk, head, truthful=True, findings="属实")
    wo.rectify(order.pk, head, resolution="fixed_now", rectification="致歉")
    login(client, "centre_head")
    html = page(client, order)
    assert f'<a href="tel:{RATER_PHONE}">{RATER_PHONE}</a>' in html
    assert 'data-testid="step-callback"' in html
    for who in ("clerk", "supervisor"):
        login(client, who)
        html = page(client, order)
        assert RATER_PHONE not in html and MASKED_PHONE in html
        assert 'data-testid="step-callback"' not in html
    wo.call_back(order.pk, head, outcome="satisfied", note="满意")
    login(client, "centre_head")
    html = page(client, order)
    assert RATER_PHONE not in html and MASKED_PHONE in html  # the call-back is over


@pytest.mark.parametrize(
    ("who", "forms"),
    [
        ("centre_head", {"step-verify", "step-appeal"}),
        ("clerk", {"step-verify", "step-appeal"}),
        ("supervisor", set()),
    ],
)
def test_the_forms_shown_are_those_of_the_next_step_for_who_may_take_it(order, client, who, forms):
    login(client, who)
    html = page(client, order)
    shown = {
        f for f in ("step-verify", "step-rectify", "step-callback", "step-appeal", "step-decide") if f in html
    }
    assert shown == forms
    assert ('data-testid="read-only"' in html) is (not forms)


def test_a_missing_field_is_shown_at_the_field_and_nothing_is_stored(order, client):
    login(client, "centre_head")
    events = AuditEvent.objects.count()
    response = client.post(f"/ratings/orders/{order.number}/verify/", {"truthful": "yes", "findings": " "})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="field-error"' in html and "请填写这一项。" in html
    assert 'data-testid="error-summary"' in html
    order.refresh_from_db()
    assert (order.status, AuditEvent.objects.count()) == ("verifying", events)


def test_a_date_past_the_due_date_is_refused_at_its_field(order, client):
    wo.verify(order.pk, User.objects.get(username="centre_head"), truthful=True, findings="属实")
    login(client, "clerk")
    with time_machine.travel(MONDAY, tick=False):
        response = client.post(
            f"/ratings/orders/{order.number}/rectify/",
            {"resolution": "measures", "measures": "整改", "owner": "黄晓敏", "rectify_by": "2026-04-30"},
        )
    assert response.status_code == 400
    assert "整改时限不能晚于工单办结期限 2026-03-23。" in response.content.decode()
    order.refresh_from_db()
    assert (order.status, order.resolution) == ("rectifying", "")


def test_a_step_sent_twice_says_it_was_done_and_stores_it_once(order, client):
    login(client, "centre_head")
    data = {"truthful": "yes", "findings": "属实"}
    first = client.post(f"/ratings/orders/{order.number}/verify/", data)
    assert first.status_code == 302
    again = client.post(f"/ratings/orders/{order.number}/verify/", data)
    assert again.status_code == 409
    assert "工单当前状态为“整改中”，不能办理这一步。" in again.content.decode()
    assert AuditEvent.objects.filter(action="work_order.verified").count() == 1


def test_the_whole_path_through_the_pages_and_the_timeline(order, client):
    login(client, "centre_head")
    url = f"/ratings/orders/{order.number}"
    assert (
        client.post(f"{url}/verify/", {"truthful": "yes", "findings": "调取录像，情况属实"}).status_code
        == 302
    )
    assert (
        client.post(f"{url}/rectify/", {"resolution": "fixed_now", "rectification": "当场致歉"}).status_code
        == 302
    )
    assert client.post(f"{url}/callback/", {"outcome": "satisfied", "note": "表示满意"}).status_code == 302
    html = page(client, order)
    assert 'data-testid="order-status">已办结<' in html
    for step in ("收到差评，生成工单", "核实", "整改完成", "回访，办结"):
        assert step in html
    assert "当场致歉" in html and "表示满意" in html


def test_the_page_reads_in_english(order, client):
    login(client, "centre_head")
    response = client.get(f"/ratings/orders/{order.number}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200

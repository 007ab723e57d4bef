"""The window rating pad: its state follows the clerk's queue; it rates that visit once; a stale pad is refused."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from onego.cases import queue
from onego.cases.tests.queue_world import call
from onego.ratings.models import Rating, WorkOrder

pytestmark = pytest.mark.django_db
CST = timezone.get_fixed_timezone(480)
MORNING = dt.datetime(2026, 11, 24, 9, 0, tzinfo=CST)
JSON = {"HTTP_ACCEPT": "application/json"}


def state(client, q):
    return client.get(f"/ratings/pad/{q.windows[0].pad_key}/state/").json()


def rate(client, q, **data):
    return client.post(f"/ratings/pad/{q.windows[0].pad_key}/rate/", data, **JSON)


def test_the_pad_follows_the_queue_and_rates_the_visit_once(q, client):
    with time_machine.travel(MORNING, tick=True):
        assert state(client, q)["state"] == "idle"
        assert state(client, q)["clerk"] == "黄晓敏" and state(client, q)["window"] == 1
        queue.take_ticket(q.centre, name="张三")
        visit = call(q.clerk)
        assert state(client, q) | {"photo": ""} == {
            "state": "serving",
            "visit": None,
            "ticket": "A001",
            "window": 1,
            "centre": "测试政务服务中心",
            "clerk": "黄晓敏",
            "photo": "",
        }
        queue.finish_visit(q.clerk, visit.pk)
        asked = state(client, q)
        assert (asked["state"], asked["visit"]) == ("rate", visit.pk)

        no_reason = rate(client, q, visit=visit.pk, grade=2)
        assert no_reason.status_code == 400 and no_reason.json()["code"] == "reason_required"
        assert not Rating.objects.exists()

        ok = rate(
            client, q, visit=visit.pk, grade=2, reasons=["0", "1"], reason="叫号后等了很久", ind_attitude=2
        )
        assert ok.json() == {"ok": True, "grade": 2}
        rating = Rating.objects.get()
        assert (rating.channel, rating.visit_id, rating.staff_id, rating.window_id) == (
            "pad",
            visit.pk,
            q.clerk.pk,
            q.windows[0].pk,
        )
        assert rating.reason == "等候时间太长；态度不好；叫号后等了很久"
        assert WorkOrder.objects.filter(rating=rating).exists()
        assert state(client, q)["state"] == "idle"  # rated: back to idle

        twice = rate(client, q, visit=visit.pk, grade=5)
        assert twice.status_code == 409 and twice.json()["code"] == "already_rated"


def test_a_stale_pad_is_refused_when_the_next_ticket_was_called(q, client):
    with time_machine.travel(MORNING, tick=True):
        queue.take_ticket(q.centre)
        queue.take_ticket(q.centre)
        first = call(q.clerk)
        queue.finish_visit(q.clerk, first.pk)
        queue.call_next(q.clerk)  # the clerk called the next one before the first applicant rated

        stale = rate(client, q, visit=first.pk, grade=5)

    assert stale.status_code == 409 and stale.json()["code"] == "pad_stale"
    assert not Rating.objects.exists()


def test_the_pad_stops_asking_after_its_time(q, client):
    with time_machine.travel(MORNING, tick=False) as traveller:
        queue.take_ticket(q.centre)
        visit = call(q.clerk)
        queue.finish_visit(q.clerk, visit.pk)
        traveller.shift(dt.timedelta(minutes=11))
        assert state(client, q)["state"] == "idle"
        late = rate(client, q, visit=visit.pk, grade=5)
    assert late.status_code == 409 and late.json()["code"] == "pad_stale"


def test_a_wrong_key_is_404_and_a_window_without_a_clerk_is_closed(q, client):
    assert client.get("/ratings/pad/no-such-key-0123456789/").status_code == 404
    assert client.get("/ratings/pad//state/").status_code == 404
    assert client.get(f"/ratings/pad/{q.windows[1].pad_key}/state/").json()["state"] == "closed"


def test_the_pad_page_shows_the_clerk_window_and_a_placeholder_photo(q, client):
    page = client.get(f"/ratings/pad/{q.windows[0].pad_key}/").content.decode()
    assert 'data-testid="pad-clerk" data-bind="clerk">黄晓敏<' in page
    assert "ratings/person.svg" in page and 'id="pad-state"' in page
    assert "<script>" not in page  # CSP: the code is a static file, the state a json_script block

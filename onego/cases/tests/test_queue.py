"""The queue (叫号, onego.cases.queue): tickets, calling order, refusals, and the clerk's page."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from onego.accounts.models import Window
from onego.cases import queue
from onego.cases.models import Visit, VisitStatus
from onego.cases.tests import factories as f
from onego.cases.tests.queue_world import QueueWorld, call, queue_world
from onego.core.errors import ApiError
from onego.core.models import AuditEvent

pytestmark = pytest.mark.django_db
CST = timezone.get_fixed_timezone(480)
MORNING = dt.datetime(2026, 11, 24, 9, 0, tzinfo=CST)


@pytest.fixture
def q(w) -> QueueWorld:
    return queue_world(w)


def test_tickets_are_numbered_per_centre_per_day(q):
    with time_machine.travel(MORNING, tick=False):
        first = queue.take_ticket(q.centre, name="张三", phone="138 0000 1111")
        second = queue.take_ticket(q.centre)
        elsewhere = queue.take_ticket(q.other_centre)
    with time_machine.travel(MORNING + dt.timedelta(days=1), tick=False):
        next_day = queue.take_ticket(q.centre)

    assert (first.ticket, second.ticket, elsewhere.ticket, next_day.ticket) == (
        "A001",
        "A002",
        "A001",
        "A001",
    )
    assert (first.applicant_name, first.phone) == ("张三", "13800001111")


@pytest.mark.parametrize(
    ("name", "phone", "code"),
    [
        ("", "1380000111", "phone_invalid"),
        ("", "23800001111", "phone_invalid"),
        ("名" * 65, "", "name_too_long"),
    ],
)
def test_a_bad_ticket_is_refused_and_stores_nothing(q, name, phone, code):
    with pytest.raises(ApiError) as refused:
        queue.take_ticket(q.centre, name=name, phone=phone)

    assert refused.value.code == code
    assert Visit.objects.count() == 0


def test_call_next_takes_the_oldest_waiting_ticket_of_the_clerks_centre(q):
    with time_machine.travel(MORNING, tick=True):
        queue.take_ticket(q.other_centre)  # another centre's queue is not ours
        a1 = queue.take_ticket(q.centre)
        a2 = queue.take_ticket(q.centre)
        called = queue.call_next(q.clerk)
        assert called is not None and called.pk == a1.pk
        assert (called.status, called.window_id, called.clerk_id) == (
            VisitStatus.CALLED,
            q.windows[0].pk,
            q.clerk.pk,
        )
        assert queue.current_visit(q.clerk) == a1

        # refused while the called visit is not done
        with pytest.raises(ApiError) as refused:
            queue.call_next(q.clerk)
        assert refused.value.code == "visit_open"

        queue.finish_visit(q.clerk, a1.pk)
        assert call(q.clerk).pk == a2.pk
        queue.mark_no_show(q.clerk, a2.pk)
        assert queue.call_next(q.clerk) is None  # nobody waits

    a1.refresh_from_db()
    a2.refresh_from_db()
    assert (a1.status, a2.status) == (VisitStatus.DONE, VisitStatus.NO_SHOW)
    actions = list(AuditEvent.objects.filter(object_type="cases.visit").values_list("action", flat=True))
    assert actions.count("visit.called") == 2 and "visit.done" in actions and "visit.no_show" in actions


@pytest.mark.parametrize(
    ("who", "window", "code"),
    [
        ("clerk2", "foreign_window", "other_centre"),  # a window of another centre
        ("clerk2", "window1", "window_taken"),  # one someone else sits at
        ("head", "window2", "not_window_clerk"),  # not a window clerk
    ],
)
def test_open_window_refusals(q, who, window, code):
    target = q.foreign_window if window == "foreign_window" else q.windows[int(window[-1]) - 1]
    with pytest.raises(ApiError) as refused:
        queue.open_window(getattr(q, who), target)

    assert refused.value.code == code
    assert Window.objects.filter(clerk=getattr(q, who)).count() == 0


def test_a_clerk_moves_to_a_free_window_and_leaves_the_old_one(q):
    queue.open_window(q.clerk, q.windows[1])

    assert list(Window.objects.filter(clerk=q.clerk).values_list("number", flat=True)) == [2]
    queue.open_window(q.clerk2, q.windows[0])  # the old window is free again
    assert Window.objects.get(pk=q.windows[0].pk).clerk_id == q.clerk2.pk


def test_finish_and_no_show_only_for_the_clerks_own_called_visit(q):
    queue.take_ticket(q.centre)
    queue.open_window(q.clerk2, q.windows[1])
    visit = call(q.clerk)
    for who, action in ((q.clerk2, queue.finish_visit), (q.clerk2, queue.mark_no_show)):
        with pytest.raises(ApiError) as refused:
            action(who, visit.pk)
        assert refused.value.code == "not_found"
    queue.finish_visit(q.clerk, visit.pk)
    with pytest.raises(ApiError) as twice:
        queue.finish_visit(q.clerk, visit.pk)
    assert twice.value.code == "not_called"


def test_a_case_accepted_at_the_window_belongs_to_the_called_visit(q):
    w = q.w
    visit = queue.take_ticket(q.centre)
    queue.call_next(q.clerk)
    (case,) = f.submit_application(w, channel="window", clerk=q.clerk, item_code=w.simple.code)

    visit.refresh_from_db()
    assert case.visit_id == visit.pk and case.visits == 1
    assert visit.applicant_id == w.applicant.pk  # the anonymous ticket learns whose it is
    (online,) = f.submit_application(w, item_code=w.simple.code)
    assert online.visit_id is None and online.visits == 0


# --- the pages ----------------------------------------------------------------------------------------------


def test_the_clerk_calls_serves_and_finishes_on_the_page(q, client):
    queue.take_ticket(q.centre, name="王五")
    client.force_login(q.clerk)

    page = client.get("/cases/queue/").content.decode()
    assert 'data-testid="waiting-count">1<' in page
    client.post("/cases/queue/call/")
    page = client.get("/cases/queue/").content.decode()
    assert 'data-testid="called-ticket">A001<' in page and "王五" in page
    visit = Visit.objects.get()
    client.post("/cases/queue/done/", {"visit": visit.pk})
    visit.refresh_from_db()
    assert visit.status == VisitStatus.DONE


def test_a_clerk_without_a_centre_is_told_how_to_get_one(q, client):
    q.clerk2.service_centre = None
    q.clerk2.save(update_fields=["service_centre"])
    client.force_login(q.clerk2)

    page = client.get("/cases/queue/").content.decode()
    assert 'data-testid="no-centre"' in page


def test_the_pad_key_is_made_on_the_queue_page_and_shown_with_its_address(q, client, settings):
    """The pad's address is the one the clerk reached the server by (the tablet stands beside them), not the
    public address printed on receipts."""
    settings.ONEGO_PUBLIC_BASE_URL = "https://onego.example.gov.cn"
    settings.ALLOWED_HOSTS = ["testserver", "hall.example.lan"]
    client.force_login(q.clerk)
    old = q.windows[0].pad_key
    client.post("/cases/queue/pad-key/")
    key = Window.objects.get(pk=q.windows[0].pk).pad_key

    assert key and key != old
    page = client.get("/cases/queue/", HTTP_HOST="hall.example.lan:8000").content.decode()
    assert f"http://hall.example.lan:8000/ratings/pad/{key}/" in page
    assert "onego.example.gov.cn" not in page


def test_other_staff_may_not_open_the_queue(q, client):
    client.force_login(q.head)
    assert client.get("/cases/queue/").status_code == 403
    assert client.post("/cases/queue/call/").status_code == 403


def test_the_ticket_machine_prints_a_number_and_shows_phone_errors_at_the_field(q, client):
    page = client.get("/cases/ticket/tc/").content.decode()
    assert 'data-testid="kiosk-note"' in page
    bad = client.post("/cases/ticket/tc/", {"name": "", "phone": "12345"})
    assert bad.status_code == 400 and 'data-testid="error-phone"' in bad.content.decode()
    assert Visit.objects.count() == 0
    good = client.post("/cases/ticket/tc/", {"name": "李四", "phone": "13900001111"}).content.decode()
    assert 'data-testid="ticket-number">A001<' in good
    assert client.get("/cases/ticket/nowhere/").status_code == 404

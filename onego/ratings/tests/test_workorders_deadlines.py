"""Work-order deadlines: 15 working days across the 2026 Mid-Autumn and National Day holidays, the colours on
given days (frozen time) and the escalation messages, sent once per colour change."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from onego.accounts.models import User
from onego.cases.models import Colour
from onego.core.models import AuditEvent, OutboxMessage
from onego.ratings import workorders as wo
from onego.ratings.models import WorkOrder
from onego.ratings.tests.workorders_world import bad_rating, staff

pytestmark = pytest.mark.django_db
__all__ = ["staff"]  # the fixture, imported

CST = timezone.get_fixed_timezone(480)


def at(day: str, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour, 0), tzinfo=CST)


@pytest.mark.parametrize(
    ("rated", "due"),
    [
        # Mon 09-28: 09-29, 09-30, then the National Day week (10-01 – 10-07) is skipped, 10-08, 10-09, the
        # make-up Saturday 10-10 counts, … the 15th working day is Fri 10-23 (10-19 on weekends only).
        ("2026-09-28", "2026-10-23"),
        # Tue 09-15, before Mid-Autumn (Fri 09-25) and National Day: Mon 10-12
        ("2026-09-15", "2026-10-12"),
        # Mon 03-02, an ordinary month: three weeks later
        ("2026-03-02", "2026-03-23"),
    ],
)
def test_an_order_is_due_15_working_days_after_the_rating_skipping_holidays(staff, rated, due):
    with time_machine.travel(at(rated), tick=False):
        order = bad_rating()
    assert order.due_on == dt.date.fromisoformat(due)


def test_the_number_of_working_days_is_configurable(staff, settings):
    settings.ONEGO_RATINGS = {"rectify_workdays": 5}
    with time_machine.travel(at("2026-09-28"), tick=False):
        order = bad_rating()
    # 09-29, 09-30, (National Day), 10-08, 10-09 and the make-up Saturday 10-10
    assert order.due_on == dt.date(2026, 10, 10)


# (rated, moment, colour): yellow once at most 3 working days (6 half days, the cases' 20 % share of 15 working
# days) are left up to the end of the due day; red from the day after it.
COLOURS = [
    # due Fri 10-23
    ("2026-09-28", at("2026-10-05"), Colour.GREEN),  # inside the holiday week
    ("2026-09-28", at("2026-10-20", 15), Colour.GREEN),  # 3 days and an afternoon left
    ("2026-09-28", at("2026-10-21", 0), Colour.YELLOW),  # Wed, Thu, Fri left
    ("2026-09-28", at("2026-10-23", 17), Colour.YELLOW),  # the due day itself
    ("2026-09-28", at("2026-10-24", 9), Colour.RED),
    # due Mon 10-12: the make-up Saturday 10-10 is one of its last three working days
    ("2026-09-15", at("2026-10-04"), Colour.GREEN),  # a holiday: 10-08, 10-09, 10-10, 10-12 left
    ("2026-09-15", at("2026-10-08", 15), Colour.GREEN),
    ("2026-09-15", at("2026-10-09", 9), Colour.YELLOW),
    ("2026-09-15", at("2026-10-11", 12), Colour.YELLOW),  # a Sunday
    ("2026-09-15", at("2026-10-13", 0), Colour.RED),
]


@pytest.mark.parametrize(
    ("rated", "moment", "colour"), COLOURS, ids=[f"{c[0]}@{c[1]:%m-%d %H}" for c in COLOURS]
)
def test_the_colour_of_an_open_order_on_given_days(staff, rated, moment, colour):
    with time_machine.travel(at(rated), tick=False):
        order = bad_rating()
    with time_machine.travel(moment, tick=False):
        wo.refresh_work_orders()
    order.refresh_from_db()
    assert order.colour == colour


def _warnings(order: WorkOrder) -> list[tuple[str, str]]:
    return sorted(
        OutboxMessage.objects.filter(dedupe_key__startswith=f"workorder:{order.pk}:")
        .exclude(dedupe_key__contains=":opened:")
        .values_list("recipient__username", "subject")
    )


def test_escalation_tells_the_heads_when_yellow_and_heads_and_supervisors_when_red_once_each(staff):
    with time_machine.travel(at("2026-09-28"), tick=False):
        order = bad_rating()
        closed = bad_rating(ticket="A099")
        head = User.objects.get(username="centre_head")
        wo.verify(closed.pk, head, truthful=True, findings="情况属实")
        wo.rectify(closed.pk, head, resolution="fixed_now", rectification="当场致歉")
        wo.call_back(closed.pk, head, outcome="satisfied", note="满意")
    with time_machine.travel(at("2026-10-21"), tick=False):
        first = wo.refresh_work_orders()
        again = wo.refresh_work_orders()
    assert (first.yellow, first.notified, again.yellow, again.notified) == (1, 1, 0, 0)
    assert _warnings(order) == [("centre_head", f"差评工单即将到期：{order.number}")]
    with time_machine.travel(at("2026-10-26"), tick=False):
        red = wo.refresh_work_orders()
        again = wo.refresh_work_orders()
    assert (red.red, red.notified, again.red, again.notified) == (1, 2, 0, 0)
    assert _warnings(order) == [
        ("centre_head", f"差评工单即将到期：{order.number}"),
        ("centre_head", f"差评工单超期：{order.number}"),
        ("supervisor", f"差评工单超期：{order.number}"),
    ]
    order.refresh_from_db()
    closed.refresh_from_db()
    assert order.escalated_at is not None
    assert (closed.colour, closed.escalated_at, _warnings(closed)) == (Colour.GREEN, None, [])
    changes = AuditEvent.objects.filter(action="work_order.colour_changed", object_id=str(order.pk))
    assert [e.data["after"] for e in changes.order_by("id")] == ["yellow", "red"]


def test_the_beat_task_runs_the_refresh(staff):
    from onego.ratings.tasks import refresh_work_orders

    with time_machine.travel(at("2026-09-28"), tick=False):
        order = bad_rating()
    with time_machine.travel(at("2026-10-26"), tick=False):
        assert refresh_work_orders.apply().get() == {"yellow": 0, "red": 1, "green": 0, "notified": 2}
    order.refresh_from_db()
    assert order.colour == Colour.RED

"""The queue's rows of the staff-write matrix (onego/portal/tests/matrix.py): only window clerks call, finish,
mark no-show, open or leave a window and change the pad key; every other role is refused and stores nothing."""

from __future__ import annotations

from typing import Any

from onego.accounts.models import ServiceCentre, User, Window
from onego.cases import queue
from onego.cases.models import Visit
from onego.portal.tests.matrix import Write

CLERKS = frozenset({"clerk"})


def _waiting() -> dict[str, Any]:
    """The demo clerk at window 3 of the district centre, one ticket waiting."""
    centre = ServiceCentre.objects.get(code="district")
    visit = queue.take_ticket(centre, name="测试办事人")
    return {"centre": centre, "visit": visit, "free": Window.objects.get(centre=centre, number=4)}


def _called() -> dict[str, Any]:
    world = _waiting()
    world["visit"] = queue.call_next(User.objects.get(username="clerk"))
    return world


def _visits(w: dict[str, Any]) -> Any:
    return list(Visit.objects.values_list("pk", "status", "clerk_id").order_by("pk"))


def _windows(w: dict[str, Any]) -> Any:
    return list(Window.objects.values_list("pk", "clerk_id", "pad_key").order_by("pk"))


WRITES = {
    "cases:queue_open": Write(
        "queue_waiting", CLERKS, lambda w: ("/cases/queue/open/", {"window": w["free"].pk}), _windows
    ),
    "cases:queue_leave": Write("queue_waiting", CLERKS, lambda w: ("/cases/queue/leave/", {}), _windows),
    "cases:queue_call": Write("queue_waiting", CLERKS, lambda w: ("/cases/queue/call/", {}), _visits),
    "cases:queue_done": Write(
        "queue_called", CLERKS, lambda w: ("/cases/queue/done/", {"visit": w["visit"].pk}), _visits
    ),
    "cases:queue_no_show": Write(
        "queue_called", CLERKS, lambda w: ("/cases/queue/no-show/", {"visit": w["visit"].pk}), _visits
    ),
    "cases:queue_pad_key": Write("queue_waiting", CLERKS, lambda w: ("/cases/queue/pad-key/", {}), _windows),
}
NOT_STAFF_WRITES = {
    "cases:queue": "reads only (GET)",
    "cases:take_ticket": "public: anyone may use it (the hall's ticket machine; tests in cases/tests/test_queue.py)",
}
WORLDS = {"queue_waiting": _waiting, "queue_called": _called}

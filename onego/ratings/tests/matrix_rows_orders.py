"""Rows of the staff-write matrix (onego/portal/tests/test_staff_write_matrix.py) for the bad-review work
orders: each step's POST route, in a world where a bad rating of a visit served by the demo `clerk` at the
district centre has opened an order at that step. The responsible department (区政数局) head `centre_head` and
the assignee `clerk` handle it; only `centre_head` calls back; only `supervisor` decides an appeal."""

from __future__ import annotations

from typing import Any

from onego.accounts.models import User
from onego.portal.tests.matrix import Write
from onego.ratings import workorders as wo
from onego.ratings.models import WorkOrder
from onego.ratings.tests.workorders_world import bad_rating


def _order_at(step: str) -> WorkOrder:
    order = bad_rating()
    head = User.objects.get(username="centre_head")
    if step in ("rectifying", "measures", "callback"):
        wo.verify(order.pk, head, truthful=True, findings="调取录像，情况属实")
    if step == "measures":
        wo.rectify(
            order.pk,
            head,
            resolution="measures",
            measures="重新制作材料清单",
            owner="黄晓敏",
            rectify_by=order.due_on,
        )
    if step == "callback":
        wo.rectify(order.pk, head, resolution="fixed_now", rectification="当场致歉并补办")
    if step == "appealed":
        wo.appeal(order.pk, User.objects.get(username="clerk"), reason="评价人当天未到本窗口")
    order.refresh_from_db()
    return order


def _state(order: WorkOrder) -> Any:
    return (
        WorkOrder.objects.filter(pk=order.pk)
        .values_list(
            "status", "resolution", "verified", "callback_outcome", "appeal_decision", "appeal_reason"
        )
        .get()
    )


def _url(order: WorkOrder, step: str) -> str:
    return f"/ratings/orders/{order.number}/{step}/"


HANDLERS = frozenset({"centre_head", "clerk"})

WRITES: dict[str, Write] = {
    "ratings:work_order_verify": Write(
        "order_verifying",
        HANDLERS,
        lambda o: (_url(o, "verify"), {"truthful": "yes", "findings": "调取录像，情况属实"}),
        _state,
    ),
    "ratings:work_order_rectify": Write(
        "order_rectifying",
        HANDLERS,
        lambda o: (_url(o, "rectify"), {"resolution": "fixed_now", "rectification": "当场致歉并补办"}),
        _state,
    ),
    "ratings:work_order_rectified": Write(
        "order_measures",
        HANDLERS,
        lambda o: (_url(o, "rectified"), {"rectification": "材料清单已上墙"}),
        _state,
    ),
    "ratings:work_order_callback": Write(
        "order_callback",
        frozenset({"centre_head"}),
        lambda o: (_url(o, "callback"), {"outcome": "satisfied", "note": "电话回访，表示满意"}),
        _state,
    ),
    "ratings:work_order_appeal": Write(
        "order_verifying",
        HANDLERS,
        lambda o: (_url(o, "appeal"), {"reason": "评价人当天未到本窗口，属误评"}),
        _state,
    ),
    "ratings:work_order_decide": Write(
        "order_appealed",
        frozenset({"supervisor"}),
        lambda o: (_url(o, "appeal/decide"), {"decision": "upheld", "opinion": "经核查录像，属误评"}),
        _state,
    ),
}

NOT_STAFF_WRITES: dict[str, str] = dict.fromkeys(
    ["ratings:work_orders", "ratings:work_order"], "reads only (GET)"
)

WORLDS = {
    "order_verifying": lambda: _order_at("verifying"),
    "order_rectifying": lambda: _order_at("rectifying"),
    "order_measures": lambda: _order_at("measures"),
    "order_callback": lambda: _order_at("callback"),
    "order_appealed": lambda: _order_at("appealed"),
}

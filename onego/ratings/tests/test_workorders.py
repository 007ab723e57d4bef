"""Bad-review work orders: the lifecycle's paths, refusals and who may act (onego/ratings/workorders.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from onego.accounts.models import User
from onego.core.errors import ApiError
from onego.core.models import AuditEvent, OutboxMessage
from onego.ratings import workorders as wo
from onego.ratings.models import Resolution, WorkOrder, WorkOrderStatus
from onego.ratings.tests.workorders_world import bad_rating, staff

pytestmark = pytest.mark.django_db
__all__ = ["staff"]  # the fixture, imported

CST = timezone.get_fixed_timezone(480)
# Monday 2026-03-02 10:00, a working week with no holiday near it
MONDAY = dt.datetime(2026, 3, 2, 10, 0, tzinfo=CST)


def user(name: str) -> User:
    return User.objects.get(username=name)


@pytest.fixture
def order(staff) -> Any:
    with time_machine.travel(MONDAY, tick=False):
        yield bad_rating()


def state(order: WorkOrder) -> tuple[Any, ...]:
    order.refresh_from_db()
    return (order.status, order.resolution, order.callback_outcome, order.appeal_decision, order.reopened)


# --- opening --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("grade", "opens"), [(1, True), (2, True), (3, False), (4, False), (5, False)])
def test_grades_one_and_two_open_a_work_order_to_the_rated_clerk_and_others_do_not(staff, grade, opens):
    with time_machine.travel(MONDAY, tick=False):
        if opens:
            order = bad_rating(grade=grade)
            assert order.assignee is not None
            assert (order.assignee.username, order.department.short_name) == ("clerk", "区政数局")
            assert order.status == WorkOrderStatus.VERIFYING
            assert order.number == f"CP20260302{order.rating_id:06d}"
        else:
            with pytest.raises(AssertionError):
                bad_rating(grade=grade)
            assert WorkOrder.objects.count() == 0


def test_opening_tells_the_assignee_and_the_department_heads_once(order):
    recipients = set(
        OutboxMessage.objects.filter(dedupe_key__startswith=f"workorder:{order.pk}:opened:").values_list(
            "recipient__username", flat=True
        )
    )
    assert recipients == {"clerk", "centre_head"}
    assert wo.open_work_order(order.rating) is None  # a second call opens nothing
    assert WorkOrder.objects.count() == 1


# --- the paths ------------------------------------------------------------------------------------------------


def _verify(o: WorkOrder, who: str = "centre_head", truthful: bool = True) -> WorkOrder:
    return wo.verify(o.pk, user(who), truthful=truthful, findings="调取窗口录像，情况属实")


PATHS: list[tuple[str, list[tuple[str, str, dict[str, Any]]], tuple[Any, ...]]] = [
    (
        "立行立改, then a satisfied call-back",
        [
            ("verify", "centre_head", {"truthful": True, "findings": "调取录像，情况属实"}),
            ("rectify", "centre_head", {"resolution": "fixed_now", "rectification": "当场致歉并补办"}),
            ("call_back", "centre_head", {"outcome": "satisfied", "note": "电话回访，评价人表示满意"}),
        ],
        ("closed", "fixed_now", "satisfied", "", 0),
    ),
    (
        "限期整改 by the assignee, then done, then a basic call-back",
        [
            ("verify", "clerk", {"truthful": True, "findings": "情况属实"}),
            (
                "rectify",
                "clerk",
                {
                    "resolution": "measures",
                    "measures": "重新制作材料清单",
                    "owner": "黄晓敏",
                    "rectify_by": dt.date(2026, 3, 10),
                },
            ),
            ("mark_rectified", "clerk", {"rectification": "材料清单已上墙"}),
            ("call_back", "centre_head", {"outcome": "basic", "note": "基本满意"}),
        ],
        ("closed", "measures", "basic", "", 0),
    ),
    (
        "无法律依据, the rater unreachable",
        [
            ("verify", "centre_head", {"truthful": False, "findings": "申请事项不属于本中心"}),
            ("rectify", "centre_head", {"resolution": "no_legal_basis", "explanation": "依法不能代收"}),
            ("call_back", "centre_head", {"outcome": "unreachable", "note": "三次未接通"}),
        ],
        ("closed", "no_legal_basis", "unreachable", "", 0),
    ),
    (
        "an unsatisfied call-back reopens once; the second closes",
        [
            ("verify", "centre_head", {"truthful": True, "findings": "情况属实"}),
            ("rectify", "centre_head", {"resolution": "fixed_now", "rectification": "致歉"}),
            ("call_back", "centre_head", {"outcome": "unsatisfied", "note": "仍不满意"}),
            ("rectify", "clerk", {"resolution": "fixed_now", "rectification": "上门补办"}),
            ("call_back", "centre_head", {"outcome": "unsatisfied", "note": "仍不满意"}),
        ],
        ("closed", "fixed_now", "unsatisfied", "", 1),
    ),
    (
        "an appeal upheld closes as 申诉成立",
        [
            ("appeal", "clerk", {"reason": "评价人当天未到本窗口，属误评"}),
            ("decide_appeal", "supervisor", {"decision": "upheld", "opinion": "经核查录像，属误评"}),
        ],
        ("closed", "appeal_upheld", "", "upheld", 0),
    ),
    (
        "an appeal rejected goes back to where it was",
        [
            ("verify", "centre_head", {"truthful": True, "findings": "情况属实"}),
            ("appeal", "centre_head", {"reason": "评价内容与事实不符"}),
            ("decide_appeal", "supervisor", {"decision": "rejected", "opinion": "录像显示情况属实"}),
        ],
        ("rectifying", "", "", "rejected", 0),
    ),
]


@pytest.mark.parametrize(("name", "steps", "end"), PATHS, ids=[p[0] for p in PATHS])
def test_each_path_of_the_lifecycle_ends_where_the_rules_say(order, name, steps, end):
    with time_machine.travel(MONDAY + dt.timedelta(hours=1), tick=False):
        for step, who, kwargs in steps:
            events = AuditEvent.objects.count()
            getattr(wo, step)(order.pk, user(who), **kwargs)
            assert AuditEvent.objects.count() == events + 1, f"{step}: one audit event per step"
    assert state(order) == end
    if end[0] == "closed":
        assert order.closed_on == dt.date(2026, 3, 2)


def test_the_reopened_order_keeps_the_first_call_back_in_the_audit_trail(order):
    _verify(order)
    wo.rectify(order.pk, user("centre_head"), resolution="fixed_now", rectification="致歉")
    wo.call_back(order.pk, user("centre_head"), outcome="unsatisfied", note="仍不满意")
    actions = list(
        AuditEvent.objects.filter(object_type="ratings.workorder", object_id=str(order.pk)).values_list(
            "action", flat=True
        )
    )
    assert actions == [
        "work_order.opened",
        "work_order.verified",
        "work_order.rectified",
        "work_order.reopened",
    ]
    order.refresh_from_db()
    assert (order.status, order.resolution, order.rectified_at) == ("rectifying", "", None)


# --- refusals -------------------------------------------------------------------------------------------------


def _to(order: WorkOrder, where: str) -> None:
    if where in ("rectifying", "measures", "callback", "closed", "appealed"):
        _verify(order)
    if where == "measures":
        wo.rectify(
            order.pk,
            user("centre_head"),
            resolution="measures",
            measures="整改",
            owner="黄晓敏",
            rectify_by=order.due_on,
        )
    if where in ("callback", "closed"):
        wo.rectify(order.pk, user("centre_head"), resolution="fixed_now", rectification="致歉")
    if where == "closed":
        wo.call_back(order.pk, user("centre_head"), outcome="satisfied", note="满意")
    if where == "appealed":
        wo.appeal(order.pk, user("clerk"), reason="误评")


REFUSALS: list[tuple[str, str, str, dict[str, Any], str, str]] = [
    # (state, step, who, arguments, code, field)
    (
        "verifying",
        "rectify",
        "centre_head",
        {"resolution": "fixed_now", "rectification": "致歉"},
        "wrong_step",
        "",
    ),
    ("verifying", "call_back", "centre_head", {"outcome": "satisfied", "note": "满意"}, "wrong_step", ""),
    ("verifying", "mark_rectified", "centre_head", {"rectification": "已整改"}, "wrong_step", ""),
    ("verifying", "decide_appeal", "supervisor", {"decision": "upheld", "opinion": "成立"}, "wrong_step", ""),
    ("rectifying", "verify", "centre_head", {"truthful": True, "findings": "属实"}, "wrong_step", ""),
    ("rectifying", "mark_rectified", "clerk", {"rectification": "已整改"}, "wrong_step", ""),
    ("measures", "rectify", "clerk", {"resolution": "fixed_now", "rectification": "致歉"}, "wrong_step", ""),
    (
        "callback",
        "rectify",
        "centre_head",
        {"resolution": "fixed_now", "rectification": "致歉"},
        "wrong_step",
        "",
    ),
    ("closed", "call_back", "centre_head", {"outcome": "satisfied", "note": "满意"}, "wrong_step", ""),
    ("closed", "appeal", "clerk", {"reason": "误评"}, "wrong_step", ""),
    ("appealed", "verify", "centre_head", {"truthful": True, "findings": "属实"}, "wrong_step", ""),
    # who
    ("verifying", "verify", "supervisor", {"truthful": True, "findings": "属实"}, "forbidden", ""),
    ("verifying", "verify", "head", {"truthful": True, "findings": "属实"}, "not_found", ""),
    ("verifying", "verify", "reviewer", {"truthful": True, "findings": "属实"}, "not_found", ""),
    ("verifying", "verify", "admin", {"truthful": True, "findings": "属实"}, "not_found", ""),
    ("verifying", "verify", "citizen", {"truthful": True, "findings": "属实"}, "not_found", ""),
    ("callback", "call_back", "clerk", {"outcome": "satisfied", "note": "满意"}, "forbidden", ""),
    ("callback", "call_back", "supervisor", {"outcome": "satisfied", "note": "满意"}, "forbidden", ""),
    (
        "rectifying",
        "rectify",
        "supervisor",
        {"resolution": "fixed_now", "rectification": "致歉"},
        "forbidden",
        "",
    ),
    ("verifying", "appeal", "supervisor", {"reason": "误评"}, "forbidden", ""),
    ("appealed", "decide_appeal", "centre_head", {"decision": "upheld", "opinion": "成立"}, "forbidden", ""),
    ("appealed", "decide_appeal", "clerk", {"decision": "upheld", "opinion": "成立"}, "forbidden", ""),
    # what
    ("verifying", "verify", "centre_head", {"truthful": True, "findings": " 属"}, "invalid", "findings"),
    (
        "rectifying",
        "rectify",
        "centre_head",
        {"resolution": "later", "rectification": "x"},
        "invalid",
        "resolution",
    ),
    (
        "rectifying",
        "rectify",
        "centre_head",
        {"resolution": "fixed_now", "rectification": ""},
        "invalid",
        "rectification",
    ),
    (
        "rectifying",
        "rectify",
        "centre_head",
        {"resolution": "measures", "measures": "整改", "owner": "黄晓敏", "rectify_by": dt.date(2026, 4, 30)},
        "invalid",
        "rectify_by",
    ),
    (
        "rectifying",
        "rectify",
        "centre_head",
        {"resolution": "measures", "measures": "整改", "owner": "黄晓敏", "rectify_by": dt.date(2026, 3, 1)},
        "invalid",
        "rectify_by",
    ),
    (
        "rectifying",
        "rectify",
        "centre_head",
        {"resolution": "measures", "measures": "整改", "owner": "", "rectify_by": dt.date(2026, 3, 5)},
        "invalid",
        "owner",
    ),
    (
        "rectifying",
        "rectify",
        "centre_head",
        {"resolution": "no_legal_basis", "explanation": ""},
        "invalid",
        "explanation",
    ),
    ("callback", "call_back", "centre_head", {"outcome": "maybe", "note": "满意"}, "invalid", "outcome"),
    ("callback", "call_back", "centre_head", {"outcome": "satisfied", "note": ""}, "invalid", "note"),
    ("verifying", "appeal", "clerk", {"reason": ""}, "invalid", "reason"),
    (
        "appealed",
        "decide_appeal",
        "supervisor",
        {"decision": "maybe", "opinion": "成立"},
        "invalid",
        "decision",
    ),
    ("appealed", "decide_appeal", "supervisor", {"decision": "upheld", "opinion": ""}, "invalid", "opinion"),
]


@pytest.mark.parametrize(
    ("where", "step", "who", "kwargs", "code", "field"),
    REFUSALS,
    ids=[f"{r[0]}-{r[1]}-{r[2]}-{r[4]}-{r[5]}" for r in REFUSALS],
)
def test_a_refused_step_says_why_and_stores_nothing(order, where, step, who, kwargs, code, field):
    with time_machine.travel(MONDAY + dt.timedelta(hours=1), tick=False):
        _to(order, where)
        before, events = state(order), AuditEvent.objects.count()
        fields = {f.name: getattr(order, f.attname) for f in WorkOrder._meta.concrete_fields}
        with pytest.raises(ApiError) as refused:
            getattr(wo, step)(order.pk, user(who), **kwargs)
    assert refused.value.code == code
    assert refused.value.extra.get("field", "") == field
    assert refused.value.message
    assert (state(order), AuditEvent.objects.count()) == (before, events)
    assert {f.name: getattr(order, f.attname) for f in WorkOrder._meta.concrete_fields} == fields


def test_a_second_appeal_is_refused_after_a_rejection(order):
    wo.appeal(order.pk, user("clerk"), reason="误评")
    wo.decide_appeal(order.pk, user("supervisor"), decision="rejected", opinion="情况属实")
    with pytest.raises(ApiError) as refused:
        wo.appeal(order.pk, user("centre_head"), reason="再次申诉")
    assert refused.value.code == "already_appealed"
    assert state(order)[0] == WorkOrderStatus.VERIFYING


def test_a_double_submit_of_the_same_step_stores_it_once(order):
    _verify(order)
    events = AuditEvent.objects.count()
    with pytest.raises(ApiError) as again:
        _verify(order)
    assert again.value.code == "wrong_step"
    assert AuditEvent.objects.count() == events
    assert AuditEvent.objects.filter(action="work_order.verified").count() == 1


def test_an_appeal_tells_every_supervisor_and_an_upheld_one_is_not_an_upheld_bad_review(order):
    wo.appeal(order.pk, user("clerk"), reason="误评")
    assert list(
        OutboxMessage.objects.filter(dedupe_key__startswith=f"workorder:{order.pk}:appeal:").values_list(
            "recipient__username", flat=True
        )
    ) == ["supervisor"]
    wo.decide_appeal(order.pk, user("supervisor"), decision="upheld", opinion="误评")
    order.refresh_from_db()
    assert order.resolution == Resolution.APPEAL_UPHELD
    assert not order.is_open


# --- who sees ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("centre_head", True),
        ("clerk", True),
        ("supervisor", True),
        ("head", False),
        ("reviewer", False),
        ("admin", False),
        ("agent", False),
        ("citizen", False),
    ],
)
def test_who_sees_an_order_and_its_list(order, who, sees):
    assert wo.may_see(user(who), order) is sees
    assert list(wo.visible_orders(user(who))) == ([order] if sees else [])


def test_the_demo_seed_opens_three_orders_one_red_and_adds_nothing_the_second_time(staff):
    from onego.demo.workorders_seed import seed_work_orders

    with time_machine.travel(MONDAY, tick=False):
        assert seed_work_orders() == 3
        assert seed_work_orders() == 0
    rows = sorted(WorkOrder.objects.values_list("status", "colour"))
    assert rows == [("rectifying", "green"), ("verifying", "green"), ("verifying", "red")]

"""The 好差评 aggregates and the figures read from them: counting, upserts, the rebuild, period and group filters,
the work-order rates, and the two functions other apps read (summary for the dashboard, staff_ratings for the
service stars)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from onego.accounts.models import Department, ServiceCentre, User, Window
from onego.catalog.models import ServiceItem
from onego.ratings import statistics
from onego.ratings.models import (
    AppealDecision,
    RatingChannel,
    RatingDay,
    RatingMonth,
    RatingStaffDay,
    Resolution,
    WorkOrder,
    WorkOrderStatus,
)
from onego.ratings.tests.figures_world import rate, without_demo_ratings

TZ = ZoneInfo("Asia/Shanghai")
D = date(2026, 4, 15)


@pytest.fixture
def world(demo):
    without_demo_ratings()
    zsj = Department.objects.get(short_name="区政数局")
    scjg = Department.objects.get(short_name="区市场监管局")
    district = ServiceCentre.objects.get(code="district")
    th = ServiceCentre.objects.get(code="th")
    clerk = User.objects.get(username="clerk")
    reviewer = User.objects.get(username="reviewer")
    w3 = Window.objects.get(centre=district, number=3)
    w5 = Window.objects.get(centre=district, number=5)
    items = list(ServiceItem.objects.order_by("id")[:2])
    return {
        "zsj": zsj,
        "scjg": scjg,
        "district": district,
        "th": th,
        "clerk": clerk,
        "reviewer": reviewer,
        "w3": w3,
        "w5": w5,
        "item": items[0],
        "item2": items[1],
    }


@pytest.mark.parametrize(
    ("grade", "satisfied", "bad"),
    [(5, 1, 0), (4, 1, 0), (3, 1, 0), (2, 0, 1), (1, 0, 1)],
)
def test_a_grade_counts_as_satisfied_or_bad(world, grade, satisfied, bad):
    """非常满意, 满意 and 基本满意 are satisfied (the standard's 满意率); 不满意 and 非常不满意 are bad reviews."""
    rate(grade, day=D, department=world["zsj"], centre=world["district"], staff=world["clerk"])
    s = statistics.summary(start=D, end=D)
    assert (s.ratings, s.satisfied, s.bad) == (1, satisfied, bad)
    assert s.satisfaction_rate == Decimal(satisfied)
    assert s.work_orders == bad  # every bad review opened an order
    row = RatingDay.objects.get()
    assert (row.count, row.grade_sum, getattr(row, f"grade_{grade}"), row.satisfied, row.bad) == (
        1,
        grade,
        1,
        satisfied,
        bad,
    )


def test_two_ratings_with_one_key_add_up_in_one_row(world):
    kw = {
        "day": D,
        "department": world["zsj"],
        "centre": world["district"],
        "window": world["w3"],
        "staff": world["clerk"],
        "item": world["item"],
    }
    rate(5, **kw)
    rate(2, **kw)
    day = RatingDay.objects.get()
    assert (day.count, day.grade_sum, day.grade_5, day.grade_2) == (2, 7, 1, 1)
    staff = RatingStaffDay.objects.get()
    assert (staff.staff_key, staff.count, staff.grade_sum) == (world["clerk"].pk, 2, 7)
    month = RatingMonth.objects.get()
    assert (month.month, month.window_key, month.item_key, month.count) == (
        date(2026, 4, 1),
        world["w3"].pk,
        world["item"].pk,
        2,
    )


def test_missing_keys_are_zero_and_still_upsert_into_one_row(world):
    """An online rating has no centre, window or staff: the key is 0, not NULL, so the second finds the row."""
    for grade in (4, 1):
        rate(grade, day=D, department=world["scjg"], centre=world["district"], channel=RatingChannel.ONLINE)
    month = RatingMonth.objects.get()
    assert (month.centre_key, month.window_key, month.staff_key, month.item_key, month.count) == (
        0,
        0,
        0,
        0,
        2,
    )
    assert RatingDay.objects.get().count == 2
    assert not RatingStaffDay.objects.exists()  # nobody to credit


def _table(model) -> list[tuple]:
    fields = [f.name for f in model._meta.fields if f.name != "id"]
    return sorted(tuple(row) for row in model.objects.values_list(*fields))


def test_rebuild_gives_the_same_rows_as_counting_one_by_one(world):
    specs = [
        (5, D, "zsj", "district", RatingChannel.PAD, "w3", "clerk", "item"),
        (4, D, "zsj", "district", RatingChannel.PAD, "w3", "clerk", "item2"),
        (2, D, "scjg", "district", RatingChannel.SMS, "w5", "reviewer", "item"),
        (3, date(2026, 5, 2), "scjg", "th", RatingChannel.DEFAULT, None, None, None),
        (1, date(2026, 6, 30), "scjg", "district", RatingChannel.ONLINE, None, "reviewer", "item2"),
        (5, date(2026, 6, 30), "scjg", "district", RatingChannel.ONLINE, None, "reviewer", "item2"),
    ]
    for grade, day, dept, centre, channel, window, staff, item in specs:
        rate(
            grade,
            day=day,
            department=world[dept],
            centre=world[centre],
            channel=channel,
            window=world[window] if window else None,
            staff=world[staff] if staff else None,
            item=world[item] if item else None,
        )
    incremental = {m: _table(m) for m in (RatingDay, RatingStaffDay, RatingMonth)}
    assert len(incremental[RatingMonth]) == 5
    written = statistics.rebuild(batch_size=2)
    assert written == {"ratingday": 4, "ratingstaffday": 3, "ratingmonth": 5}
    assert {m: _table(m) for m in incremental} == incremental


def test_rebuild_counts_ratings_the_aggregates_never_saw(world):
    rate(4, day=D, department=world["zsj"], centre=world["district"], staff=world["clerk"], count=False)
    assert statistics.summary(start=D, end=D).ratings == 0
    statistics.rebuild()
    assert statistics.summary(start=D, end=D).ratings == 1
    assert statistics.staff_ratings(start=D, end=D)[world["clerk"].pk].count == 1


def test_summary_keeps_to_the_period_the_centre_and_the_department(world):
    rate(5, day=date(2026, 3, 31), department=world["zsj"], centre=world["district"])  # Q1
    rate(4, day=date(2026, 4, 1), department=world["zsj"], centre=world["district"])
    rate(2, day=date(2026, 6, 30), department=world["scjg"], centre=world["district"])
    rate(3, day=date(2026, 6, 30), department=world["scjg"], centre=world["th"])
    rate(1, day=date(2026, 7, 1), department=world["zsj"], centre=world["th"])  # Q3
    q2 = statistics.quarter_bounds(2026, 2)
    assert q2 == (date(2026, 4, 1), date(2026, 6, 30))
    s = statistics.summary(start=q2[0], end=q2[1])
    assert (s.ratings, s.satisfied, s.bad, s.work_orders) == (3, 2, 1, 1)
    assert s.satisfaction_rate == Decimal("0.6667")
    assert s.mean_grade == Decimal("3.00")
    th = statistics.summary(start=q2[0], end=q2[1], centre_id=world["th"].pk)
    assert (th.ratings, th.bad) == (1, 0)
    scjg = statistics.summary(start=q2[0], end=q2[1], department_id=world["scjg"].pk)
    assert (scjg.ratings, scjg.bad, scjg.work_orders) == (2, 1, 1)
    both = statistics.summary(start=q2[0], end=q2[1], department_id=world["zsj"].pk, centre_id=world["th"].pk)
    assert both.ratings == 0 and both.satisfaction_rate is None and both.rectification_rate is None


def test_the_rectification_and_callback_rates_follow_the_work_orders(world):
    orders = [rate(2, day=D, department=world["zsj"], centre=world["district"]).work_order for _ in range(5)]
    at = datetime(2026, 4, 20, 9, tzinfo=TZ)
    # 0: still verifying; 1: rectified, waiting for the call-back; 2: called back and closed;
    # 3: explained (no legal basis) and closed without a call-back reached; 4: mistaken, appeal upheld.
    WorkOrder.objects.filter(pk=orders[1].pk).update(
        status=WorkOrderStatus.CALLBACK, resolution=Resolution.FIXED_NOW, rectified_at=at
    )
    WorkOrder.objects.filter(pk=orders[2].pk).update(
        status=WorkOrderStatus.CLOSED, resolution=Resolution.MEASURES, rectified_at=at, callback_at=at
    )
    WorkOrder.objects.filter(pk=orders[3].pk).update(
        status=WorkOrderStatus.CLOSED, resolution=Resolution.NO_LEGAL_BASIS
    )
    WorkOrder.objects.filter(pk=orders[4].pk).update(
        status=WorkOrderStatus.CLOSED, appeal_decision=AppealDecision.UPHELD
    )
    s = statistics.summary(start=D, end=D)
    assert (s.bad, s.work_orders, s.work_orders_open, s.rectified, s.called_back) == (5, 4, 2, 3, 1)
    assert s.rectification_rate == Decimal("0.7500")
    assert s.callback_rate == Decimal("0.2500")


def test_staff_ratings_sum_each_persons_days(world):
    clerk, reviewer = world["clerk"], world["reviewer"]
    for day, grade in [(date(2026, 4, 1), 5), (date(2026, 4, 2), 2), (date(2026, 4, 2), 4)]:
        rate(grade, day=day, department=world["zsj"], centre=world["district"], staff=clerk)
    rate(3, day=date(2026, 4, 3), department=world["scjg"], centre=world["district"], staff=reviewer)
    rate(5, day=date(2026, 7, 1), department=world["zsj"], centre=world["district"], staff=clerk)
    got = statistics.staff_ratings(start=date(2026, 4, 1), end=date(2026, 6, 30))
    assert set(got) == {clerk.pk, reviewer.pk}
    c = got[clerk.pk]
    assert (c.count, c.grade_sum, c.bad, c.satisfied, c.mean) == (3, 11, 1, 2, Decimal("3.67"))
    only = statistics.staff_ratings(start=date(2026, 4, 1), end=date(2026, 6, 30), staff_ids=[reviewer.pk])
    assert list(only) == [reviewer.pk] and only[reviewer.pk].grade_sum == 3
    assert statistics.staff_ratings(start=date(2026, 1, 1), end=date(2026, 3, 31)) == {}


def test_breakdown_by_each_dimension_with_its_work_orders(world):
    kw = {"department": world["zsj"], "centre": world["district"]}
    rate(5, day=D, window=world["w3"], staff=world["clerk"], item=world["item"], **kw)
    rate(1, day=D, window=world["w3"], staff=world["clerk"], item=world["item2"], **kw)
    rate(4, day=date(2026, 5, 6), window=world["w5"], staff=world["reviewer"], channel="sms", **kw)
    rate(2, day=date(2026, 7, 6), window=world["w5"], staff=world["reviewer"], **kw)  # next quarter
    everything = statistics.Scope(everything=True)
    start, end = statistics.quarter_bounds(2026, 2)
    total, by_window = statistics.breakdown(start=start, end=end, by="window", scope=everything)
    assert (total.ratings, total.bad, total.work_orders) == (3, 1, 1)
    assert {k: (c.ratings, c.bad, c.work_orders) for k, c in by_window.items()} == {
        world["w3"].pk: (2, 1, 1),
        world["w5"].pk: (1, 0, 0),
    }
    _, by_channel = statistics.breakdown(start=start, end=end, by="channel", scope=everything)
    assert {k: c.ratings for k, c in by_channel.items()} == {"pad": 2, "sms": 1}
    _, by_item = statistics.breakdown(start=start, end=end, by="item", scope=everything)
    assert {k: c.ratings for k, c in by_item.items()} == {world["item"].pk: 1, world["item2"].pk: 1, 0: 1}
    april = statistics.month_bounds(2026, 4)
    _, by_staff = statistics.breakdown(start=april[0], end=april[1], by="staff", scope=everything)
    assert {k: c.grade_sum for k, c in by_staff.items()} == {world["clerk"].pk: 6}
    scjg_only = statistics.Scope(department_ids=frozenset({world["scjg"].pk}))
    total, groups = statistics.breakdown(start=start, end=end, by="department", scope=scjg_only)
    assert total.ratings == 0 and groups == {}
    th_centre = statistics.Scope(centre_ids=frozenset({world["district"].pk}))
    total, _ = statistics.breakdown(start=start, end=end, by="department", scope=th_centre)
    assert total.ratings == 3


def test_rates_round_half_up_to_four_places():
    assert statistics.rate(2, 3) == Decimal("0.6667")
    assert statistics.rate(1, 8) == Decimal("0.1250")
    assert statistics.rate(0, 0) is None


def test_the_rebuild_command_reports_the_rows_it_wrote(world):
    from io import StringIO

    from django.core.management import CommandError, call_command

    rate(4, day=D, department=world["zsj"], centre=world["district"], staff=world["clerk"], count=False)
    out = StringIO()
    call_command("rebuild_rating_figures", stdout=out)
    assert "ratingday 1, ratingstaffday 1, ratingmonth 1 rows" in out.getvalue()
    assert RatingDay.objects.get().count == 1
    with pytest.raises(CommandError, match="positive"):
        call_command("rebuild_rating_figures", "--batch-size", "0")


def test_a_rating_rolled_back_leaves_no_count(world):
    """count_rating writes in the caller's transaction: a rating that does not commit is not counted."""
    from django.db import transaction

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        rate(5, day=D, department=world["zsj"], centre=world["district"], staff=world["clerk"])
        assert RatingDay.objects.get().count == 1
        raise Boom
    assert not RatingDay.objects.exists()
    assert not RatingStaffDay.objects.exists() and not RatingMonth.objects.exists()

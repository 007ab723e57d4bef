"""Ratings for the statistics tests, stored the way `services.record_rating` stores them (the rated visit's
clerk, window, centre and department copied on, a work order for a bad grade, the aggregates counted in the
same transaction), without the rating forms: the figures are what these tests are about."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.db import transaction

from onego.accounts.models import Department, ServiceCentre, User, Window
from onego.cases.models import Visit
from onego.catalog.models import ServiceItem
from onego.ratings import statistics, workorders
from onego.ratings.models import Rating, RatingChannel

TZ = ZoneInfo("Asia/Shanghai")
_tickets = itertools.count(1)


def rate(
    grade: int,
    *,
    day: date,
    department: Department,
    centre: ServiceCentre,
    channel: str = RatingChannel.PAD,
    window: Window | None = None,
    staff: User | None = None,
    item: ServiceItem | None = None,
    reason: str = "",
    rater_name: str = "",
    rater_phone: str = "",
    count: bool = True,
) -> Rating:
    """One stored rating of a new visit on `day` (at 10:00 in the district); `count=False` leaves the
    aggregates alone (to test the rebuild)."""
    at = datetime.combine(day, time(10, 0), tzinfo=TZ)
    with transaction.atomic():
        visit = Visit.objects.create(
            centre=centre,
            day=day,
            ticket=f"T{next(_tickets):05d}",
            status="done",
            taken_at=at,
            called_at=at,
            done_at=at,
            window=window,
            clerk=staff,
        )
        rating = Rating.objects.create(
            visit=visit,
            grade=grade,
            channel=channel,
            is_default=channel == RatingChannel.DEFAULT,
            reason=reason or ("办理太慢" if grade <= 2 else ""),
            rater_name=rater_name,
            rater_phone=rater_phone,
            staff=staff,
            window=window,
            centre=centre if channel != RatingChannel.ONLINE else None,
            department=department,
            item=item,
            rated_at=at,
            rated_on=day,
        )
        workorders.open_work_order(rating)
        if count:
            statistics.count_rating(rating)
    return rating


def without_demo_ratings() -> None:
    """Start the statistics tests from no rating at all: the demo seeds bad reviews of its own (with their work
    orders and counts), which would otherwise join every figure the tests compare."""
    from onego.ratings.models import Rating, RatingDay, RatingInvite, RatingMonth, RatingStaffDay, WorkOrder

    WorkOrder.objects.all().delete()
    RatingInvite.objects.all().delete()
    Rating.objects.all().delete()
    for table in (RatingDay, RatingStaffDay, RatingMonth):
        table.objects.all().delete()

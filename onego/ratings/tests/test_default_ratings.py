"""No rating within 7 days → 基本满意, recorded as the default (time frozen). Calendar days: holidays do not
extend the period."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from onego.cases import queue
from onego.cases.tests import factories as f
from onego.cases.tests.queue_world import call
from onego.ratings.models import Grade, Rating, RatingChannel
from onego.ratings.services import default_ratings, record_rating

pytestmark = pytest.mark.django_db
CST = timezone.get_fixed_timezone(480)
# 28 September 2026: the National Day / Mid-Autumn holiday (1–7 October) falls inside the 7 days.
CLOSED_AT = dt.datetime(2026, 9, 28, 16, 0, tzinfo=CST)


def closed_case(q):
    case = f.submit(q.w, "simple")
    return f.act(q.w, case, "clerk", "reject", note="材料不齐")


@pytest.mark.parametrize(
    ("days_later", "expected"),
    [(6, 0), (7, 1), (30, 1)],
)
def test_a_case_nobody_rated_is_recorded_basic_after_seven_calendar_days(q, days_later, expected):
    with time_machine.travel(CLOSED_AT, tick=False):
        case = closed_case(q)
    with time_machine.travel(CLOSED_AT + dt.timedelta(days=days_later), tick=False):
        recorded = default_ratings(timezone.localdate())
        again = default_ratings(timezone.localdate())

    assert (recorded, again) == (expected, 0)  # idempotent
    if expected:
        rating = Rating.objects.get(case=case)
        assert (rating.grade, rating.channel, rating.is_default) == (Grade.BASIC, RatingChannel.DEFAULT, True)
        assert rating.rated_on == (CLOSED_AT + dt.timedelta(days=days_later)).date()
    else:
        assert not Rating.objects.exists()


def test_a_case_rated_on_day_six_is_left_alone(q):
    with time_machine.travel(CLOSED_AT, tick=False):
        case = closed_case(q)
    with time_machine.travel(CLOSED_AT + dt.timedelta(days=6), tick=False):
        record_rating(grade=5, channel=RatingChannel.ONLINE, case=case, rater=q.w.applicant)
    with time_machine.travel(CLOSED_AT + dt.timedelta(days=8), tick=False):
        assert default_ratings(timezone.localdate()) == 0

    assert list(Rating.objects.values_list("grade", "is_default")) == [(5, False)]


def test_a_done_visit_nobody_rated_gets_the_default_and_the_period_is_configurable(q, settings):
    settings.ONEGO_RATINGS = {"default_after_days": 3, "default_grade": 4}
    with time_machine.travel(CLOSED_AT, tick=True):
        queue.take_ticket(q.centre)
        visit = call(q.clerk)
        queue.finish_visit(q.clerk, visit.pk)
        queue.take_ticket(q.centre)
        no_show = call(q.clerk)
        queue.mark_no_show(q.clerk, no_show.pk)
    with time_machine.travel(CLOSED_AT + dt.timedelta(days=2), tick=False):
        assert default_ratings() == 0
    with time_machine.travel(CLOSED_AT + dt.timedelta(days=3), tick=False):
        assert default_ratings() == 1

    rating = Rating.objects.get()
    assert (rating.visit_id, rating.grade, rating.is_default, rating.staff_id) == (
        visit.pk,
        4,
        True,
        q.clerk.pk,
    )

"""Warning colours relative to the promised limit (docs/domain.md "Time limits — warning colours").

Calendar facts used below (2026, chinesecalendar): 2026-03-02 is a Monday and March 2026 has no holiday;
2026-02-14 (Sat) is a 调休 working day; 2026-02-15 (Sun) to 2026-02-23 (Mon) is the Spring Festival holiday.
Defaults: yellow in the last 20 % of the promised limit in half working days rounded up, at least the final
half day, never the whole limit; the afternoon starts at 12:00 Asia/Shanghai.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from onego.cases import deadlines, services
from onego.cases.engine import allowed_actions
from onego.cases.models import Colour
from onego.cases.tests import factories as f
from onego.catalog import process as proc
from onego.catalog.models import ServiceItem
from onego.catalog.tests import factories as cf
from onego.core.calendar import add_workdays

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def calendar(db):
    from onego.core.calendar import load_from_chinesecalendar

    load_from_chinesecalendar()


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("limit", "share"), [(0, 0), (1, 1), (2, 1), (3, 2), (5, 2), (10, 4), (20, 8), (45, 18)]
)
def test_the_warning_share_is_the_last_fifth_of_the_limit_in_half_days_at_least_one_and_never_all(
    limit, share
):
    assert deadlines.warning_half_days(limit) == share


def test_the_warning_share_follows_the_settings_but_never_covers_the_whole_limit(settings):
    settings.ONEGO_WARNING_FRACTION = "1"
    assert deadlines.warning_half_days(5) == 9  # all ten halves would make it yellow on acceptance
    settings.ONEGO_WARNING_FRACTION = "0"
    settings.ONEGO_WARNING_MIN_HALF_DAYS = 4
    assert deadlines.warning_half_days(5) == 4
    assert deadlines.warning_half_days(1) == 1


# (promise in working days, accepted on, the moment, expected colour, the calendar fact behind it)
ROWS = [
    # 1 day, accepted Mon 2026-03-02 → due Tue 2026-03-03; yellow from 12:00 on Tuesday
    (1, "2026-03-02", "2026-03-02 10:00", Colour.GREEN, "accepted Monday: not yellow on acceptance"),
    (1, "2026-03-02", "2026-03-02 17:30", Colour.GREEN, "Monday evening: the whole of Tuesday is left"),
    (1, "2026-03-02", "2026-03-03 11:59", Colour.GREEN, "Tuesday morning: two half days left"),
    (1, "2026-03-02", "2026-03-03 12:00", Colour.YELLOW, "Tuesday noon: the final half day"),
    (1, "2026-03-02", "2026-03-03 23:00", Colour.YELLOW, "late on the deadline day: still on time"),
    (1, "2026-03-02", "2026-03-04 08:00", Colour.RED, "Wednesday: overdue"),
    # 5 days, accepted Mon 2026-03-02 → due Mon 2026-03-09; the last 2 half days (Monday) are yellow
    (5, "2026-03-02", "2026-03-06 16:00", Colour.GREEN, "Friday afternoon + Monday = 3 half days left"),
    (5, "2026-03-02", "2026-03-07 10:00", Colour.YELLOW, "Saturday: only Monday's working time is left"),
    (5, "2026-03-02", "2026-03-09 16:00", Colour.YELLOW, "the deadline day"),
    (5, "2026-03-02", "2026-03-10 09:00", Colour.RED, "the day after the deadline"),
    # 20 days, accepted Mon 2026-03-02 → due Mon 2026-03-30; the last 8 half days (25, 26, 27, 30) are yellow
    (20, "2026-03-02", "2026-03-24 16:00", Colour.GREEN, "9 half days left"),
    (20, "2026-03-02", "2026-03-25 09:00", Colour.YELLOW, "8 half days left: the last fifth"),
    (20, "2026-03-02", "2026-03-31 09:00", Colour.RED, "overdue"),
    # holidays in between
    # 1 day accepted Sat 2026-02-14 (调休 working day) → due Tue 2026-02-24, after the Spring Festival
    (1, "2026-02-14", "2026-02-19 10:00", Colour.GREEN, "a holiday: Tuesday is still wholly ahead"),
    (1, "2026-02-14", "2026-02-24 12:00", Colour.YELLOW, "noon of the first working day after the holiday"),
    # 5 days accepted Tue 2026-02-10 → 11, 12, 13, 14 (调休), 24 → due Tue 2026-02-24
    (
        5,
        "2026-02-10",
        "2026-02-14 15:00",
        Colour.GREEN,
        "the 调休 Saturday's afternoon + Tuesday = 3 half days",
    ),
    (5, "2026-02-10", "2026-02-18 10:00", Colour.YELLOW, "mid-holiday: one working day is left"),
]


@pytest.mark.parametrize(("limit", "accepted", "moment", "colour", "fact"), ROWS, ids=[r[4] for r in ROWS])
def test_the_colour_at_a_moment_follows_the_working_time_left(
    calendar, limit, accepted, moment, colour, fact
):
    deadline = add_workdays(date.fromisoformat(accepted), limit).deadline
    assert deadlines.colour_for(deadline, at(moment), limit_workdays=limit) == colour, fact


@pytest.mark.parametrize(
    ("limit", "accepted", "deadline", "starts"),
    [
        (1, "2026-03-02", "2026-03-03", "2026-03-03 12:00"),  # the final afternoon
        (
            5,
            "2026-03-02",
            "2026-03-09",
            "2026-03-07 00:00",
        ),  # after Friday's work ends: Monday is all that is left
        (20, "2026-03-02", "2026-03-30", "2026-03-25 00:00"),  # Wed 25, Thu 26, Fri 27, Mon 30
        (3, "2026-03-02", "2026-03-05", "2026-03-05 00:00"),  # 6 half days × 20 % = 1.2 → 2: the last day
        (
            5,
            "2026-02-10",
            "2026-02-24",
            "2026-02-15 00:00",
        ),  # after the 调休 Saturday, through the Spring Festival
    ],
)
def test_the_staff_page_can_say_when_yellow_starts_and_it_matches_the_colour(
    calendar, limit, accepted, deadline, starts
):
    due = add_workdays(date.fromisoformat(accepted), limit).deadline
    assert str(due) == deadline
    start = deadlines.warning_starts(due, limit)
    assert start == at(starts)
    assert deadlines.colour_for(due, start, limit_workdays=limit) == Colour.YELLOW
    assert deadlines.colour_for(due, start - timedelta(minutes=1), limit_workdays=limit) == Colour.GREEN


def test_a_paused_case_stays_green_even_past_its_deadline(calendar):
    due = date(2026, 3, 3)
    assert deadlines.colour_for(due, at("2026-03-03 15:00"), limit_workdays=1, paused=True) == Colour.GREEN
    assert deadlines.colour_for(due, at("2026-03-09 15:00"), limit_workdays=1, paused=True) == Colour.GREEN


def test_a_pause_that_ended_today_does_not_count_today_as_working_time(calendar):
    # due Thu 2026-03-05; a correction pause ran Mon 03-02 to Wed 03-04: the clock runs again from Thursday
    due = date(2026, 3, 5)
    pause = [(date(2026, 3, 2), date(2026, 3, 4))]
    assert deadlines.half_days_left(due, at("2026-03-04 09:00"), pause) == 2
    assert deadlines.half_days_left(due, at("2026-03-04 09:00")) == 4


@dataclass
class OneDayWorld(f.World):
    one_day: ServiceItem  # 测试一日办结: promised in one working day


@pytest.fixture
def one_day(calendar) -> OneDayWorld:
    w = f.world()
    one_day = cf.handling_item(
        dept=w.health,
        basic_code="000172008009",
        name="测试一日办结",
        statutory=20,
        promised=1,
        process=proc.simple_approval(promised_workdays=1),
        form=["entity_name", "premises_address"],
        materials=[{"key": "floor_plan", "name": "平面布局图"}],
    )
    return OneDayWorld(**vars(w), one_day=one_day)


def test_a_one_day_promise_turns_yellow_at_noon_on_its_deadline_day_when_the_beat_job_runs(one_day, client):
    w = one_day
    with time_machine.travel(at("2026-03-02 10:00"), tick=False):  # Monday
        (case,) = services.submit_application(
            applicant=w.applicant,
            item_code=w.one_day.code,
            form_data={"premises_address": "广州市白云区测试路 1 号"},
            uploads=[services.UploadedMaterial("floor_plan", f.PDF)],
            signature_png=f.PNG,
        )
        accept = next(a for a in allowed_actions(case, w.clerk) if a.key == "accept")
        case = services.act(case.number, actor=w.clerk, task_id=accept.task.pk, action="accept")
        assert str(case.promised_deadline) == "2026-03-03"
        assert case.colour == Colour.GREEN
    with time_machine.travel(at("2026-03-03 11:50"), tick=False):
        assert services.refresh_colours()["yellow"] == 0
    with time_machine.travel(at("2026-03-03 12:05"), tick=False):  # the beat job runs every 10 minutes
        assert services.refresh_colours()["yellow"] == 1
        case.refresh_from_db()
        assert case.colour == Colour.YELLOW
        client.force_login(w.health_reviewer)
        page = client.get(reverse("cases:case", args=[case.number])).content.decode()
    assert "黄色预警" in page
    assert 'data-testid="warning-starts">2026-03-03 12:00<' in page

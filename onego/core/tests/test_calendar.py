"""The working-day calendar (工作日历): deadlines and working-day counts (行政许可法 Art. 82).

The reference for every year chinesecalendar knows is `chinese_calendar.is_workday`, stepped day by day:
an implementation independent of ours (the table, the ordinal arithmetic and the cache).
No test here depends on "today", so none freezes time.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

import chinese_calendar
import pytest
from django.contrib.admin.sites import AdminSite
from django.test import RequestFactory

from onego.core import calendar
from onego.core.admin import AuditEventAdmin, CalendarDayAdmin, CalendarDayForm
from onego.core.calendar import (
    DeadlineResult,
    WorkdayCount,
    WorkingCalendar,
    add_workdays,
    count_workdays,
    is_workday,
    load_from_chinesecalendar,
)
from onego.core.models import AuditEvent, CalendarDay, CalendarDayKind, CalendarYear

D = date.fromisoformat


@pytest.fixture
def loaded(db: None) -> list[int]:
    return load_from_chinesecalendar()


def reference_deadlines(start: date, max_n: int, last_known: date) -> Iterator[tuple[int, date]]:
    """(n, deadline) for n = 0..max_n by chinese_calendar, stepping one day at a time; stops at last_known."""
    yield 0, start
    day = start
    for n in range(1, max_n + 1):
        day += timedelta(days=1)
        while day <= last_known and not chinese_calendar.is_workday(day):
            day += timedelta(days=1)
        if day > last_known:
            return
        yield n, day


def days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


# --- the exhaustive comparison the issue asks for ------------------------------------------------------------


def test_every_deadline_of_0_to_30_working_days_from_2024_to_2026_matches_chinesecalendar(
    loaded: list[int],
) -> None:
    # given every start date 2024-01-01..2026-12-31 and every N in 0..30
    compared = in_2026 = leaving_2026 = 0
    for start in days(D("2024-01-01"), D("2026-12-31")):
        expected = dict(reference_deadlines(start, 30, last_known=D("2026-12-31")))
        for n in range(31):
            # when the same function the API calls computes the deadline
            result = add_workdays(start, n)
            # then it is the reference's day, from a complete calendar
            if n in expected:
                assert result == DeadlineResult(expected[n], True, ()), (start, n)
                compared += 1
                in_2026 += expected[n].year == 2026
            else:
                # past 2026 chinesecalendar knows nothing, and neither do we: flagged, never silent
                assert result.deadline.year == 2027 and not result.calendar_complete, (start, n)
                assert result.missing_years == (2027,)
                leaving_2026 += 1
    assert compared == 1096 * 31 - leaving_2026
    assert in_2026 > 10_000 and leaving_2026 > 0


def test_every_count_of_working_days_up_to_60_days_ahead_in_2025_and_2026_matches_chinesecalendar(
    loaded: list[int],
) -> None:
    snapshot = calendar.get_calendar()  # the object add_workdays/count_workdays delegate to
    for start in days(D("2025-01-01"), D("2026-12-31")):
        expected = 0
        for end in days(start + timedelta(days=1), min(start + timedelta(days=60), D("2026-12-31"))):
            expected += chinese_calendar.is_workday(end)
            assert snapshot.count_workdays(start, end) == WorkdayCount(expected, True, ()), (start, end)


def test_is_workday_agrees_with_chinesecalendar_on_every_day_from_2004_to_2026(loaded: list[int]) -> None:
    snapshot = calendar.get_calendar()
    mismatches = [
        d
        for d in days(D("2004-01-01"), D("2026-12-31"))
        if snapshot.is_workday(d) != chinese_calendar.is_workday(d)
    ]
    assert mismatches == []
    assert loaded == list(range(2004, 2027))


# --- named calendar facts (2026, State Council notice 国办发明电〔2025〕) ---------------------------------------


@pytest.mark.parametrize(
    ("day", "works"),
    [
        (D("2026-01-01"), False),  # 元旦 New Year's Day, a Thursday
        (D("2026-01-04"), True),  # Sunday: 元旦调休 make-up working day
        (D("2026-02-14"), True),  # Saturday: 春节调休 make-up working day
        (D("2026-02-15"), False),  # 春节 Spring Festival holiday runs 02-15 (Sun) ..
        (D("2026-02-16"), False),
        (D("2026-02-20"), False),
        (D("2026-02-23"), False),  # .. to 02-23 (Mon)
        (D("2026-02-24"), True),  # first working day after the Spring Festival
        (D("2026-02-28"), True),  # Saturday: 春节调休 make-up working day
        (D("2026-05-09"), True),  # Saturday: 劳动节调休
        (D("2026-09-20"), True),  # Sunday: 国庆节调休
        (D("2026-09-25"), False),  # 中秋 Mid-autumn Festival, a Friday
        (D("2026-10-01"), False),  # 国庆节 National Day 10-01 .. 10-07
        (D("2026-10-07"), False),
        (D("2026-10-08"), True),
        (D("2026-10-10"), True),  # Saturday: 国庆节调休
        (D("2026-10-11"), False),  # an ordinary Sunday
    ],
)
def test_2026_calendar_facts(loaded: list[int], day: date, works: bool) -> None:
    assert is_workday(day) is works


@pytest.mark.parametrize(
    ("start", "n", "deadline"),
    [
        (D("2026-02-13"), 1, D("2026-02-14")),  # Fri → the 调休 Saturday 2026-02-14
        (D("2026-02-14"), 1, D("2026-02-24")),  # the whole Spring Festival 02-15..02-23 is skipped
        (D("2026-02-27"), 1, D("2026-02-28")),  # Fri → the 调休 Saturday 2026-02-28
        (D("2026-02-13"), 20, D("2026-03-19")),  # Art. 42's 20 working days across the Spring Festival
        (D("2025-12-31"), 1, D("2026-01-04")),  # 元旦 01-01..01-03, then the 调休 Sunday 2026-01-04
        (D("2026-09-24"), 1, D("2026-09-28")),  # 中秋 09-25 (Fri) .. 09-27
        (D("2026-09-30"), 1, D("2026-10-08")),  # 国庆节 10-01..10-07
        (D("2026-10-09"), 1, D("2026-10-10")),  # Fri → the 调休 Saturday 2026-10-10
        (D("2026-09-18"), 1, D("2026-09-20")),  # Fri → the 调休 Sunday 2026-09-20
    ],
)
def test_deadlines_across_the_2026_holidays_count_make_up_days_and_skip_holidays(
    loaded: list[int], start: date, n: int, deadline: date
) -> None:
    assert add_workdays(start, n) == DeadlineResult(deadline, True, ())


def test_deadline_skips_the_2026_spring_festival_and_counts_the_make_up_saturday(loaded: list[int]) -> None:
    # given an application accepted on Friday 2026-02-13 with a 5-working-day limit
    # when the deadline is computed
    result = add_workdays(D("2026-02-13"), 5)
    # then 02-14 (调休 Saturday) is day 1, 02-15..02-23 (春节) are skipped, 02-24..02-27 are days 2..5
    assert result.deadline == D("2026-02-27")


def test_working_days_counted_across_the_spring_festival_and_national_day(loaded: list[int]) -> None:
    # 02-14, 02-24, 02-25, 02-26, 02-27, 02-28: the two 调休 Saturdays count, the festival does not
    assert count_workdays(D("2026-02-13"), D("2026-02-28")).workdays == 6
    # 10-08, 10-09 and the 调休 Saturday 10-10
    assert count_workdays(D("2026-09-30"), D("2026-10-10")).workdays == 3


# --- counting rules ----------------------------------------------------------------------------------------


def test_zero_working_days_returns_the_start_itself_for_matters_done_on_the_spot(loaded: list[int]) -> None:
    # even when the start is a holiday: 即办 matters are done on the day
    assert add_workdays(D("2026-02-17"), 0) == DeadlineResult(D("2026-02-17"), True, ())


def test_counting_starts_the_working_day_after_the_triggering_event(loaded: list[int]) -> None:
    # accepted on Monday 2026-03-02: day 1 is Tuesday, not Monday itself
    assert add_workdays(D("2026-03-02"), 1).deadline == D("2026-03-03")
    # accepted on Saturday 2026-03-07: day 1 is Monday
    assert add_workdays(D("2026-03-07"), 1).deadline == D("2026-03-09")
    assert count_workdays(D("2026-03-02"), D("2026-03-02")).workdays == 0
    assert count_workdays(D("2026-03-02"), D("2026-03-03")).workdays == 1


def test_a_count_ending_before_it_starts_is_zero(loaded: list[int]) -> None:
    assert count_workdays(D("2026-03-10"), D("2026-03-02")) == WorkdayCount(0, True, ())


def test_working_days_inside_a_correction_pause_are_not_counted(loaded: list[int]) -> None:
    # given acceptance on Monday 2026-03-02, 5 working days, and a 补正 pause on 03-03..03-04
    pause = (D("2026-03-03"), D("2026-03-04"))
    # then 03-05, 03-06, 03-09, 03-10, 03-11 are the five days
    assert add_workdays(D("2026-03-02"), 5, [pause]).deadline == D("2026-03-11")
    assert add_workdays(D("2026-03-02"), 5).deadline == D("2026-03-09")
    assert count_workdays(D("2026-03-02"), D("2026-03-11"), [pause]).workdays == 5


def test_a_pause_over_a_holiday_removes_each_day_once_and_overlapping_pauses_merge(loaded: list[int]) -> None:
    # a special-procedure pause 02-14..02-24 covers the 调休 Saturday, the festival and the first day after
    assert add_workdays(D("2026-02-13"), 1, [(D("2026-02-14"), D("2026-02-24"))]).deadline == D("2026-02-25")
    overlapping = [(D("2026-03-03"), D("2026-03-05")), (D("2026-03-04"), D("2026-03-06"))]
    assert add_workdays(D("2026-03-02"), 1, overlapping).deadline == D("2026-03-09")
    assert count_workdays(D("2026-03-01"), D("2026-03-09"), overlapping).workdays == 2  # 03-02 and 03-09


def test_a_pause_before_the_start_changes_nothing(loaded: list[int]) -> None:
    assert add_workdays(D("2026-03-02"), 3, [(D("2026-02-01"), D("2026-03-02"))]).deadline == D("2026-03-05")


@pytest.mark.parametrize(
    "pauses",
    [(), ((2, 5),), ((0, 0), (10, 30)), ((1, 1), (3, 3), (5, 40))],
    ids=["no pause", "short pause", "pause on the start and a long one", "three pauses"],
)
def test_counting_the_working_days_up_to_a_deadline_gives_back_its_n(
    loaded: list[int], pauses: tuple
) -> None:
    # add_workdays steps day by day; count_workdays uses arithmetic over the table: two ways, one answer
    snapshot = calendar.get_calendar()
    for start in days(D("2025-12-01"), D("2026-03-31")):
        spans = [(start + timedelta(days=a), start + timedelta(days=b)) for a, b in pauses]
        for n in range(46):
            deadline = snapshot.add_workdays(start, n, spans).deadline
            assert snapshot.count_workdays(start, deadline, spans).workdays == n, (start, n)
            if n:
                # and the deadline is the first day to reach n
                assert snapshot.count_workdays(start, deadline - timedelta(days=1), spans).workdays == n - 1


def test_add_workdays_rejects_negative_too_large_and_non_integer_day_counts(loaded: list[int]) -> None:
    with pytest.raises(ValueError, match=r"^工作日数不能为负数：-1$"):
        add_workdays(D("2026-03-02"), -1)
    with pytest.raises(ValueError, match=r"^工作日数不能超过 3650"):
        add_workdays(D("2026-03-02"), 3651)
    with pytest.raises(TypeError, match="必须是整数"):
        add_workdays(D("2026-03-02"), 1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="必须是整数"):
        add_workdays(D("2026-03-02"), True)


def test_datetimes_and_reversed_pauses_are_refused_rather_than_guessed(loaded: list[int]) -> None:
    with pytest.raises(TypeError, match="必须是日期"):
        add_workdays(datetime(2026, 3, 2, 9, 30), 1)  # which time zone's date? the caller must say
    with pytest.raises(ValueError, match="早于开始日期"):
        add_workdays(D("2026-03-02"), 1, [(D("2026-03-05"), D("2026-03-03"))])
    with pytest.raises(ValueError, match="暂停区间应为"):
        count_workdays(D("2026-03-02"), D("2026-03-09"), [(D("2026-03-05"),)])  # type: ignore[list-item]


def test_the_longest_allowed_deadline_is_computed_with_a_handful_of_queries(
    loaded: list[int], django_assert_max_num_queries
) -> None:
    calendar.invalidate_cache()
    with django_assert_max_num_queries(3):  # version, years, days — never one per day
        result = add_workdays(D("2026-01-05"), calendar.MAX_WORKDAYS)
    assert result.deadline.year == 2040 and not result.calendar_complete
    assert result.missing_years == tuple(range(2027, 2041))
    with django_assert_max_num_queries(1):  # warm: only the version check
        add_workdays(D("2026-01-05"), 30)


def test_a_corrupt_table_of_holidays_raises_instead_of_looping() -> None:
    # every day of 2030 and 2031 marked as a holiday: no working day within the bound (n * 4 + 366 days)
    rest = [(D("2030-01-01") + timedelta(days=i), CalendarDayKind.HOLIDAY) for i in range(730)]
    snapshot = WorkingCalendar(rest, [2030, 2031])
    with pytest.raises(ValueError, match="找不到"):
        snapshot.add_workdays(D("2029-12-31"), 1)


# --- years without a loaded calendar -----------------------------------------------------------------------


def test_a_deadline_in_an_unloaded_year_uses_weekends_only_and_says_so(loaded: list[int]) -> None:
    # 2027 is not loaded: 2027-01-01 (Friday) counts, although it will surely be New Year's Day
    result = add_workdays(D("2026-12-31"), 1)
    assert result == DeadlineResult(D("2027-01-01"), False, (2027,))
    assert add_workdays(D("2026-12-31"), 2).deadline == D("2027-01-04")  # the weekend is skipped
    assert count_workdays(D("2026-12-30"), D("2027-01-05")) == WorkdayCount(4, False, (2027,))
    # a computation that stays inside 2026 is complete
    assert add_workdays(D("2026-12-28"), 3) == DeadlineResult(D("2026-12-31"), True, ())


def test_removing_the_2026_year_row_falls_back_to_weekends_only_and_flags_the_result(
    loaded: list[int],
) -> None:
    # given the 2026 holidays are in the table but the year is no longer marked loaded
    CalendarYear.objects.filter(year=2026).delete()
    assert CalendarDay.objects.filter(date__year=2026).exists()
    # then the 调休 Saturday no longer counts and the Spring Festival Monday does, and the result says so
    assert add_workdays(D("2026-02-13"), 1) == DeadlineResult(D("2026-02-16"), False, (2026,))
    assert is_workday(D("2026-02-14")) is False
    assert is_workday(D("2026-02-16")) is True
    assert count_workdays(D("2026-02-13"), D("2026-02-20")) == WorkdayCount(5, False, (2026,))
    # 2025 is unaffected
    assert add_workdays(D("2025-09-30"), 1) == DeadlineResult(D("2025-10-09"), True, ())


def test_with_an_empty_table_every_year_is_reported_missing(db: None) -> None:
    result = add_workdays(D("2025-12-31"), 3)
    assert result == DeadlineResult(D("2026-01-05"), False, (2026,))


# --- loading and the cache ---------------------------------------------------------------------------------


def test_loading_chinesecalendar_stores_every_date_with_a_bilingual_name_and_marks_2004_to_2026(
    loaded: list[int],
) -> None:
    expected = len(set(chinese_calendar.holidays) | set(chinese_calendar.workdays))
    assert CalendarDay.objects.count() == expected
    assert list(CalendarYear.objects.values_list("year", flat=True)) == list(range(2004, 2027))
    assert CalendarYear.objects.get(year=2026).source.startswith("chinesecalendar ")
    day = CalendarDay.objects.get(date=D("2026-02-14"))
    assert (day.kind, day.name) == (CalendarDayKind.WORKDAY, "春节 Spring Festival")
    # weekend days inside a holiday period are stored as holidays too (harmless)
    assert CalendarDay.objects.get(date=D("2026-02-15")).kind == CalendarDayKind.HOLIDAY


def test_loading_twice_changes_nothing_and_records_one_audit_event(loaded: list[int]) -> None:
    rows = list(CalendarDay.objects.values_list("id", "date", "kind", "name"))
    events = AuditEvent.objects.filter(action="calendar.loaded").count()
    assert load_from_chinesecalendar() == list(range(2004, 2027))
    assert list(CalendarDay.objects.values_list("id", "date", "kind", "name")) == rows
    assert AuditEvent.objects.filter(action="calendar.loaded").count() == events == 1


def test_loading_repairs_edited_rows_but_keeps_a_year_an_administrator_imported(loaded: list[int]) -> None:
    # given a 2025 row damaged by hand, and 2026 marked as imported from the official notice with a change
    CalendarDay.objects.filter(date=D("2025-10-01")).update(kind=CalendarDayKind.WORKDAY)
    CalendarDay.objects.filter(date=D("2025-10-02")).delete()
    CalendarYear.objects.filter(year=2026).update(source="国办发明电〔2025〕7号.csv")
    CalendarDay.objects.filter(date=D("2026-10-07")).delete()
    # when the package is loaded again
    years = load_from_chinesecalendar()
    # then 2025 is back to the package's data and 2026 is untouched
    assert 2026 not in years and 2025 in years
    assert CalendarDay.objects.get(date=D("2025-10-01")).kind == CalendarDayKind.HOLIDAY
    assert CalendarDay.objects.filter(date=D("2025-10-02")).exists()
    assert not CalendarDay.objects.filter(date=D("2026-10-07")).exists()
    assert CalendarYear.objects.get(year=2026).source == "国办发明电〔2025〕7号.csv"


def test_a_row_added_to_the_table_is_seen_by_the_next_computation_without_invalidation(
    loaded: list[int],
) -> None:
    # warm the cache, then write straight to the table as another process would
    assert add_workdays(D("2026-03-02"), 1).deadline == D("2026-03-03")
    CalendarDay.objects.create(date=D("2026-03-03"), kind=CalendarDayKind.HOLIDAY, name="test")
    assert add_workdays(D("2026-03-02"), 1).deadline == D("2026-03-04")


def test_an_edit_made_through_the_admin_service_is_seen_and_audited(loaded: list[int]) -> None:
    assert add_workdays(D("2026-02-13"), 1).deadline == D("2026-02-14")
    # 2026-02-14 turned from a 调休 Saturday into a holiday, in place (same row id)
    day = CalendarDay.objects.get(date=D("2026-02-14"))
    day.kind = CalendarDayKind.HOLIDAY
    calendar.save_calendar_day(day, actor="system:test")
    assert add_workdays(D("2026-02-13"), 1).deadline == D("2026-02-24")
    event = AuditEvent.objects.filter(action="calendar.day_changed").get()
    assert event.data["previous"]["kind"] == CalendarDayKind.WORKDAY
    assert event.data["kind"] == CalendarDayKind.HOLIDAY


def test_an_in_place_edit_made_by_another_process_is_seen_through_the_year_stamp(loaded: list[int]) -> None:
    # given this process holds a snapshot
    calendar.get_calendar()
    # when another process edits a row in place and stamps its year (what save_calendar_day does there)
    CalendarDay.objects.filter(date=D("2026-02-14")).update(kind=CalendarDayKind.HOLIDAY)
    calendar._touch_years([2026])
    # then this process reloads without being told
    assert is_workday(D("2026-02-14")) is False


# --- admin -------------------------------------------------------------------------------------------------


def test_the_audit_log_admin_is_read_only_even_for_a_superuser(db: None, django_user_model) -> None:
    request = RequestFactory().get("/admin/core/auditevent/")
    request.user = django_user_model.objects.create_superuser("root", password="x-Very-long-1")
    model_admin = AuditEventAdmin(AuditEvent, AdminSite())
    assert model_admin.has_view_permission(request) is True
    assert (
        model_admin.has_add_permission(request),
        model_admin.has_change_permission(request),
        model_admin.has_delete_permission(request),
    ) == (False, False, False)
    assert model_admin.list_display == [
        "id",
        "occurred_at",
        "actor_label",
        "action",
        "object_type",
        "object_id",
    ]


def test_the_calendar_admin_pages_list_the_spring_festival_and_the_audit_log_without_an_add_button(
    loaded: list[int], client, django_user_model
) -> None:
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = django_user_model.objects.create_superuser("root", password="x-Very-long-1")
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id  # as after a TOTP check
    session.save()

    page = client.get("/admin/core/calendarday/", {"year": "2026", "kind__exact": "workday", "q": "春节"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "2026-02-14" in text or "2026年2月14日" in text
    assert "春节 Spring Festival" in text
    assert page.context["cl"].result_count == 2  # the two 调休 Saturdays 02-14 and 02-28

    years = client.get("/admin/core/calendaryear/")
    assert years.status_code == 200
    assert {row.year: row.day_count for row in years.context["cl"].result_list}[2026] == 39

    log = client.get("/admin/core/auditevent/")
    assert log.status_code == 200
    assert "calendar.loaded" in log.content.decode()
    assert "/admin/core/auditevent/add/" not in log.content.decode()


def test_the_calendar_admin_saves_through_the_audited_service_and_refuses_a_weekday_make_up_day(
    loaded: list[int], django_user_model
) -> None:
    form = CalendarDayForm(data={"date": "2026-03-04", "kind": CalendarDayKind.WORKDAY, "name": "typo"})
    assert not form.is_valid()
    assert "调休上班日只能是周六或周日" in str(form.errors["date"])

    request = RequestFactory().post("/admin/core/calendarday/add/")
    request.user = django_user_model.objects.create_superuser("root", password="x-Very-long-1")
    new_day = CalendarDay(date=D("2026-03-04"), kind=CalendarDayKind.HOLIDAY, name="特别休假 special day off")
    CalendarDayAdmin(CalendarDay, AdminSite()).save_model(request, new_day, form=None, change=False)
    assert add_workdays(D("2026-03-03"), 1).deadline == D("2026-03-05")
    event = AuditEvent.objects.filter(action="calendar.day_added").get()
    assert (event.actor_label, event.object_id) == ("root", str(new_day.pk))

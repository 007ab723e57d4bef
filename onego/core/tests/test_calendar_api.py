"""GET /api/v1/calendar/deadline and /workdays: public, JSON, never a 500 for bad input."""

from __future__ import annotations

import bisect
import random
from datetime import date, timedelta

import chinese_calendar
import pytest
from django.test import Client

from onego.core.calendar import load_from_chinesecalendar
from onego.core.models import CalendarYear

D = date.fromisoformat
DEADLINE = "/api/v1/calendar/deadline"
WORKDAYS = "/api/v1/calendar/workdays"


@pytest.fixture
def loaded(db: None) -> list[int]:
    return load_from_chinesecalendar()


@pytest.fixture
def anonymous() -> Client:
    return Client()


def reference_deadline(start: date, n: int) -> date:
    """chinese_calendar.is_workday stepped day by day: independent of our table and arithmetic."""
    day = start
    for _ in range(n):
        day += timedelta(days=1)
        while not chinese_calendar.is_workday(day):
            day += timedelta(days=1)
    return day


def test_a_sample_of_300_deadlines_through_http_matches_chinesecalendar(
    loaded: list[int], anonymous: Client
) -> None:
    # given 300 (start, N) pairs drawn once from 2025-10-01..2026-11-15 with N in 0..30, deadlines inside 2026
    rng = random.Random(20260214)
    pairs: list[tuple[date, int, date]] = []
    while len(pairs) < 300:
        start = D("2025-10-01") + timedelta(days=rng.randrange(411))
        n = rng.randrange(31)
        expected = reference_deadline(start, n)
        if expected.year == 2026:
            pairs.append((start, n, expected))
    for start, n, expected in pairs:
        # when an anonymous caller asks
        response = anonymous.get(DEADLINE, {"start": start.isoformat(), "workdays": str(n)})
        # then the answer is chinesecalendar's, and complete
        assert response.status_code == 200, response.content
        assert response.json() == {
            "deadline": expected.isoformat(),
            "calendar_complete": True,
            "missing_years": [],
        }


def test_the_deadline_route_counts_the_2026_spring_festival_make_up_saturday(
    loaded: list[int], anonymous: Client
) -> None:
    # 2026-02-13 (Fri) + 1 working day: 2026-02-14 is a 调休 working Saturday
    response = anonymous.get(DEADLINE, {"start": "2026-02-13", "workdays": "1"})
    assert response.status_code == 200
    assert response.json() == {"deadline": "2026-02-14", "calendar_complete": True, "missing_years": []}
    # 2026-02-14 + 1: the festival 02-15..02-23 is skipped
    assert (
        anonymous.get(DEADLINE, {"start": "2026-02-14", "workdays": "1"}).json()["deadline"] == "2026-02-24"
    )


def test_zero_working_days_returns_the_start_date(loaded: list[int], anonymous: Client) -> None:
    assert (
        anonymous.get(DEADLINE, {"start": "2026-10-03", "workdays": "0"}).json()["deadline"] == "2026-10-03"
    )


def test_a_deadline_in_2027_is_flagged_incomplete_with_the_missing_year(
    loaded: list[int], anonymous: Client
) -> None:
    response = anonymous.get(DEADLINE, {"start": "2026-12-31", "workdays": "1"})
    assert response.status_code == 200
    assert response.json() == {"deadline": "2027-01-01", "calendar_complete": False, "missing_years": [2027]}


def test_deleting_the_2026_year_makes_the_api_count_weekends_only_and_say_so(
    loaded: list[int], anonymous: Client
) -> None:
    CalendarYear.objects.filter(year=2026).delete()
    response = anonymous.get(DEADLINE, {"start": "2026-02-13", "workdays": "1"})
    assert response.json() == {"deadline": "2026-02-16", "calendar_complete": False, "missing_years": [2026]}


def test_the_workdays_route_counts_after_from_up_to_and_including_to(
    loaded: list[int], anonymous: Client
) -> None:
    # 02-14 (调休), 02-24, 02-25, 02-26, 02-27, 02-28 (调休)
    response = anonymous.get(WORKDAYS, {"from": "2026-02-13", "to": "2026-02-28"})
    assert response.status_code == 200
    assert response.json() == {"workdays": 6, "calendar_complete": True, "missing_years": []}
    assert anonymous.get(WORKDAYS, {"from": "2026-03-02", "to": "2026-03-02"}).json()["workdays"] == 0
    assert anonymous.get(WORKDAYS, {"from": "2026-03-09", "to": "2026-03-02"}).json()["workdays"] == 0
    assert anonymous.get(WORKDAYS, {"from": "2026-12-30", "to": "2027-01-05"}).json() == {
        "workdays": 4,
        "calendar_complete": False,
        "missing_years": [2027],
    }


def test_a_sample_of_workday_counts_through_http_matches_chinesecalendar(
    loaded: list[int], anonymous: Client
) -> None:
    rng = random.Random(7)
    for _ in range(100):
        start = D("2025-06-01") + timedelta(days=rng.randrange(500))
        end = min(start + timedelta(days=rng.randrange(120)), D("2026-12-31"))
        expected = 0
        day = start
        while day < end:
            day += timedelta(days=1)
            expected += chinese_calendar.is_workday(day)
        body = anonymous.get(WORKDAYS, {"from": start.isoformat(), "to": end.isoformat()}).json()
        assert body["workdays"] == expected, (start, end)


def test_the_routes_are_listed_in_the_openapi_document_without_authentication(
    db: None, anonymous: Client
) -> None:
    spec = anonymous.get("/api/v1/openapi.json").json()
    for path in (DEADLINE, WORKDAYS):
        operation = spec["paths"][path]["get"]
        assert "security" not in operation or operation["security"] == []
    names = [p["name"] for p in spec["paths"][WORKDAYS]["get"]["parameters"]]
    assert names == ["from", "to"]


@pytest.mark.parametrize(
    ("path", "params", "field", "message_start"),
    [
        (DEADLINE, {"start": "2026-02-30", "workdays": "5"}, "start", "参数 start 的日期无效：“2026-02-30”"),
        (DEADLINE, {"start": "abc", "workdays": "5"}, "start", "参数 start 的日期无效：“abc”"),
        (DEADLINE, {"start": "20260214", "workdays": "5"}, "start", "参数 start 的日期无效"),
        (DEADLINE, {"start": "9999-12-31", "workdays": "5"}, "start", "参数 start 超出支持的年份范围"),
        (
            DEADLINE,
            {"start": "2026-02-13", "workdays": "-1"},
            "workdays",
            "参数 workdays 必须在 0 到 3650 之间：-1",
        ),
        (
            DEADLINE,
            {"start": "2026-02-13", "workdays": "3651"},
            "workdays",
            "参数 workdays 必须在 0 到 3650 之间",
        ),
        (WORKDAYS, {"from": "2026-13-01", "to": "2026-03-01"}, "from", "参数 from 的日期无效：“2026-13-01”"),
        (WORKDAYS, {"from": "2026-03-01", "to": "yesterday"}, "to", "参数 to 的日期无效：“yesterday”"),
    ],
)
def test_bad_values_get_a_422_with_a_message_in_one_language_naming_the_parameter(
    db: None, anonymous: Client, path: str, params: dict[str, str], field: str, message_start: str
) -> None:
    response = anonymous.get(path, params)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    assert body["field"] == field
    assert body["message"].startswith(message_start)
    # one language: Chinese by default, English (naming the parameter) when the caller asks for it
    assert " / " not in body["message"]
    english = anonymous.get(path, params, HTTP_ACCEPT_LANGUAGE="en").json()["message"]
    assert field in english and not any("\u4e00" <= ch <= "\u9fff" for ch in english)


@pytest.mark.parametrize(
    ("path", "params", "missing"),
    [
        (DEADLINE, {"workdays": "5"}, "start"),
        (DEADLINE, {"start": "2026-02-13"}, "workdays"),
        (DEADLINE, {"start": "2026-02-13", "workdays": "five"}, "workdays"),
        (WORKDAYS, {"to": "2026-03-01"}, "from"),
        (WORKDAYS, {}, "from"),
    ],
)
def test_missing_or_non_numeric_parameters_get_a_422_naming_them(
    db: None, anonymous: Client, path: str, params: dict[str, str], missing: str
) -> None:
    response = anonymous.get(path, params)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    assert body["message"].startswith("请求参数无效：")
    assert missing in body["message"]
    assert missing in [e["field"] for e in body["errors"]]


def test_every_deadline_in_2026_from_2024_2026_starts_through_http_matches_chinesecalendar(
    loaded: list[int], anonymous: Client
) -> None:
    # Issue 2: every start date in 2024–2026 and every N in 0..30 whose deadline falls within 2026, through the
    # API. Reference: chinese_calendar.is_workday for every day of 2024–2026 (it knows no later year), so a
    # deadline that would need 2027 is not expected in 2026 and is skipped.
    days = [D("2024-01-01") + timedelta(days=i) for i in range((D("2026-12-31") - D("2024-01-01")).days + 1)]
    workdays = [d for d in days if chinese_calendar.is_workday(d)]
    checked = 0
    for start in days:
        first_after = bisect.bisect_right(workdays, start)
        for n in range(31):
            if n == 0:
                expected = start
            elif first_after + n - 1 < len(workdays):
                expected = workdays[first_after + n - 1]
            else:
                break  # the n-th working day is after 2026
            if expected.year != 2026:
                continue
            response = anonymous.get(DEADLINE, {"start": start.isoformat(), "workdays": str(n)})
            assert response.json() == {
                "deadline": expected.isoformat(),
                "calendar_complete": True,
                "missing_years": [],
            }, (start, n)
            checked += 1
    # 365 start dates in 2026 with N = 0, and every N ≥ 1 deadline that lands in 2026 (from late 2025 on)
    assert checked > 10_000

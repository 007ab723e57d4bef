"""Table tests of the dashboard's rules: the p90 read from the working-day histogram, the balance of the
windows' workload, and the periods a page may ask for."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from onego.stats.models import MAX_BUCKET
from onego.stats.selectors import balance, parse_period, percentile, period_keys


@pytest.mark.parametrize(
    ("histogram", "p90"),
    [
        ({}, None),
        ({3: 1}, 3),
        ({1: 9, 5: 1}, 1),  # rank ⌈0.9·10⌉ = 9: the ninth case took 1 day
        ({1: 8, 5: 2}, 5),  # the ninth case took 5
        ({0: 90, 20: 10}, 0),
        ({0: 89, 20: 11}, 20),
        ({2: 1, 4: 1, 6: 1}, 6),  # rank ⌈2.7⌉ = 3
        ({1: 5, MAX_BUCKET: 5}, MAX_BUCKET),  # "60 or more"
        ({0: 0, 7: 3}, 7),  # an empty bucket counts nothing
    ],
)
def test_p90_is_the_nearest_rank_bucket(histogram, p90):
    assert percentile(histogram) == p90


@pytest.mark.parametrize(
    ("counts", "busiest", "quietest", "ratio", "cv"),
    [
        ([], 0, 0, None, None),
        ([5197, 715], 5197, 715, Decimal("7.27"), Decimal("0.76")),  # seed case 9: window 3 against window 7
        ([10, 10, 10], 10, 10, Decimal("1.00"), Decimal("0.00")),
        ([4, 0], 4, 0, None, Decimal("1.00")),  # a window that handled nothing: no ratio
        ([0, 0], 0, 0, None, None),
    ],
)
def test_the_balance_of_the_windows(counts, busiest, quietest, ratio, cv):
    b = balance(counts)
    assert (b.busiest, b.quietest, b.ratio, b.cv, b.total) == (busiest, quietest, ratio, cv, sum(counts))


@pytest.mark.parametrize(
    ("key", "start", "end"),
    [
        ("2026-02", date(2026, 2, 1), date(2026, 2, 28)),
        ("2028-02", date(2028, 2, 1), date(2028, 2, 29)),
        ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
        ("2027", date(2027, 1, 1), date(2027, 12, 31)),
    ],
)
def test_periods(key, start, end):
    period = parse_period(key)
    assert period is not None and (period.start, period.end, period.key) == (start, end, key)


@pytest.mark.parametrize(
    "key", ["", "2026-13", "2026-00", "2026-Q5", "26-01", "1999", "2026-1", "x", "2026-Q"]
)
def test_bad_periods(key):
    assert parse_period(key) is None


def test_the_periods_offered_cross_the_year_end():
    keys = period_keys(date(2027, 1, 5))
    assert keys[:2] == ["2027-01", "2026-12"]
    assert keys[12:14] == ["2027-Q1", "2026-Q4"]
    assert keys[-3:] == ["2027", "2026", "2025"]
    assert all(parse_period(k) for k in keys)

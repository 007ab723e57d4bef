"""Benchmark: statutory deadlines (add_workdays) — the cached calendar against a naive day-by-day walk.

Deadlines are computed on every case transition, inbox row and warning sweep, so they must cost
microseconds. Three rows, same run, same starts:
- `calendar.add_workdays(20)`: the module function every service and the API call (one version query on the
  database per call, then in-memory arithmetic);
- `calendar.WorkingCalendar.add_workdays(20) (snapshot)`: one snapshot reused, as a batch job does;
- `baseline: chinese_calendar.is_workday day by day`: the naive reference. chinese_calendar scans its whole
  table on every call (~20 µs), so the baseline runs on the first `baseline_calls` starts only (10,000 by
  default, about 5 s); compare the per-call figures.
Run through `bench/run.py` (which migrates and seeds first) or alone: `python -m bench.bench_calendar`.
"""

from __future__ import annotations

import os
import time
from datetime import date, timedelta
from typing import Any

WORKDAYS = 20


def _starts(calls: int) -> list[date]:
    # Starts sweep 2025-01-01..2026-10-31 so deadlines cross every holiday and 调休 day of 2025 and 2026,
    # and every deadline stays inside the years chinesecalendar knows (the baseline cannot go past 2026).
    first = date(2025, 1, 1)
    span = (date(2026, 10, 31) - first).days
    return [first + timedelta(days=i % span) for i in range(calls)]


def _row(name: str, calls: int, seconds: float, **extra: Any) -> dict[str, Any]:
    return {
        "name": name,
        "n": calls,
        "seconds": round(seconds, 4),
        "per_call_us": round(seconds / calls * 1e6, 3),
        **extra,
    }


def run(calls: int = 100_000, baseline_calls: int = 10_000) -> list[dict[str, Any]]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onego.config.settings")
    django.setup()

    import chinese_calendar
    from django.db import connection

    from onego.core import calendar

    calendar.load_from_chinesecalendar()
    starts = _starts(calls)

    def naive(start: date, n: int) -> date:
        day = start
        for _ in range(n):
            day += timedelta(days=1)
            while not chinese_calendar.is_workday(day):
                day += timedelta(days=1)
        return day

    calendar.add_workdays(starts[0], WORKDAYS)  # load the snapshot once: we measure the steady state
    t0 = time.perf_counter()
    for start in starts:
        calendar.add_workdays(start, WORKDAYS)
    module_seconds = time.perf_counter() - t0

    snapshot = calendar.get_calendar()
    t0 = time.perf_counter()
    for start in starts:
        snapshot.add_workdays(start, WORKDAYS)
    snapshot_seconds = time.perf_counter() - t0

    baseline_starts = starts[: min(calls, baseline_calls)]
    t0 = time.perf_counter()
    for start in baseline_starts:
        naive(start, WORKDAYS)
    naive_seconds = time.perf_counter() - t0
    naive_per_call = naive_seconds / len(baseline_starts)

    # Same answers, or the numbers mean nothing.
    sample = starts[:: max(1, calls // 1000)]
    mismatches = sum(snapshot.add_workdays(s, WORKDAYS).deadline != naive(s, WORKDAYS) for s in sample)
    t0 = time.perf_counter()
    calendar.invalidate_cache()
    calendar.get_calendar()
    reload_ms = (time.perf_counter() - t0) * 1000

    return [
        _row(
            f"calendar.add_workdays({WORKDAYS})",
            calls,
            module_seconds,
            database=connection.vendor,
            note="includes the per-call version query",
        ),
        _row(
            f"calendar.WorkingCalendar.add_workdays({WORKDAYS}) (snapshot)",
            calls,
            snapshot_seconds,
            speedup_vs_baseline=round(naive_per_call / (snapshot_seconds / calls), 1),
        ),
        _row(
            f"baseline: chinese_calendar.is_workday day by day ({WORKDAYS})",
            len(baseline_starts),
            naive_seconds,
            mismatches_in_sample=mismatches,
            sample=len(sample),
        ),
        {
            "name": "calendar.get_calendar() cold reload",
            "n": 1,
            "seconds": round(reload_ms / 1000, 4),
            "per_call_us": round(reload_ms * 1000, 1),
        },
    ]


if __name__ == "__main__":
    import json

    for result in run():
        print(json.dumps(result, ensure_ascii=False))

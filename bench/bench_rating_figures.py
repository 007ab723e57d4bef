"""Benchmark: the 好差评 figures' reads at the issue's size — 1,000,000 ratings of 1,000 staff over a year — on
PostgreSQL (issue 17: the quarterly star ranking ≤ 5 s, every dashboard query p95 ≤ 100 ms).

The reads never touch the ratings table: `statistics.summary` (the dashboard's) reads RatingDay,
`statistics.staff_ratings` (the stars') reads RatingStaffDay, `statistics.breakdown` (the figures page) reads
RatingMonth. So this fills those three tables with the rows 1,000,000 ratings make (generated in SQL by
generate_series: 1,000 staff at 26 windows of 3 centres, 12 departments, 60 items, 5 channels, every working day of
2026, about 4 ratings per person per day) and times each read 30 times; baseline in the same run: a primary-key
lookup of one aggregate row. In its own throwaway database (`onego_bench_figures` on the server of DATABASE_URL,
or $ONEGO_BENCH_FIGURES_URL; the name must contain "bench"), dropped, recreated and migrated each run:

    DATABASE_URL=postgres://root@127.0.0.1:5432/root .venv/bin/python bench/run.py bench_rating_figures
"""

from __future__ import annotations

import json
import os
import statistics as pystats
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RUNS = 30

FILL = [
    "TRUNCATE ratings_ratingday, ratings_ratingstaffday, ratings_ratingmonth",
    # Working days of 2026 (weekdays; the holiday table is not needed for a size test).
    """CREATE TEMP TABLE bench_days AS SELECT d::date AS day FROM generate_series('2026-01-01'::date,
       '2026-12-31'::date, '1 day') d WHERE extract(isodow FROM d) < 6""",
    # One row per staff member and working day: 1,000 × 261 ≈ 261,000 rows, ≈ 4 ratings each ≈ 1,044,000.
    """INSERT INTO ratings_ratingstaffday (day, staff_key, count, grade_sum, grade_5, grade_4, grade_3, grade_2,
       grade_1, defaults)
       SELECT day, s, 4, 17, 2, 1, 1, (s + extract(doy FROM day)::int) % 7 / 6, 0, 0
       FROM bench_days, generate_series(1, 1000) s""",
    # The district's days: day × 5 channels × 3 centres × 12 departments.
    """INSERT INTO ratings_ratingday (day, channel, centre_key, department_key, count, grade_sum, grade_5, grade_4,
       grade_3, grade_2, grade_1, defaults)
       SELECT day, ch, c, dpt, 22, 93, 12, 6, 3, 1, 0, CASE WHEN ch = 'default' THEN 22 ELSE 0 END
       FROM bench_days, unnest(ARRAY['pad','online','sms','qr','default']) ch, generate_series(1, 3) c,
            generate_series(1, 12) dpt""",
    # The months: each staff member's ratings by month × 2 channels × 3 items at their window and department.
    """INSERT INTO ratings_ratingmonth (month, channel, centre_key, department_key, window_key, staff_key, item_key,
       count, grade_sum, grade_5, grade_4, grade_3, grade_2, grade_1, defaults)
       SELECT make_date(2026, m, 1), ch, s % 3 + 1, s % 12 + 1, s % 26 + 1, s, (s + i) % 60 + 1,
              14, 60, 8, 4, 1, 1, 0, 0
       FROM generate_series(1, 12) m, unnest(ARRAY['pad','sms']) ch, generate_series(1, 1000) s,
            generate_series(0, 2) i""",
    "ANALYZE ratings_ratingday",
    "ANALYZE ratings_ratingstaffday",
    "ANALYZE ratings_ratingmonth",
]


def timed(fn: Callable[[], object], runs: int = RUNS) -> dict[str, float]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return {
        "p50_ms": round(pystats.median(times), 2),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 2),
        "max_ms": round(times[-1], 2),
        "reps": runs,
    }


def bench_url(explicit: str | None = None) -> str:
    from bench import db

    return db.bench_url(
        explicit,
        env="ONEGO_BENCH_FIGURES_URL",
        default_db="onego_bench_figures",
        generator="bench_rating_figures",
    )


def measure() -> list[dict[str, Any]]:
    """Fill the aggregates of the database Django is connected to, then time the reads."""
    from django.db import connection
    from django.db.models import Sum

    from onego.ratings import statistics
    from onego.ratings.models import RatingDay, RatingMonth, RatingStaffDay

    started = time.perf_counter()
    with connection.cursor() as cursor:
        for sql in FILL:
            cursor.execute(sql)
    ratings = RatingStaffDay.objects.aggregate(n=Sum("count"))["n"]
    rows: list[dict[str, Any]] = [
        {
            "name": "figures.fill",
            "n": ratings,
            "seconds": round(time.perf_counter() - started, 1),
            "staff_day_rows": RatingStaffDay.objects.count(),
            "day_rows": RatingDay.objects.count(),
            "month_rows": RatingMonth.objects.count(),
        },
        {
            "name": "figures.machine load (1, 5, 15 min) before the runs",
            "n": 0,
            "seconds": 0.0,
            "loadavg": [round(x, 2) for x in os.getloadavg()],
        },
    ]
    q2 = statistics.quarter_bounds(2026, 2)
    pk = RatingStaffDay.objects.order_by("id").values_list("id", flat=True)[5000]
    everything = statistics.Scope(everything=True)
    one_department = statistics.Scope(department_ids=frozenset({3}), centre_ids=frozenset({2}))
    results = {
        "baseline: primary-key lookup": timed(lambda: RatingStaffDay.objects.get(pk=pk)),
        "summary (district, Q2)": timed(lambda: statistics.summary(start=q2[0], end=q2[1])),
        "summary (one centre, year)": timed(
            lambda: statistics.summary(start=date(2026, 1, 1), end=date(2026, 12, 31), centre_id=2)
        ),
        "staff_ratings (1,000 staff, Q2)": timed(lambda: statistics.staff_ratings(start=q2[0], end=q2[1])),
        "breakdown by staff (Q2, everything)": timed(
            lambda: statistics.breakdown(start=q2[0], end=q2[1], by="staff", scope=everything), runs=10
        ),
        "breakdown by item (Q2, one department)": timed(
            lambda: statistics.breakdown(start=q2[0], end=q2[1], by="item", scope=one_department), runs=10
        ),
    }
    got = statistics.staff_ratings(start=q2[0], end=q2[1])
    assert len(got) == 1000, len(got)
    for name, r in results.items():
        rows.append({"name": f"figures.{name}", "n": ratings, "seconds": round(r["p50_ms"] / 1000, 4), **r})
    return rows


def run() -> list[dict[str, Any]]:
    """For bench/run.py: PostgreSQL only; works in its own throwaway database (`onego_bench_figures` on the
    server of DATABASE_URL, or $ONEGO_BENCH_FIGURES_URL), dropped, recreated and migrated each run."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onego.config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        return [{"name": "figures.skipped", "n": 0, "seconds": 0.0, "reason": "the target is on PostgreSQL"}]
    from bench import db

    url = bench_url()
    settings_dict = connection.settings_dict
    old_name = settings_dict["NAME"]
    connection.close()
    db.recreate_database(url)
    settings_dict["NAME"] = db.database_name(url)
    try:
        call_command("migrate", verbosity=0)
        return measure()
    finally:
        connection.close()
        settings_dict["NAME"] = old_name


def main() -> int:
    for row in run():
        print(json.dumps(row, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

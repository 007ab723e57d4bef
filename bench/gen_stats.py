"""Generate the dashboard benchmark's database (bench/bench_stats.py): the demo (seed_demo), then 1,000,000 cases
over two years (2024-07-01 … 2026-06-30) loaded with COPY, the window cases each with its queue ticket (Visit)
at a window of one of the demo's three centres — the windows' workload deliberately uneven, as in seed case 9
(weights 5,197 … 715) — and finally the aggregates built by `onego.stats.aggregates.rebuild()` (the same code
as `manage.py rebuild_stats`; its time is printed).

Mix: 60 % online (10 % of them with one trip), 35 % at a window, 5 % captured by robots; 97 % closed (85 %
approved, 8 % refused, 3 % not accepted, 4 % withdrawn), the rest open, a few hundred of them yellow or red.
Only the case columns the engine needs; no tasks (the dashboard never reads them).

Usage: DATABASE_URL=postgres://root@127.0.0.1:5432/root .venv/bin/python bench/gen_stats.py [n]
The database (`onego_bench_stats`, or $ONEGO_BENCH_STATS_URL) is DROPPED first.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import db  # noqa: E402

DEFAULT_N = 1_000_000
FIRST = date(2024, 7, 1)
LAST = date(2026, 6, 30)
SEED = 20260917
# seed case 9: window 3 handled 5,197 cases in three quarters, window 7 only 715
WINDOW_WEIGHTS = [2400, 3100, 5197, 2600, 1900, 1500, 715, 1200]


def bench_url(explicit: str | None = None) -> str:
    return db.bench_url(
        explicit, env="ONEGO_BENCH_STATS_URL", default_db="onego_bench_stats", generator="gen_stats"
    )


def _workdays_to_days(n: int) -> int:
    return n + 2 * (n // 5)


def generate(n: int = DEFAULT_N, url: str | None = None) -> dict[str, Any]:
    import psycopg

    url = url or bench_url()
    t0 = time.perf_counter()
    db.recreate_database(url)
    db.setup_django(url)
    from django.db import connections

    from onego.accounts.models import User, Window
    from onego.catalog.models import ItemVersion

    versions = list(
        ItemVersion.objects.filter(status="published").values_list(
            "id", "item_id", "item__department_id", "statutory_limit_workdays", "promised_limit_workdays"
        )
    )
    applicant = User.objects.get(username="citizen")
    windows = list(
        Window.objects.order_by("centre__level", "centre_id", "number").values_list("id", "centre_id")
    )
    weights = [WINDOW_WEIGHTS[i % len(WINDOW_WEIGHTS)] for i in range(len(windows))]
    connections.close_all()
    print(f"schema + seed_demo: {time.perf_counter() - t0:.1f} s; {len(versions)} item versions", flush=True)

    rng = random.Random(SEED)
    span = (LAST - FIRST).days + 1
    days = sorted(FIRST + timedelta(days=rng.randrange(span)) for _ in range(n))
    case_cols = (
        "id, number, applicant_kind, applicant_name, applicant_code, id_tail, query_code, channel, route, "
        "idempotency_key, status, outcome, current_step, version, form_data, signature, commitment_signed, "
        "visits, correction_rounds, submitted_at, accepted_on, closed_at, statutory_limit_workdays, "
        "promised_limit_workdays, promised_deadline, statutory_deadline, step_started_on, step_deadline, "
        "calendar_complete, colour, actual_workdays, applicant_id, department_id, item_id, item_version_id, visit_id"
    )
    visit_cols = (
        "id, centre_id, day, ticket, status, applicant_name, phone, taken_at, called_at, done_at, window_id"
    )
    tickets: dict[tuple[int, date], int] = {}
    visit_id = 0
    t1 = time.perf_counter()
    counts = {"cases": 0, "visits": 0, "open": 0}
    with psycopg.connect(db.conninfo(url)) as conn, psycopg.connect(db.conninfo(url)) as second:
        for c in (conn, second):
            c.execute("SET session_replication_role = replica")
            c.execute("SET synchronous_commit = off")
        definitions = db.drop_secondary_indexes(conn, ("cases_case", "cases_visit"))
        conn.commit()
        with (
            conn.cursor().copy(f"COPY cases_case ({case_cols}) FROM STDIN") as cases,
            second.cursor().copy(f"COPY cases_visit ({visit_cols}) FROM STDIN") as visits,
        ):
            for case_id, day in enumerate(days, 1):
                vid, item_id, dept_id, statutory, promised = rng.choice(versions)
                roll = rng.random()
                channel = "online" if roll < 0.60 else "window" if roll < 0.95 else "system"
                trips = 1 if channel == "window" else (1 if channel == "online" and rng.random() < 0.1 else 0)
                visit = "\\N"
                if channel == "window":
                    window_id, centre_id = rng.choices(windows, weights=weights)[0]
                    t = tickets.get((centre_id, day), 0) + 1
                    tickets[(centre_id, day)] = t
                    visit_id += 1
                    visit = str(visit_id)
                    stamp = f"{day} 09:{t % 60:02d}:00+08"
                    visits.write_row(
                        (
                            visit_id,
                            centre_id,
                            day,
                            f"A{t:04d}",
                            "done",
                            "",
                            "",
                            stamp,
                            stamp,
                            stamp,
                            window_id,
                        )
                    )
                    counts["visits"] += 1
                open_case = day > LAST - timedelta(days=40) and rng.random() < 0.6 or rng.random() < 0.002
                outcome_roll = rng.random()
                accepted = day
                status, outcome, colour, closed_at, actual, closed_on = (
                    "in_progress",
                    "",
                    "green",
                    None,
                    None,
                    None,
                )
                if open_case:
                    counts["open"] += 1
                    colour = rng.choices(["green", "yellow", "red"], weights=[985, 10, 5])[0]
                else:
                    status = "closed"
                    outcome = (
                        "approved"
                        if outcome_roll < 0.85
                        else "refused"
                        if outcome_roll < 0.93
                        else "not_accepted"
                        if outcome_roll < 0.96
                        else "withdrawn"
                    )
                    if outcome == "not_accepted":
                        accepted = None
                    else:
                        actual = min(int(rng.expovariate(1 / max(0.5, promised * 0.5))), statutory + 5)
                    closed_on = day + timedelta(days=_workdays_to_days(actual or 0))
                    closed_at = f"{closed_on} 16:00:00+08"
                promised_deadline = day + timedelta(days=_workdays_to_days(promised))
                cases.write_row(
                    (
                        case_id,
                        f"BENCHSTATS{case_id:09d}",
                        "person",
                        "张伟",
                        "440111199003074513",
                        "4513",
                        "ABCD2345",
                        channel,
                        "approval",
                        "",
                        status,
                        outcome,
                        "" if status == "closed" else "review",
                        1,
                        "{}",
                        "",
                        False,
                        trips,
                        0,
                        f"{day} 10:00:00+08",
                        accepted,
                        closed_at,
                        statutory,
                        promised,
                        promised_deadline,
                        day + timedelta(days=_workdays_to_days(statutory)),
                        None if status == "closed" else day,
                        None if status == "closed" else promised_deadline,
                        True,
                        colour,
                        actual,
                        applicant.pk,
                        dept_id,
                        item_id,
                        vid,
                        None if visit == "\\N" else int(visit),
                    )
                )
                counts["cases"] += 1
        conn.commit()
        second.commit()
        for d in definitions:
            conn.execute(d)
        for table in ("cases_case", "cases_visit"):
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT coalesce(max(id), 1) FROM {table}))"
            )
        conn.commit()
    t_load = time.perf_counter() - t1
    print(f"COPY + indexes: {counts} in {t_load:.1f} s", flush=True)
    db.vacuum_analyze(url)
    from onego.stats import aggregates

    t2 = time.perf_counter()
    written = aggregates.rebuild()
    t_rebuild = time.perf_counter() - t2
    connections.close_all()
    db.vacuum_analyze(url)
    print(f"rebuild_stats: {written} in {t_rebuild:.1f} s", flush=True)
    return {**counts, **written, "load_s": round(t_load, 1), "rebuild_s": round(t_rebuild, 1)}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    n = int(argv[0]) if argv else DEFAULT_N
    print(generate(n))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

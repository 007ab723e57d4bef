"""Generate the dashboard benchmark's database (bench/bench_stats.py): the demo (seed_demo), then 1,000,000 cases
over two years (2024-07-01 … 2026-06-30) loaded with COPY, the window cases each with its queue ticket (Visit)
at a window of one of the demo's three centres — the windows' workload deliberately uneven, as in seed case 9
(weights 5,197 … 715) — then the 好差评 ratings of the closed cases with their work orders and the statistics'
aggregates (RatingDay, RatingStaffDay, RatingMonth, filled as count_rating keeps them; the dashboard's ratings
figures come from `statistics.summary`), and finally the aggregates built by `onego.stats.aggregates.rebuild()`
(the same code as `manage.py rebuild_stats`; its time is printed).

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
    from onego.cases.models import Case, Visit
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
    # after the demo's own cases and visits (seed_demo seeds some: the queue, the rating pad, work orders)
    case_base = Case.objects.order_by("-id").values_list("id", flat=True).first() or 0
    visit_id = Visit.objects.order_by("-id").values_list("id", flat=True).first() or 0
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
            for case_id, day in enumerate(days, case_base + 1):
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
        t3 = time.perf_counter()
        counts.update(_ratings(conn))
        conn.commit()
        t_ratings = time.perf_counter() - t3
        print(f"ratings, work orders and their aggregates: {counts} in {t_ratings:.1f} s", flush=True)
    db.vacuum_analyze(url)
    from onego.stats import aggregates

    t2 = time.perf_counter()
    written = aggregates.rebuild()
    t_rebuild = time.perf_counter() - t2
    connections.close_all()
    db.vacuum_analyze(url)
    print(f"rebuild_stats: {written} in {t_rebuild:.1f} s", flush=True)
    return {
        **counts,
        **written,
        "load_s": round(t_load, 1),
        "ratings_s": round(t_ratings, 1),
        "rebuild_s": round(t_rebuild, 1),
    }


RATINGS_SQL = """
INSERT INTO ratings_rating (visit_id, case_id, grade, indicators, reason, channel, is_default, rater_id, rater_name,
    rater_phone, staff_id, window_id, centre_id, department_id, item_id, rated_at, rated_on)
SELECT visit_id, id, CASE WHEN channel = 'default' THEN 3 ELSE grade END, '{}', '', channel, channel = 'default',
       NULL, '', '', NULL, window_id, centre_id, department_id, item_id, at, (at AT TIME ZONE 'Asia/Shanghai')::date
  FROM (SELECT c.id, c.visit_id, c.department_id, c.item_id, v.window_id, v.centre_id,
               CASE WHEN g < 0.55 THEN 5 WHEN g < 0.85 THEN 4 WHEN g < 0.97 THEN 3 WHEN g < 0.99 THEN 2 ELSE 1
               END AS grade,
               CASE WHEN c.visit_id IS NOT NULL THEN CASE WHEN ch < 0.85 THEN 'pad' ELSE 'default' END
                    WHEN ch < 0.35 THEN 'online' WHEN ch < 0.40 THEN 'sms' WHEN ch < 0.45 THEN 'qr'
                    ELSE 'default' END AS channel,
               c.closed_at, v.done_at
          FROM (SELECT cc.*, random() AS g, random() AS ch FROM cases_case cc WHERE cc.status = 'closed') c
          LEFT JOIN cases_visit v ON v.id = c.visit_id) r
 CROSS JOIN LATERAL (SELECT CASE WHEN r.channel = 'pad' THEN r.done_at + interval '1 minute'
                                 WHEN r.channel = 'default' THEN r.closed_at + interval '8 days'
                                 ELSE r.closed_at + interval '1 day' END AS at) t
"""

# Every bad review's work order: 60 % closed (verified, rectified, called back), 20 % waiting for the call-back,
# 20 % being rectified, a few of those overdue.
WORK_ORDERS_SQL = """
INSERT INTO ratings_workorder (number, rating_id, department_id, assignee_id, status, colour, opened_on, due_on,
    closed_on, escalated_at, verified, verification, verified_by_id, verified_at, resolution, measures, owner,
    rectify_by, explanation, rectification, rectified_at, reopened, callback_outcome, callback_note,
    callback_by_id, callback_at, appeal_reason, appealed_from, appealed_by_id, appealed_at, appeal_decision,
    appeal_note, appeal_decided_by_id, appeal_decided_at)
SELECT 'CPS' || lpad(id::text, 10, '0'), id, department_id, NULL,
       CASE WHEN k < 6 THEN 'closed' WHEN k < 8 THEN 'callback' ELSE 'rectifying' END,
       CASE WHEN k = 9 THEN 'red' ELSE 'green' END, rated_on, rated_on + 21,
       CASE WHEN k < 6 THEN rated_on + 10 END, NULL, true, '', NULL, rated_at + interval '1 day', 'fixed_now', '',
       '', NULL, '', '', CASE WHEN k < 8 THEN rated_at + interval '2 days' END, 0,
       CASE WHEN k < 6 THEN 'satisfied' ELSE '' END, '', NULL,
       CASE WHEN k < 6 THEN rated_at + interval '9 days' END, '', '', NULL, NULL, '', '', NULL, NULL
  FROM (SELECT r.*, r.id %% 10 AS k FROM ratings_rating r WHERE r.grade <= 2 AND r.id > %(after)s) b
"""


def _ratings(conn: Any) -> dict[str, int]:
    """The 好差评 ratings of the closed cases, as the platform would hold them: a window case's visit rated on the
    pad (85 %) or by default; an online case rated online, by SMS or QR (45 %) or by default (基本满意, 8 days
    after it closed); every bad review with its work order; then the statistics' aggregates, as count_rating
    keeps them (bench/gen_stars.fill_rating_aggregates). The dashboard reads them through
    `statistics.summary`. Generated on the server (INSERT … SELECT), secondary indexes dropped meanwhile."""
    from bench.gen_stars import fill_rating_aggregates

    conn.execute("SELECT setseed(0.17)")
    # the demo's own ratings (seed_demo) are counted already: only the generated ones are added
    after = conn.execute("SELECT coalesce(max(id), 0) FROM ratings_rating").fetchone()[0]
    definitions = db.drop_secondary_indexes(conn, ("ratings_rating", "ratings_workorder"))
    ratings = conn.execute(RATINGS_SQL).rowcount
    orders = conn.execute(WORK_ORDERS_SQL, {"after": after}).rowcount
    for d in definitions:
        conn.execute(d)
    aggregates = fill_rating_aggregates(conn, after)
    return {"ratings": ratings, "work_orders": orders, **{f"agg_{k}": v for k, v in aggregates.items()}}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    n = int(argv[0]) if argv else DEFAULT_N
    print(generate(n))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Generate the service-star benchmark's throwaway PostgreSQL database: 1,000 window staff at the district centre,
1,100,000 visits they served in one quarter (2026 Q3), 1,000,000 cases accepted during those visits, 1,000,000
好差评 ratings of those visits, bad reviews with closed work orders, 12345 complaints and the managers' entered
scores — all in the quarter ranked, so the ranking reads every row (issue 17, seed case 9).

    DATABASE_URL=postgres://root@127.0.0.1:5432/root .venv/bin/python bench/gen_stars.py

The database (`onego_bench_stars` on the server of DATABASE_URL, or $ONEGO_BENCH_STARS_URL) is DROPPED and
recreated, migrated and seeded with `seed_demo` (departments, centres, catalogue) and the stars' scheme; the rows
are then generated on the server with INSERT … SELECT over generate_series (deterministic: setseed), secondary
indexes dropped during the load and rebuilt after it, then VACUUM ANALYZE. The 好差评 statistics' aggregates
(RatingDay, RatingStaffDay, RatingMonth) are filled from the generated ratings with INSERT … SELECT … GROUP BY,
as `statistics.count_rating` would have kept them (the stars read ratings only through them). A table
`bench_meta` records the sizes and the generator version so bench_stars.py reuses the database.

The shape follows the seed's uneven windows (window 3: 5,197 cases in three quarters, window 7: 715): each person
mostly handles one of the catalogue's items, whose volumes differ tenfold, and people's throughput varies ±40 %.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import db  # noqa: E402

GENERATOR_VERSION = "2"  # 2: the 好差评 statistics' aggregates filled too
DEFAULT_STAFF = 1_000
DEFAULT_CASES = 1_000_000
DEFAULT_RATINGS = 1_000_000
YEAR, QUARTER = 2026, 3
START, DAYS = "2026-07-01", 92
TABLES = ("accounts_user", "cases_visit", "cases_case", "ratings_rating", "ratings_workorder")

# The 好差评 statistics' aggregates (onego/ratings/models_figures.py) of the ratings with id > %(after)s, as
# `statistics.count_rating` would have written them one rating at a time: the same keys (a key that does not
# apply is 0, never NULL — models_figures.NONE_KEY), the same count columns (statistics.COUNT_FIELDS), and
# ON CONFLICT … DO UPDATE adding to a row the demo's own ratings already made, as count_rating's upsert does.
_COUNTS = """count(*), sum(grade), count(*) FILTER (WHERE grade = 5), count(*) FILTER (WHERE grade = 4),
       count(*) FILTER (WHERE grade = 3), count(*) FILTER (WHERE grade = 2), count(*) FILTER (WHERE grade = 1),
       count(*) FILTER (WHERE is_default)"""
_COUNT_COLUMNS = ("count", "grade_sum", "grade_5", "grade_4", "grade_3", "grade_2", "grade_1", "defaults")


def _aggregate_sql(table: str, keys: dict[str, str], where: str = "") -> str:
    """INSERT … SELECT … GROUP BY … ON CONFLICT DO UPDATE into `table`, its key columns from `keys` (column →
    expression over ratings_rating)."""
    columns = ", ".join([*keys, *_COUNT_COLUMNS])
    exprs = ", ".join(keys.values())
    updates = ", ".join(f"{c} = {table}.{c} + EXCLUDED.{c}" for c in _COUNT_COLUMNS)
    groups = ", ".join(str(i) for i in range(1, len(keys) + 1))
    return (
        f"INSERT INTO {table} ({columns}) SELECT {exprs}, {_COUNTS} FROM ratings_rating "  # noqa: S608
        f"WHERE id > %(after)s {where} GROUP BY {groups} "
        f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}"
    )


RATING_AGGREGATES = {
    "ratings_ratingday": _aggregate_sql(
        "ratings_ratingday",
        {
            "day": "rated_on",
            "channel": "channel",
            "centre_key": "coalesce(centre_id, 0)",
            "department_key": "coalesce(department_id, 0)",
        },
    ),
    # count_rating writes a staff-day row only for a rating with a staff member
    "ratings_ratingstaffday": _aggregate_sql(
        "ratings_ratingstaffday", {"staff_key": "staff_id", "day": "rated_on"}, "AND staff_id IS NOT NULL"
    ),
    "ratings_ratingmonth": _aggregate_sql(
        "ratings_ratingmonth",
        {
            "month": "date_trunc('month', rated_on)::date",
            "channel": "channel",
            "centre_key": "coalesce(centre_id, 0)",
            "department_key": "coalesce(department_id, 0)",
            "window_key": "coalesce(window_id, 0)",
            "staff_key": "coalesce(staff_id, 0)",
            "item_key": "coalesce(item_id, 0)",
        },
    ),
}


def fill_rating_aggregates(conn: Any, after: int) -> dict[str, int]:
    """Add the ratings with id > `after` to the three aggregate tables (in the caller's transaction); returns
    the rows each statement wrote (inserted or updated)."""
    written = {}
    for table, sql in RATING_AGGREGATES.items():
        cursor = conn.execute(sql, {"after": after})
        written[table.removeprefix("ratings_")] = cursor.rowcount
    return written


def bench_url(explicit: str | None = None) -> str:
    return db.bench_url(
        explicit, env="ONEGO_BENCH_STARS_URL", default_db="onego_bench_stars", generator="gen_stars.py"
    )


def read_meta(url: str) -> dict[str, str] | None:
    import psycopg

    try:
        with psycopg.connect(db.conninfo(url)) as conn:
            return dict(conn.execute("SELECT key, value FROM bench_meta").fetchall())
    except psycopg.Error:
        return None


def generate(
    url: str, staff: int, cases: int, ratings: int, *, reuse_schema: bool = False
) -> dict[str, object]:
    """Drop, recreate, migrate and seed the database, then load it; with `reuse_schema` (a failed load left the
    migrated and seeded database empty of generated rows) skip the first part."""
    import psycopg

    t0 = time.perf_counter()
    if reuse_schema:
        os.environ["DATABASE_URL"] = url
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onego.config.settings")
        import django

        django.setup()
    else:
        db.recreate_database(url)
        db.setup_django(url)
    from django.contrib.auth.models import Group

    from onego.accounts.models import Department, ServiceCentre, Window
    from onego.catalog.models import ItemVersion
    from onego.demo import stars_seed

    scheme = stars_seed.seed_scheme()
    centre = ServiceCentre.objects.get(code="district")
    window_ids = list(Window.objects.filter(centre=centre).order_by("number").values_list("id", flat=True))
    departments = list(Department.objects.filter(level="district").values_list("id", flat=True))
    versions = list(
        ItemVersion.objects.filter(status="published")
        .order_by("id")
        .values_list("id", "item_id", "item__department_id")[:20]
    )
    if not versions:
        versions = list(
            ItemVersion.objects.order_by("id").values_list("id", "item_id", "item__department_id")[:20]
        )
    group = Group.objects.get(name="window_clerk").pk
    from django.db import connections

    connections.close_all()
    t_setup = time.perf_counter() - t0
    print(f"schema + seed_demo: {t_setup:.1f} s", flush=True)
    n_visits = cases + cases // 10
    if ratings > n_visits:
        raise SystemExit("at most one rating per visit")
    counts: dict[str, int] = {}
    t1 = time.perf_counter()
    with psycopg.connect(db.conninfo(url)) as conn:
        conn.execute("SET session_replication_role = replica")
        conn.execute("SET synchronous_commit = off")
        conn.execute("SELECT setseed(0.2026)")
        definitions = db.drop_secondary_indexes(conn, TABLES)
        # the staff: window clerks of the district centre, seconded from the district's departments
        conn.execute(
            """
            INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, email, is_staff,
                is_active, date_joined, real_name, phone, id_number, enterprise_credit_code, enterprise_name,
                identity_source, department_id, service_centre_id, photo)
            SELECT '!bench', false, 'bench_star_' || lpad(g::text, 4, '0'), '', '', '', false, true,
                   '2026-01-01 09:00+08', '窗口人员' || g, '', '', '', '', 'bench',
                   (%(depts)s::bigint[])[1 + g %% array_length(%(depts)s::bigint[], 1)], %(centre)s, ''
              FROM generate_series(1, %(n)s) g
            """,
            {"depts": departments, "centre": centre.pk, "n": staff},
        )
        conn.execute(
            "INSERT INTO accounts_user_groups (user_id, group_id) SELECT id, %s FROM accounts_user "
            "WHERE username LIKE 'bench_star_%%'",
            [group],
        )
        conn.execute(
            "CREATE TEMP TABLE bench_staff AS SELECT row_number() OVER (ORDER BY id) AS k, id, department_id, "
            "0.6 + random() * 0.8 AS pace FROM accounts_user WHERE username LIKE 'bench_star_%%'",
            {},
        )
        counts["staff"] = staff
        # the visits: a person's share of the quarter follows their item's volume and their own pace
        conn.execute(
            "CREATE TEMP TABLE bench_weight AS SELECT k, id, department_id, "
            "pace * (1 + 9 * ((k %% 20) / 19.0)) AS w FROM bench_staff",
            {},
        )
        total_w = conn.execute("SELECT sum(w) FROM bench_weight").fetchone()[0]
        conn.execute(
            f"""
            INSERT INTO cases_visit (centre_id, day, ticket, status, applicant_name, phone, taken_at, called_at,
                done_at, window_id, clerk_id, applicant_id)
            SELECT %(centre)s, DATE '{START}' + (rn %% {DAYS})::int, 'B' || lpad(rn::text, 7, '0'), 'done', '群众', '',
                   t, t + interval '3 minutes', t + interval '3 minutes' + (5 + (rn %% 20)) * interval '1 minute',
                   (%(windows)s::bigint[])[1 + rn %% array_length(%(windows)s::bigint[], 1)], clerk, NULL
              FROM (SELECT x.clerk, x.rn,
                           (DATE '{START}' + (x.rn %% {DAYS})::int)::timestamp AT TIME ZONE 'Asia/Shanghai'
                           + interval '9 hours' + (x.rn %% 420) * interval '1 minute' AS t
                      FROM (SELECT s.id AS clerk, row_number() OVER () AS rn
                              FROM bench_weight s
                              CROSS JOIN LATERAL generate_series(1, round(%(n)s * s.w / %(total)s)::int) g) x) v
            """,
            {"centre": centre.pk, "windows": window_ids, "n": n_visits, "total": total_w},
        )
        n_visits = conn.execute("SELECT count(*) FROM cases_visit WHERE ticket LIKE 'B%%'", {}).fetchone()[0]
        counts["visits"] = n_visits
        # the cases: one per visit for the first `cases` visits; 80 % of a person's cases are their own item
        vid = [v[0] for v in versions]
        iid = [v[1] for v in versions]
        did = [v[2] for v in versions]
        applicant = conn.execute("SELECT id FROM accounts_user WHERE username = 'citizen'").fetchone()
        conn.execute(
            """
            INSERT INTO cases_case (number, applicant_kind, applicant_name, applicant_code, id_tail, query_code,
                channel, route, idempotency_key, status, outcome, current_step, version, form_data, signature,
                commitment_signed, visits, correction_rounds, submitted_at, accepted_on, closed_at,
                statutory_limit_workdays, promised_limit_workdays, promised_deadline, statutory_deadline,
                step_started_on, step_deadline, calendar_complete, colour, actual_workdays, applicant_id,
                bundle_case_id, department_id, item_id, item_version_id, visit_id)
            SELECT 'BENCHSTAR' || lpad(v.rn::text, 8, '0'), 'person', '群众', '440111199001011234', '1234',
                   'BENCH', 'window', 'approval', '', 'closed', 'approved', '', 1, '{}', '', false, 1, 0,
                   v.done_at, v.day, v.done_at + interval '3 days', 20, 5, NULL, NULL, NULL, NULL, true,
                   'green', 3, %(applicant)s, NULL, (%(did)s::bigint[])[v.slot], (%(iid)s::bigint[])[v.slot],
                   (%(vid)s::bigint[])[v.slot], v.id
              FROM (SELECT cv.id, cv.day, cv.done_at, row_number() OVER (ORDER BY cv.id) AS rn,
                           CASE WHEN random() < 0.8 THEN 1 + s.k %% %(items)s
                                ELSE 1 + floor(random() * %(items)s)::int END AS slot
                      FROM cases_visit cv JOIN bench_staff s ON s.id = cv.clerk_id
                     WHERE cv.ticket LIKE 'B%%') v
             WHERE v.rn <= %(n)s
            """,
            {
                "applicant": applicant[0] if applicant else None,
                "did": did,
                "iid": iid,
                "vid": vid,
                "items": len(versions),
                "n": cases,
            },
        )
        counts["cases"] = cases
        # the ratings: one per visit for `ratings` visits, mostly good; 3 % bad
        after = conn.execute("SELECT coalesce(max(id), 0) FROM ratings_rating").fetchone()[0]
        conn.execute(
            """
            INSERT INTO ratings_rating (visit_id, case_id, grade, indicators, reason, channel, is_default, rater_id,
                rater_name, rater_phone, staff_id, window_id, centre_id, department_id, item_id, rated_at, rated_on)
            SELECT cv.id, NULL,
                   CASE WHEN r < 0.55 THEN 5 WHEN r < 0.85 THEN 4 WHEN r < 0.97 THEN 3 WHEN r < 0.99 THEN 2 ELSE 1 END,
                   '{}', '', 'pad', false, NULL, '群众', '', cv.clerk_id, cv.window_id, cv.centre_id,
                   s.department_id, NULL, cv.done_at + interval '1 minute', cv.day
              FROM (SELECT cv.*, random() AS r, row_number() OVER (ORDER BY cv.id) AS rn
                      FROM cases_visit cv WHERE cv.ticket LIKE 'B%%') cv
              JOIN bench_staff s ON s.id = cv.clerk_id
             WHERE cv.rn <= %(n)s
            """,
            {"n": ratings},
        )
        counts["ratings"] = ratings
        # the statistics' aggregates of those ratings (what count_rating keeps in each rating's transaction):
        # the stars read the ratings through them (statistics.staff_ratings), never the ratings table
        t_agg = time.perf_counter()
        aggregates = fill_rating_aggregates(conn, after)
        print(f"rating aggregates {aggregates}: {time.perf_counter() - t_agg:.1f} s", flush=True)
        counts.update({f"agg_{k}": v for k, v in aggregates.items()})
        # every bad review has a work order; half closed with the review verified true
        conn.execute(
            """
            INSERT INTO ratings_workorder (number, rating_id, department_id, assignee_id, status, colour, opened_on,
                due_on, closed_on, escalated_at, verified, verification, verified_by_id, verified_at, resolution,
                measures, owner, rectify_by, explanation, rectified_at, callback_outcome, callback_note,
                callback_by_id, callback_at, appeal_reason, appealed_by_id, appealed_at, appeal_decision,
                appeal_note, appeal_decided_by_id, appeal_decided_at, appealed_from, rectification, reopened)
            SELECT 'CPB' || lpad(id::text, 10, '0'), id, department_id, staff_id,
                   CASE WHEN id %% 2 = 0 THEN 'closed' ELSE 'rectifying' END, 'green', rated_on,
                   rated_on + 21, CASE WHEN id %% 2 = 0 THEN rated_on + 5 END, NULL,
                   CASE WHEN id %% 2 = 0 THEN true END, '', NULL, NULL, '', '', '', NULL, '', NULL, '', '',
                   NULL, NULL, '', NULL, NULL, '', '', NULL, NULL, '', '', 0
              FROM ratings_rating WHERE grade <= 2 AND id > %(after)s
            """,
            {"after": after},
        )
        counts["work_orders"] = conn.execute(
            "SELECT count(*) FROM ratings_workorder WHERE rating_id > %s", [after]
        ).fetchone()[0]
        head = conn.execute("SELECT id FROM accounts_user WHERE username = 'centre_head'").fetchone()[0]
        conn.execute(
            f"""
            INSERT INTO staffstars_complaint (centre_id, staff_id, reference, received_on, source, summary, upheld,
                imported_at, imported_by_id)
            SELECT %(centre)s, s.id, 'BENCH12345-' || g, DATE '{START}' + (g %% {DAYS}), 'hotline', '', g %% 3 > 0,
                   now(), %(head)s
              FROM generate_series(1, %(n)s) g JOIN bench_staff s ON s.k = 1 + (g * 7919) %% %(staff)s
            """,
            {"centre": centre.pk, "head": head, "n": staff * 2, "staff": staff},
        )
        star_round = conn.execute(
            "INSERT INTO staffstars_starround (centre_id, year, quarter, scheme_id, status, staff_count, quota, "
            "approved_by_id, approved_at) VALUES (%s, %s, %s, %s, 'draft', 0, 0, NULL, NULL) RETURNING id",
            [centre.pk, YEAR, QUARTER, scheme.pk],
        ).fetchone()[0]
        conn.execute(
            """
            INSERT INTO staffstars_enteredscore (round_id, staff_id, dimension, score, source, entered_by_id,
                entered_at)
            SELECT %(round)s, u.id, d, 60 + floor(random() * 41), 'import', %(head)s, now()
              FROM accounts_user u
              CROSS JOIN unnest(ARRAY['attendance', 'appearance', 'work_style', 'discipline']) d
             WHERE u.service_centre_id = %(centre)s
            """,
            {"round": star_round, "head": head, "centre": centre.pk},
        )
        conn.commit()
        t_load = time.perf_counter() - t1
        print(f"generated {counts} in {t_load:.1f} s", flush=True)
        t2 = time.perf_counter()
        conn.execute("SET maintenance_work_mem = '512MB'")
        for d in definitions:
            conn.execute(d)
        conn.execute("CREATE TABLE bench_meta (key text PRIMARY KEY, value text NOT NULL)")
        conn.execute(
            "INSERT INTO bench_meta VALUES ('version', %s), ('staff', %s), ('cases', %s), ('ratings', %s)",
            [GENERATOR_VERSION, str(staff), str(cases), str(ratings)],
        )
        conn.commit()
        t_index = time.perf_counter() - t2
        print(f"indexes rebuilt ({len(definitions)}): {t_index:.1f} s", flush=True)
    t_vacuum = db.vacuum_analyze(url)
    total = time.perf_counter() - t0
    print(f"VACUUM ANALYZE {t_vacuum:.1f} s; total {total:.1f} s", flush=True)
    return {**counts, "setup_s": round(t_setup, 1), "load_s": round(t_load, 1), "total_s": round(total, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument(
        "--staff", type=int, default=int(os.environ.get("ONEGO_BENCH_STAR_STAFF", DEFAULT_STAFF))
    )
    parser.add_argument(
        "--cases", type=int, default=int(os.environ.get("ONEGO_BENCH_STAR_CASES", DEFAULT_CASES))
    )
    parser.add_argument(
        "--ratings", type=int, default=int(os.environ.get("ONEGO_BENCH_STAR_RATINGS", DEFAULT_RATINGS))
    )
    parser.add_argument("--reuse-schema", action="store_true", help="skip drop, migrate and seed_demo")
    args = parser.parse_args(argv)
    generate(
        bench_url(args.database_url), args.staff, args.cases, args.ratings, reuse_schema=args.reuse_schema
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Generate N cases (default 1,000,000) into a THROWAWAY PostgreSQL database for the inbox / progress benchmark.

    DATABASE_URL=postgres://root@127.0.0.1:5432/onego_bench_cases .venv/bin/python bench/gen_cases.py --n 1000000

The database named in --database-url (default: $ONEGO_BENCH_CASES_URL, else $DATABASE_URL with the database
name replaced by `onego_bench_cases`) is DROPPED and recreated, migrated and seeded with `seed_demo` (the real
departments, demo users and catalogue). The name must contain "bench": this never touches a real database.

Then, with PostgreSQL COPY (psycopg 3), it writes:
- a few thousand extra applicant users (persons with ID numbers, enterprises with credit codes);
- N cases spread over two years of `submitted_at`, ids in submission order, about 85 % closed (approved,
  refused, not accepted, withdrawn, terminated), departments skewed (the market supervision bureau busiest),
  colours mostly green with some yellow / red, `id_tail` from the applicant's code, a random `query_code`, unique
  numbers in the real format (implementation code + yyyyMMdd + 4-digit daily sequence) with their CaseSequence
  rows;
- the tasks of each case from its item version's real process definition: closed cases carry their done
  tasks, open cases 1–3 tasks (done ones of earlier steps, open one(s) of the current step; countersign
  steps one per branch, in the branch's department), plus a correction pause for cases awaiting correction.

Secondary indexes of the two big tables are dropped during the load and rebuilt after it (the same
definitions, read from pg_indexes), foreign-key triggers are skipped (session_replication_role = replica;
the generator writes only valid keys), and VACUUM ANALYZE runs at the end. Prints rows per second.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

if __package__ in (None, ""):  # run as a script: bench/ is on the path, the repository root is not
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import db  # noqa: E402

DEFAULT_DB = "onego_bench_cases"
DEFAULT_N = 1_000_000
CHUNK = 20_000  # rows per copy.write
# the public progress query's secret, as onego.cases.numbers draws it (here from the seeded generator)
QUERY_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
QUERY_CODE_LENGTH = 6

# Share of cases per demo department key (items are picked uniformly inside the department).
DEPARTMENT_WEIGHTS = {"scjg": 34, "zjj": 14, "ga": 12, "gzj": 10, "wjj": 10, "fgj": 8, "jyzx": 7, "zsj": 5}
CLOSED_OUTCOMES = [("approved", 88), ("refused", 3), ("not_accepted", 4), ("withdrawn", 4), ("terminated", 1)]
OPEN_SHARE = 0.15
OPEN_COLOURS = [("green", 80), ("yellow", 12), ("red", 8)]
CLOSED_COLOURS = [("green", 95), ("yellow", 3), ("red", 2)]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红海燕文辉晓东玲"
SHOPS = ["餐饮", "商贸", "科技", "食品", "建材", "物流", "医药", "服饰", "电子", "装饰"]


def bench_url(explicit: str | None = None) -> str:
    """The throwaway database's URL: explicit, $ONEGO_BENCH_CASES_URL, or $DATABASE_URL renamed."""
    return db.bench_url(explicit, env="ONEGO_BENCH_CASES_URL", default_db=DEFAULT_DB, generator="gen_cases")


def _weighted(rng: random.Random, pairs: list[tuple[str, int]]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


class Loader:
    def __init__(self, url: str, n: int, applicants: int, seed: int) -> None:
        self.url, self.n, self.applicants, self.rng = url, n, applicants, random.Random(seed)
        self.today = date.today()
        self.counts: dict[str, int] = {}

    # --- Django part: schema, demo data, catalogue ------------------------------------------------------------
    def read_catalogue(self) -> None:
        from django.contrib.auth.models import Group

        from onego.accounts.models import Department, User
        from onego.catalog.models import ItemVersion, VersionStatus
        from onego.core.calendar import get_calendar
        from onego.demo import accounts as demo

        self.calendar = get_calendar()
        self._deadline_cache: dict[tuple[date, int], date] = {}
        depts = {d.credit_code: d for d in Department.objects.all()}
        key_of = {code: key for key, code in demo.DEPARTMENT_CODES.items()}
        self.dept_id_by_code = {code: d.pk for code, d in depts.items()}
        self.dept_id_by_key = {key_of[c]: d.pk for c, d in depts.items() if c in key_of}
        versions: dict[int, list[dict]] = {}
        for v in (
            ItemVersion.objects.select_related("item")
            .filter(status=VersionStatus.PUBLISHED)
            .order_by("item_id", "-version")
        ):
            if any(x["item_id"] == v.item_id for x in versions.get(v.item.department_id, [])):
                continue  # the newest published version of each item
            steps = self._steps(v)
            versions.setdefault(v.item.department_id, []).append(
                {
                    "item_id": v.item_id,
                    "version_id": v.pk,
                    "code": v.item.implementation_code,
                    "statutory": v.statutory_limit_workdays,
                    "promised": v.promised_limit_workdays,
                    "route": (v.routes or ["approval"])[0],
                    "steps": steps,
                }
            )
        self.versions_by_dept = versions
        self.dept_choices = [
            (self.dept_id_by_key[k], w)
            for k, w in DEPARTMENT_WEIGHTS.items()
            if self.dept_id_by_key.get(k) in versions
        ]
        self.groups = {g.name: g.pk for g in Group.objects.all()}
        self.demo_applicants = list(User.objects.filter(username__in=["citizen", "enterprise"]))
        self.max_user_id = User.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    def _steps(self, version) -> list[dict]:
        """The process as a straight line of steps (the happy path from `start`), each with its task specs."""
        process = version.process or {}
        by_key = {s["key"]: s for s in process.get("steps", [])}
        out, key, seen = [], process.get("start"), set()
        while key in by_key and key not in seen:
            seen.add(key)
            s = by_key[key]
            actor = s.get("actor", {})
            role = actor.get("role", "")
            specs = []
            if s.get("kind") == "countersign":
                for b in s.get("branches", []):
                    specs.append((role, self._dept(b.get("department"), version), b.get("name", "")))
            else:
                specs.append((role, self._dept(actor.get("department", "item"), version), ""))
            out.append(
                {
                    "key": key,
                    "kind": s.get("kind", ""),
                    "name": s.get("name", key),
                    "tasks": specs,
                    "budget": int(s.get("budget_workdays", 0) or 0),
                }
            )
            nxt = [a.get("target") for a in s.get("actions", []) if a.get("target") in by_key]
            key = nxt[0] if nxt else None
        return out

    def _dept(self, spec: str | None, version) -> int:
        if spec in (None, "", "item", "branches"):
            return version.item.department_id
        return self.dept_id_by_code[spec]

    # --- helpers ------------------------------------------------------------------------------------------------
    def add_workdays(self, start: date, n: int) -> date:
        key = (start, n)
        hit = self._deadline_cache.get(key)
        if hit is None:
            hit = self._deadline_cache[key] = self.calendar.add_workdays(start, min(n, 3650)).deadline
        return hit

    @staticmethod
    def ts(day: date, minute: int) -> str:
        return f"{day.isoformat()} {8 + minute // 60:02d}:{minute % 60:02d}:{minute * 7 % 60:02d}+08"

    # --- users ------------------------------------------------------------------------------------------------
    def load_users(self, conn) -> None:
        from stdnum.cn import ric, uscc

        rng, uid = self.rng, self.max_user_id
        self.applicant_pool: list[tuple[int, str, str, str]] = []  # (user id, kind, name, code)
        for u in self.demo_applicants:
            if u.enterprise_credit_code:
                self.applicant_pool.append((u.pk, "enterprise", u.enterprise_name, u.enterprise_credit_code))
            else:
                self.applicant_pool.append((u.pk, "person", u.real_name, u.id_number))
        users, memberships = [], []
        joined = f"{self.today - timedelta(days=800)} 09:00:00+08"
        n_ent = self.applicants // 4
        for i in range(self.applicants):
            uid += 1
            birth = date(1960, 1, 1) + timedelta(days=rng.randrange(16000))
            body = f"440111{birth:%Y%m%d}{i % 1000:03d}"
            # the sequence digits alone are not unique across 3000 people: vary the area code too
            body = f"4401{11 + i // 1000:02d}{body[6:]}"
            id_number = body + ric.calc_check_digit(body)
            name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))
            if i < n_ent:
                core = f"91440111MA{i:07X}"[:17].replace("I", "J").replace("O", "P")
                credit = core + uscc.calc_check_digit(core)
                ent = f"广州市白云区{name[:1]}{rng.choice(SHOPS)}有限公司"
                role, kind, code, shown = "applicant_enterprise", "enterprise", credit, ent
            else:
                credit, ent = "", ""
                role, kind, code, shown = "applicant_person", "person", id_number, name
            users.append(
                f"{uid}\t!bench\t\\N\tf\tbench_app_{i:05d}\t\t\t\tf\tt\t{joined}\t{name}\t\t{id_number}\t"
                f"{credit}\t{ent}\tbench\t\\N\n"
            )
            memberships.append(f"{uid}\t{self.groups[role]}\n")
            self.applicant_pool.append((uid, kind, db.copy_text(shown), code))
        # one extra window clerk in the busiest department (the demo clerk sits at the comprehensive window)
        uid += 1
        users.append(
            f"{uid}\t!bench\t\\N\tf\tbench_clerk_scjg\t\t\t\tf\tt\t{joined}\t市场监管窗口\t\t\t\t\tbench\t"
            f"{self.dept_id_by_key['scjg']}\n"
        )
        memberships.append(f"{uid}\t{self.groups['window_clerk']}\n")
        cols = (
            "id, password, last_login, is_superuser, username, first_name, last_name, email, is_staff, "
            "is_active, date_joined, real_name, phone, id_number, enterprise_credit_code, enterprise_name, "
            "identity_source, department_id"
        )
        with conn.cursor() as cur:
            with cur.copy(f"COPY accounts_user ({cols}) FROM STDIN") as cp:
                cp.write("".join(users))
            with cur.copy("COPY accounts_user_groups (user_id, group_id) FROM STDIN") as cp:
                cp.write("".join(memberships))
        self.counts["users"] = len(users)
        # applicants apply unevenly: a few frequent ones (agents, chains), a long tail
        self.applicant_weights = [
            1 + (rng.paretovariate(1.5) if rng.random() < 0.2 else 0) for _ in self.applicant_pool
        ]

    # --- cases and tasks --------------------------------------------------------------------------------------
    def plan(self) -> list[tuple[int, bool]]:
        """(day offset before today, open?) per case, in submission order."""
        rng, n = self.rng, self.n
        n_open = int(n * OPEN_SHARE)
        days = [(rng.randint(20, 730), False) for _ in range(n - n_open)]
        days += [(-1, True)] * n_open  # open cases: dated from their deadline below
        return days

    def load_cases(self, conn) -> None:
        rng, today = self.rng, self.today
        plan = self.plan()
        rng.shuffle(plan)
        # Decide everything first, then sort by submission time so that ids follow time as in production.
        dept_ids = [d for d, _ in self.dept_choices]
        dept_w = [w for _, w in self.dept_choices]
        pool, pool_w = self.applicant_pool, self.applicant_weights
        picks_dept = rng.choices(dept_ids, weights=dept_w, k=len(plan))
        picks_app = rng.choices(range(len(pool)), weights=pool_w, k=len(plan))
        rows = []
        for (offset, is_open), dept_id, app in zip(plan, picks_dept, picks_app, strict=True):
            v = rng.choice(self.versions_by_dept[dept_id])
            if is_open:
                colour = _weighted(rng, OPEN_COLOURS)
                deadline = today + timedelta(
                    days={
                        "green": rng.randint(3, 30),
                        "yellow": rng.randint(0, 2),
                        "red": -rng.randint(1, 20),
                    }[colour]
                )
                span = max(1, int(v["promised"] * 1.45))
                submitted = min(today, deadline - timedelta(days=span))
                submitted = max(submitted, today - timedelta(days=90))
            else:
                colour = _weighted(rng, CLOSED_COLOURS)
                submitted = today - timedelta(days=offset)
                deadline = None
            minute = rng.randrange(540)
            rows.append((submitted, minute, is_open, colour, deadline, dept_id, v, app))
        rows.sort(key=lambda r: (r[0], r[1]))

        seq: dict[tuple[str, date], int] = {}
        case_cols = (
            "id, number, applicant_kind, applicant_name, applicant_code, id_tail, query_code, channel, route, "
            "idempotency_key, status, outcome, current_step, version, form_data, signature, "
            "commitment_signed, visits, correction_rounds, submitted_at, accepted_on, closed_at, "
            "statutory_limit_workdays, promised_limit_workdays, promised_deadline, statutory_deadline, "
            "step_started_on, step_deadline, calendar_complete, colour, actual_workdays, applicant_id, "
            "bundle_case_id, department_id, item_id, item_version_id"
        )
        task_cols = (
            "id, step_key, step_kind, step_name, role, branch, status, due_on, created_at, completed_at, "
            "action, note, case_id, completed_by_id, department_id"
        )
        case_buf: list[str] = []
        task_buf: list[str] = []
        pause_buf: list[str] = []
        task_id = 0
        n_tasks = n_open_tasks = 0
        sample_numbers: list[str] = []
        started = time.perf_counter()
        with conn.cursor() as cur, cur.copy(f"COPY cases_case ({case_cols}) FROM STDIN") as case_cp:
            # two COPYs cannot run on one connection at once: tasks go to a second connection
            task_conn = self._second
            task_cur = task_conn.cursor()
            with task_cur.copy(f"COPY cases_task ({task_cols}) FROM STDIN") as task_cp:
                for case_id, (submitted, minute, is_open, colour, deadline, dept_id, v, app) in enumerate(
                    rows, 1
                ):
                    uid, kind, name, code = pool[app]
                    key = (v["code"], submitted)
                    s = seq.get(key, 0) + 1
                    seq[key] = s
                    number = f"{v['code']}{submitted:%Y%m%d}{s:04d}"
                    if case_id % 997 == 0:
                        sample_numbers.append(number)
                    channel = "window" if rng.random() < 0.3 else "online"
                    visits = 1 if channel == "window" else 0
                    promised_dl = deadline or self.add_workdays(submitted, v["promised"])
                    statutory_dl = self.add_workdays(submitted, max(v["statutory"], v["promised"]))
                    steps = v["steps"]
                    sub_ts = self.ts(submitted, minute)
                    corrections = 0
                    if is_open:
                        k = min(len(steps) - 1, rng.choice((0, 0, 1, 1, 1, 2)))
                        status = "submitted" if k == 0 else "in_progress"
                        if k == 0 and rng.random() < 0.15:
                            status, corrections = "correction", 1
                        accepted = "\\N" if k == 0 else submitted.isoformat()
                        outcome, closed_ts, actual = "", "\\N", "\\N"
                        current = steps[k]["key"]
                        step_dl = deadline - timedelta(days=rng.randint(0, 2))
                        step_started = submitted if k == 0 else min(today, submitted + timedelta(days=k))
                        done_steps, open_step = steps[:k], steps[k]
                        end_day = today
                    else:
                        outcome = _weighted(rng, CLOSED_OUTCOMES)
                        status, current, step_dl, step_started = "closed", "", None, None
                        used = max(
                            0, min(v["promised"], int(rng.triangular(0, v["promised"], v["promised"] * 0.6)))
                        )
                        if colour != "green":
                            used = v["promised"] + rng.randint(0, 3)
                        end_day = self.add_workdays(submitted, used)
                        accepted = "\\N" if outcome == "not_accepted" else submitted.isoformat()
                        closed_ts, actual = self.ts(end_day, (minute + 60) % 540), str(used)
                        done_steps = steps if outcome == "approved" else steps[: max(1, len(steps) // 2)]
                        open_step = None
                        corrections = 1 if rng.random() < 0.05 else 0
                    case_buf.append(
                        f"{case_id}\t{number}\t{kind}\t{name}\t{code}\t{code[-4:].upper()}\t"
                        f"{''.join(rng.choices(QUERY_CODE_ALPHABET, k=QUERY_CODE_LENGTH))}\t{channel}\t{v['route']}\t"
                        f"\t{status}\t{outcome}\t{current}\t{1 + len(done_steps)}\t{{}}\t\tf\t{visits}\t{corrections}\t"
                        f"{sub_ts}\t{accepted}\t{closed_ts}\t{v['statutory']}\t{v['promised']}\t{promised_dl}\t"
                        f"{statutory_dl}\t{step_started or chr(92) + 'N'}\t{step_dl or chr(92) + 'N'}\tt\t{colour}\t"
                        f"{actual}\t{uid}\t\\N\t{dept_id}\t{v['item_id']}\t{v['version_id']}\n"
                    )
                    span = max(1, (end_day - submitted).days)
                    for i, st in enumerate(done_steps):
                        made = submitted + timedelta(days=span * i // max(1, len(done_steps)))
                        done = submitted + timedelta(days=span * (i + 1) // max(1, len(done_steps)))
                        for role, tdept, branch in st["tasks"]:
                            task_id += 1
                            task_buf.append(
                                f"{task_id}\t{st['key']}\t{st['kind']}\t{st['name']}\t{role}\t{branch}\tdone\t"
                                f"{done}\t{self.ts(made, minute)}\t{self.ts(done, (minute + 30) % 540)}\t"
                                f"agree\t\t{case_id}\t\\N\t{tdept}\n"
                            )
                    if open_step is not None:
                        made = min(today, submitted + timedelta(days=len(done_steps)))
                        for role, tdept, branch in open_step["tasks"]:
                            task_id += 1
                            n_open_tasks += 1
                            task_buf.append(
                                f"{task_id}\t{open_step['key']}\t{open_step['kind']}\t{open_step['name']}\t{role}\t"
                                f"{branch}\topen\t{step_dl}\t{self.ts(made, minute)}\t\\N\t\t\t{case_id}\t\\N\t"
                                f"{tdept}\n"
                            )
                        if status == "correction":
                            pause_buf.append(
                                f"correction\t补正\t{today - timedelta(days=rng.randint(0, 5))}\t\\N\t"
                                f"{case_id}\n"
                            )
                    if len(case_buf) >= CHUNK:
                        case_cp.write("".join(case_buf))
                        case_buf.clear()
                    if len(task_buf) >= CHUNK:
                        n_tasks += len(task_buf)
                        task_cp.write("".join(task_buf))
                        task_buf.clear()
                    if case_id % 200_000 == 0:
                        el = time.perf_counter() - started
                        print(
                            f"  {case_id:,} cases, {n_tasks + len(task_buf):,} tasks, {el:.1f} s "
                            f"({case_id / el:,.0f} cases/s)",
                            flush=True,
                        )
                if task_buf:
                    n_tasks += len(task_buf)
                    task_cp.write("".join(task_buf))
            if case_buf:
                case_cp.write("".join(case_buf))
        task_conn.commit()
        with conn.cursor() as cur:
            with cur.copy(
                "COPY cases_casepause (kind, reason, started_on, ended_on, case_id) FROM STDIN"
            ) as cp:
                cp.write("".join(pause_buf))
            with cur.copy("COPY cases_casesequence (prefix, day, last) FROM STDIN") as cp:
                cp.write("".join(f"{p}\t{d}\t{last}\n" for (p, d), last in seq.items()))
        self.counts.update(
            cases=len(rows), tasks=n_tasks, open_tasks=n_open_tasks, pauses=len(pause_buf), sequences=len(seq)
        )
        self.sample_numbers = sample_numbers

    # --- indexes ------------------------------------------------------------------------------------------------
    TABLES = ("cases_case", "cases_task")

    def run(self) -> dict[str, object]:
        import psycopg

        t0 = time.perf_counter()
        db.recreate_database(self.url)
        db.setup_django(self.url)
        self.read_catalogue()
        from django.db import connections

        connections.close_all()
        t_setup = time.perf_counter() - t0
        print(f"schema + seed_demo: {t_setup:.1f} s", flush=True)
        with psycopg.connect(db.conninfo(self.url)) as conn, psycopg.connect(db.conninfo(self.url)) as second:
            self._second = second
            for c in (conn, second):
                c.execute("SET session_replication_role = replica")  # skip FK triggers during the load
                c.execute("SET synchronous_commit = off")
            definitions = db.drop_secondary_indexes(conn, self.TABLES)
            conn.commit()
            t1 = time.perf_counter()
            self.load_users(conn)
            self.load_cases(conn)
            conn.commit()
            t_load = time.perf_counter() - t1
            rows = sum(v for k, v in self.counts.items() if k in ("cases", "tasks", "users", "pauses"))
            print(
                f"COPY: {self.counts} in {t_load:.1f} s = {rows / t_load:,.0f} rows/s "
                f"({self.counts['cases'] / t_load:,.0f} cases/s)",
                flush=True,
            )
            t2 = time.perf_counter()
            conn.execute("SET maintenance_work_mem = '512MB'")
            for d in definitions:
                conn.execute(d)
            for table in (
                "accounts_user",
                "accounts_user_groups",
                "cases_case",
                "cases_task",
                "cases_casepause",
                "cases_casesequence",
            ):
                conn.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT coalesce(max(id), 1) FROM {table}))"
                )
            conn.commit()
            t_index = time.perf_counter() - t2
            print(f"indexes rebuilt ({len(definitions)}): {t_index:.1f} s", flush=True)
        t_vacuum = db.vacuum_analyze(self.url)
        total = time.perf_counter() - t0
        print(
            f"VACUUM ANALYZE: {t_vacuum:.1f} s; total {total:.1f} s "
            f"({self.counts['cases'] / total:,.0f} cases/s end to end)",
            flush=True,
        )
        return {
            **self.counts,
            "setup_s": round(t_setup, 1),
            "copy_s": round(t_load, 1),
            "index_s": round(t_index, 1),
            "vacuum_s": round(t_vacuum, 1),
            "total_s": round(total, 1),
        }


def generate(
    n: int = DEFAULT_N, url: str | None = None, applicants: int = 3000, seed: int = 20261126
) -> dict:
    return Loader(bench_url(url), n, applicants, seed).run()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=int(os.environ.get("ONEGO_BENCH_CASES", DEFAULT_N)))
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--applicants", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=20261126)
    args = parser.parse_args(argv)
    url = bench_url(args.database_url)
    print(
        f"generating {args.n:,} cases into {db.database_name(url)} (dropped and recreated)",
        flush=True,
    )
    generate(args.n, url, args.applicants, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Generate the pre-review benchmark's throwaway PostgreSQL database: 1,000,000 social-insurance contribution months
and about 6,000 subsidy claims with 30,000 person-claims, with the enterprises and earlier payments they are
checked against (issue 16; docs/design.md "Performance targets").

The database (`onego_bench_prereview` on the server of DATABASE_URL, or $ONEGO_BENCH_PREREVIEW_URL) is DROPPED and
recreated: migrated, the demo seeded (`seed_demo`), the five subsidy schemes with their default rules
(`onego.demo.prereview_seed`), then every generated row loaded with COPY (secondary indexes dropped and rebuilt),
VACUUM ANALYZE. A table `bench_meta` records the sizes and the generator version so bench_prereview.py reuses it.

The data is deterministic (random.Random(2026)) and shaped like a quarter of Baiyun's claims (seed case 7):
- every claimant is insured by the claiming employer for the months before and in the claim period, except
  about 4 % insured a month short in the period and 2 % whose months are with another employer;
- about 3 % of claimants were already paid for an overlapping period (another scheme), the rest of the
  payments are for earlier quarters; ages follow the categories, 1 % of claimants over the age limit;
- about 2 % of enterprises are deregistered (注销), 2 % outside Baiyun, 1 % missing from the register;
- the rest of the 1,000,000 contribution months belong to people who claim nothing (the background).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import db  # noqa: E402

GENERATOR_VERSION = "1"
DEFAULT_PERSONS = 30_000
DEFAULT_CONTRIBUTIONS = 1_000_000
PERSONS_PER_CLAIM = 5  # on average; 1 to 9
PERIOD = (date(2026, 7, 1), date(2026, 9, 30))
HISTORY_MONTHS = 12  # contribution months of a claimant: 2025-10 … 2026-09
SOURCE = "基准测试 benchmark"
WHEN = "2026-10-01 09:00:00+08"
SCHEMES = ("social_insurance_subsidy", "post_subsidy", "hiring_subsidy", "startup_jobs_subsidy")
CATEGORIES = ("就业困难人员", "高校毕业生", "退役军人", "脱贫人口", "其他")


def bench_url(explicit: str | None = None) -> str:
    return db.bench_url(
        explicit,
        env="ONEGO_BENCH_PREREVIEW_URL",
        default_db="onego_bench_prereview",
        generator="gen_prereview.py",
    )


def read_meta(url: str) -> dict[str, str] | None:
    import psycopg

    try:
        with psycopg.connect(db.conninfo(url), connect_timeout=5) as conn:
            return dict(conn.execute("SELECT key, value FROM bench_meta").fetchall())
    except psycopg.Error:
        return None


def wanted_meta(persons: int, contributions: int) -> dict[str, str]:
    return {"persons": str(persons), "contributions": str(contributions), "version": GENERATOR_VERSION}


def _month(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


class Ids:
    """Unique valid ID numbers (GB 11643) and credit codes (GB 32100), made fast and without repeats."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()
        self.serial = 0

    def person(self, born: date, *, female: bool) -> str:
        from stdnum.cn import ric

        while True:
            seq = self.rng.randrange(0, 500) * 2 + (0 if female else 1)
            body = f"440111{born:%Y%m%d}{seq:03d}"
            number = body + ric.calc_check_digit(body + "0")
            if number not in self.used:
                self.used.add(number)
                return number

    def enterprise(self) -> str:
        from onego.core.identifiers import make_credit_code

        self.serial += 1
        return make_credit_code(f"91440111MA{self.serial:07d}")


class Loader:
    def __init__(self, url: str, persons: int, contributions: int) -> None:
        self.url, self.persons, self.contributions = url, persons, contributions
        self.counts: dict[str, Any] = {}
        self.rng = random.Random(2026)  # noqa: S311 — reproducible benchmark data

    def rows(self) -> dict[str, list[str]]:
        """Every generated row as a COPY text line, per table."""
        from onego.prereview.models import SubsidyScheme

        rng, ids = self.rng, Ids(self.rng)
        scheme_ids = dict(SubsidyScheme.objects.values_list("key", "pk"))
        first_month = _month_index(PERIOD[0]) - (HISTORY_MONTHS - 3)
        period_months = [_month(_month_index(PERIOD[0]) + k) for k in range(3)]
        out: dict[str, list[str]] = {
            "entity": [],
            "claim": [],
            "person": [],
            "contribution": [],
            "payment": [],
        }
        contributions = 0
        claim_id = person_id = payment_serial = 0
        remaining = self.persons
        while remaining > 0:
            size = min(remaining, rng.randint(1, 2 * PERSONS_PER_CLAIM - 1))
            remaining -= size
            claim_id += 1
            code = ids.enterprise()
            name = f"广州市白云区基准{claim_id:05d}有限公司"
            roll = rng.random()
            if roll < 0.01:
                pass  # missing from the register: unknown → check
            else:
                status = "注销" if roll < 0.03 else "存续"
                if 0.03 <= roll < 0.05:
                    address, authority = f"广州市天河区天河路{claim_id}号", "广州市天河区市场监督管理局"
                else:
                    address, authority = f"广州市白云区机场路{claim_id}号", "广州市白云区市场监督管理局"
                out["entity"].append(
                    f"{code}\t{name}\t\t有限责任公司\t{address}\t\t{authority}\t{status}\tbench\n"
                )
            scheme = rng.choice(SCHEMES)
            rate = {"social_insurance_subsidy": 90_000, "post_subsidy": 50_000, "hiring_subsidy": 40_000}.get(
                scheme, 60_000
            )
            total = 0
            for seq in range(1, size + 1):
                person_id += 1
                category = rng.choice(CATEGORIES)
                age = rng.randint(61, 64) if rng.random() < 0.01 else rng.randint(20, 48)
                female = rng.random() < 0.45
                born = date(PERIOD[0].year - age, rng.randint(1, 12), rng.randint(1, 28))
                id_number = ids.person(born, female=female)
                pname = f"基准{person_id:06d}"
                amount = 3 * rate
                total += amount
                out["person"].append(
                    f"{person_id}\t{claim_id}\t{seq}\t{pname}\t{id_number}\t{category}\t3\t{amount}\t\t[]\t0\t\t\t\t\\N\t\\N\t\\N\n"
                )
                roll = rng.random()
                employer = ids.enterprise() if roll < 0.02 else code  # 2 %: insured elsewhere
                months = [_month(first_month + k) for k in range(HISTORY_MONTHS)]
                if 0.02 <= roll < 0.06:
                    months = months[:-1]  # a month short in the period
                for month in months:
                    out["contribution"].append(
                        f"{pname}\t{id_number}\t{SOURCE}\t{WHEN}\t{employer}\t{name}\t{month}\t"
                        f"{rng.randint(4, 9)}00000\n"
                    )
                contributions += len(months)
                paid = rng.random()
                if paid < 0.2:
                    payment_serial += 1
                    overlapping = paid < 0.03
                    start = period_months[1] if overlapping else _month(_month_index(PERIOD[0]) - 3)
                    end = date(2026, 9, 30) if overlapping else date(2026, 6, 30)
                    out["payment"].append(
                        f"{pname}\t{id_number}\t{SOURCE}\t{WHEN}\t{code}\t{rng.choice(SCHEMES)}\t补贴\t{start}\t{end}\t"
                        f"{amount}\t{end}\tBENCH{payment_serial:08d}\t广州市白云区就业服务管理中心\n"
                    )
            out["claim"].append(
                f"{claim_id}\t{scheme_ids[scheme]}\tbench\tBENCH-{claim_id:06d}\t\t{{}}\t{code}\t{name}\t{PERIOD[0]}\t"
                f"{PERIOD[1]}\t2026-10-08\t{total}\t\\N\tcaptured\t\t0\t{WHEN}\t\\N\t\\N\t\\N\t\\N\t\n"
            )
        # the background: people who claim nothing, insured month by month at random employers
        background = 0
        employers = [ids.enterprise() for _ in range(2_000)]
        while contributions < self.contributions:
            background += 1
            female = rng.random() < 0.45
            id_number = ids.person(
                date(rng.randint(1966, 2004), rng.randint(1, 12), rng.randint(1, 28)), female=female
            )
            employer = rng.choice(employers)
            for k in range(min(HISTORY_MONTHS + 12, self.contributions - contributions)):
                out["contribution"].append(
                    f"背景{background}\t{id_number}\t{SOURCE}\t{WHEN}\t{employer}\t背景单位\t"
                    f"{_month(first_month - 12 + k)}\t"
                    "500000\n"
                )
                contributions += 1
        self.counts.update(
            claims=claim_id,
            persons=person_id,
            contributions=contributions,
            payments=payment_serial,
            entities=len(out["entity"]),
            background_persons=background,
        )
        return out

    def run(self) -> dict[str, Any]:
        import psycopg

        t0 = time.perf_counter()
        db.recreate_database(self.url)
        db.setup_django(self.url)
        from onego.demo import prereview_seed

        prereview_seed.seed_schemes()
        print(f"schema + seed_demo + schemes: {time.perf_counter() - t0:.1f} s", flush=True)
        t1 = time.perf_counter()
        rows = self.rows()
        t_rows = time.perf_counter() - t1
        print(f"rows made in {t_rows:.1f} s: {self.counts}", flush=True)
        from django.db import connections

        connections.close_all()
        copies = {
            "entity": "COPY registry_marketentity (credit_code, name, legal_representative, entity_type, address, "
            "business_scope, registration_authority, registration_status, source) FROM STDIN",
            "claim": "COPY prereview_claim (id, scheme_id, external_system, external_id, fingerprint, fields, "
            "enterprise_code, enterprise_name, period_start, period_end, submitted_on, amount_claimed_fen, case_id, "
            "status, verdict, risk, captured_at, prereviewed_at, decided_at, decided_by_id, written_back_at, "
            "receipt) FROM STDIN",
            "person": "COPY prereview_personclaim (id, claim_id, seq, name, id_number, category, months_claimed, "
            "amount_claimed_fen, verdict, reasons, risk, decision, final_verdict, override_reason, "
            "amount_approved_fen, decided_by_id, decided_at) FROM STDIN",
            "contribution": "COPY registry_contributionmonth (person_name, id_number, source, imported_at, "
            "employer_code, employer_name, month, base_fen) FROM STDIN",
            "payment": "COPY registry_subsidypayment (person_name, id_number, source, imported_at, employer_code, "
            "scheme, scheme_name, period_start, period_end, amount_fen, paid_on, reference, payer) FROM STDIN",
        }
        tables = (
            "registry_contributionmonth",
            "registry_subsidypayment",
            "prereview_claim",
            "prereview_personclaim",
        )
        with psycopg.connect(db.conninfo(self.url)) as conn:
            conn.execute("SET synchronous_commit = off")
            conn.execute("SET maintenance_work_mem = '512MB'")
            definitions = db.drop_secondary_indexes(conn, tables)
            t2 = time.perf_counter()
            with conn.cursor() as cur:
                for key, sql in copies.items():
                    with cur.copy(sql) as cp:
                        for start in range(0, len(rows[key]), 50_000):
                            cp.write("".join(rows[key][start : start + 50_000]))
            for table in ("prereview_claim", "prereview_personclaim"):
                conn.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                )
            conn.commit()
            t_copy = time.perf_counter() - t2
            print(f"COPY: {sum(len(v) for v in rows.values()):,} rows in {t_copy:.1f} s", flush=True)
            t3 = time.perf_counter()
            for definition in definitions:
                conn.execute(definition)
            conn.execute("CREATE TABLE bench_meta (key text PRIMARY KEY, value text NOT NULL)")
            with conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO bench_meta (key, value) VALUES (%s, %s)",
                    list(wanted_meta(self.persons, self.contributions).items()),
                )
            conn.commit()
            t_index = time.perf_counter() - t3
        connections.close_all()
        t_vacuum = db.vacuum_analyze(self.url)
        total = time.perf_counter() - t0
        print(f"indexes {t_index:.1f} s, VACUUM ANALYZE {t_vacuum:.1f} s; total {total:.1f} s", flush=True)
        return {
            **self.counts,
            "rows_s": round(t_rows, 1),
            "copy_s": round(t_copy, 1),
            "index_s": round(t_index, 1),
            "vacuum_s": round(t_vacuum, 1),
            "total_s": round(total, 1),
        }


def generate(
    persons: int = DEFAULT_PERSONS, contributions: int = DEFAULT_CONTRIBUTIONS, url: str | None = None
) -> dict[str, Any]:
    return Loader(bench_url(url), persons, contributions).run()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument(
        "--persons", type=int, default=int(os.environ.get("ONEGO_BENCH_PERSON_CLAIMS", DEFAULT_PERSONS))
    )
    parser.add_argument(
        "--contributions",
        type=int,
        default=int(os.environ.get("ONEGO_BENCH_CONTRIBUTIONS", DEFAULT_CONTRIBUTIONS)),
    )
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args(argv)
    url = bench_url(args.database_url)
    print(
        f"generating {args.persons:,} person-claims and {args.contributions:,} contribution months into "
        f"{db.database_name(url)} (dropped and recreated)",
        flush=True,
    )
    generate(args.persons, args.contributions, url)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

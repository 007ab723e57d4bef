"""Generate the policy matching benchmark's data into a THROWAWAY PostgreSQL database: N enterprises' facts
(default 300,000) and P policies (default 100).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/gen_policies.py --n 300000

The database named by --database-url (default: $ONEGO_BENCH_POLICIES_URL, else $DATABASE_URL with the
database name replaced by `onego_bench_policies`) is DROPPED and recreated, migrated and seeded with
`seed_demo` (departments, catalogue, the 19 demo policies, the demo facts of 2 designed and 300 generated
enterprises). The name must contain "bench": this never touches a real database.

Enterprises: the 2 designed ones and ``demo_facts.generated_enterprises(N - 2)`` (the first 300 are the ones
`seed_demo` loaded), their facts for 2025 from ``demo_facts.demo_fact_values`` (about 24 values each, 3 % of
them left out, so some outcomes are UNKNOWN) loaded with COPY into registry_enterprisefact, and one
MarketEntity row each (the name an offer shows).

Policies: P variants of the 15 enterprise policies of ``policy_data.POLICIES`` that have parameters, written
through ``onego.demo.policy_catalogue.seed_policies`` (so every version goes through ``add_version`` and its
validation). The 19
demo policies are suspended, so a run matches exactly the P variants. Each variant is a different rule:
- every parameter gets its own key (``<key>_b<nnn>``) and value; a literal threshold of a ``ge``/``gt``
  condition (``priority_hires ≥ 1``) becomes a parameter too;
- thresholds are tightened by a factor f (``ge``/``gt`` thresholds and "in business at least N months"
  multiplied, "within the last N months" windows divided; the direction flips under ``not``), f chosen by
  bisection on a sample of 20,000 other generated enterprises so that the variant's eligible share is
  near a target drawn log-uniformly from 0.3–6 % (application policies) or 0.1–2 % (免申即享 policies:
  narrow groups such as enterprises newly above designated size);
- amount parameters (rates, caps, fixed sums) are scaled by 0.8–2 (percentages kept ≤ 100).
A parameter that is also an edge of an amount's bands or tiers is left as it is (the bands must stay in
order). The realised shares are measured by the benchmark and printed.

A table ``bench_meta`` records the sizes and the generator version, so the benchmark regenerates the
database when they differ.
"""

from __future__ import annotations

import argparse
import copy
import math
import os
import random
import re
import sys
import time
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: bench/ is on the path, the repository root is not
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import db  # noqa: E402

DEFAULT_DB = "onego_bench_policies"
DEFAULT_N = 300_000
DEFAULT_POLICIES = 100
GENERATOR_VERSION = "2"
DATA_YEAR = 2025
ON = date(2026, 11, 27)  # demo_facts.DEMO_EVALUATION_DATE: matching with the facts of 2025
SOURCE = "基准测试 benchmark"
CHUNK = 5_000  # enterprises per COPY write
SAMPLE = 20_000  # enterprises the thresholds are calibrated on
APPLICATION_SHARE = (0.003, 0.06)  # eligible share targets, log-uniform
PROACTIVE_SHARE = (0.001, 0.02)
AMOUNT_FACTORS = (0.8, 1, 1.25, 1.5, 2)


def bench_url(explicit: str | None = None) -> str:
    """The throwaway database's URL: explicit, $ONEGO_BENCH_POLICIES_URL, or $DATABASE_URL renamed."""
    return db.bench_url(
        explicit, env="ONEGO_BENCH_POLICIES_URL", default_db=DEFAULT_DB, generator="gen_policies"
    )


def read_meta(url: str) -> dict[str, str] | None:
    """What the generator recorded, or None when the database or the table is missing."""
    import psycopg

    try:
        with psycopg.connect(db.conninfo(url), connect_timeout=5) as conn:
            return dict(conn.execute("SELECT key, value FROM bench_meta").fetchall())
    except psycopg.Error:
        return None


def wanted_meta(n: int, policies: int) -> dict[str, str]:
    return {"enterprises": str(n), "policies": str(policies), "version": GENERATOR_VERSION}


# --- policy variants ------------------------------------------------------------------------------------------


def _walk(node: Any, polarity: int = 1) -> Iterator[tuple[dict[str, Any], int]]:
    """Every condition node with its polarity (+1, or -1 under an odd number of `not`s)."""
    if isinstance(node, dict) and "op" in node:
        yield node, polarity
        for arg in node.get("args", []):
            yield from _walk(arg, -polarity if node["op"] == "not" else polarity)


def _amount_params(node: Any) -> tuple[set[str], set[str]]:
    """(parameters an amount reads, those of them that are band or tier edges)."""
    every: set[str] = set()
    edges: set[str] = set()

    def visit(value: Any, edge: bool) -> None:
        if isinstance(value, dict):
            if "param" in value and isinstance(value["param"], str):
                every.add(value["param"])
                if edge:
                    edges.add(value["param"])
            for key, item in value.items():
                visit(item, edge or key in ("from", "to", "up_to"))
        elif isinstance(value, list):
            for item in value:
                visit(item, edge)

    visit(node, False)
    return every, edges


_PLACEHOLDER = re.compile(
    r"\{([A-Za-z_][A-Za-z0-9_]*)((?::[a-z_]+)?)\}"
)  # as criteria's sentence placeholders


def _rename(value: Any, names: dict[str, str]) -> Any:
    """The JSON with parameter keys renamed, in operands and in sentence placeholders."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key == "param" and item in names:
                out[key] = names[item]
            elif key in ("zh", "en") and isinstance(item, str):  # {key} or {key:wan_yuan}
                out[key] = _PLACEHOLDER.sub(
                    lambda m: "{" + names.get(m.group(1), m.group(1)) + m.group(2) + "}", item
                )
            else:
                out[key] = _rename(item, names)
        return out
    if isinstance(value, list):
        return [_rename(item, names) for item in value]
    return value


class Template:
    """One demo policy as a family of variants: which parameters tighten, in which direction."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.conditions = copy.deepcopy(spec["conditions"])
        self.params = {p["key"]: p for p in copy.deepcopy(spec.get("parameters", []))}
        amount_params, edges = _amount_params(spec.get("amount"))
        self.amount_only = amount_params - edges
        self.direction: dict[str, int] = {}  # parameter → +1 (multiply by f to tighten) or -1 (divide)
        literal = 0
        for node, polarity in _walk(self.conditions):
            op = node["op"]
            if op in ("ge", "gt"):
                operand = node.get("to", {})
                if "value" in operand and isinstance(operand["value"], int) and operand["value"] >= 1:
                    literal += 1  # a literal threshold becomes a parameter of its own
                    key = f"{node['fact']}_min{literal if literal > 1 else ''}"
                    self.params[key] = {
                        "key": key,
                        "label_zh": f"{node['fact']} 门槛（基准测试）",
                        "label_en": f"{node['fact']} threshold (benchmark)",
                        "unit": "",
                        "versions": [
                            {"from": spec["effective_from"], "value": operand["value"], "reference": SOURCE}
                        ],
                    }
                    node["to"] = {"param": key}
                if "param" in node["to"]:
                    self.direction[node["to"]["param"]] = polarity
            elif op == "within_months" and "param" in node.get("months", {}):
                self.direction[node["months"]["param"]] = -polarity
        for key in edges:
            self.direction.pop(key, None)

    def variant(self, number: int, f: float, g: float) -> dict[str, Any]:
        """The policy spec of variant `number`: thresholds tightened by f, amount parameters scaled by g."""
        names = {key: f"{key}_b{number:03d}" for key in self.params}
        spec = copy.deepcopy(self.spec)
        spec["code"] = f"{self.spec['code']}-b{number:03d}"
        spec["name_zh"] = f"{self.spec['name_zh']}（基准测试变体 {number}）"
        spec["name_en"] = f"{self.spec['name_en']} (benchmark variant {number})"
        spec["conditions"] = _rename(self.conditions, names)
        spec["amount"] = _rename(self.spec.get("amount"), names)
        spec["parameters"] = []
        for key, param in self.params.items():
            value = param["versions"][0]["value"]
            value = self.tightened(key, value, f)
            if key in self.amount_only and isinstance(value, int) and g != 1:
                value = max(1, round(value * g))
                if param.get("unit") == "%":
                    value = min(100, value)
            spec["parameters"].append(
                {
                    **param,
                    "key": names[key],
                    "versions": [
                        {
                            "from": spec["effective_from"],
                            "value": value,
                            "reference": f"{SOURCE}：{param['versions'][0]['reference']}",
                        }
                    ],
                }
            )
        return spec

    def tightened(self, key: str, value: Any, f: float) -> Any:
        direction = self.direction.get(key)
        if direction is None or f == 1 or not isinstance(value, int | Decimal):
            return value
        if direction > 0:  # up to two significant digits: 658,302,191,262 → 660,000,000,000
            raised = math.ceil(value * Decimal(str(f)))
            unit = 10 ** max(0, len(str(raised)) - 2)
            return -(-raised // unit) * unit
        return max(1, math.floor(value / Decimal(str(f))))


def templates() -> list[Template]:
    from onego.demo import policy_data

    return [
        Template(spec)
        for spec in policy_data.POLICIES
        if spec.get("target", "enterprise") == "enterprise" and spec.get("parameters")
    ]


class Calibrator:
    """Eligible shares of a rule over a sample of generated enterprises (other codes than the benchmark's)."""

    def __init__(self, size: int = SAMPLE) -> None:
        from onego.demo import facts as demo_facts

        codes = [code for code, _ in demo_facts.generated_enterprises(size, seed=7)]
        per: dict[str, dict[str, Any]] = {code: {} for code in codes}
        for code, key, _, value in demo_facts.demo_fact_values(codes, year=DATA_YEAR):
            per[code][key] = value
        self.codes, self.per = codes, per
        self.columns: dict[str, Any] = {}

    def share(self, spec: dict[str, Any]) -> float:
        import numpy as np

        from onego.policies import criteria
        from onego.policies.rules import stored_value

        rule = criteria.compile_rule(spec["conditions"])
        for key in rule.facts:
            if key not in self.columns:
                self.columns[key] = criteria.Column([self.per[code].get(key) for code in self.codes])
        params = criteria.ParameterSet(
            criteria.Parameter(
                p["key"],
                [
                    (date.fromisoformat(v["from"]), stored_value(v["value"]), v["reference"])
                    for v in p["versions"]
                ],
            )
            for p in spec["parameters"]
        )
        ranks = rule.bind(params, ON).evaluate_ranks(
            {key: self.columns[key] for key in rule.facts}, len(self.codes)
        )
        return float(np.count_nonzero(ranks == 2)) / len(self.codes)

    def factor(self, template: Template, number: int, target: float, g: float) -> tuple[float, float]:
        """The smallest f (to 2 %) whose eligible share is at most `target`, and that share."""
        low, share = 1.0, self.share(template.variant(number, 1.0, g))
        if share <= target or not template.direction:
            return 1.0, share
        high = 2.0
        while self.share(template.variant(number, high, g)) > target and high < 1e4:
            low, high = high, high * 2
        while high / low > 1.02:
            mid = math.sqrt(low * high)
            if self.share(template.variant(number, mid, g)) > target:
                low = mid
            else:
                high = mid
        return high, self.share(template.variant(number, high, g))


def policy_specs(count: int, calibrate: Calibrator, seed: int = 20261127) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    family = templates()
    specs = []
    for number in range(1, count + 1):
        template = family[(number - 1) % len(family)]
        low, high = PROACTIVE_SHARE if template.spec["mode"] == "proactive" else APPLICATION_SHARE
        target = math.exp(rng.uniform(math.log(low), math.log(high)))
        g = rng.choice(AMOUNT_FACTORS)
        f, share = calibrate.factor(template, number, target, g)
        spec = template.variant(number, f, g)
        spec["_calibration"] = {"target": target, "f": f, "sample_share": share}
        specs.append(spec)
    return specs


# --- the load ---------------------------------------------------------------------------------------------------


class Loader:
    def __init__(self, url: str, n: int, policies: int) -> None:
        self.url, self.n, self.policies = url, n, policies
        self.counts: dict[str, Any] = {}

    def write_policies(self) -> None:
        from types import SimpleNamespace

        from onego.demo import policy_data
        from onego.demo.policy_catalogue import seed_policies
        from onego.policies.models import Policy, PolicyStatus

        started = time.perf_counter()
        specs = policy_specs(self.policies, Calibrator())
        calibrated = time.perf_counter() - started
        Policy.objects.update(status=PolicyStatus.SUSPENDED)  # the 19 demo policies: shown, not matched
        seed_policies(
            SimpleNamespace(TAGS=policy_data.TAGS, FUNDS=policy_data.FUNDS, POLICIES=specs),
            actor="system:bench",
        )
        shares = sorted(spec["_calibration"]["sample_share"] for spec in specs)
        self.counts.update(
            policies=len(specs),
            calibrate_s=round(calibrated, 1),
            sample_share_median=round(shares[len(shares) // 2], 4),
            sample_share_mean=round(sum(shares) / len(shares), 4),
        )
        print(
            f"{len(specs)} policies calibrated in {calibrated:.1f} s; eligible share on the sample: "
            f"median {shares[len(shares) // 2]:.2%}, mean {sum(shares) / len(shares):.2%}, "
            f"min {shares[0]:.2%}, max {shares[-1]:.2%}",
            flush=True,
        )

    def load_facts(self, conn: Any) -> None:
        from onego.demo import facts as demo_facts
        from onego.registry.models import EnterpriseFact, FactDefinition, FactImport, MarketEntity

        definitions = {d.key: d for d in FactDefinition.objects.all()}
        column_of = {
            key: EnterpriseFact.VALUE_COLUMN[FactDefinition.ValueKind(d.kind)]
            for key, d in definitions.items()
        }
        slot = {"int_value": 0, "decimal_value": 1, "bool_value": 2, "date_value": 3, "text_value": 4}
        batch = FactImport.objects.create(
            source=SOURCE, file_name="bench/gen_policies.py", file_format="py", rows=self.n
        )
        have = set(MarketEntity.objects.values_list("credit_code", flat=True))
        designed = len(demo_facts.DESIGNED_FACTS)
        enterprises = [
            (code, name)
            for code, name in demo_facts.generated_enterprises(max(0, self.n - designed))
            if code not in have
        ]
        when = "2026-01-15 09:00:00+08"
        facts = entities = 0
        started = time.perf_counter()
        with conn.cursor() as cur:
            with cur.copy(
                "COPY registry_marketentity (credit_code, name, legal_representative, entity_type, address, "
                "business_scope, registration_authority, registration_status, source) FROM STDIN"
            ) as cp:
                for code, name in enterprises:
                    cp.write(f"{code}\t{db.copy_text(name)}\t\t有限责任公司\t\t\t\t存续\tbench\n")
                    entities += 1
            with cur.copy(
                "COPY registry_enterprisefact (entity_code, fact_id, period, int_value, decimal_value, "
                "bool_value, date_value, text_value, source, imported_at, batch_id) FROM STDIN"
            ) as cp:
                for start in range(0, len(enterprises), CHUNK):
                    codes = [code for code, _ in enterprises[start : start + CHUNK]]
                    lines = []
                    for code, key, period, value in demo_facts.demo_fact_values(codes, year=DATA_YEAR):
                        cells = ["\\N", "\\N", "\\N", "\\N", ""]
                        column = column_of[key]
                        if column == "bool_value":
                            cells[2] = "t" if value else "f"
                        else:
                            cells[slot[column]] = db.copy_text(value)
                        lines.append(
                            f"{code}\t{definitions[key].pk}\t{period}\t{chr(9).join(cells)}\t{SOURCE}\t"
                            f"{when}\t{batch.pk}\n"
                        )
                    cp.write("".join(lines))
                    facts += len(lines)
                    if (start // CHUNK) % 10 == 9:
                        elapsed = time.perf_counter() - started
                        print(
                            f"  {start + CHUNK:,} enterprises, {facts:,} facts, {elapsed:.1f} s", flush=True
                        )
        self.counts.update(enterprises_copied=entities, facts_copied=facts)

    def run(self) -> dict[str, Any]:
        import psycopg

        t0 = time.perf_counter()
        db.recreate_database(self.url)
        db.setup_django(self.url)
        print(f"schema + seed_demo: {time.perf_counter() - t0:.1f} s", flush=True)
        self.write_policies()
        from django.db import connections

        with psycopg.connect(db.conninfo(self.url)) as conn:
            conn.execute("SET synchronous_commit = off")
            conn.execute("SET maintenance_work_mem = '512MB'")
            definitions = db.drop_secondary_indexes(conn, ("registry_enterprisefact",))
            t1 = time.perf_counter()
            self.load_facts(conn)
            conn.commit()
            t_load = time.perf_counter() - t1
            print(
                f"COPY: {self.counts['facts_copied']:,} facts of {self.counts['enterprises_copied']:,} enterprises "
                f"in {t_load:.1f} s ({self.counts['facts_copied'] / max(t_load, 1e-9):,.0f} rows/s)",
                flush=True,
            )
            t2 = time.perf_counter()
            for definition in definitions:
                conn.execute(definition)
            conn.execute("CREATE TABLE bench_meta (key text PRIMARY KEY, value text NOT NULL)")
            with conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO bench_meta (key, value) VALUES (%s, %s)",
                    list(wanted_meta(self.n, self.policies).items()),
                )
            conn.commit()
            t_index = time.perf_counter() - t2
        connections.close_all()
        t_vacuum = db.vacuum_analyze(self.url)
        total = time.perf_counter() - t0
        print(f"indexes {t_index:.1f} s, VACUUM ANALYZE {t_vacuum:.1f} s; total {total:.1f} s", flush=True)
        return {
            **self.counts,
            "copy_s": round(t_load, 1),
            "index_s": round(t_index, 1),
            "vacuum_s": round(t_vacuum, 1),
            "total_s": round(total, 1),
        }


def generate(n: int = DEFAULT_N, policies: int = DEFAULT_POLICIES, url: str | None = None) -> dict[str, Any]:
    return Loader(bench_url(url), n, policies).run()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--n", type=int, default=int(os.environ.get("ONEGO_BENCH_ENTERPRISES", DEFAULT_N)))
    parser.add_argument(
        "--policies", type=int, default=int(os.environ.get("ONEGO_BENCH_POLICIES", DEFAULT_POLICIES))
    )
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args(argv)
    url = bench_url(args.database_url)
    print(
        f"generating {args.n:,} enterprises and {args.policies} policies into {db.database_name(url)} "
        "(dropped and recreated)",
        flush=True,
    )
    generate(args.n, args.policies, url)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark (issue 7): one 5-condition eligibility rule over 1,000,000 enterprises in memory — our criteria engine
against OpenFisca computing the same rule on the same data in the same run, with the ratio.

The rule (an SME support measure; every threshold a named, effective-dated parameter):
    all of: registered in the district (is_true) · headcount between 10 and 300 ("[]") · revenue ≥ 3,000,000 yuan
    (in fen) · established within 36 months of the evaluation date ("[]") · not a serious bad-credit record.

Data: N enterprises from a seeded `random.Random` (the same columns every run, without numpy). About 3 % of the
values of headcount, revenue, establishment date and bad-credit flag are missing (None), independently, so
about 11.5 % of the enterprises have at least one missing fact; a few revenues sit exactly on the threshold
and some establishment dates fall after the evaluation date, so the edges are exercised.

Ours (numpy columnar evaluator): `compile_rule(...).bind(ParameterSet, on)` once; the facts arrive as Python lists
(what the registry's `fact_columns` reader hands over), TRUE / FALSE / UNKNOWN per enterprise. Timed apart, each
three times (first and best reported):
  - "from lists": `BoundRule.evaluate_columns(lists)` — one call that converts the lists and evaluates, the call
    measured before the engine was vectorised (0.357 s, pure Python);
  - "conversion": `prepare_columns(lists, bound)` — lists → typed arrays + usable masks, once per fact, kept in
    the `Column`s (a matching run pays it once for all the policies that read a fact), also per fact;
  - "evaluation": `BoundRule.evaluate_ranks(prepared)` — the rule over converted columns, int8 ranks: the
    counterpart of OpenFisca's `calculate`;
  - `evaluate_columns_explained(prepared)` (every node's ranks kept) and `evaluate_columns(prepared)` (a list of
    1,000,000 Outcomes built too).
And, against the matching target, 100 explained evaluations over the first 300,000 enterprises sharing columns
converted once (the same rule 100 times: an estimate of the evaluation half, not the database half).

OpenFisca (openfisca-core, the `bench` extra): a TaxBenefitSystem with one person entity `enterprise`, a
Variable per fact, a formula Variable `eligible`, and the parameters as a ParameterNode built from a dict with
the same values and start date. A SimulationBuilder declares the N enterprises and `set_input` loads the numpy
arrays for the month 2026-11 (period start 2026-11-01 = our evaluation date). "build" (builder + set_input)
and "compute" (`calculate("eligible", period)`) are timed apart, three times on fresh simulations.

Missing values: OpenFisca has no UNKNOWN. A fact not given takes its Variable's default, so a missing value is
loaded as that default (False, 0, 1970-01-01) — what OpenFisca would compute had the input not been supplied.
The outcomes are compared on every row where no input is missing (they must be equal; the count of
disagreements must be 0) and, beyond that, on the rows ours decides although a fact is missing (Kleene: one
known failing condition decides FALSE). Where ours says UNKNOWN, OpenFisca's yes or no is counted, not judged.
OpenFisca's `int` is int32 and its `float` float32, so revenues in fen are kept below 2^31 (≤ 20,000,000 yuan).

Run through `bench/run.py bench_policies_inmemory` or alone: `python -m bench.bench_policies_inmemory`.
Without openfisca-core the OpenFisca half is one "skipped" row; ours still runs.
"""

from __future__ import annotations

import json
import os
import platform
import random
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
N = 1_000_000
SEED = 20261127
REPS = 3
TARGET_ROWS = 300_000  # docs/design.md "Performance targets": 100 policies over 300,000 enterprises
TARGET_POLICIES = 100
MISSING = 0.03  # share of missing values in each column that can be missing
ON = date(2026, 11, 1)  # evaluation date; OpenFisca's period 2026-11 starts on it
PERIOD = "2026-11"
EFFECTIVE_FROM = date(2024, 1, 1)
REFERENCE = "基准测试用虚构政策 第三条 (fictional measure for the benchmark)"
HEADCOUNT_MIN = 10
HEADCOUNT_MAX = 300
REVENUE_MIN_FEN = 300_000_000  # 3,000,000 yuan (300 万元)
WINDOW_MONTHS = 36
REVENUE_CAP_FEN = 2_000_000_000  # OpenFisca stores int as int32 (max 2,147,483,647)
BEFORE_SECONDS = 0.357  # evaluate_columns before it was vectorised (pure Python), docs/performance.md
SKIP_REASON = "openfisca-core is not installed: install with `make bench` (extra 'bench')"
FACTS = ("registered_in_district", "headcount", "revenue_fen", "established_on", "serious_bad_credit")

RULE: dict[str, Any] = {
    "op": "all",
    "sentence": {"zh": "同时满足以下条件", "en": "all of the following"},
    "args": [
        {
            "op": "is_true",
            "fact": "registered_in_district",
            "sentence": {"zh": "在本区注册", "en": "registered in the district"},
        },
        {
            "op": "between",
            "fact": "headcount",
            "low": {"param": "headcount_min"},
            "high": {"param": "headcount_max"},
            "bounds": "[]",
            "sentence": {"zh": "从业人数 {low} 至 {high} 人", "en": "a headcount of {low} to {high}"},
        },
        {
            "op": "ge",
            "fact": "revenue_fen",
            "to": {"param": "revenue_min_fen"},
            "sentence": {"zh": "上年度营业收入不低于 {to} 分", "en": "last year's revenue at least {to} fen"},
        },
        {
            "op": "within_months",
            "fact": "established_on",
            "months": {"param": "establishment_window_months"},
            "of": {"ref": "evaluation_date"},
            "bounds": "[]",
            "sentence": {"zh": "成立未满 {months} 个月", "en": "established within {months} months"},
        },
        {
            "op": "not",
            "sentence": {"zh": "无严重失信记录", "en": "no serious bad-credit record"},
            "args": [
                {
                    "op": "is_true",
                    "fact": "serious_bad_credit",
                    "sentence": {"zh": "有严重失信记录", "en": "a serious bad-credit record"},
                }
            ],
        },
    ],
}
PARAMETERS: dict[str, int] = {
    "headcount_min": HEADCOUNT_MIN,
    "headcount_max": HEADCOUNT_MAX,
    "revenue_min_fen": REVENUE_MIN_FEN,
    "establishment_window_months": WINDOW_MONTHS,
}


def _machine() -> str:
    cpu = "unknown"
    memory = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kib / 1024**2:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()}× {cpu}, {memory}, Python {platform.python_version()}, {platform.platform()}"


# --- data ---------------------------------------------------------------------------------------------------


def generate(n: int, seed: int = SEED) -> dict[str, list[Any]]:
    """The five fact columns for n enterprises, the same for the same seed; None where a fact is missing."""
    rng = random.Random(seed)
    r = rng.random

    def maybe(values: list[Any]) -> list[Any]:
        return [None if r() < MISSING else v for v in values]

    registered = [r() < 0.85 for _ in range(n)]  # the registry always knows where an enterprise is registered
    headcount = maybe([int(rng.expovariate(1 / 80)) for _ in range(n)])
    revenue: list[int] = []
    for _ in range(n):
        roll = r()
        if roll < 0.003:  # on the threshold and one fen under it
            revenue.append(REVENUE_MIN_FEN)
        elif roll < 0.006:
            revenue.append(REVENUE_MIN_FEN - 1)
        else:
            revenue.append(min(int(rng.expovariate(1 / 400_000_000)), REVENUE_CAP_FEN))
    # -30 … 2,400 days before the evaluation date: a few recorded after it, the window's two edges included.
    established = maybe([ON - timedelta(days=rng.randint(-30, 2400)) for _ in range(n)])
    bad_credit = maybe([r() < 0.02 for _ in range(n)])
    return {
        "registered_in_district": registered,
        "headcount": headcount,
        "revenue_fen": maybe(revenue),
        "established_on": established,
        "serious_bad_credit": bad_credit,
    }


def _edges(columns: dict[str, list[Any]]) -> dict[str, int]:
    """How many rows sit on each threshold or just past it, so the agreement check covers the edges."""
    from onego.policies.criteria import add_months

    headcount, revenue, established = columns["headcount"], columns["revenue_fen"], columns["established_on"]
    since = add_months(ON, -WINDOW_MONTHS)
    return {
        f"headcount={HEADCOUNT_MIN - 1}/{HEADCOUNT_MIN}": headcount.count(HEADCOUNT_MIN - 1)
        + headcount.count(HEADCOUNT_MIN),
        f"headcount={HEADCOUNT_MAX}/{HEADCOUNT_MAX + 1}": headcount.count(HEADCOUNT_MAX)
        + headcount.count(HEADCOUNT_MAX + 1),
        "revenue=min/min-1": revenue.count(REVENUE_MIN_FEN) + revenue.count(REVENUE_MIN_FEN - 1),
        "established on the window's first day/the day before": (
            established.count(since) + established.count(since - timedelta(days=1))
        ),
        "established on the evaluation date": established.count(ON),
        "established after the evaluation date": sum(
            1 for day in established if day is not None and day > ON
        ),
    }


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


# --- ours ---------------------------------------------------------------------------------------------------


def _best(fn: Callable[[], Any], reps: int = REPS) -> tuple[list[float], Any]:
    """Seconds of each of `reps` runs of fn and the last run's value (the previous one let go first)."""
    times: list[float] = []
    value: Any = None
    for _ in range(reps):
        value = None
        seconds, value = _timed(fn)
        times.append(seconds)
    return times, value


def _ours(columns: dict[str, list[Any]]) -> dict[str, Any]:
    """Timings of our engine (see the module docstring) and the outcomes of `evaluate_columns` on the lists."""
    import numpy as np

    from onego.policies.criteria import Column, Parameter, ParameterSet, compile_rule, prepare_columns

    params = ParameterSet(
        Parameter(key, [(EFFECTIVE_FROM, value, REFERENCE)]) for key, value in PARAMETERS.items()
    )
    rule = compile_rule(RULE)
    bind_seconds, bound = _timed(lambda: rule.bind(params, ON))
    from_lists, outcomes = _best(lambda: bound.evaluate_columns(columns))
    conversion, prepared = _best(lambda: prepare_columns(columns, bound))
    per_fact = {
        name: round(min(_best(partial(prepare_columns, {name: values}, bound))[0]), 4)
        for name, values in columns.items()
    }
    evaluation, ranks = _best(lambda: bound.evaluate_ranks(prepared))
    assert ranks.tolist() == [{"false": 0, "unknown": 1, "true": 2}[o.value] for o in outcomes]
    explained, _ = _best(lambda: bound.evaluate_columns_explained(prepared))
    outcome_list, _ = _best(lambda: bound.evaluate_columns(prepared))

    # 100 explained evaluations over 300,000 enterprises, columns converted once (the matching target's shape).
    subset = {name: values[:TARGET_ROWS] for name, values in columns.items()}
    target_conversion, shared = _timed(lambda: prepare_columns(subset, bound))
    target_evaluation, selected = _timed(
        lambda: [
            np.flatnonzero(bound.evaluate_columns_explained(shared).rank_array() != 0).size
            for _ in range(TARGET_POLICIES)
        ]
    )
    assert isinstance(next(iter(shared.values())), Column)
    return {
        "bind": bind_seconds,
        "from_lists": from_lists,
        "conversion": conversion,
        "per_fact": per_fact,
        "evaluation": evaluation,
        "explained": explained,
        "outcome_list": outcome_list,
        "outcomes": outcomes,
        "target_conversion": target_conversion,
        "target_evaluation": target_evaluation,
        "target_selected": selected[0],
    }


# --- OpenFisca ----------------------------------------------------------------------------------------------


def _openfisca_system() -> Any:
    """The same rule as a minimal OpenFisca tax-benefit system (built in code, no country package)."""
    import numpy as np
    from openfisca_core.entities import build_entity
    from openfisca_core.parameters import ParameterNode
    from openfisca_core.periods import DateUnit
    from openfisca_core.taxbenefitsystems import TaxBenefitSystem
    from openfisca_core.variables import Variable

    enterprise = build_entity("enterprise", "enterprises", "An enterprise", is_person=True)

    # OpenFisca names a variable by its class, hence the lower-case class names.
    class registered_in_district(Variable):
        value_type = bool
        entity = enterprise
        definition_period = DateUnit.MONTH
        label = "Registered in the district"

    class headcount(Variable):
        value_type = int
        entity = enterprise
        definition_period = DateUnit.MONTH
        label = "Headcount"

    class revenue_fen(Variable):
        value_type = int  # int32: fen up to 21,474,836.47 yuan
        entity = enterprise
        definition_period = DateUnit.MONTH
        label = "Last year's revenue in fen"

    class established_on(Variable):
        value_type = date
        entity = enterprise
        definition_period = DateUnit.MONTH
        label = "Date of establishment"

    class serious_bad_credit(Variable):
        value_type = bool
        entity = enterprise
        definition_period = DateUnit.MONTH
        label = "Has a serious bad-credit record"

    class eligible(Variable):
        value_type = bool
        entity = enterprise
        definition_period = DateUnit.MONTH
        label = "Eligible for the SME support measure"

        def formula(enterprise, period, parameters):  # OpenFisca's formula signature: no self
            p = parameters(period).sme_support
            on = np.datetime64(str(period.start), "D")
            since = np.datetime64(
                str(period.start.offset(-int(p.establishment_window_months), DateUnit.MONTH)), "D"
            )
            staff = enterprise("headcount", period)
            established = enterprise("established_on", period)
            return (
                enterprise("registered_in_district", period)
                & (staff >= p.headcount_min)
                & (staff <= p.headcount_max)
                & (enterprise("revenue_fen", period) >= p.revenue_min_fen)
                & (established >= since)
                & (established <= on)
                & ~enterprise("serious_bad_credit", period)
            )

    system = TaxBenefitSystem([enterprise])
    system.add_variables(
        registered_in_district, headcount, revenue_fen, established_on, serious_bad_credit, eligible
    )
    system.parameters = ParameterNode(
        "",
        data={
            "sme_support": {
                "description": "SME support measure (fictional, for the benchmark)",
                **{
                    key: {
                        "values": {EFFECTIVE_FROM.isoformat(): {"value": value}},
                        "metadata": {"reference": REFERENCE},
                    }
                    for key, value in PARAMETERS.items()
                },
            },
        },
    )
    return system


def _arrays(system: Any, columns: dict[str, list[Any]]) -> dict[str, Any]:
    """The columns as numpy arrays of each Variable's dtype; a missing value becomes the Variable's default."""
    import numpy as np

    arrays: dict[str, Any] = {}
    for name in FACTS:
        variable = system.get_variable(name)
        default = variable.default_value
        values = [default if v is None else v for v in columns[name]]
        arrays[name] = np.array(values, dtype=variable.dtype)
    return arrays


def _openfisca_build(system: Any, arrays: dict[str, Any], n: int) -> Any:
    import numpy as np
    from openfisca_core.simulations import SimulationBuilder

    builder = SimulationBuilder()
    builder.create_entities(system)
    builder.declare_person_entity("enterprise", np.arange(n))
    simulation = builder.build(system)
    for name, array in arrays.items():
        simulation.set_input(name, PERIOD, array)
    return simulation


def _openfisca(columns: dict[str, list[Any]], n: int) -> dict[str, Any]:
    import numpy as np
    import openfisca_core
    from openfisca_core.periods import DateUnit, period

    from onego.policies.criteria import add_months

    system = _openfisca_system()
    start = period(PERIOD).start
    assert str(start) == ON.isoformat()
    assert str(start.offset(-WINDOW_MONTHS, DateUnit.MONTH)) == add_months(ON, -WINDOW_MONTHS).isoformat()
    prepare_seconds, arrays = _timed(lambda: _arrays(system, columns))
    builds: list[float] = []
    computes: list[float] = []
    eligible: Any = None
    for _ in range(REPS):
        build_seconds, simulation = _timed(lambda: _openfisca_build(system, arrays, n))
        compute_seconds, eligible = _timed(partial(simulation.calculate, "eligible", PERIOD))
        builds.append(build_seconds)
        computes.append(compute_seconds)
    return {
        "builds": builds,
        "computes": computes,
        "prepare_seconds": prepare_seconds,
        "eligible": np.asarray(eligible, dtype=bool),
        "openfisca_core": getattr(openfisca_core, "__version__", None) or _version("openfisca-core"),
        "numpy": np.__version__,
    }


def _version(distribution: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return "?"


def _compare(columns: dict[str, list[Any]], outcomes: Sequence[Any], eligible: Any) -> dict[str, int]:
    """Both engines' outcomes, row by row: on complete rows, on rows ours decides despite a gap, and where
    ours is UNKNOWN (OpenFisca then answers from its defaults)."""
    from onego.policies.criteria import Outcome

    complete = [all(v is not None for v in row) for row in zip(*(columns[f] for f in FACTS), strict=True)]
    counts = dict.fromkeys(
        (
            "complete_rows",
            "complete_agree",
            "complete_disagree",
            "complete_unknown_ours",
            "gap_rows",
            "gap_decided_agree",
            "gap_decided_disagree",
            "unknown_ours",
            "unknown_ours_openfisca_true",
            "unknown_ours_openfisca_false",
        ),
        0,
    )
    for full, outcome, theirs in zip(complete, outcomes, eligible.tolist(), strict=True):
        if full:
            counts["complete_rows"] += 1
            if outcome is Outcome.UNKNOWN:
                counts["complete_unknown_ours"] += 1
            elif (outcome is Outcome.TRUE) == theirs:
                counts["complete_agree"] += 1
            else:
                counts["complete_disagree"] += 1
            continue
        counts["gap_rows"] += 1
        if outcome is Outcome.UNKNOWN:
            counts["unknown_ours"] += 1
            counts["unknown_ours_openfisca_true" if theirs else "unknown_ours_openfisca_false"] += 1
        elif (outcome is Outcome.TRUE) == theirs:
            counts["gap_decided_agree"] += 1
        else:
            counts["gap_decided_disagree"] += 1
    return counts


# --- the benchmark ------------------------------------------------------------------------------------------


def run(n: int = N) -> list[dict[str, Any]]:
    from onego.policies.criteria import Outcome

    machine = _machine()
    generate_seconds, columns = _timed(lambda: generate(n))
    ours = _ours(columns)
    outcomes = ours["outcomes"]
    evaluation_best, from_lists_best = min(ours["evaluation"]), min(ours["from_lists"])
    conversion_best = min(ours["conversion"])
    tally = {o.value: 0 for o in Outcome}
    for outcome in outcomes:
        tally[outcome.value] += 1

    def timing(times: list[float], digits: int = 4) -> dict[str, Any]:
        return {
            "seconds": round(min(times), digits),
            "best_of": len(times),
            "first_seconds": round(times[0], digits),
            "all_seconds": [round(t, digits) for t in times],
        }

    rows: list[dict[str, Any]] = [
        {
            "name": "policies.in-memory data generation (seeded random, 5 facts)",
            "n": n,
            "seconds": round(generate_seconds, 3),
            "seed": SEED,
            "missing_share_per_column": MISSING,
            "rows_on_an_edge": _edges(columns),
        },
        {
            "name": "policies.in-memory ours: evaluate_columns from"
            " Python lists (conversion + evaluation + Outcome list)",
            "n": n,
            **timing(ours["from_lists"]),
            "per_row_us": round(from_lists_best / n * 1e6, 3),
            "before_vectorising_seconds": BEFORE_SECONDS,
            "outcomes": tally,
            "machine": machine,
        },
        {
            "name": "policies.in-memory ours: conversion, lists → "
            "typed arrays + masks (prepare_columns, once per fact)",
            "n": n,
            **timing(ours["conversion"]),
            "per_fact_seconds": ours["per_fact"],
        },
        {
            "name": "policies.in-memory ours: evaluation over converted columns (evaluate_ranks, int8 ranks)",
            "n": n,
            **timing(ours["evaluation"], 5),
            "per_row_us": round(evaluation_best / n * 1e6, 4),
            "speed_up_over_before_x": round(BEFORE_SECONDS / evaluation_best, 1),
            "bind_ms": round(ours["bind"] * 1000, 3),
        },
        {
            "name": "policies.in-memory ours: evaluate_columns_explained over converted columns (every node kept)",
            "n": n,
            **timing(ours["explained"], 5),
        },
        {
            "name": "policies.in-memory ours: evaluate_columns over converted columns (list of Outcomes built)",
            "n": n,
            **timing(ours["outcome_list"], 5),
        },
        {
            "name": f"policies.in-memory ours: {TARGET_POLICIES} explained evaluations over {TARGET_ROWS:,} rows, "
            "columns converted once",
            "n": TARGET_ROWS,
            "policies": TARGET_POLICIES,
            "seconds": round(ours["target_evaluation"], 3),
            "conversion_seconds": round(ours["target_conversion"], 3),
            "not_false_rows_per_policy": ours["target_selected"],
        },
    ]
    print(f"machine: {machine}")
    print(
        f"data: {n:,} enterprises generated in {generate_seconds:.2f} s (seed {SEED}, {MISSING:.0%} missing "
        "in headcount, revenue, establishment date and bad-credit flag)"
    )
    print(
        f"ours, evaluate_columns from lists: first {ours['from_lists'][0]:.3f} s, best of {REPS} "
        f"{from_lists_best:.3f} s (before vectorising: {BEFORE_SECONDS} s); outcomes {tally}"
    )
    print(f"ours, conversion (prepare_columns): best {conversion_best:.3f} s; per fact {ours['per_fact']}")
    print(
        f"ours, evaluation (evaluate_ranks over converted columns): first {ours['evaluation'][0] * 1000:.2f} ms, "
        f"best {evaluation_best * 1000:.2f} ms ({BEFORE_SECONDS / evaluation_best:.0f}× faster than "
        f"{BEFORE_SECONDS} s); explained {min(ours['explained']) * 1000:.2f} ms; "
        f"with the Outcome list {min(ours['outcome_list']) * 1000:.1f} ms"
    )
    print(
        f"ours, {TARGET_POLICIES} explained evaluations over {TARGET_ROWS:,} rows: "
        f"{ours['target_evaluation']:.3f} s after a {ours['target_conversion']:.3f} s conversion"
    )
    try:
        import numpy  # noqa: F401
        import openfisca_core  # noqa: F401
    except ImportError:
        print(f"OpenFisca: skipped — {SKIP_REASON}")
        rows.append(
            {
                "name": "policies.in-memory OpenFisca (skipped)",
                "n": n,
                "seconds": 0.0,
                "skipped": True,
                "reason": SKIP_REASON,
            }
        )
        return rows

    theirs = _openfisca(columns, n)
    build_best, compute_best = min(theirs["builds"]), min(theirs["computes"])
    counts = _compare(columns, outcomes, theirs["eligible"])
    ratio = compute_best / evaluation_best
    ratio_lists = (theirs["prepare_seconds"] + build_best + compute_best) / from_lists_best
    versions = {"openfisca_core": theirs["openfisca_core"], "numpy": theirs["numpy"]}
    rows += [
        {
            "name": "policies.in-memory OpenFisca: build (SimulationBuilder + set_input of numpy arrays)",
            "n": n,
            **timing(theirs["builds"]),
            "lists_to_arrays_seconds (not in build)": round(theirs["prepare_seconds"], 3),
            **versions,
        },
        {
            "name": "policies.in-memory OpenFisca: calculate eligible (numpy)",
            "n": n,
            **timing(theirs["computes"], 5),
            "ratio_openfisca_compute_over_our_evaluation": round(ratio, 4),
            "ratio_openfisca_lists_build_compute_over_our_from_lists": round(ratio_lists, 3),
            "missing_as": "the Variable's default (False, 0, 1970-01-01)",
            **counts,
            **versions,
        },
    ]
    print(
        f"OpenFisca {theirs['openfisca_core']} (numpy {theirs['numpy']}): build first "
        f"{theirs['builds'][0]:.3f} s, best {build_best:.3f} s; calculate first {theirs['computes'][0] * 1000:.1f} ms, "
        f"best {compute_best * 1000:.1f} ms (lists → arrays beforehand {theirs['prepare_seconds']:.2f} s)"
    )
    print(
        f"ratio OpenFisca calculate / our evaluation = {ratio:.3f} (ours {1 / ratio:.2f}× OpenFisca's time); "
        f"from lists, (OpenFisca lists → arrays + build + calculate) / our evaluate_columns = {ratio_lists:.2f}"
    )
    print(
        f"agreement on {counts['complete_rows']:,} rows with no missing input: {counts['complete_agree']:,} agree, "
        f"{counts['complete_disagree']} disagree, {counts['complete_unknown_ours']} UNKNOWN in ours"
    )
    print(
        f"rows with a missing input: {counts['gap_rows']:,}; ours decides"
        f" {counts['gap_decided_agree'] + counts['gap_decided_disagree']:,} "
        f"of them (agree {counts['gap_decided_agree']:,}, disagree {counts['gap_decided_disagree']}); "
        f"UNKNOWN in ours {counts['unknown_ours']:,}, where OpenFisca said yes "
        f"{counts['unknown_ours_openfisca_true']:,} and no {counts['unknown_ours_openfisca_false']:,}"
    )
    if counts["complete_disagree"] or counts["complete_unknown_ours"] or counts["gap_decided_disagree"]:
        raise AssertionError(f"the engines disagree: {counts}")
    return rows


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    for result in run():
        print(json.dumps(result, ensure_ascii=False))

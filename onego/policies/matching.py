"""Proactive matching (免申即享 主动比对): evaluate policies over every enterprise at once, as a background job.

One run reads the facts its policies need once, as columns (`registry.facts.fact_table`: typed numpy arrays
from the packed facts on PostgreSQL), evaluates each policy's rule over the columns with numpy
(`criteria.BoundRule.evaluate_columns_explained`; every policy shares the columns and what they were converted
to), and stores the facts it read once (`RunFacts`, the run's snapshot, `snapshots`), per policy the rule
version, the parameter values and the counts (`RunPolicy`), and per eligible or unknown enterprise the outcome,
the amount and each condition's outcome (`MatchResult`). Not-eligible enterprises are counted, not stored (30
million rows a run would bury the useful ones; ADR 0002); anyone's explanation can be rebuilt from the stored
version, parameters and snapshot, or evaluated afresh (`rules.eligibility`). Eligible enterprises of 免申即享
policies then receive an offer (`offers.make_offers`).

Amounts are computed for the stored rows only, over the columns with integer numpy arithmetic that gives
exactly what `amounts` gives one enterprise (`_ColumnAmount`), or enterprise by enterprise where a formula
reads a Decimal fact. On PostgreSQL the results go in with binary COPY built by numpy (in two writer threads,
and the snapshot on a third, when run by a worker), elsewhere with bulk_create; both store the same rows
(onego/policies/tests/test_matching_paths.py). Numbers: docs/performance.md.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from operator import itemgetter
from queue import Queue
from threading import Thread
from typing import Any, Final

import numpy as np
import numpy.typing as npt
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from onego.accounts.models import User
from onego.core import audit, jobs
from onego.core.errors import ApiError
from onego.core.models import JobStatus
from onego.core.queue import enqueue_on_commit
from onego.policies import amounts, criteria, snapshots
from onego.policies.amounts import _RATE_DIVISOR
from onego.policies.criteria import Outcome
from onego.policies.models import (
    MatchResult,
    MatchRun,
    Policy,
    PolicyStatus,
    PolicyTarget,
    PolicyVersion,
    RunFacts,
    RunPolicy,
)
from onego.policies.offers import make_offers
from onego.policies.rules import default_as_of, parameter_set, version_facts
from onego.registry import facts as registry_facts

JOB_KIND = "policies.match"
WRITE_BATCH = 5000
PROGRESS_EVERY_S = 0.5
_LETTERS: Final = np.frombuffer(b"FUT", dtype=np.uint8)  # rank 0 FALSE, 1 UNKNOWN, 2 TRUE → its letter
_OUTCOME_TEXT: Final = (Outcome.FALSE.value, Outcome.UNKNOWN.value, Outcome.TRUE.value)
_NODE_OUTCOMES_MAX: Final = 200  # MatchResult.node_outcomes max_length
_COPY_SQL: Final = (
    "COPY policies_matchresult (entry_id, entity_code, outcome, amount_fen, node_outcomes) "
    "FROM STDIN (FORMAT binary)"
)
# PostgreSQL's binary COPY: signature, flags, header extension length; a field count of -1 ends the data.
_COPY_HEADER: Final = b"PGCOPY\n\xff\r\n\x00" + bytes(8)
_COPY_TRAILER: Final = b"\xff\xff"
CODE_LENGTH: Final = 18


def matchable(policy: Policy) -> bool:
    return policy.status == PolicyStatus.PUBLISHED and policy.target == PolicyTarget.ENTERPRISE


def start_run(
    *, actor: User | str, policy: Policy | None = None, on: date, as_of: str = "", make_offers: bool = True
) -> MatchRun:
    """Queue a matching run of one policy (or of every published enterprise policy); the worker does it."""
    if policy is not None and not matchable(policy):
        raise ApiError(
            "policy_not_matchable",
            gettext("只有已发布的企业类政策可以比对"),
            status=409,
        )
    as_of = as_of or default_as_of(on)
    if registry_facts.period_error("year", as_of) and registry_facts.period_error("month", as_of):
        raise ApiError(
            "bad_as_of",
            gettext("数据期间应为年份（如 2025）或月份（如 2025-06）"),
            status=422,
        )
    who = actor if isinstance(actor, str) else actor.username
    with transaction.atomic():
        job = jobs.create(JOB_KIND, started_by=who, stage=gettext_noop("排队中"))
        run = MatchRun.objects.create(job=job, policy=policy, on=on, as_of=as_of, make_offers=make_offers)
        audit.record(
            actor,
            "policies.match_started",
            run,
            policy=policy.code if policy else "*",
            on=on.isoformat(),
            as_of=as_of,
        )
    # With the broker down the run stays queued until the beat job "resume-matching" runs it.
    enqueue_on_commit("onego.policies.run_matching", run.pk)
    return run


def _plans(run: MatchRun) -> list[tuple[Policy, PolicyVersion]]:
    policies = (
        [run.policy]
        if run.policy is not None
        else list(
            Policy.objects.filter(status=PolicyStatus.PUBLISHED, target=PolicyTarget.ENTERPRISE).order_by(
                "code"
            )
        )
    )
    plans = []
    for policy in policies:
        version = policy.version_on(run.on)
        if version is not None:
            plans.append((policy, version))
    return plans


RESUME_GRACE = timedelta(minutes=10)  # a worker normally picks a run up within seconds


def resume_queued_runs(*, now: datetime | None = None) -> list[int]:
    """The beat job "resume-matching": run the matching runs still queued more than RESUME_GRACE after they were
    started (the run was never queued: the broker was down after commit), oldest first. Returns their ids."""
    cutoff = (now or timezone.now()) - RESUME_GRACE
    waiting = list(
        MatchRun.objects.filter(job__status=JobStatus.QUEUED, job__created_at__lt=cutoff)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for run_id in waiting:
        run_matching(run_id)
    return waiting


def run_matching(run_id: int) -> dict[str, Any]:
    """The worker's side of a run. Idempotent: a finished run is left alone; a run interrupted part way
    (a worker restarted) starts again from nothing."""
    run = MatchRun.objects.select_related("job", "policy").get(pk=run_id)
    if run.job.status == JobStatus.DONE:
        return dict(run.job.summary)
    try:
        return _run(run)
    except Exception as error:
        jobs.fail(run.job_id, error=f"{type(error).__name__}: {error}")
        raise


def _run(run: MatchRun) -> dict[str, Any]:
    RunPolicy.objects.filter(run=run).delete()
    RunFacts.objects.filter(run=run).delete()
    plans = _plans(run)
    offers_step = 1 if run.make_offers else 0
    jobs.begin(run.job_id, total=len(plans) + 1 + offers_step, stage=gettext_noop("读取企业数据"))
    keys = sorted({key for _, version in plans for key in version_facts(version)})
    facts = _read_facts(keys, run.as_of)
    params = parameter_set()
    jobs.advance(run.job_id, done=1)
    summary: dict[str, Any] = {"enterprises": len(facts.codes), "policies": []}
    shown = 0.0
    with _Writer(facts, len(plans)) as writer:
        writer.snapshot(run)
        for done, (policy, version) in enumerate(plans, start=2):
            if time.monotonic() - shown >= PROGRESS_EVERY_S:  # a progress write is a commit: not 100 a second
                jobs.advance(
                    run.job_id,
                    done=done - 1,
                    stage=policy.code,
                )
                shown = time.monotonic()
            entry = _match_policy(run, policy, version, facts, params, writer)
            summary["policies"].append(
                {
                    "code": policy.code,
                    "version": version.number,
                    "eligible": entry.eligible,
                    "not_eligible": entry.not_eligible,
                    "unknown": entry.unknown,
                    "amount_fen": entry.amount_fen,
                }
            )
    if run.make_offers:
        jobs.advance(run.job_id, done=len(plans) + 1, stage=gettext_noop("推送兑现通知"))
        summary["offers"] = make_offers(run)
    jobs.finish(run.job_id, summary=summary)
    return summary


# --- the facts of a run -----------------------------------------------------------------------------------------


class _Facts:
    """A run's facts: one criteria Column per key, shared by every policy (each fact is converted for the
    vector code once), and, per key and only when needed, the Python values."""

    def __init__(self, table: registry_facts.FactTable) -> None:
        self.codes = table.codes
        self.arrays = {key: _typed(array) for key, array in table.arrays.items()}
        self.columns = {
            key: criteria.Column(
                array.values,
                array.missing,
                scaled=None if array.scaled is None else (array.scaled, array.scale),
            )
            for key, array in self.arrays.items()
        }

    def __len__(self) -> int:
        return len(self.codes)

    def python(self, key: str) -> list[Any]:
        return self.arrays[key].python()

    def snapshot_values(self, key: str) -> list[Any]:
        """Per row, the value as the run's snapshot keeps it (``criteria.json_safe``), None where missing."""
        array = self.arrays[key]
        values = array.values
        if isinstance(values, np.ndarray) and values.dtype == np.dtype("datetime64[D]"):
            out: list[Any] = np.datetime_as_string(values, unit="D").tolist()
        elif isinstance(values, np.ndarray):  # int64, bool: as JSON has them
            out = values.tolist()
        else:
            python = array.python()
            kinds = set(map(type, python)) - {type(None)}
            if kinds <= {str, Decimal}:  # json_safe keeps a text and writes a Decimal's exact text: str()
                out = list(map(str, python)) if Decimal in kinds else list(python)
            else:
                out = [criteria.json_safe(value) for value in python]
        for row in np.flatnonzero(array.missing).tolist():
            out[row] = None
        return out

    @cached_property
    def code_bytes(self) -> npt.NDArray[np.bytes_] | None:
        """The codes as 18-byte ASCII strings for the binary COPY (every credit code is one), or None."""
        fixed = all(len(code) == CODE_LENGTH and code.isascii() for code in self.codes)
        return np.array(self.codes, dtype=f"S{CODE_LENGTH}") if fixed else None


def _typed(array: registry_facts.FactArray) -> registry_facts.FactArray:
    """Whole numbers read as Python ints (the generic reader) as an int64 array, which the column amounts and
    the rule evaluation read without a Python loop; the values (``python()``) stay the same."""
    if isinstance(array.values, np.ndarray):
        return array
    values = array.values
    if not all(value.__class__ is int for value in values if value is not None):
        return array
    try:
        data = np.fromiter(
            (0 if value is None else value for value in values), dtype=np.int64, count=len(values)
        )
    except OverflowError:  # beyond int64: the Python values stay
        return array
    return registry_facts.FactArray(data, array.missing)


def _read_facts(keys: Sequence[str], as_of: str) -> _Facts:
    return _Facts(registry_facts.fact_table(keys, as_of=as_of) if keys else registry_facts.FactTable([], {}))


# --- one policy -------------------------------------------------------------------------------------------------


@dataclass
class _Matched:
    """What one policy's evaluation gives the rows to store: for each stored row (ascending), its index in
    the run's facts, rank, amount and condition letters."""

    rows: npt.NDArray[np.intp]
    ranks: npt.NDArray[np.int8]
    amounts: list[int | None]
    letters: npt.NDArray[np.uint8]  # one row per stored row: its letters as ASCII bytes

    def letter_texts(self) -> list[str]:
        width = self.letters.shape[1]
        return [text.decode() for text in self.letters.view(f"S{width}").ravel().tolist()] if width else []


def _match_policy(
    run: MatchRun,
    policy: Policy,
    version: PolicyVersion,
    facts: _Facts,
    params: criteria.ParameterSet,
    writer: _Writer,
) -> RunPolicy:
    """Evaluate one policy over every enterprise and hand its RunPolicy and rows to the writer."""
    rule = criteria.compile_rule(version.conditions)
    bound = rule.bind(params, run.on)
    own = version_facts(version)
    explained = _evaluate(bound, {key: facts.columns[key] for key in own if key in facts.columns}, len(facts))
    paths = [node.path for node in rule.root.walk()]
    root = explained.rank_array(paths[0])
    rows = np.flatnonzero(root != 0)  # stored: eligible and unknown
    ranks = root[rows]
    counts = np.bincount(root, minlength=3)
    money = amounts.compile_amount(version.amount).bind(params, run.on) if version.amount else None
    fen, uses = _amounts(money, facts, rows) if money is not None else ([None] * len(rows), {})
    matched = _Matched(rows, ranks, fen, _letters(explained, paths, rows))
    total_fen = sum(
        amount for amount, rank in zip(fen, ranks.tolist(), strict=True) if amount is not None and rank == 2
    )
    for use_json in _parameter_uses(bound):
        uses.setdefault(use_json["key"], use_json)
    entry = RunPolicy(
        run=run,
        policy=policy,
        version=version,
        node_paths=paths,
        parameters=sorted(uses.values(), key=lambda use: use["key"]),
        evaluated=len(facts),
        eligible=int(counts[2]),
        not_eligible=int(counts[0]),
        unknown=int(counts[1]),
        amount_fen=total_fen,
    )
    writer.write(entry, matched)
    return entry


def _commit_without_waiting() -> None:
    """On PostgreSQL, let this transaction's commit return before its WAL reaches the disk (commits of ~10,000
    rows each add up to seconds). Safe for results: a crash loses at most the last commits of a run whose job
    is not finished yet, and the worker runs it again from nothing; ``jobs.finish`` commits normally, which
    also makes every earlier commit durable (WAL is written in order)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _evaluate(
    bound: criteria.BoundRule, columns: dict[str, criteria.Column], rows: int
) -> criteria.ColumnResults:
    return bound.evaluate_columns_explained(columns, rows=rows)


def _letters(
    explained: criteria.ColumnResults, paths: list[str], rows: npt.NDArray[np.intp]
) -> npt.NDArray[np.uint8]:
    """Each stored row's condition outcomes, one letter per node in the order of `paths` (T, F or U)."""
    paths = paths[:_NODE_OUTCOMES_MAX]
    letters = np.empty((len(rows), len(paths)), dtype=np.uint8)
    for column, path in enumerate(paths):
        letters[:, column] = _LETTERS[explained.rank_array(path)[rows]]
    return letters


def _amounts(
    money: amounts.BoundAmount, facts: _Facts, rows: npt.NDArray[np.intp]
) -> tuple[list[int | None], dict[str, dict[str, Any]]]:
    """Each stored row's amount, and the parameter versions the amounts used (as the row evaluation records
    them). Over the columns with numpy when the formula and its facts allow (`_ColumnAmount`), else row by
    row (`_row_amounts`)."""
    try:
        return _ColumnAmount(money, facts, rows).run()
    except _NotColumnar:
        return _row_amounts(money, facts, rows)


def _row_amounts(
    money: amounts.BoundAmount, facts: _Facts, rows: npt.NDArray[np.intp]
) -> tuple[list[int | None], dict[str, dict[str, Any]]]:
    """``money.evaluate`` per row. The formula sees only the facts it reads, so enterprises with equal values
    there get the same result: it is evaluated once per distinct set of values (a growth-rate band has a few
    hundred)."""
    keys = sorted(money.formula.facts)
    columns = [facts.python(key) if key in facts.arrays else None for key in keys]
    uses: dict[str, dict[str, Any]] = {}
    seen: dict[tuple[Any, ...], int | None] = {}
    out: list[int | None] = []
    for row in rows.tolist():
        values = tuple(None if column is None else column[row] for column in columns)
        # with the types: True == 1 as a key, but a bool is not a number to an amount
        remembered = (*values, *map(type, values))
        known = _hashable(remembered)
        amount = seen.get(remembered, _NOT_SEEN) if known else _NOT_SEEN
        if amount is _NOT_SEEN:
            result = money.evaluate(
                {key: value for key, value in zip(keys, values, strict=True) if value is not None}
            )
            amount = result.amount_fen
            if known:
                seen[remembered] = amount
            for key, used in result.parameters_used().items():
                if key not in uses:
                    uses[key] = used.to_json()
        out.append(amount)  # type: ignore[arg-type]
    return out, uses


_NOT_SEEN: Final = object()


def _hashable(values: tuple[Any, ...]) -> bool:
    try:
        hash(values)
    except TypeError:
        return False
    return True


class _NotColumnar(Exception):
    """A formula or a fact the column evaluation does not cover: the row evaluation decides."""


_WIDE: Final = (
    2**61
)  # int64 arithmetic below this magnitude (with room for 2x + d in _round); Python ints above


def _round(numerator: npt.NDArray[Any], denominator: int, rounding: amounts.Rounding) -> npt.NDArray[Any]:
    """numerator / denominator rounded as ``amounts.round_fen`` rounds the exact Decimal: half up (away from
    zero) or down (towards zero), to the fen or to the yuan (then back in fen)."""
    to_yuan = rounding in (amounts.Rounding.HALF_UP_YUAN, amounts.Rounding.DOWN_YUAN)
    if to_yuan:
        denominator *= 100
    size = np.abs(numerator)
    if rounding in (amounts.Rounding.HALF_UP_FEN, amounts.Rounding.HALF_UP_YUAN):
        rounded = (2 * size + denominator) // (2 * denominator)
    else:
        rounded = size // denominator
    rounded = np.where(numerator < 0, -rounded, rounded)
    return rounded * 100 if to_yuan else rounded


def _times(values: npt.NDArray[Any], factor: int) -> npt.NDArray[Any]:
    """values × factor, in int64 when it cannot overflow, else in Python ints (an object array)."""
    if values.dtype != np.dtype(object) and len(values) and int(np.abs(values).max()) * abs(factor) >= _WIDE:
        values = values.astype(object)
    return values * factor


class _ColumnAmount:
    """An amount formula over the stored rows of one policy at once, exactly as ``amounts.BoundAmount.
    evaluate`` does it row by row: integer fen, rates as exact fractions, the same rounding, floor and cap,
    UNKNOWN (None) for a missing, negative or out-of-range fact; and the parameters every node reached by at
    least one row names, as the row evaluation records them. Facts must be whole numbers held in int64 (fen,
    counts, stages); a Decimal fact (a growth rate) or an edge that is not a whole fen raises _NotColumnar."""

    def __init__(self, money: amounts.BoundAmount, facts: _Facts, rows: npt.NDArray[np.intp]) -> None:
        self.money, self.facts, self.rows = money, facts, rows
        self.uses: dict[str, dict[str, Any]] = {}

    def run(self) -> tuple[list[int | None], dict[str, dict[str, Any]]]:
        if not len(self.rows):
            return [], {}
        amount, known = self.node(self.money.formula.root, np.arange(len(self.rows)))
        return [
            int(a) if ok else None for a, ok in zip(amount.tolist(), known.tolist(), strict=True)
        ], self.uses

    # -- operands ----------------------------------------------------------------------------------------------

    def const(self, operand: amounts.AmountOperand | None) -> Any:
        if operand is None or operand.source == "fact":
            raise _NotColumnar
        value, _ = self.money.resolved[operand.path]
        return value

    def money_const(self, operand: amounts.AmountOperand | None) -> int:
        """A literal or parameter amount in whole fen (as ``int(_Evaluation.fen(...))``)."""
        assert operand is not None
        return int(Decimal(self.const(operand)) * amounts.FEN_PER[amounts.MoneyUnit(operand.unit)])

    def rate(self, operand: amounts.AmountOperand | None) -> Fraction:
        assert operand is not None
        return Fraction(Decimal(self.const(operand))) / _RATE_DIVISOR[amounts.RateUnit(operand.unit)]

    def whole(
        self, operand: amounts.AmountOperand, picked: npt.NDArray[np.intp], factor: int = 1
    ) -> tuple[npt.NDArray[Any], npt.NDArray[np.bool_]]:
        """A fact or constant as whole numbers (× factor) per row, and where it is usable (``_Evaluation.value``:
        present, a number, within range, not negative unless a plain number)."""
        if operand.source != "fact":
            number = Decimal(self.const(operand)) * factor
            if number % 1:
                raise _NotColumnar
            return np.full(
                len(picked), int(number), dtype=np.int64 if abs(number) < _WIDE else object
            ), np.ones(len(picked), dtype=np.bool_)
        array = self.facts.arrays.get(operand.key)
        if array is None:  # a fact no enterprise has: UNKNOWN everywhere
            return np.zeros(len(picked), dtype=np.int64), np.zeros(len(picked), dtype=np.bool_)
        if not (isinstance(array.values, np.ndarray) and array.values.dtype == np.dtype(np.int64)):
            raise _NotColumnar
        at = self.rows[picked]
        values = array.values[at]
        limit = amounts.MAX_MAGNITUDE // (
            amounts.FEN_PER[amounts.MoneyUnit(operand.unit)] if operand.role == "money" else 1
        )
        usable = ~array.missing[at] & (values <= limit) & (values >= -limit)
        if operand.role != "number":
            usable &= values >= 0
        return _times(np.where(usable, values, 0), factor), usable

    # -- nodes ---------------------------------------------------------------------------------------------------

    def node(
        self, node: amounts.AmountNode, picked: npt.NDArray[np.intp]
    ) -> tuple[npt.NDArray[Any], npt.NDArray[np.bool_]]:
        if len(picked):  # every parameter a reached node names is recorded, reached or not within the node
            for operand in node.all_operands():
                if operand.source != "fact":
                    use = self.money.resolved[operand.path][1]
                    if use is not None and use.key not in self.uses:
                        self.uses[use.key] = use.to_json()
        method = getattr(self, f"op_{node.op}", None)
        if method is None:
            raise _NotColumnar
        result: tuple[npt.NDArray[Any], npt.NDArray[np.bool_]] = method(node, picked)
        return result

    def limits(self, node: amounts.AmountNode, amount: npt.NDArray[Any]) -> npt.NDArray[Any]:
        floor, cap = node.operand("floor"), node.operand("cap")
        if floor is not None:
            amount = np.maximum(amount, self.money_const(floor))
        if cap is not None:
            amount = np.minimum(amount, self.money_const(cap))
        return amount

    def op_fixed(
        self, node: amounts.AmountNode, picked: npt.NDArray[np.intp]
    ) -> tuple[npt.NDArray[Any], npt.NDArray[np.bool_]]:
        fen = self.money_const(node.operand("amount"))
        return np.full(len(picked), fen, dtype=object), np.ones(len(picked), dtype=np.bool_)

    def op_rate(
        self, node: amounts.AmountNode, picked: npt.NDArray[np.intp]
    ) -> tuple[npt.NDArray[Any], npt.NDArray[np.bool_]]:
        rate, base_operand = self.rate(node.operand("rate")), node.operand("base")
        assert base_operand is not None and node.rounding is not None
        base, usable = self.whole(base_operand, picked, amounts.FEN_PER[amounts.MoneyUnit(base_operand.unit)])
        numerator = _times(base, rate.numerator)
        return self.limits(node, _round(numerator, rate.denominator, node.rounding)), usable

    def op_per_unit(
        self, node: amounts.AmountNode, picked: npt.NDArray[np.intp]
    ) -> tuple[npt.NDArray[Any], npt.NDArray[np.bool_]]:
        unit_fen = self.money_const(node.operand("amount"))
        count_operand = node.operand("count")
        assert count_operand is not None
        count, usable = self.whole(count_operand, picked)
        return self.limits(node, _times(count, unit_fen)), usable

    def op_progressive(
        self, node: amounts.AmountNode, picked: npt.NDArray[np.intp]
    ) -> tuple[npt.NDArray[Any], npt.NDArray[np.bool_]]:
        base_operand = node.operand("base")
        assert base_operand is not None and node.rounding is not None
        per_unit = amounts.FEN_PER[amounts.MoneyUnit(base_operand.unit)]
        base, usable = self.whole(base_operand, picked, per_unit)
        base = base.astype(object)  # a sum of products over the tiers: Python ints throughout (a few rows)
        rates = [self.rate(tier.rate) for tier in node.tiers]
        common = math.lcm(*(rate.denominator for rate in rates))
        total = np.zeros(len(picked), dtype=object)
        previous = 0
        for tier, rate in zip(node.tiers, rates, strict=True):
            upper = None
            if tier.up_to is not None:
                edge = Decimal(self.const(tier.up_to)) * per_unit
                if edge % 1:
                    raise _NotColumnar
                upper = int(edge)
            portion = (base if upper is None else np.minimum(base, upper)) - previous
            total = total + np.maximum(portion, 0) * (rate.numerator * (common // rate.denominator))
            if upper is None:
                break
            previous = upper
        return self.limits(node, _round(total, common, node.rounding)), usable

    def scaled(
        self, operand: amounts.AmountOperand, picked: npt.NDArray[np.intp]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_], int] | None:
        """A Decimal fact as the PostgreSQL reader holds it, value × 10**scale in int64, and where it is usable
        (as ``whole``: present, within range, not negative unless a plain number, whole if a count); None if
        the fact is not held so."""
        array = self.facts.arrays.get(operand.key) if operand.source == "fact" else None
        if array is None or array.scaled is None:
            return None
        at = self.rows[picked]
        values, unit = array.scaled[at], 10**array.scale
        usable = ~array.missing[at]
        limit = amounts.MAX_MAGNITUDE // (
            amounts.FEN_PER[amounts.MoneyUnit(operand.unit)] if operand.role == "money" else 1
        )
        if limit * unit < 2**63 - 1:
            usable &= (values <= limit * unit) & (values >= -limit * unit)
        if operand.role != "number":
            usable &= values >= 0
        if operand.role == "count":
            usable &= values % unit == 0
        return np.where(usable, values, 0), usable, array.scale

    def op_band(
        self, node: amounts.AmountNode, picked: npt.NDArray[np.intp]
    ) -> tuple[npt.NDArray[Any], npt.NDArray[np.bool_]]:
        base_operand = node.operand("base")
        assert base_operand is not None
        held = self.scaled(base_operand, picked)
        if held is None:
            base, usable = self.whole(base_operand, picked)
            unit = 1
        else:  # a Decimal fact × 10**scale: the edges are scaled alike
            base, usable, scale = held
            unit = 10**scale
        amount = np.zeros(len(picked), dtype=object)
        open_rows = np.ones(len(picked), dtype=np.bool_)
        for band in node.bands:
            inside = open_rows.copy()
            if band.lower is not None:  # whole numbers against an exact edge: lower ≤ x ⇔ ceil(lower) ≤ x
                lower = Decimal(self.const(band.lower)) * unit
                inside &= base >= math.ceil(lower) if band.bounds[0] == "[" else base > math.floor(lower)
            if band.upper is not None:
                upper = Decimal(self.const(band.upper)) * unit
                inside &= base <= math.floor(upper) if band.bounds[1] == "]" else base < math.ceil(upper)
            amount[inside] = self.money_const(band.amount)
            open_rows &= ~inside
        return amount, usable

    def combination(
        self, node: amounts.AmountNode, picked: npt.NDArray[np.intp], combine: Callable[..., Any]
    ) -> tuple[npt.NDArray[Any], npt.NDArray[np.bool_]]:
        parts = [self.node(arg, picked) for arg in node.args]
        known = np.logical_and.reduce([usable for _, usable in parts])
        amount = parts[0][0].astype(object)
        for part, _ in parts[1:]:
            amount = combine(amount, part.astype(object))
        return amount, known

    def op_sum(
        self, node: amounts.AmountNode, picked: npt.NDArray[np.intp]
    ) -> tuple[npt.NDArray[Any], npt.NDArray[np.bool_]]:
        return self.combination(node, picked, np.add)

    def op_min(
        self, node: amounts.AmountNode, picked: npt.NDArray[np.intp]
    ) -> tuple[npt.NDArray[Any], npt.NDArray[np.bool_]]:
        return self.combination(node, picked, np.minimum)

    def op_max(
        self, node: amounts.AmountNode, picked: npt.NDArray[np.intp]
    ) -> tuple[npt.NDArray[Any], npt.NDArray[np.bool_]]:
        return self.combination(node, picked, np.maximum)

    def op_when(
        self, node: amounts.AmountNode, picked: npt.NDArray[np.intp]
    ) -> tuple[npt.NDArray[Any], npt.NDArray[np.bool_]]:
        condition: criteria.BoundRule = self.money.conditions[node.path]
        if len(picked):
            for use in _parameter_uses(condition):  # the condition is evaluated whole, for every row
                self.uses.setdefault(use["key"], use)
        columns = {key: self.facts.columns[key] for key in condition.rule.facts if key in self.facts.columns}
        ranks = condition.evaluate_ranks(columns, rows=len(self.facts))[self.rows[picked]]
        amount = np.zeros(len(picked), dtype=object)
        known = ranks != 1  # UNKNOWN condition: UNKNOWN amount
        for rank, arg in ((2, node.args[0]), (0, node.args[1] if len(node.args) > 1 else None)):
            where = np.flatnonzero(ranks == rank)
            if arg is None or not len(where):
                continue  # FALSE with no "else": 0
            part, usable = self.node(arg, picked[where])
            amount[where] = part
            known[where] = usable
        return amount, known


def _parameter_uses(bound: criteria.BoundRule) -> list[dict[str, Any]]:
    """The parameter versions a bound rule resolved, read from its nodes."""
    out: list[dict[str, Any]] = []
    stack = [bound.root]
    while stack:
        node = stack.pop()
        out += [use.to_json() for use in node.uses]
        stack.extend(node.args)
    return out


# --- writing the results ------------------------------------------------------------------------------------------


def _pick(values: Sequence[Any], rows: list[int]) -> list[Any]:
    if not rows:
        return []
    picked = itemgetter(*rows)(values)
    return list(picked) if len(rows) > 1 else [picked]


class _Writer:
    """Stores the run's facts snapshot (`RunFacts`), then each policy's RunPolicy with its rows, in one
    transaction each: rows with COPY on PostgreSQL (text built here), with bulk_create elsewhere — the same rows
    either way.

    In a worker on PostgreSQL (not inside a transaction) two threads with connections of their own do the
    storing while this thread evaluates the next policies: the database parses and indexes the rows of one
    policy (about as long as evaluating it) while the next is evaluated. The RunPolicy ids are taken from its
    sequence here, so the rows can name their RunPolicy before it is inserted. Inside a transaction (tests, a
    caller's own) everything happens in it, in order."""

    THREADS: Final = 2

    def __init__(self, facts: _Facts, policies: int) -> None:
        self.facts = facts
        self.copy = connection.vendor == "postgresql" and facts.code_bytes is not None
        self.threaded = self.copy and not connection.in_atomic_block and policies > 1
        self.ids: list[int] = []
        self.errors: list[BaseException] = []
        self.stopped = False
        if self.threaded:
            table = RunPolicy._meta.db_table
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [table, policies],
                )
                self.ids = [row[0] for row in cursor.fetchall()]
            self.queue: Queue[Callable[[], None] | None] = Queue(maxsize=2 * self.THREADS)
            self.threads = [
                Thread(target=self._store_loop, name=f"matching-writer-{i}", daemon=True)
                for i in range(self.THREADS)
            ]
            for thread in self.threads:
                thread.start()

    def __enter__(self) -> _Writer:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is not None:
            self.stopped = True  # the run failed: the writers store nothing more
        self.close()

    def snapshot(self, run: MatchRun) -> None:
        """The facts every result of the run was decided on, once (`snapshots`). In a worker a thread of its own
        builds and stores it: building is Python the evaluating thread would otherwise do while the writers
        are busy, and the evaluating thread mostly waits for them."""

        def store() -> None:
            facts = self.facts
            values = {key: facts.snapshot_values(key) for key in sorted(facts.arrays)}
            # One INSERT a block: bulk_create on PostgreSQL sends a list as an array literal, escaped in Python
            # (seconds for 20 MB of JSON, holding the GIL the evaluating thread needs).
            for row in snapshots.blocks(run, facts.codes, values):
                row.save(force_insert=True)

        if not self.threaded:
            self._store(store)
            return

        def stored_apart() -> None:
            try:
                self._store_here(store)
            finally:
                connection.close()  # this thread's own connection

        self.threads.append(Thread(target=stored_apart, name="matching-snapshot", daemon=True))
        self.threads[-1].start()

    def write(self, entry: RunPolicy, matched: _Matched) -> None:
        data = b""
        if self.threaded:  # the id from the sequence, the COPY data built here while a writer stores
            entry.pk = self.ids.pop(0)
            data = _copy_data_of(entry, self.facts, matched) if len(matched.rows) else b""

        def store() -> None:
            entry.save(force_insert=True)
            if not len(matched.rows):
                return
            if self.copy:
                _copy(data or _copy_data_of(entry, self.facts, matched))
            else:
                _write_orm(entry, self.facts, matched)

        self._store(store)

    def _store(self, store: Callable[[], None]) -> None:
        if not self.threaded:
            with transaction.atomic():
                _commit_without_waiting()
                store()
            return
        if self.errors:
            raise self.errors[0]
        self.queue.put(store)

    def close(self) -> None:
        if not self.threaded:
            return
        for _ in range(self.THREADS):
            self.queue.put(None)
        for thread in self.threads:
            thread.join()
        self.threaded = False
        if self.errors:
            raise self.errors[0]

    def _store_loop(self) -> None:
        try:
            while (store := self.queue.get()) is not None:
                if self.errors or self.stopped:
                    continue  # a writer or the run failed: take what is queued and store nothing more
                self._store_here(store)
        finally:
            connection.close()  # this thread's own connection

    def _store_here(self, store: Callable[[], None]) -> None:
        """On a writing thread: `store` in a transaction of its own; an error goes to the evaluating thread."""
        try:
            with transaction.atomic():
                _commit_without_waiting()
                store()
        except BaseException as error:  # noqa: BLE001 - handed to the evaluating thread, which raises it
            self.errors.append(error)


def _copy_data_of(entry: RunPolicy, facts: _Facts, matched: _Matched) -> bytes:
    """The rows in PostgreSQL's binary COPY format, built with numpy: entry, code, outcome, amount (NULL:
    unknown), condition letters. Rows of one outcome and one kind of amount share one fixed layout, so each
    such group is one structured array."""
    codes = facts.code_bytes
    assert codes is not None and entry.pk is not None
    fen = np.fromiter(
        (0 if amount is None else amount for amount in matched.amounts),
        dtype=np.int64,
        count=len(matched.rows),
    )
    known = np.fromiter(
        (amount is not None for amount in matched.amounts), dtype=np.bool_, count=len(matched.rows)
    )
    width = matched.letters.shape[1]
    parts = [_COPY_HEADER]
    for rank, text in ((2, _OUTCOME_TEXT[2]), (1, _OUTCOME_TEXT[1])):
        for has_amount in (True, False):
            picked = np.flatnonzero((matched.ranks == rank) & (known == has_amount))
            if not len(picked):
                continue
            layout = [
                ("fields", ">i2"),
                ("entry_length", ">i4"),
                ("entry", ">i8"),
                ("code_length", ">i4"),
                ("code", f"S{CODE_LENGTH}"),
                ("outcome_length", ">i4"),
                ("outcome", f"S{len(text)}"),
                ("amount_length", ">i4"),
            ]
            layout += [("amount", ">i8")] if has_amount else []
            layout += [("letters_length", ">i4"), ("letters", f"S{width}")]
            block = np.zeros(len(picked), dtype=np.dtype(layout))
            block["fields"], block["entry_length"], block["entry"] = 5, 8, entry.pk
            block["code_length"], block["code"] = CODE_LENGTH, codes[matched.rows[picked]]
            block["outcome_length"], block["outcome"] = len(text), text.encode()
            block["amount_length"] = 8 if has_amount else -1  # -1: NULL
            if has_amount:
                block["amount"] = fen[picked]
            block["letters_length"] = width
            block["letters"] = matched.letters[picked].view(f"S{width}").ravel()
            parts.append(block.tobytes())
    parts.append(_COPY_TRAILER)
    return b"".join(parts)


def _copy(data: bytes) -> None:
    with connection.cursor() as cursor, cursor.cursor.copy(_COPY_SQL) as copy:
        step = 1 << 20
        for start in range(0, len(data), step):
            copy.write(data[start : start + step])


def _write_orm(entry: RunPolicy, facts: _Facts, matched: _Matched) -> None:
    codes = _pick(facts.codes, matched.rows.tolist())
    batch = 2000 if connection.vendor == "sqlite" else WRITE_BATCH
    MatchResult.objects.bulk_create(
        [
            MatchResult(
                entry=entry,
                entity_code=code,
                outcome=_OUTCOME_TEXT[rank],
                amount_fen=fen,
                node_outcomes=letters,
            )
            for code, rank, fen, letters in zip(
                codes, matched.ranks.tolist(), matched.amounts, matched.letter_texts(), strict=True
            )
        ],
        batch_size=batch,
    )

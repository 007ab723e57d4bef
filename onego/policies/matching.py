"""Proactive matching (免申即享 主动比对): evaluate policies over every enterprise at once, as a background job.

One run reads the facts its policies need once, as columns (`registry.facts.fact_columns`), evaluates each
policy's rule over the columns (`criteria.BoundRule.evaluate_columns_explained`), and stores, per policy, the
rule version, the parameter values and the counts (`RunPolicy`), and per eligible or unknown enterprise the
outcome, the amount, each condition's outcome and the facts read (`MatchResult`). Not-eligible enterprises
are counted, not stored (30 million rows a run would bury the useful ones); anyone's explanation can be
rebuilt from the stored version, parameters and facts, or evaluated afresh (`rules.eligibility`).
Eligible enterprises of 免申即享 policies then receive an offer (`offers.make_offers`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import connection, transaction

from onego.accounts.models import User
from onego.core import audit, jobs
from onego.core.errors import ApiError
from onego.core.models import JobStatus
from onego.policies import amounts, criteria
from onego.policies.criteria import Outcome
from onego.policies.models import (
    MatchResult,
    MatchRun,
    Policy,
    PolicyStatus,
    PolicyTarget,
    PolicyVersion,
    RunPolicy,
)
from onego.policies.rules import OUTCOME_LETTER, default_as_of, parameter_set, version_facts
from onego.registry import facts as registry_facts

JOB_KIND = "policies.match"
WRITE_BATCH = 5000


def matchable(policy: Policy) -> bool:
    return policy.status == PolicyStatus.PUBLISHED and policy.target == PolicyTarget.ENTERPRISE


def start_run(*, actor: User | str, policy: Policy | None = None, on: date, as_of: str = "",
              make_offers: bool = True) -> MatchRun:
    """Queue a matching run of one policy (or of every published enterprise policy); the worker does it."""
    if policy is not None and not matchable(policy):
        raise ApiError("policy_not_matchable", "只有已发布的企业类政策可以比对 / Only a published policy for "
                       "enterprises can be matched", status=409)
    as_of = as_of or default_as_of(on)
    if registry_facts.period_error("year", as_of) and registry_facts.period_error("month", as_of):
        raise ApiError("bad_as_of", "数据期间应为年份（如 2025）或月份（如 2025-06） / The facts period is a year "
                       "(2025) or a month (2025-06)", status=422)
    who = actor if isinstance(actor, str) else actor.username
    with transaction.atomic():
        job = jobs.create(JOB_KIND, started_by=who, stage="排队中 / queued")
        run = MatchRun.objects.create(job=job, policy=policy, on=on, as_of=as_of, make_offers=make_offers)
        audit.record(actor, "policies.match_started", run, policy=policy.code if policy else "*",
                     on=on.isoformat(), as_of=as_of)

    def queue() -> None:
        from onego.policies.tasks import run_matching

        run_matching.delay(run.pk)

    transaction.on_commit(queue)
    return run


def _plans(run: MatchRun) -> list[tuple[Policy, PolicyVersion]]:
    policies = [run.policy] if run.policy is not None else list(
        Policy.objects.filter(status=PolicyStatus.PUBLISHED, target=PolicyTarget.ENTERPRISE).order_by("code"))
    plans = []
    for policy in policies:
        version = policy.version_on(run.on)
        if version is not None:
            plans.append((policy, version))
    return plans


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
    plans = _plans(run)
    offers_step = 1 if run.make_offers else 0
    jobs.begin(run.job_id, total=len(plans) + 1 + offers_step, stage="读取企业数据 / reading facts")
    keys = sorted({key for _, version in plans for key in version_facts(version)})
    codes, columns = registry_facts.fact_columns(keys, as_of=run.as_of) if keys else ([], {})
    params = parameter_set()
    jobs.advance(run.job_id, done=1)
    summary: dict[str, Any] = {"enterprises": len(codes), "policies": []}
    for done, (policy, version) in enumerate(plans, start=2):
        jobs.advance(run.job_id, done=done - 1, stage=f"比对 {policy.name_zh} / matching {policy.code}")
        entry = _match_policy(run, policy, version, codes, columns, params)
        summary["policies"].append({
            "code": policy.code, "version": version.number, "eligible": entry.eligible,
            "not_eligible": entry.not_eligible, "unknown": entry.unknown, "amount_fen": entry.amount_fen,
        })
    if run.make_offers:
        from onego.policies.offers import make_offers

        jobs.advance(run.job_id, done=len(plans) + 1, stage="推送兑现通知 / sending offers")
        summary["offers"] = make_offers(run)
    jobs.finish(run.job_id, summary=summary)
    return summary


def _match_policy(run: MatchRun, policy: Policy, version: PolicyVersion, codes: Sequence[str],
                  columns: dict[str, list[Any]], params: criteria.ParameterSet) -> RunPolicy:
    rule = criteria.compile_rule(version.conditions)
    bound = rule.bind(params, run.on)
    own = {key: columns[key] for key in version_facts(version)}
    explained = bound.evaluate_columns_explained(own, rows=len(codes))
    paths = [node.path for node in rule.root.walk()]
    per_node = [[OUTCOME_LETTER[o] for o in explained.node_outcomes(path)] for path in paths]
    money = amounts.compile_amount(version.amount).bind(params, run.on) if version.amount else None
    uses: dict[str, dict[str, Any]] = {}
    counts = {Outcome.TRUE: 0, Outcome.FALSE: 0, Outcome.UNKNOWN: 0}
    total_fen = 0
    rows: list[MatchResult] = []
    with transaction.atomic():
        entry = RunPolicy.objects.create(run=run, policy=policy, version=version, node_paths=paths)
        for i, outcome in enumerate(explained.outcomes):
            counts[outcome] += 1
            if outcome is Outcome.FALSE:
                continue
            values = {key: column[i] for key, column in own.items() if column[i] is not None}
            amount_fen = None
            if money is not None:
                result = money.evaluate(values)
                amount_fen = result.amount_fen
                for key, used in result.parameters_used().items():
                    uses.setdefault(key, used.to_json())
            if outcome is Outcome.TRUE and amount_fen is not None:
                total_fen += amount_fen
            rows.append(MatchResult(
                entry=entry, entity_code=codes[i], outcome=outcome.value, amount_fen=amount_fen,
                node_outcomes="".join(letters[i] for letters in per_node)[:200],
                facts={key: criteria.json_safe(value) for key, value in values.items()},
            ))
            if len(rows) >= WRITE_BATCH:
                _write(rows)
                rows = []
        _write(rows)
        for use_json in _parameter_uses(bound):
            uses.setdefault(use_json["key"], use_json)
        entry.parameters = sorted(uses.values(), key=lambda use: use["key"])
        entry.evaluated = len(codes)
        entry.eligible, entry.not_eligible, entry.unknown = counts[Outcome.TRUE], counts[Outcome.FALSE], \
            counts[Outcome.UNKNOWN]
        entry.amount_fen = total_fen
        entry.save()
    return entry


def _parameter_uses(bound: criteria.BoundRule) -> list[dict[str, Any]]:
    """The parameter versions a bound rule resolved, read from its nodes."""
    out: list[dict[str, Any]] = []
    stack = [bound.root]
    while stack:
        node = stack.pop()
        out += [use.to_json() for use in node.uses]
        stack.extend(node.args)
    return out


def _write(rows: list[MatchResult]) -> None:
    if rows:
        MatchResult.objects.bulk_create(rows, batch_size=2000 if connection.vendor == "sqlite" else WRITE_BATCH)

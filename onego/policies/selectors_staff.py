"""Reads for the policy officer's pages (政策管理, 兑现批次): policies with the version in force, matching runs with
their counts, each stored result's conditions rebuilt as sentences, policy cases with their explanation, and
payments grouped for batching. Nothing here writes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import get_language, gettext

from onego.accounts.models import User
from onego.core.localized import localized
from onego.policies import criteria, snapshots
from onego.policies.criteria import Kind, Parameter, ParameterSet
from onego.policies.models import (
    Eligibility,
    MatchResult,
    MatchRun,
    Offer,
    Payment,
    PaymentStatus,
    PayoutBatch,
    Policy,
    PolicyCase,
    PolicyParameter,
    PolicyVersion,
    RunPolicy,
)
from onego.policies.payouts import balance_fen
from onego.policies.rules import LETTER_OUTCOME, parameter_set, stored_value
from onego.registry.models import FactDefinition, MarketEntity

RESULTS_PER_PAGE = 50
_ARGS = re.compile(r"\.args\[\d+\]")


# --- policies and runs -----------------------------------------------------------------------------------------


@dataclass
class PolicyRow:
    policy: Policy
    version: PolicyVersion | None  # in force on the day asked


def policy_rows(on: date) -> list[PolicyRow]:
    """Every policy with the version in force on `on` (one query for the versions, not one per policy)."""
    policies = list(Policy.objects.select_related("fund", "issuing_department").order_by("code"))
    versions: dict[int, list[PolicyVersion]] = {}
    for version in (
        PolicyVersion.objects.filter(effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gt=on))
        .order_by("-effective_from", "-number")
    ):
        versions.setdefault(version.policy_id, []).append(version)
    return [PolicyRow(p, versions[p.pk][0] if p.pk in versions else None) for p in policies]


def recent_runs(limit: int = 20) -> QuerySet[MatchRun]:
    """The latest runs with their job and the counts over their policies."""
    return (
        MatchRun.objects.select_related("job", "policy")
        .order_by("-created_at", "-id")
        .annotate(
            n_policies=Count("policies"),
            n_eligible=Sum("policies__eligible"),
            n_not=Sum("policies__not_eligible"),
            n_unknown=Sum("policies__unknown"),
            n_fen=Sum("policies__amount_fen"),
        )[:limit]
    )


def english() -> bool:
    """Whether the page is drawn in English (data carries both languages; Chinese is the default)."""
    return not (get_language() or "zh-hans").startswith("zh")


def stage_text(stage: str) -> str:
    """A job's stage in the page's language: the worker stores the Chinese msgid (gettext_noop) or a policy
    code, and the page translates it."""
    return gettext(stage) if stage else ""


def fact_label(key: str, definitions: dict[str, FactDefinition]) -> str:
    definition = definitions.get(key)
    if definition is None:
        return key
    return localized(definition, "label")


def people(usernames: set[str]) -> dict[str, str]:
    """Real names of staff by login name (jobs record who started them by login name)."""
    return {
        u: n or u for u, n in User.objects.filter(username__in=usernames).values_list("username", "real_name")
    }


def run_entries(run: MatchRun) -> list[dict[str, Any]]:
    """What a finished run decided per policy: counts, total, version, parameter snapshot, offers made."""
    offers = dict(
        Offer.objects.filter(result__entry__run=run)
        .values("result__entry")
        .annotate(n=Count("id"))
        .values_list("result__entry", "n")
    )
    out = []
    for entry in (
        RunPolicy.objects.filter(run=run).select_related("policy", "version").order_by("policy__code")
    ):
        parameters = [
            {**use, "label": label}
            for use, label in zip(
                entry.parameters, parameter_labels([u.get("key", "") for u in entry.parameters]), strict=True
            )
        ]
        out.append({"entry": entry, "offers": offers.get(entry.pk, 0), "parameters": parameters})
    return out


def parameter_labels(keys: list[str]) -> list[str]:
    labels = dict(
        PolicyParameter.objects.filter(key__in=keys).values_list(
            "key", "label_en" if english() else "label_zh"
        )
    )
    return [labels.get(key, "") for key in keys]


# --- conditions rebuilt from a stored result --------------------------------------------------------------------


@dataclass(frozen=True)
class NodeText:
    """One condition node of a version as a page shows it: its place in the tree and its sentence with the
    parameter values the run used filled in."""

    path: str
    depth: int
    fact: str
    sentence_zh: str
    sentence_en: str


def depth_of(path: str) -> int:
    return len(_ARGS.findall(path))


def _typed(raw: Any, kind: Kind | None, element: Kind | None) -> Any:
    """A snapshot value (stored as JSON: numbers with decimals as text) read back as the kind the parameter
    holds now, so the sentence reads as it did for the run."""
    if kind is Kind.NUMBER and isinstance(raw, str):
        try:
            return Decimal(raw)
        except InvalidOperation:
            return raw
    if kind is Kind.LIST and isinstance(raw, list):
        return [_typed(item, element, None) for item in raw]
    return stored_value(raw)


def snapshot_parameters(snapshot: list[dict[str, Any]]) -> ParameterSet:
    """A ParameterSet holding exactly the parameter versions a run (or an assessment) recorded."""
    current = parameter_set([str(use.get("key", "")) for use in snapshot])
    kinds = current.kinds()
    params = []
    for use in snapshot:
        key = str(use.get("key", ""))
        kind = kinds.get(key)
        element = None
        if kind is Kind.LIST:
            first = current.parameters[key].versions[0].value
            element = criteria.kind_of(first[0]) if isinstance(first, tuple) and first else None
        try:
            params.append(
                Parameter(
                    key,
                    [
                        (
                            date.fromisoformat(str(use["effective_from"])),
                            _typed(use.get("value"), kind, element),
                            str(use.get("legal_reference") or "—"),
                        )
                    ],
                )
            )
        except (KeyError, TypeError, ValueError):
            continue  # an unreadable snapshot entry: the sentence falls back to the current value
    return ParameterSet(params)


def condition_texts(version: PolicyVersion, snapshot: list[dict[str, Any]], on: date) -> dict[str, NodeText]:
    """Each condition node of a version by path, its sentence filled with the snapshot's parameter values;
    with the values in force now if the snapshot cannot bind, and with the bare templates if nothing can."""
    rule = criteria.compile_rule(version.conditions)
    bound_root: Any = None
    for params in (lambda: snapshot_parameters(snapshot), lambda: parameter_set(rule.parameter_keys)):
        try:
            bound_root = rule.bind(params(), on).root
            break
        except (criteria.ParameterError, criteria.RuleError, ValueError, TypeError):
            continue
    out: dict[str, NodeText] = {}
    if bound_root is not None:

        def add(bound: Any) -> None:  # depth first, in the rule's order
            node = bound.node
            out[node.path] = NodeText(
                node.path, depth_of(node.path), node.fact, bound.sentence_zh, bound.sentence_en
            )
            for arg in bound.args:
                add(arg)

        add(bound_root)
    else:
        for node in rule.root.walk():
            out[node.path] = NodeText(
                node.path, depth_of(node.path), node.fact, node.sentence.zh, node.sentence.en
            )
    return out


def fact_definitions() -> dict[str, FactDefinition]:
    return {d.key: d for d in FactDefinition.objects.all()}


def fact_text(value: Any, definition: FactDefinition | None) -> str:
    """A stored fact as a person reads it: money in yuan, yes/no, the unit after numbers."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是 yes" if value else "否 no"
    if definition is not None and definition.kind == FactDefinition.ValueKind.MONEY_FEN:
        try:
            return f"{Decimal(int(value)) / 100:,.2f} {'yuan' if english() else '元'}"
        except (TypeError, ValueError):
            return str(value)
    unit = definition.unit if definition is not None else ""
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return f"{value} {unit}".strip()


@dataclass
class Line:
    path: str
    depth: int
    outcome: str  # "true" / "false" / "unknown" / "" when not recorded
    sentence_zh: str
    sentence_en: str
    reason_zh: str = ""


@dataclass
class ResultRow:
    result: MatchResult | None
    entity_code: str
    entity_name: str
    outcome: str
    amount_fen: int | None
    lines: list[Line] = field(default_factory=list)
    facts: list[tuple[str, str, str]] = field(default_factory=list)  # (key, label, value)
    missing: list[tuple[str, str]] = field(default_factory=list)  # (key, label)


def _lines(texts: dict[str, NodeText], outcomes: dict[str, str]) -> list[Line]:
    lines = []
    for path, text in texts.items():
        letter = outcomes.get(path, "")
        outcome = LETTER_OUTCOME[letter].value if letter in LETTER_OUTCOME else ""
        reason = ""
        if outcome == Eligibility.UNKNOWN and text.fact:
            reason = f"missing fact: {text.fact}" if english() else f"缺少数据：{text.fact}"
        lines.append(Line(path, text.depth, outcome, text.sentence_zh, text.sentence_en, reason))
    return lines


def _missing(
    texts: dict[str, NodeText],
    outcomes: dict[str, str],
    facts: dict[str, Any],
    definitions: dict[str, FactDefinition],
) -> list[tuple[str, str]]:
    """The facts a person must supply: those read by a condition that came out unknown and absent."""
    keys: list[str] = []
    for path, letter in outcomes.items():
        text = texts.get(path)
        if (
            letter == "U"
            and text is not None
            and text.fact
            and facts.get(text.fact) is None
            and text.fact not in keys
        ):
            keys.append(text.fact)
    return [(key, fact_label(key, definitions)) for key in keys]


def result_rows(entry: RunPolicy, results: list[MatchResult]) -> list[ResultRow]:
    """A page of stored results, each with its condition outcomes as sentences and the facts read."""
    texts = condition_texts(entry.version, entry.parameters, entry.run.on)
    definitions = fact_definitions()
    names = dict(
        MarketEntity.objects.filter(credit_code__in=[r.entity_code for r in results]).values_list(
            "credit_code", "name"
        )
    )
    snapshot = snapshots.entry_facts(entry, results)
    rows = []
    for result in results:
        outcomes = dict(zip(entry.node_paths, result.node_outcomes, strict=False))
        facts = snapshot.get(result.entity_code, {})
        rows.append(
            ResultRow(
                result=result,
                entity_code=result.entity_code,
                entity_name=names.get(result.entity_code) or str(facts.get("entity_name") or ""),
                outcome=result.outcome,
                amount_fen=result.amount_fen,
                lines=_lines(texts, outcomes),
                facts=[
                    (key, fact_label(key, definitions), fact_text(value, definitions.get(key)))
                    for key, value in sorted(facts.items())
                ],
                missing=_missing(texts, outcomes, facts, definitions),
            )
        )
    return rows


def results_of(entry: RunPolicy, outcome: str) -> QuerySet[MatchResult]:
    return MatchResult.objects.filter(entry=entry, outcome=outcome).order_by("entity_code")


# --- a policy case ----------------------------------------------------------------------------------------------


@dataclass
class Assessment:
    """A policy case's explanation, whichever shape it was stored in."""

    source: str  # "assessed" (rules.Eligible.to_json), "matched" (the offer's stored match) or ""
    lines: list[Line] = field(default_factory=list)
    facts: list[tuple[str, str, str]] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)
    parameters: list[dict[str, Any]] = field(default_factory=list)
    run_id: int | None = None
    on: str = ""
    facts_as_of: str = ""


def _labelled(parameters: list[Any]) -> list[dict[str, Any]]:
    uses = [use for use in parameters if isinstance(use, dict)]
    return [
        {**use, "label": label}
        for use, label in zip(uses, parameter_labels([str(u.get("key", "")) for u in uses]), strict=True)
    ]


def assessment(record: PolicyCase) -> Assessment:
    data = record.explanation or {}
    definitions = fact_definitions()
    if isinstance(data.get("conditions"), list):  # rules.Eligible.to_json()
        lines: list[Line] = []
        facts: dict[str, Any] = {}
        for c in data["conditions"]:
            if not isinstance(c, dict):
                continue
            sentence = c.get("sentence") or {}
            reason = (c.get("reason") or {}).get("en" if english() else "zh", "")
            path = str(c.get("path", ""))
            lines.append(
                Line(
                    path,
                    depth_of(path),
                    str(c.get("outcome", "")),
                    str(sentence.get("zh", "")),
                    str(sentence.get("en", "")),
                    reason,
                )
            )
            facts.update(c.get("facts") or {})
        return Assessment(
            "assessed",
            lines,
            [
                (k, fact_label(k, definitions), fact_text(v, definitions.get(k)))
                for k, v in sorted(facts.items())
            ],
            [
                (
                    str(m.get("key", "")),
                    str((m.get("label") or {}).get("en" if english() else "zh", m.get("key", ""))),
                )
                for m in data.get("missing_facts") or []
                if isinstance(m, dict)
            ],
            _labelled(list(data.get("parameters") or [])),
            None,
            str(data.get("on", "")),
            str(data.get("facts_as_of", "")),
        )
    if isinstance(data.get("conditions"), dict):  # the offer's stored match (offers._stored_explanation)
        outcomes = {str(k): str(v) for k, v in data["conditions"].items()}
        facts = dict(data.get("facts") or {})
        parameters = list(data.get("parameters") or [])
        run_id = data.get("run")
        run = MatchRun.objects.filter(pk=run_id).first() if isinstance(run_id, int) else None
        lines, missing = [], []
        if record.version is not None:
            texts = condition_texts(record.version, parameters, run.on if run else timezone.localdate())
            lines = _lines(texts, outcomes)
            missing = _missing(texts, outcomes, facts, definitions)
        return Assessment(
            "matched",
            lines,
            [
                (k, fact_label(k, definitions), fact_text(v, definitions.get(k)))
                for k, v in sorted(facts.items())
            ],
            missing,
            _labelled(parameters),
            run.pk if run else None,
            run.on.isoformat() if run else "",
            run.as_of if run else "",
        )
    return Assessment("")


# --- payouts ----------------------------------------------------------------------------------------------------


def pending_groups() -> list[dict[str, Any]]:
    """Payments waiting for a batch (new, or failed and to be retried), by policy and period."""
    return [
        dict(row)
        for row in Payment.objects.filter(status__in=[PaymentStatus.PENDING, PaymentStatus.FAILED])
        .values(
            "policy_id",
            "policy__code",
            "policy__name_zh",
            "policy__name_en",
            "policy__fund__name_zh",
            "policy__fund__name_en",
            "period",
        )
        .annotate(
            count=Count("id"),
            total_fen=Sum("amount_fen"),
            failed=Count("id", filter=Q(status=PaymentStatus.FAILED)),
        )
        .order_by("policy__code", "period")
    ]


def batch_rows(limit: int = 100) -> list[dict[str, Any]]:
    """The latest batches with their counts and totals and their fund's balance now."""
    batches = list(
        PayoutBatch.objects.select_related("policy", "fund")
        .order_by("-created_at", "-id")
        .annotate(count=Count("payments"), total_fen=Sum("payments__amount_fen"))[:limit]
    )
    balances = {fund.pk: balance_fen(fund) for fund in {b.fund for b in batches}}
    return [
        {
            "batch": b,
            "count": b.count,
            "total_fen": b.total_fen or 0,  # type: ignore[attr-defined]
            "balance_fen": balances[b.fund_id],
        }
        for b in batches
    ]


def masked_account(number: str) -> str:
    """A bank account number with all but its last four digits hidden."""
    digits = number.strip()
    if len(digits) <= 4:
        return "*" * len(digits)
    return "*" * (len(digits) - 4) + digits[-4:]


def years_with_payments() -> list[str]:
    periods = Payment.objects.values_list("period", flat=True).distinct()
    return sorted({p[:4] for p in periods if p[:4].isdigit()}, reverse=True)

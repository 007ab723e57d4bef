"""Reading policies' rules with what they need: parameters from the database, the fact dictionary, one
enterprise's explained eligibility. Matching many enterprises at once is `onego.policies.matching`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from onego.policies import amounts, criteria
from onego.policies.criteria import Outcome, Parameter, ParameterSet
from onego.policies.models import Eligibility, ParameterValue, Policy, PolicyVersion
from onego.registry import facts as registry_facts
from onego.registry.models import FactDefinition

OUTCOME_LETTER = {Outcome.TRUE: "T", Outcome.FALSE: "F", Outcome.UNKNOWN: "U"}
LETTER_OUTCOME = {letter: outcome for outcome, letter in OUTCOME_LETTER.items()}


def default_as_of(on: date) -> str:
    """Criteria read last year's figures: this year's accounts are not closed yet."""
    return str(on.year - 1)


def stored_value(raw: Any) -> Any:
    """A parameter value from JSON: a fraction arrives as a float and is read through its shortest decimal
    text, never used as a binary float."""
    if isinstance(raw, float):
        return Decimal(repr(raw))
    if isinstance(raw, list):
        return [stored_value(item) for item in raw]
    if isinstance(raw, str) and len(raw) == 10 and raw[4] == "-" and raw[7] == "-":
        try:
            return date.fromisoformat(raw)
        except ValueError:
            return raw
    return raw


def json_value(value: Any) -> Any:
    """The JSON a parameter value is stored as (the reverse of `stored_value`)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(str(value))
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [json_value(item) for item in value]
    return value


def parameter_set(keys: Iterable[str] | None = None) -> ParameterSet:
    """Every parameter (or those named) with all its dated versions."""
    rows = ParameterValue.objects.select_related("parameter").order_by("parameter__key", "effective_from")
    if keys is not None:
        rows = rows.filter(parameter__key__in=list(keys))
    versions: dict[str, list[tuple[date, Any, str]]] = {}
    for row in rows:
        versions.setdefault(row.parameter.key, []).append(
            (row.effective_from, stored_value(row.value), row.legal_reference)
        )
    return ParameterSet(Parameter(key, dated) for key, dated in versions.items())


def fact_labels() -> dict[str, tuple[str, str]]:
    return {
        key: (zh, en) for key, zh, en in FactDefinition.objects.values_list("key", "label_zh", "label_en")
    }


def version_problems(conditions: Any, amount: Any) -> list[str]:
    """Everything wrong with a version's criteria and amount, in Chinese and English, checked against the
    fact dictionary and the defined parameters — what the admin shows when a policy officer saves."""
    facts = registry_facts.fact_schema()
    params = parameter_set().kinds()
    problems = [f"条件 conditions: {p}" for p in criteria.validate(conditions, facts, params)]
    if amount not in (None, {}, ""):
        problems += [f"金额 amount: {p}" for p in amounts.validate_amount(amount, facts, params)]
    return problems


def version_facts(version: PolicyVersion) -> list[str]:
    """The fact keys a version reads, conditions and amount together, in a stable order."""
    names = set(criteria.compile_rule(version.conditions).facts)
    if version.amount:
        names |= amounts.compile_amount(version.amount).facts
    return sorted(names)


def version_parameters(version: PolicyVersion) -> list[str]:
    names = set(criteria.compile_rule(version.conditions).parameter_keys)
    if version.amount:
        for node in amounts.compile_amount(version.amount).root.walk():
            names |= {o.key for o in node.all_operands() if o.source == "param"}
            if node.condition is not None:
                names |= criteria.Rule(node.condition, "").parameter_keys
    return sorted(names)


@dataclass
class ConditionLine:
    """One condition of an explanation, as a page or the API shows it."""

    path: str
    depth: int
    outcome: str
    sentence_zh: str
    sentence_en: str
    facts: dict[str, Any]
    reason_zh: str = ""
    reason_en: str = ""


@dataclass
class Eligible:
    """One enterprise's explained eligibility for one policy on a day."""

    policy: Policy
    version: PolicyVersion | None
    on: date
    as_of: str
    outcome: str  # Eligibility value
    amount_fen: int | None
    conditions: list[ConditionLine] = field(default_factory=list)
    amount_lines: list[str] = field(default_factory=list)
    missing: list[tuple[str, str, str]] = field(default_factory=list)  # (key, label_zh, label_en)
    parameters: list[dict[str, Any]] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "policy": self.policy.code,
            "version": self.version.number if self.version else None,
            "on": self.on.isoformat(),
            "facts_as_of": self.as_of,
            "result": self.outcome,
            "amount_fen": self.amount_fen,
            "conditions": [
                {
                    "path": c.path,
                    "outcome": c.outcome,
                    "sentence": {"zh": c.sentence_zh, "en": c.sentence_en},
                    "facts": {k: criteria.json_safe(v) for k, v in c.facts.items()},
                    **({"reason": {"zh": c.reason_zh, "en": c.reason_en}} if c.reason_zh else {}),
                }
                for c in self.conditions
            ],
            "missing_facts": [{"key": k, "label": {"zh": zh, "en": en}} for k, zh, en in self.missing],
            "parameters": self.parameters,
        }


def condition_lines(result: criteria.Result) -> list[ConditionLine]:
    """The tree as indented lines. A "not" of one plain condition is one line: its own sentence already says
    it ("未被列为严重失信主体"), with the facts its condition read; listing the inner condition too would show a
    ✗ "被列为严重失信主体" under a passed ✓, as if the enterprise had failed it."""
    lines: list[ConditionLine] = []

    def add(node: criteria.Result, depth: int) -> None:
        inner = node.args[0] if node.op == "not" and len(node.args) == 1 and not node.args[0].args else None
        facts = {**node.facts, **(inner.facts if inner is not None else {})}
        reason_zh = node.reason_zh or (inner.reason_zh if inner is not None else "")
        reason_en = node.reason_en or (inner.reason_en if inner is not None else "")
        lines.append(
            ConditionLine(
                node.path,
                depth,
                node.outcome.value,
                node.sentence_zh,
                node.sentence_en,
                facts,
                reason_zh,
                reason_en,
            )
        )
        if inner is not None:
            return
        for arg in node.args:
            add(arg, depth + 1)

    add(result, 0)
    return lines


_UNREAD: Any = object()


def eligibility(
    policy: Policy,
    entity_code: str,
    on: date,
    *,
    as_of: str | None = None,
    labels: dict[str, tuple[str, str]] | None = None,
    version: PolicyVersion | None = _UNREAD,
    facts: Mapping[str, Any] | None = None,
    params: ParameterSet | None = None,
) -> Eligible:
    """Evaluate one enterprise now, from its current facts, with every condition explained. UNKNOWN names
    the facts that are missing so the enterprise (or a person) can supply them.

    A caller evaluating many policies for one enterprise (the finder) passes what it read once for all of
    them: each policy's `version` in force (None: none), the enterprise's `facts` by key (read as of
    `as_of`) and the `params`."""
    as_of = as_of or default_as_of(on)
    if version is _UNREAD:
        version = policy.version_on(on)
    if version is None:
        return Eligible(policy, None, on, as_of, Eligibility.UNKNOWN, None)
    keys = version_facts(version)
    if facts is not None:
        values = {key: facts.get(key) for key in keys}
    else:
        values = registry_facts.facts_for([entity_code], keys, as_of=as_of)[entity_code] if keys else {}
    params = params if params is not None else parameter_set(version_parameters(version))
    result = criteria.compile_rule(version.conditions).bind(params, on).evaluate(values)
    amount_fen: int | None = None
    amount_lines: list[str] = []
    uses = result.parameters_used()
    if version.amount and result.outcome is not Outcome.FALSE:
        money = amounts.compile_amount(version.amount).bind(params, on).evaluate(values)
        amount_fen = money.amount_fen
        amount_lines = amounts.explain_amount(money).splitlines()
        uses.update(money.parameters_used())
    labels = labels if labels is not None else fact_labels()
    missing_keys = [key for key in keys if values.get(key) is None]
    return Eligible(
        policy=policy,
        version=version,
        on=on,
        as_of=as_of,
        outcome=result.outcome.value,
        amount_fen=amount_fen,
        conditions=condition_lines(result),
        amount_lines=amount_lines,
        missing=[(key, *labels.get(key, (key, key))) for key in missing_keys],
        parameters=[use.to_json() for use in uses.values()],
        facts={k: v for k, v in values.items() if v is not None},
    )

"""The compiled rule and the one-call entry points: compile once, bind to a date, evaluate."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from .checking import Node, RuleError, check, fingerprint
from .columns import BoundRule, ColumnInput
from .parameters import ParameterSet
from .rows import Result, _bind
from .values import Outcome


@dataclass(frozen=True)
class Rule:
    """A compiled rule: check once, bind to parameters and a date, evaluate many times."""

    root: Node
    fingerprint: str

    @property
    def facts(self) -> frozenset[str]:
        return frozenset(node.fact for node in self.root.walk() if node.fact)

    @property
    def parameter_keys(self) -> frozenset[str]:
        return frozenset(o.key for node in self.root.walk() for _, o in node.operands if o.source == "param")

    def bind(self, params: ParameterSet, on: date) -> BoundRule:
        """Resolve every parameter to its version in force on ``on`` and fill the sentences."""
        return BoundRule(rule=self, on=on, root=_bind(self.root, params, on))


def compile_rule(raw: Any) -> Rule:
    """Check a rule's shape and compile it; raises ``RuleError`` listing every issue."""
    node, issues = check(raw, None, None)
    if node is None:
        raise RuleError(issues)
    return Rule(root=node, fingerprint=fingerprint(raw))


def _compiled(rule: Rule | Any) -> Rule:
    return rule if isinstance(rule, Rule) else compile_rule(rule)


def evaluate(
    rule: Rule | Mapping[str, Any], facts: Mapping[str, Any], params: ParameterSet, on: date
) -> Result:
    """Evaluate one enterprise's facts against a rule (JSON or compiled) on a date."""
    return _compiled(rule).bind(params, on).evaluate(facts)


def evaluate_columns(
    rule: Rule | Mapping[str, Any],
    columns: Mapping[str, ColumnInput],
    params: ParameterSet,
    on: date,
    rows: int | None = None,
) -> list[Outcome]:
    """Evaluate many enterprises at once from columns of facts (see ``BoundRule.evaluate_columns``)."""
    return _compiled(rule).bind(params, on).evaluate_columns(columns, rows)

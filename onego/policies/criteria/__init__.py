"""Eligibility criteria (申报条件) as data: a small condition language stored as JSON.

A policy officer (政策专员) edits a policy's conditions in the admin; they are kept as JSON, validated when
saved, and evaluated here — no eval/exec, no stored SQL or Python: by a pure-Python row evaluator (one
enterprise, explained; the reference) and by a numpy columnar evaluator (many enterprises at once, the same
outcomes; see "Columnar evaluation" below). Three rules shape the design (docs/domain.md, 政策兑现):

* Conditions are three-valued (Kleene's strong logic): every leaf is TRUE, FALSE or UNKNOWN, UNKNOWN when
  a fact it reads is missing (or is not of the type the condition needs). UNKNOWN goes to a person; it is
  never coerced to yes or no.
* Thresholds, rates and caps are named parameters with effective-dated versions and a legal reference;
  an evaluation on a date uses the version in force on that date.
* Every decision keeps its inputs: evaluation returns a tree with each node's outcome, its filled
  sentence (Chinese and English), the fact values it read and the parameter versions it used.

The JSON shape (every node carries ``"sentence": {"zh": ..., "en": ...}``)::

    {"op": "all" | "any" | "not", "args": [node, ...], "sentence": ...}          # not: exactly one arg
    {"op": "eq"|"ne"|"lt"|"le"|"gt"|"ge", "fact": F, "to": OPERAND, ...}
    {"op": "between", "fact": F, "low": OPERAND, "high": OPERAND, "bounds": "[]"|"[)"|"(]"|"()", ...}
    {"op": "in" | "not_in", "fact": F, "values": OPERAND (a list), ...}
    {"op": "before" | "after", "fact": F, "to": OPERAND (a date), ...}            # strictly < / >
    {"op": "within_months", "fact": F, "months": OPERAND, "of": OPERAND (a date), "bounds": ..., ...}
    {"op": "is_true" | "has", "fact": F, ...}

    OPERAND = {"param": KEY} | {"value": JSON literal} | {"date": "YYYY-MM-DD"} | {"ref": "evaluation_date"}

``within_months`` is true when ``of − months ≤ fact ≤ of`` with the edges as ``bounds`` says (month
arithmetic clamps the day: 31 March − 1 month = 28/29 February); ``before``/``after`` are strict.
``has`` is the one leaf that is never UNKNOWN: TRUE when the fact is known, FALSE when it is missing.
JSON numbers with a fraction are read through their shortest decimal text (``0.1`` → ``Decimal("0.1")``),
never used as binary floats; so are float facts. A parameter that is undefined, not yet in force or of
the wrong kind is a configuration error (``ParameterError`` / ``RuleError``), not an UNKNOWN.

Use: ``validate`` when saving; ``compile_rule(raw).bind(params, on)`` once per batch, then
``.evaluate(facts)`` (one enterprise, explained) or ``.evaluate_columns(columns)`` (many at once; also
``.evaluate_ranks`` and ``.evaluate_columns_explained``). Columns are lists of values or numpy arrays; wrap
them once with ``prepare_columns`` when several rules read the same facts, so each is converted once.

Sentence templates name placeholders in braces: the operand roles of the node (``{to}``, ``{low}``,
``{high}``, ``{values}``, ``{months}``, ``{of}``) and the keys of the parameters it reads
(``"上年度营业收入不低于 {revenue_min} 万元"``). Filling is a plain substitution, not ``str.format``.

The package, in import order: ``values`` (outcomes, Kleene logic, value kinds, formatting), ``parameters``
(effective-dated parameters), ``checking`` (rule JSON → checked ``Node`` tree with every ``Issue``), ``rows``
(binding to parameters and a date; the row evaluator and ``Result``), ``columns`` (the numpy evaluator,
``BoundRule``), ``rules`` (``Rule``, ``compile_rule`` and the one-call ``evaluate`` functions). Import from
the package, not from its modules: this file is the public API.
"""

from __future__ import annotations

from .checking import (
    MAX_DEPTH,
    MAX_MONTHS,
    MAX_NODES,
    Checker,
    FactSchema,
    Issue,
    Node,
    Operand,
    RuleError,
    check,
    fingerprint,
    show,
    validate,
)
from .columns import BoundRule, Column, ColumnInput, ColumnResults, Ranks, prepare_columns
from .parameters import Parameter, ParameterError, ParameterSet, ParameterUse, ParameterVersion, ParamValue
from .rows import Result, explain
from .rules import Rule, compile_rule, evaluate, evaluate_columns
from .values import (
    Kind,
    Outcome,
    Sentence,
    add_months,
    as_number,
    format_value,
    json_safe,
    kind_of,
    kleene_and,
    kleene_not,
    kleene_or,
)

__all__ = [
    "MAX_DEPTH",
    "MAX_MONTHS",
    "MAX_NODES",
    "BoundRule",
    "Checker",
    "FactSchema",
    "Column",
    "ColumnInput",
    "ColumnResults",
    "Issue",
    "Kind",
    "Node",
    "Operand",
    "Outcome",
    "ParamValue",
    "Parameter",
    "ParameterError",
    "ParameterSet",
    "ParameterUse",
    "ParameterVersion",
    "Result",
    "Rule",
    "Ranks",
    "RuleError",
    "Sentence",
    "add_months",
    "as_number",
    "check",
    "compile_rule",
    "evaluate",
    "evaluate_columns",
    "explain",
    "fingerprint",
    "format_value",
    "json_safe",
    "kind_of",
    "kleene_and",
    "kleene_not",
    "kleene_or",
    "prepare_columns",
    "show",
    "validate",
]

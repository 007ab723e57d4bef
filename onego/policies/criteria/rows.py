"""Binding a rule to parameters and a date, and the row evaluator: one enterprise, explained (the reference)."""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any, Final

from .checking import _COMPARE, _ROLE_KINDS, MAX_MONTHS, Issue, Node, Operand, RuleError, _months_ok
from .parameters import ParameterSet, ParameterUse
from .values import (
    _F,
    _KIND_ZH,
    _NORMALISE,
    _OUTCOME_OF,
    _RANK,
    _T,
    _U,
    Kind,
    Outcome,
    _as_date,
    add_months,
    as_number,
    format_value,
    json_safe,
    kind_of,
)

# --------------------------------------------------------------------------------------------------
# Binding: parameters resolved for a date, sentences filled, one judge function per leaf


@dataclass(frozen=True)
class _Bound:
    node: Node
    sentence_zh: str
    sentence_en: str
    uses: tuple[ParameterUse, ...]
    judge: Callable[[Any], int] | None  # leaves: raw fact value → _F / _U / _T; never raises
    kind: Kind | None  # what a leaf needs its fact to be (for the reason given with UNKNOWN)
    args: tuple[_Bound, ...] = ()
    vector: _Vector | None = None  # leaves: the same test in the form the numpy evaluator reads


def _bind_operand(
    node: Node, role: str, operand: Operand, params: ParameterSet, on: date
) -> tuple[Any, Kind, ParameterUse | None]:
    use: ParameterUse | None = None
    if operand.source == "param":
        use = params.use(operand.key, on)
        value: Any = use.value
    elif operand.source == "ref":
        value = on
    else:
        value = operand.literal
    kind = kind_of(value)
    accepted = _ROLE_KINDS[node.op][role]
    if kind is None or kind not in accepted:
        raise RuleError(
            [
                Issue(
                    f"{node.path}.{role}",
                    "type_mismatch",
                    f"参数 {operand.key or role} 的值 {format_value(value)} 类型不符",
                    f"parameter {operand.key or role} has a value of the wrong kind: {format_value(value, 'en')}",
                )
            ]
        )
    return value, kind, use


@dataclass(frozen=True)
class _Vector:
    """A leaf's test as data, for the numpy evaluator; ``judge``/``test`` stay the reference (row path).

    ``test`` is "cmp" (``x op refs[0]``), "range" (``refs[0] ≤/< x ≤/< refs[1]`` as ``bounds`` says), "in"
    (``x`` among ``refs``; ``op`` "not_in" negates), "is_true" or "has". References are normalised values of
    the leaf's kind (int or Decimal, str, bool, date)."""

    test: str
    op: str = ""
    refs: tuple[Any, ...] = ()
    bounds: str = ""


def _judge(kind: Kind, test: Callable[[Any], bool]) -> Callable[[Any], int]:
    """A leaf's judge: None → UNKNOWN (missing), wrong kind → UNKNOWN (unusable), else the test."""
    if kind is Kind.NUMBER:

        def judge_number(value: Any) -> int:
            cls = value.__class__
            if cls is int or (cls is Decimal and value.is_finite()):
                return _T if test(value) else _F
            if value is None:
                return _U
            number = as_number(value)
            if number is None:
                return _U
            return _T if test(number) else _F

        return judge_number
    normalise = _NORMALISE[kind]

    def judge(value: Any) -> int:
        if value is None:
            return _U
        normal = normalise(value)
        if normal is None:
            return _U
        return _T if test(normal) else _F

    return judge


def _judge_is_true(value: Any) -> int:
    return _T if value is True else _F if value is False else _U


def _judge_has(value: Any) -> int:
    return _F if value is None else _T


# ``x OP ref`` as a C-level callable of x: ``partial(_REF_FIRST[op], ref)(x)`` is ``ref OP' x``.
_REF_FIRST: Final = {
    "eq": operator.eq,
    "ne": operator.ne,
    "lt": operator.gt,
    "le": operator.ge,
    "gt": operator.lt,
    "ge": operator.le,
}


def _edges(bounds: str) -> tuple[Callable[[Any, Any], bool], Callable[[Any, Any], bool]]:
    return (operator.le if bounds[0] == "[" else operator.lt), (
        operator.le if bounds[1] == "]" else operator.lt
    )


def _bind(node: Node, params: ParameterSet, on: date) -> _Bound:
    if node.args:
        args = tuple(_bind(arg, params, on) for arg in node.args)
        zh, en = node.sentence.fill({})
        return _Bound(node, zh, en, (), None, None, args)
    values: dict[str, Any] = {}
    kinds: dict[str, Kind] = {}
    uses: list[ParameterUse] = []
    for role, operand in node.operands:
        value, operand_kind, use = _bind_operand(node, role, operand, params, on)
        values[role], kinds[role] = value, operand_kind
        if use is not None:
            uses.append(use)
            values[use.key] = use.value
    op = node.op
    judge: Callable[[Any], int]
    test: Callable[[Any], bool] | None
    kind: Kind | None
    if op in _COMPARE:
        kind, ref = kinds["to"], values["to"]
        test = partial(_REF_FIRST[op], _NORMALISE[kind](ref))
        judge = _judge(kind, test)
        vector = _Vector("cmp", op, (_NORMALISE[kind](ref),))
    elif op == "between":
        kind = kinds["low"]
        if kinds["high"] is not kind:
            raise _mismatch(node, "low/high 类型不同", "low and high are of different kinds")
        lo, hi = values["low"], values["high"]
        low_ok, high_ok = _edges(node.bounds)
        test = lambda x: low_ok(lo, x) and high_ok(x, hi)  # noqa: E731
        judge = _judge(kind, test)
        vector = _Vector("range", refs=(_NORMALISE[kind](lo), _NORMALISE[kind](hi)), bounds=node.bounds)
    elif op in ("in", "not_in"):
        items = values["values"]
        element = kind_of(items[0]) if items else None
        if not items or element is None or any(kind_of(item) is not element for item in items):
            raise _mismatch(node, "列表为空或元素类型不一", "the list is empty or mixes kinds")
        kind = element
        members = frozenset(_NORMALISE[element](item) for item in items)
        test = members.__contains__ if op == "in" else (lambda x: x not in members)
        judge = _judge(kind, test)
        vector = _Vector("in", op, tuple(members))
    elif op in ("before", "after"):
        kind, ref = Kind.DATE, values["to"]
        test = partial(operator.gt if op == "before" else operator.lt, ref)
        judge = _judge(kind, test)
        vector = _Vector("cmp", "lt" if op == "before" else "gt", (_as_date(ref),))
    elif op == "within_months":
        kind, months = Kind.DATE, values["months"]
        if not _months_ok(months):
            raise _mismatch(
                node, f"月数应为 0 至 {MAX_MONTHS} 的整数", f"months is a whole number from 0 to {MAX_MONTHS}"
            )
        upper = values["of"]
        lower = add_months(upper, -months)
        low_ok, high_ok = _edges(node.bounds)
        test = lambda x: low_ok(lower, x) and high_ok(x, upper)  # noqa: E731
        judge = _judge(kind, test)
        vector = _Vector("range", refs=(_as_date(lower), _as_date(upper)), bounds=node.bounds)
    elif op == "is_true":
        kind, judge, test, vector = Kind.BOOL, _judge_is_true, bool, _Vector("is_true")
    else:  # has
        kind, judge, test, vector = None, _judge_has, None, _Vector("has")
    zh, en = node.sentence.fill(values)
    return _Bound(node, zh, en, tuple(uses), judge, kind, vector=vector)


def _mismatch(node: Node, zh: str, en: str) -> RuleError:
    return RuleError([Issue(node.path, "type_mismatch", f"类型不符：{zh}", f"type mismatch: {en}")])


# --------------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class Result:
    """One node's outcome with what explains and reproduces it."""

    path: str
    op: str
    outcome: Outcome
    sentence_zh: str
    sentence_en: str
    on: date  # the evaluation date the parameters were resolved for
    facts: Mapping[str, Any] = field(default_factory=dict)  # snapshot of the facts this node read
    parameters: tuple[ParameterUse, ...] = ()
    reason_zh: str = ""  # why UNKNOWN
    reason_en: str = ""
    args: tuple[Result, ...] = ()

    def walk(self) -> Iterable[Result]:
        yield self
        for arg in self.args:
            yield from arg.walk()

    def facts_read(self) -> dict[str, Any]:
        """Every fact value the whole tree read."""
        return {name: value for node in self.walk() for name, value in node.facts.items()}

    def parameters_used(self) -> dict[str, ParameterUse]:
        return {use.key: use for node in self.walk() for use in node.parameters}

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "path": self.path,
            "op": self.op,
            "outcome": self.outcome.value,
            "sentence": {"zh": self.sentence_zh, "en": self.sentence_en},
        }
        if self.path == "$":
            data["on"] = self.on.isoformat()
        if self.facts:
            data["facts"] = {name: json_safe(value) for name, value in self.facts.items()}
        if self.parameters:
            data["parameters"] = [use.to_json() for use in self.parameters]
        if self.reason_zh:
            data["reason"] = {"zh": self.reason_zh, "en": self.reason_en}
        if self.args:
            data["args"] = [arg.to_json() for arg in self.args]
        return data


def _reason(bound: _Bound, value: Any) -> tuple[str, str]:
    fact = bound.node.fact
    if value is None:
        return f"缺少数据：{fact}", f"missing fact: {fact}"
    need = bound.kind
    need_zh = _KIND_ZH[need] if need else "?"
    return (
        f"数据类型不符：{fact} 应为{need_zh}，实际为 {type(value).__name__}",
        f"unusable fact: {fact} should be a {need}, got {type(value).__name__}",
    )


def _evaluate(bound: _Bound, facts: Mapping[str, Any], on: date) -> Result:
    node = bound.node
    if bound.judge is not None:
        value = facts.get(node.fact)
        rank = bound.judge(value)
        reason = _reason(bound, value) if rank == _U else ("", "")
        return Result(
            node.path,
            node.op,
            _OUTCOME_OF[rank],
            bound.sentence_zh,
            bound.sentence_en,
            on,
            {node.fact: value},
            bound.uses,
            reason[0],
            reason[1],
        )
    args = tuple(_evaluate(arg, facts, on) for arg in bound.args)
    ranks = [_RANK[arg.outcome] for arg in args]
    rank = min(ranks) if node.op == "all" else max(ranks) if node.op == "any" else _T - ranks[0]
    return Result(node.path, node.op, _OUTCOME_OF[rank], bound.sentence_zh, bound.sentence_en, on, args=args)


def _rank(bound: _Bound, facts: Mapping[str, Any]) -> int:
    if bound.judge is not None:
        return bound.judge(facts.get(bound.node.fact))
    ranks = [_rank(arg, facts) for arg in bound.args]
    op = bound.node.op
    return min(ranks) if op == "all" else max(ranks) if op == "any" else _T - ranks[0]


_MARK: Final = {Outcome.TRUE: "✓", Outcome.FALSE: "✗", Outcome.UNKNOWN: "?"}


def explain(result: Result, lang: str = "zh") -> str:
    """The decision as indented lines a person can read: mark, sentence, the values read, why unknown."""
    lines: list[str] = []

    def add(node: Result, indent: int) -> None:
        sentence = node.sentence_zh if lang == "zh" else node.sentence_en
        read = "; ".join(f"{name} = {format_value(value, lang)}" for name, value in node.facts.items())
        line = f"{'  ' * indent}{_MARK[node.outcome]} {sentence}"
        if read:
            line += f"（{read}）" if lang == "zh" else f" ({read})"
        reason = node.reason_zh if lang == "zh" else node.reason_en
        if reason:
            line += f" — {reason}"
        lines.append(line)
        for arg in node.args:
            add(arg, indent + 1)

    add(result, 0)
    return "\n".join(lines)

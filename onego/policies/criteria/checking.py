"""Reading rule JSON into a checked ``Node`` tree, collecting every issue with a machine-readable code."""

from __future__ import annotations

import hashlib
import json
import operator
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar, Final, TypeAlias

from .values import _KIND_ZH, _ORDERED, _PLACEHOLDER, _SCALAR, Kind, Sentence, _literal, format_value, kind_of

MAX_DEPTH: Final = 10  # levels of nesting; the root is level 1
MAX_NODES: Final = 200  # condition nodes in one rule (operands are part of their node)
MAX_MONTHS: Final = 1200  # a window longer than a century is a typo

# --------------------------------------------------------------------------------------------------
# Validation issues


@dataclass(frozen=True)
class Issue:
    """One problem found in a rule: where (a JSON path from ``$``), a machine-readable code, and the
    message in Chinese and English."""

    path: str
    code: str
    zh: str
    en: str

    def __str__(self) -> str:
        return f"{self.path}: {self.zh} / {self.en}"


class RuleError(ValueError):
    """A rule (or amount formula) that is not valid, with every issue found."""

    def __init__(self, issues: Iterable[Issue]) -> None:
        self.issues = tuple(issues)
        super().__init__("; ".join(str(issue) for issue in self.issues))


_MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "not_object": ("应为 JSON 对象", "must be a JSON object"),
    "unknown_op": ("未知的运算“{op}”，可用：{allowed}", "unknown op '{op}'; allowed: {allowed}"),
    "unknown_field": ("“{op}”不接受字段 {fields}", "'{op}' does not take the field(s) {fields}"),
    "missing_field": ("“{op}”缺少字段 {fields}", "'{op}' needs the field(s) {fields}"),
    "unknown_fact": ("未知的事实“{fact}”", "unknown fact '{fact}'"),
    "bad_fact": ("fact 应为事实名称（文本）", "fact must be the name of a fact (text)"),
    "unknown_parameter": ("未知的参数“{key}”", "unknown parameter '{key}'"),
    "arity": ("“{op}”需要{need_zh}条件，实际 {got} 个", "'{op}' takes {need_en}, got {got}"),
    "bad_args": ("args 应为条件列表", "args must be a list of conditions"),
    "type_mismatch": ("类型不符：{what_zh}", "type mismatch: {what_en}"),
    "missing_sentence": (
        "缺少说明语句 sentence（须有 zh 和 en）",
        "missing sentence (needs zh and en)",
    ),
    "bad_placeholder": (
        "说明语句中的占位符 {names} 无法填写，可用：{allowed}",
        "sentence placeholder(s) {names} cannot be filled; allowed: {allowed}",
    ),
    "too_deep": ("嵌套超过 {limit} 层", "nested deeper than {limit} levels"),
    "too_many_nodes": ("节点超过 {limit} 个", "more than {limit} nodes"),
    "bad_operand": (
        '操作数应为 {{"param": …}}、{{"value": …}}、{{"date": "YYYY-MM-DD"}} 或 {{"ref": "evaluation_date"}} 之一',
        'an operand is exactly one of {{"param": …}}, {{"value": …}}'
        ', {{"date": "YYYY-MM-DD"}}, {{"ref": "evaluation_date"}}',
    ),
    "bad_value": ("无法使用的值：{value}", "unusable value: {value}"),
    "bad_date": ("日期应为 YYYY-MM-DD：{value}", "a date is written YYYY-MM-DD: {value}"),
    "bad_bounds": (
        'bounds 应为 "[]"、"[)"、"(]"、"()" 之一（方括号含端点）',
        'bounds is one of "[]", "[)", "(]", "()" (a square bracket includes the edge)',
    ),
    "empty_range": ("区间为空：{low} 至 {high}", "the range {low} to {high} is empty"),
    "empty_list": ("列表为空", "the list is empty"),
    "bad_months": ("月数应为 0 至 {limit} 的整数", "months is a whole number from 0 to {limit}"),
}


FactSchema: TypeAlias = Collection[str] | Mapping[str, Kind]


def show(value: Any, limit: int = 60) -> str:
    """Whatever an officer typed, as a short text for a message (never raises, never floods the page)."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Checker:
    """Reads rule JSON into a compiled ``Node`` while collecting every issue.

    With ``known_facts`` / ``known_parameters`` (names, or names mapped to their ``Kind``) it also checks
    that facts and parameters exist and, where kinds are given, that types agree — what ``validate`` does
    when a rule is saved. Without them (``None``) only the rule's own shape is checked — what
    ``compile_rule`` does. ``amounts`` extends it for amount formulas.
    """

    messages: ClassVar[Mapping[str, tuple[str, str]]] = _MESSAGES

    def __init__(
        self, known_facts: FactSchema | None = None, known_parameters: FactSchema | None = None
    ) -> None:
        self.issues: list[Issue] = []
        self.nodes = 0
        self._too_many_reported = False
        self._too_deep_reported = False
        self.fact_names = None if known_facts is None else frozenset(known_facts)
        self.fact_kinds: Mapping[str, Kind] = known_facts if isinstance(known_facts, Mapping) else {}
        self.param_names = None if known_parameters is None else frozenset(known_parameters)
        self.param_kinds: Mapping[str, Kind] = (
            known_parameters if isinstance(known_parameters, Mapping) else {}
        )

    # -- reporting ----------------------------------------------------------------------------------

    def say(self, path: str, code: str, **kwargs: Any) -> None:
        zh, en = self.messages[code]
        self.issues.append(Issue(path, code, zh.format(**kwargs), en.format(**kwargs)))

    def mismatch(self, path: str, what_zh: str, what_en: str) -> None:
        self.say(path, "type_mismatch", what_zh=what_zh, what_en=what_en)

    def enter(self, path: str, depth: int) -> bool:
        """Count a node; False (and one issue for the whole rule) when the limits are passed."""
        if depth > MAX_DEPTH:
            if not self._too_deep_reported:
                self._too_deep_reported = True
                self.say(path, "too_deep", limit=MAX_DEPTH)
            return False
        self.nodes += 1
        if self.nodes > MAX_NODES:
            if not self._too_many_reported:
                self._too_many_reported = True
                self.say(path, "too_many_nodes", limit=MAX_NODES)
            return False
        return True

    def fields(
        self,
        raw: Mapping[str, Any],
        path: str,
        op: str,
        required: Iterable[str],
        optional: Iterable[str] = (),
    ) -> bool:
        needed = set(required)
        allowed = needed | set(optional) | {"op", "sentence"}
        extra = sorted(str(k) for k in raw if k not in allowed)
        missing = sorted(k for k in needed if k not in raw)
        if extra:
            self.say(path, "unknown_field", op=op, fields=show(", ".join(extra)))
        if missing:
            self.say(path, "missing_field", op=op, fields=", ".join(missing))
        return not missing

    # -- pieces shared with amounts -----------------------------------------------------------------

    def sentence(self, raw: Mapping[str, Any], path: str, allowed: Collection[str]) -> Sentence | None:
        value = raw.get("sentence")
        if (
            not isinstance(value, Mapping)
            or not isinstance(value.get("zh"), str)
            or not isinstance(value.get("en"), str)
            or not value["zh"].strip()
            or not value["en"].strip()
        ):
            self.say(f"{path}.sentence", "missing_sentence")
            return None
        sentence = Sentence(value["zh"], value["en"])
        stray = sorted(sentence.placeholders() - set(allowed))
        leftover = _PLACEHOLDER.sub("", sentence.zh + sentence.en)
        if "{" in leftover or "}" in leftover:
            stray.append("{…}")
        if stray:
            self.say(
                f"{path}.sentence",
                "bad_placeholder",
                names=", ".join(stray),
                allowed=", ".join(sorted(allowed)) or "—",
            )
            return None
        return sentence

    def fact(self, raw: Any, path: str) -> str | None:
        if not isinstance(raw, str) or not raw:
            self.say(path, "bad_fact")
            return None
        if self.fact_names is not None and raw not in self.fact_names:
            self.say(path, "unknown_fact", fact=show(raw))
        return raw

    def parameter(self, raw: Any, path: str) -> tuple[str, Kind | None] | None:
        if not isinstance(raw, str) or not raw:
            self.say(path, "unknown_parameter", key=show(raw))
            return None
        if self.param_names is not None and raw not in self.param_names:
            self.say(path, "unknown_parameter", key=show(raw))
            return None
        return raw, self.param_kinds.get(raw)

    def bounds(self, raw: Mapping[str, Any], path: str) -> str | None:
        value = raw.get("bounds")
        if value not in ("[]", "[)", "(]", "()"):
            self.say(f"{path}.bounds", "bad_bounds")
            return None
        return str(value)

    # -- conditions ---------------------------------------------------------------------------------

    def rule(self, raw: Any, path: str = "$", depth: int = 1) -> Node | None:
        if not isinstance(raw, Mapping):
            self.say(path, "not_object")
            return None
        if not self.enter(path, depth):
            return None
        op = raw.get("op")
        if op in ("all", "any", "not"):
            return self._combination(raw, path, depth, str(op))
        if isinstance(op, str) and op in _ROLE_KINDS:
            return self._leaf(raw, path, op)
        self.say(f"{path}.op", "unknown_op", op=show(op), allowed=", ".join(_ALL_OPS))
        return None

    def _combination(self, raw: Mapping[str, Any], path: str, depth: int, op: str) -> Node | None:
        ok = self.fields(raw, path, op, ["args"])
        sentence = self.sentence(raw, path, ())
        args = raw.get("args")
        if not ok:
            return None
        if not isinstance(args, list):
            self.say(f"{path}.args", "bad_args")
            return None
        if op == "not" and len(args) != 1:
            self.say(
                f"{path}.args",
                "arity",
                op=op,
                need_zh="恰好 1 个",
                need_en="exactly one condition",
                got=len(args),
            )
        elif not args:
            self.say(
                f"{path}.args", "arity", op=op, need_zh="至少 1 个", need_en="at least one condition", got=0
            )
        children = [self.rule(arg, f"{path}.args[{i}]", depth + 1) for i, arg in enumerate(args)]
        if (
            sentence is None
            or not args
            or (op == "not" and len(args) != 1)
            or any(c is None for c in children)
        ):
            return None
        return Node(path=path, op=op, sentence=sentence, args=tuple(c for c in children if c is not None))

    def _leaf(self, raw: Mapping[str, Any], path: str, op: str) -> Node | None:
        roles = _ROLE_KINDS[op]
        extra = ("bounds",) if op in ("between", "within_months") else ()
        if not self.fields(raw, path, op, ["fact", *roles, *extra]):
            return None
        fact = self.fact(raw.get("fact"), f"{path}.fact")
        fact_kind = self.fact_kinds.get(fact) if fact else None
        bounds = self.bounds(raw, path) if extra else ""
        operands: list[tuple[str, Operand]] = []
        failed = fact is None or bounds is None
        for role, accepted in roles.items():
            operand = self.operand(raw.get(role), f"{path}.{role}", accepted)
            if operand is None:
                failed = True
            else:
                operands.append((role, operand))
        if not failed:
            failed = not self._kinds_agree(op, path, fact_kind, dict(operands), bounds or "")
        placeholders = set(roles) | {o.key for _, o in operands if o.source == "param"}
        sentence = self.sentence(raw, path, placeholders)
        if failed or sentence is None or fact is None or bounds is None:
            return None
        return Node(path=path, op=op, sentence=sentence, fact=fact, operands=tuple(operands), bounds=bounds)

    def operand(self, raw: Any, path: str, accepted: frozenset[Kind]) -> Operand | None:
        if (
            not isinstance(raw, Mapping)
            or len(raw) != 1
            or next(iter(raw)) not in ("param", "value", "date", "ref")
        ):
            self.say(path, "bad_operand")
            return None
        source, value = next(iter(raw.items()))
        kind: Kind | None
        element: Kind | None = None
        if source == "param":
            found = self.parameter(value, path)
            if found is None:
                return None
            operand = Operand("param", key=found[0])
            kind = found[1]
        elif source == "ref":
            if value != "evaluation_date":
                self.say(path, "bad_operand")
                return None
            operand, kind = Operand("ref"), Kind.DATE
        elif source == "date":
            try:
                day = date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
            except ValueError:
                day = None
            if day is None:
                self.say(path, "bad_date", value=show(value))
                return None
            operand, kind = Operand("date", literal=day), Kind.DATE
        else:
            literal = _literal(value)
            if literal is None:
                self.say(path, "bad_value", value=show(value))
                return None
            kind, normalised, element = literal
            if kind is Kind.LIST and not normalised:
                self.say(path, "empty_list")
                return None
            operand = Operand("value", literal=normalised, element=element)
        if kind is not None and kind not in accepted:
            self.mismatch(
                path,
                f"此处需要{'或'.join(_KIND_ZH[k] for k in sorted(accepted))}，给出的是{_KIND_ZH[kind]}",
                f"expected {' or '.join(sorted(accepted))}, got {kind}",
            )
            return None
        return operand

    def _kinds_agree(
        self,
        op: str,
        path: str,
        fact_kind: Kind | None,
        operands: Mapping[str, Operand],
        bounds: str,
    ) -> bool:
        """The fact's kind (when known), the operands' kinds (when known) and the op agree."""
        wanted: set[Kind] = set()
        for role, operand in operands.items():
            kind = self._operand_kind(operand)
            if op in ("in", "not_in"):
                kind = operand.element if operand.source == "value" else None
            if role in ("months", "of"):
                continue
            if kind is not None:
                wanted.add(kind)
        if op in ("before", "after", "within_months"):
            wanted.add(Kind.DATE)
        elif op == "is_true":
            wanted.add(Kind.BOOL)
        if len(wanted) > 1:
            self.mismatch(
                path, "两个操作数类型不同", f"operands of different kinds: {', '.join(sorted(wanted))}"
            )
            return False
        if fact_kind is not None and wanted and fact_kind not in wanted:
            need = next(iter(wanted))
            self.mismatch(
                path,
                f"事实是{_KIND_ZH[fact_kind]}，条件需要{_KIND_ZH[need]}",
                f"the fact is a {fact_kind}, the condition needs a {need}",
            )
            return False
        if fact_kind is not None and op in _COMPARE and op not in ("eq", "ne") and fact_kind not in _ORDERED:
            self.mismatch(path, f"{_KIND_ZH[fact_kind]}不能比较大小", f"a {fact_kind} has no order")
            return False
        if op == "between" and not self._range_ok(path, operands["low"], operands["high"], bounds):
            return False
        months = operands.get("months")
        if months is not None and months.source == "value" and not _months_ok(months.literal):
            self.say(f"{path}.months", "bad_months", limit=MAX_MONTHS)
            return False
        return True

    def _operand_kind(self, operand: Operand) -> Kind | None:
        if operand.source == "param":
            return self.param_kinds.get(operand.key)
        if operand.source in ("date", "ref"):
            return Kind.DATE
        return kind_of(operand.literal)

    def _range_ok(self, path: str, low: Operand, high: Operand, bounds: str) -> bool:
        if low.source in ("value", "date") and high.source in ("value", "date"):
            lo, hi = low.literal, high.literal
            if lo > hi or (lo == hi and bounds != "[]"):
                self.say(path, "empty_range", low=format_value(lo), high=format_value(hi))
                return False
        return True


def _months_ok(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_MONTHS


_COMPARE: Final = {
    "eq": operator.eq,
    "ne": operator.ne,
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
}
# For each leaf op: its operand roles and the kinds each accepts (the fact must be of the same kind).
_ROLE_KINDS: Final[dict[str, dict[str, frozenset[Kind]]]] = {
    **{op: {"to": (_SCALAR if op in ("eq", "ne") else _ORDERED)} for op in _COMPARE},
    "between": {"low": _ORDERED, "high": _ORDERED},
    "in": {"values": frozenset({Kind.LIST})},
    "not_in": {"values": frozenset({Kind.LIST})},
    "before": {"to": frozenset({Kind.DATE})},
    "after": {"to": frozenset({Kind.DATE})},
    "within_months": {"months": frozenset({Kind.NUMBER}), "of": frozenset({Kind.DATE})},
    "is_true": {},
    "has": {},
}
_ALL_OPS: Final = ("all", "any", "not", *_ROLE_KINDS)


# --------------------------------------------------------------------------------------------------
# The compiled form


@dataclass(frozen=True)
class Operand:
    source: str  # "param" | "value" | "date" | "ref"
    key: str = ""  # the parameter's key when source == "param"
    literal: Any = None  # normalised literal (Decimal for fractions, tuple for lists, date for "date")
    element: Kind | None = None  # element kind of a literal list


@dataclass(frozen=True)
class Node:
    """One checked condition node. ``path`` (``$.args[1]``) identifies it in results and messages."""

    path: str
    op: str
    sentence: Sentence
    fact: str = ""
    operands: tuple[tuple[str, Operand], ...] = ()
    bounds: str = ""
    args: tuple[Node, ...] = ()

    def walk(self) -> Iterable[Node]:
        yield self
        for arg in self.args:
            yield from arg.walk()


def fingerprint(raw: Any) -> str:
    """SHA-256 of the rule's canonical JSON: the rule version a decision records (规则版本)."""
    text = json.dumps(raw, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def check(
    raw: Any, known_facts: FactSchema | None, known_parameters: FactSchema | None
) -> tuple[Node | None, list[Issue]]:
    """The compiled rule (None if any issue) and every issue, with machine-readable codes for an API."""
    checker = Checker(known_facts, known_parameters)
    node = checker.rule(raw)
    return (node if not checker.issues else None), checker.issues


def validate(raw: Any, known_facts: FactSchema, known_parameters: FactSchema) -> list[str]:
    """Every problem of a rule, as bilingual messages (``"$.args[0].fact: 未知的事实… / unknown fact…"``);
    empty when the rule can be saved. Pass names, or names mapped to their ``Kind`` (e.g.
    ``ParameterSet.kinds()``) to have type mismatches found too."""
    return [str(issue) for issue in check(raw, known_facts, known_parameters)[1]]

"""Eligibility criteria (申报条件) as data: a small condition language stored as JSON.

A policy officer (政策专员) edits a policy's conditions in the admin; they are kept as JSON, validated when
saved, and evaluated here — no eval/exec, no stored SQL or Python: by a pure-Python row evaluator (one
enterprise, explained; the reference) and by a numpy columnar evaluator (many enterprises at once, the same
outcomes; see "Columnar evaluation" below). Three rules shape the design (docs/domain.md "Policy redemption"):

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
"""

from __future__ import annotations

import calendar
import hashlib
import json
import math
import operator
import re
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from functools import partial
from itertools import repeat
from typing import Any, ClassVar, Final, TypeAlias, overload

import numpy as np
import numpy.typing as npt

__all__ = [
    "MAX_DEPTH",
    "MAX_NODES",
    "BoundRule",
    "Checker",
    "Column",
    "ColumnInput",
    "ColumnResults",
    "Issue",
    "Kind",
    "Node",
    "Outcome",
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

MAX_DEPTH: Final = 10  # levels of nesting; the root is level 1
MAX_NODES: Final = 200  # condition nodes in one rule (operands are part of their node)
MAX_MONTHS: Final = 1200  # a window longer than a century is a typo


# --------------------------------------------------------------------------------------------------
# Outcomes and Kleene's strong three-valued logic


class Outcome(StrEnum):
    TRUE = "true"  # 符合
    FALSE = "false"  # 不符合
    UNKNOWN = "unknown"  # 待核实: data missing or unusable; a person decides


# Internally outcomes are ranked FALSE < UNKNOWN < TRUE, so Kleene AND is min, OR is max, NOT is 2 - x.
_F: Final = 0
_U: Final = 1
_T: Final = 2
_OUTCOME_OF: Final = (Outcome.FALSE, Outcome.UNKNOWN, Outcome.TRUE)
_RANK: Final = {Outcome.FALSE: _F, Outcome.UNKNOWN: _U, Outcome.TRUE: _T}


def kleene_and(*outcomes: Outcome) -> Outcome:
    """FALSE if any is FALSE, else UNKNOWN if any is UNKNOWN, else TRUE (TRUE for none)."""
    return _OUTCOME_OF[min((_RANK[o] for o in outcomes), default=_T)]


def kleene_or(*outcomes: Outcome) -> Outcome:
    """TRUE if any is TRUE, else UNKNOWN if any is UNKNOWN, else FALSE (FALSE for none)."""
    return _OUTCOME_OF[max((_RANK[o] for o in outcomes), default=_F)]


def kleene_not(outcome: Outcome) -> Outcome:
    """NOT UNKNOWN stays UNKNOWN."""
    return _OUTCOME_OF[_T - _RANK[outcome]]


# --------------------------------------------------------------------------------------------------
# Value kinds


class Kind(StrEnum):
    NUMBER = "number"  # int or Decimal (floats from outside are read through their decimal text)
    TEXT = "text"
    BOOL = "bool"
    DATE = "date"  # a calendar day; a datetime is not a day (which day depends on the time zone)
    LIST = "list"  # of numbers, texts or booleans


_KIND_ZH: Final = {
    Kind.NUMBER: "数字",
    Kind.TEXT: "文本",
    Kind.BOOL: "是/否",
    Kind.DATE: "日期",
    Kind.LIST: "列表",
}
_SCALAR: Final = frozenset({Kind.NUMBER, Kind.TEXT, Kind.BOOL, Kind.DATE})
_ORDERED: Final = frozenset({Kind.NUMBER, Kind.DATE})
_LISTABLE: Final = frozenset({Kind.NUMBER, Kind.TEXT, Kind.BOOL})


def as_number(value: Any) -> int | Decimal | None:
    """The value as an exact number, or None when it is not one (bool, NaN, infinity, text...)."""
    cls = value.__class__
    if cls is int:
        return int(value)
    if cls is Decimal:
        return Decimal(value) if value.is_finite() else None
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return int(value)
    if isinstance(value, Decimal):
        return Decimal(value) if value.is_finite() else None
    if isinstance(
        value, float
    ):  # float.__repr__: the shortest digits, also for subclasses such as numpy.float64
        return Decimal(float.__repr__(value)) if math.isfinite(value) else None
    return None


def _as_text(value: Any) -> str | None:
    return str(value) if isinstance(value, str) else None


def _as_bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _as_date(value: Any) -> date | None:
    if value.__class__ is date:
        return value  # type: ignore[no-any-return]
    if isinstance(value, datetime) or not isinstance(value, date):
        return None
    return date(value.year, value.month, value.day)


_NORMALISE: Final[dict[Kind, Callable[[Any], Any]]] = {
    Kind.NUMBER: as_number,
    Kind.TEXT: _as_text,
    Kind.BOOL: _as_bool,
    Kind.DATE: _as_date,
}


def kind_of(value: Any) -> Kind | None:
    """The kind of a fact or parameter value; None for None and for values no condition can use."""
    if value is None:
        return None
    if isinstance(value, list | tuple):
        return Kind.LIST
    for kind, normalise in _NORMALISE.items():
        if normalise(value) is not None:
            return kind
    return None


def _literal(raw: Any) -> tuple[Kind, Any, Kind | None] | None:
    """A literal from rule JSON: (kind, normalised value, element kind of a list) or None if unusable."""
    if isinstance(raw, list | tuple):
        items = [_literal(item) for item in raw]
        if any(item is None or item[0] not in _LISTABLE for item in items):
            return None
        kinds = {item[0] for item in items if item is not None}
        if len(kinds) > 1:
            return None
        return Kind.LIST, tuple(item[1] for item in items if item is not None), next(iter(kinds), None)
    if isinstance(raw, bool):
        return Kind.BOOL, raw, None
    number = as_number(raw)
    if number is not None:
        return Kind.NUMBER, number, None
    if isinstance(raw, str):
        return Kind.TEXT, raw, None
    return None


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months; the day of month is clamped (31 Mar − 1 → 28/29 Feb)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --------------------------------------------------------------------------------------------------
# Parameters: named values with effective-dated versions and a legal reference


ParamValue: TypeAlias = int | Decimal | str | bool | date | tuple[int | Decimal | str | bool, ...]


class ParameterError(LookupError):
    """A parameter is unknown, not in force on the evaluation date, or of the wrong kind: a configuration
    error, the same for every enterprise, so it is raised rather than turned into UNKNOWN."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en


@dataclass(frozen=True)
class ParameterVersion:
    effective_from: date  # 施行日期: in force from this day until the next version's day
    value: ParamValue
    legal_reference: str  # 依据: document number and article, e.g. "白府办〔2021〕5号 第八条"


@dataclass(frozen=True)
class ParameterUse:
    """The version of a parameter an evaluation used, kept with the decision so it can be reproduced."""

    key: str
    value: ParamValue
    effective_from: date
    legal_reference: str

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "value": json_safe(self.value),
            "effective_from": self.effective_from.isoformat(),
            "legal_reference": self.legal_reference,
        }


_KEY_RE: Final = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


def _parameter_value(raw: Any) -> ParamValue:
    if isinstance(raw, float):
        raise TypeError("parameter values are never floats; use int or Decimal / 参数值不能是浮点数")
    if isinstance(raw, list | tuple):
        literal = _literal(raw)
        if literal is None:
            raise TypeError(f"a list parameter holds numbers, texts or booleans of one kind: {raw!r}")
        return tuple(literal[1])
    if isinstance(raw, datetime):
        raise TypeError("a parameter date is a day, not a datetime / 参数日期不能带时间")
    if isinstance(raw, date) or isinstance(raw, bool) or isinstance(raw, str):
        return raw
    number = as_number(raw)
    if number is None:
        raise TypeError(f"unusable parameter value {raw!r}")
    return number


@dataclass(frozen=True, init=False)
class Parameter:
    """A threshold, rate or cap: ``Parameter(key, versions=[(effective_from, value, legal_reference)])``.

    Versions are kept sorted; a later-dated version changes only evaluations on or after its date.
    All versions hold the same kind of value (a threshold does not turn into a text).
    """

    key: str
    versions: tuple[ParameterVersion, ...]

    def __init__(
        self,
        key: str,
        versions: Iterable[ParameterVersion | tuple[date, Any, str]],
    ) -> None:
        if not _KEY_RE.match(key):
            raise ValueError(
                f"parameter key {key!r} must be lower_snake_case / 参数名应为小写字母、数字和下划线"
            )
        normalised: list[ParameterVersion] = []
        for item in versions:
            if isinstance(item, ParameterVersion):
                effective_from, value, reference = item.effective_from, item.value, item.legal_reference
            else:
                effective_from, value, reference = item
            if isinstance(effective_from, datetime) or not isinstance(effective_from, date):
                raise TypeError(f"{key}: effective_from must be a date / 施行日期应为日期")
            if not str(reference).strip():
                raise ValueError(f"{key}: every version needs its legal reference / 每个版本须注明依据")
            normalised.append(ParameterVersion(effective_from, _parameter_value(value), str(reference)))
        if not normalised:
            raise ValueError(f"{key}: at least one version / 至少一个版本")
        normalised.sort(key=lambda v: v.effective_from)
        days = [v.effective_from for v in normalised]
        if len(set(days)) != len(days):
            raise ValueError(f"{key}: two versions take effect on the same day / 同一天有两个版本")
        kinds = {kind_of(v.value) for v in normalised}
        if len(kinds) != 1:
            raise TypeError(f"{key}: all versions hold the same kind of value / 各版本的值类型须一致")
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "versions", tuple(normalised))

    @property
    def kind(self) -> Kind:
        kind = kind_of(self.versions[0].value)
        assert kind is not None  # guaranteed by __init__
        return kind

    def version_on(self, on: date) -> ParameterVersion:
        """The version in force on ``on``: the latest one whose effective date is on or before it."""
        index = bisect_right([v.effective_from for v in self.versions], on)
        if index == 0:
            first = self.versions[0].effective_from.isoformat()
            raise ParameterError(
                f"参数 {self.key} 在 {on.isoformat()} 尚未施行（最早 {first}）",
                f"parameter {self.key} is not in force on {on.isoformat()} (first version {first})",
            )
        return self.versions[index - 1]


@dataclass(frozen=True, init=False)
class ParameterSet:
    """The parameters a set of rules may read, by key."""

    parameters: Mapping[str, Parameter]

    def __init__(self, parameters: Iterable[Parameter] = ()) -> None:
        by_key: dict[str, Parameter] = {}
        for parameter in parameters:
            if parameter.key in by_key:
                raise ValueError(f"parameter {parameter.key} given twice / 参数重复")
            by_key[parameter.key] = parameter
        object.__setattr__(self, "parameters", by_key)

    def __contains__(self, key: object) -> bool:
        return key in self.parameters

    def keys(self) -> frozenset[str]:
        return frozenset(self.parameters)

    def kinds(self) -> dict[str, Kind]:
        """For ``validate``: the kind of each parameter, so type mismatches are found when saving."""
        return {key: parameter.kind for key, parameter in self.parameters.items()}

    def use(self, key: str, on: date) -> ParameterUse:
        parameter = self.parameters.get(key)
        if parameter is None:
            raise ParameterError(f"未定义的参数 {key}", f"parameter {key} is not defined")
        version = parameter.version_on(on)
        return ParameterUse(key, version.value, version.effective_from, version.legal_reference)


# --------------------------------------------------------------------------------------------------
# Plain-language sentences


# {name} or {name:yuan} / {name:wan_yuan}: a money value held in fen shown in yuan or in 万元 (10,000 yuan), so a
# threshold compared with a fen fact still reads "不低于 1000 万元" rather than "不低于 1000000000 分".
_PLACEHOLDER: Final = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?::(yuan|wan_yuan))?\}")
_FEN_PER_UNIT: Final = {"yuan": 100, "wan_yuan": 1_000_000}


def _show(value: Any, unit: str | None, lang: str) -> str:
    if unit:
        number = as_number(value) if not isinstance(value, bool) else None
        if number is not None:
            return format_value(Decimal(number) / _FEN_PER_UNIT[unit], lang)
    return format_value(value, lang)


def _format_decimal(value: Decimal) -> str:
    """Plain digits without trailing zeros (2000.50 → 2000.5, 1E+2 → 100); absurd magnitudes stay short."""
    if not value.is_finite() or abs(value.adjusted()) > 40:
        return str(value)
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_value(value: Any, lang: str = "zh") -> str:
    """How a value reads in a sentence: numbers without exponent, days in ISO form, lists joined."""
    if value is None:
        return "未知" if lang == "zh" else "unknown"
    if isinstance(value, bool):
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    if isinstance(value, Decimal):
        return _format_decimal(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple | frozenset | set):
        return ("、" if lang == "zh" else ", ").join(format_value(item, lang) for item in value)
    return str(value)


@dataclass(frozen=True)
class Sentence:
    """A node's plain-language sentence template: Chinese first, English complete (docs/design.md "Languages")."""

    zh: str
    en: str

    def placeholders(self) -> set[str]:
        return {m.group(1) for m in _PLACEHOLDER.finditer(self.zh + self.en)}

    def fill(self, values: Mapping[str, Any]) -> tuple[str, str]:
        def fill_one(template: str, lang: str) -> str:
            return _PLACEHOLDER.sub(lambda m: _show(values.get(m.group(1)), m.group(2), lang), template)

        return fill_one(self.zh, "zh"), fill_one(self.en, "en")


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
        'an operand is exactly one of {{"param": …}}, {{"value": …}}, {{"date": "YYYY-MM-DD"}}, {{"ref": "evaluation_date"}}',
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


def compile_rule(raw: Any) -> Rule:
    """Check a rule's shape and compile it; raises ``RuleError`` listing every issue."""
    node, issues = check(raw, None, None)
    if node is None:
        raise RuleError(issues)
    return Rule(root=node, fingerprint=fingerprint(raw))


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


def json_safe(value: Any) -> Any:
    """A value as it is stored with a decision: Decimal as text (exact), days in ISO form, lists as lists."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else repr(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple | frozenset | set):
        return [json_safe(item) for item in value]
    if isinstance(value, Mapping):
        return {str(k): json_safe(v) for k, v in value.items()}
    return repr(value)


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


# --------------------------------------------------------------------------------------------------
# Columnar evaluation (numpy)
#
# A leaf converts its fact's column once to a typed array plus a mask of the rows whose value it can use —
# the decision ``_judge`` makes row by row — and tests the whole array at once; nodes combine int8 rank
# arrays with minimum (all), maximum (any) and 2 − r (not). Numbers are compared exactly, never as binary
# floats: ints and Decimals are held as int64 equal to value × 10**scale (scale: the most decimal places in
# the column, at most _MAX_SCALE), a reference becomes the two integers around it at that scale, and a value
# that does not fit (more places, |scaled| ≥ 2**62, an int beyond int64) is an "odd" row that the leaf's
# ``judge`` decides in Python. A leaf the vector code does not cover is decided wholly by its ``judge``.

Ranks: TypeAlias = npt.NDArray[np.int8]
ColumnInput: TypeAlias = Sequence[Any] | npt.NDArray[Any]  # a Column is a Sequence too

_LIMIT: Final = (
    1 << 62
)  # scaled numbers are held in (−2**62, 2**62), so references clipped to ±2**62 stay exact
_MAX_SCALE: Final = 9  # at most this many decimal places are held in int64; a value with more goes to Python
_UNIT: Final = 10**_MAX_SCALE
_EPOCH: Final = date(1970, 1, 1).toordinal()  # days are held as days since 1970-01-01, as datetime64[D] is
_DAY_MIN: Final = date.min.toordinal() - _EPOCH
_DAY_MAX: Final = date.max.toordinal() - _EPOCH
_NONE_TYPE: Final = type(None)
_NO_ROWS: Final[npt.NDArray[np.intp]] = np.zeros(0, dtype=np.intp)
_NO_ROWS.flags.writeable = False
_OUTCOME_ARRAY: Final = np.array(_OUTCOME_OF, dtype=object)


@dataclass(frozen=True, eq=False)
class _View:
    """A column converted for one kind."""

    usable: npt.NDArray[np.bool_]  # the value is of the kind and held in ``data``; every other row is UNKNOWN
    data: npt.NDArray[
        Any
    ]  # NUMBER: int64 value × 10**scale; DATE: int64 days since 1970; BOOL: bool; TEXT: code
    # Rows of the kind whose value ``data`` cannot hold exactly: their leaf's ``judge`` decides them in Python.
    odd: npt.NDArray[np.intp] = field(default_factory=lambda: _NO_ROWS)
    scale: int = 0
    codes: Mapping[str, int] = field(
        default_factory=dict
    )  # TEXT: each text's code in ``data`` (−1: not a text)
    unknown: npt.NDArray[np.int8] = field(init=False)  # 1 where not usable: the rank such a row gets
    usable_true: npt.NDArray[np.int8] = field(init=False)  # 2 where usable: the rank a hit gets

    def __post_init__(self) -> None:
        object.__setattr__(self, "unknown", (~self.usable).view(np.int8))
        object.__setattr__(self, "usable_true", np.multiply(self.usable.view(np.int8), np.int8(_T)))

    def ranks(self, hits: npt.NDArray[np.bool_]) -> Ranks:
        """TRUE where usable and hit, FALSE where usable and not, UNKNOWN elsewhere — as int8 arithmetic,
        hit × (2 if usable) | (1 if not usable), which is fifty times cheaper than a nested np.where."""
        ranks = np.multiply(hits.view(np.int8), self.usable_true)
        return np.bitwise_or(ranks, self.unknown, out=ranks)


class Column(Sequence[Any]):
    """One fact for many rows, as the columnar evaluator takes it, keeping what it converts.

    ``values`` is a list (any sequence, or a numpy object array) of Python values with None where the fact
    is missing — what ``registry.facts.fact_columns`` returns — or a typed numpy array (int64, bool,
    datetime64[D], ...) whose element i means ``values[i].item()`` (NaT is missing). ``missing`` (optional,
    bool per row) marks more rows as missing, whatever ``values`` holds there: a typed array and its mask.
    ``column[i]`` is row i's value as the row evaluator sees it (None when missing).

    The typed array a leaf needs is built on first use, once per kind, and kept in the Column: give every
    policy that reads a fact the same Column (``prepare_columns``) and the conversion is paid once. So the
    values must not change once the Column is made (it may keep a typed array without copying it).

    ``scaled`` (optional) gives the numbers of ``values`` as int64 × 10**scale where a reader has them so (the
    PostgreSQL fact reader's decimals): the NUMBER view is then that array, not a pass over the Decimals.
    """

    __slots__ = ("_mask", "_missing", "_python", "_scaled", "_typed", "_views", "values")

    def __init__(
        self,
        values: ColumnInput,
        missing: npt.ArrayLike | None = None,
        *,
        scaled: tuple[npt.NDArray[np.int64], int] | None = None,
    ) -> None:
        if isinstance(values, np.ndarray):
            if values.ndim != 1:
                raise ValueError("a column is one-dimensional / 列应为一维数组")
        elif not isinstance(values, Sequence) or isinstance(values, str | bytes):
            raise TypeError(
                f"a column is a sequence or a numpy array, not {type(values).__name__} / 列应为序列或数组"
            )
        self.values = values
        self._typed = isinstance(values, np.ndarray) and values.dtype != np.dtype(object)
        self._mask: npt.NDArray[np.bool_] | None = None
        if missing is not None:
            mask = np.asarray(missing, dtype=np.bool_)
            if mask.shape != (len(values),):
                raise ValueError(
                    f"missing has {mask.size} entries for {len(values)} rows / 缺失标记与行数不一致"
                )
            self._mask = mask
        self._missing: npt.NDArray[np.bool_] | None = None
        self._python: Sequence[Any] | None = None
        self._views: dict[Kind, _View] = {}
        if scaled is not None and scaled[0].shape != (len(values),):
            raise ValueError(
                f"scaled has {scaled[0].size} entries for {len(values)} rows / 定点数组与行数不一致"
            )
        self._scaled = scaled

    def __len__(self) -> int:
        return len(self.values)

    @overload
    def __getitem__(self, row: int) -> Any: ...

    @overload
    def __getitem__(self, row: slice) -> Sequence[Any]: ...

    def __getitem__(self, row: int | slice) -> Any:
        if isinstance(row, slice):
            return self.python()[row]
        if self._mask is not None and self._mask[row]:
            return None
        value = self.values[row]
        return value.item() if self._typed else value

    def __iter__(self) -> Iterator[Any]:
        return iter(self.python())

    def __repr__(self) -> str:
        held = f"a {self.values.dtype} array" if isinstance(self.values, np.ndarray) else "Python values"
        return f"Column({len(self)} rows, {held})"

    @property
    def missing(self) -> npt.NDArray[np.bool_]:
        """True where the fact is missing (None, NaT, or marked in ``missing``)."""
        if self._missing is None:
            values = self.values
            natural: npt.NDArray[np.bool_] | None
            if not self._typed:
                natural = np.fromiter(
                    map(operator.is_, values, repeat(None)), dtype=np.bool_, count=len(values)
                )
            elif isinstance(values, np.ndarray) and values.dtype.kind in "mM":
                natural = np.isnat(values)
            else:
                natural = None
            if natural is None:
                natural = np.zeros(len(values), dtype=np.bool_) if self._mask is None else self._mask
            elif self._mask is not None:
                natural = natural | self._mask
            self._missing = natural
        return self._missing

    def python(self) -> Sequence[Any]:
        """Every row's value as the row evaluator sees it (None when missing); kept after the first call."""
        if self._python is None:
            values = self.values
            python: Sequence[Any]
            if isinstance(
                values, np.ndarray
            ):  # typed: what ``.item()`` gives; objects: the objects themselves
                python = values.tolist() if self._typed else list(values)
            else:
                python = values
            if self._mask is not None:
                python = [
                    None if gone else value for value, gone in zip(python, self._mask.tolist(), strict=True)
                ]
            self._python = python
        return self._python

    def prepare(self, *kinds: Kind) -> Column:
        """Convert now for these kinds (normally done on first use), e.g. to time the conversion apart; with
        no kind, only the missing mask (what ``has`` reads)."""
        if not kinds:
            self.missing  # noqa: B018  # computed and kept
        for kind in kinds:
            self._view(kind)
        return self

    def _view(self, kind: Kind) -> _View:
        view = self._views.get(kind)
        if view is None:
            view = self._views[kind] = _VIEW_OF[kind](self)
        return view


def _int_view(data: npt.NDArray[np.int64], missing: npt.NDArray[np.bool_]) -> _View:
    present = ~missing
    held = (data > -_LIMIT) & (data < _LIMIT)
    return _View(present & held, data, np.flatnonzero(present & ~held))


def _number_view(column: Column) -> _View:
    if column._scaled is not None:
        data, scale = column._scaled
        present = ~column.missing
        held = (data > -_LIMIT) & (data < _LIMIT)
        return _View(present & held, data, np.flatnonzero(present & ~held), scale)
    values = column.values
    if isinstance(values, np.ndarray) and (
        values.dtype.kind == "i" or (values.dtype.kind == "u" and values.dtype.itemsize < 8)
    ):
        return _int_view(values.astype(np.int64, copy=False), column.missing)
    python = column.python()
    if set(map(type, python)) <= {int, _NONE_TYPE}:  # the common case: whole numbers (fen, headcounts)
        try:
            data = np.fromiter((0 if v is None else v for v in python), dtype=np.int64, count=len(python))
        except OverflowError:  # an int beyond int64: the exact path below holds it as an odd row
            pass
        else:
            return _int_view(data, column.missing)
    return _exact_number_view(python)


def _exact_number_view(python: Sequence[Any]) -> _View:
    """Ints, Decimals, floats (read through their decimal text) and anything else, row by row, exactly."""
    ratios: list[tuple[int, int] | None] = []  # numerator, denominator; None: not a number or odd
    odd: list[int] = []
    places_of: dict[int, int] = {1: 0}  # denominator → decimal places it needs
    scale = 0
    for row, value in enumerate(python):
        number = value if value.__class__ is int else None if value is None else as_number(value)
        if number is None:
            ratios.append(None)
            continue
        if isinstance(number, int):
            if -_LIMIT < number < _LIMIT:
                ratios.append((number, 1))
            else:
                ratios.append(None)
                odd.append(row)
            continue
        if number.is_zero():
            ratios.append((0, 1))
            continue
        magnitude = number.adjusted()  # |number| is in [10**magnitude, 10**(magnitude + 1))
        if magnitude > 18 or magnitude < -_MAX_SCALE:
            ratios.append(None)
            odd.append(row)
            continue
        numerator, denominator = number.as_integer_ratio()
        if _UNIT % denominator:  # more than _MAX_SCALE decimal places
            ratios.append(None)
            odd.append(row)
            continue
        places = places_of.get(denominator)
        if places is None:
            places = places_of[denominator] = next(
                p for p in range(_MAX_SCALE + 1) if 10**p % denominator == 0
            )
        scale = max(scale, places)
        ratios.append((numerator, denominator))
    factor = 10**scale
    scaled: list[int] = []
    usable: list[bool] = []
    for row, ratio in enumerate(ratios):
        if ratio is not None:
            held = ratio[0] * (factor // ratio[1])
            if -_LIMIT < held < _LIMIT:
                scaled.append(held)
                usable.append(True)
                continue
            odd.append(row)
        scaled.append(0)
        usable.append(False)
    return _View(
        np.array(usable, dtype=np.bool_),
        np.array(scaled, dtype=np.int64),
        np.array(sorted(odd), dtype=np.intp),
        scale,
    )


def _date_view(column: Column) -> _View:
    values = column.values
    if isinstance(values, np.ndarray) and values.dtype == np.dtype("datetime64[D]"):
        data = values.view(np.int64)
        # Days outside 0001…9999 are not dates in Python (``.item()`` gives an int): not usable.
        return _View(~column.missing & (data >= _DAY_MIN) & (data <= _DAY_MAX), data)
    python = column.python()
    count = len(python)
    if set(map(type, python)) <= {date, _NONE_TYPE}:
        data = np.fromiter((0 if v is None else v.toordinal() for v in python), dtype=np.int64, count=count)
        return _View(data != 0, data - _EPOCH)  # ordinals start at 1: 0 is None
    days = [_as_date(value) for value in python]  # a datetime is not a day: None, UNKNOWN
    usable = np.fromiter((day is not None for day in days), dtype=np.bool_, count=count)
    data = np.fromiter((0 if day is None else day.toordinal() for day in days), dtype=np.int64, count=count)
    return _View(usable, data - _EPOCH)


def _bool_view(column: Column) -> _View:
    values = column.values
    if isinstance(values, np.ndarray) and values.dtype == np.dtype(np.bool_):
        return _View(~column.missing, values)
    python = column.python()
    true = np.fromiter(map(operator.is_, python, repeat(True)), dtype=np.bool_, count=len(python))
    false = np.fromiter(map(operator.is_, python, repeat(False)), dtype=np.bool_, count=len(python))
    return _View(true | false, true)


def _text_view(column: Column) -> _View:
    python = column.python()
    if set(map(type, python)) <= {str, _NONE_TYPE}:  # the common case, with dict and map doing the loop in C
        codes = {
            text: code for code, text in enumerate(text for text in dict.fromkeys(python) if text is not None)
        }
        lookup = {**codes, None: -1}
        data = np.fromiter(map(lookup.__getitem__, python), dtype=np.int64, count=len(python))
        return _View(data >= 0, data, codes=codes)
    codes = {}
    add = codes.setdefault

    def code(value: Any) -> int:
        if value.__class__ is str:
            return add(value, len(codes))
        return add(str(value), len(codes)) if isinstance(value, str) else -1

    data = np.fromiter(map(code, python), dtype=np.int64, count=len(python))
    return _View(data >= 0, data, codes=codes)


_VIEW_OF: Final[dict[Kind, Callable[[Column], _View]]] = {
    Kind.NUMBER: _number_view,
    Kind.DATE: _date_view,
    Kind.BOOL: _bool_view,
    Kind.TEXT: _text_view,
}


def _clip(held: int) -> int:
    return -_LIMIT if held < -_LIMIT else _LIMIT if held > _LIMIT else held


def _number_edges(ref: Any, scale: int) -> tuple[int, int]:
    """floor and ceil of ref × 10**scale, clipped to ±2**62 (beyond every held value, so still exact)."""
    if isinstance(ref, Decimal):
        if ref.is_zero():
            return 0, 0
        if ref.adjusted() > 40:
            return (_LIMIT, _LIMIT) if ref > 0 else (-_LIMIT, -_LIMIT)
        if ref.adjusted() < -scale:  # 0 < |ref × 10**scale| < 1
            return (0, 1) if ref > 0 else (-1, 0)
        numerator, denominator = ref.as_integer_ratio()
    else:
        numerator, denominator = int(ref), 1
    scaled = numerator * 10**scale
    return _clip(scaled // denominator), _clip(-(-scaled // denominator))


def _day_edges(ref: Any) -> tuple[int, int]:
    day = ref.toordinal() - _EPOCH
    return day, day


def _compare(data: npt.NDArray[Any], op: str, floor: int, ceil: int) -> npt.NDArray[np.bool_] | None:
    """``x op r`` for integers x, given floor(r) and ceil(r)."""
    if op in ("eq", "ne"):
        if floor != ceil:  # r is not a whole number at this scale: no x equals it
            return np.full(len(data), op == "ne", dtype=np.bool_)
        return data == np.int64(floor) if op == "eq" else data != np.int64(floor)
    if op == "lt":
        return data < np.int64(ceil)
    if op == "le":
        return data <= np.int64(floor)
    if op == "gt":
        return data > np.int64(floor)
    if op == "ge":
        return data >= np.int64(ceil)
    return None


def _hits(vector: _Vector, kind: Kind, view: _View) -> npt.NDArray[np.bool_] | None:
    """Where the leaf's test holds, for the usable rows of ``view`` (other rows: anything); None when the
    vector code does not cover the test (the caller then uses the row judge)."""
    data, test, op, refs = view.data, vector.test, vector.op, vector.refs
    if kind in _ORDERED:
        edges: Callable[[Any], tuple[int, int]] = (
            partial(_number_edges, scale=view.scale) if kind is Kind.NUMBER else _day_edges
        )
        if test == "cmp":
            return _compare(data, op, *edges(refs[0]))
        if test == "range":
            (low_floor, low_ceil), (high_floor, high_ceil) = edges(refs[0]), edges(refs[1])
            above = data >= np.int64(low_ceil) if vector.bounds[0] == "[" else data > np.int64(low_floor)
            below = data <= np.int64(high_floor) if vector.bounds[1] == "]" else data < np.int64(high_ceil)
            return np.logical_and(above, below, out=above)
        if test == "in":
            members = [floor for floor, ceil in map(edges, refs) if floor == ceil and abs(floor) < _LIMIT]
            found = np.isin(data, np.array(members, dtype=np.int64))
            return found if op == "in" else ~found
        return None
    if kind is Kind.BOOL:
        if test == "is_true":
            return data
        if test == "cmp" and op in ("eq", "ne"):
            equal = data if refs[0] else ~data
            return equal if op == "eq" else ~equal
        if test == "in":
            wanted = set(refs)
            found = (
                np.ones(len(data), dtype=np.bool_) if len(wanted) == 2 else data if True in wanted else ~data
            )
            return found if op == "in" else ~found
        return None
    if kind is Kind.TEXT:
        if test == "cmp" and op in ("eq", "ne"):
            code = view.codes.get(refs[0])
            equal = np.zeros(len(data), dtype=np.bool_) if code is None else data == code
            return equal if op == "eq" else ~equal
        if test == "in":
            found = np.isin(data, np.array([view.codes[m] for m in refs if m in view.codes], dtype=np.int64))
            return found if op == "in" else ~found
    return None


def _leaf_ranks(bound: _Bound, column: Column | None, rows: int) -> Ranks:
    judge, vector, kind = bound.judge, bound.vector, bound.kind
    assert judge is not None  # a leaf
    if column is None:  # an absent column is all missing
        return np.full(rows, judge(None), dtype=np.int8)
    if vector is not None and vector.test == "has":
        return np.left_shift((~column.missing).view(np.int8), 1)  # TRUE where known, FALSE where missing
    if vector is not None and kind is not None:
        view = column._view(kind)
        hits = _hits(vector, kind, view)
        if hits is not None:
            ranks = view.ranks(hits)
            if view.odd.size:
                ranks[view.odd] = [judge(column[row]) for row in view.odd.tolist()]
            return ranks
    return np.fromiter(map(judge, column.python()), dtype=np.int8, count=rows)


def _vector_ranks(
    bound: _Bound, columns: Mapping[str, Column], rows: int, record: dict[str, Ranks] | None
) -> Ranks:
    if bound.judge is not None:
        ranks = _leaf_ranks(bound, columns.get(bound.node.fact), rows)
    else:
        parts = [_vector_ranks(arg, columns, rows, record) for arg in bound.args]
        op = bound.node.op
        if op == "not":
            ranks = np.subtract(np.int8(_T), parts[0], dtype=np.int8)
        elif len(parts) == 1:
            ranks = parts[0]
        else:
            combine = np.minimum if op == "all" else np.maximum
            ranks = combine(parts[0], parts[1])
            for part in parts[2:]:
                combine(ranks, part, out=ranks)
    ranks.flags.writeable = False  # shared by ColumnResults and by a one-argument parent
    if record is not None:
        record[bound.node.path] = ranks
    return ranks


def _leaves(bound: _Bound) -> Iterable[_Bound]:
    if bound.judge is not None:
        yield bound
    for arg in bound.args:
        yield from _leaves(arg)


def prepare_columns(columns: Mapping[str, ColumnInput], *rules: BoundRule) -> dict[str, Column]:
    """The columns as ``Column``s (one given as a Column is kept, with what it has converted already).

    Pass the result to every rule that reads these facts so each fact is converted once for all of them
    (100 policies read the same ~15 facts). With ``rules``, what those rules read is converted now;
    otherwise each conversion happens when a leaf first needs it.
    """
    prepared = {
        name: values if isinstance(values, Column) else Column(values) for name, values in columns.items()
    }
    for rule in rules:
        for leaf in _leaves(rule.root):
            column = prepared.get(leaf.node.fact)
            if column is not None:
                column.prepare(*([leaf.kind] if leaf.kind is not None else []))
    return prepared


@dataclass(frozen=True)
class BoundRule:
    """A rule with its parameters resolved for one evaluation date."""

    rule: Rule
    on: date
    root: _Bound

    def evaluate(self, facts: Mapping[str, Any]) -> Result:
        """The full explained tree for one enterprise (every node evaluated, no short-circuit)."""
        return _evaluate(self.root, facts, self.on)

    def outcome(self, facts: Mapping[str, Any]) -> Outcome:
        """Only the root outcome, without building the tree."""
        return _OUTCOME_OF[_rank(self.root, facts)]

    def evaluate_columns(self, columns: Mapping[str, ColumnInput], rows: int | None = None) -> list[Outcome]:
        """Outcomes for many enterprises at once: ``columns[fact][i]`` is enterprise i's value (None when
        missing; a column that is absent is all missing). Same outcomes as ``evaluate`` row by row.
        Columns are lists, numpy arrays or ``Column``s (see ``prepare_columns`` to convert once for many rules)."""
        return _OUTCOME_ARRAY[self.evaluate_ranks(columns, rows)].tolist()  # type: ignore[no-any-return]

    def evaluate_ranks(self, columns: Mapping[str, ColumnInput], rows: int | None = None) -> Ranks:
        """As ``evaluate_columns``, as a read-only int8 array of ranks (0 FALSE, 1 UNKNOWN, 2 TRUE) instead of a
        list of Outcomes, for callers that select rows with numpy (``np.flatnonzero(ranks != 0)``)."""
        prepared = prepare_columns(columns)
        return _vector_ranks(self.root, prepared, _row_count(prepared, rows), None)

    def evaluate_columns_explained(
        self, columns: Mapping[str, ColumnInput], rows: int | None = None
    ) -> ColumnResults:
        """As ``evaluate_columns``, also keeping every node's outcome per row, so any enterprise's full
        explanation (``ColumnResults.result(i)``) can be built when it is needed, not 300,000 times."""
        prepared = prepare_columns(columns)
        count = _row_count(prepared, rows)
        record: dict[str, Ranks] = {}
        _vector_ranks(self.root, prepared, count, record)
        return ColumnResults(self, prepared, record, count)


def _row_count(columns: Mapping[str, Column], rows: int | None) -> int:
    lengths = {len(column) for column in columns.values()}
    if rows is not None:
        lengths.add(rows)
    if len(lengths) > 1:
        raise ValueError(f"columns of different lengths {sorted(lengths)} / 各列长度不一致")
    return lengths.pop() if lengths else 0


@dataclass(frozen=True)
class ColumnResults:
    """Every node's outcome for every row of a columnar evaluation."""

    bound: BoundRule
    columns: Mapping[str, Column]  # what was evaluated; ``columns[fact][i]`` is row i's value (None: missing)
    ranks: Mapping[str, Ranks]  # node path → outcome rank per row: read-only int8, 0 FALSE, 1 UNKNOWN, 2 TRUE
    rows: int

    @property
    def outcomes(self) -> list[Outcome]:
        return self.node_outcomes("$")

    def node_outcomes(self, path: str) -> list[Outcome]:
        """One node's outcome per row, e.g. to count how many enterprises a single condition stops."""
        return _OUTCOME_ARRAY[self.ranks[path]].tolist()  # type: ignore[no-any-return]

    def rank_array(self, path: str = "$") -> Ranks:
        """One node's (the root's by default) ranks as a read-only int8 array, without building Outcomes:
        ``np.flatnonzero(results.rank_array() != 0)`` are the rows that are not FALSE."""
        return self.ranks[path]

    def result(self, row: int) -> Result:
        """Row ``row``'s explained tree, equal to ``BoundRule.evaluate`` on that row's facts."""
        facts = {name: column[row] for name, column in self.columns.items()}

        def build(bound: _Bound) -> Result:
            node = bound.node
            rank = int(self.ranks[node.path][row])
            if bound.judge is not None:
                value = facts.get(node.fact)
                reason = _reason(bound, value) if rank == _U else ("", "")
                return Result(
                    node.path,
                    node.op,
                    _OUTCOME_OF[rank],
                    bound.sentence_zh,
                    bound.sentence_en,
                    self.bound.on,
                    {node.fact: value},
                    bound.uses,
                    reason[0],
                    reason[1],
                )
            return Result(
                node.path,
                node.op,
                _OUTCOME_OF[rank],
                bound.sentence_zh,
                bound.sentence_en,
                self.bound.on,
                args=tuple(build(arg) for arg in bound.args),
            )

        return build(self.bound.root)


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

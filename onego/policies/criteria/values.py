"""Outcomes and Kleene's three-valued logic, value kinds, and how a value reads in a sentence or is stored."""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, Final

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
    """A node's plain-language sentence template: Chinese first, English complete (docs/design.md)."""

    zh: str
    en: str

    def placeholders(self) -> set[str]:
        return {m.group(1) for m in _PLACEHOLDER.finditer(self.zh + self.en)}

    def fill(self, values: Mapping[str, Any]) -> tuple[str, str]:
        def fill_one(template: str, lang: str) -> str:
            return _PLACEHOLDER.sub(lambda m: _show(values.get(m.group(1)), m.group(2), lang), template)

        return fill_one(self.zh, "zh"), fill_one(self.en, "en")


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

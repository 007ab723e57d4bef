"""Amounts (资金标准 / 兑现金额) as data: formulas in JSON, validated when saved, evaluated to integer fen.

Money is integer fen (分) throughout, never float (docs/domain.md "Policy redemption"). Intermediate products
are exact Decimals (a base in yuan × a rate may have fractions of a fen); a formula that multiplies states how
the result is rounded, one of:

* ``half_up_fen``  — 四舍五入到分 (the usual rule in Chinese public finance; ``0.5`` fen goes up)
* ``down_fen``     — 舍去分以下 (truncate toward zero to the fen)
* ``half_up_yuan`` / ``down_yuan`` — the same to the whole yuan (many subsidy rules say 计算至元)

Rounding happens once, on the exact product, before floor and cap are applied. Every money operand
states its unit: ``fen`` (分), ``yuan`` (元) or ``wan_yuan`` (万元); a money literal or parameter must be a
whole number of fen. A rate states its unit: ``ratio`` (0.1), ``percent`` (10) or ``basis_points``
(1000 = 10%, 万分之).

Shapes (every node carries ``"sentence": {"zh": ..., "en": ...}``)::

    {"op": "fixed", "amount": MONEY}
    {"op": "rate", "rate": RATE, "base": MONEY, "rounding": R, "floor"?: MONEY, "cap"?: MONEY}
    {"op": "per_unit", "amount": MONEY, "count": COUNT, "cap"?: MONEY}
    {"op": "progressive", "base": MONEY, "rounding": R, "cap"?: MONEY,
     "tiers": [{"up_to": NUMBER | null, "rate": RATE}, ...]}        # like tax brackets; the last is open
    {"op": "band", "base": NUMBER,
     "bands": [{"from": NUMBER | null, "to": NUMBER | null, "bounds": "[)", "amount": MONEY}, ...]}
    {"op": "sum", "args": [...]}  {"op": "min" | "max", "args": [..., ...]}
    {"op": "when", "if": CONDITION (criteria JSON), "then": AMOUNT, "else"?: AMOUNT}

    MONEY  = {"value": n | "param": k | "fact": f, "unit": "fen" | "yuan" | "wan_yuan"}  # n: 12.5 or "12.5"
    RATE   = {"value": n | "param": k, "unit": "ratio" | "percent" | "basis_points"}
    COUNT  = {"value": n | "param": k | "fact": f}          # a whole number ≥ 0 (e.g. insured new hires)
    NUMBER = {"value": n | "param": k | "fact": f}          # tier and band edges are in the base's unit;
                                                            # a band's base and edges may be negative

A progressive tier takes the part of the base above the previous tier's ``up_to`` and up to its own; a
band gives its fixed amount when the base falls inside it (edges as ``bounds`` says, ``null`` = open), 0
when it falls in none. A missing or unusable fact (not a number; a negative money base or count) makes
the amount UNKNOWN (``None``) with the reason; so does a ``when`` whose condition is UNKNOWN, and any
sum/min/max with an UNKNOWN part. Only a base or a count reads a fact; amounts, floors, caps, rates and
edges are literals or parameters.

Sentence placeholders: the node's operand roles (``{amount}``, ``{rate}``, ``{floor}``, ``{cap}``) shown as
written in their own unit, the keys of the parameters the node reads, and ``{result_yuan}`` (the node's
amount in yuan, "未知"/"unknown" when UNKNOWN).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Context, Decimal, localcontext
from enum import StrEnum
from typing import Any, Final

from .criteria import (
    Checker,
    FactSchema,
    Issue,
    Kind,
    Node,
    Outcome,
    ParameterSet,
    ParameterUse,
    Result,
    Rule,
    RuleError,
    Sentence,
    as_number,
    explain,
    fingerprint,
    format_value,
    json_safe,
    kind_of,
    show,
)

__all__ = [
    "AmountFormula",
    "AmountResult",
    "BoundAmount",
    "MoneyUnit",
    "RateUnit",
    "Rounding",
    "compile_amount",
    "evaluate_amount",
    "explain_amount",
    "fen_to_yuan_text",
    "validate_amount",
]


class MoneyUnit(StrEnum):
    FEN = "fen"  # 分
    YUAN = "yuan"  # 元
    WAN_YUAN = "wan_yuan"  # 万元, the unit most policy texts use


FEN_PER: Final = {MoneyUnit.FEN: 1, MoneyUnit.YUAN: 100, MoneyUnit.WAN_YUAN: 1_000_000}
_UNIT_ZH: Final = {MoneyUnit.FEN: "分", MoneyUnit.YUAN: "元", MoneyUnit.WAN_YUAN: "万元"}


class RateUnit(StrEnum):
    RATIO = "ratio"  # 0.1
    PERCENT = "percent"  # 10 (%)
    BASIS_POINTS = "basis_points"  # 1000 (万分之一千 = 10%)


_RATE_DIVISOR: Final = {RateUnit.RATIO: 1, RateUnit.PERCENT: 100, RateUnit.BASIS_POINTS: 10_000}


class Rounding(StrEnum):
    HALF_UP_FEN = "half_up_fen"  # 四舍五入到分
    DOWN_FEN = "down_fen"  # 舍去分以下
    HALF_UP_YUAN = "half_up_yuan"  # 四舍五入到元
    DOWN_YUAN = "down_yuan"  # 舍去元以下


_ROUNDING_ZH: Final = {
    Rounding.HALF_UP_FEN: "四舍五入到分",
    Rounding.DOWN_FEN: "舍去分以下",
    Rounding.HALF_UP_YUAN: "四舍五入到元",
    Rounding.DOWN_YUAN: "舍去元以下",
}
_ROUNDING_EN: Final = {
    Rounding.HALF_UP_FEN: "rounded half up to the fen",
    Rounding.DOWN_FEN: "rounded down to the fen",
    Rounding.HALF_UP_YUAN: "rounded half up to the yuan",
    Rounding.DOWN_YUAN: "rounded down to the yuan",
}


# Amounts, bases, counts and edges are bounded (10^18 fen is ten thousand trillion yuan), so with 60
# significant digits every product, sum and division by 100 or 10,000 below is exact; only round_fen rounds.
MAX_MAGNITUDE: Final = 10**18
_EXACT: Final = Context(prec=60)


def round_fen(fen: Decimal, rounding: Rounding) -> int:
    """An exact amount in fen rounded as ``rounding`` says, as integer fen."""
    mode = ROUND_HALF_UP if rounding in (Rounding.HALF_UP_FEN, Rounding.HALF_UP_YUAN) else ROUND_DOWN
    with localcontext(_EXACT):
        if rounding in (Rounding.HALF_UP_YUAN, Rounding.DOWN_YUAN):
            return int((fen / 100).quantize(Decimal(1), rounding=mode)) * 100
        return int(fen.quantize(Decimal(1), rounding=mode))


def fen_to_yuan_text(fen: int | None, lang: str = "zh") -> str:
    """12345678 → '123,456.78' (as the pages show yuan)."""
    if fen is None:
        return "未知" if lang == "zh" else "unknown"
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole:,}.{cents:02d}"


def _yuan(fen: Decimal) -> str:
    """An exact amount in fen shown in yuan, keeping any fraction of a fen: 12345.67 fen → '123.4567'."""
    if fen % 1 == 0:
        return fen_to_yuan_text(int(fen))
    whole = int(fen) // 100
    rest = format_value(fen - whole * 100)
    cents, _, fraction = rest.partition(".")
    return f"{whole:,}.{int(cents):02d}{fraction}"


# --------------------------------------------------------------------------------------------------
# The compiled form


@dataclass(frozen=True)
class AmountOperand:
    path: str
    role: str  # "money" | "rate" | "count" | "number"
    source: str  # "value" | "param" | "fact"
    key: str = ""  # parameter key or fact name
    literal: int | Decimal | None = None
    unit: str = ""  # MoneyUnit for money, RateUnit for rates, "" otherwise


@dataclass(frozen=True)
class Tier:
    up_to: AmountOperand | None  # None: open upwards (the last tier)
    rate: AmountOperand


@dataclass(frozen=True)
class Band:
    lower: AmountOperand | None  # None: open downwards
    upper: AmountOperand | None  # None: open upwards
    bounds: str  # "[]", "[)", "(]", "()"
    amount: AmountOperand


@dataclass(frozen=True)
class AmountNode:
    path: str
    op: str
    sentence: Sentence
    operands: tuple[tuple[str, AmountOperand], ...] = ()
    rounding: Rounding | None = None
    tiers: tuple[Tier, ...] = ()
    bands: tuple[Band, ...] = ()
    args: tuple[AmountNode, ...] = ()
    condition: Node | None = None

    def operand(self, name: str) -> AmountOperand | None:
        return dict(self.operands).get(name)

    def walk(self) -> Iterable[AmountNode]:
        yield self
        for arg in self.args:
            yield from arg.walk()

    def all_operands(self) -> Iterable[AmountOperand]:
        yield from (operand for _, operand in self.operands)
        for tier in self.tiers:
            if tier.up_to is not None:
                yield tier.up_to
            yield tier.rate
        for band in self.bands:
            yield from (o for o in (band.lower, band.upper) if o is not None)
            yield band.amount


# --------------------------------------------------------------------------------------------------
# Checking


_AMOUNT_MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "bad_money": (
        '金额应为 {{"value" | "param" | "fact": …, "unit": "fen" | "yuan" | "wan_yuan"}}',
        'money is {{"value" | "param" | "fact": …, "unit": "fen" | "yuan" | "wan_yuan"}}',
    ),
    "bad_rate": (
        '比例应为 {{"value" | "param": …, "unit": "ratio" | "percent" | "basis_points"}}',
        'a rate is {{"value" | "param": …, "unit": "ratio" | "percent" | "basis_points"}}',
    ),
    "bad_number": (
        '数值应为 {{"value" | "param" | "fact": …}}',
        'a number is {{"value" | "param" | "fact": …}}',
    ),
    "not_whole_fen": ("金额须为整数分：{value}", "an amount is a whole number of fen: {value}"),
    "negative": ("不能为负数：{value}", "must not be negative: {value}"),
    "not_whole": ("应为非负整数：{value}", "must be a whole number ≥ 0: {value}"),
    "too_large": ("数值超出范围：{value}", "out of range: {value}"),
    "bad_rounding": (
        "rounding 应为 half_up_fen、down_fen、half_up_yuan、down_yuan 之一",
        "rounding is one of half_up_fen, down_fen, half_up_yuan, down_yuan",
    ),
    "floor_above_cap": ("下限 {floor} 高于上限 {cap}", "the floor {floor} is above the cap {cap}"),
    "bad_tiers": ("累进档次：{what_zh}", "progressive tiers: {what_en}"),
    "bad_bands": ("分档：{what_zh}", "bands: {what_en}"),
    "fact_not_allowed": (
        "此处不能读取事实，只能用 value 或 param",
        "a fact cannot be read here; use value or param",
    ),
}

_AMOUNT_OPS: Final = ("fixed", "rate", "per_unit", "progressive", "band", "sum", "min", "max", "when")


class _AmountChecker(Checker):
    messages = {**Checker.messages, **_AMOUNT_MESSAGES}

    def amount(self, raw: Any, path: str = "$", depth: int = 1) -> AmountNode | None:
        if not isinstance(raw, Mapping):
            self.say(path, "not_object")
            return None
        if not self.enter(path, depth):
            return None
        op = raw.get("op")
        if op not in _AMOUNT_OPS:
            self.say(f"{path}.op", "unknown_op", op=show(op), allowed=", ".join(_AMOUNT_OPS))
            return None
        return getattr(self, f"_{op}")(raw, path, depth, str(op))  # type: ignore[no-any-return]

    # -- operands -----------------------------------------------------------------------------------

    def _number_operand(
        self, raw: Any, path: str, role: str, *, fact_ok: bool, unit: str = ""
    ) -> AmountOperand | None:
        code = {"money": "bad_money", "rate": "bad_rate"}.get(role, "bad_number")
        sources = [k for k in ("value", "param", "fact") if isinstance(raw, Mapping) and k in raw]
        expected_keys = 2 if role in ("money", "rate") else 1
        if not isinstance(raw, Mapping) or len(sources) != 1 or len(raw) != expected_keys:
            self.say(path, code)
            return None
        source = sources[0]
        if source == "fact" and not fact_ok:
            self.say(path, "fact_not_allowed")
            return None
        value = raw[source]
        if source == "fact":
            fact = self.fact(value, path)
            if fact is None:
                return None
            if (
                self.fact_kinds.get(fact, Kind.NUMBER) != Kind.NUMBER
            ):  # plain "number" too (registry.fact_schema)
                self.mismatch(path, f"事实 {fact} 不是数字", f"the fact {fact} is not a number")
                return None
            return AmountOperand(path, role, "fact", key=fact, unit=unit)
        if source == "param":
            found = self.parameter(value, path)
            if found is None:
                return None
            if found[1] not in (None, Kind.NUMBER):
                self.mismatch(path, f"参数 {found[0]} 不是数字", f"the parameter {found[0]} is not a number")
                return None
            return AmountOperand(path, role, "param", key=found[0], unit=unit)
        number = _decimal_text(value) if isinstance(value, str) else as_number(value)
        if number is None:
            self.say(path, "bad_value", value=show(value))
            return None
        problem = _literal_problem(role, unit, number)
        if problem is not None:
            self.say(path, problem, value=format_value(number))
            return None
        return AmountOperand(path, role, "value", literal=number, unit=unit)

    def money(self, raw: Any, path: str, *, fact_ok: bool) -> AmountOperand | None:
        unit = raw.get("unit") if isinstance(raw, Mapping) else None
        if unit not in tuple(MoneyUnit):
            self.say(path, "bad_money")
            return None
        return self._number_operand(raw, path, "money", fact_ok=fact_ok, unit=str(unit))

    def rate(self, raw: Any, path: str) -> AmountOperand | None:
        unit = raw.get("unit") if isinstance(raw, Mapping) else None
        if unit not in tuple(RateUnit):
            self.say(path, "bad_rate")
            return None
        return self._number_operand(raw, path, "rate", fact_ok=False, unit=str(unit))

    def rounding(self, raw: Mapping[str, Any], path: str) -> Rounding | None:
        value = raw.get("rounding")
        if value not in tuple(Rounding):
            self.say(f"{path}.rounding", "bad_rounding")
            return None
        return Rounding(value)

    def _finish(
        self,
        raw: Mapping[str, Any],
        path: str,
        op: str,
        operands: Mapping[str, AmountOperand | None],
        ok: bool,
        **extra: Any,
    ) -> AmountNode | None:
        present = {name: operand for name, operand in operands.items() if operand is not None}
        placeholders = (
            set(present) | {o.key for o in present.values() if o.source == "param"} | {"result_yuan"}
        )
        for item in extra.get("tiers", ()) + extra.get("bands", ()):
            operands_of = (
                [item.rate, item.up_to] if isinstance(item, Tier) else [item.lower, item.upper, item.amount]
            )
            placeholders |= {o.key for o in operands_of if o is not None and o.source == "param"}
        sentence = self.sentence(raw, path, placeholders)
        missing_operand = any(operands.get(name) is None for name in operands if name in raw)
        if not ok or sentence is None or missing_operand:
            return None
        return AmountNode(path=path, op=op, sentence=sentence, operands=tuple(present.items()), **extra)

    # -- ops ----------------------------------------------------------------------------------------

    def _fixed(self, raw: Mapping[str, Any], path: str, depth: int, op: str) -> AmountNode | None:
        ok = self.fields(raw, path, op, ["amount"])
        amount = self.money(raw.get("amount"), f"{path}.amount", fact_ok=False) if ok else None
        return self._finish(raw, path, op, {"amount": amount}, ok and amount is not None)

    def _cap_floor(
        self, raw: Mapping[str, Any], path: str, names: Iterable[str]
    ) -> dict[str, AmountOperand | None]:
        found = {
            name: self.money(raw[name], f"{path}.{name}", fact_ok=False) for name in names if name in raw
        }
        floor, cap = found.get("floor"), found.get("cap")
        if floor is not None and cap is not None and floor.source == cap.source == "value":
            assert floor.literal is not None and cap.literal is not None
            floor_fen = floor.literal * FEN_PER[MoneyUnit(floor.unit)]
            cap_fen = cap.literal * FEN_PER[MoneyUnit(cap.unit)]
            if floor_fen > cap_fen:
                self.say(
                    path,
                    "floor_above_cap",
                    floor=fen_to_yuan_text(int(floor_fen)),
                    cap=fen_to_yuan_text(int(cap_fen)),
                )
                found["floor"] = None
        return found

    def _rate(self, raw: Mapping[str, Any], path: str, depth: int, op: str) -> AmountNode | None:
        ok = self.fields(raw, path, op, ["rate", "base", "rounding"], ["floor", "cap"])
        if not ok:
            return None
        operands = {
            "rate": self.rate(raw.get("rate"), f"{path}.rate"),
            "base": self.money(raw.get("base"), f"{path}.base", fact_ok=True),
            **self._cap_floor(raw, path, ("floor", "cap")),
        }
        rounding = self.rounding(raw, path)
        ok = rounding is not None and all(operands.values())
        return self._finish(raw, path, op, operands, ok, rounding=rounding)

    def _per_unit(self, raw: Mapping[str, Any], path: str, depth: int, op: str) -> AmountNode | None:
        ok = self.fields(raw, path, op, ["amount", "count"], ["cap"])
        if not ok:
            return None
        operands = {
            "amount": self.money(raw.get("amount"), f"{path}.amount", fact_ok=False),
            "count": self._number_operand(raw.get("count"), f"{path}.count", "count", fact_ok=True),
            **self._cap_floor(raw, path, ("cap",)),
        }
        return self._finish(raw, path, op, operands, all(operands.values()))

    def _progressive(self, raw: Mapping[str, Any], path: str, depth: int, op: str) -> AmountNode | None:
        ok = self.fields(raw, path, op, ["base", "tiers", "rounding"], ["cap"])
        if not ok:
            return None
        base = self.money(raw.get("base"), f"{path}.base", fact_ok=True)
        operands = {"base": base, **self._cap_floor(raw, path, ("cap",))}
        rounding = self.rounding(raw, path)
        tiers_raw = raw.get("tiers")
        tiers: list[Tier] = []
        if not isinstance(tiers_raw, list) or not tiers_raw:
            self.say(f"{path}.tiers", "bad_tiers", what_zh="应为非空列表", what_en="must be a non-empty list")
            ok = False
        else:
            for i, item in enumerate(tiers_raw):
                tier_path = f"{path}.tiers[{i}]"
                if not isinstance(item, Mapping) or set(item) != {"up_to", "rate"}:
                    self.say(
                        tier_path,
                        "bad_tiers",
                        what_zh='每档为 {"up_to": …, "rate": …}',
                        what_en='each tier is {"up_to": …, "rate": …}',
                    )
                    ok = False
                    continue
                up_to = (
                    None
                    if item["up_to"] is None
                    else self._number_operand(item["up_to"], f"{tier_path}.up_to", "number", fact_ok=False)
                )
                rate = self.rate(item["rate"], f"{tier_path}.rate")
                if rate is None or (item["up_to"] is not None and up_to is None):
                    ok = False
                    continue
                tiers.append(Tier(up_to, rate))
            if ok:
                ok = self._tiers_ok(tiers, f"{path}.tiers")
        ok = ok and rounding is not None and all(operands.values())
        return self._finish(raw, path, op, operands, ok, rounding=rounding, tiers=tuple(tiers))

    def _tiers_ok(self, tiers: list[Tier], path: str) -> bool:
        problem = _tier_problem([_literal_or_unknown(tier.up_to) for tier in tiers])
        if problem:
            self.say(path, "bad_tiers", what_zh=problem[0], what_en=problem[1])
            return False
        return True

    def _band(self, raw: Mapping[str, Any], path: str, depth: int, op: str) -> AmountNode | None:
        ok = self.fields(raw, path, op, ["base", "bands"])
        if not ok:
            return None
        base = self._number_operand(raw.get("base"), f"{path}.base", "number", fact_ok=True)
        bands_raw = raw.get("bands")
        bands: list[Band] = []
        if not isinstance(bands_raw, list) or not bands_raw:
            self.say(f"{path}.bands", "bad_bands", what_zh="应为非空列表", what_en="must be a non-empty list")
            ok = False
        else:
            for i, item in enumerate(bands_raw):
                band_path = f"{path}.bands[{i}]"
                if not isinstance(item, Mapping) or set(item) != {"from", "to", "bounds", "amount"}:
                    self.say(
                        band_path,
                        "bad_bands",
                        what_zh='每档为 {"from", "to", "bounds", "amount"}（from/to 可为 null）',
                        what_en='each band is {"from", "to", "bounds", "amount"} (from/to may be null)',
                    )
                    ok = False
                    continue
                lower = (
                    None
                    if item["from"] is None
                    else self._number_operand(item["from"], f"{band_path}.from", "number", fact_ok=False)
                )
                upper = (
                    None
                    if item["to"] is None
                    else self._number_operand(item["to"], f"{band_path}.to", "number", fact_ok=False)
                )
                bounds = self.bounds(item, band_path)
                amount = self.money(item["amount"], f"{band_path}.amount", fact_ok=False)
                if (
                    bounds is None
                    or amount is None
                    or (item["from"] is not None and lower is None)
                    or (item["to"] is not None and upper is None)
                ):
                    ok = False
                    continue
                bands.append(Band(lower, upper, bounds, amount))
            if ok:
                edges = [
                    (_literal_or_unknown(b.lower), _literal_or_unknown(b.upper), b.bounds) for b in bands
                ]
                problem = _band_problem(edges)
                if problem:
                    self.say(f"{path}.bands", "bad_bands", what_zh=problem[0], what_en=problem[1])
                    ok = False
        return self._finish(raw, path, op, {"base": base}, ok and base is not None, bands=tuple(bands))

    def _amounts(self, raw: Mapping[str, Any], path: str, depth: int, op: str) -> AmountNode | None:
        ok = self.fields(raw, path, op, ["args"])
        args = raw.get("args")
        if not ok:
            return None
        least = 1 if op == "sum" else 2
        if not isinstance(args, list):
            self.say(f"{path}.args", "bad_args")
            return None
        if len(args) < least:
            self.say(
                f"{path}.args",
                "arity",
                op=op,
                need_zh=f"至少 {least} 个",
                need_en=f"at least {least} amounts",
                got=len(args),
            )
        children = [self.amount(arg, f"{path}.args[{i}]", depth + 1) for i, arg in enumerate(args)]
        ok = len(args) >= least and all(c is not None for c in children)
        node = self._finish(raw, path, op, {}, ok)
        if node is None:
            return None
        return AmountNode(
            path=path, op=op, sentence=node.sentence, args=tuple(c for c in children if c is not None)
        )

    _sum = _min = _max = _amounts

    def _when(self, raw: Mapping[str, Any], path: str, depth: int, op: str) -> AmountNode | None:
        ok = self.fields(raw, path, op, ["if", "then"], ["else"])
        if not ok:
            return None
        condition = self.rule(raw.get("if"), f"{path}.if", depth + 1)
        then = self.amount(raw.get("then"), f"{path}.then", depth + 1)
        otherwise = self.amount(raw["else"], f"{path}.else", depth + 1) if "else" in raw else None
        ok = condition is not None and then is not None and ("else" not in raw or otherwise is not None)
        node = self._finish(raw, path, op, {}, ok)
        if node is None or then is None:
            return None
        args = (then,) if otherwise is None else (then, otherwise)
        return AmountNode(path=path, op=op, sentence=node.sentence, args=args, condition=condition)


def _decimal_text(text: str) -> Decimal | None:
    """A number written as text ("0.10"), the exact way to give a rate; None if it is not one."""
    try:
        number = Decimal(text.strip())
    except ArithmeticError:
        return None
    return number if number.is_finite() else None


def _fen_factor(role: str, unit: str) -> int:
    return FEN_PER[MoneyUnit(unit)] if role == "money" else 1


def _out_of_range(number: int | Decimal, factor: int) -> bool:
    """Beyond ``MAX_MAGNITUDE`` fen, or finer than 10^-30: never a real amount, and it would make
    arithmetic inexact. Compared without multiplying, so even 1E+999999999 cannot overflow."""
    if isinstance(number, Decimal) and int(number.as_tuple().exponent) < -30:
        return True
    return (-number if number < 0 else number) > MAX_MAGNITUDE // factor


def _literal_problem(role: str, unit: str, number: int | Decimal) -> str | None:
    """Why a literal (or a parameter value) cannot be used for its role, or None. Money, rates and counts
    are never negative; a plain number (a band's base and edges, e.g. a growth rate) may be."""
    if number < 0 and role != "number":
        return "negative"
    if _out_of_range(number, _fen_factor(role, unit)):
        return "too_large"
    if role == "money" and (number * FEN_PER[MoneyUnit(unit)]) % 1 != 0:
        return "not_whole_fen"
    if role == "count" and number % 1 != 0:
        return "not_whole"
    return None


def _literal_or_unknown(operand: AmountOperand | None) -> Any:
    """An edge for checking: its literal, None when open, ``...`` when a parameter (known at bind time)."""
    if operand is None:
        return None
    return operand.literal if operand.source == "value" else ...


def _tier_problem(edges: list[Any]) -> tuple[str, str] | None:
    """Tier edges (``...`` = not known yet) ascend strictly and only the last is open."""
    if edges[-1] is not None:
        return "最后一档的 up_to 应为 null（不封顶）", "the last tier's up_to must be null (open)"
    if any(edge is None for edge in edges[:-1]):
        return "只有最后一档可以不设 up_to", "only the last tier may be open"
    known = [edge for edge in edges[:-1] if edge is not ...]
    if any(edge <= 0 for edge in known) or any(a >= b for a, b in zip(known, known[1:], strict=False)):
        return "各档 up_to 应为正数且严格递增", "up_to values are positive and strictly increasing"
    return None


def _band_problem(edges: list[tuple[Any, Any, str]]) -> tuple[str, str] | None:
    """Bands (edges ``...`` = not known yet) are non-empty and do not overlap."""
    known = [(lo, hi, bounds) for lo, hi, bounds in edges if lo is not ... and hi is not ...]
    for lo, hi, bounds in known:
        if lo is not None and hi is not None and (lo > hi or (lo == hi and bounds != "[]")):
            return f"区间 {format_value(lo)} 至 {format_value(hi)} 为空", f"the band {lo} to {hi} is empty"
    if len(known) < len(edges):
        return None
    ordered = sorted(known, key=lambda e: (e[0] is not None, e[0] if e[0] is not None else 0))
    for (_lo_a, hi_a, bounds_a), (lo_b, _hi_b, bounds_b) in zip(ordered, ordered[1:], strict=False):
        touching = hi_a is not None and lo_b is not None and hi_a == lo_b
        if (
            hi_a is None
            or lo_b is None
            or hi_a > lo_b
            or (touching and bounds_a[1] == "]" and bounds_b[0] == "[")
        ):
            where = format_value(lo_b if lo_b is not None else hi_a)
            return f"两档在 {where} 处重叠", f"two bands overlap at {where}"
    return None


# --------------------------------------------------------------------------------------------------
# Compiling and binding


def _check(
    raw: Any, known_facts: FactSchema | None, known_parameters: FactSchema | None
) -> tuple[AmountNode | None, list[Issue]]:
    checker = _AmountChecker(known_facts, known_parameters)
    with localcontext(_EXACT):
        node = checker.amount(raw)
    return (node if not checker.issues else None), checker.issues


def validate_amount(raw: Any, known_facts: FactSchema, known_parameters: FactSchema) -> list[str]:
    """Every problem of an amount formula as bilingual messages; empty when it can be saved."""
    return [str(issue) for issue in _check(raw, known_facts, known_parameters)[1]]


@dataclass(frozen=True)
class AmountFormula:
    root: AmountNode
    fingerprint: str

    @property
    def facts(self) -> frozenset[str]:
        names: set[str] = set()
        for node in self.root.walk():
            names |= {o.key for o in node.all_operands() if o.source == "fact"}
            if node.condition is not None:
                names |= Rule(node.condition, "").facts
        return frozenset(names)

    def bind(self, params: ParameterSet, on: date) -> BoundAmount:
        """Resolve every parameter (of amounts and of conditions) to its version in force on ``on``."""
        with localcontext(_EXACT):
            return self._bind(params, on)

    def _bind(self, params: ParameterSet, on: date) -> BoundAmount:
        resolved: dict[str, tuple[int | Decimal, ParameterUse | None]] = {}
        conditions: dict[str, Any] = {}
        for node in self.root.walk():
            for operand in node.all_operands():
                if operand.source != "fact":
                    resolved[operand.path] = _resolve(operand, params, on)
            if node.condition is not None:
                conditions[node.path] = Rule(node.condition, "").bind(params, on)
            if node.op == "progressive":
                edges = [None if t.up_to is None else resolved[t.up_to.path][0] for t in node.tiers]
                problem = _tier_problem(edges)
                if problem:
                    raise RuleError([Issue(f"{node.path}.tiers", "bad_tiers", *problem)])
            if node.op == "band":
                band_edges = [
                    (
                        None if b.lower is None else resolved[b.lower.path][0],
                        None if b.upper is None else resolved[b.upper.path][0],
                        b.bounds,
                    )
                    for b in node.bands
                ]
                problem = _band_problem(band_edges)
                if problem:
                    raise RuleError([Issue(f"{node.path}.bands", "bad_bands", *problem)])
            floor, cap = node.operand("floor"), node.operand("cap")
            if floor is not None and cap is not None and _fen(floor, resolved) > _fen(cap, resolved):
                raise RuleError(
                    [Issue(node.path, "floor_above_cap", "下限高于上限", "the floor is above the cap")]
                )
        return BoundAmount(self, on, resolved, conditions)


def _fen(
    operand: AmountOperand, resolved: Mapping[str, tuple[int | Decimal, ParameterUse | None]]
) -> int | Decimal:
    return resolved[operand.path][0] * FEN_PER[MoneyUnit(operand.unit)]


def _resolve(
    operand: AmountOperand, params: ParameterSet, on: date
) -> tuple[int | Decimal, ParameterUse | None]:
    if operand.source == "value":
        assert operand.literal is not None
        return operand.literal, None
    use = params.use(operand.key, on)
    number = as_number(use.value) if kind_of(use.value) is Kind.NUMBER else None
    problem = "bad_value" if number is None else _literal_problem(operand.role, operand.unit, number)
    if number is None or problem is not None:
        raise RuleError(
            [
                Issue(
                    operand.path,
                    problem or "bad_value",
                    f"参数 {operand.key} 的值 {format_value(use.value)} 不能用作{_ROLE_ZH[operand.role]}",
                    f"parameter {operand.key} = {format_value(use.value, 'en')} cannot be used as a {operand.role}",
                )
            ]
        )
    return number, use


_ROLE_ZH: Final = {"money": "金额", "rate": "比例", "count": "数量", "number": "数值"}


def compile_amount(raw: Any) -> AmountFormula:
    """Check an amount formula's shape and compile it; raises ``RuleError`` listing every issue."""
    node, issues = _check(raw, None, None)
    if node is None:
        raise RuleError(issues)
    return AmountFormula(node, fingerprint(raw))


# --------------------------------------------------------------------------------------------------
# Evaluation


@dataclass(frozen=True)
class AmountResult:
    """One node's amount (None = UNKNOWN) with what explains and reproduces it."""

    path: str
    op: str
    amount_fen: int | None
    sentence_zh: str
    sentence_en: str
    on: date
    facts: Mapping[str, Any] = field(default_factory=dict)
    parameters: tuple[ParameterUse, ...] = ()
    note_zh: str = ""  # how it was computed, or why it is unknown
    note_en: str = ""
    args: tuple[AmountResult, ...] = ()
    condition: Result | None = None

    @property
    def known(self) -> bool:
        return self.amount_fen is not None

    def walk(self) -> Iterable[AmountResult]:
        yield self
        for arg in self.args:
            yield from arg.walk()

    def facts_read(self) -> dict[str, Any]:
        names: dict[str, Any] = {}
        for node in self.walk():
            names.update(node.facts)
            if node.condition is not None:
                names.update(node.condition.facts_read())
        return names

    def parameters_used(self) -> dict[str, ParameterUse]:
        uses: dict[str, ParameterUse] = {}
        for node in self.walk():
            uses.update({use.key: use for use in node.parameters})
            if node.condition is not None:
                uses.update(node.condition.parameters_used())
        return uses

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "path": self.path,
            "op": self.op,
            "amount_fen": self.amount_fen,
            "sentence": {"zh": self.sentence_zh, "en": self.sentence_en},
        }
        if self.path == "$":
            data["on"] = self.on.isoformat()
        if self.facts:
            data["facts"] = {name: json_safe(value) for name, value in self.facts.items()}
        if self.parameters:
            data["parameters"] = [use.to_json() for use in self.parameters]
        if self.note_zh:
            data["note"] = {"zh": self.note_zh, "en": self.note_en}
        if self.condition is not None:
            data["condition"] = self.condition.to_json()
        if self.args:
            data["args"] = [arg.to_json() for arg in self.args]
        return data


class _Unknown(Exception):
    """A fact the amount needs is missing or unusable (internal; becomes amount None with the reason)."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


@dataclass(frozen=True)
class BoundAmount:
    """An amount formula with its parameters resolved for one evaluation date."""

    formula: AmountFormula
    on: date
    resolved: Mapping[str, tuple[int | Decimal, ParameterUse | None]]
    conditions: Mapping[str, Any]  # node path → criteria.BoundRule

    def evaluate(self, facts: Mapping[str, Any]) -> AmountResult:
        with localcontext(_EXACT):
            return _Evaluation(self, facts).node(self.formula.root)


class _Evaluation:
    def __init__(self, bound: BoundAmount, facts: Mapping[str, Any]) -> None:
        self.bound = bound
        self.facts = facts

    def value(self, operand: AmountOperand, read: dict[str, Any], uses: list[ParameterUse]) -> int | Decimal:
        """The operand's number in its own unit; facts are checked (missing / not a number / negative)."""
        if operand.source != "fact":
            resolved, use = self.bound.resolved[operand.path]
            if use is not None and use not in uses:
                uses.append(use)
            return resolved
        raw = self.facts.get(operand.key)
        read[operand.key] = raw
        if raw is None:
            raise _Unknown(f"缺少数据：{operand.key}", f"missing fact: {operand.key}")
        number = as_number(raw)
        if number is None:
            raise _Unknown(
                f"数据类型不符：{operand.key} 应为数字，实际为 {type(raw).__name__}",
                f"unusable fact: {operand.key} should be a number, got {type(raw).__name__}",
            )
        if _out_of_range(number, _fen_factor(operand.role, operand.unit)):
            raise _Unknown(f"数值超出范围：{operand.key}", f"out of range: {operand.key}")
        if number < 0 and operand.role != "number":
            raise _Unknown(
                f"数据为负数：{operand.key} = {format_value(number)}",
                f"negative fact: {operand.key} = {number}",
            )
        if operand.role == "count" and number % 1 != 0:
            raise _Unknown(
                f"数量应为整数：{operand.key} = {format_value(number)}",
                f"a count is whole: {operand.key} = {number}",
            )
        return number

    def fen(self, operand: AmountOperand, read: dict[str, Any], uses: list[ParameterUse]) -> Decimal:
        return Decimal(self.value(operand, read, uses)) * FEN_PER[MoneyUnit(operand.unit)]

    def ratio(self, operand: AmountOperand, read: dict[str, Any], uses: list[ParameterUse]) -> Decimal:
        return Decimal(self.value(operand, read, uses)) / _RATE_DIVISOR[RateUnit(operand.unit)]

    def node(self, node: AmountNode) -> AmountResult:
        read: dict[str, Any] = {}
        uses: list[ParameterUse] = []
        args: tuple[AmountResult, ...] = ()
        condition: Result | None = None
        amount: int | None
        try:
            if node.op in ("sum", "min", "max", "when"):
                amount, note, args, condition = self.combination(node)
            else:
                amount, note = getattr(self, f"op_{node.op}")(node, read, uses)
        except _Unknown as unknown:
            amount, note = None, (unknown.zh, unknown.en)
        # The sentence shows each operand as written in its own unit (a fact as read), each parameter by
        # its key, and the result; every parameter the node names is recorded even if not reached.
        values: dict[str, Any] = {"result_yuan": None if amount is None else fen_to_yuan_text(amount)}
        roles = {operand.path: name for name, operand in node.operands}
        for operand in node.all_operands():
            if operand.source == "fact":
                value: Any = read.get(operand.key)
            else:
                value, use = self.bound.resolved[operand.path]
                if use is not None:
                    values[use.key] = use.value
                    if use not in uses:
                        uses.append(use)
            if operand.path in roles:
                values[roles[operand.path]] = value
        zh, en = node.sentence.fill(values)
        return AmountResult(
            node.path,
            node.op,
            amount,
            zh,
            en,
            self.bound.on,
            read,
            tuple(uses),
            note[0],
            note[1],
            args,
            condition,
        )

    # -- ops: each returns (amount in fen, (note zh, note en)) ----------------------------------------

    def op_fixed(
        self, node: AmountNode, read: dict[str, Any], uses: list[ParameterUse]
    ) -> tuple[int, tuple[str, str]]:
        operand = node.operand("amount")
        assert operand is not None
        amount = int(self.fen(operand, read, uses))
        return amount, (f"定额 {fen_to_yuan_text(amount)} 元", f"fixed {fen_to_yuan_text(amount)} yuan")

    def _limits(
        self, node: AmountNode, amount: int, read: dict[str, Any], uses: list[ParameterUse]
    ) -> tuple[int, str, str]:
        zh, en = "", ""
        floor, cap = node.operand("floor"), node.operand("cap")
        if floor is not None:
            floor_fen = int(self.fen(floor, read, uses))
            if amount < floor_fen:
                amount = floor_fen
                zh += f"；低于下限，按下限 {fen_to_yuan_text(floor_fen)} 元"
                en += f"; below the floor, raised to {fen_to_yuan_text(floor_fen)} yuan"
        if cap is not None:
            cap_fen = int(self.fen(cap, read, uses))
            if amount > cap_fen:
                amount = cap_fen
                zh += f"；超过上限，按上限 {fen_to_yuan_text(cap_fen)} 元"
                en += f"; above the cap, limited to {fen_to_yuan_text(cap_fen)} yuan"
        return amount, zh, en

    def op_rate(
        self, node: AmountNode, read: dict[str, Any], uses: list[ParameterUse]
    ) -> tuple[int, tuple[str, str]]:
        rate_operand, base_operand = node.operand("rate"), node.operand("base")
        assert rate_operand is not None and base_operand is not None and node.rounding is not None
        rate = self.ratio(rate_operand, read, uses)
        base = self.fen(base_operand, read, uses)
        exact = rate * base
        rounded = round_fen(exact, node.rounding)
        amount, limit_zh, limit_en = self._limits(node, rounded, read, uses)
        percent = format_value(rate * 100)
        return amount, (
            f"{_yuan(base)} 元 × {percent}% = {_yuan(exact)} 元，{_ROUNDING_ZH[node.rounding]}得 "
            f"{fen_to_yuan_text(rounded)} 元{limit_zh}",
            f"{_yuan(base)} yuan × {percent}% = {_yuan(exact)} yuan, {_ROUNDING_EN[node.rounding]}: "
            f"{fen_to_yuan_text(rounded)} yuan{limit_en}",
        )

    def op_per_unit(
        self, node: AmountNode, read: dict[str, Any], uses: list[ParameterUse]
    ) -> tuple[int, tuple[str, str]]:
        unit_operand, count_operand = node.operand("amount"), node.operand("count")
        assert unit_operand is not None and count_operand is not None
        unit_fen = int(self.fen(unit_operand, read, uses))
        count = int(self.value(count_operand, read, uses))
        product = unit_fen * count
        amount, limit_zh, limit_en = self._limits(node, product, read, uses)
        return amount, (
            f"{count} × {fen_to_yuan_text(unit_fen)} 元 = {fen_to_yuan_text(product)} 元{limit_zh}",
            f"{count} × {fen_to_yuan_text(unit_fen)} yuan = {fen_to_yuan_text(product)} yuan{limit_en}",
        )

    def op_progressive(
        self, node: AmountNode, read: dict[str, Any], uses: list[ParameterUse]
    ) -> tuple[int, tuple[str, str]]:
        base_operand = node.operand("base")
        assert base_operand is not None and node.rounding is not None
        base = self.fen(base_operand, read, uses)
        per_unit = FEN_PER[MoneyUnit(base_operand.unit)]
        total = Decimal(0)
        previous = Decimal(0)
        parts_zh: list[str] = []
        parts_en: list[str] = []
        for tier in node.tiers:
            upper = None if tier.up_to is None else Decimal(self.value(tier.up_to, read, uses)) * per_unit
            rate = self.ratio(tier.rate, read, uses)
            if base <= previous:
                break
            portion = (base if upper is None else min(base, upper)) - previous
            total += portion * rate
            parts_zh.append(f"{_yuan(portion)} 元 × {format_value(rate * 100)}%")
            parts_en.append(f"{_yuan(portion)} yuan × {format_value(rate * 100)}%")
            if upper is None:
                break
            previous = upper
        rounded = round_fen(total, node.rounding)
        amount, limit_zh, limit_en = self._limits(node, rounded, read, uses)
        return amount, (
            f"{' + '.join(parts_zh) or '0'} = {_yuan(total)} 元，{_ROUNDING_ZH[node.rounding]}得 "
            f"{fen_to_yuan_text(rounded)} 元{limit_zh}",
            f"{' + '.join(parts_en) or '0'} = {_yuan(total)} yuan, {_ROUNDING_EN[node.rounding]}: "
            f"{fen_to_yuan_text(rounded)} yuan{limit_en}",
        )

    def op_band(
        self, node: AmountNode, read: dict[str, Any], uses: list[ParameterUse]
    ) -> tuple[int, tuple[str, str]]:
        base_operand = node.operand("base")
        assert base_operand is not None
        base = self.value(base_operand, read, uses)
        for index, band in enumerate(node.bands):
            lower = None if band.lower is None else self.value(band.lower, read, uses)
            upper = None if band.upper is None else self.value(band.upper, read, uses)
            above = lower is None or (lower <= base if band.bounds[0] == "[" else lower < base)
            below = upper is None or (base <= upper if band.bounds[1] == "]" else base < upper)
            if above and below:
                amount = int(self.fen(band.amount, read, uses))
                edge_lo = "−∞" if lower is None else format_value(lower)
                edge_hi = "+∞" if upper is None else format_value(upper)
                interval = f"{band.bounds[0]}{edge_lo}, {edge_hi}{band.bounds[1]}"
                return amount, (
                    f"{format_value(base)} 落在第 {index + 1} 档 {interval}，金额 {fen_to_yuan_text(amount)} 元",
                    f"{format_value(base)} falls in band {index + 1} {interval}: {fen_to_yuan_text(amount)} yuan",
                )
        return 0, (f"{format_value(base)} 不在任何一档，金额为 0", f"{format_value(base)} is in no band: 0")

    def combination(
        self, node: AmountNode
    ) -> tuple[int | None, tuple[str, str], tuple[AmountResult, ...], Result | None]:
        if node.op == "when":
            assert node.condition is not None
            condition = self.bound.conditions[node.path].evaluate(self.facts)
            if condition.outcome is Outcome.UNKNOWN:
                return (
                    None,
                    ("条件待核实，金额未知", "the condition is unknown, so is the amount"),
                    (),
                    condition,
                )
            if condition.outcome is Outcome.TRUE:
                then = self.node(node.args[0])
                return then.amount_fen, ("条件符合", "the condition is met"), (then,), condition
            if len(node.args) > 1:
                otherwise = self.node(node.args[1])
                return (
                    otherwise.amount_fen,
                    ("条件不符合", "the condition is not met"),
                    (otherwise,),
                    condition,
                )
            return 0, ("条件不符合，金额为 0", "the condition is not met: 0"), (), condition
        args = tuple(self.node(arg) for arg in node.args)
        amounts = [arg.amount_fen for arg in args]
        if any(amount is None for amount in amounts):
            return None, ("部分金额未知", "a part is unknown"), args, None
        known = [amount for amount in amounts if amount is not None]
        result = sum(known) if node.op == "sum" else min(known) if node.op == "min" else max(known)
        return result, ("", ""), args, None


def evaluate_amount(
    formula: AmountFormula | Mapping[str, Any], facts: Mapping[str, Any], params: ParameterSet, on: date
) -> AmountResult:
    """The amount for one enterprise (JSON or compiled formula) on a date."""
    compiled = formula if isinstance(formula, AmountFormula) else compile_amount(formula)
    return compiled.bind(params, on).evaluate(facts)


def explain_amount(result: AmountResult, lang: str = "zh") -> str:
    """The amount as indented lines a person can read."""
    lines: list[str] = []

    def add(node: AmountResult, indent: int) -> None:
        sentence = node.sentence_zh if lang == "zh" else node.sentence_en
        money = fen_to_yuan_text(node.amount_fen, lang)
        note = node.note_zh if lang == "zh" else node.note_en
        unit = " 元" if lang == "zh" else " yuan"
        colon = "：" if lang == "zh" else ": "
        shown = f"{money}{unit if node.known else ''}"
        # a sentence that already states its amount ("合计 100,000.00 元") is not followed by it again
        line = (
            f"{'  ' * indent}{sentence}"
            if node.known and money in sentence
            else f"{'  ' * indent}{sentence}{colon}{shown}"
        )
        if note:
            line += f" — {note}"
        lines.append(line)
        if node.condition is not None:
            lines.extend(
                f"{'  ' * (indent + 1)}{text}" for text in explain(node.condition, lang).splitlines()
            )
        for arg in node.args:
            add(arg, indent + 1)

    add(result, 0)
    return "\n".join(lines)

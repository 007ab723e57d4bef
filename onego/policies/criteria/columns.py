"""The numpy columnar evaluator: many enterprises at once, the same outcomes as the row evaluator."""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import partial
from itertools import repeat
from typing import TYPE_CHECKING, Any, Final, TypeAlias, overload

import numpy as np
import numpy.typing as npt

from .rows import Result, _Bound, _evaluate, _rank, _reason, _Vector
from .values import _ORDERED, _OUTCOME_OF, _T, _U, Kind, Outcome, _as_date, as_number

if TYPE_CHECKING:
    from .rules import Rule


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

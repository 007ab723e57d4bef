"""Import enterprise facts (企业数据) from CSV or Excel files, all or nothing.

Why: statistics, tax, market-regulation and social-insurance offices hand their data over as spreadsheets;
policy criteria read it as facts (``onego.registry.facts``). Every fact keeps the source named for the
import (e.g. "市统计局 2025 年报"), the period and the import batch.

File layout ("wide": one row per enterprise and period, one column per fact)
--------------------------------------------------------------------------
Row 1 is the header; data starts in row 2. Columns, in any order:

- 统一社会信用代码 (or ``credit_code``) — required, an 18-character GB 32100 code;
- 期间 (or ``period``) — required when a column holds a yearly or monthly fact: ``2025`` or ``2025-06``
  (also ``2025年``, ``2025年6月``, ``2025/06`` and an Excel date on the 1st of a month). Facts without a
  period (registration data, recognitions) ignore it;
- one column per fact, its header the fact's Chinese label (``营业收入（元）``) or its key (``headcount``).
  Money facts are written in **yuan** with at most 2 decimals and stored exactly in fen (Decimal, never
  float); their header is the label, which says （元）, or the key with ``_yuan`` for ``_fen``
  (``revenue_yuan``). The bare key ``revenue_fen`` is refused so that nobody writes fen by mistake.

Cells: numbers as digits (thousands commas allowed; a trailing % in a % column); integers whole; dates
``YYYY-MM-DD`` (or an Excel date); yes/no as 是/否, true/false, 1/0, yes/no; codes in the fact's format
(GB/T 4754 industry code: a letter A–T and 2–4 digits). An empty cell means "no value in this file": the
stored value, if any, is left as it is.

CSV: UTF-8 with or without BOM, else GB18030 (what Excel writes for Chinese Windows); comma-separated
(tab-separated when the header has tabs and no commas). Excel: the first worksheet of an .xlsx workbook,
read in read-only mode. Both are streamed row by row (``onego.core.tabular``).

Semantics
---------
Everything is checked, and every problem reported with its row (header = row 1, as a spreadsheet shows it)
and column, in the language of the request (``onego.core.tabular.CellProblem``): ``第 12 行「营业收入（元）」列：
不是有效的金额（元）``, or in English ``Row 12, column 营业收入（元）: not a valid amount (yuan)``. The list stops
at ``MAX_ERRORS``. One problem and nothing is written. Otherwise, in
one transaction, each (enterprise, fact, period) is inserted or its value, source and batch replaced; one
``FactImport`` row and one audit event (``registry.facts_imported``) record the counts. Two rows with the
same code and period are an error; a fact without a period repeated on several rows of one enterprise must
carry the same value on each.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any, Final

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from onego.core import audit
from onego.core.identifiers import normalize_credit_code
from onego.core.tabular import (
    FALSE_WORDS,
    ISO_DATE,
    TRUE_WORDS,
    CellError,
    CellProblem,
    cell_text,
    column_letter,
    detect_format,
    header_key,
    is_empty,
    read_rows,
)
from onego.registry.facts import FactRow, PeriodKind, ValueKind, fact_row, period_error, upsert_facts
from onego.registry.models import EnterpriseFact, FactDefinition, FactImport

MAX_ERRORS: Final = 200
WRITE_BATCH: Final = 5000
CODE_HEADERS: Final = ("统一社会信用代码", "credit_code")
PERIOD_HEADERS: Final = ("期间", "period")
_GROUPED: Final = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_INTEGER: Final = re.compile(r"^[+-]?\d+$")
_DECIMAL: Final = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_PERIOD: Final = re.compile(r"^(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*月?|年)?$")
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
MAX_TEXT: Final = 200
MAX_NUMBER: Final = Decimal(10) ** 16  # DecimalField(max_digits=20, decimal_places=4)
MAX_FEN: Final = 10**17
MAX_INTEGER: Final = 10**15


# --- reports ------------------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    """Every error found (up to MAX_ERRORS, `error_count` counts them all) or, when it wrote, the counts."""

    format: str = ""
    errors: list[CellProblem] = field(default_factory=list)
    error_count: int = 0
    rows: int = 0  # data rows read (blank rows skipped)
    values: int = 0  # facts written
    created: int = 0
    updated: int = 0
    per_fact: dict[str, int] = field(default_factory=dict)  # fact key → values written
    batch_id: int | None = None

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def add(self, message: str, row: int | None = None, column: str = "") -> None:
        """Record a problem (``message`` already translated) at a row (header = 1) and column header."""
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(CellProblem(message, row=row, column=column))


class _Failed(Exception):
    """Rolls the import's transaction back once the whole file has been checked."""


# --- headers ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _FactColumn:
    position: int
    header: str  # as written in the file
    definition: FactDefinition
    pattern: re.Pattern[str] | None


@dataclass
class _Layout:
    code: int | None = None
    period: int | None = None
    facts: list[_FactColumn] = field(default_factory=list)
    headers: dict[int, str] = field(default_factory=dict)  # every named position → its header

    @property
    def period_missing(self) -> bool:
        return self.period is None and any(c.definition.period_kind != PeriodKind.NONE for c in self.facts)


def _header_lookup(
    definitions: list[FactDefinition],
) -> tuple[dict[str, FactDefinition], dict[str, FactDefinition]]:
    """Accepted header → definition, and money keys (refused: their files are in yuan) → definition."""
    accepted: dict[str, FactDefinition] = {}
    refused: dict[str, FactDefinition] = {}
    for d in definitions:
        accepted[header_key(d.label_zh)] = d
        if d.kind == ValueKind.MONEY_FEN:
            refused[header_key(d.key)] = d
            accepted[header_key(d.key.removesuffix("_fen") + "_yuan")] = d
        else:
            accepted[header_key(d.key)] = d
    return accepted, refused


def _read_header(cells: list[Any], definitions: list[FactDefinition], report: ImportReport) -> _Layout:
    accepted, refused = _header_lookup(definitions)
    code_keys = {header_key(h) for h in CODE_HEADERS}
    period_keys = {header_key(h) for h in PERIOD_HEADERS}
    layout = _Layout()
    seen: dict[str, str] = {}  # what a column means → its header, to find a meaning given twice
    for position, cell in enumerate(cells):
        header = str(cell).strip() if cell is not None else ""
        if not header:
            continue
        layout.headers[position] = header
        key = header_key(header)
        if key in code_keys:
            meaning = "code"
            layout.code = position
        elif key in period_keys:
            meaning = "period"
            layout.period = position
        elif key in accepted:
            d = accepted[key]
            meaning = d.key
            pattern = re.compile(d.pattern) if d.pattern else None
            layout.facts.append(_FactColumn(position, header, d, pattern))
        elif key in refused:
            d = refused[key]
            yuan = d.key.removesuffix("_fen") + "_yuan"
            report.add(
                _("金额以元填写，表头请用「%(label)s」或 %(key)s") % {"label": d.label_zh, "key": yuan},
                1,
                header,
            )
            continue
        else:
            report.add(_("未知的列（不是数据项名称或标识）"), 1, header)
            continue
        if meaning in seen:
            report.add(_("与「%(column)s」列重复") % {"column": seen[meaning]}, 1, header)
        seen[meaning] = header
    if layout.code is None:
        report.add(_("缺少「统一社会信用代码」列"), 1)
    if layout.period_missing:
        report.add(_("缺少「期间」列（年度或月度数据项需要）"), 1)
    if not layout.facts and layout.code is not None:
        report.add(_("没有数据项列"), 1)
    return layout


# --- cells --------------------------------------------------------------------------------------------------


def _as_decimal(raw: Any, definition: FactDefinition, message: str) -> Decimal:
    """A number cell as an exact Decimal: Excel numbers through their shortest text, never binary float."""
    if isinstance(raw, bool):
        raise CellError(message)
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        return Decimal(repr(raw))
    text = str(raw).strip().replace(" ", "")
    if definition.unit == "%":
        text = text.removesuffix("%")
    if _GROUPED.match(text):
        text = text.replace(",", "")
    if not _DECIMAL.match(text):
        raise CellError(message)
    try:
        return Decimal(text)
    except InvalidOperation:
        raise CellError(message) from None


def _check_sign(value: int | Decimal, definition: FactDefinition) -> None:
    if value < 0 and not definition.allow_negative:
        raise CellError(_("不能为负数"))


def _convert(raw: Any, column: _FactColumn) -> Any:
    """The value as stored, or CellError with the message for the user."""
    d = column.definition
    kind = d.kind
    if kind == ValueKind.INTEGER:
        not_whole = _("不是有效的整数")
        number = _as_decimal(raw, d, not_whole)
        if number != number.to_integral_value():
            raise CellError(not_whole)
        _check_sign(number, d)
        if abs(number) >= MAX_INTEGER:
            raise CellError(_("数值过大"))
        return int(number)
    if kind == ValueKind.MONEY_FEN:
        number = _as_decimal(raw, d, _("不是有效的金额（元）"))
        fen = number * 100
        if fen != fen.to_integral_value():
            raise CellError(_("金额最多两位小数（精确到分）"))
        _check_sign(number, d)
        if abs(fen) >= MAX_FEN:
            raise CellError(_("金额过大"))
        return int(fen)
    if kind == ValueKind.NUMBER:
        number = _as_decimal(raw, d, _("不是有效的数值"))
        if number != number.quantize(Decimal("0.0001"), rounding="ROUND_DOWN"):
            raise CellError(_("最多四位小数"))
        _check_sign(number, d)
        if abs(number) >= MAX_NUMBER:
            raise CellError(_("数值过大"))
        return number.quantize(Decimal("0.0001"))
    if kind == ValueKind.BOOLEAN:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, int | float) and raw in (0, 1):
            return bool(raw)
        text = str(raw).strip().casefold()
        if text in TRUE_WORDS:
            return True
        if text in FALSE_WORDS:
            return False
        raise CellError(_("应为 是/否（true/false、1/0）"))
    if kind == ValueKind.DATE:
        if isinstance(raw, dt.datetime):
            if raw.time() != dt.time(0) or raw.tzinfo is not None:
                raise CellError(_("应为日期，不含时间"))
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        text = str(raw).strip()
        if ISO_DATE.match(text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                pass
        raise CellError(_("不是有效的日期（YYYY-MM-DD）"))
    # text and code
    text = cell_text(raw)
    if _CONTROL.search(text):
        raise CellError(_("不能包含控制字符"))
    if len(text) > MAX_TEXT:
        raise CellError(_("超过 %(limit)s 个字符") % {"limit": MAX_TEXT})
    if kind == ValueKind.CODE:
        text = text.upper()
        if column.pattern is not None and not column.pattern.fullmatch(text):
            raise CellError(_("代码格式不正确（格式 %(pattern)s）") % {"pattern": column.pattern.pattern})
    return text


def _period(raw: Any) -> str:
    """The period cell as "" / "2025" / "2025-06", or CellError."""
    if is_empty(raw):
        return ""
    if isinstance(raw, dt.datetime | dt.date):  # Excel turns "2025-06" into 1 June 2025
        if raw.day != 1 or (isinstance(raw, dt.datetime) and raw.time() != dt.time(0)):
            raise CellError(_("期间应为年份或月份，不是日期"))
        return f"{raw.year:04d}-{raw.month:02d}"
    if isinstance(raw, bool):
        raise CellError(_("期间应为年份或月份"))
    text = cell_text(raw)
    m = _PERIOD.match(text)
    if m is None or (m.group(2) is not None and not 1 <= int(m.group(2)) <= 12):
        raise CellError(_("期间应为年份（2025）或月份（2025-06）"))
    return m.group(1) if m.group(2) is None else f"{m.group(1)}-{int(m.group(2)):02d}"


# --- the import -----------------------------------------------------------------------------------------------


class _Writer:
    """Checks rows and, while the file is clean, buffers and upserts their facts in batches."""

    def __init__(self, layout: _Layout, report: ImportReport, batch: FactImport) -> None:
        self.layout = layout
        self.report = report
        self.batch = batch
        self.now = batch.imported_at
        self.buffer: list[FactRow] = []
        self.row_of: dict[tuple[str, str], int] = {}  # (code, period) → first row
        self.has_periodic = any(c.definition.period_kind != PeriodKind.NONE for c in layout.facts)
        # Facts without a period may repeat on an enterprise's rows of several periods: same value required.
        self.plain = [c for c in layout.facts if c.definition.period_kind == PeriodKind.NONE]
        self.plain_index = {c.position: i for i, c in enumerate(self.plain)}
        self.plain_seen: dict[str, list[tuple[int, Any] | None]] = {}

    def error(self, row: int, position: int | None, message: str) -> None:
        column = self.layout.headers.get(position, "") if position is not None else ""
        if position is not None and not column:
            column = column_letter(position)
        self.report.add(message, row, column)
        self.buffer.clear()

    def row(self, number: int, cells: list[Any]) -> None:
        layout = self.layout
        for position, cell in enumerate(cells):
            if position not in layout.headers and not is_empty(cell):
                self.error(number, position, _("该列没有表头"))
        code = self._code(number, cells)
        period, period_ok = "", True
        if layout.period is not None and layout.period < len(cells):
            try:
                period = _period(cells[layout.period])
            except CellError as exc:
                self.error(number, layout.period, exc.message)
                period_ok = False
        if code is not None and period_ok:
            key = (code, period if self.has_periodic else "")
            first = self.row_of.setdefault(key, number)
            if first != number:
                self.error(
                    number, layout.code, _("与第 %(row)s 行重复（同一代码、同一期间）") % {"row": first}
                )
                code = None
        for column in layout.facts:
            raw = cells[column.position] if column.position < len(cells) else None
            if is_empty(raw):
                continue
            try:
                value = _convert(raw, column)
            except CellError as exc:
                self.error(number, column.position, exc.message)
                continue
            d = column.definition
            if d.period_kind != PeriodKind.NONE:
                if not period_ok:
                    continue
                if not period:
                    self.error(number, column.position, _("该数据项需要期间，但「期间」为空"))
                    continue
                problem = period_error(d.period_kind, period)
                if problem:
                    reason = problem  # period_error speaks the active language
                    self.error(
                        number,
                        column.position,
                        _("期间「%(period)s」不符：%(reason)s") % {"period": period, "reason": reason},
                    )
                    continue
                fact_period = period
            else:
                fact_period = ""
                if code is not None and not self._first_plain(code, number, column, value):
                    continue
            if code is not None and self.report.ok:
                self._add(code, d, fact_period, value)

    def _code(self, number: int, cells: list[Any]) -> str | None:
        position = self.layout.code
        raw = cells[position] if position is not None and position < len(cells) else None
        if is_empty(raw):
            self.error(number, position, _("缺少统一社会信用代码"))
            return None
        try:
            return normalize_credit_code(cell_text(raw))
        except ValidationError:
            self.error(number, position, _("不是有效的统一社会信用代码"))
            return None

    def _first_plain(self, code: str, number: int, column: _FactColumn, value: Any) -> bool:
        """True when this is the first value of a fact without a period for `code` in the file (to write);
        False when an earlier row gave it (the same value: skipped; another value: an error)."""
        if not self.has_periodic:
            return True  # one row per code: the duplicate-row check covers it
        seen = self.plain_seen.setdefault(code, [None] * len(self.plain))
        index = self.plain_index[column.position]
        earlier = seen[index]
        if earlier is None:
            seen[index] = (number, value)
            return True
        if earlier[1] != value:
            self.error(
                number,
                column.position,
                _("与第 %(row)s 行的值不同（该数据项没有期间）") % {"row": earlier[0]},
            )
        return False

    def _add(self, code: str, d: FactDefinition, period: str, value: Any) -> None:
        self.buffer.append(fact_row(code, d, period, value))
        self.report.values += 1
        self.report.per_fact[d.key] = self.report.per_fact.get(d.key, 0) + 1
        if len(self.buffer) >= WRITE_BATCH:
            self.flush()

    def flush(self) -> None:
        if self.buffer and self.report.ok:
            upsert_facts(self.buffer, source=self.batch.source, imported_at=self.now, batch_id=self.batch.pk)
        self.buffer.clear()


def import_facts(
    file: IO[bytes] | str | Path,
    *,
    source: str,
    file_name: str = "",
    actor: Any = None,
) -> ImportReport:
    """Check a CSV or .xlsx facts file and, when it has no error, write every fact in it (see the module
    docstring). Returns the report; nothing is written when `report.ok` is False."""
    if isinstance(file, str | Path):
        with open(file, "rb") as fh:
            return import_facts(fh, source=source, file_name=file_name or Path(file).name, actor=actor)
    report = ImportReport()
    source = source.strip()
    if not source or len(source) > 200:
        report.add(_("请注明数据来源（不超过 200 字）"))
        return report
    head = file.read(8)
    file.seek(0)
    report.format = detect_format(head)
    if report.format == "xls":
        report.add(_("不支持旧版 .xls 文件，请另存为 .xlsx 或 CSV"))
        return report
    definitions = list(FactDefinition.objects.all())
    try:
        with transaction.atomic():
            before = EnterpriseFact.objects.count()
            batch = FactImport.objects.create(
                source=source, file_name=file_name[:255], file_format=report.format
            )
            rows = read_rows(file, report.format, report.add)
            header = next(rows, None)
            if header is None:
                if report.ok:
                    report.add(_("文件是空的"))
                raise _Failed
            layout = _read_header(header, definitions, report)
            if layout.code is None or layout.period_missing:
                raise _Failed  # every row would repeat the header's problem
            writer = _Writer(layout, report, batch)
            for number, cells in enumerate(rows, start=2):
                if all(is_empty(c) for c in cells):
                    continue
                report.rows += 1
                writer.row(number, cells)
            writer.flush()
            if not report.ok:
                raise _Failed
            report.created = EnterpriseFact.objects.count() - before
            report.updated = report.values - report.created
            batch.rows, batch.created, batch.updated = report.rows, report.created, report.updated
            batch.save(update_fields=["rows", "created", "updated"])
            report.batch_id = batch.pk
            audit.record(
                actor,
                "registry.facts_imported",
                batch,
                source=source,
                file_name=file_name,
                rows=report.rows,
                created=report.created,
                updated=report.updated,
                facts=report.per_fact,
            )
    except _Failed:
        report.batch_id = None
    return report

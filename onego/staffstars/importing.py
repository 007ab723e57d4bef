"""Reading the two spreadsheets the stars take, all or nothing (onego.core.tabular): the scoring sheet of the
four entered dimensions, and the 12345 hotline's complaint records. Reading never writes; services.py writes
the rows only when the whole file has no problem.

The 12345 hotline platform cannot be reached from this installation: its export, imported here, is the local
adapter (a deployment with an interface to the platform adds a reader producing the same `ComplaintRow`s)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onego.accounts.models import User
from onego.core.spreadsheets import safe_row
from onego.core.tabular import (
    CellError,
    CellProblem,
    cell_text,
    detect_format,
    header_key,
    is_empty,
    read_rows,
    too_large,
)
from onego.staffstars.models import ENTERED_DIMENSIONS

MAX_ERRORS = 200
MAX_BYTES = 5 * 1024 * 1024

USERNAME = ("username", gettext_lazy("登录名"))
NAME = ("name", gettext_lazy("姓名"))
SCORE_COLUMNS = [(d.value, d.label) for d in ENTERED_DIMENSIONS]
COMPLAINT_COLUMNS = [
    ("reference", gettext_lazy("工单编号")),
    ("received_on", gettext_lazy("受理日期")),
    ("username", gettext_lazy("被投诉人员登录名")),
    ("name", gettext_lazy("被投诉人员姓名")),
    ("summary", gettext_lazy("投诉内容")),
    ("upheld", gettext_lazy("是否属实")),
]
COMPLAINT_REQUIRED = {"reference", "received_on", "username", "upheld"}


@dataclass
class Report:
    """Every problem found (up to MAX_ERRORS; `error_count` counts them all), or the rows read."""

    errors: list[CellProblem] = field(default_factory=list)
    error_count: int = 0
    rows: int = 0
    written: int = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def add(self, message: str, row: int | None = None, column: str = "") -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(CellProblem(str(message), row=row, column=column))


def _rows(file: IO[bytes], report: Report) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    """The header and the non-empty data rows (with their spreadsheet row numbers) of a file."""
    file.seek(0, io.SEEK_END)
    if too_large(file.tell(), report.add, MAX_BYTES):
        return [], []
    file.seek(0)
    fmt = detect_format(file.read(8))
    file.seek(0)
    if fmt == "xls":
        report.add(_("不支持旧版 .xls 文件，请另存为 .xlsx 或 CSV"))
        return [], []
    rows = read_rows(file, fmt, report.add)
    header = next(rows, None)
    if header is None:
        if report.ok:
            report.add(_("文件是空的"))
        return [], []
    data = [(n, list(cells)) for n, cells in enumerate(rows, start=2) if not all(is_empty(c) for c in cells)]
    return [cell_text(h) if h is not None else "" for h in header], data


def _layout(
    header: list[str], columns: list[tuple[str, Any]], required: set[str], report: Report
) -> dict[int, str]:
    by_header: dict[str, str] = {}
    for key, label in columns:
        by_header[header_key(str(label))] = key
        by_header[header_key(key)] = key
    layout: dict[int, str] = {}
    for position, text in enumerate(header):
        if not text:
            continue
        found = by_header.get(header_key(text))
        if found is None:
            report.add(_("未知的列"), 1, text)
        elif found in layout.values():
            report.add(_("列重复"), 1, text)
        else:
            layout[position] = found
    labels = dict(columns)
    for key in required:
        if key not in layout.values():
            report.add(_("缺少「%(column)s」列") % {"column": labels[key]}, 1)
    return layout


def score_value(raw: Any) -> Decimal:
    """A score of 0–100 with at most two decimals, or CellError."""
    text = cell_text(raw)
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise CellError(_("应为 0–100 的数字")) from None
    if not value.is_finite() or not Decimal(0) <= value <= Decimal(100):
        raise CellError(_("应为 0–100 的数字"))
    if value != value.quantize(Decimal("0.01")):
        raise CellError(_("最多两位小数"))
    return value.quantize(Decimal("0.01"))


@dataclass(frozen=True)
class ScoreRow:
    staff: User
    scores: dict[str, Decimal]


def read_scores(file: IO[bytes], staff: list[User]) -> tuple[Report, list[ScoreRow]]:
    """The scoring sheet: one row per person (登录名, 姓名, the four dimensions). A person must be one of the
    centre's window staff; a blank score cell leaves that score as it is."""
    report = Report()
    header, data = _rows(file, report)
    if not report.ok:
        return report, []
    columns = [USERNAME, NAME, *SCORE_COLUMNS]
    layout = _layout(header, columns, {"username"}, report)
    if not report.ok:
        return report, []
    if not set(layout.values()) & {d for d, _label in SCORE_COLUMNS}:
        report.add(_("没有任何评分列"), 1)
        return report, []
    by_username = {u.username.casefold(): u for u in staff}
    seen: dict[int, int] = {}
    out: list[ScoreRow] = []
    for number, cells in data:
        report.rows += 1
        values = {key: cells[p] if p < len(cells) else None for p, key in layout.items()}
        username = cell_text(values["username"]) if not is_empty(values["username"]) else ""
        user = by_username.get(username.casefold()) if username else None
        if not username:
            report.add(_("不能为空"), number, str(USERNAME[1]))
        elif user is None:
            report.add(_("不是本中心的窗口人员"), number, str(USERNAME[1]))
        elif user.pk in seen:
            report.add(_("与第 %(row)s 行重复") % {"row": seen[user.pk]}, number)
        else:
            seen[user.pk] = number
            name = values.get("name")
            if not is_empty(name) and cell_text(name) != user.display_name:
                report.add(_("与登录名对应的姓名不符"), number, str(NAME[1]))
        scores: dict[str, Decimal] = {}
        for key, label in SCORE_COLUMNS:
            raw = values.get(key)
            if is_empty(raw):
                continue
            try:
                scores[key] = score_value(raw)
            except CellError as exc:
                report.add(exc.message, number, str(label))
        if user is not None and report.ok:
            out.append(ScoreRow(user, scores))
    if report.ok and not out:
        report.add(_("文件没有数据行"))
    return report, (out if report.ok else [])


@dataclass(frozen=True)
class ComplaintRow:
    reference: str
    received_on: dt.date
    staff: User
    summary: str
    upheld: bool


def _date(raw: Any) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(cell_text(raw))
    except ValueError:
        raise CellError(_("不是有效的日期（YYYY-MM-DD）")) from None


def _yes_no(raw: Any) -> bool:
    text = cell_text(raw).casefold()
    if text in {"是", "属实", "true", "1", "yes", "y"}:
        return True
    if text in {"否", "不属实", "false", "0", "no", "n"}:
        return False
    raise CellError(_("应为「是」或「否」"))


def read_complaints(file: IO[bytes], staff: list[User]) -> tuple[Report, list[ComplaintRow]]:
    """The 12345 hotline's export: one complaint per row against one of the centre's window staff."""
    report = Report()
    header, data = _rows(file, report)
    if not report.ok:
        return report, []
    labels = dict(COMPLAINT_COLUMNS)
    layout = _layout(header, COMPLAINT_COLUMNS, COMPLAINT_REQUIRED, report)
    if not report.ok:
        return report, []
    by_username = {u.username.casefold(): u for u in staff}
    seen: dict[str, int] = {}
    out: list[ComplaintRow] = []
    readers: dict[str, Callable[[Any], Any]] = {
        "reference": cell_text,
        "received_on": _date,
        "username": cell_text,
        "name": cell_text,
        "summary": cell_text,
        "upheld": _yes_no,
    }
    for number, cells in data:
        report.rows += 1
        values: dict[str, Any] = {}
        for position, key in layout.items():
            raw = cells[position] if position < len(cells) else None
            if is_empty(raw):
                if key in COMPLAINT_REQUIRED:
                    report.add(_("不能为空"), number, str(labels[key]))
                continue
            try:
                values[key] = readers[key](raw)
            except CellError as exc:
                report.add(exc.message, number, str(labels[key]))
        reference = values.get("reference", "")
        if len(reference) > 40:
            report.add(_("超过 %(limit)s 个字符") % {"limit": 40}, number, str(labels["reference"]))
        elif reference:
            if reference in seen:
                report.add(_("与第 %(row)s 行重复") % {"row": seen[reference]}, number)
            seen.setdefault(reference, number)
        user = by_username.get(values.get("username", "").casefold()) if values.get("username") else None
        if values.get("username") and user is None:
            report.add(_("不是本中心的窗口人员"), number, str(labels["username"]))
        if user is not None and values.get("name") and values["name"] != user.display_name:
            report.add(_("与登录名对应的姓名不符"), number, str(labels["name"]))
        if len(values.get("summary", "")) > 2000:
            report.add(_("超过 %(limit)s 个字符") % {"limit": 2000}, number, str(labels["summary"]))
        if report.ok and user is not None:
            out.append(
                ComplaintRow(
                    reference, values["received_on"], user, values.get("summary", ""), values["upheld"]
                )
            )
    if report.ok and not out:
        report.add(_("文件没有数据行"))
    return report, (out if report.ok else [])


def workbook(header: list[str], rows: list[list[Any]], title: str) -> bytes:
    """An .xlsx of one sheet (formula-like cells neutralised: onego.core.spreadsheets)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title[:31]
    ws.append(safe_row(header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(safe_row(row))
    for column in ws.columns:
        letter = column[0].column_letter
        ws.column_dimensions[letter].width = 16
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def score_template(staff: list[User], existing: dict[tuple[int, str], Decimal]) -> bytes:
    header = [str(USERNAME[1]), str(NAME[1]), *(str(label) for _key, label in SCORE_COLUMNS)]
    rows = [
        [u.username, u.display_name, *(existing.get((u.pk, key)) for key, _label in SCORE_COLUMNS)]
        for u in staff
    ]
    return workbook(
        header,
        [[("" if v is None else (float(v) if isinstance(v, Decimal) else v)) for v in r] for r in rows],
        _("评分表"),
    )


def complaint_template() -> bytes:
    return workbook([str(label) for _key, label in COMPLAINT_COLUMNS], [], _("12345投诉"))

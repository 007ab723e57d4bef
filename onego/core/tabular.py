"""Reading the tabular files people import: Excel workbooks and CSV, within size limits, every problem placed.

Why: the catalogue importer (``onego.catalog.transfer``) and the registry importers (``onego.registry.importers``
for enterprise facts, ``onego.registry.shared_import`` for shared records about persons) all take spreadsheets a
department prepared. They read them the same way, so the reading lives here, below both apps:

- a file is told apart by its content, never by its name (``detect_format``): an .xlsx is a ZIP archive, the
  old binary .xls is refused by the callers, anything else is read as CSV;
- a file larger than ``MAX_IMPORT_BYTES``, or a workbook whose parts expand to more than ``MAX_UNZIPPED_BYTES``
  (a ZIP bomb), is refused before a row is read (``too_large``, ``open_workbook``);
- CSV is UTF-8 with or without BOM, else GB18030 (what Excel writes on Chinese Windows), comma- or
  tab-separated; a workbook is opened read-only and streamed row by row; characters XML cannot hold come back
  from Excel's ``_xHHHH_`` escape (``ooxml_unescape``);
- every problem is a ``CellProblem`` that names where the user finds it — sheet, row as a spreadsheet shows it
  (header = row 1), column header (or letter), or a JSON path — with one message in the language of the request
  (Chinese by default), through gettext. One problem and the importer writes nothing; that rule is the
  importers' own, this module never writes.

Neutralising formula cells on export, and reading such a cell back, is ``onego.core.spreadsheets``.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any, Final

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onego.core.spreadsheets import unescape_cell

MAX_IMPORT_BYTES: Final = 50 * 1024 * 1024
MAX_UNZIPPED_BYTES: Final = 500 * 1024 * 1024
XLSX_MAGIC: Final = b"PK\x03\x04"  # an .xlsx is a ZIP archive
OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0"  # the old binary .xls

TRUE_WORDS: Final = frozenset({"是", "true", "1", "yes", "y"})  # how people write yes in a cell (casefolded)
FALSE_WORDS: Final = frozenset({"否", "false", "0", "no", "n"})
ISO_DATE: Final = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_OOXML_UNESCAPE: Final = re.compile(r"_x([0-9A-Fa-f]{4})_")

Problem = Callable[[str], None]  # how a reader reports a problem with the whole file


class CellError(ValueError):
    """A cell that cannot be read as what its column needs; ``message`` is for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# Where a problem is, by which of sheet / row / column are known: each form is one sentence to translate.
_PLACES: Final[dict[tuple[bool, bool, bool], Promise]] = {
    (True, True, True): gettext_lazy("「%(sheet)s」表第 %(row)s 行「%(column)s」列：%(message)s"),
    (True, True, False): gettext_lazy("「%(sheet)s」表第 %(row)s 行：%(message)s"),
    (True, False, True): gettext_lazy("「%(sheet)s」表「%(column)s」列：%(message)s"),
    (True, False, False): gettext_lazy("「%(sheet)s」表：%(message)s"),
    (False, True, True): gettext_lazy("第 %(row)s 行「%(column)s」列：%(message)s"),
    (False, True, False): gettext_lazy("第 %(row)s 行：%(message)s"),
    (False, False, True): gettext_lazy("「%(column)s」列：%(message)s"),
}


@dataclass(frozen=True)
class CellProblem:
    """One problem in an import file, where the user will find it: sheet, row (header = 1) and column header
    (or letter) of a spreadsheet, or a JSON path. ``message`` is already in the request's language."""

    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    path: str = ""

    def __str__(self) -> str:
        if self.path:
            return f"{self.path}: {self.message}"
        place = _PLACES.get((bool(self.sheet), self.row is not None, bool(self.column)))
        if place is None:
            return self.message
        return str(place) % {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


def detect_format(head: bytes) -> str:
    """``xlsx`` or ``csv`` by the file's first bytes (never by its name); ``xls`` for the old binary format."""
    if head.startswith(XLSX_MAGIC):
        return "xlsx"
    if head.startswith(OLE_MAGIC):
        return "xls"
    return "csv"


def too_large(size: int, problem: Problem, limit: int | None = None) -> bool:
    """True (and the problem reported) when a file of ``size`` bytes is over ``limit`` (``MAX_IMPORT_BYTES``)."""
    limit = MAX_IMPORT_BYTES if limit is None else limit
    if size <= limit:
        return False
    problem(_("文件超过 %(mb)s MB") % {"mb": limit // 1024 // 1024})
    return True


def is_empty(value: Any) -> bool:
    """A cell with nothing in it: None, or text of only whitespace."""
    return value is None or (isinstance(value, str) and not value.strip())


def header_key(text: str) -> str:
    """Headers match whatever the width of brackets, spaces and case: NFKC, no whitespace, casefolded."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def column_letter(position: int) -> str:
    """The spreadsheet letter of a 0-based column position (0 → A, 26 → AA)."""
    letters = ""
    number = position + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def ooxml_unescape(text: str) -> str:
    """Excel writes characters XML cannot hold as ``_xHHHH_`` (and a literal ``_xHHHH_`` as ``_x005F_xHHHH_``);
    this gives back the characters."""
    if "_x" not in text:
        return text
    return _OOXML_UNESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def _detect_encoding(fh: IO[bytes]) -> str:
    """utf-8-sig when the whole file decodes as UTF-8 (checked streaming), else gb18030."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := fh.read(1 << 20):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
        return "utf-8-sig"
    except UnicodeDecodeError:
        return "gb18030"
    finally:
        fh.seek(0)


def csv_rows(fh: IO[bytes], problem: Problem) -> Iterator[list[Any]]:
    """The rows of a CSV file, streamed; a file that cannot be decoded or parsed is reported and ends the rows."""
    encoding = _detect_encoding(fh)
    text = io.TextIOWrapper(fh, encoding=encoding, errors="strict", newline="")
    try:
        first = text.readline()
        delimiter = "\t" if "\t" in first and "," not in first else ","
        text.seek(0)
        yield from csv.reader(text, delimiter=delimiter)
    except UnicodeDecodeError:
        problem(_("文件编码既不是 UTF-8 也不是 GB18030"))
    except csv.Error as exc:
        problem(_("CSV 格式错误：%(error)s") % {"error": exc})
    finally:
        text.detach()


def open_workbook(fh: IO[bytes], problem: Problem) -> Any:
    """The workbook opened read-only (values, not formulas), or None with the problem reported: not a workbook,
    expanding beyond ``MAX_UNZIPPED_BYTES``, or damaged. The caller closes it."""
    from openpyxl import load_workbook  # openpyxl is loaded only when a workbook is read

    try:
        with zipfile.ZipFile(fh) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        problem(_("文件不是有效的 Excel 工作簿"))
        return None
    if expanded > MAX_UNZIPPED_BYTES:
        problem(_("工作簿解压后超过 %(mb)s MB") % {"mb": MAX_UNZIPPED_BYTES // 1024 // 1024})
        return None
    fh.seek(0)
    try:
        return load_workbook(fh, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        problem(_("无法读取 Excel 工作簿：%(error)s") % {"error": exc})
        return None


def sheet_rows(ws: Any) -> Iterator[tuple[Any, ...]]:
    """A worksheet's rows as values, read as they are stored (some writers record wrong dimensions)."""
    ws.reset_dimensions()
    yield from ws.iter_rows(values_only=True)


def xlsx_rows(fh: IO[bytes], problem: Problem) -> Iterator[list[Any]]:
    """The rows of a workbook's first worksheet, streamed, text cells unescaped (``ooxml_unescape``)."""
    wb = open_workbook(fh, problem)
    if wb is None:
        return
    try:
        for row in sheet_rows(wb.worksheets[0]):
            yield [ooxml_unescape(c) if isinstance(c, str) else c for c in row]
    except Exception as exc:  # a damaged sheet is read lazily, row by row
        problem(_("无法读取工作表：%(error)s") % {"error": exc})
    finally:
        wb.close()


def read_rows(fh: IO[bytes], fmt: str, problem: Problem) -> Iterator[list[Any]]:
    """The rows of a CSV file or of a workbook's first sheet (``fmt`` from ``detect_format``)."""
    return csv_rows(fh, problem) if fmt == "csv" else xlsx_rows(fh, problem)


def cell_text(raw: Any) -> str:
    """A cell as the text a person typed: what Excel took for a number, a date or a yes/no comes back as text, and
    a cell a OneGo writer neutralised (``onego.core.spreadsheets``) reads as what was meant."""
    if isinstance(raw, bool):
        return "是" if raw else "否"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat() if raw.time() == dt.time(0) else raw.isoformat()
    return unescape_cell(str(raw).strip())

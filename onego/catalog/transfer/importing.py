"""Reading a catalogue file, checking every row against the rules and the database, and writing it all or
nothing (see the package docstring)."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DataError, IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onego.accounts.models import Department
from onego.catalog.codes import check_codes
from onego.catalog.models import (
    Bundle,
    BundleItem,
    FormField,
    ItemFormField,
    ItemLevel,
    ItemVersion,
    Material,
    ServiceItem,
    Tag,
    VersionStatus,
)
from onego.catalog.services import validate_version_for_publishing
from onego.core import audit
from onego.core.spreadsheets import unescape_cell
from onego.core.tabular import (
    FALSE_WORDS,
    ISO_DATE,
    TRUE_WORDS,
    XLSX_MAGIC,
    CellError,
    CellProblem,
    column_letter,
    is_empty,
    ooxml_unescape,
    open_workbook,
    sheet_rows,
    too_large,
)

from .schema import (
    BUNDLE_ITEMS,
    BUNDLE_TAGS,
    BUNDLES,
    COUNTED,
    FORM_FIELDS,
    FORMAT_NAME,
    FORMAT_VERSION,
    ITEM_FORMS,
    ITEMS,
    MATERIALS,
    MAX_JSON_DEPTH,
    README_SHEET,
    TABLES,
    TABLES_BY_SHEET,
    TAGS,
    VERSION_TAGS,
    VERSIONS,
    Column,
    Table,
    VersionTag,
    _choice_labels,
    _choice_lookup,
    _empty_value,
    _group,
    _kind,
    _model_field,
    _required,
    _snapshot,
)

# --- import: reports ------------------------------------------------------------------------------------


ImportIssue = CellProblem  # one problem, where the user will find it: sheet, row and column, or a JSON path


@dataclass
class ImportReport:
    """What an import found (every error) and, when it wrote, how many rows it created, updated or left."""

    format: str = ""
    errors: list[ImportIssue] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Raw:
    """A row as read from the file, before conversion, and where each of its values is."""

    table: Table
    values: dict[str, Any]
    seq: int  # reading order, to list errors as they appear in the file
    sheet: str = ""
    row: int | None = None
    path: str = ""
    paths: dict[str, str] = field(default_factory=dict)  # JSON: values that are not at path.key
    implicit: frozenset[str] = frozenset()  # JSON: keys taken from the enclosing object

    @property
    def from_xlsx(self) -> bool:
        return self.row is not None

    def issue(self, key: str | None, message: str) -> ImportIssue:
        if self.from_xlsx:
            return ImportIssue(message, sheet=self.sheet, row=self.row, column=self.table.header(key))
        if key is None:
            return ImportIssue(message, path=self.path)
        return ImportIssue(message, path=self.paths.get(key) or f"{self.path}.{key}")

    def describe(self) -> str:
        return _("第 %(row)s 行") % {"row": self.row} if self.from_xlsx else self.path


@dataclass
class _Row:
    raw: _Raw
    values: dict[str, Any]
    failed: set[str]

    @property
    def table(self) -> Table:
        return self.raw.table

    def natural_key(self) -> tuple[Any, ...] | None:
        if any(k in self.failed for k in self.table.natural_key):
            return None
        return tuple(self.values[k] for k in self.table.natural_key)

    def ref(self, *keys: str) -> tuple[Any, ...] | None:
        if any(k in self.failed for k in keys):
            return None
        return tuple(self.values[k] for k in keys)


class _Sink:
    """Collects issues with an order key, so they are listed as they appear in the file."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        self._keyed: list[tuple[tuple[int, int], ImportIssue]] = []

    def file(self, message: str, **where: Any) -> None:
        self._keyed.append(((-1, len(self._keyed)), ImportIssue(message, **where)))

    def row(self, raw: _Raw, key: str | None, message: str) -> None:
        col = next((i for i, c in enumerate(raw.table.columns) if c.key == key), -1)
        self._keyed.append(((raw.seq, col), raw.issue(key, message)))

    def __bool__(self) -> bool:
        return bool(self._keyed)

    def flush(self) -> None:
        self._keyed.sort(key=lambda pair: pair[0])
        self.report.errors.extend(issue for _order, issue in self._keyed)
        self._keyed.clear()


# --- import: reading the file ---------------------------------------------------------------------------


def detect_format(data: bytes) -> str | None:
    """``xlsx`` or ``json`` by the file's content (never by its name), or None when it is neither."""
    if data.startswith(XLSX_MAGIC):
        return "xlsx"
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"{", b"[")):
        return "json"
    return None


def _read_xlsx(data: bytes, sink: _Sink) -> list[_Raw]:
    wb = open_workbook(io.BytesIO(data), sink.file)
    if wb is None:
        return []
    raws: list[_Raw] = []
    try:
        present = set(wb.sheetnames)
        for name in wb.sheetnames:
            if name == README_SHEET:
                _check_readme(wb[name], sink)
            elif name not in TABLES_BY_SHEET:
                sink.file(_("未知的工作表"), sheet=name)
        for index, table in enumerate(TABLES):
            if table.sheet not in present:
                sink.file(_("缺少该工作表"), sheet=table.sheet)
                continue
            try:
                raws.extend(_read_sheet(wb[table.sheet], table, index, sink))
            except Exception as exc:  # a damaged sheet is read lazily, row by row
                sink.file(_("无法读取该工作表：%(error)s") % {"error": exc}, sheet=table.sheet)
    finally:
        wb.close()
    return raws


def _check_readme(ws: Any, sink: _Sink) -> None:
    for row_idx, row in enumerate(ws.iter_rows(min_row=1, max_row=5, max_col=2, values_only=True), start=1):
        label, value = (list(row) + [None, None])[:2]
        if label == "格式" and value != FORMAT_NAME:
            sink.file(
                _("不是 OneGo 事项库文件（格式 %(format)s）") % {"format": repr(value)},
                sheet=README_SHEET,
                row=row_idx,
                column="格式",
            )
        if label == "版本" and value not in (FORMAT_VERSION, str(FORMAT_VERSION)):
            sink.file(
                _("不支持的格式版本：%(version)s") % {"version": repr(value)},
                sheet=README_SHEET,
                row=row_idx,
                column="版本",
            )


def _read_sheet(ws: Any, table: Table, index: int, sink: _Sink) -> list[_Raw]:
    rows = sheet_rows(ws)
    header_row = next(rows, None) or ()
    by_header = {c.header: c for c in table.columns}
    positions: dict[int, Column] = {}
    named: set[int] = set()  # data under a header that is not ours is reported once, at the header
    for pos, cell in enumerate(header_row):
        text = ooxml_unescape(str(cell)).strip() if cell is not None else ""
        if not text:
            continue
        named.add(pos)
        column = by_header.get(text)
        if column is None:
            sink.file(_("未知的列"), sheet=table.sheet, row=1, column=text)
        elif column in positions.values():
            sink.file(_("表头重复"), sheet=table.sheet, row=1, column=text)
        else:
            positions[pos] = column
    for column in table.columns:
        if column not in positions.values() and not column.optional:
            sink.file(_("缺少该列"), sheet=table.sheet, row=1, column=column.header)
    raws = []
    for row_number, cells in enumerate(rows, start=2):
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue
        values: dict[str, Any] = {}
        for pos, cell in enumerate(cells):
            if pos in positions:
                values[positions[pos].key] = cell
            elif pos not in named and not is_empty(cell):
                sink.file(_("该列没有表头"), sheet=table.sheet, row=row_number, column=column_letter(pos))
        raws.append(
            _Raw(table, values, seq=index * 10_000_000 + row_number, sheet=table.sheet, row=row_number)
        )
    return raws


_JSON_CHILDREN = {
    ITEMS.key: {"versions"},
    VERSIONS.key: {"form", "materials", "tags"},
    BUNDLES.key: {"items", "tags"},
}


class _TooDeep(Exception):
    pass


def _json_depth_exceeds(value: Any, limit: int) -> bool:
    """Whether lists and objects nest deeper than `limit` (walked without recursion)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            if depth > limit:
                return True
            stack.extend((child, depth + 1) for child in (node.values() if isinstance(node, dict) else node))
    return False


def _bounded_json(text: str) -> Any:
    """json.loads, refusing (_TooDeep) a document nested deeper than MAX_JSON_DEPTH: the parser's own recursion
    limit would otherwise surface as a RecursionError (a 500)."""
    try:
        value = json.loads(text)
    except RecursionError:
        raise _TooDeep from None
    if _json_depth_exceeds(value, MAX_JSON_DEPTH):
        raise _TooDeep
    return value


def _too_deep_message() -> str:
    return _("JSON 嵌套层数过多（最多 %(depth)s 层）") % {"depth": MAX_JSON_DEPTH}


class _JsonReader:
    def __init__(self, sink: _Sink) -> None:
        self.sink = sink
        self.raws: list[_Raw] = []

    def read(self, data: bytes) -> list[_Raw]:
        try:
            document = _bounded_json(data.decode("utf-8-sig"))
        except _TooDeep:
            self.sink.file(_too_deep_message(), path="$")
            return []
        except UnicodeDecodeError:
            self.sink.file(_("JSON 文件应为 UTF-8 编码"))
            return []
        except json.JSONDecodeError as exc:
            self.sink.file(
                _("JSON 语法错误（第 %(line)s 行第 %(column)s 列）：%(error)s")
                % {"line": exc.lineno, "column": exc.colno, "error": exc.msg},
                path="$",
            )
            return []
        if not isinstance(document, dict):
            self.sink.file(_("JSON 顶层应为对象"), path="$")
            return []
        if document.get("format") != FORMAT_NAME:
            self.sink.file(
                _("不是 OneGo 事项库文件（format 应为 %(format)s）") % {"format": FORMAT_NAME}, path="format"
            )
            return []
        if document.get("version") != FORMAT_VERSION:
            self.sink.file(
                _("不支持的格式版本：%(version)s") % {"version": repr(document.get("version"))},
                path="version",
            )
            return []
        known = {"format", "version", "tags", "form_fields", "items", "bundles"}
        for key in document:
            if key not in known:
                self.sink.file(_("未知的键"), path=str(key))
        for key in ("tags", "form_fields", "items", "bundles"):
            if key not in document:
                self.sink.file(_("缺少该键"), path=key)
        for i, obj in self._objects(document, "tags", ""):
            self._row(TAGS, obj, f"tags[{i}]")
        for i, obj in self._objects(document, "form_fields", ""):
            self._row(FORM_FIELDS, obj, f"form_fields[{i}]")
        for i, obj in self._objects(document, "items", ""):
            path = f"items[{i}]"
            self._row(ITEMS, obj, path)
            for j, vobj in self._objects(obj, "versions", path):
                vpath = f"{path}.versions[{j}]"
                self._row(VERSIONS, vobj, vpath, {"item": (obj.get("code"), f"{path}.code")})
                parent = {
                    "item": (obj.get("code"), f"{path}.code"),
                    "version": (vobj.get("version"), f"{vpath}.version"),
                }
                for k, fobj in self._objects(vobj, "form", vpath):
                    self._row(ITEM_FORMS, fobj, f"{vpath}.form[{k}]", parent)
                for k, mobj in self._objects(vobj, "materials", vpath):
                    self._row(MATERIALS, mobj, f"{vpath}.materials[{k}]", parent)
                for k, tag in self._list(vobj, "tags", vpath):
                    self._row(VERSION_TAGS, {"tag": tag}, f"{vpath}.tags[{k}]", parent, value_key="tag")
        for i, obj in self._objects(document, "bundles", ""):
            path = f"bundles[{i}]"
            self._row(BUNDLES, obj, path)
            parent = {"bundle": (obj.get("code"), f"{path}.code")}
            for k, mobj in self._objects(obj, "items", path):
                self._row(BUNDLE_ITEMS, mobj, f"{path}.items[{k}]", parent)
            for k, tag in self._list(obj, "tags", path):
                self._row(BUNDLE_TAGS, {"tag": tag}, f"{path}.tags[{k}]", parent, value_key="tag")
        return self.raws

    def _list(self, obj: dict[str, Any], key: str, path: str) -> list[tuple[int, Any]]:
        value = obj.get(key, [])
        where = f"{path}.{key}" if path else key
        if value is None:
            return []
        if not isinstance(value, list):
            self.sink.file(_("应为 JSON 数组"), path=where)
            return []
        return list(enumerate(value))

    def _objects(self, obj: dict[str, Any], key: str, path: str) -> list[tuple[int, dict[str, Any]]]:
        out = []
        where = f"{path}.{key}" if path else key
        for i, value in self._list(obj, key, path):
            if isinstance(value, dict):
                out.append((i, value))
            else:
                self.sink.file(_("应为 JSON 对象"), path=f"{where}[{i}]")
        return out

    def _row(
        self,
        table: Table,
        obj: dict[str, Any],
        path: str,
        parent: dict[str, tuple[Any, str]] | None = None,
        value_key: str = "",
    ) -> None:
        parent = parent or {}
        allowed = {c.key for c in table.columns} - set(parent) | _JSON_CHILDREN.get(table.key, set())
        values: dict[str, Any] = {}
        paths = {k: p for k, (_value, p) in parent.items()}
        if value_key:  # a list of plain keys (tags)
            values[value_key] = obj[value_key]
            paths[value_key] = path
        else:
            for key, value in obj.items():
                if key not in allowed:
                    self.sink.file(_("未知的键"), path=f"{path}.{key}")
                elif key in {c.key for c in table.columns}:
                    values[key] = value
        for key, (value, _where) in parent.items():
            values[key] = value
        self.raws.append(
            _Raw(table, values, seq=len(self.raws), path=path, paths=paths, implicit=frozenset(parent))
        )


# --- import: converting values --------------------------------------------------------------------------

_INT = re.compile(r"^[+-]?\d+$")


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def _convert(table: Table, column: Column, raw: Any, *, from_xlsx: bool) -> Any:
    """The value as stored (references as natural keys), or CellError with the message for the user."""
    kind = _kind(table, column)
    if isinstance(raw, str) and from_xlsx:
        raw = unescape_cell(ooxml_unescape(raw))
    if is_empty(raw) and not (kind in ("text", "file") and not column.ref and raw not in (None, "")):
        if _required(table, column):
            raise CellError(_("必填"))
        return _empty_value(table, column)
    if _has_nul(raw):
        raise CellError(_("不能包含 NUL 字符"))
    if kind in ("text", "file"):
        if from_xlsx and isinstance(raw, int | float) and not isinstance(raw, bool):
            raw = str(int(raw)) if float(raw).is_integer() else str(raw)  # Excel took the text for a number
        if from_xlsx and isinstance(raw, dt.datetime):  # … or for a date
            raw = raw.date().isoformat() if raw.time() == dt.time(0, 0) else raw.isoformat()
        if not isinstance(raw, str):
            raise CellError(_("应为文本"))
        return raw.strip() if column.ref else raw
    if kind == "int":
        if isinstance(raw, bool):
            raise CellError(_("应为整数"))
        if isinstance(raw, int):
            return raw
        if isinstance(raw, float) and raw.is_integer():
            return int(raw)
        if isinstance(raw, str) and _INT.match(raw.strip()):
            return int(raw.strip())
        raise CellError(_("应为整数：%(value)s") % {"value": repr(raw)})
    if kind == "bool":
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, int) and raw in (0, 1):
            return bool(raw)
        if isinstance(raw, str) and raw.strip().lower() in TRUE_WORDS:
            return True
        if isinstance(raw, str) and raw.strip().lower() in FALSE_WORDS:
            return False
        raise CellError(_("应为 是 或 否（TRUE/FALSE）：%(value)s") % {"value": repr(raw)})
    if kind == "date":
        if isinstance(raw, dt.datetime):
            if raw.time() != dt.time(0, 0) or raw.tzinfo is not None:
                raise CellError(_("应为日期，不含时间：%(value)s") % {"value": raw})
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        if isinstance(raw, str) and ISO_DATE.match(raw.strip()):
            try:
                return dt.date.fromisoformat(raw.strip())
            except ValueError:
                pass
        raise CellError(_("应为日期 YYYY-MM-DD：%(value)s") % {"value": repr(raw)})
    if kind == "datetime":
        value: dt.datetime
        if isinstance(raw, dt.datetime):
            value = raw
        elif isinstance(raw, str):
            try:
                value = dt.datetime.fromisoformat(raw.strip())
            except ValueError:
                raise CellError(
                    _("应为时间 YYYY-MM-DDTHH:MM:SS+08:00：%(value)s") % {"value": repr(raw)}
                ) from None
        else:
            raise CellError(_("应为时间：%(value)s") % {"value": repr(raw)})
        if timezone.is_naive(value):
            value = timezone.make_aware(value, timezone.get_default_timezone())
        return value.astimezone(dt.UTC)
    if kind == "json":
        value_json = raw
        if from_xlsx:
            if not isinstance(raw, str):
                raise CellError(_("应为 JSON 文本"))
            try:
                value_json = _bounded_json(raw)
            except _TooDeep:
                raise CellError(_too_deep_message()) from None
            except json.JSONDecodeError as exc:
                raise CellError(
                    _("不是有效的 JSON：%(error)s（位置 %(position)s）")
                    % {"error": exc.msg, "position": exc.pos}
                ) from None
        default = _empty_value(table, column)
        if isinstance(default, list) and not isinstance(value_json, list):
            raise CellError(_("应为 JSON 数组"))
        if isinstance(default, dict) and not isinstance(value_json, dict):
            raise CellError(_("应为 JSON 对象"))
        if _has_nul(value_json):
            raise CellError(_("不能包含 NUL 字符"))
        return value_json
    if kind == "choice":
        f = _model_field(table, column)
        assert f is not None
        lookup = _choice_lookup(f)
        text = str(raw).strip()
        if text in lookup:
            return lookup[text]
        if text.lower() in lookup:
            return lookup[text.lower()]
        allowed = "、".join(_choice_labels(f).values())
        raise CellError(
            _("无效的取值：%(value)s（可选：%(allowed)s）") % {"value": repr(text), "allowed": allowed}
        )
    raise AssertionError(kind)  # pragma: no cover


def _convert_rows(raws: list[_Raw], sink: _Sink) -> dict[str, list[_Row]]:
    out: dict[str, list[_Row]] = {t.key: [] for t in TABLES}
    for raw in raws:
        values: dict[str, Any] = {}
        failed: set[str] = set()
        for column in raw.table.columns:
            try:
                values[column.key] = _convert(
                    raw.table, column, raw.values.get(column.key), from_xlsx=raw.from_xlsx
                )
            except CellError as exc:
                failed.add(column.key)
                values[column.key] = None
                if column.key not in raw.implicit:  # reported where the enclosing object has it
                    sink.row(raw, column.key, exc.message)
        out[raw.table.key].append(_Row(raw, values, failed))
    return out


# --- import: checking against the rules and the database ------------------------------------------------


def _strip(row: dict[str, Any], keys: Iterable[str]) -> dict[str, Any]:
    drop = set(keys)
    return {k: v for k, v in row.items() if k not in drop}


def _children(rows: list[dict[str, Any]], table: Table) -> list[dict[str, Any]]:
    plain = [_strip(r, table.parent_keys) for r in rows]
    order = [k for k in table.order if k not in table.parent_keys]
    return sorted(plain, key=lambda r: tuple((r[k] is not None, r[k]) for k in order))


class _Importer:
    """Checks converted rows against the rules and the database, then writes them (see the module doc)."""

    def __init__(self, rows: dict[str, list[_Row]], sink: _Sink) -> None:
        self.rows = rows
        self.sink = sink
        self.version_action: dict[tuple[str, int], str] = {}
        self.changed: dict[str, set[tuple[Any, ...]]] = defaultdict(set)
        self.unchanged: dict[str, set[tuple[Any, ...]]] = defaultdict(set)

    def error(self, row: _Row, key: str | None, message: str) -> None:
        self.sink.row(row.raw, key, message)

    # -- checks --

    def check(self) -> None:
        codes = {r.values["item"] for r in self.rows[VERSIONS.key] if "item" not in r.failed}
        # Lock the versions the file may replace before reading them (no-op on SQLite).
        self.db_versions = {
            (v.item.code, v.version): v
            for v in ItemVersion.objects.select_for_update(of=("self",))
            .select_related("item")
            .filter(item__code__in=codes)
        }
        self.snap = _snapshot()
        self.departments = {d.credit_code: d for d in Department.objects.all()}
        self.db_tags = {t.key: t for t in Tag.objects.all()}
        self.db_fields = {f.key: f for f in FormField.objects.all()}
        self.db_items = {i.code: i for i in ServiceItem.objects.all()}
        self.db_bundles = {b.code: b for b in Bundle.objects.all()}

        self.index = {t.key: self._unique(t) for t in TABLES}
        self._check_simple(TAGS, self.snap["tags"])
        self._check_simple(FORM_FIELDS, self.snap["form_fields"])
        self._check_items()
        self._check_versions()
        self._check_bundles()

    def _unique(self, table: Table) -> dict[tuple[Any, ...], _Row]:
        seen: dict[tuple[Any, ...], _Row] = {}
        for row in self.rows[table.key]:
            key = row.natural_key()
            if key is None:
                continue
            if key in seen:
                self.error(
                    row,
                    table.natural_key[-1],
                    _("与 %(place)s 重复") % {"place": seen[key].raw.describe()},
                )
            else:
                seen[key] = row
        return seen

    def _clean(self, row: _Row, exclude: Iterable[str] = ()) -> None:
        """The model's own field checks and clean(), reported against the file's columns."""
        table = row.table
        model_values = {
            c.key: row.values[c.key] for c in table.columns if not c.ref and c.key not in row.failed
        }
        instance = table.model(**model_values)
        skip = set(exclude) | row.failed | {c.key for c in table.columns if c.ref}
        skip |= {f.name for f in table.model._meta.fields if f.name not in model_values}
        errors: dict[str, list[str]] = defaultdict(list)
        converted = not row.failed  # clean() may compare fields, so only when every value converted
        checks = [lambda: instance.clean_fields(exclude=skip)] + ([instance.clean] if converted else [])
        for check in checks:
            try:
                check()
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    errors[name].extend(messages)
        headers = {c.key for c in table.columns}
        for name, messages in errors.items():
            key = name if name in headers else None
            for message in messages:
                if key is None and name != NON_FIELD_ERRORS:
                    message = f"{name}: {message}"
                self.error(row, key, message)
                row.failed.add(key or name)

    def _compare(
        self,
        table: Table,
        row: _Row,
        db_rows: dict[tuple[Any, ...], dict[str, Any]],
        extra: Callable[[tuple[Any, ...]], Any] | None = None,
        db_extra: Callable[[tuple[Any, ...]], Any] | None = None,
    ) -> None:
        key = row.natural_key()
        if key is None:
            return
        existing = db_rows.get(key)
        same = existing is not None and existing == row.values
        if same and extra is not None and db_extra is not None:
            same = extra(key) == db_extra(key)
        (self.unchanged if same else self.changed)[table.key].add(key)

    def _check_simple(self, table: Table, snap_rows: list[dict[str, Any]]) -> None:
        for row in self.rows[table.key]:
            self._clean(row)
        by_key = {(r["key"],): r for r in snap_rows}
        for row in self.index[table.key].values():
            self._compare(table, row, by_key)

    def _check_items(self) -> None:
        file_items = self.index[ITEMS.key]
        level_of: dict[str, str] = {i.code: i.level for i in self.db_items.values()}
        parent_of: dict[str, str | None] = {i["code"]: i["parent"] for i in self.snap["items"]}
        row_of: dict[str, _Row] = {}
        for row in self.rows[ITEMS.key]:
            v = row.values
            self._clean(row)
            dept_code = v["department"]
            if "department" not in row.failed and dept_code not in self.departments:
                self.error(
                    row,
                    "department",
                    _("没有该统一社会信用代码的部门：%(code)s") % {"code": dept_code},
                )
                row.failed.add("department")
            if not row.failed & {
                "code",
                "level",
                "basic_code",
                "level_char",
                "implementation_code",
                "handling_suffix",
            }:
                problems = check_codes(
                    department_credit_code=dept_code or "",
                    level=v["level"],
                    basic_code=v["basic_code"],
                    level_char=v["level_char"],
                    implementation_code=v["implementation_code"],
                    handling_suffix=v["handling_suffix"],
                    code=v["code"],
                )
                if "department" in row.failed:
                    problems.pop("department", None)
                for name, message in problems.items():
                    self.error(row, name if name in {c.key for c in ITEMS.columns} else None, message)
            parent = v["parent"]
            if parent is not None and "parent" not in row.failed:
                if parent == v["code"]:
                    self.error(row, "parent", _("事项不能是自己的上级"))
                elif (parent,) not in file_items and parent not in self.db_items:
                    self.error(row, "parent", _("未知的上级事项编码：%(code)s") % {"code": parent})
            key = row.natural_key()
            if key is not None and file_items.get(key) is row:
                row_of[v["code"]] = row
                if "level" not in row.failed:
                    level_of[v["code"]] = v["level"]
                if "parent" not in row.failed:
                    parent_of[v["code"]] = parent
        # The hierarchy as it will be after the import: a handling item has no children, and no cycles.
        for code, parent in parent_of.items():
            if parent is None or parent not in level_of:
                continue
            if level_of[parent] == ItemLevel.HANDLING:
                if code in row_of:
                    self.error(
                        row_of[code], "parent", _("业务办理项不能有下级（%(parent)s）") % {"parent": parent}
                    )
                elif parent in row_of:
                    message = _("业务办理项不能有下级（%(parent)s）：%(child)s") % {
                        "parent": parent,
                        "child": code,
                    }
                    self.error(row_of[parent], "level", message)
            seen = {code}
            up: str | None = parent
            while up is not None and up not in seen:
                seen.add(up)
                up = parent_of.get(up)
            if up == code and code in row_of:
                self.error(row_of[code], "parent", _("上级事项形成循环"))
        by_code = {(r["code"],): r for r in self.snap["items"]}
        for row in file_items.values():
            self._compare(ITEMS, row, by_code)

    def _item_known(self, code: str) -> bool:
        return (code,) in self.index[ITEMS.key] or code in self.db_items

    def _check_versions(self) -> None:
        file_versions = self.index[VERSIONS.key]
        for row in self.rows[VERSIONS.key]:
            self._clean(row, exclude=["item"])
            code = row.values["item"]
            if "item" not in row.failed and not self._item_known(code):
                self.error(row, "item", _("未知的事项编码：%(code)s") % {"code": code})
                row.failed.add("item")
        children = {t.key: self._version_children(t) for t in (ITEM_FORMS, MATERIALS, VERSION_TAGS)}
        db_forms = _group(self.snap["item_forms"], ("item", "version"))
        db_materials = _group(self.snap["materials"], ("item", "version"))
        db_tags = _group(self.snap["version_tags"], ("item", "version"))
        db_rows = {(r["item"], r["version"]): r for r in self.snap["versions"]}
        for vkey, row in file_versions.items():
            forms = children[ITEM_FORMS.key].get(vkey, [])
            materials = children[MATERIALS.key].get(vkey, [])
            tags = children[VERSION_TAGS.key].get(vkey, [])
            if row.failed or any(r.failed for r in (*forms, *materials, *tags)):
                continue  # already reported; nothing to compare
            file_sig = (
                _strip(row.values, ("item", "version")),
                _children([r.values for r in forms], ITEM_FORMS),
                _children([r.values for r in materials], MATERIALS),
                sorted(r.values["tag"] for r in tags),
            )
            existing = self.db_versions.get(vkey)
            if existing is None:
                self.version_action[vkey] = "create"
            else:
                db_sig = (
                    _strip(db_rows[vkey], ("item", "version")),
                    _children(db_forms.get(vkey, []), ITEM_FORMS),
                    _children(db_materials.get(vkey, []), MATERIALS),
                    sorted(r["tag"] for r in db_tags.get(vkey, [])),
                )
                if db_sig == file_sig:
                    self.version_action[vkey] = "unchanged"
                    continue
                if existing.is_frozen:
                    self._report_frozen(row, db_sig, file_sig)
                    continue
                self.version_action[vkey] = "replace"
            if row.values["status"] == VersionStatus.PUBLISHED:
                self._check_publishable(row)

    def _version_children(self, table: Table) -> dict[tuple[Any, ...], list[_Row]]:
        """Form rows, materials or tags of versions, grouped by version; each must name a version of the
        file and a field or tag that exists (in the file or the database)."""
        grouped: dict[tuple[Any, ...], list[_Row]] = defaultdict(list)
        for row in self.rows[table.key]:
            if table is not VERSION_TAGS:
                self._clean(row, exclude=["version"])
            if table is ITEM_FORMS and "field" not in row.failed:
                key = row.values["field"]
                if (key,) not in self.index[FORM_FIELDS.key] and key not in self.db_fields:
                    self.error(row, "field", _("字段字典中没有该字段：%(key)s") % {"key": key})
                    row.failed.add("field")
            if table is VERSION_TAGS and "tag" not in row.failed:
                self._check_tag(row)
            vkey = row.ref("item", "version")
            if vkey is None:
                continue
            if vkey not in self.index[VERSIONS.key]:
                self.error(
                    row,
                    "version",
                    _("「%(sheet)s」中没有该版本：%(item)s v%(version)s")
                    % {"sheet": VERSIONS.sheet, "item": vkey[0], "version": vkey[1]},
                )
                row.failed.add("version")
            grouped[vkey].append(row)
        return grouped

    def _check_tag(self, row: _Row) -> None:
        key = row.values["tag"]
        if (key,) not in self.index[TAGS.key] and key not in self.db_tags:
            self.error(row, "tag", _("未知的标签：%(key)s") % {"key": key})
            row.failed.add("tag")

    def _report_frozen(self, row: _Row, db_sig: tuple[Any, ...], file_sig: tuple[Any, ...]) -> None:
        differing = [
            c for c in VERSIONS.columns if c.key in db_sig[0] and db_sig[0][c.key] != file_sig[0][c.key]
        ]
        parts = [c.header for c in differing]
        parts += [
            t.sheet
            for t, i in ((ITEM_FORMS, 1), (MATERIALS, 2), (VERSION_TAGS, 3))
            if db_sig[i] != file_sig[i]
        ]
        self.error(
            row,
            differing[0].key if differing else None,
            _("已发布版本不能修改（与库中不同：%(parts)s）") % {"parts": "、".join(parts)},
        )

    def _check_publishable(self, row: _Row) -> None:
        """A version the file publishes (new, or a draft it replaces) must pass what publish_version checks,
        process definition included."""
        version = ItemVersion(**{c.key: row.values[c.key] for c in VERSIONS.columns if not c.ref})
        try:
            validate_version_for_publishing(version)
        except ValidationError as exc:
            headers = {c.key for c in VERSIONS.columns}
            for name, messages in exc.message_dict.items():
                for message in messages:
                    self.error(row, name if name in headers else None, message)
        except Exception as exc:  # a validator's crash must not become a 500
            self.error(row, "process", _("无法校验办理流程：%(error)s") % {"error": repr(exc)})

    def _check_bundles(self) -> None:
        file_bundles = self.index[BUNDLES.key]
        for row in self.rows[BUNDLES.key]:
            self._clean(row)
            dept = row.values["lead_department"]
            if "lead_department" not in row.failed and dept not in self.departments:
                self.error(
                    row,
                    "lead_department",
                    _("没有该统一社会信用代码的部门：%(code)s") % {"code": dept},
                )
                row.failed.add("lead_department")
        members: dict[tuple[Any, ...], list[_Row]] = defaultdict(list)
        tags: dict[tuple[Any, ...], list[_Row]] = defaultdict(list)
        for table, grouped in ((BUNDLE_ITEMS, members), (BUNDLE_TAGS, tags)):
            for row in self.rows[table.key]:
                if table is BUNDLE_ITEMS:
                    self._clean(row, exclude=["bundle", "item"])
                    code = row.values["item"]
                    if "item" not in row.failed and not self._item_known(code):
                        self.error(row, "item", _("未知的事项编码：%(code)s") % {"code": code})
                        row.failed.add("item")
                else:
                    tag = row.values["tag"]
                    if (
                        "tag" not in row.failed
                        and (tag,) not in self.index[TAGS.key]
                        and tag not in self.db_tags
                    ):
                        self.error(row, "tag", _("未知的标签：%(key)s") % {"key": tag})
                        row.failed.add("tag")
                bkey = row.ref("bundle")
                if bkey is not None:
                    if bkey not in file_bundles:
                        self.error(
                            row,
                            "bundle",
                            _("该一件事不在「%(sheet)s」中（%(code)s）")
                            % {"sheet": BUNDLES.sheet, "code": bkey[0]},
                        )
                        row.failed.add("bundle")
                    grouped[bkey].append(row)
        db_members = _group(self.snap["bundle_items"], ("bundle",))
        db_tags = _group(self.snap["bundle_tags"], ("bundle",))
        by_code = {(r["code"],): r for r in self.snap["bundles"]}
        self.bundle_members = members
        self.bundle_tags = tags
        for row in file_bundles.values():
            self._compare(
                BUNDLES,
                row,
                by_code,
                extra=lambda k: (
                    _children([r.values for r in members.get(k, [])], BUNDLE_ITEMS),
                    sorted(r.values["tag"] for r in tags.get(k, [])),
                ),
                db_extra=lambda k: (
                    _children(db_members.get(k, []), BUNDLE_ITEMS),
                    sorted(r["tag"] for r in db_tags.get(k, [])),
                ),
            )

    # -- writing --

    def _assign(self, obj: models.Model, row: _Row) -> None:
        for column in row.table.columns:
            if not column.ref:
                setattr(obj, column.key, row.values[column.key])

    def write(self) -> dict[str, dict[str, int]]:
        counts = {t.key: {"created": 0, "updated": 0, "unchanged": 0} for t in COUNTED}

        def upsert(
            table: Table,
            db: dict[str, Any],
            key_name: str,
            prepare: Callable[[models.Model, _Row], None] | None = None,
        ) -> None:
            for key, row in self.index[table.key].items():
                if key in self.unchanged[table.key]:
                    counts[table.key]["unchanged"] += 1
                    continue
                obj = db.get(key[0])
                created = obj is None
                if obj is None:
                    obj = table.model()
                self._assign(obj, row)
                if prepare is not None:
                    prepare(obj, row)
                obj.save()
                db[getattr(obj, key_name)] = obj
                counts[table.key]["created" if created else "updated"] += 1

        upsert(TAGS, self.db_tags, "key")
        upsert(FORM_FIELDS, self.db_fields, "key")

        def item_identity(obj: models.Model, row: _Row) -> None:
            assert isinstance(obj, ServiceItem)
            obj.department = self.departments[row.values["department"]]
            if obj.pk is None:
                obj.parent = None  # set below, once every parent exists

        upsert(ITEMS, self.db_items, "code", item_identity)
        for (code,), row in self.index[ITEMS.key].items():
            item = self.db_items[code]
            parent = self.db_items[row.values["parent"]] if row.values["parent"] else None
            if item.parent_id != (parent.pk if parent else None):
                item.parent = parent
                item.save(update_fields=["parent"])

        forms: list[ItemFormField] = []
        materials: list[Material] = []
        version_tags: list[Any] = []
        by_version = {
            t.key: _group_rows(self.rows[t.key], ("item", "version"))
            for t in (ITEM_FORMS, MATERIALS, VERSION_TAGS)
        }
        for vkey, row in self.index[VERSIONS.key].items():
            action = self.version_action[vkey]
            if action == "unchanged":
                counts[VERSIONS.key]["unchanged"] += 1
                continue
            version = self.db_versions.get(vkey) if action == "replace" else None
            if version is None:
                version = ItemVersion(item=self.db_items[vkey[0]])
            self._assign(version, row)
            version.save()
            if action == "replace":
                version.form_fields.all().delete()
                version.materials.all().delete()
                version.tags.clear()
            for r in by_version[ITEM_FORMS.key].get(vkey, []):
                forms.append(
                    ItemFormField(
                        version=version,
                        field=self.db_fields[r.values["field"]],
                        position=r.values["position"],
                        required=r.values["required"],
                        locked_when_prefilled=r.values["locked_when_prefilled"],
                    )
                )
            for r in by_version[MATERIALS.key].get(vkey, []):
                material = Material(version=version)
                self._assign(material, r)
                materials.append(material)
            for r in by_version[VERSION_TAGS.key].get(vkey, []):
                version_tags.append(
                    VersionTag(itemversion_id=version.pk, tag_id=self.db_tags[r.values["tag"]].pk)
                )
            counts[VERSIONS.key]["created" if action == "create" else "updated"] += 1
        ItemFormField.objects.bulk_create(forms)
        Material.objects.bulk_create(materials)
        VersionTag.objects.bulk_create(version_tags)

        def bundle_department(obj: models.Model, row: _Row) -> None:
            assert isinstance(obj, Bundle)
            obj.lead_department = self.departments[row.values["lead_department"]]

        changed_bundles = [k for k in self.index[BUNDLES.key] if k not in self.unchanged[BUNDLES.key]]
        upsert(BUNDLES, self.db_bundles, "code", bundle_department)
        members: list[BundleItem] = []
        for (code,) in changed_bundles:
            bundle = self.db_bundles[code]
            bundle.members.all().delete()
            members.extend(
                BundleItem(bundle=bundle, item=self.db_items[r.values["item"]], position=r.values["position"])
                for r in self.bundle_members.get((code,), [])
            )
            bundle.tags.set([self.db_tags[r.values["tag"]] for r in self.bundle_tags.get((code,), [])])
        BundleItem.objects.bulk_create(members)
        return counts


def _group_rows(rows: list[_Row], keys: tuple[str, ...]) -> dict[tuple[Any, ...], list[_Row]]:
    out: dict[tuple[Any, ...], list[_Row]] = defaultdict(list)
    for row in rows:
        out[tuple(row.values[k] for k in keys)].append(row)
    return out


# --- import: the entry point ----------------------------------------------------------------------------


def import_catalog(data: bytes, fmt: str | None = None, *, actor: Any = None) -> ImportReport:
    """Check a whole catalogue file and, when it has no error at all, write it in one transaction.

    `fmt` is ``xlsx``, ``json`` or None (decided by the content). Returns the report: every error with
    its place in the file (and then nothing was written), or the counts of what was written.
    """
    report = ImportReport()
    sink = _Sink(report)
    detected = None if too_large(len(data), sink.file) else detect_format(data)
    if detected is None and not sink:
        sink.file(_("文件既不是 Excel 工作簿（.xlsx）也不是 JSON"))
    elif detected is not None and fmt is not None and fmt != detected:
        sink.file(_("文件内容是 %(detected)s，不是 %(fmt)s") % {"detected": detected, "fmt": fmt})
    if sink:
        sink.flush()
        return report
    assert detected is not None
    report.format = detected
    raws = _read_xlsx(data, sink) if detected == "xlsx" else _JsonReader(sink).read(data)
    if sink:  # the file's structure is wrong: rows cannot be trusted to line up
        sink.flush()
        return report
    rows = _convert_rows(raws, sink)
    try:
        with transaction.atomic():
            importer = _Importer(rows, sink)
            importer.check()
            if sink:
                sink.flush()
                return report
            report.counts = importer.write()
            audit.record(
                actor,
                "catalog.imported",
                object_type="catalog",
                object_id="",
                counts=report.counts,
                format=detected,
            )
    except (IntegrityError, DataError) as exc:
        sink.flush()
        report.counts = {}
        report.errors.append(ImportIssue(_("数据库拒绝写入，未写入任何数据：%(error)s") % {"error": exc}))
    return report

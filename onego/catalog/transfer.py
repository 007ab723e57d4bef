"""Import and export of the whole service catalogue (事项库), as an Excel workbook or as one JSON document.

Why: departments prepare their implementation lists (实施清单) in spreadsheets, and a catalogue moves
between installations (test → production, one district to another). So a file holds every table, every
field and every version (draft, published, retired), and refers to rows only by natural keys — item code,
version number, field key, material key, tag key, bundle code, department credit code — never by database
ids. Export → import → export gives the same file.

Excel layout
------------
One sheet per table (`TABLES`, in this order); row 1 holds the Chinese headers, data starts in row 2.
`Column.header` ↔ `Column.key` below is the fixed mapping between a header and the model field (or, for
a reference, the natural key of the row referred to); the JSON format uses the keys. A first sheet 说明
names the format and its version. Cells are written as:

- text: text cells (never formulas, even when they start with "="); text a spreadsheet would take for a
  formula (starting with = + - @, a tab or a carriage return, or ＝＋－＠) gets a leading apostrophe, which import
  removes again (`onego.core.spreadsheets`); characters an XML file cannot hold
  (a carriage return, control characters) as the OOXML escape ``_xHHHH_``, as Excel itself writes them,
  and a literal ``_xHHHH_`` as ``_x005F_xHHHH_``;
- whole numbers: numbers (as text from 10^15 up: Excel keeps only 15 digits);
- yes/no: 是/否 (import also takes TRUE/FALSE, 1/0 and Excel booleans);
- dates: ISO text ``YYYY-MM-DD`` (import also takes Excel date cells);
- date-times (发布时间): ISO 8601 text in UTC with microseconds;
- choices: the Chinese label, e.g. 行政许可 (import also takes the stored value, e.g. ``licensing``);
- JSON fields (审批方式, 办理流程, 条件, 选项): compact JSON text with sorted keys.

JSON layout
-----------
``{"format": "onego-catalog", "version": 1, "tags": [...], "form_fields": [...], "items": [{..., "versions":
[{..., "form": [...], "materials": [...], "tags": ["key", ...]}]}], "bundles": [{..., "items": [{"position",
"item"}], "tags": ["key", ...]}]}`` — keys are the `Column.key`s, values as stored (dates as ISO text).

Import semantics
----------------
Everything is checked before anything is written, and every problem is reported with its sheet, row (as
the user sees it, header = row 1) and column header, or with its JSON path. One problem and nothing is
written. Otherwise, in one transaction: tags, form fields, items and bundles are created or updated by
natural key; a version that does not exist is created, an existing draft is replaced (with its form,
materials and tags), and an existing published or retired version must be identical to the file's —
published versions are never edited. A bundle or version in the file gets exactly the members, form
rows, materials and tags the file gives it. Rows the file does not mention are left alone. One audit
event (``catalog.imported``) records the counts.

Sample and template files of materials (样表, 空白表格) travel as their storage names only, not their
contents.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DataError, IntegrityError, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

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
from onego.core.spreadsheets import safe_cell, unescape_cell

FORMAT_NAME = "onego-catalog"
FORMAT_VERSION = 1
README_SHEET = "说明"

# Uploads are bounded by size, and a workbook (a ZIP) also by what it expands to.
MAX_IMPORT_BYTES = 50 * 1024 * 1024
MAX_UNZIPPED_BYTES = 500 * 1024 * 1024
# Excel keeps 15 significant digits; larger whole numbers are written as text so they come back exact.
EXCEL_MAX_EXACT_INT = 10**15

XLSX_MAGIC = b"PK\x03\x04"
# JSON nesting a catalogue never needs (its deepest part, a process, is about ten levels): deeper documents are
# refused before anything walks them recursively (docs/security.md, inputs).
MAX_JSON_DEPTH = 64


# --- the tables and their columns ---------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of a sheet (one key of a JSON object): Chinese header ↔ model field or natural key.

    `source` is the attribute path read on export (the model field itself by default; for a reference
    the natural key of the row referred to, e.g. ``version.item.code``). References (`ref`) are text
    unless `kind` says otherwise; other columns take their kind from the model field.
    """

    header: str
    key: str
    ref: bool = False
    source: str = ""
    kind: str = ""
    optional_ref: bool = False
    optional: bool = False  # added after format version 1 was published: a file without it still imports


@dataclass(frozen=True)
class Table:
    key: str  # name in the JSON document and in the report's counts
    sheet: str  # Excel sheet name
    model: type[models.Model]
    columns: tuple[Column, ...]
    natural_key: tuple[str, ...]  # the columns that identify a row
    order: tuple[str, ...]  # how rows are sorted on export
    related: tuple[str, ...] = ()  # select_related on export
    parent_keys: tuple[str, ...] = ()  # in the JSON document these come from the enclosing object

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)

    def header(self, key: str | None) -> str:
        return self.column(key).header if key else ""


TAGS = Table(
    "tags",
    "标签",
    Tag,
    (
        Column("标识", "key"),
        Column("名称", "name"),
        Column("英文名称", "name_en"),
        Column("类别", "category"),
    ),
    natural_key=("key",),
    order=("key",),
)

FORM_FIELDS = Table(
    "form_fields",
    "表单字段字典",
    FormField,
    (
        Column("字段标识", "key"),
        Column("类型", "field_type"),
        Column("中文标签", "label_zh"),
        Column("英文标签", "label_en"),
        Column("中文说明", "help_zh"),
        Column("英文说明", "help_en"),
        Column("格式（正则）", "pattern"),
        Column("最短长度", "min_length"),
        Column("最长长度", "max_length"),
        Column("选项", "choices"),
        Column("预填来源", "prefill_source"),
    ),
    natural_key=("key",),
    order=("key",),
)

ITEMS = Table(
    "items",
    "事项",
    ServiceItem,
    (
        Column("事项编码", "code"),
        Column("层级", "level"),
        Column("上级事项编码", "parent", ref=True, source="parent.code", optional_ref=True),
        Column("实施主体代码", "department", ref=True, source="department.credit_code"),
        Column("基本编码", "basic_code"),
        Column("层级码", "level_char"),
        Column("实施编码", "implementation_code"),
        Column("办理项后缀", "handling_suffix"),
        Column("演示编码", "is_demo_code"),
    ),
    natural_key=("code",),
    order=("code",),
    related=("parent", "department"),
)

VERSIONS = Table(
    "versions",
    "事项版本",
    ItemVersion,
    (
        Column("事项编码", "item", ref=True, source="item.code"),
        Column("版本", "version"),
        Column("状态", "status"),
        Column("生效日期", "effective_from"),
        Column("取消日期", "cancelled_on"),
        Column("发布时间", "published_at"),
        Column("事项名称", "name"),
        Column("英文名称", "name_en"),
        Column("事项类型", "item_type"),
        Column("设定依据", "legal_basis"),
        Column("受理条件", "acceptance_conditions"),
        Column("办件类型", "handling_form"),
        Column("审批方式", "routes"),
        Column("法定时限（工作日）", "statutory_limit_workdays"),
        Column("承诺时限（工作日）", "promised_limit_workdays"),
        Column("特别程序", "special_procedures"),
        Column("收费金额（分）", "fee_fen"),
        Column("收费依据", "fee_basis"),
        Column("到办事现场次数", "visits"),
        Column("全程网办", "fully_online"),
        Column("办理地点", "place"),
        Column("办理时间", "hours"),
        Column("咨询电话", "enquiry_phone"),
        Column("监督投诉电话", "complaint_phone"),
        Column("审批结果", "result_name"),
        Column("结果证照类型编码", "result_licence_type"),
        Column("设立登记", "founds_entity", optional=True),
        Column("办理流程", "process"),
    ),
    natural_key=("item", "version"),
    order=("item", "version"),
    related=("item",),
    parent_keys=("item",),
)

_VERSION_REF = (
    Column("事项编码", "item", ref=True, source="version.item.code"),
    Column("版本", "version", ref=True, source="version.version", kind="int"),
)

ITEM_FORMS = Table(
    "item_forms",
    "事项表单",
    ItemFormField,
    (
        *_VERSION_REF,
        Column("顺序", "position"),
        Column("字段标识", "field", ref=True, source="field.key"),
        Column("必填", "required"),
        Column("预填后锁定", "locked_when_prefilled"),
    ),
    natural_key=("item", "version", "field"),
    order=("item", "version", "position", "field"),
    related=("version__item", "field"),
    parent_keys=("item", "version"),
)

MATERIALS = Table(
    "materials",
    "申请材料",
    Material,
    (
        *_VERSION_REF,
        Column("顺序", "position"),
        Column("材料标识", "key"),
        Column("材料名称", "name"),
        Column("英文名称", "name_en"),
        Column("原件/复印件", "original_or_copy"),
        Column("份数", "count"),
        Column("材料形式", "medium"),
        Column("必需", "required"),
        Column("条件", "condition"),
        Column("条件说明", "condition_text"),
        Column("可替代的电子证照类型", "substitute_licence_type"),
        Column("可替代的共享数据", "substitute_shared_field"),
        Column("提供方式", "provision"),
        Column("填报说明", "notes"),
        Column("样表", "sample_file"),
        Column("空白表格", "template_file"),
    ),
    natural_key=("item", "version", "key"),
    order=("item", "version", "position", "key"),
    related=("version__item",),
    parent_keys=("item", "version"),
)

VersionTag = ItemVersion.tags.through
BundleTag = Bundle.tags.through

VERSION_TAGS = Table(
    "version_tags",
    "事项标签",
    VersionTag,
    (
        Column("事项编码", "item", ref=True, source="itemversion.item.code"),
        Column("版本", "version", ref=True, source="itemversion.version", kind="int"),
        Column("标签标识", "tag", ref=True, source="tag.key"),
    ),
    natural_key=("item", "version", "tag"),
    order=("item", "version", "tag"),
    related=("itemversion__item", "tag"),
    parent_keys=("item", "version"),
)

BUNDLES = Table(
    "bundles",
    "一件事",
    Bundle,
    (
        Column("一件事编码", "code"),
        Column("名称", "name"),
        Column("英文名称", "name_en"),
        Column("说明", "description"),
        Column("牵头部门代码", "lead_department", ref=True, source="lead_department.credit_code"),
        Column("承诺时限（工作日）", "promised_limit_workdays"),
        Column("结果同时发放", "issue_together"),
        Column("启用", "is_active"),
    ),
    natural_key=("code",),
    order=("code",),
    related=("lead_department",),
)

BUNDLE_ITEMS = Table(
    "bundle_items",
    "一件事事项",
    BundleItem,
    (
        Column("一件事编码", "bundle", ref=True, source="bundle.code"),
        Column("顺序", "position"),
        Column("事项编码", "item", ref=True, source="item.code"),
    ),
    natural_key=("bundle", "item"),
    order=("bundle", "position", "item"),
    related=("bundle", "item"),
    parent_keys=("bundle",),
)

BUNDLE_TAGS = Table(
    "bundle_tags",
    "一件事标签",
    BundleTag,
    (
        Column("一件事编码", "bundle", ref=True, source="bundle.code"),
        Column("标签标识", "tag", ref=True, source="tag.key"),
    ),
    natural_key=("bundle", "tag"),
    order=("bundle", "tag"),
    related=("bundle", "tag"),
    parent_keys=("bundle",),
)

TABLES: tuple[Table, ...] = (
    TAGS,
    FORM_FIELDS,
    ITEMS,
    VERSIONS,
    ITEM_FORMS,
    MATERIALS,
    VERSION_TAGS,
    BUNDLES,
    BUNDLE_ITEMS,
    BUNDLE_TAGS,
)
TABLES_BY_SHEET = {t.sheet: t for t in TABLES}
COUNTED = (TAGS, FORM_FIELDS, ITEMS, VERSIONS, BUNDLES)  # the report counts these; the rest go with them


def _model_field(table: Table, column: Column) -> models.Field | None:
    if column.ref:
        return None
    f = table.model._meta.get_field(column.key)
    assert isinstance(f, models.Field)
    return f


def _kind(table: Table, column: Column) -> str:
    """text | int | bool | date | datetime | json | choice | file"""
    if column.kind:
        return column.kind
    f = _model_field(table, column)
    if f is None:
        return "text"
    if f.choices:
        return "choice"
    if isinstance(f, models.BooleanField):
        return "bool"
    if isinstance(f, models.JSONField):
        return "json"
    if isinstance(f, models.DateTimeField):
        return "datetime"
    if isinstance(f, models.DateField):
        return "date"
    if isinstance(f, models.IntegerField):
        return "int"
    if isinstance(f, models.FileField):
        return "file"
    return "text"


def _required(table: Table, column: Column) -> bool:
    if column.ref:
        return not column.optional_ref
    f = _model_field(table, column)
    assert f is not None
    return not (f.blank or f.null or f.has_default())


def _empty_value(table: Table, column: Column) -> Any:
    """What an empty cell (or an absent JSON key) means for an optional column."""
    if column.ref:
        return None
    f = _model_field(table, column)
    assert f is not None
    if f.has_default():
        return f.get_default()
    if f.null:
        return None
    return ""


def _choice_labels(f: models.Field) -> dict[str, str]:
    """Stored value → Chinese label (the part of the label before the English)."""
    with translation.override(None):
        return {str(value): str(label).split(" ", 1)[0] for value, label in f.flatchoices}


def _choice_lookup(f: models.Field) -> dict[str, str]:
    """Every spelling accepted on import → stored value: the value, the Chinese label, the whole label."""
    lookup: dict[str, str] = {}
    with translation.override(None):
        for value, label in f.flatchoices:
            lookup[str(label)] = str(value)
            lookup[str(label).split(" ", 1)[0]] = str(value)
    for value, _label in f.flatchoices:
        lookup[str(value)] = str(value)
        lookup[str(value).lower()] = str(value)
    return lookup


# --- reading the database -------------------------------------------------------------------------------


def _dig(obj: Any, path: str) -> Any:
    for attr in path.split("."):
        if obj is None:
            return None
        obj = getattr(obj, attr)
    return obj


def _sorted_json(value: Any) -> Any:
    """JSON with every object's keys sorted: PostgreSQL's jsonb reorders keys and SQLite keeps them as
    written, so only a fixed order makes an export the same on both and after a round trip."""
    if isinstance(value, dict):
        return {k: _sorted_json(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_sorted_json(v) for v in value]
    return value


def _canonical_from_db(kind: str, value: Any) -> Any:
    if kind == "json":
        return _sorted_json(value)
    if kind == "datetime" and value is not None:
        return value.astimezone(dt.UTC)
    if kind == "file":
        return value.name or "" if value is not None else ""
    return value


def _sort_key(table: Table) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    def key(row: dict[str, Any]) -> tuple[Any, ...]:
        return tuple((row[k] is not None, row[k]) for k in table.order)

    return key


def _snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every catalogue table as plain rows (natural keys for references), sorted as exported."""
    snap: dict[str, list[dict[str, Any]]] = {}
    for table in TABLES:
        kinds = {c.key: _kind(table, c) for c in table.columns}
        rows = [
            {c.key: _canonical_from_db(kinds[c.key], _dig(obj, c.source or c.key)) for c in table.columns}
            for obj in table.model._default_manager.select_related(*table.related).all()
        ]
        rows.sort(key=_sort_key(table))
        snap[table.key] = rows
    return snap


def _group(
    rows: Iterable[dict[str, Any]], keys: tuple[str, ...]
) -> dict[tuple[Any, ...], list[dict[str, Any]]]:
    out: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        out[tuple(row[k] for k in keys)].append(row)
    return out


# --- export -------------------------------------------------------------------------------------------


def export_catalog(fmt: str) -> bytes:
    """The whole catalogue as an Excel workbook (``xlsx``) or a JSON document (``json``)."""
    snap = _snapshot()
    if fmt == "xlsx":
        return _export_xlsx(snap)
    if fmt == "json":
        return _export_json(snap)
    raise ValueError(f"未知的格式 / Unknown format: {fmt!r} (xlsx or json)")


def _json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _json_value(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "date":
        return value.isoformat()
    if kind == "datetime":
        return value.isoformat(timespec="microseconds")
    return value


def _json_object(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    return {
        c.key: _json_value(_kind(table, c), row[c.key])
        for c in table.columns
        if c.key not in table.parent_keys
    }


def _export_json(snap: dict[str, list[dict[str, Any]]]) -> bytes:
    versions = _group(snap["versions"], ("item",))
    forms = _group(snap["item_forms"], ("item", "version"))
    materials = _group(snap["materials"], ("item", "version"))
    version_tags = _group(snap["version_tags"], ("item", "version"))
    members = _group(snap["bundle_items"], ("bundle",))
    bundle_tags = _group(snap["bundle_tags"], ("bundle",))
    items = []
    for item in snap["items"]:
        obj = _json_object(ITEMS, item)
        obj["versions"] = []
        for version in versions.get((item["code"],), []):
            key = (item["code"], version["version"])
            v = _json_object(VERSIONS, version)
            v["form"] = [_json_object(ITEM_FORMS, r) for r in forms.get(key, [])]
            v["materials"] = [_json_object(MATERIALS, r) for r in materials.get(key, [])]
            v["tags"] = [r["tag"] for r in version_tags.get(key, [])]
            obj["versions"].append(v)
        items.append(obj)
    bundles = []
    for bundle in snap["bundles"]:
        obj = _json_object(BUNDLES, bundle)
        obj["items"] = [_json_object(BUNDLE_ITEMS, r) for r in members.get((bundle["code"],), [])]
        obj["tags"] = [r["tag"] for r in bundle_tags.get((bundle["code"],), [])]
        bundles.append(obj)
    document = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "tags": [_json_object(TAGS, r) for r in snap["tags"]],
        "form_fields": [_json_object(FORM_FIELDS, r) for r in snap["form_fields"]],
        "items": items,
        "bundles": bundles,
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# OOXML cannot hold a carriage return (XML turns CR LF into LF) or other control characters; Excel writes
# them as _xHHHH_ and reads a literal "_xHHHH_" written as "_x005F_xHHHH_".
_OOXML_ESCAPE = re.compile(r"_x[0-9A-Fa-f]{4}_|[\x00-\x08\x0b-\x1f]")
_OOXML_UNESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _ooxml_escape(text: str) -> str:
    def sub(m: re.Match[str]) -> str:
        s = m.group(0)
        return "_x005F" + s if len(s) > 1 else f"_x{ord(s):04X}_"

    return _OOXML_ESCAPE.sub(sub, text)


def _ooxml_unescape(text: str) -> str:
    if "_x" not in text:
        return text
    return _OOXML_UNESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def _excel_value(table: Table, column: Column, value: Any) -> tuple[Any, bool]:
    """The cell value, and whether it is text (written as a text cell, never as a formula)."""
    kind = _kind(table, column)
    if value is None:
        return None, False
    if kind == "bool":
        return ("是" if value else "否"), True
    if kind == "int":
        if abs(value) >= EXCEL_MAX_EXACT_INT:
            return str(value), True
        return value, False
    if kind == "date":
        return value.isoformat(), True
    if kind == "datetime":
        return value.isoformat(timespec="microseconds"), True
    if kind == "json":
        return _ooxml_escape(safe_cell(_json_text(value))), True
    if kind == "choice":
        f = _model_field(table, column)
        assert f is not None
        return safe_cell(_choice_labels(f).get(value, value)), True
    if value == "":
        return None, False
    return _ooxml_escape(safe_cell(str(value))), True


README_ROWS: list[tuple[str, Any]] = [
    ("格式", FORMAT_NAME),
    ("版本", FORMAT_VERSION),
    ("", ""),
    (
        "说明",
        "OneGo 事项库导出文件：每个工作表一张表，第 1 行为表头，数据从第 2 行起；行之间以编码相互引用。",
    ),
    ("", "是/否 填 是 或 否；日期填 YYYY-MM-DD；JSON 列填紧凑的 JSON 文本。"),
    ("", "导入时先检查全部内容，任何一处错误都不写入；已发布的版本不能修改，只能新增版本。"),
]


def _export_xlsx(snap: dict[str, list[dict[str, Any]]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    readme = wb.active
    readme.title = README_SHEET
    for label, value in README_ROWS:
        readme.append([label or None, value if value != "" else None])
    readme.column_dimensions["A"].width = 10
    readme.column_dimensions["B"].width = 100
    bold = Font(bold=True)
    for table in TABLES:
        ws = wb.create_sheet(table.sheet)
        for col_idx, column in enumerate(table.columns, start=1):
            cell = ws.cell(row=1, column=col_idx, value=column.header)
            cell.font = bold
            letter = cell.column_letter
            ws.column_dimensions[letter].width = min(max(len(column.header) * 2 + 4, 10), 40)
        for row_idx, row in enumerate(snap[table.key], start=2):
            for col_idx, column in enumerate(table.columns, start=1):
                value, is_text = _excel_value(table, column, row[column.key])
                if value is None:
                    continue
                cell = ws.cell(row=row_idx, column=col_idx, value=value)
                if is_text:
                    cell.data_type = "s"  # "=…" stays text: no formulas from the catalogue
                    cell.number_format = "@"
        ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- import: reports ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportIssue:
    """One problem in an import file, where the user will find it: sheet, row and column header (Excel),
    or a JSON path."""

    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    path: str = ""

    def __str__(self) -> str:
        if self.path:
            return f"{self.path}: {self.message}"
        where = " ".join(
            p
            for p in (
                self.sheet,
                f"行 {self.row}" if self.row is not None else "",
                f"列 {self.column}" if self.column else "",
            )
            if p
        )
        return f"{where}: {self.message}" if where else self.message


@dataclass
class ImportReport:
    """What an import found (every error) and, when it wrote, how many rows it created, updated or left."""

    format: str = ""
    errors: list[ImportIssue] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


class _Invalid(Exception):
    pass


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
        return f"第 {self.row} 行 / row {self.row}" if self.from_xlsx else self.path


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
        self.report.errors.extend(issue for _, issue in self._keyed)
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


NEITHER = (
    "文件既不是 Excel 工作簿（.xlsx）也不是 JSON / The file is neither an Excel workbook (.xlsx) nor JSON"
)


def _read_xlsx(data: bytes, sink: _Sink) -> list[_Raw]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        sink.file("文件不是有效的 Excel 工作簿 / The file is not a valid Excel workbook")
        return []
    if expanded > MAX_UNZIPPED_BYTES:
        sink.file(
            f"工作簿解压后超过 {MAX_UNZIPPED_BYTES // 1024 // 1024} MB / "
            "The workbook expands to more than that"
        )
        return []
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        sink.file(f"无法读取 Excel 工作簿 / Cannot read the Excel workbook: {exc}")
        return []
    raws: list[_Raw] = []
    try:
        present = set(wb.sheetnames)
        for name in wb.sheetnames:
            if name == README_SHEET:
                _check_readme(wb[name], sink)
            elif name not in TABLES_BY_SHEET:
                sink.file("未知的工作表 / Unknown sheet", sheet=name)
        for index, table in enumerate(TABLES):
            if table.sheet not in present:
                sink.file("缺少该工作表 / This sheet is missing", sheet=table.sheet)
                continue
            try:
                raws.extend(_read_sheet(wb[table.sheet], table, index, sink))
            except Exception as exc:  # a damaged sheet is read lazily, row by row
                sink.file(f"无法读取该工作表 / Cannot read this sheet: {exc}", sheet=table.sheet)
    finally:
        wb.close()
    return raws


def _check_readme(ws: Any, sink: _Sink) -> None:
    for row_idx, row in enumerate(ws.iter_rows(min_row=1, max_row=5, max_col=2, values_only=True), start=1):
        label, value = (list(row) + [None, None])[:2]
        if label == "格式" and value != FORMAT_NAME:
            sink.file(
                f"不是 OneGo 事项库文件 / Not a OneGo catalogue file (format {value!r})",
                sheet=README_SHEET,
                row=row_idx,
                column="格式",
            )
        if label == "版本" and value not in (FORMAT_VERSION, str(FORMAT_VERSION)):
            sink.file(
                f"不支持的格式版本 / Unsupported format version: {value!r}",
                sheet=README_SHEET,
                row=row_idx,
                column="版本",
            )


def _read_sheet(ws: Any, table: Table, index: int, sink: _Sink) -> list[_Raw]:
    from openpyxl.utils import get_column_letter

    ws.reset_dimensions()
    rows = ws.iter_rows(values_only=True)
    header_row = next(rows, None) or ()
    by_header = {c.header: c for c in table.columns}
    positions: dict[int, Column] = {}
    named: set[int] = set()  # data under a header that is not ours is reported once, at the header
    for pos, cell in enumerate(header_row):
        text = _ooxml_unescape(str(cell)).strip() if cell is not None else ""
        if not text:
            continue
        named.add(pos)
        column = by_header.get(text)
        if column is None:
            sink.file("未知的列 / Unknown column", sheet=table.sheet, row=1, column=text)
        elif column in positions.values():
            sink.file("表头重复 / This header appears twice", sheet=table.sheet, row=1, column=text)
        else:
            positions[pos] = column
    for column in table.columns:
        if column not in positions.values() and not column.optional:
            sink.file("缺少该列 / This column is missing", sheet=table.sheet, row=1, column=column.header)
    raws = []
    for row_number, cells in enumerate(rows, start=2):
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue
        values: dict[str, Any] = {}
        for pos, cell in enumerate(cells):
            if pos in positions:
                values[positions[pos].key] = cell
            elif pos not in named and not _is_empty(cell):
                sink.file(
                    "该列没有表头 / This column has no header",
                    sheet=table.sheet,
                    row=row_number,
                    column=get_column_letter(pos + 1),
                )
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
    return gettext("JSON 嵌套层数过多（最多 %(depth)s 层）") % {"depth": MAX_JSON_DEPTH}


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
            self.sink.file("JSON 文件应为 UTF-8 编码 / A JSON file must be UTF-8")
            return []
        except json.JSONDecodeError as exc:
            self.sink.file(
                f"JSON 语法错误（第 {exc.lineno} 行第 {exc.colno} 列） / JSON syntax error "
                f"(line {exc.lineno}, column {exc.colno}): {exc.msg}",
                path="$",
            )
            return []
        if not isinstance(document, dict):
            self.sink.file("JSON 顶层应为对象 / The JSON document must be an object", path="$")
            return []
        if document.get("format") != FORMAT_NAME:
            self.sink.file(
                f"不是 OneGo 事项库文件（format 应为 {FORMAT_NAME}） / "
                f"Not a OneGo catalogue file (format must be {FORMAT_NAME})",
                path="format",
            )
            return []
        if document.get("version") != FORMAT_VERSION:
            self.sink.file(
                f"不支持的格式版本 / Unsupported format version: {document.get('version')!r}", path="version"
            )
            return []
        known = {"format", "version", "tags", "form_fields", "items", "bundles"}
        for key in document:
            if key not in known:
                self.sink.file("未知的键 / Unknown key", path=str(key))
        for key in ("tags", "form_fields", "items", "bundles"):
            if key not in document:
                self.sink.file("缺少该键 / This key is missing", path=key)
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
            self.sink.file("应为 JSON 数组 / Must be a JSON array", path=where)
            return []
        return list(enumerate(value))

    def _objects(self, obj: dict[str, Any], key: str, path: str) -> list[tuple[int, dict[str, Any]]]:
        out = []
        where = f"{path}.{key}" if path else key
        for i, value in self._list(obj, key, path):
            if isinstance(value, dict):
                out.append((i, value))
            else:
                self.sink.file("应为 JSON 对象 / Must be a JSON object", path=f"{where}[{i}]")
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
        paths = {k: p for k, (_, p) in parent.items()}
        if value_key:  # a list of plain keys (tags)
            values[value_key] = obj[value_key]
            paths[value_key] = path
        else:
            for key, value in obj.items():
                if key not in allowed:
                    self.sink.file("未知的键 / Unknown key", path=f"{path}.{key}")
                elif key in {c.key for c in table.columns}:
                    values[key] = value
        for key, (value, _) in parent.items():
            values[key] = value
        self.raws.append(
            _Raw(table, values, seq=len(self.raws), path=path, paths=paths, implicit=frozenset(parent))
        )


# --- import: converting values --------------------------------------------------------------------------

_INT = re.compile(r"^[+-]?\d+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TRUE = {"是", "true", "1", "yes", "y"}
_FALSE = {"否", "false", "0", "no", "n"}


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def _convert(table: Table, column: Column, raw: Any, *, from_xlsx: bool) -> Any:
    """The value as stored (references as natural keys), or _Invalid with the message for the user."""
    kind = _kind(table, column)
    if isinstance(raw, str) and from_xlsx:
        raw = unescape_cell(_ooxml_unescape(raw))
    if _is_empty(raw) and not (kind in ("text", "file") and not column.ref and raw not in (None, "")):
        if _required(table, column):
            raise _Invalid("必填 / Required")
        return _empty_value(table, column)
    if _has_nul(raw):
        raise _Invalid("不能包含 NUL 字符 / Cannot contain NUL characters")
    if kind in ("text", "file"):
        if from_xlsx and isinstance(raw, int | float) and not isinstance(raw, bool):
            raw = str(int(raw)) if float(raw).is_integer() else str(raw)  # Excel took the text for a number
        if from_xlsx and isinstance(raw, dt.datetime):  # … or for a date
            raw = raw.date().isoformat() if raw.time() == dt.time(0, 0) else raw.isoformat()
        if not isinstance(raw, str):
            raise _Invalid("应为文本 / Must be text")
        return raw.strip() if column.ref else raw
    if kind == "int":
        if isinstance(raw, bool):
            raise _Invalid("应为整数 / Must be a whole number")
        if isinstance(raw, int):
            return raw
        if isinstance(raw, float) and raw.is_integer():
            return int(raw)
        if isinstance(raw, str) and _INT.match(raw.strip()):
            return int(raw.strip())
        raise _Invalid(f"应为整数 / Must be a whole number: {raw!r}")
    if kind == "bool":
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, int) and raw in (0, 1):
            return bool(raw)
        if isinstance(raw, str) and raw.strip().lower() in _TRUE:
            return True
        if isinstance(raw, str) and raw.strip().lower() in _FALSE:
            return False
        raise _Invalid(f"应为 是 或 否（TRUE/FALSE） / Must be 是 or 否 (TRUE/FALSE): {raw!r}")
    if kind == "date":
        if isinstance(raw, dt.datetime):
            if raw.time() != dt.time(0, 0) or raw.tzinfo is not None:
                raise _Invalid(f"应为日期，不含时间 / Must be a date without a time: {raw}")
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        if isinstance(raw, str) and _DATE.match(raw.strip()):
            try:
                return dt.date.fromisoformat(raw.strip())
            except ValueError:
                pass
        raise _Invalid(f"应为日期 YYYY-MM-DD / Must be a date YYYY-MM-DD: {raw!r}")
    if kind == "datetime":
        value: dt.datetime
        if isinstance(raw, dt.datetime):
            value = raw
        elif isinstance(raw, str):
            try:
                value = dt.datetime.fromisoformat(raw.strip())
            except ValueError:
                raise _Invalid(f"应为时间 YYYY-MM-DDTHH:MM:SS+08:00 / Must be a date-time: {raw!r}") from None
        else:
            raise _Invalid(f"应为时间 / Must be a date-time: {raw!r}")
        if timezone.is_naive(value):
            value = timezone.make_aware(value, timezone.get_default_timezone())
        return value.astimezone(dt.UTC)
    if kind == "json":
        value_json = raw
        if from_xlsx:
            if not isinstance(raw, str):
                raise _Invalid("应为 JSON 文本 / Must be JSON text")
            try:
                value_json = _bounded_json(raw)
            except _TooDeep:
                raise _Invalid(_too_deep_message()) from None
            except json.JSONDecodeError as exc:
                raise _Invalid(
                    f"不是有效的 JSON / Not valid JSON: {exc.msg} (位置 position {exc.pos})"
                ) from None
        default = _empty_value(table, column)
        if isinstance(default, list) and not isinstance(value_json, list):
            raise _Invalid("应为 JSON 数组 / Must be a JSON array")
        if isinstance(default, dict) and not isinstance(value_json, dict):
            raise _Invalid("应为 JSON 对象 / Must be a JSON object")
        if _has_nul(value_json):
            raise _Invalid("不能包含 NUL 字符 / Cannot contain NUL characters")
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
        raise _Invalid(f"无效的取值 / Not one of the choices: {text!r}（可选 choices: {allowed}）")
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
            except _Invalid as exc:
                failed.add(column.key)
                values[column.key] = None
                if column.key not in raw.implicit:  # reported where the enclosing object has it
                    sink.row(raw, column.key, str(exc))
        out[raw.table.key].append(_Row(raw, values, failed))
    return out


# --- import: checking against the rules and the database ------------------------------------------------

PUBLISHED_CHANGED = "已发布版本不能修改 / A published version cannot be changed"


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
                    f"与 {seen[key].raw.describe()} 重复 / Duplicates {seen[key].raw.describe()}",
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
                    f"没有该统一社会信用代码的部门 / No department has this credit code: {dept_code}",
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
                    self.error(row, "parent", "事项不能是自己的上级 / An item cannot be its own parent")
                elif (parent,) not in file_items and parent not in self.db_items:
                    self.error(row, "parent", f"未知的上级事项编码 / Unknown parent item code: {parent}")
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
                msg = f"业务办理项不能有下级 / A handling item cannot have children ({parent})"
                if code in row_of:
                    self.error(row_of[code], "parent", msg)
                elif parent in row_of:
                    self.error(row_of[parent], "level", f"{msg}: {code}")
            seen = {code}
            up: str | None = parent
            while up is not None and up not in seen:
                seen.add(up)
                up = parent_of.get(up)
            if up == code and code in row_of:
                self.error(row_of[code], "parent", "上级事项形成循环 / The parent items form a cycle")
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
                self.error(row, "item", f"未知的事项编码 / Unknown item code: {code}")
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
                    self.error(row, "field", f"字段字典中没有该字段 / No such field in the dictionary: {key}")
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
                    f"「{VERSIONS.sheet}」中没有该版本 / This version is not among the "
                    f"file's versions: {vkey[0]} v{vkey[1]}",
                )
                row.failed.add("version")
            grouped[vkey].append(row)
        return grouped

    def _check_tag(self, row: _Row) -> None:
        key = row.values["tag"]
        if (key,) not in self.index[TAGS.key] and key not in self.db_tags:
            self.error(row, "tag", f"未知的标签 / Unknown tag: {key}")
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
            f"{PUBLISHED_CHANGED}（与库中不同 / differs in: {'、'.join(parts)}）",
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
            self.error(
                row, "process", f"无法校验办理流程 / The process definition cannot be checked: {exc!r}"
            )

    def _check_bundles(self) -> None:
        file_bundles = self.index[BUNDLES.key]
        for row in self.rows[BUNDLES.key]:
            self._clean(row)
            dept = row.values["lead_department"]
            if "lead_department" not in row.failed and dept not in self.departments:
                self.error(
                    row,
                    "lead_department",
                    f"没有该统一社会信用代码的部门 / No department has this credit code: {dept}",
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
                        self.error(row, "item", f"未知的事项编码 / Unknown item code: {code}")
                        row.failed.add("item")
                else:
                    tag = row.values["tag"]
                    if (
                        "tag" not in row.failed
                        and (tag,) not in self.index[TAGS.key]
                        and tag not in self.db_tags
                    ):
                        self.error(row, "tag", f"未知的标签 / Unknown tag: {tag}")
                        row.failed.add("tag")
                bkey = row.ref("bundle")
                if bkey is not None:
                    if bkey not in file_bundles:
                        self.error(
                            row,
                            "bundle",
                            f"该一件事不在「{BUNDLES.sheet}」中 / This bundle is not in "
                            f"the {BUNDLES.key} ({bkey[0]})",
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
    detected = detect_format(data) if len(data) <= MAX_IMPORT_BYTES else None
    if len(data) > MAX_IMPORT_BYTES:
        sink.file(
            f"文件超过 {MAX_IMPORT_BYTES // 1024 // 1024} MB / The file is larger than "
            f"{MAX_IMPORT_BYTES // 1024 // 1024} MB"
        )
    elif detected is None:
        sink.file(NEITHER)
    elif fmt is not None and fmt != detected:
        sink.file(f"文件内容是 {detected}，不是 {fmt} / The file's content is {detected}, not {fmt}")
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
        report.errors.append(
            ImportIssue(
                f"数据库拒绝写入，未写入任何数据 / The database refused the write; nothing was written: {exc}"
            )
        )
    return report

"""The catalogue file format: its tables and columns (the fixed header ↔ field mapping), and the database's
rows in that canonical form, which export writes and import compares against."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import translation

from onego.catalog.models import (
    Bundle,
    BundleItem,
    FormField,
    ItemFormField,
    ItemVersion,
    Material,
    ServiceItem,
    Tag,
)

FORMAT_NAME = "onego-catalog"
FORMAT_VERSION = 1
README_SHEET = "说明"

# Excel keeps 15 significant digits; larger whole numbers are written as text so they come back exact.
EXCEL_MAX_EXACT_INT = 10**15

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
        Column("英文设定依据", "legal_basis_en", optional=True),
        Column("受理条件", "acceptance_conditions"),
        Column("英文受理条件", "acceptance_conditions_en", optional=True),
        Column("办件类型", "handling_form"),
        Column("审批方式", "routes"),
        Column("法定时限（工作日）", "statutory_limit_workdays"),
        Column("承诺时限（工作日）", "promised_limit_workdays"),
        Column("特别程序", "special_procedures"),
        Column("英文特别程序", "special_procedures_en", optional=True),
        Column("收费金额（分）", "fee_fen"),
        Column("收费依据", "fee_basis"),
        Column("英文收费依据", "fee_basis_en", optional=True),
        Column("到办事现场次数", "visits"),
        Column("全程网办", "fully_online"),
        Column("办理地点", "place"),
        Column("英文办理地点", "place_en", optional=True),
        Column("办理时间", "hours"),
        Column("英文办理时间", "hours_en", optional=True),
        Column("咨询电话", "enquiry_phone"),
        Column("英文咨询电话", "enquiry_phone_en", optional=True),
        Column("监督投诉电话", "complaint_phone"),
        Column("英文监督投诉电话", "complaint_phone_en", optional=True),
        Column("审批结果", "result_name"),
        Column("英文审批结果", "result_name_en", optional=True),
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
        Column("英文条件说明", "condition_text_en", optional=True),
        Column("可替代的电子证照类型", "substitute_licence_type"),
        Column("可替代的共享数据", "substitute_shared_field"),
        Column("提供方式", "provision"),
        Column("填报说明", "notes"),
        Column("英文填报说明", "notes_en", optional=True),
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
        Column("英文说明", "description_en", optional=True),
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

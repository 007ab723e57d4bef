"""Writing the whole catalogue as one JSON document or an Excel workbook (see the package docstring)."""

from __future__ import annotations

import io
import json
import re
from typing import Any

from onego.core.spreadsheets import safe_cell

from .schema import (
    BUNDLE_ITEMS,
    BUNDLES,
    EXCEL_MAX_EXACT_INT,
    FORM_FIELDS,
    FORMAT_NAME,
    FORMAT_VERSION,
    ITEM_FORMS,
    ITEMS,
    MATERIALS,
    README_SHEET,
    TABLES,
    TAGS,
    VERSIONS,
    Column,
    Table,
    _choice_labels,
    _group,
    _kind,
    _model_field,
    _snapshot,
)

# --- export -------------------------------------------------------------------------------------------


def export_catalog(fmt: str) -> bytes:
    """The whole catalogue as an Excel workbook (``xlsx``) or a JSON document (``json``)."""
    snap = _snapshot()
    if fmt == "xlsx":
        return _export_xlsx(snap)
    if fmt == "json":
        return _export_json(snap)
    raise ValueError(f"unknown format {fmt!r}: xlsx or json")


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


def _ooxml_escape(text: str) -> str:
    def sub(m: re.Match[str]) -> str:
        s = m.group(0)
        return "_x005F" + s if len(s) > 1 else f"_x{ord(s):04X}_"

    return _OOXML_ESCAPE.sub(sub, text)


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

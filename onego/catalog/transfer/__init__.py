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

Modules: ``schema`` (the tables and columns, and the database's rows in the file's canonical form), ``export``
and ``importing``. Reading a workbook within its size limits, and placing a problem by sheet, row and column,
is shared with the registry's importers in ``onego.core.tabular``; messages are in the language of the
request (Chinese by default). Import from this package: it re-exports the public names.
"""

from __future__ import annotations

from onego.core.tabular import MAX_IMPORT_BYTES, MAX_UNZIPPED_BYTES, XLSX_MAGIC

from .export import README_ROWS, export_catalog
from .importing import ImportIssue, ImportReport, detect_format, import_catalog
from .schema import (
    BUNDLE_ITEMS,
    BUNDLE_TAGS,
    BUNDLES,
    COUNTED,
    EXCEL_MAX_EXACT_INT,
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
    BundleTag,
    Column,
    Table,
    VersionTag,
)

__all__ = [
    "BUNDLES",
    "BUNDLE_ITEMS",
    "BUNDLE_TAGS",
    "COUNTED",
    "EXCEL_MAX_EXACT_INT",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "FORM_FIELDS",
    "ITEMS",
    "ITEM_FORMS",
    "MATERIALS",
    "MAX_IMPORT_BYTES",
    "MAX_JSON_DEPTH",
    "MAX_UNZIPPED_BYTES",
    "README_ROWS",
    "README_SHEET",
    "TABLES",
    "TABLES_BY_SHEET",
    "TAGS",
    "VERSIONS",
    "VERSION_TAGS",
    "XLSX_MAGIC",
    "BundleTag",
    "Column",
    "ImportIssue",
    "ImportReport",
    "Table",
    "VersionTag",
    "detect_format",
    "export_catalog",
    "import_catalog",
]

"""Cells that a spreadsheet would run as a formula (CSV/formula injection, CWE-1236).

Every CSV or Excel file OneGo writes passes each cell through `safe_cell` (or a row through `safe_row`): text
that starts with = + - @, a tab or a carriage return — or the full-width forms ＝ ＋ － ＠ that Chinese input
methods type — gets a leading apostrophe, so Excel, WPS and LibreOffice show it as text instead of evaluating
it. Numbers, dates and booleans pass unchanged, as does text that does not start that way. Inputs that end up in
such files are also refused at the door where a formula is never a sensible value (`looks_like_formula`).
See docs/security.md "Uploads, exports and hostile files (inputs)".
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet would treat `text` as the start of a formula (leading spaces ignored, as Excel
    ignores them)."""
    return text.lstrip(" \u3000").startswith(FORMULA_START)


def safe_cell(value: Any) -> Any:
    """The value to write in a cell: text that looks like a formula gets a leading apostrophe. Text that
    already starts with apostrophes before such a start gets one more, so `unescape_cell` gives back exactly
    what was written (a OneGo file read back by OneGo imports the stored value)."""
    if isinstance(value, str) and looks_like_formula(value.lstrip("'")):
        return "'" + value
    return value


def unescape_cell(text: str) -> str:
    """The stored value of a cell `safe_cell` wrote (the inverse of `safe_cell` on text)."""
    if text.startswith("'") and looks_like_formula(text.lstrip("'")):
        return text[1:]
    return text


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in values]

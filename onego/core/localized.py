"""Catalogue and policy data in the reader's language.

Data that has an English version stores it beside the Chinese in a field ending in `_en`: `name`/`name_en`
(departments, items, materials, bundles, licence types, process steps), `name_zh`/`name_en` (policies, tags,
funds), `label_zh`/`label_en` and `help_zh`/`help_en` (form fields, facts). A page shows the English when the
reader chose English and there is one, else the Chinese. Generated PDFs (receipts, decisions, licences) are
legal documents and stay Chinese: they do not use this helper.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from onego.core.languages import in_language, reading_english


def _read(obj: Any, name: str) -> tuple[bool, str]:
    """(whether obj has `name`, its text)."""
    if obj is None:
        return False, ""
    if isinstance(obj, Mapping):
        return name in obj, str(obj.get(name) or "")
    if not hasattr(obj, name):
        return False, ""
    return True, str(getattr(obj, name) or "")


def localized(obj: Any, base: str = "name", *, english: bool | None = None) -> str:
    """`obj`'s `base` text in the reader's language (or in English when `english` says so).

    The Chinese is `<base>_zh` when obj has it, else `<base>`; the English is `<base>_en`, and the Chinese stands
    in when the English is empty. A choice `{"zh": …, "en": …}` (or any obj with `base=""`) reads those keys."""
    choice = isinstance(obj, Mapping) and "zh" in obj and f"{base}_zh" not in obj and base not in obj
    if base and not choice:
        has_zh, chinese = _read(obj, f"{base}_zh")
        if not has_zh:
            chinese = _read(obj, base)[1]
        english_text = _read(obj, f"{base}_en")[1]
    else:
        chinese, english_text = _read(obj, "zh")[1], _read(obj, "en")[1]
    if english is None:
        return in_language(chinese, english_text)
    return (english_text or chinese) if english else chinese


def colon(*, english: bool | None = None) -> str:
    """The colon after a label in the reader's language: "：" in Chinese, ": " in English (a label's msgid carries
    no colon, so its translation does not either)."""
    if english is None:
        english = reading_english()
    return ": " if english else "："

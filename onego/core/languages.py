"""The language a page is drawn in. Text written in the code is Chinese through gettext, with its English in
onego/locale/en/LC_MESSAGES/django.po; data that carries both languages (name_zh / name_en fields of the
catalogue, the policies and the checklists) is read in the chosen one here."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import get_language


def reading_english() -> bool:
    return (get_language() or "zh-hans").lower().startswith("en")


def in_language(chinese: object, english: object) -> str:
    """A data text in the active language: the English when the reader chose English and there is one, else
    the Chinese."""
    return str(english) if english and reading_english() else str(chinese or "")


def listing(items: Iterable[object]) -> str:
    """Items named in a sentence: 甲、乙 in Chinese, "a, b" in English."""
    return (", " if reading_english() else "、").join(str(item) for item in items)

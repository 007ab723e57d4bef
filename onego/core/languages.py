"""One language on a page: many service messages are written bilingually as "中文 / English" (they also go to
API clients and logs). A page shows only the half of the language the reader chose."""

from __future__ import annotations

import re

from django.utils.translation import get_language

_CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")
_ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")
# The separator between the halves is the first " / " with Chinese before it and English words after it;
# " / " between Chinese words ("办结 / 准予 / 不予") is part of the Chinese text and is not split.
_SEPARATOR = re.compile(r" / ")


def reading_english() -> bool:
    return (get_language() or "zh-hans").lower().startswith("en")


def in_chosen_language(message: object) -> str:
    """The half of a bilingual "中文 / English" message in the active language; any other text unchanged."""
    text = str(message or "")
    for match in _SEPARATOR.finditer(text):
        chinese, english = text[:match.start()], text[match.end():]
        if _CJK.search(chinese) and _ENGLISH_WORD.search(english):
            return english.strip() if reading_english() else chinese.strip()
    return text

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
        chinese, english = text[: match.start()], text[match.end() :]
        if _CJK.search(chinese) and _ENGLISH_WORD.search(english):
            return english.strip() if reading_english() else chinese.strip()
    return text


def body_in_chosen_language(body: object) -> str:
    """A site message's body written as Chinese lines followed by English lines (the outbox sends both to
    e-mail and SMS, where the reader's choice is not known): on a page, only the lines of the chosen language.
    The English part is the trailing lines with no Chinese character in them; a body that is not written
    that way is shown unchanged."""
    text = str(body or "")
    lines = text.split("\n")
    last_chinese = max((i for i, line in enumerate(lines) if _CJK.search(line)), default=-1)
    english = "\n".join(lines[last_chinese + 1 :]).strip()
    if last_chinese < 0 or not _ENGLISH_WORD.search(english):
        return in_chosen_language(text)
    return english if reading_english() else "\n".join(lines[: last_chinese + 1]).strip()

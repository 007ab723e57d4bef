"""`{% load localized %}` then `{{ item|localized }}` (its name) or `{{ field|localized:"label" }}`: a catalogue or
policy text in the reader's language, the Chinese standing in for a missing English (see onego.core.localized)."""

from __future__ import annotations

from typing import Any

from django import template

from onego.core.localized import colon as _colon
from onego.core.localized import localized as _localized

register = template.Library()


@register.filter
def localized(obj: Any, base: str = "name") -> str:
    return _localized(obj, base)


@register.simple_tag
def colon() -> str:
    """`{% translate "咨询电话" %}{% colon %}`: the colon after a label, in the reader's language."""
    return _colon()

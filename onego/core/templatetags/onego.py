"""Template filters shared by every app's pages."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import template

from onego.core.identifiers import mask_id_number
from onego.core.languages import reading_english
from onego.core.localized import colon as _colon
from onego.core.localized import localized as _localized

register = template.Library()


@register.filter
def yuan(fen: int | None) -> str:
    """Money is stored in fen (分); pages show yuan with two decimals: 8000 → '80.00'."""
    if fen is None:
        return ""
    return f"{(Decimal(int(fen)) / 100):,.2f}"


@register.filter
def masked_id(value: str) -> str:
    return mask_id_number(value or "")


@register.filter
def localized(obj: Any, base: str = "name") -> str:
    """A catalogue or policy text in the reader's language: `item|localized` reads name_en or name,
    `field|localized:"label"` label_en or label_zh, a choice `{"zh": …, "en": …}|localized` its keys; the Chinese
    stands in for a missing English. The same filter as `{% load localized %}` (onego.core.localized)."""
    return _localized(obj, base)


def _anchor(key: str, rules: list[tuple[str, str]]) -> str:
    """The id of the control an error key belongs to. A rule "key=id" names one key's control; a rule ending in
    ":" ("material:=m-") or the empty rule ("=f-") is a prefix: the rest of the key is appended to the id."""
    for pattern, target in rules:
        if pattern and not pattern.endswith(":") and key == pattern:
            return target
    for pattern, target in rules:
        if pattern.endswith(":") and key.startswith(pattern):
            return target + key[len(pattern) :]
    for pattern, target in rules:
        if not pattern:
            return target + key
    return ""


def summary_items(
    errors: Mapping[str, Any] | None = None,
    *,
    form: Any = None,
    general: Any = "",
    anchors: str = "",
    general_anchor: str = "",
) -> list[dict[str, str]]:
    """The error summary's lines, page order, each once: {"message", "href"} (href "" for a page-wide problem).

    `errors` maps a key to a message (or a list of them); `form` is a bound Django form, whose field errors
    link to the field's own id; `anchors` maps keys to control ids, rules separated by ";" (see _anchor);
    a problem of the whole form links to `general_anchor` (its first field) when given."""
    rules = [tuple(rule.split("=", 1)) for rule in anchors.split(";") if "=" in rule]
    items: list[dict[str, str]] = []
    seen: set[tuple[str, str]] = set()

    def add(message: Any, href: str) -> None:
        text = str(message or "")
        if text and (text, href) not in seen:
            seen.add((text, href))
            items.append({"message": text, "href": href})

    whole = f"#{general_anchor}" if general_anchor else ""
    if general:
        add(general, whole)
    if form is not None:
        for message in form.non_field_errors():
            add(message, whole)
        for field in form:
            for message in field.errors:
                # Django's generic "这个字段是必填项。" says which field only beside it: the summary names it
                label = str(field.label or "")
                text = str(message)
                if label and label not in text:
                    text = f"{label}: {text}" if reading_english() else f"{label}：{text}"
                add(text, f"#{field.id_for_label}")
    for key, value in (errors or {}).items():
        anchor = _anchor(str(key), rules) if key else ""  # type: ignore[arg-type]
        for message in value if isinstance(value, list | tuple) else [value]:
            add(message, f"#{anchor}" if anchor else "")
    return items


@register.inclusion_tag("portal/_error_summary.html")
def error_summary(
    errors: Mapping[str, Any] | None = None,
    form: Any = None,
    general: Any = "",
    anchors: str = "",
    general_anchor: str = "",
    title: str = "",
) -> dict[str, Any]:
    """GOV.UK's error summary: after a failed submit, a box at the top of the form, focused on load, listing
    every problem once as a link to its field. Usage:
    {% error_summary errors anchors="material:=m-;signature=signature-pad;=f-" %} or {% error_summary form=form %}."""
    items = summary_items(errors, form=form, general=general, anchors=anchors, general_anchor=general_anchor)
    return {"items": items, "title": title}


@register.simple_tag
def colon() -> str:
    """`{% translate "需要我做" %}{% colon %}`: the colon after a label, in the reader's language (as
    `{% load localized %}`'s)."""
    return _colon()

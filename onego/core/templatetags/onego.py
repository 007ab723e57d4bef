"""Template filters shared by every app's pages."""

from __future__ import annotations

from decimal import Decimal

from django import template

from onego.core.identifiers import mask_id_number

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

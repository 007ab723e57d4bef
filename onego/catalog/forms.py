"""Forms built from the shared field dictionary: validation of submitted values and prefill.

A bundle's merged form and a single item's form go through the same code, so a field is checked the same
way wherever it is asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from onego.catalog import people_lists
from onego.catalog.models import FieldType, FormField
from onego.core.identifiers import normalize_credit_code, normalize_id_number
from onego.core.localized import localized
from onego.core.spreadsheets import looks_like_formula
from onego.registry.models import MarketEntity


@dataclass(frozen=True)
class AskedField:
    field: FormField
    required: bool
    locked_when_prefilled: bool


def _clean_one(f: FormField, raw: Any) -> Any:
    """The stored value of one field, or ValidationError with a Chinese-first message."""
    t = f.field_type
    if t == FieldType.BOOLEAN:
        if isinstance(raw, bool):
            return raw
        if str(raw).lower() in {"1", "true", "yes", "on", "是"}:
            return True
        if str(raw).lower() in {"0", "false", "no", "off", "否", ""}:
            return False
        raise ValidationError(_("请选择是或否"))
    if t in people_lists.TYPES:
        return people_lists.clean(t, raw)
    if t == FieldType.MULTICHOICE:
        values = raw if isinstance(raw, list) else [v for v in str(raw).split(",") if v]
        allowed = {c["value"] for c in f.choices}
        bad = [v for v in values if v not in allowed]
        if bad:
            raise ValidationError(_("无效的选项：%(names)s") % {"names": ", ".join(map(str, bad))})
        return values
    text = str(raw).strip()
    if f.min_length and len(text) < f.min_length:
        raise ValidationError(_("至少 %(min_length)s 个字符") % {"min_length": f.min_length})
    if f.max_length and len(text) > f.max_length:
        raise ValidationError(_("最多 %(max_length)s 个字符") % {"max_length": f.max_length})
    if f.pattern and not re.fullmatch(f.pattern, text):
        raise ValidationError(_("格式不正确"))
    if t in (FieldType.TEXT, FieldType.ADDRESS) and looks_like_formula(text):
        # Names, account names and addresses end up in CSV/Excel files (the bank file): a value a spreadsheet
        # would run as a formula is never a real name (docs/security.md, inputs).
        raise ValidationError(_("不能以 = + - @ 等符号开头"))
    if t == FieldType.ID_NUMBER:
        return normalize_id_number(text)
    if t == FieldType.CREDIT_CODE:
        return normalize_credit_code(text)
    if t == FieldType.PHONE:
        if not re.fullmatch(r"1\d{10}", text):
            raise ValidationError(_("请输入 11 位手机号码"))
        return text
    if t == FieldType.INTEGER:
        try:
            return int(text)
        except ValueError as exc:
            raise ValidationError(_("请输入整数")) from exc
    if t in (FieldType.DECIMAL, FieldType.MONEY):
        try:
            value = Decimal(text)
        except InvalidOperation as exc:
            raise ValidationError(_("请输入数字")) from exc
        if t == FieldType.MONEY and value < 0:
            raise ValidationError(_("金额不能为负"))
        return str(value)
    if t == FieldType.DATE:
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError as exc:
            raise ValidationError(_("请输入日期，格式 YYYY-MM-DD")) from exc
    if t == FieldType.CHOICE:
        if text not in {c["value"] for c in f.choices}:
            raise ValidationError(_("请从列表中选择"))
    return text


def clean_form(asked: list[AskedField], data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Validate every asked field; returns (cleaned values, errors by field key). Unknown keys are dropped."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for a in asked:
        key = a.field.key
        raw = data.get(key)
        empty = raw is None or raw == "" or raw == []
        if empty:
            if a.required and a.field.field_type != FieldType.BOOLEAN:
                errors[key] = _("请填写「%(label)s」") % {"label": localized(a.field, "label")}
            continue
        try:
            cleaned[key] = _clean_one(a.field, raw)
        except ValidationError as exc:
            errors[key] = f"{a.field.label_zh}：{'；'.join(exc.messages)}"
    _check_capital(asked, cleaned, errors)
    return cleaned, errors


def _check_capital(asked: list[AskedField], cleaned: dict[str, Any], errors: dict[str, str]) -> None:
    """The shareholders' subscribed contributions add up to the registered capital (注册资本), which the
    generated articles of association state both ways."""
    capital = cleaned.get("registered_capital")
    for a in asked:
        if a.field.field_type != FieldType.SHAREHOLDERS or a.field.key not in cleaned or capital is None:
            continue
        total = people_lists.total_wan(cleaned[a.field.key])
        if total != Decimal(str(capital)):
            errors[a.field.key] = _(
                "%(label)s：认缴出资合计 %(total)s 万元，与注册资本 %(capital)s 万元不一致"
            ) % {"label": a.field.label_zh, "total": total, "capital": capital}
            del cleaned[a.field.key]


def prefill(asked: list[AskedField], user: Any) -> dict[str, Any]:
    """Values known from shared data (registry) or the applicant's profile, by field key."""
    entity = None
    code = getattr(user, "enterprise_credit_code", "")
    if code:
        entity = MarketEntity.objects.filter(credit_code=code).first()
    out: dict[str, Any] = {}
    for a in asked:
        source = a.field.prefill_source
        if source.startswith("registry.entity.") and entity is not None:
            value = getattr(entity, source.removeprefix("registry.entity."), None)
        elif source.startswith("profile."):
            value = getattr(user, source.removeprefix("profile."), None)
        else:
            continue
        if value not in (None, ""):
            out[a.field.key] = value.isoformat() if isinstance(value, date) else value
    return out


def locked_keys(asked: list[AskedField], prefilled: dict[str, Any]) -> set[str]:
    """Fields prefilled from an authoritative source that the applicant may not change."""
    return {a.field.key for a in asked if a.locked_when_prefilled and a.field.key in prefilled}

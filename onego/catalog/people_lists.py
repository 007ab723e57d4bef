"""Structured lists of people asked on a form: the shareholders (股东及出资) and the officers (董事、监事、经理)
of a company being registered.

They are typed one person a line (a phone keyboard has no table), split on commas (，,、；;|), and stored as a
list of dicts so that the documents the system generates from them — the articles of association (公司章程),
the appointment of officers (任职文件) — read each value from its own key. An API client may send the list of
dicts directly. A line that cannot be read is refused with its line number, so nothing half-understood is
stored.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from onego.core.identifiers import normalize_credit_code, normalize_id_number

SHAREHOLDERS = "shareholders"
OFFICERS = "officers"
TYPES = (SHAREHOLDERS, OFFICERS)
MAX_PEOPLE = 50

_SPLIT = re.compile(r"\s*[,，、;；|\t]\s*")
_AMOUNT = re.compile(r"^(\d+(?:\.\d{1,6})?)\s*(?:万元|万)?$")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:前)?$")
# 出资方式 (Company Law art. 48): money, or property that can be valued in money and transferred.
CONTRIBUTION_FORMS = ("货币", "实物", "知识产权", "土地使用权", "股权", "债权")
# 职务: the officers a limited company names at registration.
POSITIONS = ("董事长", "副董事长", "执行董事", "董事", "经理", "监事会主席", "监事", "财务负责人")


def _document(text: str) -> tuple[str, str]:
    """(kind, number) of a person's ID card number or an organisation's credit code."""
    compact = text.replace(" ", "").upper()
    if len(compact) == 18 and compact[:17].isdigit():
        try:
            return "id_number", normalize_id_number(compact)
        except ValidationError:
            pass
    try:
        return "credit_code", normalize_credit_code(compact)
    except ValidationError as exc:
        raise ValidationError(_("证件号码不是有效的公民身份号码或统一社会信用代码")) from exc


def _amount(text: str) -> str:
    match = _AMOUNT.match(text.replace(",", ""))
    if not match:
        raise ValidationError(_("认缴出资额应为数字（万元），如 50"))
    try:
        value = Decimal(match.group(1))
    except InvalidOperation as exc:
        raise ValidationError(_("认缴出资额应为数字（万元），如 50")) from exc
    if value <= 0:
        raise ValidationError(_("认缴出资额应大于 0"))
    return f"{value.normalize():f}"


def _term(text: str) -> str:
    match = _DATE.match(text)
    try:
        if not match:
            raise ValueError(text)
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3))).isoformat()
    except ValueError as exc:
        raise ValidationError(_("出资期限应为日期，如 2030-12-31")) from exc


def _lines(raw: Any) -> list[Any]:
    if isinstance(raw, list):
        return raw
    return [line for line in str(raw).replace("\r", "").split("\n") if line.strip()]


def _line_error(number: int, exc: ValidationError) -> ValidationError:
    return ValidationError(_("第 %(n)s 行：%(reason)s") % {"n": number, "reason": "；".join(exc.messages)})


def _shareholder(entry: Any) -> dict[str, str]:
    if isinstance(entry, dict):
        parts = [str(entry.get(k, "")).strip() for k in ("name", "document", "amount_wan", "form", "term")]
    else:
        parts = _SPLIT.split(str(entry).strip())
    if len(parts) != 5 or not all(parts):
        raise ValidationError(_("应填写 5 项：名称或姓名、证件号码、认缴出资额（万元）、出资方式、出资期限"))
    name, document, amount, form, term = parts
    if len(name) > 100:
        raise ValidationError(_("名称或姓名过长"))
    if form not in CONTRIBUTION_FORMS:
        raise ValidationError(_("出资方式应为：%(forms)s") % {"forms": "、".join(CONTRIBUTION_FORMS)})
    kind, number = _document(document)
    return {
        "name": name,
        "document_kind": kind,
        "document": number,
        "amount_wan": _amount(amount),
        "form": form,
        "term": _term(term),
    }


def _officer(entry: Any) -> dict[str, str]:
    if isinstance(entry, dict):
        parts = [str(entry.get(k, "")).strip() for k in ("name", "position", "document")]
    else:
        parts = _SPLIT.split(str(entry).strip())
    if len(parts) != 3 or not all(parts):
        raise ValidationError(_("应填写 3 项：姓名、职务、公民身份号码"))
    name, position, document = parts
    if len(name) > 64:
        raise ValidationError(_("姓名过长"))
    positions = [p for p in re.split(r"[兼/]", position) if p]
    if not positions or any(p not in POSITIONS for p in positions):
        raise ValidationError(
            _("职务应为：%(positions)s（可用“兼”连接，如 执行董事兼经理）")
            % {"positions": "、".join(POSITIONS)}
        )
    try:
        number = normalize_id_number(document.replace(" ", "").upper())
    except ValidationError as exc:
        raise ValidationError(_("公民身份号码无效")) from exc
    return {"name": name, "position": position, "document": number}


def clean(field_type: str, raw: Any) -> list[dict[str, str]]:
    """The stored list of a shareholders or officers field, or ValidationError naming the first bad line."""
    parse = _shareholder if field_type == SHAREHOLDERS else _officer
    lines = _lines(raw)
    if len(lines) > MAX_PEOPLE:
        raise ValidationError(_("最多填写 %(n)s 行") % {"n": MAX_PEOPLE})
    out = []
    for number, entry in enumerate(lines, start=1):
        try:
            out.append(parse(entry))
        except ValidationError as exc:
            raise _line_error(number, exc) from exc
    if not out:
        raise ValidationError(_("请至少填写一行"))
    return out


def as_lines(field_type: str, value: Any) -> str:
    """A stored list back as the lines the applicant types (to show it in the form again)."""
    if not isinstance(value, list):
        return "" if value is None else str(value)
    keys = (
        ("name", "document", "amount_wan", "form", "term")
        if field_type == SHAREHOLDERS
        else ("name", "position", "document")
    )
    return "\n".join(
        "，".join(str(p.get(k, "")) for k in keys) if isinstance(p, dict) else str(p) for p in value
    )


def describe(field_type: str, value: Any) -> str:
    """One line a reader understands: 李娜（认缴 50 万元，货币，2030-12-31 前缴足）；… / 张三（执行董事兼经理）；…
    In Chinese whatever the page's language: it is the record as filed (the values are Chinese too)."""
    if not isinstance(value, list):
        return "" if value is None else str(value)
    out = []
    for p in value:
        if not isinstance(p, dict):
            out.append(str(p))
        elif field_type == SHAREHOLDERS:
            out.append(
                f"{p.get('name')}（认缴 {p.get('amount_wan')} 万元，{p.get('form')}，{p.get('term')} 前缴足）"
            )
        else:
            out.append(f"{p.get('name')}（{p.get('position')}）")
    return "；".join(out)


def total_wan(shareholders: list[dict[str, str]]) -> Decimal:
    return sum((Decimal(p["amount_wan"]) for p in shareholders), Decimal(0))

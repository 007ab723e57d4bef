"""Validation and masking of Chinese identifiers, through python-stdnum.

- 居民身份证号码 (resident identity card number, GB 11643): stdnum.cn.ric
- 统一社会信用代码 (unified social credit code, GB 32100): stdnum.cn.uscc
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError as StdnumValidationError


def normalize_id_number(value: str) -> str:
    """Return the compact, upper-case form of an ID card number, or raise ValidationError."""
    try:
        return ric.validate(value)
    except StdnumValidationError as exc:
        raise ValidationError(
            _("身份证号码无效（%(reason)s）"),
            code="invalid_id_number",
            params={"reason": str(exc)},
        ) from exc


def normalize_credit_code(value: str) -> str:
    """Return the compact, upper-case form of a unified social credit code, or raise ValidationError."""
    try:
        return uscc.validate(value)
    except StdnumValidationError as exc:
        raise ValidationError(
            _("统一社会信用代码无效（%(reason)s）"),
            code="invalid_credit_code",
            params={"reason": str(exc)},
        ) from exc


def validate_id_number(value: str) -> None:
    normalize_id_number(value)


def validate_credit_code(value: str) -> None:
    normalize_credit_code(value)


def mask_id_number(value: str) -> str:
    """Show the first 4 and last 4 characters only: 440111199001011234 → 4401**********1234."""
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str) -> str:
    """13812345678 → 138****5678."""
    if not value or len(value) < 7:
        return value
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_name(value: str) -> str:
    """张三丰 → 张**: the family name only."""
    if not value:
        return ""
    return value[0] + "*" * (len(value) - 1)


def make_credit_code(body17: str) -> str:
    """Complete a 17-character body with its GB 32100 check character (used for demo codes)."""
    return body17 + uscc.calc_check_digit(body17)

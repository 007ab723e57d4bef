"""Item codes of the implementation list (实施清单), docs/domain.md "Service items".

- basic code (基本编码): 12 characters, digits;
- implementation code (实施编码, 31): implementing body's 18-character credit code + 1 level character
  + the 12-character basic code;
- handling-item code (业务办理项编码, 33): implementation code + 2 digits.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from onego.core.identifiers import normalize_credit_code

BASIC_CODE = re.compile(r"^\d{12}$")
LEVEL_CHAR = re.compile(r"^[1-6]$")
HANDLING_SUFFIX = re.compile(r"^\d{2}$")


def build_implementation_code(department_credit_code: str, level_char: str, basic_code: str) -> str:
    return f"{department_credit_code}{level_char}{basic_code}"


def check_codes(
    *,
    department_credit_code: str,
    level: str,
    basic_code: str,
    level_char: str,
    implementation_code: str,
    handling_suffix: str,
    code: str,
) -> dict[str, str]:
    """Every structural error of one item's codes, keyed by field name (empty when all is well)."""
    errors: dict[str, str] = {}
    if not BASIC_CODE.match(basic_code or ""):
        errors["basic_code"] = _("基本编码应为 12 位数字")
    if not LEVEL_CHAR.match(level_char or ""):
        errors["level_char"] = _("层级码应为 1–6 之间的一位数字")
    try:
        normalize_credit_code(department_credit_code)
    except ValidationError:
        errors["department"] = _("实施主体的统一社会信用代码无效")
    expected_impl = build_implementation_code(department_credit_code, level_char, basic_code)
    if len(implementation_code or "") != 31:
        errors["implementation_code"] = _("实施编码应为 31 位")
    elif implementation_code != expected_impl:
        errors["implementation_code"] = _(
            "实施编码应为 实施主体代码+层级码+基本编码（%(expected_impl)s）"
        ) % {"expected_impl": expected_impl}
    if level == "handling":
        if not HANDLING_SUFFIX.match(handling_suffix or ""):
            errors["handling_suffix"] = _("业务办理项编码后缀应为 2 位数字")
        elif code != implementation_code + handling_suffix:
            errors["code"] = _("业务办理项编码应为 实施编码+2位")
    else:
        if handling_suffix:
            errors["handling_suffix"] = _("主项和子项没有办理项后缀")
        if code != implementation_code:
            errors["code"] = _("主项和子项的编码即实施编码")
    return errors

"""E-licence identifiers (电子证照标识, GB/T 36904).

    1.2.156.3005.2.<type code>.<issuer code>.<serial>.<version>.<check>

- type code: the defining authority's 18-character unified social credit code + 3 digits (21 characters);
- issuer code: the issuing department's 18-character credit code;
- serial: chosen by the issuer (here a zero-padded per-issuer sequence), characters 0-9 and A-Z;
- version: 3 digits;
- check: one ISO 7064 MOD 37,36 character computed over the concatenated characters of
  type code + issuer code + serial + version (dots not included).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from stdnum.iso7064 import mod_37_36

PREFIX = "1.2.156.3005.2"
TYPE_CODE_RE = re.compile(r"^[0-9A-Z]{18}[0-9]{3}$")
ISSUER_CODE_RE = re.compile(r"^[0-9A-Z]{18}$")
SERIAL_RE = re.compile(r"^[0-9A-Z]{1,40}$")
VERSION_RE = re.compile(r"^[0-9]{3}$")


@dataclass(frozen=True)
class IdentifierParts:
    type_code: str
    issuer_code: str
    serial: str
    version: str
    check: str


def _check_input(type_code: str, issuer_code: str, serial: str, version: str) -> None:
    if not TYPE_CODE_RE.match(type_code):
        raise ValueError(_("证照类型代码应为 18 位统一社会信用代码加 3 位数字。"))
    if not ISSUER_CODE_RE.match(issuer_code):
        raise ValueError(_("颁证单位代码应为 18 位统一社会信用代码。"))
    if not SERIAL_RE.match(serial):
        raise ValueError(_("顺序号只能包含数字和大写字母（1–40 位）。"))
    if not VERSION_RE.match(version):
        raise ValueError(_("版本号应为 3 位数字。"))


def check_character(type_code: str, issuer_code: str, serial: str, version: str) -> str:
    """The ISO 7064 MOD 37,36 check character over type + issuer + serial + version."""
    return mod_37_36.calc_check_digit(type_code + issuer_code + serial + version)


def build(type_code: str, issuer_code: str, serial: str | int, version: str | int = 1) -> str:
    """Compose an identifier; an integer serial is zero-padded to 8 digits, an integer version to 3."""
    serial_text = f"{serial:08d}" if isinstance(serial, int) else serial
    version_text = f"{version:03d}" if isinstance(version, int) else version
    _check_input(type_code, issuer_code, serial_text, version_text)
    check = check_character(type_code, issuer_code, serial_text, version_text)
    return ".".join([PREFIX, type_code, issuer_code, serial_text, version_text, check])


def parse(identifier: str) -> IdentifierParts:
    """Split an identifier into its parts, or raise ValueError (bilingual) saying what is wrong."""
    text = (identifier or "").strip()
    if not text.startswith(PREFIX + "."):
        raise ValueError(_("证照标识应以 %(prefix)s. 开头。") % {"prefix": PREFIX})
    rest = text[len(PREFIX) + 1 :].split(".")
    if len(rest) != 5:
        raise ValueError(_("证照标识应由类型代码、颁证单位代码、顺序号、版本号和校验位组成。"))
    type_code, issuer_code, serial, version, check = rest
    _check_input(type_code, issuer_code, serial, version)
    if len(check) != 1 or check != check_character(type_code, issuer_code, serial, version):
        raise ValueError(_("证照标识校验位错误。"))
    return IdentifierParts(type_code, issuer_code, serial, version, check)


def is_valid(identifier: str) -> bool:
    try:
        parse(identifier)
    except ValueError:
        return False
    return True

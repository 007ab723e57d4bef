from __future__ import annotations

import pytest
from django.utils import translation
from stdnum.iso7064 import mod_37_36

from onego.certificates import identifiers
from onego.core.identifiers import make_credit_code

TYPE_CODE = make_credit_code("11100000MB0000010") + "001"
ISSUER = make_credit_code("11440111MB2C00020")


def test_an_identifier_has_the_gb_t_36904_structure():
    identifier = identifiers.build(TYPE_CODE, ISSUER, 42)

    prefix, rest = identifier[:15], identifier[15:]
    assert prefix == "1.2.156.3005.2."
    type_code, issuer, serial, version, check = rest.split(".")
    assert (type_code, issuer, serial, version) == (TYPE_CODE, ISSUER, "00000042", "001")
    assert len(check) == 1


@pytest.mark.parametrize("serial", [1, 7, 99, 123456, "A1B2C3", "ZZZZ"])
def test_identifiers_pass_python_stdnum_mod_37_36_check(serial):
    identifier = identifiers.build(TYPE_CODE, ISSUER, serial)
    parts = identifiers.parse(identifier)

    # the check character is over the concatenated characters: stdnum validates the whole string
    assert mod_37_36.is_valid(
        parts.type_code + parts.issuer_code + parts.serial + parts.version + parts.check
    )
    assert (
        mod_37_36.calc_check_digit(parts.type_code + parts.issuer_code + parts.serial + parts.version)
        == identifier[-1]
    )


def test_parse_returns_the_parts():
    parts = identifiers.parse(identifiers.build(TYPE_CODE, ISSUER, 5, "002"))

    assert parts.type_code == TYPE_CODE
    assert parts.issuer_code == ISSUER
    assert parts.serial == "00000005"
    assert parts.version == "002"


def test_every_changed_character_of_an_identifier_is_caught():
    identifier = identifiers.build(TYPE_CODE, ISSUER, 42)
    start = len("1.2.156.3005.2.")
    for i in range(start, len(identifier)):
        if identifier[i] == ".":
            continue
        for replacement in "07AZ":
            if replacement == identifier[i]:
                continue
            changed = identifier[:i] + replacement + identifier[i + 1 :]
            assert not identifiers.is_valid(changed), changed


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "must start with"),
        ("1.2.156.3005.2.abc", "must hold"),
        (f"1.2.156.3005.2.{TYPE_CODE[:-1]}.{ISSUER}.00000001.001.X", "type code"),
        (f"1.2.156.3005.2.{TYPE_CODE}.{ISSUER}.0000-001.001.X", "serial"),
        (f"1.2.156.3005.2.{TYPE_CODE}.{ISSUER}.00000001.01.X", "version"),
    ],
)
def test_malformed_identifiers_are_refused_with_a_message_in_the_chosen_language(text, message):
    with pytest.raises(ValueError) as chinese:
        identifiers.parse(text)
    with translation.override("en"), pytest.raises(ValueError, match=message) as english:
        identifiers.parse(text)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(chinese.value))  # Chinese by default
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in str(english.value))  # English only when chosen


def test_a_wrong_check_character_is_refused():
    identifier = identifiers.build(TYPE_CODE, ISSUER, 42)
    wrong = "0" if identifier[-1] != "0" else "1"

    with pytest.raises(ValueError, match="证照标识校验位错误"):
        identifiers.parse(identifier[:-1] + wrong)

import pytest
from django.core.exceptions import ValidationError

from onego.core.identifiers import (
    mask_id_number,
    mask_phone,
    normalize_credit_code,
    normalize_id_number,
)


def test_an_id_number_is_shown_with_only_its_first_and_last_four_characters():
    assert mask_id_number("440111199003074513") == "4401**********4513"


def test_a_phone_number_keeps_its_prefix_and_last_four_digits():
    assert mask_phone("13812345678") == "138****5678"


def test_a_lower_case_x_check_character_is_normalised():
    assert normalize_id_number("11010519491231002x") == "11010519491231002X"


@pytest.mark.parametrize(
    "value",
    ["440111199003074510", "44011119900307451", "4401111990030745XX", "440111199013074513"],
    ids=["bad-check-digit", "too-short", "bad-format", "month-13"],
)
def test_an_invalid_id_number_is_refused_with_a_chinese_message(value):
    with pytest.raises(ValidationError) as exc:
        normalize_id_number(value)
    assert "身份证号码无效" in str(exc.value.messages[0])


def test_a_credit_code_with_a_wrong_check_character_is_refused():
    # 91440111MA5AQ6WX00 is valid (GB 32100 check character 0); change the last character.
    assert normalize_credit_code("91440111MA5AQ6WX00") == "91440111MA5AQ6WX00"
    with pytest.raises(ValidationError) as exc:
        normalize_credit_code("91440111MA5AQ6WX01")
    assert "统一社会信用代码无效" in str(exc.value.messages[0])

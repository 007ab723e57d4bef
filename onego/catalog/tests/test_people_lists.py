"""Shareholders and officers typed one a line on the registration form, read into lists the generated articles
and appointments are written from; a line that cannot be read is refused with its number."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from onego.catalog import people_lists
from onego.catalog.forms import AskedField, clean_form
from onego.catalog.models import FormField

FOUNDER_ID = "440111198806121024"
COMPANY_CODE = "91440111MA5AQ6WX00"


def test_shareholders_are_read_with_any_chinese_or_latin_separator_and_amounts_with_or_without_units():
    typed = (
        f"李娜，{FOUNDER_ID}，50 万元，货币，2030-12-31\n"
        f"广州云味投资有限公司, {COMPANY_CODE}, 12.50万, 实物, 2029/6/30\n\n"
        f"王强；11010519491231002x；7.5；知识产权；2031年1月15日"
    )

    people = people_lists.clean(people_lists.SHAREHOLDERS, typed)

    assert people == [
        {
            "name": "李娜",
            "document_kind": "id_number",
            "document": FOUNDER_ID,
            "amount_wan": "50",
            "form": "货币",
            "term": "2030-12-31",
        },
        {
            "name": "广州云味投资有限公司",
            "document_kind": "credit_code",
            "document": COMPANY_CODE,
            "amount_wan": "12.5",
            "form": "实物",
            "term": "2029-06-30",
        },
        {
            "name": "王强",
            "document_kind": "id_number",
            "document": "11010519491231002X",
            "amount_wan": "7.5",
            "form": "知识产权",
            "term": "2031-01-15",
        },
    ]
    assert str(people_lists.total_wan(people)) == "70.0"
    # stored lists read back as the lines the applicant types, and then as a reader reads them
    assert (
        people_lists.clean(
            people_lists.SHAREHOLDERS, people_lists.as_lines(people_lists.SHAREHOLDERS, people)
        )
        == people
    )
    assert (
        people_lists.describe(people_lists.SHAREHOLDERS, people[:1])
        == "李娜（认缴 50 万元，货币，2030-12-31 前缴足）"
    )


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (f"李娜，{FOUNDER_ID}，50，货币", "第 1 行：应填写 5 项"),
        (
            f"李娜，{FOUNDER_ID}，50，货币，2030-12-31\n王强，110105194912310021，30，货币，2031-06-30",
            "第 2 行：证件号码不是有效的公民身份号码或统一社会信用代码",
        ),
        (f"李娜，{FOUNDER_ID}，五十，货币，2030-12-31", "第 1 行：认缴出资额应为数字（万元），如 50"),
        (f"李娜，{FOUNDER_ID}，0，货币，2030-12-31", "第 1 行：认缴出资额应大于 0"),
        (
            f"李娜，{FOUNDER_ID}，50，劳务，2030-12-31",
            "第 1 行：出资方式应为：货币、实物、知识产权、土地使用权、股权、债权",
        ),
        (f"李娜，{FOUNDER_ID}，50，货币，2030-02-30", "第 1 行：出资期限应为日期，如 2030-12-31"),
    ],
)
def test_a_shareholder_line_that_cannot_be_read_is_refused_with_its_number(typed, message):
    with pytest.raises(ValidationError) as refused:
        people_lists.clean(people_lists.SHAREHOLDERS, typed)

    assert refused.value.messages[0].startswith(message)


def test_officers_are_read_with_joined_positions_and_a_made_up_position_is_refused():
    people = people_lists.clean(
        people_lists.OFFICERS, f"李娜，执行董事兼经理，{FOUNDER_ID}\n王强，监事，11010519491231002X"
    )

    assert [(p["name"], p["position"]) for p in people] == [("李娜", "执行董事兼经理"), ("王强", "监事")]
    assert people_lists.describe(people_lists.OFFICERS, people) == "李娜（执行董事兼经理）；王强（监事）"
    with pytest.raises(ValidationError) as refused:
        people_lists.clean(people_lists.OFFICERS, f"李娜，总裁，{FOUNDER_ID}")
    assert refused.value.messages[0].startswith("第 1 行：职务应为：")


def test_a_refusal_reads_in_english_when_english_is_chosen():
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        people_lists.clean(people_lists.SHAREHOLDERS, f"李娜，{FOUNDER_ID}，五十，货币，2030-12-31")

    assert (
        refused.value.messages[0]
        == "Line 1: The subscribed amount must be a number (in 10,000 yuan), e.g. 50"
    )


@pytest.mark.django_db
def test_the_form_refuses_contributions_that_do_not_add_up_to_the_registered_capital():
    capital = FormField.objects.create(
        key="registered_capital",
        field_type="decimal",
        label_zh="注册资本（万元）",
        label_en="Registered capital",
    )
    investors = FormField.objects.create(
        key="investors", field_type="shareholders", label_zh="股东及出资", label_en="Shareholders"
    )
    asked = [AskedField(capital, True, False), AskedField(investors, True, False)]
    typed = f"李娜，{FOUNDER_ID}，50，货币，2030-12-31"

    cleaned, errors = clean_form(asked, {"registered_capital": "60", "investors": typed})
    assert errors == {"investors": "股东及出资：认缴出资合计 50 万元，与注册资本 60 万元不一致"}
    assert "investors" not in cleaned

    cleaned, errors = clean_form(asked, {"registered_capital": "50.0", "investors": typed})
    assert errors == {} and cleaned["investors"][0]["amount_wan"] == "50"

"""Reading the claim's documents: the fields the pre-review compares, read by real OCR from pages the tests draw with
onego.demo.paper (clean, turned, noisy, unreadable), parsed from made-up OCR lines for the edge cases, and
compared with what a claim states.

Each OCR'd page is read once per module in a fixture (about a second a page); the edge cases of parsing and
comparison use `parse_lines` on Line objects and cost no OCR.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Callable
from datetime import date

import pytest

from onego.demo import paper
from onego.prereview import documents, ocr
from onego.prereview.documents import Field, Mismatch, Reading
from onego.prereview.tests.ocr_engine import engine_or_skip

NAME = "张伟"
ID_NUMBER = "440111199003071232"  # valid GB 11643 check digit
WRONG_CHECKSUM = "440111199003071233"  # the same with its last digit off by one
ENTERPRISE = "广州市白云区云味餐饮有限公司"
CREDIT_CODE = "91440111MA5AQ6WX00"  # valid GB 32100 check character
PAYROLL = [
    ("张伟", 450_000),
    ("李娜", 520_050),
    ("王芳", 380_000),
    ("陈晓明", 410_000),
    ("欧阳娜娜", 399_999),
]


def _values(reading: Reading) -> dict[str, str]:
    return {name: found.value for name, found in reading.fields.items()}


@pytest.fixture(scope="module")
def read() -> Callable[[str, bytes], Reading]:
    """read_document, remembering each page it has read: the same page in two tests is read once."""
    engine_or_skip()
    return functools.cache(documents.read_document)


@pytest.fixture(scope="module")
def card() -> bytes:
    return paper.render_id_card(
        name=NAME, id_number=ID_NUMBER, address="广州市白云区景泰街广园中路100号3栋502房"
    )


@pytest.fixture(scope="module")
def licence() -> bytes:
    return paper.render_business_licence(
        name=ENTERPRISE,
        credit_code=CREDIT_CODE,
        legal_representative="李娜",
        address="广州市白云区嘉禾街金铂天地商业广场3层312号",
        established_on=date(2020, 5, 12),
    )


# --- ID cards ---------------------------------------------------------------------------------------------------

CARD_VARIANTS: dict[str, dict[str, float]] = {
    "clean": {},
    "turned 5°": {"rotate": 5.0},
    "turned −8°": {"rotate": -8.0},
    "noisy and blurred": {"noise": 0.12, "blur": 1.0},
}


@pytest.fixture(scope="module", params=list(CARD_VARIANTS))
def card_reading(
    request: pytest.FixtureRequest, card: bytes, read: Callable[[str, bytes], Reading]
) -> Reading:
    degraded = (
        paper.degrade(card, seed=7, **CARD_VARIANTS[request.param]) if CARD_VARIANTS[request.param] else card
    )
    return read("id_card", degraded)


def test_an_id_card_reads_the_name_and_the_number_clean_turned_or_noisy(card_reading: Reading) -> None:
    assert card_reading.readable, card_reading.problems
    assert card_reading.fields["name"].value == NAME
    assert card_reading.fields["id_number"].value == ID_NUMBER
    assert card_reading.problems == ()
    assert 0.9 < card_reading.confidence <= 1.0
    assert documents.compare(card_reading, {"name": NAME, "id_number": ID_NUMBER}) == []


def test_a_clean_id_card_reads_its_other_lines_too(
    card: bytes, read: Callable[[str, bytes], Reading]
) -> None:
    reading = read("id_card", card)

    assert _values(reading) == {
        "name": NAME,
        "sex": "男",
        "nation": "汉",
        "birth": "1990-03-07",
        "address": "广州市白云区景泰街广园中路100号3栋502房",  # wrapped over two lines on the card
        "id_number": ID_NUMBER,
    }


def test_an_unreadable_card_is_not_readable_and_says_why(
    card: bytes, read: Callable[[str, bytes], Reading]
) -> None:
    reading = read("id_card", paper.unreadable(card))

    assert reading.readable is False
    assert "name" not in reading.fields and "id_number" not in reading.fields
    assert reading.problems == ("no_text",) or {"field_missing:name", "field_missing:id_number"} <= set(
        reading.problems
    )
    assert reading.confidence == 0.0


def test_a_card_whose_number_fails_its_check_digit_is_not_readable(
    read: Callable[[str, bytes], Reading],
) -> None:
    reading = read("id_card", paper.render_id_card(name=NAME, id_number=WRONG_CHECKSUM))

    assert reading.readable is False
    assert "id_number_invalid" in reading.problems
    assert reading.fields["id_number"].value == WRONG_CHECKSUM  # kept, so the reviewer sees what is printed
    assert reading.fields["name"].value == NAME


# --- business licences ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("variant", ["clean", "noisy"])
def test_a_business_licence_reads_the_name_and_the_credit_code(
    variant: str, licence: bytes, read: Callable[[str, bytes], Reading]
) -> None:
    page = licence if variant == "clean" else paper.degrade(licence, rotate=3.0, noise=0.12, blur=0.8, seed=3)

    reading = read("business_licence", page)

    assert reading.readable, reading.problems
    values = _values(reading)
    assert values["name"] == ENTERPRISE
    assert values["credit_code"] == CREDIT_CODE
    assert values["legal_representative"] == "李娜"
    assert values["established_on"] == "2020-05-12"
    assert documents.compare(reading, {"name": ENTERPRISE, "credit_code": CREDIT_CODE}) == []


# --- labour contract and bank statement ---------------------------------------------------------------------------


def test_a_labour_contract_reads_the_parties_the_number_and_the_term(
    read: Callable[[str, bytes], Reading],
) -> None:
    page = paper.render_labour_contract(
        employer=ENTERPRISE, employee=NAME, id_number=ID_NUMBER, start=date(2026, 7, 1), end=date(2027, 6, 30)
    )

    reading = read("labour_contract", page)

    assert reading.readable, reading.problems
    assert _values(reading) == {
        "employer": ENTERPRISE,
        "employee": NAME,
        "id_number": ID_NUMBER,
        "start": "2026-07-01",
        "end": "2027-06-30",
    }
    within = {
        "employer": ENTERPRISE,
        "employee": NAME,
        "period_start": "2026-07-01",
        "period_end": "2026-09-30",
    }
    assert documents.compare(reading, within) == []
    beyond = {"period_start": "2026-07-01", "period_end": "2027-09-30"}
    assert [m.code for m in documents.compare(reading, beyond)] == ["dates_outside_period"]


def test_a_bank_statement_of_five_rows_reads_every_payee_and_amount(
    read: Callable[[str, bytes], Reading],
) -> None:
    page = paper.render_bank_statement(payer=ENTERPRISE, rows=PAYROLL, month=date(2026, 9, 1))

    reading = read("bank_statement", page)

    assert reading.readable, reading.problems
    assert _values(reading) == {
        "payer": ENTERPRISE,
        "month": "2026-09",
        "payees": "张伟=450000;李娜=520050;王芳=380000;陈晓明=410000;欧阳娜娜=399999",
        "total_fen": str(sum(fen for _name, fen in PAYROLL)),
    }
    claimed = {"payer": ENTERPRISE, "payees": "张伟=450000;李娜=520050;赵六=100000"}
    assert documents.compare(reading, claimed) == [Mismatch("payee:赵六", "100000", "", "payee_missing")]


def test_a_reading_is_json_as_stored_on_the_attachment(
    card: bytes, read: Callable[[str, bytes], Reading]
) -> None:
    reading = read("id_card", card)

    stored = json.loads(json.dumps(dataclasses.asdict(reading), ensure_ascii=False))

    assert stored["kind"] == "id_card"
    assert stored["fields"]["id_number"] == {
        "value": ID_NUMBER,
        "confidence": reading.fields["id_number"].confidence,
    }
    assert stored["readable"] is True and stored["problems"] == []


def test_bytes_that_are_not_an_image_make_an_unreadable_reading_not_an_error() -> None:
    engine_or_skip()

    reading = documents.read_document("id_card", b"GIF89a-truncated")

    assert reading == Reading("id_card", {}, readable=False, confidence=0.0, problems=("image_invalid",))


def test_an_unknown_kind_is_not_readable() -> None:
    assert documents.read_document("passport", b"").problems == ("unknown_kind",)


# --- parsing edge cases on made-up OCR lines (no OCR) -------------------------------------------------------------


def _line(text: str, left: float, top: float, *, confidence: float = 0.99, height: float = 36.0) -> ocr.Line:
    right = left + 34.0 * len(text)
    return ocr.Line(
        text, confidence, ((left, top), (right, top), (right, top + height), (left, top + height))
    )


@pytest.mark.parametrize(
    ("printed", "value", "problems"),
    [
        ("9144O111MA5AQ6WXOO", CREDIT_CODE, ()),  # O for 0: repaired, because the repaired code validates
        ("9I440111MA5AQ6WX00", CREDIT_CODE, ()),  # I for 1
        ("91440111MA5AQ6WX07", "91440111MA5AQ6WX07", ("credit_code_invalid",)),  # no repair makes it valid
    ],
)
def test_a_credit_code_is_repaired_only_when_the_repair_validates(
    printed: str, value: str, problems: tuple[str, ...]
) -> None:
    lines = [
        _line("名称", 90, 300),
        _line(ENTERPRISE, 330, 300),
        _line(f"统一社会信用代码{printed}", 90, 200),
    ]

    reading = documents.parse_lines("business_licence", lines)

    assert reading.fields["credit_code"].value == value
    assert reading.problems == problems
    assert reading.readable == (not problems)


def test_a_value_beside_its_label_in_a_box_of_its_own_and_a_tilted_row_are_one_row() -> None:
    # the value's box is 12 px lower over 300 px: a photo taken slightly askew
    lines = [
        ocr.Line("姓名", 0.99, ((60, 60), (130, 61), (130, 97), (60, 96))),
        ocr.Line("张伟", 0.97, ((190, 63), (262, 65), (262, 103), (190, 101))),
        ocr.Line("公民身份号码", 0.99, ((60, 520), (260, 524), (260, 560), (60, 556))),
        ocr.Line(ID_NUMBER, 0.95, ((280, 524), (700, 532), (700, 572), (280, 564))),
    ]

    reading = documents.parse_lines("id_card", lines)

    assert reading.fields == {"name": Field(NAME, 0.97), "id_number": Field(ID_NUMBER, 0.95)}
    assert reading.confidence == 0.96


@pytest.mark.parametrize("one_box", [False, True], ids=["label apart", "label and value in one box"])
def test_a_wrapped_address_is_read_on_from_the_line_under_it(one_box: bool) -> None:
    first = (
        [_line("住址广州市白云区景泰街广园中路", 57, 308)]
        if one_box
        else [
            _line("住址", 57, 308),
            _line("广州市白云区景泰街广园中路", 190, 310),
        ]
    )
    lines = [
        _line("姓名", 56, 68),
        _line(NAME, 188, 66),
        *first,
        _line("100号3栋502房", 190, 361),
        _line(f"公民身份号码{ID_NUMBER}", 61, 524),
    ]

    reading = documents.parse_lines("id_card", lines)

    assert reading.fields["address"].value == "广州市白云区景泰街广园中路100号3栋502房"
    assert reading.readable


def test_a_required_field_read_with_low_confidence_is_not_trusted() -> None:
    lines = [
        _line("姓名", 60, 60),
        _line("张伟", 190, 60, confidence=0.62),
        _line(f"公民身份号码{ID_NUMBER}", 60, 520),
    ]

    reading = documents.parse_lines("id_card", lines)

    assert reading.fields["name"] == Field(NAME, 0.62)
    assert reading.readable is False
    assert reading.problems == ("low_confidence:name",)


def test_a_payroll_whose_rows_do_not_add_up_to_its_total_is_not_readable() -> None:
    rows = [("付款单位：" + ENTERPRISE, 160), ("收款人", 290), ("1张伟4,500.00", 354), ("2李娜5,200.50", 418)]
    lines = [_line(text, 80, top) for text, top in rows] + [_line("合计9,700.05", 220, 482)]

    reading = documents.parse_lines("bank_statement", lines)

    assert reading.fields["payees"].value == "张伟=450000;李娜=520050"
    assert reading.fields["total_fen"].value == "970005"
    assert reading.readable is False
    assert reading.problems == ("total_mismatch",)


def test_a_row_number_misread_as_a_chinese_one_stays_out_of_the_payees_name() -> None:
    # the OCR read the row number "1" as "一": only the box under 收款人 is the name
    lines = [
        _line(f"付款单位：{ENTERPRISE}", 80, 160),
        _line("序号", 75, 290),
        _line("收款人", 215, 290),
        _line("金额（元）", 697, 290),
        _line("一", 77, 362),
        _line("程兰", 217, 358),
        _line("1,997.84", 695, 360),
        _line("合计", 215, 422),
        _line("1,997.84", 697, 424),
    ]

    reading = documents.parse_lines("bank_statement", lines)

    assert reading.fields["payees"].value == "程兰=199784"
    assert reading.readable, reading.problems


def test_an_open_ended_contract_covers_any_period() -> None:
    lines = [
        _line(f"甲方（用人单位）：{ENTERPRISE}", 90, 230),
        _line(f"乙方（劳动者）：{NAME}", 90, 316),
        _line("合同期限：自2025年3月1日起至无固定期限", 90, 402),
        _line("甲方（盖章）", 90, 1120),
    ]

    reading = documents.parse_lines("labour_contract", lines)

    assert reading.readable, reading.problems
    assert (reading.fields["start"].value, reading.fields["end"].value) == ("2025-03-01", "open")
    assert (
        reading.fields["employer"].value == ENTERPRISE
    )  # the signature line 甲方（盖章） is not the employer
    assert documents.compare(reading, {"period_start": "2026-07-01", "period_end": "2026-09-30"}) == []


# --- compare: normalisation table ---------------------------------------------------------------------------------


def _reading(**fields: str) -> Reading:
    return Reading("id_card", {name: Field(value, 0.99) for name, value in fields.items()}, True, 0.99)


@pytest.mark.parametrize(
    ("read_fields", "expected", "codes"),
    [
        # full-width digits and letters on either side are the same characters
        ({"id_number": "４４０１１１１９９００３０７１２３２"}, {"id_number": ID_NUMBER}, []),
        ({"credit_code": CREDIT_CODE}, {"credit_code": "９１４４０１１１ＭＡ５ＡＱ６ＷＸ００"}, []),
        # spaces, dashes and case do not count in identifiers
        ({"id_number": "44011119880512109x"}, {"id_number": "440111 19880512 109X"}, []),
        ({"credit_code": "91440111-ma5aq6wx00"}, {"credit_code": CREDIT_CODE}, []),
        # spaces inside a name and full-width brackets in an enterprise name do not count
        ({"name": "张 伟"}, {"name": NAME}, []),
        (
            {"employer": "广州市白云区云味餐饮（白云）有限公司"},
            {"employer": "广州市白云区云味餐饮(白云)有限公司"},
            [],
        ),
        ({"name": "买买提•艾力"}, {"name": "买买提·艾力"}, []),  # a misread middle dot
        # dates in any usual writing
        ({"start": "2026-07-01"}, {"start": "2026年7月1日"}, []),
        ({"start": "2026-07-01"}, {"start": "２０２６.７.１"}, []),
        # real differences
        ({"name": "张玮"}, {"name": NAME}, ["name_differs"]),
        ({"id_number": "440111198511200024"}, {"id_number": ID_NUMBER}, ["id_number_differs"]),
        (
            {"credit_code": "91440111MA5AQ6WX00"},
            {"credit_code": "91440111MA5AQ6WX01"},
            ["credit_code_differs"],
        ),
        ({"start": "2026-07-02"}, {"start": "2026-07-01"}, ["start_differs"]),
        # a field the page did not give
        ({}, {"name": NAME}, ["name_unread"]),
    ],
)
def test_compare_normalises_both_sides_before_it_finds_a_difference(
    read_fields: dict[str, str], expected: dict[str, str], codes: list[str]
) -> None:
    assert [m.code for m in documents.compare(_reading(**read_fields), expected)] == codes


@pytest.mark.parametrize(
    ("read_payees", "expected", "codes"),
    [
        ("张伟=450000;李娜=520050", "张伟=450000;李娜=520050", []),
        ("张伟=450000", "张伟=4,500.00元", []),  # yuan as printed on the claim
        ("张伟=450000", "张伟=４５００.００", []),  # full-width digits
        ("张伟=450000", "张伟=450001", ["amount_differs"]),
        ("张伟=450000", "张伟=450000;李娜=100", ["payee_missing"]),
    ],
)
def test_compare_checks_each_payee_and_amount(read_payees: str, expected: str, codes: list[str]) -> None:
    reading = Reading("bank_statement", {"payees": Field(read_payees, 0.99)}, True, 0.99)

    assert [m.code for m in documents.compare(reading, {"payees": expected})] == codes


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("4,500.00", 450_000),
        ("４,５００.００", 450_000),
        ("4.500.00", 450_000),  # a thousands comma misread as a dot
        ("4500.5", 450_050),
        ("¥1,234,567.89", 123_456_789),
        ("4500元", 450_000),
        ("450000fen", 450_000),
        ("", None),
        ("四千五百", None),
    ],
)
def test_amounts_become_fen(text: str, fen: int | None) -> None:
    assert documents.normalise_amount(text) == fen


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2026年7月1日", "2026-07-01"),
        ("２０２６年０７月０１日", "2026-07-01"),
        ("2026 / 07 / 01", "2026-07-01"),
        ("2026年02月30日", ""),  # no such day
        ("2026年09月", "2026-09"),
        ("无", ""),
    ],
)
def test_dates_become_iso(text: str, iso: str) -> None:
    assert documents.normalise_date(text) == iso

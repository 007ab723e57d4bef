"""The one helper every CSV/Excel writer uses against formula injection (docs/security.md, inputs)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from onego.core.spreadsheets import looks_like_formula, safe_cell, safe_row, unescape_cell


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "＝1", "＋1", "－1", "＠SUM(1)", " =1", "\u3000＝1"],
)
def test_text_a_spreadsheet_would_run_gets_a_leading_apostrophe(text):
    assert looks_like_formula(text)
    assert safe_cell(text) == "'" + text
    assert unescape_cell(safe_cell(text)) == text


@pytest.mark.parametrize(
    "value",
    [
        "广州市白云区云味餐饮有限公司",
        "A=B",
        "100000.00",
        "",
        "'",
        "'quoted",
        5,
        -5,
        1.5,
        None,
        True,
        dt.date(2026, 1, 1),
    ],
)
def test_other_values_pass_unchanged(value):
    assert safe_cell(value) == value


def test_an_apostrophe_already_there_is_kept_so_reading_back_gives_the_same_text():
    assert safe_cell("'=1") == "''=1"
    assert unescape_cell("''=1") == "'=1"
    assert unescape_cell("'plain") == "'plain"


def test_a_csv_written_through_safe_row_opens_with_the_neutralised_text():
    out = io.StringIO()
    csv.writer(out).writerow(safe_row(["OG0000000001", '=HYPERLINK("http://x")', "＠SUM(1)", 3]))
    assert next(csv.reader(io.StringIO(out.getvalue()))) == [
        "OG0000000001",
        '\'=HYPERLINK("http://x")',
        "'＠SUM(1)",
        "3",
    ]

"""Reading import files (onego.core.tabular): where a problem is, size limits, encodings — in the chosen language."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from onego.core import tabular
from onego.core.tabular import (
    MAX_IMPORT_BYTES,
    CellProblem,
    column_letter,
    csv_rows,
    detect_format,
    open_workbook,
    too_large,
    xlsx_rows,
)


def workbook(rows: list[list[object]]) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def test_a_bad_cell_is_named_by_sheet_row_and_column_in_chinese_by_default():
    problem = CellProblem(_("不能为空"), sheet="健康证明", row=3, column="姓名")

    assert str(problem) == "「健康证明」表第 3 行「姓名」列：不能为空"
    assert str(CellProblem(_("不能为空"), row=3, column="姓名")) == "第 3 行「姓名」列：不能为空"
    assert str(CellProblem(_("未知的工作表"), sheet="Sheet1")) == "「Sheet1」表：未知的工作表"
    assert str(CellProblem(_("未知的键"), path="items[2].colour")) == "items[2].colour: 未知的键"


def test_a_bad_cell_reads_in_english_only_when_english_was_chosen():
    with translation.override("en"):
        problem = CellProblem(_("不能为空"), sheet="健康证明", row=3, column="姓名")
        assert str(problem) == "Sheet 健康证明, row 3, column 姓名: cannot be empty"
        assert str(CellProblem(_("该列没有表头"), row=5, column=column_letter(6))) == (
            "Row 5, column G: this column has no header"
        )


def test_an_oversized_file_is_refused_with_the_limit_in_the_message():
    problems: list[str] = []

    assert not too_large(MAX_IMPORT_BYTES, problems.append)
    assert too_large(MAX_IMPORT_BYTES + 1, problems.append)
    assert problems == ["文件超过 50 MB"]


def test_a_workbook_that_expands_beyond_the_limit_is_refused_before_a_row_is_read(
    monkeypatch: pytest.MonkeyPatch,
):
    # given: a ZIP whose one part expands to 2 MB of zeros, against a limit of 1 MB
    monkeypatch.setattr(tabular, "MAX_UNZIPPED_BYTES", 1024 * 1024)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (2 * 1024 * 1024))
    bomb.seek(0)
    problems: list[str] = []

    # when
    rows = list(xlsx_rows(bomb, problems.append))

    # then
    assert rows == []
    assert problems == ["工作簿解压后超过 1 MB"]


def test_a_file_that_is_not_a_workbook_is_one_problem_and_no_rows():
    problems: list[str] = []

    assert open_workbook(io.BytesIO(b"PK\x03\x04 not really a zip"), problems.append) is None
    assert problems == ["文件不是有效的 Excel 工作簿"]


def test_the_first_sheet_is_read_with_excel_escapes_undone():
    data = workbook([["姓名", "备注"], ["张伟", "第一行_x000D_第二行"]])
    problems: list[str] = []

    rows = list(xlsx_rows(data, problems.append))

    assert rows == [["姓名", "备注"], ["张伟", "第一行\r第二行"]]
    assert problems == []


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_is_read_in_utf8_or_gb18030_by_its_content(encoding: str):
    data = io.BytesIO("统一社会信用代码\t期间\n91440111MA5C00001X\t2025年\n".encode(encoding))
    problems: list[str] = []

    rows = list(csv_rows(data, problems.append))

    assert rows == [["统一社会信用代码", "期间"], ["91440111MA5C00001X", "2025年"]]
    assert problems == []


def test_a_file_is_told_apart_by_its_content_never_its_name():
    assert detect_format(workbook([["a"]]).read(8)) == "xlsx"
    assert detect_format(b"\xd0\xcf\x11\xe0" + b"\0" * 4) == "xls"
    assert detect_format("姓名,身份证号码\n".encode()) == "csv"

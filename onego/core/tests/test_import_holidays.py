"""manage.py import_holidays: an administrator loads a year chinesecalendar does not know yet.

The 2027 rows below are test data shaped like a State Council notice, not the real 2027 arrangement.
"""

from __future__ import annotations

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from onego.core.calendar import add_workdays, count_workdays, load_from_chinesecalendar
from onego.core.models import AuditEvent, CalendarDay, CalendarDayKind, CalendarYear

D = date.fromisoformat

GOOD_2027 = """date,kind,name
2027-01-01,holiday,元旦 New Year's Day
2027-01-02,holiday,元旦 New Year's Day
2027-01-03,holiday,元旦 New Year's Day
2027-02-06,休,春节 Spring Festival
2027-02-07,休,春节 Spring Festival
2027-02-08,节假日,春节 Spring Festival
2027-02-09,holiday,春节 Spring Festival
2027-02-10,holiday,春节 Spring Festival
2027-02-11,holiday,春节 Spring Festival
2027-02-12,holiday,春节 Spring Festival
2027-02-13,holiday,春节 Spring Festival
2027-02-14,班,春节调休 Spring Festival make-up day
2027-02-20,调休,春节调休 Spring Festival make-up day
"""


@pytest.fixture
def loaded(db: None) -> list[int]:
    return load_from_chinesecalendar()


def write(tmp_path: Path, text: str, name: str = "holidays_2027.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def run(path: Path) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_holidays", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_good_2027_file_loads_its_dates_and_marks_2027_complete(loaded: list[int], tmp_path: Path) -> None:
    # given 2027 is not loaded: 2027-01-01 counts as a working day and the result says so
    assert add_workdays(D("2026-12-31"), 1).calendar_complete is False
    # when the administrator imports the notice
    out, err = run(write(tmp_path, GOOD_2027))
    # then the rows are stored with their kinds, 2027 is marked loaded from that file, and the summary says so
    assert err == ""
    assert "2027: 13" in out and "holidays_2027.csv" in out
    assert CalendarDay.objects.filter(date__year=2027).count() == 13
    assert CalendarDay.objects.get(date=D("2027-02-14")).kind == CalendarDayKind.WORKDAY  # 班
    assert CalendarDay.objects.get(date=D("2027-02-08")).kind == CalendarDayKind.HOLIDAY  # 节假日
    assert CalendarYear.objects.get(year=2027).source == "holidays_2027.csv"
    # and deadlines into 2027 are exact and complete: 01-01..01-03 rest, Monday 01-04 is day 1
    assert add_workdays(D("2026-12-31"), 1).deadline == D("2027-01-04")
    assert add_workdays(D("2026-12-31"), 1).calendar_complete is True
    # 2027-02-05 (Fri) + 1: the 调休 Sunday 2027-02-14
    assert add_workdays(D("2027-02-05"), 1).deadline == D("2027-02-14")
    assert count_workdays(D("2027-02-05"), D("2027-02-20")).workdays == 7  # 02-14, 02-15..19, 02-20
    assert AuditEvent.objects.filter(action="calendar.imported", object_id="2027").count() == 1


def test_a_file_with_three_bad_rows_lists_all_three_and_writes_nothing(
    loaded: list[int], tmp_path: Path
) -> None:
    bad = """date,kind,name
2027-01-01,holiday,元旦
2027-02-30,holiday,春节
2027-02-10,rest,春节
2027-02-11,holiday,春节
2027-02-17,workday,春节调休
"""
    days_before = CalendarDay.objects.count()
    err = StringIO()
    with pytest.raises(CommandError, match=r"^import failed: 3 error\(s\), nothing was written"):
        call_command("import_holidays", str(write(tmp_path, bad)), stdout=StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert len(lines) == 3
    # an operator's command: English, one language
    assert lines[0] == "Row 3, column date: Invalid date '2027-02-30'; expected a real date as YYYY-MM-DD"
    assert lines[1].startswith("Row 4, column kind: Invalid kind 'rest'")
    # 2027-02-17 is a Wednesday: a make-up working day on a weekday is a mistake in the file
    assert lines[2].startswith("Row 6, column kind: 2027-02-17 is a weekday")
    assert CalendarDay.objects.count() == days_before
    assert not CalendarDay.objects.filter(date__year=2027).exists()
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not AuditEvent.objects.filter(action="calendar.imported").exists()


def test_a_file_without_a_header_row_is_refused(db: None, tmp_path: Path) -> None:
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_holidays", str(write(tmp_path, "2027-01-01,holiday,元旦\n")), stderr=err)
    assert "Missing header column date" in err.getvalue()
    assert not CalendarDay.objects.exists()


def test_duplicate_dates_too_long_names_and_empty_files_are_reported(db: None, tmp_path: Path) -> None:
    text = (
        "date,kind,name\n2027-01-01,holiday,元旦\n2027-01-01,holiday,元旦\n2027-01-02,holiday,"
        + "长" * 65
        + "\n"
    )
    err = StringIO()
    with pytest.raises(CommandError, match="2 error"):
        call_command("import_holidays", str(write(tmp_path, text)), stderr=err)
    assert "Row 3, column date" in err.getvalue() and "repeats row 2" in err.getvalue()
    assert "Row 4, column name" in err.getvalue() and "Name too long" in err.getvalue()

    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_holidays", str(write(tmp_path, "date,kind,name\n\n", "empty.csv")), stderr=err)
    assert "The file has no data rows" in err.getvalue()


def test_a_gb18030_file_saved_by_chinese_excel_with_slashed_dates_is_read(db: None, tmp_path: Path) -> None:
    text = "日期,类别,名称\r\n2027/1/1,休,元旦\r\n2027/2/14,班,春节调休\r\n"
    run(write(tmp_path, text, "2027.csv", encoding="gb18030"))
    assert CalendarDay.objects.get(date=D("2027-01-01")).name == "元旦"
    assert CalendarDay.objects.get(date=D("2027-02-14")).kind == CalendarDayKind.WORKDAY


def test_importing_a_year_again_replaces_its_dates(loaded: list[int], tmp_path: Path) -> None:
    run(write(tmp_path, GOOD_2027))
    # the corrected notice moves the second make-up day and drops nothing else
    corrected = GOOD_2027.replace("2027-02-20,调休", "2027-02-21,调休")
    out, _ = run(write(tmp_path, corrected, "holidays_2027_v2.csv"))
    assert "(created 1, updated 0, deleted 1)" in out
    assert not CalendarDay.objects.filter(date=D("2027-02-20")).exists()
    assert CalendarDay.objects.get(date=D("2027-02-21")).kind == CalendarDayKind.WORKDAY
    assert CalendarYear.objects.get(year=2027).source == "holidays_2027_v2.csv"
    # and 2026, not in the file, is untouched
    assert CalendarDay.objects.filter(date__year=2026).count() == 39


def test_an_imported_year_survives_reloading_chinesecalendar(loaded: list[int], tmp_path: Path) -> None:
    # an administrator's 2026 file (one extra day off) wins over the package on the next `make run`
    from chinese_calendar import holidays, workdays

    rows = ["date,kind,name"]
    rows += [f"{d},holiday,{n}" for d, n in holidays.items() if d.year == 2026]
    rows += [f"{d},workday,{n}" for d, n in workdays.items() if d.year == 2026]
    rows.append("2026-12-31,holiday,特别休假")
    run(write(tmp_path, "\n".join(rows) + "\n", "2026-notice.csv"))
    assert 2026 not in load_from_chinesecalendar()
    assert CalendarDay.objects.filter(date=D("2026-12-31")).exists()
    assert add_workdays(D("2026-12-30"), 1).deadline == D("2027-01-01")  # 12-31 is now a day off


def test_a_missing_file_is_a_clear_error(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_holidays", str(tmp_path / "nope.csv"))

"""Enterprise facts: the dictionary, CSV/Excel imports (all or nothing, row and column errors), the readers."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from openpyxl import Workbook

from onego.core import tabular
from onego.core.identifiers import make_credit_code
from onego.core.models import AuditEvent
from onego.policies.criteria import Kind, Outcome, ParameterSet, evaluate_columns
from onego.registry.facts import (
    STANDARD_FACTS,
    fact_columns,
    fact_records,
    fact_schema,
    facts_for,
    seed_fact_definitions,
)
from onego.registry.importers import MAX_ERRORS, import_facts
from onego.registry.models import EnterpriseFact, FactDefinition, FactImport

pytestmark = pytest.mark.django_db

A = make_credit_code("91440111MA5C00001")
B = make_credit_code("91440111MA5C00002")
C = make_credit_code("91440111MA5C00003")


def csv_file(text: str, encoding: str = "utf-8") -> io.BytesIO:
    return io.BytesIO(text.encode(encoding))


def xlsx_file(rows: list[list[object]]) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def stored(code: str, key: str, period: str = "") -> object:
    fact = EnterpriseFact.objects.select_related("fact").get(entity_code=code, fact__key=key, period=period)
    return fact.value


def errors_of(report) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(e) for e in report.errors]


GOOD_CSV = (
    "统一社会信用代码,期间,企业名称,行业代码,成立日期,从业人数,营业收入（元）,营业收入增长率（%）,高新技术企业\n"
    f'{A},2024,甲公司,c1311,2015-03-09,120,"12,345,678.90",12.5,是\n'
    f"{A},2025,甲公司,C1311,2015-03-09,130,23456789.01,-3.25%,是\n"
    f"{B},2025,乙公司,I65,2020-01-01,8,0.1,,否\n"
)


# --- the dictionary ------------------------------------------------------------------------------------------


def test_the_migration_seeds_the_standard_facts_and_seeding_again_adds_nothing():
    assert set(FactDefinition.objects.values_list("key", flat=True)) == {f.key for f in STANDARD_FACTS}
    assert FactDefinition.objects.get(key="revenue_fen").period_kind == "year"
    assert FactDefinition.objects.get(key="insured_employees").period_kind == "month"
    assert seed_fact_definitions() == 0


def test_fact_schema_gives_the_criteria_kinds_including_explicit_periods():
    schema = fact_schema(["revenue_fen@2024"])
    assert schema["revenue_fen"] == "number"
    assert schema["revenue_fen@2024"] == "number"
    assert schema["high_tech"] == "bool"
    assert schema["established_on"] == "date"
    assert schema["industry_code"] == "text"
    # plain text, so the registry need not import the criteria engine; its Kind values are the same text
    assert schema["district_code"] == Kind.TEXT and schema["above_scale_since"] == Kind.DATE


# --- good imports --------------------------------------------------------------------------------------------


def test_a_good_csv_is_stored_typed_with_money_exact_in_fen_and_periods():
    # when
    report = import_facts(csv_file(GOOD_CSV), source="市统计局 2025 年报", file_name="stats.csv")
    # then
    assert report.ok, errors_of(report)
    assert (report.format, report.rows) == ("csv", 3)
    assert stored(A, "revenue_fen", "2024") == 1_234_567_890
    assert stored(A, "revenue_fen", "2025") == 2_345_678_901
    assert stored(B, "revenue_fen", "2025") == 10  # 0.1 yuan is exactly 10 fen
    assert stored(A, "revenue_growth_pct", "2025") == Decimal("-3.25")
    assert stored(A, "headcount", "2024") == 120
    assert stored(A, "industry_code") == "C1311"  # upper-cased, stored once without a period
    assert stored(A, "established_on") == dt.date(2015, 3, 9)
    assert stored(A, "high_tech") is True
    assert stored(B, "high_tech") is False
    assert stored(B, "entity_name") == "乙公司"
    assert not EnterpriseFact.objects.filter(
        entity_code=B, fact__key="revenue_growth_pct"
    ).exists()  # empty cell
    fact = EnterpriseFact.objects.get(entity_code=A, fact__key="revenue_fen", period="2024")
    assert fact.source == "市统计局 2025 年报"
    assert fact.batch is not None and fact.batch.pk == report.batch_id
    batch = FactImport.objects.get(pk=report.batch_id)
    assert (batch.rows, batch.created, batch.updated, batch.file_name) == (3, report.values, 0, "stats.csv")
    assert AuditEvent.objects.filter(action="registry.facts_imported").count() == 1


def test_a_good_xlsx_with_excel_numbers_dates_and_booleans_is_stored_typed():
    rows: list[list[object]] = [
        [
            "credit_code",
            "period",
            "revenue_yuan",
            "headcount",
            "established_on",
            "listed",
            "district_code",
            "参保人数",
        ],
        [A, 2025, 1234.56, 42.0, dt.datetime(2019, 5, 1), True, 440111, None],
        [A, dt.datetime(2025, 6, 1), None, None, None, None, None, 37],  # Excel turned "2025-06" into a day
    ]
    # when
    report = import_facts(xlsx_file(rows), source="税务局")
    # then
    assert report.ok, errors_of(report)
    assert report.format == "xlsx"
    assert stored(A, "revenue_fen", "2025") == 123_456
    assert stored(A, "headcount", "2025") == 42
    assert stored(A, "established_on") == dt.date(2019, 5, 1)
    assert stored(A, "listed") is True
    assert stored(A, "district_code") == "440111"
    assert stored(A, "insured_employees", "2025-06") == 37


def test_a_reimport_updates_the_value_and_keeps_the_newest_source():
    import_facts(csv_file(GOOD_CSV), source="市统计局 2025 快报")
    # when
    report = import_facts(
        csv_file(f"统一社会信用代码,期间,营业收入（元）\n{A},2025,100\n{C},2025,5\n"),
        source="市统计局 2025 年报",
    )
    # then
    assert report.ok, errors_of(report)
    assert (report.created, report.updated) == (1, 1)
    fact = EnterpriseFact.objects.get(entity_code=A, fact__key="revenue_fen", period="2025")
    assert (fact.int_value, fact.source, fact.batch_id) == (10_000, "市统计局 2025 年报", report.batch_id)
    assert stored(A, "revenue_fen", "2024") == 1_234_567_890  # not in the file: left alone


def test_a_value_given_twice_in_one_write_is_stored_once_with_the_last_value():
    from django.db import transaction
    from django.utils import timezone

    from onego.registry.facts import fact_row, upsert_facts

    headcount = FactDefinition.objects.get(key="headcount")
    with transaction.atomic():
        upsert_facts(
            [
                fact_row(A, headcount, "2025", 10),
                fact_row(B, headcount, "2025", 7),
                fact_row(A, headcount, "2025", 12),
            ],
            source="测试",
            imported_at=timezone.now(),
            batch_id=None,
        )
    assert (stored(A, "headcount", "2025"), stored(B, "headcount", "2025")) == (12, 7)
    assert EnterpriseFact.objects.filter(entity_code=A, fact=headcount).count() == 1


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_a_csv_with_a_bom_or_in_gb18030_is_read(encoding):
    report = import_facts(csv_file(GOOD_CSV, encoding), source="统计局")
    assert report.ok, errors_of(report)
    assert stored(B, "entity_name") == "乙公司"
    assert stored(A, "revenue_fen", "2025") == 2_345_678_901


def test_a_tab_separated_file_and_chinese_period_spellings_are_read():
    report = import_facts(
        csv_file(f"统一社会信用代码\t期间\t参保人数\n{A}\t2025年6月\t12\n"), source="人社局"
    )
    assert report.ok, errors_of(report)
    assert stored(A, "insured_employees", "2025-06") == 12


# --- bad files -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "cell", "zh", "en"),
    [
        ("营业收入（元）", "12.345", "金额最多两位小数", "at most 2 decimals"),
        ("营业收入（元）", "abc", "不是有效的金额", "not a valid amount"),
        ("营业收入（元）", "-5", "不能为负数", "cannot be negative"),
        ("从业人数", "12.5", "不是有效的整数", "not a whole number"),
        ("营业收入增长率（%）", "1.23456", "最多四位小数", "at most 4 decimals"),
        ("营业收入增长率（%）", "快", "不是有效的数值", "not a valid number"),
        ("成立日期", "2025-02-30", "不是有效的日期", "not a valid date"),
        ("成立日期", "2025/01/01", "不是有效的日期", "not a valid date"),
        ("高新技术企业", "也许", "应为 是/否", "must be 是/否"),
        ("行业代码", "C1", "代码格式不正确", "not a valid code"),
        ("行业代码", "Z1234", "代码格式不正确", "not a valid code"),
        ("所属区县代码", "44011", "代码格式不正确", "not a valid code"),
    ],
)
def test_each_kind_of_bad_cell_is_reported_with_row_and_column_and_nothing_is_written(header, cell, zh, en):
    text = f"统一社会信用代码,期间,{header},企业名称\n{A},2025,1,好\n{B},2025,{cell},坏\n"
    if header in ("成立日期",):
        text = text.replace(",1,", ",2020-01-01,")
    elif header == "高新技术企业":
        text = text.replace(",1,", ",是,")
    elif header == "行业代码":
        text = text.replace(",1,", ",C13,")
    elif header == "所属区县代码":
        text = text.replace(",1,", ",440111,")
    # when
    report = import_facts(csv_file(text), source="测试")
    # then
    assert not report.ok
    assert len(report.errors) == 1, errors_of(report)
    message = str(report.errors[0])
    assert message.startswith(f"第 3 行「{header}」列：{zh}"), message
    with translation.override("en"):
        english = str(import_facts(csv_file(text), source="test").errors[0])
    assert english.startswith(f"Row 3, column {header}: {en}"), english
    assert EnterpriseFact.objects.count() == 0
    assert FactImport.objects.count() == 0


def test_every_error_of_a_file_is_listed_in_file_order():
    text = (
        "统一社会信用代码,期间,营业收入（元）,从业人数,revenue_fen,无此列\n"
        f"91440111MA5C000010,2025,1,2,,\n"  # wrong check character
        f"{A},2025-13,1,2,,\n"
        f"{A},,1,2,,\n"
        f"{B},2025,1,2,,,extra\n"
        f"{B},2025,1,2,,\n"
    )
    report = import_facts(csv_file(text), source="测试")
    assert errors_of(report) == [
        "第 1 行「revenue_fen」列：金额以元填写，表头请用「营业收入（元）」或 revenue_yuan",
        "第 1 行「无此列」列：未知的列（不是数据项名称或标识）",
        "第 2 行「统一社会信用代码」列：不是有效的统一社会信用代码",
        "第 3 行「期间」列：期间应为年份（2025）或月份（2025-06）",
        "第 4 行「营业收入（元）」列：该数据项需要期间，但「期间」为空",
        "第 4 行「从业人数」列：该数据项需要期间，但「期间」为空",
        "第 5 行「G」列：该列没有表头",
        "第 6 行「统一社会信用代码」列：与第 5 行重复（同一代码、同一期间）",
    ]
    with translation.override("en"):
        english = errors_of(import_facts(csv_file(text), source="test"))
    assert english == [
        "Row 1, column revenue_fen: money is written in yuan: use the header 营业收入（元） or revenue_yuan",
        "Row 1, column 无此列: unknown column (neither a fact's label nor its key)",
        "Row 2, column 统一社会信用代码: not a valid unified social credit code",
        "Row 3, column 期间: the period must be a year (2025) or a month (2025-06)",
        "Row 4, column 营业收入（元）: this fact needs a period, and the period is empty",
        "Row 4, column 从业人数: this fact needs a period, and the period is empty",
        "Row 5, column G: this column has no header",
        "Row 6, column 统一社会信用代码: duplicates row 5 (same code and period)",
    ]
    assert EnterpriseFact.objects.count() == 0


def test_a_yearly_fact_with_a_month_period_and_a_changing_fact_without_period_are_errors():
    text = f"统一社会信用代码,期间,从业人数,企业名称\n{A},2025-06,3,甲\n{A},2024,3,甲\n{A},2023,3,乙\n"
    report = import_facts(csv_file(text), source="测试")
    assert [(e.row, e.column) for e in report.errors] == [(2, "从业人数"), (4, "企业名称")]
    assert "期间应为年份" in str(report.errors[0])
    assert "与第 2 行的值不同" in str(report.errors[1])
    with translation.override("en"):
        english = errors_of(import_facts(csv_file(text), source="test"))
    assert english[0].startswith("Row 2, column 从业人数: period 2025-06: The period must be a year"), english
    assert english[1] == "Row 4, column 企业名称: differs from row 2 (this fact has no period)"


def test_missing_columns_and_old_xls_files_are_refused():
    report = import_facts(csv_file("企业名称,从业人数\n甲,3\n"), source="测试")
    assert [e.message for e in report.errors] == [
        "缺少「统一社会信用代码」列",
        "缺少「期间」列（年度或月度数据项需要）",
    ]
    report = import_facts(io.BytesIO(b"\xd0\xcf\x11\xe0" + b"\0" * 100), source="测试")
    assert "不支持旧版 .xls" in str(report.errors[0])
    report = import_facts(csv_file(GOOD_CSV), source="  ")
    assert "请注明数据来源" in str(report.errors[0])


def test_a_workbook_expanding_beyond_the_limit_is_refused_and_nothing_is_written(
    monkeypatch: pytest.MonkeyPatch,
):
    # given: a good workbook, and a limit on what a workbook may expand to that it exceeds
    data = xlsx_file([["统一社会信用代码", "期间", "从业人数"], [A, 2025, 3]])
    monkeypatch.setattr(tabular, "MAX_UNZIPPED_BYTES", 1024)

    # when
    report = import_facts(data, source="测试")

    # then
    assert errors_of(report) == ["工作簿解压后超过 0 MB"]
    assert EnterpriseFact.objects.count() == 0 and FactImport.objects.count() == 0
    assert not AuditEvent.objects.filter(action="registry.facts_imported").exists()


def test_a_bad_xlsx_cell_is_reported_by_its_row_and_header():
    rows: list[list[object]] = [
        ["统一社会信用代码", "期间", "成立日期"],
        [A, None, dt.datetime(2020, 1, 1, 9, 30)],
    ]
    report = import_facts(xlsx_file(rows), source="测试")
    assert errors_of(report) == ["第 2 行「成立日期」列：应为日期，不含时间"]


def test_the_error_list_is_capped_but_every_error_is_counted():
    lines = "".join(f"{A},2025,x{i}\n" for i in range(MAX_ERRORS + 50))
    report = import_facts(csv_file("统一社会信用代码,期间,从业人数\n" + lines), source="测试")
    assert len(report.errors) == MAX_ERRORS
    assert (
        report.error_count == 2 * (MAX_ERRORS + 50) - 1
    )  # each bad number, and every row after the first a duplicate


def test_an_error_after_a_written_batch_still_writes_nothing(monkeypatch):
    monkeypatch.setattr("onego.registry.importers.WRITE_BATCH", 2)
    good = "".join(f"{make_credit_code(f'91440111MA5C1{i:04d}')},2025,{i}\n" for i in range(10))
    report = import_facts(
        csv_file("统一社会信用代码,期间,从业人数\n" + good + f"{A},2025,-1\n"), source="测试"
    )
    assert not report.ok
    assert EnterpriseFact.objects.count() == 0


# --- reading ---------------------------------------------------------------------------------------------


@pytest.fixture
def imported():
    import_facts(csv_file(GOOD_CSV), source="市统计局")
    import_facts(
        csv_file(f"统一社会信用代码,期间,参保人数\n{A},2025-05,10\n{A},2025-07,12\n"), source="人社局"
    )


def test_facts_for_reads_the_latest_period_up_to_as_of_or_an_explicit_period(imported):
    keys = ["revenue_fen", "revenue_fen@2024", "high_tech", "insured_employees", "headcount"]
    # when
    facts = facts_for([A, B, C], keys, as_of="2025-06")
    # then
    assert facts[A] == {
        "revenue_fen": 2_345_678_901,
        "revenue_fen@2024": 1_234_567_890,
        "high_tech": True,
        "insured_employees": 10,
        "headcount": 130,
    }
    assert facts[B] == {
        "revenue_fen": 10,
        "revenue_fen@2024": None,
        "high_tech": False,
        "insured_employees": None,
        "headcount": 8,
    }
    assert facts[C] == dict.fromkeys(keys)
    assert facts_for([A], ["revenue_fen", "insured_employees"], as_of="2024")[A] == {
        "revenue_fen": 1_234_567_890,
        "insured_employees": None,
    }
    assert facts_for([A], ["insured_employees"])[A] == {"insured_employees": 12}  # no as_of: the latest


def test_fact_records_say_which_period_and_source_a_value_came_from(imported):
    record = fact_records([A], ["revenue_fen"], as_of="2025")[A]["revenue_fen"]
    assert record is not None
    assert (record.period, record.source) == ("2025", "市统计局")


def test_facts_for_refuses_unknown_facts_and_bad_periods():
    with pytest.raises(KeyError):
        facts_for([A], ["no_such_fact"])
    with pytest.raises(ValueError, match="2025-6"):
        facts_for([A], ["revenue_fen@2025-6"])
    with pytest.raises(ValueError, match="as_of"):
        facts_for([A], ["revenue_fen"], as_of="last year")


def test_fact_columns_return_one_row_per_entity_with_missing_as_none(imported):
    # when: every entity that has one of the facts
    codes, columns = fact_columns(["revenue_fen", "revenue_growth_pct", "high_tech"], as_of="2025")
    # then
    assert codes == sorted([A, B])
    row = {code: i for i, code in enumerate(codes)}
    assert columns["revenue_fen"][row[A]] == 2_345_678_901
    assert columns["revenue_growth_pct"][row[B]] is None
    assert columns["high_tech"] == [True if code == A else False for code in codes]
    # when: given codes, in their order
    codes, columns = fact_columns(["revenue_fen@2024", "headcount"], entity_codes=[C, A])
    assert codes == [C, A]
    assert columns == {"revenue_fen@2024": [None, 1_234_567_890], "headcount": [None, 130]}


def test_fact_columns_feed_the_criteria_engine_with_unknown_for_missing_facts(imported):
    rule = {
        "op": "ge",
        "fact": "revenue_fen",
        "to": {"value": 1_000_000_000},
        "sentence": {"zh": "营业收入不低于 1000 万元", "en": "revenue at least 10 million yuan"},
    }
    codes, columns = fact_columns(["revenue_fen"], as_of="2025", entity_codes=[A, B, C])
    outcomes = evaluate_columns(rule, columns, ParameterSet(), dt.date(2026, 1, 1))
    assert outcomes == [Outcome.TRUE, Outcome.FALSE, Outcome.UNKNOWN]


# --- the command -----------------------------------------------------------------------------------------


def test_the_command_prints_a_summary(tmp_path: Path):
    path = tmp_path / "facts.csv"
    path.write_text(GOOD_CSV, encoding="utf-8-sig")
    out, err = io.StringIO(), io.StringIO()
    call_command("import_facts", str(path), "--source", "市统计局 2025 年报", stdout=out, stderr=err)
    text = out.getvalue()
    assert "revenue_fen: 3" in text
    assert "imported facts.csv (csv): 3 rows" in text
    assert err.getvalue() == ""


def test_the_command_prints_the_errors_and_fails(tmp_path: Path):
    path = tmp_path / "facts.xlsx"
    path.write_bytes(xlsx_file([["统一社会信用代码", "期间", "从业人数"], [A, 2025, "many"]]).getvalue())
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 error"):
        call_command("import_facts", str(path), "--source", "测试", stdout=io.StringIO(), stderr=err)
    assert "第 2 行「从业人数」列：不是有效的整数" in err.getvalue()
    assert EnterpriseFact.objects.count() == 0

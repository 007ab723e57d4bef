"""Contribution months and subsidy payments imported from the bureaus' files, all or nothing."""

from __future__ import annotations

import io
from datetime import date

import pytest

from onego.prereview.tests.factories import EMPLOYER, id_number
from onego.registry.models import ContributionMonth, SubsidyPayment
from onego.registry.shared_import import import_shared_records

pytestmark = pytest.mark.django_db

ZHANG = id_number(date(1990, 3, 7))
LI = id_number(date(1988, 5, 2), female=True)
HEADER = "姓名,身份证号码,参保单位统一社会信用代码,参保单位,缴费月份,缴费基数（元）\n"


def csv_file(text: str) -> io.BytesIO:
    return io.BytesIO(text.encode("utf-8"))


def test_a_good_contribution_file_is_imported_month_by_month_in_fen():
    good = HEADER + (
        f'张伟,{ZHANG},{EMPLOYER},白云示例科技有限公司,2026-07,"4,500.00"\n'
        f"张伟,{ZHANG},{EMPLOYER},白云示例科技有限公司,202608,4500\n"
        f"李娜,{LI},{EMPLOYER},白云示例科技有限公司,2026-09,3800.5\n"
    )

    report = import_shared_records(csv_file(good), kind="contribution_month", source="区社保局 2026-10")
    again = import_shared_records(csv_file(good), kind="contribution_month", source="区社保局 2026-11")

    assert report.ok and (report.rows, report.created) == (3, 3)
    assert again.ok and (again.created, again.updated) == (0, 3)
    rows = list(ContributionMonth.objects.order_by("month").values_list("id_number", "month", "base_fen"))
    assert rows == [
        (ZHANG, date(2026, 7, 1), 450_000),
        (ZHANG, date(2026, 8, 1), 450_000),
        (LI, date(2026, 9, 1), 380_050),
    ]


def test_a_bad_month_and_a_bad_id_number_are_reported_by_row_and_column_and_nothing_is_written():
    bad = (
        HEADER
        + (
            f"张伟,{ZHANG},{EMPLOYER},白云示例科技有限公司,2026-07,4500\n"  # good, but not written
            f"张伟,{ZHANG},{EMPLOYER},白云示例科技有限公司,2026-13,4500\n"  # no 13th month
            f"李娜,{LI[:-1]}0,{EMPLOYER},白云示例科技有限公司,2026-08,4500\n"  # check digit
            f"李娜,{LI},{EMPLOYER},白云示例科技有限公司,2026-08,4500.001\n"  # a tenth of a fen
        )
    )

    report = import_shared_records(csv_file(bad), kind="contribution_month", source="区社保局")

    messages = [str(e) for e in report.errors]
    assert not report.ok and ContributionMonth.objects.count() == 0
    assert any(m.startswith("第 3 行「缴费月份」列：不是有效的月份") for m in messages), messages
    assert "第 4 行「身份证号码」列：不是有效的身份证号码" in messages
    assert any(m.startswith("第 5 行「缴费基数（元）」列：不是有效的金额") for m in messages), messages


def test_payments_are_imported_with_their_period_and_a_reversed_period_is_refused():
    header = (
        "姓名,身份证号码,补贴项目代码,补贴项目,补贴期间起,补贴期间止,发放金额（元）,发放日期,发放凭证号\n"
    )
    good = (
        header + f"张伟,{ZHANG},post_subsidy,岗位补贴,2026-04-01,2026-06-30,1500,2026-07-05,ZF202606000001\n"
    )
    bad = (
        header + f"张伟,{ZHANG},post_subsidy,岗位补贴,2026-06-30,2026-04-01,1500,2026-07-05,ZF202606000002\n"
    )

    ok = import_shared_records(csv_file(good), kind="subsidy_payment", source="区就业中心")
    refused = import_shared_records(csv_file(bad), kind="subsidy_payment", source="区就业中心")

    assert ok.ok
    payment = SubsidyPayment.objects.get()
    assert (payment.period_start, payment.period_end, payment.amount_fen) == (
        date(2026, 4, 1),
        date(2026, 6, 30),
        150_000,
    )
    assert not refused.ok
    assert any("「补贴期间止」列：不能早于起始日期" in str(e) for e in refused.errors)

"""Demo shared records (共享数据) for the Baiyun demo, loaded through the importer by ``manage.py seed_demo``.

Validity is derived from the day of seeding so that the demo works on any date: the citizen 张伟 holds a
health certificate in force (issued about four months ago, valid for a year), 陈志强's expired a month ago,
and 李娜 has none, so one applicant sees it fetched (已调取) and the other is asked to upload it.
Runtime code never imports this module.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from onego.core.spreadsheets import safe_row
from onego.registry.shared_import import import_shared_records

CITIZEN = ("张伟", "440111199003074513")
OTHER = ("陈志强", "440111198512300318")
SPOUSE = ("王芳", "440111199208152626")
ENTERPRISE_CODE = "91440111MA5AQ6WX00"
HEALTH_ISSUER = "广州市白云区疾病预防控制中心"


def _csv(rows: list[list[str]]) -> io.BytesIO:
    text = io.StringIO()
    csv.writer(text).writerows(safe_row(row) for row in rows)
    return io.BytesIO(text.getvalue().encode("utf-8"))


def files(today: dt.date) -> dict[str, io.BytesIO]:
    """The demo files, one per kind, as the offices would send them."""
    issued = today - dt.timedelta(days=120)
    lapsed = today - dt.timedelta(days=30)
    return {
        "health_certificate": _csv(
            [
                [
                    "姓名",
                    "身份证号码",
                    "证明编号",
                    "发证机构",
                    "用人单位统一社会信用代码",
                    "有效期起",
                    "有效期至",
                ],
                [
                    *CITIZEN,
                    "粤健 440111-000101",
                    HEALTH_ISSUER,
                    "",
                    issued.isoformat(),
                    (issued + dt.timedelta(days=364)).isoformat(),
                ],
                [
                    *OTHER,
                    "粤健 440111-000102",
                    HEALTH_ISSUER,
                    ENTERPRISE_CODE,
                    (lapsed - dt.timedelta(days=364)).isoformat(),
                    lapsed.isoformat(),
                ],
            ]
        ),
        "household": _csv(
            [
                ["姓名", "身份证号码", "户号", "户主姓名", "与户主关系", "户籍地址", "登记日期"],
                [
                    *CITIZEN,
                    "440111012345",
                    CITIZEN[0],
                    "户主",
                    "广州市白云区景泰街白云大道南 88 号",
                    "2010-09-01",
                ],
                [
                    *SPOUSE,
                    "440111012345",
                    CITIZEN[0],
                    "配偶",
                    "广州市白云区景泰街白云大道南 88 号",
                    "2018-06-02",
                ],
            ]
        ),
        "marriage": _csv(
            [
                ["姓名", "身份证号码", "登记类别", "配偶姓名", "配偶身份证号码", "登记日期", "登记机关"],
                [*CITIZEN, "结婚", *SPOUSE, "2018-05-20", "广州市白云区民政局"],
                [*SPOUSE, "结婚", *CITIZEN, "2018-05-20", "广州市白云区民政局"],
            ]
        ),
        "social_insurance": _csv(
            [
                [
                    "姓名",
                    "身份证号码",
                    "参保单位统一社会信用代码",
                    "参保单位",
                    "参保起始日期",
                    "参保截止日期",
                ],
                [*CITIZEN, ENTERPRISE_CODE, "广州市白云区云味餐饮有限公司", "2021-03-01", ""],
                [*OTHER, ENTERPRISE_CODE, "广州市白云区云味餐饮有限公司", "2021-01-01", lapsed.isoformat()],
            ]
        ),
    }


SOURCES = {
    "health_certificate": "白云区卫生健康局（演示）",
    "household": "白云区公安分局户政（演示）",
    "marriage": "白云区民政局婚姻登记（演示）",
    "social_insurance": "白云区社会保险基金管理局（演示）",
}


def seed_shared_records(today: dt.date) -> int:
    """Load (or refresh) the demo shared records; returns the rows written. Idempotent."""
    written = 0
    for kind, fh in files(today).items():
        report = import_shared_records(
            fh, kind=kind, source=SOURCES[kind], file_name=f"demo-{kind}.csv", actor="system:seed_demo"
        )
        if not report.ok:
            raise ValueError("; ".join(str(e) for e in report.errors))
        written += report.values
    return written

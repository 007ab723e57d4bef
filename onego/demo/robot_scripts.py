"""The robots' scripts for the stand-in subsidy system (onego.demo.vertical_system), and `seed_robots`.

A real deployment writes the same kind of script for the real provincial system's pages and points the robot
at that system's address; the stand-in only plays such a system for the demo and the tests.

What the capture robot hands to its sink (`CapturedRecord.fields`), read from a claim's page
(`claimView.do?id=K`) — the record's labels as the system shows them (the colon dropped, values trimmed),
plus its persons table:

    {"申报编号": "BY2026Q3-0001", "单位名称": "…有限公司", "统一社会信用代码": "91440111MA7WKKHD7Q",
     "申报类型": "岗位补贴", "所属期": "2026-07-01 至 2026-09-30", "申报金额（元）": "7,500.00",
     "最后修改时间": "2026-10-08 11:11:59",
     "persons": [{"序号": "1", "姓名": "程秋", "身份证号码": "440120198202044618", "人员类别": "就业困难人员",
                  "申报月数": "3", "申报金额（元）": "1,500.00"}, …]}

`CapturedRecord.attachments` holds every file linked from the page (name "身份证-程秋.png", label "身份证";
labels 营业执照, 身份证, 劳动合同, 工资发放表), and `fingerprint` is the sha256 of the canonical JSON of
`fields` (`onego.robots.extensions.fingerprint_of`): a write-back order's `expected_fingerprint` is that value.

What the write-back robot types (`WriteBackOrder.values`), named as the result form's controls:

    {"auditResult": "1" (审核通过) | "2" (审核不通过), "auditAmount": "7500.00" (yuan; "0" when refused),
     "auditOpinion": "…" (required when refused)}

It then reads the result table back (审核结果, 审核金额（元）, 审核意见, 回执号) and reports the receipt
(回执号, "HZ" + 12 digits) to the source.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from onego.accounts.models import Department
from onego.demo.accounts import DEPARTMENT_CODES
from onego.robots import services
from onego.robots.models import Robot, RobotKind, TargetSystem

SYSTEM_KEY = "gd-subsidy-standin"
CAPTURE_KEY = "subsidy-capture"
WRITEBACK_KEY = "subsidy-writeback"
SINK = "subsidy_claim"
SOURCE = "subsidy_result"

LOGIN: list[dict[str, Any]] = [
    {
        "do": "login",
        "url": "login.do",
        "fill": {"input[name=userName]": "{username}", "input[name=passWord]": "{password}"},
        "submit": "input[type=submit][value='登 录']",
        "refused_text": "用户名或密码错误",
    }
]
# Any page the robot did not ask for that is the login page means the session died (the stand-in sends
# /login.do?expired=1, or /login.do when the cookie is gone).
SESSION_EXPIRED = {"url_contains": "login.do", "text": "会话已过期"}
RESULT_TABLE = "table.tb_form:has-text('回执号')"

LIST: list[dict[str, Any]] = [
    {"do": "open", "url": "claims.do?page=1"},
    {
        "do": "each_page",
        "table": "table.tb_list",
        "next": "a:text-is('下一页')",
        "key": "申报编号",
        "link": "申报编号",
        "into": "items",
        "count_pattern": r"共\s*(\d+)\s*条",
    },
]
ITEM: list[dict[str, Any]] = [
    {"do": "open_record", "url": "{item.href}"},
    {"do": "read_fields", "table": "table.tb_form", "into": "fields"},
    {"do": "read_table", "table": "table.tb_list", "into": "fields.persons"},
]

CAPTURE: dict[str, Any] = {
    "key": "申报编号",
    "session_expired": SESSION_EXPIRED,
    "login": LOGIN,
    "list": LIST,
    "item": ITEM,
    "attachments": [
        {
            "do": "download",
            "links": "a[href*='download.do']",
            "into": "attachments",
            "label_pattern": "^(营业执照|身份证|劳动合同|工资发放表)-",
        }
    ],
}

WRITEBACK: dict[str, Any] = {
    "key": "申报编号",
    "session_expired": SESSION_EXPIRED,
    "result_marker": RESULT_TABLE,
    "login": LOGIN,
    "list": LIST,
    "item": ITEM,
    "write": [
        {"do": "fill_form", "form": "form[action='claimAudit.do']", "values": "{order.values}"},
        {"do": "submit", "selector": "form[action='claimAudit.do'] input[type=submit]"},
        {
            "do": "expect_text",
            "any": ["操作成功"],
            "refused": {"该申报已审核": "already_done", "数据已被他人修改": "stale"},
            "capture": {"receipt": r"回执号：\s*(HZ\d{12})"},
        },
    ],
    "read_back": [
        {
            "do": "read_back",
            "url": "{item.url}",
            "table": RESULT_TABLE,
            "expect": {
                "审核结果": {
                    "value": "{order.values.auditResult}",
                    "map": {"1": "审核通过", "2": "审核不通过"},
                },
                "审核金额（元）": {"value": "{order.values.auditAmount}", "optional": True},
                "审核意见": {"value": "{order.values.auditOpinion}", "optional": True},
            },
            "receipt": "回执号",
        }
    ],
}


def seed_robots(
    base_url: str, username: str, password: str, *, department: Department | None = None
) -> tuple[Robot, Robot]:
    """The stand-in as a target system of the employment service centre (区就业服务中心), its login stored
    encrypted, and its two robots: capture every 10 minutes into the sink "subsidy_claim", write-back every
    5 minutes from the source "subsidy_result". Idempotent: a second call updates them in place."""
    if department is None:
        department = Department.objects.get(credit_code=DEPARTMENT_CODES["jyzx"])
    with transaction.atomic():
        system, _ = TargetSystem.objects.update_or_create(
            key=SYSTEM_KEY,
            defaults={
                "name": "省就业创业补贴业务系统（仿真替身，演示用）",
                "name_en": "Provincial employment subsidy system (stand-in for the demo)",
                "base_url": base_url,
                "department": department,
                "is_stand_in": True,
                "notes": "A stand-in web application shipped with the demo (onego.demo.vertical_system); "
                "a real deployment points the robots at the real provincial system.",
            },
        )
        services.set_credential(SYSTEM_KEY, username=username, secret=password)
        capture, _ = Robot.objects.update_or_create(
            key=CAPTURE_KEY,
            defaults={
                "name": "补贴申报采集机器人",
                "name_en": "Subsidy claim capture robot",
                "system": system,
                "kind": RobotKind.CAPTURE,
                "script": CAPTURE,
                "channel": SINK,
                "schedule_seconds": 600,
                "rate_per_minute": 120,
                "max_retries": 3,
                "backoff_seconds": 2.0,
                "timeout_seconds": 15.0,
            },
        )
        writeback, _ = Robot.objects.update_or_create(
            key=WRITEBACK_KEY,
            defaults={
                "name": "审核结果回写机器人",
                "name_en": "Review result write-back robot",
                "system": system,
                "kind": RobotKind.WRITEBACK,
                "script": WRITEBACK,
                "channel": SOURCE,
                "schedule_seconds": 300,
                "rate_per_minute": 120,
                "max_retries": 3,
                "backoff_seconds": 2.0,
                "timeout_seconds": 15.0,
            },
        )
    return capture, writeback

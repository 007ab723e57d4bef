"""The daily hand-over of the ratings to the provincial 好差评 platform: the local file sink's content, its SM3
digest, once per day (forced again on request), the catch-up job, a failing sink, and the rater's protection."""

from __future__ import annotations

import json
from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command

from onego.accounts.models import Department, ServiceCentre, User, Window
from onego.catalog.models import ServiceItem
from onego.core.audit import AuditEvent
from onego.core.sm3 import sm3_hex
from onego.ratings import export
from onego.ratings.models import ExportStatus, RatingChannel, RatingExport, WorkOrder, WorkOrderStatus
from onego.ratings.tasks_figures import export_ratings
from onego.ratings.tests.figures_world import rate, without_demo_ratings

TZ = ZoneInfo("Asia/Shanghai")
D = date(2026, 4, 15)


@pytest.fixture
def world(demo, settings, tmp_path):
    without_demo_ratings()
    settings.ONEGO_VAR_DIR = tmp_path
    district = ServiceCentre.objects.get(code="district")
    return {
        "zsj": Department.objects.get(short_name="区政数局"),
        "district": district,
        "clerk": User.objects.get(username="clerk"),
        "w3": Window.objects.get(centre=district, number=3),
        "item": ServiceItem.objects.order_by("id").first(),
        "dir": tmp_path / "exports" / "ratings",
    }


def _rate(world, grade, day=D, **kw):
    return rate(
        grade,
        day=day,
        department=world["zsj"],
        centre=world["district"],
        window=world["w3"],
        staff=world["clerk"],
        item=world["item"],
        **kw,
    )


def _lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize(
    ("name", "masked"), [("张伟", "张*"), ("欧阳娜娜", "欧***"), ("", ""), (" 李 ", "李")]
)
def test_names_are_masked(name, masked):
    assert export.mask_name(name) == masked


@pytest.mark.parametrize(
    ("phone", "masked"),
    [("13812345678", "138****5678"), ("+86 138-1234-5678", "861******5678"), ("12345", "*****"), ("", "")],
)
def test_phones_are_masked(phone, masked):
    assert export.mask_phone(phone) == masked


def test_a_day_is_written_as_json_lines_with_its_sm3_digest(world):
    good = _rate(world, 5)
    bad = _rate(world, 2, rater_name="张伟", rater_phone="13812345678", reason="等了两个小时")
    _rate(world, 4, day=date(2026, 4, 16))  # another day
    result = export.export_day(D)
    path = world["dir"] / "ratings-20260415.jsonl"
    assert (result.records, result.location, result.skipped) == (2, str(path), False)
    data = path.read_bytes()
    assert result.digest == sm3_hex(data)
    assert (world["dir"] / "ratings-20260415.jsonl.sm3").read_text() == f"{sm3_hex(data)}  {path.name}\n"
    first, second = _lines(path)
    assert first["evaluation_no"] == f"PJ20260415{good.pk:08d}"
    assert (first["grade"], first["channel"], first["online"], first["rectification"]) == (
        5,
        "pad",
        False,
        None,
    )
    assert first["rated_at"] == "2026-04-15T10:00:00+08:00"
    assert first["task_code"] == world["item"].code and first["task_name"]
    assert (first["department_code"], first["centre_code"], first["window_no"], first["staff_no"]) == (
        world["zsj"].credit_code,
        "district",
        3,
        "clerk",
    )
    assert second["content"] == "等了两个小时"
    assert (second["rater_name"], second["rater_phone"]) == ("张*", "138****5678")
    assert "13812345678" not in data.decode() and "张伟" not in data.decode()
    order = WorkOrder.objects.get(rating=bad)
    assert second["rectification"]["work_order_no"] == order.number
    assert second["rectification"]["status"] == "verifying"
    row = RatingExport.objects.get()
    assert (row.day, row.sink, row.status, row.records, row.digest) == (
        D,
        "local_file",
        "written",
        2,
        result.digest,
    )
    assert AuditEvent.objects.filter(action="ratings.exported").count() == 1


def test_a_day_is_exported_once_unless_forced(world):
    bad = _rate(world, 1)
    first = export.export_day(D)
    WorkOrder.objects.filter(rating=bad).update(status=WorkOrderStatus.CLOSED)
    again = export.export_day(D)
    assert again.skipped and again.digest == first.digest
    path = world["dir"] / "ratings-20260415.jsonl"
    assert _lines(path)[0]["rectification"]["status"] == "verifying"
    forced = export.export_day(D, force=True)
    assert not forced.skipped and forced.digest != first.digest
    assert _lines(path)[0]["rectification"]["status"] == "closed"
    assert RatingExport.objects.count() == 1
    assert RatingExport.objects.get().digest == forced.digest


def test_an_empty_day_is_an_empty_file(world):
    result = export.export_day(D)
    assert result.records == 0
    assert (world["dir"] / "ratings-20260415.jsonl").read_bytes() == b""


class BrokenSink:
    name = "local_file"

    def deliver(self, day, records):
        raise OSError("disk full")


def test_a_failing_sink_is_logged_and_the_next_run_tries_again(world):
    _rate(world, 3)
    with pytest.raises(OSError, match="disk full"):
        export.export_day(D, sink=BrokenSink())
    row = RatingExport.objects.get()
    assert (row.status, row.error) == (ExportStatus.FAILED, "OSError: disk full")
    assert export.export_day(D).records == 1
    row.refresh_from_db()
    assert (row.status, row.error, row.records) == (ExportStatus.WRITTEN, "", 1)


def test_the_daily_job_catches_up_the_past_week_and_skips_written_days(world):
    _rate(world, 4, day=date(2026, 4, 10))
    _rate(world, 2, day=date(2026, 4, 14), channel=RatingChannel.SMS)
    export.export_day(date(2026, 4, 10))
    with time_machine.travel(datetime(2026, 4, 15, 3, 0, tzinfo=TZ), tick=False):
        got = export_ratings()
    assert got == {"days": 6, "ratings": 1}  # 8 to 14 April less the 10th, already written
    days = sorted(RatingExport.objects.values_list("day", flat=True))
    assert days == [date(2026, 4, d) for d in range(8, 15)]
    assert _lines(world["dir"] / "ratings-20260414.jsonl")[0]["online"] is True
    with time_machine.travel(datetime(2026, 4, 15, 4, 0, tzinfo=TZ), tick=False):
        assert export_ratings() == {"days": 0, "ratings": 0}


def test_the_command_exports_a_day_and_refuses_a_bad_date(world, tmp_path):
    _rate(world, 5)
    out = StringIO()
    call_command("export_ratings", "--day", "2026-04-15", "--dir", str(tmp_path / "x"), stdout=out)
    assert "2026-04-15: 1 ratings" in out.getvalue()
    assert (tmp_path / "x" / "ratings-20260415.jsonl").exists()
    out = StringIO()
    call_command("export_ratings", "--day", "2026-04-15", stdout=out)
    assert "already exported" in out.getvalue()
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("export_ratings", "--day", "15/04/2026")

"""Runs end to end against the small test site: capture into a test sink, write-back from a test source,
idempotence of both, an item that fails with its screenshot and page kept, mismatches that wait for a person,
the kill switch during a run, the beat job, and the Celery task."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from onego.robots import runner, services
from onego.robots.extensions import (
    CapturedRecord,
    WriteBackOrder,
    fingerprint_of,
    register_sink,
    register_writeback_source,
    unregister_sink,
    unregister_writeback_source,
)
from onego.robots.models import (
    CapturedItem,
    ItemStatus,
    Robot,
    RobotKind,
    RobotRun,
    RunStatus,
    RunTrigger,
    WriteBack,
    WriteBackStatus,
)
from onego.robots.tests import factories as f
from onego.robots.tests.minisite import Site

pytestmark = pytest.mark.browser


class Sink:
    def __init__(self) -> None:
        self.records: list[CapturedRecord] = []
        self.on_record: Any = None

    def __call__(self, record: CapturedRecord) -> str:
        self.records.append(record)
        if self.on_record:
            self.on_record(record)
        return f"CASE-{record.external_id}"


class Source:
    """Orders for every record of the site, each decided on the fingerprint the capture read."""

    def __init__(self) -> None:
        self.orders: list[WriteBackOrder] = []
        self.written: list[tuple[str, str]] = []

    def pending(self, system: str) -> list[WriteBackOrder]:
        done = {e for e, _ in self.written}
        return [o for o in self.orders if o.external_id not in done]

    def mark(self, order: WriteBackOrder, receipt: str) -> None:
        self.written.append((order.external_id, receipt))


@pytest.fixture
def sink() -> Iterator[Sink]:
    s = Sink()
    register_sink("test_sink", s)
    yield s
    unregister_sink("test_sink")


@pytest.fixture
def source() -> Iterator[Source]:
    s = Source()
    register_writeback_source("test_source", s.pending, s.mark)
    yield s
    unregister_writeback_source("test_source")


@pytest.fixture
def here(world: f.RobotWorld, site: Site) -> f.RobotWorld:
    world.system.base_url = site.base_url
    world.system.save()
    return world


def run_now(robot: Robot, **kwargs: Any) -> RobotRun:
    run = services.start_run(robot.pk, actor=None, trigger=kwargs.pop("trigger", RunTrigger.STAFF), **kwargs)
    runner.run(run.pk)
    run.refresh_from_db()
    return run


def capture_all(here: f.RobotWorld) -> Robot:
    robot = f.robot(here.system, RobotKind.CAPTURE)
    run_now(robot)
    return robot


def test_capture_sinks_every_pending_record_with_its_persons_and_files_once(here, site, sink):
    robot = f.robot(here.system, RobotKind.CAPTURE)
    # when the capture robot runs
    run = run_now(robot)
    # then every record reached the sink with its fields, persons and attachments
    assert run.status == RunStatus.SUCCEEDED
    assert (run.total, run.done, run.failed, run.skipped) == (7, 7, 0, 0)
    assert [r.external_id for r in sink.records] == [f"T-{n:04d}" for n in range(1, 8)]
    first = sink.records[0]
    assert first.system == "test-system"
    assert first.fields["名称"] == "测试单位1"
    assert [p["姓名"] for p in first.fields["persons"]] == ["人员1甲", "人员1乙"]
    assert first.fingerprint == fingerprint_of(first.fields)
    assert [a.name for a in first.attachments] == ["身份证-人员1甲.png", "身份证-人员1乙.png"]
    ledger = CapturedItem.objects.get(external_id="T-0001")
    assert (ledger.reference, ledger.times_seen, ledger.url) == (
        "CASE-T-0001",
        1,
        site.base_url + "view.do?id=101",
    )
    assert run.steps.filter(action="each_page", outcome="ok").exists()

    # when it runs again over the same records
    seen = len(site.requests)
    again = run_now(robot)
    # then nothing new is sunk and no file fetched again; every item is counted as seen
    assert (again.done, again.skipped) == (0, 7)
    assert len(sink.records) == 7
    assert CapturedItem.objects.get(external_id="T-0001").times_seen == 2
    assert not [r for r in site.requests[seen:] if r.startswith("/file.do")]


def test_a_record_changed_since_its_capture_is_sunk_again_and_the_ledger_says_so(here, site, sink):
    robot = capture_all(here)
    site.touch("T-0003")
    again = run_now(robot)
    assert (again.done, again.skipped) == (1, 6)
    assert [r.external_id for r in sink.records[7:]] == ["T-0003"]
    ledger = CapturedItem.objects.get(external_id="T-0003")
    assert ledger.times_sunk == 2
    assert ledger.fingerprint == sink.records[-1].fingerprint


def test_a_record_that_never_loads_fails_with_its_screenshot_and_page_and_the_run_goes_on(here, site, sink):
    site.records[1].broken = True  # T-0002
    robot = f.robot(here.system, RobotKind.CAPTURE)
    run = run_now(robot)
    assert run.status == RunStatus.PARTIAL
    assert (run.done, run.failed) == (6, 1)
    failed = run.items.get(status=ItemStatus.FAILED)
    assert failed.external_id == "T-0002"
    assert failed.attempts == robot.max_retries + 1
    assert str(failed.screenshot.name).startswith("robots/failures/")
    assert failed.screenshot.read()[:8] == b"\x89PNG\r\n\x1a\n"
    assert str(failed.html.name).endswith(".html") and b"<html" in failed.html.read()
    assert run.steps.filter(action="open_record", outcome="retried").count() == robot.max_retries
    assert "T-0002" not in CapturedItem.objects.values_list("external_id", flat=True)

    # and a retry run for that item alone captures it once the page answers
    site.records[1].broken = False
    retry = services.retry_item(failed.pk, actor=here.head)
    runner.run(retry.pk)
    retry.refresh_from_db()
    assert (retry.trigger, retry.only_external_id, retry.total, retry.done) == ("retry", "T-0002", 1, 1)
    assert sink.records[-1].external_id == "T-0002"


def test_the_kill_switch_turned_off_during_a_run_stops_it_before_the_next_step(here, site, sink):
    robot = f.robot(here.system, RobotKind.CAPTURE)

    def switch_off_after_the_second(record: CapturedRecord) -> None:
        if len(sink.records) == 2:
            services.set_enabled(robot.pk, enabled=False, actor=here.head)

    sink.on_record = switch_off_after_the_second
    run = run_now(robot)
    assert run.status == RunStatus.STOPPED
    assert run.done == 2
    assert len(sink.records) == 2
    # and beat does not start it while it is off
    Robot.objects.filter(pk=robot.pk).update(schedule_seconds=60, last_run_at=None)
    assert services.run_due() == {"started": 0, "requeued": 0, "stale": 0}


def orders_for(site: Site, sink: Sink, *, amounts: dict[str, str] | None = None) -> list[WriteBackOrder]:
    return [
        WriteBackOrder(
            system="test-system",
            external_id=r.external_id,
            reference=f"CASE-{r.external_id}",
            values={
                "auditResult": "2" if r.external_id == "T-0004" else "1",
                "auditAmount": (amounts or {}).get(r.external_id, "12,000.00"),
                "auditOpinion": "经预审核查，符合条件。"
                if r.external_id != "T-0004"
                else "社保缴费月数不足。",
            },
            expected_fingerprint=r.fingerprint,
        )
        for r in sink.records
    ]


def test_write_back_enters_every_result_reads_it_back_and_writes_each_once(here, site, sink, source):
    capture_all(here)
    source.orders = orders_for(site, sink)
    robot = f.robot(here.system, RobotKind.WRITEBACK)
    # when the write-back robot runs
    run = run_now(robot)
    # then every result is in the system, once, with its receipt, and the source was told
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert (run.total, run.done) == (7, 7)
    assert site.audits == {f"T-{n:04d}": 1 for n in range(1, 8)}
    shown = {r.external_id: r.result for r in site.records}
    assert shown["T-0004"] == {
        "审核结果": "审核不通过",
        "审核金额（元）": "12,000.00",
        "审核意见": "社保缴费月数不足。",
        "回执号": "HZ000000000104",
    }
    assert dict(source.written)["T-0001"] == "HZ000000000101"
    wb = WriteBack.objects.get(external_id="T-0001")
    assert (wb.status, wb.receipt, wb.attempts) == (WriteBackStatus.WRITTEN, "HZ000000000101", 1)
    assert run.steps.filter(action="read_back", outcome="ok").count() == 7

    # when it runs again (the source still lists one order, as if its callback had been lost)
    source.written = source.written[1:]
    again = run_now(robot)
    # then nothing is typed again
    assert (again.total, again.done, again.skipped) == (1, 0, 1)
    assert site.audits == {f"T-{n:04d}": 1 for n in range(1, 8)}
    assert len(source.written) == 7


def test_a_result_already_in_the_system_is_read_back_not_typed_again(here, site, sink, source):
    capture_all(here)
    source.orders = orders_for(site, sink)
    robot = f.robot(here.system, RobotKind.WRITEBACK)
    run_now(robot, only_external_id="T-0001")
    WriteBack.objects.all().delete()  # the ledger lost the write (say, a worker died after the submit)
    source.written.clear()
    run = run_now(robot, only_external_id="T-0001")
    assert run.done == 1
    assert site.audits["T-0001"] == 1
    assert source.written == [("T-0001", "HZ000000000101")]


def test_a_record_changed_meanwhile_stops_as_a_mismatch_until_a_person_resolves_it(here, site, sink, source):
    capture_all(here)
    source.orders = orders_for(site, sink)
    site.touch("T-0005")  # changed in the system after it was decided
    robot = f.robot(here.system, RobotKind.WRITEBACK)
    run = run_now(robot)
    assert run.status == RunStatus.PARTIAL
    assert "T-0005" not in site.audits
    wb = WriteBack.objects.get(external_id="T-0005")
    assert wb.status == WriteBackStatus.MISMATCH
    assert run.items.get(external_id="T-0005").status == ItemStatus.MISMATCH

    # a second run leaves it waiting for the person
    again = run_now(robot)
    assert again.items.get(external_id="T-0005").status == ItemStatus.SKIPPED
    assert "T-0005" not in site.audits

    # when the department head confirms the result stands for the record as it now reads
    retry = services.resolve_mismatch(wb.pk, actor=here.head)
    assert retry is not None and retry.only_external_id == "T-0005"
    runner.run(retry.pk)
    # then it is written
    assert site.audits["T-0005"] == 1
    wb.refresh_from_db()
    assert (wb.status, wb.resolved_by) == (WriteBackStatus.WRITTEN, here.head)


def test_the_run_task_goes_through_celery(here, site, sink, settings, django_capture_on_commit_callbacks):
    # The suite runs tasks inline under CELERY_TASK_ALWAYS_EAGER, sent by name after commit.
    settings.CELERY_TASK_ALWAYS_EAGER = True
    robot = f.robot(here.system, RobotKind.CAPTURE)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.start_run(robot.pk, actor=here.officer)
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED
    assert run.done == 7 and len(sink.records) == 7
    from onego import celery_app

    assert celery_app.tasks["onego.robots.run_robot"].acks_late is True


def test_a_refused_login_fails_the_run_and_no_secret_reaches_the_log(here, site, sink):
    services.set_credential(here.system.key, username="robot01", secret="Wr0ng-Secret!")
    robot = f.robot(here.system, RobotKind.CAPTURE)
    run = run_now(robot)
    assert run.status == RunStatus.FAILED
    assert "LoginRefused" in run.error
    assert site.logins == 0 and sink.records == []
    texts = [
        run.error,
        *run.steps.values_list("detail", flat=True),
        *run.items.values_list("error", flat=True),
    ]
    assert not any("Wr0ng-Secret!" in t for t in texts)
    assert any("{password}" in t for t in texts)

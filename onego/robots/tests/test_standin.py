"""End to end in Chromium against the stand-in subsidy system (onego.demo.vertical_system) with the demo's
own scripts (onego.demo.robot_scripts): capture reads the 20 pending claims over two pages, one of them slow,
through an expired session; write-back enters all 20 results and reads them back; running either again
changes nothing; a record changed meanwhile stops as a mismatch and is written once a person resolves it.

The sink and the source here are the test's own, recording what they are given; the full loop with the
prereview app's real sink and source is the lead's test."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from onego.demo.robot_scripts import SINK, SOURCE, seed_robots
from onego.demo.vertical_system.testing import running
from onego.robots import runner, services
from onego.robots.extensions import CapturedRecord, WriteBackOrder
from onego.robots.models import (
    CapturedItem,
    ItemStatus,
    Robot,
    RobotRun,
    RunStatus,
    WriteBack,
    WriteBackStatus,
)
from onego.robots.tests import factories as f

pytestmark = pytest.mark.browser

FAILING = {"BY2026Q3-0003", "BY2026Q3-0006", "BY2026Q3-0009", "BY2026Q3-0012", "BY2026Q3-0015"}


class RecordingSink:
    def __init__(self) -> None:
        self.records: dict[str, CapturedRecord] = {}
        self.calls = 0

    def __call__(self, record: CapturedRecord) -> str:
        self.calls += 1
        self.records[record.external_id] = record
        return f"CASE-{record.external_id}"


class RecordingSource:
    def __init__(self) -> None:
        self.orders: dict[str, WriteBackOrder] = {}
        self.receipts: dict[str, str] = {}

    def pending(self, system: str) -> list[WriteBackOrder]:
        return [o for key, o in self.orders.items() if key not in self.receipts]

    def written(self, order: WriteBackOrder, receipt: str) -> None:
        self.receipts[order.external_id] = receipt


@pytest.fixture
def channels() -> Iterator[tuple[RecordingSink, RecordingSource]]:
    sink, source = RecordingSink(), RecordingSource()
    with f.replaced_channels(SINK, sink, SOURCE, source.pending, source.written):
        yield sink, source


def run_now(robot: Robot, **kwargs: Any) -> RobotRun:
    run = services.start_run(robot.pk, actor=None, **kwargs)
    runner.run(run.pk)
    run.refresh_from_db()
    return run


def order_for(record: CapturedRecord) -> WriteBackOrder:
    """A decision as the reviewer would make it: the designed failures refused with a reason, the others
    approved at the claimed amount."""
    refused = record.external_id in FAILING
    claimed = Decimal(record.fields["申报金额（元）"].replace(",", ""))
    return WriteBackOrder(
        system=record.system,
        external_id=record.external_id,
        reference=f"CASE-{record.external_id}",
        values={
            "auditResult": "2" if refused else "1",
            "auditAmount": "0" if refused else f"{claimed:.2f}",
            "auditOpinion": "经预审核查，不符合申领条件。" if refused else "经预审核查，符合申领条件。",
        },
        expected_fingerprint=record.fingerprint,
    )


def test_capture_and_write_back_the_twenty_claims_once_each(world, channels):
    sink, source = channels
    with running(claims=20, slow_pages={2: 1.5}, expire_after_requests=30) as standin:
        capture, writeback = seed_robots(
            standin.base_url, standin.username, standin.password, department=world.centre
        )
        Robot.objects.filter(pk__in=[capture.pk, writeback.pk]).update(rate_per_minute=0)

        # when the capture robot runs: two list pages, the second slow, and the session expires on the way
        run = run_now(capture)

        # then all 20 claims reached the sink with their persons and every attachment
        assert run.status == RunStatus.SUCCEEDED, run.error
        assert (run.total, run.done, run.failed) == (20, 20, 0)
        assert sorted(sink.records) == [f"BY2026Q3-{n:04d}" for n in range(1, 21)]
        assert standin.slept(2) >= 1
        assert run.steps.filter(action="relogin").count() >= 1
        first = sink.records["BY2026Q3-0001"]
        assert first.fields["单位名称"].endswith("有限公司")
        assert first.fields["所属期"] == "2026-07-01 至 2026-09-30"
        for claim in standin.world.claims:
            record = sink.records[claim.external_id]
            persons = record.fields["persons"]
            assert [p["身份证号码"] for p in persons] == [p.id_number for p in claim.persons]
            labels = [a.label for a in record.attachments]
            assert labels.count("营业执照") == 1 and labels.count("工资发放表") == 1
            assert labels.count("身份证") == labels.count("劳动合同") == len(persons)
            assert all(
                a.content[:8] == b"\x89PNG\r\n\x1a\n" and a.content_type == "image/png"
                for a in record.attachments
            )
        assert max(len(r.fields["persons"]) for r in sink.records.values()) == 5

        # when it runs again: nothing new is sunk
        again = run_now(capture)
        assert (again.done, again.skipped) == (0, 20)
        assert sink.calls == 20
        assert set(CapturedItem.objects.values_list("times_seen", flat=True)) == {2}

        # when the results are decided and one record changes in the system meanwhile
        source.orders = {key: order_for(record) for key, record in sink.records.items()}
        standin.touch("BY2026Q3-0005")
        written = run_now(writeback)

        # then 19 results are in the system with their receipts, read back, and the changed one waits
        assert written.status == RunStatus.PARTIAL
        assert (written.total, written.done) == (20, 19)
        results = standin.results()
        assert sorted(results) == sorted(set(sink.records) - {"BY2026Q3-0005"})
        for key, shown in results.items():
            assert shown["receipt"] == source.receipts[key] and shown["receipt"].startswith("HZ")
            assert shown["result"] == ("2" if key in FAILING else "1")
            assert standin.audit_count(key) == 1
        assert results["BY2026Q3-0003"]["amount_fen"] == 0
        assert results["BY2026Q3-0001"]["amount_fen"] == sum(
            p.amount_fen for p in standin.world.claims[0].persons
        )
        assert standin.audit_count("BY2026Q3-0005") == 0
        mismatch = WriteBack.objects.get(external_id="BY2026Q3-0005")
        assert mismatch.status == WriteBackStatus.MISMATCH
        assert written.items.get(external_id="BY2026Q3-0005").status == ItemStatus.MISMATCH

        # when the write-back runs again: no audit is entered twice
        again = run_now(writeback)
        assert again.done == 0
        assert {key: standin.audit_count(key) for key in results} == {key: 1 for key in results}
        assert standin.audit_count("BY2026Q3-0005") == 0

        # when a person confirms the result stands for the record as it now reads, it is written once
        retry = services.resolve_mismatch(mismatch.pk, actor=world.head)
        assert retry is not None
        runner.run(retry.pk)
        assert standin.audit_count("BY2026Q3-0005") == 1
        assert standin.results()["BY2026Q3-0005"]["receipt"] == source.receipts["BY2026Q3-0005"]
        assert standin.pending() == []

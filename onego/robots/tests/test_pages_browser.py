"""The staff pages in Chromium after real runs against the stand-in: the department head sees the write-back
run with its progress, items and step log, sees that the system is a stand-in, and resolves a mismatch with
the confirmation box; the result is then written (tasks run inline here, as the suite runs them).

Screenshots of the robots page and of the run page are saved to test-artifacts/ for a person to look at."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings

from onego.demo.robot_scripts import SINK, SOURCE, seed_robots
from onego.demo.vertical_system.testing import running
from onego.robots import runner, services
from onego.robots.extensions import CapturedRecord, WriteBackOrder
from onego.robots.models import Robot, RobotRun, WriteBack
from onego.robots.tests import factories as f

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def test_the_head_follows_a_write_back_run_and_resolves_its_mismatch_in_the_browser(
    live_server: Any, transactional_db: None, client: Any, settings: Any
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    records: dict[str, CapturedRecord] = {}
    receipts: dict[str, str] = {}

    def sink(record: CapturedRecord) -> str:
        records[record.external_id] = record
        return f"CASE-{record.external_id}"

    def pending(system: str) -> list[WriteBackOrder]:
        return [
            WriteBackOrder(
                system=r.system,
                external_id=key,
                reference=f"CASE-{key}",
                values={
                    "auditResult": "1",
                    "auditAmount": str(Decimal(r.fields["申报金额（元）"].replace(",", ""))),
                    "auditOpinion": "经预审核查，符合申领条件。",
                },
                expected_fingerprint=r.fingerprint,
            )
            for key, r in records.items()
            if key not in receipts
        ]

    def written(order: WriteBackOrder, receipt: str) -> None:
        receipts[order.external_id] = receipt

    with f.replaced_channels(SINK, sink, SOURCE, pending, written):
        world = f.robot_world()
        with running(claims=3) as standin:
            capture, writeback = seed_robots(
                standin.base_url, standin.username, standin.password, department=world.centre
            )
            Robot.objects.update(rate_per_minute=0)
            runner.run(services.start_run(capture.pk, actor=None).pk)
            standin.touch("BY2026Q3-0002")
            run = services.start_run(writeback.pk, actor=None)
            runner.run(run.pk)
            assert sorted(receipts) == ["BY2026Q3-0001", "BY2026Q3-0003"]

            client.force_login(world.head)
            cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
            with runner.chromium_page() as page:
                page.context.add_cookies(
                    [{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
                )
                page.goto(f"{live_server.url}/robots/")
                assert "不是真实的省级业务系统" in page.inner_text("[data-testid=stand-in]")
                assert (
                    page.locator("tr[data-robot='subsidy-capture'] [data-testid=enabled]").inner_text()
                    == "已启用"
                )
                assert page.locator("[data-testid=mismatches] li[data-external='BY2026Q3-0002']").count() == 1
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / "robots_index.png"), full_page=True)

                page.click(f"tr[data-run='{run.pk}'] a")
                assert page.inner_text("[data-testid=run-status]") == "部分成功"
                assert page.inner_text("[data-testid=run-percent]") == "100%"
                assert page.locator("tr[data-item][data-status='done']").count() == 2
                assert page.locator("tr[data-action='read_back'][data-outcome='ok']").count() == 2
                page.screenshot(path=str(ARTIFACTS / "robots_run.png"), full_page=True)

                # when the head confirms the result still applies to the record as it now reads
                row = page.locator("tr[data-item='BY2026Q3-0002']")
                row.locator("input[name=confirm]").check()
                row.locator("[data-testid=resolve]").click()
                page.wait_for_load_state("load")
                # then a retry run for that item ran (inline) and wrote it once
                assert page.inner_text("[data-testid=run-status]") == "成功"
                assert page.locator("tr[data-item='BY2026Q3-0002'][data-status='done']").count() == 1
            assert standin.audit_count("BY2026Q3-0002") == 1
            assert WriteBack.objects.get(external_id="BY2026Q3-0002").resolved_by == world.head
            assert RobotRun.objects.filter(trigger="retry", only_external_id="BY2026Q3-0002").count() == 1

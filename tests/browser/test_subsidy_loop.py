"""The whole loop of seed case 7 (issue 16), with every real part: the capture robot reads the 20 pending claims of
the stand-in provincial system in Chromium (two pages, the second slow, the session expiring on the way), the
prereview sink turns each into a claim and a OneGo case, the pre-review runs through Celery's task (eager here)
with real OCR of every attachment and the rules against the shared data of the demo; the employment centre's
reviewer confirms 18 claims in the browser and decides the 2 the robot left to a person (2 overrides); the
write-back robot enters all 20 results in the stand-in and reads each back; running both robots again changes
nothing.

The robots run in a thread of their own: Playwright's synchronous API allows one instance per thread, and the
reviewer's browser is this session's.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from onego.cases.models import Case, CaseStatus, Channel, Outcome
from onego.demo import subsidy_world
from onego.demo.robot_scripts import seed_robots
from onego.demo.vertical_system.testing import running
from onego.prereview.models import Claim, PersonClaim
from onego.robots import runner, services
from onego.robots.models import CapturedItem, Robot, RobotRun, RunStatus, WriteBack, WriteBackStatus
from tests.browser import helpers as h

pytestmark = pytest.mark.browser


def in_own_thread(work: Callable[[], Any]) -> Any:
    """Run `work` in a new thread and return what it returned (or raise what it raised)."""
    out: dict[str, Any] = {}

    def target() -> None:
        try:
            out["value"] = work()
        except BaseException as exc:  # handed back to the test
            out["error"] = exc

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in out:
        raise out["error"]
    return out.get("value")


def run_robot(robot: Robot) -> RobotRun:
    """Start a run as staff's "run now" does; the queued task (eager here) runs it in that thread."""
    run: RobotRun = in_own_thread(lambda: services.start_run(robot.pk, actor=None))
    run.refresh_from_db()
    if run.status == RunStatus.QUEUED:  # no eager worker took it: run it as the worker would
        in_own_thread(lambda: runner.run(run.pk))
        run.refresh_from_db()
    return run


def test_twenty_claims_go_round_the_loop_once(
    seeded_live_server: Any, browser: Browser, settings: Any
) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = True  # the sink's queued pre-review runs as the worker would, inline
    world = subsidy_world.build_world()
    designed = {c.external_id: c.expected_verdict for c in world.claims}
    base = seeded_live_server.url

    with running(claims=20, slow_pages={2: 1.0}, expire_after_requests=30) as standin:
        capture, writeback = seed_robots(standin.base_url, standin.username, standin.password)
        Robot.objects.filter(pk__in=[capture.pk, writeback.pk]).update(rate_per_minute=0)

        # the capture robot: 20 claims over two pages, a slow one, through an expired session
        captured = run_robot(capture)
        assert captured.status == RunStatus.SUCCEEDED, captured.error
        assert (captured.total, captured.done, captured.failed) == (20, 20, 0)
        assert captured.steps.filter(action="relogin").exists()
        assert standin.slept(2) >= 1

        # 20 cases of the captured-claims item, each with its claim, pre-reviewed as the world was designed
        claims = {c.external_id: c for c in Claim.objects.select_related("case")}
        assert sorted(claims) == sorted(designed)
        cases = Case.objects.filter(channel=Channel.SYSTEM)
        assert cases.count() == 20
        assert {c.case.status for c in claims.values()} == {CaseStatus.SUBMITTED}
        assert {key: c.verdict for key, c in claims.items()} == designed
        assert all(c.status == Claim.Status.PREREVIEWED for c in claims.values())

        # the reviewer: confirm all on the 18 the robot passed or failed, decide the 2 it left to a person
        page = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
        page.set_default_timeout(15_000)
        h.sign_in(page, base, "jobs")
        for key, claim in sorted(claims.items()):
            page.goto(f"{base}/prereview/{claim.pk}/")
            expect(page.locator("[data-testid=claim-title]")).to_have_text(claim.enterprise_name)
            if designed[key] != "check":
                page.locator("[data-testid=confirm-all]").click()
            else:
                checks = PersonClaim.objects.filter(claim=claim, verdict="check").count()
                if checks < claim.persons.count():
                    page.locator("[data-testid=confirm-all]").click()
                for _ in range(checks):
                    undecided = "[data-testid=person][data-verdict=check]:has([data-testid=decide])"
                    card = page.locator(undecided).first
                    card.get_by_label("通过", exact=True).check()
                    card.get_by_label("理由（必填）").fill("已调取原件核对，身份证与社保信息一致")
                    card.locator("[data-testid=decide]").click()
                    page.wait_for_load_state()
            expect(page.locator("[data-testid=decision]")).to_be_visible()
        page.context.close()

        decided = {c.external_id: c for c in Claim.objects.all()}
        assert {c.status for c in decided.values()} == {Claim.Status.DECIDED}
        persons = PersonClaim.objects.filter(claim__in=decided.values())
        overridden = persons.filter(decision="overridden")
        assert {p.claim.external_id for p in overridden} == {k for k, v in designed.items() if v == "check"}
        assert all(p.override_reason for p in overridden)
        assert persons.filter(decision="confirmed").count() == persons.count() - overridden.count()
        for key, claim in decided.items():
            case = Case.objects.get(pk=claim.case_id)
            expected = Outcome.REFUSED if designed[key] == "fail" else Outcome.APPROVED
            if designed[key] == "fail" and persons.filter(claim=claim, final_verdict="pass").exists():
                expected = Outcome.APPROVED  # some persons of a failed claim pass: the claim is paid for them
            assert (case.status, case.outcome) == (CaseStatus.CLOSED, expected), key

        # the write-back robot: all 20 results in the stand-in, each with its receipt, read back
        written = run_robot(writeback)
        assert written.status == RunStatus.SUCCEEDED, written.error
        assert (written.total, written.done) == (20, 20)
        results = standin.results()
        assert sorted(results) == sorted(designed)
        for claim in Claim.objects.all():
            key = claim.external_id
            assert claim.status == Claim.Status.WRITTEN_BACK
            assert results[key]["receipt"] == claim.receipt and claim.receipt.startswith("HZ")
            approved = sum(p.amount_approved_fen or 0 for p in claim.persons.all())
            assert results[key]["amount_fen"] == approved
            assert results[key]["result"] == ("1" if approved else "2")
        assert standin.pending() == []

        # both robots again: nothing captured, nothing written twice
        again = run_robot(capture)
        assert again.done == 0 and again.status == RunStatus.SUCCEEDED
        again = run_robot(writeback)
        assert again.done == 0 and again.status == RunStatus.SUCCEEDED
        assert {key: standin.audit_count(key) for key in designed} == {key: 1 for key in designed}
        assert Claim.objects.count() == 20 and Case.objects.filter(channel=Channel.SYSTEM).count() == 20
        assert CapturedItem.objects.count() == 20
        assert set(WriteBack.objects.values_list("status", flat=True)) == {WriteBackStatus.WRITTEN}

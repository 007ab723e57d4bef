"""The step interpreter against the small test site: paging, logging in again when the session expires,
retries with back-off, the kill switch between steps, the rate limit, and secrets kept out of the log."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from onego.robots.script import Context, Interpreter, Limits, LoginRefused, StepFailed, Stopped
from onego.robots.tests.minisite import CAPTURE_SCRIPT, PASSWORD, USERNAME, Site

# django_db, though these tests write nothing: pytest-django runs the tests without a database last, after the
# browser tests' session Playwright has started in this thread, and a second synchronous Playwright cannot start
# beside it ("Sync API inside the asyncio loop"); with the marker they run with the other database tests, first.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@dataclass
class ListLog:
    steps: list[tuple[str, str, str]] = field(default_factory=list)  # (action, outcome, detail)

    def step(self, action: str, detail: str, url: str, outcome: str, ms: int) -> None:
        self.steps.append((action, outcome, detail))

    def actions(self, outcome: str | None = None) -> list[str]:
        return [a for a, o, _ in self.steps if outcome is None or o == outcome]


class FakeClock:
    """Time moves only when the interpreter sleeps: waits are counted, never timed."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def interpreter(
    page: Any, site: Site, log: ListLog, clock: FakeClock | None = None, **limits: Any
) -> Interpreter:
    clock = clock or FakeClock()
    return Interpreter(
        page,
        base_url=site.base_url,
        limits=Limits(
            **{"rate_per_minute": 0, "max_retries": 2, "backoff_seconds": 1.5, "timeout_seconds": 5, **limits}
        ),
        log=log,
        credential=lambda: (USERNAME, PASSWORD),
        login_steps=CAPTURE_SCRIPT["login"],
        expired=CAPTURE_SCRIPT["session_expired"],
        clock=clock,
        sleep=clock.sleep,
    )


def test_each_page_reads_every_row_over_the_pages_and_waits_for_a_slow_page(robot_page, site):
    # given 7 pending records, 3 to a page, and page 2 slow (within the timeout)
    site.slow_pages[2] = 0.5
    log = ListLog()
    robot = interpreter(robot_page, site, log)
    # when
    ctx = robot.run(CAPTURE_SCRIPT["login"] + CAPTURE_SCRIPT["list"], Context())
    # then every record was read once, in order, with the link to its page
    items = ctx.vars["items"]
    assert [i["编号"] for i in items] == [f"T-{n:04d}" for n in range(1, 8)]
    assert items[0]["名称"] == "测试单位1"
    assert items[0]["href"].endswith("/view.do?id=101")
    assert {r for r in site.requests if r.startswith("/list.do")} == {f"/list.do?page={n}" for n in (1, 2, 3)}
    assert log.actions("retried") == [] and log.actions("failed") == []


def test_a_record_reads_as_label_value_pairs_with_its_persons_and_attachments(robot_page, site):
    log = ListLog()
    robot = interpreter(robot_page, site, log)
    robot.run(CAPTURE_SCRIPT["login"], Context())
    ctx = Context({"item": {"href": site.base_url + "view.do?id=101"}, "fields": {}})
    robot.run(CAPTURE_SCRIPT["item"] + CAPTURE_SCRIPT["attachments"], ctx)
    assert ctx.vars["fields"] == {
        "编号": "T-0001",
        "名称": "测试单位1",
        "最后修改时间": "2026-10-08 09:12:33",
        "persons": [
            {"序号": "1", "姓名": "人员1甲", "身份证号码": "440101199001010001"},
            {"序号": "2", "姓名": "人员1乙", "身份证号码": "440101199002020001"},
        ],
    }
    files = ctx.vars["attachments"]
    assert [(a.name, a.label, a.content_type, a.content) for a in files] == [
        ("身份证-人员1甲.png", "身份证", "image/png", b"file 101-1"),
        ("身份证-人员1乙.png", "身份证", "image/png", b"file 101-2"),
    ]


def test_an_expired_session_logs_in_again_and_the_reading_goes_on(robot_page, site):
    # given a session that expires after 2 requests
    site.expire_after_requests = 2
    log = ListLog()
    robot = interpreter(robot_page, site, log)
    # when the robot lists 3 pages and reads one record with its files
    ctx = robot.run(CAPTURE_SCRIPT["login"] + CAPTURE_SCRIPT["list"], Context())
    item_ctx = Context({"item": ctx.vars["items"][6], "fields": {}})
    robot.run(CAPTURE_SCRIPT["item"] + CAPTURE_SCRIPT["attachments"], item_ctx)
    # then it logged in again as often as the session expired and read everything
    assert len(ctx.vars["items"]) == 7
    assert item_ctx.vars["fields"]["编号"] == "T-0007"
    assert [a.content for a in item_ctx.vars["attachments"]] == [b"file 107-1", b"file 107-2"]
    assert robot.relogins >= 2
    assert log.actions().count("relogin") == robot.relogins
    assert site.logins == 1 + robot.relogins


def test_a_flaky_page_is_retried_after_a_back_off(robot_page, site):
    site.flaky_failures = 1
    log = ListLog()
    clock = FakeClock()
    robot = interpreter(robot_page, site, log, clock)
    robot.run([{"do": "open", "url": "flaky.do"}, {"do": "expect_text", "any": ["页面正常"]}], Context())
    assert log.actions() == ["open", "open", "expect_text"]
    assert [o for _, o, _ in log.steps] == ["retried", "ok", "ok"]
    assert clock.sleeps == [1.5]


def test_a_dead_page_is_retried_with_growing_back_off_then_fails(robot_page, site):
    log = ListLog()
    clock = FakeClock()
    robot = interpreter(robot_page, site, log, clock, max_retries=3)
    with pytest.raises(StepFailed) as failed:
        robot.run([{"do": "open", "url": "dead.do"}], Context())
    assert failed.value.attempts == 4
    assert [o for _, o, _ in log.steps] == ["retried", "retried", "retried", "failed"]
    assert clock.sleeps == [1.5, 3.0, 6.0]  # exponential: base × 2^(attempt-1)


def test_the_kill_switch_stops_between_two_steps(robot_page, site):
    log = ListLog()
    robot = interpreter(robot_page, site, log)
    steps_before_stop = 2
    robot.should_stop = lambda: len(log.steps) >= steps_before_stop
    with pytest.raises(Stopped):
        robot.run(
            CAPTURE_SCRIPT["login"]
            + [{"do": "open", "url": "list.do?page=1"}, {"do": "open", "url": "list.do?page=2"}],
            Context(),
        )
    assert log.actions() == ["login", "open"]
    assert "/list.do?page=2" not in site.requests


def test_page_loads_wait_for_the_rate_limit(robot_page, site):
    # given 30 page loads a minute: one every 2 seconds
    log = ListLog()
    clock = FakeClock()
    robot = interpreter(robot_page, site, log, clock, rate_per_minute=30)
    # when the robot logs in and pages through the list (login form, login post, 3 list pages)
    robot.run(CAPTURE_SCRIPT["login"] + CAPTURE_SCRIPT["list"], Context())
    # then every load after the first waited for its turn, and no two loads were closer than 2 s of the clock
    assert robot.page_loads == 5
    assert len(clock.sleeps) == robot.page_loads - 1
    assert all(wait == pytest.approx(2.0) for wait in clock.sleeps)


def test_the_password_is_typed_but_never_written_to_the_log(robot_page, site):
    site.expire_after_requests = 2  # a login every other page
    log = ListLog()
    robot = interpreter(robot_page, site, log)
    robot.run(CAPTURE_SCRIPT["login"] + CAPTURE_SCRIPT["list"], Context())
    assert site.logins >= 2
    details = " ".join(d for _, _, d in log.steps)
    assert "{password}" in details
    assert PASSWORD not in details


def test_a_refused_login_is_not_retried(robot_page, site):
    log = ListLog()
    robot = interpreter(robot_page, site, log)
    robot.credential = lambda: (USERNAME, "wrong")
    with pytest.raises(LoginRefused):
        robot.run(CAPTURE_SCRIPT["login"], Context())
    assert [o for _, o, _ in log.steps] == ["failed"]
    assert site.logins == 0


def test_a_click_that_meets_the_expired_page_logs_in_comes_back_and_clicks_again(robot_page, site):
    log = ListLog()
    robot = interpreter(robot_page, site, log)
    robot.run(CAPTURE_SCRIPT["login"] + [{"do": "open", "url": "list.do?page=1"}], Context())
    site.sessions.clear()  # every session dies
    robot.run([{"do": "click", "selector": "a:text-is('下一页')"}], Context())
    assert robot_page.url.endswith("/list.do?page=2")
    assert "relogin" in log.actions()
    assert site.logins == 2

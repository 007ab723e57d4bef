"""The pre-review figures on a known set of claims (the clock frozen at each decision): claims per quarter, the
robot's verdicts, the people's overrides and the error rate they measure (pass → fail, fail → pass; a "check"
person decided is not an override), the median time from capture to decision, the robots' uptime over 30 days,
the page and its CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.test import Client

from onego.prereview import decisions, figures, selectors
from onego.prereview.decisions import PersonChoice
from onego.prereview.models import Claim, PersonClaim
from onego.prereview.tests.review_world import MONDAY, ReviewWorld, prereviewed_claim, ready, review_world
from onego.robots.models import Robot, RobotKind, RobotRun, RunStatus, TargetSystem

pytestmark = pytest.mark.django_db

Q2 = (dt.date(2026, 4, 1), dt.date(2026, 6, 30))


@pytest.fixture
def w(db: None, settings: Any, tmp_path: Path) -> Iterator[ReviewWorld]:
    ready(settings, tmp_path)
    with time_machine.travel(MONDAY, tick=False):
        yield review_world()


def at(hours: float) -> Any:
    """The frozen clock `hours` after the Monday 09:00 capture."""
    return time_machine.travel(MONDAY + dt.timedelta(hours=hours), tick=False)


def people(claim: Claim) -> list[PersonClaim]:
    return list(PersonClaim.objects.filter(claim=claim).order_by("seq"))


def known_set(w: ReviewWorld) -> None:
    """Six claims captured on Monday 2026-10-12 at 09:00 (five of 2026 Q3, one of Q2):
    A  five persons, confirmed at 15:00 (6 h): five decided, no override
    B  two persons, pass overridden to fail and fail to pass at 11:00 (2 h): two overrides
    C  pass + check: the pass confirmed at 12:00, the check decided pass at 13:00 (4 h)
    D  pre-reviewed, not decided;  E  captured, not pre-reviewed
    F  (Q2) one person failed, confirmed on Tuesday 09:00 (24 h)."""
    a = prereviewed_claim(w, external_id="A", with_case=False)
    b = prereviewed_claim(w, external_id="B", verdicts=["pass", "fail"], with_case=False)
    c = prereviewed_claim(w, external_id="C", verdicts=["pass", "check"], with_case=False)
    prereviewed_claim(w, external_id="D", verdicts=["pass"], with_case=False)
    e = prereviewed_claim(w, external_id="E", verdicts=["pass"], with_case=False)
    Claim.objects.filter(pk=e.pk).update(status=Claim.Status.CAPTURED, verdict="", prereviewed_at=None)
    f = prereviewed_claim(w, external_id="F", verdicts=["fail"], with_case=False, period=Q2)
    with at(6):
        decisions.confirm_all(a.pk, actor=w.jobs)
    b1, b2 = people(b)
    with at(2):
        decisions.decide_persons(
            b.pk,
            actor=w.jobs,
            choices=[
                PersonChoice(b1.pk, "fail", "劳动合同已于 8 月解除"),
                PersonChoice(b2.pk, "pass", "补缴已到账"),
            ],
        )
    with at(3):
        decisions.confirm_all(c.pk, actor=w.jobs)
    with at(4):
        decisions.decide_persons(
            c.pk, actor=w.jobs, choices=[PersonChoice(people(c)[1].pk, "pass", "核对原件一致")]
        )
    with at(24):
        decisions.confirm_all(f.pk, actor=w.jobs)


def robot_runs(w: ReviewWorld) -> None:
    """The capture robot's runs: 3 succeeded, 1 partial, 1 failed within 30 days, one still running, and one
    failed 40 days ago (not counted); a robot of another channel whose runs never count."""
    system = TargetSystem.objects.create(
        key="standin",
        name="省就业创业补贴业务系统（仿真替身，演示用）",
        base_url="http://127.0.0.1:8100/",
        department=w.centre,
    )
    capture = Robot.objects.create(
        key="capture", name="采集", system=system, kind=RobotKind.CAPTURE, channel="subsidy_claim"
    )
    other = Robot.objects.create(
        key="other", name="其他", system=system, kind=RobotKind.CAPTURE, channel="elsewhere"
    )
    for status in [RunStatus.SUCCEEDED] * 3 + [RunStatus.PARTIAL, RunStatus.FAILED, RunStatus.RUNNING]:
        RobotRun.objects.create(robot=capture, trigger="beat", status=status)
    RobotRun.objects.create(robot=other, trigger="beat", status=RunStatus.FAILED)
    with time_machine.travel(MONDAY - dt.timedelta(days=40), tick=False):
        RobotRun.objects.create(robot=capture, trigger="beat", status=RunStatus.FAILED)


def test_figures_of_a_known_set(w: ReviewWorld) -> None:
    known_set(w)
    robot_runs(w)
    with at(30):
        f = figures.compute(Claim.objects.all(), department_id=w.centre.pk)

    q3, q2 = f.quarters
    assert (q3.key, q2.key) == ("2026Q3", "2026Q2")
    assert (q3.claims, q3.prereviewed, q3.passed, q3.failed, q3.checked, q3.decided) == (5, 4, 1, 2, 1, 3)
    assert (q2.claims, q2.prereviewed, q2.failed, q2.decided) == (1, 1, 1, 1)
    # persons the robot judged and a person decided: A 5, B 2, C 1 (its check person is not counted), F 1
    assert (q3.persons_decided, q3.confirmed, q3.pass_to_fail, q3.fail_to_pass, q3.check_decided) == (
        8,
        6,
        1,
        1,
        1,
    )
    assert f.total.persons_decided == 9 and f.total.overrides == 2
    assert f.total.error_rate == pytest.approx(2 / 9)
    assert (f.total.pass_to_fail_rate, f.total.fail_to_pass_rate) == (
        pytest.approx(1 / 9),
        pytest.approx(1 / 9),
    )
    # capture → decision: A 6 h, B 2 h, C 4 h (when its last person was decided), F 24 h
    assert q3.median_hours == pytest.approx(4.0)
    assert q2.median_hours == pytest.approx(24.0)
    assert f.total.median_hours == pytest.approx(5.0)
    # 3 of the 5 finished capture runs of the last 30 days succeeded
    assert (f.uptime.runs, f.uptime.succeeded) == (5, 3)
    assert f.uptime.rate == pytest.approx(0.6)


def test_the_uptime_of_another_departments_robots_is_not_counted(w: ReviewWorld) -> None:
    robot_runs(w)
    assert figures.robot_uptime(MONDAY, department_id=w.other.pk).runs == 0
    assert figures.robot_uptime(MONDAY).runs == 5


def test_no_claims_no_figures(w: ReviewWorld) -> None:
    f = figures.compute(Claim.objects.all())
    assert f.quarters == [] and f.total.claims == 0
    assert f.total.error_rate is None and f.total.median_hours is None and f.uptime.rate is None


def test_the_figures_page_and_its_csv(w: ReviewWorld) -> None:
    known_set(w)
    robot_runs(w)
    client = Client()
    with at(30):
        client.force_login(w.jobs_head)
        page = client.get("/prereview/figures/").content.decode()
        data = client.get("/prereview/figures.csv")
    assert 'data-testid="claims">6<' in page
    assert "22.2%" in page and "(2 / 9)" in page  # the error rate with its counts
    assert 'data-testid="median-hours">5.0<' in page
    assert "60.0%" in page and "(3 / 5)" in page
    assert "2026 年第 3 季度" in page and "2026 年第 2 季度" in page
    assert data["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(data.content.decode("utf-8-sig"))))
    assert rows[0][0] == "季度" and len(rows) == 4
    assert rows[1] == ["2026Q3", "5", "4", "1", "2", "1", "3", "8", "1", "1", "1", "0.2500", "4.0"]
    assert rows[3][0] == "all" and rows[3][11] == "0.2222"


def test_figures_cover_only_the_claims_the_user_may_see(w: ReviewWorld) -> None:
    known_set(w)
    assert figures.compute(selectors.visible_claims(w.other_officer)).total.claims == 0
    assert figures.compute(selectors.visible_claims(w.supervisor)).total.claims == 6

"""The figures of intelligent pre-review (item 8 of issue 16): per quarter of the claims' period, how many claims
came in, how many the robot pre-reviewed and with which verdict, how many were decided, how often the people
overrode the robot (its error rate as the people measured it, split pass → fail and fail → pass), the median
time from capture to decision, and the pre-review robots' uptime.

The error rate counts only persons the robot passed or failed: a "check" person is one the robot did not judge,
so deciding it is not an override. Reads only; over the claims the user may see (selectors.visible_claims).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from onego.prereview import decisions, sink
from onego.prereview.models import Claim, PersonClaim
from onego.robots.models import ACTIVE_RUN_STATUSES, RobotRun, RunStatus

UPTIME_DAYS = 30


@dataclass
class Quarter:
    """The figures of one quarter (of the claims' period), or of all of them (`year` 0)."""

    year: int
    quarter: int
    claims: int = 0
    prereviewed: int = 0
    passed: int = 0  # the robot's verdict on the claim
    failed: int = 0
    checked: int = 0
    decided: int = 0
    persons: int = 0
    persons_decided: int = 0  # persons decided by a person whose robot verdict was pass or fail
    confirmed: int = 0
    pass_to_fail: int = 0
    fail_to_pass: int = 0
    check_decided: int = 0  # "check" persons decided by a person
    hours: list[float] = field(default_factory=list)  # capture → decision, one per decided claim

    @property
    def overrides(self) -> int:
        return self.pass_to_fail + self.fail_to_pass

    @property
    def error_rate(self) -> float | None:
        """Overrides per person the robot judged and a person decided, or None before any."""
        return self.overrides / self.persons_decided if self.persons_decided else None

    @property
    def pass_to_fail_rate(self) -> float | None:
        return self.pass_to_fail / self.persons_decided if self.persons_decided else None

    @property
    def fail_to_pass_rate(self) -> float | None:
        return self.fail_to_pass / self.persons_decided if self.persons_decided else None

    @property
    def median_hours(self) -> float | None:
        return statistics.median(self.hours) if self.hours else None

    @property
    def key(self) -> str:
        return f"{self.year}Q{self.quarter}" if self.year else "all"


@dataclass
class Uptime:
    runs: int
    succeeded: int

    @property
    def rate(self) -> float | None:
        return self.succeeded / self.runs if self.runs else None


@dataclass
class Figures:
    quarters: list[Quarter]
    total: Quarter
    uptime: Uptime


def _quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def compute(
    claims: QuerySet[Claim], *, now: datetime | None = None, department_id: int | None = None
) -> Figures:
    """The figures over `claims`, newest quarter first, with the total over all of them; the robots' uptime of
    the target systems of `department_id` (of every department when None)."""
    now = now or timezone.now()
    quarters: dict[tuple[int, int], Quarter] = {}
    total = Quarter(0, 0)
    claim_quarter: dict[int, tuple[int, int]] = {}
    rows = claims.order_by().values_list(
        "id", "period_start", "status", "verdict", "prereviewed_at", "captured_at", "decided_at"
    )
    for pk, period_start, status, verdict, prereviewed_at, captured_at, decided_at in rows.iterator():
        key = _quarter_of(period_start)
        claim_quarter[pk] = key
        bucket = quarters.setdefault(key, Quarter(*key))
        for q in (bucket, total):
            q.claims += 1
            if prereviewed_at is not None:
                q.prereviewed += 1
                q.passed += verdict == decisions.PASS
                q.failed += verdict == decisions.FAIL
                q.checked += verdict == decisions.CHECK
            if decided_at is not None and status != decisions.PRE_REVIEWED:
                q.decided += 1
                if captured_at is not None:
                    q.hours.append((decided_at - captured_at).total_seconds() / 3600)
    persons = PersonClaim.objects.filter(claim__in=claims.order_by().values("id")).order_by()
    for claim_id, verdict, decision, final in persons.values_list(
        "claim_id", "verdict", "decision", "final_verdict"
    ).iterator():
        bucket = quarters[claim_quarter[claim_id]]
        for q in (bucket, total):
            q.persons += 1
            if not decision:
                continue
            if verdict == decisions.CHECK:
                q.check_decided += 1
                continue
            q.persons_decided += 1
            if decision == decisions.CONFIRMED:
                q.confirmed += 1
            elif verdict == decisions.PASS and final == decisions.FAIL:
                q.pass_to_fail += 1
            elif verdict == decisions.FAIL and final == decisions.PASS:
                q.fail_to_pass += 1
    return Figures(
        quarters=sorted(quarters.values(), key=lambda q: (q.year, q.quarter), reverse=True),
        total=total,
        uptime=robot_uptime(now, department_id=department_id),
    )


def robot_uptime(now: datetime, *, department_id: int | None = None, days: int = UPTIME_DAYS) -> Uptime:
    """The pre-review robots' runs (capture into the sink "subsidy_claim", write-back from "subsidy_result")
    created in the last `days` days and finished: how many, and how many succeeded (finished with no failed
    item). A run still queued or running is not counted yet."""
    runs = (
        RobotRun.objects.filter(
            robot__channel__in=(sink.SINK_NAME, sink.SOURCE_NAME), created_at__gte=now - timedelta(days=days)
        )
        .exclude(status__in=ACTIVE_RUN_STATUSES)
        .order_by()
    )
    if department_id is not None:
        runs = runs.filter(robot__system__department_id=department_id)
    return Uptime(runs=runs.count(), succeeded=runs.filter(status=RunStatus.SUCCEEDED).count())


def csv_rows(figures: Figures, header: list[str]) -> list[list[Any]]:
    """The table of the figures page as rows for a CSV file (the caller neutralises formula cells)."""
    out: list[list[Any]] = [header]
    for q in [*figures.quarters, figures.total]:
        out.append(
            [
                q.key,
                q.claims,
                q.prereviewed,
                q.passed,
                q.failed,
                q.checked,
                q.decided,
                q.persons_decided,
                q.pass_to_fail,
                q.fail_to_pass,
                q.check_decided,
                "" if q.error_rate is None else f"{q.error_rate:.4f}",
                "" if q.median_hours is None else f"{q.median_hours:.1f}",
            ]
        )
    return out

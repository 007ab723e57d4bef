"""Reads of the dashboard (数据看板): every figure of one period and one place, from the aggregates
(onego.stats.models) and a few small live tables (open warning cases through their partial index, payments,
robots' runs). Nothing here scans the case table: each query touches the aggregate rows of the period, at most
a few tens of thousands even at a million cases (docs/performance.md, "Dashboard queries").

Who sees what: supervisors and the heads of a department that runs a service centre (the centre's head) see
every department; any other department head sees their own department's cases (no window balance, no robots).
"""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from onego.accounts.models import ServiceCentre, User, Window
from onego.accounts.roles import Role
from onego.cases.models import Case, CaseStatus, Colour
from onego.policies.models import Payment, PaymentStatus
from onego.ratings import statistics as rating_statistics
from onego.robots.models import RobotRun, RunStatus
from onego.stats.aggregates import CASEDAY_COUNTS
from onego.stats.models import MAX_BUCKET, CaseDay, CaseDuration, WindowDay

# Trips per matter before the reform (跑多次): the baseline of "visits saved". Configurable.
DEFAULT_BASELINE_TRIPS = 2


def baseline_trips() -> int:
    return int(getattr(settings, "ONEGO_STATS", {}).get("baseline_trips", DEFAULT_BASELINE_TRIPS))


# --- who and where ------------------------------------------------------------------------------------------


def may_open(user: Any) -> bool:
    return bool(
        user.is_authenticated and (user.has_role(Role.DEPARTMENT_HEAD) or user.has_role(Role.SUPERVISOR))
    )


def department_scope(user: User) -> int | None:
    """None when the user sees every department (a supervisor, a centre's head), else their department."""
    if user.has_role(Role.SUPERVISOR):
        return None
    if user.department_id and ServiceCentre.objects.filter(department_id=user.department_id).exists():
        return None
    return user.department_id or -1


@dataclass(frozen=True)
class Scope:
    centre_id: int | None  # None: the whole district (every centre and every online case)
    department_id: int | None  # None: every department

    def case_days(self) -> dict[str, int]:
        where: dict[str, int] = {}
        if self.centre_id is not None:
            where["centre_key"] = self.centre_id
        if self.department_id is not None:
            where["department_id"] = self.department_id
        return where


# --- periods ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    kind: str  # month, quarter, year
    start: date
    end: date  # inclusive
    key: str  # 2026-03, 2026-Q1, 2026

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def month_period(year: int, month: int) -> Period:
    last = calendar.monthrange(year, month)[1]
    return Period("month", date(year, month, 1), date(year, month, last), f"{year}-{month:02d}")


def quarter_period(year: int, quarter: int) -> Period:
    first = 3 * (quarter - 1) + 1
    end = month_period(year, first + 2).end
    return Period("quarter", date(year, first, 1), end, f"{year}-Q{quarter}")


def year_period(year: int) -> Period:
    return Period("year", date(year, 1, 1), date(year, 12, 31), str(year))


def parse_period(key: str) -> Period | None:
    """`2026-03`, `2026-Q1` or `2026` (years 2000–2099), else None."""
    try:
        if len(key) == 4 and key.isdigit():
            year = int(key)
            return year_period(year) if 2000 <= year <= 2099 else None
        year_text, _sep, rest = key.partition("-")
        year = int(year_text)
        if not 2000 <= year <= 2099 or len(year_text) != 4:
            return None
        if rest[:1] == "Q" and rest[1:] in {"1", "2", "3", "4"}:
            return quarter_period(year, int(rest[1:]))
        if len(rest) == 2 and rest.isdigit() and 1 <= int(rest) <= 12:
            return month_period(year, int(rest))
    except ValueError:
        return None
    return None


def period_keys(today: date) -> list[str]:
    """The periods offered: this and the 11 months before, this and the 7 quarters before, 3 years."""
    keys: list[str] = []
    year, month = today.year, today.month
    for _n in range(12):
        keys.append(f"{year}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    year, quarter = today.year, (today.month - 1) // 3 + 1
    for _n in range(8):
        keys.append(f"{year}-Q{quarter}")
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    keys += [str(today.year - n) for n in range(3)]
    return keys


def default_period(today: date) -> Period:
    return quarter_period(today.year, (today.month - 1) // 3 + 1)


# --- rules: p90 from the histogram, balance of the windows ---------------------------------------------------


def percentile(histogram: dict[int, int], q: float = 0.9) -> int | None:
    """The nearest-rank q-th percentile of the working days in `histogram` ({working days: cases}): the least
    bucket whose cumulative count reaches ⌈q·n⌉. None without cases. The last bucket (MAX_BUCKET) stands for
    MAX_BUCKET or more, so a p90 of MAX_BUCKET reads "≥ MAX_BUCKET"."""
    n = sum(histogram.values())
    if n == 0:
        return None
    rank = max(1, math.ceil(q * n - 1e-9))
    seen = 0
    for days in sorted(histogram):
        seen += histogram[days]
        if seen >= rank:
            return days
    return max(histogram)  # pragma: no cover - the loop always reaches n


@dataclass(frozen=True)
class Balance:
    """The workload balance of windows (seed case 9: 5,197 cases at window 3, 715 at window 7)."""

    total: int
    busiest: int
    quietest: int
    ratio: Decimal | None  # busiest / quietest; None when the quietest handled none
    cv: Decimal | None  # coefficient of variation: population standard deviation / mean


def balance(counts: list[int]) -> Balance:
    if not counts:
        return Balance(0, 0, 0, None, None)
    total = sum(counts)
    busiest, quietest = max(counts), min(counts)
    ratio = (Decimal(busiest) / Decimal(quietest)).quantize(Decimal("0.01")) if quietest else None
    mean = total / len(counts)
    cv = None
    if mean:
        sd = math.sqrt(sum((c - mean) ** 2 for c in counts) / len(counts))
        cv = Decimal(sd / mean).quantize(Decimal("0.01"))
    return Balance(total, busiest, quietest, ratio, cv)


def rate(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001")) if whole else None


def average(total: int, n: int) -> Decimal | None:
    return (Decimal(total) / Decimal(n)).quantize(Decimal("0.1")) if n else None


# --- the figures --------------------------------------------------------------------------------------------


def _days(period: Period, scope: Scope) -> QuerySet[CaseDay]:
    return CaseDay.objects.filter(day__gte=period.start, day__lte=period.end, **scope.case_days()).order_by()


COUNT_FIELDS = CASEDAY_COUNTS


def totals(period: Period, scope: Scope) -> dict[str, int]:
    """Every count of CaseDay summed over the period and place (one query)."""
    sums = _days(period, scope).aggregate(**{name: Coalesce(Sum(name), 0) for name in COUNT_FIELDS})
    return {name: int(value) for name, value in sums.items()}


def by_channel(period: Period, scope: Scope) -> list[tuple[str, int, int, int]]:
    """(channel, submitted, closed, fully online) per channel."""
    rows = (
        _days(period, scope)
        .values_list("channel")
        .annotate(s=Sum("submitted"), c=Sum("closed"), o=Sum("fully_online"))
        .order_by("channel")
    )
    return [(channel, int(s), int(c), int(o)) for channel, s, c, o in rows]


def trend(period: Period, scope: Scope) -> list[tuple[str, int, int]]:
    """(label, submitted, closed) per day of a month, per month of a quarter or a year."""
    per_day = (
        _days(period, scope).values_list("day").annotate(s=Sum("submitted"), c=Sum("closed")).order_by("day")
    )
    buckets: dict[str, list[int]] = {}
    if period.kind == "month":
        for n in range(period.days):
            buckets[(period.start + timedelta(days=n)).isoformat()] = [0, 0]
    else:
        month = period.start
        while month <= period.end:
            buckets[month.strftime("%Y-%m")] = [0, 0]
            month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    for day, s, c in per_day:
        label = day.isoformat() if period.kind == "month" else day.strftime("%Y-%m")
        buckets[label][0] += int(s)
        buckets[label][1] += int(c)
    return [(label, s, c) for label, (s, c) in buckets.items()]


def histogram(period: Period, scope: Scope) -> dict[int, int]:
    """{working days: cases closed} over the period (the last bucket: MAX_BUCKET or more)."""
    rows = (
        CaseDuration.objects.filter(day__gte=period.start, day__lte=period.end, **scope.case_days())
        .order_by()
        .values_list("workdays")
        .annotate(n=Sum("cases"))
    )
    return {int(days): int(n) for days, n in rows}


@dataclass(frozen=True)
class ItemTimes:
    item_id: int
    timed: int
    average: Decimal | None
    promised: Decimal | None
    statutory: Decimal | None


def item_times(period: Period, scope: Scope, limit: int = 10) -> list[ItemTimes]:
    """The items closing the most timed cases: average actual working days against the average promised and
    statutory limits (the seed's "compression", e.g. 20 → 1)."""
    rows = (
        _days(period, scope)
        .values_list("item_id")
        .annotate(t=Sum("timed"), w=Sum("workdays_sum"), p=Sum("promised_sum"), s=Sum("statutory_sum"))
        .filter(t__gt=0)
        .order_by("-t", "item_id")[:limit]
    )
    return [
        ItemTimes(item_id, int(t), average(int(w), int(t)), average(int(p), int(t)), average(int(s), int(t)))
        for item_id, t, w, p, s in rows
    ]


@dataclass(frozen=True)
class WindowLoad:
    window: Window
    cases: int
    visits: int


def window_loads(period: Period, centre_id: int | None) -> list[WindowLoad]:
    """Cases accepted and tickets served per active window of the centre (of every centre when None)."""
    windows = (
        Window.objects.filter(is_active=True).select_related("centre", "clerk").order_by("centre", "number")
    )
    loads = WindowDay.objects.filter(day__gte=period.start, day__lte=period.end).order_by()
    if centre_id is not None:
        windows = windows.filter(centre_id=centre_id)
        loads = loads.filter(centre_key=centre_id)
    sums = {
        w: (int(c), int(v))
        for w, c, v in loads.values_list("window_id").annotate(Sum("cases"), Sum("visits"))
    }
    return [WindowLoad(w, *sums.get(w.pk, (0, 0))) for w in windows]


def warnings_now(scope: Scope) -> dict[str, int]:
    """Open cases yellow and red now, read live through the partial index `case_open_warning_idx` (the few
    open warning cases; the condition below is the index's own)."""
    cases = Case.objects.filter(~Q(status=CaseStatus.CLOSED) & Q(colour__in=[Colour.YELLOW, Colour.RED]))
    if scope.centre_id is not None:
        cases = cases.filter(visit__centre_id=scope.centre_id)
    if scope.department_id is not None:
        cases = cases.filter(department_id=scope.department_id)
    counts = dict(cases.order_by().values_list("colour").annotate(n=Count("id")))
    return {"yellow": counts.get(Colour.YELLOW, 0), "red": counts.get(Colour.RED, 0)}


@dataclass
class RatingFigures:
    ratings: int = 0
    satisfied: int = 0
    bad: int = 0
    satisfaction_rate: Decimal | None = None
    work_orders_open: int = 0
    rectification_rate: Decimal | None = None
    callback_rate: Decimal | None = None


def ratings(period: Period, scope: Scope) -> RatingFigures:
    """The 好差评 figures of the period from onego.ratings.statistics.summary (its aggregates; the definitions
    of satisfied, bad and the rates are there)."""
    s = rating_statistics.summary(
        start=period.start, end=period.end, centre_id=scope.centre_id, department_id=scope.department_id
    )
    return RatingFigures(
        ratings=s.ratings,
        satisfied=s.satisfied,
        bad=s.bad,
        satisfaction_rate=s.satisfaction_rate,
        work_orders_open=s.work_orders_open,
        rectification_rate=s.rectification_rate,
        callback_rate=s.callback_rate,
    )


def money_paid(period: Period, scope: Scope) -> tuple[int, int]:
    """(payments, fen) paid out to enterprises in the period (policies.Payment reconciled as paid)."""
    paid = Payment.objects.filter(
        status=PaymentStatus.PAID, paid_on__gte=period.start, paid_on__lte=period.end
    )
    if scope.department_id is not None:
        paid = paid.filter(department_id=scope.department_id)
    out = paid.aggregate(n=Count("id"), fen=Coalesce(Sum("amount_fen"), 0))
    return int(out["n"]), int(out["fen"])


@dataclass(frozen=True)
class RobotWork:
    runs: int
    succeeded: int
    failed_runs: int
    items: int
    item_failures: int


def robot_work(period: Period) -> RobotWork:
    """The robots' runs started in the period (seed case 7): items done and failed."""
    runs = RobotRun.objects.filter(created_at__date__gte=period.start, created_at__date__lte=period.end)
    out = runs.aggregate(
        n=Count("id"),
        ok=Count("id", filter=Q(status=RunStatus.SUCCEEDED)),
        bad=Count("id", filter=Q(status__in=[RunStatus.FAILED, RunStatus.PARTIAL])),
        items=Coalesce(Sum("done"), 0),
        failures=Coalesce(Sum("failed"), 0),
    )
    return RobotWork(out["n"], out["ok"], out["bad"], int(out["items"]), int(out["failures"]))


@dataclass
class Dashboard:
    period: Period
    scope: Scope
    totals: dict[str, int]
    channels: list[tuple[str, int, int, int]]
    trend: list[tuple[str, int, int]]
    histogram: dict[int, int]
    items: list[ItemTimes]
    windows: list[WindowLoad]
    warnings: dict[str, int]
    ratings: RatingFigures
    money: tuple[int, int]
    robots: RobotWork | None
    baseline_trips: int = field(default_factory=baseline_trips)

    @property
    def p90(self) -> int | None:
        return percentile(self.histogram)

    @property
    def visits_saved(self) -> int:
        """Trips saved by the cases closed: closed × baseline trips − the trips they actually took."""
        return max(0, self.totals["closed"] * self.baseline_trips - self.totals["visits"])

    @property
    def balance(self) -> Balance:
        return balance([w.cases for w in self.windows])

    @property
    def visit_balance(self) -> Balance:
        return balance([w.visits for w in self.windows])


def dashboard(period: Period, scope: Scope) -> Dashboard:
    district_wide = scope.department_id is None
    return Dashboard(
        period=period,
        scope=scope,
        totals=totals(period, scope),
        channels=by_channel(period, scope),
        trend=trend(period, scope),
        histogram=histogram(period, scope),
        items=item_times(period, scope),
        windows=window_loads(period, scope.centre_id) if district_wide else [],
        warnings=warnings_now(scope),
        ratings=ratings(period, scope),
        money=money_paid(period, scope),
        robots=robot_work(period) if district_wide else None,
    )


__all__ = ["MAX_BUCKET", "Dashboard", "Period", "Scope", "dashboard", "percentile", "balance"]

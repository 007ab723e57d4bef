"""Keeping the dashboard's aggregates (onego.stats.models) as cases change, and rebuilding them from the cases.

`on_case_event` is the case listener (registered in StatsConfig.ready): the engine calls it inside the
transaction that changed the case, so a count is stored exactly when the change is. Each event adds to at most
three rows with one INSERT … ON CONFLICT DO UPDATE each (PostgreSQL and SQLite), always in the same order —
CaseDay, CaseDuration, WindowDay — so two transactions never wait on each other's rows in opposite orders.

`rebuild` recomputes every aggregate from the cases (submitted_at, accepted_on, closed_at, the audit log's
colour changes) and the queue; a test proves it equals what the listener kept.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from onego.cases.models import Case, Channel, Colour, Outcome, Visit, VisitStatus
from onego.core.models import AuditEvent
from onego.stats.models import MAX_BUCKET, NO_CENTRE, CaseDay, CaseDuration, WindowDay

CASEDAY_KEY = ("day", "centre_key", "department_id", "item_id", "channel")
CASEDAY_COUNTS = (
    "submitted",
    "accepted",
    "closed",
    "approved",
    "refused",
    "ended",
    "fully_online",
    "visits",
    "timed",
    "workdays_sum",
    "promised_sum",
    "statutory_sum",
    "within_promised",
    "within_statutory",
    "turned_red",
)
DURATION_KEY = ("day", "centre_key", "department_id", "workdays")
WINDOW_KEY = ("day", "window_id")


def _upsert(
    table: str, key: Mapping[str, Any], adds: Mapping[str, int], *, sets: Mapping[str, Any] = {}
) -> None:
    """Add `adds` to the row of `key` in `table` (creating it), and set `sets` on it: one statement."""
    columns = [*key, *adds, *sets]
    values = [*key.values(), *adds.values(), *sets.values()]
    updates = [f"{c} = {table}.{c} + EXCLUDED.{c}" for c in adds] + [f"{c} = EXCLUDED.{c}" for c in sets]
    # Table and column names are this module's constants, never input; the values are parameters.
    placeholders = ", ".join(["%s"] * len(values))
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders}) "  # noqa: S608
        f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {', '.join(updates)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)


def _full(adds: Mapping[str, int], names: Iterable[str]) -> dict[str, int]:
    """Every count column (an INSERT must give the NOT NULL counts a value), `adds` where given."""
    return {name: adds.get(name, 0) for name in names}


def _where(case: Case) -> tuple[int, int | None]:
    """(centre key, window id) of the window that accepted the case; (NO_CENTRE, None) without one."""
    if case.visit_id is None:
        return NO_CENTRE, None
    row = Visit.objects.filter(pk=case.visit_id).values_list("centre_id", "window_id").first()
    if row is None:
        return NO_CENTRE, None
    return row[0], row[1]


def closing_counts(case: Case) -> tuple[dict[str, int], int | None]:
    """What a closed case adds to its CaseDay row, and its working-day bucket (None when never accepted)."""
    adds = {
        "closed": 1,
        "approved": int(case.outcome == Outcome.APPROVED),
        "refused": int(case.outcome in (Outcome.REFUSED, Outcome.NOT_ACCEPTED)),
        "ended": int(case.outcome in (Outcome.WITHDRAWN, Outcome.TERMINATED)),
        "fully_online": int(case.channel == Channel.ONLINE and case.visits == 0),
        "visits": case.visits,
    }
    bucket = None
    if case.accepted_on is not None and case.actual_workdays is not None:
        days = case.actual_workdays
        adds |= {
            "timed": 1,
            "workdays_sum": days,
            "promised_sum": case.promised_limit_workdays,
            "statutory_sum": case.statutory_limit_workdays,
            "within_promised": int(days <= case.promised_limit_workdays),
            "within_statutory": int(days <= case.statutory_limit_workdays),
        }
        bucket = min(days, MAX_BUCKET)
    return adds, bucket


def on_case_event(case: Case, event: str, day: date) -> None:
    """The case listener: add the event to the day's aggregates, in the case's transaction."""
    if event == "submitted":
        adds = {"submitted": 1}
    elif event == "accepted":
        adds = {"accepted": 1}
    elif event == "closed":
        adds, bucket = closing_counts(case)
    elif event == "colour":
        if case.colour != Colour.RED:
            return
        adds = {"turned_red": 1}
    else:
        return
    centre, window = _where(case)
    key = {
        "day": day,
        "centre_key": centre,
        "department_id": case.department_id,
        "item_id": case.item_id,
        "channel": case.channel,
    }
    _upsert(CaseDay._meta.db_table, key, _full(adds, CASEDAY_COUNTS))
    if event == "closed" and bucket is not None:
        _upsert(
            CaseDuration._meta.db_table,
            {"day": day, "centre_key": centre, "department_id": case.department_id, "workdays": bucket},
            {"cases": 1},
        )
    if event == "submitted" and window is not None:
        _upsert(
            WindowDay._meta.db_table,
            {"day": day, "window_id": window},
            {"cases": 1, "visits": 0},
            sets={"centre_key": centre},
        )


# --- the queue's served tickets ----------------------------------------------------------------------------


def count_visits(days: Iterable[date]) -> int:
    """Recount the queue tickets each window served (cases.Visit done) on each of `days` into WindowDay:
    idempotent (sets, never adds); returns the rows written. Run for yesterday and today by the beat."""
    written = 0
    for day in sorted(set(days)):
        rows = list(
            Visit.objects.filter(day=day, status=VisitStatus.DONE, window__isnull=False)
            .values_list("window_id", "centre_id")
            .annotate(n=Count("id"))
            .order_by("window_id")
        )
        with transaction.atomic():
            WindowDay.objects.filter(day=day).exclude(window_id__in=[w for w, _c, _n in rows]).update(
                visits=0
            )
            for window_id, centre_id, n in rows:
                _upsert(
                    WindowDay._meta.db_table,
                    {"day": day, "window_id": window_id},
                    {"cases": 0},
                    sets={"visits": n, "centre_key": centre_id},
                )
                written += 1
    return written


# --- rebuild ----------------------------------------------------------------------------------------------


def _local_day(value: datetime) -> date:
    return timezone.localtime(value).date()


def rebuild() -> dict[str, int]:
    """Recompute every aggregate from the cases, the audit log's colour changes and the queue, in one
    transaction (the dashboard shows the old figures until it commits). Returns the rows written per table."""
    days: defaultdict[tuple[Any, ...], dict[str, int]] = defaultdict(lambda: dict.fromkeys(CASEDAY_COUNTS, 0))
    durations: defaultdict[tuple[Any, ...], int] = defaultdict(int)
    windows: defaultdict[tuple[date, int], list[int]] = defaultdict(
        lambda: [0, 0, 0]
    )  # centre, cases, visits

    visit_place = dict(
        (pk, (centre, window))
        for pk, centre, window in Visit.objects.filter(cases__isnull=False)
        .distinct()
        .values_list("pk", "centre_id", "window_id")
        .iterator()
    )
    fields = [
        "pk",
        "visit_id",
        "department_id",
        "item_id",
        "channel",
        "submitted_at",
        "accepted_on",
        "closed_at",
        "outcome",
        "visits",
        "actual_workdays",
        "promised_limit_workdays",
        "statutory_limit_workdays",
    ]
    keys: dict[int, tuple[int, int, int, str]] = {}
    for case in Case.objects.order_by().only(*fields).iterator(chunk_size=5000):
        centre, window = (
            visit_place.get(case.visit_id, (NO_CENTRE, None)) if case.visit_id else (NO_CENTRE, None)
        )
        where = (centre, case.department_id, case.item_id, case.channel)
        keys[case.pk] = where
        submitted_on = _local_day(case.submitted_at)
        days[(submitted_on, *where)]["submitted"] += 1
        if window is not None:
            slot = windows[(submitted_on, window)]
            slot[0] = centre
            slot[1] += 1
        if case.accepted_on is not None:
            days[(case.accepted_on, *where)]["accepted"] += 1
        if case.closed_at is not None:
            closed_on = _local_day(case.closed_at)
            adds, bucket = closing_counts(case)
            row = days[(closed_on, *where)]
            for name, n in adds.items():
                row[name] += n
            if bucket is not None:
                durations[(closed_on, centre, case.department_id, bucket)] += 1
    reds = AuditEvent.objects.filter(
        Q(action="case.colour_changed") & Q(data__after=Colour.RED) & Q(object_type="cases.case")
    ).values_list("object_id", "occurred_at")
    for object_id, occurred_at in reds.iterator():
        found = keys.get(int(object_id))
        if found is not None:
            days[(_local_day(occurred_at), *found)]["turned_red"] += 1
    served = (
        Visit.objects.filter(status=VisitStatus.DONE, window__isnull=False)
        .values_list("day", "window_id", "centre_id")
        .annotate(n=Count("id"))
    )
    for day, window_id, centre_id, n in served.iterator():
        slot = windows[(day, window_id)]
        slot[0] = centre_id
        slot[2] = n

    with transaction.atomic():
        CaseDay.objects.all().delete()
        CaseDuration.objects.all().delete()
        WindowDay.objects.all().delete()
        CaseDay.objects.bulk_create(
            (
                CaseDay(**dict(zip(CASEDAY_KEY, key, strict=True)), **counts)
                for key, counts in sorted(days.items())
            ),
            batch_size=2000,
        )
        CaseDuration.objects.bulk_create(
            (
                CaseDuration(**dict(zip(DURATION_KEY, key, strict=True)), cases=n)
                for key, n in sorted(durations.items())
            ),
            batch_size=2000,
        )
        WindowDay.objects.bulk_create(
            (
                WindowDay(day=day, window_id=window, centre_key=slot[0], cases=slot[1], visits=slot[2])
                for (day, window), slot in sorted(windows.items())
            ),
            batch_size=2000,
        )
    return {"case_days": len(days), "durations": len(durations), "window_days": len(windows)}

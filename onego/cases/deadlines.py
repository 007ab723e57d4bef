"""Time limits of a case in working days (行政许可法 Art. 42, 45, 82; docs/domain.md "Time limits").

The promised limit (承诺时限) drives the colours; the statutory one (法定时限) is kept beside it. Counting
starts the working day after acceptance. Correction (补正) and special procedures pause the clock.

Warning colours (docs/domain.md "Time limits — warning colours"): time left is counted in half working days —
the morning and the afternoon of each working day, split at ONEGO_WORKDAY_NOON (12:00 Asia/Shanghai) — up to the
end of the promised deadline day, the current half included. A case is yellow once the half days left are at
most its warning share: the last ONEGO_WARNING_FRACTION (20 %) of the promised limit, rounded up to whole half
days, at least ONEGO_WARNING_MIN_HALF_DAYS (1) and never the whole limit. It is red from the day after the
deadline, and neither while the clock is paused. A 1-working-day promise accepted on Monday is due on Tuesday
and turns yellow at 12:00 on Tuesday.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from onego.cases.models import Case, CasePause, Colour
from onego.core.calendar import Pause, add_workdays, count_workdays, get_calendar


def pauses_of(case: Case, today: date) -> list[tuple[date, date]]:
    """Closed pauses as they were; an open pause runs up to today (it is still stopping the clock)."""
    out = []
    for p in case.pauses.all():
        out.append((p.started_on, p.ended_on or today))
    return out


def warning_fraction() -> Decimal:
    return Decimal(str(getattr(settings, "ONEGO_WARNING_FRACTION", "0.2")))


def warning_min_half_days() -> int:
    return int(getattr(settings, "ONEGO_WARNING_MIN_HALF_DAYS", 1))


def noon() -> time:
    """Where a working day's morning ends and its afternoon begins (local time)."""
    value = getattr(settings, "ONEGO_WORKDAY_NOON", time(12, 0))
    return value if isinstance(value, time) else time.fromisoformat(str(value))


def warning_half_days(limit_workdays: int) -> int:
    """How many half working days before the end of the promised deadline day a case turns yellow.

    The last `warning_fraction()` of the limit rounded up, at least `warning_min_half_days()`, and always
    less than the whole limit, so a case is never yellow on acceptance. 0 for an immediate (0-day) item.
    """
    whole = 2 * max(int(limit_workdays), 0)
    if whole == 0:
        return 0
    share = math.ceil(warning_fraction() * whole)
    return min(max(share, warning_min_half_days()), whole - 1)


def half_days_left(deadline: date, now: datetime, pauses: list[Pause] | tuple[Pause, ...] = ()) -> int:
    """Half working days from `now` to the end of `deadline`, the current half included (0 once it is past).

    Today counts only when it is a working day outside every pause (a pause closed today stops the clock
    until tomorrow); its morning counts only before noon.
    """
    local = timezone.localtime(now)
    today = local.date()
    if today > deadline:
        return 0
    left = 2 * count_workdays(today, deadline, pauses).workdays
    if count_workdays(today - timedelta(days=1), today, pauses).workdays:
        left += 1 if local.time() >= noon() else 2
    return left


def warning_starts(deadline: date | None, limit_workdays: int) -> datetime | None:
    """The moment a case with this promised deadline turns yellow (aware, local time), for the staff page.

    It is when the half day before the last `warning_half_days` ones ends: at noon when the first warned half is
    an afternoon; at midnight after the previous working day when it is a morning (so a Monday deadline warned
    for its last working day is yellow from Saturday 00:00: no working time is left before Monday).
    """
    share = warning_half_days(limit_workdays)
    if deadline is None or share == 0:
        return None
    calendar = get_calendar()
    day, seen, first_warned = deadline, 0, None
    for _ in range(share * 4 + 366):  # bounded like the calendar's own search
        if calendar.is_workday(day):
            if first_warned is not None:  # the working day before the first warned morning
                return timezone.make_aware(datetime.combine(day + timedelta(days=1), time(0, 0)))
            seen += 1  # one working day = two halves: its afternoon, then its morning
            if 2 * seen - share == 1:
                return timezone.make_aware(datetime.combine(day, noon()))
            if 2 * seen == share:
                first_warned = day
        day -= timedelta(days=1)
    return None


def is_paused(case: Case) -> bool:
    return any(p.ended_on is None for p in case.pauses.all())


def recompute(case: Case, today: date | None = None, *, now: datetime | None = None) -> None:
    """Set promised/statutory deadlines, the step deadline and the colour on the (locked) case object.

    `now` is the moment the colour is judged at (default: now); a `today` other than now's date judges at the
    start of that day."""
    now = now or timezone.now()
    if today is None:
        today = timezone.localdate(now)
    elif today != timezone.localdate(now):
        now = timezone.make_aware(datetime.combine(today, time(0, 0)))
    if case.accepted_on is None:
        case.colour = Colour.GREEN
        return
    pauses = pauses_of(case, today)
    promised = add_workdays(case.accepted_on, case.promised_limit_workdays, pauses)
    statutory = add_workdays(case.accepted_on, case.statutory_limit_workdays, pauses)
    case.promised_deadline = promised.deadline
    case.statutory_deadline = statutory.deadline
    case.calendar_complete = promised.calendar_complete and statutory.calendar_complete
    if not case.is_open:
        return
    case.colour = colour_for(
        promised.deadline,
        now,
        limit_workdays=case.promised_limit_workdays,
        paused=is_paused(case),
        pauses=pauses,
    )


def colour_for(
    deadline: date | None,
    now: datetime,
    *,
    limit_workdays: int,
    paused: bool = False,
    pauses: list[Pause] | tuple[Pause, ...] = (),
) -> str:
    """Red from the day after the deadline; yellow once the half working days left are within the warning
    share of the promised limit (`warning_half_days`); green otherwise. While the clock is paused (waiting
    for the applicant) a case never turns red or yellow."""
    if deadline is None or paused:
        return Colour.GREEN
    if timezone.localdate(now) > deadline:
        return Colour.RED
    left = half_days_left(deadline, now, pauses)
    return Colour.YELLOW if left <= warning_half_days(limit_workdays) else Colour.GREEN


def step_deadline(start: date, budget_workdays: int, pauses: list[tuple[date, date]]) -> date:
    return add_workdays(start, budget_workdays, pauses).deadline


def actual_workdays(case: Case, closed_on: date) -> int | None:
    if case.accepted_on is None:
        return None
    return count_workdays(case.accepted_on, closed_on, pauses_of(case, closed_on)).workdays


def open_pause(case: Case, kind: str, reason: str, today: date) -> CasePause:
    return CasePause.objects.create(case=case, kind=kind, reason=reason[:200], started_on=today)


def close_pauses(case: Case, kind: str, today: date) -> None:
    # The pause covers the days the applicant had; the clock runs again from the day after `today`.
    case.pauses.filter(kind=kind, ended_on__isnull=True).update(ended_on=today)


def promised_calendar_complete(case: Case, today: date | None = None) -> bool:
    """Whether the promised deadline was counted with every year's holidays loaded. `Case.calendar_complete`
    covers the statutory limit too, which reaches further; an applicant is promised the shorter date and is
    told when that one was counted on weekends only (docs/domain.md, time limits)."""
    if case.accepted_on is None:
        return True
    today = today or timezone.localdate()
    return add_workdays(
        case.accepted_on, case.promised_limit_workdays, pauses_of(case, today)
    ).calendar_complete

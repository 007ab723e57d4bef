"""Time limits of a case in working days (行政许可法 Art. 42, 45, 82; DOMAIN.md "Time limits").

The promised limit (承诺时限) drives the colours; the statutory one (法定时限) is kept beside it. Counting
starts the working day after acceptance. Correction (补正) and special procedures pause the clock.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils import timezone

from onego.cases.models import Case, CasePause, Colour
from onego.core.calendar import add_workdays, count_workdays


def pauses_of(case: Case, today: date) -> list[tuple[date, date]]:
    """Closed pauses as they were; an open pause runs up to today (it is still stopping the clock)."""
    out = []
    for p in case.pauses.all():
        out.append((p.started_on, p.ended_on or today))
    return out


def warning_workdays() -> int:
    return int(getattr(settings, "ONEGO_WARNING_WORKDAYS", 1))


def is_paused(case: Case) -> bool:
    return any(p.ended_on is None for p in case.pauses.all())


def recompute(case: Case, today: date | None = None) -> None:
    """Set promised/statutory deadlines, the step deadline and the colour on the (locked) case object."""
    today = today or timezone.localdate()
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
    case.colour = colour_for(promised.deadline, today, paused=is_paused(case))


def colour_for(deadline: date | None, today: date, *, paused: bool = False) -> str:
    """Red when overdue; yellow when at most N working days remain (N configurable); green otherwise.
    While the clock is paused (waiting for the applicant) a case never turns red or yellow."""
    if deadline is None or paused:
        return Colour.GREEN
    if today > deadline:
        return Colour.RED
    remaining = count_workdays(today, deadline).workdays
    return Colour.YELLOW if remaining <= warning_workdays() else Colour.GREEN


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

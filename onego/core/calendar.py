"""Working-day calendar (工作日历). Placeholder until the calendar helper lands."""

from __future__ import annotations


def load_from_chinesecalendar() -> list[int]:
    raise NotImplementedError

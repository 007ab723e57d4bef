"""manage.py seed_holidays — load 2004–2026 from chinesecalendar; run by `make run`, seed_demo and bench."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from onego.core.calendar import CHINESECALENDAR_SOURCE, load_from_chinesecalendar
from onego.core.models import CalendarYear


class Command(BaseCommand):
    help = (
        "Load statutory holidays and make-up working days (调休) for 2004–2026 from chinesecalendar. Idempotent; "
        "years an administrator imported from another source are left alone."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        years = load_from_chinesecalendar()
        if years:
            self.stdout.write(f"calendar loaded: {years[0]}–{years[-1]} ({len(years)} years)")
        kept = list(
            CalendarYear.objects.exclude(source__startswith=CHINESECALENDAR_SOURCE).values_list(
                "year", "source"
            )
        )
        for year, source in kept:
            self.stdout.write(f"{year}: kept the imported calendar ({source or '-'})")

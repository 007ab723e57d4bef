"""`manage.py export_ratings --day YYYY-MM-DD`: hand one day's ratings to the provincial 好差评 platform's sink
(here the local file: onego.ratings.export.LocalFileSink)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from onego.ratings import export


class Command(BaseCommand):
    help = (
        "Write one day's ratings for the provincial 好差评 platform (JSON Lines + SM3 digest under "
        "ONEGO_VAR_DIR/exports/ratings/). Once per day; --force writes the day again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--day", help="The day of the ratings, YYYY-MM-DD (default: yesterday).")
        parser.add_argument("--force", action="store_true", help="Write the day again even if exported.")
        parser.add_argument("--dir", help="Write under this directory instead of the default.")

    def handle(self, *args: Any, day: str | None, force: bool, dir: str | None, **options: Any) -> None:
        try:
            when = date.fromisoformat(day) if day else export.yesterday()
        except ValueError:
            raise CommandError(f"--day wants a date as YYYY-MM-DD, not {day!r}.") from None
        result = export.export_day(when, sink=export.LocalFileSink(dir), force=force)
        if result.skipped:
            self.stdout.write(
                f"{when}: already exported ({result.records} ratings, {result.location}); --force to redo."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(f"{when}: {result.records} ratings → {result.location} (SM3 {result.digest}).")
        )

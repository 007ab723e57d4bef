"""`manage.py rebuild_rating_figures`: recompute the 好差评 aggregates from the ratings (onego.ratings.statistics)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from onego.ratings import statistics


class Command(BaseCommand):
    help = (
        "Recompute the ratings' aggregate tables (per day, per staff member and day, per month and key) from the "
        "ratings, in one transaction. For a first install over existing ratings or to check the running counts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=5000, help="Aggregate rows written per batch.")

    def handle(self, *args: Any, batch_size: int, **options: Any) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be a positive integer.")
        written = statistics.rebuild(batch_size=batch_size)
        parts = ", ".join(f"{name} {n}" for name, n in written.items())
        self.stdout.write(self.style.SUCCESS(f"Rating figures rebuilt: {parts} rows."))

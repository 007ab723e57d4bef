"""Recompute the dashboard's aggregates from the cases, the audit log's colour changes and the queue."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from onego.stats import aggregates


class Command(BaseCommand):
    help = "Recompute the dashboard's aggregates (onego.stats) from the cases; the listener keeps them after."

    def handle(self, *args: Any, **options: Any) -> None:
        written = aggregates.rebuild()
        self.stdout.write(
            "case days {case_days}, duration rows {durations}, window days {window_days}".format(**written)
        )

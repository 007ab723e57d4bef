"""`manage.py archive_cases`: archive the stored files of every case (backfill; safe to run again)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from onego.archive import services
from onego.cases.models import Case


class Command(BaseCommand):
    help = "Archive every case's stored files (backfill; idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--case",
            dest="numbers",
            action="append",
            default=[],
            help="Only these case numbers (repeatable).",
        )

    def handle(self, *args: Any, numbers: list[str], verbosity: int, **options: Any) -> None:
        cases = Case.objects.order_by("pk")
        if numbers:
            cases = cases.filter(number__in=numbers)
        totals = {"cases": 0, "archived": 0, "already": 0, "missing": 0}
        for case_id in cases.values_list("pk", flat=True).iterator(chunk_size=2000):
            result = services.archive_case(case_id)
            totals["cases"] += 1
            totals["archived"] += result["archived"]
            totals["already"] += result["already"]
            totals["missing"] += len(result["missing"])
            for name in result["missing"]:
                self.stderr.write(f"missing from storage: {name} (case {result['case']})")
        self.stdout.write(
            self.style.SUCCESS(
                f"{totals['cases']} cases: {totals['archived']} files archived now, {totals['already']} already "
                f"archived, {totals['missing']} missing."
            )
        )

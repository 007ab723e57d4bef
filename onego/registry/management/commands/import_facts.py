"""manage.py import_facts FILE --source "…" — load enterprise facts from a CSV or .xlsx file (told apart by
the content, not the name); the layout is described in ``onego.registry.importers``.

All or nothing: every problem is listed with its row and column so the file can be fixed in one pass, and
one problem means nothing is written (exit status 1).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from onego.registry.importers import import_facts


class Command(BaseCommand):
    help = (
        "Import enterprise facts (CSV or .xlsx, told by content): header row with the credit code, the period and "
        "one column per fact; money in yuan. Any error writes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a .csv or .xlsx file")
        parser.add_argument("--source", required=True, help="the data source")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            report = import_facts(path, source=options["source"], actor="system:import_facts")
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from exc
        if not report.ok:
            for error in report.errors:
                self.stderr.write(str(error))
            hidden = report.error_count - len(report.errors)
            if hidden:
                self.stderr.write(f"… and {hidden} more error(s) not listed")
            raise CommandError(f"import failed: {report.error_count} error(s), nothing was written")
        for key, count in sorted(report.per_fact.items()):
            self.stdout.write(f"{key}: {count}")
        self.stdout.write(
            self.style.SUCCESS(
                f"imported {path.name} ({report.format}): {report.rows} rows, {report.values} values (created "
                f"{report.created}, updated {report.updated}), batch {report.batch_id}"
            )
        )

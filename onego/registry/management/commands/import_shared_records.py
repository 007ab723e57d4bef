"""manage.py import_shared_records KIND FILE --source "…" — load shared records about persons (健康证明, 户籍,
婚姻登记, 社保参保) from a CSV or .xlsx file; the layout is described in ``onego.registry.shared_import``.

All or nothing: every problem is listed with its row and column, and one problem writes nothing (exit 1).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from onego.registry.shared_import import TABLES, import_shared_records


class Command(BaseCommand):
    help = "Import shared records about persons (CSV or .xlsx). Any error writes nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(TABLES), help="the kind of record")
        parser.add_argument("file", help="a .csv or .xlsx file")
        parser.add_argument("--source", required=True, help="the data source")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            report = import_shared_records(
                path, kind=options["kind"], source=options["source"], actor="system:import_shared_records"
            )
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from exc
        if not report.ok:
            for error in report.errors:
                self.stderr.write(str(error))
            raise CommandError(f"import failed: {report.error_count} error(s), nothing was written")
        self.stdout.write(
            self.style.SUCCESS(
                f"imported {path.name}: {report.rows} rows (created {report.created}, updated {report.updated})"
            )
        )

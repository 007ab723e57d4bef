"""manage.py import_catalog FILE — load a catalogue exported by export_catalog (Excel or JSON, told apart
by the content, not the name).

All or nothing: every problem is listed with its sheet, row and column (or JSON path) so the file can be
fixed in one pass, and one problem means nothing is written. Published versions are never changed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from onego.catalog.transfer import COUNTED, MAX_IMPORT_BYTES, import_catalog


class Command(BaseCommand):
    help = (
        "Import a catalogue file (Excel or JSON, told by its content). Everything is checked first and any error "
        "writes nothing; rows are created or updated by their codes, draft versions replaced, published versions "
        "must match the database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="an .xlsx workbook or a JSON file from export_catalog")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            with path.open("rb") as fh:
                data = fh.read(MAX_IMPORT_BYTES + 1)  # enough to tell that it is too large
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from exc
        report = import_catalog(data, actor="system:import_catalog")
        if not report.ok:
            for error in report.errors:
                self.stderr.write(str(error))
            raise CommandError(f"import failed: {len(report.errors)} error(s), nothing was written")
        for table in COUNTED:
            c = report.counts[table.key]
            self.stdout.write(
                f"{table.sheet} {table.key}: 新增 created {c['created']}，更新 updated {c['updated']}，"
                f"未变 unchanged {c['unchanged']}"
            )
        self.stdout.write(self.style.SUCCESS(f"imported {path.name} ({report.format})"))

"""manage.py export_catalog --format xlsx|json --out FILE — the whole service catalogue, to move it
between installations or to edit it in a spreadsheet and import it again (import_catalog)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from onego.catalog.transfer import export_catalog


class Command(BaseCommand):
    help = (
        "Export the whole service catalogue (items, every version, forms, materials, tags, bundles) as an Excel "
        "workbook (one sheet per table) or one JSON document."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--format", choices=["xlsx", "json"], default="xlsx", help="xlsx (default) or json"
        )
        parser.add_argument("--out", required=True, help="the file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["out"])
        data = export_catalog(options["format"])
        try:
            path.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"cannot write {path}: {exc.strerror}") from exc
        self.stdout.write(
            self.style.SUCCESS(f"exported the catalogue to {path} ({options['format']}, {len(data)} bytes)")
        )

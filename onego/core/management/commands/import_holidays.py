"""manage.py import_holidays FILE.csv — load a year's holidays from the State Council notice.

chinesecalendar stops at 2026; later years are typed in by an administrator from the yearly notice
(国务院办公厅关于节假日安排的通知). All or nothing: one bad row and nothing is written, and every bad row is
listed with its row and column so the file can be fixed in one pass.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from onego.core.calendar import decode_import_file, import_calendar_entries, parse_calendar_csv


class Command(BaseCommand):
    help = (
        "Import holidays and make-up working days from a CSV (header date,kind,name; kind holiday/workday, 休/班 or "
        "节假日/调休). Each year in the file is replaced and marked loaded; any bad row writes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV file, UTF-8 or GB18030")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(
            "en"
        ):  # an operator's command: the file's problems in English, like the rest
            self._import(Path(options["file"]))

    def _import(self, path: Path) -> None:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from exc
        try:
            text = decode_import_file(raw)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        entries, errors = parse_calendar_csv(text)
        if errors:
            for error in errors:
                self.stderr.write(str(error))
            raise CommandError(f"import failed: {len(errors)} error(s), nothing was written")
        changes = import_calendar_entries(entries, source=path.name, actor="system:import_holidays")
        for c in changes:
            self.stdout.write(
                f"{c.year}: {c.total} dates (created {c.created}, updated {c.updated}, deleted {c.deleted}), "
                "marked loaded"
            )
        self.stdout.write(self.style.SUCCESS(f"imported {len(entries)} rows from {path.name}"))

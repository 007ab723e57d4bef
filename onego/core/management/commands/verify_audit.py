"""`manage.py verify_audit`: recompute the audit chain and name the first broken event."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from onego.core import audit

PROGRESS_EVERY = 100_000


class Command(BaseCommand):
    help = "Verify the audit log's hash chain and name the first altered, deleted or inserted event."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch-size",
            type=int,
            default=2000,
            help="Events read per batch (memory stays flat at any chain length).",
        )

    def handle(self, *args: Any, batch_size: int, verbosity: int, **options: Any) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be a positive integer.")
        next_report = PROGRESS_EVERY

        def progress(count: int) -> None:
            nonlocal next_report
            if verbosity >= 1 and count >= next_report:
                self.stdout.write(f"{count} events checked…")
                next_report = (count // PROGRESS_EVERY + 1) * PROGRESS_EVERY

        with translation.override("en"):  # an operator's command: the report in English, like the rest
            report = audit.verify_chain(batch_size=batch_size, on_progress=progress)
            missing = audit.missing_database_guards()
            if missing:
                self.stderr.write(
                    "Warning: the audit log's append-only triggers are missing or disabled: "
                    + ", ".join(missing)
                    + "."
                )
            if not report.ok:
                raise CommandError(report.message)
            self.stdout.write(self.style.SUCCESS(f"OK — {report.message}"))

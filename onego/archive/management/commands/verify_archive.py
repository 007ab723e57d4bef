"""`manage.py verify_archive`: re-hash every archived file and name each that changed or vanished."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from onego.archive import services

PROGRESS_EVERY = 10_000


class Command(BaseCommand):
    help = "Re-hash every archived file (SM3) and list each one that changed or vanished."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500, help="Records read per batch.")

    def handle(self, *args: Any, batch_size: int, verbosity: int, **options: Any) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be a positive integer.")
        next_report = PROGRESS_EVERY

        def progress(count: int) -> None:
            nonlocal next_report
            if verbosity >= 1 and count >= next_report:
                self.stdout.write(f"{count} files checked…")
                next_report = (count // PROGRESS_EVERY + 1) * PROGRESS_EVERY

        report = services.verify_archive(batch=batch_size, on_progress=progress)
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(problem.message)
            raise CommandError(
                f"Archive verification failed: {report.count} files, {len(report.changed)} changed, "
                f"{len(report.vanished)} vanished."
            )
        self.stdout.write(self.style.SUCCESS(f"OK — archive intact: {report.count} files."))

"""`manage.py verify_archive`: re-hash every archived file and name each that changed or vanished."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from onego.archive import services

PROGRESS_EVERY = 10_000


class Command(BaseCommand):
    help = (
        "重新计算每个归档文件的 SM3，列出被改动或丢失的文件。"
        " Re-hash every archived file (SM3) and list each one that changed or vanished."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch-size", type=int, default=500, help="每批读取的记录数 Records read per batch."
        )

    def handle(self, *args: Any, batch_size: int, verbosity: int, **options: Any) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size 必须为正整数。 --batch-size must be a positive integer.")
        next_report = PROGRESS_EVERY

        def progress(count: int) -> None:
            nonlocal next_report
            if verbosity >= 1 and count >= next_report:
                self.stdout.write(f"已校验 {count} 个文件… {count} files checked…")
                next_report = (count // PROGRESS_EVERY + 1) * PROGRESS_EVERY

        report = services.verify_archive(batch=batch_size, on_progress=progress)
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(problem.message)
            raise CommandError(
                f"电子档案校验失败：共 {report.count} 个文件，{len(report.changed)} 个被改动，"
                f"{len(report.vanished)} 个丢失。 Archive verification failed: {report.count} files,"
                f" {len(report.changed)} changed, {len(report.vanished)} vanished."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"OK — 电子档案完好：共 {report.count} 个文件。 Archive intact: {report.count} files."
            )
        )

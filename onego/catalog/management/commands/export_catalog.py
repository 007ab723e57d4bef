"""manage.py export_catalog --format xlsx|json --out FILE — the whole service catalogue, to move it
between installations or to edit it in a spreadsheet and import it again (import_catalog)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from onego.catalog.transfer import TABLES, export_catalog


class Command(BaseCommand):
    help = (
        "导出整个事项库（事项、各版本、表单、材料、标签、一件事），Excel 每表一个工作表，或一个 JSON 文件。 / "
        "Export the whole service catalogue (items, every version, forms, materials, tags, bundles) as an "
        "Excel workbook (one sheet per table) or one JSON document."
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
            raise CommandError(
                f"无法写入文件 {path}：{exc.strerror} / cannot write {path}: {exc.strerror}"
            ) from exc
        sheets = "、".join(t.sheet for t in TABLES)
        self.stdout.write(
            self.style.SUCCESS(
                f"已导出事项库到 {path}（{options['format']}，{len(data)} 字节；{sheets}） / "
                f"exported the catalogue to {path} ({options['format']}, {len(data)} bytes)"
            )
        )

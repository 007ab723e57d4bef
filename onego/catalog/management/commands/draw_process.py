"""`manage.py draw_process CODE [--out FILE] [--lang zh|en] [--item-version N]`: an item's process as an SVG."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from onego.accounts.models import Department
from onego.catalog.diagram import render_svg
from onego.catalog.models import ItemVersion, ServiceItem
from onego.catalog.process import steps
from onego.catalog.selectors import version_in_force


class Command(BaseCommand):
    help = "Draw the process definition of a service item as an SVG diagram (画出事项的办理流程图)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="item code (ServiceItem.code)")
        parser.add_argument("--out", help="output file (default: CODE.svg in the current directory)")
        parser.add_argument("--lang", choices=["zh", "en"], default="zh", help="label language (default zh)")
        parser.add_argument(
            "--item-version",
            type=int,
            dest="item_version",
            help="draw this version number (a draft too) instead of the version in force",
        )

    def handle(self, *args: Any, **options: Any) -> str:
        code: str = options["code"]
        item = ServiceItem.objects.filter(code=code).first()
        if item is None:
            raise CommandError(f"No service item with code {code}")
        version: ItemVersion | None
        if options["item_version"] is not None:
            version = item.versions.filter(version=options["item_version"]).first()
            if version is None:
                raise CommandError(f"Item {code} has no version {options['item_version']}")
        else:
            version = version_in_force(item)
            if version is None:
                raise CommandError(f"Item {code} has no version in force (name one with --item-version)")

        lang = options["lang"]
        title = (
            f"{version.name_en or version.name} — process (v{version.version})"
            if lang == "en"
            else f"{version.name} 办理流程（第 {version.version} 版）"
        )
        svg = render_svg(
            version.process, lang=lang, title=title, department_names=_department_names(version.process)
        )
        out = Path(options["out"] or f"{code}.svg")
        try:
            out.write_text(svg, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Cannot write {out}: {exc}") from exc
        self.stdout.write(str(out))
        return ""


def _department_names(definition: Any) -> dict[str, str]:
    """Credit codes named in the definition (actors and countersign branches) → departments' short names."""
    codes: set[str] = set()
    for entry in steps(definition):
        actor = entry.get("actor")
        if isinstance(actor, dict) and isinstance(actor.get("department"), str):
            codes.add(actor["department"])
        branches = entry.get("branches")
        for branch in branches if isinstance(branches, list) else []:
            if isinstance(branch, dict) and isinstance(branch.get("department"), str):
                codes.add(branch["department"])
    return {d.credit_code: d.short_name or d.name for d in Department.objects.filter(credit_code__in=codes)}

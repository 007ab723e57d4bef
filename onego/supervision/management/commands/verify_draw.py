"""manage.py verify_draw <number> [--file inputs.json] — re-run a spot-check draw from its published inputs and
compare: the register digests and, entity by entity, the drawn inspectors. With --file the inputs are read from
a file downloaded from the public page (supervision:draw_inputs) instead of the database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from onego.supervision import lottery
from onego.supervision.models import Draw


class Command(BaseCommand):
    help = "Re-run a spot-check draw from its published inputs and compare it with the stored result."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("number", help="the task number, e.g. SC202600001")
        parser.add_argument("--file", help="a published inputs.json to re-run instead of the stored inputs")

    def handle(self, *args: Any, **options: Any) -> None:
        draw = Draw.objects.filter(number=options["number"]).first()
        if draw is None:
            raise CommandError(f"no draw {options['number']}")
        data = json.loads(Path(options["file"]).read_text("utf-8")) if options.get("file") else draw.inputs
        try:
            result = lottery.run(lottery.DrawInputs.from_dict(data))
        except (KeyError, ValueError, TypeError) as exc:
            raise CommandError(f"the inputs cannot be read: {exc}") from exc
        rerun = [(p.entity.code, p.entity.licence, list(p.inspectors), p.unstaffed) for p in result.picks]
        stored = [
            (
                c.entity_code,
                c.licence.number,
                [a.inspector.certificate_number for a in c.assignments.order_by("rank")],
                c.status == "unstaffed",
            )
            for c in draw.checks.select_related("licence").order_by("seq")
        ]
        problems = []
        if result.entity_digest != draw.entity_digest:
            problems.append(f"entity register digest {result.entity_digest} != {draw.entity_digest}")
        if result.inspector_digest != draw.inspector_digest:
            problems.append(f"inspector register digest {result.inspector_digest} != {draw.inspector_digest}")
        if rerun != stored:
            problems.append("the drawn entities or inspectors differ from the stored draw")
        if problems:
            raise CommandError("; ".join(problems))
        self.stdout.write(
            f"OK {draw.number}: seed {draw.seed}, {len(stored)} entities, "
            f"entity register SM3 {draw.entity_digest}, inspector register SM3 {draw.inspector_digest}"
        )

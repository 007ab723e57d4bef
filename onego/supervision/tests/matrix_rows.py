"""Rows of the staff-write matrix (onego/portal/tests/test_staff_write_matrix.py) for the spot checks: only a
supervisor draws; only an inspector drawn for a check records its result (the demo reviewer, in this world)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from onego.portal.tests.matrix import Write


@dataclass
class SpotWorld:
    matter: Any  # the food matter
    check: Any  # a check of a draw, assigned to the demo reviewer and the demo inspector "inspector"


def spot_world() -> SpotWorld:
    from onego.accounts.models import User
    from onego.demo.spot_seed import seed_spot_checks
    from onego.supervision import services
    from onego.supervision.models import Assignment, CheckMatter, CheckStatus, Inspector

    seed_spot_checks()
    matter = CheckMatter.objects.get(code="food-business")
    draw = services.create_draw(
        actor=User.objects.get(username="supervisor"),
        matter=matter,
        title="矩阵测试抽查",
        check_by=timezone.localdate() + dt.timedelta(days=30),
        seed="0123456789abcdef0123456789abcdef",
        ratio="1",
    )
    check = draw.checks.filter(status=CheckStatus.ASSIGNED).order_by("seq").first()
    assert check is not None
    check.assignments.all().delete()
    for rank, username in enumerate(["reviewer", "inspector"], start=1):
        Assignment.objects.create(
            check_row=check, inspector=Inspector.objects.get(user__username=username), rank=rank
        )
    return SpotWorld(matter=matter, check=check)


def _draws(w: SpotWorld) -> Any:
    from onego.supervision.models import Draw

    return list(Draw.objects.values_list("pk", flat=True).order_by("pk"))


def _check(w: SpotWorld) -> Any:
    from onego.supervision.models import Check

    return Check.objects.filter(pk=w.check.pk).values_list("status", "recorded_by", "published_at").get()


WRITES: dict[str, Write] = {
    "supervision:new_draw": Write(
        "spot",
        frozenset({"supervisor"}),
        lambda w: (
            "/supervision/draws/new/",
            {
                "matter": w.matter.pk,
                "title": "2026 年随机抽查",
                "check_by": (timezone.localdate() + dt.timedelta(days=20)).isoformat(),
                "seed": "feedfacefeedfacefeedfacefeedface",
                "ratio": "",
            },
        ),
        _draws,
    ),
    "supervision:check": Write(
        "spot",
        frozenset({"reviewer"}),
        lambda w: (
            f"/supervision/checks/{w.check.pk}/",
            {"result": "passed", "checked_on": timezone.localdate().isoformat(), "findings": ""},
        ),
        _check,
    ),
}
NOT_STAFF_WRITES: dict[str, str] = {
    "supervision:spot_checks": "reads only (GET)",
    "supervision:draw": "reads only (GET)",
    **dict.fromkeys(
        ["supervision:public", "supervision:public_draw", "supervision:draw_inputs"],
        "public: anyone may use it",
    ),
}
WORLDS = {"spot": spot_world}

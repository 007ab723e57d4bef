"""The service stars' rows of the staff-write matrix (onego/portal/tests/test_staff_write_matrix.py): entering
scores, importing and approving belong to the heads of the department that runs the centre — the demo's
`centre_head` for the district centre; supervisors only read, everyone else is refused."""

from __future__ import annotations

import io
from typing import Any

from onego.portal.tests.matrix import Write

CENTRE_HEADS = frozenset({"centre_head"})


def stars_world() -> Any:
    """The district centre's previous quarter, every score entered: the draft may be approved."""
    from onego.demo import stars_seed

    return stars_seed.seed_stars()


def _round_state(w: Any) -> Any:
    from onego.staffstars.models import EnteredScore, StarEntry, StarRound

    r = StarRound.objects.filter(centre=w.centre, year=w.year, quarter=w.quarter).first()
    scores = sorted(EnteredScore.objects.filter(round=r).values_list("staff", "dimension", "score", "source"))
    return (r.status if r else None, scores, StarEntry.objects.count())


def _complaints(w: Any) -> Any:
    from onego.staffstars.models import Complaint

    return sorted(Complaint.objects.values_list("reference", "upheld"))


def _sheet(w: Any) -> tuple[str, dict[str, Any]]:
    staff = w.staff[0]
    return f"/stars/centre/district/{w.key}/sheet/", {f"s-{staff.pk}-attendance": "61.5"}


def _import(w: Any) -> tuple[str, dict[str, Any]]:
    data = io.BytesIO(f"登录名,考勤\n{w.staff[1].username},62\n".encode())
    data.name = "sheet.csv"
    return f"/stars/centre/district/{w.key}/import/", {"file": data}


def _complaint_file(w: Any) -> tuple[str, dict[str, Any]]:
    data = io.BytesIO(
        f"工单编号,受理日期,被投诉人员登录名,是否属实\nGZ-MATRIX-1,{w.year}-{3 * w.quarter:02d}-01,"
        f"{w.staff[2].username},是\n".encode()
    )
    data.name = "12345.csv"
    return "/stars/centre/district/complaints/import/", {"file": data}


WRITES: dict[str, Write] = {
    "staffstars:sheet": Write("stars", CENTRE_HEADS, _sheet, _round_state),
    "staffstars:sheet_import": Write("stars", CENTRE_HEADS, _import, _round_state),
    "staffstars:approve": Write(
        "stars", CENTRE_HEADS, lambda w: (f"/stars/centre/district/{w.key}/approve/", {}), _round_state
    ),
    "staffstars:complaints_import": Write("stars", CENTRE_HEADS, _complaint_file, _complaints),
}

NOT_STAFF_WRITES: dict[str, str] = {
    **dict.fromkeys(
        [
            "staffstars:index",
            "staffstars:ranking",
            "staffstars:sheet_template",
            "staffstars:complaints",
            "staffstars:complaints_template",
            "staffstars:certificate",
        ],
        "reads only (GET)",
    ),
    **dict.fromkeys(["staffstars:hall", "staffstars:hall_display"], "public"),
}

WORLDS = {"stars": stars_world}

"""A bad rating of a visit served by the demo `clerk` at the district centre's window 3, and its work order:
the world of the work-order tests, the matrix rows and the browser test (the demo must be loaded).

The rating row is written directly and `open_work_order` called in its transaction, as `record_rating` does."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from onego.accounts.models import ServiceCentre, User, Window
from onego.cases.models import Visit, VisitStatus
from onego.ratings import workorders
from onego.ratings.models import Rating, RatingChannel, WorkOrder

RATER_NAME = "张三丰"
RATER_PHONE = "13812345678"


def bad_rating(
    *,
    grade: int = 2,
    at: datetime | None = None,
    ticket: str = "",
    clerk: str = "clerk",
    reason: str = "窗口人员态度生硬，材料要求讲不清楚",
) -> WorkOrder:
    """A done visit at the district centre served by `clerk`, rated `grade` on the pad; returns its order."""
    at = at or timezone.now()
    day = timezone.localdate(at)
    staff = User.objects.get(username=clerk)
    centre = ServiceCentre.objects.get(code="district")
    window = Window.objects.filter(clerk=staff).first() or Window.objects.get(centre=centre, number=3)
    with transaction.atomic():
        number = Visit.objects.filter(centre=centre, day=day).count() + 1
        visit = Visit.objects.create(
            centre=centre,
            day=day,
            ticket=ticket or f"A{number:03d}",
            status=VisitStatus.DONE,
            applicant_name=RATER_NAME,
            phone=RATER_PHONE,
            taken_at=at,
            called_at=at,
            done_at=at,
            window=window,
            clerk=staff,
        )
        rating = Rating.objects.create(
            visit=visit,
            grade=grade,
            indicators={"efficiency": 3, "competence": 2, "attitude": 1},
            reason=reason,
            channel=RatingChannel.PAD,
            rater_name=RATER_NAME,
            rater_phone=RATER_PHONE,
            staff=staff,
            window=window,
            centre=centre,
            department_id=staff.department_id,
            rated_at=at,
            rated_on=day,
        )
        order = workorders.open_work_order(rating)
    assert order is not None
    return order


def seed_staff() -> None:
    """The part of the demo these tests need, in a second rather than the whole seed_demo: the holiday
    calendar, the departments, one user per role and the service centres (the clerk at window 3)."""
    from onego.accounts.services import ensure_role_groups
    from onego.core.calendar import load_from_chinesecalendar
    from onego.demo import centres
    from onego.portal.management.commands.seed_demo import Command

    load_from_chinesecalendar()
    ensure_role_groups()
    command = Command()
    departments = command._departments()
    command._users(departments)
    centres.seed_centres(departments)


@pytest.fixture
def staff(db: None) -> None:
    """Import this fixture into a test module: the demo's departments, users and centres."""
    seed_staff()

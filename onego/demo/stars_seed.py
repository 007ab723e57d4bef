"""The demo's service stars (seed case 9): the evaluation scheme, and a quarter of window work at the district
centre and Taihe town — window staff seconded from several departments, visits served, 好差评 ratings, 12345
complaints, an upheld bad review and the managers' scores — enough for a draft ranking of 13 people at the
district centre (15 % → 2 stars) and 4 in Taihe.

`seed_scheme()` is cheap and idempotent. `seed_stars()` adds one quarter (default: the one before today's) in
about a second — some 300 visits and 250 ratings; it is idempotent per quarter."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from onego.accounts.models import Department, ServiceCentre, User, Window
from onego.accounts.roles import Role
from onego.cases.models import Visit, VisitStatus
from onego.demo.accounts import DEPARTMENT_CODES, DEPARTMENTS
from onego.ratings import statistics
from onego.ratings.models import Rating, RatingChannel, WorkOrder, WorkOrderStatus
from onego.staffstars import selectors
from onego.staffstars.models import (
    ENTERED_DIMENSIONS,
    Complaint,
    Dimension,
    EnteredScore,
    ScoreSource,
    StarDimension,
    StarRound,
    StarScheme,
)

#: The weights of the seven dimensions (summing to 100): the centre's rules, as data.
DEFAULT_WEIGHTS = {
    Dimension.ATTENDANCE: 10,
    Dimension.APPEARANCE: 10,
    Dimension.WORK_STYLE: 15,
    Dimension.DISCIPLINE: 15,
    Dimension.VOLUME: 20,
    Dimension.RATINGS: 20,
    Dimension.COMPLAINTS: 10,
}
SCHEME_FROM = dt.date(2020, 1, 1)
CST = dt.timezone(dt.timedelta(hours=8))

# (username, name, home department key, centre, window or None); the demo clerk 黄晓敏 (district window 3)
# is ranked too, making 13 at the district centre.
STAFF = [
    ("star01", "陈思远", "scjg", "district", 1),
    ("star02", "李嘉欣", "jyzx", "district", 2),
    ("star03", "王志强", "zsj", "district", 4),
    ("star04", "张雨桐", "scjg", "district", 5),
    ("star05", "刘子豪", "fgj", "district", 6),
    ("star06", "杨慧敏", "zsj", "district", 7),
    ("star07", "赵文博", "jyzx", "district", 8),
    ("star08", "黄诗琪", "scjg", "district", None),
    ("star09", "周俊杰", "fgj", "district", None),
    ("star10", "吴佳怡", "zsj", "district", None),
    ("star11", "徐浩然", "scjg", "district", None),
    ("star12", "孙梦琪", "jyzx", "district", None),
    ("th01", "何建华", "th", "th", 1),
    ("th02", "罗晓燕", "th", "th", 2),
    ("th03", "梁永康", "th", "th", 3),
    ("th04", "谢婉婷", "th", "th", 4),
]
PASSWORD = "Demo@2026"


def seed_scheme(weights: dict[str, int] | None = None, *, min_ratings: int = 10) -> StarScheme:
    """The scheme in force since 2020 (idempotent)."""
    with transaction.atomic():
        scheme, _created = StarScheme.objects.get_or_create(
            effective_from=SCHEME_FROM,
            defaults={"name": "政务服务之星评选办法", "min_ratings": min_ratings},
        )
        for key, weight in (weights or DEFAULT_WEIGHTS).items():
            StarDimension.objects.update_or_create(scheme=scheme, key=key, defaults={"weight": weight})
    return scheme


@dataclass
class StarsWorld:
    centre: ServiceCentre
    year: int
    quarter: int
    staff: list[User]  # the district centre's ranked window staff (the demo clerk first)

    @property
    def key(self) -> str:
        return f"{self.year}Q{self.quarter}"


def _staff(departments: dict[str, Department], centres: dict[str, ServiceCentre]) -> list[User]:
    clerk_group, _ = Group.objects.get_or_create(name=Role.WINDOW_CLERK.value)
    out = []
    hashed = ""  # one hash for all (argon2 costs a quarter of a second per password by design)
    for username, name, dept, centre, window in STAFF:
        user = User.objects.filter(username=username).first()
        if user is None:
            hashed = hashed or make_password(PASSWORD)
            user = User.objects.create(username=username, password=hashed, real_name=name)
        user.real_name = name
        user.department = departments[dept]
        user.service_centre = centres[centre]
        user.save(update_fields=["real_name", "department", "service_centre"])
        user.groups.add(clerk_group)
        if window is not None:
            Window.objects.filter(centre=centres[centre], number=window, clerk__isnull=True).update(
                clerk=user
            )
        out.append(user)
    return out


def seed_stars(year: int | None = None, quarter: int | None = None, *, complete: bool = True) -> StarsWorld:
    """One quarter of window work for the stars (default: the quarter before today's). With `complete`, every
    entered score of the district centre is filled in (the draft may be approved); without, one is missing."""
    if year is None or quarter is None:
        year, quarter = selectors.previous_quarter(timezone.localdate())
    seed_scheme()
    centres = {c.code: c for c in ServiceCentre.objects.select_related("department")}
    departments = {
        d.key: Department.objects.get(credit_code=DEPARTMENT_CODES[d.key])
        for d in DEPARTMENTS
        if d.key in {"zsj", "scjg", "jyzx", "fgj", "th"}
    }
    start, end = selectors.quarter_bounds(year, quarter)
    rng = random.Random(f"stars-{year}Q{quarter}")  # noqa: S311 - demo data, reproducible
    with transaction.atomic():
        staff = _staff(departments, centres)
        clerk = User.objects.filter(username="clerk").first()
        ranked = ([clerk] if clerk is not None else []) + staff
        # seeded already: this function's own tickets (S…) of the quarter (the demo's other seeds take tickets
        # too — the queue's A…, the bad reviews' D… — and may fall in the same quarter)
        if Visit.objects.filter(
            centre__code__in=["district", "th"], day__gte=start, day__lte=end, ticket__startswith="S"
        ).exists():
            return _world(centres["district"], year, quarter)
        days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
        days = [d for d in days if d.weekday() < 5]
        tickets: dict[tuple[int, dt.date], int] = {}
        visits: list[Visit] = []
        for n, user in enumerate(ranked):
            centre = user.service_centre
            assert centre is not None
            window = Window.objects.filter(centre=centre, clerk=user).first()
            served = 8 + rng.randint(0, 18) if n else 24
            for day in rng.sample(days, min(served, len(days))):
                number = tickets.get((centre.pk, day), 0) + 1
                tickets[(centre.pk, day)] = number
                called = dt.datetime.combine(day, dt.time(9, 0), tzinfo=CST) + dt.timedelta(
                    minutes=7 * number
                )
                visits.append(
                    Visit(
                        centre=centre,
                        day=day,
                        ticket=f"S{number:03d}",
                        status=VisitStatus.DONE,
                        applicant_name="演示群众",
                        taken_at=called - dt.timedelta(minutes=5),
                        called_at=called,
                        done_at=called + dt.timedelta(minutes=rng.randint(4, 25)),
                        window=window,
                        clerk=user,
                    )
                )
        Visit.objects.bulk_create(visits)
        bad_rating = None
        for visit in Visit.objects.filter(pk__in=[v.pk for v in visits] or [0]).select_related("clerk"):
            if rng.random() < 0.2:
                continue
            grade = rng.choices([5, 4, 3, 2, 1], weights=[60, 25, 10, 4, 1])[0]
            assert visit.clerk is not None and visit.done_at is not None
            rating = Rating.objects.create(
                visit=visit,
                grade=grade,
                channel=RatingChannel.PAD,
                rater_name="演示群众",
                staff=visit.clerk,
                window=visit.window,
                centre=visit.centre,
                department=visit.clerk.department,
                rated_at=visit.done_at + dt.timedelta(minutes=1),
                rated_on=visit.day,
                reason="等候时间长，态度一般" if grade <= 2 else "",
            )
            statistics.count_rating(rating)
            if grade <= 2 and bad_rating is None:
                bad_rating = rating
        if bad_rating is not None and bad_rating.department_id is not None:
            # one bad review verified true and closed: it counts as a complaint upheld
            WorkOrder.objects.get_or_create(
                rating=bad_rating,
                defaults={
                    "number": f"CP{bad_rating.rated_on:%Y%m%d}{bad_rating.pk:06d}",
                    "department_id": bad_rating.department_id,
                    "assignee": bad_rating.staff,
                    "status": WorkOrderStatus.CLOSED,
                    "opened_on": bad_rating.rated_on,
                    "due_on": bad_rating.rated_on + dt.timedelta(days=21),
                    "closed_on": bad_rating.rated_on + dt.timedelta(days=3),
                    "verified": True,
                    "verification": "经核实，窗口人员解释不耐心，情况属实。",
                },
            )
        admin = User.objects.filter(username="centre_head").first() or ranked[0]
        now = timezone.now()
        for number, (user, upheld) in enumerate([(staff[4], True), (staff[9], False), (staff[4], True)], 1):
            Complaint.objects.get_or_create(
                reference=f"12345-{year}Q{quarter}-{number:04d}",
                defaults={
                    "centre": centres["district"],
                    "staff": user,
                    "received_on": start + dt.timedelta(days=20 * number),
                    "summary": "来电反映窗口人员办理业务时态度生硬。",
                    "upheld": upheld,
                    "imported_at": now,
                    "imported_by": admin,
                },
            )
        for code in ("district", "th"):
            star_round, _created = StarRound.objects.get_or_create(
                centre=centres[code], year=year, quarter=quarter, defaults={"scheme": seed_scheme()}
            )
            for i, user in enumerate(u for u in ranked if u.service_centre_id == centres[code].pk):
                for d in ENTERED_DIMENSIONS:
                    if not complete and i == 1 and d == Dimension.DISCIPLINE:
                        continue
                    EnteredScore.objects.get_or_create(
                        round=star_round,
                        staff=user,
                        dimension=d,
                        defaults={
                            "score": Decimal(rng.randint(80, 100)),
                            "source": ScoreSource.SHEET,
                            "entered_by": admin,
                            "entered_at": now,
                        },
                    )
    return _world(centres["district"], year, quarter)


def _world(centre: ServiceCentre, year: int, quarter: int) -> StarsWorld:
    return StarsWorld(centre, year, quarter, list(selectors.centre_staff(centre)))

"""Reads of the service stars: who may see and act, the quarter's scheme, and the draft ranking computed from
OneGo's own visits, cases, ratings and complaints plus the entered scores (rules: onego.staffstars.ranking).

Every computed number is an aggregate query per centre and quarter (GROUP BY staff and item), never a loop over
cases; ratings come from the 好差评 statistics' aggregates (`onego.ratings.statistics.staff_ratings`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from onego.accounts.models import ServiceCentre, User
from onego.accounts.roles import Role
from onego.cases.models import Channel, Task, TaskStatus, Visit, VisitStatus
from onego.ratings import statistics as rating_statistics
from onego.ratings.models import AppealDecision, Resolution, WorkOrder, WorkOrderStatus
from onego.staffstars import ranking
from onego.staffstars.models import (
    ENTERED_DIMENSIONS,
    Complaint,
    Dimension,
    EnteredScore,
    RoundStatus,
    StarEntry,
    StarRound,
    StarScheme,
)

NO_CASE = "visit"  # the "item" of a visit served without an accepted case
DIMENSION_ORDER = [d.value for d in Dimension]


# --- quarters -------------------------------------------------------------------------------------------------


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, 3 * (quarter - 1) + 1, 1)
    end = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return start, end - dt.timedelta(days=1)


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def previous_quarter(day: dt.date) -> tuple[int, int]:
    year, quarter = quarter_of(day)
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


def parse_quarter(text: str) -> tuple[int, int] | None:
    """ "2026Q2" → (2026, 2); None for anything else."""
    text = text.strip().upper()
    if len(text) != 6 or text[4] != "Q" or not text[:4].isdigit() or text[5] not in "1234":
        return None
    year = int(text[:4])
    if not 2000 <= year <= 2100:
        return None
    return year, int(text[5])


# --- who ------------------------------------------------------------------------------------------------------


def may_manage(user: Any, centre: ServiceCentre) -> bool:
    """The centre's managers — the heads of the department that runs it — enter scores, import, and approve."""
    return (
        isinstance(user, User)
        and user.is_authenticated
        and user.department_id is not None
        and user.department_id == centre.department_id
        and user.has_role(Role.DEPARTMENT_HEAD)
    )


def may_view(user: Any, centre: ServiceCentre) -> bool:
    """The managers, and supervisors (every centre, read-only)."""
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    return may_manage(user, centre) or user.has_role(Role.SUPERVISOR)


def visible_centres(user: Any) -> list[ServiceCentre]:
    centres = ServiceCentre.objects.select_related("department")
    return [c for c in centres if may_view(user, c)]


def may_open_certificate(user: Any, entry: StarEntry) -> bool:
    """The centre's managers and supervisors, the star, and the heads of the star's home department."""
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    if may_view(user, entry.round.centre) or user.pk == entry.staff_id:
        return True
    return (
        entry.department_id is not None
        and user.department_id == entry.department_id
        and user.has_role(Role.DEPARTMENT_HEAD)
    )


def centre_staff(centre: ServiceCentre) -> QuerySet[User]:
    """The people ranked: active window clerks whose service centre is this one."""
    return (
        User.objects.filter(service_centre=centre, is_active=True, groups__name=Role.WINDOW_CLERK.value)
        .select_related("department")
        .distinct()
        .order_by("id")
    )


# --- the scheme -----------------------------------------------------------------------------------------------


def scheme_for(year: int, quarter: int) -> StarScheme | None:
    start, _end = quarter_bounds(year, quarter)
    return StarScheme.objects.filter(effective_from__lte=start).order_by("-effective_from").first()


def weights_of(scheme: StarScheme) -> dict[str, int]:
    found = {d.key: d.weight for d in scheme.dimensions.all()}
    return {d: found[d] for d in DIMENSION_ORDER if d in found}


# --- the computed numbers -------------------------------------------------------------------------------------


def volume_units(centre: ServiceCentre, start: dt.date, end: dt.date) -> dict[int, dict[str, int]]:
    """{staff: {item id (or NO_CASE): units}}: cases accepted during the visits a clerk served at the centre in
    the period, visits served with no case, and window cases without a visit by who completed their accept task."""
    units: dict[int, dict[str, int]] = {}

    def add(staff: int | None, item: Any, n: int) -> None:
        if staff is not None:
            per = units.setdefault(staff, {})
            per[str(item)] = per.get(str(item), 0) + n

    served = Visit.objects.filter(
        centre=centre, day__gte=start, day__lte=end, status=VisitStatus.DONE, clerk__isnull=False
    )
    # one pass over the visits, each joined to the cases accepted in it (none: the visit is its own unit)
    for staff, item, n in served.values_list("clerk", "cases__item").annotate(n=Count("id")):
        add(staff, NO_CASE if item is None else item, n)
    staff_ids = list(centre_staff(centre).values_list("id", flat=True))
    for staff, item, n in (
        Task.objects.filter(
            step_kind="accept",
            status=TaskStatus.DONE,
            completed_by__in=staff_ids,
            case__channel=Channel.WINDOW,
            case__visit__isnull=True,
            case__accepted_on__gte=start,
            case__accepted_on__lte=end,
        )
        .values_list("completed_by", "case__item")
        .annotate(n=Count("case", distinct=True))
    ):
        add(staff, item, n)
    return units


def staff_ratings(start: dt.date, end: dt.date, staff_ids: list[int]) -> dict[int, tuple[int, int]]:
    """{staff: (count, grade sum)} of the period's ratings, read from the 好差评 statistics' aggregates
    (`onego.ratings.statistics.staff_ratings`: one row per person and day, kept by `count_rating` in each
    rating's transaction), never from the ratings table."""
    found = rating_statistics.staff_ratings(start=start, end=end, staff_ids=staff_ids)
    return {staff: (r.count, r.grade_sum) for staff, r in found.items()}


def complaint_counts(
    start: dt.date, end: dt.date, staff_ids: list[int]
) -> tuple[dict[int, int], dict[int, int]]:
    """({staff: upheld 12345/other complaints}, {staff: upheld bad reviews}) of the period. A bad review is
    upheld when its work order closed with the review verified true and no appeal upheld."""
    hotline = dict(
        Complaint.objects.filter(
            staff_id__in=staff_ids, received_on__gte=start, received_on__lte=end, upheld=True
        )
        .values_list("staff")
        .annotate(n=Count("id"))
    )
    bad = dict(
        WorkOrder.objects.filter(
            rating__staff_id__in=staff_ids,
            rating__rated_on__gte=start,
            rating__rated_on__lte=end,
            status=WorkOrderStatus.CLOSED,
            verified=True,
        )
        .exclude(Q(appeal_decision=AppealDecision.UPHELD) | Q(resolution=Resolution.APPEAL_UPHELD))
        .values_list("rating__staff")
        .annotate(n=Count("id"))
    )
    return hotline, bad


# --- the draft ------------------------------------------------------------------------------------------------


@dataclass
class Score:
    value: Decimal | None
    source: str  # computed, sheet, import, missing
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class Row:
    user: User
    person: ranking.Person
    scores: dict[str, Score]
    stars_this_year: int  # approved stars earlier this year (before this quarter)


@dataclass
class Draft:
    centre: ServiceCentre
    year: int
    quarter: int
    round: StarRound | None
    scheme: StarScheme | None
    weights: dict[str, int]
    rows: list[Row]
    quota: int
    problems: list[str]  # what blocks approval (codes: no_scheme, weights, no_staff, missing)

    @property
    def key(self) -> str:
        return f"{self.year}Q{self.quarter}"

    @property
    def missing_count(self) -> int:
        return sum(len(r.person.missing) for r in self.rows)

    @property
    def is_approved(self) -> bool:
        return self.round is not None and self.round.status == RoundStatus.APPROVED


def earlier_stars(staff_ids: Iterable[int], year: int, quarter: int) -> dict[int, int]:
    return dict(
        StarEntry.objects.filter(
            staff_id__in=list(staff_ids),
            is_star=True,
            round__status=RoundStatus.APPROVED,
            round__year=year,
            round__quarter__lt=quarter,
        )
        .values_list("staff")
        .annotate(n=Count("id"))
    )


def draft(centre: ServiceCentre, year: int, quarter: int) -> Draft:
    """The ranking of a centre's quarter as it stands now (an approved round's frozen ranking: `frozen`)."""
    found = StarRound.objects.filter(centre=centre, year=year, quarter=quarter).first()
    if found is not None and found.status == RoundStatus.APPROVED:
        return frozen(found)
    scheme = found.scheme if found is not None else scheme_for(year, quarter)
    start, end = quarter_bounds(year, quarter)
    staff = list(centre_staff(centre))
    ids = [u.pk for u in staff]
    problems: list[str] = []
    if scheme is None:
        return Draft(centre, year, quarter, found, None, {}, [], 0, ["no_scheme"])
    weights = weights_of(scheme)
    if sum(weights.values()) != 100:
        problems.append("weights")
    if not staff:
        problems.append("no_staff")

    units = volume_units(centre, start, end)
    volume = ranking.volume_scores({s: units.get(s, {}) for s in ids} | units)
    rated = staff_ratings(start, end, ids)
    ratings = ranking.ratings_scores({s: rated.get(s, (0, 0)) for s in ids}, scheme.min_ratings)
    hotline, bad = complaint_counts(start, end, ids)
    entered: dict[tuple[int, str], EnteredScore] = {}
    if found is not None:
        entered = {
            (e.staff_id, e.dimension): e
            for e in EnteredScore.objects.filter(round=found).select_related("entered_by")
        }
    earlier = earlier_stars(ids, year, quarter)

    rows: list[Row] = []
    for user in staff:
        scores: dict[str, Score] = {}
        v = volume[user.pk]
        scores[Dimension.VOLUME] = Score(
            v.score, "computed", {"units": v.units, "expected": str(v.expected), "ratio": str(v.ratio)}
        )
        r = ratings[user.pk]
        scores[Dimension.RATINGS] = Score(
            r.score,
            "computed",
            {
                "count": r.count,
                "average": None if r.average is None else str(r.average),
                "too_few": r.too_few,
                "minimum": scheme.min_ratings,
            },
        )
        h, b = hotline.get(user.pk, 0), bad.get(user.pk, 0)
        scores[Dimension.COMPLAINTS] = Score(
            ranking.complaints_score(h + b, scheme.complaint_penalty),
            "computed",
            {"hotline": h, "bad_reviews": b, "penalty": scheme.complaint_penalty},
        )
        for d in ENTERED_DIMENSIONS:
            e = entered.get((user.pk, d))
            if e is None:
                scores[d] = Score(None, "missing")
            else:
                scores[d] = Score(e.score, e.source, {"entered_by": e.entered_by.display_name})
        scores = {d: scores[d] for d in DIMENSION_ORDER if d in weights}
        person = ranking.Person(user.pk, {d: s.value for d, s in scores.items()})
        rows.append(Row(user, person, scores, earlier.get(user.pk, 0)))
    ordered = ranking.rank([r.person for r in rows], weights, scheme.quota_percent)
    position = {p.staff_id: i for i, p in enumerate(ordered)}
    rows.sort(key=lambda r: position[r.person.staff_id])
    if any(r.person.missing for r in rows):
        problems.append("missing")
    return Draft(
        centre,
        year,
        quarter,
        found,
        scheme,
        weights,
        rows,
        ranking.quota(len(rows), scheme.quota_percent),
        problems,
    )


def frozen(star_round: StarRound) -> Draft:
    """An approved round as it was approved (the StarEntry snapshot)."""
    entries = list(star_round.entries.select_related("staff", "staff__department").order_by("rank", "id"))
    weights = weights_of(star_round.scheme)
    earlier = earlier_stars([e.staff_id for e in entries], star_round.year, star_round.quarter)
    rows = []
    for e in entries:
        scores = {
            d: Score(None if s["score"] is None else Decimal(s["score"]), s["source"], s.get("detail", {}))
            for d, s in e.scores.items()
        }
        person = ranking.Person(
            e.staff_id, {d: s.value for d, s in scores.items()}, e.total, e.rank, e.is_star
        )
        rows.append(Row(e.staff, person, scores, earlier.get(e.staff_id, 0)))
    return Draft(
        star_round.centre,
        star_round.year,
        star_round.quarter,
        star_round,
        star_round.scheme,
        weights,
        rows,
        star_round.quota,
        [],
    )


def latest_approved(centre: ServiceCentre) -> StarRound | None:
    return (
        StarRound.objects.filter(centre=centre, status=RoundStatus.APPROVED)
        .order_by("-year", "-quarter")
        .first()
    )


def stars_of_year(staff_id: int, year: int, up_to_quarter: int) -> int:
    """How many times the person was named in `year` up to and including the quarter ("本年度第 N 次获评")."""
    return StarEntry.objects.filter(
        staff_id=staff_id,
        is_star=True,
        round__status=RoundStatus.APPROVED,
        round__year=year,
        round__quarter__lte=up_to_quarter,
    ).count()


def history(staff_id: int) -> QuerySet[StarEntry]:
    return (
        StarEntry.objects.filter(staff_id=staff_id, round__status=RoundStatus.APPROVED)
        .select_related("round", "round__centre")
        .order_by("-round__year", "-round__quarter")
    )

"""The statistics the 好差评 standard publishes (GB/T 39735; 国办发〔2019〕51号): number of ratings, satisfaction
rate, bad reviews, rectification rate and call-back rate — by item, department, window, staff member and channel,
per month and quarter. docs/domain.md, "Service ratings".

Definitions (the standard's five grades; the published "满意率" counts 基本满意 and above):
- satisfied: 非常满意 + 满意 + 基本满意 (grades 3–5); satisfaction rate = satisfied / ratings;
- bad review (差评): 不满意 + 非常不满意 (grades 1–2); every one opens a work order;
- default ratings (no rating within the period, recorded 基本满意) are counted like the others and also
  reported on their own;
- rectification rate = bad reviews whose order is rectified (rectification recorded, or the order moved on to
  the call-back or closed) / bad reviews, call-back rate = orders called back / bad reviews — both leave out
  the bad reviews a supervisor found mistaken on appeal (申诉成立), which need neither;
- a rate is a fraction in [0, 1] with four decimal places, None when there is nothing to divide by.

The rating counts come from aggregates kept with each rating (models_figures; `count_rating` runs in the
rating's transaction), never from the ratings table at page time; the work-order rates come from the work
orders, a small table (bad reviews are a few per cent of the ratings)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from onego.ratings.models import (
    COUNT_FIELDS,
    NONE_KEY,
    AppealDecision,
    Rating,
    RatingDay,
    RatingMonth,
    RatingStaffDay,
    Resolution,
    WorkOrder,
    WorkOrderStatus,
)
from onego.ratings.models_figures import RatingCounts

RATE_PLACES = Decimal("0.0001")
SATISFIED_GRADES = (3, 4, 5)
BAD_GRADE_VALUES = (1, 2)


def rate(part: int, whole: int) -> Decimal | None:
    """`part / whole` as a fraction with four places (half up), None when `whole` is 0."""
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)


# --- keeping the aggregates ---------------------------------------------------------------------------------------


def _counts_of(grade: int, is_default: bool) -> list[int]:
    """The values of COUNT_FIELDS for one rating."""
    return [1, grade, *(int(grade == g) for g in (5, 4, 3, 2, 1)), int(is_default)]


def _upsert(model: type[RatingCounts], keys: dict[str, Any], counts: list[int]) -> None:
    """Add `counts` to the row of `model` with `keys`, creating it: one INSERT … ON CONFLICT DO UPDATE (both
    PostgreSQL and SQLite ≥ 3.24 speak it), so two transactions counting into one row never lose a count."""
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    key_names = list(keys)
    columns = [qn(_column(model, name)) for name in [*key_names, *COUNT_FIELDS]]
    key_columns = columns[: len(key_names)]
    updates = ", ".join(f"{c} = {table}.{c} + EXCLUDED.{c}" for c in columns[len(key_names) :])
    # Identifiers come from the model's own meta, quoted; every value is a parameter.
    values = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({values}) "  # noqa: S608
    sql += f"ON CONFLICT ({', '.join(key_columns)}) DO UPDATE SET {updates}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*keys.values(), *counts])


def _column(model: type[RatingCounts], name: str) -> str:
    column = getattr(model._meta.get_field(name), "column", None)
    assert isinstance(column, str)
    return column


def _key(value: int | None) -> int:
    return NONE_KEY if value is None else value


def count_rating(rating: Rating) -> None:
    """Add one stored rating to the aggregates, inside the transaction that stored it (the caller's)."""
    counts = _counts_of(rating.grade, rating.is_default)
    day = rating.rated_on
    centre = _key(rating.centre_id)
    department = _key(rating.department_id)
    _upsert(
        RatingDay,
        {"day": day, "channel": rating.channel, "centre_key": centre, "department_key": department},
        counts,
    )
    if rating.staff_id is not None:
        _upsert(RatingStaffDay, {"staff_key": rating.staff_id, "day": day}, counts)
    _upsert(
        RatingMonth,
        {
            "month": day.replace(day=1),
            "channel": rating.channel,
            "centre_key": centre,
            "department_key": department,
            "window_key": _key(rating.window_id),
            "staff_key": _key(rating.staff_id),
            "item_key": _key(rating.item_id),
        },
        counts,
    )


def _grouped_counts(ratings: QuerySet[Rating], **keys: Any) -> QuerySet[Any]:
    """The ratings grouped by `keys` (name → expression) with the aggregates' count columns."""
    exprs = {name: F(value) if isinstance(value, str) else value for name, value in keys.items()}
    return (
        ratings.order_by()
        .annotate(**exprs)
        .values(*keys)
        .annotate(
            n=Count("id"),
            s=Sum("grade"),
            g5=Count("id", filter=Q(grade=5)),
            g4=Count("id", filter=Q(grade=4)),
            g3=Count("id", filter=Q(grade=3)),
            g2=Count("id", filter=Q(grade=2)),
            g1=Count("id", filter=Q(grade=1)),
            d=Count("id", filter=Q(is_default=True)),
        )
    )


def _row_counts(row: dict[str, Any]) -> dict[str, int]:
    return dict(
        zip(COUNT_FIELDS, [row[k] or 0 for k in ("n", "s", "g5", "g4", "g3", "g2", "g1", "d")], strict=True)
    )


def rebuild(batch_size: int = 5000) -> dict[str, int]:
    """Recompute every aggregate from the ratings (manage.py rebuild_rating_figures): for a first install over
    existing ratings, or to check the incremental counts. One transaction; the rows per table written."""
    ratings = Rating.objects.all()
    centre = Coalesce("centre_id", NONE_KEY)
    department = Coalesce("department_id", NONE_KEY)
    plans: list[tuple[type[RatingDay | RatingStaffDay | RatingMonth], QuerySet[Any], dict[str, str]]] = [
        (
            RatingDay,
            _grouped_counts(
                ratings, k_day="rated_on", k_channel="channel", k_centre=centre, k_dept=department
            ),
            {"k_day": "day", "k_channel": "channel", "k_centre": "centre_key", "k_dept": "department_key"},
        ),
        (
            RatingStaffDay,
            _grouped_counts(
                ratings.filter(staff__isnull=False), k_staff=Coalesce("staff_id", NONE_KEY), k_day="rated_on"
            ),
            {"k_staff": "staff_key", "k_day": "day"},
        ),
        (
            RatingMonth,
            _grouped_counts(
                ratings,
                k_month=TruncMonth("rated_on"),
                k_channel="channel",
                k_centre=centre,
                k_dept=department,
                k_window=Coalesce("window_id", NONE_KEY),
                k_staff=Coalesce("staff_id", NONE_KEY),
                k_item=Coalesce("item_id", NONE_KEY),
            ),
            {
                "k_month": "month",
                "k_channel": "channel",
                "k_centre": "centre_key",
                "k_dept": "department_key",
                "k_window": "window_key",
                "k_staff": "staff_key",
                "k_item": "item_key",
            },
        ),
    ]
    written: dict[str, int] = {}
    with transaction.atomic():
        for model, rows, names in plans:
            model.objects.all().delete()
            total = 0
            for chunk in _chunks(rows.iterator(chunk_size=batch_size), batch_size):
                objs: list[Any] = [
                    model(**{names[k]: row[k] for k in names}, **_row_counts(row)) for row in chunk
                ]
                model.objects.bulk_create(objs)
                total += len(objs)
            written[model._meta.model_name or model.__name__] = total
    return written


def _chunks(rows: Iterator[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# --- reading them -------------------------------------------------------------------------------------------------


@dataclass
class Counts:
    """The counts of a group of ratings and its bad reviews' work orders, with the published rates."""

    ratings: int = 0
    grade_sum: int = 0
    grades: dict[int, int] = field(default_factory=lambda: {g: 0 for g in (5, 4, 3, 2, 1)})
    defaults: int = 0
    work_orders: int = 0  # bad reviews with an order, less those found mistaken on appeal
    work_orders_open: int = 0
    rectified: int = 0
    called_back: int = 0

    @property
    def satisfied(self) -> int:
        return sum(self.grades[g] for g in SATISFIED_GRADES)

    @property
    def bad(self) -> int:
        return sum(self.grades[g] for g in BAD_GRADE_VALUES)

    @property
    def satisfaction_rate(self) -> Decimal | None:
        return rate(self.satisfied, self.ratings)

    @property
    def mean_grade(self) -> Decimal | None:
        if not self.ratings:
            return None
        return (Decimal(self.grade_sum) / Decimal(self.ratings)).quantize(Decimal("0.01"), ROUND_HALF_UP)

    @property
    def rectification_rate(self) -> Decimal | None:
        return rate(self.rectified, self.work_orders)

    @property
    def callback_rate(self) -> Decimal | None:
        return rate(self.called_back, self.work_orders)

    def add_row(self, row: dict[str, Any]) -> None:
        self.ratings += row["count"] or 0
        self.grade_sum += row["grade_sum"] or 0
        for g in (5, 4, 3, 2, 1):
            self.grades[g] += row[f"grade_{g}"] or 0
        self.defaults += row["defaults"] or 0

    def add_orders(self, row: dict[str, Any]) -> None:
        self.work_orders += row["wo_n"] or 0
        self.work_orders_open += row["wo_open"] or 0
        self.rectified += row["wo_rectified"] or 0
        self.called_back += row["wo_called"] or 0


@dataclass(frozen=True)
class RatingSummary:
    """The published figures of the ratings made from `start` to `end` (both included). `satisfied` counts
    grades 3–5 (基本满意 and above, as the standard publishes it); `bad` grades 1–2; `work_orders_open` the
    orders of those bad reviews not yet closed. Rates are fractions (0.9876), None with nothing to divide."""

    start: date
    end: date
    ratings: int
    satisfied: int
    bad: int
    defaults: int
    mean_grade: Decimal | None
    satisfaction_rate: Decimal | None
    work_orders: int
    work_orders_open: int
    rectified: int
    called_back: int
    rectification_rate: Decimal | None
    callback_rate: Decimal | None


@dataclass(frozen=True)
class StaffRatings:
    """One staff member's ratings over a period: how many, the sum of the grades, the bad reviews."""

    count: int
    grade_sum: int
    bad: int
    satisfied: int = 0
    defaults: int = 0

    @property
    def mean(self) -> Decimal | None:
        if not self.count:
            return None
        return (Decimal(self.grade_sum) / Decimal(self.count)).quantize(Decimal("0.01"), ROUND_HALF_UP)


COUNT_SUMS = {name: Sum(name) for name in COUNT_FIELDS}
UPHELD = Q(appeal_decision=AppealDecision.UPHELD) | Q(resolution=Resolution.APPEAL_UPHELD)
ORDER_SUMS = {
    "wo_n": Count("id"),
    "wo_open": Count("id", filter=~Q(status=WorkOrderStatus.CLOSED)),
    "wo_rectified": Count(
        "id",
        filter=Q(rectified_at__isnull=False)
        | Q(status__in=[WorkOrderStatus.CALLBACK, WorkOrderStatus.CLOSED]),
    ),
    "wo_called": Count("id", filter=Q(callback_at__isnull=False)),
}


def _orders(start: date, end: date) -> QuerySet[WorkOrder]:
    """The work orders of the bad reviews made from `start` to `end`, less those found mistaken on appeal. An
    order opens on its rating's day and for its rating's department (`workorders.open_work_order`), so the
    order's own columns filter it without joining a million ratings."""
    return WorkOrder.objects.filter(opened_on__gte=start, opened_on__lte=end).exclude(UPHELD)


def summary(
    *, start: date, end: date, centre_id: int | None = None, department_id: int | None = None
) -> RatingSummary:
    """The figures of the ratings from `start` to `end` (both included) of one centre and/or one department,
    or of the whole district. Reads RatingDay (one row per day, channel, centre and department) and the
    work orders."""
    days = RatingDay.objects.filter(day__gte=start, day__lte=end)
    orders = _orders(start, end)
    if centre_id is not None:
        days = days.filter(centre_key=centre_id)
        orders = orders.filter(rating__centre_id=centre_id)
    if department_id is not None:
        days = days.filter(department_key=department_id)
        orders = orders.filter(department_id=department_id)
    c = Counts()
    c.add_row(days.order_by().aggregate(**COUNT_SUMS))
    c.add_orders(orders.order_by().aggregate(**ORDER_SUMS))
    return _summary_of(c, start, end)


def _summary_of(c: Counts, start: date, end: date) -> RatingSummary:
    return RatingSummary(
        start=start,
        end=end,
        ratings=c.ratings,
        satisfied=c.satisfied,
        bad=c.bad,
        defaults=c.defaults,
        mean_grade=c.mean_grade,
        satisfaction_rate=c.satisfaction_rate,
        work_orders=c.work_orders,
        work_orders_open=c.work_orders_open,
        rectified=c.rectified,
        called_back=c.called_back,
        rectification_rate=c.rectification_rate,
        callback_rate=c.callback_rate,
    )


def staff_ratings(
    *, start: date, end: date, staff_ids: Iterable[int] | None = None
) -> dict[int, StaffRatings]:
    """Each staff member's ratings from `start` to `end` (both included), by user id; only people with at
    least one rating appear. Reads RatingStaffDay (one row per person and day): 1,000 staff over a quarter is
    at most ~60,000 rows, whatever the number of ratings."""
    rows = RatingStaffDay.objects.filter(day__gte=start, day__lte=end)
    if staff_ids is not None:
        rows = rows.filter(staff_key__in=list(staff_ids))
    out: dict[int, StaffRatings] = {}
    row: dict[str, Any]
    for row in rows.order_by().values("staff_key").annotate(**COUNT_SUMS):  # type: ignore[assignment]
        out[row["staff_key"]] = StaffRatings(
            count=row["count"],
            grade_sum=row["grade_sum"],
            bad=row["grade_2"] + row["grade_1"],
            satisfied=row["grade_5"] + row["grade_4"] + row["grade_3"],
            defaults=row["defaults"],
        )
    return out


# --- breakdowns for the figures pages -----------------------------------------------------------------------------

#: dimension → (RatingMonth's key column, the rating field the work orders group by)
DIMENSIONS = {
    "department": ("department_key", "rating__department_id"),
    "item": ("item_key", "rating__item_id"),
    "window": ("window_key", "rating__window_id"),
    "staff": ("staff_key", "rating__staff_id"),
    "channel": ("channel", "rating__channel"),
    "centre": ("centre_key", "rating__centre_id"),
}


@dataclass
class Scope:
    """What part of the ratings a reader may see: everything, or the ratings handled by some departments or
    made at some centres (a rating is in scope when either matches)."""

    everything: bool = False
    department_ids: frozenset[int] = frozenset()
    centre_ids: frozenset[int] = frozenset()

    def month_filter(self) -> Q:
        if self.everything:
            return Q()
        return Q(department_key__in=self.department_ids) | Q(centre_key__in=self.centre_ids)

    def order_filter(self) -> Q:
        if self.everything:
            return Q()
        return Q(rating__department_id__in=self.department_ids) | Q(rating__centre_id__in=self.centre_ids)


def months_of(start: date, end: date) -> tuple[date, date]:
    """The first days of the months of `start` and `end` (RatingMonth's keys)."""
    return start.replace(day=1), end.replace(day=1)


def breakdown(*, start: date, end: date, by: str, scope: Scope) -> tuple[Counts, dict[Any, Counts]]:
    """The totals and the figures per group (`by` in DIMENSIONS) of the ratings in `scope` from the month of
    `start` to the month of `end` (whole months: RatingMonth), with the work orders of the same ratings."""
    key_column, order_field = DIMENSIONS[by]
    first, last = months_of(start, end)
    months = RatingMonth.objects.filter(scope.month_filter(), month__gte=first, month__lte=last)
    groups: dict[Any, Counts] = {}
    total = Counts()
    for row in months.order_by().values(key_column).annotate(**COUNT_SUMS):
        groups.setdefault(row[key_column], Counts()).add_row(row)
        total.add_row(row)
    last_day = _month_end(last)
    orders = _orders(first, last_day).filter(scope.order_filter())
    for row in orders.order_by().values(order_field).annotate(**ORDER_SUMS):
        key = row[order_field]
        key = NONE_KEY if key is None else key
        groups.setdefault(key, Counts()).add_orders(row)
        total.add_orders(row)
    return total, groups


def _month_end(first: date) -> date:
    nxt = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return date.fromordinal(nxt.toordinal() - 1)


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    first = date(year, 3 * quarter - 2, 1)
    return first, _month_end(date(year, 3 * quarter, 1))


def month_bounds(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    return first, _month_end(first)


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def today() -> date:
    return timezone.localdate()

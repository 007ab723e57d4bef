"""Recording ratings (好差评): one per visit on site (一次一评), one per matter online (一事一评), real-name, and the
default rating of a service nobody rated in time. docs/domain.md "Service ratings"; the rules in one place:

- grade 1–5 (Grade); a bad grade (1–2) needs a reason of at least 2 characters (indicators.REASON_MIN_CHARS;
  the pad's preset chips count), at most 500;
- sub-indicators are optional; a key must be one of the set of what is rated (a visit: the on-site set, a case:
  the online set, onego.ratings.indicators) and its value a grade 1–5;
- a second rating of the same visit, or a second rating of the same case without a visit, is refused
  (`already_rated`), by a row lock here and by the database's unique constraints behind it;
- who and what was rated is copied onto the rating (Rating's docstring), then the bad review's work order is
  opened and the statistics counted, all in the one transaction: either everything is stored or nothing.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from onego.accounts.models import User
from onego.cases.models import Case, CaseStatus, TaskStatus, Visit, VisitStatus
from onego.core import audit
from onego.core.errors import ApiError
from onego.ratings import indicators as ind
from onego.ratings import statistics, workorders
from onego.ratings.models import BAD_GRADES, Grade, Rating, RatingChannel

DEFAULT_AFTER_DAYS = 7
DEFAULT_GRADE = Grade.BASIC
# The default rating looks back this many days beyond the period, so a beat job that was down catches up
# without rating years of history the day ratings are switched on.
DEFAULT_LOOKBACK_DAYS = 60
DEFAULT_BATCH = 2000


def rating_rules() -> dict[str, Any]:
    defaults = {"default_after_days": DEFAULT_AFTER_DAYS, "default_grade": int(DEFAULT_GRADE)}
    return {**defaults, **getattr(settings, "ONEGO_RATINGS", {})}


def _check(
    grade: Any, indicators: dict[str, Any] | None, reason: str, *, on_site: bool, needs_reason: bool = True
) -> tuple[int, dict[str, int]]:
    try:
        grade = int(grade)
    except (TypeError, ValueError):
        grade = 0
    if grade not in Grade.values:
        raise ApiError("grade_invalid", _("请选择评价等级（1–5）。"), field="grade")
    allowed = ind.indicators_for(on_site=on_site)
    clean: dict[str, int] = {}
    for key, value in (indicators or {}).items():
        if key not in allowed:
            raise ApiError(
                "indicator_unknown", _("未知的分项评价：%(key)s") % {"key": key}, field="indicators"
            )
        try:
            value = int(value)
        except (TypeError, ValueError):
            value = 0
        if value not in Grade.values:
            raise ApiError(
                "indicator_invalid",
                _("「%(name)s」的评价应为 1–5。") % {"name": allowed[key]},
                field="indicators",
            )
        clean[key] = value
    if len(reason) > ind.REASON_MAX_CHARS:
        raise ApiError("reason_too_long", _("评价内容不能超过 500 个字。"), field="reason")
    if needs_reason and grade in BAD_GRADES and len(reason.strip()) < ind.REASON_MIN_CHARS:
        raise ApiError(
            "reason_required", _("选择「不满意」或「非常不满意」时，请告诉我们原因。"), field="reason"
        )
    return grade, clean


def _case_staff_id(case: Case) -> int | None:
    """Who handled the case: whoever completed its done `accept` task, else its last done task."""
    done = case.tasks.filter(status=TaskStatus.DONE, completed_by__isnull=False)
    accept = done.filter(step_kind="accept").order_by("completed_at", "pk").first()
    if accept is not None:
        return accept.completed_by_id
    last = done.order_by("-completed_at", "-pk").first()
    return last.completed_by_id if last is not None else None


def not_finished() -> ApiError:
    """一事一评 rates a matter once it has ended: an open case is not rated yet (its rating would block the
    real one and the default)."""
    return ApiError("case_not_finished", _("办件办结后才能评价，办结后我们会通知您。"), status=409)


def _already() -> ApiError:
    return ApiError("already_rated", _("这次服务已经评价过了，感谢您的参与。"), status=409)


def record_rating(
    *,
    grade: int | str,
    channel: str,
    visit: Visit | None = None,
    case: Case | None = None,
    indicators: dict[str, Any] | None = None,
    reason: str = "",
    rater: User | None = None,
    rater_name: str = "",
    rater_phone: str = "",
    rated_at: datetime | None = None,
) -> Rating:
    """Store one rating of a visit (on site) or a case (online); see the module docstring for the rules."""
    if channel not in RatingChannel.values:
        raise ApiError("channel_invalid", _("未知的评价渠道。"))
    if visit is None and case is None:
        raise ApiError("nothing_rated", _("没有可评价的服务。"))
    if visit is None and case is not None and case.is_open:
        raise not_finished()
    reason = (reason or "").strip()
    grade, clean = _check(
        grade, indicators, reason, on_site=visit is not None, needs_reason=channel != RatingChannel.DEFAULT
    )
    rated_at = rated_at or timezone.now()
    try:
        with transaction.atomic():
            rating = Rating(
                grade=grade,
                channel=channel,
                is_default=channel == RatingChannel.DEFAULT,
                indicators=clean,
                reason=reason,
                rated_at=rated_at,
                rated_on=timezone.localdate(rated_at),
            )
            if visit is not None:
                _fill_from_visit(rating, visit)
            else:
                assert case is not None
                _fill_from_case(rating, case)
            # real-name: the rater is the logged-in applicant, or whose the visit or the case is
            person = (
                rater
                or (rating.visit.applicant if rating.visit else None)
                or (rating.case.applicant if rating.case and visit is None else None)
            )
            rating.rater = person
            rating.rater_name = (
                rater_name or (person.display_name if person else "") or _visit_name(rating)
            )[:64]
            rating.rater_phone = (rater_phone or (person.phone if person else "") or _visit_phone(rating))[
                :20
            ]
            rating.save()
            workorders.open_work_order(rating)
            statistics.count_rating(rating)
            audit.record(
                rater if rater is not None else f"system:ratings:{channel}",
                "rating.recorded",
                rating,
                grade=rating.grade,
                channel=channel,
                visit=rating.visit_id or "",
                case=rating.case.number if rating.case else "",
                staff=rating.staff_id or "",
            )
    except IntegrityError as error:  # a racing second rating of the same visit or case
        raise _already() from error
    return rating


def _visit_name(rating: Rating) -> str:
    return rating.visit.applicant_name if rating.visit else ""


def _visit_phone(rating: Rating) -> str:
    return rating.visit.phone if rating.visit else ""


def _fill_from_visit(rating: Rating, visit: Visit) -> None:
    locked = (
        Visit.objects.select_for_update(of=("self",))
        .select_related("clerk", "window", "centre")
        .get(pk=visit.pk)
    )
    if locked.status != VisitStatus.DONE:
        raise ApiError("visit_not_done", _("这次服务还没有办结，办结后再评价。"), status=409)
    if Rating.objects.filter(visit=locked).exists():
        raise _already()
    first_case = locked.cases.select_related("item").order_by("pk").first()
    clerk = locked.clerk
    rating.visit = locked
    rating.case = first_case
    rating.staff = clerk
    rating.window = locked.window
    rating.centre = locked.centre
    rating.department_id = (clerk.department_id if clerk else None) or locked.centre.department_id
    rating.item_id = first_case.item_id if first_case else None


def _fill_from_case(rating: Rating, case: Case) -> None:
    locked = Case.objects.select_for_update(of=("self",)).select_related("visit").get(pk=case.pk)
    if Rating.objects.filter(case=locked, visit__isnull=True).exists():
        raise _already()
    rating.case = locked
    rating.staff_id = _case_staff_id(locked)
    rating.department_id = locked.department_id
    rating.item_id = locked.item_id
    if locked.visit is not None:
        rating.window_id = locked.visit.window_id
        rating.centre_id = locked.visit.centre_id


# --- the default rating -------------------------------------------------------------------------------------


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def default_ratings(today: date | None = None) -> int:
    """Rate 基本满意 (ONEGO_RATINGS["default_grade"], channel default, is_default) every visit done and every
    case closed `default_after_days` (7) calendar days or more before `today` that nobody rated; returns how
    many were recorded. Calendar days, not working days: holidays do not extend the period. Idempotent (a
    service is rated once); at most DEFAULT_BATCH per run, the rest the next run."""
    today = today or timezone.localdate()
    rules = rating_rules()
    days = int(rules["default_after_days"])
    grade = int(rules["default_grade"])
    cutoff = _day_start(today - timedelta(days=days - 1))  # done on or before today - days
    since = _day_start(today - timedelta(days=days + DEFAULT_LOOKBACK_DAYS))
    visits = list(
        Visit.objects.filter(status=VisitStatus.DONE, done_at__lt=cutoff, done_at__gte=since)
        .filter(~Exists(Rating.objects.filter(visit=OuterRef("pk"))))
        .order_by("done_at", "pk")
        .values_list("pk", flat=True)[:DEFAULT_BATCH]
    )
    cases = list(
        Case.objects.filter(status=CaseStatus.CLOSED, closed_at__lt=cutoff, closed_at__gte=since)
        .filter(~Exists(Rating.objects.filter(case=OuterRef("pk"), visit__isnull=True)))
        .order_by("closed_at", "pk")
        .values_list("pk", flat=True)[: max(0, DEFAULT_BATCH - len(visits))]
    )
    recorded = 0
    now = timezone.now()
    for visit_id in visits:
        recorded += _default_one(grade, now, visit=Visit.objects.get(pk=visit_id))
    for case_id in cases:
        recorded += _default_one(grade, now, case=Case.objects.get(pk=case_id))
    return recorded


def _default_one(grade: int, now: datetime, *, visit: Visit | None = None, case: Case | None = None) -> int:
    try:
        record_rating(grade=grade, channel=RatingChannel.DEFAULT, visit=visit, case=case, rated_at=now)
    except ApiError as error:
        if error.code == "already_rated":  # rated between the query and here
            return 0
        raise
    return 1

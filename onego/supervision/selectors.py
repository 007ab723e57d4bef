"""Reads of the spot checks: who may open the staff pages, which draws and checks each person sees, and what
the public page shows."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from onego.accounts.models import User
from onego.accounts.roles import Role
from onego.supervision.models import Assignment, Check, CheckMatter, CheckStatus, Draw, Inspector


def _staff(user: Any) -> bool:
    return isinstance(user, User) and user.is_authenticated and user.is_government_staff


def sees_all(user: Any) -> bool:
    return _staff(user) and user.has_role(Role.SUPERVISOR)


def inspector_of(user: Any) -> Inspector | None:
    if not _staff(user):
        return None
    return Inspector.objects.filter(user=user).first()


def may_open(user: Any) -> bool:
    """Who the menu offers 双随机抽查 to: supervisors, department heads and reviewers (any of them may be on the
    inspector register). Each sees only what is theirs on the page: every draw for a supervisor, their
    department's matters' draws for a head, the checks they were drawn for as an inspector."""
    if not _staff(user):
        return False
    if sees_all(user) or Inspector.objects.filter(user=user).exists():
        return True
    return user.has_role(Role.DEPARTMENT_HEAD) or user.has_role(Role.REVIEWER)


def _checks() -> Prefetch[Any]:
    return Prefetch(
        "checks",
        queryset=Check.objects.select_related("licence").prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.select_related("inspector__user"))
        ),
    )


def visible_draws(user: Any) -> QuerySet[Draw]:
    rows = Draw.objects.select_related("matter", "matter__department", "drawn_by").annotate(
        total=Count("checks"),
        done=Count("checks", filter=Q(checks__status__in=[CheckStatus.PASSED, CheckStatus.FAILED])),
        failed=Count("checks", filter=Q(checks__status=CheckStatus.FAILED)),
    )
    if sees_all(user):
        return rows
    return rows.filter(matter__department=user.department_id)


def draw_for(user: Any, number: str) -> Draw | None:
    """The draw if this person may see it: a supervisor any, the matter's department its own, an inspector one
    they were drawn for."""
    draw = (
        Draw.objects.select_related("matter", "matter__department", "drawn_by").filter(number=number).first()
    )
    if draw is None:
        return None
    if sees_all(user) or draw.matter.department_id == user.department_id:
        return draw
    if Assignment.objects.filter(check_row__draw=draw, inspector__user=user).exists():
        return draw
    return None


def checks_of(draw: Draw) -> list[Check]:
    return list(
        draw.checks.select_related("licence", "recorded_by")
        .prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.select_related("inspector__user"))
        )
        .order_by("seq")
    )


def my_checks(user: Any) -> list[Check]:
    """The checks this inspector was drawn for and has not concluded, soonest deadline first."""
    if not _staff(user):
        return []
    return list(
        Check.objects.filter(assignments__inspector__user=user, status=CheckStatus.ASSIGNED)
        .select_related("draw", "draw__matter", "licence")
        .order_by("draw__check_by", "draw_id", "seq")
    )


def check_for(user: Any, check_id: int) -> Check | None:
    check = (
        Check.objects.select_related(
            "draw", "draw__matter", "draw__matter__department", "licence", "recorded_by"
        )
        .filter(pk=check_id)
        .first()
    )
    if check is None or draw_for(user, check.draw.number) is None:
        return None
    return check


def matters() -> QuerySet[CheckMatter]:
    return (
        CheckMatter.objects.filter(active=True).select_related("department").prefetch_related("licence_types")
    )


def public_draws() -> QuerySet[Draw]:
    """Every draw is published when it is drawn (seed, digests, log); results as they are recorded."""
    return Draw.objects.select_related("matter", "matter__department").annotate(
        total=Count("checks"),
        done=Count("checks", filter=Q(checks__status__in=[CheckStatus.PASSED, CheckStatus.FAILED])),
    )

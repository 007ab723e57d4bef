"""Reads of the staff pages: which robots and runs a person may see, a run's steps and items."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from onego.accounts.models import User
from onego.accounts.roles import Role
from onego.robots.models import Robot, RobotRun, RunItem, TargetSystem, WriteBack, WriteBackStatus

RUNS_PER_PAGE = 25
STEPS_SHOWN = 500


def visible_systems(user: User) -> QuerySet[TargetSystem]:
    """Administrators and supervisors see every system; the head and policy officers their department's."""
    systems = TargetSystem.objects.select_related("department").order_by("key")
    roles = user.role_names()
    if roles & {Role.ADMINISTRATOR.value, Role.SUPERVISOR.value}:
        return systems
    if roles & {Role.DEPARTMENT_HEAD.value, Role.POLICY_OFFICER.value} and user.department_id:
        return systems.filter(department_id=user.department_id)
    return systems.none()


def robots_of(systems: QuerySet[TargetSystem]) -> QuerySet[Robot]:
    return (
        Robot.objects.filter(system__in=systems)
        .select_related("system")
        .order_by("system__key", "kind", "key")
    )


def runs_of(systems: QuerySet[TargetSystem]) -> QuerySet[RobotRun]:
    return (
        RobotRun.objects.filter(robot__system__in=systems)
        .select_related("robot__system", "requested_by")
        .order_by("-created_at", "-pk")
    )


def mismatches_of(systems: QuerySet[TargetSystem]) -> QuerySet[WriteBack]:
    return WriteBack.objects.filter(system__in=systems, status=WriteBackStatus.MISMATCH).order_by(
        "external_id"
    )


def run_detail(run: RobotRun) -> dict[str, Any]:
    """A run's items (failed and mismatched first), its steps (the latest STEPS_SHOWN) and the mismatches
    among its items that still wait for a person."""
    items = list(run.items.order_by("pk"))
    order = {"failed": 0, "mismatch": 1, "done": 2, "skipped": 3}
    items.sort(key=lambda i: (order.get(i.status, 9), i.pk))
    mismatched = [i.external_id for i in items if i.status == "mismatch"]
    waiting = {
        wb.external_id: wb
        for wb in WriteBack.objects.filter(
            system=run.robot.system, external_id__in=mismatched, status=WriteBackStatus.MISMATCH
        )
    }
    steps = list(run.steps.order_by("-seq")[:STEPS_SHOWN])
    steps.reverse()
    return {
        "items": [{"item": i, "writeback": waiting.get(i.external_id)} for i in items],
        "steps": steps,
        "steps_total": run.steps.count(),
    }


def item_of_run(item_id: int) -> RunItem | None:
    return RunItem.objects.select_related("run__robot__system").filter(pk=item_id).first()

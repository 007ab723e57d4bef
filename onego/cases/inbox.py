"""Reads for the staff side: the inbox (待办), its counts, which cases a staff member may open, and the
supervisor board of yellow and red cases. Shared by the staff pages and the API.

The inbox filter is `engine.can_act_on` written as a queryset, so it runs on the `task_inbox_idx` index
(department, role, status, due_on) at a million cases instead of checking each task in Python.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet

from onego.accounts.models import User
from onego.accounts.roles import Role
from onego.cases import engine
from onego.cases.models import Case, CaseStatus, Colour, Task, TaskStatus

ORDERS = ("due", "new")
COUNT_CAP = 1000
WARNING_COUNTS_TTL = 30  # seconds
WARNING_COLOURS = (Colour.YELLOW, Colour.RED)


def _hosts_window(user: User) -> bool:
    return bool(user.department_id and user.department and user.department.hosts_comprehensive_window)


def _actable(user: User) -> Q:
    """Tasks of the user's roles in the user's department; a comprehensive-window clerk also gets the
    acceptance and issue tasks of every department (综合受理、统一出件). Mirrors engine.can_act_on."""
    if not user.is_authenticated or not user.department_id:
        return Q(pk__in=[])
    where = Q(department_id=user.department_id)
    if _hosts_window(user):
        where |= Q(step_kind__in=sorted(engine.WINDOW_STEP_KINDS))
    return where & Q(role__in=sorted(user.role_names()))


def inbox_tasks(
    user: User,
    *,
    item: str | None = None,
    step: str | None = None,
    colour: str | None = None,
    order: str = "due",
) -> QuerySet[Task]:
    """The open tasks this user may act on, with their case, item and department in the same query.

    `item` is a service item code, `step` a step key, `colour` a Colour value; `order` is "due" (earliest due
    first, the default) or "new" (latest submitted first)."""
    tasks = (
        Task.objects.filter(_actable(user), status=TaskStatus.OPEN)
        .select_related("case", "case__item", "case__item_version", "department")
        # a row needs names and dates, not the process definition or the form (large JSON)
        .defer("case__item_version__process", "case__form_data")
    )
    if item:
        tasks = tasks.filter(case__item__code=item)
    if step:
        tasks = tasks.filter(step_key=step)
    if colour:
        tasks = tasks.filter(case__colour=colour)
    if order == "new":
        return tasks.order_by("-case__submitted_at", "-id")
    return tasks.order_by("due_on", "id")


def inbox_counts(user: User, **filters: Any) -> dict[str, Any]:
    """{"total", "yellow", "red"} of the inbox (same filters as inbox_tasks).

    The total reads the open-task index only; the warnings join only the few yellow/red open cases (a partial
    index), instead of joining every open task to its case (measured at 1,000,000 cases: 118 ms → 7 ms)."""
    tasks = inbox_tasks(user, **filters).order_by()
    # Counting stops at COUNT_CAP: past it the page says "1,000+" and asks for a filter. A window that
    # accepts for every department may hold tens of thousands of open tasks; counting them all costs
    # hundreds of milliseconds for a number nobody reads exactly.
    total = tasks[: COUNT_CAP + 1].count()
    capped = total > COUNT_CAP
    # Past the cap the warning counts join tens of thousands of open tasks (≈ 50 ms at a million cases);
    # colours change only when the beat job runs (every 10 minutes), so such inboxes reuse them for 30 s.
    key = (
        "onego:inbox_warnings:" + hashlib.sha256(f"{user.pk}:{sorted(filters.items())}".encode()).hexdigest()
    )
    warnings = cache.get(key) if capped else None
    if warnings is None:
        warnings = dict(
            tasks.filter(case__colour__in=WARNING_COLOURS)
            .exclude(case__status=CaseStatus.CLOSED)
            .values_list("case__colour")
            .annotate(n=Count("id"))
            .values_list("case__colour", "n")
        )
        if capped:
            cache.set(key, warnings, WARNING_COUNTS_TTL)
    return {
        "total": min(total, COUNT_CAP),
        "capped": capped,
        "yellow": int(warnings.get(Colour.YELLOW, 0)),
        "red": int(warnings.get(Colour.RED, 0)),
    }


def inbox_choices(user: User) -> dict[str, list[tuple[str, str]]]:
    """The items and steps present in the user's open tasks, for the filter drop-downs. Cached for a minute
    per user: two DISTINCT queries over the open tasks on every inbox page would cost more than the page."""
    key = f"onego:inbox_choices:{user.pk}:{','.join(sorted(user.role_names()))}"
    cached = cache.get(key)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    choices = _inbox_choices(user)
    cache.set(key, choices, 60)
    return choices


def _inbox_choices(user: User) -> dict[str, list[tuple[str, str]]]:
    base = Task.objects.filter(_actable(user), status=TaskStatus.OPEN).order_by()
    items = sorted(
        {
            (code, name)
            for code, name in base.values_list("case__item__code", "case__item_version__name").distinct()[
                :500
            ]
        },
        key=lambda pair: pair[1],
    )
    steps = sorted(
        {(key, name) for key, name in base.values_list("step_key", "step_name").distinct()[:200]},
        key=lambda pair: pair[1],
    )
    return {"items": items, "steps": steps}


def visible_case(user: User, number: str) -> Case | None:
    """The case, if this staff member may open it: a supervisor sees every case; others only a case with a
    task (of any status) for their department, or, at a comprehensive window, an acceptance or issue task."""
    case = (
        Case.objects.select_related("item", "item_version", "department", "bundle_case", "applicant")
        .filter(number=number)
        .first()
    )
    if case is None or not user.is_authenticated or not getattr(user, "is_government_staff", False):
        return None
    if user.has_role(Role.SUPERVISOR):
        return case
    if not user.department_id:
        return None
    where = Q(department_id=user.department_id)
    if _hosts_window(user):
        where |= Q(step_kind__in=sorted(engine.WINDOW_STEP_KINDS))
    if case.department_id == user.department_id or case.tasks.filter(where).exists():
        return case
    return None


def board_cases(user: User) -> QuerySet[Case]:
    """Open yellow and red cases: all of them for a supervisor, the own department's for a department head."""
    cases = Case.objects.exclude(status=CaseStatus.CLOSED).filter(colour__in=WARNING_COLOURS)
    if user.has_role(Role.SUPERVISOR):
        return cases
    if user.has_role(Role.DEPARTMENT_HEAD) and user.department_id:
        return cases.filter(
            Q(department_id=user.department_id)
            | Q(tasks__department_id=user.department_id, tasks__status=TaskStatus.OPEN)
        ).distinct()
    return cases.none()


def board(user: User, *, limit_per_group: int = 20) -> list[dict[str, Any]]:
    """Yellow and red open cases grouped by department, then by item, with counts and the cases (red first,
    earliest promised deadline first; at most `limit_per_group` listed per item)."""
    cases = board_cases(user)
    rows = (
        cases.order_by()
        .values("department_id", "department__name", "item_id", "item__code")
        .annotate(
            yellow=Count("id", filter=Q(colour=Colour.YELLOW)), red=Count("id", filter=Q(colour=Colour.RED))
        )
    )
    departments: dict[int, dict[str, Any]] = {}
    for r in rows:
        dept = departments.setdefault(
            r["department_id"],
            {"id": r["department_id"], "name": r["department__name"], "yellow": 0, "red": 0, "items": []},
        )
        dept["yellow"] += r["yellow"]
        dept["red"] += r["red"]
        dept["items"].append(
            {
                "id": r["item_id"],
                "code": r["item__code"],
                "name": r["item__code"],
                "yellow": r["yellow"],
                "red": r["red"],
                "cases": [],
            }
        )
    listed = cases.select_related("item_version").order_by(
        "department_id", "item_id", "colour", "promised_deadline", "pk"
    )
    by_group: dict[tuple[int, int], list[Case]] = {}
    for case in listed[:2000]:
        group = by_group.setdefault((case.department_id, case.item_id), [])
        if len(group) < limit_per_group:
            group.append(case)
    out = sorted(departments.values(), key=lambda d: (-d["red"], -d["yellow"], d["name"]))
    for dept in out:
        for it in dept["items"]:
            it["cases"] = by_group.get((dept["id"], it["id"]), [])
            if it["cases"]:
                it["name"] = it["cases"][0].item_version.name
        dept["items"].sort(key=lambda i: (-i["red"], -i["yellow"], i["name"]))
    return out

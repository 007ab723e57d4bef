"""The workflow engine: runs an item version's process definition (onego.catalog.process) on a case.

Every transition happens inside the caller's transaction with the case row locked (`select_for_update`),
checks the case's optimistic `version`, and records exactly one audit event. Two reviewers clicking at once
never produce two transitions: the second waits for the lock, then finds its task done or the version moved.

Step kinds are a registry. The built-in kinds live in onego.cases.steps; later apps (certificates,
inspection, policies) register theirs in `AppConfig.ready` and the engine calls them through the registry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from onego.accounts.models import Department, User
from onego.cases import deadlines
from onego.cases.models import Case, CaseStatus, CorrectionNotice, Outcome, PauseKind, Task, TaskStatus
from onego.catalog import process as proc
from onego.core import audit
from onego.core.errors import ApiError


class TransitionNotAllowed(ApiError):
    def __init__(self, message: str, code: str = "transition_not_allowed", status: int = 409) -> None:
        super().__init__(code, message, status=status)


@dataclass
class StepKind:
    """What the engine does for one kind of step, beyond creating its tasks."""

    kind: str
    name: str
    name_en: str
    # Called after the step's tasks exist (e.g. the issue kind may issue licences at once).
    on_enter: Callable[[Case, dict[str, Any]], None] | None = None
    # Called before an action of this kind is applied; may raise TransitionNotAllowed. It must not write: the
    # case page calls it too (with an empty payload) to show an action that cannot run now disabled, with the
    # reason, instead of a button that answers 409 (`refusal`).
    before_action: Callable[[Case, Task, dict[str, Any], dict[str, Any]], None] | None = None
    # Called after an action of this kind moved the case, in the same transaction (e.g. the certificates app
    # issues the case's licences here); raising rolls the whole action back.
    after_action: Callable[[Case, Task, dict[str, Any], User], None] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


_KINDS: dict[str, StepKind] = {}


def register_step_kind(kind: StepKind) -> None:
    """Register (or replace) a step kind; the catalogue's validator learns the name too."""
    _KINDS[kind.kind] = kind
    proc.register_step_kind(kind.kind, name=kind.name, name_en=kind.name_en)


def step_kind(kind: str) -> StepKind | None:
    return _KINDS.get(kind)


def definition(case: Case) -> dict[str, Any]:
    return case.item_version.process


def today() -> date:
    return timezone.localdate()


# --- who may act -------------------------------------------------------------------------------------------


def can_act_on(user: User, task: Task) -> bool:
    """A task belongs to a role in a department. Clerks of a comprehensive window (综合窗口) accept and hand
    over results on behalf of every department (综合受理、统一出件)."""
    if not user.is_authenticated or not user.has_role(task.role):
        return False
    if user.department_id == task.department_id:
        return True
    return (
        task.step_kind in WINDOW_STEP_KINDS
        and user.department is not None
        and user.department.hosts_comprehensive_window
    )


WINDOW_STEP_KINDS = frozenset({"accept", "issue"})


@dataclass(frozen=True)
class Refusal:
    """Why an action cannot run now: the code and message `apply` would refuse it with (409)."""

    code: str
    message: str  # in the language of the request, as the API sends it

    @property
    def text(self) -> str:
        return self.message


@dataclass(frozen=True)
class AllowedAction:
    task: Task
    key: str
    name: str
    name_en: str
    target: str
    # Set when the user may take this action but it cannot run now (e.g. 发证办结 on a bundle member whose
    # siblings have not reached issue): the page shows it disabled with the reason.
    refused: Refusal | None = None

    @property
    def label(self) -> str:
        """The action's name in the chosen language."""
        english = (translation.get_language() or "").lower().startswith("en")
        return self.name_en if english and self.name_en else self.name


def refusal(
    case: Case, task: Task, act: dict[str, Any], payload: dict[str, Any] | None = None
) -> TransitionNotAllowed | None:
    """Why this action cannot run now, or None: the step kind's `before_action`. The one check both the case
    page (to draw the action disabled with its reason) and `apply` (to refuse the request) make."""
    step = proc.step(definition(case), task.step_key) or {}
    handler = step_kind(step.get("kind", ""))
    if handler is None or handler.before_action is None:
        return None
    try:
        handler.before_action(case, task, act, payload or {})
    except TransitionNotAllowed as exc:
        return exc
    return None


def allowed_actions(case: Case, user: User) -> list[AllowedAction]:
    """The actions this user may take on this case: only these are shown and only these are accepted. One that
    cannot run now carries its `refused` reason (shown disabled; `apply` refuses it with the same reason)."""
    if not case.is_open or case.status == CaseStatus.CORRECTION:
        return []
    out: list[AllowedAction] = []
    for task in case.tasks.filter(status=TaskStatus.OPEN).select_related("department"):
        if not can_act_on(user, task):
            continue
        step = proc.step(definition(case), task.step_key) or {}
        for act in proc.actions(step):
            refused = refusal(case, task, act)
            out.append(
                AllowedAction(
                    task,
                    act["key"],
                    act.get("name", act["key"]),
                    act.get("name_en", ""),
                    act["target"],
                    Refusal(refused.code, refused.message) if refused else None,
                )
            )
    return out


# --- entering steps and ending cases -------------------------------------------------------------------------


def _department_for(case: Case, spec: str) -> Department:
    if spec in ("item", "branches", ""):
        return case.department
    dept = Department.objects.filter(credit_code=spec).first()
    if dept is None:
        raise TransitionNotAllowed(
            _("流程中的部门不存在：%(spec)s") % {"spec": spec},
            code="process_department_missing",
            status=500,
        )
    return dept


def enter_step(case: Case, key: str, *, on: date) -> None:
    """Make `key` the current step: create its task(s), set its deadline, pause the clock if it says so."""
    step = proc.step(definition(case), key)
    if step is None:
        raise TransitionNotAllowed(_("流程中没有步骤 %(key)s") % {"key": key}, status=500)
    kind = step["kind"]
    case.current_step = key
    case.step_started_on = on
    pauses = deadlines.pauses_of(case, on)
    case.step_deadline = deadlines.step_deadline(on, int(step.get("budget_workdays", 0)), pauses)
    actor = step.get("actor", {})
    if kind == "countersign":
        for branch in step.get("branches", []):
            Task.objects.create(
                case=case,
                step_key=key,
                step_kind=kind,
                step_name=step.get("name", key),
                role=actor.get("role", ""),
                department=_department_for(case, branch["department"]),
                branch=branch.get("name", ""),
                due_on=deadlines.step_deadline(on, int(branch.get("budget_workdays", 0)), pauses),
            )
    else:
        Task.objects.create(
            case=case,
            step_key=key,
            step_kind=kind,
            step_name=step.get("name", key),
            role=actor.get("role", ""),
            department=_department_for(case, actor.get("department", "item")),
            due_on=case.step_deadline,
        )
    if proc.flag(step, "clock_paused"):
        deadlines.open_pause(case, PauseKind.SPECIAL, step.get("name", key), on)
    handler = step_kind(kind)
    if handler and handler.on_enter:
        handler.on_enter(case, step)


def leave_step(case: Case, *, on: date) -> None:
    step = proc.step(definition(case), case.current_step) or {}
    if proc.flag(step, "clock_paused"):
        deadlines.close_pauses(case, PauseKind.SPECIAL, on)


def close_case(case: Case, outcome: str, *, on: date) -> None:
    """End the case with an outcome; open tasks are voided."""
    case.tasks.filter(status=TaskStatus.OPEN).update(status=TaskStatus.VOIDED, completed_at=timezone.now())
    case.pauses.filter(ended_on__isnull=True).update(ended_on=on)
    case.status = CaseStatus.CLOSED
    case.outcome = outcome
    case.current_step = ""
    case.step_deadline = None
    case.closed_at = timezone.now()
    case.actual_workdays = deadlines.actual_workdays(case, on)
    for listener in CLOSE_LISTENERS:
        listener(case, on)
    case_event(case, "closed", on=on)


# Called with (case, day) when a case closes, inside the action's transaction (later apps register here, e.g.
# inspection schedules the check after a licence granted on commitment).
CLOSE_LISTENERS: list[Callable[[Case, date], None]] = []


# Called with (case, event, day) inside the transaction that changed the case, after the change: "submitted",
# "accepted", "closed", "colour" (the colour changed). For figures kept as cases change (onego.stats).
CASE_LISTENERS: list[Callable[[Case, str, date], None]] = []


def case_event(case: Case, event: str, *, on: date) -> None:
    for listener in CASE_LISTENERS:
        listener(case, event, on)


def move_to(case: Case, target: str, *, on: date) -> None:
    outcome = proc.terminal_outcome(target)
    leave_step(case, on=on)
    if outcome is not None:
        close_case(case, outcome, on=on)
    else:
        case.status = CaseStatus.IN_PROGRESS if case.accepted_on else CaseStatus.SUBMITTED
        enter_step(case, target, on=on)
    deadlines.recompute(case, on)


def start(case: Case, *, on: date) -> None:
    """A new case enters its process's first step."""
    enter_step(case, definition(case)["start"], on=on)


# --- one transition ------------------------------------------------------------------------------------------


def check_version(case: Case, expected_version: int | None) -> None:
    if expected_version is not None and case.version != expected_version:
        raise TransitionNotAllowed(
            _("办件已被他人处理，请刷新后重试"),
            code="stale_case",
        )


def apply(
    case: Case,
    task: Task,
    action_key: str,
    *,
    actor: User,
    note: str = "",
    payload: dict[str, Any] | None = None,
) -> str:
    """Apply one action to a locked case and task. Returns the audit action name. The caller holds the
    transaction and the row locks, bumps `case.version`, saves and records the audit event."""
    payload = payload or {}
    if not case.is_open:
        raise TransitionNotAllowed(_("办件已办结"))
    if task.case_id != case.pk or task.status != TaskStatus.OPEN:
        raise TransitionNotAllowed(_("该任务已处理"), code="task_done")
    if case.status == CaseStatus.CORRECTION:
        raise TransitionNotAllowed(_("正在等待申请人补正"))
    if not can_act_on(actor, task):
        raise TransitionNotAllowed(_("您无权处理该任务"), code="forbidden", status=403)
    step = proc.step(definition(case), task.step_key)
    act = proc.action(definition(case), task.step_key, action_key)
    if step is None or act is None:
        raise TransitionNotAllowed(
            _("此环节没有该操作：%(action_key)s") % {"action_key": action_key},
            code="unknown_action",
            status=422,
        )
    handler = step_kind(step["kind"])
    refused = refusal(case, task, act, payload)
    if refused is not None:
        raise refused
    on = today()
    task.status = TaskStatus.DONE
    task.completed_at = timezone.now()
    task.completed_by = actor
    task.action = action_key
    task.note = note[:2000]
    task.save(update_fields=["status", "completed_at", "completed_by", "action", "note"])

    if step["kind"] == "countersign":
        result = _countersign(case, step, act, on=on)
    elif step["kind"] == "accept":
        result = _accept(case, step, act, actor=actor, payload=payload, on=on)
    else:
        move_to(case, act["target"], on=on)
        result = f"case.{action_key}"
    if handler and handler.after_action:
        handler.after_action(case, task, act, actor)
    return result


def _countersign(case: Case, step: dict[str, Any], act: dict[str, Any], *, on: date) -> str:
    """One branch answered. A refusal ends the step at once and voids the open branches; agreement moves on
    when the join is satisfied (all, any, or a quorum of branches)."""
    target = act["target"]
    refusing = (
        proc.terminal_outcome(target) in (Outcome.REFUSED, Outcome.TERMINATED) or act["key"] == "refuse"
    )
    tasks = case.tasks.filter(step_key=step["key"])
    if refusing:
        tasks.filter(status=TaskStatus.OPEN).update(status=TaskStatus.VOIDED, completed_at=timezone.now())
        move_to(case, target, on=on)
        return "case.countersign_refused"
    agreed = tasks.filter(status=TaskStatus.DONE, action=act["key"]).count()
    open_ = tasks.filter(status=TaskStatus.OPEN).count()
    join = step.get("join", "all")
    needed = {"all": agreed + open_, "any": 1}.get(join, int(step.get("quorum", 1)))
    if agreed >= needed:
        tasks.filter(status=TaskStatus.OPEN).update(status=TaskStatus.VOIDED, completed_at=timezone.now())
        move_to(case, target, on=on)
        return "case.countersign_joined"
    return "case.countersign_branch_agreed"


def _accept(
    case: Case, step: dict[str, Any], act: dict[str, Any], *, actor: User, payload: dict[str, Any], on: date
) -> str:
    key = act["key"]
    if key == "request_correction":
        items = payload.get("items") or []
        if not items:
            raise TransitionNotAllowed(
                _("补正告知须列明全部需补正的材料和内容"),
                code="correction_empty",
                status=422,
            )
        earlier = {(i.get("kind"), i.get("key")) for n in case.corrections.all() for i in n.items}
        repeated = [i for i in items if (i.get("kind"), i.get("key")) in earlier]
        if repeated:
            names = "、".join(str(i.get("key")) for i in repeated)
            raise TransitionNotAllowed(
                _("补正须一次性告知，不得以相同理由再次要求补正（%(names)s）") % {"names": names},
                code="second_correction",
            )
        CorrectionNotice.objects.create(case=case, items=items, issued_by=actor)
        case.correction_rounds += 1
        case.status = CaseStatus.CORRECTION
        deadlines.open_pause(case, PauseKind.CORRECTION, "一次性告知补正", on)
        return "case.correction_requested"
    if key == "accept" or proc.terminal_outcome(act["target"]) is None:
        case.accepted_on = on
        case.status = CaseStatus.IN_PROGRESS
        move_to(case, act["target"], on=on)
        case_event(case, "accepted", on=on)
        return "case.accepted"
    move_to(case, act["target"], on=on)
    return "case.not_accepted"


def record(case: Case, actor: Any, audit_action: str, **data: Any) -> None:
    case.version += 1
    case.save()
    audit.record(
        actor,
        audit_action,
        case,
        number=case.number,
        step=case.current_step,
        status=case.status,
        outcome=case.outcome,
        **data,
    )

"""Process definitions as data (办理流程), their validator, and ready-made definitions.

An item version stores its process in `ItemVersion.process` (a JSON object). The workflow engine in
`cases` executes it; this module says what a well-formed definition is, so a version whose process the
engine could not run (a step nobody reaches, a path that never ends, an action that goes nowhere) is
refused when it is published rather than discovered on a live case.

The schema
----------
```
{
  "start": "accept",                        # key of the first step
  "steps": [                                # a list of steps, each a JSON object:
    {
      "key": "accept",                      # ^[a-z][a-z0-9_]{0,39}$, unique within the definition
      "kind": "accept",                     # one of known_step_kinds()
      "name": "受理", "name_en": "Acceptance",   # name required; name_en optional
      "actor": {"role": "window_clerk",     # a staff Role value (onego.accounts.roles), never an applicant
                "department": "item"},      # "item" (the item's implementing department),
                                            # "branches" (countersign only: each branch's department),
                                            # or an 18-character unified social credit code
      "budget_workdays": 1,                 # required, an int >= 0 (working days this step may take)
      "flags": {"documents_required": true, # optional; only these three names, each a boolean
                "editable": false,          #   (default false)
                "clock_paused": false},     #   clock_paused: the promised-time clock stops in this step
      "actions": [                          # at least one; keys unique within the step
        {"key": "accept", "name": "受理", "name_en": "Accept", "target": "review"},
        {"key": "reject", "name": "不予受理", "target": "end:not_accepted"},
        {"key": "request_correction", "name": "一次性告知补正", "target": "accept"}
      ]
    },
    {
      "key": "countersign", "kind": "countersign", "name": "部门会签",
      "actor": {"role": "reviewer", "department": "branches"},
      "branches": [                         # countersign only, at least 2, departments distinct
        {"department": "<credit code>", "name": "区卫生健康局", "name_en": "District Health Commission",
         "budget_workdays": 3}, ...               # name_en optional
      ],                                    # a branch's budget never exceeds the step's budget
      "join": "all",                        # countersign only: "all" | "any" | "quorum"
      "quorum": 2,                          # only with join "quorum": 1 <= quorum <= len(branches)
      "budget_workdays": 3,
      "actions": [{"key": "approve", "name": "同意", "target": "decide"},
                  {"key": "refuse", "name": "不同意", "target": "end:refused"}]
    },
    {"kind": "publicize", "publicity_days": 5, ...}   # publicize only, an int >= 1 (working days)
  ]
}
```
An action's target is another step's key or a terminal `end:<outcome>`, outcome one of `OUTCOMES`.
Action keys follow the step-key pattern. Other keys are kept and ignored here: an app that registers a
step kind may read its own (the standard inspect step carries `"mode": "remote_video"`).

The validator
-------------
`validate_process(definition)` returns every problem (an empty list means the definition is valid) and
never raises, whatever it is given. Problems come in a fixed order: the definition's own, then each
step's in step order, then `unreachable` and `dead_end` in step order. Codes:

| code | meaning |
|---|---|
| bad_definition | the definition is not a JSON object |
| missing_start / unknown_start | no start key / the start key names no step |
| bad_steps | steps is missing, not a list, or empty |
| bad_step | a step is not a JSON object |
| bad_key / duplicate_step | a step key is missing or malformed / used twice |
| bad_name | a step has no name (or name_en is not text) |
| unknown_kind | the kind is not registered |
| bad_actor | the actor is missing, its role is not a staff role, or its department is not valid |
| bad_budget | a budget is missing, not an int, negative, or a branch's exceeds its step's |
| bad_flags | flags is not an object of the three known names with boolean values |
| no_actions | a step has no actions |
| bad_action / duplicate_action | an action is not an object or lacks a good key or name / key used twice |
| missing_target / unknown_target | an action has no target / the target is no step and no `end:<outcome>` |
| bad_branches | countersign branches missing, fewer than 2, malformed or repeated; branches on another kind |
| bad_join | join missing or unknown, quorum out of range or without join "quorum"; join on another kind |
| bad_publicity | a publicize step without publicity_days >= 1; publicity_days on another kind |
| unreachable | no path from the start step reaches this step |
| dead_end | no path from this step reaches a terminal `end:*` (no actions, or a cycle with no exit) |

Each message names the step, Chinese first, then English.

Ready-made definitions are in `STANDARD_PROCESSES` (the demo catalogue's processes were built with them).
Their step budgets along the longest path, counting only steps where the clock runs, add up to the promised
limit (`longest_path_workdays`).
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeGuard

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from onego.accounts.roles import STAFF_ROLES, Role
from onego.core.identifiers import normalize_credit_code

KEY_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,39}")
END_PREFIX = "end:"

# Terminal outcomes (办结结果): label in Chinese and English.
OUTCOMES: dict[str, tuple[str, str]] = {
    "approved": ("办结（准予）", "Completed (approved)"),
    "refused": ("不予许可", "Refused"),
    "not_accepted": ("不予受理", "Not accepted"),
    "withdrawn": ("申请人撤回", "Withdrawn"),
    "terminated": ("终止办理", "Terminated"),
}

FLAG_NAMES = ("documents_required", "editable", "clock_paused")
JOINS = ("all", "any", "quorum")
ACTOR_DEPARTMENT_ITEM = "item"
ACTOR_DEPARTMENT_BRANCHES = "branches"

# Step kinds the catalogue knows; later apps add theirs at start-up through register_step_kind.
_STEP_KINDS: set[str] = set()
_STEP_KIND_LABELS: dict[str, tuple[str, str]] = {}


def register_step_kind(kind: str, *, name: str = "", name_en: str = "") -> None:
    """Make `kind` a valid step kind (an app that runs work for the engine calls this in `ready()`).

    Registering a kind again is harmless; a later call with labels replaces the labels."""
    if not isinstance(kind, str) or not KEY_PATTERN.fullmatch(kind):
        raise ValueError(f"A step kind must match {KEY_PATTERN.pattern}: {kind!r}")
    _STEP_KINDS.add(kind)
    if name or name_en or kind not in _STEP_KIND_LABELS:
        _STEP_KIND_LABELS[kind] = (name or kind, name_en or kind)


def known_step_kinds() -> frozenset[str]:
    return frozenset(_STEP_KINDS)


def step_kind_label(kind: str, lang: str = "zh") -> str:
    """The kind's display name (环节类型), e.g. "受理" / "Acceptance"; the raw kind if unknown."""
    zh, en = _STEP_KIND_LABELS.get(kind, (kind, kind))
    return en if lang == "en" else zh


for _kind, _zh, _en in [
    ("accept", "受理", "Acceptance"),
    ("review", "审查", "Review"),
    ("countersign", "会签", "Countersign"),
    ("inspect", "核查", "Inspection"),
    ("decide", "决定", "Decision"),
    ("publicize", "公示", "Publicity"),
    ("issue", "送达发证", "Issue"),
    ("disburse", "拨付", "Disbursement"),
]:
    register_step_kind(_kind, name=_zh, name_en=_en)


@dataclass(frozen=True)
class ProcessProblem:
    step: str  # the step's key ("#3" for a step without one; "" for the definition as a whole)
    code: str
    message: str


# --- reading a definition (used by the validator, the diagram and, later, the engine) -------------------


def terminal_outcome(target: Any) -> str | None:
    """ "end:refused" → "refused"; None for a step key or anything that is not a known terminal."""
    if isinstance(target, str) and target.startswith(END_PREFIX):
        outcome = target[len(END_PREFIX) :]
        if outcome in OUTCOMES:
            return outcome
    return None


def outcome_label(outcome: str, lang: str = "zh") -> str:
    zh, en = OUTCOMES.get(outcome, (outcome, outcome))
    return en if lang == "en" else zh


def steps(definition: Any) -> list[dict[str, Any]]:
    """The well-formed steps (objects with a string key), first occurrence of each key, in order."""
    if not isinstance(definition, Mapping) or not isinstance(definition.get("steps"), list):
        return []
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for entry in definition["steps"]:
        key = entry.get("key") if isinstance(entry, dict) else None
        if isinstance(entry, dict) and isinstance(key, str) and key and key not in seen:
            seen.add(key)
            out.append(entry)
    return out


def uses_remote_video(definition: Any) -> bool:
    """True when a step of the process inspects by remote video (mode "remote_video")."""
    return any(entry.get("mode") == "remote_video" for entry in steps(definition))


def step(definition: Any, key: str) -> dict[str, Any] | None:
    """The step with this key, or None."""
    for entry in steps(definition):
        if entry["key"] == key:
            return entry
    return None


def actions(step_: Mapping[str, Any]) -> list[dict[str, Any]]:
    """A step's well-formed actions (objects with a string key), in order."""
    raw = step_.get("actions")
    if not isinstance(raw, list):
        return []
    return [a for a in raw if isinstance(a, dict) and isinstance(a.get("key"), str)]


def action(definition: Any, step_key: str, action_key: str) -> dict[str, Any] | None:
    """The action `action_key` of step `step_key` (its "target" says where the case goes next), or None."""
    found = step(definition, step_key)
    if found is None:
        return None
    return next((a for a in actions(found) if a["key"] == action_key), None)


def flag(step_: Mapping[str, Any], name: str) -> bool:
    """A step flag (documents_required, editable, clock_paused); absent means false."""
    flags = step_.get("flags")
    return bool(isinstance(flags, Mapping) and flags.get(name) is True)


def edges(definition: Any) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(step key, target, action) for every action with a string target, in definition order."""
    for entry in steps(definition):
        for act in actions(entry):
            if isinstance(act.get("target"), str):
                yield entry["key"], act["target"], act


def depths(definition: Any) -> dict[str, int]:
    """Breadth-first depth of every step reachable from the start (the start has depth 0)."""
    keys = {s["key"] for s in steps(definition)}
    start = definition.get("start") if isinstance(definition, Mapping) else None
    if not isinstance(start, str) or start not in keys:
        return {}
    successors = _successors(definition, keys)
    seen = {start: 0}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        for nxt in successors[current]:
            if nxt not in seen:
                seen[nxt] = seen[current] + 1
                queue.append(nxt)
    return seen


def longest_path_workdays(definition: Any) -> int:
    """The most working days a case can spend on its way from the start to an end, without going round a
    loop, counting only steps where the clock runs (a clock_paused step's budget does not count).

    A loop (the correction notice, a re-review after an objection) is entered at most once here: its
    time is the applicant's or a special procedure's, not the promised limit's."""
    by_key = {s["key"]: s for s in steps(definition)}
    start = definition.get("start") if isinstance(definition, Mapping) else None
    if not isinstance(start, str) or start not in by_key:
        return 0
    successors = _successors(definition, set(by_key))

    def budget(key: str) -> int:
        value = by_key[key].get("budget_workdays")
        if flag(by_key[key], "clock_paused") or not _is_count(value):
            return 0
        return int(value)

    def walk(key: str, on_path: frozenset[str]) -> int:
        # The definitions are small (a handful of steps), so a plain search over simple paths is fine.
        tail = max((walk(n, on_path | {n}) for n in successors[key] if n not in on_path), default=0)
        return budget(key) + tail

    return walk(start, frozenset({start}))


def describe(definition: Any, *, lang: str = "zh") -> list[str]:
    """The process as lines of plain text (a guide page, a log line, a test failure)."""
    lines = []
    for number, entry in enumerate(steps(definition), start=1):
        name = _text(entry.get("name_en") if lang == "en" and entry.get("name_en") else entry.get("name"))
        budget = entry.get("budget_workdays")
        days = "?"
        if _is_count(budget):
            days = f"{budget} working day(s)" if lang == "en" else f"{budget} 个工作日"
        moves = []
        for act in actions(entry):
            label = _text(act.get("name_en") if lang == "en" and act.get("name_en") else act.get("name"))
            target = act.get("target")
            outcome = terminal_outcome(target)
            if outcome:
                where = outcome_label(outcome, lang)
            else:
                found = step(definition, target) if isinstance(target, str) else None
                where = _text(found.get("name")) if found else str(target)
            moves.append(f"{label} → {where}")
        lines.append(f"{number}. {name} ({entry.get('kind')}, {days}): " + "; ".join(moves))
    return lines


def role_label(role: str, lang: str = "zh") -> str:
    """A role's name in the given language ("窗口人员", "Window clerk"), from the Role label and its msgstr."""
    try:
        with translation.override("en" if lang == "en" else "zh-hans"):
            return str(Role(role).label)
    except ValueError:
        return role


def _successors(definition: Any, keys: set[str]) -> dict[str, list[str]]:
    successors: dict[str, list[str]] = {k: [] for k in keys}
    for source, target, _act in edges(definition):
        if target in keys and target not in successors[source]:
            successors[source].append(target)
    return successors


def _is_count(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _is_credit_code(value: Any) -> TypeGuard[str]:
    if not isinstance(value, str) or len(value) != 18:
        return False
    try:
        return normalize_credit_code(value) == value
    except ValidationError:
        return False


def _short(value: Any) -> str:
    """A value as it may appear inside a message: JSON, cut short."""
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):  # pragma: no cover - default=str makes this unlikely
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# --- the validator ---------------------------------------------------------------------------------------


class _Problems:
    def __init__(self) -> None:
        self.items: list[ProcessProblem] = []

    def add(self, step_label: str, code: str, message: str) -> None:
        self.items.append(ProcessProblem(step_label, code, message))


def _step_name(label: str) -> str:
    """How a message names a step: 步骤「review」 (or 第 3 个步骤 for a step without a key)."""
    if label.startswith("#"):
        return _("第 %(number)s 个步骤") % {"number": label[1:]}
    return _("步骤「%(key)s」") % {"key": label}


def validate_process(definition: Any) -> list[ProcessProblem]:
    """Every problem of a process definition, in a fixed order; an empty list means it is valid.

    Never raises: anything malformed (not an object, wrong types, missing keys) is reported as a problem.
    """
    problems = _Problems()
    if not isinstance(definition, Mapping):
        problems.add(
            "",
            "bad_definition",
            _("流程定义应为 JSON 对象，实为 %(value)s") % {"value": _short(definition)},
        )
        return problems.items

    keys = [s["key"] for s in steps(definition)]  # first occurrences, in order
    start = definition.get("start")
    if not isinstance(start, str) or not start:
        problems.add(
            "",
            "missing_start",
            _("流程定义缺少开始步骤（start）"),
        )
        start = None
    elif start not in keys:
        problems.add(
            start,
            "unknown_start",
            _("开始步骤「%(start)s」不存在") % {"start": start},
        )
        start = None

    raw_steps = definition.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        problems.add(
            "",
            "bad_steps",
            _("流程定义应有步骤列表（steps），且至少一个步骤"),
        )
        raw_steps = raw_steps if isinstance(raw_steps, list) else []

    seen: set[str] = set()
    for index, entry in enumerate(raw_steps, start=1):
        label = f"#{index}"
        if not isinstance(entry, Mapping):
            step = _step_name(label)
            problems.add(label, "bad_step", _("%(step)s应为 JSON 对象") % {"step": step})
            continue
        key = entry.get("key")
        if isinstance(key, str) and key:
            label = key
        step = _step_name(label)
        if not isinstance(key, str) or not KEY_PATTERN.fullmatch(key):
            problems.add(
                label,
                "bad_key",
                _("%(step)s的标识（key）应为小写字母开头、由小写字母数字下划线组成、不超过 40 个字符")
                % {"step": step},
            )
        if isinstance(key, str) and key:
            if key in seen:
                problems.add(label, "duplicate_step", _("%(step)s的标识重复") % {"step": step})
                continue
            seen.add(key)
        _check_step(entry, label, set(keys), problems)

    _check_graph(definition, keys, start, problems)
    return problems.items


def _check_step(entry: Mapping[str, Any], label: str, keys: set[str], problems: _Problems) -> None:
    step = _step_name(label)
    kind = entry.get("kind")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.add(label, "bad_name", _("%(step)s缺少名称（name）") % {"step": step})
    elif "name_en" in entry and not isinstance(entry["name_en"], str):
        problems.add(label, "bad_name", _("%(step)s的英文名称（name_en）应为文本") % {"step": step})
    if not isinstance(kind, str) or kind not in _STEP_KINDS:
        problems.add(
            label,
            "unknown_kind",
            _("%(step)s的类型 %(value)s 未登记") % {"step": step, "value": _short(kind)},
        )
    _check_actor(entry, kind, label, problems)
    budget = entry.get("budget_workdays")
    if not _is_count(budget):
        problems.add(
            label,
            "bad_budget",
            _("%(step)s的时限（budget_workdays）应为不小于 0 的整数，实为 %(value)s")
            % {"step": step, "value": _short(budget)},
        )
    _check_flags(entry, label, problems)
    _check_actions(entry, label, keys, problems)

    if kind == "countersign":
        _check_countersign(entry, label, problems)
    else:
        if "branches" in entry:
            problems.add(
                label,
                "bad_branches",
                _("%(step)s不是会签步骤，不能有会签部门（branches）") % {"step": step},
            )
        if "join" in entry or "quorum" in entry:
            problems.add(
                label,
                "bad_join",
                _("%(step)s不是会签步骤，不能有会签规则（join/quorum）") % {"step": step},
            )

    days = entry.get("publicity_days")
    if kind == "publicize":
        if not _is_count(days) or days < 1:
            problems.add(
                label,
                "bad_publicity",
                _("%(step)s的公示天数（publicity_days）应为不小于 1 的整数，实为 %(value)s")
                % {"step": step, "value": _short(days)},
            )
    elif "publicity_days" in entry:
        problems.add(
            label,
            "bad_publicity",
            _("%(step)s不是公示步骤，不能有公示天数（publicity_days）") % {"step": step},
        )


def _check_actor(entry: Mapping[str, Any], kind: Any, label: str, problems: _Problems) -> None:
    step = _step_name(label)
    actor = entry.get("actor")
    if not isinstance(actor, Mapping):
        problems.add(
            label,
            "bad_actor",
            _("%(step)s缺少办理人（actor：role 和 department）") % {"step": step},
        )
        return
    role = actor.get("role")
    if not isinstance(role, str) or role not in {r.value for r in STAFF_ROLES}:
        problems.add(
            label,
            "bad_actor",
            _("%(step)s的办理角色 %(value)s 不是工作人员角色") % {"step": step, "value": _short(role)},
        )
    department = actor.get("department")
    if department == ACTOR_DEPARTMENT_BRANCHES:
        if kind != "countersign":
            problems.add(
                label,
                "bad_actor",
                _("%(step)s不是会签步骤，办理部门不能是会签部门（branches）") % {"step": step},
            )
    elif department != ACTOR_DEPARTMENT_ITEM and not _is_credit_code(department):
        problems.add(
            label,
            "bad_actor",
            _("%(step)s的办理部门 %(value)s 应为 item、branches 或 18 位统一社会信用代码")
            % {"step": step, "value": _short(department)},
        )


def _check_flags(entry: Mapping[str, Any], label: str, problems: _Problems) -> None:
    if "flags" not in entry:
        return
    step = _step_name(label)
    flags = entry["flags"]
    if not isinstance(flags, Mapping):
        problems.add(label, "bad_flags", _("%(step)s的标志（flags）应为 JSON 对象") % {"step": step})
        return
    for name in flags:
        if name not in FLAG_NAMES:
            problems.add(
                label,
                "bad_flags",
                _("%(step)s有未知标志 %(value)s（已知：%(names)s）")
                % {"step": step, "value": _short(name), "names": ", ".join(FLAG_NAMES)},
            )
        elif not isinstance(flags[name], bool):
            problems.add(
                label,
                "bad_flags",
                _("%(step)s的标志 %(name)s 应为 true 或 false") % {"step": step, "name": name},
            )


def _check_actions(entry: Mapping[str, Any], label: str, keys: set[str], problems: _Problems) -> None:
    step = _step_name(label)
    raw = entry.get("actions")
    if not isinstance(raw, list) or not raw:
        problems.add(label, "no_actions", _("%(step)s没有任何办理操作（actions）") % {"step": step})
        return
    seen: set[str] = set()
    for index, act in enumerate(raw, start=1):
        if not isinstance(act, Mapping):
            problems.add(
                label,
                "bad_action",
                _("%(step)s的第 %(index)s 个操作应为 JSON 对象") % {"step": step, "index": index},
            )
            continue
        key = act.get("key")
        who = (
            _("「%(key)s」") % {"key": key}
            if isinstance(key, str) and key
            else _(" #%(index)s ") % {"index": index}
        )
        if not isinstance(key, str) or not KEY_PATTERN.fullmatch(key):
            problems.add(
                label,
                "bad_action",
                _("%(step)s的操作%(who)s的标识（key）格式不正确") % {"step": step, "who": who},
            )
        elif key in seen:
            problems.add(
                label, "duplicate_action", _("%(step)s的操作%(who)s重复") % {"step": step, "who": who}
            )
        else:
            seen.add(key)
        if not isinstance(act.get("name"), str) or not act["name"].strip():
            problems.add(
                label, "bad_action", _("%(step)s的操作%(who)s缺少名称（name）") % {"step": step, "who": who}
            )
        target = act.get("target")
        if target is None or target == "":
            problems.add(
                label,
                "missing_target",
                _("%(step)s的操作%(who)s没有去向（target）") % {"step": step, "who": who},
            )
        elif not isinstance(target, str):
            problems.add(
                label,
                "unknown_target",
                _("%(step)s的操作%(who)s的去向 %(value)s 应为步骤标识或 end:结果")
                % {"step": step, "value": _short(target), "who": who},
            )
        elif target.startswith(END_PREFIX):
            if terminal_outcome(target) is None:
                problems.add(
                    label,
                    "unknown_target",
                    _("%(step)s的操作%(who)s的去向 %(target)s 不是已知的办结结果（%(names)s）")
                    % {"step": step, "target": target, "names": ", ".join(OUTCOMES), "who": who},
                )
        elif target not in keys:
            problems.add(
                label,
                "unknown_target",
                _("%(step)s的操作%(who)s的去向「%(target)s」不存在")
                % {"step": step, "target": target, "who": who},
            )


def _check_countersign(entry: Mapping[str, Any], label: str, problems: _Problems) -> None:
    step = _step_name(label)
    branches = entry.get("branches")
    if not isinstance(branches, list) or len(branches) < 2:
        problems.add(
            label,
            "bad_branches",
            _("%(step)s是会签步骤，至少需要两个会签部门（branches）") % {"step": step},
        )
        branches = branches if isinstance(branches, list) else []
    departments: set[str] = set()
    step_budget = entry.get("budget_workdays")
    for index, branch in enumerate(branches, start=1):
        if not isinstance(branch, Mapping):
            problems.add(
                label,
                "bad_branches",
                _("%(step)s的第 %(index)s 个会签部门应为 JSON 对象") % {"step": step, "index": index},
            )
            continue
        department = branch.get("department")
        if not _is_credit_code(department):
            problems.add(
                label,
                "bad_branches",
                _("%(step)s的第 %(index)s 个会签部门应为 18 位统一社会信用代码，实为 %(value)s")
                % {"step": step, "index": index, "value": _short(department)},
            )
        elif department in departments:
            problems.add(
                label,
                "bad_branches",
                _("%(step)s的会签部门 %(department)s 重复") % {"step": step, "department": department},
            )
        else:
            departments.add(department)
        if "name" in branch and not isinstance(branch["name"], str):
            problems.add(
                label,
                "bad_branches",
                _("%(step)s的第 %(index)s 个会签部门名称应为文本") % {"step": step, "index": index},
            )
        if "name_en" in branch and not isinstance(branch["name_en"], str):
            problems.add(
                label,
                "bad_branches",
                _("%(step)s的第 %(index)s 个会签部门英文名称（name_en）应为文本")
                % {"step": step, "index": index},
            )
        budget = branch.get("budget_workdays")
        if not _is_count(budget):
            problems.add(
                label,
                "bad_budget",
                _("%(step)s的第 %(index)s 个会签部门时限应为不小于 0 的整数，实为 %(value)s")
                % {"step": step, "index": index, "value": _short(budget)},
            )
        elif _is_count(step_budget) and budget > step_budget:
            problems.add(
                label,
                "bad_budget",
                _("%(step)s的第 %(index)s 个会签部门时限（%(budget)s）长于步骤时限（%(step_budget)s）")
                % {"step": step, "index": index, "budget": budget, "step_budget": step_budget},
            )

    join = entry.get("join")
    quorum = entry.get("quorum")
    if join not in JOINS:
        problems.add(
            label,
            "bad_join",
            _("%(step)s的会签规则（join）应为 all、any 或 quorum，实为 %(value)s")
            % {"step": step, "value": _short(join)},
        )
    elif join == "quorum":
        if not _is_count(quorum) or not 1 <= quorum <= len(branches):
            problems.add(
                label,
                "bad_join",
                _("%(step)s的法定人数（quorum）应为 1 到会签部门数（%(count)s）之间的整数，实为 %(value)s")
                % {"step": step, "count": len(branches), "value": _short(quorum)},
            )
    elif "quorum" in entry:
        problems.add(
            label,
            "bad_join",
            _("%(step)s只有在 join 为 quorum 时才能设置 quorum") % {"step": step},
        )


def _check_graph(
    definition: Mapping[str, Any], keys: list[str], start: str | None, problems: _Problems
) -> None:
    """unreachable (only when the start is known), then dead_end, each in step order."""
    if start is not None:
        reached = depths(definition)
        for key in keys:
            if key not in reached:
                step = _step_name(key)
                problems.add(key, "unreachable", _("%(step)s无法从开始步骤到达") % {"step": step})

    # Walk backwards from the steps that can end a case.
    key_set = set(keys)
    predecessors: dict[str, list[str]] = {k: [] for k in keys}
    can_end: set[str] = set()
    for source, target, _act in edges(definition):
        if terminal_outcome(target) is not None:
            can_end.add(source)
        elif target in key_set:
            predecessors[target].append(source)
    queue = deque(key for key in keys if key in can_end)
    while queue:
        current = queue.popleft()
        for previous in predecessors[current]:
            if previous not in can_end:
                can_end.add(previous)
                queue.append(previous)
    for key in keys:
        if key not in can_end:
            step = _step_name(key)
            problems.add(key, "dead_end", _("%(step)s之后的任何路径都无法办结") % {"step": step})


# --- ready-made definitions --------------------------------------------------------------------------------

Branch = tuple[str, str, int]  # (credit code, department name, budget in working days)


def _split(total: int, weights: Sequence[int]) -> list[int]:
    """Split `total` working days in proportion to `weights` (largest remainder; ties go to the earlier)."""
    if not isinstance(total, int) or isinstance(total, bool) or total < 0:
        raise ValueError(f"A number of working days must be an int >= 0: {total!r}")
    whole = sum(weights)
    shares = [total * w // whole for w in weights]
    remainders = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % whole), i))
    for i in remainders[: total - sum(shares)]:
        shares[i] += 1
    return shares


def _actor(role: str, department: str = ACTOR_DEPARTMENT_ITEM) -> dict[str, str]:
    return {"role": role, "department": department}


def _act(key: str, name: str, name_en: str, target: str) -> dict[str, str]:
    return {"key": key, "name": name, "name_en": name_en, "target": target}


def _flags(
    documents_required: bool = False, editable: bool = False, clock_paused: bool = False
) -> dict[str, bool]:
    return {"documents_required": documents_required, "editable": editable, "clock_paused": clock_paused}


def _accept_step(next_key: str, budget: int, role: str = Role.WINDOW_CLERK.value) -> dict[str, Any]:
    return {
        "key": "accept",
        "kind": "accept",
        "name": "受理",
        "name_en": "Acceptance",
        "actor": _actor(role),
        "budget_workdays": budget,
        "flags": _flags(documents_required=True, editable=True),
        "actions": [
            _act("accept", "受理", "Accept", next_key),
            _act("reject", "不予受理", "Refuse to accept", "end:not_accepted"),
            _act("request_correction", "一次性告知补正", "One-time correction notice", "accept"),
        ],
    }


def _decide_step(next_key: str, budget: int) -> dict[str, Any]:
    return {
        "key": "decide",
        "kind": "decide",
        "name": "审批决定",
        "name_en": "Decision",
        "actor": _actor(Role.DEPARTMENT_HEAD.value),
        "budget_workdays": budget,
        "flags": _flags(),
        "actions": [
            _act("approve", "准予许可", "Approve", next_key),
            _act("refuse", "不予许可", "Refuse", "end:refused"),
        ],
    }


def _issue_step(budget: int, role: str = Role.WINDOW_CLERK.value) -> dict[str, Any]:
    return {
        "key": "issue",
        "kind": "issue",
        "name": "制证送达",
        "name_en": "Issue",
        "actor": _actor(role),
        "budget_workdays": budget,
        "flags": _flags(),
        "actions": [_act("issue", "发证办结", "Issue and complete", "end:approved")],
    }


def _countersign_step(
    branches: Sequence[Branch], join: str, quorum: int | None, next_key: str, role: str = Role.REVIEWER.value
) -> dict[str, Any]:
    if len(branches) < 2:
        raise ValueError("A countersign needs at least two branches")
    result: dict[str, Any] = {
        "key": "countersign",
        "kind": "countersign",
        "name": "部门会签",
        "name_en": "Countersign",
        "actor": _actor(role, ACTOR_DEPARTMENT_BRANCHES),
        "branches": [
            {"department": code, "name": name, "budget_workdays": budget} for code, name, budget in branches
        ],
        "join": join,
        "budget_workdays": max(budget for _code, _name, budget in branches),
        "flags": _flags(),
        "actions": [
            _act("approve", "同意", "Agree", next_key),
            _act("refuse", "不同意", "Disagree", "end:refused"),
        ],
    }
    if join == "quorum":
        result["quorum"] = quorum if quorum is not None else len(branches) // 2 + 1
    return result


def simple_approval(dept_role: str = Role.REVIEWER.value, promised_workdays: int = 20) -> dict[str, Any]:
    """受理 → 审查 → 决定 → 送达: the plain licensing path, with 不予受理, 不予许可 and the correction loop."""
    accept, review, decide, issue = _split(promised_workdays, [1, 6, 2, 1])
    return {
        "start": "accept",
        "steps": [
            _accept_step("review", accept),
            {
                "key": "review",
                "kind": "review",
                "name": "审查",
                "name_en": "Review",
                "actor": _actor(dept_role),
                "budget_workdays": review,
                "flags": _flags(documents_required=True),
                "actions": [
                    _act("pass", "审查通过", "Pass", "decide"),
                    _act("refuse", "审查不通过", "Fail", "end:refused"),
                ],
            },
            _decide_step("issue", decide),
            _issue_step(issue),
        ],
    }


def commitment_with_video(dept_role: str = Role.REVIEWER.value, promised_workdays: int = 5) -> dict[str, Any]:
    """告知承诺 + 远程视频核查: 受理 → 视频核查 → 决定 → 送达; the applicant may be asked to record again."""
    accept, inspect, decide, issue = _split(promised_workdays, [1, 2, 1, 1])
    return {
        "start": "accept",
        "steps": [
            _accept_step("inspect", accept),
            {
                "key": "inspect",
                "kind": "inspect",
                "name": "远程视频核查",
                "name_en": "Remote video inspection",
                "mode": "remote_video",
                "actor": _actor(dept_role),
                "budget_workdays": inspect,
                "flags": _flags(),
                "actions": [
                    _act("pass", "核查通过", "Inspection passed", "decide"),
                    _act("fail", "核查不通过", "Inspection failed", "end:refused"),
                    _act("request_video", "要求重新录制", "Ask for a new recording", "inspect"),
                ],
            },
            _decide_step("issue", decide),
            _issue_step(issue),
        ],
    }


def countersign_approval(
    branches: Sequence[Branch],
    join: str = "all",
    quorum: int | None = None,
    promised_workdays: int | None = None,
) -> dict[str, Any]:
    """受理 → 部门会签 → 决定 → 送达. The countersign takes as long as its slowest branch; the rest of the
    promised limit (when given) is split between acceptance, decision and issue."""
    countersign = _countersign_step(branches, join, quorum, "decide")
    rest = 3 if promised_workdays is None else promised_workdays - countersign["budget_workdays"]
    if rest < 0:
        raise ValueError("The promised limit is shorter than the slowest countersign branch")
    accept, decide, issue = _split(rest, [1, 1, 1])
    return {
        "start": "accept",
        "steps": [
            _accept_step("countersign", accept),
            countersign,
            _decide_step("issue", decide),
            _issue_step(issue),
        ],
    }


def filing_on_the_spot() -> dict[str, Any]:
    """即办件 (备案): accepted and issued at the window the same day."""
    return {"start": "accept", "steps": [_accept_step("issue", 0), _issue_step(0)]}


def policy_redemption(
    branches: Sequence[Branch], publicity_days: int = 5, promised_workdays: int | None = None
) -> dict[str, Any]:
    """政策兑现: 受理 → 审核 → 部门会签 → 公示 → 决定 → 拨付. Publicity is a special procedure: the clock stops
    (its budget is the publicity period); an upheld objection sends the case back to review."""
    countersign = _countersign_step(branches, "all", None, "publicize")
    rest = 8 if promised_workdays is None else promised_workdays - countersign["budget_workdays"]
    if rest < 0:
        raise ValueError("The promised limit is shorter than the slowest countersign branch")
    accept, review, decide, disburse = _split(rest, [1, 3, 1, 3])
    officer = Role.POLICY_OFFICER.value
    return {
        "start": "accept",
        "steps": [
            _accept_step("review", accept, role=officer),
            {
                "key": "review",
                "kind": "review",
                "name": "资格审核",
                "name_en": "Eligibility review",
                "actor": _actor(officer),
                "budget_workdays": review,
                "flags": _flags(documents_required=True),
                "actions": [
                    _act("pass", "审核通过", "Eligible", "countersign"),
                    _act("refuse", "审核不通过", "Not eligible", "end:refused"),
                ],
            },
            countersign,
            {
                "key": "publicize",
                "kind": "publicize",
                "name": "结果公示",
                "name_en": "Publicity",
                "actor": _actor(officer),
                "publicity_days": publicity_days,
                "budget_workdays": publicity_days,
                "flags": _flags(clock_paused=True),
                "actions": [
                    _act("no_objection", "公示无异议", "No objection", "decide"),
                    _act(
                        "objection_upheld", "异议成立，重新审核", "Objection upheld: review again", "review"
                    ),
                ],
            },
            {
                "key": "decide",
                "kind": "decide",
                "name": "兑现决定",
                "name_en": "Decision",
                "actor": _actor(Role.DEPARTMENT_HEAD.value),
                "budget_workdays": decide,
                "flags": _flags(),
                "actions": [
                    _act("approve", "同意兑现", "Approve payment", "disburse"),
                    _act("refuse", "不予兑现", "Refuse", "end:refused"),
                ],
            },
            {
                "key": "disburse",
                "kind": "disburse",
                "name": "资金拨付",
                "name_en": "Disbursement",
                "actor": _actor(officer),
                "budget_workdays": disburse,
                "flags": _flags(),
                "actions": [_act("pay", "拨付到账", "Paid", "end:approved")],
            },
        ],
    }


STANDARD_PROCESSES: dict[str, Callable[..., dict[str, Any]]] = {
    "simple_approval": simple_approval,
    "commitment_with_video": commitment_with_video,
    "countersign_approval": countersign_approval,
    "filing_on_the_spot": filing_on_the_spot,
    "policy_redemption": policy_redemption,
}

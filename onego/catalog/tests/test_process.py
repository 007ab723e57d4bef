"""Process definitions as data: the validator, the standard definitions and the helpers the engine reads."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.utils import translation

from onego.catalog.process import (
    STANDARD_PROCESSES,
    action,
    countersign_approval,
    describe,
    filing_on_the_spot,
    known_step_kinds,
    longest_path_workdays,
    policy_redemption,
    register_step_kind,
    simple_approval,
    step,
    terminal_outcome,
    validate_process,
)
from onego.core.identifiers import make_credit_code

HEALTH = make_credit_code("11440111MB2C00030")
POLICE = make_credit_code("11440111MB2C00040")
HOUSING = make_credit_code("11440111MB2C00050")
BRANCHES = [(HEALTH, "区卫生健康局", 3), (POLICE, "白云公安分局", 2), (HOUSING, "区住建局", 3)]


def _step(key: str, kind: str, *moves: tuple[str, str | None], **extra: Any) -> dict[str, Any]:
    """A well-formed step whose actions are (action key, target); a None target is left out."""
    result: dict[str, Any] = {
        "key": key,
        "kind": kind,
        "name": f"{key} 步骤",
        "actor": {"role": "reviewer", "department": "item"},
        "budget_workdays": 1,
        "actions": [{"key": k, "name": k, **({"target": t} if t is not None else {})} for k, t in moves],
    }
    result.update(extra)
    return result


def _countersign(join: str, **extra: Any) -> dict[str, Any]:
    return _step(
        "countersign",
        "countersign",
        ("approve", "decide"),
        ("refuse", "end:refused"),
        actor={"role": "reviewer", "department": "branches"},
        budget_workdays=3,
        join=join,
        branches=[
            {"department": code, "name": name, "budget_workdays": days} for code, name, days in BRANCHES
        ],
        **extra,
    )


def _process(*steps_: dict[str, Any], start: str = "accept") -> dict[str, Any]:
    return {"start": start, "steps": list(steps_)}


ACCEPT = _step("accept", "accept", ("accept", "review"), ("reject", "end:not_accepted"))
REVIEW = _step("review", "review", ("pass", "decide"), ("refuse", "end:refused"))
DECIDE = _step("decide", "decide", ("approve", "end:approved"), ("refuse", "end:refused"))

# (case, definition, the problems expected as (step, code), in the validator's order)
CASES: list[tuple[str, dict[str, Any], list[tuple[str, str]]]] = [
    ("a three-step approval is valid", _process(ACCEPT, REVIEW, DECIDE), []),
    (
        "a step nothing leads to is unreachable",
        _process(ACCEPT, REVIEW, DECIDE, _step("archive", "review", ("done", "end:approved"))),
        [("archive", "unreachable")],
    ),
    (
        "a step whose only action loops back to itself is a dead end",
        _process(
            _step("accept", "accept", ("accept", "review"), ("reject", "end:not_accepted")),
            _step("review", "review", ("again", "review")),
        ),
        [("review", "dead_end")],
    ),
    (
        "a cycle of two steps with no exit makes both dead ends",
        _process(
            _step("accept", "accept", ("accept", "review"), ("reject", "end:not_accepted")),
            _step("review", "review", ("pass", "decide")),
            _step("decide", "decide", ("back", "review")),
        ),
        [("review", "dead_end"), ("decide", "dead_end")],
    ),
    (
        "a step with no actions has none and is a dead end",
        _process(ACCEPT, _step("review", "review"), DECIDE),
        [("review", "no_actions"), ("decide", "unreachable"), ("review", "dead_end")],
    ),
    (
        "an action with no target is reported and the step it would have led to is unreachable",
        _process(ACCEPT, _step("review", "review", ("pass", None), ("refuse", "end:refused")), DECIDE),
        [("review", "missing_target"), ("decide", "unreachable")],
    ),
    (
        "an action whose target is no step is an unknown target",
        _process(ACCEPT, _step("review", "review", ("pass", "decision"), ("refuse", "end:refused")), DECIDE),
        [("review", "unknown_target"), ("decide", "unreachable")],
    ),
    (
        "an action ending in an outcome that does not exist is an unknown target",
        _process(
            ACCEPT, REVIEW, _step("decide", "decide", ("approve", "end:granted"), ("refuse", "end:refused"))
        ),
        [("decide", "unknown_target")],
    ),
    (
        "a start that names no step is unknown",
        _process(ACCEPT, REVIEW, DECIDE, start="intake"),
        [("intake", "unknown_start")],
    ),
    ("a definition without a start says so", {"steps": [ACCEPT, REVIEW, DECIDE]}, [("", "missing_start")]),
    (
        "a step key used twice is a duplicate",
        _process(ACCEPT, REVIEW, DECIDE, _step("review", "review", ("pass", "decide"))),
        [("review", "duplicate_step")],
    ),
    (
        "an unregistered kind is unknown",
        _process(ACCEPT, _step("review", "lottery", ("pass", "decide")), DECIDE),
        [("review", "unknown_kind")],
    ),
    (
        "an applicant cannot act on a step",
        _process(ACCEPT, {**REVIEW, "actor": {"role": "applicant_person", "department": "item"}}, DECIDE),
        [("review", "bad_actor")],
    ),
    (
        "an actor department must be item, branches on a countersign, or a valid credit code",
        _process(
            ACCEPT,
            {**REVIEW, "actor": {"role": "reviewer", "department": "branches"}},
            {**DECIDE, "actor": {"role": "reviewer", "department": "91440111MA5AQ6WX01"}},
        ),
        [("review", "bad_actor"), ("decide", "bad_actor")],
    ),
    (
        "a negative budget and a fractional one are bad budgets",
        _process(ACCEPT, {**REVIEW, "budget_workdays": -1}, {**DECIDE, "budget_workdays": 1.5}),
        [("review", "bad_budget"), ("decide", "bad_budget")],
    ),
    (
        "a flag outside the three names or not a boolean is refused",
        _process(
            {**ACCEPT, "flags": {"documents_required": True, "urgent": True}},
            {**REVIEW, "flags": {"clock_paused": "yes"}},
            DECIDE,
        ),
        [("accept", "bad_flags"), ("review", "bad_flags")],
    ),
    (
        "two actions of a step with the same key are duplicates",
        _process(ACCEPT, _step("review", "review", ("pass", "decide"), ("pass", "end:refused")), DECIDE),
        [("review", "duplicate_action")],
    ),
    (
        "a valid countersign process may join all",
        _process(
            _step("accept", "accept", ("accept", "countersign"), ("reject", "end:not_accepted")),
            _countersign("all"),
            DECIDE,
        ),
        [],
    ),
    (
        "a valid countersign process may join any",
        _process(
            _step("accept", "accept", ("accept", "countersign"), ("reject", "end:not_accepted")),
            _countersign("any"),
            DECIDE,
        ),
        [],
    ),
    (
        "a valid countersign process may join a quorum",
        _process(
            _step("accept", "accept", ("accept", "countersign"), ("reject", "end:not_accepted")),
            _countersign("quorum", quorum=2),
            DECIDE,
        ),
        [],
    ),
    (
        "a quorum larger than the branches is a bad join",
        _process(
            _step("accept", "accept", ("accept", "countersign"), ("reject", "end:not_accepted")),
            _countersign("quorum", quorum=4),
            DECIDE,
        ),
        [("countersign", "bad_join")],
    ),
    (
        "a quorum without join quorum is a bad join",
        _process(
            _step("accept", "accept", ("accept", "countersign"), ("reject", "end:not_accepted")),
            _countersign("all", quorum=2),
            DECIDE,
        ),
        [("countersign", "bad_join")],
    ),
    (
        "an unknown join is a bad join",
        _process(
            _step("accept", "accept", ("accept", "countersign"), ("reject", "end:not_accepted")),
            _countersign("majority"),
            DECIDE,
        ),
        [("countersign", "bad_join")],
    ),
    (
        "a countersign with one branch has bad branches",
        _process(
            _step("accept", "accept", ("accept", "countersign"), ("reject", "end:not_accepted")),
            {**_countersign("all"), "branches": [{"department": HEALTH, "budget_workdays": 3}]},
            DECIDE,
        ),
        [("countersign", "bad_branches")],
    ),
    (
        "a branch named twice, without a valid code, or slower than its step is refused",
        _process(
            _step("accept", "accept", ("accept", "countersign"), ("reject", "end:not_accepted")),
            {
                **_countersign("all"),
                "branches": [
                    {"department": HEALTH, "budget_workdays": 3},
                    {"department": HEALTH, "budget_workdays": 1},
                    {"department": "区公安", "budget_workdays": 1},
                    {"department": POLICE, "budget_workdays": 5},
                ],
            },
            DECIDE,
        ),
        [("countersign", "bad_branches"), ("countersign", "bad_branches"), ("countersign", "bad_budget")],
    ),
    (
        "branches on a step that is not a countersign are refused",
        _process(ACCEPT, {**REVIEW, "branches": [], "join": "all"}, DECIDE),
        [("review", "bad_branches"), ("review", "bad_join")],
    ),
    (
        "a publicity step needs its publicity days",
        _process(ACCEPT, _step("review", "publicize", ("done", "decide")), DECIDE),
        [("review", "bad_publicity")],
    ),
    (
        "a publicity step with zero days is refused",
        _process(ACCEPT, _step("review", "publicize", ("done", "decide"), publicity_days=0), DECIDE),
        [("review", "bad_publicity")],
    ),
    (
        "a publicity step of five days is valid",
        _process(ACCEPT, _step("review", "publicize", ("done", "decide"), publicity_days=5), DECIDE),
        [],
    ),
    (
        "publicity days on another kind are refused",
        _process(ACCEPT, {**REVIEW, "publicity_days": 5}, DECIDE),
        [("review", "bad_publicity")],
    ),
]


@pytest.mark.parametrize(("definition", "expected"), [(c[1], c[2]) for c in CASES], ids=[c[0] for c in CASES])
def test_the_validator_reports_exactly_these_problems(
    definition: dict[str, Any], expected: list[tuple[str, str]]
):
    # when
    problems = validate_process(definition)

    # then
    assert [(p.step, p.code) for p in problems] == expected
    for problem in problems:
        if problem.step:
            assert problem.step in problem.message
        assert " / " not in problem.message  # one language


def test_messages_name_the_step_in_the_language_of_the_reader():
    definition = _process(ACCEPT, REVIEW, DECIDE, _step("archive", "review", ("done", "end:approved")))

    with translation.override("zh-hans"):
        [problem] = validate_process(definition)
    with translation.override("en"):
        [english] = validate_process(definition)

    assert problem.message == "步骤「archive」无法从开始步骤到达"
    assert english.message == 'Step "archive" cannot be reached from the start'


MALFORMED: list[tuple[str, Any, list[str]]] = [
    ("None", None, ["bad_definition"]),
    ("a list", [ACCEPT], ["bad_definition"]),
    ("a string", "accept → decide", ["bad_definition"]),
    ("an empty object", {}, ["missing_start", "bad_steps"]),
    (
        "steps that are not a list",
        {"start": "accept", "steps": {"accept": ACCEPT}},
        ["unknown_start", "bad_steps"],
    ),
    (
        "a step that is not an object",
        {"start": "accept", "steps": [ACCEPT, "review", DECIDE]},
        ["unknown_target", "bad_step", "unreachable"],
    ),
    (
        "a step without a key",
        {"start": "accept", "steps": [ACCEPT, REVIEW, {k: v for k, v in DECIDE.items() if k != "key"}]},
        ["unknown_target", "bad_key"],
    ),
    (
        "a step key that is not text",
        {"start": "accept", "steps": [ACCEPT, REVIEW, {**DECIDE, "key": 7}]},
        ["unknown_target", "bad_key"],
    ),
    (
        "actions that are not a list",
        _process(ACCEPT, REVIEW, {**DECIDE, "actions": "approve"}),
        ["no_actions", "dead_end"],
    ),
    (
        "an action that is not an object",
        _process(ACCEPT, REVIEW, {**DECIDE, "actions": [None, "approve"]}),
        ["bad_action", "bad_action", "dead_end"],
    ),
    (
        "a target that is not text",
        _process(
            ACCEPT,
            REVIEW,
            _step("decide", "decide", ("approve", None), ("refuse", "end:refused"))
            | {"actions": [{"key": "approve", "name": "准予", "target": ["end:approved"]}]},
        ),
        ["unknown_target", "dead_end"],
    ),
    (
        "an actor that is a string and a budget that is true",
        _process(ACCEPT, REVIEW, {**DECIDE, "actor": "reviewer", "budget_workdays": True}),
        ["bad_actor", "bad_budget"],
    ),
    (
        "branches and a quorum of the wrong types",
        _process(
            _step("accept", "accept", ("accept", "countersign"), ("reject", "end:not_accepted")),
            {**_countersign("quorum"), "branches": "health, police", "quorum": "2"},
            DECIDE,
        ),
        ["bad_branches", "bad_join"],
    ),
    (
        "a step key with capitals",
        _process(ACCEPT, REVIEW, DECIDE, _step("Archive", "review", ("a", "end:approved"))),
        ["bad_key", "unreachable"],
    ),
]


@pytest.mark.parametrize(
    ("definition", "codes"), [(c[1], c[2]) for c in MALFORMED], ids=[c[0] for c in MALFORMED]
)
def test_malformed_input_gives_problems_not_exceptions(definition: Any, codes: list[str]):
    problems = validate_process(definition)

    assert [p.code for p in problems] == codes
    assert all(p.message and " / " not in p.message for p in problems)  # one language


def test_a_step_without_a_key_is_named_by_its_position():
    definition = _process(ACCEPT, REVIEW, {k: v for k, v in DECIDE.items() if k != "key"})

    [problem] = [p for p in validate_process(definition) if p.code == "bad_key"]

    assert problem.step == "#3"
    assert problem.message.startswith("第 3 个步骤")
    with translation.override("en"):
        [english] = [p for p in validate_process(definition) if p.code == "bad_key"]
    assert english.message.startswith("Step #3")


def _standard_definitions() -> list[tuple[str, dict[str, Any]]]:
    two = BRANCHES[:2]
    return [
        ("simple_approval", STANDARD_PROCESSES["simple_approval"]()),
        ("simple_approval, 1 day", STANDARD_PROCESSES["simple_approval"](promised_workdays=1)),
        ("simple_approval by a department head", STANDARD_PROCESSES["simple_approval"]("department_head", 7)),
        ("commitment_with_video", STANDARD_PROCESSES["commitment_with_video"]()),
        ("commitment_with_video, 10 days", STANDARD_PROCESSES["commitment_with_video"](promised_workdays=10)),
        ("countersign_approval", STANDARD_PROCESSES["countersign_approval"](BRANCHES)),
        ("countersign_approval, any", STANDARD_PROCESSES["countersign_approval"](two, join="any")),
        ("countersign_approval, quorum", STANDARD_PROCESSES["countersign_approval"](BRANCHES, join="quorum")),
        (
            "countersign_approval, 15 days",
            STANDARD_PROCESSES["countersign_approval"](two, promised_workdays=15),
        ),
        ("filing_on_the_spot", STANDARD_PROCESSES["filing_on_the_spot"]()),
        ("policy_redemption", STANDARD_PROCESSES["policy_redemption"](BRANCHES)),
        (
            "policy_redemption, 7 days' publicity",
            STANDARD_PROCESSES["policy_redemption"](two, publicity_days=7, promised_workdays=20),
        ),
    ]


@pytest.mark.parametrize(
    ("definition"), [d for _n, d in _standard_definitions()], ids=[n for n, _d in _standard_definitions()]
)
def test_every_standard_process_validates_clean(definition: dict[str, Any]):
    assert validate_process(definition) == []


@pytest.mark.parametrize(
    ("build", "promised"),
    [
        (lambda n: simple_approval(promised_workdays=n), 20),
        (lambda n: simple_approval(promised_workdays=n), 3),
        (lambda n: STANDARD_PROCESSES["commitment_with_video"](promised_workdays=n), 5),
        (lambda n: countersign_approval(BRANCHES, promised_workdays=n), 12),
        (lambda n: policy_redemption(BRANCHES, publicity_days=5, promised_workdays=n), 20),
    ],
    ids=[
        "simple, 20 days",
        "simple, 3 days",
        "commitment, 5 days",
        "countersign, 12 days",
        "policy, 20 days",
    ],
)
def test_standard_budgets_add_up_to_the_promised_limit(build: Any, promised: int):
    assert longest_path_workdays(build(promised)) == promised


def test_the_publicity_period_does_not_count_against_the_promised_limit():
    definition = policy_redemption(BRANCHES, publicity_days=10, promised_workdays=20)

    publicize = step(definition, "publicize")

    assert publicize is not None
    assert publicize["publicity_days"] == 10
    assert publicize["flags"]["clock_paused"] is True
    assert longest_path_workdays(definition) == 20


def test_a_filing_is_done_on_the_spot():
    definition = filing_on_the_spot()

    assert [s["key"] for s in definition["steps"]] == ["accept", "issue"]
    assert {s["budget_workdays"] for s in definition["steps"]} == {0}


def test_a_promised_limit_shorter_than_the_slowest_branch_is_refused():
    with pytest.raises(ValueError, match="slowest"):
        countersign_approval(BRANCHES, promised_workdays=2)


def test_the_simple_approval_has_the_paths_a_window_needs():
    definition = simple_approval()

    assert action(definition, "accept", "reject") == {
        "key": "reject",
        "name": "不予受理",
        "name_en": "Refuse to accept",
        "target": "end:not_accepted",
    }
    correction = action(definition, "accept", "request_correction")
    assert correction is not None and correction["target"] == "accept"
    decide = step(definition, "decide")
    assert decide is not None
    assert [a["target"] for a in decide["actions"]] == ["issue", "end:refused"]
    assert step(definition, "missing") is None
    assert action(definition, "accept", "missing") is None


@pytest.mark.parametrize(
    ("target", "outcome"),
    [
        ("end:approved", "approved"),
        ("end:not_accepted", "not_accepted"),
        ("end:withdrawn", "withdrawn"),
        ("end:granted", None),
        ("review", None),
        ("end:", None),
        (None, None),
        (3, None),
    ],
)
def test_terminal_outcome_reads_only_known_ends(target: Any, outcome: str | None):
    assert terminal_outcome(target) == outcome


def test_an_app_can_register_a_step_kind_of_its_own():
    definition = _process(ACCEPT, _step("review", "lottery", ("pass", "decide")), DECIDE)
    assert [p.code for p in validate_process(definition)] == ["unknown_kind"]

    register_step_kind("lottery", name="摇号", name_en="Lottery")
    try:
        assert "lottery" in known_step_kinds()
        assert validate_process(definition) == []
    finally:
        from onego.catalog import process

        process._STEP_KINDS.discard("lottery")


def test_the_catalogue_knows_the_eight_standard_kinds():
    assert {
        "accept",
        "review",
        "countersign",
        "inspect",
        "decide",
        "publicize",
        "issue",
        "disburse",
    } <= known_step_kinds()


def test_a_step_kind_must_look_like_a_key():
    with pytest.raises(ValueError):
        register_step_kind("Lottery Draw")


def test_describe_reads_the_process_as_lines():
    lines = describe(filing_on_the_spot())

    assert lines == [
        "1. 受理 (accept, 0 个工作日): 受理 → 制证送达; 不予受理 → 不予受理; 一次性告知补正 → 受理",
        "2. 制证送达 (issue, 0 个工作日): 发证办结 → 办结（准予）",
    ]
    assert describe(filing_on_the_spot(), lang="en")[1] == (
        "2. Issue (issue, 0 working day(s)): Issue and complete → Completed (approved)"
    )


def test_the_validator_does_not_change_the_definition():
    definition = policy_redemption(BRANCHES)
    before = copy.deepcopy(definition)

    validate_process(definition)

    assert definition == before

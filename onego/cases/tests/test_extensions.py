"""The engine's extension points (onego/cases/extensions.py): after start-up every app's hook is registered once,
under the app that owns it, and running every AppConfig.ready again registers nothing twice."""

from __future__ import annotations

import re
from pathlib import Path

from django.apps import apps

from onego.archive.services import archive_stored_file, on_case_files_saved
from onego.cases import (
    engine,
    extensions,
    generated_docs,
    notifications,
    pdfdocs,
    queue,
    results,
    reuse,
    services,
)
from onego.certificates import issuing
from onego.certificates import services as licences
from onego.certificates.results import licence_results
from onego.certificates.reuse import CertificatesProvider
from onego.inspection import food_rules
from onego.inspection.services import before_inspect_action, schedule_follow_up
from onego.policies import documents, steps
from onego.policies.results import payment_results
from onego.ratings.invites import invite_case, invite_visit

ONEGO = Path(__file__).resolve().parents[2]


def _state() -> dict[str, object]:
    return {
        "step kinds": dict(engine._KINDS),
        "close listeners": list(engine.CLOSE_LISTENERS),
        "visit listeners": list(queue.VISIT_LISTENERS),
        "files-saved hooks": list(services.FILES_SAVED_HOOKS),
        "document generators": sorted(pdfdocs.GENERATORS),
        "decision writers": list(pdfdocs.DECISION_WRITERS),
        "submitted writers": list(notifications.SUBMITTED_WRITERS),
        "results providers": list(results._PROVIDERS),
        "licence provider": type(reuse.provider()),
        "file archivers": list(extensions._FILE_ARCHIVERS),
        "licence revokers": list(extensions._LICENCE_REVOKERS),
    }


def test_every_hook_is_registered_once_by_the_app_that_owns_it():
    # given django.setup has run every AppConfig.ready (pytest-django)
    # then each step kind is the owning app's: later apps replaced the built-in issue, inspect, publicize, disburse
    assert sorted(engine._KINDS) == [
        "accept",
        "countersign",
        "decide",
        "disburse",
        "inspect",
        "issue",
        "publicize",
        "review",
    ]
    assert engine.step_kind("issue") is issuing.ISSUE
    assert engine.step_kind("inspect").before_action is before_inspect_action  # type: ignore[union-attr]
    assert engine.step_kind("publicize") is steps.PUBLICIZE
    assert engine.step_kind("disburse") is steps.DISBURSE
    # and every list holds each hook exactly once
    assert engine.CLOSE_LISTENERS == [schedule_follow_up, steps.cancel_payment, invite_case]
    assert queue.VISIT_LISTENERS == [invite_visit]
    assert services.FILES_SAVED_HOOKS == [on_case_files_saved]
    assert pdfdocs.DECISION_WRITERS == [documents.decision]
    assert notifications.SUBMITTED_WRITERS == [documents.confirmation_received]
    assert results._PROVIDERS == [licence_results, payment_results]
    assert isinstance(reuse.provider(), CertificatesProvider)
    assert extensions._FILE_ARCHIVERS == [archive_stored_file]
    assert extensions._LICENCE_REVOKERS == [licences.revoke_case_licences]
    assert pdfdocs.GENERATORS[food_rules.MATERIAL_KEY] is food_rules.food_rules_pdf
    assert pdfdocs.GENERATORS[documents.CONFIRMATION] is documents.confirmation_pdf
    assert set(generated_docs.WRITERS) <= set(pdfdocs.GENERATORS)


def test_running_every_app_ready_again_registers_nothing_twice():
    # given the hooks as start-up left them
    before = _state()

    # when every app registers again (Django may call ready() more than once, the tests do)
    for config in apps.get_app_configs():
        config.ready()

    # then nothing is duplicated and nothing changed hands
    after = _state()
    assert {key: len(value) for key, value in after.items() if isinstance(value, list | dict)} == {
        key: len(value) for key, value in before.items() if isinstance(value, list | dict)
    }
    assert after["close listeners"] == before["close listeners"]
    assert after["licence provider"] is before["licence provider"]


def test_no_app_outside_cases_writes_the_engines_hook_lists():
    # The hooks are registered through cases.extensions only; the lists are the engine's internal state.
    writes = re.compile(
        r"(CLOSE_LISTENERS|FILES_SAVED_HOOKS|DECISION_WRITERS|SUBMITTED_WRITERS)\.append"
        r"|GENERATORS\[[^]]+\]\s*=|GENERATORS\.setdefault|(reuse|results)\.register_provider"
        r"|engine\.register_step_kind"
    )
    offenders = [
        f"{path.relative_to(ONEGO)}:{number}"
        for path in ONEGO.rglob("*.py")
        if "tests" not in path.parts and path.parent.name != "cases"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if writes.search(line)
    ]
    assert offenders == []

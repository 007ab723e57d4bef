"""The engine's extension points: every hook a later app plugs into, declared in one place.

cases sits to the left of archive, certificates, inspection and policies and never imports them (the import
contract in pyproject.toml). Where cases must run work those apps own, or one of them must reach another, the
app registers a function here — in its `AppConfig.ready` and nowhere else — and cases calls it without knowing
whose it is. Every `register_*` is idempotent: `ready()` may run more than once (the tests do), and registering
the same function twice keeps one.

The lists and dicts the functions fill (`engine._KINDS`, `engine.CLOSE_LISTENERS`, `services.FILES_SAVED_HOOKS`,
`pdfdocs.GENERATORS`, `pdfdocs.DECISION_WRITERS`, `notifications.SUBMITTED_WRITERS`, the providers of
`cases.reuse` and `cases.results`) are the engine's internal state; only this module writes them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from onego.cases import engine, notifications, pdfdocs, queue, results, reuse, services
from onego.cases.engine import StepKind
from onego.cases.models import Case
from onego.cases.results import ResultsProvider
from onego.cases.reuse import LicenceProvider

__all__ = [
    "StepKind",
    "archive_file",
    "register_case_listener",
    "register_close_listener",
    "register_decision_writer",
    "register_document_generator",
    "register_file_archiver",
    "register_files_saved_hook",
    "register_licence_provider",
    "register_licence_revoker",
    "register_results_provider",
    "register_step_kind",
    "register_submitted_writer",
    "register_visit_listener",
    "revoke_case_licences",
]

CloseListener = Callable[[Case, date], None]
CaseListener = Callable[[Case, str, date], None]
VisitListener = queue.VisitListener
FilesSavedHook = Callable[[int], None]
DocumentGenerator = Callable[[Case], bytes]
DecisionWriter = Callable[[Case], tuple[str, bytes] | None]
SubmittedWriter = Callable[[Case], notifications.Message | None]
FileArchiver = Callable[..., None]
LicenceRevoker = Callable[[Case, str, Any], int]


# --- the engine ---------------------------------------------------------------------------------------------


def register_step_kind(kind: StepKind) -> None:
    """Step kinds (环节类型): what the engine does on entering a step of this kind and before and after an
    action on it (`engine.StepKind`). A kind registered again under the same name replaces the earlier one —
    that is how certificates replaces the built-in `issue`, inspection `inspect`, policies `publicize` and
    `disburse`; apps are ready in INSTALLED_APPS order, so the later app wins. The catalogue's process
    validator learns the kind's name too."""
    engine.register_step_kind(kind)


def register_close_listener(listener: CloseListener) -> None:
    """Close listeners: called with (case, day) when a case closes, inside the closing action's transaction
    (raising rolls the action back). Inspection schedules the check after a licence granted on commitment;
    policies cancels the unpaid payment of a case that ended other than approved (and stops the closing when
    the money is already on its way to the bank)."""
    if listener not in engine.CLOSE_LISTENERS:
        engine.CLOSE_LISTENERS.append(listener)


def register_case_listener(listener: CaseListener) -> None:
    """Case listeners: called with (case, event, day) inside the transaction that changed the case, after the
    change — "submitted" (once per case), "accepted", "closed" (after the close listeners) and "colour" (the
    beat job changed its warning colour). For figures kept as cases change (the dashboard's aggregates,
    onego.stats); raising rolls the change back, so a listener only adds to its own tables."""
    if listener not in engine.CASE_LISTENERS:
        engine.CASE_LISTENERS.append(listener)


def register_visit_listener(listener: VisitListener) -> None:
    """Visit listeners: called with (visit, event) inside the transaction that changed a queue visit
    (`cases.queue`) — "called", "done" (the rating pad asks for the rating now) and "no_show". Ratings sends
    the SMS link to rate a visit whose applicant left a phone number."""
    if listener not in queue.VISIT_LISTENERS:
        queue.VISIT_LISTENERS.append(listener)


def register_files_saved_hook(hook: FilesSavedHook) -> None:
    """Files-saved hooks: called with a case's id inside the transaction that stored its files (materials,
    signature) or decided it (a decision document follows). The archive queues the case's generated documents
    and archiving after commit."""
    if hook not in services.FILES_SAVED_HOOKS:
        services.FILES_SAVED_HOOKS.append(hook)


# --- documents and messages ---------------------------------------------------------------------------------


def register_document_generator(material_key: str, generator: DocumentGenerator) -> None:
    """Generated-document writers: the PDF of a catalogue material provided "generated" (系统生成), by
    material key, written by the worker with the case's other generated documents (`pdfdocs.ensure_generated`).
    One writer per key; registering a key again replaces its writer."""
    pdfdocs.GENERATORS[material_key] = generator


def register_decision_writer(writer: DecisionWriter) -> None:
    """Decision writers: the decision document (title, PDF) of a case the app owns (a policy payment is not a
    licence), None for any other case; the first writer that answers wins, else the engine's own decision."""
    if writer not in pdfdocs.DECISION_WRITERS:
        pdfdocs.DECISION_WRITERS.append(writer)


def register_submitted_writer(writer: SubmittedWriter) -> None:
    """Submitted-message writers: the (subject, body) the applicant is sent when a case the app owns is
    submitted (a 免申即享 confirmation is not an application), None for any other case."""
    if writer not in notifications.SUBMITTED_WRITERS:
        notifications.SUBMITTED_WRITERS.append(writer)


# --- what a case produced -----------------------------------------------------------------------------------


def register_licence_provider(provider: LicenceProvider) -> None:
    """The licence provider for reuse (免提交, `cases.reuse.LicenceProvider`): the applicant's e-licences that
    can stand in for a material, the check of a pick, the staff's verification. One provider; a later
    registration replaces it. Without one nobody can pick a licence."""
    reuse.register_provider(provider)


def register_results_provider(provider: ResultsProvider) -> None:
    """Results providers: what a finished case produced besides its decision (`cases.results.CaseResult`):
    certificates the licences it issued, policies the payment; [] for a case the app does not own."""
    results.register_provider(provider)


# --- services one feature app offers another ----------------------------------------------------------------

_FILE_ARCHIVERS: list[FileArchiver] = []
_LICENCE_REVOKERS: list[LicenceRevoker] = []


def register_file_archiver(archiver: FileArchiver) -> None:
    """File archivers: record a stored file that is not one of a case's materials (a licence PDF, a premises
    video) in the e-archive, called as archiver(name=, kind=, case=, content_type=) with the storage name and
    one of the archive's file kinds ("licence", "video"); raises FileNotFoundError when the storage has no
    such file. The archive registers the only one."""
    if archiver not in _FILE_ARCHIVERS:
        _FILE_ARCHIVERS.append(archiver)


def archive_file(*, name: str, kind: str, case: Case | None, content_type: str) -> None:
    """Archive one stored file through the registered archivers (nothing happens without one)."""
    for archiver in _FILE_ARCHIVERS:
        archiver(name=name, kind=kind, case=case, content_type=content_type)


def register_licence_revoker(revoker: LicenceRevoker) -> None:
    """Licence revokers: revoke every valid licence a case issued, called as revoker(case, reason, actor)
    inside the caller's transaction; returns how many were revoked. Certificates registers the only one;
    inspection calls it when a follow-up check finds a false commitment (虚假承诺)."""
    if revoker not in _LICENCE_REVOKERS:
        _LICENCE_REVOKERS.append(revoker)


def revoke_case_licences(case: Case, reason: str, *, actor: Any) -> int:
    """Revoke the case's valid licences through the registered revokers; how many were revoked."""
    return sum(revoker(case, reason, actor) for revoker in _LICENCE_REVOKERS)

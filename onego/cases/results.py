"""What a finished case produced (办理结果), for the applicant's pages (我的办件) and the staff case page.

cases knows one result itself: the decision (决定书, made by `cases.pdfdocs`; downloadable at once — rendered on the
fly until the worker has stored it). The others belong to later apps that cases must not import: the
certificates app adds the e-licences it issued for the case (PDF and verification page), the policies app adds
the payment (amount, status, date). Each registers a *results provider* here in its `AppConfig.ready`
(`register_provider`), as the engine's other extension points are registered.

A provider is called with the case and the audience ("applicant" or "staff") and returns the results it owns,
[] for any other case. Labels are in the chosen language (gettext at call time).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from django.urls import reverse
from django.utils.translation import gettext as _

from onego.cases import pdfdocs
from onego.cases.models import Case, CaseMaterial, CaseStatus, MaterialSource

Audience = Literal["applicant", "staff"]


@dataclass(frozen=True)
class ResultLink:
    label: str
    url: str
    name: str = ""  # a stable name for tests and styling: "pdf", "download", "verify"


@dataclass(frozen=True)
class CaseResult:
    """One result of a case: an e-licence, the decision, a payment."""

    kind: str  # "licence", "decision", "payment" (the order results are listed in)
    title: str
    status: str = ""  # e.g. 有效 / 已到账, shown as a badge
    ok: bool = True  # False for a revoked licence or a failed payment
    details: tuple[tuple[str, str], ...] = ()  # (label, value)
    links: tuple[ResultLink, ...] = ()


ResultsProvider = Callable[[Case, Audience], list[CaseResult]]
_PROVIDERS: list[ResultsProvider] = []
KIND_ORDER = {"licence": 0, "decision": 1, "payment": 2}


def register_provider(provider: ResultsProvider) -> None:
    """Add a results provider (idempotent: `ready()` may run twice in tests)."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def decided(case: Case) -> bool:
    """A case that ended with a decision document: approved, refused or not accepted."""
    return case.status == CaseStatus.CLOSED and case.outcome in pdfdocs.DECISION_TITLES


def stored_decision(case: Case) -> CaseMaterial | None:
    return case.materials.filter(material_key=pdfdocs.DECISION, source=MaterialSource.GENERATED).first()


def decision_result(case: Case) -> CaseResult | None:
    if not decided(case):
        return None
    stored = stored_decision(case)
    url = reverse("cases:decision_pdf", args=[case.number])
    return CaseResult(
        kind="decision",
        title=_(stored.name) if stored else _("决定书"),  # the stored name is a DECISION_TITLES one
        details=((_("作出日期"), f"{case.closed_at:%Y-%m-%d}" if case.closed_at else ""),),
        links=(
            ResultLink(_("查看决定书（PDF）"), url, "pdf"),
            ResultLink(_("下载"), f"{url}?download=1", "download"),
        ),
    )


def results_of(case: Case, *, audience: Audience) -> list[CaseResult]:
    """Every result of the case, e-licences first, then the decision, then a payment."""
    out: list[CaseResult] = []
    decision = decision_result(case)
    if decision is not None:
        out.append(decision)
    for provider in _PROVIDERS:
        out.extend(provider(case, audience))
    return sorted(out, key=lambda r: KIND_ORDER.get(r.kind, len(KIND_ORDER)))

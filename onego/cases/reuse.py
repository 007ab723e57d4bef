"""Reuse of e-licences for materials (免提交): the seam between cases and the certificates app.

cases must not import certificates (docs/design.md "Import direction"), so certificates registers a
`LicenceProvider` here in its `AppConfig.ready`. Without one (a deployment without e-licences) nobody can pick a
licence and a waivable material is left to shared data, as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol


@dataclass(frozen=True)
class LicenceChoice:
    """A licence the applicant holds that can stand in for a material."""

    identifier: str
    type_key: str
    type_name: str
    number: str
    holder_name: str
    issuer_name: str
    valid_to: date | None
    type_name_en: str = ""  # for a page read in English; records keep the Chinese names
    issuer_name_en: str = ""


@dataclass
class LicenceCheck:
    """A licence as staff see it on a case: its verification now (valid / invalid / revoked / expired)."""

    identifier: str
    status: str
    label: str
    reasons: list[str] = field(default_factory=list)
    summary: dict[str, Any] | None = None
    data: list[tuple[str, str]] = field(default_factory=list)  # the licence's fields (照面信息) for staff

    @property
    def ok(self) -> bool:
        return self.status == "valid"


class LicenceProvider(Protocol):
    def usable(self, user: Any, type_keys: list[str]) -> dict[str, list[LicenceChoice]]:
        """The user's licences of each type that can stand in now."""

    def check_pick(self, user: Any, type_key: str, identifier: str) -> LicenceChoice:
        """The picked licence if the user holds it, it is of the type and in force; ValueError (bilingual
        message) otherwise."""

    def check_for_staff(self, identifier: str, *, case: Any, material_name: str, viewer: Any) -> LicenceCheck:
        """Verify the licence for staff working on `case` and log the use (用证) by the viewer's department."""


_provider: LicenceProvider | None = None


def register_provider(provider: LicenceProvider) -> None:
    global _provider
    _provider = provider


def provider() -> LicenceProvider | None:
    return _provider

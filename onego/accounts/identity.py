"""Applicant identity verification (实名核验).

The provincial unified identity platform (广东省统一身份认证平台, OIDC) cannot be reached from here.
`IdentityAdapter` is the interface; `LocalRegistryIdentity` is the one working implementation: it checks a
name and ID number against the registry's persons table. `ProvincialOidcIdentity` documents what a
production deployment plugs in and refuses to run until it is configured.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onego.core.identifiers import normalize_id_number
from onego.registry.models import Person


@dataclass(frozen=True)
class VerifiedIdentity:
    real_name: str
    id_number: str
    source: str


class IdentityNotVerified(Exception):
    """The identity could not be confirmed. `reveals_nothing`: the message says nothing about the person (a
    malformed number, a platform not connected) and may be shown as it is; otherwise sign-up shows one
    message for every refusal about the person (onego.accounts.services.NOT_VERIFIED_OR_REGISTERED)."""

    def __init__(self, message: str, *, reveals_nothing: bool = False) -> None:
        super().__init__(message)
        self.reveals_nothing = reveals_nothing


class IdentityAdapter(Protocol):
    label: str
    is_local: bool

    def verify_person(self, real_name: str, id_number: str) -> VerifiedIdentity: ...


class LocalRegistryIdentity:
    """Local implementation: name + ID number must match a row of registry.Person."""

    label = gettext_lazy("本地实现：与共享数据人口库比对")
    is_local = True

    def verify_person(self, real_name: str, id_number: str) -> VerifiedIdentity:
        try:
            number = normalize_id_number(id_number)
        except Exception as exc:
            raise IdentityNotVerified(_("身份证号码格式无效"), reveals_nothing=True) from exc
        person = Person.objects.filter(id_number=number).first()
        if person is None or person.name != real_name.strip():
            raise IdentityNotVerified(_("姓名与身份证号码不匹配"))
        return VerifiedIdentity(real_name=person.name, id_number=number, source="local-registry")


class ProvincialOidcIdentity:
    """Placeholder for the provincial OIDC platform: not available in this installation."""

    label = gettext_lazy("广东省统一身份认证平台（OIDC）")
    is_local = False

    def verify_person(self, real_name: str, id_number: str) -> VerifiedIdentity:
        raise IdentityNotVerified(
            _("省统一身份认证平台未接入本系统"),
            reveals_nothing=True,
        )


def get_identity_adapter() -> IdentityAdapter:
    adapter: IdentityAdapter = import_string(settings.ONEGO_IDENTITY_ADAPTER)()
    return adapter

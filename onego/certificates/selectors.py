"""Read-side queries for licences and keys; every one that returns personal data takes the viewer."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from onego.certificates.models import Licence, SigningKey


def holder_codes(user: Any) -> list[str]:
    """The codes a logged-in applicant holds licences under: their ID number and their enterprise's code."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [c for c in (getattr(user, "id_number", ""), getattr(user, "enterprise_credit_code", "")) if c]


def licences_for_holder(user: Any) -> QuerySet[Licence]:
    codes = holder_codes(user)
    return (Licence.objects.filter(holder_code__in=codes).select_related("licence_type", "issuer")
            if codes else Licence.objects.none())


def licence_for_download(user: Any, identifier: str) -> Licence | None:
    """The licence if `user` is its holder, the applicant of the case that issued it (the result of their case,
    even when another person or entity holds it) or government staff; None otherwise (answered as 404)."""
    if not getattr(user, "is_authenticated", False):
        return None
    licence = (Licence.objects.select_related("licence_type", "issuer", "case")
               .filter(identifier=identifier).first())
    if licence is None:
        return None
    if licence.holder_code in holder_codes(user) or getattr(user, "is_government_staff", False):
        return licence
    if licence.case is not None and licence.case.applicant_id == user.pk:
        return licence
    return None


def issued_by(department: Any, q: str = "") -> QuerySet[Licence]:
    """Licences a department issued, newest first; `q` matches the number, identifier or holder name."""
    rows = Licence.objects.filter(issuer=department).select_related("licence_type", "issuer", "case")
    if q:
        rows = rows.filter(Q(number__icontains=q) | Q(identifier=q) | Q(holder_name__icontains=q))
    return rows.order_by("-issue_date", "-id")


def public_register(type_key: str = "", q: str = "") -> QuerySet[Licence]:
    """许可公开: licences held by enterprises (never a person's), searchable by holder name or number."""
    rows = (Licence.objects.filter(holder_code_type="001").select_related("licence_type", "issuer")
            .only("identifier", "number", "holder_name", "holder_code", "issue_date", "valid_from", "valid_to",
                  "status", "status_reason", "status_changed_at", "data", "licence_type__name",
                  "licence_type__key", "issuer__name"))
    if type_key:
        rows = rows.filter(licence_type__key=type_key)
    if q:
        rows = rows.filter(Q(holder_name__icontains=q) | Q(number__icontains=q) | Q(holder_code=q.upper()))
    return rows.order_by("-issue_date", "-id")


def published_keys() -> QuerySet[SigningKey]:
    """Every public key ever used, retired ones included, so old licences can still be checked."""
    return SigningKey.objects.select_related("department").order_by("department__name", "-created")

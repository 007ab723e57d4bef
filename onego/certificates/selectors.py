"""Read-side queries for licences and keys; every one that returns personal data takes the viewer."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from onego.accounts.roles import Role
from onego.cases.engine import WINDOW_STEP_KINDS
from onego.cases.models import Case, CaseMaterial, MaterialSource, Task, TaskStatus
from onego.certificates.models import Licence, SigningKey


def holder_codes(user: Any) -> list[str]:
    """The codes a logged-in applicant holds licences under: their ID number and their enterprise's code."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [c for c in (getattr(user, "id_number", ""), getattr(user, "enterprise_credit_code", "")) if c]


def licences_for_holder(user: Any) -> QuerySet[Licence]:
    codes = holder_codes(user)
    return (
        Licence.objects.filter(holder_code__in=codes).select_related("licence_type", "issuer")
        if codes
        else Licence.objects.none()
    )


def licence_for_download(user: Any, identifier: str) -> Licence | None:
    """The licence if `user` may read it in full (its signed JSON and PDF carry the holder's whole ID number):
    its holder, the applicant of the case that issued it, or staff for whom `staff_may_read` holds; None
    otherwise (answered as 404, so an identifier is never confirmed). Identifiers are sequential: being staff
    is not enough (docs/security.md, "Staff permissions and personal data (authz)")."""
    if not getattr(user, "is_authenticated", False):
        return None
    licence = (
        Licence.objects.select_related("licence_type", "issuer", "case").filter(identifier=identifier).first()
    )
    if licence is None:
        return None
    if licence.holder_code in holder_codes(user):
        return licence
    if licence.case is not None and licence.case.applicant_id == user.pk:
        return licence
    if getattr(user, "is_government_staff", False) and staff_may_read(user, licence):
        return licence
    return None


def staff_may_read(user: Any, licence: Licence) -> bool:
    """Staff of the issuing department; staff of a department that handles a case which issued the licence or
    uses it instead of a material (免提交, `CaseMaterial.source == licence`): the item's department or a
    department with a task on the case. The comprehensive window's tasks (acceptance, hand-over) count only for
    its window clerks, and only while open or for the clerk who handled them — not for every member of the
    service centre, nor for every case the window ever saw."""
    department_id = getattr(user, "department_id", None)
    if department_id is None:
        return False
    if licence.issuer_id == department_id:
        return True
    using = Q(
        pk__in=CaseMaterial.objects.filter(
            source=MaterialSource.LICENCE, reference=licence.identifier
        ).values("case_id")
    )
    cases = Case.objects.filter(using | Q(pk=licence.case_id) if licence.case_id else using)
    if cases.filter(department_id=department_id).exists():
        return True
    tasks = Task.objects.filter(case__in=cases.values("pk"))
    if tasks.filter(department_id=department_id).exclude(step_kind__in=sorted(WINDOW_STEP_KINDS)).exists():
        return True
    department = getattr(user, "department", None)
    if user.has_role(Role.WINDOW_CLERK) and department is not None and department.hosts_comprehensive_window:
        # the window accepts and hands over for every department: a clerk reads the licence of a case whose
        # acceptance or hand-over is open now, or which they handled themselves
        window = tasks.filter(step_kind__in=sorted(WINDOW_STEP_KINDS))
        return window.filter(Q(status=TaskStatus.OPEN) | Q(completed_by_id=user.pk)).exists()
    return False


def issued_by(department: Any, q: str = "") -> QuerySet[Licence]:
    """Licences a department issued, newest first; `q` matches the number, identifier or holder name."""
    rows = Licence.objects.filter(issuer=department).select_related("licence_type", "issuer", "case")
    if q:
        rows = rows.filter(Q(number__icontains=q) | Q(identifier=q) | Q(holder_name__icontains=q))
    return rows.order_by("-issue_date", "-id")


def public_register(type_key: str = "", q: str = "") -> QuerySet[Licence]:
    """许可公开: licences held by enterprises (never a person's), searchable by holder name or number."""
    rows = (
        Licence.objects.filter(holder_code_type="001")
        .select_related("licence_type", "issuer")
        .only(
            "identifier",
            "number",
            "holder_name",
            "holder_code",
            "issue_date",
            "valid_from",
            "valid_to",
            "status",
            "status_reason",
            "status_changed_at",
            "data",
            "licence_type__name",
            "licence_type__key",
            "issuer__name",
        )
    )
    if type_key:
        rows = rows.filter(licence_type__key=type_key)
    if q:
        rows = rows.filter(Q(holder_name__icontains=q) | Q(number__icontains=q) | Q(holder_code=q.upper()))
    return rows.order_by("-issue_date", "-id")


def published_keys() -> QuerySet[SigningKey]:
    """Every public key ever used, retired ones included, so old licences can still be checked."""
    return SigningKey.objects.select_related("department").order_by("department__name", "-created")

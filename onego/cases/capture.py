"""Cases captured from another system (系统对接采集): an application a robot read from a vertical system.

Why: seed case 7 — enterprises claim employment subsidies in a provincial system OneGo cannot integrate with;
a capture robot reads each pending claim and a feature app (prereview) turns it into a OneGo case, so the
claim enters the inbox, deadlines and the comprehensive window like any other application. The applicant
did not apply here: there is no signature and no apply form, the channel is SYSTEM, and the materials are
the files the robot downloaded. The enterprise gets an account found by its credit code, or a new one it
can take over later through identity (its password is unusable until then).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onego.accounts.models import User
from onego.accounts.roles import Role
from onego.cases import deadlines, engine
from onego.cases.models import ApplicantKind, Case, CaseMaterial, Channel, MaterialSource
from onego.cases.services import ALLOWED_MATERIAL_TYPES, _create_case, _files_saved, sniff
from onego.catalog.models import ServiceItem
from onego.catalog.selectors import version_in_force
from onego.core import audit
from onego.core.errors import ApiError
from onego.core.identifiers import normalize_credit_code

CapturedFile = tuple[str, str, str, bytes]  # (material key, file name, content type, content)


def enterprise_account(code: str, name: str) -> User:
    """The account that acts for the enterprise `code`: the one that already does, or a new one with an
    unusable password (username "e" + the code in lower case) the enterprise takes over through identity."""
    user = User.objects.filter(enterprise_credit_code=code, is_active=True).order_by("pk").first()
    if user is not None:
        return user
    user, created = User.objects.get_or_create(
        username=f"e{code.lower()}",
        defaults={"enterprise_credit_code": code, "enterprise_name": name[:200], "identity_source": "system"},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        group, _created = Group.objects.get_or_create(name=Role.APPLICANT_ENTERPRISE.value)
        user.groups.add(group)
        audit.record("system:capture", "account.captured_enterprise", user, credit_code=code)
    return user


def register_captured_case(
    *,
    item: ServiceItem,
    applicant_code: str,
    applicant_name: str,
    form_data: dict[str, Any],
    attachments: list[CapturedFile],
    external_ref: str,
    on: date,
) -> Case:
    """Create the case of an application captured from another system: channel SYSTEM, the enterprise's
    account as applicant, each file attached as an uploaded material, the process started and the deadlines
    set; one audit event "case.captured". Idempotent on (applicant, external_ref): a second call returns the
    first case. Runs in the caller's transaction when there is one (the sink stores its claim with it)."""
    version = version_in_force(item, on)
    if version is None:
        raise ApiError(
            "not_found", _("事项不存在或未生效：%(item_code)s") % {"item_code": item.code}, status=404
        )
    try:
        code = normalize_credit_code(applicant_code)
    except Exception:
        raise ApiError("invalid_credit_code", _("统一社会信用代码无效"), status=422) from None
    key = f"capture:{external_ref}"[:64]
    with transaction.atomic():
        applicant = enterprise_account(code, applicant_name)
        existing = Case.objects.filter(applicant=applicant, idempotency_key=key, item=item).first()
        if existing is not None:
            return existing
        case = _create_case(
            version=version,
            bundle_case=None,
            applicant=applicant,
            kind=ApplicantKind.ENTERPRISE,
            name=applicant_name,
            code=code,
            channel=Channel.SYSTEM,
            route="",
            idempotency_key=key,
            on=on,
            form=form_data,
            commitment_signed=False,
            signature_png=b"",
        )
        case.form_data = form_data  # captured fields are kept whole: the item asks no form of its own here
        names = dict(version.materials.values_list("key", "name"))
        for index, (material_key, file_name, content_type, content) in enumerate(attachments):
            mime = sniff(content) or content_type
            row = CaseMaterial(
                case=case,
                material_key=material_key[:60],
                name=(names.get(material_key) or file_name)[:200],
                source=MaterialSource.UPLOAD,
                content_type=mime,
                size=len(content),
                reference=file_name[:200],
            )
            suffix = ALLOWED_MATERIAL_TYPES.get(mime, "bin")
            row.file.save(f"{case.number}-{material_key}-{index}.{suffix}", ContentFile(content), save=False)
            row.save()
        _files_saved(case.pk)
        engine.start(case, on=on)
        deadlines.recompute(case, on)
        case.save()
        audit.record(
            "system:capture",
            "case.captured",
            case,
            number=case.number,
            channel=Channel.SYSTEM,
            external_ref=external_ref,
            materials=len(attachments),
            captured_at=timezone.now().isoformat(),
        )
    return case

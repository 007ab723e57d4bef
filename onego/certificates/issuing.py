"""The `issue` step kind (制证送达): approving a case issues its e-licence, a bundle's licences all at once.

The certificates app replaces the built-in `issue` kind of onego.cases.steps in `AppConfig.ready`. The engine
calls `after_issue` inside the transaction of the action, after the case has moved: the licence is signed and
saved there, so the licences of a bundle (三同时; onego.cases.services issues every waiting member of the bundle
in the same transaction) are issued together or not at all — a failure on the third rolls back the first two
and the case actions with them, and staff see why.

A founding item (设立登记) first founds its enterprise (`onego.certificates.founding`): the credit code is
assigned and carried into every member of the bundle, and its business licence is recorded on the other
members as the e-licence standing in for their 营业执照 material.

After commit a worker renders each licence's PDF, stores it and records it in the e-archive
(`onego.certificates.render_licence`); the download renders on the fly until then.
"""

from __future__ import annotations

import logging
from typing import Any

from django.utils.translation import gettext as _

from onego.accounts.models import User
from onego.cases.engine import StepKind, TransitionNotAllowed
from onego.cases.models import Case, CaseMaterial, CaseStatus, MaterialSource, Outcome, Task
from onego.cases.steps import issue_together
from onego.catalog.models import FormField
from onego.certificates import founding, services
from onego.certificates.models import Licence, LicenceType
from onego.core import outbox
from onego.core.models import OutboxChannel
from onego.core.queue import enqueue_on_commit

logger = logging.getLogger(__name__)


def licence_type_for(case: Case) -> LicenceType | None:
    key = (case.item_version.result_licence_type or "").strip()
    return LicenceType.objects.select_related("issuing_department").filter(key=key).first() if key else None


def _labels(keys: list[str]) -> dict[str, dict[str, str]]:
    """value → Chinese label for the choice fields among `keys`."""
    result: dict[str, dict[str, str]] = {}
    for row in FormField.objects.filter(key__in=keys).exclude(choices=[]).values("key", "choices"):
        result[row["key"]] = {str(c.get("value")): str(c.get("zh") or c.get("value")) for c in row["choices"]}
    return result


def _first(form: dict[str, Any], keys: list[str], labels: dict[str, dict[str, str]]) -> str:
    """The first non-empty form value among `keys`, as text (choices by their label, lists joined by 、)."""
    for key in keys:
        value = form.get(key)
        if value in (None, "", [], {}):
            continue
        names = labels.get(key, {})
        if isinstance(value, list):
            return "、".join(names.get(str(v), str(v)) for v in value)
        return names.get(str(value), str(value))
    return ""


def licence_data(case: Case, licence_type: LicenceType) -> dict[str, str]:
    """The licence's data fields (照面信息) taken from the case's form, in the type's order."""
    form = case.form_data or {}
    specs = [f for f in licence_type.data_fields if isinstance(f, dict) and f.get("key")]
    keys = [k for f in specs for k in [f["key"], *f.get("from", [])]]
    labels = _labels(keys)
    data = {}
    for spec in specs:
        value = _first(form, [spec["key"], *spec.get("from", [])], labels)
        if value:
            data[spec["key"]] = value
    return data


def holder_for(case: Case, licence_type: LicenceType) -> tuple[str, str]:
    """(name, code) of the licence holder: the person or entity the type names from the form when its code
    is valid there (the physician on a clinic's application, the enterprise on a person's), else the applicant."""
    fields = licence_type.holder_fields or {}
    form = case.form_data or {}
    name = _first(form, list(fields.get("name", [])), {})
    code = _first(form, list(fields.get("code", [])), {}).strip().upper()
    if name and code:
        try:
            services.holder_code_type_for(code)
            return name, code
        except services.LicenceError:
            logger.info(
                "Case %s: holder code %r from the form is not valid; the applicant holds the licence",
                case.number,
                code,
            )
    return case.applicant_name, case.applicant_code


def issue_for_case(case: Case, *, actor: Any) -> Licence | None:
    """Issue the case's result licence (idempotent: a case has at most one licence of its type). None when the
    item's result is not an e-licence this platform issues."""
    licence_type = licence_type_for(case)
    if licence_type is None:
        return None
    existing = Licence.objects.filter(case=case, licence_type=licence_type).first()
    if existing is not None:
        return existing
    founding.ensure_founded(
        case, actor=actor
    )  # 设立登记: the new entity's credit code, before any holder is named
    name, code = holder_for(case, licence_type)
    licence = services.issue_licence(
        licence_type=licence_type,
        holder_name=name,
        holder_code=code,
        data=licence_data(case, licence_type),
        actor=actor,
        case=case,
    )
    with outbox.recipients_language():
        subject = _("电子证照已签发：%(name)s") % {"name": licence_type.name}
        body = _(
            "办件 %(case)s 的《%(name)s》（编号 %(number)s）已签发，可在“我的证照”中查看、下载和核验。"
        ) % {"case": case.number, "name": licence_type.name, "number": licence.number}
    outbox.enqueue(
        recipient_id=case.applicant_id,
        channel=OutboxChannel.SITE,
        subject=subject,
        body=body,
        link="/licences/mine/",
        dedupe_key=f"licence:{licence.identifier}:issued",
    )
    # Rendered by a worker; with the broker down the beat job "render-licences" renders it (the download renders
    # on the fly meanwhile).
    enqueue_on_commit("onego.certificates.render_licence", licence.pk)
    if case.item_version.founds_entity and case.bundle_case_id:
        _stand_in_for_siblings(case, licence)
    return licence


def _stand_in_for_siblings(case: Case, licence: Licence) -> None:
    """The business licence a bundle's 设立登记 issued is the material its other members asked for (营业执照):
    a founder could not hold it when applying, so it is recorded on them now, as an e-licence standing in."""
    for sibling in Case.objects.filter(bundle_case_id=case.bundle_case_id).exclude(pk=case.pk):
        for material in sibling.item_version.materials.filter(
            substitute_licence_type=licence.licence_type.key
        ):
            if not sibling.materials.filter(material_key=material.key).exists():
                CaseMaterial.objects.create(
                    case=sibling,
                    material_key=material.key,
                    name=material.name,
                    source=MaterialSource.LICENCE,
                    reference=licence.identifier,
                )


def after_issue(case: Case, task: Task, act: dict[str, Any], actor: User) -> None:
    """Engine hook: once the issue action closed the case as approved, issue its licence in this transaction."""
    if case.status != CaseStatus.CLOSED or case.outcome != Outcome.APPROVED:
        return
    try:
        issue_for_case(case, actor=actor)
    except services.LicenceError as exc:
        raise TransitionNotAllowed(
            _("电子证照签发失败，办件未办结：%(exc)s") % {"exc": exc},
            code="licence_not_issued",
            status=409,
        ) from exc


# Replaces the built-in `issue` kind (registered in CertificatesConfig.ready).
ISSUE = StepKind("issue", "送达", "Issue", before_action=issue_together, after_action=after_issue)

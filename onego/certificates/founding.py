"""设立登记 on issue: the new market entity of a founding item gets its credit code when its licence is issued.

A founder applies before the enterprise exists, so nothing on the application carries a credit code
(`onego.catalog.bundles.merge_bundle` does not ask for it). When the first licence of the case — or of its
bundle (开餐馆一件事: the business licence and the food business licence, issued together in one transaction)
— is issued, `ensure_founded`:

1. assigns the credit code (`onego.registry.entities.assign_credit_code`, region of the registration
   authority);
2. records the entity in the register (`MarketEntity`) as the founding case's form describes it;
3. writes the code into the form of every member case, so each licence names the new entity as its holder
   (holder code type 001) — whichever member staff issue first;
4. links the founder's account to the enterprise (`onego.accounts.services.link_enterprise`), so they hold its
   e-licences and can act for it afterwards.

It is idempotent: a founding case whose form carries a credit code has been founded.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from onego.accounts import services as accounts
from onego.accounts.models import User
from onego.cases.models import Case, Outcome, TaskStatus
from onego.certificates.models import LicenceType
from onego.certificates.services import LicenceError
from onego.core import audit
from onego.registry import entities


def _members(case: Case) -> list[Case]:
    if case.bundle_case_id is None:
        return [case]
    siblings = (
        Case.objects.select_for_update()
        .select_related("item_version", "department")
        .filter(bundle_case_id=case.bundle_case_id)
        .exclude(pk=case.pk)
        .order_by("pk")
    )
    return [case, *siblings]


def _approved_or_issuing(case: Case) -> bool:
    if not case.is_open:
        return case.outcome == Outcome.APPROVED
    return case.tasks.filter(status=TaskStatus.OPEN, step_kind="issue").exists()


def ensure_founded(case: Case, *, actor: Any) -> str | None:
    """The credit code of the entity founded by `case` or its bundle, assigned and registered now if this is
    the first licence issued; None when neither founds an entity. Runs in the issuing transaction."""
    if case.bundle_case_id is None and not case.item_version.founds_entity:
        return None
    members = _members(case)
    founding = next((c for c in members if c.item_version.founds_entity), None)
    if founding is None:
        return None
    form = founding.form_data or {}
    if form.get("credit_code"):
        return str(form["credit_code"])
    if founding is not case and not _approved_or_issuing(founding):
        # A bundle whose results are not issued together: no licence may name an entity not yet registered.
        raise LicenceError(
            _(
                "同一件事的「%(name)s」（%(number)s）尚未准予登记，新企业还没有统一社会信用代码，暂不能签发本证照。"
            )
            % {"name": founding.item_version.name, "number": founding.number}
        )
    name = str(form.get("entity_name") or "").strip()
    if not name:
        raise LicenceError(_("设立登记的申请未写明企业名称，无法赋予统一社会信用代码。"))
    licence_type = (
        LicenceType.objects.select_related("issuing_department")
        .filter(key=founding.item_version.result_licence_type)
        .first()
    )
    authority = licence_type.issuing_department if licence_type else founding.department
    today = timezone.localdate()
    entity_type = str(form.get("entity_type") or "")
    # A registration authority's own credit code carries its region (GB 32100 characters 3–8).
    code = entities.assign_credit_code(
        authority.credit_code[2:8], category=entities.category_for(entity_type)
    )
    entities.register_entity(
        credit_code=code,
        name=name,
        legal_representative=str(form.get("legal_representative") or ""),
        entity_type=entity_type,
        address=str(form.get("entity_address") or form.get("premises_address") or ""),
        business_scope=str(form.get("business_scope") or ""),
        established_on=today,
        registration_authority=authority.name,
        source=f"设立登记 {founding.number}",
    )
    for member in members:
        member.form_data = {**(member.form_data or {}), "credit_code": code}
        if member is founding:
            member.form_data.update(established_on=today.isoformat(), registration_authority=authority.name)
        member.save(update_fields=["form_data"])
    founder = User.objects.get(pk=founding.applicant_id)
    linked = not founder.enterprise_credit_code
    if linked:  # an account acts for one enterprise; one that already does keeps it
        accounts.link_enterprise(founder.pk, credit_code=code, name=name, actor=actor)
    audit.record(
        actor,
        "registry.entity_founded",
        founding,
        number=founding.number,
        credit_code=code,
        name=name,
        bundle=[c.number for c in members],
        founder_linked=linked,
    )
    return code

"""The one check of an application: what is applied for (`Target`) and what is wrong with it
(`validate_application`).

The apply form's preview, the online submit, the window's intake, the API and a 免申即享 confirmation all ask
this module, so the page that warns before anything is written and the service that refuses at submit cannot
drift apart (as they had before issue 15: the bundle's route was checked on the page only, and the credit bar
read differently on each). Nothing here writes; `services.submit_application` writes once the verdict has no
problem, and a selector may call these reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onego.accounts.models import User
from onego.accounts.roles import Role
from onego.cases import evidence, reuse
from onego.cases.models import ApplicantKind
from onego.catalog.forms import AskedField, clean_form, locked_keys, prefill
from onego.catalog.models import Bundle, ItemVersion, Material
from onego.core.errors import ApiError
from onego.core.localized import localized
from onego.registry import credit


@dataclass
class Target:
    """What is applied for: one item version, or the versions of a bundle."""

    versions: list[ItemVersion]
    bundle: Bundle | None
    asked: list[AskedField]
    materials: dict[str, Material]  # by material key, each once
    # 设立登记 items of the bundle not offered because the applicant's enterprise is registered already
    left_out: list[ItemVersion] = field(default_factory=list)

    @property
    def founds_entity(self) -> bool:
        return any(v.founds_entity for v in self.versions)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an application: `code` for programs and tests, `field` where the page shows it (a
    form field key, `material:<key>`, `route`, `commitment` or `signature`), `message` for the applicant."""

    code: str
    field: str
    message: str


@dataclass
class Verdict:
    """What `validate_application` found, and what it worked out on the way that the submit stores."""

    problems: list[Problem]
    form: dict[str, Any]  # the cleaned form: locked prefilled values win, absent ones are prefilled
    route: str  # the chosen route, or the first one offered when none was chosen
    identity: tuple[str, str, str]  # (kind, name, code) of the applicant
    waivers: evidence.Waivers  # what stands in for the waivable materials today
    picks: dict[str, str]  # material key → identifier of the e-licence that stands in for it

    @property
    def errors(self) -> dict[str, str]:
        """Field → message, as the pages and the API's `errors` show them (a later problem of a field wins)."""
        return {p.field: p.message for p in self.problems}


# --- the applicant and the form -----------------------------------------------------------------------------


def applicant_identity(user: User) -> tuple[str, str, str]:
    """(kind, name, code) of an applicant: an enterprise by its credit code, a person by ID number. An applicant
    without a verified identity cannot apply at all (an ApiError, not a problem of the application)."""
    if user.has_role(Role.APPLICANT_ENTERPRISE) and user.enterprise_credit_code:
        return ApplicantKind.ENTERPRISE, user.enterprise_name or user.real_name, user.enterprise_credit_code
    if not user.id_number:
        raise ApiError("identity_missing", _("申请人未完成实名核验"), status=422)
    return ApplicantKind.PERSON, user.real_name, user.id_number


def cleaned_form(
    target: Target, user: User, form_data: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    """The form as it will be stored: locked prefilled values win, absent ones are prefilled; with the errors of
    its fields by field key."""
    known = prefill(target.asked, user)
    submitted = dict(form_data)
    submitted.update({k: known[k] for k in locked_keys(target.asked, known)})  # locked: the registry wins
    for k, v in known.items():
        submitted.setdefault(k, v)
    return clean_form(target.asked, submitted)


def routes_offered(target: Target) -> list[str]:
    """The routes the applicant may choose: for a bundle, the union over its items in order (an item that does
    not offer the chosen route keeps its own first one)."""
    seen: list[str] = []
    for version in target.versions:
        for r in version.routes or []:
            if r not in seen:
                seen.append(r)
    return seen or ["approval"]


# --- materials ----------------------------------------------------------------------------------------------


def condition_holds(material: Material, form: dict[str, Any]) -> bool:
    """A conditional material is needed only when its condition on the form values holds."""
    cond = material.condition or {}
    if not cond:
        return True
    value = form.get(cond.get("field", ""))
    op, expected = cond.get("op", "eq"), cond.get("value")
    if op == "eq":
        return bool(value == expected)
    if op == "ne":
        return bool(value != expected)
    if op == "in":
        return value in (expected or [])
    if op == "truthy":
        return bool(value)
    return True


def _material_name(material: Material) -> str:
    """The material's name in the chosen language."""
    return localized(material)


def material_problems(
    target: Target,
    waivers: evidence.Waivers,
    form: dict[str, Any],
    uploaded: set[str],
    picks: dict[str, str] | None = None,
) -> list[Problem]:
    """What must be uploaded and is not: a required material of the applicant whose condition holds must be
    uploaded unless its stand-in was found (`evidence.check`); a waivable one with nothing found, or whose
    licence the applicant declined, must be uploaded too. A generated or on-site material is never uploaded."""
    problems: list[Problem] = []
    for key, material in target.materials.items():
        name = _material_name(material)
        where = f"material:{key}"
        if material.provision != "applicant":
            if key in uploaded:
                message = _("「%(name)s」由系统生成或在现场录制，无需上传") % {"name": name}
                problems.append(Problem("material_not_uploadable", where, message))
            continue
        if not material.required or not condition_holds(material, form) or key in uploaded:
            continue
        if waivers.waived(key):
            if waivers.found[key].licences and (picks or {}).get(key) == "" and not material.condition:
                message = _("您选择了不使用电子证照，请上传「%(name)s」或改选电子证照") % {"name": name}
                problems.append(Problem("licence_declined", where, message))
            continue
        if key in waivers.missing:
            message = _("未查到可代替「%(name)s」的电子证照或共享数据记录，请上传") % {"name": name}
            problems.append(Problem("stand_in_not_found", where, message))
        else:
            problems.append(Problem("material_missing", where, _("请上传「%(name)s」") % {"name": name}))
    return problems


def uploads_needed(target: Target, applicant: User, form: dict[str, Any] | None = None) -> list[str]:
    """The keys of the materials `applicant` must upload for `target` today (what the validator asks for when
    nothing is uploaded): for the window's intake form, the API's clients and tests."""
    waivers = evidence.check(target.materials, applicant, form=form)
    return [p.field.removeprefix("material:") for p in material_problems(target, waivers, form or {}, set())]


def _licence_picks(
    applicant: User, target: Target, uploaded: set[str], asked: dict[str, str]
) -> tuple[dict[str, str], list[Problem]]:
    """material key → licence identifier, each pick checked with the licence provider; a licence-backed material
    neither uploaded nor picked gets the applicant's newest usable licence of its type."""
    provider = reuse.provider()
    picks: dict[str, str] = {}
    problems: list[Problem] = []
    for key, identifier in asked.items():
        identifier = (identifier or "").strip()
        material = target.materials.get(key)
        if key in uploaded:
            continue  # an upload wins over a pick
        if not identifier:
            continue  # "upload instead": material_problems asks for the file when the material is required
        if material is None or not material.substitute_licence_type or provider is None:
            message = _("该材料不能以电子证照代替")
            problems.append(Problem("licence_not_accepted", f"material:{key}", message))
            continue
        try:
            picks[key] = provider.check_pick(
                applicant, material.substitute_licence_type, identifier
            ).identifier
        except ValueError as exc:
            problems.append(Problem("licence_not_usable", f"material:{key}", str(exc)))
    if provider is None:
        return picks, problems
    open_keys = {
        k: m.substitute_licence_type
        for k, m in target.materials.items()
        if m.substitute_licence_type and k not in uploaded and k not in picks and k not in asked
    }
    if open_keys:
        usable = provider.usable(applicant, sorted(set(open_keys.values())))
        for key, type_key in open_keys.items():
            if usable.get(type_key):
                picks[key] = usable[type_key][0].identifier
    return picks, problems


# --- the route ----------------------------------------------------------------------------------------------

# The kinds of credit record that bar the commitment route, as the refusal names them.
_BAR_RECORDS = {
    "serious_bad_credit": gettext_lazy("严重失信记录"),
    "false_commitment": gettext_lazy("虚假承诺记录"),
}


def _route_problems(
    target: Target, route: str, code: str, commitment_signed: bool, on: date
) -> list[Problem]:
    problems: list[Problem] = []
    if route not in routes_offered(target):
        problems.append(Problem("route_not_offered", "route", _("该事项不支持所选审批方式")))
    if route == "commitment":
        bar = credit.commitment_bar(code, on)
        if bar is not None:
            message = _(
                "申请人有%(record)s（%(on)s，%(reason)s），不适用告知承诺方式，请选择一般审批程序"
            ) % {
                "record": _BAR_RECORDS.get(bar.kind, bar.kind),
                "on": f"{bar.recorded_on:%Y-%m-%d}",
                "reason": bar.reason,
            }
            problems.append(Problem("commitment_barred", "route", message))
        if not commitment_signed:
            problems.append(
                Problem("commitment_unsigned", "commitment", _("选择告知承诺方式须签署告知承诺书"))
            )
    return problems


# --- the one validator --------------------------------------------------------------------------------------


def validate_application(
    target: Target,
    applicant: User,
    *,
    form_data: dict[str, Any],
    uploaded: set[str],
    route: str = "",
    commitment_signed: bool = False,
    signed: bool = False,
    licence_picks: dict[str, str] | None = None,
    on: date | None = None,
) -> Verdict:
    """Everything wrong with `applicant`'s application for `target`, found before anything is written: the form
    fields, materials not asked for, materials to upload (what stands in for a waivable one is looked up again
    now: a preview may be stale), the licences picked, the route (offered by the item or by an item of the
    bundle; the commitment route barred by a credit record and needing the signed letter) and the signature
    (`signed`: drawn, or the login's one-click confirmation). The preview shows the problems; the submit refuses
    with them. Raises ApiError("identity_missing") for an applicant who cannot apply at all."""
    on = on or timezone.localdate()
    identity = applicant_identity(applicant)
    form, field_errors = cleaned_form(target, applicant, form_data)
    problems = [Problem("field_invalid", key, message) for key, message in field_errors.items()]
    for key in sorted(uploaded - set(target.materials)):
        message = _("该事项不需要此材料：%(key)s") % {"key": key}
        problems.append(Problem("material_not_asked", f"material:{key}", message))
    waivers = evidence.check(target.materials, applicant, on, form=form)
    problems += material_problems(target, waivers, form, uploaded, licence_picks)
    picks, pick_problems = _licence_picks(applicant, target, uploaded, licence_picks or {})
    problems += pick_problems
    route = route or routes_offered(target)[0]
    problems += _route_problems(target, route, identity[2], commitment_signed, on)
    if not signed:
        problems.append(Problem("signature_missing", "signature", _("请签名")))
    return Verdict(problems=problems, form=form, route=route, identity=identity, waivers=waivers, picks=picks)

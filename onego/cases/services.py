"""Every write to cases goes through these functions: one transaction, rows locked, one audit event per
change, notifications queued after commit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import filetype
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from onego.accounts.models import User
from onego.accounts.roles import Role
from onego.cases import deadlines, engine, evidence, notifications, queue
from onego.cases.models import (
    BundleCase,
    Case,
    CaseMaterial,
    CaseSequence,
    CaseStatus,
    Channel,
    Colour,
    MaterialSource,
    Outcome,
    PauseKind,
    Task,
    TaskStatus,
    Visit,
)
from onego.cases.validation import Target, validate_application
from onego.cases.validation import applicant_identity as applicant_identity  # re-exported
from onego.cases.validation import uploads_needed as uploads_needed  # re-exported
from onego.catalog.bundles import merge_bundle
from onego.catalog.forms import AskedField, clean_form
from onego.catalog.models import Bundle, ItemVersion, ServiceItem
from onego.catalog.selectors import version_in_force
from onego.core import audit
from onego.core.calendar import count_workdays
from onego.core.errors import ApiError
from onego.core.languages import listing
from onego.core.localized import localized
from onego.core.outbox import enqueue

ALLOWED_MATERIAL_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}

# Called with a case's id inside the transaction that stored its files (materials, signature) or decided it
# (a decision document follows); the archive app registers itself here in AppConfig.ready (cases must not
# import archive) and generates and archives the files after commit.
FILES_SAVED_HOOKS: list[Callable[[int], None]] = []


def _files_saved(case_id: int) -> None:
    for hook in FILES_SAVED_HOOKS:
        hook(case_id)


def max_upload_bytes() -> int:
    return int(getattr(settings, "ONEGO_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))


class ApplicationInvalid(ApiError):
    """The application has errors; `errors` maps a field or material key to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        first = next(iter(errors.values()), "")
        super().__init__(
            "application_invalid",
            _("申请有 %(n)s 处需要修改：%(first)s") % {"n": len(errors), "first": first},
            status=422,
            errors=errors,
        )
        self.errors = errors


@dataclass(frozen=True)
class UploadedMaterial:
    key: str
    content: bytes
    filename: str = ""


def acts_for_enterprise(user: User | None) -> bool:
    """The applicant acts for a registered enterprise (as the demo `enterprise` user does)."""
    return bool(user is not None and user.enterprise_credit_code and user.has_role(Role.APPLICANT_ENTERPRISE))


def _quoted_names(versions: Any) -> str:
    """Item names in the reader's language, each in quotation marks, as a list in a sentence."""
    return listing(gettext("「%(name)s」") % {"name": localized(v)} for v in versions)


def _entity_exists(user: User, names: str) -> ApiError:
    return ApiError(
        "entity_exists",
        gettext(
            "您的企业「%(enterprise_name)s」（统一社会信用代码 %(enterprise_credit_code)s）已经登记，"
            "不能再为本企业办理%(names)s；登记事项有变化的，"
            "请办理变更登记。"
        )
        % {
            "enterprise_name": user.enterprise_name,
            "enterprise_credit_code": user.enterprise_credit_code,
            "names": names,
        },
        status=409,
        items=names,
    )


def resolve_target(
    *, item_code: str = "", bundle_code: str = "", on: date | None = None, applicant: User | None = None
) -> Target:
    """What `applicant` applies for. An applicant who acts for a registered enterprise is not offered a
    设立登记 (founding registration) for it: a bundle leaves those items out, a founding item alone is refused."""
    existing = acts_for_enterprise(applicant)
    if bundle_code:
        bundle = Bundle.objects.filter(code=bundle_code, is_active=True).first()
        if bundle is None:
            raise ApiError(
                "not_found",
                gettext("一件事不存在：%(bundle_code)s") % {"bundle_code": bundle_code},
                status=404,
            )
        merged = merge_bundle(bundle, on, existing_entity=existing)
        if not merged.versions and merged.left_out and applicant is not None:
            raise _entity_exists(applicant, _quoted_names(merged.left_out))
        if not merged.versions:
            raise ApiError("not_found", gettext("该一件事没有生效的事项"), status=404)
        return Target(
            versions=merged.versions,
            bundle=bundle,
            asked=[AskedField(f.field, f.required, f.locked_when_prefilled) for f in merged.fields],
            materials={m.material.key: m.material for m in merged.materials},
            left_out=merged.left_out,
        )
    item = ServiceItem.objects.filter(code=item_code).first()
    version = version_in_force(item, on) if item else None
    if version is None:
        raise ApiError(
            "not_found", gettext("事项不存在或未生效：%(item_code)s") % {"item_code": item_code}, status=404
        )
    if version.founds_entity and existing and applicant is not None:
        raise _entity_exists(applicant, _quoted_names([version]))
    asked = [
        AskedField(f.field, f.required, f.locked_when_prefilled)
        for f in version.form_fields.select_related("field").order_by("position")
    ]
    return Target(
        versions=[version],
        bundle=None,
        asked=asked,
        materials={m.key: m for m in version.materials.order_by("position")},
    )


def sniff(content: bytes) -> str:
    """The content type from the bytes themselves, never from the file name."""
    kind = filetype.guess(content[:8192])
    return kind.mime if kind else ""


def check_upload(key: str, content: bytes, allowed: dict[str, str] = ALLOWED_MATERIAL_TYPES) -> str:
    if len(content) == 0:
        raise ApplicationInvalid({key: gettext("文件为空")})
    if len(content) > max_upload_bytes():
        raise ApplicationInvalid(
            {key: gettext("文件超过 %(value)s MB") % {"value": max_upload_bytes() // (1024 * 1024)}}
        )
    mime = sniff(content)
    if mime not in allowed:
        raise ApplicationInvalid({key: gettext("仅支持 PDF、JPG、PNG 文件（按内容识别）")})
    return mime


def next_number(prefix: str, on: date) -> str:
    """prefix + yyyyMMdd + 4-digit daily sequence (docs/domain.md "Case numbers and query codes")."""
    seq, _ = CaseSequence.objects.select_for_update().get_or_create(prefix=prefix, day=on)
    seq.last += 1
    seq.save(update_fields=["last"])
    if seq.last > 9999:
        raise ApiError("sequence_exhausted", gettext("当日办件编号已用尽"), status=503)
    return f"{prefix}{on:%Y%m%d}{seq.last:04d}"


def submit_application(
    *,
    applicant: User,
    item_code: str = "",
    bundle_code: str = "",
    form_data: dict[str, Any],
    uploads: list[UploadedMaterial],
    signature_png: bytes,
    route: str = "",
    commitment_signed: bool = False,
    channel: str = Channel.ONLINE,
    idempotency_key: str = "",
    clerk: User | None = None,
    licence_picks: dict[str, str] | None = None,
    signed_by_login: bool = False,
) -> list[Case]:
    """Apply once for an item or a bundle. Returns the case(s); submitting again with the same idempotency
    key returns the cases of the first submission and creates nothing.

    `licence_picks` maps a material key to the identifier of the applicant's e-licence that stands in for it
    (免提交). A material that can be satisfied by a licence, and is neither uploaded nor picked, gets the
    applicant's newest valid licence of that type when they hold one.

    `signed_by_login`: a confirmation made by the logged-in applicant with one click (a 免申即享 offer) is
    signed by that login; no drawn signature is asked for, and none is stored.

    What is wrong with the application is `validation.validate_application`'s verdict, the one the apply
    form's preview shows; with a problem nothing is written (ApplicationInvalid)."""
    if idempotency_key:
        existing = list(Case.objects.filter(applicant=applicant, idempotency_key=idempotency_key))
        if existing:
            return existing
    target = resolve_target(item_code=item_code, bundle_code=bundle_code, applicant=applicant)
    uploaded = {u.key: u for u in uploads}
    verdict = validate_application(
        target,
        applicant,
        form_data=form_data,
        uploaded=set(uploaded),
        route=route,
        commitment_signed=commitment_signed,
        signed=bool(signature_png) or signed_by_login,
        licence_picks=licence_picks,
    )
    if verdict.problems:
        raise ApplicationInvalid(verdict.errors)
    kind, name, code = verdict.identity
    cleaned, route, picks, waivers = verdict.form, verdict.route, verdict.picks, verdict.waivers
    if signature_png:
        check_upload("signature", signature_png, {"image/png": "png"})
    mimes = {key: check_upload(f"material:{key}", u.content) for key, u in uploaded.items()}

    on = timezone.localdate()
    try:
        with transaction.atomic():
            bundle_case = None
            if target.bundle is not None:
                bundle_case = BundleCase.objects.create(
                    # 一件事编号: YJS + the bundle's 4-digit id + yyyyMMdd + 4-digit daily sequence
                    number=next_number(f"YJS{target.bundle.pk:04d}", on),
                    bundle=target.bundle,
                    applicant=applicant,
                )
            cases = []
            visit = _window_visit(clerk, applicant) if channel == Channel.WINDOW else None
            for version in target.versions:
                case = _create_case(
                    version=version,
                    bundle_case=bundle_case,
                    applicant=applicant,
                    kind=kind,
                    name=name,
                    code=code,
                    channel=channel,
                    route=route,
                    idempotency_key=idempotency_key,
                    on=on,
                    form=cleaned,
                    commitment_signed=commitment_signed,
                    signature_png=signature_png,
                    visit=visit,
                )
                own_keys = set(version.materials.values_list("key", flat=True))
                _attach_materials(
                    case,
                    target,
                    own_keys,
                    uploaded,
                    mimes,
                    cleaned,
                    applicant,
                    round_=0,
                    picks=picks,
                    waivers=waivers,
                )
                _files_saved(case.pk)
                engine.start(case, on=on)
                deadlines.recompute(case, on)
                case.save()
                engine.case_event(case, "submitted", on=on)
                audit.record(
                    clerk or applicant,
                    "case.submitted",
                    case,
                    number=case.number,
                    channel=channel,
                    bundle=bundle_case.number if bundle_case else "",
                    on_behalf_of=applicant.pk,
                )
                notifications.notify_case(case, "case.submitted")
                cases.append(case)
    except IntegrityError:
        # A double click raced us past the first check: the other request created the cases.
        existing = list(Case.objects.filter(applicant=applicant, idempotency_key=idempotency_key))
        if idempotency_key and existing:
            return existing
        raise
    return cases


def _window_visit(clerk: User | None, applicant: User) -> Visit | None:
    """The queue visit the window clerk is serving now (cases.queue), which the cases accepted at the window
    belong to (the pad rates that visit); a ticket taken without a name learns whose it is."""
    if clerk is None:
        return None
    visit = queue.current_visit(clerk)
    if visit is None:
        return None
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    if visit.applicant_id is None:
        visit.applicant = applicant
        visit.applicant_name = visit.applicant_name or applicant.display_name
        visit.save(update_fields=["applicant", "applicant_name"])
    return visit


def _create_case(
    *,
    version: ItemVersion,
    bundle_case: BundleCase | None,
    applicant: User,
    kind: str,
    name: str,
    code: str,
    channel: str,
    route: str,
    idempotency_key: str,
    on: date,
    form: dict[str, Any],
    commitment_signed: bool,
    signature_png: bytes,
    visit: Visit | None = None,
) -> Case:
    item = version.item
    fields = set(version.form_fields.values_list("field__key", flat=True))
    # In a bundle the chosen route applies to the items that offer it; the others keep their own first route.
    own_routes = list(version.routes or [])
    if own_routes and route not in own_routes:
        route = own_routes[0]
    case = Case(
        number=next_number(item.implementation_code, on),
        item=item,
        item_version=version,
        department=item.department,
        bundle_case=bundle_case,
        applicant=applicant,
        applicant_kind=kind,
        applicant_name=name,
        applicant_code=code,
        id_tail=code[-4:].upper(),
        channel=channel,
        route=route,
        idempotency_key=idempotency_key,
        form_data={k: v for k, v in form.items() if k in fields},
        commitment_signed=commitment_signed,
        visits=1 if channel == Channel.WINDOW else 0,
        visit=visit,
        submitted_at=timezone.now(),
        statutory_limit_workdays=version.statutory_limit_workdays,
        promised_limit_workdays=version.promised_limit_workdays,
    )
    # The one signature, captured once, is placed on every case (and every form it generates).
    if signature_png:
        case.signature.save(f"{case.number}.png", ContentFile(signature_png), save=False)
    case.save()
    return case


def _attach_materials(
    case: Case,
    target: Target,
    own_keys: set[str],
    uploaded: dict[str, UploadedMaterial],
    mimes: dict[str, str],
    form: dict[str, Any],
    actor: User,
    round_: int,
    picks: dict[str, str] | None = None,
    waivers: evidence.Waivers | None = None,
) -> None:
    """Store the case's materials: uploaded files, and for the first submission the licences picked and the
    shared records found in their stead, each with the evidence the applicant was shown."""
    picks = picks or {}
    found = waivers.found if waivers is not None else {}
    for key in own_keys:
        material = target.materials.get(key)
        if material is None:
            continue
        if key in uploaded:
            content = uploaded[key].content
            row = CaseMaterial(
                case=case,
                material_key=key,
                name=material.name,
                source=MaterialSource.UPLOAD,
                content_type=mimes[key],
                size=len(content),
                round=round_,
            )
            row.file.save(
                f"{case.number}-{key}-{round_}.{ALLOWED_MATERIAL_TYPES[mimes[key]]}",
                ContentFile(content),
                save=False,
            )
            row.save()
        elif round_ == 0 and key in picks:
            waiver = found.get(key)
            CaseMaterial.objects.create(
                case=case,
                material_key=key,
                name=material.name,
                source=MaterialSource.LICENCE,
                reference=picks[key],
                evidence=evidence.evidence_of(waiver, picks[key]) if waiver else {},
            )
        elif round_ == 0 and key in found and found[key].record is not None:
            record = found[key].record
            assert record is not None
            CaseMaterial.objects.create(
                case=case,
                material_key=key,
                name=material.name,
                source=MaterialSource.SHARED_DATA,
                reference=f"{record.source_key}:{record.record_id}",
                evidence=evidence.evidence_of(found[key]),
            )


def _lock(number: str) -> Case:
    case = (
        Case.objects.select_for_update()
        .select_related("item_version", "department")
        .filter(number=number)
        .first()
    )
    if case is None:
        raise ApiError("not_found", gettext("办件不存在"), status=404)
    return case


def act(
    number: str,
    *,
    actor: User,
    task_id: int,
    action: str,
    note: str = "",
    payload: dict[str, Any] | None = None,
    expected_version: int | None = None,
) -> Case:
    """Staff take one allowed action on a task of a case."""
    with transaction.atomic():
        case = _lock(number)
        engine.check_version(case, expected_version)
        task = Task.objects.select_for_update().filter(pk=task_id, case=case).first()
        if task is None:
            raise ApiError("not_found", gettext("任务不存在"), status=404)
        audit_action = engine.apply(case, task, action, actor=actor, note=note, payload=payload)
        engine.record(case, actor, audit_action, action_key=action, task=task.pk, note=note[:200])
        notifications.notify_case(case, audit_action)
        if task.step_kind == "issue" and case.bundle_case_id:
            _issue_siblings(case, task, action, actor)
        if case.status == CaseStatus.CLOSED and case.outcome != Outcome.APPROVED and case.bundle_case_id:
            _terminate_siblings(case, actor)
        if case.status == CaseStatus.CLOSED:
            _files_saved(case.pk)  # a decided case gets its decision document, archived with the rest
    return case


def _issue_siblings(case: Case, task: Task, action: str, actor: User) -> None:
    """三同时: issuing one case of a bundle issues every member waiting at its issue step, in one transaction."""
    for sibling in (
        Case.objects.select_for_update().filter(bundle_case_id=case.bundle_case_id).exclude(pk=case.pk)
    ):
        sibling_task = sibling.tasks.filter(status=TaskStatus.OPEN, step_kind="issue").first()
        if sibling_task is None:
            continue
        audit_action = engine.apply(sibling, sibling_task, action, actor=actor, note="一件事同时发放")
        engine.record(
            sibling, actor, audit_action, action_key=action, task=sibling_task.pk, with_case=case.number
        )
        notifications.notify_case(sibling, audit_action)
        _files_saved(sibling.pk)


def _terminate_siblings(case: Case, actor: User) -> None:
    """A bundle's results go together: when one member is refused, withdrawn or not accepted, the other open
    members are terminated and their tasks voided."""
    bundle = case.bundle_case.bundle  # type: ignore[union-attr]
    if not bundle.issue_together:
        return
    on = timezone.localdate()
    for sibling in (
        Case.objects.select_for_update().filter(bundle_case_id=case.bundle_case_id).exclude(pk=case.pk)
    ):
        if not sibling.is_open:
            continue
        engine.close_case(sibling, Outcome.TERMINATED, on=on)
        engine.record(
            sibling, actor, "case.terminated_with_bundle", because=case.number, because_outcome=case.outcome
        )
        notifications.notify_case(sibling, "case.terminated_with_bundle")


def submit_correction(
    number: str, *, applicant: User, form_data: dict[str, Any], uploads: list[UploadedMaterial]
) -> Case:
    """The applicant answers the one-time correction notice; the clock runs again and the case returns to
    acceptance."""
    with transaction.atomic():
        case = _lock(number)
        if case.applicant_id != applicant.pk:
            raise ApiError("not_found", gettext("办件不存在"), status=404)
        if case.status != CaseStatus.CORRECTION:
            raise engine.TransitionNotAllowed(gettext("该办件无需补正"))
        notice = case.corrections.filter(resolved_at__isnull=True).last()
        asked = [
            AskedField(f.field, f.required, f.locked_when_prefilled)
            for f in case.item_version.form_fields.select_related("field").order_by("position")
        ]
        merged = {**case.form_data, **form_data}
        # Only what the application holds and what the notice asks for is checked again: a field the applicant
        # was never asked (a founder's credit code, assigned when the business licence is issued) is not due.
        noticed = {i.get("key") for i in (notice.items if notice else []) if i.get("kind") == "field"}
        cleaned, errors = clean_form(
            [a for a in asked if a.field.key in merged or a.field.key in noticed], merged
        )
        wanted = {i["key"] for i in (notice.items if notice else []) if i.get("kind") == "material"}
        uploaded = {u.key: u for u in uploads}
        for key in wanted - set(uploaded):
            errors[f"material:{key}"] = gettext("请按补正告知重新提交材料 %(key)s") % {"key": key}
        if errors:
            raise ApplicationInvalid(errors)
        mimes = {key: check_upload(f"material:{key}", u.content) for key, u in uploaded.items()}
        target = Target(
            versions=[case.item_version],
            bundle=None,
            asked=asked,
            materials={m.key: m for m in case.item_version.materials.all()},
        )
        _attach_materials(
            case, target, set(uploaded), uploaded, mimes, cleaned, applicant, round_=case.correction_rounds
        )
        _files_saved(case.pk)
        case.form_data = {k: v for k, v in cleaned.items() if k in case.form_data or k in form_data}
        on = timezone.localdate()
        deadlines.close_pauses(case, PauseKind.CORRECTION, on)
        if notice:
            notice.resolved_at = timezone.now()
            notice.save(update_fields=["resolved_at"])
        case.status = CaseStatus.SUBMITTED
        engine.enter_step(case, case.current_step or engine.definition(case)["start"], on=on)
        deadlines.recompute(case, on)
        engine.record(case, applicant, "case.corrected", materials=sorted(uploaded))
    return case


def withdraw(number: str, *, applicant: User, reason: str = "") -> Case:
    """The applicant withdraws before the decision (撤回申请)."""
    with transaction.atomic():
        case = _lock(number)
        if case.applicant_id != applicant.pk:
            raise ApiError("not_found", gettext("办件不存在"), status=404)
        if not case.is_open:
            raise engine.TransitionNotAllowed(gettext("办件已办结，不能撤回"))
        # After the decision: issuing the licence, or paying a policy benefit (拨付).
        if case.current_step in ("issue", "disburse"):
            raise engine.TransitionNotAllowed(gettext("已作出决定，不能撤回"))
        engine.close_case(case, Outcome.WITHDRAWN, on=timezone.localdate())
        engine.record(case, applicant, "case.withdrawn", reason=reason[:200])
        notifications.notify_case(case, "case.withdrawn")
        if case.bundle_case_id:
            _terminate_siblings(case, applicant)
    return case


def terminate(number: str, *, actor: User, reason: str) -> Case:
    """终止办理: the department head ends a case that cannot go on (e.g. the applicant died or the entity was
    dissolved), with the reason; the applicant is told. Bundle siblings end with it."""
    reason = reason.strip()
    if not reason:
        raise ApiError("reason_required", gettext("终止办理须写明理由"), status=422)
    with transaction.atomic():
        case = _lock(number)
        if not actor.has_role(Role.DEPARTMENT_HEAD) or actor.department_id != case.department_id:
            raise engine.TransitionNotAllowed(
                gettext("只有本部门负责人可以终止办理"),
                code="forbidden",
                status=403,
            )
        if not case.is_open:
            raise engine.TransitionNotAllowed(gettext("办件已办结"))
        engine.close_case(case, Outcome.TERMINATED, on=timezone.localdate())
        engine.record(case, actor, "case.terminated", reason=reason[:200])
        notifications.notify_case(case, "case.terminated")
        if case.bundle_case_id:
            _terminate_siblings(case, actor)
    return case


def record_visit(number: str, *, clerk: User) -> Case:
    """An in-person visit at the window (the trips of 不跑少跑)."""
    with transaction.atomic():
        case = _lock(number)
        case.visits += 1
        engine.record(case, clerk, "case.visit_recorded", visits=case.visits)
    return case


def escalation_rules() -> dict[str, Any]:
    """What the beat job does about late work (configurable): tell the department heads when a case turns
    red, and hand a task overdue by N working days to the department head."""
    defaults = {"notify_heads_when": Colour.RED, "reassign_after_overdue_workdays": 3}
    return {**defaults, **getattr(settings, "ONEGO_ESCALATION", {})}


def _heads_of(department_id: int) -> list[User]:
    return list(
        User.objects.filter(
            department_id=department_id, groups__name=Role.DEPARTMENT_HEAD.value, is_active=True
        ).distinct()
    )


def _escalate(case: Case, today: date, rules: dict[str, Any]) -> list[str]:
    """Apply the escalation rules to one locked case; returns what was done (for the audit event)."""
    done: list[str] = []
    if case.colour == rules["notify_heads_when"]:
        for head in _heads_of(case.department_id):
            enqueue(
                recipient_id=head.pk,
                channel="site",
                subject=gettext("办件超期预警：%(number)s") % {"number": case.number},
                body=(
                    gettext(
                        "%(name)s（%(number)s）已%(colour)s，承诺办结日期 %(promised_deadline)s。请督办。"
                    )
                    % {
                        "name": case.item_version.name,
                        "number": case.number,
                        "colour": case.get_colour_display(),
                        "promised_deadline": case.promised_deadline,
                    }
                ),
                dedupe_key=f"escalation:{case.pk}:{case.colour}:{case.promised_deadline}:{head.pk}",
            )
            done.append(f"notified:{head.username}")
    limit = int(rules["reassign_after_overdue_workdays"])
    for task in case.tasks.filter(status=TaskStatus.OPEN, due_on__lt=today).exclude(
        role=Role.DEPARTMENT_HEAD
    ):
        if task.due_on and count_workdays(task.due_on, today).workdays >= limit:
            task.role = Role.DEPARTMENT_HEAD.value
            task.note = (
                task.note + gettext("超期 %(limit)s 个工作日，已移交部门负责人") % {"limit": limit}
            ).strip()
            task.save(update_fields=["role", "note"])
            done.append(f"reassigned:{task.pk}")
    return done


def refresh_colours(today: date | None = None) -> dict[str, int]:
    """The beat job: recompute deadlines and colours of open cases and apply the escalation rules; returns how
    many cases changed to each colour."""
    today = today or timezone.localdate()
    rules = escalation_rules()
    changed = {"yellow": 0, "red": 0, "green": 0}
    open_ids = list(Case.objects.exclude(status=CaseStatus.CLOSED).values_list("pk", flat=True))
    for pk in open_ids:
        with transaction.atomic():
            case = Case.objects.select_for_update().select_related("item_version").filter(pk=pk).first()
            if case is None or not case.is_open:
                continue
            before = case.colour
            deadlines.recompute(case, today)
            escalated = _escalate(case, today, rules)
            if case.colour != before or escalated:
                case.save(
                    update_fields=["colour", "promised_deadline", "statutory_deadline", "calendar_complete"]
                )
                audit.record(
                    "system:beat",
                    "case.colour_changed" if case.colour != before else "case.escalated",
                    case,
                    number=case.number,
                    before=before,
                    after=case.colour,
                    escalated=escalated,
                )
                if case.colour != before:
                    changed[case.colour] += 1
                    engine.case_event(case, "colour", on=today)
    return changed

"""Staff pages: the inbox (待办), the case page with its allowed actions, the permission-checked material and
signature files, window intake (综合受理) and the supervisor board of warnings. Thin: parse, authorise, call a
selector (onego.cases.inbox) or a service (onego.cases.services), render."""

from __future__ import annotations

import secrets
import time
import uuid
from functools import wraps
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_http_methods, require_POST

from onego.accounts.models import User
from onego.accounts.roles import Role
from onego.accounts.services import SignupRefused, sign_up_person
from onego.cases import deadlines, engine, evidence, pdfdocs, results, reuse, services, window
from onego.cases import inbox as sel
from onego.cases.models import Case, CaseMaterial, Colour, MaterialSource, TaskStatus
from onego.cases.selectors_applicant import (
    actor_words,
    collapse_same_moment,
    event_words,
    name_tasks_in_english,
    status_words,
    step_name,
)
from onego.cases.services import ApplicationInvalid, UploadedMaterial
from onego.cases.views_applicant import _field_rows, _parse_fields, decode_signature
from onego.catalog import people_lists
from onego.catalog import process as proc
from onego.catalog.forms import locked_keys, prefill
from onego.catalog.models import FieldType, FormField
from onego.core import audit
from onego.core.errors import ApiError
from onego.core.identifiers import mask_id_number, mask_phone, normalize_credit_code, normalize_id_number
from onego.core.models import AuditEvent
from onego.core.security_headers import protect_upload

SHANGHAI = ZoneInfo("Asia/Shanghai")
PAGE_SIZE = 50

# Audit actions in plain Chinese for staff (the applicant's words cover the rest).
_STAFF_WORDS = {
    "case.submitted": gettext_noop("提交申请"),
    "case.accepted": gettext_noop("受理"),
    "case.not_accepted": gettext_noop("不予受理"),
    "case.correction_requested": gettext_noop("发出一次性告知补正"),
    "case.corrected": gettext_noop("申请人提交补正"),
    "case.countersign_branch_agreed": gettext_noop("会签：本部门同意"),
    "case.countersign_joined": gettext_noop("会签完成，全部同意"),
    "case.countersign_refused": gettext_noop("会签：不同意，其余会签作废"),
    "case.approve": gettext_noop("准予许可"),
    "case.refuse": gettext_noop("不予许可"),
    "case.pass": gettext_noop("审查通过"),
    "case.issue": gettext_noop("发证办结"),
    "case.visit_recorded": gettext_noop("记录申请人到场"),
    "case.colour_changed": gettext_noop("时限预警颜色变化"),
    "case.withdrawn": gettext_noop("申请人撤回申请"),
    "case.terminated_with_bundle": gettext_noop("因同一件事的其他事项办结而终止"),
}


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def staff_required(view: Any) -> Any:
    """Signed-in government staff only. Applicants get the 403 page — except on a page of one case, where
    they get 404 like any case they cannot see (a case number is never confirmed to exist)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not getattr(request.user, "is_government_staff", False):
            if "number" in kwargs:
                raise Http404
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _visible(request: HttpRequest, number: str) -> Case:
    case = sel.visible_case(_user(request), number)
    if case is None:
        raise Http404
    return case


# --- inbox ----------------------------------------------------------------------------------------------------


@staff_required
def inbox(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    item = request.GET.get("item", "").strip() or None
    step = request.GET.get("step", "").strip() or None
    colour = request.GET.get("colour", "").strip() or None
    if colour not in (None, *Colour.values):
        colour = None
    order = request.GET.get("order", "due")
    order = order if order in sel.ORDERS else "due"
    filters = {"item": item, "step": step, "colour": colour}
    tasks = sel.inbox_tasks(user, order=order, **filters)
    counts = sel.inbox_counts(user, **filters)
    paginator = Paginator(tasks, PAGE_SIZE)
    paginator.count = counts["total"]  # the (capped) count already made, not a second COUNT(*)
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = name_tasks_in_english(list(page.object_list))
    keep = request.GET.copy()
    keep.pop("page", None)
    return render(
        request,
        "cases/staff/inbox.html",
        {
            "page": page,
            "counts": counts,
            "choices": sel.inbox_choices(user),
            "item": item or "",
            "step": step or "",
            "colour": colour or "",
            "order": order,
            "query": keep.urlencode(),
            "colours": [(Colour.YELLOW.value, _("黄色预警")), (Colour.RED.value, _("红色超期"))],
        },
    )


# --- case page ------------------------------------------------------------------------------------------------


def _display(f: FormField, value: Any) -> str:
    labels = {c["value"]: c.get("zh") or c["value"] for c in f.choices}
    if f.field_type == FieldType.MULTICHOICE:
        return "、".join(str(labels.get(v, v)) for v in (value or []))
    if f.field_type == FieldType.CHOICE:
        return str(labels.get(value, value or ""))
    if f.field_type == FieldType.BOOLEAN:
        return _("是") if value in (True, "true") else _("否")
    if f.field_type in people_lists.TYPES:
        return people_lists.describe(f.field_type, value)
    return "" if value is None else str(value)


def _form_rows(case: Case) -> list[dict[str, Any]]:
    """Every form field the case's item asks, in order, with its dictionary label and the stored value."""
    asked = list(case.item_version.form_fields.select_related("field").order_by("position"))
    known = {a.field.key for a in asked}
    rows = [
        {
            "key": a.field.key,
            "label": a.field.label_zh,
            "value": _display(a.field, case.form_data.get(a.field.key)),
        }
        for a in asked
    ]
    extra = [k for k in case.form_data if k not in known]
    for f in FormField.objects.filter(key__in=extra):
        rows.append({"key": f.key, "label": f.label_zh, "value": _display(f, case.form_data.get(f.key))})
    return rows


def _materials(case: Case, viewer: User | None = None) -> list[dict[str, Any]]:
    """The item's materials, each with what the case holds for it (latest round first). An e-licence picked
    instead of a material is verified now, and the viewer's department's use of it is logged (用证)."""
    held: dict[str, list[dict[str, Any]]] = {}
    provider = reuse.provider()
    # the decision (决定书) is the case's result, shown with the results, not among what was submitted
    for cm in case.materials.exclude(material_key=pdfdocs.DECISION).order_by("material_key", "-round"):
        kind = (
            "image"
            if cm.content_type.startswith("image/")
            else "pdf"
            if cm.content_type == "application/pdf"
            else "other"
        )
        entry: dict[str, Any] = {"row": cm, "kind": kind, "name": cm.name}
        if cm.source == MaterialSource.LICENCE and "." in cm.reference and provider and viewer is not None:
            entry["licence"] = provider.check_for_staff(
                cm.reference, case=case, material_name=cm.name, viewer=viewer
            )
        held.setdefault(cm.material_key, []).append(entry)
    out: list[dict[str, Any]] = []
    for m in case.item_version.materials.order_by("position"):
        files = held.pop(m.key, [])
        if m.key == pdfdocs.FORM_MATERIAL_KEY and m.provision == "generated":
            files = files or held.pop(
                pdfdocs.APPLICATION_FORM, []
            )  # the generated application form is this one
        out.append(
            {
                "key": m.key,
                "name": m.name,
                "files": files,
                "generated": m.provision == "generated",
                "on_site": m.provision == "on_site",
            }
        )
    for key, files in held.items():
        out.append(
            {
                "key": key,
                "name": files[0]["name"],
                "files": files,
                "generated": all(f["row"].source == MaterialSource.GENERATED for f in files),
            }
        )
    first = next((f for row in out for f in row["files"] if f["kind"] in ("image", "pdf")), None)
    if first is not None:
        first["open"] = True  # the first document is shown at once; the others open on a click
    return out


def _timeline(case: Case) -> list[dict[str, Any]]:
    events = list(AuditEvent.objects.filter(object_type="cases.case", object_id=str(case.pk)).order_by("id"))
    # Staff read people by their real names, as in the tasks table (the audit log keeps the login name).
    names = dict(
        User.objects.filter(pk__in={e.actor_id for e in events if e.actor_id}).values_list("pk", "real_name")
    )
    return collapse_same_moment(
        [
            {
                "at": timezone.localtime(e.occurred_at, SHANGHAI),
                "actor": actor_words(e.actor_label, names.get(e.actor_id) if e.actor_id else None),
                "words": _(_STAFF_WORDS[e.action]) if e.action in _STAFF_WORDS else event_words(e.action),
                "note": str((e.data or {}).get("note", "")),
                "action": e.action,
            }
            for e in events
        ]
    )


def _render_case(request: HttpRequest, case: Case, *, error: str = "", status: int = 200) -> HttpResponse:
    user = _user(request)
    actions = engine.allowed_actions(case, user)
    correction = [a for a in actions if a.key == "request_correction"]
    groups: dict[int, dict[str, Any]] = {}
    for a in actions:
        if a.key != "request_correction":
            groups.setdefault(a.task.pk, {"task": a.task, "actions": []})["actions"].append(a)
    form_rows = _form_rows(case)
    materials = _materials(case, user)
    tasks = name_tasks_in_english(
        list(case.tasks.select_related("department", "completed_by").order_by("created_at", "pk"))
    )
    name_tasks_in_english([a.task for a in actions])
    pause = case.pauses.filter(ended_on__isnull=True).first()
    labels = {("field", r["key"]): r["label"] for r in form_rows}
    labels.update({("material", m["key"]): m["name"] for m in materials})
    step = next((t for t in tasks if t.status == TaskStatus.OPEN and t.step_key == case.current_step), None)
    defined = proc.step(case.item_version.process, case.current_step) if case.current_step else None
    context = {
        "case": case,
        "step_name": step_name(
            case, case.current_step, step.step_name if step else (defined or {}).get("name", "")
        )
        if case.current_step
        else "",
        "status_words": status_words(case),
        "form_rows": form_rows,
        "materials": materials,
        "timeline": _timeline(case),
        "tasks": tasks,
        "pause": pause,
        "action_groups": list(groups.values()),
        "correction": correction[0] if correction else None,
        "error": error,
        "results": results.results_of(case, audience="staff"),
        "warning_starts": deadlines.warning_starts(case.promised_deadline, case.promised_limit_workdays)
        if case.is_open and case.accepted_on
        else None,
        "corrections": [
            {
                "notice": n,
                "items": [
                    {
                        "label": labels.get((i.get("kind"), i.get("key")), i.get("key")),
                        "reason": i.get("reason", ""),
                    }
                    for i in n.items
                ],
            }
            for n in case.corrections.select_related("issued_by").order_by("issued_at")
        ],
        "is_clerk": user.has_role(Role.WINDOW_CLERK) and case.is_open,
        "can_terminate": case.is_open
        and user.has_role(Role.DEPARTMENT_HEAD)
        and user.department_id == case.department_id,
        "open_status": TaskStatus.OPEN,
        "item_materials": [(m["key"], m["name"]) for m in materials],
        # the inspection app serves the remote-video review (cases does not import it; the URL name is the seam)
        "review_url": reverse("inspection:review", args=[case.number])
        if proc.uses_remote_video(case.item_version.process)
        else "",
        # the policies app serves a policy case's assessment and publicity (the same seam: the URL name)
        "policy_url": reverse("policies:policy_case", args=[case.number])
        if user.has_role(Role.POLICY_OFFICER)
        and any(s.get("kind") == "publicize" for s in proc.steps(case.item_version.process))
        else "",
    }
    return render(request, "cases/staff/case.html", context, status=status)


@staff_required
def case_page(request: HttpRequest, number: str) -> HttpResponse:
    return _render_case(request, _visible(request, number))


def _int(value: str | None) -> int | None:
    try:
        return int(value or "")
    except ValueError:
        return None


def _correction_items(request: HttpRequest) -> list[dict[str, str]]:
    items = []
    for kind, prefix in (("material", "m"), ("field", "f")):
        for key in request.POST.getlist(f"{prefix}_key"):
            reason = request.POST.get(f"{prefix}_reason_{key}", "").strip()[:300]
            items.append({"kind": kind, "key": key, "reason": reason})
    return items


@staff_required
@require_POST
def case_act(request: HttpRequest, number: str) -> HttpResponse:
    """Take one allowed action; the service checks the version the page was drawn with."""
    case = _visible(request, number)
    action = request.POST.get("action", "")
    payload: dict[str, Any] = {}
    if action == "request_correction":
        payload["items"] = _correction_items(request)
        missing = [i["key"] for i in payload["items"] if not i["reason"]]
        if missing:
            return _render_case(
                request,
                case,
                status=422,
                error=_("请为每一项补正内容写明理由"),
            )
    try:
        services.act(
            number,
            actor=_user(request),
            task_id=_int(request.POST.get("task_id")) or 0,
            action=action,
            note=request.POST.get("note", "").strip()[:2000],
            payload=payload,
            expected_version=_int(request.POST.get("version")),
        )
    except ApiError as exc:
        if exc.status == 403:  # may open the case, may not act on it: the 403 page, nothing of the case
            raise PermissionDenied from exc
        case.refresh_from_db()
        return _render_case(
            request,
            case,
            error=str(exc.message),
            status=exc.status if 400 <= exc.status < 500 else 409,
        )
    messages.success(request, _("已办理：%(number)s") % {"number": number})
    if sel.visible_case(_user(request), number) is None:
        return redirect("cases:inbox")
    return redirect("cases:case", number=number)


@staff_required
@require_POST
def case_terminate(request: HttpRequest, number: str) -> HttpResponse:
    """终止办理 by the department head, with a reason."""
    case = _visible(request, number)
    try:
        services.terminate(number, actor=_user(request), reason=request.POST.get("reason", ""))
    except ApiError as exc:
        if exc.status == 403:
            raise PermissionDenied from exc
        case.refresh_from_db()
        return _render_case(
            request,
            case,
            error=str(exc.message),
            status=exc.status if 400 <= exc.status < 500 else 409,
        )
    messages.success(request, _("已终止办理：%(number)s") % {"number": number})
    return redirect("cases:case", number=number)


@staff_required
@require_POST
def case_visit(request: HttpRequest, number: str) -> HttpResponse:
    """记录到场: the applicant came to the window for this case."""
    _visible(request, number)
    user = _user(request)
    if not user.has_role(Role.WINDOW_CLERK):
        raise PermissionDenied
    services.record_visit(number, clerk=user)
    messages.success(request, _("已记录申请人到场"))
    return redirect("cases:case", number=number)


def _file_response(field: Any, content_type: str, name: str) -> FileResponse:
    if not field:
        raise Http404
    try:
        fh = field.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(fh, content_type=content_type or "application/octet-stream")
    protect_upload(response, name)
    return response


@xframe_options_sameorigin  # shown in the case page's PDF viewer
@staff_required
def material_file(request: HttpRequest, number: str, material_id: int) -> FileResponse:
    case = _visible(request, number)
    material = CaseMaterial.objects.filter(pk=material_id, case=case).first()
    if material is None:
        raise Http404
    ext = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(
        material.content_type, "bin"
    )
    return _file_response(
        material.file, material.content_type, f"{material.material_key}-{material.round}.{ext}"
    )


@staff_required
def signature_file(request: HttpRequest, number: str) -> FileResponse:
    case = _visible(request, number)
    return _file_response(case.signature, "image/png", "signature.png")


# --- supervisor board -----------------------------------------------------------------------------------------


@staff_required
def deadline_board(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not (user.has_role(Role.SUPERVISOR) or user.has_role(Role.DEPARTMENT_HEAD)):
        raise PermissionDenied
    groups = sel.board(user)
    totals = {"yellow": sum(d["yellow"] for d in groups), "red": sum(d["red"] for d in groups)}
    return render(
        request,
        "cases/staff/board.html",
        {"groups": groups, "totals": totals, "all_departments": user.has_role(Role.SUPERVISOR)},
    )


# --- window intake (综合受理) ---------------------------------------------------------------------------------

# --- the window's selected applicant -------------------------------------------------------------------------
# A looked-up applicant is held in the clerk's session under a random token; URLs and forms carry the token
# (`sel`), never the applicant's database id or ID number. A token is valid for its clerk's session only and
# for ONEGO_WINDOW_SELECTION_SECONDS (docs/security.md, "Staff permissions and personal data (authz)").

_SELECTIONS = "onego.window.selections"
_MAX_SELECTIONS = 20


def _selection_seconds() -> int:
    return int(settings.ONEGO_WINDOW_SELECTION_SECONDS)


def _select(request: HttpRequest, applicant: User) -> str:
    """Hold `applicant` as this clerk's selection; returns the token the next pages carry."""
    now = int(time.time())
    held = {
        k: v
        for k, v in (request.session.get(_SELECTIONS) or {}).items()
        if now - int(v.get("at", 0)) < _selection_seconds()
    }
    token = secrets.token_urlsafe(16)
    held[token] = {"applicant": applicant.pk, "at": now}
    newest = sorted(held.items(), key=lambda kv: kv[1]["at"])[-_MAX_SELECTIONS:]
    request.session[_SELECTIONS] = dict(newest)
    return token


def _selected(request: HttpRequest, token: str) -> User | None:
    """The applicant this clerk selected under `token`, or None (unknown, another session's or expired)."""
    entry = (request.session.get(_SELECTIONS) or {}).get(token[:64]) if token else None
    if not entry or time.time() - int(entry.get("at", 0)) >= _selection_seconds():
        return None
    return User.objects.filter(pk=int(entry["applicant"]), is_active=True).first()


def _audit_lookup(clerk: User, code: str, found: User | None, *, via: str) -> None:
    """Every look-up of a walk-in applicant is audited: who looked, for which (masked) code, what was found."""
    masked = mask_id_number(code)
    if found is not None:
        audit.record(clerk, "window.applicant_lookup", found, code=masked, found=True, via=via)
    else:
        audit.record(
            clerk, "window.applicant_lookup", object_type="accounts.user", code=masked, found=False, via=via
        )


def _find_applicant(code: str) -> User | None:
    code = window.compact_code(code)
    if len(code) != 18:
        return None
    for normalise, field in (
        (normalize_id_number, "id_number"),
        (normalize_credit_code, "enterprise_credit_code"),
    ):
        try:
            value = normalise(code)
        except Exception:  # noqa: BLE001, S112 - not this kind of code; try the other
            continue
        found = User.objects.filter(**{field: value}, is_active=True).first()
        if found is not None:
            return found
    return None


def _is_valid_code(code: str) -> bool:
    code = window.compact_code(code)
    return not window.id_number_problem(code) or not window.credit_code_problem(code)


MASKED_FIELD_TYPES = {FieldType.ID_NUMBER: mask_id_number, FieldType.PHONE: mask_phone}


def _masked_keys(asked: list[Any], known: dict[str, Any], shown: dict[str, Any]) -> dict[str, str]:
    """The prefilled ID numbers and phone numbers the clerk does not need to read: key → masked value. They
    are not sent back by the form (the service fills them from the applicant's verified profile)."""
    out = {}
    for a in asked:
        mask = MASKED_FIELD_TYPES.get(a.field.field_type)
        key = a.field.key
        if mask is not None and key in known and str(shown.get(key, "")) == str(known[key]):
            out[key] = mask(str(known[key]))
    return out


def _intake_form(
    request: HttpRequest,
    applicant: User,
    *,
    item: str,
    bundle: str,
    values: dict[str, Any] | None,
    errors: dict[str, str],
    key: str,
    general_error: str = "",
    signature: str = "",
    route: str = "",
    sel: str = "",
) -> HttpResponse:
    try:
        target = services.resolve_target(item_code=item, bundle_code=bundle, applicant=applicant)
    except ApiError as exc:
        return _intake_start(request, applicant=applicant, error=exc.message, sel=sel)
    known = prefill(target.asked, applicant)
    locked = locked_keys(target.asked, known)
    shown = {**known, **(values or {}), **{k: known[k] for k in locked}}
    masked = _masked_keys(target.asked, known, shown)
    routes = list(dict.fromkeys(r for v in target.versions for r in (v.routes or []))) or ["approval"]
    # 免提交 only where the applicant's licence or shared record is found today (cases.evidence)
    waivers = evidence.check(target.materials, applicant, form=shown)
    materials = [
        {
            "key": k,
            "name": m.name,
            "required": m.required and not waivers.waived(k) and m.provision == "applicant",
            "waivable": waivers.waived(k),
            "found": waivers.found.get(k),
            "not_found": k in waivers.missing,
            "provision": m.provision,
            "error": errors.get(f"material:{k}", ""),
        }
        for k, m in target.materials.items()
    ]
    rows = _field_rows(target.asked, shown, locked, errors)
    for row in rows:
        if row["key"] in masked:
            row.update(masked=masked[row["key"]], value="", values=[], display=masked[row["key"]])
    return render(
        request,
        "cases/staff/window_form.html",
        {
            "applicant": applicant,
            "target": target,
            "item": item,
            "bundle": bundle,
            "key": key,
            "sel": sel,
            "title": target.bundle.name if target.bundle else target.versions[0].name,
            "fields": rows,
            "materials": materials,
            "routes": routes,
            "route": route or routes[0],
            "errors": errors,
            "general_error": general_error,
            "signature": signature,
            "other_errors": {k: v for k, v in errors.items() if k in ("route", "commitment", "signature")},
        },
        status=422 if (errors or general_error) else 200,
    )


def _intake_start(
    request: HttpRequest,
    *,
    applicant: User | None = None,
    error: str = "",
    status: int = 200,
    register: dict[str, str] | None = None,
    notice: str = "",
    field_errors: dict[str, str] | None = None,
    code: str = "",
    sel: str = "",
) -> HttpResponse:
    """The first page: find or register the applicant; once found, the item picker (searchable, filtered by
    the applicant's type; a plain GET search when scripts are off, carrying the selection token only)."""
    field_errors = field_errors or {}
    if applicant is not None and not sel:
        sel = _select(request, applicant)
    context: dict[str, Any] = {
        "applicant": applicant,
        "error": error,
        "register": register or {},
        "notice": notice,
        "field_errors": field_errors,
        "code": code,
        "sel": sel,
    }
    if applicant is not None:
        kind = window.applicant_type(applicant)
        q = request.GET.get("q", "").strip()[:60]
        every_type = request.GET.get("all") == "1"
        picks = window.picker(kind, q, every_type=every_type)
        context.update(
            {
                "kind": kind,
                "q": q,
                "every_type": every_type,
                "picks": picks,
                "bundles": [p for p in picks if p.kind == "bundle"],
                "items": [p for p in picks if p.kind == "item"],
            }
        )
    bad = error or field_errors
    return render(request, "cases/staff/window.html", context, status=422 if bad else status)


def _submit_intake(request: HttpRequest, applicant: User, item: str, bundle: str, sel: str) -> HttpResponse:
    post = request.POST
    key = post.get("idempotency_key", "") or str(uuid.uuid4())
    try:
        target = services.resolve_target(item_code=item, bundle_code=bundle, applicant=applicant)
    except ApiError as exc:
        return _intake_start(request, applicant=applicant, error=exc.message, sel=sel)
    values = _parse_fields([a.field for a in target.asked], post)
    # a masked field left empty keeps the verified profile's value (the service fills absent keys from it)
    masked = {a.field.key for a in target.asked if a.field.field_type in MASKED_FIELD_TYPES}
    values = {k: v for k, v in values.items() if not (k in masked and v == "")}
    route = post.get("route", "")
    signature_url = post.get("signature", "")
    signature_png, sig_error = decode_signature(signature_url)
    uploads = []
    for mkey in target.materials:
        upload = request.FILES.get(f"material_{mkey}")
        if upload is not None:
            if (upload.size or 0) > services.max_upload_bytes():
                return _intake_form(
                    request,
                    applicant,
                    item=item,
                    bundle=bundle,
                    values=values,
                    key=key,
                    errors={f"material:{mkey}": _("文件过大")},
                    signature=signature_url,
                    route=route,
                    sel=sel,
                )
            uploads.append(UploadedMaterial(mkey, upload.read(), upload.name or ""))
    if sig_error:
        return _intake_form(
            request,
            applicant,
            item=item,
            bundle=bundle,
            values=values,
            key=key,
            errors={"signature": sig_error},
            route=route,
            sel=sel,
        )
    try:
        cases = services.submit_application(
            applicant=applicant,
            item_code=item,
            bundle_code=bundle,
            form_data=values,
            uploads=uploads,
            signature_png=signature_png,
            route=route,
            commitment_signed=post.get("commitment_signed") == "on",
            channel="window",
            idempotency_key=key,
            clerk=_user(request),
        )
    except ApplicationInvalid as exc:
        return _intake_form(
            request,
            applicant,
            item=item,
            bundle=bundle,
            values=values,
            key=key,
            errors=exc.errors,
            signature=signature_url,
            route=route,
            sel=sel,
        )
    except ApiError as exc:
        return _intake_form(
            request,
            applicant,
            item=item,
            bundle=bundle,
            values=values,
            key=key,
            errors={},
            general_error=exc.message,
            signature=signature_url,
            route=route,
            sel=sel,
        )
    return render(
        request,
        "cases/staff/window_done.html",
        {"applicant": applicant, "cases": cases, "bundle_case": cases[0].bundle_case if cases else None},
    )


def _register_walk_in(request: HttpRequest) -> HttpResponse:
    post = request.POST
    register = {
        "real_name": post.get("real_name", "").strip()[:64],
        "id_number": post.get("id_number", "").strip(),
        "phone": post.get("phone", "").strip()[:20],
    }
    problem = window.id_number_problem(register["id_number"])
    if problem:
        return _intake_start(request, register=register, field_errors={"id_number": problem})
    id_number = normalize_id_number(window.compact_code(register["id_number"]))
    existing = _find_applicant(id_number)
    _audit_lookup(_user(request), id_number, existing, via="register")
    if existing is not None:
        return _intake_start(request, applicant=existing, notice=_("该身份证号码已有账号，已直接选用。"))
    try:
        applicant = sign_up_person(
            username=f"p{id_number.lower()}",
            password=secrets.token_urlsafe(18),
            real_name=register["real_name"],
            id_number=id_number,
            phone=register["phone"],
        )
    except SignupRefused as exc:
        return _intake_start(request, register=register, error=str(exc))
    return _intake_start(
        request,
        applicant=applicant,
        notice=_(
            "已通过身份核验并为申请人开通账号（用户名 %(username)s）。申请人日后可凭身份证号码找回并重设密码。"
        )
        % {"username": applicant.username},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def window_intake(request: HttpRequest) -> HttpResponse:
    """综合受理. The look-up of a walk-in applicant by ID number or credit code is a POST (the number never
    lands in an access log) and is audited; the applicant found is held in the clerk's session and the next
    pages carry only its random token (`sel`)."""
    user = _user(request)
    if not user.has_role(Role.WINDOW_CLERK):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else request.GET
    step = data.get("step", "")
    if request.method == "POST" and step == "register":
        return _register_walk_in(request)
    sel = data.get("sel", "")[:64]
    applicant = None
    if request.method == "POST" and step == "lookup":
        code = request.POST.get("code", "")[:40]
        if not _is_valid_code(code):
            return _intake_start(
                request, code=code, field_errors={"code": window.applicant_code_problem(code)}
            )
        applicant = _find_applicant(code)
        _audit_lookup(user, window.compact_code(code), applicant, via="lookup")
        if applicant is None:
            return _intake_start(
                request,
                code=code,
                field_errors={"code": _("未找到该证件号码的申请人，请核对号码，或登记新申请人。")},
            )
        sel = ""
    elif sel:
        applicant = _selected(request, sel)
        if applicant is None:
            return _intake_start(request, error=_("申请人选择已过期，请重新查找申请人。"), status=410)
    if applicant is None or not applicant.is_applicant:
        return _intake_start(request)
    if not sel:
        sel = _select(request, applicant)
    item, bundle = data.get("item", "").strip(), data.get("bundle", "").strip()
    kind, _sep, code = data.get("pick", "").partition(":")
    if kind in ("item", "bundle") and code:
        item, bundle = (code.strip(), "") if kind == "item" else ("", code.strip())
    if not (item or bundle):
        return _intake_start(request, applicant=applicant, sel=sel)
    if step == "submit" and request.method == "POST":
        return _submit_intake(request, applicant, item, bundle, sel)
    return _intake_form(
        request, applicant, item=item, bundle=bundle, values=None, errors={}, key=str(uuid.uuid4()), sel=sel
    )


@staff_required
@require_POST
def window_accept(request: HttpRequest, number: str) -> HttpResponse:
    """当场受理: the window accepts the application it has just taken — every member of a bundle that this clerk
    may accept — and shows the receipt, now the acceptance receipt (受理回执). One service call per case, each
    its own transaction; a member that cannot be accepted is named and left waiting."""
    user = _user(request)
    case = _visible(request, number)
    if not user.has_role(Role.WINDOW_CLERK):
        raise PermissionDenied
    members = (
        list(Case.objects.filter(bundle_case_id=case.bundle_case_id).order_by("pk"))
        if case.bundle_case_id
        else [case]
    )
    accepted, problems = 0, []
    for member in members:
        action = next(
            (
                a
                for a in engine.allowed_actions(member, user)
                if a.key == "accept" and a.task.step_kind == "accept"
            ),
            None,
        )
        if action is None:
            continue
        try:
            services.act(
                member.number,
                actor=user,
                task_id=action.task.pk,
                action="accept",
                expected_version=member.version,
            )
        except ApiError as exc:
            problems.append(f"{member.number}：{exc.message}")
            continue
        accepted += 1
    if problems:
        messages.error(request, _("以下办件未能受理：%(list)s") % {"list": "；".join(problems)})
    elif accepted:
        messages.success(request, _("已受理，请打印受理回执交给申请人。"))
    else:
        messages.info(request, _("没有需要受理的办件。"))
    return redirect("cases:receipt", number=case.number)

"""The applicant's pages: apply (form → preview → submit), my cases, my case (correction, withdrawal), and the
public progress query. Thin: parse, authorise, call a service or a selector, render."""

from __future__ import annotations

import base64
import binascii
import os
import uuid
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from onego.accounts.models import User
from onego.cases import deadlines, drafts, evidence, results, services
from onego.cases import selectors_applicant as sel
from onego.cases.engine import TransitionNotAllowed
from onego.cases.models import Case, CaseStatus, MaterialSource
from onego.cases.numbers import normalize_case_number, normalize_query_code
from onego.cases.services import ApplicationInvalid, UploadedMaterial
from onego.cases.validation import Target, routes_offered, validate_application
from onego.catalog import people_lists
from onego.catalog import process as proc
from onego.catalog.forms import AskedField, locked_keys, prefill
from onego.catalog.models import FieldType, FormField
from onego.core import ratelimit
from onego.core.errors import ApiError
from onego.core.localized import localized
from onego.core.security_headers import protect_upload

MAX_SIGNATURE_BYTES = 512 * 1024


def applicant_required(view: Any) -> Any:
    """Signed-in applicants only; staff get the 403 page."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not getattr(request.user, "is_applicant", False):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


# --- form fields --------------------------------------------------------------------------------------------


def _parse_fields(fields: list[FormField], post: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields:
        if f.field_type == FieldType.MULTICHOICE:
            out[f.key] = [v for v in post.getlist(f.key) if v]
        elif f.field_type == FieldType.BOOLEAN:
            out[f.key] = "true" if post.get(f.key) in ("on", "true", "1") else ""
        elif f.key in post:  # absent (not merely empty): the prefilled value applies
            out[f.key] = post.get(f.key, "").strip()
    return out


def _display(f: FormField, value: Any) -> str:
    """A submitted value as the applicant reads it (choice labels, 是/否)."""
    labels = {c["value"]: c.get("zh") or c["value"] for c in f.choices}
    if f.field_type == FieldType.MULTICHOICE:
        return "、".join(labels.get(v, v) for v in (value or []))
    if f.field_type == FieldType.CHOICE:
        return str(labels.get(value, value or ""))
    if f.field_type == FieldType.BOOLEAN:
        return _("是") if value in (True, "true") else _("否")
    if f.field_type in people_lists.TYPES:
        if isinstance(value, str) and value.strip():
            try:  # as typed (the preview): shown as it will be read, or as typed when it cannot be read
                value = people_lists.clean(f.field_type, value)
            except ValidationError:
                return value
        return people_lists.describe(f.field_type, value)
    return "" if value is None else str(value)


def _field_rows(
    asked: list[AskedField], values: dict[str, Any], locked: set[str], errors: dict[str, str]
) -> list[dict[str, Any]]:
    rows = []
    for a in asked:
        f = a.field
        value = values.get(f.key, [] if f.field_type == FieldType.MULTICHOICE else "")
        if f.field_type in people_lists.TYPES:
            value = people_lists.as_lines(f.field_type, value)  # typed one person a line, stored as a list
        rows.append(
            {
                "field": f,
                "key": f.key,
                "type": f.field_type,
                "required": a.required,
                "locked": f.key in locked,
                "value": value,
                "values": value if isinstance(value, list) else [value],
                "display": _display(f, value),
                "error": errors.get(f.key, ""),
                "multiline": f.field_type in (FieldType.TEXTAREA, *people_lists.TYPES),
                "input_type": {
                    "date": "date",
                    "integer": "number",
                    "decimal": "text",
                    "money": "text",
                    "phone": "tel",
                }.get(f.field_type, "text"),
            }
        )
    return rows


# --- signature ------------------------------------------------------------------------------------------------


def decode_signature(data_url: str) -> tuple[bytes, str]:
    """A PNG data URL from the signature pad → (bytes, error). The bytes must be a PNG by content."""
    if not data_url:
        return b"", ""
    prefix = "data:image/png;base64,"
    if not data_url.startswith(prefix) or len(data_url) > MAX_SIGNATURE_BYTES * 4 // 3 + len(prefix) + 4:
        return b"", _("签名数据无效，请清除后重新签名")
    try:
        raw = base64.b64decode(data_url[len(prefix) :], validate=True)
    except (binascii.Error, ValueError):
        return b"", _("签名数据无效，请清除后重新签名")
    if not raw.startswith(b"\x89PNG\r\n\x1a\n"):
        return b"", _("签名数据无效，请清除后重新签名")
    return raw, ""


# --- uploads kept between the form, the preview and the submit (onego.cases.drafts) -------------------------


def _chosen_files(files: Any, target: Target) -> dict[str, UploadedFile]:
    """The files posted for the materials of the form, by material key."""
    return {k: files[f"material_{k}"] for k in target.materials if f"material_{k}" in files}


# --- apply -----------------------------------------------------------------------------------------------------


def _uuid_or_new(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except (ValueError, TypeError):
        return str(uuid.uuid4())


def _posted_picks(post: Any, target: Target) -> dict[str, str] | None:
    """material key → licence identifier ("" = upload instead) as posted; None on the first visit."""
    picks = {k: post.get(f"licence_{k}", "")[:200] for k in target.materials if f"licence_{k}" in post}
    return picks if picks else None


def _render_apply(
    request: HttpRequest,
    *,
    target: Target,
    template: str,
    key: str,
    values: dict[str, Any],
    route: str,
    commitment_signed: bool,
    signature: str,
    kept: dict[str, str],
    errors: dict[str, str],
    general_error: str = "",
    picks: dict[str, str] | None = None,
    generated: list[sel.GeneratedPreview] | None = None,
) -> HttpResponse:
    user = _user(request)
    known = prefill(target.asked, user)
    locked = locked_keys(target.asked, known)
    shown = {**values, **{k: known[k] for k in locked}}
    rows = sel.material_rows(target, evidence.check(target.materials, user, form=shown))
    materials = []
    for r in rows:
        licences = r.found.licences if r.found else []
        # the newest licence is picked unless the applicant chose otherwise ("" = upload instead)
        picked = (picks or {}).get(r.key, licences[0].identifier if licences else "")
        materials.append(
            {
                "row": r,
                "kept": os.path.basename(kept[r.key]) if r.key in kept else "",
                "error": errors.get(f"material:{r.key}", ""),
                "licences": licences,
                "picked": picked,
                "picked_licence": next((c for c in licences if c.identifier == picked), None),
                "record": r.found.record if r.found else None,
            }
        )
    routes = routes_offered(target)
    title = localized(target.bundle) if target.bundle else localized(target.versions[0])
    commitment_items = [localized(v) for v in target.versions if "commitment" in (v.routes or [])]
    context = {
        "target": target,
        "title": title,
        "key": key,
        "fields": _field_rows(target.asked, shown, locked, errors),
        "materials": materials,
        "routes": routes,
        "route": route,
        "commitment_signed": commitment_signed,
        "commitment_items": commitment_items,
        "signature": signature,
        "errors": errors,
        "enterprise": user if services.acts_for_enterprise(user) else None,
        "general_error": general_error,
        "action": request.path,
        "generated": generated or [],
        "other_errors": {k: v for k, v in errors.items() if k in ("route", "commitment", "signature")},
    }
    return render(request, template, context, status=422 if (errors or general_error) else 200)


def _apply(request: HttpRequest, *, item_code: str = "", bundle_code: str = "") -> HttpResponse:
    user = _user(request)
    try:
        target = services.resolve_target(item_code=item_code, bundle_code=bundle_code, applicant=user)
    except ApiError as exc:
        if exc.code == "entity_exists":  # an enterprise is not offered 设立登记 for itself
            return render(
                request,
                "cases/applicant/apply_unavailable.html",
                {"enterprise": user, "items": exc.extra.get("items", "")},
                status=409,
            )
        raise Http404(exc.message) from exc
    routes = routes_offered(target)
    if request.method != "POST":
        return _render_apply(
            request,
            target=target,
            template="cases/applicant/apply_form.html",
            key=str(uuid.uuid4()),
            values=prefill(target.asked, user),
            route=routes[0],
            commitment_signed=False,
            signature="",
            kept={},
            errors={},
        )

    post = request.POST
    key = _uuid_or_new(post.get("idempotency_key", ""))
    step = post.get("step", "submit")
    values = _parse_fields([a.field for a in target.asked], post)
    route = post.get("route") or routes[0]
    commitment_signed = post.get("commitment_signed") in ("on", "true", "1")
    signature_url = post.get("signature", "")
    signature_png, signature_error = decode_signature(signature_url)
    errors = drafts.store_draft_uploads(user.pk, key, _chosen_files(request.FILES, target))
    if signature_error:
        errors["signature"] = signature_error
        signature_url = ""
    kept = drafts.kept_drafts(user.pk, key, target.materials)
    picks = _posted_picks(post, target)
    common: dict[str, Any] = {
        "target": target,
        "key": key,
        "values": values,
        "route": route,
        "commitment_signed": commitment_signed,
        "signature": signature_url,
        "kept": kept,
        "picks": picks,
    }

    if step == "edit":
        return _render_apply(request, template="cases/applicant/apply_form.html", errors={}, **common)
    if step == "preview" or errors:
        # the one check the submit makes too; a bad file or signature shows with every other problem, at once
        try:
            verdict = validate_application(
                target,
                user,
                form_data=values,
                uploaded=set(kept),
                route=route,
                commitment_signed=commitment_signed,
                signed=bool(signature_png),
                licence_picks=picks,
            )
        except ApiError as exc:
            return _render_apply(
                request,
                template="cases/applicant/apply_form.html",
                errors=errors,
                general_error=exc.message,
                **common,
            )
        errors = {**verdict.errors, **errors}
        if errors:
            return _render_apply(request, template="cases/applicant/apply_form.html", errors=errors, **common)
        return _render_apply(
            request,
            template="cases/applicant/apply_preview.html",
            errors={},
            generated=sel.generated_previews(target, user, values),
            **common,
        )

    try:
        services.submit_application(
            applicant=user,
            item_code=item_code,
            bundle_code=bundle_code,
            form_data=values,
            uploads=drafts.read_drafts(kept),
            signature_png=signature_png,
            route=route,
            commitment_signed=commitment_signed,
            channel="online",
            idempotency_key=key,
            licence_picks=picks,
        )
    except ApplicationInvalid as exc:
        return _render_apply(request, template="cases/applicant/apply_form.html", errors=exc.errors, **common)
    except ApiError as exc:
        return _render_apply(
            request,
            template="cases/applicant/apply_form.html",
            errors={},
            general_error=exc.message,
            **common,
        )
    drafts.discard_drafts(user.pk, key, target.materials)
    return redirect(reverse("cases:apply_done", args=[key]))


@applicant_required
@require_http_methods(["GET", "POST"])
def apply_item(request: HttpRequest, code: str) -> HttpResponse:
    return _apply(request, item_code=code)


@applicant_required
@require_http_methods(["GET", "POST"])
def apply_bundle(request: HttpRequest, code: str) -> HttpResponse:
    return _apply(request, bundle_code=code)


@applicant_required
def apply_done(request: HttpRequest, key: uuid.UUID) -> HttpResponse:
    cases = list(sel.my_cases(_user(request)).filter(idempotency_key=str(key)).order_by("pk"))
    if not cases:
        raise Http404
    bundle_case = cases[0].bundle_case
    return render(request, "cases/applicant/apply_done.html", {"cases": cases, "bundle_case": bundle_case})


# --- my cases ---------------------------------------------------------------------------------------------------


def _todo(case: Case) -> dict[str, str]:
    """What the applicant must do now, in words, with a link when there is something to do."""
    url = reverse("cases:my_case", args=[case.number])
    if case.status == CaseStatus.CORRECTION:
        return {"text": _("请在补正页面提交补正材料"), "url": f"{url}#correct", "link": _("去补正")}
    if (
        proc.uses_remote_video(case.item_version.process)
        and case.is_open
        and case.current_step in ("accept", "inspect")
    ):
        # the inspection app serves the page (cases does not import it; the URL name is the seam)
        return {
            "text": _("请在经营场所现场录制视频，供远程核查"),
            "url": reverse("inspection:record", args=[case.number]),
            "link": _("录制现场视频"),
        }
    if case.status == CaseStatus.SUBMITTED:
        return {"text": _("无需操作，等待窗口受理"), "url": "", "link": ""}
    if case.status == CaseStatus.IN_PROGRESS:
        return {"text": _("无需操作，部门正在办理"), "url": "", "link": ""}
    return {"text": _("无需操作"), "url": "", "link": ""}


def _results(case: Case) -> list[results.CaseResult]:
    """The case's results (e-licences, the decision, a payment) — what a finished case produced."""
    return results.results_of(case, audience="applicant")


@applicant_required
def my_cases(request: HttpRequest) -> HttpResponse:
    page = Paginator(sel.my_cases(_user(request)).prefetch_related("ratings"), 20).get_page(
        request.GET.get("page")
    )
    rows = [
        {
            "case": c,
            "status": sel.status_words(c),
            "todo": _todo(c),
            "results": _results(c) if c.status == CaseStatus.CLOSED else [],
            # the case's own rating (一事一评; a visit's rating at the window is another), onego.ratings
            "rating": next((r for r in c.ratings.all() if r.visit_id is None), None),
        }
        for c in page
    ]
    return render(request, "cases/applicant/my_cases.html", {"page": page, "rows": rows})


def _correction_context(
    case: Case, errors: dict[str, str], values: dict[str, Any] | None = None
) -> dict[str, Any]:
    notice = (
        case.corrections.filter(resolved_at__isnull=True).last()
        if case.status == CaseStatus.CORRECTION
        else None
    )
    if notice is None:
        return {"notice": None}
    entries = {e.field.key: e for e in case.item_version.form_fields.select_related("field")}
    materials = {m.key: m for m in case.item_version.materials.all()}
    items, asked = [], []
    for i in notice.items:
        k = i.get("key", "")
        if i.get("kind") == "field" and k in entries:
            asked.append(AskedField(entries[k].field, entries[k].required, False))
            items.append(
                {
                    "kind": _("表单内容"),
                    "name": localized(entries[k].field, "label"),
                    "reason": i.get("reason", ""),
                }
            )
        elif i.get("kind") == "material":
            name = localized(materials[k]) if k in materials else k
            items.append(
                {
                    "kind": _("材料"),
                    "name": name,
                    "reason": i.get("reason", ""),
                    "key": k,
                    "error": errors.get(f"material:{k}", ""),
                }
            )
        else:
            items.append({"kind": _("其他"), "name": k, "reason": i.get("reason", "")})
    values = values if values is not None else dict(case.form_data)
    return {
        "notice": notice,
        "notice_items": items,
        "correction_fields": _field_rows(asked, values, set(), errors),
        "correction_materials": [i for i in items if i.get("key")],
        "correction_error": errors.get("__all__", ""),
    }


def _render_case(
    request: HttpRequest,
    case: Case,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
) -> HttpResponse:
    errors = errors or {}
    context = {
        "case": case,
        "status": sel.status_words(case),
        "todo": _todo(case),
        "results": _results(case),
        "steps": sel.steps_of(case),
        "events": sel.events_of(case),
        "can_withdraw": sel.can_withdraw(case),
        "materials": sel.submitted_materials(case),
        "errors": errors,
        "promised_calendar_complete": deadlines.promised_calendar_complete(case),
        **_correction_context(case, errors, values),
    }
    return render(request, "cases/applicant/my_case.html", context, status=422 if errors else 200)


def _own_case(request: HttpRequest, number: str) -> Case:
    case = sel.my_case(_user(request), number)
    if case is None:
        raise Http404
    return case


@applicant_required
def my_case(request: HttpRequest, number: str) -> HttpResponse:
    return _render_case(request, _own_case(request, number))


@applicant_required
def generated_file(request: HttpRequest, number: str, material_id: int) -> FileResponse:
    """A document the system generated for the applicant's own case (申请书, 章程, 任职文件, 承诺书, 决定书);
    another applicant's case, or a file the applicant uploaded, answers 404."""
    case = _own_case(request, number)
    material = case.materials.filter(pk=material_id, source=MaterialSource.GENERATED).exclude(file="").first()
    if material is None:
        raise Http404
    try:
        fh = material.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(fh, content_type="application/pdf")
    protect_upload(response, f"{case.number}-{material.material_key}.pdf")
    return response


@applicant_required
@require_POST
def correct(request: HttpRequest, number: str) -> HttpResponse:
    case = _own_case(request, number)
    ctx = _correction_context(case, {})
    if ctx["notice"] is None:
        messages.error(request, _("该办件无需补正。"))
        return redirect("cases:my_case", number=number)
    fields = [row["field"] for row in ctx["correction_fields"]]
    form_data = {k: v for k, v in _parse_fields(fields, request.POST).items()}
    uploads, errors = [], {}
    for item in ctx["correction_materials"]:
        upload = request.FILES.get(f"material_{item['key']}")
        if upload is None:
            continue
        if (upload.size or 0) > services.max_upload_bytes():
            errors[f"material:{item['key']}"] = _("文件过大")
            continue
        uploads.append(UploadedMaterial(item["key"], upload.read(), upload.name or ""))
    try:
        if errors:
            raise ApplicationInvalid(errors)
        services.submit_correction(number, applicant=_user(request), form_data=form_data, uploads=uploads)
    except ApplicationInvalid as exc:
        return _render_case(request, case, {**exc.errors, **errors}, {**case.form_data, **form_data})
    except TransitionNotAllowed as exc:
        messages.error(request, exc.message)
        return redirect("cases:my_case", number=number)
    except ApiError as exc:
        if exc.status == 404:
            raise Http404 from exc
        raise
    messages.success(request, _("补正材料已提交，等待窗口重新受理。"))
    return redirect("cases:my_case", number=number)


@applicant_required
@require_POST
def withdraw(request: HttpRequest, number: str) -> HttpResponse:
    _own_case(request, number)
    if request.POST.get("confirm") not in ("on", "true", "1"):
        messages.error(request, _("请勾选确认后再撤回申请。"))
        return redirect("cases:my_case", number=number)
    try:
        services.withdraw(number, applicant=_user(request), reason=request.POST.get("reason", "")[:200])
    except TransitionNotAllowed as exc:
        messages.error(request, exc.message)
        return redirect("cases:my_case", number=number)
    except ApiError as exc:
        if exc.status == 404:
            raise Http404 from exc
        raise
    messages.success(request, _("申请已撤回。"))
    return redirect("cases:my_case", number=number)


# --- public progress query ---------------------------------------------------------------------------------


def _over_rate_limit(request: HttpRequest) -> bool:
    """At most ONEGO_PROGRESS_RATE_PER_MINUTE queries per IP in each clock minute (cache-counted)."""
    return ratelimit.over_limit(
        request, "progress", int(getattr(settings, "ONEGO_PROGRESS_RATE_PER_MINUTE", 10))
    )


@require_http_methods(["GET"])
def progress(request: HttpRequest) -> HttpResponse:
    # Typed numbers are normalised (any letter case, spaces, full-width): see onego.cases.numbers.
    number = normalize_case_number(request.GET.get("number", "")[:96])[:48]
    query_code = normalize_query_code(request.GET.get("code", "")[:32])[:8]
    context: dict[str, Any] = {
        "number": number,
        "code": query_code,
        "queried": False,
        "result": None,
        # the receipt's QR code opens the page with the number filled in: ask for the code
        "ask_code": bool(number) and not query_code,
    }
    if number and query_code:
        if _over_rate_limit(request):
            limit = int(getattr(settings, "ONEGO_PROGRESS_RATE_PER_MINUTE", 10))
            return render(request, "cases/applicant/rate_limited.html", {"limit": limit}, status=429)
        context["queried"] = True
        context["result"] = sel.progress_view(number, query_code)
    return render(request, "cases/applicant/progress.html", context)

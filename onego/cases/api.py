"""Cases API: apply, read a case, act on its tasks, the staff inbox and the public progress query.

Routes parse and authorise; the writes are `onego.cases.services`. Every case route first checks that the
caller may see the case and answers 404 `not_found` otherwise — the same answer as for a number that does not
exist, so a caller cannot learn which numbers are in use.
"""

from __future__ import annotations

import base64
import binascii
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from onego.accounts.models import User
from onego.accounts.roles import Role
from onego.cases import engine, services
from onego.cases.inbox import inbox_counts, inbox_tasks
from onego.cases.models import Case, CaseStatus, Colour, TaskStatus
from onego.cases.numbers import normalize_case_number, normalize_query_code
from onego.core import apidoc, ratelimit
from onego.core.apidoc import BodyIn
from onego.core.errors import ApiError, error_responses

router = Router(tags=["cases"])

NOT_FOUND = ("not_found", gettext_lazy("办件不存在"))


# --- schemas ----------------------------------------------------------------------------------------------------


class MaterialIn(BodyIn):
    key: str = Field(..., min_length=1, max_length=60)
    content_base64: str = Field(..., min_length=1)
    filename: str = Field("", max_length=200)


class CaseCreateIn(BodyIn):
    item_code: str = Field("", max_length=60)
    bundle_code: str = Field("", max_length=60)
    form_data: dict[str, Any] = Field(default_factory=dict)
    materials: list[MaterialIn] = Field(default_factory=list, max_length=50)
    signature_png_base64: str = ""
    route: str = Field("", max_length=20)
    commitment_signed: bool = False


class CreatedCase(Schema):
    number: str
    item_code: str
    status: str


class CaseCreatedOut(Schema):
    bundle_number: str | None
    cases: list[CreatedCase]


class MaterialOut(Schema):
    key: str
    name: str
    source: str
    content_type: str
    size: int
    reference: str
    round: int


class TaskOut(Schema):
    id: int
    step_key: str
    step_kind: str
    step_name: str
    department: str
    branch: str
    status: str
    due_on: date | None
    action: str
    completed_at: datetime | None


class AllowedActionOut(Schema):
    task_id: int
    key: str
    name: str
    name_en: str
    # False when the action cannot run now; `refused_code` and `refused_message` are what taking it would answer
    can_run: bool = True
    refused_code: str | None = None
    refused_message: str | None = None


class CorrectionOut(Schema):
    items: list[dict[str, Any]]
    issued_at: datetime
    resolved_at: datetime | None


class CaseOut(Schema):
    number: str
    bundle_number: str | None
    item_code: str
    item_name: str
    department: str
    applicant_name: str
    channel: str
    route: str
    status: str
    status_label: str
    outcome: str
    current_step: str
    version: int
    submitted_at: datetime
    accepted_on: date | None
    closed_at: datetime | None
    promised_deadline: date | None
    statutory_deadline: date | None
    step_deadline: date | None
    colour: str
    visits: int
    form_data: dict[str, Any]
    materials: list[MaterialOut]
    tasks: list[TaskOut]
    corrections: list[CorrectionOut]
    allowed_actions: list[AllowedActionOut]


class ActionIn(BodyIn):
    task_id: int
    action: str = Field(..., min_length=1, max_length=40)
    note: str = Field("", max_length=2000)
    payload: dict[str, Any] = Field(default_factory=dict)
    version: int | None = None


class InboxQuery(Schema):
    item: str = ""
    step: str = ""
    colour: str = Field("", json_schema_extra=apidoc.one_of(Colour.values, empty=True))
    order: str = Field(
        "due",
        description="due: earliest due first; new: newest first",
        json_schema_extra=apidoc.one_of(["due", "new"]),
    )
    limit: int = Field(50, json_schema_extra=apidoc.PAGE_LIMIT)
    offset: int = Field(0, json_schema_extra=apidoc.PAGE_OFFSET)


class InboxTaskOut(Schema):
    task_id: int
    case_number: str
    item_code: str
    item_name: str
    step_key: str
    step_name: str
    branch: str
    case_status: str
    colour: str
    due_on: date | None
    promised_deadline: date | None
    case_version: int


class InboxOut(Schema):
    count: int
    count_capped: bool  # true when there are more than `count` open tasks (the count stops at 1,000)
    tasks: list[InboxTaskOut]


class ProgressQuery(Schema):
    # As typed: any letter case, spaces, full-width characters (normalised by onego.cases.numbers).
    number: str = Field(..., min_length=1, max_length=96)
    # The query code (查询码) printed on the receipt and shown on the applicant's case page.
    code: str = Field(..., min_length=6, max_length=32)


class ProgressStep(Schema):
    name: str
    department: str
    status: str
    started_on: date
    completed_on: date | None


class ProgressOut(Schema):
    number: str
    item_name: str
    status: str
    status_label: str
    outcome: str
    outcome_label: str
    submitted_on: date
    accepted_on: date | None
    promised_deadline: date | None
    closed_on: date | None
    steps: list[ProgressStep]


# --- who may see a case -------------------------------------------------------------------------------------------


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # the router's auth guarantees an authenticated User
    return user


def can_see(user: User, case: Case) -> bool:
    """The applicant; staff of a department that has (or had) a task on the case; clerks of a comprehensive
    window (they accept and hand over for every department); supervisors."""
    if case.applicant_id == user.pk:
        return True
    if not user.is_government_staff:
        return False
    if user.has_role(Role.SUPERVISOR):
        return True
    if user.department_id is None:
        return False
    if (
        user.has_role(Role.WINDOW_CLERK)
        and user.department is not None
        and user.department.hosts_comprehensive_window
    ):
        return True
    return case.tasks.filter(department_id=user.department_id).exists()


def _visible_case(user: User, number: str) -> Case:
    case = (
        Case.objects.select_related("item", "department", "bundle_case", "item_version")
        .filter(number=number)
        .first()
    )
    if case is None or not can_see(user, case):
        raise ApiError(*NOT_FOUND, status=404)
    return case


def _decode(field: str, raw: str) -> bytes:
    try:
        return base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError):
        raise ApiError(
            "invalid_input",
            _("%(field)s 不是有效的 Base64") % {"field": field},
            status=422,
            errors={field: _("Base64 无效")},
        ) from None


def case_out(case: Case, user: User) -> dict[str, Any]:
    return {
        "number": case.number,
        "bundle_number": case.bundle_case.number if case.bundle_case else None,
        "item_code": case.item.code,
        "item_name": case.item_version.name,
        "department": case.department.name,
        "applicant_name": case.applicant_name,
        "channel": case.channel,
        "route": case.route,
        "status": case.status,
        "status_label": case.get_status_display(),
        "outcome": case.outcome,
        "current_step": case.current_step,
        "version": case.version,
        "submitted_at": case.submitted_at,
        "accepted_on": case.accepted_on,
        "closed_at": case.closed_at,
        "promised_deadline": case.promised_deadline,
        "statutory_deadline": case.statutory_deadline,
        "step_deadline": case.step_deadline,
        "colour": case.colour,
        "visits": case.visits,
        "form_data": case.form_data,
        "materials": [
            {
                "key": m.material_key,
                "name": m.name,
                "source": m.source,
                "content_type": m.content_type,
                "size": m.size,
                "reference": m.reference,
                "round": m.round,
            }
            for m in case.materials.all()
        ],
        "tasks": [
            {
                "id": t.pk,
                "step_key": t.step_key,
                "step_kind": t.step_kind,
                "step_name": t.step_name,
                "department": t.department.name,
                "branch": t.branch,
                "status": t.status,
                "due_on": t.due_on,
                "action": t.action,
                "completed_at": t.completed_at,
            }
            for t in case.tasks.select_related("department").order_by("created_at", "id")
        ],
        "corrections": [
            {"items": n.items, "issued_at": n.issued_at, "resolved_at": n.resolved_at}
            for n in case.corrections.all()
        ],
        "allowed_actions": [
            {
                "task_id": a.task.pk,
                "key": a.key,
                "name": a.name,
                "name_en": a.name_en,
                "can_run": a.refused is None,
                "refused_code": a.refused.code if a.refused else None,
                "refused_message": a.refused.message if a.refused else None,
            }
            for a in engine.allowed_actions(case, user)
        ],
    }


# --- routes -----------------------------------------------------------------------------------------------------


@router.post(
    "/cases",
    response={201: CaseCreatedOut, **error_responses(404, 409, 503)},
    summary="Apply for an item or a bundle",
)
def create_case(request: HttpRequest, data: CaseCreateIn) -> Status[dict[str, Any]]:
    """One case per item (a bundle: one bundle number and one case per item). Sending the same
    `Idempotency-Key` header again returns the cases of the first request and creates nothing."""
    user = _user(request)
    if not user.is_applicant:
        raise ApiError("forbidden", _("仅申请人可通过此接口申请"), status=403)
    if bool(data.item_code) == bool(data.bundle_code):
        raise ApiError(
            "invalid_input",
            _("请提供 item_code 或 bundle_code 之一"),
            status=422,
            errors={"item_code": _("item_code 与 bundle_code 须且仅须提供一个")},
        )
    key = request.headers.get("Idempotency-Key", "").strip()
    if len(key) > 64:
        raise ApiError(
            "invalid_input",
            _("Idempotency-Key 最长 64 个字符"),
            status=422,
            errors={"Idempotency-Key": "too long"},
        )
    uploads = [
        services.UploadedMaterial(m.key, _decode(f"materials.{m.key}", m.content_base64), m.filename)
        for m in data.materials
    ]
    signature = (
        _decode("signature_png_base64", data.signature_png_base64) if data.signature_png_base64 else b""
    )
    cases = services.submit_application(
        applicant=user,
        item_code=data.item_code,
        bundle_code=data.bundle_code,
        form_data=data.form_data,
        uploads=uploads,
        signature_png=signature,
        route=data.route,
        commitment_signed=data.commitment_signed,
        idempotency_key=key,
    )
    bundle = cases[0].bundle_case if cases and cases[0].bundle_case_id else None
    return Status(
        201,
        {
            "bundle_number": bundle.number if bundle else None,
            "cases": [{"number": c.number, "item_code": c.item.code, "status": c.status} for c in cases],
        },
    )


@router.get("/cases/{number}", response={200: CaseOut, **error_responses(404)}, summary="One case")
def get_case(request: HttpRequest, number: str) -> dict[str, Any]:
    user = _user(request)
    return case_out(_visible_case(user, number), user)


@router.post(
    "/cases/{number}/actions",
    response={200: CaseOut, **error_responses(404, 409)},
    summary="Act on a task",
)
def act_on_case(request: HttpRequest, number: str, data: ActionIn) -> dict[str, Any]:
    """Take one of the `allowed_actions` of the case. Send the case `version` you read: if someone acted
    meanwhile the answer is 409 `stale_case`."""
    user = _user(request)
    _visible_case(user, number)
    case = services.act(
        number,
        actor=user,
        task_id=data.task_id,
        action=data.action,
        note=data.note,
        payload=data.payload,
        expected_version=data.version,
    )
    case.refresh_from_db()
    return case_out(case, user)


@router.get("/inbox", response={200: InboxOut, **error_responses(403)}, summary="Staff inbox")
def inbox(request: HttpRequest, params: Query[InboxQuery]) -> dict[str, Any]:
    user = _user(request)
    if not user.is_government_staff:
        raise ApiError("forbidden", _("仅工作人员可查看待办"), status=403)
    if params.colour and params.colour not in Colour.values:
        raise ApiError(
            "invalid_input",
            _("未知的预警颜色：%(colour)s") % {"colour": params.colour},
            status=422,
            errors={"colour": f"one of {', '.join(Colour.values)}"},
        )
    if not (1 <= params.limit <= 200) or not (0 <= params.offset <= apidoc.MAX_PAGE_OFFSET):
        raise ApiError(
            "invalid_input",
            _("limit 应在 1–200 之间，offset 应在 0–1000000000 之间"),
            status=422,
        )
    filters = {"item": params.item or None, "step": params.step or None, "colour": params.colour or None}
    tasks = inbox_tasks(user, order=params.order, **filters)
    counts = inbox_counts(user, **filters)
    page = list(tasks[params.offset : params.offset + params.limit])
    return {
        "count": counts["total"],
        "count_capped": counts["capped"],
        "tasks": [
            {
                "task_id": t.pk,
                "case_number": t.case.number,
                "item_code": t.case.item.code,
                "item_name": t.case.item_version.name,
                "step_key": t.step_key,
                "step_name": t.step_name,
                "branch": t.branch,
                "case_status": t.case.status,
                "colour": t.case.colour,
                "due_on": t.due_on,
                "promised_deadline": t.case.promised_deadline,
                "case_version": t.case.version,
            }
            for t in page
        ],
    }


def check_progress_rate(request: HttpRequest) -> None:
    """At most ONEGO_PROGRESS_RATE_PER_MINUTE progress queries per IP per minute (every query counts, found or
    not: the limit is what stops guessing query codes)."""
    limit = int(getattr(settings, "ONEGO_PROGRESS_RATE_PER_MINUTE", 10))
    # The same scope as the progress page (onego.cases.views_applicant): one budget per IP for both.
    if ratelimit.over_limit(request, "progress", limit):
        raise ApiError(
            "rate_limited",
            _("查询过于频繁，请一分钟后再试"),
            status=429,
        )


@router.get(
    "/progress",
    response={200: ProgressOut, **error_responses(404, 429)},
    auth=None,
    summary="Public progress query",
)
def progress(request: HttpRequest, params: Query[ProgressQuery]) -> dict[str, Any]:
    """Case number + the query code printed on the receipt (查询码) → status and dated steps. No personal data:
    no names, no form, no notes."""
    check_progress_rate(request)
    case = (
        Case.objects.select_related("item_version")
        .filter(number=normalize_case_number(params.number), query_code=normalize_query_code(params.code))
        .first()
    )
    if case is None:
        raise ApiError(*NOT_FOUND, status=404)
    tasks = (
        case.tasks.exclude(status=TaskStatus.VOIDED).select_related("department").order_by("created_at", "id")
    )
    local = timezone.localtime
    return {
        "number": case.number,
        "item_name": case.item_version.name,
        "status": case.status,
        "status_label": case.get_status_display(),
        "outcome": case.outcome,
        "outcome_label": case.get_outcome_display() if case.outcome else "",
        "submitted_on": local(case.submitted_at).date(),
        "accepted_on": case.accepted_on,
        "promised_deadline": case.promised_deadline if case.status != CaseStatus.CLOSED else None,
        "closed_on": local(case.closed_at).date() if case.closed_at else None,
        "steps": [
            {
                "name": t.step_name + (f"（{t.branch}）" if t.branch else ""),
                "department": t.department.name,
                "status": t.status,
                "started_on": local(t.created_at).date(),
                "completed_on": local(t.completed_at).date() if t.completed_at else None,
            }
            for t in tasks
        ],
    }

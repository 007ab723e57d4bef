"""The reviewer's pages of intelligent pre-review (智能预审, seed case 7): the queue of pre-reviewed claims by risk,
one claim with a card per person (the robot's verdict, each rule's reason and evidence, the attachments with the
fields the OCR read) where the reviewer confirms or overrides in one action, the attachments themselves, and the
figures. Thin: parse, authorise (role and department), call decisions.py or a selector, render.

Who: the policy officers and the head of the department that handles the scheme's item (区就业服务中心 in the
demo); a supervisor sees every department's queue, claims and figures, read-only. Anyone else signed in gets
403, the anonymous the login page.
"""

from __future__ import annotations

import csv
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from onego.accounts.models import User
from onego.accounts.roles import Role
from onego.cases.models import CaseStatus, TaskStatus
from onego.cases.selectors_applicant import step_name
from onego.catalog import process as proc
from onego.core.errors import ApiError
from onego.core.localized import localized
from onego.core.security_headers import protect_upload
from onego.core.spreadsheets import safe_row
from onego.prereview import decisions, figures, rules, selectors
from onego.prereview.forms import ConfirmAllForm, PersonDecisionForm, QueueFilterForm
from onego.prereview.models import Claim, ClaimAttachment, OcrStatus, Verdict

#: Words of registers the claims quote (the stand-in system's person categories, the OCR's field keys and
#: problem codes): the record keeps the register's word; the page shows it in the reader's language.
CATEGORY_WORDS = {
    "就业困难人员": gettext_lazy("就业困难人员"),
    "高校毕业生": gettext_lazy("高校毕业生"),
    "退役军人": gettext_lazy("退役军人"),
    "脱贫人口": gettext_lazy("脱贫人口"),
    "其他": gettext_lazy("其他"),
}
KIND_WORDS = {
    "id_card": gettext_lazy("身份证"),
    "business_licence": gettext_lazy("营业执照"),
    "labour_contract": gettext_lazy("劳动合同"),
    "bank_statement": gettext_lazy("工资发放表"),
    "other": gettext_lazy("其他材料"),
}
FIELD_WORDS = {
    "name": gettext_lazy("姓名"),
    "id_number": gettext_lazy("身份证号码"),
    "credit_code": gettext_lazy("统一社会信用代码"),
    "employer": gettext_lazy("用人单位"),
    "employee": gettext_lazy("劳动者"),
    "start": gettext_lazy("合同起始日期"),
    "end": gettext_lazy("合同终止日期"),
    "payer": gettext_lazy("付款单位"),
    "payees": gettext_lazy("收款人及金额"),
    "sex": gettext_lazy("性别"),
    "nation": gettext_lazy("民族"),
    "birth": gettext_lazy("出生日期"),
    "address": gettext_lazy("住址"),
    "type": gettext_lazy("主体类型"),
    "legal_representative": gettext_lazy("法定代表人"),
    "registered_capital": gettext_lazy("注册资本"),
    "established_on": gettext_lazy("成立日期"),
    "authority": gettext_lazy("登记机关"),
    "term": gettext_lazy("合同期限"),
    "month": gettext_lazy("发放月份"),
    "total_fen": gettext_lazy("合计金额（元）"),
}


def _field_value(key: str, value: str) -> str:
    """A field as read, for the reviewer: money in yuan (the reading keeps fen), payees one per entry."""
    try:
        if key == "total_fen":
            return yuan(int(value))
        if key == "payees":
            entries = [entry.split("=", 1) for entry in value.split(";") if "=" in entry]
            return _("；").join(f"{name} {yuan(int(fen))}" for name, fen in entries) or value
    except ValueError:
        return value
    return value


# What a business licence's fields are called there: its "name" is the enterprise's, its address the seat
LICENCE_WORDS = {"name": gettext_lazy("单位名称"), "address": gettext_lazy("住所")}
OCR_STATUS_WORDS = dict(OcrStatus.choices)
VERDICT_WORDS = dict(Verdict.choices)
OUTCOME_WORDS = {
    "pass": gettext_lazy("符合"),
    "fail": gettext_lazy("不符合"),
    "unknown": gettext_lazy("无法判断"),
}


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def reviewer_pages(view: Any) -> Any:
    """Signed-in staff who may open the reviewer's pages (selectors.may_open); anyone else signed in gets 403."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not selectors.may_open(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _visible(request: HttpRequest, claim_id: int) -> Claim:
    """The claim, if this user may see it: 404 when there is none, 403 when it is another department's."""
    claim = selectors.claim_for(_user(request), claim_id)
    if claim is None:
        if Claim.objects.filter(pk=claim_id).exists():
            raise PermissionDenied
        raise Http404
    return claim


# --- the queue -------------------------------------------------------------------------------------------------


@reviewer_pages
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """待复核: pre-reviewed claims not yet decided, highest risk first, with the robot's counts by verdict."""
    user = _user(request)
    form = QueueFilterForm(request.GET)
    scheme = verdict = ""
    if form.is_valid():
        scheme = form.cleaned_data["scheme"]
        verdict = form.cleaned_data["verdict"]
    schemes = selectors.visible_schemes(user)
    if scheme not in {s.key for s in schemes}:
        scheme = ""
    page = Paginator(selectors.queue(user, scheme=scheme, verdict=verdict), selectors.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = urlencode({k: v for k, v in (("scheme", scheme), ("verdict", verdict)) if v})
    return render(
        request,
        "prereview/queue.html",
        {
            "page": page,
            "rows": [_queue_row(claim) for claim in page.object_list],
            "counts": selectors.queue_counts(user, scheme=scheme),
            "schemes": [(s.key, localized(s)) for s in schemes],
            "scheme": scheme,
            "verdict": verdict,
            "verdict_choices": [(key, VERDICT_WORDS[key]) for key in selectors.VERDICT_ORDER],
            "query": query,
            "read_only": not any(user.has_role(role) for role in decisions.DECIDING_ROLES),
        },
    )


def _queue_row(claim: Claim) -> dict[str, Any]:
    return {
        "claim": claim,
        "scheme": localized(claim.scheme),
        "verdict": VERDICT_WORDS.get(claim.verdict, claim.verdict),
        "persons": getattr(claim, "persons_count", 0),
        "amount": yuan(claim.amount_claimed_fen),
    }


def yuan(fen: int | None) -> str:
    """Fen as yuan the way the claims are written: 12,000.00."""
    return "" if fen is None else rules.yuan(fen)


# --- one claim ---------------------------------------------------------------------------------------------------


def _render_claim(
    request: HttpRequest,
    claim: Claim,
    *,
    error: str = "",
    error_person: int | None = None,
    posted: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = _user(request)
    cards, claim_files = selectors.person_cards(claim)
    may_decide = decisions.may_decide(user, claim)
    open_ = claim.status == decisions.PRE_REVIEWED
    refusal = decisions.case_refusal(user, claim) if may_decide and open_ else ""
    persons = [card.person for card in cards]
    undecided = [p for p in persons if not p.decision]
    next_claim = (
        selectors.queue(user).exclude(pk=claim.pk).values_list("pk", flat=True).first() if not open_ else None
    )
    return render(
        request,
        "prereview/claim.html",
        {
            "claim": claim,
            "scheme": localized(claim.scheme),
            "cards": [_card(card) for card in cards],
            "claim_files": [_attachment(view) for view in claim_files],
            "verdict": VERDICT_WORDS.get(claim.verdict, claim.verdict),
            "can_decide": may_decide and open_ and not refusal,
            "refusal": refusal,
            "open": open_,
            "seen": decisions.state_token(persons),
            "confirmable": sum(1 for p in undecided if p.verdict in decisions.VERDICTS),
            "undecided_checks": sum(1 for p in undecided if p.verdict == decisions.CHECK),
            "amount": yuan(claim.amount_claimed_fen),
            "approved": yuan(decisions.approved_amount_fen(persons)),
            "passed": sum(1 for p in persons if p.final_verdict == decisions.PASS),
            "failed": sum(1 for p in persons if p.final_verdict == decisions.FAIL),
            "error": error,
            "error_person": error_person,
            "posted": posted or {},
            "next_claim": next_claim,
            "case_step": _case_step(claim) if not open_ else "",
        },
        status=status,
    )


def _case_step(claim: Claim) -> str:
    """Where the claim's case stands now: its current step's name, in the reader's language, or "" once the
    case has closed."""
    case = claim.case
    if case is None or not case.current_step:
        return ""
    task = case.tasks.filter(status=TaskStatus.OPEN, step_key=case.current_step).order_by("id").first()
    defined = proc.step(case.item_version.process, case.current_step) or {}
    return step_name(case, case.current_step, task.step_name if task else defined.get("name", ""))


def _card(card: selectors.PersonCard) -> dict[str, Any]:
    p = card.person
    other = decisions.FAIL if p.verdict == decisions.PASS else decisions.PASS
    return {
        "person": p,
        "masked_id": card.masked_id,
        "category": CATEGORY_WORDS.get(p.category, p.category),
        "amount": yuan(p.amount_claimed_fen),
        "verdict": VERDICT_WORDS.get(p.verdict, p.verdict),
        "final": VERDICT_WORDS.get(p.final_verdict, ""),
        "other": other,
        "other_word": VERDICT_WORDS[other],
        "is_check": p.verdict == decisions.CHECK,
        "rules": [
            {"line": line, "outcome": OUTCOME_WORDS.get(line.outcome, line.outcome)} for line in card.rules
        ],
        "attachments": [_attachment(view) for view in card.attachments],
    }


def _attachment(view: selectors.AttachmentView) -> dict[str, Any]:
    row = view.row
    return {
        "row": row,
        "kind": KIND_WORDS.get(row.kind, row.kind),
        "status": OCR_STATUS_WORDS.get(row.ocr_status, row.ocr_status),
        "is_image": view.is_image,
        "fields": [
            {
                "label": (LICENCE_WORDS.get(f.key) if row.kind == "business_licence" else None)
                or FIELD_WORDS.get(f.key, f.key),
                "value": _field_value(f.key, f.value),
                "confidence": f.confidence,
                "matches": f.matches,
            }
            for f in view.fields
        ],
        "problems": [_problem(code) for code in view.problems],
        "url": reverse("prereview:attachment", args=[row.claim_id, row.pk]),
    }


def _problem(code: str) -> str:
    """An OCR problem code (documents.Reading.problems) in the reader's language."""
    if code.startswith("field_missing:"):
        key = code.split(":", 1)[1]
        return _("未能识别“%(field)s”") % {"field": FIELD_WORDS.get(key, key)}
    words = {
        "id_number_invalid": _("身份证号码校验不通过"),
        "credit_code_invalid": _("统一社会信用代码校验不通过"),
        "low_confidence": _("识别置信度低"),
        "unreadable": _("图像无法识别"),
    }
    return str(words.get(code, code))


@reviewer_pages
@require_GET
def claim_page(request: HttpRequest, claim_id: int) -> HttpResponse:
    """One claim: a card per person with the robot's verdict, the reasons and evidence, the attachments beside
    the fields read from them, and the one action per person (confirm or override)."""
    return _render_claim(request, _visible(request, claim_id))


@reviewer_pages
@require_POST
def decide(request: HttpRequest, claim_id: int) -> HttpResponse:
    """One person's decision: the robot's verdict confirmed, or the other verdict with its reason."""
    claim = _visible(request, claim_id)
    form = PersonDecisionForm(request.POST)
    posted = {k: str(form.data.get(k, ""))[: decisions.REASON_MAX] for k in ("person", "verdict", "reason")}
    if not form.is_valid():
        person = form.cleaned_data.get("person") if hasattr(form, "cleaned_data") else None
        message = next(iter(form.errors.get("verdict") or form.errors.get("reason") or [_("请求无效")]))
        return _render_claim(
            request, claim, error=str(message), error_person=person, posted=posted, status=422
        )
    data = form.cleaned_data
    try:
        claim = decisions.decide_persons(
            claim.pk,
            actor=_user(request),
            choices=[decisions.PersonChoice(data["person"], data["verdict"], data["reason"])],
            seen=data["seen"] or None,
        )
    except ApiError as error:
        return _refused(request, claim, error, person=data["person"], posted=posted)
    _said_done(request, claim)
    return redirect(_claim_url(claim, anchor="" if claim.status != decisions.PRE_REVIEWED else "persons"))


@reviewer_pages
@require_POST
def confirm_all(request: HttpRequest, claim_id: int) -> HttpResponse:
    """全部确认: the robot's verdict stands for every undecided person it passed or failed."""
    claim = _visible(request, claim_id)
    form = ConfirmAllForm(request.POST)
    seen = form.cleaned_data["seen"] if form.is_valid() else ""
    try:
        claim = decisions.confirm_all(claim.pk, actor=_user(request), seen=seen or None)
    except ApiError as error:
        return _refused(request, claim, error)
    _said_done(request, claim)
    return redirect(_claim_url(claim))


def _refused(
    request: HttpRequest,
    claim: Claim,
    error: ApiError,
    *,
    person: int | None = None,
    posted: dict[str, str] | None = None,
) -> HttpResponse:
    """The claim page again with the refusal's message, in the status it carries (403, 409 or 422)."""
    claim.refresh_from_db()
    status = error.status if 400 <= error.status < 500 else 409
    return _render_claim(
        request, claim, error=error.message, error_person=person, posted=posted, status=status
    )


def _said_done(request: HttpRequest, claim: Claim) -> None:
    if claim.status == decisions.DECIDED:
        case = claim.case
        if case is not None:
            case.refresh_from_db(fields=["status", "outcome"])
            if case.status != CaseStatus.CLOSED:
                text = _("申报 %(id)s 已复核完毕，办件 %(number)s 已转入下一环节。")
            elif claim.external_system:
                text = _(
                    "申报 %(id)s 已复核完毕，办件 %(number)s 已办结（%(outcome)s），结果将由机器人回填原业务系统。"
                )
            else:
                text = _("申报 %(id)s 已复核完毕，办件 %(number)s 已办结（%(outcome)s）。")
            values = {"id": claim.external_id or claim.pk, "number": case.number}
            messages.success(request, text % {**values, "outcome": case.get_outcome_display()})
        else:
            messages.success(request, _("申报 %(id)s 已复核完毕。") % {"id": claim.external_id or claim.pk})
    else:
        messages.success(request, _("已保存。"))


def _claim_url(claim: Claim, anchor: str = "") -> str:
    url = reverse("prereview:claim", args=[claim.pk])
    return f"{url}#{anchor}" if anchor else url


@reviewer_pages
@require_GET
def attachment(request: HttpRequest, claim_id: int, attachment_id: int) -> FileResponse:
    """An attachment of a claim, for whoever may see the claim; never a public URL."""
    claim = _visible(request, claim_id)
    row = ClaimAttachment.objects.filter(pk=attachment_id, claim=claim).exclude(file="").first()
    if row is None:
        raise Http404
    response = FileResponse(row.file.open("rb"), content_type=row.content_type or "application/octet-stream")
    return protect_upload(response, row.name or f"attachment-{row.pk}")


# --- figures -----------------------------------------------------------------------------------------------------


@reviewer_pages
@require_GET
def figures_page(request: HttpRequest) -> HttpResponse:
    """预审数据: claims per quarter, the robot's verdicts, the people's overrides, time to decision, uptime."""
    data = _figures(_user(request))
    return render(
        request,
        "prereview/figures.html",
        {
            "f": data,
            "rows": [
                {"q": q, "label": _quarter_label(q), "error_rate": percent(q.error_rate)}
                for q in data.quarters
            ],
            "error_rate": percent(data.total.error_rate),
            "uptime": percent(data.uptime.rate),
            "uptime_days": figures.UPTIME_DAYS,
        },
    )


def _figures(user: User) -> figures.Figures:
    """The figures over the claims the user may see; a supervisor's robots of every department."""
    department_id = None if user.has_role(Role.SUPERVISOR) else user.department_id
    return figures.compute(selectors.visible_claims(user), now=timezone.now(), department_id=department_id)


def percent(rate: float | None) -> str:
    return "" if rate is None else f"{rate * 100:.1f}%"


def _quarter_label(q: figures.Quarter) -> str:
    return _("%(year)d 年第 %(quarter)d 季度") % {"year": q.year, "quarter": q.quarter}


@reviewer_pages
@require_GET
def figures_csv(request: HttpRequest) -> HttpResponse:
    """The figures table as CSV (UTF-8 with BOM for Excel), every cell safe from formula injection."""
    data = _figures(_user(request))
    header = [
        _("季度"),
        _("申报件数"),
        _("已预审"),
        _("预审通过"),
        _("预审不通过"),
        _("需人工核查"),
        _("已复核"),
        _("复核人次"),
        _("通过改为不通过"),
        _("不通过改为通过"),
        _("需人工核查人员已判定"),
        _("机器人差错率"),
        _("捕获至决定中位数（小时）"),
    ]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="prereview-figures.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    for row in figures.csv_rows(data, header):
        writer.writerow(safe_row(row))
    return response

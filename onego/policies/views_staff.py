"""The policy officer's pages (政策专员): policies and matching runs (政策管理), a run's progress and results, a
policy case's assessment, publicity and objections, and payouts (兑现批次: batches, approval against the fund,
the bank file, the bank's reconciliation). Thin: parse, authorise, call a service or a selector, render.

Only the policy officer role may open them; anyone else signed in gets 403, the anonymous the login page.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onego.accounts.admin_access import admin_access
from onego.accounts.models import User
from onego.accounts.roles import Role
from onego.cases.models import Case
from onego.core.errors import ApiError
from onego.core.models import JobStatus
from onego.policies import matching, services
from onego.policies import payouts as payout_service
from onego.policies import selectors_staff as sel
from onego.policies.forms import CreateBatchForm, ObjectionReplyForm, ReconciliationForm, StartRunForm
from onego.policies.models import (
    BatchStatus,
    Eligibility,
    MatchRun,
    Objection,
    ObjectionStatus,
    Payment,
    PaymentStatus,
    PayoutBatch,
    Policy,
    PolicyCase,
    RunPolicy,
)
from onego.policies.steps import policy_of

FINISHED = (JobStatus.DONE, JobStatus.FAILED)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def officer_required(view: Any) -> Any:
    """Signed-in policy officers only: everyone else signed in gets the 403 page."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not (isinstance(user, User) and user.has_role(Role.POLICY_OFFICER)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _status(error: ApiError) -> int:
    return error.status if 400 <= error.status < 500 else 409


# --- policies and matching runs ---------------------------------------------------------------------------------


def _render_manage(
    request: HttpRequest, form: StartRunForm, *, error: str = "", status: int = 200
) -> HttpResponse:
    today = timezone.localdate()
    runs = list(sel.recent_runs())
    names = sel.people({run.job.started_by for run in runs})
    return render(
        request,
        "policies/staff_manage.html",
        {
            "rows": sel.policy_rows(today),
            "today": today,
            "form": form,
            "error": error,
            "admin_access": admin_access(request.user, "policies.change_policy").value,
            "runs": [{"run": run, "by": names.get(run.job.started_by, run.job.started_by)} for run in runs],
        },
        status=status,
    )


@officer_required
@require_GET
def manage(request: HttpRequest) -> HttpResponse:
    """政策管理: every policy with its version in force, the form to start a run, the recent runs."""
    return _render_manage(request, StartRunForm())


@officer_required
@require_POST
def start_run(request: HttpRequest) -> HttpResponse:
    form = StartRunForm(request.POST)
    if not form.is_valid():
        return _render_manage(request, form, status=422)
    data = form.cleaned_data
    try:
        run = matching.start_run(
            actor=_user(request),
            policy=data["policy"],
            on=data["on"],
            as_of=data["as_of"],
            make_offers=bool(data["make_offers"]),
        )
    except ApiError as error:
        return _render_manage(request, form, error=error.message, status=_status(error))
    messages.success(request, _("比对已开始，可在本页查看进度。"))
    return redirect("policies:run_detail", run_id=run.pk)


def _run(run_id: int) -> MatchRun:
    run = MatchRun.objects.select_related("job", "policy").filter(pk=run_id).first()
    if run is None:
        raise Http404
    return run


def _page(request: HttpRequest, name: str, rows: Any) -> Any:
    return Paginator(rows, sel.RESULTS_PER_PAGE).get_page(request.GET.get(name))


@officer_required
@require_GET
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    """A run: its progress while it runs; when done, per policy the counts, total, rule version, parameter
    snapshot and offers, and the eligible and unknown enterprises of one policy with their conditions."""
    run = _run(run_id)
    context: dict[str, Any] = {
        "run": run,
        "job": run.job,
        "finished": run.job.status in FINISHED,
        "stage": sel.stage_text(run.job.stage),
        "started_by": sel.people({run.job.started_by}).get(run.job.started_by, ""),
    }
    if run.job.status == JobStatus.DONE:
        entries = sel.run_entries(run)
        chosen_id = request.GET.get("policy", "")
        chosen: RunPolicy | None = next(
            (e["entry"] for e in entries if e["entry"].policy.code == chosen_id), None
        )
        if chosen is None and entries:
            chosen = entries[0]["entry"]
        context["entries"] = entries
        context["chosen"] = chosen
        if chosen is not None:
            eligible = _page(request, "ep", sel.results_of(chosen, Eligibility.ELIGIBLE))
            unknown = _page(request, "up", sel.results_of(chosen, Eligibility.UNKNOWN))
            context["eligible"] = eligible
            context["eligible_rows"] = sel.result_rows(chosen, list(eligible.object_list))
            context["unknown"] = unknown
            context["unknown_rows"] = sel.result_rows(chosen, list(unknown.object_list))
            context["ep"] = eligible.number
            context["up"] = unknown.number
    return render(request, "policies/staff_run.html", context)


@officer_required
@require_GET
def run_progress(request: HttpRequest, run_id: int) -> HttpResponse:
    """The progress fragment the run page polls every second until the job is done or failed."""
    run = _run(run_id)
    response = render(
        request,
        "policies/staff_run_progress.html",
        {
            "run": run,
            "job": run.job,
            "finished": run.job.status in FINISHED,
            "stage": sel.stage_text(run.job.stage),
        },
    )
    if run.job.status in FINISHED and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"  # reload the page once, to show the results
    return response


# --- a policy case ------------------------------------------------------------------------------------------------


def _render_case(
    request: HttpRequest,
    record: PolicyCase,
    *,
    errors: dict[int, str] | None = None,
    forms_by_id: dict[int, ObjectionReplyForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    errors = errors or {}
    forms_by_id = forms_by_id or {}
    objections = []
    for objection in record.objections.select_related("handled_by").order_by("created_at", "id"):
        objections.append(
            {
                "row": objection,
                "error": errors.get(objection.pk, ""),
                "form": forms_by_id.get(objection.pk) or ObjectionReplyForm(prefix=f"o{objection.pk}"),
            }
        )
    payment = Payment.objects.filter(policy_case=record).select_related("batch").first()
    today = timezone.localdate()
    in_publicity = bool(
        record.publicity_from
        and record.publicity_until
        and record.publicity_from <= today <= record.publicity_until
    )
    return render(
        request,
        "policies/staff_policy_case.html",
        {
            "record": record,
            "case": record.case,
            "assessment": sel.assessment(record),
            "objections": objections,
            "open_status": ObjectionStatus.OPEN,
            "payment": payment,
            "in_publicity": in_publicity,
            "case_url": reverse("cases:case", args=[record.case.number]),
        },
        status=status,
    )


def _policy_case(number: str) -> PolicyCase:
    record = (
        PolicyCase.objects.select_related("case", "policy", "policy__fund", "version")
        .filter(case__number=number)
        .first()
    )
    if record is None:
        raise Http404
    return record


@officer_required
@require_GET
def policy_case(request: HttpRequest, number: str) -> HttpResponse:
    """政策兑现核定与公示: the assessment with its reasons, the publicity dates and the objections to answer.
    A policy's case that has not reached publicity yet (an application is assessed then) says so."""
    record = (
        PolicyCase.objects.select_related("case", "policy", "policy__fund", "version")
        .filter(case__number=number)
        .first()
    )
    if record is not None:
        return _render_case(request, record)
    case = Case.objects.select_related("item_version").filter(number=number).first()
    if case is None or policy_of(case) is None:
        raise Http404
    return render(
        request,
        "policies/staff_policy_case_pending.html",
        {"case": case, "policy": policy_of(case), "case_url": reverse("cases:case", args=[case.number])},
    )


@officer_required
@require_POST
def handle_objection(request: HttpRequest, objection_id: int) -> HttpResponse:
    objection = Objection.objects.select_related("policy_case__case").filter(pk=objection_id).first()
    if objection is None:
        raise Http404
    record = _policy_case(objection.policy_case.case.number)
    form = ObjectionReplyForm(request.POST, prefix=f"o{objection.pk}")
    if not form.is_valid():
        return _render_case(request, record, forms_by_id={objection.pk: form}, status=422)
    try:
        services.handle_objection(
            objection.pk,
            upheld=form.cleaned_data["decision"] == "upheld",
            reply=form.cleaned_data["reply"],
            actor=_user(request),
        )
    except ApiError as error:
        return _render_case(
            request,
            record,
            errors={objection.pk: error.message},
            forms_by_id={objection.pk: form},
            status=_status(error),
        )
    messages.success(request, _("异议已处理。"))
    return redirect("policies:policy_case", number=record.case.number)


# --- payouts ------------------------------------------------------------------------------------------------------


def _year(request: HttpRequest) -> str:
    year = request.GET.get("year", "").strip()
    return year if len(year) == 4 and year.isdigit() else ""


def _render_payouts(request: HttpRequest, *, error: str = "", status: int = 200) -> HttpResponse:
    year = _year(request)
    return render(
        request,
        "policies/staff_payouts.html",
        {
            "groups": sel.pending_groups(),
            "batches": sel.batch_rows(),
            "totals": payout_service.totals(year=year),
            "year": year,
            "years": sel.years_with_payments(),
            "error": error,
        },
        status=status,
    )


@officer_required
@require_GET
def payouts(request: HttpRequest) -> HttpResponse:
    """兑现批次: payments waiting for a batch, the batches, totals by policy, department and enterprise."""
    return _render_payouts(request)


@officer_required
@require_POST
def create_batch(request: HttpRequest) -> HttpResponse:
    form = CreateBatchForm(request.POST)
    if not form.is_valid():
        return _render_payouts(request, error=_("请选择政策和兑现期间"), status=422)
    policy = Policy.objects.filter(code=form.cleaned_data["policy"]).first()
    if policy is None:
        return _render_payouts(request, error=_("政策不存在"), status=404)
    try:
        batch = payout_service.create_batch(
            policy=policy, period=form.cleaned_data["period"], actor=_user(request)
        )
    except ApiError as error:
        return _render_payouts(request, error=error.message, status=_status(error))
    made = _("已生成拨付批次，请审批。")
    messages.success(request, f"{made} {batch.number}")
    return redirect("policies:batch_detail", batch_id=batch.pk)


def _batch(batch_id: int) -> PayoutBatch:
    batch = (
        PayoutBatch.objects.select_related("policy", "fund", "created_by", "approved_by")
        .filter(pk=batch_id)
        .first()
    )
    if batch is None:
        raise Http404
    return batch


def _render_batch(
    request: HttpRequest,
    batch: PayoutBatch,
    *,
    error: str = "",
    row_errors: list[Any] | None = None,
    form: ReconciliationForm | None = None,
    status: int = 200,
) -> HttpResponse:
    payments = list(batch.payments.order_by("id"))
    rows = [{"p": p, "account": sel.masked_account(p.bank_account_number)} for p in payments]
    total = sum(p.amount_fen for p in payments)
    settles = any(p.status in (PaymentStatus.SENT, PaymentStatus.FAILED) for p in payments)
    return render(
        request,
        "policies/staff_batch.html",
        {
            "batch": batch,
            "rows": rows,
            "total_fen": total,
            "balance_fen": payout_service.balance_fen(batch.fund),
            "error": error,
            "row_errors": row_errors or [],
            "form": form or ReconciliationForm(),
            "can_approve": batch.status == BatchStatus.DRAFT,
            "can_export": batch.status in (BatchStatus.APPROVED, BatchStatus.EXPORTED),
            "can_reconcile": batch.status in (BatchStatus.EXPORTED, BatchStatus.RECONCILED) and settles,
            "paid": sum(1 for p in payments if p.status == PaymentStatus.PAID),
            "failed": sum(1 for p in payments if p.status == PaymentStatus.FAILED),
            "bank_columns": payout_service.BANK_FILE_COLUMNS,
            "reconciliation_columns": payout_service.RECONCILIATION_COLUMNS,
        },
        status=status,
    )


@officer_required
@require_GET
def batch_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    return _render_batch(request, _batch(batch_id))


@officer_required
@require_POST
def approve_batch(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _batch(batch_id)
    try:
        payout_service.approve_batch(batch.pk, actor=_user(request))
    except ApiError as error:
        return _render_batch(request, _batch(batch_id), error=error.message, status=_status(error))
    messages.success(request, _("批次已审批，可下载银行文件。"))
    return redirect("policies:batch_detail", batch_id=batch.pk)


@officer_required
@require_http_methods(["GET", "POST"])
def bank_file(request: HttpRequest, batch_id: int) -> HttpResponse:
    """The bank file as a CSV download. Making it the first time marks the batch's payments sent, so that takes
    a POST (a button); a GET only downloads the file of a batch already exported (a link may be prefetched)."""
    batch = _batch(batch_id)
    if request.method != "POST" and batch.status != BatchStatus.EXPORTED:
        return _render_batch(request, batch, error=_("请点击按钮生成银行文件。"), status=405)
    try:
        name, content = payout_service.bank_file(batch.pk, actor=_user(request))
    except ApiError as error:
        return _render_batch(request, _batch(batch_id), error=error.message, status=_status(error))
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@officer_required
@require_POST
def reconcile(request: HttpRequest, batch_id: int) -> HttpResponse:
    """The bank's reconciliation file: every row checked first; any error lists its row and column and nothing
    is written."""
    batch = _batch(batch_id)
    form = ReconciliationForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_batch(request, batch, form=form, status=422)
    upload = form.cleaned_data["file"]
    raw = upload.read(payout_service.MAX_RECONCILIATION_BYTES + 1)
    try:
        report = payout_service.import_reconciliation(batch.pk, raw, actor=_user(request))
    except ApiError as error:
        return _render_batch(
            request,
            _batch(batch_id),
            error=error.message,
            form=form,
            row_errors=list(error.extra.get("errors") or []),
            status=_status(error),
        )
    done, paid, failed = _("对账完成。"), _("到账"), _("失败")
    messages.success(request, f"{done} {paid} {report.paid} · {failed} {report.failed}")
    return redirect("policies:batch_detail", batch_id=batch.pk)

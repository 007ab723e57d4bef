"""Documents a case generates (申请表, 告知承诺书), each carrying the applicant's one signature (seed case 2:
sign once, the signature is placed on every form). Printable pages; the PDF rendering arrives with e-licences."""

from __future__ import annotations

import base64

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from onego.accounts.models import User
from onego.cases import pdfdocs, results
from onego.cases.inbox import visible_case
from onego.cases.models import Case
from onego.cases.selectors_applicant import my_case


def _case_for(request: HttpRequest, number: str) -> Case:
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise Http404
    case = my_case(user, number) or visible_case(user, number)
    if case is None:
        raise Http404
    return case


def _signature_data_url(case: Case) -> str:
    if not case.signature:
        return ""
    with case.signature.open("rb") as fh:
        return "data:image/png;base64," + base64.b64encode(fh.read()).decode()


def case_documents(request: HttpRequest, number: str) -> HttpResponse:
    """The application form and, on the commitment route, the commitment letter — both signed."""
    case = _case_for(request, number)
    return render(
        request,
        "cases/documents.html",
        {
            "case": case,
            "rows": pdfdocs.form_rows(case),  # as the PDF reads them: choices by label, people lists in words
            "materials": case.materials.order_by("material_key", "round"),
            "signature": _signature_data_url(case),
            "with_commitment": case.route == "commitment" and case.commitment_signed,
        },
    )


@require_GET
def decision_pdf(request: HttpRequest, number: str) -> HttpResponse:
    """The decision (决定书) of a decided case, for its applicant and the staff who may see the case; 404 for
    anyone else. Served as stored by the worker, or rendered now if the worker has not stored it yet."""
    case = _case_for(request, number)
    if not results.decided(case):
        raise Http404
    content = None
    stored = results.stored_decision(case)
    if stored is not None and stored.file:
        try:
            with stored.file.open("rb") as fh:
                content = fh.read()
        except OSError:
            content = None  # the stored file is missing: render it again rather than fail
    if content is None:
        _title, content = pdfdocs.decision_document(case)
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "attachment" if request.GET.get("download") else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{case.number}-decision.pdf"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response

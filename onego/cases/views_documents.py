"""Documents a case generates (申请表, 告知承诺书), each carrying the applicant's one signature (seed case 2:
sign once, the signature is placed on every form). Printable pages; the PDF rendering arrives with e-licences."""

from __future__ import annotations

import base64

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from onego.accounts.models import User
from onego.cases import pdfdocs
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
    return render(request, "cases/documents.html", {
        "case": case,
        "rows": pdfdocs.form_rows(case),  # as the PDF reads them: choices by label, people lists in words
        "materials": case.materials.order_by("material_key", "round"),
        "signature": _signature_data_url(case),
        "with_commitment": case.route == "commitment" and case.commitment_signed,
    })

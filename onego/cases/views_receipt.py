"""The receipt (受理回执) page and its PDF: for the applicant of the case and for staff who may open the case
(onego.cases.inbox.visible_case); anyone else gets 404, as for a number that does not exist."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from onego.accounts.models import User
from onego.accounts.roles import Role
from onego.cases import engine, receipts
from onego.cases.inbox import visible_case
from onego.cases.models import Case
from onego.cases.numbers import normalize_case_number
from onego.cases.selectors_applicant import my_case


def _case_for(request: HttpRequest, number: str) -> Case:
    user = request.user
    assert isinstance(user, User)
    number = normalize_case_number(number)
    case = my_case(user, number) if user.is_applicant else visible_case(user, number)
    if case is None:
        raise Http404
    return case


@login_required
@require_GET
def receipt(request: HttpRequest, number: str) -> HttpResponse:
    case = _case_for(request, number)
    user = _user(request)
    receipt = receipts.build(case)
    staff = not user.is_applicant
    # a window clerk who may accept it is offered 当场受理 (onego.cases.views_staff.window_accept)
    can_accept = (
        staff
        and not receipt.accepted
        and user.has_role(Role.WINDOW_CLERK)
        and any(a.key == "accept" for a in engine.allowed_actions(case, user))
    )
    return render(
        request,
        "cases/receipt.html",
        {"case": case, "receipt": receipt, "staff": staff, "can_accept": can_accept},
    )


@login_required
@require_GET
def receipt_pdf(request: HttpRequest, number: str) -> HttpResponse:
    case = _case_for(request, number)
    content = receipts.receipt_pdf(receipts.build(case))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="receipt-{case.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user

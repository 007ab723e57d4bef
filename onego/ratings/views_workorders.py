"""The pages of bad-review work orders (差评工单): the list (filters by status and colour, red first, counts) and
one order with its rating, what was rated, the timeline and the form of the next step — only for who may take
it. Thin: parse, authorise (workorders.may_*), call a service, render.

Who (onego/ratings/workorders.py): the responsible department's heads, the assignee for their own orders,
supervisors for all. Anyone else signed in as staff gets 404 on an order (an order number is never confirmed),
applicants 403 on the list, the anonymous the login page. The rater's name is masked everywhere; the phone is
shown in full only on the call-back step, to who may call back."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case as When_
from django.db.models import Count, IntegerField, Q, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from onego.accounts.models import User
from onego.cases.inbox import visible_case
from onego.cases.models import Colour
from onego.core.errors import ApiError
from onego.core.identifiers import mask_name, mask_phone
from onego.core.localized import localized
from onego.core.models import AuditEvent
from onego.ratings import workorders as wo
from onego.ratings.forms_workorders import (
    AppealForm,
    CallbackForm,
    DecideForm,
    OrderFilterForm,
    RectifiedForm,
    RectifyForm,
    VerifyForm,
)
from onego.ratings.models import Resolution, WorkOrder, WorkOrderStatus

PAGE_SIZE = 50

#: the sub-indicators of GB/T 39735 as the rating forms store them (keys of onego.ratings.indicators)
INDICATOR_WORDS = {
    "efficiency": gettext_lazy("服务效率"),
    "competence": gettext_lazy("服务水平"),
    "attitude": gettext_lazy("服务态度"),
    "guide_accuracy": gettext_lazy("办事指南精确度"),
    "convenience": gettext_lazy("办事便捷度"),
    "usability": gettext_lazy("平台操作性"),
    "overall": gettext_lazy("总体满意度"),
}
TIMELINE_WORDS = {
    "work_order.opened": gettext_noop("收到差评，生成工单"),
    "work_order.verified": gettext_noop("核实"),
    "work_order.measures": gettext_noop("登记限期整改措施"),
    "work_order.rectified": gettext_noop("整改完成"),
    "work_order.reopened": gettext_noop("回访不满意，退回整改"),
    "work_order.closed": gettext_noop("回访，办结"),
    "work_order.appealed": gettext_noop("提出申诉"),
    "work_order.appeal_decided": gettext_noop("申诉复核"),
    "work_order.colour_changed": gettext_noop("时限预警颜色变化"),
}


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def staff_pages(view: Any) -> Any:
    """Signed-in government staff; applicants get 403 on the list and 404 on an order."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not getattr(request.user, "is_government_staff", False):
            if "number" in kwargs:
                raise Http404
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _visible(request: HttpRequest, number: str) -> WorkOrder:
    order = (
        WorkOrder.objects.select_related(
            "rating",
            "rating__case",
            "rating__visit",
            "rating__window",
            "rating__centre",
            "rating__staff",
            "rating__item",
            "department",
            "assignee",
        )
        .filter(number=number)
        .first()
    )
    if order is None or not wo.may_see(_user(request), order):
        raise Http404
    return order


# --- the list ---------------------------------------------------------------------------------------------------


def _ranked(orders: Any) -> Any:
    """Open before closed; red, then yellow, then green; then by due date."""
    return orders.annotate(
        closed_rank=When_(
            When(status=WorkOrderStatus.CLOSED, then=Value(1)), default=Value(0), output_field=IntegerField()
        ),
        colour_rank=When_(
            *[When(colour=c, then=Value(rank)) for c, rank in wo.COLOUR_RANK.items()],
            default=Value(3),
            output_field=IntegerField(),
        ),
    ).order_by("closed_rank", "colour_rank", "due_on", "id")


@staff_pages
def order_list(request: HttpRequest) -> HttpResponse:
    """差评工单: the orders this user may see, with counts by status and (open orders) by colour."""
    user = _user(request)
    mine = wo.visible_orders(user)
    form = OrderFilterForm(request.GET)
    status = colour = ""
    if form.is_valid():
        status, colour = form.cleaned_data["status"], form.cleaned_data["colour"]
    open_q = ~Q(status=WorkOrderStatus.CLOSED)
    counts = mine.aggregate(
        total=Count("id"),
        open=Count("id", filter=open_q),
        red=Count("id", filter=open_q & Q(colour=Colour.RED)),
        yellow=Count("id", filter=open_q & Q(colour=Colour.YELLOW)),
        **{s: Count("id", filter=Q(status=s)) for s in WorkOrderStatus.values},
    )
    orders = mine
    if status == "open":
        orders = orders.filter(open_q)
    elif status:
        orders = orders.filter(status=status)
    if colour:
        orders = orders.filter(open_q, colour=colour)
    orders = _ranked(
        orders.select_related("rating", "rating__window", "rating__centre", "rating__staff", "department")
    )
    page = Paginator(orders, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "order": o,
            "grade": o.rating.get_grade_display(),
            "staff": o.rating.staff.display_name if o.rating.staff else "",
            "window": o.rating.window.number if o.rating.window else None,
            "centre": localized(o.rating.centre) if o.rating.centre else "",
            "department": localized(o.department, "short_name"),
        }
        for o in page.object_list
    ]
    return render(
        request,
        "ratings/workorders/list.html",
        {
            "rows": rows,
            "page": page,
            "counts": counts,
            "status": status,
            "colour": colour,
            "status_choices": WorkOrderStatus.choices,
            "colour_choices": Colour.choices,
            "query": urlencode({k: v for k, v in (("status", status), ("colour", colour)) if v}),
            "is_supervisor": wo.is_supervisor(user),
        },
    )


# --- one order --------------------------------------------------------------------------------------------------


def _timeline(order: WorkOrder) -> list[dict[str, Any]]:
    events = list(
        AuditEvent.objects.filter(object_type="ratings.workorder", object_id=str(order.pk)).order_by("id")
    )
    names = {
        u.pk: u.display_name
        for u in User.objects.filter(pk__in={e.actor_id for e in events if e.actor_id is not None})
    }
    out = []
    for e in events:
        word = TIMELINE_WORDS.get(e.action)
        detail = ""
        if e.action == "work_order.colour_changed":
            detail = str(dict(Colour.choices).get(e.data.get("after"), ""))
        elif e.action == "work_order.appeal_decided":
            detail = str(
                dict(WorkOrder._meta.get_field("appeal_decision").choices or []).get(
                    e.data.get("decision"), ""
                )
            )
        elif e.action in ("work_order.rectified", "work_order.measures"):
            detail = str(dict(Resolution.choices).get(e.data.get("resolution"), ""))
        elif e.action in ("work_order.closed", "work_order.reopened"):
            detail = str(
                dict(WorkOrder._meta.get_field("callback_outcome").choices or []).get(
                    e.data.get("outcome"), ""
                )
            )
        out.append(
            {
                "at": e.occurred_at,
                "what": _(word) if word else e.action,
                "detail": detail,
                "who": names.get(e.actor_id, _("系统")) if e.actor_id else _("系统"),
            }
        )
    return out


def _rater(order: WorkOrder, *, full_phone: bool) -> dict[str, str]:
    """The rater as staff may see them: the family name only; the phone masked unless `full_phone`."""
    rating = order.rating
    name = rating.rater_name or (rating.rater.real_name if rating.rater else "")
    phone = rating.rater_phone or (rating.rater.phone if rating.rater else "")
    if not phone and rating.visit is not None:
        phone = rating.visit.phone
    return {"name": mask_name(name), "phone": phone if full_phone else mask_phone(phone)}


def _forms(user: User, order: WorkOrder) -> dict[str, forms.Form]:
    """The form of the next step, for who may take it (and the appeal, where it may be made)."""
    out: dict[str, forms.Form] = {}
    if order.status == WorkOrderStatus.VERIFYING and wo.may_handle(user, order):
        out["verify"] = VerifyForm()
    if order.status == WorkOrderStatus.RECTIFYING and wo.may_handle(user, order):
        if order.resolution == Resolution.MEASURES:
            out["rectified"] = RectifiedForm()
        else:
            out["rectify"] = RectifyForm(initial={"rectify_by": order.due_on})
    if order.status == WorkOrderStatus.CALLBACK and wo.may_call_back(user, order):
        out["callback"] = CallbackForm()
    if order.status in wo.APPEALABLE and not order.appeal_decision and wo.may_appeal(user, order):
        out["appeal"] = AppealForm()
    if order.status == WorkOrderStatus.APPEALED and wo.may_decide_appeal(user, order):
        out["decide"] = DecideForm()
    return out


def _render(
    request: HttpRequest,
    order: WorkOrder,
    *,
    bound: tuple[str, forms.Form] | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    user = _user(request)
    rating = order.rating
    step_forms = _forms(user, order)
    if bound is not None:
        step_forms[bound[0]] = bound[1]
    calling = "callback" in step_forms
    case = rating.case
    case_link = bool(case and visible_case(user, case.number))
    indicators = [
        {"name": INDICATOR_WORDS.get(key, key), "grade": value, "label": _grade_word(value)}
        for key, value in (rating.indicators or {}).items()
    ]
    return render(
        request,
        "ratings/workorders/order.html",
        {
            "order": order,
            "rating": rating,
            "indicators": indicators,
            "rater": _rater(order, full_phone=calling),
            "case": case,
            "case_link": case_link,
            "visit": rating.visit,
            "item": localized(rating.item) if rating.item else "",
            "centre": localized(rating.centre) if rating.centre else "",
            "department": localized(order.department, "short_name"),
            "timeline": _timeline(order),
            "forms": step_forms,
            "error": error,
            "bound_form": bound[1] if bound else None,
            "read_only": not step_forms,
            "is_supervisor": wo.is_supervisor(user),
        },
        status=status,
    )


def _grade_word(value: Any) -> str:
    from onego.ratings.models import Grade

    try:
        return str(Grade(int(value)).label)
    except (TypeError, ValueError):
        return ""


@staff_pages
def order_page(request: HttpRequest, number: str) -> HttpResponse:
    if request.method != "GET":
        return HttpResponse(status=405)
    return _render(request, _visible(request, number))


# --- the steps ----------------------------------------------------------------------------------------------------

StepCall = Callable[[WorkOrder, User, dict[str, Any]], Any]


def _step(
    request: HttpRequest,
    number: str,
    *,
    key: str,
    form_class: type[forms.Form],
    may: Callable[[Any, WorkOrder], bool],
    call: StepCall,
    done: str,
) -> HttpResponse:
    """One POSTed step: refuse who may not take it (403, nothing read), validate the form, call the service;
    a refusal of the service is shown at its field or above the form, never half stored."""
    if request.method != "POST":
        return HttpResponse(status=405)
    order = _visible(request, number)
    user = _user(request)
    if not may(user, order):
        raise PermissionDenied
    form = form_class(request.POST)
    if form.is_valid():
        try:
            call(order, user, form.cleaned_data)
        except ApiError as refused:
            if refused.status == 403:
                raise PermissionDenied from refused
            if refused.status == 404:
                raise Http404 from refused
            field = refused.extra.get("field")
            order.refresh_from_db()
            if field in form.fields:
                form.add_error(field, refused.message)
                return _render(request, order, bound=(key, form), status=400)
            return _render(request, order, error=refused.message, status=refused.status)
        messages.success(request, done)
        return redirect("ratings:work_order", number=order.number)
    return _render(request, order, bound=(key, form), status=400)


@staff_pages
def verify(request: HttpRequest, number: str) -> HttpResponse:
    return _step(
        request,
        number,
        key="verify",
        form_class=VerifyForm,
        may=wo.may_handle,
        call=lambda o, u, d: wo.verify(o.pk, u, truthful=d["truthful"], findings=d["findings"]),
        done=_("已保存核实情况。"),
    )


@staff_pages
def rectify(request: HttpRequest, number: str) -> HttpResponse:
    return _step(
        request,
        number,
        key="rectify",
        form_class=RectifyForm,
        may=wo.may_handle,
        call=lambda o, u, d: wo.rectify(
            o.pk,
            u,
            resolution=d["resolution"],
            rectification=d["rectification"],
            measures=d["measures"],
            owner=d["owner"],
            rectify_by=d["rectify_by"],
            explanation=d["explanation"],
        ),
        done=_("已保存处理情况。"),
    )


@staff_pages
def rectified(request: HttpRequest, number: str) -> HttpResponse:
    return _step(
        request,
        number,
        key="rectified",
        form_class=RectifiedForm,
        may=wo.may_handle,
        call=lambda o, u, d: wo.mark_rectified(o.pk, u, rectification=d["rectification"]),
        done=_("已登记整改完成，请回访评价人。"),
    )


@staff_pages
def call_back(request: HttpRequest, number: str) -> HttpResponse:
    return _step(
        request,
        number,
        key="callback",
        form_class=CallbackForm,
        may=wo.may_call_back,
        call=lambda o, u, d: wo.call_back(o.pk, u, outcome=d["outcome"], note=d["note"]),
        done=_("已保存回访结果。"),
    )


@staff_pages
def appeal(request: HttpRequest, number: str) -> HttpResponse:
    return _step(
        request,
        number,
        key="appeal",
        form_class=AppealForm,
        may=wo.may_appeal,
        call=lambda o, u, d: wo.appeal(o.pk, u, reason=d["reason"]),
        done=_("已提出申诉，等待督查人员复核。"),
    )


@staff_pages
def decide_appeal(request: HttpRequest, number: str) -> HttpResponse:
    return _step(
        request,
        number,
        key="decide",
        form_class=DecideForm,
        may=wo.may_decide_appeal,
        call=lambda o, u, d: wo.decide_appeal(o.pk, u, decision=d["decision"], opinion=d["opinion"]),
        done=_("已保存复核结论。"),
    )

"""The 好差评 figures pages: the staff page (评价统计) with the standard's five figures by item, department, window,
staff member, channel or centre per month or quarter, with a CSV export; and the public page (好差评公开) with the
district's figures per quarter — no staff names, no raters. Thin: parse, authorise, read statistics, render.

Who sees the staff page: supervisors and the heads of the department running the district service centre see
every rating; the head of a town centre's department sees the ratings of that department and that centre; any
other department head sees the ratings of their department. Anyone else signed in gets 403, the anonymous the
login page. The public page is for everyone."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import wraps
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from onego.accounts.models import Department, DepartmentLevel, ServiceCentre, User, Window
from onego.accounts.roles import Role
from onego.catalog.models import ItemVersion
from onego.core.localized import localized
from onego.core.spreadsheets import safe_row
from onego.ratings import statistics
from onego.ratings.models import NONE_KEY, RatingChannel, RatingExport
from onego.ratings.statistics import Counts, Scope

DIMENSION_LABELS = {
    "department": gettext_lazy("按部门"),
    "item": gettext_lazy("按事项"),
    "window": gettext_lazy("按窗口"),
    "staff": gettext_lazy("按工作人员"),
    "channel": gettext_lazy("按评价渠道"),
    "centre": gettext_lazy("按政务服务中心"),
}
PUBLIC_QUARTERS = 4
#: What the ratings without the grouping's key are (an online rating has no window or centre; a default
#: rating of a case nobody at a window took has no staff member; a rating of a visit that took no case, no item).
NONE_LABELS = {
    "department": gettext_lazy("（未关联部门）"),
    "item": gettext_lazy("（未关联事项）"),
    "window": gettext_lazy("（非窗口评价）"),
    "staff": gettext_lazy("（未关联工作人员）"),
    "centre": gettext_lazy("（网上评价，无服务中心）"),
}


# --- who sees what ----------------------------------------------------------------------------------------------


def figures_scope(user: Any) -> Scope | None:
    """The ratings `user` may see on the staff figures page, or None when the page is not theirs."""
    if not isinstance(user, User) or not user.is_authenticated or not user.is_active:
        return None
    if user.has_role(Role.SUPERVISOR):
        return Scope(everything=True)
    if not user.has_role(Role.DEPARTMENT_HEAD) or user.department_id is None:
        return None
    centres = list(ServiceCentre.objects.filter(department_id=user.department_id).values_list("id", "level"))
    if any(level == DepartmentLevel.DISTRICT for _, level in centres):
        return Scope(everything=True)  # the district service centre's head: the whole district
    return Scope(
        department_ids=frozenset({user.department_id}), centre_ids=frozenset(pk for pk, _ in centres)
    )


def figures_pages(view: Any) -> Any:
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        scope = figures_scope(request.user)
        if scope is None:
            raise PermissionDenied
        return view(request, scope, *args, **kwargs)

    return wrapped


# --- periods ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    key: str  # "2026Q2" or "2026-04"
    label: str
    start: date
    end: date


def quarter_period(year: int, quarter: int) -> Period:
    start, end = statistics.quarter_bounds(year, quarter)
    label = _("%(year)d 年第 %(quarter)d 季度") % {"year": year, "quarter": quarter}
    return Period(f"{year}Q{quarter}", label, start, end)


def month_period(year: int, month: int) -> Period:
    start, end = statistics.month_bounds(year, month)
    return Period(
        f"{year}-{month:02d}", _("%(year)d 年 %(month)d 月") % {"year": year, "month": month}, start, end
    )


def recent_quarters(today: date, n: int) -> list[Period]:
    year, quarter = statistics.quarter_of(today)
    out = []
    for _i in range(n):
        out.append(quarter_period(year, quarter))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return out


def recent_months(today: date, n: int) -> list[Period]:
    year, month = today.year, today.month
    out = []
    for _i in range(n):
        out.append(month_period(year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out


class FiguresForm(forms.Form):
    period = forms.ChoiceField(
        label=gettext_lazy("统计期间"),
        error_messages={"invalid_choice": gettext_lazy("请选择列表中的统计期间。")},
    )
    by = forms.ChoiceField(
        label=gettext_lazy("分组"),
        choices=list(DIMENSION_LABELS.items()),
        error_messages={"invalid_choice": gettext_lazy("请选择列表中的分组方式。")},
    )

    def __init__(self, data: Any, periods: list[Period]) -> None:
        super().__init__(data)
        self.periods = {p.key: p for p in periods}
        field = self.fields["period"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(p.key, p.label) for p in periods]


def _parse(request: HttpRequest) -> tuple[FiguresForm, Period, str]:
    """The form (with its errors) and the period and grouping to show: a bad value shows its error at the
    field and the page falls back to that field's default (the current quarter, by department)."""
    today = timezone.localdate()
    periods = [*recent_quarters(today, 8), *recent_months(today, 12)]
    data = {"period": request.GET.get("period", periods[0].key), "by": request.GET.get("by", "department")}
    form = FiguresForm(data, periods)
    form.is_valid()
    clean = getattr(form, "cleaned_data", {})
    period = form.periods.get(clean.get("period", ""), periods[0])
    return form, period, clean.get("by", "department")


# --- labels of the groups -----------------------------------------------------------------------------------------


def group_labels(by: str, keys: list[Any], on: date) -> dict[Any, str]:
    """What each group is called in the reader's language ("—" for ratings without that key)."""
    ids = [k for k in keys if k != NONE_KEY]
    labels: dict[Any, str] = {NONE_KEY: str(NONE_LABELS.get(by, ""))}
    if by == "department":
        labels.update(
            {d.pk: localized(d, "short_name") or localized(d) for d in Department.objects.filter(pk__in=ids)}
        )
    elif by == "centre":
        labels.update({c.pk: localized(c) for c in ServiceCentre.objects.filter(pk__in=ids)})
    elif by == "window":
        for w in Window.objects.filter(pk__in=ids).select_related("centre"):
            labels[w.pk] = _("%(centre)s %(number)d 号窗口") % {
                "centre": localized(w.centre),
                "number": w.number,
            }
    elif by == "staff":
        labels.update({u.pk: u.display_name for u in User.objects.filter(pk__in=ids)})
    elif by == "item":
        versions = ItemVersion.objects.filter(item_id__in=ids).order_by(
            "item_id", "effective_from", "version"
        )
        for v in versions:
            if v.item_id not in labels or v.effective_from <= on:
                labels[v.item_id] = localized(v)
    elif by == "channel":
        labels = {str(value): str(label) for value, label in RatingChannel.choices}
    return labels


def percent(value: Decimal | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


@dataclass
class Row:
    key: Any
    label: str
    c: Counts

    @property
    def satisfaction(self) -> str:
        return percent(self.c.satisfaction_rate)

    @property
    def rectification(self) -> str:
        return percent(self.c.rectification_rate)

    @property
    def callback(self) -> str:
        return percent(self.c.callback_rate)


def _rows(by: str, groups: dict[Any, Counts], on: date) -> list[Row]:
    labels = group_labels(by, list(groups), on)
    rows = [Row(k, labels.get(k, str(k)), c) for k, c in groups.items()]
    rows.sort(key=lambda r: (-r.c.ratings, r.label))
    return rows


# --- the staff page -----------------------------------------------------------------------------------------------


@figures_pages
@require_GET
def figures_page(request: HttpRequest, scope: Scope) -> HttpResponse:
    """评价统计: the five figures of the chosen period, overall and per group."""
    form, period, by = _parse(request)
    total, groups = statistics.breakdown(start=period.start, end=period.end, by=by, scope=scope)
    last_export = RatingExport.objects.filter(status="written").order_by("-day").first()
    return render(
        request,
        "ratings/figures/staff.html",
        {
            "form": form,
            "period": period,
            "by": by,
            "by_label": DIMENSION_LABELS[by],
            "total": Row("total", _("合计"), total),
            "rows": _rows(by, groups, period.end),
            "everything": scope.everything,
            "last_export": last_export,
            "query": request.GET.urlencode(),
        },
    )


def csv_header() -> list[str]:
    return [
        _("统计期间"),
        _("分组"),
        _("名称"),
        _("评价数"),
        _("非常满意"),
        _("满意"),
        _("基本满意"),
        _("不满意"),
        _("非常不满意"),
        _("其中默认评价"),
        _("满意率"),
        _("差评数"),
        _("差评工单（不含申诉成立）"),
        _("未办结工单"),
        _("已整改"),
        _("整改率"),
        _("已回访"),
        _("回访率"),
    ]


def csv_row(period: Period, by_label: str, row: Row) -> list[Any]:
    c = row.c
    return [
        period.label,
        by_label,
        row.label,
        c.ratings,
        c.grades[5],
        c.grades[4],
        c.grades[3],
        c.grades[2],
        c.grades[1],
        c.defaults,
        "" if c.satisfaction_rate is None else f"{c.satisfaction_rate:.4f}",
        c.bad,
        c.work_orders,
        c.work_orders_open,
        c.rectified,
        "" if c.rectification_rate is None else f"{c.rectification_rate:.4f}",
        c.called_back,
        "" if c.callback_rate is None else f"{c.callback_rate:.4f}",
    ]


@figures_pages
@require_GET
def figures_csv(request: HttpRequest, scope: Scope) -> HttpResponse:
    """The figures page's table as CSV (UTF-8 with BOM for Excel), every cell safe from formula injection."""
    _form, period, by = _parse(request)
    total, groups = statistics.breakdown(start=period.start, end=period.end, by=by, scope=scope)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rating-figures-{period.key}-{by}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    by_label = str(DIMENSION_LABELS[by])
    writer.writerow(safe_row(csv_header()))
    for row in _rows(by, groups, period.end):
        writer.writerow(safe_row(csv_row(period, by_label, row)))
    writer.writerow(safe_row(csv_row(period, by_label, Row("total", _("合计"), total))))
    return response


# --- the public page ----------------------------------------------------------------------------------------------


@require_GET
def public_page(request: HttpRequest) -> HttpResponse:
    """好差评公开: the district's figures of the last quarters, and the chosen quarter by channel and by
    department. Departments are public bodies; staff and raters are never named here."""
    today = timezone.localdate()
    quarters = recent_quarters(today, PUBLIC_QUARTERS)
    chosen = {p.key: p for p in quarters}.get(request.GET.get("quarter", ""), quarters[0])
    history = []
    for p in quarters:
        s = statistics.summary(start=p.start, end=p.end)
        history.append(
            {
                "period": p,
                "s": s,
                "satisfaction": percent(s.satisfaction_rate),
                "rectification": percent(s.rectification_rate),
                "callback": percent(s.callback_rate),
            }
        )
    everything = Scope(everything=True)
    total, by_channel = statistics.breakdown(
        start=chosen.start, end=chosen.end, by="channel", scope=everything
    )
    _t, by_department = statistics.breakdown(
        start=chosen.start, end=chosen.end, by="department", scope=everything
    )
    return render(
        request,
        "ratings/figures/public.html",
        {
            "quarters": quarters,
            "chosen": chosen,
            "history": history,
            "total": Row("total", _("合计"), total),
            "by_channel": _rows("channel", by_channel, chosen.end),
            "by_department": _rows("department", by_department, chosen.end),
        },
    )

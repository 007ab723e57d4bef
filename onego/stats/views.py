"""The centre's dashboard (数据看板, issue 17 part 6) and the Excel export of each of its tables. Thin: parse the
place and the period, authorise, read the selectors, render.

Who: department heads and supervisors (selectors.may_open); a supervisor and a centre's head see every
department, another head their own department's cases. Anyone else signed in gets 403, the anonymous the login
page. Reads only (GET)."""

from __future__ import annotations

import io
from functools import wraps
from typing import Any, cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from openpyxl import Workbook

from onego.accounts.models import ServiceCentre, User
from onego.core.localized import localized
from onego.core.spreadsheets import safe_row
from onego.stats import selectors, tables

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def dashboard_pages(view: Any) -> Any:
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not selectors.may_open(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def period_label(key: str) -> str:
    period = selectors.parse_period(key)
    assert period is not None
    if period.kind == "year":
        return _("%(year)s 年") % {"year": period.start.year}
    if period.kind == "quarter":
        return _("%(year)s 年第 %(quarter)s 季度") % {
            "year": period.start.year,
            "quarter": (period.start.month - 1) // 3 + 1,
        }
    return _("%(year)s 年 %(month)s 月") % {"year": period.start.year, "month": period.start.month}


class PlaceForm(forms.Form):
    centre = forms.ChoiceField(label=gettext_lazy("服务中心"), required=False)
    period = forms.ChoiceField(label=gettext_lazy("统计期间"), required=False)

    def __init__(self, data: Any, *, today: Any) -> None:
        super().__init__(data)
        self.centres = {str(c.pk): c for c in ServiceCentre.objects.order_by("level", "code")}
        cast(forms.ChoiceField, self.fields["centre"]).choices = [("", _("全区（全部中心及网上办件）"))] + [
            (pk, localized(c)) for pk, c in self.centres.items()
        ]
        keys = selectors.period_keys(today)
        cast(forms.ChoiceField, self.fields["period"]).choices = [(k, period_label(k)) for k in keys]
        self.default_period = selectors.default_period(today)
        self.fields["period"].initial = self.default_period.key

    def place(self) -> tuple[ServiceCentre | None, selectors.Period]:
        """The chosen centre and period; the defaults (the district, this quarter) where a value was bad."""
        data = self.cleaned_data if self.is_valid() else {}
        centre = self.centres.get(data.get("centre") or "")
        period = selectors.parse_period(data.get("period") or "") or self.default_period
        return centre, period


def _read(request: HttpRequest) -> tuple[PlaceForm, ServiceCentre | None, selectors.Dashboard]:
    user = request.user
    assert isinstance(user, User)
    form = PlaceForm(request.GET or None, today=timezone.localdate())
    if request.GET:
        centre, period = form.place()
    else:
        centre, period = None, form.default_period
    scope = selectors.Scope(centre.pk if centre else None, selectors.department_scope(user))
    return form, centre, selectors.dashboard(period, scope)


@dashboard_pages
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """数据看板: the figures of a centre (or the district) in a month, quarter or year, each chart beside its
    table."""
    form, centre, data = _read(request)
    built = tables.build(data)
    return render(
        request,
        "stats/dashboard.html",
        {
            "form": form,
            "centre": centre,
            "d": data,
            "period_label": period_label(data.period.key),
            "tables": built,
            "charts": [c for c in (t.chart_data() for t in built) if c is not None],
            "query": request.GET.urlencode(),
            "own_department": data.scope.department_id is not None,
        },
    )


@dashboard_pages
@require_GET
def export(request: HttpRequest, key: str) -> HttpResponse:
    """One table of the dashboard as an Excel file, every text cell safe from formula injection."""
    _form, centre, data = _read(request)
    table = next((t for t in tables.build(data) if t.key == key), None)
    if table is None:
        raise Http404
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = key
    place = localized(centre) if centre else _("全区")
    sheet.append(safe_row([table.title, place, period_label(data.period.key)]))
    sheet.append(safe_row(c.title for c in table.columns))
    for row in table.rows:
        sheet.append(
            safe_row(
                tables.number(v, c.kind) if c.kind != tables.TEXT else v
                for v, c in zip(row, table.columns, strict=True)
            )
        )
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="dashboard-{key}-{data.period.key}.xlsx"'
    return response

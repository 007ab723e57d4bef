"""Admin for the working-day calendar and a read-only view of the audit log.

Calendar edits go through the services in `onego.core.calendar`, so they are audited and every process
drops its cached calendar. The audit log can be read here but never written: it is append-only and
hash-chained, and an edit would break the chain (`manage.py verify_audit`).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import ExtractYear
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from onego.core import calendar
from onego.core.models import AuditEvent, CalendarDay, CalendarDayKind, CalendarYear, OutboxMessage

_WEEKDAYS = "一二三四五六日"


class CalendarDayForm(forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "kind", "name"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, kind = data.get("date"), data.get("kind")
        # A make-up working day on a weekday changes nothing and is almost always a typo in the date.
        if day is not None and kind == CalendarDayKind.WORKDAY and day.weekday() < 5:
            self.add_error("date", _("调休上班日只能是周六或周日"))
        return data


class YearListFilter(admin.SimpleListFilter):
    title = _("年份")
    parameter_name = "year"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        years = (
            CalendarDay.objects.annotate(y=ExtractYear("date"))
            .values_list("y", flat=True)
            .distinct()
            .order_by("-y")
        )
        return [(str(y), str(y)) for y in years]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(date__year=int(value))
        return queryset


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    form = CalendarDayForm
    list_display = ["date", "weekday", "kind", "name"]
    list_filter = ["kind", YearListFilter]
    search_fields = ["name"]
    ordering = ["date"]
    date_hierarchy = "date"
    list_per_page = 100

    @admin.display(description=_("星期"))
    def weekday(self, obj: CalendarDay) -> str:
        return f"周{_WEEKDAYS[obj.date.weekday()]} {obj.date:%a}"

    def save_model(self, request: HttpRequest, obj: CalendarDay, form: Any, change: bool) -> None:
        calendar.save_calendar_day(obj, actor=request.user)

    def delete_model(self, request: HttpRequest, obj: CalendarDay) -> None:
        calendar.delete_calendar_days([obj], actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarDay]) -> None:
        calendar.delete_calendar_days(list(queryset), actor=request.user)


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "source", "loaded_at", "day_count"]
    readonly_fields = ["loaded_at"]
    search_fields = ["source"]
    ordering = ["-year"]

    @admin.display(description=_("日期数"), ordering="day_count")
    def day_count(self, obj: CalendarYear) -> int:
        return getattr(obj, "day_count", 0) or 0

    def get_queryset(self, request: HttpRequest) -> QuerySet[CalendarYear]:
        # Counted in the same query as the page, not one COUNT per row.
        per_year = (
            CalendarDay.objects.filter(date__year=OuterRef("year"))
            .annotate(y=ExtractYear("date"))
            .values("y")
            .annotate(n=Count("id"))
            .values("n")
        )
        return super().get_queryset(request).annotate(day_count=Subquery(per_year))

    def save_model(self, request: HttpRequest, obj: CalendarYear, form: Any, change: bool) -> None:
        calendar.save_calendar_year(obj, actor=request.user)

    def delete_model(self, request: HttpRequest, obj: CalendarYear) -> None:
        calendar.delete_calendar_years([obj], actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarYear]) -> None:
        calendar.delete_calendar_years(list(queryset), actor=request.user)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only; only services write it, through onego.core.audit.record."""

    list_display = ["id", "occurred_at", "actor_label", "action", "object_type", "object_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["action", "actor_label", "object_type", "object_id"]
    date_hierarchy = "occurred_at"
    ordering = ["-id"]
    readonly_fields = [
        "occurred_at",
        "actor_id",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "data",
        "prev_hash",
        "hash",
    ]
    show_full_result_count = False  # COUNT(*) over millions of events on every page is not worth it
    list_per_page = 100

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Read-only: messages are written by services and delivered by the worker."""

    list_display = ["id", "channel", "recipient", "subject", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["channel", "status"]
    search_fields = ["subject"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

"""Admin of the service stars: the schemes (dimensions and weights, summing to 100) are edited here, each save
audited; rounds, entered scores, complaints and frozen results are read-only here (they change through the
centre's pages)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from onego.core import audit
from onego.staffstars.models import Complaint, StarDimension, StarEntry, StarRound, StarScheme


class DimensionFormSet(forms.BaseInlineFormSet):
    """The weights of a scheme must sum to 100, and a dimension appears once."""

    def clean(self) -> None:
        super().clean()
        total = 0
        keys: set[str] = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            if data["key"] in keys:
                raise forms.ValidationError(_("每个维度只能设置一次"))
            keys.add(data["key"])
            total += data.get("weight") or 0
        if total != 100:
            raise forms.ValidationError(_("各维度权重之和应为 100（现为 %(total)s）") % {"total": total})


class DimensionInline(admin.TabularInline):
    model = StarDimension
    formset = DimensionFormSet
    extra = 0


@admin.register(StarScheme)
class StarSchemeAdmin(admin.ModelAdmin):
    list_display = ("name", "effective_from", "quota_percent", "min_ratings", "complaint_penalty")
    inlines = [DimensionInline]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_related(request, form, formsets, change)
            obj = form.instance
            audit.record(
                request.user,
                "stars.scheme_saved",
                obj,
                weights={d.key: d.weight for d in obj.dimensions.all()},
                quota_percent=obj.quota_percent,
            )


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(StarRound)
class StarRoundAdmin(_ReadOnly):
    list_display = ("centre", "year", "quarter", "status", "staff_count", "quota", "approved_at")
    list_filter = ("status", "centre")


@admin.register(StarEntry)
class StarEntryAdmin(_ReadOnly):
    list_display = ("round", "rank", "staff_name", "total", "is_star")
    list_filter = ("is_star",)


@admin.register(Complaint)
class ComplaintAdmin(_ReadOnly):
    list_display = ("reference", "received_on", "staff", "upheld", "source")
    list_filter = ("upheld", "source")

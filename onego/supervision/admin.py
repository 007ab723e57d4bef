"""Admin of the spot checks: the list of check matters, the inspector register and the recusals are edited here
(every save audited); draws and checks are read-only (they change only through the services)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from onego.core import audit
from onego.supervision.models import Check, CheckMatter, Conflict, Draw, Inspector


class _Audited(admin.ModelAdmin):
    """Every save and delete is one audit event in the same transaction."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            action = "updated" if change else "created"
            audit.record(
                request.user,
                f"supervision.{obj._meta.model_name}_{action}",
                obj,
                changed=list(form.changed_data),
            )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            audit.record(request.user, f"supervision.{obj._meta.model_name}_deleted", obj, label=str(obj))
            super().delete_model(request, obj)


@admin.register(CheckMatter)
class CheckMatterAdmin(_Audited):
    list_display = ["code", "name", "department", "base_ratio", "inspectors_per_check", "active"]
    list_filter = ["active", "department"]
    filter_horizontal = ["licence_types"]


class ConflictInline(admin.TabularInline):
    model = Conflict
    extra = 0


@admin.register(Inspector)
class InspectorAdmin(_Audited):
    list_display = ["certificate_number", "user", "department", "active"]
    list_filter = ["active", "department"]
    search_fields = ["certificate_number", "user__real_name", "user__username"]
    raw_id_fields = ["user"]
    inlines = [ConflictInline]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_formset(request, form, formset, change)
            if formset.has_changed():
                audit.record(
                    request.user,
                    "supervision.conflicts_updated",
                    form.instance,
                    changed=len(formset.changed_objects) + len(formset.new_objects),
                    deleted=len(formset.deleted_objects),
                )


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Draw)
class DrawAdmin(_ReadOnly):
    list_display = ["number", "title", "matter", "seed", "drawn_by", "drawn_at"]
    list_filter = ["matter"]


@admin.register(Check)
class CheckAdmin(_ReadOnly):
    list_display = ["draw", "seq", "entity_name", "entity_code", "risk", "status", "checked_on"]
    list_filter = ["status", "risk"]
    search_fields = ["entity_name", "entity_code"]

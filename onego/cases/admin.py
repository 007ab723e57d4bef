"""Read-only admin views of cases: every change goes through the engine and the services, never the admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from onego.cases.models import BundleCase, Case, CasePause, CorrectionNotice, Task


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class TaskInline(admin.TabularInline):
    model = Task
    extra = 0
    can_delete = False
    fields = ("step_name", "branch", "department", "role", "status", "due_on", "action", "completed_by")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = [
        "number",
        "item_version",
        "applicant_name",
        "channel",
        "status",
        "outcome",
        "colour",
        "promised_deadline",
    ]
    list_filter = ["status", "outcome", "colour", "channel", "department"]
    search_fields = ["number"]
    inlines = [TaskInline]


@admin.register(BundleCase)
class BundleCaseAdmin(ReadOnlyAdmin):
    list_display = ["number", "bundle", "applicant", "created_at"]
    search_fields = ["number"]


admin.site.register(CorrectionNotice, ReadOnlyAdmin)
admin.site.register(CasePause, ReadOnlyAdmin)

"""Read-only admin of the archive: records are written by the services and never edited by hand."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from onego.archive.models import ArchivedFile


@admin.register(ArchivedFile)
class ArchivedFileAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "kind",
        "case",
        "size",
        "retention",
        "last_status",
        "last_verified_at",
        "created_at",
    )
    list_filter = ("kind", "retention", "last_status")
    search_fields = ("name", "sm3", "case__number")
    list_select_related = ("case",)
    readonly_fields = [f.name for f in ArchivedFile._meta.fields]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

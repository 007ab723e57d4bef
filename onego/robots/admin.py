"""Admin of the robots: systems and robots are configured here (scripts as JSON); credentials show only the
user name (the secret is set with `manage.py robot_credential`, never through a form that could echo it);
runs and the two ledgers are read-only — the services write them."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from onego.robots.models import CapturedItem, Credential, Robot, RobotRun, TargetSystem, WriteBack


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(TargetSystem)
class TargetSystemAdmin(admin.ModelAdmin):
    list_display = ("key", "name", "base_url", "department", "is_stand_in")
    list_filter = ("is_stand_in", "department")
    search_fields = ("key", "name", "name_en")


@admin.register(Credential)
class CredentialAdmin(ReadOnlyAdmin):
    list_display = ("system", "username", "rotated_at")
    fields = ("system", "username", "rotated_at")  # never the ciphertext


@admin.register(Robot)
class RobotAdmin(admin.ModelAdmin):
    list_display = (
        "key",
        "name",
        "system",
        "kind",
        "channel",
        "schedule_seconds",
        "rate_per_minute",
        "enabled",
    )
    list_filter = ("kind", "enabled", "system")
    search_fields = ("key", "name", "name_en")
    readonly_fields = ("last_run_at",)


@admin.register(RobotRun)
class RobotRunAdmin(ReadOnlyAdmin):
    list_display = ("pk", "robot", "trigger", "status", "total", "done", "failed", "skipped", "created_at")
    list_filter = ("status", "trigger", "robot")
    list_select_related = ("robot",)


@admin.register(CapturedItem)
class CapturedItemAdmin(ReadOnlyAdmin):
    list_display = ("external_id", "system", "reference", "times_seen", "times_sunk", "last_seen_at")
    list_filter = ("system", "sink")
    search_fields = ("external_id", "reference")


@admin.register(WriteBack)
class WriteBackAdmin(ReadOnlyAdmin):
    list_display = ("external_id", "system", "status", "reference", "receipt", "attempts", "written_at")
    list_filter = ("system", "status")
    search_fields = ("external_id", "reference", "receipt")

"""Admin: licence types are edited here; licences and keys are read-only (writes go through the services
and `manage.py make_signing_key`)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from onego.certificates.models import Licence, LicenceType, LicenceUse, SigningKey


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(LicenceType)
class LicenceTypeAdmin(admin.ModelAdmin):
    list_display = ["key", "name", "type_code", "issuing_department", "valid_years", "is_demo_code"]
    search_fields = ["key", "name", "type_code"]


@admin.register(Licence)
class LicenceAdmin(ReadOnlyAdmin):
    list_display = ["number", "licence_type", "holder_name", "issuer", "issue_date", "valid_to", "status"]
    list_filter = ["status", "licence_type"]
    search_fields = ["number", "identifier", "holder_name"]


@admin.register(SigningKey)
class SigningKeyAdmin(ReadOnlyAdmin):
    list_display = ["key_id", "department", "created", "not_after", "retired_at"]


@admin.register(LicenceUse)
class LicenceUseAdmin(ReadOnlyAdmin):
    list_display = ["licence", "department", "reason", "at"]

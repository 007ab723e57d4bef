"""Admin of the ratings: read-only. A rating or an invitation changes only through the services (a rating is
never edited or deleted: the statistics and the work orders rest on it); the rater's phone is not listed."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from onego.ratings.models import Rating, RatingInvite


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Rating)
class RatingAdmin(_ReadOnly):
    list_display = ("rated_at", "grade", "channel", "is_default", "centre", "window", "staff", "department")
    list_filter = ("grade", "channel", "is_default", "centre")
    date_hierarchy = "rated_on"
    exclude = ("rater_phone",)
    raw_id_fields = ("visit", "case", "rater", "staff", "window", "centre", "department", "item")


@admin.register(RatingInvite)
class RatingInviteAdmin(_ReadOnly):
    list_display = ("channel", "created_at", "expires_on", "used_at")
    list_filter = ("channel",)
    exclude = ("token",)
    raw_id_fields = ("case", "visit")

"""Admin of the pre-review: the schemes and their dated rules are edited here (policy data, each save audited);
claims are read-only (they change only through the capture, the engine and the reviewer's decision)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from onego.core import audit
from onego.prereview.models import Claim, PersonClaim, PreReviewRule, SubsidyScheme
from onego.prereview.rules import params_problems


class _Audited(admin.ModelAdmin):
    """Every save and delete is one audit event in the same transaction."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            action = "updated" if change else "created"
            audit.record(
                request.user,
                f"prereview.{obj._meta.model_name}_{action}",
                obj,
                changed=list(form.changed_data),
            )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            audit.record(request.user, f"prereview.{obj._meta.model_name}_deleted", obj, label=str(obj))
            super().delete_model(request, obj)


class RuleForm(forms.ModelForm):
    class Meta:
        model = PreReviewRule
        fields = [
            "scheme",
            "position",
            "key",
            "kind",
            "params",
            "valid_from",
            "valid_to",
            "name",
            "name_en",
            "legal_reference",
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        problems = params_problems(str(cleaned.get("kind", "")), cleaned.get("params"))
        if problems:
            self.add_error("params", problems)
        return cleaned


class RuleInline(admin.TabularInline):
    model = PreReviewRule
    form = RuleForm
    extra = 0
    fields = [
        "position",
        "key",
        "kind",
        "params",
        "valid_from",
        "valid_to",
        "name",
        "name_en",
        "legal_reference",
    ]


@admin.register(SubsidyScheme)
class SubsidySchemeAdmin(_Audited):
    list_display = ["key", "name", "item", "policy_code", "active"]
    list_filter = ["active"]
    search_fields = ["key", "name", "name_en"]
    inlines = [RuleInline]


@admin.register(PreReviewRule)
class PreReviewRuleAdmin(_Audited):
    form = RuleForm
    list_display = ["scheme", "key", "kind", "valid_from", "valid_to", "name", "legal_reference"]
    list_filter = ["scheme", "kind"]
    search_fields = ["key", "name", "legal_reference"]


class PersonInline(admin.TabularInline):
    model = PersonClaim
    extra = 0
    fields = [
        "seq",
        "name",
        "category",
        "months_claimed",
        "amount_claimed_fen",
        "verdict",
        "risk",
        "decision",
    ]
    readonly_fields = [
        "seq",
        "name",
        "category",
        "months_claimed",
        "amount_claimed_fen",
        "verdict",
        "risk",
        "decision",
    ]
    can_delete = False


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["external_id", "enterprise_name", "scheme", "status", "verdict", "risk", "captured_at"]
    list_filter = ["status", "verdict", "scheme"]
    search_fields = ["external_id", "enterprise_name", "enterprise_code"]
    inlines = [PersonInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [f.name for f in Claim._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("人数"))
    def person_count(self, obj: Claim) -> int:
        return obj.persons.count()

from django.contrib import admin
from django.utils.translation import pgettext_lazy

from onego.registry.models import MarketEntity, Person


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "masked_id", "source"]
    search_fields = ["name"]

    @admin.display(description=pgettext_lazy("registry", "身份证号码"))
    def masked_id(self, obj: Person) -> str:
        return str(obj).split(" ", 1)[-1]


@admin.register(MarketEntity)
class MarketEntityAdmin(admin.ModelAdmin):
    list_display = ["name", "credit_code", "legal_representative", "source"]
    search_fields = ["name", "credit_code"]


# --- enterprise facts: read-mostly; values change only through imports ------------------------------------

from typing import Any  # noqa: E402

from django.http import HttpRequest  # noqa: E402

from onego.registry.models import EnterpriseFact, FactDefinition, FactImport  # noqa: E402


@admin.register(FactDefinition)
class FactDefinitionAdmin(admin.ModelAdmin):
    """Labels and descriptions may be edited; key, kind and period kind are fixed once values exist."""

    list_display = ["key", "label_zh", "kind", "period_kind", "unit"]
    list_filter = ["kind", "period_kind"]
    search_fields = ["key", "label_zh", "label_en"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ["key", "kind", "period_kind"] if obj is not None else []

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(FactImport)
class FactImportAdmin(admin.ModelAdmin):
    list_display = ["imported_at", "source", "file_name", "file_format", "rows", "created", "updated"]
    search_fields = ["source", "file_name"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(EnterpriseFact)
class EnterpriseFactAdmin(admin.ModelAdmin):
    list_display = ["entity_code", "fact", "period", "shown_value", "source", "imported_at"]
    list_filter = ["fact"]
    search_fields = ["=entity_code"]
    list_select_related = ["fact"]
    show_full_result_count = False  # COUNT(*) over millions of rows on every page is slow

    @admin.display(description="值 value")
    def shown_value(self, obj: EnterpriseFact) -> object:
        return obj.value

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# --- shared records about persons (免提交): read-only; they change only through imports ----------------------

from onego.core.identifiers import mask_id_number  # noqa: E402
from onego.registry.models import (  # noqa: E402
    HealthCertificate,
    HouseholdRecord,
    MarriageRecord,
    SocialInsuranceRecord,
)


class SharedRecordAdmin(admin.ModelAdmin):
    """Shows a record with the ID number masked; searching takes the whole ID number (``=id_number``)."""

    search_fields = ["=id_number", "person_name"]
    show_full_result_count = False

    @admin.display(description=pgettext_lazy("registry", "身份证号码"))
    def masked_id(self, obj: Any) -> str:
        return mask_id_number(obj.id_number)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(HealthCertificate)
class HealthCertificateAdmin(SharedRecordAdmin):
    list_display = [
        "person_name",
        "masked_id",
        "certificate_number",
        "issuer",
        "valid_from",
        "valid_to",
        "source",
    ]
    exclude = ["id_number"]


@admin.register(HouseholdRecord)
class HouseholdRecordAdmin(SharedRecordAdmin):
    list_display = ["person_name", "masked_id", "household_number", "relationship", "registered_on", "source"]
    exclude = ["id_number"]


@admin.register(MarriageRecord)
class MarriageRecordAdmin(SharedRecordAdmin):
    list_display = ["person_name", "masked_id", "kind", "spouse_name", "registered_on", "source"]
    exclude = ["id_number", "spouse_id_number"]


@admin.register(SocialInsuranceRecord)
class SocialInsuranceRecordAdmin(SharedRecordAdmin):
    list_display = ["person_name", "masked_id", "employer_name", "insured_from", "insured_to", "source"]
    exclude = ["id_number"]

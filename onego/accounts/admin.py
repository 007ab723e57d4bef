from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import pgettext_lazy

from onego.accounts.models import ApiToken, Department, User


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "credit_code", "level", "parent", "is_demo_code"]
    list_filter = ["level"]
    search_fields = ["name", "credit_code"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "real_name", "masked_id", "department", "is_active"]
    list_filter = ["groups", "department", "is_active"]
    search_fields = ["username", "real_name"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (
            "OneGo",
            {
                "fields": (
                    "real_name",
                    "phone",
                    "id_number",
                    "department",
                    "enterprise_credit_code",
                    "enterprise_name",
                    "identity_source",
                )
            },
        ),
    )

    @admin.display(description=pgettext_lazy("accounts", "身份证号码"))
    def masked_id(self, obj: User) -> str:
        return obj.id_number_masked


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "user", "name", "created_at", "expires_at", "last_used_at", "revoked_at"]
    readonly_fields = ["token_hash", "prefix", "created_at", "last_used_at"]

"""Admin pages to edit the whole catalogue, with the same validation as the services and the importer.

Published versions are read-only here: the "new version" action copies one into a draft to edit, and the
"publish" action freezes a draft after validating its process definition.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from onego.catalog import services, transfer
from onego.catalog.codes import build_implementation_code, check_codes
from onego.catalog.models import (
    Bundle,
    BundleItem,
    FormField,
    ItemFormField,
    ItemVersion,
    Material,
    ServiceItem,
    Tag,
)
from onego.catalog.process import validate_process
from onego.core import audit


class ServiceItemForm(forms.ModelForm):
    class Meta:
        model = ServiceItem
        fields = [
            "level",
            "parent",
            "department",
            "basic_code",
            "level_char",
            "handling_suffix",
            "is_demo_code",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        department = data.get("department")
        if department is None:
            return data
        impl = build_implementation_code(
            department.credit_code, data.get("level_char", ""), data.get("basic_code", "")
        )
        code = impl + data.get("handling_suffix", "") if data.get("level") == "handling" else impl
        errors = check_codes(
            department_credit_code=department.credit_code,
            level=data.get("level", ""),
            basic_code=data.get("basic_code", ""),
            level_char=data.get("level_char", ""),
            implementation_code=impl,
            handling_suffix=data.get("handling_suffix", ""),
            code=code,
        )
        for name, message in errors.items():
            self.add_error(name if name in self.fields else None, message)
        self.instance.implementation_code = impl
        self.instance.code = code
        return data


@admin.register(ServiceItem)
class ServiceItemAdmin(admin.ModelAdmin):
    form = ServiceItemForm
    change_list_template = "admin/catalog/serviceitem_changelist.html"

    def get_urls(self) -> list[Any]:
        custom = [path("transfer/", self.admin_site.admin_view(self.transfer_view), name="catalog_transfer")]
        return custom + super().get_urls()

    def transfer_view(self, request: HttpRequest) -> HttpResponse:
        """Export the whole catalogue or import a file, with the importer's all-or-nothing validation."""
        if not request.user.has_perm("catalog.change_serviceitem"):
            raise PermissionDenied
        fmt = request.GET.get("download")
        if fmt in ("xlsx", "json"):
            content_type = (
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                if fmt == "xlsx"
                else "application/json"
            )
            response = HttpResponse(transfer.export_catalog(fmt), content_type=content_type)
            response["Content-Disposition"] = f'attachment; filename="onego-catalog.{fmt}"'
            return response
        report = None
        upload = request.FILES.get("file") if request.method == "POST" else None
        if upload is not None:
            report = transfer.import_catalog(upload.read(transfer.MAX_IMPORT_BYTES + 1), actor=request.user)
        context = {**self.admin_site.each_context(request), "report": report, "title": "事项库导入导出"}
        # a refused file is a bad request (the page lists why); nothing was written
        status = 422 if report is not None and not report.ok else 200
        return TemplateResponse(request, "admin/catalog/transfer.html", context, status=status)

    list_display = ["code", "__str__", "level", "department", "is_demo_code"]
    list_filter = ["level", "department", "is_demo_code"]
    search_fields = ["code", "basic_code", "versions__name"]
    readonly_fields = ["implementation_code", "code"]

    def save_model(self, request: HttpRequest, obj: ServiceItem, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        audit.record(request.user, "catalog.item_saved", obj, code=obj.code, via="admin")


class FrozenAwareInline(admin.TabularInline):
    extra = 0

    def _frozen(self, obj: ItemVersion | None) -> bool:
        return bool(obj and obj.is_frozen)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._frozen(obj) and super().has_delete_permission(request, obj)


class ItemFormFieldInline(FrozenAwareInline):
    model = ItemFormField
    autocomplete_fields = ["field"]


class MaterialInline(FrozenAwareInline):
    model = Material
    fields = [
        "position",
        "key",
        "name",
        "name_en",
        "original_or_copy",
        "count",
        "medium",
        "required",
        "condition",
        "condition_text",
        "substitute_licence_type",
        "substitute_shared_field",
        "provision",
        "notes",
        "sample_file",
        "template_file",
    ]


class ItemVersionForm(forms.ModelForm):
    class Meta:
        model = ItemVersion
        fields = ["item", "version", "effective_from", "cancelled_on", *services.VERSION_FIELDS, "tags"]

    def clean_process(self) -> Any:
        definition = self.cleaned_data.get("process")
        problems = validate_process(definition)
        if problems:
            raise ValidationError([p.message for p in problems])
        return definition


@admin.register(ItemVersion)
class ItemVersionAdmin(admin.ModelAdmin):
    form = ItemVersionForm
    list_display = [
        "name",
        "item",
        "version",
        "status",
        "effective_from",
        "statutory_limit_workdays",
        "promised_limit_workdays",
    ]
    list_filter = ["status", "item_type", "item__department", "fully_online"]
    search_fields = ["name", "name_en", "item__code"]
    inlines = [ItemFormFieldInline, MaterialInline]
    filter_horizontal = ["tags"]
    actions = ["publish", "copy_to_new_version"]

    def get_readonly_fields(self, request: HttpRequest, obj: ItemVersion | None = None) -> Any:
        if obj and obj.is_frozen:
            return [f.name for f in ItemVersion._meta.fields] + ["tags"]
        return ["status", "published_at"]

    def save_model(self, request: HttpRequest, obj: ItemVersion, form: Any, change: bool) -> None:
        if change:
            services.ensure_draft(ItemVersion.objects.get(pk=obj.pk))
        super().save_model(request, obj, form, change)
        audit.record(request.user, "catalog.version_saved", obj, via="admin")

    @admin.action(description="Publish the selected drafts")
    def publish(self, request: HttpRequest, queryset: QuerySet[ItemVersion]) -> None:
        for version in queryset:
            try:
                services.publish_version(version.pk, actor=request.user)
            except ValidationError as exc:
                self.message_user(request, f"{version}: {'；'.join(exc.messages)}", messages.ERROR)
            else:
                self.message_user(request, f"{version} 已发布 published", messages.SUCCESS)

    @admin.action(description="Copy into a new draft version")
    def copy_to_new_version(self, request: HttpRequest, queryset: QuerySet[ItemVersion]) -> None:
        for version in queryset:
            draft = services.new_version_from(
                version.pk, effective_from=timezone.localdate(), actor=request.user
            )
            self.message_user(request, _("%(draft)s 草稿已创建") % {"draft": draft}, messages.SUCCESS)


@admin.register(FormField)
class FormFieldAdmin(admin.ModelAdmin):
    list_display = ["key", "label_zh", "label_en", "field_type", "prefill_source"]
    list_filter = ["field_type"]
    search_fields = ["key", "label_zh", "label_en"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["key", "name", "name_en", "category"]
    list_filter = ["category"]
    search_fields = ["key", "name"]


class BundleItemInline(admin.TabularInline):
    model = BundleItem
    extra = 0
    autocomplete_fields = ["item"]


@admin.register(Bundle)
class BundleAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "lead_department",
        "promised_limit_workdays",
        "issue_together",
        "is_active",
    ]
    search_fields = ["code", "name"]
    inlines = [BundleItemInline]
    filter_horizontal = ["tags"]

    def save_model(self, request: HttpRequest, obj: Bundle, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        audit.record(request.user, "catalog.bundle_saved", obj, via="admin")

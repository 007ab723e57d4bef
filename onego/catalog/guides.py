"""What a public service guide (办事指南) shows, assembled once for the page, the print view and the API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from onego.catalog.models import Bundle, ItemVersion, Material, ServiceItem
from onego.catalog.selectors import version_in_force, versions_in_force
from onego.core.calendar import DeadlineResult, add_workdays


@dataclass
class GuideFilters:
    q: str = ""
    department: str = ""  # credit code
    item_type: str = ""
    tag: str = ""
    fully_online: bool = False
    zero_visits: bool = False


def search_versions(filters: GuideFilters, on: date | None = None) -> QuerySet[ItemVersion]:
    """Handling items in force matching the filters, for the guide list and GET /api/v1/items."""
    qs = versions_in_force(on).filter(item__level="handling")
    if filters.q:
        for word in filters.q.split():
            qs = qs.filter(
                Q(name__icontains=word)
                | Q(name_en__icontains=word)
                | Q(item__code__icontains=word)
                | Q(acceptance_conditions__icontains=word)
                | Q(tags__name__icontains=word)
                | Q(item__department__name__icontains=word)
                | Q(result_name__icontains=word)
            )
    if filters.department:
        qs = qs.filter(item__department__credit_code=filters.department)
    if filters.item_type:
        qs = qs.filter(item_type=filters.item_type)
    if filters.tag:
        qs = qs.filter(tags__key=filters.tag)
    if filters.fully_online:
        qs = qs.filter(fully_online=True)
    if filters.zero_visits:
        qs = qs.filter(visits=0)
    return (
        qs.select_related("item", "item__department")
        .prefetch_related("tags")
        .distinct()
        .order_by("item__department__name", "name")
    )


def search_bundles(filters: GuideFilters) -> QuerySet[Bundle]:
    qs = Bundle.objects.filter(is_active=True)
    if filters.q:
        for word in filters.q.split():
            qs = qs.filter(
                Q(name__icontains=word)
                | Q(name_en__icontains=word)
                | Q(description__icontains=word)
                | Q(members__item__versions__name__icontains=word)
            )
    if filters.department:
        qs = qs.filter(lead_department__credit_code=filters.department)
    if filters.tag:
        qs = qs.filter(tags__key=filters.tag)
    return qs.select_related("lead_department").distinct().order_by("code")


def completion_if_applied_today(promised_workdays: int) -> DeadlineResult:
    """The promised completion date for an application made today (counting starts tomorrow)."""
    return add_workdays(timezone.localdate(), promised_workdays)


def material_waiver(material: Material) -> str:
    """Why a material need not be submitted (免提交), in words for the guide; empty if it must be."""
    if material.substitute_licence_type:
        return _("电子证照免提交")
    if material.substitute_shared_field:
        return _("共享数据免提交")
    if material.provision == "generated":
        return _("系统生成，无需提交")
    if material.provision == "on_site":
        return _("申请后在现场录制")
    return ""


def version_detail(version: ItemVersion) -> dict[str, Any]:
    """Every element of the implementation list, as plain data (the API's item document)."""
    item = version.item
    return {
        "code": item.code,
        "level": item.level,
        "basic_code": item.basic_code,
        "implementation_code": item.implementation_code,
        "is_demo_code": item.is_demo_code,
        "parent_code": item.parent.code if item.parent else None,
        "version": version.version,
        "effective_from": version.effective_from.isoformat(),
        "name": version.name,
        "name_en": version.name_en,
        "item_type": version.item_type,
        "item_type_label": version.get_item_type_display(),
        "department": {
            "name": item.department.name,
            "name_en": item.department.name_en,
            "credit_code": item.department.credit_code,
        },
        "legal_basis": version.legal_basis,
        "legal_basis_en": version.legal_basis_en,
        "acceptance_conditions": version.acceptance_conditions,
        "acceptance_conditions_en": version.acceptance_conditions_en,
        "handling_form": version.handling_form,
        "routes": list(version.routes),
        "statutory_limit_workdays": version.statutory_limit_workdays,
        "promised_limit_workdays": version.promised_limit_workdays,
        "special_procedures": version.special_procedures,
        "special_procedures_en": version.special_procedures_en,
        "fee_fen": version.fee_fen,
        "fee_basis": version.fee_basis,
        "fee_basis_en": version.fee_basis_en,
        "visits": version.visits,
        "fully_online": version.fully_online,
        "place": version.place,
        "place_en": version.place_en,
        "hours": version.hours,
        "hours_en": version.hours_en,
        "enquiry_phone": version.enquiry_phone,
        "enquiry_phone_en": version.enquiry_phone_en,
        "complaint_phone": version.complaint_phone,
        "complaint_phone_en": version.complaint_phone_en,
        "result_name": version.result_name,
        "result_name_en": version.result_name_en,
        "tags": [t.key for t in version.tags.all()],
        "form": [
            {
                "key": f.field.key,
                "label": f.field.label_zh,
                "label_en": f.field.label_en,
                "type": f.field.field_type,
                "required": f.required,
                "prefill_source": f.field.prefill_source,
                "locked_when_prefilled": f.locked_when_prefilled,
            }
            for f in version.form_fields.select_related("field").order_by("position")
        ],
        "materials": [
            {
                "key": m.key,
                "name": m.name,
                "name_en": m.name_en,
                "original_or_copy": m.original_or_copy,
                "count": m.count,
                "medium": m.medium,
                "required": m.required,
                "condition_text": m.condition_text,
                "condition_text_en": m.condition_text_en,
                "substitute_licence_type": m.substitute_licence_type,
                "substitute_shared_field": m.substitute_shared_field,
                "waivable": m.waivable,
            }
            for m in version.materials.order_by("position")
        ],
        "process": version.process,
    }


def item_by_code(code: str) -> tuple[ServiceItem, ItemVersion] | None:
    item = ServiceItem.objects.select_related("department", "parent").filter(code=code).first()
    if item is None:
        return None
    version = version_in_force(item)
    if version is None:
        return None
    return item, version

"""Public catalogue API: GET /api/v1/items?q=, /api/v1/items/{code}, /api/v1/bundles/{code}."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from onego.catalog.bundles import merge_bundle
from onego.catalog.guides import (
    GuideFilters,
    completion_if_applied_today,
    item_by_code,
    search_versions,
    version_detail,
)
from onego.catalog.models import Bundle, ItemType
from onego.core import apidoc
from onego.core.errors import ApiError, error_responses

router = Router(tags=["catalog"])


class ItemSummary(Schema):
    code: str
    name: str
    name_en: str
    item_type: str
    department: str
    department_code: str
    statutory_limit_workdays: int
    promised_limit_workdays: int
    visits: int
    fully_online: bool
    tags: list[str]


class ItemList(Schema):
    count: int
    items: list[ItemSummary]


class ItemQuery(Schema):
    q: str = ""
    department: str = ""
    type: str = Field("", json_schema_extra=apidoc.one_of(ItemType.values, empty=True))
    tag: str = ""
    online: bool = False
    zero_visits: bool = False
    limit: int = Field(50, json_schema_extra=apidoc.PAGE_LIMIT)
    offset: int = Field(0, json_schema_extra=apidoc.PAGE_OFFSET)


@router.get("/items", response=ItemList, auth=None, summary="Search service items")
def list_items(request: HttpRequest, params: Query[ItemQuery]) -> dict[str, Any]:
    if params.type and params.type not in ItemType.values:
        raise ApiError("invalid_input", _("未知的事项类型：%(type)s") % {"type": params.type}, status=422)
    if not (1 <= params.limit <= 200) or not (0 <= params.offset <= apidoc.MAX_PAGE_OFFSET):
        raise ApiError(
            "invalid_input",
            _("limit 应在 1–200 之间，offset 应在 0–1000000000 之间"),
            status=422,
        )
    qs = search_versions(
        GuideFilters(
            q=params.q,
            department=params.department,
            item_type=params.type,
            tag=params.tag,
            fully_online=params.online,
            zero_visits=params.zero_visits,
        )
    )
    total = qs.count()
    rows = [
        ItemSummary(
            code=v.item.code,
            name=v.name,
            name_en=v.name_en,
            item_type=v.item_type,
            department=v.item.department.name,
            department_code=v.item.department.credit_code,
            statutory_limit_workdays=v.statutory_limit_workdays,
            promised_limit_workdays=v.promised_limit_workdays,
            visits=v.visits,
            fully_online=v.fully_online,
            tags=[t.key for t in v.tags.all()],
        )
        for v in qs[params.offset : params.offset + params.limit]
    ]
    return {"count": total, "items": rows}


@router.get(
    "/items/{code}",
    response={200: dict[str, Any], **error_responses(404)},
    auth=None,
    summary="One item with every element of its guide",
)
def get_item(request: HttpRequest, code: str) -> dict[str, Any]:
    found = item_by_code(code)
    if found is None:
        raise ApiError("not_found", _("事项不存在或未生效：%(code)s") % {"code": code}, status=404)
    detail = version_detail(found[1])
    completion = completion_if_applied_today(found[1].promised_limit_workdays)
    detail["completion_if_applied_today"] = {
        "date": completion.deadline.isoformat(),
        "calendar_complete": completion.calendar_complete,
    }
    return detail


@router.get(
    "/bundles/{code}",
    response={200: dict[str, Any], **error_responses(404)},
    auth=None,
    summary="One bundle (一件事) with its merged form",
)
def get_bundle(request: HttpRequest, code: str) -> dict[str, Any]:
    bundle = Bundle.objects.filter(code=code, is_active=True).select_related("lead_department").first()
    if bundle is None:
        raise ApiError("not_found", _("一件事不存在：%(code)s") % {"code": code}, status=404)
    merged = merge_bundle(bundle)
    return {
        "code": bundle.code,
        "name": bundle.name,
        "name_en": bundle.name_en,
        "description": bundle.description,
        "lead_department": {
            "name": bundle.lead_department.name,
            "credit_code": bundle.lead_department.credit_code,
        },
        "promised_limit_workdays": merged.promised_limit_workdays,
        "statutory_limit_workdays": merged.statutory_limit_workdays,
        "issue_together": bundle.issue_together,
        "items": [{"code": v.item.code, "name": v.name, "version": v.version} for v in merged.versions],
        "form": [
            {
                "key": f.field.key,
                "label": f.field.label_zh,
                "label_en": f.field.label_en,
                "required": f.required,
                "items": f.item_codes,
            }
            for f in merged.fields
        ],
        "materials": [
            {
                "key": m.material.key,
                "name": m.material.name,
                "required": m.required,
                "waivable": m.material.waivable,
                "items": m.item_codes,
            }
            for m in merged.materials
        ],
    }

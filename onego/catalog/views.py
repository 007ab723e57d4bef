"""Public service guides (办事指南): the searchable list and one printable page per item and bundle."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from onego.accounts.models import Department
from onego.catalog.bundles import merge_bundle
from onego.catalog.diagram import render_svg
from onego.catalog.guides import (
    GuideFilters,
    completion_if_applied_today,
    item_by_code,
    search_bundles,
    search_versions,
)
from onego.catalog.models import Bundle, ItemType, Tag


def _filters(request: HttpRequest) -> GuideFilters:
    g = request.GET
    return GuideFilters(
        q=g.get("q", "").strip()[:100],
        department=g.get("department", "").strip()[:18],
        item_type=g.get("type", "") if g.get("type", "") in ItemType.values else "",
        tag=g.get("tag", "").strip()[:50],
        fully_online=g.get("online") == "1",
        zero_visits=g.get("zero_visits") == "1",
    )


def _lang() -> str:
    return "en" if (get_language() or "").startswith("en") else "zh"


@require_GET
def guide_list(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    page = Paginator(search_versions(filters), 30).get_page(request.GET.get("page"))
    bundles = (
        search_bundles(filters)
        if not (filters.item_type or filters.fully_online or filters.zero_visits)
        else Bundle.objects.none()
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "catalog/guide_list.html",
        {
            "filters": filters,
            "page": page,
            "bundles": bundles,
            "departments": Department.objects.filter(items__isnull=False).distinct().order_by("name"),
            "item_types": ItemType.choices,
            "tags": Tag.objects.filter(versions__isnull=False).distinct(),
            "query": query.urlencode(),
            "lang": _lang(),
        },
    )


@require_GET
def item_guide(request: HttpRequest, code: str) -> HttpResponse:
    found = item_by_code(code)
    if found is None:
        raise Http404
    item, version = found
    return render(
        request,
        "catalog/item_guide.html",
        {
            "item": item,
            "version": version,
            "form_fields": version.form_fields.select_related("field").order_by("position"),
            "materials": version.materials.order_by("position"),
            "completion": completion_if_applied_today(version.promised_limit_workdays),
            "diagram": render_svg(version.process, lang=_lang()),
            "bundles": Bundle.objects.filter(members__item=item, is_active=True),
            "lang": _lang(),
        },
    )


@require_GET
def bundle_guide(request: HttpRequest, code: str) -> HttpResponse:
    bundle = get_object_or_404(Bundle.objects.select_related("lead_department"), code=code, is_active=True)
    merged = merge_bundle(bundle)
    return render(
        request,
        "catalog/bundle_guide.html",
        {
            "bundle": bundle,
            "merged": merged,
            "completion": completion_if_applied_today(merged.promised_limit_workdays),
            "field_total": sum(v.form_fields.count() for v in merged.versions),
            "lang": _lang(),
        },
    )


@require_GET
def process_svg(request: HttpRequest, code: str) -> HttpResponse:
    found = item_by_code(code)
    if found is None:
        raise Http404
    return HttpResponse(
        render_svg(found[1].process, lang=_lang()), content_type="image/svg+xml; charset=utf-8"
    )

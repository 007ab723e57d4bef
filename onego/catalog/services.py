"""Every write to the catalogue goes through these functions (one transaction, one audit event each)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onego.accounts.models import Department
from onego.catalog.codes import build_implementation_code, check_codes
from onego.catalog.models import (
    Bundle,
    BundleItem,
    FormField,
    FrozenVersionError,
    ItemFormField,
    ItemVersion,
    Material,
    ServiceItem,
    Tag,
    VersionStatus,
)
from onego.catalog.process import validate_process
from onego.core import audit


def ensure_draft(version: ItemVersion) -> None:
    if version.is_frozen:
        raise FrozenVersionError()


def validate_item(item: ServiceItem) -> None:
    errors = check_codes(
        department_credit_code=item.department.credit_code,
        level=item.level,
        basic_code=item.basic_code,
        level_char=item.level_char,
        implementation_code=item.implementation_code,
        handling_suffix=item.handling_suffix,
        code=item.code,
    )
    if item.parent_id and item.parent and item.parent.level == "handling":
        errors["parent"] = _("业务办理项不能有下级")
    if errors:
        raise ValidationError(errors)


def validate_version_for_publishing(version: ItemVersion) -> None:
    """All that must hold before a version is frozen: its own fields and its process definition."""
    version.full_clean(exclude=["item"])
    problems = validate_process(version.process)
    if problems:
        raise ValidationError({"process": [p.message for p in problems]})


@transaction.atomic
def create_item(
    *,
    level: str,
    department: Department,
    basic_code: str,
    level_char: str = "4",
    handling_suffix: str = "",
    parent: ServiceItem | None = None,
    is_demo_code: bool = False,
    actor: Any = None,
) -> ServiceItem:
    impl = build_implementation_code(department.credit_code, level_char, basic_code)
    item = ServiceItem(
        level=level,
        parent=parent,
        department=department,
        basic_code=basic_code,
        level_char=level_char,
        implementation_code=impl,
        handling_suffix=handling_suffix,
        code=impl + handling_suffix if level == "handling" else impl,
        is_demo_code=is_demo_code,
    )
    validate_item(item)
    if ServiceItem.objects.filter(code=item.code).exists():
        raise ValidationError({"code": _("事项编码已存在：%(code)s") % {"code": item.code}})
    item.save()
    audit.record(actor, "catalog.item_created", item, code=item.code)
    return item


def _apply_version_contents(version: ItemVersion, spec: dict[str, Any]) -> None:
    """Form fields, materials and tags of a draft version, from a spec (see define_item)."""
    ensure_draft(version)
    version.form_fields.all().delete()
    for position, entry in enumerate(spec.get("form", []), start=1):
        key, required, locked = (
            (entry, True, False)
            if isinstance(entry, str)
            else (entry["key"], entry.get("required", True), entry.get("locked", False))
        )
        field = FormField.objects.filter(key=key).first()
        if field is None:
            raise ValidationError({"form": _("字段字典中没有该字段：%(key)s") % {"key": key}})
        ItemFormField.objects.create(
            version=version, field=field, position=position, required=required, locked_when_prefilled=locked
        )
    version.materials.all().delete()
    for position, m in enumerate(spec.get("materials", []), start=1):
        material = Material(version=version, position=position, **m)
        material.full_clean(exclude=["version"])
        material.save()
    if "tags" in spec:
        version.tags.set(Tag.objects.filter(key__in=spec["tags"]))
        missing = set(spec["tags"]) - set(version.tags.values_list("key", flat=True))
        if missing:
            raise ValidationError({"tags": _("未知标签：%(names)s") % {"names": ", ".join(sorted(missing))}})


VERSION_FIELDS = [
    "name",
    "name_en",
    "item_type",
    "legal_basis",
    "legal_basis_en",
    "acceptance_conditions",
    "acceptance_conditions_en",
    "handling_form",
    "routes",
    "statutory_limit_workdays",
    "promised_limit_workdays",
    "special_procedures",
    "special_procedures_en",
    "fee_fen",
    "fee_basis",
    "fee_basis_en",
    "visits",
    "fully_online",
    "place",
    "place_en",
    "hours",
    "hours_en",
    "enquiry_phone",
    "enquiry_phone_en",
    "complaint_phone",
    "complaint_phone_en",
    "result_name",
    "result_name_en",
    "result_licence_type",
    "founds_entity",
    "process",
]


@transaction.atomic
def create_draft_version(
    item: ServiceItem, spec: dict[str, Any], *, effective_from: date, actor: Any = None
) -> ItemVersion:
    last = item.versions.order_by("-version").first()
    version = ItemVersion(
        item=item,
        version=(last.version + 1) if last else 1,
        effective_from=effective_from,
        status=VersionStatus.DRAFT,
        **{k: spec[k] for k in VERSION_FIELDS if k in spec},
    )
    version.full_clean(exclude=["item"])
    version.save()
    _apply_version_contents(version, spec)
    audit.record(actor, "catalog.version_drafted", version, item=item.code, version=version.version)
    return version


@transaction.atomic
def publish_version(version_id: int, *, actor: Any = None) -> ItemVersion:
    version = ItemVersion.objects.select_for_update().get(pk=version_id)
    ensure_draft(version)
    validate_version_for_publishing(version)
    version.status = VersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.save(update_fields=["status", "published_at"])
    audit.record(
        actor,
        "catalog.version_published",
        version,
        item=version.item.code,
        version=version.version,
        effective_from=version.effective_from,
    )
    return version


@transaction.atomic
def new_version_from(version_id: int, *, effective_from: date, actor: Any = None) -> ItemVersion:
    """Copy a version, with its form, materials and tags, into a new draft."""
    source = ItemVersion.objects.get(pk=version_id)
    spec: dict[str, Any] = {k: getattr(source, k) for k in VERSION_FIELDS}
    spec["form"] = [
        {"key": f.field.key, "required": f.required, "locked": f.locked_when_prefilled}
        for f in source.form_fields.select_related("field")
    ]
    spec["materials"] = [{k: getattr(m, k) for k in MATERIAL_FIELDS} for m in source.materials.all()]
    spec["tags"] = list(source.tags.values_list("key", flat=True))
    return create_draft_version(source.item, spec, effective_from=effective_from, actor=actor)


MATERIAL_FIELDS = [
    "key",
    "name",
    "name_en",
    "original_or_copy",
    "count",
    "medium",
    "required",
    "condition",
    "condition_text",
    "condition_text_en",
    "substitute_licence_type",
    "substitute_shared_field",
    "provision",
    "notes",
    "notes_en",
]


@transaction.atomic
def retire_version(version_id: int, *, cancelled_on: date, actor: Any = None) -> ItemVersion:
    version = ItemVersion.objects.select_for_update().get(pk=version_id)
    if version.status != VersionStatus.PUBLISHED:
        raise ValidationError(_("只有已发布的版本可以废止"), code="not_published")
    version.status = VersionStatus.RETIRED
    version.cancelled_on = cancelled_on
    version.save(update_fields=["status", "cancelled_on"])
    audit.record(actor, "catalog.version_retired", version, cancelled_on=cancelled_on)
    return version


@transaction.atomic
def define_item(spec: dict[str, Any], *, actor: Any = None) -> ServiceItem:
    """Create (or find) an item by its code and publish its first version from one spec.

    For tests and fixtures that need a published item in one call (the demo catalogue is a file loaded by
    `transfer.import_catalog`). Idempotent: an item whose code exists is returned as it is.
    spec keys: level, department (Department), basic_code, level_char, handling_suffix, parent (item or
    None), is_demo_code, effective_from, the VERSION_FIELDS, form (keys or dicts), materials (dicts of
    MATERIAL_FIELDS), tags (keys).
    """
    department: Department = spec["department"]
    level_char = spec.get("level_char", "4")
    impl = build_implementation_code(department.credit_code, level_char, spec["basic_code"])
    code = impl + spec.get("handling_suffix", "") if spec["level"] == "handling" else impl
    existing = ServiceItem.objects.filter(code=code).first()
    if existing is not None:
        return existing
    item = create_item(
        level=spec["level"],
        department=department,
        basic_code=spec["basic_code"],
        level_char=level_char,
        handling_suffix=spec.get("handling_suffix", ""),
        parent=spec.get("parent"),
        is_demo_code=spec.get("is_demo_code", True),
        actor=actor,
    )
    version = create_draft_version(item, spec, effective_from=spec["effective_from"], actor=actor)
    publish_version(version.pk, actor=actor)
    return item


@transaction.atomic
def define_bundle(
    *,
    code: str,
    name: str,
    name_en: str,
    description: str,
    lead_department: Department,
    items: list[ServiceItem],
    promised_limit_workdays: int,
    tags: list[str] = (),  # type: ignore[assignment]
    actor: Any = None,
) -> Bundle:
    longest = max(
        (v.statutory_limit_workdays for i in items if (v := i.current_version()) is not None), default=0
    )
    if promised_limit_workdays > longest:
        raise ValidationError(
            {
                "promised_limit_workdays": (
                    _(
                        "一件事承诺时限（%(promised_limit_workdays)s）不能长于各事项中最长的法定时限（%(longest)s）"
                    )
                    % {"promised_limit_workdays": promised_limit_workdays, "longest": longest}
                )
            }
        )
    bundle, created = Bundle.objects.get_or_create(
        code=code,
        defaults={
            "name": name,
            "name_en": name_en,
            "description": description,
            "lead_department": lead_department,
            "promised_limit_workdays": promised_limit_workdays,
        },
    )
    if created:
        for position, item in enumerate(items, start=1):
            BundleItem.objects.create(bundle=bundle, item=item, position=position)
        bundle.tags.set(Tag.objects.filter(key__in=list(tags)))
        audit.record(actor, "catalog.bundle_defined", bundle, items=[i.code for i in items])
    return bundle

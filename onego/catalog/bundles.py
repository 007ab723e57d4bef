"""Merging the items of a bundle (一件事) into one application: one form, one list of materials."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date

from onego.catalog.models import Bundle, FormField, ItemVersion, Material
from onego.catalog.selectors import bundle_items_in_force


@dataclass
class MergedField:
    field: FormField
    required: bool
    locked_when_prefilled: bool
    item_codes: list[str] = dataclass_field(default_factory=list)


@dataclass
class MergedMaterial:
    material: Material  # the first item's wording of this material
    required: bool
    item_codes: list[str] = dataclass_field(default_factory=list)


@dataclass
class MergedBundle:
    bundle: Bundle
    versions: list[ItemVersion]
    fields: list[MergedField]
    materials: list[MergedMaterial]
    statutory_limit_workdays: int
    promised_limit_workdays: int
    visits: int


def merge_bundle(bundle: Bundle, on: date | None = None) -> MergedBundle:
    """Union of the items' form fields (each key asked once, required if any item requires it) and of their
    materials (each material key once); the bundle's own promised limit; the most visits any item needs."""
    versions = bundle_items_in_force(bundle, on)
    fields: dict[str, MergedField] = {}
    materials: dict[str, MergedMaterial] = {}
    for version in versions:
        code = version.item.code
        for entry in version.form_fields.select_related("field").order_by("position"):
            merged = fields.get(entry.field.key)
            if merged is None:
                fields[entry.field.key] = MergedField(entry.field, entry.required, entry.locked_when_prefilled,
                                                      [code])
            else:
                merged.required = merged.required or entry.required
                merged.locked_when_prefilled = merged.locked_when_prefilled or entry.locked_when_prefilled
                merged.item_codes.append(code)
        for material in version.materials.order_by("position"):
            mm = materials.get(material.key)
            if mm is None:
                materials[material.key] = MergedMaterial(material, material.required, [code])
            else:
                mm.required = mm.required or material.required
                mm.item_codes.append(code)
    return MergedBundle(
        bundle=bundle,
        versions=versions,
        fields=list(fields.values()),
        materials=list(materials.values()),
        statutory_limit_workdays=max((v.statutory_limit_workdays for v in versions), default=0),
        promised_limit_workdays=bundle.promised_limit_workdays,
        visits=max((v.visits for v in versions), default=0),
    )

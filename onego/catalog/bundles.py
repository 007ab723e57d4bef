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
    # 设立登记 items left out because the applicant already acts for a registered enterprise
    left_out: list[ItemVersion] = dataclass_field(default_factory=list)


REGISTRY_ENTITY_SOURCE = "registry.entity."


def merge_bundle(bundle: Bundle, on: date | None = None, *, existing_entity: bool = False) -> MergedBundle:
    """Union of the items' form fields (each key asked once, required if any item requires it) and of their
    materials (each material key once); the bundle's own promised limit; the most visits any item needs.

    A bundle with a founding item (设立登记, `ItemVersion.founds_entity`) serves two kinds of applicant:
    - a founder (`existing_entity` False): what the founding brings into being is not asked of them — the
      registry's facts about the entity that the founding item itself does not ask (the credit code, assigned
      when the business licence is issued) and the materials its result licence stands in for (the business
      licence the same bundle issues);
    - an applicant who already acts for an enterprise (`existing_entity` True): the founding items are left
      out (`left_out`), so an enterprise is never offered a second 设立登记 for itself."""
    versions = bundle_items_in_force(bundle, on)
    left_out = [v for v in versions if v.founds_entity] if existing_entity else []
    versions = [v for v in versions if v not in left_out]
    founding = [v for v in versions if v.founds_entity]
    founding_keys = {key for v in founding for key in v.form_fields.values_list("field__key", flat=True)}
    produced_licences = {v.result_licence_type for v in founding if v.result_licence_type}
    fields: dict[str, MergedField] = {}
    materials: dict[str, MergedMaterial] = {}
    for version in versions:
        code = version.item.code
        for entry in version.form_fields.select_related("field").order_by("position"):
            if (
                founding
                and entry.field.key not in founding_keys
                and entry.field.prefill_source.startswith(REGISTRY_ENTITY_SOURCE)
            ):
                continue  # comes into being with the founding (the credit code): nothing to ask
            merged = fields.get(entry.field.key)
            if merged is None:
                fields[entry.field.key] = MergedField(
                    entry.field, entry.required, entry.locked_when_prefilled, [code]
                )
            else:
                merged.required = merged.required or entry.required
                merged.locked_when_prefilled = merged.locked_when_prefilled or entry.locked_when_prefilled
                merged.item_codes.append(code)
        for material in version.materials.order_by("position"):
            if material.substitute_licence_type and material.substitute_licence_type in produced_licences:
                continue  # the bundle issues this licence itself
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
        left_out=left_out,
    )

"""The Baiyun demo catalogue (onego/demo/catalogue.json), as `seed_demo` loads it through the importer, checked
against the seed cases."""

from __future__ import annotations

import datetime as dt
from datetime import date

import pytest

from onego.catalog.bundles import merge_bundle
from onego.catalog.codes import check_codes
from onego.catalog.models import Bundle, FormField, ItemVersion, Material, ServiceItem, Tag
from onego.catalog.process import longest_path_workdays, validate_process
from onego.catalog.transfer import export_catalog
from onego.core.models import AuditEvent
from onego.demo import catalogue as demo_catalogue

IN_FORCE = date(2026, 3, 2)  # any day after the catalogue's effective date, 2026-01-01


@pytest.fixture
def catalogue(demo):
    """The demo as `make run` loads it: seed_demo imports the catalogue file."""
    return demo_catalogue.document()


def _version(name: str) -> ItemVersion:
    version = ItemVersion.objects.get(name=name)
    assert version.item.current_version(IN_FORCE) == version
    return version


def test_the_food_licence_asks_11_fields_6_locked_from_registration_and_waives_materials(catalogue):
    # given the seed: "99项信息整合成1张电子表格上的11项信息，由系统自动导入6项商事主体登记信息"
    version = _version("食品经营许可（告知承诺+现场视频）")
    fields = list(version.form_fields.select_related("field"))

    from_registration = [f for f in fields if f.field.prefill_source.startswith("registry.entity.")]
    assert len(fields) == 11
    assert len(from_registration) == 6
    assert all(f.locked_when_prefilled for f in from_registration)
    assert version.statutory_limit_workdays == 20
    assert version.promised_limit_workdays == 1
    assert version.routes == ["commitment", "approval"]
    assert version.visits == 0 and version.fully_online
    assert version.result_licence_type == "food_business_licence"
    # and at least one material is waived (免提交) by an e-licence, one by shared data; two videos at least
    materials = {m.key: m for m in version.materials.all()}

    assert any(m.substitute_licence_type for m in materials.values())
    assert any(m.substitute_shared_field for m in materials.values())
    assert materials["business_licence"].waivable
    assert materials["premises_video"].count == 2
    assert "自动生成" in materials["food_safety_rules"].notes


def test_the_clinic_bundle_issues_three_registrations_together_within_one_working_day(catalogue):
    bundle = Bundle.objects.get(code="open-clinic")

    assert bundle.members.count() == 3
    assert bundle.promised_limit_workdays == 1
    assert bundle.issue_together
    names = {v.name for v in merge_bundle(bundle, IN_FORCE).versions}
    assert "医师执业注册" in names and "护士执业注册" in names


def test_the_restaurant_bundle_asks_each_shared_field_once(catalogue):
    bundle = Bundle.objects.get(code="open-restaurant")

    merged = merge_bundle(bundle, IN_FORCE)

    keys = [f.field.key for f in merged.fields]
    total = sum(v.form_fields.count() for v in merged.versions)
    assert len(merged.versions) == 2
    assert len(keys) == len(set(keys))
    assert len(keys) < total
    for shared in ("entity_name", "legal_representative", "entity_address", "premises_address"):
        assert len(next(f for f in merged.fields if f.field.key == shared).item_codes) == 2
    assert bundle.promised_limit_workdays == 1 and bundle.issue_together


def test_the_cases_items_exist_31_construction_15_policy_4_household_4_employment_and_the_new_home_title(
    catalogue,
):
    versions = [v for v in ItemVersion.objects.filter(tags__key="construction-project").distinct()]
    stages = {
        "stage-project-land",
        "stage-engineering-permit",
        "stage-construction-permit",
        "stage-completion",
    }

    assert len(versions) == 31
    for version in versions:
        assert 3 <= version.materials.count() <= 8, version.name
        assert len(stages & set(version.tags.values_list("key", flat=True))) == 1, version.name
        assert version.promised_limit_workdays <= version.statutory_limit_workdays
    departments = {v.item.department.short_name for v in versions}
    assert {"区发展改革局", "白云规划资源分局", "区住建局"} <= departments

    # the 14 measures of the "1+4+N" policy system (case 1), and 升规纳统 support without applying
    measures = [
        "标杆企业扶持",
        "落户扶持",
        "新引进或新注册企业办公用房扶持",
        "企业成长扶持",
        "突出贡献扶持",
        "高管团队扶持",
        "上市企业扶持",
        "企业人才租房扶持",
        "人才入户指标",
        "人才随迁子女入学指标",
        "人才绿卡",
        "云聚英才卡",
        "人才就医绿色通道服务卡",
        "政务服务绿色通道",
    ]

    for name in measures:
        assert _version(name).tags.filter(key="enterprise-policy").exists(), name
    assert ItemVersion.objects.filter(tags__key="enterprise-policy", item__level="handling").count() == 15
    upgrade = ItemVersion.objects.get(name__contains="升规纳统")
    assert "免申即享" in upgrade.acceptance_conditions
    assert upgrade.tags.filter(key="no-application").exists()
    assert "1300万元" in _version("上市企业扶持").fee_basis
    assert _version("上市企业扶持").fee_fen == 0

    # four household move-in items under one main item, 13 working days instead of 27 (case 2)
    main = ServiceItem.objects.get(level="main", versions__name="市外迁入户口")
    children = list(main.children.all())

    assert len(children) == 4
    for item in children:
        move_in = item.current_version(IN_FORCE)
        assert move_in is not None
        assert move_in.promised_limit_workdays == 13
        assert move_in.statutory_limit_workdays == 27
        assert all(m.medium == "electronic" for m in move_in.materials.all())
        assert move_in.materials.exclude(substitute_licence_type="", substitute_shared_field="").count() >= 3
    suffixes = sorted(i.handling_suffix for i in children)
    assert suffixes == ["01", "02", "03", "04"]

    # employment subsidies check social insurance through shared data (case 7)
    centre = ItemVersion.objects.filter(item__department__short_name="区就业服务中心")
    subsidies = centre.exclude(name__contains="省系统采集件")

    assert subsidies.count() == 4
    # the claims a robot captures from the provincial system end with the district's review (case 7): publicity
    # and payment take place in the provincial system the result is written back to
    captured = centre.get(name__contains="省系统采集件")
    assert [s["key"] for s in captured.process["steps"]] == ["accept", "review"]
    review = captured.process["steps"][1]
    assert {a["key"]: a["target"] for a in review["actions"]} == {
        "pass": "end:approved",
        "refuse": "end:refused",
    }
    for version in subsidies:
        assert version.item_type == "benefit"
        assert version.materials.filter(substitute_shared_field="registry.social_insurance").exists(), (
            version.name
        )

    # the new-home transfer is zero-visit and issues an electronic title (case 3)
    transfer = ItemVersion.objects.get(name__contains="交房即交证")
    assert (transfer.statutory_limit_workdays, transfer.promised_limit_workdays) == (30, 1)
    assert transfer.visits == 0 and transfer.fully_online
    assert transfer.result_licence_type == "real_estate_title"


def test_every_item_code_is_well_formed_every_process_validates_and_labels_are_bilingual(catalogue):
    items = ServiceItem.objects.select_related("department")

    for item in items:
        errors = check_codes(
            department_credit_code=item.department.credit_code,
            level=item.level,
            basic_code=item.basic_code,
            level_char=item.level_char,
            implementation_code=item.implementation_code,
            handling_suffix=item.handling_suffix,
            code=item.code,
        )
        assert errors == {}, (item.code, errors)
        assert item.is_demo_code
    for version in ItemVersion.objects.filter(status="published"):
        assert validate_process(version.process) == [], version.name
        assert longest_path_workdays(version.process) <= version.promised_limit_workdays, version.name
        assert version.effective_from == date(2026, 1, 1)
    # and everything a guide shows has a Chinese and an English label
    for field in FormField.objects.all():
        assert field.label_zh and field.label_en, field.key
        for choice in field.choices:
            assert set(choice) == {"value", "zh", "en"}, field.key
    assert not Material.objects.filter(name_en="").exists()
    assert not ItemVersion.objects.filter(name_en="").exists()
    assert not Tag.objects.filter(name_en="").exists()


def test_the_file_is_loaded_whole_through_the_importer_with_one_audit_event(catalogue):
    # given the file seed_demo imported
    items = catalogue["items"]

    # then every item, version, bundle, tag and field of the file is in the database, as the importer wrote it
    assert ServiceItem.objects.count() == len(items) == 62
    assert ItemVersion.objects.count() == sum(len(i["versions"]) for i in items)
    assert Bundle.objects.count() == len(catalogue["bundles"]) == 2
    assert Tag.objects.count() == len(catalogue["tags"])
    assert FormField.objects.count() == len(catalogue["form_fields"])
    event = AuditEvent.objects.get(action="catalog.imported")
    assert event.actor_label == demo_catalogue.SYSTEM_ACTOR
    assert event.data["counts"]["items"] == {"created": 62, "updated": 0, "unchanged": 0}
    # and the short names the policy catalogue and the tests use are the file's items
    assert set(demo_catalogue.ITEM_CODES.values()) <= {i["code"] for i in items}


def test_loading_the_file_again_changes_nothing_published_versions_match(catalogue):
    def counts() -> dict[str, int]:
        return {
            model.__name__: model.objects.count()
            for model in (Tag, FormField, ServiceItem, ItemVersion, Material, Bundle)
        }

    before = counts()
    second = demo_catalogue.load_catalogue()

    assert counts() == before
    assert second.ok
    for kind, c in second.counts.items():
        assert c["created"] == c["updated"] == 0, kind
        assert c["unchanged"] > 0, kind


def test_exporting_the_loaded_catalogue_gives_the_file_back_byte_for_byte(catalogue):
    # A change to the export format (a new column) shows here first: export the demo again over the file.
    assert export_catalog("json") == demo_catalogue.CATALOGUE_FILE.read_bytes()


def test_a_database_seeded_before_the_file_existed_takes_the_file_as_it_is(catalogue):
    # given a demo catalogue published when it was seeded (2026-12-07), before the file said 2026-01-01
    ItemVersion.objects.update(published_at=dt.datetime(2026, 12, 7, 2, 0, tzinfo=dt.UTC))

    # when seed_demo loads the file again
    report = demo_catalogue.load_catalogue()

    # then the versions are found the same, not refused as changed published versions
    assert report.ok and report.counts["versions"]["unchanged"] == 62
    assert set(ItemVersion.objects.values_list("published_at", flat=True)) == {
        dt.datetime(2026, 1, 1, 1, 0, tzinfo=dt.UTC)
    }

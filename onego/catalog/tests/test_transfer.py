"""Export and import of the whole catalogue (the transfer package), Excel and JSON, on a representative catalogue."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import models
from django.utils import translation
from openpyxl import load_workbook

from onego.accounts.models import Department
from onego.catalog import services, transfer
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
from onego.catalog.process import ProcessProblem
from onego.catalog.transfer import export_catalog, import_catalog
from onego.core import tabular
from onego.core.identifiers import make_credit_code
from onego.core.models import AuditEvent

pytestmark = pytest.mark.django_db

PROCESS: dict[str, Any] = {
    "start": "accept",
    "steps": [
        {
            "key": "accept",
            "kind": "accept",
            "name": "受理",
            "actor": {"role": "window_clerk", "department": "item"},
            "budget_workdays": 1,
            "actions": [
                {"key": "accept", "name": "受理", "target": "decide"},
                {"key": "reject", "name": "不予受理", "target": "end:not_accepted"},
            ],
        },
        {
            "key": "decide",
            "kind": "decide",
            "name": "决定",
            "actor": {"role": "reviewer", "department": "item"},
            "budget_workdays": 1,
            "actions": [
                {"key": "approve", "name": "准予", "target": "end:approved"},
                {"key": "refuse", "name": "不予", "target": "end:refused"},
            ],
        },
    ],
}

MARKET = make_credit_code("11440111MB2C00990")
HRSS = make_credit_code("11440111MB2C00981")
NOBODY = make_credit_code("11440111MB2C00972")  # a valid credit code no department has


def version_spec(name: str, **extra: Any) -> dict[str, Any]:
    return {
        "name": name,
        "item_type": "licensing",
        "statutory_limit_workdays": 20,
        "promised_limit_workdays": 5,
        "routes": ["approval"],
        "process": PROCESS,
        **extra,
    }


@dataclass
class Catalogue:
    market: Department
    hrss: Department
    main: ServiceItem  # the main item
    sub: ServiceItem  # its sub-item
    food: ServiceItem  # a handling item of the sub-item, in the bundle
    sign: ServiceItem  # the other handling item, in the bundle


@pytest.fixture
def catalogue(db) -> Catalogue:
    """Two departments, three tags, six dictionary fields, a main item → sub-item → two handling items with a
    published and a draft version each (forms, materials, tags, process), and a bundle of the two."""
    market = Department.objects.create(name="测试区市场监督管理局", credit_code=MARKET)
    hrss = Department.objects.create(name="测试区人力资源和社会保障局", credit_code=HRSS)
    Tag.objects.create(key="food", name="食品", name_en="Food", category="industry")
    Tag.objects.create(key="open-shop", name="开店", name_en="Opening a shop", category="life_event")
    Tag.objects.create(key="enterprise", name="企业", category="audience")
    FormField.objects.create(
        key="entity_name",
        field_type="text",
        label_zh="主体名称",
        label_en="Entity name",
        prefill_source="registry.entity.name",
        max_length=100,
    )
    FormField.objects.create(
        key="credit_code",
        field_type="credit_code",
        label_zh="统一社会信用代码",
        label_en="Credit code",
        pattern=r"^[0-9A-HJ-NPQRTUWXY]{18}$",
        min_length=18,
        max_length=18,
    )
    FormField.objects.create(
        key="business_type",
        field_type="choice",
        label_zh="经营类型",
        label_en="Business type",
        choices=[
            {"value": "catering", "zh": "餐饮服务", "en": "Catering"},
            {"value": "retail", "zh": "食品销售", "en": "Food retail"},
        ],
    )
    FormField.objects.create(
        key="premises_address",
        field_type="address",
        label_zh="经营场所",
        label_en="Premises",
        help_zh="与营业执照一致",
        help_en="As on the business licence",
    )
    FormField.objects.create(
        key="opening_date", field_type="date", label_zh="开业日期", label_en="Opening date"
    )
    FormField.objects.create(
        key="has_seating", field_type="boolean", label_zh="设有堂食", label_en="Has seating"
    )

    main = services.create_item(level="main", department=market, basic_code="000172008000")
    sub = services.create_item(
        level="sub", department=market, basic_code="000172008001", parent=main, is_demo_code=True
    )
    food = services.create_item(
        level="handling",
        department=market,
        basic_code="000172008001",
        handling_suffix="01",
        parent=sub,
        is_demo_code=True,
    )
    sign = services.create_item(
        level="handling", department=market, basic_code="000172008001", handling_suffix="02", parent=sub
    )

    old = services.create_draft_version(main, version_spec("食品经营许可"), effective_from=date(2025, 1, 1))
    services.publish_version(old.pk)
    services.retire_version(old.pk, cancelled_on=date(2025, 12, 31))
    services.publish_version(
        services.create_draft_version(
            main,
            version_spec(
                "食品经营许可",
                name_en="Food business licence",
                legal_basis="《中华人民共和国食品安全法》第三十五条",
            ),
            effective_from=date(2026, 1, 1),
        ).pk
    )
    services.publish_version(
        services.create_draft_version(
            sub, version_spec("食品经营许可（餐饮服务）"), effective_from=date(2026, 1, 1)
        ).pk
    )

    licence = {
        "key": "business_licence",
        "name": "营业执照",
        "name_en": "Business licence",
        "original_or_copy": "copy",
        "medium": "either",
        "substitute_licence_type": "business_licence",
    }
    menu = {
        "key": "menu",
        "name": "菜单",
        "count": 2,
        "required": False,
        "condition": {"field": "business_type", "op": "eq", "value": "catering"},
        "condition_text": "经营类型为餐饮服务时提交",
        "condition_text_en": "When the business type is catering",
        "notes": "=SUM(A1) 不是公式；_x000D_ 也不是回车",
        "notes_en": "=SUM(A1) is not a formula",
    }
    plan = {
        "key": "floor_plan",
        "name": "经营场所平面图",
        "substitute_shared_field": "registry.entity.premises",
        "sample_file": "catalog/samples/floor_plan.pdf",
        "template_file": "catalog/templates/floor_plan.docx",
    }
    v1 = services.create_draft_version(
        food,
        version_spec(
            "食品经营许可（餐饮）新办",
            name_en="Food business licence (catering), new",
            handling_form="promised",
            routes=["approval", "commitment"],
            statutory_limit_workdays=20,
            promised_limit_workdays=1,
            visits=0,
            fully_online=True,
            place="测试区政务服务中心 2 楼",
            place_en="Test District Government Service Centre, floor 2",
            hours="工作日 9:00–17:00",
            hours_en="Working days 9:00–17:00",
            enquiry_phone="020-12345678",
            result_name="《食品经营许可证》",
            result_licence_type="11100000000013338W001",
            acceptance_conditions="第一条\r\n第二条\n第三条",
            form=[
                {"key": "entity_name", "locked": True},
                "credit_code",
                "business_type",
                {"key": "premises_address", "required": False},
            ],
            materials=[licence, menu, plan],
            tags=["food", "open-shop"],
        ),
        effective_from=date(2026, 1, 1),
    )
    services.publish_version(v1.pk)
    services.create_draft_version(
        food,
        version_spec(
            "食品经营许可（餐饮）新办",
            special_procedures="现场核查 5 个工作日",
            fee_fen=12345678901234567,
            fee_basis="  前后有空格  ",
            complaint_phone="12345",
            form=["entity_name", "business_type", "opening_date"],
            materials=[menu, licence],
            tags=["food"],
        ),
        effective_from=date(2026, 7, 1),
    )
    v1 = services.create_draft_version(
        sign,
        version_spec(
            "户外招牌设置",
            item_type="filing",
            routes=["filing"],
            statutory_limit_workdays=10,
            promised_limit_workdays=3,
            handling_form="immediate",
            form=["entity_name", "has_seating"],
            materials=[licence],
            tags=["enterprise"],
        ),
        effective_from=date(2026, 1, 1),
    )
    services.publish_version(v1.pk)
    services.create_draft_version(
        sign,
        version_spec(
            "户外招牌设置（修订）",
            item_type="filing",
            routes=["filing", "commitment"],
            statutory_limit_workdays=10,
            promised_limit_workdays=2,
            form=["entity_name"],
            materials=[plan],
            tags=[],
        ),
        effective_from=date(2026, 9, 1),
    )

    services.define_bundle(
        code="open-restaurant",
        name="开餐馆一件事",
        name_en="Open a restaurant",
        description="食品经营许可与户外招牌一次办",
        lead_department=hrss,
        items=[food, sign],
        promised_limit_workdays=5,
        tags=["open-shop", "food"],
    )
    Bundle.objects.filter(code="open-restaurant").update(
        description_en="A food licence and a shop sign at once"
    )
    Bundle.objects.create(
        code="retired-bundle",
        name="停用的一件事",
        lead_department=market,
        promised_limit_workdays=3,
        issue_together=False,
        is_active=False,
    )
    return Catalogue(market=market, hrss=hrss, main=main, sub=sub, food=food, sign=sign)


# --- helpers ----------------------------------------------------------------------------------------------

CATALOGUE_MODELS: list[type[models.Model]] = [
    Tag,
    FormField,
    ServiceItem,
    ItemVersion,
    ItemFormField,
    Material,
    ItemVersion.tags.through,
    Bundle,
    BundleItem,
    Bundle.tags.through,
]


def table_counts() -> dict[str, int]:
    return {m.__name__: m._default_manager.count() for m in CATALOGUE_MODELS}


def wipe_catalogue() -> None:
    Bundle.objects.all().delete()
    ItemVersion.objects.all().delete()
    for level in ("handling", "sub", "main"):
        ServiceItem.objects.filter(level=level).delete()
    FormField.objects.all().delete()
    Tag.objects.all().delete()
    assert not any(table_counts().values())


def cells(xlsx: bytes) -> dict[str, list[tuple[Any, ...]]]:
    """Every sheet's cell values, row by row."""
    wb = load_workbook(io.BytesIO(xlsx), read_only=True)
    try:
        return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}
    finally:
        wb.close()


def edit(xlsx: bytes, changes: list[tuple[str, int, str, Any]]) -> bytes:
    """Set cells by sheet, row and header, as a person editing the workbook would."""
    wb = load_workbook(io.BytesIO(xlsx))
    for sheet, row, header, value in changes:
        ws = wb[sheet]
        col = [c.value for c in ws[1]].index(header) + 1
        ws.cell(row=row, column=col).value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def value(xlsx: bytes, sheet: str, row: int, header: str) -> Any:
    rows = cells(xlsx)[sheet]
    return rows[row - 1][list(rows[0]).index(header)]


def where(report: transfer.ImportReport) -> list[tuple[str, int | None, str]]:
    return [(e.sheet, e.row, e.column) for e in report.errors]


def imported_events() -> int:
    return AuditEvent.objects.filter(action="catalog.imported").count()


# --- export -----------------------------------------------------------------------------------------------


def test_the_workbook_has_one_sheet_per_table_with_chinese_headers_and_natural_keys(catalogue):
    sheets = cells(export_catalog("xlsx"))

    assert list(sheets) == [
        "说明",
        "标签",
        "表单字段字典",
        "事项",
        "事项版本",
        "事项表单",
        "申请材料",
        "事项标签",
        "一件事",
        "一件事事项",
        "一件事标签",
    ]
    assert sheets["事项"][0] == (
        "事项编码",
        "层级",
        "上级事项编码",
        "实施主体代码",
        "基本编码",
        "层级码",
        "实施编码",
        "办理项后缀",
        "演示编码",
    )
    assert sheets["事项版本"][0][:6] == ("事项编码", "版本", "状态", "生效日期", "取消日期", "发布时间")
    assert {
        "事项名称",
        "英文名称",
        "事项类型",
        "设定依据",
        "受理条件",
        "法定时限（工作日）",
        "承诺时限（工作日）",
        "办理流程",
    } <= set(sheets["事项版本"][0])
    food = catalogue.food
    # Rows are sorted by code; references are codes, choices Chinese labels, yes/no 是/否, dates ISO text.
    assert [r[0] for r in sheets["事项"][1:]] == sorted(i.code for i in ServiceItem.objects.all())
    assert sheets["事项"][3] == (
        food.code,
        "业务办理项",
        catalogue.sub.code,
        MARKET,
        "000172008001",
        "4",
        catalogue.sub.code,
        "01",
        "是",
    )
    published = [r for r in sheets["事项版本"][1:] if r[0] == food.code and r[1] == 1][0]
    assert published[2:5] == ("已发布", "2026-01-01", None)
    assert "行政许可" in published and json.loads(published[-1]) == PROCESS
    assert ("open-restaurant", 1, food.code) in sheets["一件事事项"]
    lead = sheets["一件事"][0].index("牵头部门代码")
    assert ("open-restaurant", HRSS) == (sheets["一件事"][1][0], sheets["一件事"][1][lead])


def test_text_that_looks_like_a_formula_is_written_as_text(catalogue):
    wb = load_workbook(io.BytesIO(export_catalog("xlsx")))
    notes = [
        c
        for row in wb["申请材料"].iter_rows(min_row=2)
        for c in row
        if isinstance(c.value, str) and "=SUM" in c.value
    ]

    # a text cell, and neutralised with a leading apostrophe for whoever copies it into a CSV or retypes it
    assert notes and all(c.data_type == "s" and c.value.startswith("'=SUM(A1)") for c in notes)


def test_formula_like_text_in_every_form_gets_an_apostrophe_and_imports_back_unchanged(catalogue):
    for key, label in (
        ("formula_at", "@SUM(1)"),
        ("formula_wide", '＝HYPERLINK("http://x")'),
        ("formula_minus", "-1+2"),
        ("quoted", "'=already quoted"),
        ("plain", "A=B"),
    ):
        FormField.objects.create(key=key, field_type="text", label_zh=label, label_en=label)
    xlsx = export_catalog("xlsx")
    labels = {row[0]: row[2] for row in cells(xlsx)["表单字段字典"][1:]}

    assert labels["formula_at"] == "'@SUM(1)"
    assert labels["formula_wide"] == '\'＝HYPERLINK("http://x")'
    assert labels["formula_minus"] == "'-1+2"
    assert labels["quoted"] == "''=already quoted"
    assert labels["plain"] == "A=B"

    wipe_catalogue()
    assert import_catalog(xlsx, "xlsx").ok
    stored = dict(FormField.objects.filter(key__in=labels).values_list("key", "label_zh"))
    assert stored["formula_at"] == "@SUM(1)" and stored["quoted"] == "'=already quoted"
    assert stored["formula_wide"] == '＝HYPERLINK("http://x")' and stored["plain"] == "A=B"


def test_the_json_export_nests_versions_forms_materials_and_tags_under_their_item(catalogue):
    doc = json.loads(export_catalog("json"))

    assert doc["format"] == "onego-catalog" and doc["version"] == 1
    assert [t["key"] for t in doc["tags"]] == ["enterprise", "food", "open-shop"]
    food = next(i for i in doc["items"] if i["code"] == catalogue.food.code)
    assert [(v["version"], v["status"]) for v in food["versions"]] == [(1, "published"), (2, "draft")]
    assert food["versions"][0]["form"][0] == {
        "position": 1,
        "field": "entity_name",
        "required": True,
        "locked_when_prefilled": True,
    }
    menu = next(m for m in food["versions"][0]["materials"] if m["key"] == "menu")
    assert menu["condition"] == {"field": "business_type", "op": "eq", "value": "catering"}
    assert food["versions"][0]["tags"] == ["food", "open-shop"]
    assert doc["bundles"][0]["items"] == [
        {"position": 1, "item": catalogue.food.code},
        {"position": 2, "item": catalogue.sign.code},
    ]


# --- round trips ------------------------------------------------------------------------------------------


def test_an_excel_export_imported_into_an_empty_catalogue_exports_the_same_again(catalogue):
    # given
    xlsx, json_before = export_catalog("xlsx"), export_catalog("json")
    counts_before = table_counts()
    wipe_catalogue()

    # when
    report = import_catalog(xlsx, "xlsx")

    # then
    assert report.errors == []
    assert report.counts["versions"] == {"created": 7, "updated": 0, "unchanged": 0}
    assert table_counts() == counts_before
    assert cells(export_catalog("xlsx")) == cells(xlsx)
    assert export_catalog("json") == json_before


def test_a_json_export_imported_into_an_empty_catalogue_exports_the_same_again(catalogue):
    json_before = export_catalog("json")
    sheets_before = cells(export_catalog("xlsx"))
    wipe_catalogue()

    report = import_catalog(json_before, "json")

    assert report.errors == []
    assert export_catalog("json") == json_before
    assert cells(export_catalog("xlsx")) == sheets_before
    food = ServiceItem.objects.get(code=catalogue.food.code)
    draft = food.versions.get(version=2)
    assert draft.fee_fen == 12345678901234567 and draft.fee_basis == "  前后有空格  "
    assert food.versions.get(version=1).acceptance_conditions == "第一条\r\n第二条\n第三条"


@pytest.mark.parametrize("fmt", ["xlsx", "json"])
def test_importing_its_own_export_into_the_same_database_changes_nothing(catalogue, fmt):
    data = export_catalog(fmt)
    ids_before = {
        m.__name__: sorted(m._default_manager.values_list("pk", flat=True)) for m in CATALOGUE_MODELS
    }
    json_before = export_catalog("json")

    report = import_catalog(data)

    assert report.errors == [] and report.format == fmt
    assert all(c["created"] == 0 and c["updated"] == 0 for c in report.counts.values())
    assert report.counts["items"]["unchanged"] == 4 and report.counts["versions"]["unchanged"] == 7
    assert {
        m.__name__: sorted(m._default_manager.values_list("pk", flat=True)) for m in CATALOGUE_MODELS
    } == ids_before
    assert export_catalog("json") == json_before
    event = AuditEvent.objects.get(action="catalog.imported")
    assert event.object_type == "catalog" and event.data["counts"] == report.counts


@pytest.mark.parametrize("fmt", ["xlsx", "json"])
def test_the_english_of_guide_texts_goes_out_and_comes_back_in_either_format(catalogue, fmt):
    # given a catalogue whose guide texts have English beside the Chinese
    data = export_catalog(fmt)
    wipe_catalogue()

    # when its export is imported into an empty catalogue
    report = import_catalog(data, fmt)

    # then every English text is back beside its Chinese
    assert report.errors == []
    version = ServiceItem.objects.get(code=catalogue.food.code).versions.get(version=1)
    assert (version.place_en, version.hours_en) == (
        "Test District Government Service Centre, floor 2",
        "Working days 9:00–17:00",
    )
    menu = version.materials.get(key="menu")
    assert (menu.condition_text_en, menu.notes_en) == (
        "When the business type is catering",
        "=SUM(A1) is not a formula",
    )
    assert (
        Bundle.objects.get(code="open-restaurant").description_en == "A food licence and a shop sign at once"
    )


def test_a_file_written_before_the_english_columns_still_imports_with_the_english_blank(catalogue):
    # given a JSON export without any of the English twins of the guide texts (a file of an earlier release)
    english_twins = {
        column.key
        for table in (transfer.schema.VERSIONS, transfer.schema.MATERIALS, transfer.schema.BUNDLES)
        for column in table.columns
        if column.optional and column.key.endswith("_en")
    }
    document = json.loads(export_catalog("json"))

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in english_twins}
        return [strip(v) for v in value] if isinstance(value, list) else value

    wipe_catalogue()

    # when it is imported into an empty catalogue
    report = import_catalog(json.dumps(strip(document), ensure_ascii=False).encode(), "json")

    # then it imports, and the guide texts have no English
    assert report.errors == []
    assert "place_en" in english_twins and "description_en" in english_twins
    version = ServiceItem.objects.get(code=catalogue.food.code).versions.get(version=1)
    assert version.place == "测试区政务服务中心 2 楼" and version.place_en == ""


# --- what bad input gets ----------------------------------------------------------------------------------


def consistent_codes(
    xlsx: bytes, row: int, *, basic_code: str | None = None, department: str | None = None
) -> list[tuple[str, int, str, Any]]:
    """Changes to one 事项 row that keep its implementation code and item code consistent with the change."""
    dept = department or value(xlsx, "事项", row, "实施主体代码")
    basic = basic_code or value(xlsx, "事项", row, "基本编码")
    impl = dept + value(xlsx, "事项", row, "层级码") + basic
    suffix = value(xlsx, "事项", row, "办理项后缀") or ""
    return [
        ("事项", row, "实施主体代码", dept),
        ("事项", row, "基本编码", basic),
        ("事项", row, "实施编码", impl),
        ("事项", row, "事项编码", impl + suffix),
    ]


def test_a_file_with_three_errors_lists_all_three_with_sheet_row_and_column_and_writes_nothing(catalogue):
    # given a workbook whose other rows are all valid
    xlsx = export_catalog("xlsx")
    bad = edit(
        xlsx,
        [
            *consistent_codes(xlsx, 3, basic_code="00017200800A"),
            *consistent_codes(xlsx, 4, department=NOBODY),
            ("事项版本", 2, "法定时限（工作日）", "二十"),
        ],
    )
    counts, json_before = table_counts(), export_catalog("json")

    # when
    report = import_catalog(bad)

    # then
    assert where(report) == [
        ("事项", 3, "基本编码"),
        ("事项", 4, "实施主体代码"),
        ("事项版本", 2, "法定时限（工作日）"),
    ]
    assert "12 位数字" in report.errors[0].message
    assert NOBODY in report.errors[1].message
    assert "整数" in report.errors[2].message
    assert str(report.errors[2]).startswith("「事项版本」表第 2 行「法定时限（工作日）」列：")
    assert report.counts == {}
    assert table_counts() == counts and export_catalog("json") == json_before
    assert imported_events() == 0


def test_a_file_with_errors_writes_none_of_its_valid_rows_into_an_empty_catalogue(catalogue):
    xlsx = edit(export_catalog("xlsx"), [("事项版本", 2, "法定时限（工作日）", "二十")])
    wipe_catalogue()

    report = import_catalog(xlsx)

    assert where(report) == [("事项版本", 2, "法定时限（工作日）")]
    assert not any(table_counts().values())


def test_references_that_do_not_resolve_and_duplicate_rows_are_errors_on_their_rows(catalogue):
    xlsx = export_catalog("xlsx")
    bad = edit(
        xlsx,
        [
            ("事项表单", 2, "字段标识", "no_such_field"),
            ("事项标签", 2, "标签标识", "no-such-tag"),
            ("一件事事项", 2, "事项编码", "1" * 33),
            ("一件事", 2, "牵头部门代码", NOBODY),
            ("标签", 3, "标识", value(xlsx, "标签", 2, "标识")),
        ],
    )

    report = import_catalog(bad)

    assert where(report) == [
        ("标签", 3, "标识"),
        ("事项表单", 2, "字段标识"),
        ("事项标签", 2, "标签标识"),
        ("一件事", 2, "牵头部门代码"),
        ("一件事事项", 2, "事项编码"),
    ]
    assert "第 2 行" in report.errors[0].message


def test_a_promised_limit_longer_than_the_statutory_one_is_an_error(catalogue):
    xlsx = export_catalog("xlsx")
    row = next(i for i, r in enumerate(cells(xlsx)["事项版本"], start=1) if r[2] == "草稿")

    report = import_catalog(edit(xlsx, [("事项版本", row, "承诺时限（工作日）", 99)]))

    assert where(report) == [("事项版本", row, "承诺时限（工作日）")]
    assert "承诺时限不能长于法定时限" in report.errors[0].message


def test_bad_booleans_dates_choices_and_json_cells_are_each_reported(catalogue):
    xlsx = export_catalog("xlsx")

    report = import_catalog(
        edit(
            xlsx,
            [
                ("事项", 2, "演示编码", "也许"),
                ("事项版本", 3, "生效日期", "2026/13/01"),
                ("事项版本", 3, "事项类型", "行政审批"),
                ("申请材料", 2, "条件", "{not json"),
                ("事项版本", 4, "审批方式", '{"a": 1}'),
                ("标签", 2, "名称", None),
            ],
        )
    )

    assert where(report) == [
        ("标签", 2, "名称"),
        ("事项", 2, "演示编码"),
        ("事项版本", 3, "生效日期"),
        ("事项版本", 3, "事项类型"),
        ("事项版本", 4, "审批方式"),
        ("申请材料", 2, "条件"),
    ]
    assert [e.message.split("：")[0] for e in report.errors] == [
        "必填",
        "应为 是 或 否（TRUE/FALSE）",
        "应为日期 YYYY-MM-DD",
        "无效的取值",
        "应为 JSON 数组",
        "不是有效的 JSON",
    ]


def test_choices_and_booleans_are_accepted_as_stored_values_as_well_as_chinese_labels(catalogue):
    xlsx = export_catalog("xlsx")
    assert value(xlsx, "事项版本", 2, "事项类型") == "行政许可"

    report = import_catalog(
        edit(
            xlsx,
            [
                ("事项版本", 2, "事项类型", "licensing"),
                ("事项版本", 2, "状态", "retired"),
                ("事项", 2, "层级", "main"),
                ("事项", 2, "演示编码", False),
            ],
        )
    )

    assert report.errors == []
    assert report.counts["versions"]["updated"] == 0 and report.counts["items"]["updated"] == 0


def test_changing_a_published_version_in_the_file_is_an_error_on_that_row(catalogue):
    xlsx = export_catalog("xlsx")
    row = next(i for i, r in enumerate(cells(xlsx)["事项版本"], start=1) if r[2] == "已发布")
    name_before = value(xlsx, "事项版本", row, "事项名称")

    report = import_catalog(edit(xlsx, [("事项版本", row, "事项名称", "改过的名称")]))

    assert where(report) == [("事项版本", row, "事项名称")]
    assert report.errors[0].message.startswith("已发布版本不能修改")
    assert ItemVersion.objects.filter(name=name_before).exists()
    assert not ItemVersion.objects.filter(name="改过的名称").exists()


def test_changing_the_materials_of_a_published_version_is_an_error_on_the_version_row(catalogue):
    doc = json.loads(export_catalog("json"))
    food = next(i for i in doc["items"] if i["code"] == catalogue.food.code)
    food["versions"][0]["materials"][0]["count"] = 3

    report = import_catalog(json.dumps(doc).encode())

    index = doc["items"].index(food)
    assert [e.path for e in report.errors] == [f"items[{index}].versions[0]"]
    assert "申请材料" in report.errors[0].message


def test_a_changed_draft_is_replaced_and_a_new_version_is_created(catalogue):
    # given a file where the food item's draft has a new name and form, and a version 3 is added
    doc = json.loads(export_catalog("json"))
    food = next(i for i in doc["items"] if i["code"] == catalogue.food.code)
    draft = food["versions"][1]
    draft["name"] = "食品经营许可（餐饮）新办（修订稿）"
    draft["form"] = [
        {"position": 1, "field": "credit_code", "required": True, "locked_when_prefilled": False}
    ]
    food["versions"].append(
        {
            **draft,
            "version": 3,
            "status": "published",
            "published_at": None,
            "tags": ["food"],
            "effective_from": "2027-01-01",
        }
    )

    # when
    report = import_catalog(json.dumps(doc, ensure_ascii=False).encode())

    # then
    assert report.errors == []
    assert report.counts["versions"] == {"created": 1, "updated": 1, "unchanged": 6}
    item = ServiceItem.objects.get(code=catalogue.food.code)
    replaced = item.versions.get(version=2)
    assert replaced.name == "食品经营许可（餐饮）新办（修订稿）" and replaced.status == "draft"
    assert list(replaced.form_fields.values_list("field__key", flat=True)) == ["credit_code"]
    added = item.versions.get(version=3)
    assert added.status == "published" and list(added.tags.values_list("key", flat=True)) == ["food"]
    assert list(added.materials.values_list("key", flat=True)) == ["menu", "business_licence"]


def test_a_published_version_whose_process_does_not_validate_is_refused(catalogue, monkeypatch):
    monkeypatch.setattr(
        services,
        "validate_process",
        lambda definition: [ProcessProblem(step="decide", code="no_end", message="没有结束 / No end")],
    )
    doc = json.loads(export_catalog("json"))
    food_index = next(i for i, item in enumerate(doc["items"]) if item["code"] == catalogue.food.code)
    doc["items"][food_index]["versions"][1]["status"] = "published"  # publish the draft through the file

    report = import_catalog(json.dumps(doc).encode())

    assert [(e.path, e.message) for e in report.errors] == [
        (f"items[{food_index}].versions[1].process", "没有结束 / No end")
    ]
    assert ItemVersion.objects.get(item__code=catalogue.food.code, version=2).status == "draft"


def test_an_error_in_a_json_file_is_reported_with_its_path(catalogue):
    doc = json.loads(export_catalog("json"))
    doc["items"][2]["versions"][0]["statutory_limit_workdays"] = "二十"
    doc["items"][3]["versions"][1]["form"][0]["field"] = "no_such_field"
    doc["bundles"][0]["colour"] = "red"
    counts = table_counts()

    report = import_catalog(json.dumps(doc).encode())

    assert [e.path for e in report.errors] == ["bundles[0].colour"]  # the structure first
    del doc["bundles"][0]["colour"]
    report = import_catalog(json.dumps(doc).encode())
    assert [e.path for e in report.errors] == [
        "items[2].versions[0].statutory_limit_workdays",
        "items[3].versions[1].form[0].field",
    ]
    assert str(report.errors[0]).startswith("items[2].versions[0].statutory_limit_workdays: 应为整数")
    assert table_counts() == counts


def test_a_file_over_the_size_limit_is_refused_before_it_is_read_and_nothing_is_written(
    catalogue, monkeypatch
):
    # given: the JSON export, and a size limit it exceeds
    data = export_catalog("json")
    monkeypatch.setattr(tabular, "MAX_IMPORT_BYTES", len(data) - 1)
    counts = table_counts()

    # when
    report = import_catalog(data)

    # then
    assert [str(e) for e in report.errors] == [f"文件超过 {(len(data) - 1) // 1024 // 1024} MB"]
    assert table_counts() == counts and imported_events() == 0


def test_import_problems_read_in_english_when_english_was_chosen(catalogue):
    xlsx = export_catalog("xlsx")

    with translation.override("en"):
        report = import_catalog(edit(xlsx, [("事项版本", 2, "法定时限（工作日）", "二十")]))
        messages = [str(e) for e in report.errors]

    assert messages == ["Sheet 事项版本, row 2, column 法定时限（工作日）: Must be a whole number: '二十'"]


@pytest.mark.parametrize("data", [b"hello, world", "事项,版本\n".encode("gb18030"), b"", b"\x00\x01\x02"])
def test_a_file_that_is_neither_excel_nor_json_gets_one_clear_error(catalogue, data):
    report = import_catalog(data)

    assert [e.message for e in report.errors] == ["文件既不是 Excel 工作簿（.xlsx）也不是 JSON"]


def test_a_damaged_workbook_or_a_json_file_of_another_kind_gets_one_clear_error(catalogue):
    assert len(import_catalog(b"PK\x03\x04 not really a zip").errors) == 1
    assert [e.path for e in import_catalog(b'{"format": "something-else"}').errors] == ["format"]
    assert [e.path for e in import_catalog(b'{"format": ').errors] == ["$"]
    assert import_catalog(export_catalog("json"), "xlsx").errors[0].message.startswith("文件内容是 json")


def test_missing_unknown_and_renamed_sheets_and_columns_are_reported(catalogue):
    wb = load_workbook(io.BytesIO(export_catalog("xlsx")))
    wb["一件事标签"].title = "Sheet1"
    wb["标签"]["B1"] = "标签名称"
    out = io.BytesIO()
    wb.save(out)

    report = import_catalog(out.getvalue())

    assert sorted(where(report), key=str) == sorted(
        [("Sheet1", None, ""), ("一件事标签", None, ""), ("标签", 1, "标签名称"), ("标签", 1, "名称")],
        key=str,
    )


# --- the commands -----------------------------------------------------------------------------------------


def test_the_commands_export_and_import_a_file_and_print_the_counts(catalogue, tmp_path, capsys):
    path = tmp_path / "catalogue.data"  # the content decides the format, not the name
    call_command("export_catalog", "--format", "xlsx", "--out", str(path))
    wipe_catalogue()

    call_command("import_catalog", str(path))

    out = capsys.readouterr().out
    assert "事项 items: 新增 created 4，更新 updated 0，未变 unchanged 0" in out
    assert "事项版本 versions: 新增 created 7" in out
    assert ServiceItem.objects.count() == 4


def test_the_import_command_prints_every_error_and_fails(catalogue, tmp_path, capsys):
    xlsx = export_catalog("xlsx")
    path = tmp_path / "catalogue.xlsx"
    path.write_bytes(
        edit(
            xlsx,
            [*consistent_codes(xlsx, 4, department=NOBODY), ("事项版本", 2, "法定时限（工作日）", "二十")],
        )
    )

    with pytest.raises(CommandError, match="2 error"):
        call_command("import_catalog", str(path))

    err = capsys.readouterr().err
    assert "「事项」表第 4 行「实施主体代码」列：没有该统一社会信用代码的部门" in err
    assert "「事项版本」表第 2 行「法定时限（工作日）」列：应为整数" in err

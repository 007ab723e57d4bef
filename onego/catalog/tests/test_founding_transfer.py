"""The 设立登记 flag of an item version in the catalogue's Excel and JSON transfer."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook

from onego.catalog.models import Bundle, FormField, ItemVersion, ServiceItem, Tag
from onego.catalog.tests import factories as cf
from onego.catalog.transfer import export_catalog, import_catalog

pytestmark = pytest.mark.django_db


@pytest.fixture
def registration(db):
    cf.field("entity_name", "市场主体名称")
    return cf.handling_item(
        dept=cf.department(95),
        basic_code="000172008031",
        name="企业设立登记（测试）",
        statutory=3,
        promised=1,
        result_licence_type="business_licence",
        founds_entity=True,
        form=["entity_name"],
    )


def wipe() -> None:
    Bundle.objects.all().delete()
    ItemVersion.objects.all().delete()
    for level in ("handling", "sub", "main"):
        ServiceItem.objects.filter(level=level).delete()
    FormField.objects.all().delete()
    Tag.objects.all().delete()


def test_the_flag_goes_out_in_the_export_and_comes_back_on_import(registration):
    data = export_catalog("json")
    (item,) = json.loads(data)["items"]
    assert item["versions"][0]["founds_entity"] is True
    wipe()

    report = import_catalog(data, "json")

    assert report.errors == []
    assert ServiceItem.objects.get(code=registration.code).versions.get().founds_entity is True


def test_a_workbook_written_before_the_flag_existed_still_imports(registration):
    wb = load_workbook(io.BytesIO(export_catalog("xlsx")))
    ws = wb["事项版本"]
    headers = [c.value for c in ws[1]]
    ws.delete_cols(headers.index("设立登记") + 1)
    out = io.BytesIO()
    wb.save(out)
    wipe()

    report = import_catalog(out.getvalue(), "xlsx")

    assert report.errors == []
    assert ServiceItem.objects.get(code=registration.code).versions.get().founds_entity is False

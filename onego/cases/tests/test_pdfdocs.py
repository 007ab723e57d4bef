"""The PDFs a case generates: the signed application form and the decision, read back as a reader would."""

from __future__ import annotations

import subprocess

import pytest

from onego.archive import services as archive
from onego.archive.models import ArchivedFile, FileKind, Retention
from onego.cases import pdfdocs, services
from onego.cases.models import MaterialSource
from onego.cases.tests import factories as f
from onego.cases.tests.factories import act as do
from onego.core.tests.pdfs import need

pytestmark = pytest.mark.django_db


def submit(w):
    (case,) = services.submit_application(
        applicant=w.applicant,
        item_code=w.simple.code,
        route="approval",
        form_data={"premises_address": "广州市白云区测试路1号"},
        uploads=[services.UploadedMaterial("floor_plan", f.PDF)],
        signature_png=f.PNG,
    )
    return case


def text_of(path) -> str:
    """The PDF's text as pdftotext reads it, without line breaks (a wrapped sentence reads as one)."""
    text = subprocess.run(
        [need("pdftotext"), str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return "".join(text.split())


def test_the_application_form_pdf_carries_the_form_the_materials_and_the_signature(w, tmp_path):
    case = submit(w)

    assert pdfdocs.ensure_generated(case.pk) == [pdfdocs.APPLICATION_FORM]
    assert pdfdocs.ensure_generated(case.pk) == []  # once

    row = case.materials.get(material_key=pdfdocs.APPLICATION_FORM)
    assert (row.source, row.content_type) == (MaterialSource.GENERATED, "application/pdf")
    text = text_of(row.file.path)
    assert "测试简单许可申请表" in text and case.number in text
    assert "测试餐饮有限公司" in text and "广州市白云区测试路1号" in text and "平面布局图" in text
    assert "申请人签名" in text
    images = subprocess.run(
        [need("pdfimages"), "-list", row.file.path], check=True, capture_output=True, text=True
    ).stdout
    assert [line.split()[2] for line in images.strip().splitlines()[2:]] == [
        "image",
        "smask",
    ]  # one signature


def test_a_refusal_generates_a_refusal_decision_with_the_reason_archived_permanently(w):
    case = submit(w)
    do(w, case, "clerk", "accept")
    do(w, case, "health_reviewer", "refuse", note="经营场所与生活区未有效分隔")

    archive.archive_case(case.pk)

    decision = ArchivedFile.objects.get(case=case, kind=FileKind.DECISION)
    assert decision.retention == Retention.PERMANENT
    text = text_of(case.materials.get(material_key=pdfdocs.DECISION).file.path)
    assert "不予行政许可决定书" in text and "经营场所与生活区未有效分隔" in text
    assert "行政复议" in text and "测试卫生健康局" in text


def test_an_approval_generates_an_approval_decision(w):
    case = submit(w)
    for who, action in (
        ("clerk", "accept"),
        ("health_reviewer", "pass"),
        ("health_head", "approve"),
        ("clerk", "issue"),
    ):
        do(w, case, who, action)

    assert pdfdocs.ensure_generated(case.pk) == [pdfdocs.APPLICATION_FORM, pdfdocs.DECISION]
    text = text_of(case.materials.get(material_key=pdfdocs.DECISION).file.path)
    assert "准予行政许可决定书" in text and case.applicant_name in text

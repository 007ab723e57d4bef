"""The draft-upload store (onego.cases.drafts): what the apply form keeps between the form, the preview and the
submit, within the size limit and the applicant's quota, PDF/JPEG/PNG by content."""

from __future__ import annotations

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from onego.cases import drafts
from onego.cases.tests import factories as f

KEY = str(uuid.UUID("6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b"))


@pytest.fixture(autouse=True)
def _media(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)


def pdf(name: str = "plan.pdf", content: bytes = f.PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/pdf")


def test_a_file_chosen_again_replaces_the_first_and_the_submit_reads_the_kept_one():
    # given: the applicant chose a floor plan, then chose another one for the same material
    assert drafts.store_draft_uploads(7, KEY, {"floor_plan": pdf("first.pdf")}) == {}
    assert drafts.store_draft_uploads(7, KEY, {"floor_plan": pdf("second.pdf", f.PDF + b"%v2\n")}) == {}

    # when
    kept = drafts.kept_drafts(7, KEY, ["floor_plan", "business_licence"])
    (upload,) = drafts.read_drafts(kept)

    # then: one file, the second, as the submit takes it
    assert list(kept) == ["floor_plan"] and kept["floor_plan"].endswith("/floor_plan/second.pdf")
    assert (upload.key, upload.filename, upload.content) == ("floor_plan", "second.pdf", f.PDF + b"%v2\n")
    drafts.discard_drafts(7, KEY, ["floor_plan"])
    assert drafts.kept_drafts(7, KEY, ["floor_plan"]) == {}


def test_a_file_that_is_not_a_pdf_by_content_is_not_kept_and_the_applicant_is_told():
    errors = drafts.store_draft_uploads(7, KEY, {"floor_plan": pdf("plan.pdf", b"MZ\x90\x00 not a pdf")})

    assert "按内容识别" in errors["material:floor_plan"]
    assert drafts.kept_drafts(7, KEY, ["floor_plan"]) == {}


def test_a_file_over_the_size_limit_is_not_kept_and_the_limit_is_named(settings):
    settings.ONEGO_MAX_UPLOAD_BYTES = 1024 * 1024
    big = pdf("plan.pdf", f.PDF + b"\0" * (1024 * 1024))

    errors = drafts.store_draft_uploads(7, KEY, {"floor_plan": big})

    assert errors == {"material:floor_plan": "文件超过 1 MB"}
    assert drafts.kept_drafts(7, KEY, ["floor_plan"]) == {}


def test_the_quota_counts_every_form_of_the_applicant_but_not_the_file_being_replaced(settings):
    settings.ONEGO_DRAFT_QUOTA_BYTES = len(f.PDF) + len(f.PDF) // 2  # room for one file
    other_form = str(uuid.uuid4())
    assert drafts.store_draft_uploads(7, KEY, {"floor_plan": pdf()}) == {}

    refused = drafts.store_draft_uploads(7, other_form, {"floor_plan": pdf()})
    replaced = drafts.store_draft_uploads(7, KEY, {"floor_plan": pdf("again.pdf")})
    another_applicant = drafts.store_draft_uploads(8, other_form, {"floor_plan": pdf()})

    assert "您暂存的未提交文件已达" in refused["material:floor_plan"]
    assert replaced == {} and another_applicant == {}
    assert drafts.kept_drafts(7, other_form, ["floor_plan"]) == {}

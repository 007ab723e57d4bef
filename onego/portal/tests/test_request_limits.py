"""Oversize requests are refused from their declared length before the body is read (issue 14, finding 6), with
the limits of each path in step with what the apps accept."""

from __future__ import annotations

import uuid

import pytest
from django.conf import settings
from django.utils import translation

from onego.catalog.transfer import MAX_IMPORT_BYTES
from onego.certificates.services import MAX_PDF_BYTES
from onego.core.request_limits import limit_for
from onego.inspection.services import MAX_CHUNK_BYTES
from onego.policies.payouts import MAX_RECONCILIATION_BYTES

pytestmark = pytest.mark.django_db
MIB = 1024 * 1024


def test_a_video_chunk_over_the_limit_gets_413_json_with_a_code_without_being_read(client):
    with translation.override("zh-hans"):
        response = client.put(
            f"/api/v1/inspection/uploads/{uuid.uuid4()}?offset=0",
            b"x" * 10,
            content_type="application/octet-stream",
            CONTENT_LENGTH=str(3 * MIB),
            HTTP_ACCEPT_LANGUAGE="en",
        )

    assert response.status_code == 413
    body = response.json()
    assert body["code"] == "request_too_large" and body["limit_bytes"] == limit_for(
        "/api/v1/inspection/uploads/x"
    )
    assert body["message"].startswith("What you sent is too large: this page takes at most 2.1 MB")


def test_a_licence_pdf_over_the_limit_gets_a_413_page_in_chinese(client):
    with translation.override("zh-hans"):
        response = client.post(
            "/licences/verify/",
            b"x" * 10,
            content_type="multipart/form-data; boundary=B",
            CONTENT_LENGTH=str(11 * MIB),
        )

    assert response.status_code == 413
    page = response.content.decode()
    assert 'data-testid="error-413"' in page and "此处最多接收 10.2 MB" in page


def test_requests_within_the_limit_pass(client):
    assert client.post("/licences/verify/", {"text": "x"}).status_code == 200


def test_each_paths_limit_fits_what_its_view_accepts_and_no_more_than_the_default():
    assert MAX_CHUNK_BYTES < limit_for("/api/v1/inspection/uploads/u") < 3 * MIB
    assert MAX_PDF_BYTES < limit_for("/licences/verify/") < 11 * MIB
    assert MAX_RECONCILIATION_BYTES < limit_for("/policies/payouts/batches/7/reconcile/") < 6 * MIB
    assert MAX_IMPORT_BYTES < limit_for("/admin/catalog/serviceitem/transfer/") < 51 * MIB
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE < limit_for("/api/v1/cases") < 21 * MIB
    assert limit_for("/cases/apply/item/X/") == settings.ONEGO_MAX_REQUEST_BYTES == 50 * MIB


def test_an_api_body_larger_than_django_would_read_gets_413_json_not_a_bare_400(client):
    response = client.post(
        "/api/v1/cases", b"{}", content_type="application/json", CONTENT_LENGTH=str(25 * MIB)
    )

    assert response.status_code == 413 and response.json()["code"] == "request_too_large"

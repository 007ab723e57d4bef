"""A real licence as a PDF: stored and archived by the worker, downloaded by its holder, verified by upload."""

from __future__ import annotations

import datetime as dt
import json
import subprocess

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from onego.archive.models import ArchivedFile, FileKind, Retention
from onego.certificates import render, services, tasks
from onego.certificates.tests import factories as f
from onego.core.tests.pdfs import need

pytestmark = pytest.mark.django_db
IN_FORCE = dt.datetime(2026, 6, 1, 10, tzinfo=dt.UTC)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def licence(media):
    _, lt = f.issuer_with_key()
    return f.licence(lt, holder_name="广州市白云区云味餐饮有限公司")


def test_the_worker_stores_the_pdf_once_and_archives_it_permanently(licence):
    path = tasks.render_licence.run(licence.pk)
    again = services.store_pdf(licence.pk)

    licence.refresh_from_db()
    assert path == licence.pdf.name == again.pdf.name
    row = ArchivedFile.objects.get(name=path)
    assert (row.kind, row.retention, row.content_type) == (
        FileKind.LICENCE,
        Retention.PERMANENT,
        "application/pdf",
    )
    assert row.size == licence.pdf.size
    assert services.licence_pdf(licence) == licence.pdf.open("rb").read()
    assert ArchivedFile.objects.count() == 1


def test_the_pdf_shows_the_holder_and_carries_the_signed_document(licence, tmp_path):
    pdf = services.licence_pdf(licence)
    target = tmp_path / "licence.pdf"
    target.write_bytes(pdf)

    text = subprocess.run(
        [need("pdftotext"), "-layout", str(target), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "广州市白云区云味餐饮有限公司" in text and licence.number in text
    assert json.loads(services.document_from_pdf(pdf)) == services.signed_document(licence)


def test_an_uploaded_pdf_verifies_and_one_with_altered_data_does_not(client, licence):
    genuine = services.licence_pdf(licence)
    data = services.render_data(licence)
    forged_document = services.signed_document(licence)
    forged_document["payload"]["holder_name"] = "冒名餐饮有限公司"
    data["signed_json"] = json.dumps(forged_document, ensure_ascii=False)
    forged = render.render_licence_pdf(data)

    with time_machine.travel(IN_FORCE, tick=False):
        ok = client.post(
            "/licences/verify/", {"pdf": SimpleUploadedFile("l.pdf", genuine, "application/pdf")}
        )
        bad = client.post(
            "/licences/verify/", {"pdf": SimpleUploadedFile("l.pdf", forged, "application/pdf")}
        )

    assert 'data-status="valid"' in ok.content.decode()
    assert 'data-status="invalid"' in bad.content.decode()
    assert "签名验证失败" in bad.content.decode()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"GIF89a not a pdf", "不是 PDF"),
        ("a PDF without the attachment", "不含证照签名数据"),
        (b"%PDF-1.7 broken beyond repair", "PDF"),
    ],
)
def test_an_upload_that_is_not_a_licence_pdf_gets_a_clear_message(client, content, message):
    if isinstance(content, str):
        from fpdf import FPDF

        plain = FPDF()
        plain.add_page()
        content = bytes(plain.output())
    response = client.post(
        "/licences/verify/", {"pdf": SimpleUploadedFile("x.pdf", content, "application/pdf")}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-status="invalid"' in html and message in html


def test_verification_is_rate_limited_per_ip_on_the_page_and_the_api(client, licence, settings):
    settings.ONEGO_VERIFY_RATE_PER_MINUTE = 2
    text = services.qr_text(licence)

    pages = [client.post("/licences/verify/", {"text": text}).status_code for _ in range(3)]
    api = client.post("/api/v1/licences/verify", {"qr": text}, content_type="application/json")

    assert pages == [200, 200, 429]
    assert api.status_code == 429 and api.json()["code"] == "rate_limited"
    # a plain visit to the page (no check) is not counted
    assert client.get("/licences/verify/").status_code == 200


def test_the_pdf_is_for_the_holder_and_staff_only(client, licence):
    from onego.accounts.models import User

    holder = User.objects.create_user(
        "holder", password="x-Long-Passw0rd", enterprise_credit_code=f.ENTERPRISE_CODE
    )
    stranger = User.objects.create_user("stranger", password="x-Long-Passw0rd", id_number=f.PERSON_ID)
    url = f"/licences/{licence.identifier}.pdf"

    assert client.get(url).status_code == 404
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    client.force_login(holder)
    response = client.get(url + "?download=1")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"%PDF-")

"""A hostile PDF posted to /licences/verify/ (issue 14, finding 8): a decompression bomb is refused with a
message, never a 500 and never read into memory."""

from __future__ import annotations

import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from onego.certificates import services
from onego.core.tests.pdfs import assemble_pdf

pytestmark = pytest.mark.django_db


def bomb_pdf(inflated: int) -> bytes:
    """A small PDF whose `licence.json` attachment is a FlateDecode stream inflating to `inflated` zero bytes."""
    squeezer = zlib.compressobj(9)
    block = b"\0" * (1024 * 1024)
    data = b"".join(squeezer.compress(block) for _ in range(inflated // len(block))) + squeezer.flush()
    objects = [
        b"<</Type/Catalog/Pages 2 0 R/Names<</EmbeddedFiles<</Names[(licence.json) 3 0 R]>>>>>>",
        b"<</Type/Pages/Kids[]/Count 0>>",
        b"<</Type/Filespec/F(licence.json)/UF(licence.json)/EF<</F 4 0 R>>>>",
        b"<</Type/EmbeddedFile/Filter/FlateDecode/Length %d>>\nstream\n" % len(data) + data + b"\nendstream",
    ]
    return assemble_pdf(objects, b"1.7")


def test_a_pdf_whose_attachment_inflates_to_80_mb_is_refused_with_a_message(client):
    content = bomb_pdf(80 * 1024 * 1024)
    assert len(content) < services.MAX_PDF_BYTES  # small on the wire

    response = client.post(
        "/licences/verify/",
        {"pdf": SimpleUploadedFile("x.pdf", content, "application/pdf")},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert response.status_code == 422
    html = response.content.decode()
    assert 'data-status="invalid"' in html and "解压后过大或嵌套过深" in html


def test_the_cap_is_far_below_pypdfs_own_so_a_smaller_bomb_is_refused_too():
    with pytest.raises(services.HostilePdf):
        services.document_from_pdf(bomb_pdf(services.MAX_PDF_INFLATED_BYTES + 1024 * 1024))


def test_an_attachment_under_the_cap_is_still_read():
    assert services.document_from_pdf(bomb_pdf(1024 * 1024)) == "\0" * (1024 * 1024)

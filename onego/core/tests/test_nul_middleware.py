"""The edge refuses NUL in the path, the query string, form fields and JSON bodies — and only there."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import RequestFactory

from onego.core.middleware import RefuseNulMiddleware, request_has_nul

rf = RequestFactory()


@pytest.mark.parametrize(
    "request_",
    [
        rf.get("/api/v1/items", {"q": "a\x00b"}),
        rf.get("/api/v1/items", {"q\x00": "x"}),
        rf.post("/cases/mine/X/withdraw/", {"reason": "\x00"}),
        rf.post(
            "/cases/mine/X/withdraw/",
            {"reason": "x", "file": SimpleUploadedFile("a.pdf", b"%PDF")} | {"n": "\x00"},
        ),
        rf.post("/api/v1/licences/verify", '{"qr": "\\u0000"}', content_type="application/json"),
        rf.post("/api/v1/licences/verify", '{"payload": {"k\\u0000": 1}}', content_type="application/json"),
        rf.post("/api/v1/licences/verify", b'{"qr": "\x00"}', content_type="application/json"),
        rf.get("/api/v1/cases/A\x00B"),
    ],
    ids=[
        "query-value",
        "query-key",
        "form-field",
        "multipart-field",
        "json-escape",
        "json-key",
        "json-raw-byte",
        "path",
    ],
)
def test_a_nul_is_found(request_):
    assert request_has_nul(request_)


@pytest.mark.parametrize(
    "request_",
    [
        rf.get(
            "/api/v1/items", {"q": "食品 %00"}
        ),  # the text "%00", percent-encoded on the wire, is not a NUL
        rf.post("/api/v1/licences/verify", json.dumps({"qr": "\\u0000"}), content_type="application/json"),
        rf.post("/x/", {"file": SimpleUploadedFile("v.webm", b"\x00\x00binary")}),  # file contents are data
        rf.put("/api/v1/inspection/uploads/1", b"\x00\x01", content_type="application/octet-stream"),
        rf.post("/api/v1/licences/verify", b"not json \\u0000", content_type="application/json"),
    ],
    ids=["percent-text", "escaped-backslash", "file-contents", "octet-stream", "invalid-json"],
)
def test_what_is_not_a_nul_passes(request_):
    assert not request_has_nul(request_)


def test_the_api_answer_is_json_with_a_code():
    middleware = RefuseNulMiddleware(lambda request: HttpResponse("reached"))
    response = middleware(rf.get("/api/v1/items", {"q": "\x00"}))
    assert response.status_code == 400
    assert json.loads(response.content)["code"] == "nul_character"


def test_a_small_multipart_body_stays_readable_for_a_route_that_reads_the_raw_body():
    request = rf.post("/api/v1/cases/X/actions", {"note": "fine"})
    assert not request_has_nul(request)
    assert b"fine" in request.body  # ninja reads request.body; it used to raise RawPostDataException (a 500)

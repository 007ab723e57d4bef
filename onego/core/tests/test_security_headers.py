"""Content-Security-Policy and Permissions-Policy on every page; templates that need no inline script or style
(docs/security.md, "Content-Security-Policy and permissions")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.http import HttpResponse

from onego.core.security_headers import allow_features, protect_upload, safe_file_name

ONEGO = Path(__file__).resolve().parent.parent.parent
PAGES = ["/", "/login/", "/signup/", "/guides/", "/cases/progress/", "/licences/verify/", "/admin/login/"]


def directives(header: str) -> dict[str, list[str]]:
    parsed: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_a_policy_without_inline_script_inline_style_or_eval_and_cannot_be_framed(
    client, path
):
    response = client.get(path)

    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no page asked for a nonce: no inline script at all
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"] and policy["base-uri"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", [*PAGES, "/no-such-page/", "/api/v1/items"])
def test_every_response_denies_camera_microphone_and_geolocation(client, path):
    response = client.get(path)

    assert response["Permissions-Policy"] == "camera=(), microphone=(), geolocation=()"


@pytest.mark.django_db
def test_a_report_address_is_added_when_configured(client, settings):
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {
            **settings.CONTENT_SECURITY_POLICY["DIRECTIVES"],
            "report-uri": ["https://csp.example.org/r"],
        }
    }

    assert directives(client.get("/")["Content-Security-Policy"])["report-uri"] == [
        "https://csp.example.org/r"
    ]


def _templates() -> list[Path]:
    return sorted(p for p in ONEGO.rglob("templates/**/*.html"))


INLINE = {
    'inline <script> (move it to a static file or give it nonce="{{ request.csp_nonce }}")': re.compile(
        r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")(?![^>]*\bnonce=)[^>]*>", re.I
    ),
    "style= attribute (use a class or a data- attribute and a rule in a static stylesheet)": re.compile(
        r"\sstyle\s*=", re.I
    ),
    "<style> block (move it to a static stylesheet)": re.compile(r"<style[\s>]", re.I),
    "inline event handler (bind it in a static script)": re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


def test_no_template_needs_unsafe_inline():
    found = [
        f"{path.relative_to(ONEGO)}:{text[: match.start()].count(chr(10)) + 1}: {what}"
        for path in _templates()
        for text in [path.read_text(encoding="utf-8")]
        for what, pattern in INLINE.items()
        for match in pattern.finditer(text)
    ]

    assert len(_templates()) > 50
    assert found == []


def test_a_view_opens_only_the_features_it_names(rf, settings):
    @allow_features("camera")
    def view(request):
        return HttpResponse("ok")

    from onego.core.security_headers import PermissionsPolicyMiddleware

    response = PermissionsPolicyMiddleware(view)(rf.get("/"))

    assert response["Permissions-Policy"] == "camera=(self), microphone=(), geolocation=()"
    with pytest.raises(ValueError):
        allow_features("usb")


def test_an_upload_is_sandboxed_never_sniffed_and_named_safely():
    response = protect_upload(
        HttpResponse(b"<script>alert(1)</script>", content_type="image/png"),
        'x"; filename=evil.html\r\nSet-Cookie: a=b',
    )

    assert response["Content-Security-Policy"].split(";")[0] == "sandbox"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert "script" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'inline; filename="x_filename_evil.html_Set-Cookie_a_b"'
    assert response["Cache-Control"] == "private, no-store"
    assert safe_file_name("办件.pdf") == "pdf"
    assert safe_file_name("...") == "file"


@pytest.mark.django_db
def test_the_api_docs_page_loads_its_scripts_from_this_site(client):
    page = client.get("/api/v1/docs").content.decode()

    assert "/static/ninja/swagger-ui-bundle.js" in page and "/static/ninja/swagger-ui-init.js" in page
    assert "https://" not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", page)

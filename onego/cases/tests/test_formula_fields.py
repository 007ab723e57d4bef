"""Formula-like text refused on the online apply page and at the window (issue 14, finding 2): names and
addresses end up in CSV/Excel files, and the one field check serves every way in."""

from __future__ import annotations

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from onego.cases.models import Case
from onego.cases.tests import factories as f
from onego.cases.tests.factories import bundle_post, login

pytestmark = pytest.mark.django_db
FORMULA = '=HYPERLINK("http://evil.example","点击")'


@pytest.fixture
def w(window_world: f.WindowWorld) -> f.WindowWorld:
    """The service hall's world, as the window's own tests have it."""
    return window_world


def test_the_window_refuses_a_formula_as_an_address_at_the_field_and_writes_nothing(w, client):
    client.force_login(w.clerk)
    sel = f.window_select(client, w.applicant)
    form = client.get(reverse("cases:window_intake"), {"sel": sel, "pick": f"item:{w.item.code}"})

    response = client.post(
        reverse("cases:window_intake"),
        {
            "step": "submit",
            "sel": sel,
            "item": w.item.code,
            "idempotency_key": form.context["key"],
            "legal_representative": "李娜",
            "premises_address": FORMULA,
            "route": "approval",
            "signature": f.SIGNATURE,
            "material_floor_plan": SimpleUploadedFile("scan.pdf", f.PDF, content_type="application/pdf"),
        },
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert response.status_code == 422
    assert "不能以 = + - @ 等符号开头" in response.content.decode()
    assert not Case.objects.exists()


def test_the_apply_page_refuses_a_full_width_formula_as_a_name(w, client):
    login(client, w.applicant)

    response = client.post(
        reverse("cases:apply_bundle", args=["test-bundle"]),
        bundle_post(str(uuid.uuid4()), legal_representative="＠SUM(1)"),
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert response.status_code == 422
    assert "不能以 = + - @ 等符号开头" in response.content.decode()
    assert not Case.objects.exists()

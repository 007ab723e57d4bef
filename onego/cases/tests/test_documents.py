"""One signature, captured once, is on every form the case generates (seed case 2)."""

import pytest

from onego.cases import services
from onego.cases.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def bundle_cases(db):
    from onego.core.calendar import load_from_chinesecalendar

    load_from_chinesecalendar()
    w = f.world()
    cases = services.submit_application(
        applicant=w.applicant,
        bundle_code="test-bundle",
        route="commitment",
        commitment_signed=True,
        form_data={"legal_representative": "李娜", "premises_address": "广州市白云区测试路 1 号"},
        uploads=[services.UploadedMaterial("floor_plan", f.PDF)],
        signature_png=f.PNG,
    )
    return w, cases


def test_every_generated_form_of_every_case_in_the_bundle_carries_the_same_signature(client, bundle_cases):
    import base64

    w, cases = bundle_cases
    client.force_login(w.applicant)
    expected = "data:image/png;base64," + base64.b64encode(f.PNG).decode()

    pages = [client.get(f"/cases/documents/{c.number}/").content.decode() for c in cases]

    # the countersign item offers the commitment route: application form + commitment letter
    assert 'data-testid="commitment-letter"' in pages[0]
    assert pages[0].count(expected) == 2
    # the simple item has only the approval route, so only its application form
    assert 'data-testid="commitment-letter"' not in pages[1]
    assert pages[1].count(expected) == 1
    assert "测试餐饮有限公司" in pages[0]


def test_the_documents_of_a_case_are_404_for_another_applicant(client, bundle_cases):
    w, cases = bundle_cases
    client.force_login(w.other_applicant)
    assert client.get(f"/cases/documents/{cases[0].number}/").status_code == 404
    client.logout()
    assert client.get(f"/cases/documents/{cases[0].number}/").status_code == 404

"""A finished case shows its result: the issued e-licence (PDF and verification page) and the decision, on the
applicant's 我的办件 pages and the staff case page; nobody else can open them (cases.results, registered by
certificates)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from onego.cases import services as case_services
from onego.cases.models import Outcome
from onego.cases.tests import factories as f
from onego.cases.tests.factories import act as do
from onego.catalog import process as proc
from onego.catalog.models import ServiceItem
from onego.catalog.tests import factories as cf
from onego.certificates import services
from onego.certificates.models import Licence, LicenceType

pytestmark = pytest.mark.django_db


@dataclass
class LicensingWorld(f.World):
    food: ServiceItem  # 食品经营许可 of the market bureau: approval issues a signed 食品经营许可证


@pytest.fixture
def w(db, tmp_path, settings) -> LicensingWorld:
    from onego.core.calendar import load_from_chinesecalendar

    settings.MEDIA_ROOT = str(tmp_path)
    load_from_chinesecalendar()
    w = f.world()
    LicenceType.objects.create(
        key="food_business_licence",
        name="食品经营许可证",
        type_code=w.market.credit_code + "001",
        issuing_department=w.market,
        valid_years=5,
        data_fields=[{"key": "premises_address", "label": "经营场所"}],
    )
    services.create_signing_key(w.market, actor="test")
    food = cf.handling_item(
        dept=w.market,
        basic_code="000172008021",
        name="食品经营许可",
        statutory=20,
        promised=3,
        process=proc.simple_approval(promised_workdays=3),
        result_licence_type="food_business_licence",
        form=[{"key": "entity_name", "locked": True}, "premises_address"],
    )
    return LicensingWorld(**vars(w), food=food)


@pytest.fixture
def finished(w):
    (case,) = case_services.submit_application(
        applicant=w.applicant,
        item_code=w.food.code,
        signature_png=f.PNG,
        uploads=[],
        form_data={"premises_address": "广州市白云区测试路 1 号"},
    )
    for who, action in (
        ("clerk", "accept"),
        ("market_reviewer", "pass"),
        ("market_head", "approve"),
        ("clerk", "issue"),
    ):
        case = do(w, case, who, action)
    assert case.outcome == Outcome.APPROVED
    return case, Licence.objects.get(case=case)


def links_of(licence: Licence, case) -> dict[str, str]:
    pdf = reverse("certificates:pdf", args=[licence.identifier])
    return {
        "licence_pdf": pdf,
        "verify": f"{reverse('certificates:verify')}?{urlencode({'id': licence.identifier})}",
        "decision": reverse("cases:decision_pdf", args=[case.number]),
    }


def test_the_finished_licence_case_page_links_the_licence_pdf_its_verification_and_the_decision(
    w, client, finished
):
    case, licence = finished
    client.force_login(w.applicant)

    page = client.get(reverse("cases:my_case", args=[case.number])).content.decode()

    links = links_of(licence, case)
    assert f'href="{links["licence_pdf"]}"' in page
    assert f'href="{links["verify"].replace("&", "&amp;")}"' in page
    assert f'href="{links["decision"]}"' in page
    assert licence.number in page and "食品经营许可证" in page and "电子证照上线后" not in page
    pdf = client.get(links["licence_pdf"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    decision = client.get(links["decision"])
    assert decision.status_code == 200 and b"".join(decision).startswith(b"%PDF")


def test_my_cases_links_the_licence_and_the_decision_of_the_finished_case(w, client, finished):
    case, licence = finished
    client.force_login(w.applicant)

    page = client.get(reverse("cases:my_cases")).content.decode()

    links = links_of(licence, case)
    assert f'href="{links["licence_pdf"]}"' in page and f'href="{links["decision"]}"' in page


def test_the_staff_case_page_shows_the_same_results(w, client, finished):
    case, licence = finished
    client.force_login(w.market_reviewer)

    page = client.get(reverse("cases:case", args=[case.number])).content.decode()

    links = links_of(licence, case)
    assert 'data-testid="result-licence"' in page and licence.number in page
    assert f'href="{links["licence_pdf"]}"' in page and f'href="{links["decision"]}"' in page


def test_a_stranger_gets_404_on_the_case_its_licence_and_its_decision(w, client, finished):
    case, licence = finished
    client.force_login(w.other_applicant)
    links = links_of(licence, case)

    assert client.get(reverse("cases:my_case", args=[case.number])).status_code == 404
    assert client.get(links["licence_pdf"]).status_code == 404
    assert client.get(links["decision"]).status_code == 404
    client.logout()
    assert client.get(links["decision"]).status_code == 404


def test_another_departments_staff_cannot_open_the_decision(w, client, finished):
    case, _ = finished
    client.force_login(w.health_reviewer)

    assert client.get(reverse("cases:decision_pdf", args=[case.number])).status_code == 404


def test_an_open_case_has_no_decision_to_download(w, client):
    (case,) = case_services.submit_application(
        applicant=w.applicant,
        item_code=w.food.code,
        signature_png=f.PNG,
        uploads=[],
        form_data={"premises_address": "广州市白云区测试路 1 号"},
    )
    client.force_login(w.applicant)

    assert client.get(reverse("cases:decision_pdf", args=[case.number])).status_code == 404
    assert (
        'data-testid="results"'
        not in client.get(reverse("cases:my_case", args=[case.number])).content.decode()
    )


def test_the_applicant_of_the_case_may_open_a_licence_held_by_someone_else_on_their_application(w, client):
    # e.g. a clinic's filing names the physician as holder: the applicant still gets the result of their case
    (case,) = case_services.submit_application(
        applicant=w.applicant,
        item_code=w.food.code,
        signature_png=f.PNG,
        uploads=[],
        form_data={"premises_address": "广州市白云区测试路 1 号"},
    )
    licence = services.issue_licence(
        licence_type=LicenceType.objects.get(),
        holder_name="张伟",
        holder_code="440111199003074513",
        data={},
        actor="test",
        case=case,
    )
    client.force_login(w.applicant)

    assert client.get(reverse("certificates:pdf", args=[licence.identifier])).status_code == 200


def test_the_staff_page_lists_the_decision_with_the_results_not_among_the_submitted_materials(
    w, client, finished
):
    from onego.cases import pdfdocs

    case, _licence = finished
    assert (
        pdfdocs.DECISION in pdfdocs.ensure_generated(case.pk)
        or case.materials.filter(material_key=pdfdocs.DECISION).exists()
    )
    client.force_login(w.market_reviewer)

    page = client.get(reverse("cases:case", args=[case.number])).content.decode()

    assert f'data-material="{pdfdocs.DECISION}"' not in page
    assert f'href="{reverse("cases:decision_pdf", args=[case.number])}"' in page

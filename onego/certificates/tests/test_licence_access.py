"""Issue 14 (authz, finding 3): a licence's signed JSON and PDF carry the holder's full ID number or credit code.
Only its holder, the issuing department's staff and departments handling a case that issued or uses the
licence may download them; everyone else gets 404; every download is audited; verification stays masked."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from onego.accounts.models import User
from onego.accounts.roles import Role
from onego.cases import services as case_services
from onego.cases.models import Case
from onego.cases.tests import factories as f
from onego.catalog.tests import factories as cf
from onego.certificates import services
from onego.certificates.models import Licence, LicenceType
from onego.certificates.tests import factories as cert_f
from onego.core.models import AuditEvent

pytestmark = pytest.mark.django_db

PERSON_ID = "440111199003074513"


@dataclass
class AccessWorld(f.World):
    licence: Licence  # the enterprise applicant's business licence, issued by a registrar
    person_licence: Licence  # 张伟's practice filing, issued by the same registrar
    registrar_reviewer: User
    supervisor: User
    centre_admin: User
    stranger: User  # a reviewer of a department with no business with either licence
    case: Case  # the market department's case that uses the business licence instead of a material


@pytest.fixture
def w(db, settings, tmp_path) -> AccessWorld:
    from onego.core.calendar import load_from_chinesecalendar

    settings.MEDIA_ROOT = tmp_path / "media"
    load_from_chinesecalendar()
    w = f.world()
    registrar, _, licence = cert_f.registrar_with_business_licence("测试餐饮有限公司", f.ENTERPRISE_CODE)
    person_type = LicenceType.objects.create(
        key="practice_filing",
        name="执业备案凭证",
        type_code=registrar.credit_code + "003",
        issuing_department=registrar,
        data_fields=[],
    )
    person_licence = services.issue_licence(
        licence_type=person_type, holder_name="张伟", holder_code=PERSON_ID, data={}, actor="test"
    )
    registrar_reviewer = f.user("r_reviewer", Role.REVIEWER, registrar)
    supervisor = f.user("sup", Role.SUPERVISOR, w.centre)
    centre_admin = f.user("c_admin", Role.ADMINISTRATOR, w.centre)
    stranger = f.user("stranger", Role.REVIEWER, cf.department(84, "测试其他局"))
    # a case of the market department that uses the business licence instead of a material (免提交)
    (case,) = case_services.submit_application(
        applicant=w.applicant,
        item_code=w.item.code,
        form_data={"legal_representative": "李娜", "premises_address": "广州市白云区测试路 1 号"},
        uploads=[case_services.UploadedMaterial("floor_plan", f.PDF)],
        signature_png=f.PNG,
    )
    return AccessWorld(
        **vars(w),
        licence=licence,
        person_licence=person_licence,
        registrar_reviewer=registrar_reviewer,
        supervisor=supervisor,
        centre_admin=centre_admin,
        stranger=stranger,
        case=case,
    )


def status(client, user, url: str) -> int:
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url).status_code


@pytest.mark.parametrize("fmt", ["json", "pdf"])
def test_the_signed_json_and_the_pdf_are_for_the_holder_the_issuer_and_departments_using_the_licence(
    w, client, fmt
):
    url = (
        f"/api/v1/licences/{w.licence.identifier}.json"
        if fmt == "json"
        else f"/licences/{w.licence.identifier}.pdf"
    )
    who = [
        "applicant",
        "registrar_reviewer",
        "market_reviewer",
        "clerk",
        "health_reviewer",
        "supervisor",
        "centre_admin",
        "stranger",
        "other_applicant",
        None,
    ]

    seen = {name or "anonymous": status(client, getattr(w, name) if name else None, url) for name in who}

    assert seen == {
        "applicant": 200,  # the holder
        "registrar_reviewer": 200,  # the issuing department
        "market_reviewer": 200,  # the department of a case that uses the licence
        "clerk": 200,  # the comprehensive window, which accepts that case
        "health_reviewer": 404,  # countersigns the case later, no task yet
        "supervisor": 404,
        "centre_admin": 404,  # the window's department, but not its clerks
        "stranger": 404,
        "other_applicant": 404,
        "anonymous": 401 if fmt == "json" else 404,  # the API asks for credentials first
    }


def test_every_download_is_audited_with_who_and_on_what_grounds(w, client):
    client.force_login(w.market_reviewer)
    client.get(f"/api/v1/licences/{w.licence.identifier}.json")
    client.force_login(w.applicant)
    client.get(f"/licences/{w.licence.identifier}.pdf")
    client.force_login(w.stranger)
    client.get(f"/api/v1/licences/{w.licence.identifier}.json")  # refused: nothing to audit as a download

    events = AuditEvent.objects.filter(action="licence.downloaded").order_by("id")
    assert [(e.actor_id, e.data["format"], e.data["grounds"]) for e in events] == [
        (w.market_reviewer.pk, "json", "staff"),
        (w.applicant.pk, "pdf", "holder"),
    ]
    assert all(e.object_id == str(w.licence.pk) for e in events)


def test_a_persons_full_id_number_reaches_only_those_entitled(w, client):
    url = f"/api/v1/licences/{w.person_licence.identifier}.json"

    client.force_login(w.other_applicant)  # the holder, 张伟
    holder = client.get(url)
    client.force_login(w.market_reviewer)  # staff, but no case of theirs uses it
    staff = client.get(url)

    assert holder.status_code == 200 and PERSON_ID in holder.content.decode()
    assert staff.status_code == 404 and PERSON_ID not in staff.content.decode()


def test_public_verification_stays_masked(w, client):
    # The QR code (identifier + signature) is what a holder shows; an identifier alone withholds the holder.
    response = client.post(
        "/api/v1/licences/verify",
        {"qr": services.qr_text(w.person_licence)},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert PERSON_ID not in response.content.decode()
    assert response.json()["licence"]["holder_code_masked"] == "4401**********4513"

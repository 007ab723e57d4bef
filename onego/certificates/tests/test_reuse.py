"""Reuse (免提交): an applicant's e-licence stands in for a material; staff see it verified; uses are logged."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from onego.accounts.models import Department
from onego.cases import services as case_services
from onego.cases.models import MaterialSource
from onego.cases.services import ApplicationInvalid
from onego.cases.tests import factories as f
from onego.certificates import services
from onego.certificates.models import Licence, LicenceType, LicenceUse
from onego.certificates.tests import factories as cert_f
from onego.core.identifiers import make_credit_code

pytestmark = pytest.mark.django_db


@dataclass
class ReuseWorld(f.World):
    registrar: Department  # a registration authority that is neither of the world's departments
    business_type: LicenceType  # 营业执照, issued by the registrar
    licence: Licence  # the applicant's business licence


@pytest.fixture
def w(db) -> ReuseWorld:
    from onego.core.calendar import load_from_chinesecalendar

    load_from_chinesecalendar()
    w = f.world()
    # the business licence is issued by a registration authority that is neither of the world's departments
    registrar, business_type, licence = cert_f.registrar_with_business_licence(
        "测试餐饮有限公司", f.ENTERPRISE_CODE
    )
    return ReuseWorld(**vars(w), registrar=registrar, business_type=business_type, licence=licence)


def submit(w, **extra):
    (case,) = f.submit_application(w, **extra)
    return case


def test_the_applicants_valid_licence_stands_in_for_the_material_without_being_asked(w):
    case = submit(w)

    material = case.materials.get(material_key="business_licence")
    assert (material.source, material.reference) == (MaterialSource.LICENCE, w.licence.identifier)
    assert not material.file


def test_a_picked_licence_that_is_not_the_applicants_is_refused_with_a_clear_message(w):
    other_code = make_credit_code("91440111MA5B00000")
    stranger = services.issue_licence(
        licence_type=w.business_type,
        holder_name="别人的公司",
        holder_code=other_code,
        data={},
        actor="test",
    )

    with pytest.raises(ApplicationInvalid) as refused:
        submit(w, licence_picks={"business_licence": stranger.identifier})

    assert "不是您名下有效的此类证照" in refused.value.errors["material:business_licence"]
    assert not w.applicant.cases.exists()


def test_a_revoked_licence_is_not_offered_and_an_upload_wins_over_a_pick(w):
    services.revoke(w.licence.pk, "营业执照被吊销", actor="test")
    case = submit(w)
    # the revoked licence does not count; the market-entity register stands in instead
    assert case.materials.get(material_key="business_licence").reference.startswith("registry.market_entity:")

    fresh = services.issue_licence(
        licence_type=w.business_type,
        holder_name="测试餐饮有限公司",
        holder_code=f.ENTERPRISE_CODE,
        data={},
        actor="test",
    )
    uploaded = submit(
        w,
        idempotency_key="second",
        licence_picks={"business_licence": fresh.identifier},
        uploads=[
            case_services.UploadedMaterial("floor_plan", f.PDF),
            case_services.UploadedMaterial("business_licence", f.PDF),
        ],
    )
    assert uploaded.materials.get(material_key="business_licence").source == MaterialSource.UPLOAD


def test_staff_see_the_licence_verified_and_their_use_is_logged_once_and_shown_to_the_holder(w, client):
    case = submit(w)
    client.force_login(w.market_reviewer)

    page = client.get(f"/cases/case/{case.number}/").content.decode()
    client.get(f"/cases/case/{case.number}/")  # looking again logs nothing new

    assert 'data-testid="reused-licence" data-status="valid"' in page
    assert w.licence.number in page and "李娜" in page
    (use,) = LicenceUse.objects.all()
    assert use.department == w.market and use.case == case
    assert case.number in use.reason and len(use.reason) <= 200
    client.force_login(w.applicant)
    mine = client.get("/licences/mine/").content.decode()
    assert "测试市场监管局" in mine and case.number in mine


def test_staff_see_at_once_that_a_reused_licence_was_revoked(w, client):
    case = submit(w)
    services.revoke(w.licence.pk, "营业执照被吊销", actor="test")
    client.force_login(w.market_reviewer)

    page = client.get(f"/cases/case/{case.number}/").content.decode()

    assert 'data-status="revoked"' in page and "营业执照被吊销" in page


def test_a_use_needs_a_reason_of_at_most_200_characters_and_the_issuer_reading_its_own_is_no_use(w):
    licence = w.licence
    with pytest.raises(services.LicenceError, match="200"):
        services.record_use(licence, department=w.market, reason="因" * 201, actor="test")
    with pytest.raises(services.LicenceError):
        services.record_use(licence, department=w.market, reason="  ", actor="test")
    assert services.record_use(licence, department=w.registrar, reason="自查", actor="test") is None
    use = services.record_use(licence, department=w.market, reason="因" * 200, actor="test")
    assert use is not None and LicenceUse.objects.count() == 1


def test_choosing_to_upload_instead_of_the_licence_requires_the_upload(w):
    with pytest.raises(ApplicationInvalid) as refused:
        submit(w, licence_picks={"business_licence": ""})

    assert "请上传「营业执照」或改选电子证照" in refused.value.errors["material:business_licence"]
    assert not w.applicant.cases.exists()


def test_without_a_valid_licence_or_a_register_record_the_applicant_is_asked_to_upload_it(w):
    from onego.registry.models import MarketEntity

    services.revoke(w.licence.pk, "营业执照被吊销", actor="test")
    MarketEntity.objects.filter(credit_code=f.ENTERPRISE_CODE).update(registration_status="注销")

    with pytest.raises(ApplicationInvalid) as refused:
        submit(w)

    assert (
        "未查到可代替「营业执照」的电子证照或共享数据记录"
        in refused.value.errors["material:business_licence"]
    )
    assert not w.applicant.cases.exists()

"""设立登记 in a bundle: a founder applies without a credit code, and issuing assigns one to the new enterprise
and carries it into every licence of the bundle; an enterprise is never offered a second 设立登记 for itself,
and one credit code never holds two valid business licences."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
import time_machine
from django.db import IntegrityError, transaction
from stdnum.cn import uscc

from onego.accounts.models import User
from onego.accounts.roles import Role
from onego.cases import services as case_services
from onego.cases.engine import TransitionNotAllowed
from onego.cases.models import Case, CaseStatus, Outcome
from onego.cases.tests import factories as f
from onego.cases.tests.factories import act as do
from onego.catalog import process as proc
from onego.catalog import services as catalog_services
from onego.catalog.models import ServiceItem
from onego.catalog.tests import factories as cf
from onego.certificates import selectors, services
from onego.certificates.models import HolderCodeType, Licence, LicenceStatus, LicenceType
from onego.core.errors import ApiError
from onego.core.models import AuditEvent
from onego.registry.models import MarketEntity

pytestmark = pytest.mark.django_db

BUNDLE = "found-a-restaurant"
# Monday 2026-06-15, a working day: the founder applies and the licences are issued on it
ISSUE_DAY = dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
FOUNDER_FORM = {
    "entity_name": "广州市白云区新开张餐饮有限公司",
    "entity_type": "有限责任公司（自然人投资或控股）",
    "entity_address": "广州市白云区嘉禾街测试路 8 号",
    "legal_representative": "张伟",
    "premises_address": "广州市白云区嘉禾街测试路 8 号首层",
}


@dataclass
class FoundingWorld(f.World):
    business_type: LicenceType  # 营业执照: one valid per holder
    food_type: LicenceType  # 食品经营许可证
    registration: ServiceItem  # 企业设立登记（测试）: founds the entity and issues its business licence
    food: ServiceItem  # 食品经营许可（测试）: the business licence stands in for a material
    reissue: ServiceItem  # 营业执照补发（测试）: re-issues an existing entity's licence (no founding)
    founder: User  # 张伟, the world's other applicant, a citizen with no enterprise


@pytest.fixture
def w(db) -> FoundingWorld:
    from onego.core.calendar import load_from_chinesecalendar

    load_from_chinesecalendar()
    w = f.world()
    market = w.market
    cf.field(
        "credit_code",
        "统一社会信用代码",
        field_type="credit_code",
        prefill_source="registry.entity.credit_code",
    )
    cf.field("entity_type", "主体类型", prefill_source="registry.entity.entity_type")
    cf.field("entity_address", "住所", prefill_source="registry.entity.address")
    holder = {"name": ["entity_name"], "code": ["credit_code"]}
    business_type = LicenceType.objects.create(
        key="business_licence",
        name="营业执照",
        name_en="Business licence",
        type_code=market.credit_code + "002",
        issuing_department=market,
        one_valid_per_holder=True,
        holder_fields=holder,
        data_fields=[{"key": "entity_type", "label": "类型"}, {"key": "established_on", "label": "成立日期"}],
    )
    food_type = LicenceType.objects.create(
        key="food_business_licence",
        name="食品经营许可证",
        type_code=market.credit_code + "001",
        issuing_department=market,
        valid_years=5,
        holder_fields=holder,
        data_fields=[{"key": "premises_address", "label": "经营场所"}],
    )
    approval = proc.simple_approval(promised_workdays=3)
    registration = cf.handling_item(
        dept=market,
        basic_code="000172008021",
        name="企业设立登记（测试）",
        statutory=3,
        promised=1,
        process=approval,
        result_licence_type="business_licence",
        founds_entity=True,
        form=["entity_name", "entity_type", "entity_address", "legal_representative", "premises_address"],
        materials=[{"key": "articles_of_association", "name": "公司章程"}],
    )
    food = cf.handling_item(
        dept=market,
        basic_code="000172008022",
        name="食品经营许可（测试）",
        statutory=20,
        promised=1,
        process=approval,
        result_licence_type="food_business_licence",
        form=[
            {"key": "entity_name", "locked": True},
            {"key": "credit_code", "locked": True},
            {"key": "legal_representative", "locked": True},
            "premises_address",
        ],
        materials=[
            {"key": "business_licence", "name": "营业执照", "substitute_licence_type": "business_licence"},
            {"key": "floor_plan", "name": "平面布局图"},
        ],
    )
    # a registration that re-issues the licence of an existing entity (no founding): the route to a second one
    reissue = cf.handling_item(
        dept=market,
        basic_code="000172008023",
        name="营业执照补发（测试）",
        statutory=3,
        promised=1,
        process=approval,
        result_licence_type="business_licence",
        form=[{"key": "entity_name", "locked": True}, {"key": "credit_code", "locked": True}],
    )
    catalog_services.define_bundle(
        code=BUNDLE,
        name="开餐馆一件事（测试）",
        name_en="",
        description="",
        lead_department=market,
        items=[registration, food],
        promised_limit_workdays=1,
    )
    services.create_signing_key(market, actor="test")
    return FoundingWorld(
        **vars(w),
        business_type=business_type,
        food_type=food_type,
        registration=registration,
        food=food,
        reissue=reissue,
        founder=w.other_applicant,  # 张伟, a citizen with no enterprise
    )


def to_issue_step(w, cases):
    for case in cases:
        do(w, case, "clerk", "accept")
        do(w, case, "market_reviewer", "pass")
        do(w, case, "market_head", "approve")
        case.refresh_from_db()
        assert case.current_step == "issue"


def founder_applies(w):
    return case_services.submit_application(
        applicant=w.founder,
        bundle_code=BUNDLE,
        form_data=dict(FOUNDER_FORM),
        signature_png=f.PNG,
        uploads=[
            case_services.UploadedMaterial("articles_of_association", f.PDF, "章程.pdf"),
            case_services.UploadedMaterial("floor_plan", f.PDF, "布局图.pdf"),
        ],
    )


def test_a_founder_is_asked_neither_for_a_credit_code_nor_for_the_business_licence_the_bundle_issues(w):
    target = case_services.resolve_target(bundle_code=BUNDLE, applicant=w.founder)

    assert [v.item_id for v in target.versions] == [w.registration.pk, w.food.pk]
    asked = [a.field.key for a in target.asked]
    assert "credit_code" not in asked
    assert {"entity_name", "entity_type", "legal_representative", "premises_address"} <= set(asked)
    assert "business_licence" not in target.materials
    assert {"articles_of_association", "floor_plan"} <= set(target.materials)
    assert target.left_out == [] and target.founds_entity


@pytest.mark.parametrize("issued_first", ["food", "registration"])
@time_machine.travel(ISSUE_DAY, tick=True)
def test_a_founders_bundle_ends_with_two_licences_carrying_the_one_newly_assigned_credit_code(
    w, issued_first, client
):
    # given the citizen applied for the bundle with no credit code, and both cases reached the issue step
    cases = {c.item_id: c for c in founder_applies(w)}
    registration, food = cases[w.registration.pk], cases[w.food.pk]
    assert "credit_code" not in food.form_data and "credit_code" not in registration.form_data
    to_issue_step(w, [registration, food])
    entities_before = MarketEntity.objects.count()

    # when the clerk issues one of them (the other goes out with it: 三同时)
    do(w, registration if issued_first == "registration" else food, "clerk", "issue")

    # then both cases are approved and each has its licence, held by the new enterprise under one new code
    business = Licence.objects.get(licence_type=w.business_type)
    food_licence = Licence.objects.get(licence_type=w.food_type)
    code = business.holder_code
    assert uscc.is_valid(code) and code.startswith("91440111MA")  # 9 市场监管, 1 企业, 440111 白云区
    assert food_licence.holder_code == code
    for licence in (business, food_licence):
        assert licence.holder_name == FOUNDER_FORM["entity_name"]
        assert licence.holder_code_type == HolderCodeType.CREDIT_CODE  # 001
        assert services.verify(licence.identifier).status == "valid"
    assert business.case_id == registration.pk and food_licence.case_id == food.pk
    # the business licence the bundle issued stands in for the food case's 营业执照 material
    stand_in = food.materials.get(material_key="business_licence")
    assert (stand_in.source, stand_in.reference) == ("licence", business.identifier)
    assert business.data["established_on"] == "2026-06-15"  # founded on the day of issue
    for case in (registration, food):
        case.refresh_from_db()
        assert (case.status, case.outcome) == (CaseStatus.CLOSED, Outcome.APPROVED)
        assert case.form_data["credit_code"] == code
    # and the register holds the new enterprise as the registration described it
    assert MarketEntity.objects.count() == entities_before + 1
    entity = MarketEntity.objects.get(credit_code=code)
    assert (entity.name, entity.legal_representative, entity.address, entity.established_on) == (
        FOUNDER_FORM["entity_name"],
        "张伟",
        FOUNDER_FORM["entity_address"],
        ISSUE_DAY.date(),
    )
    assert entity.registration_authority == w.market.name
    # and the founder acts for it now: both licences are theirs under My licences
    founder = User.objects.get(pk=w.founder.pk)
    assert (founder.enterprise_credit_code, founder.enterprise_name) == (code, FOUNDER_FORM["entity_name"])
    assert founder.has_role(Role.APPLICANT_ENTERPRISE) and founder.has_role(Role.APPLICANT_PERSON)
    assert set(selectors.licences_for_holder(founder)) == {business, food_licence}
    # and nobody else holds them
    assert not selectors.licences_for_holder(w.applicant).filter(holder_code=code).exists()
    assert selectors.licence_for_download(w.applicant, business.identifier) is None
    # a stranger probing for the new enterprise's licences gets nothing (404), its founder gets the PDF's page
    client.force_login(w.applicant)
    assert client.get(f"/licences/{business.identifier}.pdf").status_code == 404
    assert business.number not in client.get("/licences/mine/").content.decode()
    client.force_login(founder)
    assert business.number in client.get("/licences/mine/").content.decode()
    founded = AuditEvent.objects.filter(action="registry.entity_founded")
    assert founded.count() == 1 and founded.get().data["credit_code"] == code


def test_two_founders_get_two_different_credit_codes(w):
    second = f.user("founder2", Role.APPLICANT_PERSON, real_name="陈志强", id_number="440111198512300318")
    mine = founder_applies(w)
    theirs = case_services.submit_application(
        applicant=second,
        bundle_code=BUNDLE,
        signature_png=f.PNG,
        form_data={
            **FOUNDER_FORM,
            "entity_name": "广州市白云区第二家餐饮有限公司",
            "legal_representative": "陈志强",
        },
        uploads=[
            case_services.UploadedMaterial("articles_of_association", f.PDF, "章程.pdf"),
            case_services.UploadedMaterial("floor_plan", f.PDF, "布局图.pdf"),
        ],
    )
    for cases in (mine, theirs):
        to_issue_step(w, cases)
        do(w, cases[0], "clerk", "issue")

    codes = {lic.holder_name: lic.holder_code for lic in Licence.objects.filter(licence_type=w.business_type)}
    assert len(set(codes.values())) == 2 and all(uscc.is_valid(c) for c in codes.values())
    assert User.objects.get(pk=second.pk).enterprise_credit_code == codes["广州市白云区第二家餐饮有限公司"]


def test_an_enterprise_is_offered_the_food_licence_alone_and_no_second_registration(w):
    enterprise = w.applicant

    target = case_services.resolve_target(bundle_code=BUNDLE, applicant=enterprise)

    assert [v.item_id for v in target.versions] == [w.food.pk]
    assert [v.item_id for v in target.left_out] == [w.registration.pk]
    assert "credit_code" in [a.field.key for a in target.asked]  # its own, prefilled and locked
    assert "business_licence" in target.materials
    (case,) = case_services.submit_application(
        applicant=enterprise,
        bundle_code=BUNDLE,
        form_data={"premises_address": "广州市白云区测试路 1 号"},
        signature_png=f.PNG,
        uploads=[
            case_services.UploadedMaterial("floor_plan", f.PDF, "布局图.pdf"),
            # no e-licence of its own on record here: it uploads its licence
            case_services.UploadedMaterial("business_licence", f.PDF, "营业执照.pdf"),
        ],
    )
    assert case.item_id == w.food.pk and case.bundle_case is not None
    assert case.form_data["credit_code"] == f.ENTERPRISE_CODE


def test_the_registration_item_alone_is_refused_to_an_enterprise_with_a_clear_reason(w):
    code = w.registration.code
    with pytest.raises(ApiError) as refused:
        case_services.submit_application(
            applicant=w.applicant,
            item_code=code,
            form_data=dict(FOUNDER_FORM),
            signature_png=f.PNG,
            uploads=[],
        )
    assert (refused.value.code, refused.value.status) == ("entity_exists", 409)
    assert (
        f.ENTERPRISE_CODE in refused.value.message
        and "不能再为本企业办理「企业设立登记（测试）」" in refused.value.message
    )
    assert not Case.objects.exists()
    # a founder may apply for it alone
    (case,) = case_services.submit_application(
        applicant=w.founder,
        item_code=code,
        form_data=dict(FOUNDER_FORM),
        signature_png=f.PNG,
        uploads=[case_services.UploadedMaterial("articles_of_association", f.PDF, "章程.pdf")],
    )
    assert case.item_id == w.registration.pk


def test_a_second_valid_business_licence_for_one_credit_code_is_refused_until_the_first_is_revoked(w):
    first = services.issue_licence(
        licence_type=w.business_type,
        holder_name="测试餐饮有限公司",
        holder_code=f.ENTERPRISE_CODE,
        data={},
        actor="test",
    )

    with pytest.raises(services.LicenceError) as refused:
        services.issue_licence(
            licence_type=w.business_type,
            holder_name="测试餐饮有限公司",
            holder_code=f.ENTERPRISE_CODE,
            data={},
            actor="test",
        )

    assert f"已有有效的《营业执照》（编号 {first.number}）" in str(refused.value)
    assert Licence.objects.filter(licence_type=w.business_type).count() == 1
    # a licence of another type for the same holder is not limited
    services.issue_licence(
        licence_type=w.food_type,
        holder_name="测试餐饮有限公司",
        holder_code=f.ENTERPRISE_CODE,
        data={},
        actor="test",
    )
    # once the first is revoked, a new one can be issued
    services.revoke(first.pk, "登记机关撤销登记", actor="test")
    second = services.issue_licence(
        licence_type=w.business_type,
        holder_name="测试餐饮有限公司",
        holder_code=f.ENTERPRISE_CODE,
        data={},
        actor="test",
    )
    assert second.status == LicenceStatus.VALID and second.one_per_holder


def test_the_database_refuses_a_second_valid_business_licence_that_bypasses_the_service(w):
    first = services.issue_licence(
        licence_type=w.business_type,
        holder_name="测试餐饮有限公司",
        holder_code=f.ENTERPRISE_CODE,
        data={},
        actor="test",
    )
    copy = {
        f.name: getattr(first, f.name)
        for f in Licence._meta.concrete_fields
        if f.name not in ("id", "identifier", "number", "pdf")
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        Licence.objects.create(**copy, identifier=first.identifier + "-2", number=first.number + "2")
    # a revoked one does not count
    Licence.objects.create(
        **{**copy, "status": LicenceStatus.REVOKED},
        identifier=first.identifier + "-3",
        number=first.number + "3",
    )


def test_staff_issuing_a_second_business_licence_are_told_why_and_nothing_changes(w, client):
    # given the enterprise holds a valid business licence and asked for it again by another item
    services.issue_licence(
        licence_type=w.business_type,
        holder_name="测试餐饮有限公司",
        holder_code=f.ENTERPRISE_CODE,
        data={},
        actor="test",
    )
    (case,) = case_services.submit_application(
        applicant=w.applicant, item_code=w.reissue.code, form_data={}, signature_png=f.PNG, uploads=[]
    )
    to_issue_step(w, [case])

    # when the clerk issues through the service, then it is refused with the reason
    with pytest.raises(TransitionNotAllowed) as refused:
        do(w, case, "clerk", "issue")
    assert (refused.value.code, refused.value.status) == ("licence_not_issued", 409)
    assert "已有有效的《营业执照》" in refused.value.message

    # and on the case page the clerk reads the reason (409, never a 500) and the case waits at issue
    case.refresh_from_db()
    task = case.tasks.get(step_kind="issue", status="open")
    client.force_login(w.clerk)
    response = client.post(
        f"/cases/case/{case.number}/act/", {"action": "issue", "task_id": task.pk, "version": case.version}
    )
    assert response.status_code == 409
    assert "已有有效的《营业执照》" in response.content.decode()
    case.refresh_from_db()
    assert case.current_step == "issue" and case.status != CaseStatus.CLOSED
    assert Licence.objects.filter(licence_type=w.business_type).count() == 1


def test_a_founder_answering_a_correction_notice_is_not_asked_for_the_credit_code_still_to_come(w):
    cases = {c.item_id: c for c in founder_applies(w)}
    food = cases[w.food.pk]
    task = food.tasks.get(step_key="accept", status="open")
    case_services.act(
        food.number,
        actor=w.clerk,
        task_id=task.pk,
        action="request_correction",
        payload={"items": [{"kind": "material", "key": "floor_plan", "reason": "看不清"}]},
    )

    corrected = case_services.submit_correction(
        food.number,
        applicant=w.founder,
        form_data={},
        uploads=[case_services.UploadedMaterial("floor_plan", f.PDF, "布局图.pdf")],
    )

    assert corrected.status == CaseStatus.SUBMITTED
    assert "credit_code" not in corrected.form_data
    assert corrected.materials.filter(material_key="floor_plan", round=1).exists()


def test_in_a_bundle_not_issued_together_no_licence_names_an_enterprise_whose_registration_is_not_approved(w):
    from onego.catalog.models import Bundle

    Bundle.objects.filter(code=BUNDLE).update(issue_together=False)
    cases = {c.item_id: c for c in founder_applies(w)}
    registration, food = cases[w.registration.pk], cases[w.food.pk]
    to_issue_step(w, [food])
    do(w, registration, "clerk", "accept")  # the registration is still under review

    with pytest.raises(TransitionNotAllowed) as refused:
        do(w, food, "clerk", "issue")

    assert refused.value.code == "licence_not_issued"
    assert f"「企业设立登记（测试）」（{registration.number}）尚未准予登记" in refused.value.message
    assert (
        not Licence.objects.exists()
        and not MarketEntity.objects.exclude(credit_code=f.ENTERPRISE_CODE).exists()
    )
    # once the registration is approved and issued, the food licence waiting at issue goes out with it
    do(w, registration, "market_reviewer", "pass")
    do(w, registration, "market_head", "approve")
    do(w, registration, "clerk", "issue")
    assert Licence.objects.count() == 2
    codes = set(Licence.objects.values_list("holder_code", flat=True))
    assert len(codes) == 1 and uscc.is_valid(codes.pop())

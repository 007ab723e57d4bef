"""免提交 only where the data is really there: a waivable material is waived when its shared record or e-licence
is found on the day, the applicant sees what was fetched, the rest is asked for as an upload, and staff see
the same evidence on the case."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from onego.accounts.models import User
from onego.accounts.roles import Role
from onego.cases import services
from onego.cases.models import Case, MaterialSource
from onego.cases.services import ApplicationInvalid
from onego.cases.tests import factories as f
from onego.catalog import services as catalog_services
from onego.catalog.models import Bundle, ServiceItem
from onego.catalog.tests import factories as cf
from onego.registry.models import HealthCertificate

pytestmark = pytest.mark.django_db

SIGNATURE = f.SIGNATURE
# 2026-06-15 is a Monday, an ordinary working day; the certificate below runs 2026-03-01 to 2027-02-28.
TODAY = dt.datetime(2026, 6, 15, 10, 0, tzinfo=timezone.get_fixed_timezone(480))
WITH_RECORD = "440111199003074513"  # 张伟, the world's other_applicant
WITHOUT_RECORD = "440111198512300318"


@dataclass
class EvidenceWorld(f.World):
    food: ServiceItem  # its handler's health certificate is waived where the health register has one
    food_bundle: Bundle  # the food item and the world's simple item
    with_record: User  # 张伟, the world's other applicant, whose certificate is on record
    without_record: User  # 陈志强, none on record
    certificate: HealthCertificate  # 张伟's, valid 2026-03-01 to 2027-02-28


@pytest.fixture
def w(w: f.World) -> EvidenceWorld:
    food = cf.handling_item(
        dept=w.health,
        basic_code="000172008003",
        name="测试从业健康事项",
        promised=3,
        form=["premises_address"],
        materials=[
            {"key": "floor_plan", "name": "平面布局图"},
            {
                "key": "handler_health",
                "name": "从业人员健康证明",
                "name_en": "Food handler's health certificate",
                "substitute_shared_field": "registry.health_certificate",
                "notes": "卫生健康部门共享的有效健康证明，免提交",
            },
        ],
    )
    food_bundle = catalog_services.define_bundle(
        code="test-health-bundle",
        name="测试开店一件事",
        name_en="",
        description="",
        lead_department=w.health,
        items=[food, w.simple],
        promised_limit_workdays=3,
    )
    without_record = f.user("chen", Role.APPLICANT_PERSON, None, real_name="陈志强", id_number=WITHOUT_RECORD)
    certificate = HealthCertificate.objects.create(
        person_name="张伟",
        id_number=WITH_RECORD,
        certificate_number="粤健 440111-000101",
        issuer="广州市白云区疾病预防控制中心",
        valid_from=dt.date(2026, 3, 1),
        valid_to=dt.date(2027, 2, 28),
        source="测试",
        imported_at=TODAY,
    )
    return EvidenceWorld(
        **vars(w),
        food=food,
        food_bundle=food_bundle,
        with_record=w.other_applicant,
        without_record=without_record,
        certificate=certificate,
    )


def form_post(key: str, step: str = "submit", *, plan: bool = True, **extra):
    data: dict[str, Any] = {
        "idempotency_key": key,
        "step": step,
        "premises_address": "广州市白云区测试路 1 号",
        "route": "approval",
        "signature": SIGNATURE,
    }
    if plan:
        data["material_floor_plan"] = SimpleUploadedFile("plan.pdf", f.PDF, content_type="application/pdf")
    data.update(extra)
    return data


def submit(w, who: str, **extra):
    kwargs = {
        "applicant": getattr(w, who),
        "item_code": w.food.code,
        "form_data": {"premises_address": "广州市白云区测试路 1 号"},
        "uploads": [services.UploadedMaterial("floor_plan", f.PDF)],
        "signature_png": f.PNG,
    }
    kwargs.update(extra)
    return services.submit_application(**kwargs)


@time_machine.travel(TODAY, tick=False)
def test_an_applicant_with_a_health_certificate_on_record_sees_it_fetched_and_is_not_asked_for_it(w, client):
    client.force_login(w.with_record)

    page = client.get(reverse("cases:apply_item", args=[w.food.code])).content.decode()

    assert 'data-testid="evidence-handler_health"' in page
    assert "已调取" in page and "健康证明" in page and "张伟" in page
    assert "2026-03-01 至 2027-02-28" in page
    assert "4401**********4513" in page and WITH_RECORD not in page  # the ID number is masked
    assert 'name="material_handler_health"' not in page


@time_machine.travel(TODAY, tick=False)
def test_an_applicant_without_a_health_certificate_on_record_is_asked_to_upload_one(w, client):
    client.force_login(w.without_record)
    url = reverse("cases:apply_item", args=[w.food.code])

    page = client.get(url).content.decode()
    refused = client.post(url, form_post(str(uuid.uuid4()), step="preview"))

    assert 'data-testid="not-found-handler_health"' in page and "未查到" in page
    assert '<input type="file" id="m-handler_health" name="material_handler_health"' in page
    assert 'name="material_handler_health" accept="application/pdf,image/png,image/jpeg" required' in page
    assert refused.status_code == 422
    assert "未查到可代替「从业人员健康证明」的电子证照或共享数据记录，请上传" in refused.content.decode()
    with pytest.raises(ApplicationInvalid) as invalid:
        submit(w, "without_record")
    assert set(invalid.value.errors) == {"material:handler_health"}
    assert not Case.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_the_missing_record_message_is_in_english_only_when_english_is_chosen(w, client):
    client.force_login(w.without_record)
    client.cookies["django_language"] = "en"

    body = client.post(
        reverse("cases:apply_item", args=[w.food.code]), form_post(str(uuid.uuid4()), step="preview")
    ).content.decode()

    assert "Food handler&#x27;s health certificate" in body or "Food handler's health certificate" in body
    assert "未查到可代替" not in body


@time_machine.travel(TODAY, tick=False)
def test_an_expired_health_certificate_does_not_count_and_the_upload_is_asked_for(w, client):
    # given: 张伟's certificate ran out on 2026-05-31, before today (2026-06-15)
    HealthCertificate.objects.filter(pk=w.certificate.pk).update(
        valid_from=dt.date(2025, 6, 1), valid_to=dt.date(2026, 5, 31)
    )
    client.force_login(w.with_record)

    page = client.get(reverse("cases:apply_item", args=[w.food.code])).content.decode()

    assert 'data-testid="not-found-handler_health"' in page and "已调取" not in page
    with pytest.raises(ApplicationInvalid) as invalid:
        submit(w, "with_record")
    assert "material:handler_health" in invalid.value.errors
    (case,) = submit(
        w,
        "with_record",
        uploads=[
            services.UploadedMaterial("floor_plan", f.PDF),
            services.UploadedMaterial("handler_health", f.PDF),
        ],
    )
    assert case.materials.get(material_key="handler_health").source == MaterialSource.UPLOAD


def test_submit_checks_again_so_a_record_that_expired_after_the_form_was_shown_is_asked_for(w, client):
    url = reverse("cases:apply_item", args=[w.food.code])
    key = str(uuid.uuid4())
    # the form is shown on 2027-02-28, the certificate's last day …
    with time_machine.travel(
        dt.datetime(2027, 2, 28, 20, 0, tzinfo=timezone.get_fixed_timezone(480)), tick=False
    ):
        client.force_login(w.with_record)
        assert "已调取" in client.get(url).content.decode()
    # … and submitted on 2027-03-01, when it no longer counts
    with time_machine.travel(
        dt.datetime(2027, 3, 1, 9, 0, tzinfo=timezone.get_fixed_timezone(480)), tick=False
    ):
        response = client.post(url, form_post(key))

    assert response.status_code == 422
    assert "未查到可代替「从业人员健康证明」" in response.content.decode()
    assert not Case.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_the_evidence_is_stored_at_submit_and_staff_see_what_the_applicant_saw(w, client):
    client.force_login(w.with_record)
    url = reverse("cases:apply_item", args=[w.food.code])
    key = str(uuid.uuid4())
    preview = client.post(url, form_post(key, step="preview")).content.decode()
    assert "已调取" in preview and "2026-03-01 至 2027-02-28" in preview

    done = client.post(url, form_post(key, plan=False))

    assert done.status_code == 302
    case = Case.objects.get()
    stored = case.materials.get(material_key="handler_health")
    assert stored.source == MaterialSource.SHARED_DATA and not stored.file
    assert stored.reference == f"registry.health_certificate:{w.certificate.pk}"
    assert stored.evidence["table"] == "registry.healthcertificate"
    assert (stored.evidence["valid_from"], stored.evidence["valid_to"]) == ("2026-03-01", "2027-02-28")
    assert stored.evidence["holder_id"] == "4401**********4513"
    # the record changes later; the case keeps what was fetched at submit
    HealthCertificate.objects.filter(pk=w.certificate.pk).update(valid_to=dt.date(2026, 12, 31))
    client.force_login(w.health_reviewer)
    staff = client.get(f"/cases/case/{case.number}/").content.decode()
    assert 'data-testid="evidence-handler_health"' in staff
    assert "健康证明" in staff and "张伟" in staff and "2026-03-01 至 2027-02-28" in staff
    assert "粤健 440111-000101" in staff and "广州市白云区疾病预防控制中心" in staff
    assert WITH_RECORD not in staff
    client.force_login(w.with_record)
    mine = client.get(f"/cases/mine/{case.number}/").content.decode()
    assert "2026-03-01 至 2027-02-28" in mine


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("stranger", ["without_record", "market_reviewer", "applicant"])
def test_a_stranger_cannot_see_anothers_evidence(w, client, stranger):
    (case,) = submit(w, "with_record")
    client.force_login(getattr(w, stranger))

    pages = [
        client.get(f"/cases/mine/{case.number}/"),
        client.get(f"/cases/case/{case.number}/"),
        client.get(f"/api/v1/cases/{case.number}"),
    ]

    assert all(p.status_code in (403, 404) for p in pages), [p.status_code for p in pages]
    assert all("粤健 440111-000101" not in p.content.decode() for p in pages)


@time_machine.travel(TODAY, tick=False)
def test_a_bundle_applies_the_same_check_to_its_merged_materials(w, client):
    url = reverse("cases:apply_bundle", args=["test-health-bundle"])
    client.force_login(w.without_record)
    asked = client.get(url).content.decode()
    client.force_login(w.with_record)
    fetched = client.get(url).content.decode()
    cases = services.submit_application(
        applicant=w.with_record,
        bundle_code="test-health-bundle",
        form_data={"premises_address": "广州市白云区测试路 1 号", "entity_name": "张伟小吃店"},
        uploads=[services.UploadedMaterial("floor_plan", f.PDF)],
        signature_png=f.PNG,
    )

    assert 'data-testid="not-found-handler_health"' in asked
    assert 'data-testid="evidence-handler_health"' in fetched
    (food_case,) = [c for c in cases if c.item == w.food]
    assert food_case.materials.get(material_key="handler_health").source == MaterialSource.SHARED_DATA


@time_machine.travel(TODAY, tick=False)
def test_the_window_clerk_sees_the_same_check_for_a_walk_in_applicant(w, client):
    client.force_login(w.clerk)
    url = reverse("cases:window_intake")

    with_sel, without_sel = (
        f.window_select(client, w.with_record),
        f.window_select(client, w.without_record),
    )
    with_record = client.get(url, {"sel": with_sel, "item": w.food.code}).content.decode()
    without = client.get(url, {"sel": without_sel, "item": w.food.code}).content.decode()

    assert (
        'data-testid="evidence-handler_health"' in with_record and "2026-03-01 至 2027-02-28" in with_record
    )
    assert 'name="material_handler_health"' not in with_record
    assert 'data-testid="not-found-handler_health"' in without and 'name="material_handler_health"' in without


@time_machine.travel(TODAY, tick=False)
def test_a_health_certificate_stands_in_only_for_the_person_the_form_names(w):
    from onego.cases import evidence

    materials = services.resolve_target(item_code=w.food.code).materials

    before_typing = evidence.check(materials, w.with_record)
    named_holder = evidence.check(materials, w.with_record, form={"food_safety_manager_name": "张伟"})
    named_other = evidence.check(materials, w.with_record, form={"food_safety_manager_name": "李娜"})

    assert before_typing.waived("handler_health") and named_holder.waived("handler_health")
    assert not named_other.waived("handler_health") and "handler_health" in named_other.missing


def test_the_demo_citizen_naming_another_food_safety_manager_is_asked_for_that_persons_certificate(demo):
    from onego.accounts.models import User
    from onego.catalog.models import ServiceItem

    citizen = User.objects.get(username="citizen")  # 张伟, whose own health certificate is on record
    item = ServiceItem.objects.filter(versions__name="食品经营许可（告知承诺+现场视频）").distinct().get()
    target = services.resolve_target(item_code=item.code, applicant=citizen)

    assert "food_safety_manager_health" not in services.uploads_needed(
        target, citizen, form={"food_safety_manager_name": "张伟"}
    )
    assert "food_safety_manager_health" in services.uploads_needed(
        target, citizen, form={"food_safety_manager_name": "李娜"}
    )

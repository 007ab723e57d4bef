"""One validator for an application (issue 15): the apply form's preview, the online submit, the window's intake
and the API give the same verdict on the same bad application, show the applicant the same words, and store
nothing when they refuse."""

from __future__ import annotations

import base64
import datetime as dt
import json
import uuid
from dataclasses import dataclass, field, fields
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from onego.accounts.models import User
from onego.accounts.roles import Role
from onego.accounts.services import create_api_token
from onego.cases import services, validation
from onego.cases.models import BundleCase, Case, CaseMaterial
from onego.cases.tests import factories as f
from onego.catalog import process as proc
from onego.catalog import services as catalog_services
from onego.catalog.models import ServiceItem
from onego.catalog.tests import factories as cf
from onego.core.models import AuditEvent
from onego.registry.models import CreditRecord

pytestmark = [
    pytest.mark.django_db,
    # 2026-12-09 is a Wednesday; the world's items are in force from 2026-01-01
    pytest.mark.usefixtures("_wednesday"),
]

SIGNATURE = "data:image/png;base64," + base64.b64encode(f.PNG).decode()
FORM = {"legal_representative": "李娜", "premises_address": "广州市白云区测试路 1 号"}


@pytest.fixture
def _wednesday():
    with time_machine.travel(dt.datetime(2026, 12, 9, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def w(db, tmp_path, settings):
    from onego.core.calendar import load_from_chinesecalendar

    settings.MEDIA_ROOT = str(tmp_path)
    cache.clear()
    load_from_chinesecalendar()
    world = f.world()
    return ValidatorWorld(
        **{name.name: getattr(world, name.name) for name in fields(world)},
        # an item whose application form (申请书) the system writes: nobody uploads it
        generating=cf.handling_item(
            dept=world.market,
            basic_code="000172008005",
            name="测试生成申请书许可",
            process=proc.simple_approval(promised_workdays=3),
            form=["entity_name", "premises_address"],
            materials=[
                {"key": "floor_plan", "name": "平面布局图"},
                {"key": "application_form", "name": "申请书", "provision": "generated"},
            ],
        ),
        # a founding registration (设立登记): an enterprise that is registered already is not offered it
        founding=cf.handling_item(
            dept=world.market,
            basic_code="000172008006",
            name="测试设立登记",
            process=proc.simple_approval(promised_workdays=3),
            form=["premises_address"],
            founds_entity=True,
        ),
        unverified=f.user("unverified", Role.APPLICANT_PERSON, None, real_name="王芳"),
    )


@dataclass
class ValidatorWorld(f.World):
    """The cases world with an item whose form the system writes, a founding registration and an applicant
    whose identity is not verified."""

    generating: ServiceItem
    founding: ServiceItem
    unverified: User


@dataclass
class Application:
    """One application as every path sends it; the defaults are a good one for the world's countersigned item."""

    item: str = "item"  # a key of the world, or "" for the bundle
    bundle: str = ""
    applicant: str = "applicant"
    form: dict[str, Any] = field(default_factory=lambda: dict(FORM))
    materials: list[str] = field(default_factory=lambda: ["floor_plan"])
    route: str = "approval"
    commitment_signed: bool = False
    signed: bool = True

    def code(self, w: ValidatorWorld) -> tuple[str, str]:
        return ("", self.bundle) if self.bundle else (getattr(w, self.item).code, "")


def _false_commitment_on_record(w: ValidatorWorld) -> None:
    CreditRecord.objects.create(
        entity_code=f.ENTERPRISE_CODE,
        kind=CreditRecord.Kind.FALSE_COMMITMENT,
        recorded_on=dt.date(2026, 3, 2),
        reason="承诺经营场所面积与实际不符",
        source="测试市场监管局",
    )


def _nothing(w: ValidatorWorld) -> None:
    return None


@dataclass
class Bad:
    """A bad application, what the validator calls it (problem code at a field) and the words the applicant
    reads wherever they send it."""

    name: str
    application: Application
    field: str
    code: str
    words: tuple[str, ...]
    given: Any = _nothing


BAD = [
    Bad(
        "missing material",
        Application(materials=[]),
        "material:floor_plan",
        "material_missing",
        ("请上传「平面布局图」",),
    ),
    Bad(
        "generated material uploaded",
        Application(item="generating", materials=["floor_plan", "application_form"]),
        "material:application_form",
        "material_not_uploadable",
        ("「申请书」由系统生成或在现场录制，无需上传",),
    ),
    Bad(
        "field left empty",
        Application(form={**FORM, "premises_address": ""}),
        "premises_address",
        "field_invalid",
        ("请填写「经营场所」",),
    ),
    Bad(
        "bundle route not offered by any of its items",
        Application(item="", bundle="test-bundle", route="filing"),
        "route",
        "route_not_offered",
        ("该事项不支持所选审批方式",),
    ),
    Bad(
        "item route not offered",
        Application(item="simple", route="commitment", commitment_signed=True),
        "route",
        "route_not_offered",
        ("该事项不支持所选审批方式",),
    ),
    Bad(
        "credit record bars the commitment route",
        Application(route="commitment", commitment_signed=True),
        "route",
        "commitment_barred",
        ("申请人有虚假承诺记录（2026-03-02，承诺经营场所面积与实际不符）", "请选择一般审批程序"),
        _false_commitment_on_record,
    ),
    Bad(
        "commitment letter not signed",
        Application(route="commitment"),
        "commitment",
        "commitment_unsigned",
        ("选择告知承诺方式须签署告知承诺书",),
    ),
    Bad("not signed", Application(signed=False), "signature", "signature_missing", ("请签名",)),
]


def _post(w: ValidatorWorld, app: Application, step: str, key: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "idempotency_key": key,
        "step": step,
        **app.form,
        "route": app.route,
        "signature": SIGNATURE if app.signed else "",
    }
    if app.commitment_signed:
        data["commitment_signed"] = "on"
    for material in app.materials:
        data[f"material_{material}"] = SimpleUploadedFile(f"{material}.pdf", f.PDF, "application/pdf")
    return data


def _apply_url(w: ValidatorWorld, app: Application) -> str:
    if app.bundle:
        return reverse("cases:apply_bundle", args=[app.bundle])
    return reverse("cases:apply_item", args=[getattr(w, app.item).code])


def online(client: Any, w: ValidatorWorld, app: Application, step: str) -> Any:
    client.force_login(getattr(w, app.applicant))
    return client.post(_apply_url(w, app), _post(w, app, step, str(uuid.uuid4())))


def at_window(client: Any, w: ValidatorWorld, app: Application) -> Any:
    client.force_login(w.clerk)
    item, bundle = app.code(w)
    data = _post(w, app, "submit", str(uuid.uuid4()))
    data.update({"sel": f.window_select(client, getattr(w, app.applicant)), "item": item, "bundle": bundle})
    return client.post(reverse("cases:window_intake"), data)


def by_api(client: Any, w: ValidatorWorld, app: Application) -> Any:
    item, bundle = app.code(w)
    body = {
        "item_code": item,
        "bundle_code": bundle,
        "form_data": app.form,
        "materials": [
            {"key": m, "content_base64": base64.b64encode(f.PDF).decode(), "filename": f"{m}.pdf"}
            for m in app.materials
        ],
        "signature_png_base64": base64.b64encode(f.PNG).decode() if app.signed else "",
        "route": app.route,
        "commitment_signed": app.commitment_signed,
    }
    token = create_api_token(getattr(w, app.applicant))
    return client.post(
        "/api/v1/cases",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def verdict(w: ValidatorWorld, app: Application) -> validation.Verdict:
    item, bundle = app.code(w)
    target = services.resolve_target(item_code=item, bundle_code=bundle, applicant=getattr(w, app.applicant))
    return validation.validate_application(
        target,
        getattr(w, app.applicant),
        form_data=app.form,
        uploaded=set(app.materials),
        route=app.route,
        commitment_signed=app.commitment_signed,
        signed=app.signed,
    )


def nothing_stored() -> bool:
    return (
        Case.objects.count() == 0
        and BundleCase.objects.count() == 0
        and CaseMaterial.objects.count() == 0
        and not AuditEvent.objects.filter(action="case.submitted").exists()
    )


def test_the_good_application_of_the_table_passes_everywhere(w, client):
    # given: the application every bad one below starts from
    app = Application()

    # then: no problem, the preview shows the confirmation, and the submit stores one case
    assert verdict(w, app).problems == []
    preview = online(client, w, app, "preview")
    assert preview.status_code == 200 and "确认提交" in preview.content.decode()
    assert online(client, w, app, "submit").status_code == 302
    assert Case.objects.count() == 1


@pytest.mark.parametrize("bad", BAD, ids=[b.name for b in BAD])
def test_the_preview_and_every_submit_give_the_same_verdict_and_store_nothing(w, client, bad):
    # given
    bad.given(w)

    # when: the one validator is asked, and the application is sent every way an applicant can send it
    found = verdict(w, bad.application)
    preview = online(client, w, bad.application, "preview")
    submitted = online(client, w, bad.application, "submit")
    window = at_window(client, w, bad.application)
    api = by_api(client, w, bad.application)

    # then: one problem, named the same way, in the same words on every page and in the API's answer
    assert [(p.field, p.code) for p in found.problems] == [(bad.field, bad.code)]
    for response in (preview, submitted, window):
        page = response.content.decode()
        assert response.status_code == 422
        assert all(words in page for words in bad.words), page[-3000:]
    assert api.status_code == 422
    assert api.json()["code"] == "application_invalid"
    assert all(words in api.json()["errors"][bad.field] for words in bad.words)
    assert nothing_stored()


def test_a_registered_enterprise_is_refused_its_own_founding_registration_everywhere(w, client):
    app = Application(item="founding", form={"premises_address": "白云区"}, materials=[])

    preview = online(client, w, app, "preview")
    submitted = online(client, w, app, "submit")
    api = by_api(client, w, app)

    for response in (preview, submitted):
        assert response.status_code == 409
        assert "测试餐饮有限公司" in response.content.decode()
    assert api.status_code == 409 and api.json()["code"] == "entity_exists"
    assert nothing_stored()


def test_a_form_opened_before_its_item_was_retired_is_refused_everywhere(w, client):
    # given: the applicant opened the form; the item is retired before they send it
    client.force_login(w.applicant)
    assert client.get(reverse("cases:apply_item", args=[w.item.code])).status_code == 200
    catalog_services.retire_version(w.item.versions.get().pk, cancelled_on=dt.date(2026, 12, 9))
    app = Application()

    # when
    preview = online(client, w, app, "preview")
    submitted = online(client, w, app, "submit")
    api = by_api(client, w, app)

    # then
    assert preview.status_code == submitted.status_code == 404
    assert api.status_code == 404 and api.json()["code"] == "not_found"
    assert nothing_stored()


def test_an_applicant_without_a_verified_identity_is_told_so_at_the_preview_as_at_the_submit(w, client):
    app = Application(item="simple", applicant="unverified", form={"premises_address": "白云区"})

    with pytest.raises(services.ApiError) as refused:
        verdict(w, app)
    preview = online(client, w, app, "preview")
    submitted = online(client, w, app, "submit")
    api = by_api(client, w, app)

    assert refused.value.code == "identity_missing"
    for response in (preview, submitted):
        assert response.status_code == 422
        assert "申请人未完成实名核验" in response.content.decode()
    assert api.status_code == 422 and api.json()["code"] == "identity_missing"
    assert nothing_stored()


def test_the_credit_bar_reads_in_english_when_english_is_chosen(w, client):
    _false_commitment_on_record(w)
    client.force_login(w.applicant)
    app = Application(route="commitment", commitment_signed=True)

    page = client.post(
        _apply_url(w, app), _post(w, app, "preview", str(uuid.uuid4())), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()

    assert "The applicant has a record of a false commitment (2026-03-02" in page
    assert "不适用告知承诺方式" not in page

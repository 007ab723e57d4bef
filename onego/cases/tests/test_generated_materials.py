"""Materials the catalogue says the system generates (在线生成 / 系统生成) are generated, not demanded as uploads:
the company registration application (公司登记申请书), the articles of association (公司章程) from the standard
template filled with the shareholders, and the appointment of officers (任职文件) — each a PDF kept with the
case, carrying the applicant's one signature, archived with its digest, and marked 系统生成 on the case."""

from __future__ import annotations

import base64
import subprocess
from dataclasses import dataclass
from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from onego.accounts.models import Department, User
from onego.accounts.roles import Role
from onego.accounts.services import ensure_role_groups
from onego.archive import services as archive
from onego.archive.models import ArchivedFile, FileKind
from onego.cases import pdfdocs, services, validation
from onego.cases.models import MaterialSource
from onego.cases.tests import factories as f
from onego.core.models import AuditEvent
from onego.core.sm3 import sm3_hex
from onego.core.tests.pdfs import need

pytestmark = pytest.mark.django_db

FOUNDER_ID = "440111198806121024"
SECOND_ID = "11010519491231002X"
GENERATED = ("application_form", "articles_of_association", "officer_appointment")
# The registration form as a founder fills it: two shareholders whose contributions add up to the capital.
FORM = {
    "entity_name": "广州白云云味餐饮有限公司",
    "entity_type": "有限责任公司（自然人投资或控股）",
    "entity_address": "广州市白云区嘉禾街金铂天地商业广场 3 层 312 号",
    "premises_address": "广州市白云区嘉禾街金铂天地商业广场 3 层 312 号",
    "legal_representative": "李娜",
    "legal_representative_id_number": FOUNDER_ID,
    "registered_capital": "80",
    "business_scope": "餐饮服务；食品销售",
    "investors": f"李娜，{FOUNDER_ID}，50 万元，货币，2030-12-31\n王强，{SECOND_ID}，30，货币，2031-06-30",
    "company_officers": f"李娜，执行董事兼经理，{FOUNDER_ID}\n王强，监事，{SECOND_ID}",
    "handler_name": "李娜",
    "handler_phone": "13800138001",
}


@dataclass
class FoundingWorld:
    clerk: User  # a window clerk of the demo service centre
    code: str  # the demo catalogue's 企业设立登记 item
    founder: User  # 李娜, with no enterprise yet
    stranger: User  # 张伟, another citizen
    reviewer: User  # a market-supervision reviewer


@pytest.fixture
def w(settings, tmp_path) -> FoundingWorld:
    """The demo catalogue's 企业设立登记 item, a founder with no enterprise yet, and market-supervision staff."""
    from onego.core.calendar import load_from_chinesecalendar
    from onego.demo import catalogue
    from onego.demo.accounts import DEPARTMENT_CODES, DEPARTMENTS

    settings.MEDIA_ROOT = tmp_path
    load_from_chinesecalendar()
    ensure_role_groups()
    for d in DEPARTMENTS:
        Department.objects.get_or_create(
            credit_code=DEPARTMENT_CODES[d.key],
            defaults={
                "name": d.name,
                "short_name": d.short_name,
                "is_demo_code": True,
                "hosts_comprehensive_window": d.hosts_comprehensive_window,
            },
        )
    catalogue.load_catalogue()
    market = Department.objects.get(credit_code=DEPARTMENT_CODES["scjg"])
    centre = Department.objects.get(hosts_comprehensive_window=True)
    return FoundingWorld(
        clerk=f.user("w_clerk", Role.WINDOW_CLERK, centre),
        code=catalogue.item_code("business_registration"),
        founder=f.user("founder", Role.APPLICANT_PERSON, None, real_name="李娜", id_number=FOUNDER_ID),
        stranger=f.user(
            "stranger", Role.APPLICANT_PERSON, None, real_name="张伟", id_number="440111199003074513"
        ),
        reviewer=f.user("m_reviewer", Role.REVIEWER, market),
    )


def _uploads(w) -> list[services.UploadedMaterial]:
    target = services.resolve_target(item_code=w.code)
    return [
        services.UploadedMaterial(key, f.PDF, f"{key}.pdf")
        for key, m in target.materials.items()
        if m.required and not m.waivable and not m.condition and m.provision == "applicant"
    ]


def _submit(w, form=FORM):
    (case,) = services.submit_application(
        applicant=w.founder,
        item_code=w.code,
        form_data=dict(form),
        uploads=_uploads(w),
        signature_png=f.PNG,
        route="approval",
    )
    return case


def _verdict(target, w, form) -> validation.Verdict:
    """The application validator's verdict on the founder's form with nothing uploaded, signed, by approval."""
    return validation.validate_application(
        target, w.founder, form_data=form, uploaded=set(), route="approval", signed=True
    )


def _text(material) -> str:
    """The PDF's text as pdftotext reads it, without whitespace (a wrapped line reads as one). pypdf 7.1 maps
    some glyphs of the embedded CJK subset to wrong characters, so poppler is the reader here, as in
    test_pdfdocs."""
    text = subprocess.run(
        [need("pdftotext"), material.file.path, "-"], check=True, capture_output=True, text=True
    ).stdout
    return "".join(text.split())


def test_the_registration_demands_no_upload_of_the_documents_the_system_generates(w):
    target = services.resolve_target(item_code=w.code)

    assert {k for k, m in target.materials.items() if m.provision == "generated"} == set(GENERATED)
    demanded = {
        k for k, m in target.materials.items() if m.required and not m.waivable and m.provision == "applicant"
    }
    assert not demanded & set(GENERATED)
    errors = _verdict(target, w, dict(FORM)).errors
    assert not [k for k in errors if k.removeprefix("material:") in GENERATED]


def test_an_upload_of_a_generated_material_is_refused_and_nothing_is_written(w):
    uploads = [*_uploads(w), services.UploadedMaterial("articles_of_association", f.PDF, "章程.pdf")]

    with pytest.raises(services.ApplicationInvalid) as refused:
        services.submit_application(
            applicant=w.founder,
            item_code=w.code,
            form_data=dict(FORM),
            uploads=uploads,
            signature_png=f.PNG,
            route="approval",
        )

    assert "系统生成" in refused.value.errors["material:articles_of_association"]
    assert not w.founder.cases.exists()


@time_machine.travel("2026-12-09 10:00 +08:00", tick=False)  # a Wednesday, a working day
def test_the_articles_read_the_shareholders_and_the_appointments_read_the_officers(w):
    case = _submit(w)

    made = pdfdocs.ensure_generated(case.pk)

    assert made == [pdfdocs.APPLICATION_FORM, "articles_of_association", "officer_appointment"]
    rows = {m.material_key: m for m in case.materials.filter(source=MaterialSource.GENERATED)}
    assert rows[pdfdocs.APPLICATION_FORM].name == "公司登记（备案）申请书"
    form = _text(rows[pdfdocs.APPLICATION_FORM])
    assert "公司登记（备案）申请书" in form and "李娜（认缴50万元，货币，2030-12-31前缴足）" in form
    articles = _text(rows["articles_of_association"])
    assert "广州白云云味餐饮有限公司章程" in articles and case.number in articles
    assert "公司注册资本为人民币80万元" in articles
    assert (
        f"李娜，公民身份号码{FOUNDER_ID}，认缴出资50万元，占注册资本的62.5%，出资方式为货币，于2030年12月31日前缴足"
        in articles
    )
    assert "王强" in articles and "认缴出资30万元，占注册资本的37.5%" in articles
    assert "股东会由全体股东组成" in articles  # two shareholders: a shareholders' meeting
    assert "设监事王强" in articles and "即李娜" in articles
    appointment = _text(rows["officer_appointment"])
    assert (
        "股东会决议" in appointment
        and "选举（任命）李娜" in appointment
        and "为公司执行董事兼经理" in appointment
    )
    assert "王强" in appointment and "为公司监事" in appointment


def test_each_generated_document_carries_the_digest_of_the_one_signature(w):
    case = _submit(w)
    with case.signature.open("rb") as fh:
        signature_sm3 = sm3_hex(fh.read())

    pdfdocs.ensure_generated(case.pk)

    for row in case.materials.filter(source=MaterialSource.GENERATED):
        assert f"电子签名文件SM3：{signature_sm3}" in _text(row), row.material_key
    events = AuditEvent.objects.filter(action="case.document_generated", object_id=str(case.pk))
    assert {e.data["document"] for e in events} == {
        pdfdocs.APPLICATION_FORM,
        "articles_of_association",
        "officer_appointment",
    }
    for e in events:
        row = case.materials.get(material_key=e.data["document"], source=MaterialSource.GENERATED)
        with row.file.open("rb") as fh:
            assert e.data["sm3"] == sm3_hex(fh.read())
        assert e.data["signature_sm3"] == signature_sm3


def test_the_generated_documents_are_archived_with_their_digests(w):
    case = _submit(w)

    archive.archive_case(case.pk)

    archived = {a.name: a for a in ArchivedFile.objects.filter(case=case, kind=FileKind.GENERATED_FORM)}
    generated = list(case.materials.filter(source=MaterialSource.GENERATED))
    assert {m.material_key for m in generated} == {
        pdfdocs.APPLICATION_FORM,
        "articles_of_association",
        "officer_appointment",
    }
    for row in generated:
        with row.file.open("rb") as fh:
            assert archived[row.file.name].sm3 == sm3_hex(fh.read())


def test_a_sole_founder_without_officers_gets_articles_of_a_one_shareholder_company(w):
    # given no officers typed: the legal representative is the one director and the manager, no supervisor
    form = {
        **FORM,
        "registered_capital": "50",
        "investors": f"李娜，{FOUNDER_ID}，50，货币，2030-12-31",
        "company_officers": "",
    }
    case = _submit(w, form)

    pdfdocs.ensure_generated(case.pk)

    articles = _text(case.materials.get(material_key="articles_of_association"))
    assert "公司只有一个股东，不设股东会" in articles and "占注册资本的100%" in articles
    assert "不设监事" in articles and "由李娜担任" in articles
    appointment = _text(case.materials.get(material_key="officer_appointment"))
    assert (
        "股东决定" in appointment and "为公司执行董事兼经理" in appointment and "公司不设监事" in appointment
    )


def test_staff_and_the_applicant_see_the_generated_materials_marked_as_such(w, client):
    case = _submit(w)
    pdfdocs.ensure_generated(case.pk)

    client.force_login(w.reviewer)
    page = client.get(f"/cases/case/{case.number}/").content.decode()
    for key in GENERATED:
        block = page.split(f'data-material="{key}"', 1)[1].split('class="st-material"', 1)[0]
        assert 'data-testid="generated-badge"' in block and "系统生成" in block, key
        assert "未提交" not in block and "/materials/" in block, key

    client.force_login(w.founder)
    mine = client.get(f"/cases/mine/{case.number}/").content.decode()
    articles = case.materials.get(material_key="articles_of_association")
    assert mine.count('data-testid="generated-badge"') == 3
    assert f"/cases/mine/{case.number}/generated/{articles.pk}/" in mine
    pdf = client.get(f"/cases/mine/{case.number}/generated/{articles.pk}/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_the_window_clerk_is_not_asked_to_scan_what_the_system_generates(w, client):
    client.force_login(w.clerk)

    sel = f.window_select(client, w.founder)
    page = client.get("/cases/window/", {"sel": sel, "item": w.code}).content.decode()

    for key in GENERATED:
        block = page.split(f'data-material="{key}"', 1)[1].split("</li>", 1)[0]
        assert f'data-testid="generated-{key}"' in block and "系统生成" in block, key
        assert 'type="file"' not in block, key
    premises = page.split('data-material="premises_declaration"', 1)[1].split("</li>", 1)[0]
    assert 'type="file"' in premises


def test_the_printable_application_reads_the_shareholders_in_words(w, client):
    case = _submit(w)
    client.force_login(w.founder)

    page = client.get(f"/cases/documents/{case.number}/").content.decode()

    assert (
        "李娜（认缴 50 万元，货币，2030-12-31 前缴足）；王强（认缴 30 万元，货币，2031-06-30 前缴足）" in page
    )
    assert "李娜（执行董事兼经理）；王强（监事）" in page
    assert "amount_wan" not in page


def test_only_the_applicant_may_download_their_generated_documents(w, client):
    case = _submit(w)
    pdfdocs.ensure_generated(case.pk)
    articles = case.materials.get(material_key="articles_of_association")
    uploaded = case.materials.exclude(source=MaterialSource.GENERATED).exclude(file="").first()
    url = f"/cases/mine/{case.number}/generated/{articles.pk}/"

    client.force_login(w.stranger)
    assert client.get(url).status_code == 404  # another applicant's case: not found, not forbidden
    client.force_login(w.reviewer)
    assert client.get(url).status_code == 403  # staff read files on the staff case page
    client.force_login(w.founder)
    if uploaded is not None:
        assert client.get(f"/cases/mine/{case.number}/generated/{uploaded.pk}/").status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


@time_machine.travel("2026-12-09 10:00 +08:00", tick=False)  # a Wednesday
def test_the_preview_shows_the_articles_as_they_will_be_generated(w, client):
    client.force_login(w.founder)
    post: dict[str, object] = {
        **FORM,
        "step": "preview",
        "route": "approval",
        "signature": "data:image/png;base64," + base64.b64encode(f.PNG).decode(),
    }
    for upload in _uploads(w):
        post[f"material_{upload.key}"] = SimpleUploadedFile(upload.filename, upload.content)

    page = client.post(f"/cases/apply/item/{w.code}/", post).content.decode()

    assert 'data-testid="preview-generated"' in page
    section = page.split('data-testid="preview-generated"', 1)[1].split("</section>", 1)[0]
    assert "公司章程" in section and "法定代表人、董事、监事和经理的任职文件" in section
    assert "广州白云云味餐饮有限公司章程" in section
    assert f"（1）李娜，公民身份号码{FOUNDER_ID}，认缴出资50万元" in section
    assert "（2）王强" in section


def test_shareholders_whose_contributions_miss_the_capital_are_refused_in_the_chosen_language(w):
    target = services.resolve_target(item_code=w.code)
    form = {**FORM, "registered_capital": "100"}

    errors = _verdict(target, w, form).errors
    with translation.override("en"):
        english = _verdict(target, w, form).errors

    assert "认缴出资合计 80 万元，与注册资本 100 万元不一致" in errors["investors"]
    assert "80" in english["investors"] and "100" in english["investors"]
    assert "认缴" not in english["investors"].split("：", 1)[-1]


def test_a_clock_far_away_does_not_change_the_articles(w):
    # the articles quote the contribution terms typed, never today's date
    with time_machine.travel(date(2027, 12, 30), tick=False):  # 2027-12-30, a Thursday before New Year
        case = _submit(w)
        pdfdocs.ensure_generated(case.pk)
    articles = _text(case.materials.get(material_key="articles_of_association"))
    assert "于2030年12月31日前缴足" in articles and "于2031年6月30日前缴足" in articles

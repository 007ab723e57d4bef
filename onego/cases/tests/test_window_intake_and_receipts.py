"""The service hall's basics (issue 13, item 9): the window's item picker, ID numbers of the wrong shape told at
the field, the receipt (受理回执) with its promised date and QR code, who may open it, and case numbers typed any
way in the progress query."""

from __future__ import annotations

import base64
import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from onego.accounts.models import User
from onego.cases import services
from onego.cases.engine import allowed_actions
from onego.cases.models import Case, Channel
from onego.cases.tests import factories as f

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
SIGNATURE = f.SIGNATURE
PUBLIC = f.PUBLIC_BASE_URL
PERSON_ID = "440111199003074513"  # the world's other applicant, 张伟


@pytest.fixture
def w(window_world: f.WindowWorld) -> f.WindowWorld:
    return window_world


def found(pattern: str, text: str) -> str:
    """The first group of `pattern` in `text`; the test fails when it is not there."""
    match = re.search(pattern, text)
    assert match is not None, pattern
    return match.group(1)


def page_text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def submit_at_window(w, item="item"):
    return services.submit_application(
        applicant=w.applicant,
        item_code=getattr(w, item).code,
        channel=Channel.WINDOW,
        clerk=w.clerk,
        form_data={"legal_representative": "李娜", "premises_address": "广州市白云区测试路 1 号"},
        uploads=[services.UploadedMaterial("floor_plan", f.PDF)],
        signature_png=f.PNG,
    )[0]


def accept(case, clerk):
    task = next(a.task for a in allowed_actions(case, clerk) if a.key == "accept")
    return services.act(case.number, actor=clerk, task_id=task.pk, action="accept")


# --- the item picker ---------------------------------------------------------------------------------------------


def test_the_picker_offers_an_enterprise_its_own_and_untagged_items_and_bundles_but_not_personal_ones(
    w, client
):
    client.force_login(w.clerk)

    text = page_text(
        client.get(reverse("cases:window_intake"), {"sel": f.window_select(client, w.applicant)})
    )

    assert "测试一件事" in text and "测试联办许可" in text and "测试企业年报补录" in text
    assert "测试个人执业备案" not in text


def test_the_picker_offers_a_person_personal_items_and_widens_to_every_type_on_request(w, client):
    client.force_login(w.clerk)
    url = reverse("cases:window_intake")

    own = page_text(client.get(url, {"sel": f.window_select(client, w.other_applicant)}))
    every = page_text(client.get(url, {"sel": f.window_select(client, w.other_applicant), "all": "1"}))

    assert "测试个人执业备案" in own and "测试企业年报补录" not in own
    assert "测试个人执业备案" in every and "测试企业年报补录" in every


def test_the_picker_search_without_scripts_filters_by_name_and_by_code(w, client):
    client.force_login(w.clerk)
    url = reverse("cases:window_intake")

    sel = f.window_select(client, w.applicant)
    by_name = page_text(client.get(url, {"sel": sel, "q": "联办"}))
    by_code = page_text(client.get(url, {"sel": sel, "q": w.simple.code[-8:].lower()}))
    nothing = client.get(url, {"sel": sel, "q": "不存在的事项"})

    assert "测试联办许可" in by_name and "测试简单许可" not in by_name and "测试一件事" not in by_name
    assert "测试简单许可" in by_code and "测试联办许可" not in by_code
    assert "没有符合条件的事项" in page_text(nothing)


def test_picking_a_bundle_from_the_list_opens_its_merged_form(w, client):
    client.force_login(w.clerk)

    sel = f.window_select(client, w.applicant)
    response = client.get(reverse("cases:window_intake"), {"sel": sel, "pick": "bundle:test-bundle"})

    assert response.status_code == 200
    assert "代申请人填写：测试一件事" in page_text(response)


# --- ID numbers of the wrong shape -----------------------------------------------------------------------------


def test_a_seventeen_digit_id_number_is_told_at_the_field_in_chinese_only_and_nobody_is_registered(w, client):
    client.force_login(w.clerk)

    response = client.post(
        reverse("cases:window_intake"),
        {"step": "register", "real_name": "王芳", "id_number": "11010119900307451"},
    )

    assert response.status_code == 422
    error = found(r'data-testid="id-error">([^<]*)<', response.content.decode())
    assert error == "身份证号码应为 18 位，您输入了 17 位。"
    assert 'aria-invalid="true"' in response.content.decode()
    assert not User.objects.filter(real_name="王芳").exists()


def test_a_wrong_check_digit_is_told_in_english_only_when_english_is_chosen(w, client):
    client.force_login(w.clerk)

    response = client.post(
        reverse("cases:window_intake"),
        {"step": "register", "real_name": "王芳", "id_number": "110101199003074510"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    error = found(r'data-testid="id-error">([^<]*)<', response.content.decode())
    assert error == "The check character (the 18th) of this ID card number is wrong; check each digit."
    assert "校验" not in page_text(response)


def test_the_look_up_tells_a_bad_credit_code_and_an_unknown_valid_number_apart(w, client):
    client.force_login(w.clerk)
    url = reverse("cases:window_intake")

    bad_check = client.post(url, {"step": "lookup", "code": f.ENTERPRISE_CODE[:-1] + "1"})
    too_short = client.post(url, {"step": "lookup", "code": "4401111990"})
    credit_too_short = client.post(url, {"step": "lookup", "code": f.ENTERPRISE_CODE[:-1]})
    unknown = client.post(url, {"step": "lookup", "code": "110101199003074514"})
    lower_case_x_found = client.post(url, {"step": "lookup", "code": " " + f.ENTERPRISE_CODE.lower() + " "})

    assert "统一社会信用代码校验位（第 18 位）不正确" in page_text(bad_check)
    assert "身份证号码应为 18 位，您输入了 10 位。" in page_text(too_short)
    assert "统一社会信用代码应为 18 位，您输入了 17 位。" in page_text(credit_too_short)
    assert "未找到该证件号码的申请人" in page_text(unknown)
    assert lower_case_x_found.status_code == 200 and "测试餐饮有限公司" in page_text(lower_case_x_found)


# --- the receipt ------------------------------------------------------------------------------------------------

# 2026-09-30 is a Wednesday; 1–7 October 2026 is the National Day holiday and Saturday 10 October a 调休
# working day. Five working days counted from the day after 30 September: 8, 9, 10 (Sat), 12, 13 October.
NATIONAL_DAY_EVE = datetime(2026, 9, 30, 10, 0, tzinfo=SHANGHAI)


def test_the_receipt_after_acceptance_shows_number_items_materials_and_the_promised_date_from_the_calendar(
    w, client
):
    with time_machine.travel(NATIONAL_DAY_EVE, tick=False):
        case = submit_at_window(w)
        accept(case, w.clerk)
        client.force_login(w.clerk)
        response = client.get(reverse("cases:receipt", args=[case.number]))

    text = page_text(response)
    assert response.status_code == 200
    assert (
        "受理回执" in text and case.number in text and "测试联办许可" in text and "测试餐饮有限公司" in text
    )
    assert re.search(r'data-testid="receipt-accepted">2026-09-30<', response.content.decode())
    assert re.search(r'data-testid="receipt-promised"><strong>2026-10-13</strong>', response.content.decode())
    assert (
        "平面布局图 （窗口扫描收取）" in text and "营业执照 （以共享数据代替，免提交）" in text
    )  # the market-entity register stands in
    assert f"{PUBLIC}/cases/progress/" in text and "输入办件编号和查询码" in text
    assert found(r'data-testid="receipt-query-code">([^<]+)<', response.content.decode()) == case.query_code
    assert "后四位" not in text


def test_before_acceptance_the_receipt_says_so_and_dates_the_promise_from_the_submission_day(w, client):
    with time_machine.travel(NATIONAL_DAY_EVE, tick=False):
        case = submit_at_window(w)
        client.force_login(w.clerk)
        response = client.get(reverse("cases:receipt", args=[case.number]))

    text = page_text(response)
    assert "申请回执" in text and "受理回执" not in text
    assert re.search(r'data-testid="receipt-accepted">待受理<', response.content.decode())
    assert "2026-10-13" in text and "以提交当日受理计" in text


def test_a_persons_receipt_masks_the_id_number_and_asks_for_its_last_four(w, client):
    person = w.other_applicant
    case = services.submit_application(
        applicant=person,
        item_code=w.person_item.code,
        form_data={"premises_address": "白云区 2 号"},
        uploads=[],
        signature_png=f.PNG,
    )[0]
    client.force_login(person)

    response = client.get(reverse("cases:receipt", args=[case.number]))

    text = page_text(response)
    assert "4401**********4513" in text and PERSON_ID not in text
    assert "查询码" in text and case.query_code in text and "网上申请" in text


def test_the_receipts_qr_code_decodes_to_the_progress_page_with_the_number_filled_in(w, client):
    import zxingcpp
    from PIL import Image

    case = submit_at_window(w)
    client.force_login(w.applicant)
    html = client.get(reverse("cases:receipt", args=[case.number])).content.decode()

    png = base64.b64decode(found(r'src="data:image/png;base64,([^"]+)"', html))
    (code,) = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert code.text == f"{PUBLIC}/cases/progress/?number={case.number}"
    # a phone that opens it lands on the progress query with the number in the box, asked for the query code
    opened = client.get(code.text.removeprefix(PUBLIC)).content.decode()
    assert f'value="{case.number}"' in opened and 'data-testid="ask-code"' in opened


def test_a_bundle_receipt_lists_every_member_with_its_own_qr_code(w, client):
    cases = services.submit_application(
        applicant=w.applicant,
        bundle_code="test-bundle",
        channel=Channel.WINDOW,
        clerk=w.clerk,
        form_data={"legal_representative": "李娜", "premises_address": "广州市白云区测试路 1 号"},
        uploads=[services.UploadedMaterial("floor_plan", f.PDF)],
        signature_png=f.PNG,
    )
    client.force_login(w.clerk)

    html = client.get(reverse("cases:receipt", args=[cases[1].number])).content.decode()

    bundle_case = cases[0].bundle_case
    assert bundle_case is not None and bundle_case.number in html
    assert sorted(re.findall(r'data-testid="receipt-number">([^<]+)<', html)) == sorted(
        c.number for c in cases
    )
    assert html.count('data-testid="receipt-qr"') == 2


def test_the_receipt_pdf_is_one_a4_page_with_the_case_number(w, client):
    from pypdf import PdfReader

    case = submit_at_window(w)
    case.query_code = "MWMW8M"  # the widest letters of the alphabet must still fit on one line of the cell
    case.save(update_fields=["query_code"])
    client.force_login(w.applicant)

    response = client.get(reverse("cases:receipt_pdf", args=[case.number]))

    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    assert round(float(reader.pages[0].mediabox.width)) == 595  # A4: 210 mm = 595 pt
    text = reader.pages[0].extract_text().replace("\x00", "")  # pypdf reads the CID font's codes as UTF-16
    assert "申请回执" in text and case.number in text


@pytest.mark.parametrize("who", ["other_applicant", "stranger"])
def test_a_stranger_gets_404_for_a_receipt_and_its_pdf(w, client, who):
    case = submit_at_window(w)
    client.force_login(getattr(w, who))

    assert client.get(reverse("cases:receipt", args=[case.number])).status_code == 404
    assert client.get(reverse("cases:receipt_pdf", args=[case.number])).status_code == 404


def test_the_applicant_the_departments_staff_and_the_window_may_open_the_receipt_and_nobody_anonymous(
    w, client
):
    case = submit_at_window(w)
    url = reverse("cases:receipt", args=[case.number])

    anonymous = client.get(url)
    codes = {}
    for who in ("applicant", "clerk", "market_reviewer"):
        client.force_login(getattr(w, who))
        codes[who] = client.get(url).status_code

    assert anonymous.status_code == 302 and "/login" in anonymous["Location"]
    assert codes == {"applicant": 200, "clerk": 200, "market_reviewer": 200}


def test_the_window_done_page_the_online_done_page_and_my_case_link_the_receipt(w, client):
    client.force_login(w.clerk)
    sel = f.window_select(client, w.applicant)
    form = client.get(reverse("cases:window_intake"), {"sel": sel, "pick": f"item:{w.item.code}"})
    done = client.post(
        reverse("cases:window_intake"),
        {
            "step": "submit",
            "sel": sel,
            "item": w.item.code,
            "idempotency_key": form.context["key"],
            "legal_representative": "李娜",
            "premises_address": "广州市白云区测试路 1 号",
            "route": "approval",
            "signature": SIGNATURE,
            "material_floor_plan": SimpleUploadedFile("scan.pdf", f.PDF, content_type="application/pdf"),
        },
    )
    window_case = Case.objects.get(applicant=w.applicant)
    assert reverse("cases:receipt", args=[window_case.number]) in done.content.decode()

    online = services.submit_application(
        applicant=w.other_applicant,
        item_code=w.person_item.code,
        form_data={"premises_address": "白云区"},
        uploads=[],
        signature_png=f.PNG,
        idempotency_key="0b6f3b2e-7c1a-4c55-9a3c-1f0d6a1b2c3d",
    )[0]
    client.force_login(w.other_applicant)
    apply_done = client.get(reverse("cases:apply_done", args=[online.idempotency_key]))
    my_case = client.get(reverse("cases:my_case", args=[online.number]))
    assert reverse("cases:receipt", args=[online.number]) in apply_done.content.decode()
    assert reverse("cases:receipt", args=[online.number]) in my_case.content.decode()


# --- 当场受理: the window accepts what it has just taken ------------------------------------------------------


def test_the_clerk_accepts_a_whole_bundle_on_the_spot_and_lands_on_the_acceptance_receipt(w, client):
    with time_machine.travel(NATIONAL_DAY_EVE, tick=False):
        cases = services.submit_application(
            applicant=w.applicant,
            bundle_code="test-bundle",
            channel=Channel.WINDOW,
            clerk=w.clerk,
            form_data={"legal_representative": "李娜", "premises_address": "广州市白云区测试路 1 号"},
            uploads=[services.UploadedMaterial("floor_plan", f.PDF)],
            signature_png=f.PNG,
        )
        client.force_login(w.clerk)
        response = client.post(reverse("cases:window_accept", args=[cases[0].number]), follow=True)

    stored = Case.objects.filter(pk__in=[c.pk for c in cases])
    assert {(c.status, str(c.accepted_on)) for c in stored} == {("in_progress", "2026-09-30")}
    assert response.redirect_chain[-1][0] == reverse("cases:receipt", args=[cases[0].number])
    assert "受理回执" in page_text(response) and "已受理，请打印受理回执交给申请人。" in page_text(response)


def test_the_receipt_offers_acceptance_to_the_window_clerk_only(w, client):
    case = submit_at_window(w)
    url = reverse("cases:receipt", args=[case.number])

    client.force_login(w.clerk)
    for_clerk = client.get(url).content.decode()
    client.force_login(w.market_reviewer)
    for_reviewer = client.get(url).content.decode()

    assert 'data-testid="accept-now"' in for_clerk and 'data-testid="accept-now"' not in for_reviewer


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("market_reviewer", 403),
        ("market_head", 403),
        ("stranger", 404),
        ("applicant", 404),
        ("other_applicant", 404),
    ],
)
def test_acceptance_on_the_spot_is_refused_to_everyone_but_the_window(w, client, who, status):
    case = submit_at_window(w)
    client.force_login(getattr(w, who))

    response = client.post(reverse("cases:window_accept", args=[case.number]))

    case.refresh_from_db()
    assert response.status_code == status
    assert case.status == "submitted" and case.accepted_on is None


def test_acceptance_on_the_spot_takes_no_get_and_accepting_twice_changes_nothing(w, client):
    case = submit_at_window(w)
    client.force_login(w.clerk)
    url = reverse("cases:window_accept", args=[case.number])

    assert client.get(url).status_code == 405
    client.post(url)
    case.refresh_from_db()
    version = case.version
    again = client.post(url, follow=True)

    case.refresh_from_db()
    assert case.version == version and "没有需要受理的办件。" in page_text(again)


# --- the progress query takes numbers as people type them -------------------------------------------------------


def _as_typed(number: str) -> str:
    """lower case, a space every four characters, the first group in full-width characters"""
    spaced = " ".join(number[i : i + 4] for i in range(0, len(number), 4)).lower()
    return "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in spaced[:4]) + spaced[4:]


def test_the_progress_page_finds_a_case_typed_in_lower_case_with_spaces_and_full_width(w, client):
    case = submit_at_window(w)

    response = client.get(
        reverse("cases:progress"),
        {"number": _as_typed(case.number), "code": f" {case.query_code[:3].lower()} {case.query_code[3:]} "},
    )

    assert 'data-testid="progress-result"' in response.content.decode()
    assert case.number in page_text(response)


def test_the_progress_api_finds_a_case_typed_in_lower_case_with_spaces(w, client):
    case = submit_at_window(w)

    response = client.get(
        "/api/v1/progress", {"number": _as_typed(case.number), "code": case.query_code.lower()}
    )

    assert response.status_code == 200 and response.json()["number"] == case.number


def test_the_picker_never_offers_an_existing_enterprise_its_own_founding_registration(demo):
    from onego.cases import window

    def names(kind, **kw):
        return {p.name for p in window.picker(kind, "设立登记", **kw)}

    registration = {v for v in names("person", every_type=True) if "设立登记" in v}
    assert registration  # the demo catalogue has 企业设立登记, for founders
    assert not registration & names("enterprise") and not registration & names("enterprise", every_type=True)


# --- issue 14, finding 11: the progress query asks for a random query code, not the credit code's tail ----------


def test_each_case_gets_its_own_random_query_code_unrelated_to_the_applicants_code(w):
    from onego.cases.numbers import QUERY_CODE_ALPHABET

    cases = [submit_at_window(w) for _ in range(3)]

    for case in cases:
        assert len(case.query_code) == 6 and set(case.query_code) <= set(QUERY_CODE_ALPHABET)
        assert case.query_code != case.id_tail and f.ENTERPRISE_CODE[-4:] not in case.query_code
    assert len({c.query_code for c in cases}) == 3


def test_the_credit_codes_last_four_no_longer_open_the_progress_query(w, client):
    case = submit_at_window(w)

    page = client.get(reverse("cases:progress"), {"number": case.number, "code": f.ENTERPRISE_CODE[-4:]})
    api = client.get("/api/v1/progress", {"number": case.number, "id_tail": f.ENTERPRISE_CODE[-4:]})
    with_code = client.get("/api/v1/progress", {"number": case.number, "code": case.query_code})

    assert 'data-testid="progress-result"' not in page.content.decode()
    assert api.status_code == 422 and api.json()["code"] == "invalid_input"
    assert with_code.status_code == 200


def test_the_query_code_is_printed_on_the_receipt_pdf(w, client):
    from pypdf import PdfReader

    case = submit_at_window(w)
    case.query_code = "MWMW8M"  # the widest letters of the alphabet must still fit on one line of the cell
    case.save(update_fields=["query_code"])
    client.force_login(w.applicant)

    response = client.get(reverse("cases:receipt_pdf", args=[case.number]))

    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text().replace("\x00", "")
    assert "查询码" in text and case.query_code in text
    assert "后四位" not in text


def test_the_applicant_sees_the_query_code_on_their_own_case_page_and_nobody_else_does(w, client):
    case = submit_at_window(w)
    url = reverse("cases:my_case", args=[case.number])

    client.force_login(w.applicant)
    own = client.get(url).content.decode()
    client.force_login(w.other_applicant)
    other = client.get(url)

    assert found(r'data-testid="query-code">\s*([A-Z0-9]+)', own) == case.query_code
    assert other.status_code == 404 and case.query_code not in other.content.decode()


def test_the_migration_gives_every_existing_case_its_own_query_code(w):
    import importlib

    from django.apps import apps

    backfill = importlib.import_module("onego.cases.migrations.0004_case_query_code").backfill
    cases = [submit_at_window(w) for _ in range(3)]
    Case.objects.filter(pk__in=[c.pk for c in cases]).update(query_code="")

    backfill(apps, None)

    codes = list(Case.objects.filter(pk__in=[c.pk for c in cases]).values_list("query_code", flat=True))
    assert all(len(code) == 6 for code in codes) and len(set(codes)) == 3

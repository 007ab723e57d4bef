"""The applicant's pages: apply → preview → submit, my cases, my case (correction, withdrawal), progress query."""

from __future__ import annotations

import re
import uuid

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from onego.cases import services
from onego.cases.models import BundleCase, Case, CaseStatus, Outcome
from onego.cases.tests import factories as f
from onego.cases.tests.factories import act, bundle_post, login
from onego.cases.tests.factories import submit_application as submit_item

pytestmark = pytest.mark.django_db

SIGNATURE = f.SIGNATURE


# --- apply -------------------------------------------------------------------------------------------------


def test_the_bundle_form_shows_the_prefilled_locked_name_the_waived_licence_and_a_file_input(w, client):
    login(client, w.applicant)

    page = client.get(reverse("cases:apply_bundle", args=["test-bundle"])).content.decode()

    assert 'value="测试餐饮有限公司"' in page and "readonly" in page
    assert "已从登记信息导入" in page
    assert "免提交" in page  # the business licence stands in from the e-licence library
    assert 'name="material_floor_plan"' in page and 'accept="application/pdf,image/png,image/jpeg"' in page
    assert 'id="signature-pad"' in page and "清除" in page
    assert re.search(r'name="idempotency_key" value="[0-9a-f-]{36}"', page)
    assert "告知承诺书" in page  # the first item offers the commitment route


def test_staff_get_403_and_visitors_are_sent_to_log_in(w, client):
    url = reverse("cases:apply_bundle", args=["test-bundle"])
    assert client.get(url).status_code == 302
    login(client, w.clerk)
    assert client.get(url).status_code == 403


def test_applying_online_for_a_bundle_through_preview_creates_one_case_per_item_and_a_bundle_number(
    w, client
):
    login(client, w.applicant)
    url = reverse("cases:apply_bundle", args=["test-bundle"])
    key = str(uuid.uuid4())

    # when: the form goes to the preview (the file is kept), then the preview is confirmed without the file
    preview = client.post(url, bundle_post(key, step="preview"))
    body = preview.content.decode()
    assert preview.status_code == 200, body
    assert "确认提交" in body and "返回修改" in body and "plan.pdf" in body
    assert 'src="data:image/png;base64,' in body
    assert Case.objects.count() == 0
    confirm = bundle_post(key)
    del confirm["material_floor_plan"]
    done = client.post(url, confirm)

    # then
    assert done.status_code == 302
    cases = list(Case.objects.order_by("pk"))
    assert [c.item for c in cases] == [w.item, w.simple]
    bundle_case = BundleCase.objects.get()
    assert {c.bundle_case_id for c in cases} == {bundle_case.pk}
    assert all(c.materials.filter(material_key="floor_plan", source="upload").exists() for c in cases)
    assert cases[0].signature.read().startswith(b"\x89PNG")
    page = client.get(done["Location"]).content.decode()
    assert bundle_case.number in page and cases[0].number in page and cases[1].number in page


def test_a_double_post_with_the_same_idempotency_key_creates_one_set_of_cases(w, client):
    login(client, w.applicant)
    url = reverse("cases:apply_item", args=[w.simple.code])
    key = str(uuid.uuid4())

    first = client.post(url, bundle_post(key))
    second = client.post(url, bundle_post(key))

    assert first.status_code == second.status_code == 302, first.content.decode()[-3000:]
    assert first["Location"] == second["Location"]
    assert Case.objects.count() == 1


def test_errors_are_shown_next_to_fields_and_materials_and_nothing_is_written(w, client):
    login(client, w.applicant)
    url = reverse("cases:apply_bundle", args=["test-bundle"])
    data = bundle_post(
        str(uuid.uuid4()),
        premises_address="",
        signature="data:image/png;base64,!!notbase64",
        route="commitment",
    )
    data["material_floor_plan"] = SimpleUploadedFile("plan.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")

    response = client.post(url, data)

    page = response.content.decode()
    assert response.status_code == 422
    assert "请填写「经营场所」" in page
    assert "按内容识别" in page
    assert "签名数据无效" in page
    assert "须签署告知承诺书" in page
    assert Case.objects.count() == 0 and BundleCase.objects.count() == 0


# --- my cases and my case ------------------------------------------------------------------------------------


def test_my_cases_shows_status_words_and_what_to_do(w, client):
    (waiting,) = submit_item(w, idempotency_key="a")
    (correcting,) = submit_item(w, idempotency_key="b")
    act(
        w,
        correcting,
        "clerk",
        "request_correction",
        payload={"items": [{"kind": "material", "key": "floor_plan", "reason": "不清晰"}]},
    )
    (withdrawn,) = submit_item(w, idempotency_key="c")
    services.withdraw(withdrawn.number, applicant=w.applicant)
    login(client, w.applicant)

    page = client.get(reverse("cases:my_cases")).content.decode()

    assert "待受理" in page and "请补正" in page and "已撤回" in page
    assert "请在补正页面提交补正材料" in page
    assert "受理后计算" in page or "-" in page
    assert page.index(withdrawn.number) < page.index(waiting.number)  # newest first


def test_an_approved_case_links_its_decision_and_never_promises_results_later(w, client):
    (case,) = submit_item(w)
    case.status, case.outcome = (
        CaseStatus.CLOSED,
        Outcome.APPROVED,
    )  # a display check; the engine is tested elsewhere
    case.save()
    login(client, w.applicant)

    page = client.get(reverse("cases:my_cases")).content.decode()

    assert "已办结：准予" in page and "电子证照上线后" not in page
    assert f'href="{reverse("cases:decision_pdf", args=[case.number])}"' in page


def test_another_applicants_case_detail_correction_and_withdraw_urls_are_404(w, client):
    (case,) = submit_item(w)
    login(client, w.other_applicant)

    assert client.get(reverse("cases:my_case", args=[case.number])).status_code == 404
    assert client.post(reverse("cases:correct", args=[case.number]), {}).status_code == 404
    assert client.post(reverse("cases:withdraw", args=[case.number]), {"confirm": "on"}).status_code == 404
    case.refresh_from_db()
    assert case.is_open


def test_the_case_page_shows_dated_steps_and_events_and_withdrawal_closes_the_case(w, client):
    (case,) = submit_item(w)
    login(client, w.applicant)
    url = reverse("cases:my_case", args=[case.number])

    page = client.get(url).content.decode()
    assert "受理" in page and "提交申请" in page and "撤回申请" in page

    response = client.post(
        reverse("cases:withdraw", args=[case.number]), {"confirm": "on", "reason": "不办了"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.outcome == Outcome.WITHDRAWN
    assert "已撤回" in client.get(url).content.decode()


def test_a_correction_round_trip_through_the_pages(w, client):
    (case,) = submit_item(w)
    act(
        w,
        case,
        "clerk",
        "request_correction",
        payload={
            "items": [
                {"kind": "material", "key": "floor_plan", "reason": "布局图不清晰"},
                {"kind": "field", "key": "premises_address", "reason": "地址与登记不一致"},
            ]
        },
    )
    login(client, w.applicant)
    url = reverse("cases:my_case", args=[case.number])

    page = client.get(url).content.decode()
    assert "补正告知" in page and "布局图不清晰" in page and 'name="material_floor_plan"' in page
    assert 'name="premises_address"' in page

    # a correction without the file is refused on the page, nothing changes
    missing = client.post(reverse("cases:correct", args=[case.number]), {"premises_address": "新地址 2 号"})
    assert missing.status_code == 422 and "请按补正告知重新提交材料" in missing.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.CORRECTION

    done = client.post(
        reverse("cases:correct", args=[case.number]),
        {
            "premises_address": "广州市白云区测试路 2 号",
            "material_floor_plan": SimpleUploadedFile("plan2.pdf", f.PDF, content_type="application/pdf"),
        },
    )
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED
    assert case.form_data["premises_address"] == "广州市白云区测试路 2 号"
    assert case.materials.filter(material_key="floor_plan", round=1).exists()
    page = client.get(url).content.decode()
    assert "已提交补正材料" in page and "待受理" in page


# --- public progress query -------------------------------------------------------------------------------------


def test_progress_with_the_right_tail_shows_steps_and_no_personal_data(w, client):
    (case,) = submit_item(w)

    page = client.get(
        reverse("cases:progress"), {"number": case.number, "code": case.query_code}
    ).content.decode()

    assert "待受理" in page and "受理" in page and case.item_version.name in page
    assert "测试餐饮有限公司" not in page and "李娜" not in page and "测试路" not in page
    assert f.ENTERPRISE_CODE not in page


def test_progress_with_a_wrong_tail_says_not_found_like_an_unknown_number(w, client):
    (case,) = submit_item(w)

    wrong_tail = client.get(
        reverse("cases:progress"),
        {"number": case.number, "code": "AAAAAA" if case.query_code != "AAAAAA" else "BBBBBB"},
    )
    unknown = client.get(reverse("cases:progress"), {"number": "NOPE", "code": case.query_code})

    assert "未找到该办件" in wrong_tail.content.decode()
    assert "未找到该办件" in unknown.content.decode()
    assert case.number not in wrong_tail.content.decode().split("<main")[1].split('name="number"')[0]


@override_settings(ONEGO_PROGRESS_RATE_PER_MINUTE=10)
@time_machine.travel("2026-03-02 10:00:05 +0800", tick=False)  # all queries fall in one clock minute
def test_the_eleventh_progress_query_in_a_minute_gets_429(w, client):
    url = reverse("cases:progress")
    codes = [client.get(url, {"number": f"N{i}", "code": "AAAAAA"}).status_code for i in range(11)]

    assert codes[:10] == [200] * 10
    assert codes[10] == 429
    assert "查询过于频繁" in client.get(url, {"number": "x", "code": "AAAAAA"}).content.decode()
    # another address is not limited
    assert client.get(url, {"number": "x", "code": "AAAAAA"}, REMOTE_ADDR="10.0.0.9").status_code == 200


@pytest.mark.parametrize(
    ("accepted", "flagged"),
    [
        # Mon 2026-06-01 + the item's promised working days: within 2026, whose holidays are loaded
        ("2026-06-01 10:00 +0800", False),
        # Mon 2026-12-28 + 5 working days: 2027-01-04 if 1 January counts, but 2027 has no holiday table yet
        ("2026-12-28 10:00 +0800", True),
    ],
)
def test_the_promised_date_says_when_it_was_counted_on_weekends_only(w, client, accepted, flagged):
    with time_machine.travel(accepted, tick=False):
        (case,) = submit_item(w, idempotency_key="cal")
        act(w, case, "clerk", "accept")
        login(client, w.applicant)
        page = client.get(reverse("cases:my_case", args=[case.number])).content.decode()

    case.refresh_from_db()
    assert f'data-testid="promised-deadline">{case.promised_deadline:%Y-%m-%d}<' in page
    assert ('data-testid="calendar-incomplete"' in page) is flagged

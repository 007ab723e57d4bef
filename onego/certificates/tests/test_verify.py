"""Verification (证照核验): tampering, revocation, expiry, and what the verifier is shown."""

from __future__ import annotations

import base64
import copy
import datetime as dt
import json

import pytest
import time_machine

from onego.certificates import services
from onego.certificates.tests import factories as f

pytestmark = pytest.mark.django_db

TAMPERED_VALUES = {
    "identifier": lambda v: v[:-1] + ("0" if v[-1] != "0" else "1"),
    "type_code": lambda v: v[:-1] + ("2" if v[-1] != "2" else "3"),
    "number": lambda v: v + "1",
    "holder_name": lambda v: v + "分店",
    "holder_code": lambda v: "91440111MA5AQ6WX1X",
    "holder_code_type": lambda v: "111",
    "issuer_code": lambda v: v[:-1] + "0",
    "issue_date": lambda v: "2026-05-19",
    "valid_from": lambda v: "2026-05-19",
    "valid_to": lambda v: "2041-05-19",
    "jurisdiction_code": lambda v: "440104",
    "data": lambda v: {**v, "premises_address": "广州市白云区太和镇测试路 2 号"},
    "key_id": lambda v: v + "x",
    "payload_version": lambda v: 2,
}


@pytest.fixture
def licence():
    _, lt = f.issuer_with_key()
    return f.licence(lt)


def test_a_fresh_licence_is_valid_and_shows_only_masked_holder_data(licence):
    with time_machine.travel(dt.datetime(2026, 6, 1, 10, tzinfo=dt.UTC), tick=False):
        result = services.verify(json.dumps(services.signed_document(licence), ensure_ascii=False))

    assert result.status == "valid"
    assert result.licence is not None
    assert result.licence["holder_code_masked"] == "9144**********WX00"
    assert f.ENTERPRISE_CODE not in json.dumps(result.licence)
    assert "premises_address" not in json.dumps(result.licence)  # licence data is not shown


def test_every_signed_field_tampered_in_turn_is_invalid(licence):
    document = services.signed_document(licence)
    assert set(TAMPERED_VALUES) == set(document["payload"])  # the table covers every signed field

    for name, change in TAMPERED_VALUES.items():
        tampered = copy.deepcopy(document)
        tampered["payload"][name] = change(tampered["payload"][name])
        if name == "key_id":
            tampered["key_id"] = tampered["payload"]["key_id"]

        result = services.verify(tampered)

        assert result.status == "invalid", name
        assert result.licence is None, name
        assert result.reasons, name


def test_one_byte_of_the_signature_changed_is_invalid(licence):
    document = services.signed_document(licence)
    der = base64.b64decode(document["signature"])
    for i in range(len(der)):
        changed = bytearray(der)
        changed[i] = (changed[i] + 1) % 256
        tampered = {**document, "signature": base64.b64encode(bytes(changed)).decode()}
        assert services.verify(tampered).status == "invalid", i


def test_an_added_field_is_invalid(licence):
    document = services.signed_document(licence)
    document["payload"]["remark"] = "加注"
    assert services.verify(document).status == "invalid"


def test_a_revoked_licence_verifies_as_revoked_with_reason_and_date(licence):
    with time_machine.travel(dt.datetime(2026, 7, 1, 2, tzinfo=dt.UTC), tick=False):
        services.revoke(licence.pk, "以欺骗手段取得许可", actor="test")
        result = services.verify(services.signed_document(licence))

    assert result.status == "revoked"
    assert "以欺骗手段取得许可" in result.reasons[0]
    assert "2026-07-01" in result.reasons[0]
    assert result.licence is not None and result.licence["status"] == "revoked"


def test_a_licence_past_its_end_date_verifies_as_expired(licence):
    # issued 2026-05-20 for 5 years: valid to 2031-05-19
    assert licence.valid_to == dt.date(2031, 5, 19)
    document = services.signed_document(licence)

    with time_machine.travel(dt.datetime(2031, 5, 19, 12, tzinfo=dt.UTC), tick=False):
        last_day = services.verify(document)
    with time_machine.travel(dt.datetime(2031, 5, 20, 1, tzinfo=dt.UTC), tick=False):  # 09:00 in Guangzhou
        next_day = services.verify(document)

    assert last_day.status == "valid"
    assert next_day.status == "expired"
    assert "2031-05-19" in next_day.reasons[0]


def test_the_identifier_alone_and_a_verification_link_are_accepted(licence):
    document = json.dumps(services.signed_document(licence), ensure_ascii=False).encode()
    link = "https://onego.example/licences/verify/?d=" + base64.urlsafe_b64encode(document).decode().rstrip(
        "="
    )

    with time_machine.travel(dt.datetime(2026, 6, 1, tzinfo=dt.UTC), tick=False):
        assert services.verify(licence.identifier).status == "valid"
        assert services.verify(link).status == "valid"
        assert services.verify(services.qr_text(licence)).status == "valid"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not json",
        "[1, 2]",
        "{}",
        '{"payload": {}, "signature": "!!", "key_id": "x"}',
        '{"payload": {"key_id": "x"}, "signature": "AAAA", "key_id": "x"}',
        "1.2.156.3005.2.nonsense",
        "https://onego.example/licences/verify/",
    ],
)
def test_bad_input_is_invalid_with_a_reason_never_an_error(text):
    result = services.verify(text)

    assert result.status == "invalid"
    assert result.reasons and result.reasons[0]


# --- API and pages ---------------------------------------------------------------------------------------


def _user(username: str, **extra):
    from onego.accounts.models import User

    return User.objects.create_user(username, password="x-Long-Passw0rd", **extra)


def test_the_verify_api_answers_without_login_for_a_document_and_for_qr_text(client, licence):
    with time_machine.travel(dt.datetime(2026, 6, 1, tzinfo=dt.UTC), tick=False):
        by_document = client.post(
            "/api/v1/licences/verify", services.signed_document(licence), content_type="application/json"
        )
        by_qr = client.post(
            "/api/v1/licences/verify", {"qr": services.qr_text(licence)}, content_type="application/json"
        )

    assert by_document.status_code == 200, by_document.content
    assert by_document.json()["status"] == "valid"
    assert by_document.json()["licence"]["holder_code_masked"] == "9144**********WX00"
    assert by_qr.json()["status"] == "valid"


def test_the_verify_api_says_invalid_for_a_tampered_document_and_bad_input(client, licence):
    document = services.signed_document(licence)
    document["payload"]["holder_name"] = "别人的公司"

    tampered = client.post("/api/v1/licences/verify", document, content_type="application/json")
    garbage = client.post("/api/v1/licences/verify", {"qr": "hello"}, content_type="application/json")

    assert tampered.json()["status"] == "invalid" and tampered.json()["licence"] is None
    assert garbage.status_code == 200 and garbage.json()["status"] == "invalid"


def test_the_key_list_publishes_retired_keys_too(client, licence):
    services.create_signing_key(licence.issuer, actor="test")

    keys = client.get("/api/v1/licences/keys").json()

    assert len(keys) == 2
    assert sum(1 for k in keys if k["retired_at"]) == 1
    assert all(k["public_key_pem"].startswith("-----BEGIN PUBLIC KEY-----") for k in keys)
    assert not any("PRIVATE" in k["public_key_pem"] for k in keys)


def test_the_signed_json_download_is_for_the_holder_and_staff_only(client, licence):
    from django.contrib.auth.models import Group

    holder = _user("holder", enterprise_credit_code=f.ENTERPRISE_CODE)
    stranger = _user("stranger", id_number=f.PERSON_ID)
    clerk = _user("clerk", department=licence.issuer)
    clerk.groups.add(Group.objects.get_or_create(name="reviewer")[0])
    url = f"/api/v1/licences/{licence.identifier}.json"

    client.force_login(stranger)
    assert client.get(url).status_code == 404
    client.force_login(clerk)
    assert client.get(url).status_code == 200
    client.force_login(holder)
    response = client.get(url)

    assert response.status_code == 200
    assert response.json() == json.loads(json.dumps(services.signed_document(licence)))
    with time_machine.travel(
        dt.datetime(2026, 6, 1, tzinfo=dt.UTC), tick=False
    ):  # in force: 2026-05-20 to 2031-05-19
        assert services.verify(response.json()).status == "valid"


def test_the_verify_page_shows_status_and_masked_holder_never_the_full_code(client, licence):
    with time_machine.travel(dt.datetime(2026, 6, 1, tzinfo=dt.UTC), tick=False):
        page = client.post("/licences/verify/", {"text": services.qr_text(licence)})

    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-status="valid"' in html and "有效" in html
    assert "9144**********WX00" in html
    assert f.ENTERPRISE_CODE not in html
    assert "广州市白云区太和镇测试路" not in html  # licence data stays private


def test_the_verify_page_shows_revoked_and_a_clear_message_for_garbage(client, licence):
    services.revoke(licence.pk, "许可被依法撤销", actor="test")

    revoked = client.post("/licences/verify/", {"text": services.qr_text(licence)}).content.decode()
    garbage = client.post("/licences/verify/", {"text": "{not json"})

    assert 'data-status="revoked"' in revoked and "已撤销" in revoked and "许可被依法撤销" in revoked
    assert garbage.status_code == 200
    assert 'data-status="invalid"' in garbage.content.decode()
    assert "内容不是有效的 JSON，也不是证照标识。" in garbage.content.decode()
    assert "neither JSON" not in garbage.content.decode()  # one language on the page, the chosen one


def test_my_licences_lists_the_holders_licences_with_status(client, licence):
    holder = _user(
        "holder", real_name="李娜", id_number="440111198806121024", enterprise_credit_code=f.ENTERPRISE_CODE
    )
    other = _user("other", id_number=f.PERSON_ID)

    client.force_login(holder)
    mine = client.get("/licences/mine/").content.decode()
    client.force_login(other)
    theirs = client.get("/licences/mine/").content.decode()

    assert licence.number in mine and "有效" in mine
    assert licence.number not in theirs and 'data-testid="no-licences"' in theirs


def test_the_issuers_head_revokes_a_licence_from_the_register_page_and_verification_says_so(client, licence):
    from django.contrib.auth.models import Group

    head = _user("head", department=licence.issuer)
    head.groups.add(Group.objects.get_or_create(name="department_head")[0])
    reviewer = _user("reviewer", department=licence.issuer)
    reviewer.groups.add(Group.objects.get_or_create(name="reviewer")[0])
    other_head = _user("other_head", department=f.department(91, "另一部门"))
    other_head.groups.add(Group.objects.get_or_create(name="department_head")[0])
    url = f"/licences/{licence.identifier}/revoke/"

    client.force_login(reviewer)
    listed = client.get("/licences/issued/").content.decode()
    assert licence.number in listed and 'data-testid="revoke-form"' not in listed
    assert client.post(url, {"reason": "越权"}).status_code == 403
    client.force_login(other_head)
    assert licence.number not in client.get("/licences/issued/").content.decode()
    assert client.post(url, {"reason": "越权"}).status_code == 404
    client.force_login(head)
    empty = client.post(url, {"reason": "  "}, follow=True).content.decode()
    assert "撤销须说明理由" in empty
    licence.refresh_from_db()
    assert licence.status == "valid"

    done = client.post(url, {"reason": "以欺骗手段取得许可"}, follow=True).content.decode()

    assert "已撤销" in done
    result = services.verify(services.qr_text(licence))
    assert result.status == "revoked" and "以欺骗手段取得许可" in result.reasons[0]
    # anonymous visitors and applicants do not see the register
    client.logout()
    assert client.get("/licences/issued/").status_code == 302


def test_the_qr_code_is_a_short_verification_link_and_a_forged_signature_in_it_is_invalid(licence, settings):
    settings.ONEGO_PUBLIC_BASE_URL = "https://zwfw.baiyun.example/"
    link = services.qr_text(licence)
    other = f.licence(licence.licence_type, holder_name="另一家餐饮有限公司")
    forged = link.split("?sig=")[0] + "?sig=" + services.qr_text(other).split("?sig=")[1]

    with time_machine.travel(dt.datetime(2026, 6, 1, tzinfo=dt.UTC), tick=False):
        genuine = services.verify(link)
        result = services.verify(forged)

    assert link.startswith(f"https://zwfw.baiyun.example/licences/v/{licence.identifier}/?sig=")
    assert len(link) < 300
    assert genuine.status == "valid"
    assert result.status == "invalid" and "二维码中的签名与登记库不一致" in result.reasons[0]


# --- issue 14, finding 11: enumeration through verification ------------------------------------------------------


def test_an_identifier_alone_gives_the_status_but_not_the_holder(client, licence):
    with time_machine.travel(dt.datetime(2026, 6, 1, tzinfo=dt.UTC), tick=False):
        result = services.verify(licence.identifier)
        api = client.post(
            "/api/v1/licences/verify", {"qr": licence.identifier}, content_type="application/json"
        )
        page = client.post("/licences/verify/", {"text": licence.identifier}).content.decode()

    assert result.status == "valid" and result.licence is not None
    assert result.licence["holder_name"] == "" and result.licence["holder_code_masked"] == ""
    assert api.json()["licence"]["holder_withheld"] is True and api.json()["licence"]["holder_name"] == ""
    assert licence.holder_name not in api.content.decode() and licence.holder_name not in page
    assert "9144**********WX00" not in page and 'data-testid="holder-withheld"' in page


def test_the_qr_code_with_its_signature_still_shows_the_masked_holder(licence):
    with time_machine.travel(dt.datetime(2026, 6, 1, tzinfo=dt.UTC), tick=False):
        result = services.verify(services.qr_text(licence))

    assert result.licence is not None
    assert result.licence["holder_name"] == licence.holder_name
    assert result.licence["holder_code_masked"] == "9144**********WX00"
    assert "holder_withheld" not in result.licence


def test_verification_is_rate_limited_per_address_on_the_page_and_the_api_together(client, licence, settings):
    settings.ONEGO_VERIFY_RATE_PER_MINUTE = 3
    with time_machine.travel(dt.datetime(2026, 6, 1, 2, 0, 5, tzinfo=dt.UTC), tick=False):
        codes = [client.post("/licences/verify/", {"text": licence.identifier}).status_code for _ in range(2)]
        codes.append(
            client.post(
                "/api/v1/licences/verify", {"qr": licence.identifier}, content_type="application/json"
            ).status_code
        )
        over_page = client.post("/licences/verify/", {"text": licence.identifier})
        over_api = client.post(
            "/api/v1/licences/verify", {"qr": licence.identifier}, content_type="application/json"
        )
        link = client.get(f"/licences/v/{licence.identifier}/")

    assert codes == [200, 200, 200]
    assert over_page.status_code == over_api.status_code == link.status_code == 429
    assert over_api.json()["code"] == "rate_limited"

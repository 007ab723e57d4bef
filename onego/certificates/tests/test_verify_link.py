"""The QR code on a licence: a phone that scans it lands on the verification result (not on an empty form), and
the PDF's footer gives the verification page's address.

The licence (factories) is issued 2026-05-20 for 5 years, so it is in force on the frozen dates below
(2026-06-01) and expired from 2031-05-20.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import time_machine

from onego.certificates import services
from onego.certificates.tests import factories as f

pytestmark = pytest.mark.django_db

PUBLIC = "https://zwfw.baiyun.example"
IN_FORCE = dt.datetime(2026, 6, 1, 2, tzinfo=dt.UTC)  # 10:00 in Guangzhou
AFTER_THE_END = dt.datetime(2031, 5, 20, 2, tzinfo=dt.UTC)  # the day after valid_to 2031-05-19


def _required(what: str) -> str:
    path = shutil.which(what)
    if path:
        return path
    if os.environ.get("ONEGO_REQUIRE_BROWSER"):  # CI installs poppler-utils: missing there is a failure
        pytest.fail(f"{what} (poppler-utils) is not installed")
    pytest.skip(f"{what} (poppler-utils) is not installed")


@pytest.fixture
def public_url(settings):
    settings.ONEGO_PUBLIC_BASE_URL = PUBLIC + "/"
    return PUBLIC


@pytest.fixture
def licence(public_url, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    _, lt = f.issuer_with_key()
    return f.licence(lt, holder_name="广州市白云区云味餐饮有限公司")


def _path(link: str) -> str:
    """The part of an absolute link the test client requests (the public host is the installation's)."""
    parts = urlsplit(link)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def _qr_link_in_the_pdf(pdf: bytes, folder: Path) -> str:
    """What a phone's camera reads: the QR code decoded from the rasterised PDF page."""
    zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp (a QR decoder wheel) is not installed")
    from PIL import Image

    (folder / "licence.pdf").write_bytes(pdf)
    subprocess.run(
        [
            _required("pdftoppm"),
            "-png",
            "-r",
            "150",
            "-singlefile",
            str(folder / "licence.pdf"),
            str(folder / "page"),
        ],
        check=True,
    )
    with Image.open(folder / "page.png") as image:
        found = zxingcpp.read_barcodes(image.convert("RGB"))
    assert len(found) == 1, found
    return found[0].text


def test_a_phone_scanning_the_qr_code_of_the_licence_pdf_lands_on_the_verification_result(
    client, licence, tmp_path
):
    # given the licence's PDF as issued
    link = _qr_link_in_the_pdf(services.licence_pdf(licence), tmp_path)

    # when the phone opens the link the QR code carries
    with time_machine.travel(IN_FORCE, tick=False):
        response = client.get(_path(link))

    # then it is the result page: valid, the holder and its code masked, no form to fill
    html = response.content.decode()
    assert link.startswith(f"{PUBLIC}/licences/v/{licence.identifier}/?sig=")
    assert response.status_code == 200
    assert 'data-status="valid"' in html and "✔ 有效" in html and "电子证照核验结果" in html
    assert "广州市白云区云味餐饮有限公司" in html and licence.number in html
    assert "9144**********WX00" in html and f.ENTERPRISE_CODE not in html
    assert "广州市白云区太和镇测试路" not in html  # the licence's data stays private
    assert 'data-testid="verify-form"' not in html and "<textarea" not in html
    assert 'data-testid="verify-another"' in html  # a way on to check another licence


def test_the_footer_of_the_licence_pdf_gives_the_verification_pages_address(licence, tmp_path):
    target = tmp_path / "licence.pdf"
    target.write_bytes(services.licence_pdf(licence))

    text = subprocess.run(
        [_required("pdftotext"), str(target), "-"], check=True, capture_output=True, text=True
    ).stdout

    assert f"扫描二维码或访问 {PUBLIC}/licences/verify/ 核验真伪" in " ".join(text.split())


@pytest.mark.parametrize(
    ("when", "change", "status", "shown"),
    [
        (IN_FORCE, None, "valid", "✔ 有效"),
        (IN_FORCE, "revoke", "revoked", "以欺骗手段取得许可"),
        (AFTER_THE_END, None, "expired", "2031-05-19"),
    ],
)
def test_the_qr_link_shows_each_status_at_once(client, licence, when, change, status, shown):
    with time_machine.travel(when, tick=False):
        if change == "revoke":
            services.revoke(licence.pk, "以欺骗手段取得许可", actor="test")
        response = client.get(_path(services.qr_text(licence)))

    html = response.content.decode()
    assert response.status_code == 200
    assert f'data-status="{status}"' in html and shown in html
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_a_persons_licence_shows_the_name_and_id_number_masked(client, public_url):
    _, lt = f.issuer_with_key()
    licence = f.licence(lt, holder_name="张三丰", holder_code=f.PERSON_ID)

    with time_machine.travel(IN_FORCE, tick=False):
        html = client.get(_path(services.qr_text(licence))).content.decode()

    assert 'data-status="valid"' in html
    assert "张**" in html and "张三丰" not in html
    assert f.PERSON_ID not in html and "4401**********4513" in html


def test_a_qr_link_with_another_licences_signature_is_invalid_and_shows_no_holder(client, licence):
    other = f.licence(licence.licence_type, holder_name="另一家餐饮有限公司")
    forged = services.qr_text(licence).split("?sig=")[0] + "?sig=" + services.qr_text(other).split("?sig=")[1]

    with time_machine.travel(IN_FORCE, tick=False):
        html = client.get(_path(forged)).content.decode()

    assert 'data-status="invalid"' in html and "二维码中的签名与登记库不一致" in html
    assert 'data-testid="holder"' not in html and "广州市白云区云味餐饮有限公司" not in html


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/licences/v/1.2.156.3005.2.nonsense/", "证照标识格式或校验位错误"),
        ("/licences/v/{identifier}/?sig=A", "核验链接中的签名无法解码"),
        ("/licences/v/{identifier}/?sig=AAAA", "二维码中的签名与登记库不一致"),
    ],
)
def test_a_broken_qr_link_says_why_it_is_invalid_never_an_error(client, licence, path, message):
    response = client.get(path.format(identifier=licence.identifier))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-status="invalid"' in html and message in html


def test_the_qr_link_of_a_licence_issued_before_keeps_opening_the_result(client, licence):
    # the QR codes printed before the link moved to /licences/v/<identifier>/
    sig = services.qr_text(licence).split("?sig=")[1]
    old = f"/licences/verify/?id={licence.identifier}&sig={sig}"

    with time_machine.travel(IN_FORCE, tick=False):
        html = client.get(old).content.decode()

    assert 'data-status="valid"' in html and "电子证照核验结果" in html
    assert 'data-testid="verify-form"' not in html


def test_the_new_qr_text_pasted_into_the_page_or_the_api_verifies_too(client, licence):
    text = services.qr_text(licence)

    with time_machine.travel(IN_FORCE, tick=False):
        page = client.post("/licences/verify/", {"text": text}).content.decode()
        api = client.post("/api/v1/licences/verify", {"qr": text}, content_type="application/json").json()

    assert 'data-status="valid"' in page and 'data-testid="verify-form"' in page  # the forms stay for pasting
    assert page.index('data-testid="verify-result"') < page.index('data-testid="verify-form"')  # result first
    assert api["status"] == "valid" and api["licence"]["holder_code_masked"] == "9144**********WX00"


def test_the_qr_link_counts_against_the_verification_rate_limit(client, licence, settings):
    settings.ONEGO_VERIFY_RATE_PER_MINUTE = 2
    path = _path(services.qr_text(licence))

    statuses = [client.get(path).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    assert "核验过于频繁" in client.get(path).content.decode()


def test_the_result_page_speaks_english_when_english_is_chosen(client, licence):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    with time_machine.travel(IN_FORCE, tick=False):
        html = client.get(_path(services.qr_text(licence))).content.decode()

    assert "E-licence verification result" in html and "Verify another licence" in html
    assert "Signature valid; licence in force." in html
    assert "电子证照核验结果" not in html and "核验其他证照" not in html and "签名有效" not in html


def test_the_result_page_in_chinese_gives_the_reason_in_chinese_only(client, licence):
    with time_machine.travel(IN_FORCE, tick=False):
        html = client.get(_path(services.qr_text(licence))).content.decode()

    assert "签名有效，证照在有效期内。" in html and "Signature valid" not in html


def test_the_verify_api_gives_reasons_in_the_requested_language(client, licence):
    with time_machine.travel(IN_FORCE, tick=False):
        english = client.post(
            "/api/v1/licences/verify",
            {"qr": services.qr_text(licence)},
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="en",
        ).json()
        garbage = client.post(
            "/api/v1/licences/verify", {"qr": "hello"}, content_type="application/json"
        ).json()

    assert english["status"] == "valid" and english["reasons"] == ["Signature valid; licence in force."]
    assert garbage["status"] == "invalid"  # the machine-readable answer; the reason in Chinese by default
    assert garbage["reasons"] == ["内容不是有效的 JSON，也不是证照标识。"]

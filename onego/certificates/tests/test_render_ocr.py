"""The rendered licence read by OCR, as a person reads the page: the red seal must leave the issuing authority's
name and the issue date legible (a seal stamped over them made the OCR read "发证机关：广州" … "2020年月18日").

One licence is rendered, rasterised by pdftoppm (poppler-utils) and read by rapidocr-onnxruntime (a test
dependency; its models ship inside the wheel, and its OpenCV needs the system's libGL, which Chromium's packages
bring) once for the whole module: OCR takes several seconds. Without them the tests skip, except in CI
(ONEGO_REQUIRE_BROWSER), where a missing tool is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date

import pytest

from onego.certificates.render import render_licence_pdf

ISSUER = "广州市白云区市场监督管理局"  # 13 characters: the long name the seal used to cover
ISSUE_DATE = date(2026, 11, 26)
ISSUE_DATE_ZH = "2026年11月26日"
DPI = 150


def _required(what: str) -> None:
    if os.environ.get("ONEGO_REQUIRE_BROWSER"):  # CI installs them: missing there is a failure
        pytest.fail(f"{what} is not installed")
    pytest.skip(f"{what} is not installed")


@dataclass(frozen=True)
class Line:
    text: str
    left: float  # millimetres from the page's left edge
    top: float
    right: float
    bottom: float


def licence() -> dict[str, object]:
    return {
        "type_name": "食品经营许可证",
        "licence_number": "JY14401110000123",
        "identifier": "1.2.156.3005.2.11440111MB2C00020W001.91440111MA5AQ6WX00.00000123.001.Q",
        "holder_name": "广州市白云区云味餐饮有限公司",
        "holder_code_masked": "91440111MA5AQ6WX00",
        "legal_representative": "李娜",
        "fields": [
            ("经营场所", "广州市白云区嘉禾街金铂天地商业广场 3 层 312 号"),
            ("主体业态", "餐饮服务经营者"),
        ],
        "issuer_name": ISSUER,
        "issue_date": ISSUE_DATE,
        "valid_from": ISSUE_DATE,
        "valid_to": date(2031, 11, 25),
        "qr_text": "https://zwfw.baiyun.example/licences/v/1.2.156.3005.2.11440111MB2C00020W001.91440111MA5AQ6WX00"
        ".00000123.001.Q/?sig=MEUCIQDx3q9Vb2kYw0f1uJ7c8rPzL5nHs4tA6mBvR0eWgKXyZQIgT3",
        "verify_url": "https://zwfw.baiyun.example/licences/verify/",
    }


@pytest.fixture(scope="module")
def ocr_lines(tmp_path_factory: pytest.TempPathFactory) -> list[Line]:
    """Every line of text the OCR finds on the rendered page, with its box in millimetres."""
    pdftoppm = shutil.which("pdftoppm")
    if not pdftoppm:
        _required("pdftoppm (poppler-utils)")
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError:
        _required("rapidocr-onnxruntime")

    folder = tmp_path_factory.mktemp("ocr")
    pdf = folder / "licence.pdf"
    pdf.write_bytes(render_licence_pdf(licence()))
    subprocess.run(
        [str(pdftoppm), "-png", "-r", str(DPI), "-singlefile", str(pdf), str(folder / "page")], check=True
    )
    found, _ = RapidOCR()(str(folder / "page.png"))
    mm = 25.4 / DPI
    lines = []
    for box, text, _score in found or []:
        xs, ys = [p[0] for p in box], [p[1] for p in box]
        lines.append(Line("".join(text.split()), min(xs) * mm, min(ys) * mm, max(xs) * mm, max(ys) * mm))
    return lines


def _line_with(lines: list[Line], text: str) -> Line:
    matches = [line for line in lines if text in line.text]
    assert matches, f"OCR did not read {text!r}; it read {[line.text for line in lines]}"
    return matches[0]


def test_ocr_of_the_rendered_licence_reads_the_issuing_authoritys_full_name(ocr_lines: list[Line]) -> None:
    line = _line_with(ocr_lines, f"发证机关：{ISSUER}")

    assert line.bottom > 140  # in the bottom band, where the seal is: not only the name in the fields


def test_ocr_of_the_rendered_licence_reads_the_issue_date(ocr_lines: list[Line]) -> None:
    _line_with(ocr_lines, f"签发日期：{ISSUE_DATE_ZH}")


def test_the_seal_stands_beside_the_issuer_and_the_date_not_on_them(ocr_lines: list[Line]) -> None:
    seal_label = _line_with(ocr_lines, "电子证照专用章")  # printed in the seal, under its star
    issuer = _line_with(ocr_lines, f"发证机关：{ISSUER}")
    issued = _line_with(ocr_lines, f"签发日期：{ISSUE_DATE_ZH}")

    # the seal's ring (radius 21 mm around the centre above its label) begins right of both lines
    seal_left = (seal_label.left + seal_label.right) / 2 - 21
    assert issuer.right < seal_left and issued.right < seal_left, (issuer, issued, seal_label)


def test_the_holder_and_the_page_title_are_read_too(ocr_lines: list[Line]) -> None:
    """A check on the check: the OCR reads the page as a whole, so a missing issuer line is the layout's fault."""
    _line_with(ocr_lines, "食品经营许可证")
    _line_with(ocr_lines, "广州市白云区云味餐饮有限公司")


def test_ocr_reads_the_verification_address_in_the_footer(ocr_lines: list[Line]) -> None:
    footer = _line_with(ocr_lines, "https://zwfw.baiyun.example/licences/verify/")

    assert footer.top > 180  # the last line of the page

"""The e-licence PDF: the CJK font is embedded, the rasterised page shows the holder's Chinese name, the QR code
carries the text it was given. No database needed.

poppler-utils (pdffonts, pdftotext, pdftoppm) read the PDF as any reader would; each test that needs one of them
skips with the reason when it is missing.
"""

from __future__ import annotations

import subprocess
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest

from onego.certificates.render import FOOTER, qr_matrix, render_licence_pdf
from onego.core.tests.pdfs import need

HOLDER = "广州市白云区云味餐饮有限公司"
# As long as an identifier + SM2 signature + key id payload gets (~400 characters).
QR_TEXT = (
    "https://onego.example.gov.cn/verify/licence?id=12440100MB2C92174X.91440111MA59ABCD2X.JY.2026.000123.Q"
    "&kid=dept-440111-2026-01&sig=" + "MEUCIQDx3q9Vb2kYw0f1uJ7c8rPzL5nHs4tA6mBvR0eWgKXyZQIgT3" * 5 + "&v=1"
)


def licence(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "type_name": "食品经营许可证",
        "licence_number": "JY14401110000123",
        "identifier": "12440100MB2C92174X.91440111MA59ABCD2X.JY.2026.000123.Q",
        "holder_name": HOLDER,
        "holder_code_masked": "91440111MA59****2X",
        "legal_representative": "张*明",
        "address": "广州市白云区云城西路888号101房",
        "fields": [
            ("经营场所", "广州市白云区云城西路888号101房、102房"),
            ("主体业态", "餐饮服务经营者（中型餐馆）"),
            ("经营项目", "热食类食品制售；冷食类食品制售；自制饮品制售；糕点类食品（含裱花蛋糕）制售"),
            ("日常监督管理机构", "广州市白云区市场监督管理局"),
        ],
        "issuer_name": "广州市白云区行政审批局",
        "issue_date": date(2026, 11, 26),
        "valid_from": date(2026, 11, 26),
        "valid_to": date(2031, 11, 25),
        "qr_text": QR_TEXT,
        "seal_text": "广州市白云区行政审批局",
    }
    data.update(overrides)
    return data


@pytest.fixture(scope="module")
def pdf_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("licence") / "licence.pdf"
    path.write_bytes(render_licence_pdf(licence()))
    return path


def rgb_pixels(image) -> list[tuple[int, int, int]]:
    raw = image.convert("RGB").tobytes()
    return list(zip(raw[0::3], raw[1::3], raw[2::3], strict=True))


def rasterise(pdf: Path, dpi: int) -> Path:
    prefix = pdf.with_name(f"{pdf.stem}-{dpi}")
    subprocess.run(
        [need("pdftoppm"), "-png", "-r", str(dpi), "-singlefile", str(pdf), str(prefix)], check=True
    )
    return prefix.with_suffix(".png")


def test_is_a_one_page_pdf(pdf_path: Path) -> None:
    data = pdf_path.read_bytes()
    assert data.startswith(b"%PDF-")
    info = subprocess.run([need("pdfinfo"), str(pdf_path)], check=True, capture_output=True, text=True).stdout
    assert "Pages:           1" in info
    assert "841.89 x 595.28 pts (A4)" in info  # A4 landscape


def test_cjk_font_is_embedded(pdf_path: Path) -> None:
    out = subprocess.run([need("pdffonts"), str(pdf_path)], check=True, capture_output=True, text=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert rows, out
    noto = [row for row in rows if "NotoSerifSC" in row[0]]
    assert noto, out
    # name, type "CID Type 0C", encoding, emb, sub, uni, object id, generation
    for row in noto:
        assert row[1:4] == ["CID", "Type", "0C"], out
        assert row[-5:-2] == ["yes", "yes", "yes"], out  # embedded, subset, with a ToUnicode map
    # and nothing else: no non-embedded font (such as ReportLab's STSong-Light) that a reader would substitute
    assert all(row[-5] == "yes" for row in rows), out


def test_text_extraction_finds_the_holder_and_the_fields(pdf_path: Path) -> None:
    text = subprocess.run(
        [need("pdftotext"), "-layout", str(pdf_path), "-"], check=True, capture_output=True, text=True
    ).stdout
    for expected in (
        HOLDER,
        "食品经营许可证",
        "经营者名称",
        "统一社会信用代码",
        "91440111MA59****2X",
        "法定代表人",
        "经营项目",
        "广州市白云区行政审批局",
        "2026年11月26日",
        "2031年11月25日",
        "JY14401110000123",
        "12440100MB2C92174X.91440111MA59ABCD2X.JY.2026.000123.Q",
        FOOTER,
    ):
        assert expected in text, expected


def test_rasterised_page_is_a_licence_not_a_blank(pdf_path: Path) -> None:
    from PIL import Image  # Pillow comes with fpdf2

    png = rasterise(pdf_path, 100)
    with Image.open(png) as image:
        rgb = image.convert("RGB")
    assert abs(rgb.size[0] - 1169) <= 1 and abs(rgb.size[1] - 827) <= 1  # A4 landscape at 100 dpi
    pixels = rgb_pixels(rgb)
    ink = sum(1 for r, g, b in pixels if r + g + b < 600)
    assert 0.03 < ink / len(pixels) < 0.5, ink / len(
        pixels
    )  # text, frame, QR code; not blank, not a black page
    w, h = rgb.size

    def share(box: tuple[int, int, int, int], test) -> float:
        region = rgb_pixels(rgb.crop(box))
        return sum(1 for p in region if test(*p)) / len(region)

    def red(r: int, g: int, b: int) -> bool:
        return r > 150 and g < 110 and b < 110

    def dark(r: int, g: int, b: int) -> bool:
        return r + g + b < 200

    assert share((int(w * 0.68), int(h * 0.64), int(w * 0.92), int(h * 0.92)), red) > 0.05  # the seal
    assert share((int(w * 0.10), int(h * 0.67), int(w * 0.24), int(h * 0.86)), dark) > 0.3  # the QR code
    assert share((int(w * 0.30), int(h * 0.08), int(w * 0.70), int(h * 0.16)), dark) > 0.03  # the title


def test_holder_name_survives_rasterisation_and_text_layer_of_the_same_file(pdf_path: Path) -> None:
    """The issue's must-show: the rasterised PDF shows the holder's Chinese name.

    No OCR here (the project's OCR comes with another issue): the glyphs on the raster are the embedded font's,
    so the name found in the text layer of the very file pdftoppm drew is the name on the image, and the region
    where pdftotext -bbox places the name is inked on the raster.
    """
    from PIL import Image

    bbox = subprocess.run(
        [need("pdftotext"), "-bbox", str(pdf_path), "-"], check=True, capture_output=True, text=True
    ).stdout
    line = next(row.strip() for row in bbox.splitlines() if row.strip().startswith("<word") and HOLDER in row)
    attrs = dict(part.split("=", 1) for part in line.split(">")[0].split()[1:])
    x0, y0, x1, y1 = (float(attrs[k].strip('"')) for k in ("xMin", "yMin", "xMax", "yMax"))
    scale = 100 / 72  # points to pixels at 100 dpi
    with Image.open(rasterise(pdf_path, 100)) as image:
        region = (
            image.convert("L")
            .crop((int(x0 * scale), int(y0 * scale), int(x1 * scale) + 1, int(y1 * scale) + 1))
            .tobytes()
        )
    inked = sum(1 for v in region if v < 128) / len(region)
    assert 0.08 < inked < 0.6, inked  # 14 characters of Song-style strokes, not an empty box


def test_qr_code_on_the_page_is_the_matrix_of_the_text(pdf_path: Path) -> None:
    """Pure Python: sample the rasterised page at the centre of every module and compare with the QR matrix."""
    import qrcode
    import qrcode.constants
    from PIL import Image

    matrix = qr_matrix(QR_TEXT)
    again = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    again.add_data(QR_TEXT.encode("utf-8"))
    again.make(fit=True)
    assert matrix == [list(row) for row in again.get_matrix()]
    assert matrix == qr_matrix(QR_TEXT)

    dpi = 300
    with Image.open(rasterise(pdf_path, dpi)) as image:
        gray = image.convert("L")
    width, raw = gray.size[0], gray.tobytes()
    mm = dpi / 25.4
    x, y, size = 34.0, 143.0, 36.0  # where render.py draws it
    n = len(matrix)
    module = size / n
    mismatches = 0
    for r in range(n):
        for c in range(n):
            px = raw[int((y + (r + 0.5) * module) * mm) * width + int((x + (c + 0.5) * module) * mm)]
            mismatches += (px < 128) != matrix[r][c]
    assert mismatches == 0, f"{mismatches} of {n * n} modules differ"


def test_qr_code_decodes_from_the_rasterised_page(pdf_path: Path) -> None:
    zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp (a QR decoder wheel) is not installed")
    from PIL import Image

    with Image.open(rasterise(pdf_path, 100)) as image:
        found = zxingcpp.read_barcodes(image.convert("RGB"))
    assert [code.text for code in found] == [QR_TEXT]


def test_same_licence_same_bytes() -> None:
    assert render_licence_pdf(licence()) == render_licence_pdf(licence())
    assert render_licence_pdf(licence()) != render_licence_pdf(
        licence(holder_name="广州市白云区云香餐饮有限公司")
    )


def test_a_character_beyond_gb2312_is_drawn_from_the_full_font(tmp_path: Path) -> None:
    name = "广州市白云区王堃喆餐饮店"  # 堃 and 喆 are in GB 18030 but not in GB 2312
    path = tmp_path / "rare.pdf"
    path.write_bytes(render_licence_pdf(licence(holder_name=name, legal_representative=None, address=None)))
    text = subprocess.run(
        [need("pdftotext"), str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert name in text
    fonts = subprocess.run([need("pdffonts"), str(path)], check=True, capture_output=True, text=True).stdout
    assert "NotoSerifSCExt" in fonts
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:] if line.strip())


def test_long_business_scope_still_fits_one_page(tmp_path: Path) -> None:
    scope = "；".join(["餐饮服务（须在此类经营项目取得许可后方可经营）", "食品销售", "日用百货零售"] * 12)
    path = tmp_path / "long.pdf"
    path.write_bytes(
        render_licence_pdf(licence(type_name="营业执照", fields=[("经营范围", scope)], valid_to=None))
    )
    info = subprocess.run([need("pdfinfo"), str(path)], check=True, capture_output=True, text=True).stdout
    assert "Pages:           1" in info
    text = subprocess.run(
        [need("pdftotext"), str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    flat = "".join(text.split())
    assert "".join(scope.split()) in flat  # every character of the scope is on the page
    assert "自2026年11月26日起长期有效" in flat


def test_accepts_iso_strings_for_dates() -> None:
    a = render_licence_pdf(licence(issue_date="2026-11-26", valid_from="2026-11-26", valid_to="2031-11-25"))
    assert a == render_licence_pdf(licence())


def test_rendering_does_not_need_the_database() -> None:
    # pytest-django blocks database access in tests without the db marker: reaching here proves it.
    assert render_licence_pdf(licence())[:5] == b"%PDF-"
    assert BytesIO(render_licence_pdf(licence())).getbuffer().nbytes < 200_000

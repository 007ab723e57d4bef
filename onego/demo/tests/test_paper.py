"""The demo's paper documents: deterministic PNG pages with ink where the text is, and the degraded copies.

Whether the OCR reads them is tested in onego/prereview/tests (test_ocr, test_documents); these tests stay
without OCR so they are fast, and check what the stand-in system and the pre-review rely on: the same
arguments give the same bytes, a rotated copy grows its canvas, a noisy copy keeps its size, and the
unreadable copy has almost no contrast left.
"""

from __future__ import annotations

import io
from datetime import date

import numpy as np
import pytest
from PIL import Image

from onego.demo import paper

ID_NUMBER = "44011119900307123X"


def _image(png: bytes) -> Image.Image:
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    return Image.open(io.BytesIO(png)).convert("L")


def _contrast(png: bytes) -> float:
    pixels = np.asarray(_image(png), dtype=np.float32)
    return float(np.percentile(pixels, 99.5) - np.percentile(pixels, 0.5))


@pytest.fixture(scope="module")
def id_card() -> bytes:
    return paper.render_id_card(name="张伟", id_number=ID_NUMBER)


def _render(kind: str) -> bytes:
    if kind == "id_card":
        return paper.render_id_card(name="张伟", id_number=ID_NUMBER, sex="女", nation="壮")
    if kind == "business_licence":
        return paper.render_business_licence(
            name="广州市白云区云味餐饮有限公司",
            credit_code="91440111MA5AQ6WX00",
            legal_representative="李娜",
            address="广州市白云区嘉禾街金铂天地商业广场3层312号",
            established_on=date(2020, 5, 12),
        )
    if kind == "labour_contract":
        return paper.render_labour_contract(
            employer="广州市白云区云味餐饮有限公司",
            employee="张伟",
            id_number=ID_NUMBER,
            start=date(2026, 7, 1),
            end=date(2027, 6, 30),
        )
    return paper.render_bank_statement(
        payer="广州市白云区云味餐饮有限公司",
        rows=[("张伟", 450_000), ("李娜", 520_050)],
        month=date(2026, 9, 1),
    )


@pytest.mark.parametrize("kind", ["id_card", "business_licence", "labour_contract", "bank_statement"])
def test_every_document_is_a_deterministic_png_with_dark_ink_on_light_paper(kind: str) -> None:
    first, second = _render(kind), _render(kind)

    assert first == second  # the stand-in's attachments do not change between runs
    assert _contrast(first) > 180


def test_a_longer_payroll_makes_a_taller_page() -> None:
    rows = [("张伟", 100), ("李娜", 200)]
    short = paper.render_bank_statement(payer="某单位", rows=rows, month=date(2026, 9, 1))
    long = paper.render_bank_statement(payer="某单位", rows=rows * 3, month=date(2026, 9, 1))

    assert _image(long).height > _image(short).height


def test_a_rotated_copy_grows_its_canvas_and_keeps_white_corners(id_card: bytes) -> None:
    turned = _image(paper.degrade(id_card, rotate=8))
    flat = _image(id_card)

    assert turned.width > flat.width and turned.height > flat.height
    assert turned.getpixel((0, 0)) == 255


def test_noise_keeps_the_size_changes_the_pixels_and_is_seeded(id_card: bytes) -> None:
    noisy = paper.degrade(id_card, noise=0.1, blur=0.8, seed=7)

    assert _image(noisy).size == _image(id_card).size
    assert noisy != id_card
    assert noisy == paper.degrade(id_card, noise=0.1, blur=0.8, seed=7)
    assert noisy != paper.degrade(id_card, noise=0.1, blur=0.8, seed=8)


def test_an_unreadable_copy_keeps_the_size_but_almost_no_contrast(id_card: bytes) -> None:
    washed = paper.unreadable(id_card)

    assert _image(washed).size == _image(id_card).size
    assert _contrast(washed) < 40


def test_amounts_print_as_yuan_with_separators() -> None:
    assert [paper._yuan(fen) for fen in (0, 5, 450_000, 123_456_789)] == [
        "0.00",
        "0.05",
        "4,500.00",
        "1,234,567.89",
    ]


def test_a_missing_font_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paper.shutil, "which", lambda _name: None)
    monkeypatch.setattr(paper, "KNOWN_FONT_PATHS", ("/nonexistent/NotoSansCJK-Regular.ttc",))

    with pytest.raises(paper.FontMissing, match="fonts-noto-cjk"):
        paper._font_file()

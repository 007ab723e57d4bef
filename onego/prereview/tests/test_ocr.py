"""The OCR engine on pages the tests draw with onego.demo.paper: lines read, skew straightened, boxes given back in
the coordinates of the image as received, one engine per process shared safely between threads.

Real OCR (rapidocr-onnxruntime, a dependency in requirements.lock): each read takes about a second, so pages are
read once per module in fixtures. Without a loadable engine (OpenCV needs the system's libGL) the tests skip,
except in CI (ONEGO_REQUIRE_BROWSER), where it is a failure.
"""

from __future__ import annotations

import io
import math
import sys
import threading

import numpy as np
import pytest
from numpy.typing import NDArray
from PIL import Image, ImageDraw

from onego.demo import paper
from onego.prereview import ocr
from onego.prereview.tests.ocr_engine import engine_or_skip

NAME = "张伟"
ID_NUMBER = "440111199003071232"  # valid GB 11643 check digit; born 1990-03-07 in Baiyun


def _gray(png: bytes) -> NDArray[np.uint8]:
    return np.asarray(Image.open(io.BytesIO(png)).convert("L"), dtype=np.uint8)


def _texts(lines: list[ocr.Line]) -> list[str]:
    return ["".join(line.text.split()) for line in lines]


@pytest.fixture(scope="module")
def card() -> bytes:
    return paper.render_id_card(name=NAME, id_number=ID_NUMBER)


@pytest.fixture(scope="module")
def clean_lines(card: bytes) -> list[ocr.Line]:
    engine_or_skip()
    return ocr.read_lines(card)


@pytest.fixture(scope="module")
def turned_card(card: bytes) -> bytes:
    return paper.degrade(card, rotate=8)


@pytest.fixture(scope="module")
def turned_lines(turned_card: bytes) -> list[ocr.Line]:
    engine_or_skip()
    return ocr.read_lines(turned_card)


def test_the_clean_card_reads_every_label_and_value_with_high_confidence(clean_lines: list[ocr.Line]) -> None:
    texts = "|".join(_texts(clean_lines))

    for expected in ("姓名", NAME, "公民身份号码", ID_NUMBER, "1990年3月7日"):
        assert expected in texts, texts
    assert min(line.confidence for line in clean_lines) > 0.5
    number = next(line for line in clean_lines if ID_NUMBER in line.text)
    assert number.confidence > 0.95


def test_lines_come_top_to_bottom(clean_lines: list[ocr.Line]) -> None:
    tops = [min(y for _x, y in line.box) for line in clean_lines]

    name_top = next(top for top, line in zip(tops, clean_lines, strict=True) if NAME in line.text)
    number_top = next(top for top, line in zip(tops, clean_lines, strict=True) if ID_NUMBER in line.text)
    assert name_top < number_top


@pytest.mark.parametrize("degrees", [5.0, 8.0, -5.0, -8.0, 0.0])
def test_the_skew_of_a_turned_card_is_measured_to_a_fraction_of_a_degree(card: bytes, degrees: float) -> None:
    # paper.degrade turns counter-clockwise; the straightening turn is the opposite
    measured = ocr.skew_angle(_gray(paper.degrade(card, rotate=degrees)))

    assert measured == pytest.approx(-degrees, abs=0.3)


def test_a_card_turned_8_degrees_reads_and_its_boxes_sit_on_the_turned_image(
    turned_card: bytes, turned_lines: list[ocr.Line]
) -> None:
    texts = _texts(turned_lines)
    assert any(NAME in text for text in texts), texts
    assert any(ID_NUMBER in text for text in texts), texts

    # the boxes are in the coordinates of the image as received: the number's top edge rises 8° to the right
    number = next(line for line in turned_lines if ID_NUMBER in "".join(line.text.split()))
    (x0, y0), (x1, y1) = number.box[0], number.box[1]
    assert math.degrees(math.atan2(y0 - y1, x1 - x0)) == pytest.approx(8.0, abs=1.5)
    width, height = Image.open(io.BytesIO(turned_card)).size
    assert all(0 <= x <= width and 0 <= y <= height for x, y in number.box)
    # and the ink under the box's middle is dark: the box is where the number is printed
    gray = _gray(turned_card)
    xs, ys = [x for x, _y in number.box], [y for _x, y in number.box]
    middle = gray[int(min(ys)) : int(max(ys)), int(min(xs)) : int(max(xs))]
    assert middle.min() < 100


def test_an_unreadable_page_yields_no_usable_text(card: bytes) -> None:
    engine_or_skip()

    lines = ocr.read_lines(paper.unreadable(card))

    texts = "".join(_texts(lines))
    assert NAME not in texts and ID_NUMBER not in texts and "身份" not in texts


def test_bytes_that_are_not_an_image_are_refused_as_such() -> None:
    engine_or_skip()

    with pytest.raises(ocr.ImageInvalid):
        ocr.read_lines(b"%PDF-1.7 not a picture")


def test_an_engine_that_cannot_load_is_reported_as_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "_engine", None)
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)  # import fails as if not installed

    with pytest.raises(ocr.OcrUnavailable, match="rapidocr"):
        ocr.read_lines(b"")


def test_one_engine_serves_several_threads_with_the_same_answers() -> None:
    engine_or_skip()
    word = Image.new("RGB", (420, 110), "white")
    ImageDraw.Draw(word).text((20, 20), "白云区就业补贴", font=paper._font(56), fill="black")
    buffer = io.BytesIO()
    word.save(buffer, format="PNG")
    engines: list[object] = []
    answers: list[list[str]] = []

    def work() -> None:
        engines.append(ocr.get_engine())
        answers.append(_texts(ocr.read_lines(buffer.getvalue())))

    threads = [threading.Thread(target=work) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len({id(engine) for engine in engines}) == 1
    assert answers == [["白云区就业补贴"]] * 3

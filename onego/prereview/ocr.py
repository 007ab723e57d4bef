"""Reading the lines of text on a scanned page, with rapidocr-onnxruntime (offline: its models ship in the wheel).

Why a module of its own: the OCR engine is heavy (three ONNX models, about a second to load), so a process builds
it once, lazily, on the first page it reads, and every thread shares it behind a lock (onnxruntime sessions may
run concurrently, but rapidocr keeps per-call state on the engine object). The Celery worker is the only caller
at run time — OCR never runs in a request — plus the tests and bench/bench_ocr.py.

A page photographed or scanned a few degrees off (±10°) is straightened before it is read: the skew is the angle
at which the rows of ink line up best (the sharpest horizontal projection profile of the page's dark pixels).
rapidocr's own angle classifier turns text lines that are upside down (180°). The boxes of the lines are given
back in the coordinates of the image as received, so a page can draw them on the stored image.

Threads: by default onnxruntime uses every core. The environment variable ``ONEGO_OCR_THREADS`` (read when the
engine is built) sets onnxruntime's intra- and inter-op threads and OpenCV's threads — the benchmark sets it to 1
to measure one core; a worker running several OCR tasks side by side should set it to 1 as well.
"""

from __future__ import annotations

import io
import math
import os
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import numpy as np
from PIL import Image, UnidentifiedImageError

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["ImageInvalid", "Line", "OcrUnavailable", "decode_image", "get_engine", "read_lines", "skew_angle"]

MAX_SKEW_DEGREES: Final = 10.0  # larger turns are not a skewed scan but a page put in sideways
MIN_SKEW_DEGREES: Final = 0.6  # below this, straightening would blur more than it helps
# The text detector sees the page with its longer side at most this many pixels (rapidocr searches a page of up to
# 1,500 pixels at full size). Print stays about 12 px high at this size: enough for ID cards, licences and payroll
# tables photographed or scanned at 150-200 dpi; a dense A4 page at 300 dpi would want more.
DETECTION_LIMIT: Final = 960
# Text lines are recognised one at a time: in a batch every line is padded to the longest one, and on one core
# the padding cost more than batching saved (recognition of a labour contract 1.3 s -> 0.6 s).
RECOGNITION_BATCH: Final = 1
MAX_PIXELS: Final = 40_000_000  # a decompression bomb is not a page


class OcrUnavailable(RuntimeError):
    """The OCR engine cannot be loaded (rapidocr-onnxruntime, its models or OpenCV's libraries are missing)."""


class ImageInvalid(ValueError):
    """The bytes are not an image the OCR can open (not PNG/JPEG/…, truncated, or absurdly large)."""


@dataclass(frozen=True)
class Line:
    """One line of text as the OCR found it: its text, the recogniser's confidence (0–1) and the four corners of
    its box (top-left, top-right, bottom-right, bottom-left) in pixels of the image as received."""

    text: str
    confidence: float
    box: tuple[tuple[float, float], ...]


_engine: Any = None
_engine_lock = threading.Lock()  # builds the engine once
_read_lock = threading.Lock()  # one page at a time through the shared engine


def _threads() -> int | None:
    value = os.environ.get("ONEGO_OCR_THREADS", "").strip()
    if not value:
        return None
    try:
        threads = int(value)
    except ValueError:
        return None
    return threads if threads > 0 else None


def get_engine() -> Any:
    """The process's one RapidOCR engine, built on first use; raises OcrUnavailable when it cannot load.

    read_lines is the way to read a page; the engine itself is public for the benchmark's baseline (the bare
    rapidocr call) and for a start-up check that the models load."""
    global _engine
    if _engine is not None:
        return _engine
    with _engine_lock:
        if _engine is None:
            threads = _threads()
            try:
                import cv2
                from rapidocr_onnxruntime import RapidOCR
            except ImportError as exc:  # the wheel, onnxruntime or OpenCV's system libraries (libGL) missing
                raise OcrUnavailable(f"rapidocr-onnxruntime cannot be imported: {exc}") from exc
            options: dict[str, Any] = {"rec_batch_num": RECOGNITION_BATCH}
            if threads:
                cv2.setNumThreads(threads)
                options.update(intra_op_num_threads=threads, inter_op_num_threads=threads)
            try:
                engine = RapidOCR(**options)
                _limit_detection(engine, DETECTION_LIMIT)
            except Exception as exc:  # noqa: BLE001 - any failure to load the models means the same to callers
                raise OcrUnavailable(f"the OCR models cannot be loaded: {exc}") from exc
            _engine = engine
    return _engine


def _limit_detection(engine: Any, longest: int) -> None:
    """Make the text detector see every page with its longer side at most `longest` pixels.

    rapidocr-onnxruntime 1.4.4 ignores its own det_limit_side_len when det_limit_type is "max" (it picks 960, 1500
    or 2000 from the image's size, so a 1,400-pixel page is searched at full size) and with "min" it only ever
    enlarges; so the detector's preprocessing is replaced, on this one engine object.
    """
    from rapidocr_onnxruntime.ch_ppocr_det.utils import DetPreProcess

    detector = engine.text_det
    preprocess = DetPreProcess(longest, "max", detector.mean, detector.std)
    detector.get_preprocess = lambda _longest_side: preprocess


def decode_image(image: bytes) -> NDArray[Any]:
    """The image as a BGR array (OpenCV's order); refuses what is not an image or would not fit in memory."""
    try:
        with Image.open(io.BytesIO(image)) as probe:
            width, height = probe.size
            too_large = width * height > MAX_PIXELS
            rgb = None if too_large else np.asarray(probe.convert("RGB"), dtype=np.uint8)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ImageInvalid(f"not an image: {exc}") from exc
    if rgb is None:
        raise ImageInvalid(f"{width}x{height} pixels is too large for a page")
    return np.ascontiguousarray(rgb[:, :, ::-1])


def skew_angle(gray: NDArray[Any]) -> float:
    """The angle in degrees (counter-clockwise, OpenCV's sense) that makes the page's text rows horizontal.

    The page is shrunk to about 600 pixels, its ink separated from the paper (Otsu), and turned through
    −10°…+10° in half degrees, then in tenths around the best: the right angle is the one where the rows of
    ink and the gaps between them are sharpest, i.e. the horizontal projection profile changes most from row to
    row. A blank or all-dark page has no skew to find (0.0).
    """
    import cv2

    height, width = gray.shape[:2]
    scale = min(1.0, 600.0 / max(height, width))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    _, ink = cv2.threshold(small, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    share = float(ink.mean())
    if share < 0.002 or share > 0.5:
        return 0.0
    ink = ink.astype(np.float32)
    rows, cols = ink.shape
    centre = (cols / 2.0, rows / 2.0)

    def sharpness(angle: float) -> float:
        matrix = cv2.getRotationMatrix2D(centre, angle, 1.0)
        turned = cv2.warpAffine(ink, matrix, (cols, rows), flags=cv2.INTER_NEAREST, borderValue=0)
        profile = turned.sum(axis=1)
        return float(np.square(np.diff(profile)).sum())

    coarse = np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 0.01, 0.5)
    best = max(coarse, key=sharpness)
    fine = np.arange(best - 0.4, best + 0.41, 0.1)
    return round(float(max(fine, key=sharpness)), 1)


def _straighten(image: NDArray[Any], angle: float) -> tuple[NDArray[Any], NDArray[Any]]:
    """The image turned by `angle` degrees on a canvas grown to keep every corner, and the affine matrix that
    takes points of the turned image back to the original."""
    import cv2

    height, width = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2.0, height / 2.0), angle, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    new_width = int(math.ceil(height * sin + width * cos))
    new_height = int(math.ceil(height * cos + width * sin))
    matrix[0, 2] += new_width / 2.0 - width / 2.0
    matrix[1, 2] += new_height / 2.0 - height / 2.0
    turned = cv2.warpAffine(
        image, matrix, (new_width, new_height), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE
    )
    return turned, cv2.invertAffineTransform(matrix)


def read_lines(image: bytes) -> list[Line]:
    """Every line of text the OCR reads on the page, top to bottom; an empty list when it reads none.

    Raises ImageInvalid for bytes that are not an image and OcrUnavailable when the engine cannot load.
    """
    engine = get_engine()
    import cv2

    picture = decode_image(image)
    gray = cv2.cvtColor(picture, cv2.COLOR_BGR2GRAY)
    angle = skew_angle(gray)
    back: NDArray[Any] | None = None
    if abs(angle) >= MIN_SKEW_DEGREES:
        picture, back = _straighten(picture, angle)
    with _read_lock:
        found, _elapsed = engine(picture)
    lines = []
    for box, text, score in found or []:
        points = np.asarray(box, dtype=np.float64).reshape(-1, 2)
        if back is not None:
            points = points @ back[:, :2].T + back[:, 2]
        corners = tuple((round(float(x), 1), round(float(y), 1)) for x, y in points)
        lines.append(Line(text=str(text).strip(), confidence=round(float(score), 4), box=corners))
    return [line for line in lines if line.text]

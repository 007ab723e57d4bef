"""The OCR engine for the tests that read images: skipped where it cannot load, a failure in CI (which installs
everything the suite needs and sets ONEGO_REQUIRE_BROWSER)."""

from __future__ import annotations

import os

import pytest

from onego.prereview import ocr


def engine_or_skip() -> None:
    try:
        ocr.get_engine()
    except ocr.OcrUnavailable as exc:
        if os.environ.get("ONEGO_REQUIRE_BROWSER"):
            pytest.fail(str(exc))
        pytest.skip(str(exc))

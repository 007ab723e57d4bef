"""The CJK font every generated PDF embeds (licences, application forms, decisions).

Noto Serif SC (思源宋体; SIL Open Font License 1.1) comes from the PyPI package `pylopdf-fonts-zh-cn`, so it
installs with pip like every other dependency. The full font has 30,000+ glyphs and costs ~200 ms to parse and
subset on every document, so on first use we derive from it a subset with ASCII and all of GB 2312 (levels 1
and 2, symbols and punctuation: 7,540 characters), desubroutinized so fpdf2's per-document subsetting stays
cheap, and cache it under `VAR_DIR/fonts/` (~10 s once per machine; `warm_font_cache()` does it ahead of
time). Text with a character outside GB 2312 needs the full font as a fallback (`covers()` says when). The
derived subset is a Modified Version under the OFL; the licence text ships inside the package's dist-info.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import os
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

FONT_FAMILY = "NotoSerifSC"
FALLBACK_FAMILY = "NotoSerifSCFull"
FONT_PACKAGE = "pylopdf_fonts_zh_cn"
FONT_FILE = "NotoSerifSC-Regular.otf"

# fontTools' subsetter logs ~40 INFO lines (every glyph name) on each document; the root logger is at INFO.
if logging.getLogger("fontTools").level == logging.NOTSET:
    logging.getLogger("fontTools").setLevel(logging.WARNING)

_lock = threading.Lock()
_subset_path: Path | None = None
_subset_codepoints: frozenset[int] | None = None


def full_font_path() -> Path:
    """The full Noto Serif SC font shipped by the PyPI package `pylopdf-fonts-zh-cn`."""
    import pylopdf_fonts_zh_cn

    return Path(pylopdf_fonts_zh_cn.__file__).resolve().parent / FONT_FILE


def _subset_characters() -> list[int]:
    """ASCII + every character of GB 2312 (rows 1-9 symbols and punctuation, levels 1 and 2 hanzi) + a few extras."""
    codepoints = set(range(0x20, 0x7F))
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                codepoints.add(ord(bytes([high, low]).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    codepoints.update(ord(c) for c in "·—–‘’“”…‰※€¥（）【】《》〈〉「」『』、。，；：？！￥")
    return sorted(codepoints)


def _font_cache_dir() -> Path:
    try:
        from django.conf import settings

        if settings.configured and getattr(settings, "VAR_DIR", None):
            return Path(settings.VAR_DIR) / "fonts"
    except ImportError:  # pragma: no cover - Django is always installed in the project
        pass
    var = os.environ.get("ONEGO_VAR_DIR")
    if var:
        return Path(var) / "fonts"
    return Path(tempfile.gettempdir()) / "onego-fonts"


def _build_subset(source: Path, target: Path, codepoints: Iterable[int]) -> None:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.desubroutinize = True  # fpdf2's per-document subset then skips the costly subroutine pruning
    options.layout_features = []  # horizontal text only: no GSUB/GPOS lookups needed
    options.name_IDs = ["*"]  # keep the copyright and licence entries (OFL condition 2)
    options.name_languages = ["*"]
    options.notdef_outline = True
    font = TTFont(str(source))
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=list(codepoints))
    subsetter.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=target.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            font.save(out)
        os.replace(tmp, target)  # atomic: a concurrent process sees the old state or the whole file
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def warm_font_cache() -> Path:
    """Derive (once) and return the cached GB 2312 subset of the font; later calls return at once."""
    global _subset_path, _subset_codepoints
    with _lock:
        if _subset_path is not None and _subset_path.exists():
            return _subset_path
        source = full_font_path()
        codepoints = _subset_characters()
        versions = "|".join(importlib.metadata.version(dist) for dist in ("pylopdf-fonts-zh-cn", "fonttools"))
        key = hashlib.sha256(f"{versions}|{codepoints}|desub|v1".encode()).hexdigest()[:12]
        target = _font_cache_dir() / f"{FONT_FAMILY}-GB2312-{key}.otf"
        if not target.exists():
            _build_subset(source, target, codepoints)
        from fontTools.ttLib import TTFont

        cmap = TTFont(str(target), lazy=True).getBestCmap()
        _subset_codepoints = frozenset(cmap)
        _subset_path = target
        return target


def covers(text: str) -> bool:
    """True when the cached subset has every non-ASCII character of `text` (else add the full font)."""
    warm_font_cache()
    assert _subset_codepoints is not None
    return all(ord(c) in _subset_codepoints for c in text if ord(c) > 0x7E)


def add_fonts(pdf: Any, text: str) -> None:
    """Add the cached subset to an fpdf2 document as FONT_FAMILY, and the full font as a fallback when `text`
    has a character beyond GB 2312."""
    pdf.add_font(FONT_FAMILY, fname=str(warm_font_cache()))
    if not covers(text):
        pdf.add_font(FALLBACK_FAMILY, fname=str(full_font_path()))
        pdf.set_fallback_fonts([FALLBACK_FAMILY], exact_match=False)
        # Two embedded subsets must not share a BaseFont name (fpdf2 uses one subset tag for all fonts).
        pdf.fonts[FALLBACK_FAMILY.lower()].name = "NotoSerifSCExt"


def keep_font_tables(pdf: Any) -> None:
    """Keep the fonts' own bounding boxes and timestamps on save (halves the time; same bytes each run)."""
    for embedded in pdf.fonts.values():
        ttfont = getattr(embedded, "ttfont", None)
        if ttfont is not None:
            ttfont.recalcBBoxes = False
            ttfont.recalcTimestamp = False

"""Render an e-licence (电子证照) as a PDF that looks like the paper licence.

`render_licence_pdf(licence_like)` takes a plain dict (so it does not depend on the models) and returns PDF bytes:
a bordered A4 landscape page with the title, the holder and the licence's fields; at the bottom the QR code
(vector modules) on the left with the identifier under it, the issuer and the issue date on the right, and a red
round seal (vector graphics: circle, the issuer's name around it, a star; never an image of a real seal) beside
them, at the right edge, so that it never covers the issuer's name or the date (OCR of the page reads both);
the footer gives the verification page's address.

What the QR code carries is the caller's `qr_text`: for a licence, the verification link of
`onego.certificates.services.qr_text` (the identifier and the signature, not the signed document). The signed
document travels inside the PDF as the attachment `licence.json`, for checking offline.

The font. The PDF library is fpdf2, which embeds OpenType CFF fonts as subsetted CIDFontType0 ("CID Type 0C"),
so every reader shows the same glyphs. The font and its cached GB 2312 subset are onego.core.fonts (Noto Serif
SC from PyPI, nothing from apt). A licence whose text has a character outside GB 2312 (a rare character in a
name or address) gets the full font added as a fallback for those characters, so nothing ever renders as a
missing glyph.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from django.utils.translation import gettext

from onego.core import fonts
from onego.core.fonts import (  # noqa: F401 - re-exported for the benchmark and the tests
    FALLBACK_FAMILY,
    FONT_FAMILY,
    _build_subset,
    _subset_characters,
    full_font_path,
    warm_font_cache,
)

# The footer when the caller gives no verification address (a licence always has one: services.render_data).
FOOTER = "本证照为电子证照，扫描二维码或访问证照核验页面核验真伪"
SEAL_RED = (214, 32, 38)
INK = (30, 30, 30)
FRAME = (150, 38, 38)
CHINA_TZ = timezone(timedelta(hours=8))
ATTACHMENT_NAME = "licence.json"

# ---------------------------------------------------------------------------------------------------- QR code


def qr_matrix(text: str) -> list[list[bool]]:
    """The QR code's modules (True = dark), error correction M, no quiet zone. Deterministic for a given text."""
    import qrcode
    import qrcode.constants

    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    qr.add_data(text.encode("utf-8"))
    qr.make(fit=True)
    return [list(row) for row in qr.get_matrix()]


# ---------------------------------------------------------------------------------------------------- helpers


def footer_text(verify_url: str = "") -> str:
    """The footer line: where to verify the licence, with the verification page's absolute address if known."""
    verify_url = verify_url.strip()
    return f"本证照为电子证照，扫描二维码或访问 {verify_url} 核验真伪" if verify_url else FOOTER


def _as_date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def format_date_zh(value: Any) -> str:
    """2026-11-26 → 2026年11月26日; empty for None."""
    day = _as_date(value)
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _rows(lic: Mapping[str, Any]) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = [
        (_text(lic.get("holder_label")) or "经营者名称", _text(lic.get("holder_name")))
    ]
    rows.append(
        (_text(lic.get("holder_code_label")) or "统一社会信用代码", _text(lic.get("holder_code_masked")))
    )
    if _text(lic.get("legal_representative")):
        rows.append(("法定代表人", _text(lic.get("legal_representative"))))
    if _text(lic.get("address")):
        rows.append(("住　　所", _text(lic.get("address"))))
    for label, value in lic.get("fields") or []:
        rows.append((_text(label), _text(value)))
    valid_from, valid_to = format_date_zh(lic.get("valid_from")), format_date_zh(lic.get("valid_to"))
    if valid_from and valid_to:
        rows.append(("有效期限", f"自{valid_from}至{valid_to}"))
    elif valid_to:
        rows.append(("有效期至", valid_to))
    elif valid_from:
        rows.append(("有效期限", f"自{valid_from}起长期有效"))
    return rows


# ---------------------------------------------------------------------------------------------------- drawing

# A4 landscape, millimetres.
PAGE_W, PAGE_H = 297.0, 210.0
BODY_LEFT, BODY_RIGHT = 34.0, 263.0
BODY_TOP, BODY_BOTTOM = 56.0, 138.0
LABEL_W = 44.0


def _bold(pdf: Any, on: bool, width: float = 0.18, color: tuple[int, int, int] = INK) -> None:
    """Faux bold (fill + stroke of the glyph outlines in the text's colour): the package ships Regular only."""
    from fpdf.enums import TextMode

    pdf.text_mode = TextMode.FILL_STROKE if on else TextMode.FILL
    if on:
        pdf.set_line_width(width)
        pdf.set_draw_color(*color)


def _frame(pdf: Any) -> None:
    pdf.set_draw_color(*FRAME)
    pdf.set_line_width(1.4)
    pdf.rect(7, 7, PAGE_W - 14, PAGE_H - 14)
    pdf.set_line_width(0.35)
    pdf.rect(10, 10, PAGE_W - 20, PAGE_H - 20)
    # corner ornaments: a small square with a diamond inside, at each inner corner
    for cx, cy in ((10, 10), (PAGE_W - 10, 10), (10, PAGE_H - 10), (PAGE_W - 10, PAGE_H - 10)):
        pdf.set_fill_color(*FRAME)
        pdf.rect(cx - 2.2, cy - 2.2, 4.4, 4.4, style="F")
        pdf.set_fill_color(255, 255, 255)
        pdf.polygon([(cx, cy - 1.5), (cx + 1.5, cy), (cx, cy + 1.5), (cx - 1.5, cy)], style="F")


def _fields(pdf: Any, rows: Sequence[tuple[str, str]]) -> None:
    from fpdf.enums import WrapMode, XPos, YPos

    value_w = BODY_RIGHT - BODY_LEFT - LABEL_W
    # The largest size at which every row fits the body area (long 经营项目 lists shrink the text, never overflow).
    for size in (13.0, 12.0, 11.0, 10.0, 9.0, 8.0, 7.0):
        line_h = size * 0.3528 * 1.55
        pdf.set_font(FONT_FAMILY, size=size)
        heights = []
        for _, value in rows:
            lines = pdf.multi_cell(
                value_w, line_h, value or "—", dry_run=True, output="LINES", wrapmode=WrapMode.CHAR
            )
            heights.append(max(1, len(lines)) * line_h)
        gap = size * 0.3528 * 0.55
        if sum(heights) + gap * (len(rows) - 1) <= BODY_BOTTOM - BODY_TOP:
            break
    y = BODY_TOP
    pdf.set_text_color(*INK)
    for (label, value), height in zip(rows, heights, strict=True):
        pdf.set_xy(BODY_LEFT, y)
        _bold(pdf, True, 0.12)
        pdf.cell(LABEL_W, line_h, label, align="L")
        _bold(pdf, False)
        pdf.set_xy(BODY_LEFT + LABEL_W, y)
        pdf.multi_cell(
            value_w,
            line_h,
            value or "—",
            align="L",
            wrapmode=WrapMode.CHAR,
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        y += height + gap


def _qr(pdf: Any, text: str, x: float, y: float, size: float) -> None:
    matrix = qr_matrix(text)
    n = len(matrix)
    module = size / n
    quiet = module * 2
    pdf.set_fill_color(255, 255, 255)
    pdf.rect(x - quiet, y - quiet, size + 2 * quiet, size + 2 * quiet, style="F")
    pdf.set_fill_color(0, 0, 0)
    for r, row in enumerate(matrix):
        c = 0
        while c < n:  # one rectangle per horizontal run of dark modules
            if row[c]:
                start = c
                while c < n and row[c]:
                    c += 1
                # a hair of overlap so no white seams appear between adjacent runs at any zoom
                pdf.rect(
                    x + start * module, y + r * module, (c - start) * module + 0.01, module + 0.01, style="F"
                )
            else:
                c += 1


def _star(cx: float, cy: float, outer: float, inner: float) -> list[tuple[float, float]]:
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = math.radians(90 + i * 36)
        points.append((cx + radius * math.cos(angle), cy - radius * math.sin(angle)))
    return points


def _seal(pdf: Any, name: str, cx: float, cy: float, radius: float = 21.0) -> None:
    """A red round official seal: double ring, the issuer's name around the top, a star, 电子证照专用章 below."""
    with pdf.local_context(fill_opacity=0.85, stroke_opacity=0.85):
        pdf.set_draw_color(*SEAL_RED)
        pdf.set_fill_color(*SEAL_RED)
        pdf.set_text_color(*SEAL_RED)
        pdf.set_line_width(1.1)
        pdf.circle(cx, cy, radius, style="D")
        pdf.set_line_width(0.25)
        pdf.circle(cx, cy, radius - 1.3, style="D")
        pdf.polygon(_star(cx, cy - 1.0, 6.2, 2.4), style="F")

        chars = [c for c in name if not c.isspace()] or ["　"]
        n = len(chars)
        # The largest characters whose arc (pitch 1.2 character widths) fits in 225 degrees over the star.
        for size in (14.0, 13.0, 12.0, 11.0, 10.0, 9.0, 8.0, 7.0, 6.0):
            char_mm = size * 0.3528
            text_radius = radius - 2.2 - char_mm * 0.5  # the centre line of the characters
            step = math.degrees(char_mm * 1.2 / text_radius)
            if (n - 1) * step <= 225.0:
                break
        step = (
            min(step * 1.1, 225.0 / (n - 1)) if n > 1 else 0.0
        )  # a little air between short names' characters
        span = step * (n - 1)
        pdf.set_font(FONT_FAMILY, size=size)
        _bold(pdf, True, 0.15, SEAL_RED)
        for i, ch in enumerate(chars):
            theta = 90.0 + span / 2 - i * step  # degrees, counter-clockwise from the positive x axis
            px = cx + text_radius * math.cos(math.radians(theta))
            py = cy - text_radius * math.sin(math.radians(theta))
            with pdf.rotation(theta - 90.0, px, py):
                w = pdf.get_string_width(ch)
                pdf.text(px - w / 2, py + char_mm * 0.36, ch)
        pdf.set_font(FONT_FAMILY, size=8.5)
        label = "电子证照专用章"
        w = pdf.get_string_width(label)
        pdf.text(cx - w / 2, cy + radius * 0.62, label)
        _bold(pdf, False)


# The bottom band (between the fields and the footer): the seal sits at the right edge, the issuer and the date
# to its left, right-aligned to a gap before the seal's ring. The seal never overlaps that text: a verifier (and
# an OCR) must read the issuer's name and the date, which a seal stamped on top would hide.
SEAL_RADIUS = 21.0
SEAL_CX, SEAL_CY = BODY_RIGHT - SEAL_RADIUS, 164.0
SEAL_GAP = 5.0
ISSUER_RIGHT = SEAL_CX - SEAL_RADIUS - SEAL_GAP
ISSUER_LEFT = 80.0  # right of the QR code and its 扫码核验 label
ISSUER_Y, DATE_Y, LINE_H = 155.0, 165.0, 8.0


def _issuer_and_seal(pdf: Any, issuer: str, issue_date_text: str, seal_text: str) -> None:
    """发证机关 and 签发日期 right-aligned beside the seal; a long issuer name shrinks, never runs under the seal."""
    lines = (f"发证机关：{issuer}", f"签发日期：{issue_date_text}")
    width = ISSUER_RIGHT - ISSUER_LEFT
    for size in (13.0, 12.0, 11.0, 10.0, 9.0, 8.0):
        pdf.set_font(FONT_FAMILY, size=size)
        if max(pdf.get_string_width(line) for line in lines) <= width:
            break
    pdf.set_text_color(*INK)
    for line, y in zip(lines, (ISSUER_Y, DATE_Y), strict=True):
        pdf.set_xy(ISSUER_LEFT, y)
        pdf.cell(width, LINE_H, line, align="R")
    _seal(pdf, seal_text, SEAL_CX, SEAL_CY, SEAL_RADIUS)


def render_licence_pdf(licence_like: Mapping[str, Any]) -> bytes:
    """Render a licence given as a plain dict; returns the PDF bytes.

    Keys: type_name (食品经营许可证), licence_number, identifier, holder_name, holder_code_masked, holder_label?
    and holder_code_label? (default 经营者名称 / 统一社会信用代码),
    legal_representative?, address?, fields [(label, value), ...], issuer_name, issue_date, valid_from, valid_to,
    qr_text (what the QR code encodes: the verification link), verify_url? (the verification page's absolute
    address, printed in the footer), seal_text? (defaults to issuer_name), signed_json? (bytes or text: attached
    to the PDF as `licence.json`, so the verification page can check an uploaded PDF and anyone can check it
    offline). Dates are `date`s or ISO strings. The same dict gives the same bytes (the creation date is the
    issue date, the file id is derived from the content).
    """
    from fpdf import FPDF

    lic = licence_like
    title = _text(lic.get("type_name")) or "许可证"
    holder = _text(lic.get("holder_name"))
    issuer = _text(lic.get("issuer_name"))
    seal_text = _text(lic.get("seal_text")) or issuer
    identifier = _text(lic.get("identifier"))
    number = _text(lic.get("licence_number"))
    issue_day = _as_date(lic.get("issue_date"))
    rows = _rows(lic)
    footer = footer_text(_text(lic.get("verify_url")))

    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(BODY_LEFT, 10, PAGE_W - BODY_RIGHT)
    created = datetime.combine(issue_day or date(2000, 1, 1), time(0, 0), tzinfo=CHINA_TZ)
    pdf.set_creation_date(created)
    pdf.set_producer("OneGo")
    pdf.set_creator("OneGo e-licence renderer")
    pdf.set_title(f"{title} {number}".strip())
    pdf.set_subject(holder)
    pdf.set_lang("zh-CN")
    all_text = "".join(
        [title, holder, issuer, seal_text, identifier, number, footer, "电子证照专用章发证机关签发日期编号："]
        + [a + b for a, b in rows]
    )
    # a character beyond GB 2312 is drawn from the full font (slower, but never a missing glyph)
    fonts.add_fonts(pdf, all_text)

    signed_json = lic.get("signed_json")
    if signed_json:
        data = signed_json.encode("utf-8") if isinstance(signed_json, str) else bytes(signed_json)
        pdf.embed_file(
            bytes=data,
            basename=ATTACHMENT_NAME,
            modification_date=created,
            mime_type="application/json",
            desc=gettext("电子证照签名数据"),
        )

    pdf.add_page()
    _frame(pdf)

    # Title and number
    pdf.set_text_color(*INK)
    pdf.set_font(FONT_FAMILY, size=32)
    pdf.set_char_spacing(3 if len(title) <= 8 else 1)
    _bold(pdf, True, 0.45)
    pdf.set_xy(10, 19)
    pdf.cell(PAGE_W - 20, 16, title, align="C")
    _bold(pdf, False)
    pdf.set_char_spacing(0)
    pdf.set_font(FONT_FAMILY, size=11)
    pdf.set_xy(10, 36)
    pdf.cell(PAGE_W - 20, 6, "（电子证照）", align="C")
    if number:
        pdf.set_xy(BODY_LEFT, 44)
        pdf.cell(BODY_RIGHT - BODY_LEFT, 6, f"证照编号：{number}", align="R")
    pdf.set_draw_color(*FRAME)
    pdf.set_line_width(0.3)
    pdf.line(BODY_LEFT, 51.5, BODY_RIGHT, 51.5)

    _fields(pdf, rows)

    # QR code at the bottom left, the identifier under it
    qr_size, qr_x, qr_y = 36.0, BODY_LEFT, 143.0
    _qr(pdf, _text(lic.get("qr_text")) or identifier, qr_x, qr_y, qr_size)
    pdf.set_text_color(*INK)
    pdf.set_font(FONT_FAMILY, size=7.5)
    pdf.set_xy(qr_x - 1, qr_y + qr_size + 1.2)
    pdf.cell(110, 3.6, f"证照标识：{identifier}", align="L")
    pdf.set_xy(qr_x + qr_size + 3, qr_y + qr_size - 8)
    pdf.set_text_color(90, 90, 90)
    pdf.cell(40, 4, "扫码核验", align="L")

    _issuer_and_seal(pdf, issuer, format_date_zh(issue_day), seal_text)

    # Footer
    pdf.set_text_color(110, 110, 110)
    pdf.set_font(FONT_FAMILY, size=9)
    pdf.set_xy(10, PAGE_H - 18.5)
    pdf.cell(PAGE_W - 20, 5, footer, align="C")

    # the fonts' own bounding boxes, not recomputed from every kept glyph on save: halves the render time
    fonts.keep_font_tables(pdf)
    return bytes(pdf.output())

"""Paper documents for the subsidy demo (演示用纸质材料): ID cards, business licences, labour contracts and
payroll/bank statements rendered as PNG images with known text.

Why: the pre-review reads the attachments of a subsidy claim by OCR, and its tests, the stand-in vertical system
and the benchmark all need pages whose true text is known. Real documents cannot be shipped, so the demo draws
its own: clean, OCR-friendly layouts (one label and its value on one line, generous spacing, the Noto Sans CJK
font), plus `degrade()` for the rotated, noisy or blurred scans a window clerk receives and `unreadable()` for a
page no OCR can read (it must lead the pre-review to "check", never to "pass").

The pages are deterministic: the same arguments give the same bytes (no clock, seeded noise), so a stand-in
record's attachment does not change between runs. Only Pillow, NumPy and the font are used — no Django — because
the stand-in vertical system (a plain WSGI app) renders its attachments with this module too.

The font is found with ``fc-match "Noto Sans CJK SC"`` or at the Debian path; without it every function raises
`FontMissing` naming the package to install (fonts-noto-cjk).
"""

from __future__ import annotations

import functools
import io
import shutil
import subprocess
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Final

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageFont

__all__ = [
    "FontMissing",
    "degrade",
    "render_bank_statement",
    "render_business_licence",
    "render_id_card",
    "render_labour_contract",
    "unreadable",
]

FONT_FAMILY: Final = "Noto Sans CJK SC"
KNOWN_FONT_PATHS: Final = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
)
INK: Final = (20, 20, 20)
PAPER: Final = (255, 255, 255)
RULE: Final = (120, 120, 120)
DEFAULT_ADDRESS: Final = "广州市白云区景泰街广园中路100号"


class FontMissing(RuntimeError):
    """The Noto Sans CJK font is not installed, so Chinese text cannot be drawn."""


def _font_file() -> Path:
    """The path of the Noto Sans CJK collection: fontconfig's answer first, then the usual package paths."""
    fc_match = shutil.which("fc-match")
    if fc_match:
        try:
            found = subprocess.run(  # noqa: S603 - fixed arguments, the tool's full path
                [fc_match, "-f", "%{file}", FONT_FAMILY],
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            found = ""
        if found and "NotoSansCJK" in found and Path(found).is_file():
            return Path(found)
    for candidate in KNOWN_FONT_PATHS:
        if Path(candidate).is_file():
            return Path(candidate)
    raise FontMissing(
        f"The font {FONT_FAMILY!r} is not installed (looked with fc-match and at {', '.join(KNOWN_FONT_PATHS)}); "
        "install the package fonts-noto-cjk."
    )


@functools.cache
def _font_index(path: Path) -> int:
    """The face of the collection that draws Simplified Chinese glyph shapes (the .ttc holds JP, KR, SC, TC…)."""
    for index in range(10):
        try:
            family, _style = ImageFont.truetype(str(path), size=12, index=index).getname()
        except OSError:
            break
        if family == FONT_FAMILY:
            return index
    return 0


@functools.cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    path = _font_file()
    return ImageFont.truetype(str(path), size=size, index=_font_index(path))


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


def _open(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png)).convert("RGB")


def _zh_date(day: date) -> str:
    return f"{day.year}年{day.month:02d}月{day.day:02d}日"


def _yuan(fen: int) -> str:
    """Fen as the statements print yuan: thousands separated, two decimals ("12,000.00")."""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    return f"{sign}{yuan:,}.{cents:02d}"


def _birth_from_id(id_number: str) -> str:
    """The 出生 line of an ID card, taken from the number's date part when it has one."""
    digits = id_number[6:14]
    if len(digits) == 8 and digits.isdigit():
        return f"{int(digits[:4])}年{int(digits[4:6])}月{int(digits[6:])}日"
    return ""


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Break Chinese text into lines no wider than `width` pixels (any character may end a line)."""
    lines: list[str] = []
    current = ""
    for char in text:
        if current and font.getlength(current + char) > width:
            lines.append(current)
            current = char
        else:
            current += char
    if current:
        lines.append(current)
    return lines or [""]


def render_id_card(
    *, name: str, id_number: str, sex: str = "男", nation: str = "汉", address: str = DEFAULT_ADDRESS
) -> bytes:
    """The front of a resident identity card (居民身份证): name, sex, nation, birth date, address and number.

    Drawn at about 12 pixels per millimetre of the real 85.6 × 54 mm card, the size of a phone photo of it.
    """
    width, height = 1000, 630
    image = Image.new("RGB", (width, height), (246, 248, 250))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((6, 6, width - 7, height - 7), radius=36, outline=RULE, width=3)
    label, value = _font(30), _font(36)
    left, value_left = 60, 190
    y = 60
    draw.text((left, y + 4), "姓名", font=label, fill=INK)
    draw.text((value_left, y), name, font=value, fill=INK)
    y += 80
    draw.text((left, y + 4), "性别", font=label, fill=INK)
    draw.text((value_left, y), sex, font=value, fill=INK)
    draw.text((value_left + 140, y + 4), "民族", font=label, fill=INK)
    draw.text((value_left + 260, y), nation, font=value, fill=INK)
    y += 80
    draw.text((left, y + 4), "出生", font=label, fill=INK)
    draw.text((value_left, y), _birth_from_id(id_number), font=value, fill=INK)
    y += 80
    draw.text((left, y + 4), "住址", font=label, fill=INK)
    for line in _wrap(address, value, 470)[:3]:
        draw.text((value_left, y), line, font=value, fill=INK)
        y += 52
    # the photo's place, right of the text
    draw.rectangle((700, 70, 930, 360), fill=(222, 226, 232), outline=RULE, width=2)
    y = 510
    draw.text((left, y + 6), "公民身份号码", font=label, fill=INK)
    draw.text((280, y), id_number, font=_font(40), fill=INK)
    return _png(image)


def render_business_licence(
    *,
    name: str,
    credit_code: str,
    legal_representative: str = "",
    address: str = "",
    established_on: date | None = None,
) -> bytes:
    """A business licence (营业执照) of a limited company, with its unified social credit code (统一社会信用代码)."""
    width, height = 1400, 1000
    image = Image.new("RGB", (width, height), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, width - 21, height - 21), outline=(150, 60, 40), width=6)
    title = _font(72)
    draw.text(((width - title.getlength("营业执照")) / 2, 70), "营业执照", font=title, fill=INK)
    label, value = _font(32), _font(34)
    draw.text((90, 200), "统一社会信用代码", font=label, fill=INK)
    draw.text((370, 198), credit_code, font=value, fill=INK)
    rows = (
        ("名称", name),
        ("类型", "有限责任公司（自然人投资或控股）"),
        ("法定代表人", legal_representative),
        ("住所", address),
        ("成立日期", _zh_date(established_on) if established_on else ""),
    )
    y = 300
    for caption, text in rows:
        draw.text((90, y + 2), caption, font=label, fill=INK)
        lines = _wrap(text, value, 900) if text else [""]
        for line in lines[:2]:
            draw.text((330, y), line, font=value, fill=INK)
            y += 56
        y += 34
    draw.text((820, 860), "登记机关", font=label, fill=INK)
    draw.text((820, 910), "（仿真样本，演示用）", font=_font(26), fill=RULE)
    return _png(image)


def render_labour_contract(*, employer: str, employee: str, id_number: str, start: date, end: date) -> bytes:
    """The first page of a labour contract (劳动合同书): the parties, the employee's ID number and the term."""
    width, height = 1100, 1300
    image = Image.new("RGB", (width, height), PAPER)
    draw = ImageDraw.Draw(image)
    title = _font(60)
    draw.text(((width - title.getlength("劳动合同书")) / 2, 70), "劳动合同书", font=title, fill=INK)
    text = _font(32)
    y = 230
    for line in (
        f"甲方（用人单位）：{employer}",
        f"乙方（劳动者）：{employee}",
        f"身份证号码：{id_number}",
        f"合同期限：自{_zh_date(start)}至{_zh_date(end)}",
    ):
        for part in _wrap(line, text, width - 180):
            draw.text((90, y), part, font=text, fill=INK)
            y += 56
        y += 30
    body = _font(28)
    y += 30
    for clause in (
        "根据《中华人民共和国劳动合同法》及有关规定，甲乙双方经平等自愿、协商一致，签订本合同。",
        "甲方依法为乙方缴纳社会保险费，按月足额支付劳动报酬。",
        "乙方应遵守甲方依法制定的规章制度，按时完成工作任务。",
    ):
        for part in _wrap(clause, body, width - 180):
            draw.text((90, y), part, font=body, fill=INK)
            y += 46
        y += 20
    draw.text((90, 1120), "甲方（盖章）", font=text, fill=INK)
    draw.text((620, 1120), "乙方（签名）", font=text, fill=INK)
    return _png(image)


def render_bank_statement(*, payer: str, rows: Sequence[tuple[str, int]], month: date) -> bytes:
    """A payroll paid through the bank (工资发放表/银行代发明细): the paying employer, the month, and one row per
    payee with the amount in yuan; a total row closes the table."""
    row_height = 64
    width = 1100
    height = 420 + row_height * (len(rows) + 1)
    image = Image.new("RGB", (width, height), PAPER)
    draw = ImageDraw.Draw(image)
    title = _font(52)
    heading = "工资发放表（银行代发明细）"
    draw.text(((width - title.getlength(heading)) / 2, 50), heading, font=title, fill=INK)
    text = _font(30)
    draw.text((80, 160), f"付款单位：{payer}", font=text, fill=INK)
    draw.text((80, 215), f"月份：{month.year}年{month.month:02d}月", font=text, fill=INK)
    columns = (80, 220, 700)  # 序号, 收款人, 金额（元）
    top = 290
    draw.line((60, top - 12, width - 60, top - 12), fill=RULE, width=2)
    for x, caption in zip(columns, ("序号", "收款人", "金额（元）"), strict=True):
        draw.text((x, top), caption, font=text, fill=INK)
    y = top + row_height
    draw.line((60, y - 12, width - 60, y - 12), fill=RULE, width=2)
    for number, (payee, amount_fen) in enumerate(rows, start=1):
        draw.text((columns[0], y), str(number), font=text, fill=INK)
        draw.text((columns[1], y), payee, font=text, fill=INK)
        draw.text((columns[2], y), _yuan(amount_fen), font=text, fill=INK)
        y += row_height
    draw.line((60, y - 12, width - 60, y - 12), fill=RULE, width=2)
    draw.text((columns[1], y), "合计", font=text, fill=INK)
    draw.text((columns[2], y), _yuan(sum(amount for _payee, amount in rows)), font=text, fill=INK)
    return _png(image)


def degrade(
    png: bytes, *, rotate: float = 0.0, noise: float = 0.0, blur: float = 0.0, seed: int = 0
) -> bytes:
    """A scanned or photographed copy of a page: turned by `rotate` degrees (counter-clockwise, the canvas grown
    so nothing is cut, the corners white), speckled with Gaussian noise of standard deviation `noise` × 255 and
    softened by a Gaussian blur of radius `blur` pixels. The same seed gives the same bytes."""
    image = _open(png)
    if rotate:
        image = image.rotate(rotate, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=PAPER)
    if blur:
        image = image.filter(ImageFilter.GaussianBlur(radius=blur))
    if noise:
        pixels = np.asarray(image, dtype=np.float32)
        speckle = np.random.default_rng(seed).normal(0.0, noise * 255.0, size=pixels.shape[:2])
        pixels = np.clip(pixels + speckle[:, :, None], 0, 255).astype(np.uint8)
        image = Image.fromarray(pixels, "RGB")
    return _png(image)


def unreadable(png: bytes) -> bytes:
    """A page nobody can read: shrunk, washed out to a whisper of contrast and blurred far past the strokes'
    width — what a dark, shaken phone photo of a fax looks like. OCR must find no usable text on it."""
    image = _open(png)
    small = image.resize((max(1, image.width // 4), max(1, image.height // 4)), Image.Resampling.BILINEAR)
    small = small.filter(ImageFilter.GaussianBlur(radius=3))
    image = small.resize(image.size, Image.Resampling.BILINEAR).filter(ImageFilter.GaussianBlur(radius=6))
    image = ImageEnhance.Contrast(image).enhance(0.12)
    return _png(image)

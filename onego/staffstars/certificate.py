"""The certificate of a service star (政务服务之星 荣誉证书): an A4 landscape PDF, fpdf2 with the house's CJK font
(onego.core.fonts), drawn from the frozen result, so it reads the same whenever it is downloaded."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from onego.core import fonts
from onego.core.localized import localized
from onego.staffstars import selectors
from onego.staffstars.models import StarEntry

RED = (178, 34, 34)
GOLD = (191, 144, 0)
CHINA_TZ = dt.timezone(dt.timedelta(hours=8))


def certificate_pdf(entry: StarEntry) -> bytes:
    """The certificate of one named star of an approved round."""
    from fpdf import FPDF

    star_round = entry.round
    centre = star_round.centre
    approved_on = (
        timezone.localdate(star_round.approved_at) if star_round.approved_at else timezone.localdate()
    )
    times = selectors.stars_of_year(entry.staff_id, star_round.year, star_round.quarter)
    title = _("荣誉证书")
    honour = _("政务服务之星")
    body = _(
        "%(name)s 同志：\n在 %(centre)s %(year)s 年第 %(q)s 季度“政务服务之星”评选中，经考勤、仪容仪表、工作作风、"
        "工作纪律、办件量、好差评和投诉七个维度综合评定，被评为“政务服务之星”（本年度第 %(times)s 次获评）。"
        "特发此证，以资鼓励。"
    ) % {
        "name": entry.staff_name,
        "centre": localized(centre),
        "year": star_round.year,
        "q": star_round.quarter,
        "times": times,
    }
    issuer = localized(centre)
    date_text = _("%(y)s 年 %(m)s 月 %(d)s 日") % {
        "y": approved_on.year,
        "m": approved_on.month,
        "d": approved_on.day,
    }
    number = _("证书编号：%(n)s") % {"n": f"ZWZX-{centre.code.upper()}-{star_round.key}-{entry.pk:05d}"}
    all_text = title + honour + body + issuer + date_text + number

    pdf: Any = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_creation_date(dt.datetime.combine(approved_on, dt.time(0, 0), tzinfo=CHINA_TZ))
    pdf.set_producer("OneGo")
    pdf.set_title(f"{honour} {title} {entry.staff_name}")
    pdf.set_lang("zh-CN")
    fonts.add_fonts(pdf, all_text)
    pdf.add_page()
    # the border
    pdf.set_draw_color(*RED)
    pdf.set_line_width(2.2)
    pdf.rect(10, 10, 277, 190)
    pdf.set_draw_color(*GOLD)
    pdf.set_line_width(0.8)
    pdf.rect(15, 15, 267, 180)
    # title and honour
    pdf.set_text_color(*RED)
    pdf.set_font(fonts.FONT_FAMILY, size=40)
    pdf.set_xy(15, 32)
    pdf.cell(267, 18, title, align="C")
    pdf.set_font(fonts.FONT_FAMILY, size=26)
    pdf.set_text_color(*GOLD)
    pdf.set_xy(15, 56)
    pdf.cell(267, 12, honour, align="C")
    # the text
    pdf.set_text_color(30, 30, 30)
    pdf.set_font(fonts.FONT_FAMILY, size=16)
    pdf.set_xy(40, 82)
    pdf.multi_cell(217, 10, body, align="L")
    # issuer and date
    pdf.set_font(fonts.FONT_FAMILY, size=16)
    pdf.set_xy(150, 150)
    pdf.cell(110, 9, issuer, align="C")
    pdf.set_xy(150, 160)
    pdf.cell(110, 9, date_text, align="C")
    pdf.set_font(fonts.FONT_FAMILY, size=9)
    pdf.set_text_color(110, 110, 110)
    pdf.set_xy(20, 184)
    pdf.cell(120, 6, number)
    fonts.keep_font_tables(pdf)
    return bytes(pdf.output())

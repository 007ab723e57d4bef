"""The receipt (受理回执) an applicant takes home from the window, or reads after an online submit.

It says what the office has: the case number(s), the applicant (ID number masked), the items, the materials
received and those that stand in without paper (e-licence, shared data) or that the system generates, when the
application was submitted and accepted, the promised completion date from the working-day calendar, and how to
follow progress — the address, "case number + last four characters of the ID number / credit code", and a QR
code that opens the progress page with the case number filled in (never the last four: a lost receipt must
not open the case to a finder).

Before acceptance the title is 申请回执 and the promised date is given as what it will be if the application is
accepted on the day it was submitted (counting starts the next working day, 行政许可法 Art. 82); once
accepted, the title is 受理回执 and the date is the case's own promised deadline. A bundle's receipt lists every
member. Read-only: building a receipt writes nothing.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from onego.cases import deadlines, pdfdocs
from onego.cases.models import ApplicantKind, Case, Channel, MaterialSource
from onego.cases.pdfdocs import DECISION
from onego.cases.selectors_applicant import status_words
from onego.core import fonts
from onego.core.calendar import add_workdays
from onego.core.identifiers import mask_id_number

SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class ReceiptCase:
    number: str
    query_code: str  # the secret of the public progress query, printed beside the number
    item_name: str
    department: str
    status: str
    accepted_on: date | None
    promised_limit_workdays: int
    promised_deadline: date | None  # the case's own, once accepted; else if accepted on the submission day
    calendar_complete: bool  # False: a year without a loaded holiday table was counted on weekends only
    progress_url: str
    qr_png: bytes = field(repr=False)
    rating_url: str = ""  # the QR code to rate the case (好差评), printed beside the progress one
    rating_qr_png: bytes = field(default=b"", repr=False)
    item_name_en: str = ""  # the page shows these to a reader in English; the PDF stays Chinese
    department_en: str = ""

    @property
    def qr_data_url(self) -> str:
        import base64

        return "data:image/png;base64," + base64.b64encode(self.qr_png).decode()

    @property
    def rating_qr_data_url(self) -> str:
        import base64

        return "data:image/png;base64," + base64.b64encode(self.rating_qr_png).decode()


@dataclass(frozen=True)
class ReceiptMaterial:
    name: str  # Chinese, as received (the printed receipt)
    how: str  # in words: scanned at the window, uploaded, e-licence instead, shared data instead, generated
    name_en: str = ""


@dataclass(frozen=True)
class Receipt:
    title: str
    accepted: bool
    bundle_number: str
    bundle_name: str
    applicant_name: str
    applicant_code_masked: str
    channel: str
    submitted_at: datetime  # local time
    accepted_on: date | None
    cases: list[ReceiptCase]
    received: list[ReceiptMaterial]
    waived: list[ReceiptMaterial]
    generated: list[ReceiptMaterial]
    progress_page: str
    enquiry_phone: str
    bundle_name_en: str = ""
    enquiry_phone_en: str = ""


def public_url(path: str) -> str:
    """An address a phone can open from the printed receipt (the public site, not the window's host)."""
    base = str(getattr(settings, "ONEGO_PUBLIC_BASE_URL", "http://127.0.0.1:8000")).rstrip("/")
    return base + path


def progress_url(number: str) -> str:
    return public_url(reverse("cases:progress")) + "?" + urlencode({"number": number})


RATING_SALT = "onego.ratings.receipt-qr"


def rating_token(number: str) -> str:
    """The token of the receipt's QR code to rate the case (好差评, channel qr): the case number signed with
    the site's secret, so printing a receipt stores nothing and nobody can make the token of another case.
    onego.ratings opens it (`case_number_of_rating_token`)."""
    return signing.dumps(number, salt=RATING_SALT, compress=True)


def case_number_of_rating_token(token: str) -> str | None:
    """The case number a receipt's rating token was made for; None for anything else (a stored invitation's
    token, a forged or damaged one)."""
    if ":" not in token:
        return None
    try:
        value = signing.loads(token, salt=RATING_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, str) else None


def rating_url(number: str) -> str:
    return public_url(reverse("ratings:rate", args=[rating_token(number)]))


def qr_png(text: str, *, box: int = 6) -> bytes:
    """A QR code (error correction M, quiet zone of 4 modules) as PNG bytes."""
    import qrcode
    import qrcode.constants

    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=box, border=4)
    qr.add_data(text.encode("utf-8"))
    qr.make(fit=True)
    out = io.BytesIO()
    qr.make_image(fill_color="black", back_color="white").save(out, format="PNG")
    return out.getvalue()


def _members(case: Case) -> list[Case]:
    if case.bundle_case_id:
        return list(
            Case.objects.filter(bundle_case_id=case.bundle_case_id)
            .select_related("item_version", "department", "bundle_case__bundle")
            .order_by("pk")
        )
    return [case]


def _promised(case: Case, submitted_on: date) -> tuple[date | None, bool]:
    """The promised date and whether every year it crosses has a loaded holiday table. Once accepted the date
    is the case's own (`deadlines.recompute`); the flag is worked out for the promised limit alone, since the
    case's flag also covers the statutory limit, which may reach into a year not yet loaded."""
    if case.accepted_on is not None:
        pauses = deadlines.pauses_of(case, timezone.localdate())
        return case.promised_deadline, add_workdays(
            case.accepted_on, case.promised_limit_workdays, pauses
        ).calendar_complete
    result = add_workdays(submitted_on, case.promised_limit_workdays)
    return result.deadline, result.calendar_complete


def _how(source: str, channel: str) -> str:
    if source == MaterialSource.UPLOAD:
        return _("窗口扫描收取") if channel == Channel.WINDOW else _("网上上传")
    words: dict[str, str] = {
        MaterialSource.SCAN.value: _("窗口扫描收取"),
        MaterialSource.LICENCE.value: _("以电子证照代替，免提交"),
        MaterialSource.SHARED_DATA.value: _("以共享数据代替，免提交"),
        MaterialSource.GENERATED.value: _("系统生成"),
    }
    return words.get(source, source)


def build(case: Case) -> Receipt:
    """The receipt of the application `case` belongs to (the whole bundle for a bundle member)."""
    members = _members(case)
    first = members[0]
    submitted = timezone.localtime(first.submitted_at, SHANGHAI)
    lines = []
    for c in members:
        promised, complete = _promised(c, submitted.date())
        url = progress_url(c.number)
        rate = rating_url(c.number)
        lines.append(
            ReceiptCase(
                number=c.number,
                query_code=c.query_code,
                item_name=c.item_version.name,
                department=c.department.name,
                item_name_en=c.item_version.name_en,
                department_en=c.department.name_en,
                status=status_words(c),
                accepted_on=c.accepted_on,
                promised_limit_workdays=c.promised_limit_workdays,
                promised_deadline=promised,
                calendar_complete=complete,
                progress_url=url,
                qr_png=qr_png(url),
                rating_url=rate,
                rating_qr_png=qr_png(rate, box=4),
            )
        )
    received: list[ReceiptMaterial] = []
    waived: list[ReceiptMaterial] = []
    generated: list[ReceiptMaterial] = []
    seen: set[tuple[str, int]] = set()
    rows = (m for c in members for m in c.materials.order_by("round", "material_key", "pk"))
    english_names = {m.key: m.name_en for c in members for m in c.item_version.materials.all() if m.name_en}
    for m in rows:
        if (m.material_key, m.round) in seen or m.material_key == DECISION:
            continue
        seen.add((m.material_key, m.round))
        name = m.name + (_("（第 %(n)d 次补正）") % {"n": m.round} if m.round else "")
        english = english_names.get(m.material_key, "")
        if english and m.round:
            english += _("（第 %(n)d 次补正）") % {"n": m.round}
        entry = ReceiptMaterial(name, _how(m.source, first.channel), english)
        if m.source in (MaterialSource.LICENCE, MaterialSource.SHARED_DATA):
            waived.append(entry)
        elif m.source == MaterialSource.GENERATED:
            generated.append(entry)
        else:
            received.append(entry)
    accepted = all(c.accepted_on is not None for c in members)
    person = first.applicant_kind == ApplicantKind.PERSON
    bundle = first.bundle_case
    return Receipt(
        title=_("受理回执") if accepted else _("申请回执"),
        accepted=accepted,
        bundle_number=bundle.number if bundle else "",
        bundle_name=bundle.bundle.name if bundle else "",
        applicant_name=first.applicant_name,
        applicant_code_masked=mask_id_number(first.applicant_code) if person else first.applicant_code,
        channel=_("窗口申请") if first.channel == Channel.WINDOW else _("网上申请"),
        submitted_at=submitted,
        accepted_on=max((c.accepted_on for c in members if c.accepted_on), default=None),
        cases=lines,
        received=received,
        waived=waived,
        generated=generated,
        progress_page=public_url(reverse("cases:progress")),
        enquiry_phone=first.item_version.enquiry_phone,
        bundle_name_en=bundle.bundle.name_en if bundle else "",
        enquiry_phone_en=first.item_version.enquiry_phone_en,
    )


# --- the PDF (the same receipt, for a printer that is not a browser) ------------------------------------------


def _d(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "—"


def pdf_lines(receipt: Receipt) -> list[tuple[str, str]]:
    """(label, value) rows of the PDF, in the Chinese of the printed form."""
    rows = [
        ("申请人", receipt.applicant_name),
        ("证件号码", receipt.applicant_code_masked),
        ("申请方式", receipt.channel),
        ("提交时间", f"{_d(receipt.submitted_at.date())} {receipt.submitted_at:%H:%M}"),
        ("受理日期", _d(receipt.accepted_on) if receipt.accepted_on else "待受理"),
    ]
    if receipt.bundle_number:
        rows.insert(0, ("一件事", f"{receipt.bundle_name}（编号 {receipt.bundle_number}）"))
    return rows


def receipt_pdf(receipt: Receipt) -> bytes:
    """The receipt as one A4 PDF with the CJK font (onego.core.fonts) and a QR code per case."""
    on = receipt.submitted_at.date()
    title = "受理回执" if receipt.accepted else "申请回执"
    case_rows = [
        (
            c.number,
            c.query_code,
            c.item_name,
            c.department,
            (_d(c.promised_deadline) + ("" if c.accepted_on else "（如当日受理）"))
            + f"，{c.promised_limit_workdays} 个工作日",
        )
        for c in receipt.cases
    ]
    materials = [f"{m.name}：{m.how}" for m in receipt.received + receipt.waived + receipt.generated] or [
        "（无）"
    ]
    howto = (
        f"查询进度：访问 {receipt.progress_page}，输入办件编号和查询码；或用手机扫描下方二维码"
        "（已填入办件编号），再输入查询码。查询码请勿交给他人。"
    )
    text = (
        title
        + "".join(a + b for a, b in pdf_lines(receipt))
        + "".join("".join(r) for r in case_rows)
        + "".join(materials)
        + howto
        + "办件编号查询码事项承诺办结日期部门提交材料扫码查询进度咨询电话扫码评价好差评请对本次服务作出评价"
        + receipt.enquiry_phone
    )
    pdf = pdfdocs.new_pdf(title, text, on)
    subtitle = f"办件编号 {receipt.cases[0].number}" + (
        f" 等 {len(receipt.cases)} 件" if len(receipt.cases) > 1 else ""
    )
    pdfdocs.heading(pdf, title, subtitle)
    pdf.set_font(fonts.FONT_FAMILY, size=10.5)
    with pdf.table(
        col_widths=(30, 136),
        text_align=("LEFT", "LEFT"),
        line_height=6.5,
        first_row_as_headings=False,
        borders_layout="ALL",
    ) as table:
        for label, value in pdf_lines(receipt):
            row = table.row()
            row.cell(label)
            row.cell(value)
    pdf.ln(3)
    with pdf.table(
        col_widths=(40, 26, 40, 28, 32),
        text_align="LEFT",
        line_height=6,
        borders_layout="ALL",
        first_row_as_headings=False,
    ) as table:
        head = table.row()
        for label in ("办件编号", "查询码", "事项", "部门", "承诺办结日期"):
            head.cell(label)
        for r in case_rows:
            row = table.row()
            for value in r:
                row.cell(value)
    pdf.ln(3)
    pdf.set_font(fonts.FONT_FAMILY, size=11)
    pdf.cell(0, 7, "提交材料", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(fonts.FONT_FAMILY, size=10)
    for i, line in enumerate(materials, start=1):
        pdf.multi_cell(0, 5.5, f"{i}. {line}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.multi_cell(0, 6, howto, new_x="LMARGIN", new_y="NEXT")
    if receipt.enquiry_phone:
        pdf.multi_cell(0, 6, f"咨询电话：{receipt.enquiry_phone}", new_x="LMARGIN", new_y="NEXT")
    top = pdf.get_y() + 2
    size, pitch = 30, 56  # three QR codes a row, each captioned with its case number
    for i, c in enumerate(receipt.cases):
        x, y = pdf.l_margin + (i % 3) * pitch, top + (i // 3) * (size + 8)
        pdf.image(io.BytesIO(c.qr_png), x=x, y=y, w=size, h=size)
        pdf.set_xy(x, y + size)
        pdf.set_font(fonts.FONT_FAMILY, size=6)
        pdf.cell(pitch - 2, 4, c.number)
    rows = (len(receipt.cases) + 2) // 3
    top += rows * (size + 8) + 2
    if top + size + 14 > pdf.h - pdf.b_margin:
        pdf.add_page()
        top = pdf.get_y()
    pdf.set_xy(pdf.l_margin, top)
    pdf.set_font(fonts.FONT_FAMILY, size=10)
    pdf.cell(0, 6, "扫码评价（好差评）：请对本次服务作出评价", new_x="LMARGIN", new_y="NEXT")
    top = pdf.get_y()
    for i, c in enumerate(receipt.cases):
        x, y = pdf.l_margin + (i % 3) * pitch, top + (i // 3) * (size + 8)
        pdf.image(io.BytesIO(c.rating_qr_png), x=x, y=y, w=size, h=size)
        pdf.set_xy(x, y + size)
        pdf.set_font(fonts.FONT_FAMILY, size=6)
        pdf.cell(pitch - 2, 4, f"评价 {c.number}")
    fonts.keep_font_tables(pdf)
    return bytes(pdf.output())

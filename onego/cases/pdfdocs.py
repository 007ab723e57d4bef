"""The files a case generates, as PDFs kept with the case and archived: the signed application form (申请表, with
the commitment letter 告知承诺书 on the commitment route) and the decision (准予/不予行政许可决定书, 不予受理决定书).

`ensure_generated(case_id)` is idempotent and runs in the worker (the e-archive calls it before it archives a
case's files), never in the request that submits or decides. Each document is a CaseMaterial with source
GENERATED under the keys below; the applicant's one signature is placed on each form (seed case 2), with the
SM3 digest of the signature file printed under it. The catalogue's other generated materials (公司章程, 任职文件,
承诺书) are written by `cases.generated_docs` and later apps through GENERATORS.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_noop

from onego.cases.models import Case, CaseMaterial, CaseStatus, MaterialSource, Outcome, TaskStatus
from onego.catalog import people_lists
from onego.catalog.models import FormField
from onego.core import audit, fonts
from onego.core.sm3 import sm3_hex

logger = logging.getLogger(__name__)

APPLICATION_FORM = "application-form"
# The catalogue's material key for the application form itself (申请表/申请书, provision "generated"): the
# document generated under APPLICATION_FORM is that material, named as the catalogue names it.
FORM_MATERIAL_KEY = "application_form"
DECISION = "decision"
COMMITMENT_LETTER = "commitment_letter"
GENERATED_KEYS = (APPLICATION_FORM, DECISION)
# Generators for catalogue materials provided "generated" (系统生成), by material key: later apps register
# theirs in AppConfig.ready (e.g. inspection's 10 food-safety management rules). Each returns PDF bytes.
GENERATORS: dict[str, Callable[[Case], bytes]] = {}
CHINA_TZ = timezone(timedelta(hours=8))
COMMITMENT_TEXT = (
    "本人（本单位）自愿选择告知承诺方式申请办理，已经知晓行政机关告知的全部许可条件、所需材料和相关要求；符合上述条件，"
    "所填写的信息和提交的材料真实、准确、完整；愿意接受事中事后核查；如有虚假承诺或违反承诺，愿意承担撤销许可、"
    "信用惩戒等法律责任。"
)
# The PDF is printed in Chinese; gettext_noop only lists the titles in the catalogue for the case page.
DECISION_TITLES = {
    Outcome.APPROVED: gettext_noop("准予行政许可决定书"),
    Outcome.REFUSED: gettext_noop("不予行政许可决定书"),
    Outcome.NOT_ACCEPTED: gettext_noop("不予受理决定书"),
}


def form_rows(case: Case) -> list[tuple[str, str]]:
    """(label, value) of the case's form in the item's order; lists joined, choices by their label."""
    fields = {f.key: f for f in FormField.objects.filter(key__in=list(case.form_data))}
    order = list(case.item_version.form_fields.order_by("position").values_list("field__key", flat=True))
    order += [k for k in case.form_data if k not in order]
    rows = []
    for key in order:
        if key not in case.form_data:
            continue
        field = fields.get(key)
        value = case.form_data[key]
        names = {
            str(c.get("value")): str(c.get("zh") or c.get("value")) for c in (field.choices if field else [])
        }
        if field is not None and field.field_type in people_lists.TYPES:
            rows.append((field.label_zh, people_lists.describe(field.field_type, value)))
            continue
        text = (
            "、".join(names.get(str(v), str(v)) for v in value)
            if isinstance(value, list)
            else names.get(str(value), str(value))
        )
        rows.append((field.label_zh if field else key, text))
    return rows


def signature_png(case: Case) -> bytes | None:
    if not case.signature:
        return None
    try:
        with case.signature.open("rb") as fh:
            return bytes(fh.read())
    except FileNotFoundError:
        return None


def new_pdf(title: str, text: str, on: date) -> Any:
    from fpdf import FPDF

    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_margins(22, 20, 22)
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_creation_date(datetime.combine(on, time(0, 0), tzinfo=CHINA_TZ))
    pdf.set_producer("OneGo")
    pdf.set_title(title)
    pdf.set_lang("zh-CN")
    fonts.add_fonts(pdf, title + text)
    return pdf


def heading(pdf: Any, title: str, subtitle: str) -> None:
    pdf.add_page()
    pdf.set_font(fonts.FONT_FAMILY, size=18)
    pdf.cell(0, 12, title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(fonts.FONT_FAMILY, size=9.5)
    pdf.set_text_color(90, 90, 90)
    pdf.cell(0, 6, subtitle, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(20, 20, 20)
    pdf.ln(4)


def _table(pdf: Any, rows: list[tuple[str, str]]) -> None:
    pdf.set_font(fonts.FONT_FAMILY, size=10.5)
    with pdf.table(
        col_widths=(32, 134),
        text_align=("LEFT", "LEFT"),
        line_height=6.5,
        first_row_as_headings=False,
        borders_layout="ALL",
    ) as table:
        for label, value in rows:
            row = table.row()
            row.cell(label)
            row.cell(value or "—")


def sign_line(pdf: Any, label: str, png: bytes | None, on: date) -> None:
    pdf.ln(6)
    pdf.set_font(fonts.FONT_FAMILY, size=11)
    y = pdf.get_y()
    pdf.cell(28, 14, label)
    if png:
        pdf.image(io.BytesIO(png), x=pdf.get_x(), y=y, h=14)
    pdf.set_xy(130, y)
    pdf.cell(0, 14, f"日期：{on.year}年{on.month}月{on.day}日")
    pdf.ln(16)
    if png:
        # The signature image above is the case's signature file; its digest binds this page to that file.
        pdf.set_font(fonts.FONT_FAMILY, size=8)
        pdf.set_text_color(90, 90, 90)
        pdf.multi_cell(0, 4.5, f"电子签名文件 SM3：{sm3_hex(png)}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(20, 20, 20)


def form_material_name(case: Case) -> str:
    """The catalogue's name of the case's application form (e.g. 公司登记（备案）申请书), or "" when none."""
    material = case.item_version.materials.filter(key=FORM_MATERIAL_KEY, provision="generated").first()
    return material.name if material else ""


def application_form_pdf(case: Case) -> bytes:
    submitted = case.submitted_at.astimezone(CHINA_TZ).date()
    rows = [("申请人", case.applicant_name), ("证件号码", case.applicant_code), *form_rows(case)]
    materials = [
        f"{m.name}（{m.get_source_display()}）"
        for m in case.materials.exclude(source=MaterialSource.GENERATED).order_by("material_key", "round")
    ]
    title = form_material_name(case) or f"{case.item_version.name}申请表"
    pdf = new_pdf(title, "".join(a + b for a, b in rows) + "".join(materials) + COMMITMENT_TEXT, submitted)
    bundle = f" · 一件事编号 {case.bundle_case.number}" if case.bundle_case_id else ""  # type: ignore[union-attr]
    heading(pdf, title, f"办件编号 {case.number}{bundle}")
    _table(pdf, rows)
    pdf.ln(4)
    pdf.set_font(fonts.FONT_FAMILY, size=11)
    pdf.cell(0, 8, "提交材料", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(fonts.FONT_FAMILY, size=10)
    for i, line in enumerate(materials, start=1):
        pdf.multi_cell(0, 6, f"{i}. {line}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.multi_cell(0, 6, "本人（本单位）对所填信息和所交材料的真实性负责。", new_x="LMARGIN", new_y="NEXT")
    png = signature_png(case)
    sign_line(pdf, "申请人签名：", png, submitted)
    if case.route == "commitment" and case.commitment_signed:
        heading(pdf, "告知承诺书", f"办件编号 {case.number} · {case.item_version.name}")
        pdf.set_font(fonts.FONT_FAMILY, size=11)
        pdf.multi_cell(0, 7, COMMITMENT_TEXT, new_x="LMARGIN", new_y="NEXT")
        sign_line(pdf, "承诺人签名：", png, submitted)
    fonts.keep_font_tables(pdf)
    return bytes(pdf.output())


def commitment_pdf(case: Case) -> bytes:
    """The commitment letter (告知承诺书) on its own, signed with the applicant's one signature."""
    submitted = case.submitted_at.astimezone(CHINA_TZ).date()
    title = "告知承诺书"
    pdf = new_pdf(title, COMMITMENT_TEXT + case.item_version.name + case.applicant_name, submitted)
    heading(pdf, title, f"办件编号 {case.number} · {case.item_version.name}")
    pdf.set_font(fonts.FONT_FAMILY, size=11)
    pdf.multi_cell(
        0, 7, f"承诺人：{case.applicant_name}（{case.applicant_code}）", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(2)
    pdf.multi_cell(0, 7, COMMITMENT_TEXT, new_x="LMARGIN", new_y="NEXT")
    sign_line(pdf, "承诺人签名：", signature_png(case), submitted)
    fonts.keep_font_tables(pdf)
    return bytes(pdf.output())


def _decision_reason(case: Case) -> str:
    task = case.tasks.filter(status=TaskStatus.DONE).exclude(note="").order_by("-completed_at", "-pk").first()
    return task.note if task else ""


def decision_pdf(case: Case) -> bytes:
    title = DECISION_TITLES[Outcome(case.outcome)]
    day = case.closed_at.astimezone(CHINA_TZ).date() if case.closed_at else date.today()  # noqa: DTZ011
    item = case.item_version.name
    department = case.department.name
    if case.outcome == Outcome.APPROVED:
        body = (
            f"{case.applicant_name}：\n　　你（单位）于{_zh(case.submitted_at)}"
            f"提出的「{item}」申请（办件编号 {case.number}），"
            f"经审查，符合法定条件和标准。根据《中华人民共和国行政许可法》第三十八条第一款的规定，决定准予行政许可。"
            f"许可证件以电子证照形式颁发，可在“我的证照”中查看、下载并核验。"
        )
    elif case.outcome == Outcome.REFUSED:
        reason = _decision_reason(case) or "不符合法定条件和标准"
        body = (
            f"{case.applicant_name}：\n　　你（单位）于{_zh(case.submitted_at)}"
            f"提出的「{item}」申请（办件编号 {case.number}），"
            f"经审查，{reason}。根据《中华人民共和国行政许可法》第三十八条第二款的规定，决定不予行政许可。\n"
            "    如不服本决定，可以自收到本决定书之日起六十日内依"
            "法申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。"
        )
    else:
        reason = _decision_reason(case) or "申请事项不属于本机关职权范围或不符合受理条件"
        body = (
            f"{case.applicant_name}：\n　　你（单位）于{_zh(case.submitted_at)}"
            f"提出的「{item}」申请（办件编号 {case.number}），"
            f"经审查，{reason}。根据《中华人民共和国行政许可法》第三十二条第一款的规定，决定不予受理。\n"
            "    如不服本决定，可以自收到本决定书之日起六十日内依"
            "法申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。"
        )
    pdf = new_pdf(title, body + department, day)
    heading(pdf, title, f"办件编号 {case.number}")
    pdf.set_font(fonts.FONT_FAMILY, size=12)
    pdf.multi_cell(0, 8, body, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(16)
    pdf.cell(0, 8, department, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 8, f"{day.year}年{day.month}月{day.day}日", align="R", new_x="LMARGIN", new_y="NEXT")
    fonts.keep_font_tables(pdf)
    return bytes(pdf.output())


def _zh(moment: datetime | None) -> str:
    if moment is None:
        return ""
    day = moment.astimezone(CHINA_TZ).date()
    return f"{day.year}年{day.month}月{day.day}日"


def _store(case: Case, key: str, name: str, content: bytes) -> bool:
    """Save one generated document unless a worker racing us saved it first. True when saved now."""
    with transaction.atomic():
        Case.objects.select_for_update().filter(pk=case.pk).first()
        if case.materials.filter(material_key=key, source=MaterialSource.GENERATED).exists():
            return False
        row = CaseMaterial(
            case=case,
            material_key=key,
            name=name,
            source=MaterialSource.GENERATED,
            content_type="application/pdf",
            size=len(content),
        )
        row.file.save(f"{case.number}-{key}.pdf", ContentFile(content), save=False)
        row.save()
        # The digests of the document and of the signature it carries, in the hash-chained audit log.
        signature = signature_png(case)
        audit.record(
            "system:documents",
            "case.document_generated",
            case,
            number=case.number,
            document=key,
            size=len(content),
            sm3=sm3_hex(content),
            signature_sm3=sm3_hex(signature) if signature else "",
        )
    return True


def ensure_generated(case_id: int) -> list[str]:
    """Generate the case's application form and, once decided, its decision. Idempotent; returns the keys of
    the documents made now."""
    case = Case.objects.select_related("item_version", "department", "bundle_case").get(pk=case_id)
    have = set(case.materials.filter(source=MaterialSource.GENERATED).values_list("material_key", flat=True))
    made = []
    form_name = form_material_name(case) or "申请表（系统生成）"
    if APPLICATION_FORM not in have and _store(case, APPLICATION_FORM, form_name, application_form_pdf(case)):
        made.append(APPLICATION_FORM)
    generated = case.item_version.materials.filter(provision="generated").exclude(key=FORM_MATERIAL_KEY)
    for material in generated.order_by("position"):
        render = GENERATORS.get(material.key) or (
            commitment_pdf if material.key == COMMITMENT_LETTER else None
        )
        if (
            material.key not in have
            and render is not None
            and _store(case, material.key, material.name, render(case))
        ):
            made.append(material.key)
    decided = case.status == CaseStatus.CLOSED and case.outcome in DECISION_TITLES
    if decided and DECISION not in have:
        title, content = decision_document(case)
        if _store(case, DECISION, title, content):
            made.append(DECISION)
    return made


# Later apps write the decisions of their own cases (a policy payment is not a licence): each writer returns
# (title, PDF) for a case it owns and None for any other.
DECISION_WRITERS: list[Callable[[Case], tuple[str, bytes] | None]] = []


def decision_document(case: Case) -> tuple[str, bytes]:
    for writer in DECISION_WRITERS:
        written = writer(case)
        if written is not None:
            return written
    return DECISION_TITLES[Outcome(case.outcome)], decision_pdf(case)

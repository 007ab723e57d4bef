"""Documents of policy cases: the redemption confirmation (兑现确认书) generated for a 免申即享 case, and the
decision (兑现决定书 / 不予兑现决定书) — a policy payment is not a licence, so the licensing-law wording of
`cases.pdfdocs.decision_pdf` does not fit it."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from onego.cases import notifications, pdfdocs
from onego.cases.models import Case, Outcome
from onego.core import fonts
from onego.policies.models import PolicyCase
from onego.policies.offers import OFFER_KEY_PREFIX

CONFIRMATION = "redemption_confirmation"


def _yuan(fen: int | None) -> str:
    return "待核定" if fen is None else f"{fen / 100:,.2f} 元"


def _day(case: Case) -> date:
    moment = case.closed_at or case.submitted_at or timezone.now()
    return moment.astimezone(pdfdocs.CHINA_TZ).date()


def confirmation_pdf(case: Case) -> bytes:
    """What the enterprise confirmed with one click: the policy, the amount matched, the account to pay."""
    record = PolicyCase.objects.filter(case=case).select_related("policy").first()
    form = case.form_data or {}
    policy_name = record.policy.name_zh if record else case.item_version.name
    rows = [
        ("企业名称", case.applicant_name),
        ("统一社会信用代码", case.applicant_code),
        ("政策", policy_name),
        ("兑现期间", record.period if record else ""),
        ("比对金额", _yuan(record.amount_fen if record else None)),
        ("收款户名", str(form.get("bank_account_name", ""))),
        ("开户银行", str(form.get("bank_name", ""))),
        ("银行账号", str(form.get("bank_account_number", ""))),
    ]
    text = (
        "经数据比对，本单位符合上述政策兑现条件。本单位确认申请兑现，收款账户信息真实有效，并同意在区政府网站公示兑现结果。"
        "本确认由企业经办人登录后在线一键确认，免于填写申报表和提交材料（免申即享）。"
    )
    submitted = _day(case)
    title = "政策兑现确认书"
    pdf = pdfdocs.new_pdf(
        title,
        "".join(a + b for a, b in rows) + text + (case.form_data or {}).get("handler_name", ""),
        submitted,
    )
    pdfdocs.heading(pdf, title, f"办件编号 {case.number}")
    pdfdocs._table(pdf, rows)
    pdf.ln(4)
    pdf.set_font(fonts.FONT_FAMILY, size=11)
    pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.multi_cell(
        0,
        7,
        f"确认人：{form.get('handler_name', '')}（登录确认）  日期：{submitted.year}年{submitted.month}月"
        f"{submitted.day}日",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    fonts.keep_font_tables(pdf)
    return bytes(pdf.output())


def decision(case: Case) -> tuple[str, bytes] | None:
    record = PolicyCase.objects.filter(case=case).select_related("policy").first()
    if record is None:
        return None
    day = _day(case)
    policy = record.policy.name_zh
    department = case.department.name
    when = pdfdocs._zh(case.submitted_at)
    if case.outcome == Outcome.APPROVED:
        title = "政策兑现决定书"
        body = (
            f"{case.applicant_name}：\n　　你单位于{when}提出（确认"
            f"）的「{policy}」兑现（办件编号 {case.number}），经资格审核、"
            "部门会签和结果公示，符合政策兑现条件，决定给予扶持资金"
            f" {_yuan(record.amount_fen)}，拨付至你单位确认的收款账户。"
        )
    else:
        title = "不予兑现决定书" if case.outcome == Outcome.REFUSED else "不予受理决定书"
        reason = pdfdocs._decision_reason(case) or "不符合政策兑现条件"
        body = (
            f"{case.applicant_name}：\n　　你单位于{when}提出的"
            f"「{policy}」兑现申请（办件编号 {case.number}），经审核，{reason}，"
            f"决定{'不予兑现' if case.outcome == Outcome.REFUSED else '不予受理'}。\n"
            "    如不服本决定，可以自收到本决定书之日起六十日内依"
            "法申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。"
        )
    pdf = pdfdocs.new_pdf(title, body + department, day)
    pdfdocs.heading(pdf, title, f"办件编号 {case.number}")
    pdf.set_font(fonts.FONT_FAMILY, size=12)
    pdf.multi_cell(0, 8, body, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(16)
    pdf.cell(0, 8, department, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 8, f"{day.year}年{day.month}月{day.day}日", align="R", new_x="LMARGIN", new_y="NEXT")
    fonts.keep_font_tables(pdf)
    return title, bytes(pdf.output())


def confirmation_received(case: Case) -> notifications.Message | None:
    """The message for a confirmed 免申即享 offer. It is not an application: nothing waits to be accepted, so
    the applicant is told the confirmation arrived and what follows (review, publicity, payment)."""
    if not case.idempotency_key.startswith(OFFER_KEY_PREFIX):
        return None
    return (
        _("已收到您的兑现确认"),
        _(
            "您已确认兑现「%(name)s」，办件编号 %(number)s，无需再提交申请或材料。接下来：部门核定金额并会签，"
            "结果公示期满无异议后拨付到您确认的收款账户；每一步都会通知您，"
            "也可在“我的办件”查看进度。"
        )
        % {"name": case.item_version.name, "number": case.number},
    )

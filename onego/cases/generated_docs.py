"""Materials the catalogue says the system generates (系统生成) from the application: the articles of association
(公司章程) from the standard articles template, the appointment of the legal representative and officers
(任职文件), and the commitment letters (承诺书) signed online.

Each is written as text first (`Document`: a title and paragraphs) from the application's facts, so that the
same words are shown on the preview page before the applicant submits and printed in the PDF kept with the
case. The PDF carries the applicant's one signature and the SM3 digest of the signature file
(`pdfdocs.sign_line`); `pdfdocs.ensure_generated` stores it with the case and the e-archive archives it with
its own digest. Registered by material key (`cases.extensions.register_document_generator`) in CasesConfig.ready.

The application form itself (material key `application_form`, 申请表/申请书) is `pdfdocs.application_form_pdf`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string

from onego.cases import pdfdocs
from onego.cases.models import Case
from onego.catalog import people_lists
from onego.core import fonts


@dataclass(frozen=True)
class Facts:
    """What a generated document is written from: the application, before or after it is submitted."""

    item_name: str
    applicant_name: str
    applicant_code: str
    form: Mapping[str, Any]
    on: date
    number: str = ""  # 办件编号, empty in the preview


@dataclass(frozen=True)
class Document:
    title: str
    paragraphs: list[str] = field(default_factory=list)  # a paragraph starting "## " is a heading
    signer_label: str = "申请人签名："


def facts_of(case: Case) -> Facts:
    return Facts(
        item_name=case.item_version.name,
        applicant_name=case.applicant_name,
        applicant_code=case.applicant_code,
        form=case.form_data or {},
        on=case.submitted_at.astimezone(pdfdocs.CHINA_TZ).date(),
        number=case.number,
    )


def _zh_date(value: str) -> str:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return value
    return f"{day.year}年{day.month}月{day.day}日"


def _paragraphs(template: str, context: dict[str, Any]) -> list[str]:
    text = render_to_string(template, context)
    return [line.strip() for line in text.splitlines() if line.strip()]


def _people(form: Mapping[str, Any], key: str) -> list[dict[str, str]]:
    value = form.get(key)
    return [dict(p) for p in value if isinstance(p, dict)] if isinstance(value, list) else []


def _company(facts: Facts) -> dict[str, Any]:
    """The company's facts shared by the articles and the appointments, officers defaulted as the form says:
    none given, the legal representative is the one director and the manager, and there is no supervisor."""
    form = facts.form
    name = str(form.get("entity_name") or facts.applicant_name)
    legal_rep = str(form.get("legal_representative") or "")
    shareholders = _people(form, "investors")
    officers = _people(form, "company_officers") or [
        {
            "name": legal_rep,
            "position": "执行董事兼经理",
            "document": str(form.get("legal_representative_id_number") or ""),
        }
    ]
    directors = [o for o in officers if "董事" in o["position"] and "监事" not in o["position"]]
    managers = [o for o in officers if "经理" in o["position"]]
    supervisors = [o for o in officers if "监事" in o["position"]]
    chair = next((o for o in directors if "董事长" in o["position"]), directors[0] if directors else None)
    total = people_lists.total_wan(shareholders) if shareholders else Decimal(0)
    for s in shareholders:
        share = Decimal(s["amount_wan"]) * 100 / total if total else Decimal(0)
        s.update(
            document_label="公民身份号码" if s.get("document_kind") == "id_number" else "统一社会信用代码",
            share=f"{share.quantize(Decimal('0.01')).normalize():f}",
            term_zh=_zh_date(s.get("term", "")),
        )
    return {
        "name": name,
        "address": form.get("entity_address") or "—",
        "entity_type": form.get("entity_type") or "有限责任公司",
        "business_scope": form.get("business_scope") or "—",
        "capital": form.get("registered_capital") or f"{total.normalize():f}",
        "shareholders": shareholders,
        "single": len(shareholders) <= 1,
        "shareholder_names": "、".join(s["name"] for s in shareholders) or "—",
        "legal_rep": legal_rep or "—",
        "legal_rep_id": form.get("legal_representative_id_number") or "",
        "officers": officers,
        "board": len(directors) > 1,
        "directors": "、".join(o["name"] for o in directors) or legal_rep or "—",
        "chair": chair["name"] if chair else legal_rep,
        "manager": "、".join(o["name"] for o in managers) or "—",
        "supervisors": "、".join(o["name"] for o in supervisors),
    }


def articles_of_association(facts: Facts) -> Document:
    """公司章程: the standard articles template filled with the company and its shareholders."""
    company = _company(facts)
    return Document(
        title=f"{company['name']}章程",
        paragraphs=_paragraphs("cases/generated/articles_of_association.txt", company),
    )


def officer_appointment(facts: Facts) -> Document:
    """任职文件: the shareholders' decision naming the legal representative, directors, supervisors, manager."""
    company = _company(facts)
    lines = [
        f"选举（任命）{company['legal_rep']}为公司法定代表人"
        + (f"（公民身份号码 {company['legal_rep_id']}）；" if company["legal_rep_id"] else "；")
    ]
    for o in company["officers"]:
        term = "聘任" if o["position"] == "经理" else "选举（任命）"
        lines.append(f"{term}{o['name']}（公民身份号码 {o['document']}）为公司{o['position']}，任期三年；")
    return Document(
        title="法定代表人、董事、监事和经理的任职文件",
        paragraphs=_paragraphs("cases/generated/officer_appointment.txt", {**company, "appointments": lines}),
    )


# 承诺书 signed online: what each one promises, by material key.
COMMITMENTS: dict[str, str] = {
    "credit_commitment": (
        "本人（本单位）承诺：所填写的申报信息和提交的材料真实、准确、完整，不存在弄虚作假、重复申报、骗取财政资金等行为；"
        "如有不实，愿意退回已获得的资金，承担相应法律责任，并接受信用惩戒。"
    ),
    "clinic_commitment": (
        "本人（本单位）承诺：所设诊所的名称、地址、诊疗科目、房屋面积、功能分区、设备设施和人员配备符合诊所基本标准和开业"
        "条件，执业人员均具有有效的执业资格；所填写的信息和提交的材料真实有效；如有不实，愿意承担撤销备案等法律责任。"
    ),
    "relocation_commitment": (
        "本单位承诺：自获得落户扶持之日起，在政策文件规定的年限内不将工商注册、税务征管和统计关系迁离白云区；"
        "如有违反，愿意退回已获得的扶持资金。"
    ),
    "project_compliance_commitment": (
        "本单位声明：本项目符合国家产业政策，不属于《产业结构调整指导目录》中的淘汰类、限制类项目，不属于依法须经核准的"
        "项目；所填报的项目信息真实、准确、完整，如有不实，愿意承担相应法律责任。"
    ),
    "removal_commitment": (
        "本单位（本人）承诺：在批准的临时建设期限届满前自行拆除临时建设工程，清理场地并恢复原状；逾期不拆除的，"
        "愿意承担依法强制拆除的费用及相关法律责任。"
    ),
    "funding_commitment": (
        "本单位承诺：本建设工程的建设资金已经落实，资金来源合法，能够满足工程建设需要；如有不实，愿意承担相应法律责任。"
    ),
}
COMMITMENT_TITLES: dict[str, str] = {
    "credit_commitment": "申报材料真实性及信用承诺书",
    "clinic_commitment": "诊所符合开业条件承诺书",
    "relocation_commitment": "不迁离承诺书",
    "project_compliance_commitment": "项目符合产业政策等的声明",
    "removal_commitment": "到期自行拆除承诺书",
    "funding_commitment": "建设资金已落实承诺书",
}


def _commitment(key: str) -> Callable[[Facts], Document]:
    def write(facts: Facts) -> Document:
        return Document(
            title=COMMITMENT_TITLES[key],
            signer_label="承诺人签名：",
            paragraphs=[
                f"承诺人：{facts.applicant_name}（{facts.applicant_code}）",
                f"申请事项：{facts.item_name}",
                COMMITMENTS[key],
            ],
        )

    return write


WRITERS: dict[str, Callable[[Facts], Document]] = {
    "articles_of_association": articles_of_association,
    "officer_appointment": officer_appointment,
    **{key: _commitment(key) for key in COMMITMENTS},
}


def document_pdf(document: Document, facts: Facts, signature_png: bytes | None) -> bytes:
    """The document as a PDF: its title, the case number, the paragraphs, and the applicant's signature."""
    pdf = pdfdocs.new_pdf(
        document.title, document.title + "".join(document.paragraphs) + facts.item_name, facts.on
    )
    subtitle = f"办件编号 {facts.number} · {facts.item_name}" if facts.number else facts.item_name
    pdfdocs.heading(pdf, document.title, f"{subtitle} · 系统按申请信息生成")
    for paragraph in document.paragraphs:
        if paragraph.startswith("## "):
            pdf.ln(2)
            pdf.set_font(fonts.FONT_FAMILY, size=12.5)
            pdf.multi_cell(0, 8, paragraph[3:], align="C", new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.set_font(fonts.FONT_FAMILY, size=10.5)
            # Chinese wraps at any character; by word, "第一条　" would stand alone before a long clause.
            pdf.multi_cell(0, 6.5, paragraph, new_x="LMARGIN", new_y="NEXT", wrapmode="CHAR")
            pdf.ln(1)
    pdfdocs.sign_line(pdf, document.signer_label, signature_png, facts.on)
    fonts.keep_font_tables(pdf)
    return bytes(pdf.output())


def pdf_writer(key: str) -> Callable[[Case], bytes]:
    """The generated-document writer of the material `key` (one of WRITERS), for `cases.extensions`."""

    def render(case: Case) -> bytes:
        facts = facts_of(case)
        return document_pdf(WRITERS[key](facts), facts, pdfdocs.signature_png(case))

    return render


def preview(key: str, facts: Facts) -> Document | None:
    """The document of a generated material as it will read, for the preview page; None when the material's
    words are not written here (the application form is the form itself; later apps' documents)."""
    writer = WRITERS.get(key)
    return writer(facts) if writer is not None else None

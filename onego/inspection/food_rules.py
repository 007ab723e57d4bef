"""The 10 food-safety management rules (食品安全管理制度) generated for a food business licence application.

Seed case 4: instead of writing ten rules by hand, the applicant gets them generated from the application —
the business's name, premises, food-safety manager and business items — adapted to the business type, and
signed with the one signature given when applying. Registered with onego.cases.pdfdocs under the catalogue
material key `food_safety_rules`; the file is kept with the case and archived.
"""

from __future__ import annotations

from onego.cases import pdfdocs
from onego.cases.models import Case
from onego.catalog.models import FormField
from onego.core import fonts

MATERIAL_KEY = "food_safety_rules"

# (title, text) — {entity}, {manager}, {phone}, {address}, {items} are filled from the application.
CATERING_RULES: list[tuple[str, str]] = [
    (
        "从业人员健康管理制度",
        "一、{entity}从事接触直接入口食品工作的人员，每年进行健康检查，取得健康证明后方可上岗。二、每日开工前由食品安全管理"
        "人员{manager}对从业人员进行晨检，发现发热、腹泻、皮肤伤口或感染、咽部炎症等有碍食品安全的病症的，立即调离接触直接"
        "入口食品的工作岗位。三、建立从业人员健康档案，记录体检和晨检情况，保存不少于两年。",
    ),
    (
        "食品安全自查制度",
        "一、食品安全管理人员{manager}每月至少组织一次食品安全自查，对照现场核查项目逐项检查。二、发现食品安全风险的，立即"
        "采取整改措施；有发生食品安全事故潜在风险的，立即停止经营活动，并向所在地市场监督管理部门报告。三、自查记录保存不少于两年。",
    ),
    (
        "进货查验和记录制度",
        "一、采购食品、食品添加剂和食品相关产品时，查验供货者的许可证和产品合格证明文件，不得采购无合法来源的产品。二、如实"
        "记录产品名称、规格、数量、生产日期或批号、保质期、进货日期以及供货者名称、地址、联系方式，记录和凭证保存不少于产品"
        "保质期满后六个月；没有明确保质期的，保存期限不少于两年。",
    ),
    (
        "原料控制制度",
        "一、经营项目为{items}，所用原料按品种分类、分区、离地离墙存放，冷藏、冷冻原料在规定温度下贮存。二、定期检查库存原料，"
        "及时清理变质或者超过保质期的原料，不得使用。三、食品添加剂专柜（位）存放，专人保管，按规定使用并记录。",
    ),
    (
        "加工制作过程控制制度",
        "一、加工前认真检查待加工食品及原料，发现有腐败变质或者其他感官性状异常的，不得加工或者使用。二、生熟分开，工用具和"
        "容器分开使用并有明显标识。三、热食类食品烧熟煮透，中心温度不低于 70℃；需冷藏的熟制品尽快冷却后冷藏。",
    ),
    (
        "餐饮具清洗消毒制度",
        "一、餐饮具使用后及时洗净，定位存放，保持清洁。二、消毒后的餐饮具贮存在专用保洁设施内，保洁设施有明显标识。三、采用"
        "化学消毒的，消毒液浓度和浸泡时间符合要求；消毒设施设备定期检查维护，保证正常运转。",
    ),
    (
        "食品贮存管理制度",
        "一、贮存场所位于{address}，保持清洁，无鼠害、昆虫等，不得存放有毒、有害物品及个人生活物品。二、食品与非食品、原料与"
        "半成品、成品分开存放；冷藏冷冻设施定期除霜、清洁并记录温度。",
    ),
    (
        "废弃物处置制度",
        "一、设置带盖的废弃物存放容器，餐厨废弃物日产日清。二、餐厨废弃物交由具备资质的单位收运处置，并建立台账，记录种类、"
        "数量、去向和收运单位。三、废弃物存放容器及时清洗，保持周边环境整洁。",
    ),
    (
        "食品安全事故处置方案",
        "一、发生食品安全事故或疑似事故时，立即停止经营，封存导致或可能导致事故的食品及其原料、工具、设备和现场。二、"
        "{manager}（电话 {phone}）在两小时内向所在地市场监"
        "督管理部门和卫生健康部门报告，配合调查处理，不得隐瞒、谎报、缓报。",
    ),
    (
        "设施设备维护和清洗消毒制度",
        "一、加工经营场所的设施设备定期维护、清洗、校验，保证正常运转和使用。二、防蝇防鼠防虫设施完好有效，每周检查并记录。"
        "三、排风、排烟和照明设施保持清洁有效。",
    ),
]
RETAIL_RULES: list[tuple[str, str]] = [
    *CATERING_RULES[:3],
    (
        "食品贮存和销售管理制度",
        "一、经营项目为{items}，食品按类别分区摆放，离地离墙，标识清楚。二、需冷藏冷冻的食品在规定温度下贮存和销售，每日记录"
        "温度。三、定期检查在售食品，及时清理变质、超过保质期或者其他不符合食品安全标准的食品。",
    ),
    (
        "标签和说明书核查制度",
        "一、销售的预包装食品标签标明名称、规格、净含量、生产日期、保质期、成分或配料表、生产者名称地址和联系方式等内容。"
        "二、发现标签不符合要求的，停止销售并通知供货者。",
    ),
    (
        "不安全食品停止经营和召回制度",
        "一、发现经营的食品不符合食品安全标准或者有证据证明可能危害人体健康的，立即停止经营，通知相关生产经营者和消费者，"
        "并记录停止经营和通知情况。二、配合生产者实施召回，召回和处理情况向所在地市场监督管理部门报告。",
    ),
    CATERING_RULES[6],
    (
        "投诉处理制度",
        "一、在经营场所醒目位置公示投诉电话 12315 和本店联系电话"
        " {phone}。二、接到消费者投诉，及时核实处理并记录；涉及食品"
        "安全的，按规定报告。",
    ),
    CATERING_RULES[8],
    CATERING_RULES[9],
]


def rules_for(business_type: str) -> list[tuple[str, str]]:
    return RETAIL_RULES if business_type == "prepackaged_retail" else CATERING_RULES


def _items_text(values: object) -> str:
    if not isinstance(values, list):
        return str(values or "")
    field = FormField.objects.filter(key="food_business_items").first()
    names = {str(c.get("value")): str(c.get("zh")) for c in (field.choices if field else [])}
    return "、".join(names.get(str(v), str(v)) for v in values) or "—"


def filled_rules(case: Case) -> list[tuple[str, str]]:
    form = case.form_data or {}
    values = {
        "entity": form.get("entity_name") or case.applicant_name,
        "manager": form.get("food_safety_manager_name") or "食品安全管理人员",
        "phone": form.get("food_safety_manager_phone") or "—",
        "address": form.get("premises_address") or "经营场所",
        "items": _items_text(form.get("food_business_items")),
    }
    return [(title, text.format(**values)) for title, text in rules_for(str(form.get("business_type") or ""))]


def food_rules_pdf(case: Case) -> bytes:
    """The ten rules as one PDF, each on its heading, signed at the end by the applicant (one signature)."""
    rules = filled_rules(case)
    entity = (case.form_data or {}).get("entity_name") or case.applicant_name
    submitted = case.submitted_at.astimezone(pdfdocs.CHINA_TZ).date()
    title = f"{entity}食品安全管理制度"
    pdf = pdfdocs.new_pdf(title, "".join(t + b for t, b in rules), submitted)
    pdfdocs.heading(pdf, title, f"办件编号 {case.number} · 共 {len(rules)} 项")
    for i, (heading, text) in enumerate(rules, start=1):
        pdf.set_font(fonts.FONT_FAMILY, size=12)
        pdf.multi_cell(0, 8, f"{i}. {heading}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(fonts.FONT_FAMILY, size=10.5)
        pdf.multi_cell(0, 6.5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    pdfdocs.sign_line(pdf, "经营者签名：", pdfdocs.signature_png(case), submitted)
    fonts.keep_font_tables(pdf)
    return bytes(pdf.output())

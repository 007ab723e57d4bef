"""The demo policy catalogue (政策库): tags, funds and the policies of seed cases 1, 6 and 7, as plain data.

Pure data — no model imports — so the seeding command, the tests and the matching benchmark read the same
lists. Three lists:

- ``TAGS``: the tag library (标签库, case 6) by dimension: industry, size, stage and kind of support.
- ``FUNDS``: the 2026 funds that pay the money measures, each with its department and budget.
- ``POLICIES``: one dict per policy item with the elements of case 6 (source document, issuing department,
  scope, legal basis, conditions, materials, fund standard, process, time limit, tags; each text with its English
  twin under `<field>_en`), how it is redeemed
  (``mode``: ``proactive`` = 免申即享, matched from shared data and offered; ``application`` = the
  enterprise or person applies), the catalogue item it is applied for through (``item_ref``, a key of
  ``onego.demo.catalogue.ITEM_CODES``), its conditions as criteria JSON (``onego.policies.criteria``), its
  amount as amount JSON (``onego.policies.amounts``; ``None`` for services with no money) and its named
  parameters with effective-dated versions.

What is demo and what is not
----------------------------
The measures are the 14 of Baiyun's "1+4+N" system (case 1) with 中小企业“升规纳统”扶持, the one case 1 pays
without an application, and the four employment and start-up subsidies of case 7. The seed gives only two
figures: the system pays up to 100 million yuan at once (标杆企业扶持's cap here) and a listing up to 13
million yuan (the four listing stages add up to exactly that). Every other threshold, rate and amount is an
illustrative value, marked "示例值，以现行政策文件为准" in its legal reference: a policy officer replaces it
with the current document's figure by adding a parameter version. Conditions read only facts of the
standard fact dictionary (``onego.registry.facts.STANDARD_FACTS``).

Money thresholds in conditions are compared with facts kept in fen, so those parameters are in fen too
(``*_fen``); amounts state their own unit (万元 / 元) and are shown in it.
"""

from __future__ import annotations

from typing import Any, Final

BAIYUN_DISTRICT_CODE: Final = "440111"
EFFECTIVE_FROM: Final = (
    "2021-01-01"  # the "1+4+N" system took effect in 2021 (case 1: 2021 年度惠企政策解读会)
)

DEMO_NOTE: Final = "示例值，以现行政策文件为准"
SYSTEM_DOC: Final = "广州市白云区“1+4+N”惠企政策体系"
EMPLOYMENT_DOC: Final = "广东省就业创业补贴申请办理指导清单"

POLICY_BASIS: Final = (
    "《优化营商环境条例》（国务院令第722号）；广州市白云区“1+4+N”惠企政策体系（区发展改革局牵头，涵盖中小企业、"
    "重点“四上”企业、总部企业、上市企业扶持）。具体政策文件名称、条款及扶持标准以区人民政府公布的现行文本为准。"
)
EMPLOYMENT_BASIS: Final = (
    "《中华人民共和国就业促进法》；《财政部 人力资源社会保障部关于印发〈就业补助资金管理办法〉的通知》"
    "（财社〔2017〕164号）；《广东省就业创业补贴申请办理指导清单》；补贴对象、条件和标准以现行文件为准。"
)

# GB/T 4754 divisions (大类) the demo matches on. The criteria engine compares whole codes, so the
# registry's industry_code is expected at division level (two digits after the section letter).
KEY_MANUFACTURING: Final = [
    "C18",
    "C19",
    "C26",
    "C27",
    "C35",
    "C38",
    "C39",
]  # 服装、皮革、化妆品/化工、医药、装备、电气、电子
KEY_DIGITAL_AND_RESEARCH: Final = [
    "I64",
    "I65",
    "M73",
    "M75",
]  # 互联网、软件和信息技术服务、研究和试验发展、科技推广
REAL_ESTATE: Final = ["K70"]


def _s(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


def _ref(clause: str, document: str = SYSTEM_DOC) -> str:
    return f"{document}·{clause}（{DEMO_NOTE}）"


def _ref_en(clause: str, document: str = "") -> str:
    return f"{document or SYSTEM_DOC_EN}, {clause} ({DEMO_NOTE_EN})"


def _param(
    key: str,
    label_zh: str,
    label_en: str,
    unit: str,
    value: int | str,
    reference: str,
    start: str = EFFECTIVE_FROM,
    *,
    reference_en: str = "",
) -> dict[str, Any]:
    return {
        "key": key,
        "label_zh": label_zh,
        "label_en": label_en,
        "unit": unit,
        "versions": [{"from": start, "value": value, "reference": reference, "reference_en": reference_en}],
    }


def _all(zh: str, en: str, *args: dict[str, Any]) -> dict[str, Any]:
    return {"op": "all", "args": list(args), "sentence": _s(zh, en)}


def _any(zh: str, en: str, *args: dict[str, Any]) -> dict[str, Any]:
    return {"op": "any", "args": list(args), "sentence": _s(zh, en)}


def _is_true(fact: str, zh: str, en: str) -> dict[str, Any]:
    return {"op": "is_true", "fact": fact, "sentence": _s(zh, en)}


def _at_least(fact: str, operand: dict[str, Any], zh: str, en: str) -> dict[str, Any]:
    return {"op": "ge", "fact": fact, "to": operand, "sentence": _s(zh, en)}


def _in_baiyun(zh: str = "注册地在白云区", en: str = "registered in Baiyun District") -> dict[str, Any]:
    return {
        "op": "eq",
        "fact": "district_code",
        "to": {"value": BAIYUN_DISTRICT_CODE},
        "sentence": _s(zh, en),
    }


def _no_bad_credit() -> dict[str, Any]:
    return {
        "op": "not",
        "args": [_is_true("serious_bad_credit", "被列为严重失信主体", "listed for serious bad credit")],
        "sentence": _s("未被列为严重失信主体", "not listed for serious bad credit"),
    }


def _active() -> dict[str, Any]:
    return {
        "op": "in",
        "fact": "registration_status",
        "values": {"value": ["存续", "在业"]},
        "sentence": _s(
            "登记状态为存续或在业（{values}）", "registration is active"
        ),  # the values are Chinese codes
    }


def _supported_enterprise() -> dict[str, Any]:
    """The enterprises "1+4+N" covers beyond SMEs: key "four above", headquarters, listed, high-tech."""
    return _any(
        "属于“1+4+N”政策体系扶持的企业（重点“四上”、总部、上市或高新技术企业之一）",
        'an enterprise the "1+4+N" system supports (a "four above", headquarters, listed or high-tech one)',
        _is_true("four_above", "属于“四上”企业", 'a "four above" enterprise'),
        _is_true("headquarters", "经认定的总部企业", "a recognised headquarters"),
        _is_true("listed", "上市企业", "a listed company"),
        _is_true("high_tech", "高新技术企业", "a high-tech enterprise"),
    )


def _wan(key: str) -> dict[str, Any]:
    return {"param": key, "unit": "wan_yuan"}


def _yuan(key: str) -> dict[str, Any]:
    return {"param": key, "unit": "yuan"}


def _pct(key: str) -> dict[str, Any]:
    return {"param": key, "unit": "percent"}


# --------------------------------------------------------------------------------------------------
# Tags (标签库)

TAGS: Final[list[dict[str, str]]] = [
    # industry (行业)
    {"key": "manufacturing", "dimension": "industry", "name_zh": "制造业", "name_en": "Manufacturing"},
    {
        "key": "modern-services",
        "dimension": "industry",
        "name_zh": "现代服务业",
        "name_en": "Modern services",
    },
    {"key": "commerce-trade", "dimension": "industry", "name_zh": "商贸业", "name_en": "Commerce and trade"},
    {
        "key": "catering",
        "dimension": "industry",
        "name_zh": "住宿餐饮业",
        "name_en": "Accommodation and catering",
    },
    {"key": "construction", "dimension": "industry", "name_zh": "建筑业", "name_en": "Construction"},
    {
        "key": "technology",
        "dimension": "industry",
        "name_zh": "科技与数字经济",
        "name_en": "Technology and digital economy",
    },
    # size (规模)
    {"key": "micro", "dimension": "size", "name_zh": "微型企业", "name_en": "Micro enterprise"},
    {"key": "small", "dimension": "size", "name_zh": "小型企业", "name_en": "Small enterprise"},
    {"key": "medium", "dimension": "size", "name_zh": "中型企业", "name_en": "Medium-sized enterprise"},
    {"key": "large", "dimension": "size", "name_zh": "大型企业", "name_en": "Large enterprise"},
    {
        "key": "above-scale",
        "dimension": "size",
        "name_zh": "规上（限上）企业",
        "name_en": "Above designated size",
    },
    # stage (发展阶段)
    {"key": "start-up", "dimension": "stage", "name_zh": "初创落户", "name_en": "Starting up or settling in"},
    {"key": "growth", "dimension": "stage", "name_zh": "成长壮大", "name_en": "Growing"},
    {"key": "listing", "dimension": "stage", "name_zh": "上市", "name_en": "Going public"},
    {"key": "headquarters", "dimension": "stage", "name_zh": "总部经济", "name_en": "Headquarters"},
    # kind of support (扶持方式)
    {"key": "reward", "dimension": "support", "name_zh": "资金奖励", "name_en": "Cash reward"},
    {"key": "subsidy", "dimension": "support", "name_zh": "资金补贴", "name_en": "Subsidy"},
    {"key": "rent", "dimension": "support", "name_zh": "租金扶持", "name_en": "Rent support"},
    {"key": "talent", "dimension": "support", "name_zh": "人才服务", "name_en": "Talent services"},
    {"key": "service", "dimension": "support", "name_zh": "服务保障", "name_en": "Services"},
    {
        "key": "employment",
        "dimension": "support",
        "name_zh": "就业创业",
        "name_en": "Employment and start-ups",
    },
]

# --------------------------------------------------------------------------------------------------
# Funds (资金)

ENTERPRISE_FUND: Final = "enterprise-development-2026"
EMPLOYMENT_FUND: Final = "employment-subsidy-2026"

FUNDS: Final[list[dict[str, Any]]] = [
    {
        "key": ENTERPRISE_FUND,
        "name_zh": "白云区企业发展专项资金（2026年度）",
        "name_en": "Baiyun District enterprise development fund 2026",
        "department": "fgj",
        "budget_yuan": 300_000_000,
        "year": 2026,
    },
    {
        "key": EMPLOYMENT_FUND,
        "name_zh": "白云区就业补助资金（2026年度）",
        "name_en": "Baiyun District employment subsidy fund 2026",
        "department": "jyzx",
        "budget_yuan": 60_000_000,
        "year": 2026,
    },
]

# --------------------------------------------------------------------------------------------------
# Shared texts

_MONEY_MATERIALS = (
    "1. 扶持资金申报表（在线填写）；\n2. 营业执照（电子证照核验，免提交）；\n"
    "3. 上年度经审计的财务报表；\n4. 上年度纳税证明（税务共享数据核验，免提交）；\n"
    "5. 银行开户许可证或基本存款账户信息；\n6. 信用承诺书（在线电子签名）。"
)
_SERVICE_MATERIALS = (
    "1. 服务申请表（在线填写）；\n2. 营业执照（电子证照核验，免提交）；\n3. 人才劳动合同；\n"
    "4. 学历学位证书（电子证照核验，免提交）；\n5. 人才在本企业的社会保险缴费记录（社保共享数据核验，免提交）；\n"
    "6. 信用承诺书（在线电子签名）。"
)


def _money_process(countersign: str) -> str:
    return (
        f"1. 企业在白云区惠企政策兑现集成服务系统在线申报，或到区政务服务中心“政策兑现”专窗提交；\n"
        f"2. 区发展改革局受理（材料不全的一次性告知补正）；\n3. {countersign}会签审核（各5个工作日）；\n"
        f"4. 区发展改革局核定扶持金额；\n5. 审核结果在区政府网站公示5个工作日（不计入承诺时限）；\n"
        f"6. 公示无异议的，按资金余额审批后拨付至企业账户。"
    )


def _service_process(countersign: str) -> str:
    return (
        f"1. 企业在线提交服务申请；\n2. 区发展改革局受理；\n3. {countersign}会签审核（各5个工作日）；\n"
        f"4. 办结并告知结果，由相关部门提供服务。"
    )


def _employment_process() -> str:
    return (
        "1. 在广东政务服务网在线申请，或到区就业服务管理中心、各镇（街）公共就业服务窗口提交；\n"
        "2. 区就业服务管理中心受理，智能预审（RPA+AI）自动比对社保、就业登记等共享数据；\n"
        "3. 区就业服务管理中心、区人社局审核（各5个工作日）；\n4. 补贴名单公示5个工作日（不计入承诺时限）；\n"
        "5. 公示无异议的拨付至申请人银行账户。"
    )


_PROACTIVE_PROCESS = (
    "1. 区发展改革局按月比对首次纳入规模以上（限额以上）统计的企业名录、中小企业划型、信用等共享数据；\n"
    "2. 对符合条件的企业推送兑现通知，企业无需申报、无需提交材料；\n"
    "3. 企业在线确认兑现意愿和收款账户；\n4. 区市场监管局、区投资促进局会签（各5个工作日）；\n"
    "5. 公示5个工作日后拨付。"
)


def _system_doc(measure: str) -> str:
    return f"{SYSTEM_DOC}——{measure}（政策原文未公开；本演示的条件、金额为{DEMO_NOTE}）"


DEMO_NOTE_EN: Final = "illustrative; the current policy document prevails"
SYSTEM_DOC_EN: Final = 'Baiyun District "1+4+N" enterprise support policy system, Guangzhou'
EMPLOYMENT_DOC_EN: Final = "Guangdong guidance list for applying for employment and start-up subsidies"

POLICY_BASIS_EN: Final = (
    'Regulations on Optimising the Business Environment (State Council Decree No. 722); Baiyun District "1+4+N"'
    " enterprise support policy system, Guangzhou (led by the District Development and Reform Bureau, covering support"
    " for small and medium enterprises, key above-scale enterprises, headquarters and listed enterprises). The names,"
    " articles and standards of the policy documents are those of the current texts published by the district"
    " government."
)
EMPLOYMENT_BASIS_EN: Final = (
    "Employment Promotion Law of the PRC; Notice of the Ministry of Finance and the Ministry of Human Resources and"
    " Social Security on the Measures for the Administration of Employment Subsidy Funds (Cai She [2017] No. 164);"
    " Guangdong guidance list for applying for employment and start-up subsidies; who is subsidised, the conditions"
    " and the standards follow the current documents."
)

_MONEY_MATERIALS_EN = (
    "1. Application form for support funds (filled in online);\n2. Business licence (verified as an e-licence, no need"
    " to submit);\n3. Audited financial statements of last year;\n4. Tax payment certificate for last year (verified"
    " against shared tax data, no need to submit);\n5. Bank account opening permit or basic deposit account details;\n"
    "6. Credit commitment (signed electronically online)."
)
_SERVICE_MATERIALS_EN = (
    "1. Service application form (filled in online);\n2. Business licence (verified as an e-licence, no need to"
    " submit);\n3. The talent's employment contract;\n4. Diplomas and degree certificates (verified as e-licences, no"
    " need to submit);\n5. The talent's social insurance payment records with the enterprise (verified against shared"
    " social insurance data, no need to submit);\n6. Credit commitment (signed electronically online)."
)


def _money_process_en(countersign: str) -> str:
    return (
        "1. The enterprise applies online in the Baiyun District integrated policy redemption system, or at the"
        ' "policy redemption" window of the District Government Service Centre;\n2. The District Development and'
        " Reform Bureau accepts the application (missing materials are asked for in one notice);\n"
        f"3. The {countersign} countersign (5 working days each);\n4. The District Development and Reform Bureau sets"
        " the amount of support;\n5. The result is published on the district government's website for 5 working days"
        " (not counted in the promised limit);\n6. Without objection, the payment is approved within the fund's"
        " balance and paid into the enterprise's account."
    )


def _service_process_en(countersign: str) -> str:
    return (
        "1. The enterprise applies for the service online;\n2. The District Development and Reform Bureau accepts the"
        f" application;\n3. The {countersign} countersign (5 working days each);\n4. The result is given and the"
        " departments concerned provide the service."
    )


def _employment_process_en() -> str:
    return (
        "1. Apply online on the Guangdong Government Service Network, or at the District Employment Service Centre or"
        " the public employment service window of a town or subdistrict;\n2. The District Employment Service Centre"
        " accepts the application; intelligent pre-review (RPA + AI) compares shared social insurance and employment"
        " registration data;\n3. The District Employment Service Centre and the District Human Resources and Social"
        " Security Bureau review (5 working days each);\n4. The list of subsidies is published for 5 working days (not"
        " counted in the promised limit);\n5. Without objection, the subsidy is paid into the applicant's bank account."
    )


_PROACTIVE_PROCESS_EN = (
    "1. Every month the District Development and Reform Bureau compares shared data: the list of enterprises first"
    " included in the above-scale statistics, SME classification, credit records;\n2. Each eligible enterprise"
    " receives a notice; it need not apply or submit materials;\n3. The enterprise confirms online that it accepts"
    " and gives its bank account;\n4. The District Market Supervision Administration and the District Investment"
    " Promotion Bureau countersign (5 working days each);\n5. Paid after 5 working days of public notice."
)


def _system_doc_en(measure: str) -> str:
    return (
        f"{SYSTEM_DOC_EN}: {measure} (the policy text is not public; the conditions and amounts here are"
        f" {DEMO_NOTE_EN})"
    )


# --------------------------------------------------------------------------------------------------
# Policies

POLICIES: Final[list[dict[str, Any]]] = [
    # 1 标杆企业扶持 ---------------------------------------------------------------------------------
    {
        "code": "benchmark-enterprise",
        "name_zh": "标杆企业扶持",
        "name_en": "Support for benchmark enterprises",
        "source_document": _system_doc("标杆企业扶持"),
        "source_document_en": _system_doc_en("benchmark enterprises"),
        "issuing_department": "fgj",
        "scope": "在白云区登记注册、实行独立核算的重点“四上”企业中，营业收入或区级经济贡献居于全区前列的标杆企业。",
        "scope_en": (
            "Benchmark enterprises among the key above-scale enterprises registered and independently accounted in "
            "Baiyun District, whose operating revenue or contribution to the district economy is among the highest in "
            "the district."
        ),
        "legal_basis": POLICY_BASIS,
        "legal_basis_en": POLICY_BASIS_EN,
        "conditions_text": (
            "1. 注册地在白云区，登记状态正常；\n2. 属于“四上”企业，且不属于房地产业；\n"
            "3. 上年度营业收入不低于10亿元，或上年度区级经济贡献不低于5000万元；\n4. 未被列为严重失信主体。"
        ),
        "conditions_text_en": (
            "1. Registered in Baiyun District and in normal standing;\n2. An above-scale enterprise, not in real "
            "estate;\n3. Operating revenue last year of at least 1 billion yuan, or a contribution to the district "
            "economy last year of at least 50 million yuan;\n4. Not listed for serious bad credit."
        ),
        "materials_text": _MONEY_MATERIALS,
        "materials_text_en": _MONEY_MATERIALS_EN,
        "fund_standard": (
            "按上年度区级经济贡献的20%给予一次性扶持，最高1亿元（“1+4+N”政策体系一次性最高扶持可达1亿元，"
            f"见案例一；比例为{DEMO_NOTE}）。"
        ),
        "fund_standard_en": (
            "One-off support of 20% of last year's contribution to the district economy, up to 100 million yuan (the"
            f' "1+4+N" system pays up to 100 million yuan at once, see case 1; the rate is {DEMO_NOTE_EN}).'
        ),
        "process_text": _money_process("区市场监管局、区投资促进局"),
        "process_text_en": _money_process_en(
            "District Market Supervision Administration and District Investment Promotion Bureau"
        ),
        "time_limit_workdays": 20,
        "tags": ["manufacturing", "technology", "large", "above-scale", "growth", "reward"],
        "mode": "application",
        "target": "enterprise",
        "item_ref": "policy_benchmark",
        "fund": ENTERPRISE_FUND,
        "effective_from": EFFECTIVE_FROM,
        "conditions": _all(
            "标杆企业扶持的申报条件",
            "conditions of the support for benchmark enterprises",
            _in_baiyun(),
            _active(),
            _is_true("four_above", "属于“四上”企业", 'a "four above" enterprise'),
            {
                "op": "not_in",
                "fact": "industry_code",
                "values": {"value": REAL_ESTATE},
                "sentence": _s(
                    "不属于房地产业（行业代码 {values}）", "not in real estate (industry code {values})"
                ),
            },
            _any(
                "营业收入或区级经济贡献达到标杆企业标准",
                "revenue or contribution to the district at the benchmark level",
                _at_least(
                    "revenue_fen",
                    {"param": "benchmark_revenue_min_fen"},
                    "上年度营业收入不低于 {benchmark_revenue_min_fen:wan_yuan} 万元",
                    "last year's revenue at least {benchmark_revenue_min_fen:yuan} yuan",
                ),
                _at_least(
                    "district_output_contribution_fen",
                    {"param": "benchmark_contribution_min_fen"},
                    "上年度区级经济贡献不低于 {benchmark_contribution_min_fen:wan_yuan} 万元",
                    "last year's contribution to the district at least {benchmark_contribution_min_fen:yuan} yuan",
                ),
            ),
            _no_bad_credit(),
        ),
        "amount": {
            "op": "rate",
            "rate": _pct("benchmark_rate_pct"),
            "base": {"fact": "district_output_contribution_fen", "unit": "fen"},
            "cap": _wan("benchmark_cap_wan"),
            "rounding": "half_up_yuan",
            "sentence": _s(
                "按上年度区级经济贡献的 {benchmark_rate_pct}% 一次性扶持，最高 {benchmark_cap_wan} 万元",
                "{benchmark_rate_pct}% of last year's contribution to the district, once, at most "
                "{benchmark_cap_wan} × 10,000 yuan",
            ),
        },
        "parameters": [
            _param(
                "benchmark_revenue_min_fen",
                "标杆企业营业收入门槛",
                "Benchmark revenue threshold",
                "分",
                100_000_000_000,
                _ref("标杆企业扶持 认定条件（10亿元）"),
                reference_en=_ref_en("benchmark enterprises, recognition conditions (1 billion yuan)"),
            ),
            _param(
                "benchmark_contribution_min_fen",
                "标杆企业区级经济贡献门槛",
                "Benchmark contribution threshold",
                "分",
                5_000_000_000,
                _ref("标杆企业扶持 认定条件（5000万元）"),
                reference_en=_ref_en("benchmark enterprises, recognition conditions (50 million yuan)"),
            ),
            _param(
                "benchmark_rate_pct",
                "标杆企业扶持比例",
                "Benchmark support rate",
                "%",
                20,
                _ref("标杆企业扶持 扶持标准"),
                reference_en=_ref_en("benchmark enterprises, support standard"),
            ),
            _param(
                "benchmark_cap_wan",
                "标杆企业扶持上限",
                "Benchmark support cap",
                "万元",
                10_000,
                "白云区政务服务领域2020-2021年十大优秀改革案例 案例一：“1+4+N”惠企政策体系一次性最高扶持可达1亿元",
                reference_en=(
                    "Ten outstanding reform cases of Baiyun District government services 2020-2021, case 1: "
                    'the "1+4+N" system pays up to 100 million yuan at once'
                ),
            ),
        ],
    },
    # 2 落户扶持 -----------------------------------------------------------------------------------------
    {
        "code": "enterprise-settlement",
        "name_zh": "落户扶持",
        "name_en": "Support for enterprises settling in Baiyun",
        "source_document": _system_doc("落户扶持"),
        "source_document_en": _system_doc_en("settlement support"),
        "issuing_department": "fgj",
        "scope": "新引进或新注册落户白云区，工商注册、税务征管和统计关系均在白云区的企业。",
        "scope_en": (
            "Enterprises newly brought to or registered in Baiyun District, with their business registration, tax "
            "administration and statistical reporting all in Baiyun District."
        ),
        "legal_basis": POLICY_BASIS,
        "legal_basis_en": POLICY_BASIS_EN,
        "conditions_text": (
            "1. 注册地在白云区，登记状态正常；\n2. 落户白云区未满24个月；\n"
            "3. 属于“四上”企业、总部企业，或从业人数不少于100人；\n4. 未被列为严重失信主体；\n"
            "5. 承诺在规定年限内不迁离白云区。"
        ),
        "conditions_text_en": (
            "1. Registered in Baiyun District and in normal standing;\n2. Settled in Baiyun District less than 24 "
            "months ago;\n3. An above-scale enterprise or a headquarters, or at least 100 employees;\n4. Not listed "
            "for serious bad credit;\n5. Commits not to leave Baiyun District within the required number of years."
        ),
        "materials_text": (
            "1. 扶持资金申报表（在线填写）；\n2. 营业执照（电子证照核验，免提交）；\n"
            "3. 上年度纳税证明（税务共享数据核验，免提交）；\n4. 不迁离承诺书（在线电子签名）；\n"
            "5. 银行账户信息；\n6. 信用承诺书（在线电子签名）。"
        ),
        "materials_text_en": (
            "1. Application form for support funds (filled in online);\n2. Business licence (verified as an "
            "e-licence, no need to submit);\n3. Tax payment certificate for last year (verified against shared tax "
            "data, no need to submit);\n4. Commitment not to leave (signed electronically online);\n5. Bank account "
            "details;\n6. Credit commitment (signed electronically online)."
        ),
        "fund_standard": (
            f"按落户后上年度区级经济贡献分段累进扶持：1000万元以内部分50%、1000万至5000万元部分30%、"
            f"超过5000万元部分20%，最高3000万元（{DEMO_NOTE}）。"
        ),
        "fund_standard_en": (
            "Progressive support on last year's contribution to the district economy after settling: 50% of the part "
            "up to 10 million yuan, 30% of the part from 10 to 50 million yuan and 20% of the part above 50 million "
            f"yuan, up to 30 million yuan ({DEMO_NOTE_EN})."
        ),
        "process_text": _money_process("区市场监管局、区投资促进局"),
        "process_text_en": _money_process_en(
            "District Market Supervision Administration and District Investment Promotion Bureau"
        ),
        "time_limit_workdays": 20,
        "tags": ["start-up", "headquarters", "reward"],
        "mode": "application",
        "target": "enterprise",
        "item_ref": "policy_settlement",
        "fund": ENTERPRISE_FUND,
        "effective_from": EFFECTIVE_FROM,
        "conditions": _all(
            "落户扶持的申报条件",
            "conditions of the settlement support",
            _in_baiyun(),
            _active(),
            {
                "op": "within_months",
                "fact": "settled_on",
                "months": {"param": "settlement_window_months"},
                "of": {"ref": "evaluation_date"},
                "bounds": "[]",
                "sentence": _s(
                    "近 {settlement_window_months} 个月内落户白云区（至 {of}）",
                    "settled in Baiyun within the last {settlement_window_months} months (to {of})",
                ),
            },
            _any(
                "属于“四上”企业、总部企业或达到用工规模",
                'a "four above" enterprise, a headquarters, or large enough',
                _is_true("four_above", "属于“四上”企业", 'a "four above" enterprise'),
                _is_true("headquarters", "经认定的总部企业", "a recognised headquarters"),
                _at_least(
                    "headcount",
                    {"param": "settlement_headcount_min"},
                    "从业人数不少于 {settlement_headcount_min} 人",
                    "at least {settlement_headcount_min} people employed",
                ),
            ),
            _no_bad_credit(),
        ),
        "amount": {
            "op": "progressive",
            "base": {"fact": "district_output_contribution_fen", "unit": "fen"},
            "tiers": [
                {"up_to": {"value": 1_000_000_000}, "rate": _pct("settlement_rate1_pct")},
                {"up_to": {"value": 5_000_000_000}, "rate": _pct("settlement_rate2_pct")},
                {"up_to": None, "rate": _pct("settlement_rate3_pct")},
            ],
            "cap": _wan("settlement_cap_wan"),
            "rounding": "half_up_yuan",
            "sentence": _s(
                "按上年度区级经济贡献分段累进：1000 万元以内 {settlement_rate1_pct}%，1000 万至 5000 万元 "
                "{settlement_rate2_pct}%，超过 5000 万元 {settlement_rate3_pct}%，最高 {settlement_cap_wan} 万元",
                "by last year's contribution to the district, progressively: {settlement_rate1_pct}% up to "
                "10 million yuan, {settlement_rate2_pct}% from 10 to 50 million, {settlement_rate3_pct}% above, "
                "at most {settlement_cap_wan} × 10,000 yuan",
            ),
        },
        "parameters": [
            _param(
                "settlement_window_months",
                "落户时间要求",
                "Months since settling",
                "个月",
                24,
                _ref("落户扶持 第二条"),
                reference_en=_ref_en("settlement support, Article 2"),
            ),
            _param(
                "settlement_headcount_min",
                "落户企业用工规模",
                "Minimum headcount",
                "人",
                100,
                _ref("落户扶持 第二条"),
                reference_en=_ref_en("settlement support, Article 2"),
            ),
            _param(
                "settlement_rate1_pct",
                "第一档扶持比例",
                "Rate up to 10 million yuan",
                "%",
                50,
                _ref("落户扶持 第三条"),
                reference_en=_ref_en("settlement support, Article 3"),
            ),
            _param(
                "settlement_rate2_pct",
                "第二档扶持比例",
                "Rate from 10 to 50 million yuan",
                "%",
                30,
                _ref("落户扶持 第三条"),
                reference_en=_ref_en("settlement support, Article 3"),
            ),
            _param(
                "settlement_rate3_pct",
                "第三档扶持比例",
                "Rate above 50 million yuan",
                "%",
                20,
                _ref("落户扶持 第三条"),
                reference_en=_ref_en("settlement support, Article 3"),
            ),
            _param(
                "settlement_cap_wan",
                "落户扶持上限",
                "Settlement support cap",
                "万元",
                3_000,
                _ref("落户扶持 第三条"),
                reference_en=_ref_en("settlement support, Article 3"),
            ),
        ],
    },
    # 3 新引进或新注册企业办公用房扶持 --------------------------------------------------------------------
    {
        "code": "new-enterprise-office",
        "name_zh": "新引进或新注册企业办公用房扶持",
        "name_en": "Office premises support for newly introduced or registered enterprises",
        "source_document": _system_doc("新引进或新注册企业办公用房扶持"),
        "source_document_en": _system_doc_en(
            "office space support for newly brought or newly registered enterprises"
        ),
        "issuing_department": "fgj",
        "scope": "新引进或新注册落户白云区，在区内租用或购置自用办公用房的企业。",
        "scope_en": (
            "Enterprises newly brought to or registered in Baiyun District that rent or buy office space for their "
            "own use in the district."
        ),
        "legal_basis": POLICY_BASIS,
        "legal_basis_en": POLICY_BASIS_EN,
        "conditions_text": (
            "1. 注册地在白云区；\n2. 落户白云区未满36个月；\n3. 自用办公用房面积在300至5000平方米之间，"
            "未转租、未改变用途；\n4. 属于“四上”企业、总部企业或高新技术企业；\n5. 未被列为严重失信主体。"
        ),
        "conditions_text_en": (
            "1. Registered in Baiyun District;\n2. Settled in Baiyun District less than 36 months ago;\n3. Office "
            "space for own use of 300 to 5,000 square metres, not sublet and not used for another purpose;\n4. An "
            "above-scale enterprise, a headquarters or a high-tech enterprise;\n5. Not listed for serious bad credit."
        ),
        "materials_text": (
            "1. 扶持资金申报表（在线填写）；\n2. 营业执照（电子证照核验，免提交）；\n"
            "3. 办公用房租赁合同或购房合同；\n4. 租金支付凭证及发票；\n5. 银行账户信息；\n"
            "6. 信用承诺书（在线电子签名）。"
        ),
        "materials_text_en": (
            "1. Application form for support funds (filled in online);\n2. Business licence (verified as an "
            "e-licence, no need to submit);\n3. Lease or purchase contract of the office space;\n4. Rent payment "
            "receipts and invoices;\n5. Bank account details;\n6. Credit commitment (signed electronically online)."
        ),
        "fund_standard": f"按上年度实际支付办公用房租金的50%给予扶持，每家企业每年最高200万元（{DEMO_NOTE}）。",
        "fund_standard_en": (
            "Support of 50% of the office rent actually paid last year, up to 2 million yuan per enterprise a year "
            f"({DEMO_NOTE_EN})."
        ),
        "process_text": _money_process("区市场监管局、区投资促进局"),
        "process_text_en": _money_process_en(
            "District Market Supervision Administration and District Investment Promotion Bureau"
        ),
        "time_limit_workdays": 20,
        "tags": ["start-up", "rent", "subsidy"],
        "mode": "application",
        "target": "enterprise",
        "item_ref": "policy_office",
        "fund": ENTERPRISE_FUND,
        "effective_from": EFFECTIVE_FROM,
        "conditions": _all(
            "办公用房扶持的申报条件",
            "conditions of the office premises support",
            _in_baiyun(),
            {
                "op": "within_months",
                "fact": "settled_on",
                "months": {"param": "office_window_months"},
                "of": {"ref": "evaluation_date"},
                "bounds": "[]",
                "sentence": _s(
                    "近 {office_window_months} 个月内新引进或新注册落户白云区",
                    "newly introduced or registered in Baiyun within the last {office_window_months} months",
                ),
            },
            {
                "op": "between",
                "fact": "office_area_sqm",
                "low": {"param": "office_area_min_sqm"},
                "high": {"param": "office_area_max_sqm"},
                "bounds": "[]",
                "sentence": _s(
                    "自用办公用房面积在 {office_area_min_sqm} 至 {office_area_max_sqm} 平方米之间",
                    "own-use office area from {office_area_min_sqm} to {office_area_max_sqm} m²",
                ),
            },
            _any(
                "属于“四上”企业、总部企业或高新技术企业",
                'a "four above" enterprise, a headquarters or a high-tech one',
                _is_true("four_above", "属于“四上”企业", 'a "four above" enterprise'),
                _is_true("headquarters", "经认定的总部企业", "a recognised headquarters"),
                _is_true("high_tech", "高新技术企业", "a high-tech enterprise"),
            ),
            _no_bad_credit(),
        ),
        "amount": {
            "op": "rate",
            "rate": _pct("office_rent_rate_pct"),
            "base": {"fact": "office_rent_fen", "unit": "fen"},
            "cap": _wan("office_cap_wan"),
            "rounding": "half_up_yuan",
            "sentence": _s(
                "按上年度办公用房租金的 {office_rent_rate_pct}% 扶持，每年最高 {office_cap_wan} 万元",
                "{office_rent_rate_pct}% of last year's office rent, at most {office_cap_wan} × 10,000 yuan a year",
            ),
        },
        "parameters": [
            _param(
                "office_window_months",
                "落户时间要求",
                "Months since settling",
                "个月",
                36,
                _ref("办公用房扶持 第二条"),
                reference_en=_ref_en("office space support, Article 2"),
            ),
            _param(
                "office_area_min_sqm",
                "办公用房面积下限",
                "Minimum office area",
                "平方米",
                300,
                _ref("办公用房扶持 第二条"),
                reference_en=_ref_en("office space support, Article 2"),
            ),
            _param(
                "office_area_max_sqm",
                "办公用房面积上限",
                "Maximum office area",
                "平方米",
                5_000,
                _ref("办公用房扶持 第二条"),
                reference_en=_ref_en("office space support, Article 2"),
            ),
            _param(
                "office_rent_rate_pct",
                "租金扶持比例",
                "Share of the rent",
                "%",
                50,
                _ref("办公用房扶持 第三条"),
                reference_en=_ref_en("office space support, Article 3"),
            ),
            _param(
                "office_cap_wan",
                "办公用房扶持年度上限",
                "Yearly cap",
                "万元",
                200,
                _ref("办公用房扶持 第三条"),
                reference_en=_ref_en("office space support, Article 3"),
            ),
        ],
    },
    # 4 企业成长扶持 ---------------------------------------------------------------------------------
    {
        "code": "enterprise-growth",
        "name_zh": "企业成长扶持",
        "name_en": "Support for growing enterprises",
        "source_document": _system_doc("企业成长扶持"),
        "source_document_en": _system_doc_en("enterprise growth support"),
        "issuing_department": "fgj",
        "scope": "在白云区登记注册、纳入统计的“四上”企业，营业收入较快增长的。",
        "scope_en": (
            "Above-scale enterprises registered in Baiyun District and included in the statistics whose operating "
            "revenue grows fast."
        ),
        "legal_basis": POLICY_BASIS,
        "legal_basis_en": POLICY_BASIS_EN,
        "conditions_text": (
            "1. 注册地在白云区；\n2. 属于“四上”企业；\n3. 上年度营业收入增长率不低于15%；\n"
            "4. 从业人数不少于20人；\n5. 未被列为严重失信主体。"
        ),
        "conditions_text_en": (
            "1. Registered in Baiyun District;\n2. An above-scale enterprise;\n3. Operating revenue growth last year "
            "of at least 15%;\n4. At least 20 employees;\n5. Not listed for serious bad credit."
        ),
        "materials_text": _MONEY_MATERIALS,
        "materials_text_en": _MONEY_MATERIALS_EN,
        "fund_standard": (
            f"按上年度营业收入增长率分档奖励：15%（含）至30%奖励20万元，30%（含）至50%奖励50万元，"
            f"50%及以上奖励100万元（{DEMO_NOTE}）。"
        ),
        "fund_standard_en": (
            "A reward by last year's growth in operating revenue: 200,000 yuan from 15% (inclusive) to 30%, 500,000 "
            f"yuan from 30% (inclusive) to 50%, 1 million yuan at 50% or more ({DEMO_NOTE_EN})."
        ),
        "process_text": _money_process("区市场监管局、区投资促进局"),
        "process_text_en": _money_process_en(
            "District Market Supervision Administration and District Investment Promotion Bureau"
        ),
        "time_limit_workdays": 20,
        "tags": ["small", "medium", "above-scale", "growth", "reward"],
        "mode": "application",
        "target": "enterprise",
        "item_ref": "policy_growth",
        "fund": ENTERPRISE_FUND,
        "effective_from": EFFECTIVE_FROM,
        "conditions": _all(
            "企业成长扶持的申报条件",
            "conditions of the growth support",
            _in_baiyun(),
            _is_true("four_above", "属于“四上”企业", 'a "four above" enterprise'),
            _at_least(
                "revenue_growth_pct",
                {"param": "growth_rate_min_pct"},
                "上年度营业收入增长率不低于 {growth_rate_min_pct}%",
                "revenue grew by at least {growth_rate_min_pct}% last year",
            ),
            _at_least(
                "headcount",
                {"param": "growth_headcount_min"},
                "从业人数不少于 {growth_headcount_min} 人",
                "at least {growth_headcount_min} people employed",
            ),
            _no_bad_credit(),
        ),
        "amount": {
            "op": "band",
            "base": {"fact": "revenue_growth_pct"},
            "bands": [
                {
                    "from": {"param": "growth_rate_min_pct"},
                    "to": {"value": 30},
                    "bounds": "[)",
                    "amount": _wan("growth_band1_wan"),
                },
                {
                    "from": {"value": 30},
                    "to": {"value": 50},
                    "bounds": "[)",
                    "amount": _wan("growth_band2_wan"),
                },
                {"from": {"value": 50}, "to": None, "bounds": "[)", "amount": _wan("growth_band3_wan")},
            ],
            "sentence": _s(
                "按营业收入增长率分档奖励：{growth_rate_min_pct}% 至 30% 奖励 {growth_band1_wan} 万元，"
                "30% 至 50% 奖励 {growth_band2_wan} 万元，50% 及以上奖励 {growth_band3_wan} 万元",
                "a reward by revenue growth: {growth_rate_min_pct}% to 30% → {growth_band1_wan} × 10,000 yuan, "
                "30% to 50% → {growth_band2_wan} × 10,000 yuan, 50% or more → {growth_band3_wan} × 10,000 yuan",
            ),
        },
        "parameters": [
            _param(
                "growth_rate_min_pct",
                "营业收入增长率门槛",
                "Minimum revenue growth",
                "%",
                15,
                _ref("企业成长扶持 第二条"),
                reference_en=_ref_en("enterprise growth support, Article 2"),
            ),
            _param(
                "growth_headcount_min",
                "从业人数门槛",
                "Minimum headcount",
                "人",
                20,
                _ref("企业成长扶持 第二条"),
                reference_en=_ref_en("enterprise growth support, Article 2"),
            ),
            _param(
                "growth_band1_wan",
                "第一档奖励",
                "Reward, first band",
                "万元",
                20,
                _ref("企业成长扶持 第三条"),
                reference_en=_ref_en("enterprise growth support, Article 3"),
            ),
            _param(
                "growth_band2_wan",
                "第二档奖励",
                "Reward, second band",
                "万元",
                50,
                _ref("企业成长扶持 第三条"),
                reference_en=_ref_en("enterprise growth support, Article 3"),
            ),
            _param(
                "growth_band3_wan",
                "第三档奖励",
                "Reward, third band",
                "万元",
                100,
                _ref("企业成长扶持 第三条"),
                reference_en=_ref_en("enterprise growth support, Article 3"),
            ),
        ],
    },
    # 5 突出贡献扶持 ---------------------------------------------------------------------------------
    {
        "code": "outstanding-contribution",
        "name_zh": "突出贡献扶持",
        "name_en": "Support for outstanding contribution",
        "source_document": _system_doc("突出贡献扶持"),
        "source_document_en": _system_doc_en("outstanding contribution support"),
        "issuing_department": "fgj",
        "scope": "对全区经济社会发展作出突出贡献的重点“四上”企业、总部企业和上市企业。",
        "scope_en": (
            "Key above-scale enterprises, headquarters and listed companies that have made an outstanding "
            "contribution to the district's economic and social development."
        ),
        "legal_basis": POLICY_BASIS,
        "legal_basis_en": POLICY_BASIS_EN,
        "conditions_text": (
            "1. 注册地在白云区；\n2. 上年度区级经济贡献不低于2000万元；\n"
            "3. 属于“四上”企业、总部企业或上市企业；\n4. 未被列为严重失信主体。"
        ),
        "conditions_text_en": (
            "1. Registered in Baiyun District;\n2. A contribution to the district economy last year of at least 20 "
            "million yuan;\n3. An above-scale enterprise, a headquarters or a listed company;\n4. Not listed for "
            "serious bad credit."
        ),
        "materials_text": _MONEY_MATERIALS,
        "materials_text_en": _MONEY_MATERIALS_EN,
        "fund_standard": f"按上年度区级经济贡献的5%给予扶持，最低50万元，最高2000万元（{DEMO_NOTE}）。",
        "fund_standard_en": (
            "Support of 5% of last year's contribution to the district economy, at least 500,000 yuan and at most"
            f" 20 million yuan ({DEMO_NOTE_EN})."
        ),
        "process_text": _money_process("区市场监管局、区投资促进局"),
        "process_text_en": _money_process_en(
            "District Market Supervision Administration and District Investment Promotion Bureau"
        ),
        "time_limit_workdays": 20,
        "tags": ["large", "above-scale", "headquarters", "reward"],
        "mode": "application",
        "target": "enterprise",
        "item_ref": "policy_contribution",
        "fund": ENTERPRISE_FUND,
        "effective_from": EFFECTIVE_FROM,
        "conditions": _all(
            "突出贡献扶持的申报条件",
            "conditions of the support for outstanding contribution",
            _in_baiyun(),
            _at_least(
                "district_output_contribution_fen",
                {"param": "contribution_min_fen"},
                "上年度区级经济贡献不低于 {contribution_min_fen:wan_yuan} 万元",
                "last year's contribution to the district at least {contribution_min_fen:yuan} yuan",
            ),
            _any(
                "属于“四上”企业、总部企业或上市企业",
                'a "four above" enterprise, a headquarters or a listed company',
                _is_true("four_above", "属于“四上”企业", 'a "four above" enterprise'),
                _is_true("headquarters", "经认定的总部企业", "a recognised headquarters"),
                _is_true("listed", "上市企业", "a listed company"),
            ),
            _no_bad_credit(),
        ),
        "amount": {
            "op": "rate",
            "rate": _pct("contribution_rate_pct"),
            "base": {"fact": "district_output_contribution_fen", "unit": "fen"},
            "floor": _wan("contribution_floor_wan"),
            "cap": _wan("contribution_cap_wan"),
            "rounding": "half_up_yuan",
            "sentence": _s(
                "按上年度区级经济贡献的 {contribution_rate_pct}% 扶持，最低 {contribution_floor_wan} 万元，"
                "最高 {contribution_cap_wan} 万元",
                "{contribution_rate_pct}% of last year's contribution to the district, at least "
                "{contribution_floor_wan} and at most {contribution_cap_wan} × 10,000 yuan",
            ),
        },
        "parameters": [
            _param(
                "contribution_min_fen",
                "区级经济贡献门槛",
                "Contribution threshold",
                "分",
                2_000_000_000,
                _ref("突出贡献扶持 第二条（2000万元）"),
                reference_en=_ref_en("outstanding contribution support, Article 2 (20 million yuan)"),
            ),
            _param(
                "contribution_rate_pct",
                "扶持比例",
                "Support rate",
                "%",
                5,
                _ref("突出贡献扶持 第三条"),
                reference_en=_ref_en("outstanding contribution support, Article 3"),
            ),
            _param(
                "contribution_floor_wan",
                "扶持下限",
                "Support floor",
                "万元",
                50,
                _ref("突出贡献扶持 第三条"),
                reference_en=_ref_en("outstanding contribution support, Article 3"),
            ),
            _param(
                "contribution_cap_wan",
                "扶持上限",
                "Support cap",
                "万元",
                2_000,
                _ref("突出贡献扶持 第三条"),
                reference_en=_ref_en("outstanding contribution support, Article 3"),
            ),
        ],
    },
    # 6 高管团队扶持 ---------------------------------------------------------------------------------
    {
        "code": "executive-team",
        "name_zh": "高管团队扶持",
        "name_en": "Support for senior management teams",
        "source_document": _system_doc("高管团队扶持"),
        "source_document_en": _system_doc_en("executive team support"),
        "issuing_department": "fgj",
        "scope": "总部企业、上市企业和已进入辅导备案阶段的拟上市企业的高管团队。",
        "scope_en": (
            "The executive teams of headquarters, listed companies and companies preparing to list that have reached "
            "the tutoring filing stage."
        ),
        "legal_basis": POLICY_BASIS,
        "legal_basis_en": POLICY_BASIS_EN,
        "conditions_text": (
            "1. 注册地在白云区；\n2. 属于总部企业、上市企业，或上市进度已达辅导备案阶段；\n"
            "3. 高管团队成员在本企业任职并在白云区缴纳个人所得税和社会保险；\n4. 未被列为严重失信主体。"
        ),
        "conditions_text_en": (
            "1. Registered in Baiyun District;\n2. A headquarters or a listed company, or its listing has reached the "
            "tutoring filing stage;\n3. The members of the executive team work for the enterprise and pay individual "
            "income tax and social insurance in Baiyun District;\n4. Not listed for serious bad credit."
        ),
        "materials_text": (
            "1. 扶持资金申报表（在线填写）；\n2. 营业执照（电子证照核验，免提交）；\n3. 高管任职文件；\n"
            "4. 高管个人所得税纳税记录（税务共享数据核验，免提交）；"
            "\n5. 社会保险缴费记录（社保共享数据核验，免提交）；\n"
            "6. 银行账户信息；\n7. 信用承诺书（在线电子签名）。"
        ),
        "materials_text_en": (
            "1. Application form for support funds (filled in online);\n2. Business licence (verified as an "
            "e-licence, no need to submit);\n3. Appointment documents of the executives;\n4. Individual income tax "
            "records of the executives (verified against shared tax data, no need to submit);\n5. Social insurance "
            "payment records (verified against shared social insurance data, no need to submit);\n6. Bank account "
            "details;\n7. Credit commitment (signed electronically online)."
        ),
        "fund_standard": (
            f"按高管团队上年度在白云区缴纳个人所得税的50%给予扶持，每家企业每年最高300万元（{DEMO_NOTE}）。"
        ),
        "fund_standard_en": (
            "Support of 50% of the individual income tax the executive team paid in Baiyun District last year, up to"
            f" 3 million yuan per enterprise a year ({DEMO_NOTE_EN})."
        ),
        "process_text": _money_process("区市场监管局、区人社局"),
        "process_text_en": _money_process_en(
            "District Market Supervision Administration and District Human Resources and Social Security Bureau"
        ),
        "time_limit_workdays": 20,
        "tags": ["headquarters", "listing", "talent", "reward"],
        "mode": "application",
        "target": "enterprise",
        "item_ref": "policy_executives",
        "fund": ENTERPRISE_FUND,
        "effective_from": EFFECTIVE_FROM,
        "conditions": _all(
            "高管团队扶持的申报条件",
            "conditions of the support for senior management teams",
            _in_baiyun(),
            _any(
                "属于总部企业、上市企业或拟上市企业",
                "a headquarters, a listed company or one preparing to list",
                _is_true("headquarters", "经认定的总部企业", "a recognised headquarters"),
                _is_true("listed", "上市企业", "a listed company"),
                _at_least(
                    "listing_stage",
                    {"param": "executives_listing_stage_min"},
                    "上市进度达到第 {executives_listing_stage_min} 阶段（辅导备案）或以后",
                    "listing stage {executives_listing_stage_min} (tutoring filed) or later",
                ),
            ),
            {
                "op": "gt",
                "fact": "executive_income_tax_fen",
                "to": {"value": 0},
                "sentence": _s(
                    "高管团队上年度在白云区缴纳个人所得税",
                    "the senior managers paid income tax in Baiyun last year",
                ),
            },
            _no_bad_credit(),
        ),
        "amount": {
            "op": "rate",
            "rate": _pct("executives_rate_pct"),
            "base": {"fact": "executive_income_tax_fen", "unit": "fen"},
            "cap": _wan("executives_cap_wan"),
            "rounding": "half_up_yuan",
            "sentence": _s(
                "按高管团队上年度个人所得税的 {executives_rate_pct}% 扶持，每年最高 {executives_cap_wan} 万元",
                "{executives_rate_pct}% of the senior managers' income tax last year, at most "
                "{executives_cap_wan} × 10,000 yuan a year",
            ),
        },
        "parameters": [
            _param(
                "executives_listing_stage_min",
                "拟上市企业的上市进度要求",
                "Listing stage required",
                "阶段",
                2,
                _ref("高管团队扶持 第二条"),
                reference_en=_ref_en("executive team support, Article 2"),
            ),
            _param(
                "executives_rate_pct",
                "扶持比例",
                "Support rate",
                "%",
                50,
                _ref("高管团队扶持 第三条"),
                reference_en=_ref_en("executive team support, Article 3"),
            ),
            _param(
                "executives_cap_wan",
                "年度上限",
                "Yearly cap",
                "万元",
                300,
                _ref("高管团队扶持 第三条"),
                reference_en=_ref_en("executive team support, Article 3"),
            ),
        ],
    },
    # 7 上市企业扶持 ---------------------------------------------------------------------------------
    {
        "code": "listing-support",
        "name_zh": "上市企业扶持",
        "name_en": "Support for enterprises going public",
        "source_document": _system_doc("上市企业扶持"),
        "source_document_en": _system_doc_en("listing support"),
        "issuing_department": "fgj",
        "scope": "注册地和纳税地在白云区的拟上市或已上市企业；扶持前置，按上市进度分阶段扶持。",
        "scope_en": (
            "Enterprises registered and paying tax in Baiyun District that plan to list or are listed; support comes "
            "early, stage by stage as the listing progresses."
        ),
        "legal_basis": POLICY_BASIS,
        "legal_basis_en": POLICY_BASIS_EN,
        "conditions_text": (
            "1. 注册地在白云区；\n2. 本年度上市进度达到股改、辅导备案、申报受理或成功上市阶段；\n"
            "3. 同一阶段不重复享受；\n4. 未被列为严重失信主体。"
        ),
        "conditions_text_en": (
            "1. Registered in Baiyun District;\n2. This year the listing has reached the stage of joint-stock reform, "
            "tutoring filing, application accepted or listed;\n3. No stage is supported twice;\n4. Not listed for "
            "serious bad credit."
        ),
        "materials_text": (
            "1. 扶持资金申报表（在线填写）；\n2. 营业执照（电子证照核验，免提交）；\n"
            "3. 上市进度证明（股改完成证明、辅导备案、受理通知或上市公告）；\n4. 上年度经审计的财务报表；\n"
            "5. 银行账户信息；\n6. 信用承诺书（在线电子签名）。"
        ),
        "materials_text_en": (
            "1. Application form for support funds (filled in online);\n2. Business licence (verified as an "
            "e-licence, no need to submit);\n3. Proof of the listing stage (completion of the joint-stock reform, "
            "tutoring filing, notice of acceptance or listing announcement);\n4. Audited financial statements of last "
            "year;\n5. Bank account details;\n6. Credit commitment (signed electronically online)."
        ),
        "fund_standard": (
            "按上市进度分阶段扶持：完成股改100万元、辅导备案200万元、申报受理300万元、成功上市700万元，"
            f"合计最高1300万元（案例一：企业上市最高可获1300万元扶持资金；分阶段金额为{DEMO_NOTE}）。"
        ),
        "fund_standard_en": (
            "Support stage by stage as the listing progresses: 1 million yuan for the joint-stock reform, 2 million "
            "yuan for the tutoring filing, 3 million yuan when the application is accepted and 7 million yuan on "
            "listing, up to 13 million yuan in all (case 1: a listing receives up to 13 million yuan of support; the "
            f"amount of each stage is {DEMO_NOTE_EN})."
        ),
        "process_text": _money_process("区市场监管局、区投资促进局"),
        "process_text_en": _money_process_en(
            "District Market Supervision Administration and District Investment Promotion Bureau"
        ),
        "time_limit_workdays": 20,
        "tags": ["listing", "growth", "reward"],
        "mode": "application",
        "target": "enterprise",
        "item_ref": "policy_listing",
        "fund": ENTERPRISE_FUND,
        "effective_from": EFFECTIVE_FROM,
        "conditions": _all(
            "上市企业扶持的申报条件",
            "conditions of the listing support",
            _in_baiyun(),
            {
                "op": "between",
                "fact": "listing_stage",
                "low": {"value": 1},
                "high": {"value": 4},
                "bounds": "[]",
                "sentence": _s(
                    "上市进度在第 {low} 至第 {high} 阶段（股改、辅导备案、申报受理、成功上市）",
                    "listing stage {low} to {high} (reform, tutoring filed, application accepted, listed)",
                ),
            },
            _no_bad_credit(),
        ),
        "amount": {
            "op": "band",
            "base": {"fact": "listing_stage"},
            "bands": [
                {
                    "from": {"value": 1},
                    "to": {"value": 1},
                    "bounds": "[]",
                    "amount": _wan("listing_stage1_wan"),
                },
                {
                    "from": {"value": 2},
                    "to": {"value": 2},
                    "bounds": "[]",
                    "amount": _wan("listing_stage2_wan"),
                },
                {
                    "from": {"value": 3},
                    "to": {"value": 3},
                    "bounds": "[]",
                    "amount": _wan("listing_stage3_wan"),
                },
                {
                    "from": {"value": 4},
                    "to": {"value": 4},
                    "bounds": "[]",
                    "amount": _wan("listing_stage4_wan"),
                },
            ],
            "sentence": _s(
                "按上市进度分阶段扶持：股改 {listing_stage1_wan} 万元、辅导备案 {listing_stage2_wan} 万元、"
                "申报受理 {listing_stage3_wan} 万元、成功上市 {listing_stage4_wan} 万元",
                "by listing stage: reform {listing_stage1_wan}, tutoring filed {listing_stage2_wan}, "
                "application accepted {listing_stage3_wan}, listed {listing_stage4_wan} (× 10,000 yuan)",
            ),
        },
        "parameters": [
            _param(
                "listing_stage1_wan",
                "完成股改扶持",
                "Joint-stock reform",
                "万元",
                100,
                _ref("上市企业扶持 第三条"),
                reference_en=_ref_en("listing support, Article 3"),
            ),
            _param(
                "listing_stage2_wan",
                "辅导备案扶持",
                "Tutoring filed",
                "万元",
                200,
                _ref("上市企业扶持 第三条"),
                reference_en=_ref_en("listing support, Article 3"),
            ),
            _param(
                "listing_stage3_wan",
                "申报受理扶持",
                "Application accepted",
                "万元",
                300,
                _ref("上市企业扶持 第三条"),
                reference_en=_ref_en("listing support, Article 3"),
            ),
            _param(
                "listing_stage4_wan",
                "成功上市扶持",
                "Listed",
                "万元",
                700,
                _ref("上市企业扶持 第三条"),
                reference_en=_ref_en("listing support, Article 3"),
            ),
        ],
    },
    # 8 企业人才租房扶持 -----------------------------------------------------------------------------
    {
        "code": "talent-rent",
        "name_zh": "企业人才租房扶持",
        "name_en": "Rent support for enterprise talents",
        "source_document": _system_doc("企业人才租房扶持"),
        "source_document_en": _system_doc_en("rent support for enterprise talents"),
        "issuing_department": "fgj",
        "scope": "“1+4+N”政策体系扶持企业中，与企业签订劳动合同、在白云区缴纳社会保险并租房居住的人才。",
        "scope_en": (
            'Talents of enterprises the "1+4+N" policy system supports who have an employment contract with the '
            "enterprise, pay social insurance in Baiyun District and rent their home."
        ),
        "legal_basis": POLICY_BASIS,
        "legal_basis_en": POLICY_BASIS_EN,
        "conditions_text": (
            "1. 注册地在白云区；\n2. 属于重点“四上”企业、总部企业、上市企业或高新技术企业；\n"
            "3. 有与企业签订劳动合同、在白云区参保并租房、本人及配偶在本市无自有住房的人才；\n"
            "4. 未被列为严重失信主体。"
        ),
        "conditions_text_en": (
            "1. Registered in Baiyun District;\n2. A key above-scale enterprise, a headquarters, a listed company or a"
            " high-tech enterprise;\n3. Has talents with an employment contract, insured in Baiyun District and renting"
            " their home, who with their spouse own no home in the city;\n4. Not listed for serious bad credit."
        ),
        "materials_text": (
            "1. 扶持资金申报表及人才名单（在线填写）；\n2. 营业执照（电子证照核验，免提交）；\n3. 劳动合同；\n"
            "4. 社会保险缴费记录（社保共享数据核验，免提交）；\n5. 人才租房合同及租金凭证；\n6. 银行账户信息。"
        ),
        "materials_text_en": (
            "1. Application form for support funds and list of talents (filled in online);\n2. Business licence "
            "(verified as an e-licence, no need to submit);\n3. Employment contracts;\n4. Social insurance payment "
            "records (verified against shared social insurance data, no need to submit);\n5. The talents' rental "
            "contracts and rent receipts;\n6. Bank account details."
        ),
        "fund_standard": f"每名人才每年1.8万元，每家企业每年最高50万元（{DEMO_NOTE}）。",
        "fund_standard_en": (
            f"18,000 yuan per talent a year, up to 500,000 yuan per enterprise a year ({DEMO_NOTE_EN})."
        ),
        "process_text": _money_process("区人社局、区住建局"),
        "process_text_en": _money_process_en(
            "District Human Resources and Social Security Bureau and District Housing and Construction Bureau"
        ),
        "time_limit_workdays": 20,
        "tags": ["talent", "rent", "subsidy"],
        "mode": "application",
        "target": "enterprise",
        "item_ref": "policy_talent_rent",
        "fund": ENTERPRISE_FUND,
        "effective_from": EFFECTIVE_FROM,
        "conditions": _all(
            "企业人才租房扶持的申报条件",
            "conditions of the rent support for talents",
            _in_baiyun(),
            _supported_enterprise(),
            _at_least(
                "renting_talents",
                {"value": 1},
                "有 {to} 名以上在白云区租房的合资格人才",
                "at least {to} qualified talent renting in Baiyun",
            ),
            _no_bad_credit(),
        ),
        "amount": {
            "op": "per_unit",
            "amount": _yuan("talent_rent_yuan"),
            "count": {"fact": "renting_talents"},
            "cap": _wan("talent_rent_cap_wan"),
            "sentence": _s(
                "每名人才每年 {talent_rent_yuan} 元，每家企业最高 {talent_rent_cap_wan} 万元",
                "{talent_rent_yuan} yuan a year per talent, at most {talent_rent_cap_wan} × 10,000 yuan per enterprise",
            ),
        },
        "parameters": [
            _param(
                "talent_rent_yuan",
                "每人每年租房扶持",
                "Per talent per year",
                "元",
                18_000,
                _ref("企业人才租房扶持 第三条"),
                reference_en=_ref_en("rent support for enterprise talents, Article 3"),
            ),
            _param(
                "talent_rent_cap_wan",
                "每家企业年度上限",
                "Cap per enterprise",
                "万元",
                50,
                _ref("企业人才租房扶持 第三条"),
                reference_en=_ref_en("rent support for enterprise talents, Article 3"),
            ),
        ],
    },
    # 9 人才入户指标 ---------------------------------------------------------------------------------
    {
        "code": "talent-hukou-quota",
        "name_zh": "人才入户指标",
        "name_en": "Household registration quota for talents",
        "source_document": _system_doc("人才入户指标"),
        "source_document_en": _system_doc_en("household registration places for talents"),
        "issuing_department": "fgj",
        "scope": "“1+4+N”政策体系扶持企业推荐的、符合广州市人才引进入户条件的人才。",
        "scope_en": (
            'Talents recommended by enterprises the "1+4+N" policy system supports who meet Guangzhou\'s conditions '
            "for registering a household as an introduced talent."
        ),
        "legal_basis": POLICY_BASIS,
        "legal_basis_en": POLICY_BASIS_EN,
        "conditions_text": (
            "1. 企业注册地在白云区；\n2. 属于重点“四上”企业、总部企业、上市企业或高新技术企业；\n"
            "3. 从业人数不少于50人；\n4. 未被列为严重失信主体；\n5. 推荐的人才符合广州市人才引进入户条件。"
        ),
        "conditions_text_en": (
            "1. The enterprise is registered in Baiyun District;\n2. A key above-scale enterprise, a headquarters, a "
            "listed company or a high-tech enterprise;\n3. At least 50 employees;\n4. Not listed for serious bad "
            "credit;\n5. The recommended talent meets Guangzhou's conditions for registering a household as an "
            "introduced talent."
        ),
        "materials_text": _SERVICE_MATERIALS,
        "materials_text_en": _SERVICE_MATERIALS_EN,
        "fund_standard": "不涉及资金。按年度指标数量和分配规则确认入户指标（以政策文件为准）。",
        "fund_standard_en": (
            "No money involved. Household registration places are confirmed by the year's number of places and "
            "allocation rules (as the policy documents set)."
        ),
        "process_text": _service_process("区人社局、白云公安分局"),
        "process_text_en": _service_process_en(
            "District Human Resources and Social Security Bureau and Baiyun Public Security Branch"
        ),
        "time_limit_workdays": 10,
        "tags": ["talent", "service"],
        "mode": "application",
        "target": "enterprise",
        "item_ref": "talent_hukou_quota",
        "fund": "",
        "effective_from": EFFECTIVE_FROM,
        "conditions": _all(
            "人才入户指标的申请条件",
            "conditions of the household registration quota",
            _in_baiyun(),
            _supported_enterprise(),
            _at_least(
                "headcount",
                {"param": "hukou_headcount_min"},
                "从业人数不少于 {hukou_headcount_min} 人",
                "at least {hukou_headcount_min} people employed",
            ),
            _no_bad_credit(),
        ),
        "amount": None,
        "parameters": [
            _param(
                "hukou_headcount_min",
                "企业从业人数要求",
                "Minimum headcount",
                "人",
                50,
                _ref("人才入户指标 第二条"),
                reference_en=_ref_en("household registration places for talents, Article 2"),
            ),
        ],
    },
    # 10 人才随迁子女入学指标 ------------------------------------------------------------------------
    {
        "code": "talent-school-quota",
        "name_zh": "人才随迁子女入学指标",
        "name_en": "School places for talents' accompanying children",
        "source_document": _system_doc("人才随迁子女入学指标"),
        "source_document_en": _system_doc_en("school places for talents' accompanying children"),
        "issuing_department": "fgj",
        "scope": "“1+4+N”政策体系扶持企业推荐的人才，其随迁子女申请在白云区公办学校（幼儿园）就读。",
        "scope_en": (
            'Talents recommended by enterprises the "1+4+N" policy system supports, whose accompanying children '
            "apply for a public school (or kindergarten) in Baiyun District."
        ),
        "legal_basis": POLICY_BASIS,
        "legal_basis_en": POLICY_BASIS_EN,
        "conditions_text": (
            "1. 企业注册地在白云区，成立满24个月；\n2. 属于重点“四上”企业、总部企业、上市企业或高新技术企业；\n"
            "3. 未被列为严重失信主体；\n4. 学位由区教育部门统筹安排。"
        ),
        "conditions_text_en": (
            "1. The enterprise is registered in Baiyun District and was founded at least 24 months ago;\n2. A key "
            "above-scale enterprise, a headquarters, a listed company or a high-tech enterprise;\n3. Not listed for "
            "serious bad credit;\n4. School places are arranged by the district education authority."
        ),
        "materials_text": _SERVICE_MATERIALS + "\n7. 亲子关系证明（户籍共享信息核验，免提交）。",
        "materials_text_en": _SERVICE_MATERIALS_EN
        + "\n7. Proof of parentage (verified against shared household registration records, no need to submit).",
        "fund_standard": "不涉及资金。学位由区教育部门统筹安排（以政策文件为准）。",
        "fund_standard_en": (
            "No money involved. School places are arranged by the district education authority (as the policy "
            "documents set)."
        ),
        "process_text": _service_process("区人社局、白云公安分局"),
        "process_text_en": _service_process_en(
            "District Human Resources and Social Security Bureau and Baiyun Public Security Branch"
        ),
        "time_limit_workdays": 10,
        "tags": ["talent", "service"],
        "mode": "application",
        "target": "enterprise",
        "item_ref": "talent_school_quota",
        "fund": "",
        "effective_from": EFFECTIVE_FROM,
        "conditions": _all(
            "人才随迁子女入学指标的申请条件",
            "conditions of the school places",
            _in_baiyun(),
            {
                "op": "not",
                "sentence": _s("企业成立满规定月数", "the enterprise is old enough"),
                "args": [
                    {
                        "op": "within_months",
                        "fact": "established_on",
                        "months": {"param": "school_min_operating_months"},
                        "of": {"ref": "evaluation_date"},
                        "bounds": "(]",
                        "sentence": _s(
                            "成立不满 {school_min_operating_months} 个月",
                            "established less than {school_min_operating_months} months ago",
                        ),
                    }
                ],
            },
            _supported_enterprise(),
            _no_bad_credit(),
        ),
        "amount": None,
        "parameters": [
            _param(
                "school_min_operating_months",
                "企业成立时间要求",
                "Months since establishment",
                "个月",
                24,
                _ref("人才随迁子女入学指标 第二条"),
                reference_en=_ref_en("school places for talents' accompanying children, Article 2"),
            ),
        ],
    },
    # 11 人才绿卡 -------------------------------------------------------------------------------------
    {
        "code": "talent-green-card",
        "name_zh": "人才绿卡",
        "name_en": "Talent green card",
        "source_document": _system_doc("人才绿卡"),
        "source_document_en": _system_doc_en("Talent Green Card"),
        "issuing_department": "fgj",
        "scope": "高新技术企业、总部企业和上市企业推荐的、符合广州市人才绿卡申领条件的人才。",
        "scope_en": (
            "Talents recommended by high-tech enterprises, headquarters and listed companies who meet the conditions "
            "for Guangzhou's Talent Green Card."
        ),
        "legal_basis": POLICY_BASIS,
        "legal_basis_en": POLICY_BASIS_EN,
        "conditions_text": (
            "1. 企业注册地在白云区；\n2. 属于高新技术企业、总部企业或上市企业；\n3. 未被列为严重失信主体；\n"
            "4. 推荐的人才符合广州市人才绿卡申领条件。"
        ),
        "conditions_text_en": (
            "1. The enterprise is registered in Baiyun District;\n2. A high-tech enterprise, a headquarters or a listed"
            " company;\n3. Not listed for serious bad credit;\n4. The recommended talent meets the conditions for"
            " Guangzhou's Talent Green Card."
        ),
        "materials_text": _SERVICE_MATERIALS,
        "materials_text_en": _SERVICE_MATERIALS_EN,
        "fund_standard": "不涉及资金。",
        "fund_standard_en": "No money involved.",
        "process_text": _service_process("区人社局、白云公安分局"),
        "process_text_en": _service_process_en(
            "District Human Resources and Social Security Bureau and Baiyun Public Security Branch"
        ),
        "time_limit_workdays": 10,
        "tags": ["technology", "talent", "service"],
        "mode": "application",
        "target": "enterprise",
        "item_ref": "talent_green_card",
        "fund": "",
        "effective_from": EFFECTIVE_FROM,
        "conditions": _all(
            "人才绿卡的推荐条件",
            "conditions of the talent green card",
            _in_baiyun(),
            _any(
                "属于高新技术企业、总部企业或上市企业",
                "a high-tech enterprise, a headquarters or a listed company",
                _is_true("high_tech", "高新技术企业", "a high-tech enterprise"),
                _is_true("headquarters", "经认定的总部企业", "a recognised headquarters"),
                _is_true("listed", "上市企业", "a listed company"),
            ),
            _no_bad_credit(),
        ),
        "amount": None,
        "parameters": [],
    },
    # 12 云聚英才卡 -----------------------------------------------------------------------------------
    {
        "code": "yunju-talent-card",
        "name_zh": "云聚英才卡",
        "name_en": "Yunju talent card (Baiyun)",
        "source_document": _system_doc("云聚英才卡"),
        "source_document_en": _system_doc_en("Yunju Talent Card"),
        "issuing_department": "fgj",
        "scope": "白云区重点产业（先进制造、美丽健康、数字经济、科技服务）企业推荐的人才。",
        "scope_en": (
            "Talents recommended by enterprises of Baiyun District's key industries (advanced manufacturing, beauty "
            "and health, digital economy, technology services)."
        ),
        "legal_basis": POLICY_BASIS,
        "legal_basis_en": POLICY_BASIS_EN,
        "conditions_text": (
            "1. 企业注册地在白云区；\n2. 属于区重点产业（行业大类见政策文件）；\n3. 参保员工不少于30人；\n"
            "4. 未被列为严重失信主体。"
        ),
        "conditions_text_en": (
            "1. The enterprise is registered in Baiyun District;\n2. In one of the district's key industries "
            "(divisions as the policy documents list);\n3. At least 30 insured employees;\n4. Not listed for serious "
            "bad credit."
        ),
        "materials_text": _SERVICE_MATERIALS,
        "materials_text_en": _SERVICE_MATERIALS_EN,
        "fund_standard": "不涉及资金。持卡人才享受政策咨询、子女教育、医疗保健等服务（以政策文件为准）。",
        "fund_standard_en": (
            "No money involved. Card holders receive policy advice, help with their children's education, health care "
            "and other services (as the policy documents set)."
        ),
        "process_text": _service_process("区人社局、区政数局"),
        "process_text_en": _service_process_en(
            "District Human Resources and Social Security Bureau and District Government Service and Data"
            " Administration"
        ),
        "time_limit_workdays": 10,
        "tags": ["manufacturing", "technology", "talent", "service"],
        "mode": "application",
        "target": "enterprise",
        "item_ref": "talent_yunju_card",
        "fund": "",
        "effective_from": EFFECTIVE_FROM,
        "conditions": _all(
            "云聚英才卡的推荐条件",
            "conditions of the Yunju talent card",
            _in_baiyun(),
            {
                "op": "in",
                "fact": "industry_code",
                "values": {"value": KEY_MANUFACTURING + KEY_DIGITAL_AND_RESEARCH},
                "sentence": _s(
                    "属于区重点产业（行业代码 {values}）",
                    "in one of the district's key industries ({values})",
                ),
            },
            _at_least(
                "insured_employees",
                {"param": "yunju_insured_min"},
                "参保员工不少于 {yunju_insured_min} 人",
                "at least {yunju_insured_min} insured employees",
            ),
            _no_bad_credit(),
        ),
        "amount": None,
        "parameters": [
            _param(
                "yunju_insured_min",
                "参保员工人数要求",
                "Minimum insured employees",
                "人",
                30,
                _ref("云聚英才卡 第二条"),
                reference_en=_ref_en("Yunju Talent Card, Article 2"),
            ),
        ],
    },
    # 13 人才就医绿色通道服务卡 ----------------------------------------------------------------------
    {
        "code": "talent-medical-card",
        "name_zh": "人才就医绿色通道服务卡",
        "name_en": "Fast-track medical care card for talents",
        "source_document": _system_doc("人才就医绿色通道服务卡"),
        "source_document_en": _system_doc_en("medical fast-track service card for talents"),
        "issuing_department": "fgj",
        "scope": "“四上”企业、总部企业和上市企业推荐的人才。",
        "scope_en": "Talents recommended by above-scale enterprises, headquarters and listed companies.",
        "legal_basis": POLICY_BASIS,
        "legal_basis_en": POLICY_BASIS_EN,
        "conditions_text": (
            "1. 企业注册地在白云区；\n2. 属于“四上”企业、总部企业或上市企业；\n3. 上年度纳税额不低于50万元；\n"
            "4. 未被列为严重失信主体。"
        ),
        "conditions_text_en": (
            "1. The enterprise is registered in Baiyun District;\n2. An above-scale enterprise, a headquarters or a "
            "listed company;\n3. Tax paid last year of at least 500,000 yuan;\n4. Not listed for serious bad credit."
        ),
        "materials_text": _SERVICE_MATERIALS,
        "materials_text_en": _SERVICE_MATERIALS_EN,
        "fund_standard": "不涉及资金。持卡人才在区属公立医院享受预约挂号、优先就诊等服务。",
        "fund_standard_en": (
            "No money involved. Card holders book appointments and are seen first at the district's public hospitals."
        ),
        "process_text": _service_process("区人社局、区卫生健康局"),
        "process_text_en": _service_process_en(
            "District Human Resources and Social Security Bureau and District Health Commission"
        ),
        "time_limit_workdays": 10,
        "tags": ["talent", "service"],
        "mode": "application",
        "target": "enterprise",
        "item_ref": "talent_medical_card",
        "fund": "",
        "effective_from": EFFECTIVE_FROM,
        "conditions": _all(
            "人才就医绿色通道服务卡的推荐条件",
            "conditions of the medical care card",
            _in_baiyun(),
            _any(
                "属于“四上”企业、总部企业或上市企业",
                'a "four above" enterprise, a headquarters or a listed company',
                _is_true("four_above", "属于“四上”企业", 'a "four above" enterprise'),
                _is_true("headquarters", "经认定的总部企业", "a recognised headquarters"),
                _is_true("listed", "上市企业", "a listed company"),
            ),
            _at_least(
                "tax_paid_fen",
                {"param": "medical_tax_min_fen"},
                "上年度纳税额不低于 {medical_tax_min_fen:wan_yuan} 万元",
                "at least {medical_tax_min_fen:yuan} yuan of tax paid last year",
            ),
            _no_bad_credit(),
        ),
        "amount": None,
        "parameters": [
            _param(
                "medical_tax_min_fen",
                "纳税额要求",
                "Minimum tax paid",
                "分",
                50_000_000,
                _ref("人才就医绿色通道服务卡 第二条（50万元）"),
                reference_en=_ref_en("medical fast-track service card for talents, Article 2 (500,000 yuan)"),
            ),
        ],
    },
    # 14 政务服务绿色通道 ----------------------------------------------------------------------------
    {
        "code": "service-fast-track",
        "name_zh": "政务服务绿色通道",
        "name_en": "Fast track for government services",
        "source_document": _system_doc("政务服务绿色通道"),
        "source_document_en": _system_doc_en("government service fast track"),
        "issuing_department": "fgj",
        "scope": "“1+4+N”政策体系扶持企业办理行政审批和公共服务事项时，由专员对接、协调解决。",
        "scope_en": (
            "A dedicated contact coordinates the administrative approvals and public services of enterprises the "
            '"1+4+N" policy system supports.'
        ),
        "legal_basis": POLICY_BASIS,
        "legal_basis_en": POLICY_BASIS_EN,
        "conditions_text": (
            "1. 注册地在白云区；\n2. 属于重点“四上”企业、总部企业、上市企业或高新技术企业；\n"
            "3. 未被列为严重失信主体。"
        ),
        "conditions_text_en": (
            "1. Registered in Baiyun District;\n2. A key above-scale enterprise, a headquarters, a listed company or a"
            " high-tech enterprise;\n3. Not listed for serious bad credit."
        ),
        "materials_text": "1. 服务申请表（在线填写，说明需要协调的事项）；\n2. 营业执照（电子证照核验，免提交）。",
        "materials_text_en": (
            "1. Service application form (filled in online, saying what needs coordinating);\n2. Business licence "
            "(verified as an e-licence, no need to submit)."
        ),
        "fund_standard": "不涉及资金。区政数局、区投资促进局指定专员一对一对接。",
        "fund_standard_en": (
            "No money involved. The District Government Service and Data Administration and the District Investment "
            "Promotion Bureau assign a dedicated contact."
        ),
        "process_text": _service_process("区政数局、区投资促进局"),
        "process_text_en": _service_process_en(
            "District Government Service and Data Administration and District Investment Promotion Bureau"
        ),
        "time_limit_workdays": 10,
        "tags": ["service", "above-scale"],
        "mode": "application",
        "target": "enterprise",
        "item_ref": "service_fast_track",
        "fund": "",
        "effective_from": EFFECTIVE_FROM,
        "conditions": _all(
            "政务服务绿色通道的申请条件",
            "conditions of the fast track",
            _in_baiyun(),
            _supported_enterprise(),
            _no_bad_credit(),
        ),
        "amount": None,
        "parameters": [],
    },
    # 15 中小企业“升规纳统”扶持 — 免申即享 ------------------------------------------------------------
    {
        "code": "sme-upgrade",
        "name_zh": "中小企业“升规纳统”扶持",
        "name_en": "Support for SMEs entering the above-scale statistics",
        "source_document": _system_doc("中小企业“升规纳统”扶持（免申即享）"),
        "source_document_en": _system_doc_en(
            "support for SMEs entering the above-scale statistics (granted without application)"
        ),
        "issuing_department": "fgj",
        "scope": "首次纳入规模以上（限额以上）统计的白云区中小企业；免申即享，无需申报。",
        "scope_en": (
            "Small and medium enterprises of Baiyun District included in the above-scale statistics for the first "
            "time; granted without application, nothing to apply for."
        ),
        "legal_basis": POLICY_BASIS,
        "legal_basis_en": POLICY_BASIS_EN,
        "conditions_text": (
            "1. 注册地在白云区；\n2. 属于中小企业；\n3. 近12个月内首次纳入规模以上（限额以上）统计，且仍在库；\n"
            "4. 未被列为严重失信主体。"
        ),
        "conditions_text_en": (
            "1. Registered in Baiyun District;\n2. A small or medium enterprise;\n3. Included in the above-scale "
            "statistics for the first time within the last 12 months and still included;\n4. Not listed for serious "
            "bad credit."
        ),
        "materials_text": "无需提交材料。系统根据比对结果生成兑现确认书，企业在线确认并电子签名。",
        "materials_text_en": (
            "No materials to submit. The system generates a confirmation from the matching result; the enterprise "
            "confirms and signs it electronically online."
        ),
        "fund_standard": f"一次性奖励10万元；属于制造业重点行业的另加10万元（{DEMO_NOTE}）。",
        "fund_standard_en": (
            f"A one-off reward of 100,000 yuan; another 100,000 yuan for a key manufacturing industry ({DEMO_NOTE_EN})."
        ),
        "process_text": _PROACTIVE_PROCESS,
        "process_text_en": _PROACTIVE_PROCESS_EN,
        "time_limit_workdays": 20,
        "tags": [
            "manufacturing",
            "modern-services",
            "commerce-trade",
            "catering",
            "construction",
            "small",
            "medium",
            "above-scale",
            "growth",
            "reward",
        ],
        "mode": "proactive",
        "target": "enterprise",
        "item_ref": "policy_upgrade",
        "fund": ENTERPRISE_FUND,
        "effective_from": EFFECTIVE_FROM,
        "conditions": _all(
            "中小企业“升规纳统”扶持条件",
            "conditions of the reward for SMEs newly reporting above scale",
            _in_baiyun(),
            _is_true("sme", "属于中小企业", "a small or medium-sized enterprise"),
            {
                "op": "within_months",
                "fact": "above_scale_since",
                "months": {"param": "upgrade_window_months"},
                "of": {"ref": "evaluation_date"},
                "bounds": "(]",
                "sentence": _s(
                    "近 {upgrade_window_months} 个月内首次纳入规模以上（限额以上）统计",
                    "first reported above designated size within the last {upgrade_window_months} months",
                ),
            },
            _is_true(
                "above_scale", "仍在规模以上（限额以上）统计库中", "still reported above designated size"
            ),
            _no_bad_credit(),
        ),
        "amount": {
            "op": "sum",
            "args": [
                {
                    "op": "fixed",
                    "amount": _wan("upgrade_reward_wan"),
                    "sentence": _s(
                        "一次性奖励 {upgrade_reward_wan} 万元",
                        "a one-off reward of {upgrade_reward_wan} × 10,000 yuan",
                    ),
                },
                {
                    "op": "when",
                    "if": {
                        "op": "in",
                        "fact": "industry_code",
                        "values": {"value": KEY_MANUFACTURING},
                        "sentence": _s(
                            "属于制造业重点行业（行业代码 {values}）",
                            "in a key manufacturing industry ({values})",
                        ),
                    },
                    "then": {
                        "op": "fixed",
                        "amount": _wan("upgrade_manufacturing_bonus_wan"),
                        "sentence": _s(
                            "另加 {upgrade_manufacturing_bonus_wan} 万元",
                            "plus {upgrade_manufacturing_bonus_wan} × 10,000 yuan",
                        ),
                    },
                    "sentence": _s("制造业重点行业加奖", "extra for key manufacturing industries"),
                },
            ],
            "sentence": _s(
                "“升规纳统”奖励合计 {result_yuan} 元",
                "reward for reporting above scale: {result_yuan} yuan in all",
            ),
        },
        "parameters": [
            _param(
                "upgrade_window_months",
                "纳统时间要求",
                "Months since first reported",
                "个月",
                12,
                _ref("中小企业“升规纳统”扶持 第二条"),
                reference_en=_ref_en("support for SMEs entering the above-scale statistics, Article 2"),
            ),
            _param(
                "upgrade_reward_wan",
                "一次性奖励",
                "One-off reward",
                "万元",
                10,
                _ref("中小企业“升规纳统”扶持 第三条"),
                reference_en=_ref_en("support for SMEs entering the above-scale statistics, Article 3"),
            ),
            _param(
                "upgrade_manufacturing_bonus_wan",
                "制造业加奖",
                "Manufacturing bonus",
                "万元",
                10,
                _ref("中小企业“升规纳统”扶持 第三条"),
                reference_en=_ref_en("support for SMEs entering the above-scale statistics, Article 3"),
            ),
        ],
    },
    # case 7: employment and start-up subsidies ---------------------------------------------------------------
    {
        "code": "flexible-employment-insurance-subsidy",
        "name_zh": "就业补贴（灵活就业社会保险补贴）",
        "name_en": "Employment subsidy (social insurance for flexible employment)",
        "source_document": f"{EMPLOYMENT_DOC}——灵活就业社会保险补贴（补贴比例、月标准为{DEMO_NOTE}）",
        "source_document_en": (
            f"{EMPLOYMENT_DOC_EN}: social insurance subsidy for flexible employment (the rate and monthly cap are "
            f"{DEMO_NOTE_EN})"
        ),
        "issuing_department": "rsj",
        "scope": "以灵活就业方式就业并在白云区办理就业登记的就业困难人员、离校2年内未就业高校毕业生。",
        "scope_en": (
            "Persons with employment difficulties and college graduates unemployed within 2 years of leaving school "
            "who work in flexible employment and are registered as employed in Baiyun District."
        ),
        "legal_basis": EMPLOYMENT_BASIS,
        "legal_basis_en": EMPLOYMENT_BASIS_EN,
        "conditions_text": (
            "1. 属于就业困难人员或离校2年内未就业高校毕业生；\n2. 在白云区办理灵活就业登记；\n"
            "3. 以灵活就业人员身份缴纳社会保险费。"
        ),
        "conditions_text_en": (
            "1. A person with employment difficulties or a college graduate unemployed within 2 years of leaving "
            "school;\n2. Registered in flexible employment in Baiyun District;\n3. Pays social insurance as a "
            "flexibly employed person."
        ),
        "materials_text": (
            "1. 申请人身份证件（电子证照核验，免提交）；\n2. 社会保险缴费记录（社保共享数据核验，免提交）；\n"
            "3. 就业登记信息（就业登记共享数据核验，免提交）；\n4. 本人银行账户信息。"
        ),
        "materials_text_en": (
            "1. The applicant's identity document (verified as an e-licence, no need to submit);\n2. Social insurance "
            "payment records (verified against shared social insurance data, no need to submit);\n3. Employment "
            "registration (verified against shared employment registration data, no need to submit);\n4. Your own "
            "bank account details."
        ),
        "fund_standard": f"按实际缴纳社会保险费的60%补贴，每月最高600元（{DEMO_NOTE}）。",
        "fund_standard_en": (
            f"A subsidy of 60% of the social insurance actually paid, up to 600 yuan a month ({DEMO_NOTE_EN})."
        ),
        "process_text": _employment_process(),
        "process_text_en": _employment_process_en(),
        "time_limit_workdays": 20,
        "tags": ["employment", "subsidy", "micro"],
        "mode": "application",
        "target": "person",
        "item_ref": "employment_social_insurance_subsidy",
        "fund": EMPLOYMENT_FUND,
        "effective_from": EFFECTIVE_FROM,
        "conditions": _all(
            "灵活就业社会保险补贴的申请条件",
            "conditions of the social insurance subsidy",
            {
                "op": "in",
                "fact": "person_category",
                "values": {"value": ["hard_to_employ", "graduate"]},
                "sentence": _s(
                    "属于就业困难人员或离校2年内未就业高校毕业生",
                    "hard to employ, or a graduate without a job within two years of leaving school",
                ),
            },
            _is_true(
                "person_flexible_employment_registered",
                "已在白云区办理灵活就业登记",
                "registered in Baiyun as flexibly employed",
            ),
            _at_least(
                "person_flexible_insured_months",
                {"value": 1},
                "以灵活就业人员身份参保不少于 {to} 个月",
                "insured as flexibly employed for at least {to} month",
            ),
        ),
        "amount": {
            "op": "min",
            "args": [
                {
                    "op": "rate",
                    "rate": _pct("flexible_rate_pct"),
                    "base": {"fact": "person_flexible_insurance_paid_fen", "unit": "fen"},
                    "rounding": "half_up_fen",
                    "sentence": _s(
                        "实际缴费的 {flexible_rate_pct}%", "{flexible_rate_pct}% of the contributions paid"
                    ),
                },
                {
                    "op": "per_unit",
                    "amount": _yuan("flexible_monthly_cap_yuan"),
                    "count": {"fact": "person_flexible_insured_months"},
                    "sentence": _s(
                        "每月最高 {flexible_monthly_cap_yuan} 元",
                        "at most {flexible_monthly_cap_yuan} yuan a month",
                    ),
                },
            ],
            "sentence": _s(
                "按实际缴费比例补贴，不超过月度上限", "a share of the contributions, within the monthly cap"
            ),
        },
        "parameters": [
            _param(
                "flexible_rate_pct",
                "补贴比例",
                "Share of contributions",
                "%",
                60,
                _ref("灵活就业社会保险补贴 补贴标准", EMPLOYMENT_DOC),
                reference_en=_ref_en(
                    "social insurance subsidy for flexible employment, subsidy standard", EMPLOYMENT_DOC_EN
                ),
            ),
            _param(
                "flexible_monthly_cap_yuan",
                "每月补贴上限",
                "Monthly cap",
                "元",
                600,
                _ref("灵活就业社会保险补贴 补贴标准", EMPLOYMENT_DOC),
                reference_en=_ref_en(
                    "social insurance subsidy for flexible employment, subsidy standard", EMPLOYMENT_DOC_EN
                ),
            ),
        ],
    },
    {
        "code": "startup-grant",
        "name_zh": "创业补贴（一次性创业资助）",
        "name_en": "Start-up subsidy (one-off start-up grant)",
        "source_document": f"{EMPLOYMENT_DOC}——一次性创业资助（金额为{DEMO_NOTE}）",
        "source_document_en": f"{EMPLOYMENT_DOC_EN}: one-off start-up grant (the amount is {DEMO_NOTE_EN})",
        "issuing_department": "rsj",
        "scope": (
            "高校学生及毕业5年内高校毕业生、留学回国人员、退役军人、登记失业人员、就业困难人员，在白云区初次创办小微企业"
            "或从事个体经营并担任法定代表人或主要负责人的。"
        ),
        "scope_en": (
            "College students and graduates within 5 years of graduating, returnees from study abroad, veterans, "
            "registered unemployed persons and persons with employment difficulties who start a small or micro "
            "enterprise or an individual business in Baiyun District for the first time, as its legal representative "
            "or principal."
        ),
        "legal_basis": EMPLOYMENT_BASIS,
        "legal_basis_en": EMPLOYMENT_BASIS_EN,
        "conditions_text": (
            "1. 申请人属于高校毕业生、留学回国人员、退役军人、登记失业人员或就业困难人员；\n"
            "2. 所创办企业注册在白云区，成立36个月以内且正常运营满6个月；\n3. 参保员工不超过20人；\n"
            "4. 所创办企业未被列为严重失信主体。"
        ),
        "conditions_text_en": (
            "1. The applicant is a college graduate, a returnee from study abroad, a veteran, a registered unemployed "
            "person or a person with employment difficulties;\n2. The enterprise is registered in Baiyun District, "
            "founded within 36 months and operating normally for at least 6 months;\n3. No more than 20 insured "
            "employees;\n4. The enterprise is not listed for serious bad credit."
        ),
        "materials_text": (
            "1. 申请人身份证件（电子证照核验，免提交）；\n2. 营业执照（电子证照核验，免提交）；\n"
            "3. 毕业证书或身份类别证明（电子证照或共享数据核验，免提交）；\n"
            "4. 社会保险缴费记录（社保共享数据核验，免提交）；\n5. 本人银行账户信息。"
        ),
        "materials_text_en": (
            "1. The applicant's identity document (verified as an e-licence, no need to submit);\n2. Business licence "
            "(verified as an e-licence, no need to submit);\n3. Diploma or proof of category (verified as an "
            "e-licence or against shared data, no need to submit);\n4. Social insurance payment records (verified "
            "against shared social insurance data, no need to submit);\n5. Your own bank account details."
        ),
        "fund_standard": f"一次性资助1万元（{DEMO_NOTE}）。",
        "fund_standard_en": f"A one-off grant of 10,000 yuan ({DEMO_NOTE_EN}).",
        "process_text": _employment_process(),
        "process_text_en": _employment_process_en(),
        "time_limit_workdays": 20,
        "tags": ["start-up", "micro", "employment", "subsidy"],
        "mode": "application",
        "target": "person",
        "item_ref": "startup_grant",
        "fund": EMPLOYMENT_FUND,
        "effective_from": EFFECTIVE_FROM,
        "conditions": _all(
            "一次性创业资助的申请条件",
            "conditions of the one-off start-up grant",
            {
                "op": "in",
                "fact": "person_category",
                "values": {
                    "value": ["graduate", "returnee", "veteran", "registered_unemployed", "hard_to_employ"]
                },
                "sentence": _s(
                    "申请人属于高校毕业生、留学回国人员、退役军人、登记失业人员或就业困难人员",
                    "a graduate, returnee from study abroad, veteran, registered unemployed or hard to employ",
                ),
            },
            _in_baiyun("所创办企业注册在白云区", "the business founded is registered in Baiyun"),
            {
                "op": "within_months",
                "fact": "established_on",
                "months": {"param": "startup_grant_window_months"},
                "of": {"ref": "evaluation_date"},
                "bounds": "[]",
                "sentence": _s(
                    "所创办企业成立 {startup_grant_window_months} 个月以内",
                    "the business was founded within the last {startup_grant_window_months} months",
                ),
            },
            {
                "op": "not",
                "sentence": _s("正常运营满规定月数", "operating long enough"),
                "args": [
                    {
                        "op": "within_months",
                        "fact": "established_on",
                        "months": {"param": "startup_min_operating_months"},
                        "of": {"ref": "evaluation_date"},
                        "bounds": "(]",
                        "sentence": _s(
                            "运营不满 {startup_min_operating_months} 个月",
                            "operating for less than {startup_min_operating_months} months",
                        ),
                    }
                ],
            },
            {
                "op": "le",
                "fact": "insured_employees",
                "to": {"param": "startup_grant_insured_max"},
                "sentence": _s(
                    "参保员工不超过 {startup_grant_insured_max} 人（小微企业）",
                    "at most {startup_grant_insured_max} insured employees (a small business)",
                ),
            },
            _no_bad_credit(),
        ),
        "amount": {
            "op": "fixed",
            "amount": _yuan("startup_grant_yuan"),
            "sentence": _s(
                "一次性资助 {startup_grant_yuan} 元", "a one-off grant of {startup_grant_yuan} yuan"
            ),
        },
        "parameters": [
            _param(
                "startup_grant_window_months",
                "创办时间要求",
                "Months since founding",
                "个月",
                36,
                _ref("一次性创业资助 申请条件", EMPLOYMENT_DOC),
                reference_en=_ref_en("one-off start-up grant, conditions", EMPLOYMENT_DOC_EN),
            ),
            _param(
                "startup_min_operating_months",
                "正常运营时间要求",
                "Months in operation",
                "个月",
                6,
                _ref("一次性创业资助 申请条件", EMPLOYMENT_DOC),
                reference_en=_ref_en("one-off start-up grant, conditions", EMPLOYMENT_DOC_EN),
            ),
            _param(
                "startup_grant_insured_max",
                "参保员工人数上限",
                "Maximum insured employees",
                "人",
                20,
                _ref("一次性创业资助 申请条件", EMPLOYMENT_DOC),
                reference_en=_ref_en("one-off start-up grant, conditions", EMPLOYMENT_DOC_EN),
            ),
            _param(
                "startup_grant_yuan",
                "资助金额",
                "Grant",
                "元",
                10_000,
                _ref("一次性创业资助 资助标准", EMPLOYMENT_DOC),
                reference_en=_ref_en("one-off start-up grant, grant standard", EMPLOYMENT_DOC_EN),
            ),
        ],
    },
    {
        "code": "startup-jobs-subsidy",
        "name_zh": "创业补贴（创业带动就业补贴）",
        "name_en": "Start-up subsidy (jobs created)",
        "source_document": f"{EMPLOYMENT_DOC}——创业带动就业补贴（金额为{DEMO_NOTE}）",
        "source_document_en": (
            f"{EMPLOYMENT_DOC_EN}: subsidy for jobs created by start-ups (the amount is {DEMO_NOTE_EN})"
        ),
        "issuing_department": "rsj",
        "scope": "在白云区创办的初创企业（含个体工商户），招用员工并依法签订劳动合同、缴纳社会保险的。",
        "scope_en": (
            "Start-ups (including individual businesses) founded in Baiyun District that hire employees under lawful "
            "employment contracts and pay their social insurance."
        ),
        "legal_basis": EMPLOYMENT_BASIS,
        "legal_basis_en": EMPLOYMENT_BASIS_EN,
        "conditions_text": (
            "1. 注册地在白云区，成立36个月以内；\n2. 当年新招用员工并在白云区参保；\n3. 未被列为严重失信主体。"
        ),
        "conditions_text_en": (
            "1. Registered in Baiyun District, founded within 36 months;\n2. Hired new employees this year, insured "
            "in Baiyun District;\n3. Not listed for serious bad credit."
        ),
        "materials_text": (
            "1. 营业执照（电子证照核验，免提交）；\n2. 劳动合同；\n3. 社会保险缴费记录（社保共享数据核验，免提交）；\n"
            "4. 招用人员花名册（在线填报）；\n5. 银行账户信息。"
        ),
        "materials_text_en": (
            "1. Business licence (verified as an e-licence, no need to submit);\n2. Employment contracts;\n3. Social "
            "insurance payment records (verified against shared social insurance data, no need to submit);\n4. Roster "
            "of the people hired (filled in online);\n5. Bank account details."
        ),
        "fund_standard": f"按带动就业人数每人2000元，每户最高3万元（{DEMO_NOTE}）。",
        "fund_standard_en": f"2,000 yuan per job created, up to 30,000 yuan per business ({DEMO_NOTE_EN}).",
        "process_text": _employment_process(),
        "process_text_en": _employment_process_en(),
        "time_limit_workdays": 20,
        "tags": ["start-up", "micro", "small", "employment", "subsidy"],
        "mode": "application",
        "target": "enterprise",
        "item_ref": "startup_jobs_subsidy",
        "fund": EMPLOYMENT_FUND,
        "effective_from": EFFECTIVE_FROM,
        "conditions": _all(
            "创业带动就业补贴的申请条件",
            "conditions of the subsidy for jobs created by a start-up",
            _in_baiyun(),
            {
                "op": "within_months",
                "fact": "established_on",
                "months": {"param": "startup_jobs_window_months"},
                "of": {"ref": "evaluation_date"},
                "bounds": "[]",
                "sentence": _s(
                    "成立 {startup_jobs_window_months} 个月以内的初创企业",
                    "a start-up founded within the last {startup_jobs_window_months} months",
                ),
            },
            _at_least(
                "new_insured_hires",
                {"value": 1},
                "当年新招用并参保不少于 {to} 人",
                "at least {to} new hire insured in the year",
            ),
            _no_bad_credit(),
        ),
        "amount": {
            "op": "per_unit",
            "amount": _yuan("startup_jobs_yuan"),
            "count": {"fact": "new_insured_hires"},
            "cap": _yuan("startup_jobs_cap_yuan"),
            "sentence": _s(
                "每带动 1 人就业补贴 {startup_jobs_yuan} 元，每户最高 {startup_jobs_cap_yuan} 元",
                "{startup_jobs_yuan} yuan per job created, at most {startup_jobs_cap_yuan} yuan per business",
            ),
        },
        "parameters": [
            _param(
                "startup_jobs_window_months",
                "初创时间要求",
                "Months since founding",
                "个月",
                36,
                _ref("创业带动就业补贴 申请条件", EMPLOYMENT_DOC),
                reference_en=_ref_en("subsidy for jobs created by start-ups, conditions", EMPLOYMENT_DOC_EN),
            ),
            _param(
                "startup_jobs_yuan",
                "每人补贴",
                "Per job created",
                "元",
                2_000,
                _ref("创业带动就业补贴 补贴标准", EMPLOYMENT_DOC),
                reference_en=_ref_en(
                    "subsidy for jobs created by start-ups, subsidy standard", EMPLOYMENT_DOC_EN
                ),
            ),
            _param(
                "startup_jobs_cap_yuan",
                "每户上限",
                "Cap per business",
                "元",
                30_000,
                _ref("创业带动就业补贴 补贴标准", EMPLOYMENT_DOC),
                reference_en=_ref_en(
                    "subsidy for jobs created by start-ups, subsidy standard", EMPLOYMENT_DOC_EN
                ),
            ),
        ],
    },
    {
        "code": "hiring-subsidy",
        "name_zh": "招用工补贴",
        "name_en": "Hiring subsidy",
        "source_document": f"{EMPLOYMENT_DOC}——招用工补贴（金额为{DEMO_NOTE}）",
        "source_document_en": f"{EMPLOYMENT_DOC_EN}: hiring subsidy (the amount is {DEMO_NOTE_EN})",
        "issuing_department": "rsj",
        "scope": (
            "在白云区依法登记、招用就业困难人员、离校2年内高校毕业生等重点群体并缴纳社会保险的用人单位；"
            "系统按社保数据预先比对，企业提交招用人员花名册后审核。"
        ),
        "scope_en": (
            "Employers lawfully registered in Baiyun District that hire people of key groups, such as persons with "
            "employment difficulties and college graduates within 2 years of leaving school, and pay their social "
            "insurance; the system compares social insurance data in advance and reviews once the employer submits "
            "the roster of the people hired."
        ),
        "legal_basis": EMPLOYMENT_BASIS,
        "legal_basis_en": EMPLOYMENT_BASIS_EN,
        "conditions_text": (
            "1. 注册地在白云区，登记状态正常；\n2. 当年新招用重点群体人员，签订劳动合同并缴纳社会保险；\n"
            "3. 未被列为严重失信主体。"
        ),
        "conditions_text_en": (
            "1. Registered in Baiyun District and in normal standing;\n2. Hired people of key groups this year under"
            " employment contracts, paying their social insurance;\n3. Not listed for serious bad credit."
        ),
        "materials_text": "免申即享：由社保共享数据比对，无需提交材料；企业在线确认招用人员名单和收款账户。",
        "materials_text_en": (
            "Granted without application: compared against shared social insurance data, no materials to submit; the "
            "employer confirms the list of people hired and its bank account online."
        ),
        "fund_standard": (
            f"每招用1名重点群体人员补贴1500元（2025年1月1日前为1000元），每户最高5万元（{DEMO_NOTE}）。"
        ),
        "fund_standard_en": (
            "1,500 yuan for each person of a key group hired (1,000 yuan before 1 January 2025), up to 50,000 yuan per"
            f" employer ({DEMO_NOTE_EN})."
        ),
        "process_text": (
            "1. 区就业服务管理中心按季度比对社保参保、就业登记等共享数据；\n2. 向符合条件的单位推送补贴通知；\n"
            "3. 单位在线确认人员名单和收款账户；\n4. 审核、公示5个工作日后拨付。"
        ),
        "process_text_en": (
            "1. The District Employment Service Centre compares shared social insurance and employment registration "
            "data every quarter;\n2. Sends a subsidy notice to each eligible employer;\n3. The employer confirms the "
            "list of people and its bank account online;\n4. Paid after review and 5 working days of public notice."
        ),
        "time_limit_workdays": 20,
        "tags": ["employment", "subsidy", "micro", "small", "medium", "large"],
        "mode": "application",
        "target": "enterprise",
        "item_ref": "hiring_subsidy",
        "fund": EMPLOYMENT_FUND,
        "effective_from": EFFECTIVE_FROM,
        "conditions": _all(
            "招用工补贴的条件",
            "conditions of the hiring subsidy",
            _in_baiyun(),
            _active(),
            _at_least(
                "priority_hires",
                {"value": 1},
                "当年新招用重点群体人员不少于 {to} 人",
                "at least {to} priority-group hire in the year",
            ),
            _no_bad_credit(),
        ),
        "amount": {
            "op": "per_unit",
            "amount": _yuan("hiring_subsidy_yuan"),
            "count": {"fact": "priority_hires"},
            "cap": _yuan("hiring_subsidy_cap_yuan"),
            "sentence": _s(
                "招用重点群体每人 {hiring_subsidy_yuan} 元，每户最高 {hiring_subsidy_cap_yuan} 元",
                "{hiring_subsidy_yuan} yuan per priority-group hire, at most {hiring_subsidy_cap_yuan} yuan "
                "per employer",
            ),
        },
        "parameters": [
            {
                "key": "hiring_subsidy_yuan",
                "label_zh": "每人补贴",
                "label_en": "Per hire",
                "unit": "元",
                "versions": [
                    {
                        "from": EFFECTIVE_FROM,
                        "value": 1_000,
                        "reference": _ref("招用工补贴 补贴标准", EMPLOYMENT_DOC),
                        "reference_en": _ref_en("hiring subsidy, subsidy standard", EMPLOYMENT_DOC_EN),
                    },
                    {
                        "from": "2025-01-01",
                        "value": 1_500,
                        "reference": _ref("招用工补贴 补贴标准（2025年修订）", EMPLOYMENT_DOC),
                        "reference_en": _ref_en(
                            "hiring subsidy, subsidy standard (2025 revision)", EMPLOYMENT_DOC_EN
                        ),
                    },
                ],
            },
            _param(
                "hiring_subsidy_cap_yuan",
                "每户上限",
                "Cap per employer",
                "元",
                50_000,
                _ref("招用工补贴 补贴标准", EMPLOYMENT_DOC),
                reference_en=_ref_en("hiring subsidy, subsidy standard", EMPLOYMENT_DOC_EN),
            ),
        ],
    },
]

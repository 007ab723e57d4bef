"""The Baiyun demo service catalogue (事项库): the items, bundles, form fields and tags of the ten reform cases
listed in docs/design.md, "What OneGo is for" (《广州市白云区政务服务领域2020-2021年十大优秀改革案例》).

`seed_catalog()` loads it through the catalogue services (`define_item`, `define_bundle`), so every item is
validated (codes, limits, process) and audited like any other. It is idempotent: form fields and tags are
updated in place, items are found by their code, bundles by theirs.

What is demo and what is not
----------------------------
- Codes: the real basic codes (基本编码) of these items are not known here, so every basic code is generated
  in the right structure (12 digits) and starts with "99", a prefix the national catalogue does not use;
  every item is flagged `is_demo_code`. Implementation codes are built from the demo departments' codes
  (themselves generated, see `onego.accounts.demo`).
- Legal bases are real laws and regulations, cited by name (and article where the article is certain).
  Where a limit comes from a source that counts calendar days (日) the text says so and the working-day
  limit is set no longer than the law allows.
- Enquiry phones are demo numbers (020-0000xxxx, a range no real line uses); 12345 is the real hotline.
  Hours are a typical timetable, not Baiyun's published one.
- Policy measures (case 1) carry the names and the two amounts the seed gives (listing up to 13 million
  yuan; up to 100 million yuan at once across the system); other fund standards are left to the policy
  documents, which are not in the seed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from onego.accounts.demo import DEPARTMENT_CODES, DEPARTMENTS
from onego.accounts.models import Department
from onego.catalog.models import Bundle, FormField, ServiceItem, Tag
from onego.catalog.process import (
    Branch,
    commitment_with_video,
    countersign_approval,
    filing_on_the_spot,
    policy_redemption,
    simple_approval,
)
from onego.catalog.services import define_bundle, define_item

EFFECTIVE_FROM = date(2026, 1, 1)
SYSTEM_ACTOR = "system:seed_catalog"

_DEPT_NO = {d.key: number for number, d in enumerate(DEPARTMENTS, start=1)}
_DEPT_SHORT = {d.key: d.short_name for d in DEPARTMENTS}

# Basic-code groups of the demo catalogue (the 3rd–4th digits of a demo basic code).
GROUP_MARKET, GROUP_HEALTH, GROUP_HOUSEHOLD, GROUP_REAL_ESTATE = 1, 2, 3, 4
GROUP_POLICY, GROUP_EMPLOYMENT, GROUP_CONSTRUCTION = 5, 6, 7


def demo_basic_code(group: int, serial: int) -> str:
    """A 12-digit demo basic code: "99" + 2-digit group + 4-digit serial + "0000"."""
    return f"99{group:02d}{serial:04d}0000"


def _phone(dept: str) -> str:
    return f"020-0000{_DEPT_NO[dept]:02d}01（演示号码）"


def _branch(dept: str, days: int) -> Branch:
    return (DEPARTMENT_CODES[dept], _DEPT_SHORT[dept], days)


COMPLAINT_PHONE = "12345（广州12345政务服务便民热线）"
HOURS = "周一至周五 9:00–12:00、13:00–17:00（法定节假日除外）；网上申请全天受理"
PLACE_CENTRE = "广州市白云区政务服务中心综合受理窗口；网上办理：广东政务服务网（白云区）"
NO_FEE_LICENSING = (
    "不收费。《中华人民共和国行政许可法》第五十八条：行政机关实施行政许可和对行政许可事项进行监督检查，"
    "不得收取任何费用；法律、行政法规另有规定的，依照其规定。"
)
NO_FEE = "不收费。"
REAL_ESTATE_FEE_BASIS = (
    "不动产登记费按件收取：住宅类每件80元，非住宅类每件550元；核发一本不动产权属证书的免收证书工本费"
    "（《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》发改价格规〔2016〕2559号）。"
)


# --- tags ------------------------------------------------------------------------------------------------

TAGS: list[tuple[str, str, str, str]] = [  # key, name, English name, category
    ("food", "食品餐饮", "Food and catering", "theme"),
    ("health", "医疗卫生", "Health care", "theme"),
    ("household-registration", "户籍办理", "Household registration", "theme"),
    ("real-estate", "不动产登记", "Real estate registration", "theme"),
    ("enterprise-policy", "惠企政策", "Business support policies", "theme"),
    ("talent", "人才服务", "Talent services", "theme"),
    ("employment", "就业创业", "Employment and entrepreneurship", "theme"),
    ("subsidy", "补贴资助", "Subsidies and grants", "theme"),
    ("construction-project", "工程建设项目", "Construction projects", "theme"),
    ("agency-service", "代办服务", "Agency service", "theme"),
    ("commitment", "告知承诺", "Approval by commitment", "theme"),
    ("remote-inspection", "远程视频核查", "Remote video inspection", "theme"),
    ("paperless", "无纸化办理", "Paperless handling", "theme"),
    ("no-application", "免申即享", "Benefits without applying", "theme"),
    ("e-licence", "电子证照", "E-licences", "theme"),
    ("enterprise", "企业（法人）", "Enterprises", "audience"),
    ("individual", "个人", "Individuals", "audience"),
    ("opening-a-business", "开办企业", "Starting a business", "life_event"),
    ("opening-a-restaurant", "开餐馆", "Opening a restaurant", "life_event"),
    ("opening-a-clinic", "开诊所", "Opening a clinic", "life_event"),
    ("moving-household", "户口迁移", "Moving one's household registration", "life_event"),
    ("marriage-family", "婚姻家庭", "Marriage and family", "life_event"),
    ("buying-a-home", "购房交房", "Buying a home", "life_event"),
    ("starting-up", "自主创业", "Starting up on one's own", "life_event"),
    ("hiring", "招聘用工", "Hiring staff", "life_event"),
    ("enterprise-growth", "企业发展", "Growing a business", "life_event"),
    ("going-public", "企业上市", "Going public", "life_event"),
    ("stage-project-land", "立项用地规划", "Project approval and land-use planning", "life_event"),
    ("stage-engineering-permit", "工程建设许可", "Engineering construction permits", "life_event"),
    ("stage-construction-permit", "施工许可", "Construction permits", "life_event"),
    ("stage-completion", "竣工验收", "Completion and acceptance", "life_event"),
    ("catering", "餐饮业", "Catering", "industry"),
    ("food-retail", "食品销售", "Food retail", "industry"),
    ("medical", "医疗服务", "Medical services", "industry"),
    ("real-estate-development", "房地产开发", "Property development", "industry"),
    ("construction", "建筑业", "Construction industry", "industry"),
]


# --- the shared form-field dictionary ---------------------------------------------------------------------

CREDIT_CODE_PATTERN = r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$"
ID_NUMBER_PATTERN = r"^\d{17}[\dX]$"
MOBILE_PATTERN = r"^1\d{10}$"


def _f(
    key: str,
    field_type: str,
    label_zh: str,
    label_en: str,
    *,
    help_zh: str = "",
    help_en: str = "",
    pattern: str = "",
    min_length: int | None = None,
    max_length: int | None = None,
    choices: list[tuple[str, str, str]] | None = None,
    prefill: str = "",
) -> dict[str, Any]:
    if field_type == "id_number":
        pattern, min_length, max_length = pattern or ID_NUMBER_PATTERN, 18, 18
    elif field_type == "credit_code":
        pattern, min_length, max_length = pattern or CREDIT_CODE_PATTERN, 18, 18
    elif field_type == "phone":
        pattern, min_length, max_length = pattern or MOBILE_PATTERN, 11, 11
    return {
        "key": key,
        "field_type": field_type,
        "label_zh": label_zh,
        "label_en": label_en,
        "help_zh": help_zh,
        "help_en": help_en,
        "pattern": pattern,
        "min_length": min_length,
        "max_length": max_length,
        "choices": [{"value": v, "zh": zh, "en": en} for v, zh, en in (choices or [])],
        "prefill_source": prefill,
    }


FORM_FIELDS: list[dict[str, Any]] = [
    # The market entity, as business registration knows it (onego.registry.models.MarketEntity).
    _f(
        "entity_name",
        "text",
        "市场主体名称",
        "Name of the market entity",
        max_length=200,
        help_zh="与营业执照一致；开办新企业时填写自主申报的拟用名称",
        help_en="As on the business licence; for a new enterprise, the name you have reserved",
        prefill="registry.entity.name",
    ),
    _f(
        "credit_code",
        "credit_code",
        "统一社会信用代码",
        "Unified social credit code",
        help_zh="18位，营业执照上的统一社会信用代码",
        help_en="The 18-character code on the business licence",
        prefill="registry.entity.credit_code",
    ),
    _f(
        "legal_representative",
        "text",
        "法定代表人（负责人）",
        "Legal representative (person in charge)",
        max_length=64,
        prefill="registry.entity.legal_representative",
    ),
    _f(
        "entity_address",
        "address",
        "住所",
        "Registered address",
        max_length=300,
        help_zh="营业执照登记的住所",
        help_en="The address registered on the business licence",
        prefill="registry.entity.address",
    ),
    _f(
        "entity_type",
        "text",
        "主体类型",
        "Type of entity",
        max_length=100,
        help_zh="如：有限责任公司（自然人投资或控股）、个人独资企业、个体工商户",
        help_en="e.g. limited liability company, sole proprietorship, individual business",
        prefill="registry.entity.entity_type",
    ),
    _f("business_scope", "textarea", "经营范围", "Business scope", prefill="registry.entity.business_scope"),
    _f(
        "established_on",
        "date",
        "成立日期",
        "Date of establishment",
        prefill="registry.entity.established_on",
    ),
    _f(
        "registration_authority",
        "text",
        "登记机关",
        "Registration authority",
        max_length=100,
        prefill="registry.entity.registration_authority",
    ),
    # The applicant and the person handling an enterprise's application (the signed-in user's profile).
    _f(
        "applicant_name", "text", "申请人姓名", "Applicant's name", max_length=64, prefill="profile.real_name"
    ),
    _f(
        "applicant_id_number",
        "id_number",
        "申请人公民身份号码",
        "Applicant's ID card number",
        prefill="profile.id_number",
    ),
    _f("applicant_phone", "phone", "申请人手机号码", "Applicant's mobile phone", prefill="profile.phone"),
    _f(
        "handler_name",
        "text",
        "经办人姓名",
        "Name of the person handling the application",
        max_length=64,
        prefill="profile.real_name",
    ),
    _f(
        "handler_phone",
        "phone",
        "经办人手机号码",
        "Mobile phone of the person handling the application",
        prefill="profile.phone",
    ),
    # Food business licence (case 4).
    _f(
        "business_type",
        "choice",
        "主体业态",
        "Type of food business",
        help_zh="仅销售预包装食品的，依《中华人民共和国食品安全法》第三十五条办理备案，无需申请许可",
        help_en="Selling only pre-packaged food needs a filing, not a licence (Food Safety Law, Art. 35)",
        choices=[
            ("small_catering", "小餐饮", "Small catering"),
            ("restaurant", "餐馆", "Restaurant"),
            ("canteen", "单位食堂", "Staff canteen"),
            ("central_kitchen", "中央厨房", "Central kitchen"),
            ("group_meal_delivery", "集体用餐配送单位", "Group meal delivery"),
            (
                "prepackaged_retail",
                "食品销售（预包装食品，兼营其他食品）",
                "Food retail (pre-packaged food and more)",
            ),
        ],
    ),
    _f(
        "food_business_items",
        "multichoice",
        "经营项目",
        "Food business items",
        choices=[
            ("prepackaged_food", "预包装食品销售", "Sale of pre-packaged food"),
            ("bulk_food", "散装食品销售", "Sale of bulk food"),
            ("special_food", "特殊食品销售", "Sale of special food"),
            ("hot_food", "热食类食品制售", "Hot food"),
            ("cold_food", "冷食类食品制售", "Cold food"),
            ("raw_food", "生食类食品制售", "Raw food"),
            ("semi_finished", "半成品制售", "Semi-finished food"),
            ("homemade_drinks", "自制饮品制售", "Home-made drinks"),
        ],
    ),
    _f(
        "premises_address",
        "address",
        "经营场所",
        "Business premises",
        max_length=300,
        help_zh="实际经营地址，写明楼层和房号；应与现场视频的定位一致",
        help_en="Where the business actually runs, with floor and room; must match the video's location",
    ),
    _f(
        "food_safety_manager_name",
        "text",
        "食品安全管理人员姓名",
        "Food-safety manager's name",
        max_length=64,
    ),
    _f(
        "food_safety_manager_phone", "phone", "食品安全管理人员手机号码", "Food-safety manager's mobile phone"
    ),
    # Enterprise establishment registration (case 10).
    _f(
        "legal_representative_id_number",
        "id_number",
        "法定代表人公民身份号码",
        "Legal representative's ID card number",
    ),
    _f("registered_capital", "decimal", "注册资本（万元）", "Registered capital (10,000 yuan)"),
    _f(
        "investors",
        "shareholders",
        "股东（发起人）及出资情况",
        "Shareholders and their contributions",
        help_zh="每行一名：名称或姓名、证件号码、认缴出资额（万元）、出资方式、出资期限，以逗号分隔，"
        "如：李娜，440111198806121024，50，货币，2030-12-31；出资合计应等于注册资本",
        help_en="One per line, separated by commas: name, ID number or credit code, subscribed amount (10,000 "
        "yuan), form and term of contribution; the amounts add up to the registered capital",
    ),
    _f(
        "company_officers",
        "officers",
        "董事、监事、经理",
        "Directors, supervisors and the manager",
        help_zh="每行一名：姓名、职务、公民身份号码，如：李娜，执行董事兼经理，440111198806121024；"
        "不填写的，由法定代表人任执行董事兼经理，不设监事",
        help_en="One per line: name, position, ID number; left empty, the legal representative is executive "
        "director and manager and there is no supervisor",
    ),
    # Clinic opening (case 5): the clinic and the physicians and nurses registered to it.
    _f(
        "institution_name",
        "text",
        "医疗机构名称",
        "Name of the medical institution",
        max_length=200,
        help_zh="诊所名称；医师、护士执业注册时即拟执业的医疗机构",
        help_en="The clinic; for a doctor or nurse, the institution they will practise in",
    ),
    _f(
        "institution_address",
        "address",
        "医疗机构地址（执业地点）",
        "Address of the medical institution",
        max_length=300,
    ),
    _f(
        "clinic_category",
        "choice",
        "诊所类别",
        "Type of clinic",
        choices=[
            ("general", "普通诊所", "General clinic"),
            ("tcm", "中医诊所", "Traditional Chinese medicine clinic"),
            ("integrated", "中西医结合诊所", "Integrated Chinese and Western medicine clinic"),
            ("dental", "口腔诊所", "Dental clinic"),
            ("cosmetic", "医疗美容诊所", "Medical cosmetology clinic"),
        ],
    ),
    _f(
        "clinic_nature",
        "choice",
        "经营性质",
        "For-profit or not",
        choices=[("for_profit", "营利性", "For profit"), ("non_profit", "非营利性", "Not for profit")],
    ),
    _f(
        "clinic_subjects",
        "textarea",
        "诊疗科目",
        "Medical subjects",
        help_zh="按《医疗机构诊疗科目名录》填写",
        help_en="As listed in the catalogue of medical subjects",
    ),
    _f("clinic_floor_area", "decimal", "建筑面积（平方米）", "Floor area (m²)"),
    _f("physician_name", "text", "医师姓名", "Physician's name", max_length=64),
    _f("physician_id_number", "id_number", "医师公民身份号码", "Physician's ID card number"),
    _f(
        "physician_qualification_no",
        "text",
        "医师资格证书编码",
        "Physician qualification certificate number",
        max_length=30,
    ),
    _f(
        "practice_category",
        "choice",
        "执业类别",
        "Category of practice",
        choices=[
            ("clinical", "临床", "Clinical"),
            ("tcm", "中医（含民族医、中西医结合）", "Chinese medicine"),
            ("dental", "口腔", "Dental"),
            ("public_health", "公共卫生", "Public health"),
        ],
    ),
    _f(
        "practice_scope",
        "text",
        "执业范围",
        "Scope of practice",
        max_length=100,
        help_zh="如：内科专业、全科医学专业",
        help_en="e.g. internal medicine, general practice",
    ),
    _f("nurse_name", "text", "护士姓名", "Nurse's name", max_length=64),
    _f("nurse_id_number", "id_number", "护士公民身份号码", "Nurse's ID card number"),
    _f(
        "nurse_exam_cert_no",
        "text",
        "护士执业资格考试成绩合格证明编号",
        "Nurse qualification examination pass number",
        max_length=30,
    ),
    # Household registration (case 2).
    _f("mover_name", "text", "迁移人姓名", "Name of the person moving", max_length=64),
    _f("mover_id_number", "id_number", "迁移人公民身份号码", "ID card number of the person moving"),
    _f(
        "current_hukou_address",
        "address",
        "现户口所在地",
        "Current place of household registration",
        max_length=300,
    ),
    _f("destination_address", "address", "拟迁入地址", "Address to move the registration to", max_length=300),
    _f(
        "sponsor_name",
        "text",
        "被投靠人（收养人）姓名",
        "Name of the sponsor (spouse, child, parent or adopter)",
        max_length=64,
    ),
    _f("sponsor_id_number", "id_number", "被投靠人（收养人）公民身份号码", "Sponsor's ID card number"),
    # Real estate (case 3).
    _f("property_address", "address", "不动产坐落", "Location of the property", max_length=300),
    _f(
        "property_unit_number",
        "text",
        "不动产单元号",
        "Real estate unit number",
        pattern=r"^\d{12}[A-Z]{2}\d{5}[A-Z]\d{8}$",
        min_length=28,
        max_length=28,
        help_zh="28位，见预告登记证明或房屋首次登记信息",
        help_en="28 characters, on the advance registration",
    ),
    _f(
        "sale_contract_no",
        "text",
        "商品房买卖合同网签备案号",
        "Filing number of the sale contract",
        max_length=40,
    ),
    _f("developer_name", "text", "开发企业名称", "Developer's name", max_length=200),
    _f(
        "developer_credit_code",
        "credit_code",
        "开发企业统一社会信用代码",
        "Developer's unified social credit code",
    ),
    _f(
        "co_ownership",
        "choice",
        "共有情况",
        "Form of ownership",
        choices=[
            ("sole", "单独所有", "Sole ownership"),
            ("joint", "共同共有", "Joint ownership"),
            ("by_share", "按份共有", "Ownership in shares"),
        ],
    ),
    _f(
        "co_owners",
        "textarea",
        "共有人及份额",
        "Co-owners and their shares",
        help_zh="共有的填写：姓名、公民身份号码、份额",
        help_en="For co-ownership: name, ID number, share",
    ),
    # Policy redemption (cases 1 and 6).
    _f("bank_account_name", "text", "收款账户名称", "Account name for payment", max_length=200),
    _f("bank_name", "text", "开户银行", "Bank", max_length=100),
    _f("bank_account_number", "text", "银行账号", "Bank account number", pattern=r"^\d{8,30}$"),
    _f("last_year_revenue", "money", "上年度营业收入（元）", "Revenue last year (yuan)"),
    _f("last_year_tax", "money", "上年度纳税总额（元）", "Taxes paid last year (yuan)"),
    _f("employee_count", "integer", "参保职工人数", "Employees insured"),
    _f("revenue_growth_rate", "decimal", "营业收入增长率（%）", "Revenue growth (%)"),
    _f("office_address", "address", "办公用房地址", "Office address", max_length=300),
    _f("office_area", "decimal", "办公用房面积（平方米）", "Office floor area (m²)"),
    _f("office_annual_rent", "money", "办公用房年租金（元）", "Annual office rent (yuan)"),
    _f(
        "executive_list",
        "textarea",
        "高管团队成员",
        "Senior managers",
        help_zh="每行一名：姓名、职务、公民身份号码",
        help_en="One per line: name, position, ID number",
    ),
    _f(
        "listing_stage",
        "choice",
        "上市进度",
        "Stage of listing",
        choices=[
            ("tutoring_filed", "已完成辅导备案", "Tutoring filed"),
            ("application_accepted", "上市申请已获受理", "Application accepted"),
            ("listed", "已成功上市", "Listed"),
        ],
    ),
    _f(
        "listing_board",
        "choice",
        "上市板块",
        "Market",
        choices=[
            ("sse_main", "上海证券交易所主板", "Shanghai main board"),
            ("star", "科创板", "STAR Market"),
            ("szse_main", "深圳证券交易所主板", "Shenzhen main board"),
            ("chinext", "创业板", "ChiNext"),
            ("bse", "北京证券交易所", "Beijing Stock Exchange"),
            ("overseas", "境外证券市场", "Overseas market"),
        ],
    ),
    _f("talent_name", "text", "人才姓名", "Name of the talent", max_length=64),
    _f("talent_id_number", "id_number", "人才公民身份号码", "Talent's ID card number"),
    _f(
        "talent_education",
        "choice",
        "最高学历",
        "Highest degree",
        choices=[
            ("doctorate", "博士研究生", "Doctorate"),
            ("master", "硕士研究生", "Master's"),
            ("bachelor", "大学本科", "Bachelor's"),
            ("other", "其他", "Other"),
        ],
    ),
    _f(
        "talent_list",
        "textarea",
        "人才名单",
        "List of talents",
        help_zh="每行一名：姓名、公民身份号码、学历、租房地址、月租金",
        help_en="One per line: name, ID, degree, address, rent",
    ),
    _f("child_name", "text", "随迁子女姓名", "Child's name", max_length=64),
    _f("child_id_number", "id_number", "随迁子女公民身份号码", "Child's ID card number"),
    _f(
        "child_school_stage",
        "choice",
        "申请入学学段",
        "School stage",
        choices=[
            ("kindergarten", "幼儿园", "Kindergarten"),
            ("primary", "小学", "Primary school"),
            ("junior", "初中", "Junior secondary school"),
        ],
    ),
    _f("service_request", "textarea", "需协调解决的事项", "What needs to be coordinated"),
    # Employment and entrepreneurship (case 7).
    _f(
        "person_category",
        "choice",
        "人员类别",
        "Category of person",
        choices=[
            ("graduate", "高校毕业生（毕业5年内）", "Graduate (within 5 years)"),
            ("returnee", "出国（境）留学回国人员", "Returned overseas student"),
            ("veteran", "退役军人", "Veteran"),
            ("unemployed", "登记失业人员", "Registered unemployed"),
            ("hard_to_employ", "就业困难人员", "Person with employment difficulties"),
            ("other", "其他", "Other"),
        ],
    ),
    _f("subsidy_period_start", "date", "补贴期间起", "Subsidy period from"),
    _f("subsidy_period_end", "date", "补贴期间止", "Subsidy period to"),
    _f("hired_count", "integer", "招用人数", "People hired"),
    _f("new_jobs_count", "integer", "带动就业人数", "Jobs created"),
    # Construction projects (case 8).
    _f("project_name", "text", "项目名称", "Project name", max_length=200),
    _f(
        "project_code",
        "text",
        "投资项目代码",
        "Investment project code",
        pattern=r"^\d{4}-\d{6}-\d{2}-\d{2}-\d{6}$",
        min_length=24,
        max_length=24,
        help_zh="由广东省投资项目在线审批监管平台赋予，如 2026-440111-70-03-000123",
        help_en="Given by the Guangdong online investment project platform",
    ),
    _f("project_address", "address", "建设地点", "Project site", max_length=300),
    _f("construction_scale", "textarea", "建设规模及内容", "Scale and content of the project"),
    _f("total_investment", "decimal", "总投资（万元）", "Total investment (10,000 yuan)"),
    _f("land_area", "decimal", "用地面积（平方米）", "Land area (m²)"),
    _f("floor_area", "decimal", "总建筑面积（平方米）", "Total floor area (m²)"),
    _f("contractor_name", "text", "施工单位名称", "Construction contractor", max_length=200),
    _f("supervisor_name", "text", "监理单位名称", "Supervising engineer", max_length=200),
    _f("contract_price", "decimal", "合同价格（万元）", "Contract price (10,000 yuan)"),
    _f("planned_start_date", "date", "计划开工日期", "Planned start of works"),
]


def _lock(*keys: str) -> list[dict[str, Any]]:
    """Fields taken from business registration: shown prefilled and locked."""
    return [{"key": k, "required": True, "locked": True} for k in keys]


def _optional(*keys: str) -> list[dict[str, Any]]:
    return [{"key": k, "required": False, "locked": False} for k in keys]


# --- materials ---------------------------------------------------------------------------------------------


def _m(
    key: str,
    name: str,
    name_en: str,
    *,
    copy: str = "original",
    count: int = 1,
    medium: str = "electronic",
    required: bool = True,
    licence: str = "",
    shared: str = "",
    notes: str = "",
    condition_text: str = "",
    provision: str = "applicant",
) -> dict[str, Any]:
    return {
        "key": key,
        "name": name,
        "name_en": name_en,
        "original_or_copy": copy,
        "count": count,
        "medium": medium,
        "required": required,
        "condition": {},
        "condition_text": condition_text,
        "substitute_licence_type": licence,
        "substitute_shared_field": shared,
        "notes": notes,
        "provision": provision,
    }


def m_business_licence(required: bool = True) -> dict[str, Any]:
    return _m(
        "business_licence",
        "营业执照",
        "Business licence",
        licence="business_licence",
        required=required,
        notes="已在电子证照库中的，免提交",
    )


def m_legal_rep_id() -> dict[str, Any]:
    return _m(
        "legal_rep_id",
        "法定代表人（负责人）身份证明",
        "Legal representative's identity document",
        shared="profile.id_number",
        notes="通过实名认证和活体人脸识别核验身份，免提交",
    )


def m_applicant_id() -> dict[str, Any]:
    return _m(
        "applicant_id",
        "申请人居民身份证",
        "Applicant's ID card",
        shared="profile.id_number",
        notes="实名认证及人口库共享信息核验，免提交",
    )


def m_agent_authorization() -> dict[str, Any]:
    return _m(
        "agent_authorization",
        "授权委托书及受托人身份证明",
        "Power of attorney and the agent's identity",
        required=False,
        condition_text="委托他人代为办理的",
        notes="受托人身份通过实名认证核验",
    )


def m_social_insurance() -> dict[str, Any]:
    return _m(
        "social_insurance_record",
        "社会保险缴费记录",
        "Social insurance contribution record",
        shared="registry.social_insurance",
        notes="由社保共享数据自动核验，免提交",
    )


def m_labour_contract() -> dict[str, Any]:
    return _m(
        "labour_contract",
        "劳动合同",
        "Employment contract",
        copy="copy",
        notes="上传劳动合同扫描件或电子劳动合同",
    )


def m_bank_account() -> dict[str, Any]:
    return _m(
        "bank_account_proof", "银行开户证明（收款账户）", "Proof of the bank account for payment", copy="copy"
    )


def m_credit_commitment() -> dict[str, Any]:
    return _m(
        "credit_commitment",
        "申报材料真实性及信用承诺书",
        "Commitment that the application is true",
        provision="generated",
        notes="系统按申请信息生成，加盖申请人的电子签名，无需上传",
    )


def m_project_record() -> dict[str, Any]:
    return _m(
        "project_approval_document",
        "项目备案证或核准文件",
        "Project filing certificate or approval",
        shared="registry.investment_project",
        notes="通过广东省投资项目在线审批监管平台共享，免提交",
    )


def m_real_estate_title(required: bool = True) -> dict[str, Any]:
    return _m(
        "real_estate_title",
        "不动产权证书（土地使用权）",
        "Real estate title (land-use right)",
        licence="real_estate_title",
        required=required,
        notes="已在电子证照库中的，免提交",
    )


def m_land_planning_permit() -> dict[str, Any]:
    return _m(
        "land_use_planning_permit",
        "建设用地规划许可证",
        "Construction-land planning permit",
        licence="land_use_planning_permit",
        notes="已在电子证照库中的，免提交",
    )


def m_works_planning_permit() -> dict[str, Any]:
    return _m(
        "construction_planning_permit",
        "建设工程规划许可证",
        "Construction-works planning permit",
        licence="construction_planning_permit",
        notes="已在电子证照库中的，免提交",
    )


def m_application(name: str, name_en: str) -> dict[str, Any]:
    return _m(
        "application_form",
        name,
        name_en,
        provision="generated",
        notes="根据在线表单自动生成，加盖申请人的电子签名，无需上传",
    )


# --- item specs ----------------------------------------------------------------------------------------------


def _item(
    *,
    ref: str,
    dept: str,
    group: int,
    serial: int,
    name: str,
    name_en: str,
    item_type: str,
    routes: list[str],
    statutory: int,
    promised: int,
    process: dict[str, Any],
    legal_basis: str,
    acceptance: str,
    form: list[Any],
    materials: list[dict[str, Any]],
    tags: list[str],
    special: str = "无",
    fee_fen: int = 0,
    fee_basis: str = NO_FEE,
    visits: int = 0,
    fully_online: bool = True,
    handling_form: str = "promised",
    result_name: str = "",
    result_licence_type: str = "",
    level: str = "handling",
    suffix: str = "01",
    parent: str | None = None,
    place: str = PLACE_CENTRE,
    hours: str = HOURS,
    founds_entity: bool = False,
) -> dict[str, Any]:
    """One item spec for `define_item`, with the department and parent as keys (resolved when seeding)."""
    return {
        "ref": ref,
        "dept": dept,
        "parent_ref": parent,
        "level": level,
        "basic_code": demo_basic_code(group, serial),
        "level_char": "5" if dept in {"th", "jh"} else "4",
        "handling_suffix": suffix if level == "handling" else "",
        "is_demo_code": True,
        "effective_from": EFFECTIVE_FROM,
        "name": name,
        "name_en": name_en,
        "item_type": item_type,
        "legal_basis": legal_basis,
        "acceptance_conditions": acceptance,
        "handling_form": handling_form,
        "routes": routes,
        "statutory_limit_workdays": statutory,
        "promised_limit_workdays": promised,
        "special_procedures": special,
        "fee_fen": fee_fen,
        "fee_basis": fee_basis,
        "visits": visits,
        "fully_online": fully_online,
        "place": place,
        "hours": hours,
        "enquiry_phone": _phone(dept),
        "complaint_phone": COMPLAINT_PHONE,
        "result_name": result_name,
        "result_licence_type": result_licence_type,
        "process": process,
        "founds_entity": founds_entity,
        "form": form,
        "materials": materials,
        "tags": tags,
    }


# Case 4: one e-form of 11 fields (6 from business registration) instead of 16 documents with 99 fields.
FOOD_LICENCE_FORM: list[Any] = [
    *_lock(
        "entity_name",
        "credit_code",
        "legal_representative",
        "entity_address",
        "entity_type",
        "business_scope",
    ),
    "business_type",
    "food_business_items",
    "premises_address",
    "food_safety_manager_name",
    "food_safety_manager_phone",
]


def market_items() -> list[dict[str, Any]]:
    """Cases 4 and 10: the food business licence by commitment and video, and enterprise registration."""
    food = _item(
        ref="food_licence",
        dept="scjg",
        group=GROUP_MARKET,
        serial=1,
        name="食品经营许可（告知承诺+现场视频）",
        name_en="Food business licence (commitment and on-site video)",
        item_type="licensing",
        routes=["commitment", "approval"],
        statutory=20,
        promised=1,
        process=commitment_with_video(promised_workdays=1),
        legal_basis=(
            "《中华人民共和国食品安全法》第三十五条：国家对食品生产经营实行许可制度，从事食品销售和餐饮服务应当依法取得许可"
            "（仅销售预包装食品的，应当报所在地县级以上地方人民政府食品安全监督管理部门备案）；"
            "《中华人民共和国行政许可法》；《食品经营许可和备案管理办法》；"
            "《国务院办公厅关于全面推行证明事项和涉企经营许可事项告知承诺制的指导意见》（国办发〔2020〕42号）。"
        ),
        acceptance=(
            "1. 申请人已依法取得营业执照等合法主体资格；\n"
            "2. 具有与经营的食品品种、数量相适应的经营场所，并与有毒、有害场所以及其他污染源保持规定的距离；\n"
            "3. 具有与经营的食品品种、数量相适应的设备设施、食品安全管理人员和保证食品安全的规章制度；\n"
            "4. 申请人自愿选择告知承诺方式，书面承诺符合许可条件，并在经营场所实时录制、上传带精确定位的现场视频不少于2段；\n"
            "5. 有严重失信记录或曾作出虚假承诺的申请人、高风险食品经营项目不适用告知承诺方式，按一般审批程序办理。"
        ),
        special=(
            "无计入时限的特别程序。现场核查以申请人上传的现场视频代替：审查人员在线核实15–48项经营场所现场核查项目"
            "（项目数按主体业态确定），视频不清晰或不完整的一次性告知重新录制。"
            "时限说明：法定时限20个工作日为案例所述原审批时限，承诺时限1个工作日（最快1天办结，时限压缩95%）；"
            "现行规章另有规定的，从其规定。"
            "告知承诺审批后按规定开展核查，发现虚假承诺或隐瞒真实情况的，依法撤销许可、实施处罚并记入信用记录。"
        ),
        fee_basis=NO_FEE_LICENSING,
        visits=0,
        fully_online=True,
        place="网上办理：白云区食品经营许可远程审批系统（广东政务服务网）；咨询：广州市白云区政务服务中心市场监管窗口",
        result_name="《食品经营许可证》（电子证照）",
        result_licence_type="food_business_licence",
        form=FOOD_LICENCE_FORM,
        materials=[
            m_business_licence(),
            m_legal_rep_id(),
            _m(
                "food_safety_rules",
                "食品安全管理制度（10项）",
                "Food-safety management rules (10)",
                provision="generated",
                notes="由系统根据主体业态和经营项目自动生成10项食品安全管理制度，申请人确认即可，无需另行提交",
            ),
            _m(
                "premises_video",
                "经营场所及设备设施现场视频（不少于2段）",
                "On-site videos of the premises and equipment",
                count=2,
                provision="on_site",
                notes="在经营场所实时录制并上传，系统记录高精度定位；应覆盖经营场所布局、加工区域、贮存、冷藏、照明、"
                "清洗消毒及防尘防鼠防虫设施等现场核查项目",
            ),
            _m(
                "commitment_letter",
                "食品经营许可告知承诺书",
                "Commitment letter for the food business licence",
                provision="generated",
                notes="系统生成，在线电子签名确认",
            ),
            _m(
                "food_safety_manager_health",
                "食品安全管理人员健康证明",
                "Health certificate of the food-safety manager",
                shared="registry.health_certificate",
                notes="已在卫生健康部门共享的有效健康证明，免提交；查不到的请上传",
            ),
            _m(
                "layout_and_process",
                "主要设备设施布局及操作流程",
                "Layout of equipment and working process",
                notes="上传平面布局图（标明主要设备设施位置）及操作流程说明，PDF、JPG 或 PNG 文件",
            ),
            m_agent_authorization(),
        ],
        tags=[
            "food",
            "commitment",
            "remote-inspection",
            "e-licence",
            "enterprise",
            "opening-a-business",
            "opening-a-restaurant",
            "catering",
            "food-retail",
        ],
    )
    business = _item(
        ref="business_registration",
        dept="scjg",
        group=GROUP_MARKET,
        serial=2,
        name="企业设立登记（营业执照）",
        name_en="Registration of a new enterprise (business licence)",
        item_type="licensing",
        routes=["approval"],
        statutory=3,
        promised=1,
        process=simple_approval(promised_workdays=1),
        legal_basis=(
            "《中华人民共和国公司法》；《市场主体登记管理条例》第十九条：对申请材料齐全、符合法定形式的予以确认并当场登记；"
            "不能当场登记的，应当在3个工作日内予以登记；情形复杂的，经登记机关负责人批准，可以再延长3个工作日；"
            "《市场主体登记管理条例实施细则》。"
        ),
        acceptance=(
            "1. 企业名称经自主申报，符合企业名称登记管理规定；\n"
            "2. 有符合规定的住所（经营场所）；\n"
            "3. 申请材料齐全、符合法定形式；\n"
            "4. 法定代表人、股东等不存在法律、行政法规规定不得担任或者限制投资的情形。"
        ),
        special=(
            "无。申请材料齐全、符合法定形式的当场登记；不能当场登记的3个工作日内登记（法定时限），"
            "情形复杂的经登记机关负责人批准可再延长3个工作日。"
        ),
        fee_basis="不收费。企业注册登记费已停征（《财政部 国家发展改革委关于清理规范一批行政事业性收费有关政策的通知》财税〔2017〕20号）。",
        visits=0,
        fully_online=True,
        place="网上办理：广东政务服务网（开办企业一网通办）；现场：广州市白云区政务服务中心商事登记窗口、嘉禾街市场监督管理所",
        result_name="《营业执照》（纸质执照及电子营业执照）",
        result_licence_type="business_licence",
        founds_entity=True,
        form=[
            "entity_name",
            "entity_type",
            "entity_address",
            "premises_address",
            "legal_representative",
            "legal_representative_id_number",
            "registered_capital",
            "business_scope",
            "investors",
            *_optional("company_officers"),
            "handler_name",
            "handler_phone",
        ],
        materials=[
            m_application("公司登记（备案）申请书", "Application for company registration"),
            _m(
                "articles_of_association",
                "公司章程",
                "Articles of association",
                provision="generated",
                notes="按标准化章程模板，以您填写的名称、住所、注册资本、股东及出资、经营范围自动生成，"
                "加盖申请人的电子签名，无需上传",
            ),
            _m(
                "investor_identity",
                "股东主体资格证明或自然人身份证明",
                "Shareholders' identity documents",
                shared="profile.id_number",
                notes="自然人股东通过实名认证核验，免提交；法人股东提交其营业执照或登记证书",
            ),
            _m(
                "officer_appointment",
                "法定代表人、董事、监事和经理的任职文件",
                "Appointments of the legal representative and officers",
                provision="generated",
                notes="按您填写的法定代表人及董事、监事、经理自动生成，加盖申请人的电子签名，无需上传",
            ),
            m_legal_rep_id(),
            _m(
                "premises_declaration",
                "住所（经营场所）信息申报",
                "Declaration of the registered address",
                notes="实行住所申报承诺，申报住所的真实性和合法性，无需提交产权证明",
            ),
            m_agent_authorization(),
        ],
        tags=["enterprise", "opening-a-business", "opening-a-restaurant", "e-licence"],
    )
    return [food, business]


def health_items() -> list[dict[str, Any]]:
    """Case 5: clinic filing, physician and nurse registration — done together (三同时)."""
    clinic = _item(
        ref="clinic_filing",
        dept="wjj",
        group=GROUP_HEALTH,
        serial=1,
        name="诊所执业备案（医疗机构执业登记·备案制）",
        name_en="Clinic filing (medical institution registration by filing)",
        item_type="filing",
        routes=["filing"],
        statutory=45,
        promised=1,
        process=filing_on_the_spot(),
        legal_basis=(
            "《医疗机构管理条例》（诊所实行备案管理，诊所按规定向所在地县级人民政府卫生健康主管部门备案后可以开展执业活动）；"
            "《医疗机构管理条例实施细则》；《诊所备案管理暂行办法》。"
        ),
        acceptance=(
            "1. 诊所名称、地址、诊疗科目等符合规定，房屋面积、功能分区、设备设施和人员配备达到诊所基本标准；\n"
            "2. 诊所执业人员具有有效的执业资格并已（或同时申请）在本诊所执业注册；\n"
            "3. 设置人承诺诊所符合开业条件，材料真实有效；\n"
            "4. 网上申请、上传材料，材料齐全符合要求的即进入制证环节。"
        ),
        special=(
            "无。原现场勘查、专家评审环节后置，由卫生健康监督管理部门在事中事后监管中核实。"
            "时限说明：45个工作日为案例所述诊所设置审批的原法定时限；改为备案制后承诺1个工作日办结，"
            "流程为网上材料审查—出证2个环节。"
        ),
        fee_basis=NO_FEE,
        visits=0,
        fully_online=True,
        place="网上办理：广东政务服务网；现场领取：广州市白云区政务服务中心卫生健康窗口（纸质证照与电子证照同步）",
        result_name="《诊所备案凭证》（原《医疗机构执业许可证》）",
        result_licence_type="clinic_filing_certificate",
        form=[
            "institution_name",
            "institution_address",
            "clinic_category",
            "clinic_nature",
            "clinic_subjects",
            "clinic_floor_area",
            {"key": "legal_representative", "required": True, "locked": True},
            *_optional("credit_code"),
            "handler_name",
            "handler_phone",
        ],
        materials=[
            m_application("诊所备案信息表", "Clinic filing form"),
            _m(
                "clinic_premises_proof",
                "诊所用房产权证明或使用证明",
                "Proof of title or use of the premises",
                copy="copy",
            ),
            _m(
                "clinic_floor_plan",
                "诊所房屋平面布局图（标明功能分区及面积）",
                "Floor plan with functional areas and sizes",
            ),
            _m("clinic_rules", "诊所规章制度", "Clinic rules and procedures"),
            _m(
                "clinic_staff_list",
                "诊所人员名单及其执业资格、执业注册情况",
                "Staff list with qualifications and registrations",
                notes="同时申请医师、护士执业注册的，注册结果自动关联",
            ),
            _m(
                "clinic_commitment",
                "诊所符合开业条件承诺书",
                "Commitment that the clinic meets the opening conditions",
                provision="generated",
                notes="系统按申请信息生成，加盖申请人的电子签名，无需上传",
            ),
            m_business_licence(required=False) | {"condition_text": "营利性诊所已办理营业执照的"},
            m_legal_rep_id(),
        ],
        tags=[
            "health",
            "medical",
            "opening-a-clinic",
            "opening-a-business",
            "e-licence",
            "enterprise",
            "individual",
        ],
    )
    physician = _item(
        ref="physician_registration",
        dept="wjj",
        group=GROUP_HEALTH,
        serial=2,
        name="医师执业注册",
        name_en="Registration of a physician's practice",
        item_type="licensing",
        routes=["approval"],
        statutory=20,
        promised=1,
        process=simple_approval(promised_workdays=1),
        handling_form="immediate",
        legal_basis=(
            "《中华人民共和国医师法》（医师执业注册的法定办理时限为二十个工作日）；《医师执业注册管理办法》。"
        ),
        acceptance=(
            "1. 已取得医师资格；\n2. 拟在本区医疗机构（含同时备案的诊所）执业；\n"
            "3. 不存在《中华人民共和国医师法》规定不予注册的情形。"
        ),
        special="无。实行“立等可取”：材料齐全、符合要求的当场办结，可与诊所备案同时办结、同时发证。",
        fee_basis=NO_FEE_LICENSING,
        visits=0,
        fully_online=True,
        result_name="《医师执业证书》（电子证照）",
        result_licence_type="physician_practising_certificate",
        form=[
            "physician_name",
            "physician_id_number",
            "physician_qualification_no",
            "practice_category",
            "practice_scope",
            "institution_name",
            "institution_address",
            "handler_phone",
        ],
        materials=[
            m_application("医师执业注册申请审核表", "Physician registration form"),
            _m(
                "physician_qualification",
                "医师资格证书",
                "Physician qualification certificate",
                licence="physician_qualification",
                notes="已在电子证照库中的，免提交",
            ),
            _m(
                "physician_id",
                "医师居民身份证",
                "Physician's ID card",
                shared="registry.person",
                notes="人口库共享信息核验，免提交",
            ),
            _m("physician_photo", "近6个月内二寸白底免冠正面半身照片", "Recent passport-style photo"),
            _m(
                "employment_proof",
                "医疗机构聘用证明",
                "Employment letter from the medical institution",
                notes="同时办理诊所备案的，由诊所在线出具",
            ),
        ],
        tags=["health", "medical", "opening-a-clinic", "e-licence", "individual"],
    )
    nurse = _item(
        ref="nurse_registration",
        dept="wjj",
        group=GROUP_HEALTH,
        serial=3,
        name="护士执业注册",
        name_en="Registration of a nurse's practice",
        item_type="licensing",
        routes=["approval"],
        statutory=20,
        promised=1,
        process=simple_approval(promised_workdays=1),
        handling_form="immediate",
        legal_basis=(
            "《护士条例》第八条（收到申请的卫生主管部门应当自收到申请之日起20个工作日内做出决定）；"
            "《护士执业注册管理办法》。"
        ),
        acceptance=(
            "1. 具有完全民事行为能力；\n2. 完成规定的护理、助产专业学历教育及临床实习；\n"
            "3. 通过国务院卫生主管部门组织的护士执业资格考试；\n4. 符合规定的健康标准；\n"
            "5. 拟在本区医疗卫生机构（含同时备案的诊所）执业。"
        ),
        special="无。实行“立等可取”：材料齐全、符合要求的当场办结，可与诊所备案同时办结、同时发证。",
        fee_basis=NO_FEE_LICENSING,
        visits=0,
        fully_online=True,
        result_name="《护士执业证书》（电子证照）",
        result_licence_type="nurse_practising_certificate",
        form=[
            "nurse_name",
            "nurse_id_number",
            "nurse_exam_cert_no",
            "institution_name",
            "institution_address",
            "handler_phone",
        ],
        materials=[
            m_application("护士执业注册申请审核表", "Nurse registration form"),
            _m(
                "nurse_id",
                "护士居民身份证",
                "Nurse's ID card",
                shared="registry.person",
                notes="人口库共享信息核验，免提交",
            ),
            _m(
                "nurse_education",
                "学历证书及临床实习证明",
                "Diploma and proof of clinical practice",
                copy="copy",
            ),
            _m(
                "nurse_exam_result",
                "护士执业资格考试成绩合格证明",
                "Pass certificate of the nurse examination",
                shared="registry.nurse_exam_result",
                notes="考试成绩共享数据核验，免提交",
            ),
            _m("nurse_health_check", "6个月内健康体检证明", "Health check within 6 months"),
            _m(
                "employment_proof",
                "医疗机构聘用证明",
                "Employment letter from the medical institution",
                notes="同时办理诊所备案的，由诊所在线出具",
            ),
        ],
        tags=["health", "medical", "opening-a-clinic", "e-licence", "individual"],
    )
    return [clinic, physician, nurse]


def household_items() -> list[dict[str, Any]]:
    """Case 2: paperless household registration — four move-in items, final approval by the district branch."""
    common: dict[str, Any] = {
        "dept": "ga",
        "group": GROUP_HOUSEHOLD,
        "serial": 1,
        "item_type": "licensing",
        "routes": ["approval"],
        "statutory": 27,
        "promised": 13,
        "process": simple_approval(promised_workdays=13),
        "legal_basis": (
            "《中华人民共和国户口登记条例》第十三条（公民迁移，城市在三日以内、农村在十日以内，由本人或者户主持迁移证件"
            "向户口登记机关申报迁入登记）；"
            "广州市户籍迁入管理现行规定。"
        ),
        "special": (
            "无计入时限的特别程序。时限说明：未查到本事项的法定办理时限，法定时限栏填27个工作日，为改革前市公安局终审时的"
            "办理时限；改革后由白云公安分局终审，承诺13个工作日办结。无纸化办理：窗口以高拍仪拍摄材料上传、"
            "电子签名代替手写签名，以电子证照和部门共享信息核验证件材料，不收复印件。"
        ),
        "fee_basis": NO_FEE,
        "visits": 1,
        "fully_online": False,
        "place": "白云公安分局辖区派出所户政窗口；广州市白云区政务服务中心公安户政窗口",
        "result_name": "户口迁入（《居民户口簿》登记变更）",
        "result_licence_type": "household_register",
        "form": [
            "applicant_name",
            "applicant_id_number",
            "applicant_phone",
            "mover_name",
            "mover_id_number",
            "current_hukou_address",
            "destination_address",
            "sponsor_name",
            "sponsor_id_number",
        ],
    }
    form_sign = _m(
        "application_form",
        "户口迁移申请表",
        "Application to move household registration",
        provision="generated",
        notes="窗口生成电子表单，申请人一次电子签名，可用于同次办理的多张表单",
    )
    mover_id = _m(
        "mover_id",
        "迁移人居民身份证",
        "ID card of the person moving",
        shared="registry.person",
        notes="人口库共享信息核验，免提交",
    )
    sponsor_register = _m(
        "household_register",
        "被投靠人（收养人）居民户口簿",
        "Sponsor's household register",
        licence="household_register",
        notes="电子证照核验，免提交",
    )
    housing = _m(
        "housing_proof",
        "迁入地合法住所证明",
        "Proof of lawful residence at the destination",
        licence="real_estate_title",
        notes="有不动产权电子证照的免提交；租住的以高拍仪拍摄租赁登记材料上传",
    )
    main = _item(
        ref="hukou_move_in",
        level="main",
        name="市外迁入户口",
        name_en="Moving household registration into Guangzhou",
        acceptance="迁入人符合广州市户籍迁入管理规定的投靠或收养入户条件，具体条件见各业务办理项。",
        materials=[],
        tags=["household-registration", "moving-household", "paperless", "individual"],
        **{k: v for k, v in common.items() if k != "form"},
        form=[],
    )
    spouse = _item(
        ref="hukou_spouse",
        parent="hukou_move_in",
        suffix="01",
        name="市外迁入户口（投靠配偶）",
        name_en="Moving in to join a spouse",
        acceptance=(
            "1. 迁入人与被投靠人为合法夫妻；\n2. 被投靠人为本区常住户籍人口，在迁入地有合法固定住所；\n"
            "3. 结婚年限、年龄等其他条件以广州市现行户籍迁入规定为准。"
        ),
        materials=[
            form_sign,
            mover_id,
            sponsor_register,
            _m(
                "marriage_certificate",
                "结婚证",
                "Marriage certificate",
                shared="registry.marriage_record",
                notes="婚姻登记共享信息核验，免提交",
            ),
            housing,
        ],
        tags=["household-registration", "moving-household", "marriage-family", "paperless", "individual"],
        **common,
    )
    child = _item(
        ref="hukou_child",
        parent="hukou_move_in",
        suffix="02",
        name="市外迁入户口（投靠子女）",
        name_en="Moving in to join one's child",
        acceptance=(
            "1. 迁入人为被投靠人的父亲或母亲；\n2. 被投靠人为本区常住户籍人口，在迁入地有合法固定住所；\n"
            "3. 年龄、被投靠人落户年限等其他条件以广州市现行户籍迁入规定为准。"
        ),
        materials=[
            form_sign,
            mover_id,
            sponsor_register,
            _m(
                "kinship_proof",
                "亲属关系证明（出生医学证明或户籍登记信息）",
                "Proof of the parent–child relationship",
                shared="registry.household_relationship",
                notes="以户籍登记共享信息核验亲属关系，免提交",
            ),
            housing,
        ],
        tags=["household-registration", "moving-household", "marriage-family", "paperless", "individual"],
        **common,
    )
    parent = _item(
        ref="hukou_parent",
        parent="hukou_move_in",
        suffix="03",
        name="市外迁入户口（投靠父母）",
        name_en="Moving in to join one's parents",
        acceptance=(
            "1. 迁入人为被投靠人的子女；\n2. 被投靠人为本区常住户籍人口，在迁入地有合法固定住所；\n"
            "3. 子女年龄、婚姻状况等其他条件以广州市现行户籍迁入规定为准。"
        ),
        materials=[
            form_sign,
            mover_id,
            sponsor_register,
            _m(
                "birth_certificate",
                "出生医学证明",
                "Medical birth certificate",
                licence="birth_medical_certificate",
                notes="电子证照核验，免提交",
            ),
            housing,
        ],
        tags=["household-registration", "moving-household", "marriage-family", "paperless", "individual"],
        **common,
    )
    adoption = _item(
        ref="hukou_adoption",
        parent="hukou_move_in",
        suffix="04",
        name="市外迁入户口（收养入户）",
        name_en="Moving an adopted child in",
        acceptance=(
            "1. 收养关系已依法办理收养登记；\n2. 收养人为本区常住户籍人口，在迁入地有合法固定住所；\n"
            "3. 其他条件以广州市现行户籍迁入规定为准。"
        ),
        materials=[
            form_sign,
            mover_id,
            sponsor_register,
            _m(
                "adoption_certificate",
                "收养登记证",
                "Adoption registration certificate",
                licence="adoption_certificate",
                notes="电子证照核验，免提交",
            ),
            housing,
        ],
        tags=["household-registration", "moving-household", "marriage-family", "paperless", "individual"],
        **common,
    )
    return [main, spouse, child, parent, adoption]


def real_estate_items() -> list[dict[str, Any]]:
    """Case 3: 交房即交证 — the buyer's title issued on the day the flat is handed over."""
    transfer = _item(
        ref="new_housing_transfer",
        dept="gzj",
        group=GROUP_REAL_ESTATE,
        serial=1,
        name="国有建设用地使用权及房屋所有权转移登记（新建商品房·交房即交证）",
        name_en="Transfer registration of land-use right and ownership of a new commercial home (title on handover)",
        item_type="confirmation",
        routes=["approval"],
        statutory=30,
        promised=1,
        process=simple_approval(promised_workdays=1),
        legal_basis=(
            "《中华人民共和国民法典》第二百零九条；《不动产登记暂行条例》第二十条（不动产登记机构应当自受理登记申请之日起"
            "30个工作日内办结不动产登记手续，法律另有规定的除外）；《不动产登记暂行条例实施细则》。"
        ),
        acceptance=(
            "1. 新建商品房项目已办理房屋所有权首次登记，购房人已办理预告登记（含预告抵押登记）；\n"
            "2. 开发企业与购房人共同申请（开发企业已完成网上身份认证和电子签章申领）；\n"
            "3. 契税等相关税费已缴纳；\n4. 申请人在线完成人脸识别和签名核验。"
        ),
        special=(
            "无计入时限的特别程序。承诺时限说明：开发企业在交房前协助购房人完成网上申请、材料收集和税费缴纳，"
            "登记机构提前网上审核，登簿后即可核发不动产权电子证书，故承诺1个工作日办结，可在交房现场同步发证；"
            "经申请可提供送证至现场服务。"
        ),
        fee_fen=8000,
        fee_basis=REAL_ESTATE_FEE_BASIS,
        visits=0,
        fully_online=True,
        place="网上办理：广州市不动产登记网上申办平台；可申请“交房即交证”现场送证服务",
        result_name="不动产权电子证书",
        result_licence_type="real_estate_title",
        form=[
            "applicant_name",
            "applicant_id_number",
            "applicant_phone",
            "property_address",
            "property_unit_number",
            "sale_contract_no",
            "developer_name",
            "developer_credit_code",
            "co_ownership",
            *_optional("co_owners"),
        ],
        materials=[
            m_application("不动产登记申请书", "Application for real estate registration"),
            m_applicant_id(),
            _m(
                "sale_contract",
                "商品房买卖合同",
                "Sale contract of the commercial home",
                shared="registry.housing_contract_filing",
                notes="网签备案数据共享，免提交",
            ),
            _m(
                "advance_registration",
                "预告登记证明",
                "Certificate of advance registration",
                licence="real_estate_registration_certificate",
                notes="电子证照核验，免提交",
            ),
            _m(
                "deed_tax_receipt",
                "契税完税凭证",
                "Deed tax receipt",
                shared="registry.tax_payment",
                notes="税务共享数据核验，免提交",
            ),
            _m(
                "developer_business_licence",
                "开发企业营业执照",
                "Developer's business licence",
                licence="business_licence",
                notes="电子证照核验，免提交",
            ),
            _m(
                "marital_status",
                "婚姻状况证明",
                "Proof of marital status",
                shared="registry.marriage_record",
                required=False,
                condition_text="夫妻共有或涉及婚姻状况的",
                notes="婚姻登记共享信息核验，免提交",
            ),
        ],
        tags=["real-estate", "buying-a-home", "e-licence", "individual", "real-estate-development"],
    )
    return [transfer]


# --- case 1: the 14 measures of the "1+4+N" policy system, and 升规纳统 without applying -------------------

POLICY_BASIS = (
    "《优化营商环境条例》（国务院令第722号）；广州市白云区“1+4+N”惠企政策体系（区发展改革局牵头，涵盖中小企业、"
    "重点“四上”企业、总部企业、上市企业扶持）。具体政策文件名称、条款及扶持标准以区人民政府公布的现行文本为准。"
)
POLICY_SPECIAL = (
    "公示为特别程序：审核结果在区政府网站公示5个工作日，公示期不计入承诺时限；公示有异议且异议成立的重新审核。"
    "时限说明：政策兑现事项无法定办理时限，法定时限栏按30个工作日设定。"
)
SERVICE_SPECIAL = "无。时限说明：本服务事项无法定办理时限，法定时限栏按20个工作日设定。"
POLICY_PLACE = "网上办理：白云区惠企政策兑现集成服务系统；现场：广州市白云区政务服务中心“政策兑现”专窗"
ENTITY_LOCKED = _lock("entity_name", "credit_code", "legal_representative")
BANK = ["bank_account_name", "bank_name", "bank_account_number"]


def _money_measure(
    *,
    serial: int,
    ref: str,
    name: str,
    name_en: str,
    item_type: str,
    acceptance: str,
    extra_form: list[Any],
    extra_materials: list[dict[str, Any]],
    branches: list[Branch],
    tags: list[str],
    fee_basis: str = NO_FEE,
) -> dict[str, Any]:
    return _item(
        ref=ref,
        dept="fgj",
        group=GROUP_POLICY,
        serial=serial,
        name=name,
        name_en=name_en,
        item_type=item_type,
        routes=["approval"],
        statutory=30,
        promised=20,
        process=policy_redemption(branches, publicity_days=5, promised_workdays=20),
        legal_basis=POLICY_BASIS,
        acceptance=acceptance,
        special=POLICY_SPECIAL,
        fee_basis=fee_basis,
        visits=0,
        fully_online=True,
        place=POLICY_PLACE,
        form=[
            *ENTITY_LOCKED,
            *_lock("entity_address", "established_on"),
            *extra_form,
            *BANK,
            "handler_name",
            "handler_phone",
        ],
        materials=[
            m_application("扶持资金申报表", "Application for support funds"),
            m_business_licence(),
            *extra_materials,
            m_bank_account(),
            m_credit_commitment(),
        ],
        tags=["enterprise-policy", "subsidy", "enterprise", *tags],
    )


def _service_measure(
    *,
    serial: int,
    ref: str,
    name: str,
    name_en: str,
    acceptance: str,
    extra_form: list[Any],
    extra_materials: list[dict[str, Any]],
    branches: list[Branch],
    tags: list[str],
    result_name: str,
) -> dict[str, Any]:
    return _item(
        ref=ref,
        dept="fgj",
        group=GROUP_POLICY,
        serial=serial,
        name=name,
        name_en=name_en,
        item_type="public_service",
        routes=["approval"],
        statutory=20,
        promised=10,
        process=countersign_approval(branches, promised_workdays=10),
        legal_basis=POLICY_BASIS,
        acceptance=acceptance,
        special=SERVICE_SPECIAL,
        visits=0,
        fully_online=True,
        place=POLICY_PLACE,
        result_name=result_name,
        form=[*ENTITY_LOCKED, *extra_form, "handler_name", "handler_phone"],
        materials=[
            m_application("服务申请表", "Application for the service"),
            m_business_licence(),
            *extra_materials,
            m_credit_commitment(),
        ],
        tags=["enterprise-policy", "enterprise", *tags],
    )


TALENT_FORM = ["talent_name", "talent_id_number", "talent_education"]


def _talent_materials() -> list[dict[str, Any]]:
    return [
        m_labour_contract(),
        _m(
            "education_certificate",
            "学历学位证书",
            "Degree certificates",
            licence="education_certificate",
            notes="学历学位电子证照核验，免提交",
        ),
        _m(
            "talent_social_insurance",
            "人才在本企业的社会保险缴费记录",
            "The talent's social insurance record at the enterprise",
            shared="registry.social_insurance",
            notes="由社保共享数据自动核验，免提交",
        ),
    ]


def policy_items() -> list[dict[str, Any]]:
    fin = [
        _m(
            "financial_statements",
            "上年度财务报表（经审计）",
            "Audited financial statements of last year",
            copy="copy",
        ),
        _m(
            "tax_certificate",
            "上年度纳税证明",
            "Tax payment certificate of last year",
            shared="registry.tax_payment",
            notes="税务共享数据核验，免提交",
        ),
    ]
    fgj_scjg_tcj = [_branch("scjg", 5), _branch("tcj", 5)]
    items = [
        _money_measure(
            serial=1,
            ref="policy_benchmark",
            name="标杆企业扶持",
            name_en="Support for benchmark enterprises",
            item_type="reward",
            acceptance=(
                "1. 在白云区依法登记注册、实行独立核算、财务制度健全的企业；\n2. 符合“1+4+N”政策体系中标杆企业的认定条件"
                "（产业类别、营业收入、区级经济贡献等，以政策文件为准）；\n3. 近三年无严重失信记录，未发生重大安全、环保、质量事故。"
            ),
            extra_form=["last_year_revenue", "last_year_tax"],
            extra_materials=fin,
            branches=fgj_scjg_tcj,
            tags=["enterprise-growth"],
        ),
        _money_measure(
            serial=2,
            ref="policy_settlement",
            name="落户扶持",
            name_en="Support for enterprises settling in Baiyun",
            item_type="benefit",
            acceptance=(
                "1. 新引进或新注册落户白云区，工商注册、税务征管和统计关系均在白云区的企业；\n"
                "2. 符合“1+4+N”政策体系落户扶持的条件（以政策文件为准）；\n3. 承诺在规定年限内不迁离白云区。"
            ),
            extra_form=[
                {"key": "registration_authority", "required": True, "locked": True},
                "last_year_revenue",
            ],
            extra_materials=[
                fin[1],
                _m(
                    "relocation_commitment",
                    "不迁离承诺书",
                    "Commitment to stay in Baiyun",
                    provision="generated",
                    notes="系统按申请信息生成，加盖申请人的电子签名，无需上传",
                ),
            ],
            branches=fgj_scjg_tcj,
            tags=["opening-a-business"],
        ),
        _money_measure(
            serial=3,
            ref="policy_office",
            name="新引进或新注册企业办公用房扶持",
            name_en="Office premises support for newly introduced or registered enterprises",
            item_type="benefit",
            acceptance=(
                "1. 新引进或新注册落户白云区的企业；\n2. 在白云区租用或购置自用办公用房，且未转租、未改变用途；\n"
                "3. 符合“1+4+N”政策体系办公用房扶持的条件（面积、期限、标准以政策文件为准）。"
            ),
            extra_form=["office_address", "office_area", "office_annual_rent"],
            extra_materials=[
                _m(
                    "office_lease",
                    "办公用房租赁合同或购房合同",
                    "Lease or purchase contract of the office",
                    copy="copy",
                ),
                _m("rent_invoice", "租金支付凭证及发票", "Rent receipts and invoices", copy="copy"),
            ],
            branches=fgj_scjg_tcj,
            tags=["opening-a-business"],
        ),
        _money_measure(
            serial=4,
            ref="policy_growth",
            name="企业成长扶持",
            name_en="Support for growing enterprises",
            item_type="reward",
            acceptance=(
                "1. 在白云区依法登记注册、纳入统计的企业；\n2. 营业收入或区级经济贡献增长达到“1+4+N”政策体系企业成长扶持的"
                "条件（以政策文件为准）。"
            ),
            extra_form=["last_year_revenue", "revenue_growth_rate"],
            extra_materials=fin,
            branches=fgj_scjg_tcj,
            tags=["enterprise-growth"],
        ),
        _money_measure(
            serial=5,
            ref="policy_contribution",
            name="突出贡献扶持",
            name_en="Support for outstanding contribution",
            item_type="reward",
            acceptance=(
                "1. 在白云区依法登记注册的企业；\n2. 对全区经济社会发展作出突出贡献，符合“1+4+N”政策体系突出贡献扶持的条件"
                "（以政策文件为准）。"
            ),
            extra_form=["last_year_revenue", "last_year_tax"],
            extra_materials=fin,
            branches=fgj_scjg_tcj,
            tags=["enterprise-growth"],
        ),
        _money_measure(
            serial=6,
            ref="policy_executives",
            name="高管团队扶持",
            name_en="Support for senior management teams",
            item_type="benefit",
            acceptance=(
                "1. 符合“1+4+N”政策体系扶持条件的企业；\n2. 高管团队成员在本企业任职并在白云区缴纳个人所得税和社会保险；\n"
                "3. 扶持对象和标准以政策文件为准。"
            ),
            extra_form=["executive_list"],
            extra_materials=[
                _m(
                    "executive_appointments",
                    "高管任职文件",
                    "Appointments of the senior managers",
                    copy="copy",
                ),
                _m(
                    "executive_income_tax",
                    "高管个人所得税纳税记录",
                    "Senior managers' income tax records",
                    shared="registry.individual_income_tax",
                    notes="税务共享数据核验，免提交",
                ),
                m_social_insurance(),
            ],
            branches=[_branch("scjg", 5), _branch("rsj", 5)],
            tags=["talent"],
        ),
        _money_measure(
            serial=7,
            ref="policy_listing",
            name="上市企业扶持",
            name_en="Support for enterprises going public",
            item_type="reward",
            acceptance=(
                "1. 注册地和纳税地在白云区的拟上市或已上市企业；\n2. 按上市进度（辅导备案、申报受理、成功上市）分阶段申请，"
                "扶持前置，拟上市企业可根据进度享受扶持资金、政策支持及专项服务；\n3. 同一阶段不重复享受。"
            ),
            extra_form=["listing_stage", "listing_board"],
            extra_materials=[
                _m(
                    "listing_progress_proof",
                    "上市进度证明（辅导备案、受理通知或上市公告）",
                    "Proof of the listing stage",
                    copy="copy",
                ),
                fin[0],
            ],
            branches=fgj_scjg_tcj,
            tags=["going-public", "enterprise-growth"],
            fee_basis=(
                "不收费。扶持资金标准：拟上市企业按上市进度分阶段享受扶持资金，企业上市最高可获1300万元扶持资金；"
                "“1+4+N”惠企政策体系一次性最高扶持可达1亿元（案例一）。各阶段具体金额以现行政策文件为准。"
            ),
        ),
        _money_measure(
            serial=8,
            ref="policy_talent_rent",
            name="企业人才租房扶持",
            name_en="Rent support for enterprise talents",
            item_type="benefit",
            acceptance=(
                "1. 符合“1+4+N”政策体系扶持条件的企业；\n2. 人才与企业签订劳动合同并在白云区缴纳社会保险，在白云区租房且本人"
                "及配偶在本市无自有住房；\n3. 人才条件和扶持标准以政策文件为准。"
            ),
            extra_form=["talent_list"],
            extra_materials=[
                m_labour_contract(),
                m_social_insurance(),
                _m(
                    "talent_lease", "人才租房合同及租金凭证", "Talents' leases and rent receipts", copy="copy"
                ),
            ],
            branches=[_branch("rsj", 5), _branch("zjj", 5)],
            tags=["talent"],
        ),
        _service_measure(
            serial=9,
            ref="talent_hukou_quota",
            name="人才入户指标",
            name_en="Household registration quota for talents",
            acceptance=(
                "1. 符合“1+4+N”政策体系扶持条件的企业推荐其人才；\n2. 人才符合广州市人才引进入户条件；\n"
                "3. 指标数量和分配规则以政策文件为准。"
            ),
            extra_form=TALENT_FORM,
            extra_materials=_talent_materials(),
            branches=[_branch("rsj", 5), _branch("ga", 5)],
            tags=["talent", "moving-household"],
            result_name="人才入户指标确认",
        ),
        _service_measure(
            serial=10,
            ref="talent_school_quota",
            name="人才随迁子女入学指标",
            name_en="School places for talents' accompanying children",
            acceptance=(
                "1. 符合“1+4+N”政策体系扶持条件的企业推荐其人才；\n2. 随迁子女申请在白云区公办学校（幼儿园）就读；\n"
                "3. 学位由区教育部门统筹安排（区教育局不是演示部门，会签暂由区人社局、白云公安分局承担）。"
            ),
            extra_form=[*TALENT_FORM, "child_name", "child_id_number", "child_school_stage"],
            extra_materials=[
                *_talent_materials(),
                _m(
                    "child_kinship",
                    "亲子关系证明",
                    "Proof of the parent–child relationship",
                    shared="registry.household_relationship",
                    notes="户籍共享信息核验，免提交",
                ),
            ],
            branches=[_branch("rsj", 5), _branch("ga", 5)],
            tags=["talent"],
            result_name="人才随迁子女入学指标确认",
        ),
        _service_measure(
            serial=11,
            ref="talent_green_card",
            name="人才绿卡",
            name_en="Talent green card",
            acceptance="1. 符合“1+4+N”政策体系扶持条件的企业推荐其人才；\n2. 人才符合广州市人才绿卡申领条件。",
            extra_form=TALENT_FORM,
            extra_materials=_talent_materials(),
            branches=[_branch("rsj", 5), _branch("ga", 5)],
            tags=["talent"],
            result_name="人才绿卡推荐确认",
        ),
        _service_measure(
            serial=12,
            ref="talent_yunju_card",
            name="云聚英才卡",
            name_en="Yunju talent card (Baiyun)",
            acceptance="1. 符合“1+4+N”政策体系扶持条件的企业推荐其人才；\n2. 人才符合白云区云聚英才卡发放条件（以政策文件为准）。",
            extra_form=TALENT_FORM,
            extra_materials=_talent_materials(),
            branches=[_branch("rsj", 5), _branch("zsj", 5)],
            tags=["talent"],
            result_name="云聚英才卡",
        ),
        _service_measure(
            serial=13,
            ref="talent_medical_card",
            name="人才就医绿色通道服务卡",
            name_en="Fast-track medical care card for talents",
            acceptance="1. 符合“1+4+N”政策体系扶持条件的企业推荐其人才；\n2. 人才符合就医绿色通道服务条件（以政策文件为准）。",
            extra_form=TALENT_FORM,
            extra_materials=_talent_materials(),
            branches=[_branch("rsj", 5), _branch("wjj", 5)],
            tags=["talent", "health"],
            result_name="人才就医绿色通道服务卡",
        ),
        _service_measure(
            serial=14,
            ref="service_fast_track",
            name="政务服务绿色通道",
            name_en="Fast track for government services",
            acceptance=(
                "1. 符合“1+4+N”政策体系扶持条件的企业；\n2. 企业办理行政审批和公共服务事项时需要专人对接、协调解决的。"
            ),
            extra_form=["service_request"],
            extra_materials=[],
            branches=[_branch("zsj", 5), _branch("tcj", 5)],
            tags=["agency-service"],
            result_name="政务服务绿色通道专员对接",
        ),
    ]
    upgrade = _item(
        ref="policy_upgrade",
        dept="fgj",
        group=GROUP_POLICY,
        serial=15,
        name="中小企业“升规纳统”扶持（免申即享）",
        name_en="Support for SMEs entering the above-scale statistics (no application)",
        item_type="reward",
        routes=["approval"],
        statutory=30,
        promised=20,
        process=policy_redemption(
            [_branch("scjg", 5), _branch("tcj", 5)], publicity_days=5, promised_workdays=20
        ),
        legal_basis=POLICY_BASIS,
        acceptance=(
            "免申即享：企业无需申报。区发展改革局根据首次纳入规模以上（限额以上）统计的企业名录等共享数据主动比对，"
            "对符合条件的企业推送兑现通知；企业在线确认兑现意愿和收款账户后，经会签、公示即拨付资金。"
            "无需填写申报表，无需提交材料（案例一：中小企业“升规纳统”扶持已实现免申报兑现）。"
        ),
        special=POLICY_SPECIAL,
        fee_basis=NO_FEE,
        visits=0,
        fully_online=True,
        place=POLICY_PLACE,
        form=[*ENTITY_LOCKED, *BANK, "handler_name", "handler_phone"],
        materials=[
            _m(
                "redemption_confirmation",
                "兑现确认书",
                "Confirmation of the payment",
                notes="系统根据比对结果自动生成，企业登录后在线一键确认，无需另行提交材料",
                provision="generated",
            )
        ],
        tags=["enterprise-policy", "subsidy", "no-application", "enterprise", "enterprise-growth"],
    )
    return [*items, upgrade]


# --- case 7: employment and entrepreneurship subsidies ------------------------------------------------------

EMPLOYMENT_BASIS = (
    "《中华人民共和国就业促进法》；《财政部 人力资源社会保障部关于印发〈就业补助资金管理办法〉的通知》"
    "（财社〔2017〕164号）；《广东省就业创业补贴申请办理指导清单》；补贴对象、条件和标准以现行文件为准。"
)
EMPLOYMENT_SPECIAL = (
    "公示为特别程序：补贴名单公示5个工作日，不计入承诺时限。审核采用智能预审（RPA+AI）自动比对社保、"
    "就业登记等共享数据，审批人复核。时限说明：无法定办理时限，法定时限栏按30个工作日设定。"
)
EMPLOYMENT_PLACE = "网上办理：广东政务服务网；现场：广州市白云区就业服务管理中心、各镇（街）公共就业服务窗口"


def employment_items() -> list[dict[str, Any]]:
    def subsidy(
        *,
        serial: int,
        ref: str,
        name: str,
        name_en: str,
        acceptance: str,
        form: list[Any],
        materials: list[dict[str, Any]],
        tags: list[str],
    ) -> dict[str, Any]:
        return _item(
            ref=ref,
            dept="jyzx",
            group=GROUP_EMPLOYMENT,
            serial=serial,
            name=name,
            name_en=name_en,
            item_type="benefit",
            routes=["approval"],
            statutory=30,
            promised=20,
            process=policy_redemption(
                [_branch("jyzx", 5), _branch("rsj", 5)], publicity_days=5, promised_workdays=20
            ),
            legal_basis=EMPLOYMENT_BASIS,
            acceptance=acceptance,
            special=EMPLOYMENT_SPECIAL,
            visits=0,
            fully_online=True,
            place=EMPLOYMENT_PLACE,
            form=form,
            materials=materials,
            tags=["employment", "subsidy", *tags],
        )

    person = ["applicant_name", "applicant_id_number", "applicant_phone", "person_category"]
    return [
        subsidy(
            serial=1,
            ref="employment_social_insurance_subsidy",
            name="就业补贴（灵活就业社会保险补贴）",
            name_en="Employment subsidy (social insurance for flexible employment)",
            acceptance=(
                "1. 就业困难人员、离校2年内未就业高校毕业生等以灵活就业方式就业，并办理就业登记；\n"
                "2. 以灵活就业人员身份缴纳社会保险费；\n3. 补贴期限和标准以现行规定为准。"
            ),
            form=[*person, "subsidy_period_start", "subsidy_period_end", "bank_name", "bank_account_number"],
            materials=[
                m_applicant_id(),
                m_social_insurance(),
                _m(
                    "employment_registration",
                    "就业登记信息",
                    "Employment registration",
                    shared="registry.employment_registration",
                    notes="就业登记共享数据核验，免提交",
                ),
                m_bank_account(),
            ],
            tags=["individual"],
        ),
        subsidy(
            serial=2,
            ref="startup_grant",
            name="创业补贴（一次性创业资助）",
            name_en="Start-up subsidy (one-off start-up grant)",
            acceptance=(
                "1. 普通高校、职业学校、技工院校学生（在校及毕业5年内）和出国（境）留学回国人员（领取毕业证5年内）、"
                "退役军人、登记失业人员、就业困难人员等；\n2. 在本区初次创办小微企业或从事个体经营，并担任法定代表人或主要负责人；\n"
                "3. 自首次注册登记之日起正常运营6个月以上；\n4. 资助标准以现行规定为准。"
            ),
            form=[*person, *_lock("entity_name", "credit_code", "established_on"), *BANK],
            materials=[
                m_applicant_id(),
                m_business_licence(),
                _m(
                    "graduation_certificate",
                    "毕业证书或身份类别证明",
                    "Diploma or proof of the applicant's category",
                    licence="education_certificate",
                    notes="学历电子证照或共享数据核验，免提交",
                ),
                m_social_insurance(),
                m_bank_account(),
            ],
            tags=["individual", "starting-up", "opening-a-business"],
        ),
        subsidy(
            serial=3,
            ref="startup_jobs_subsidy",
            name="创业补贴（创业带动就业补贴）",
            name_en="Start-up subsidy (jobs created)",
            acceptance=(
                "1. 在本区创办的初创企业（含个体工商户），法定代表人或主要负责人符合创业补贴人员范围；\n"
                "2. 招用员工并依法签订劳动合同、缴纳社会保险；\n3. 补贴标准按带动就业人数计算，以现行规定为准。"
            ),
            form=[*person, *_lock("entity_name", "credit_code"), "new_jobs_count", *BANK],
            materials=[
                m_business_licence(),
                m_labour_contract(),
                m_social_insurance(),
                _m("employee_roster", "招用人员花名册", "Roster of people hired", notes="在线填报"),
                m_bank_account(),
            ],
            tags=["enterprise", "starting-up", "hiring"],
        ),
        subsidy(
            serial=4,
            ref="hiring_subsidy",
            name="招用工补贴",
            name_en="Hiring subsidy",
            acceptance=(
                "1. 在本区依法登记的用人单位；\n2. 招用符合条件的人员（如就业困难人员、高校毕业生等），签订劳动合同并缴纳社会保险；\n"
                "3. 补贴对象、期限和标准以现行规定为准。"
            ),
            form=[
                *ENTITY_LOCKED,
                "hired_count",
                "subsidy_period_start",
                "subsidy_period_end",
                *BANK,
                "handler_name",
                "handler_phone",
            ],
            materials=[
                m_business_licence(),
                m_labour_contract(),
                m_social_insurance(),
                _m("employee_roster", "招用人员花名册", "Roster of people hired", notes="在线填报"),
                m_bank_account(),
            ],
            tags=["enterprise", "hiring"],
        ),
    ]


# --- case 8: the 31 approval items of a construction project (agency service) --------------------------------

CONSTRUCTION_FORM: list[Any] = [
    *ENTITY_LOCKED,
    "handler_name",
    "handler_phone",
    "project_name",
    "project_code",
    "project_address",
]
STAGES = {
    "land": "stage-project-land",
    "engineering": "stage-engineering-permit",
    "construction": "stage-construction-permit",
    "completion": "stage-completion",
}
DEFAULT_LIMIT = (
    "时限说明：法律、法规未另行规定的，法定时限按《中华人民共和国行政许可法》第四十二条20个工作日计。"
)
FILING_LIMIT = "时限说明：法律、法规未规定备案办理时限，法定时限栏按5个工作日设定；材料齐全的当场备案。"


def _construction(
    serial: int,
    stage: str,
    dept: str,
    name: str,
    name_en: str,
    *,
    item_type: str,
    statutory: int,
    promised: int,
    legal_basis: str,
    acceptance: str,
    materials: list[dict[str, Any]],
    special: str = "",
    extra_form: list[Any] | None = None,
    result_name: str = "",
    result_licence_type: str = "",
    fee_fen: int = 0,
    fee_basis: str = "",
    process: dict[str, Any] | None = None,
    project_code_required: bool = True,
) -> dict[str, Any]:
    filing = item_type == "filing"
    if process is None:
        process = filing_on_the_spot() if filing else simple_approval(promised_workdays=promised)
    form = list(CONSTRUCTION_FORM)
    if not project_code_required:
        form[form.index("project_code")] = {"key": "project_code", "required": False, "locked": False}
    return _item(
        ref=f"construction_{serial:02d}",
        dept=dept,
        group=GROUP_CONSTRUCTION,
        serial=serial,
        name=name,
        name_en=name_en,
        item_type=item_type,
        routes=["filing"] if filing else ["approval"],
        statutory=statutory,
        promised=promised,
        process=process,
        legal_basis=legal_basis,
        acceptance=acceptance,
        special=special or (FILING_LIMIT if filing else "无。" + DEFAULT_LIMIT),
        fee_fen=fee_fen,
        fee_basis=fee_basis or (NO_FEE if filing or item_type != "licensing" else NO_FEE_LICENSING),
        visits=0,
        fully_online=True,
        handling_form="immediate" if filing else "promised",
        place="广州市白云区政务服务中心工程建设项目综合受理窗口；网上办理：广东省工程建设项目审批管理系统",
        result_name=result_name,
        result_licence_type=result_licence_type,
        form=form + list(extra_form or []),
        materials=[*materials, m_business_licence()],
        tags=["construction-project", STAGES[stage], "agency-service", "enterprise", "construction"],
    )


def construction_items() -> list[dict[str, Any]]:
    c = _construction
    cityplan = "《中华人民共和国城乡规划法》"
    items = [
        # 立项用地规划 (project approval and land-use planning)
        c(
            1,
            "land",
            "fgj",
            "企业投资项目备案",
            "Filing of an enterprise investment project",
            item_type="filing",
            statutory=1,
            promised=1,
            project_code_required=False,
            legal_basis="《企业投资项目核准和备案管理条例》；《企业投资项目核准和备案管理办法》。",
            acceptance="1. 不属于《政府核准的投资项目目录》范围的企业投资项目；\n2. 通过在线平台如实、完整告知项目信息。",
            special="无。项目备案机关收到规定的全部信息即为备案，即时办结。",
            extra_form=["construction_scale", "total_investment"],
            materials=[
                _m(
                    "project_filing_info",
                    "项目备案信息（企业基本情况、项目名称、建设地点、建设规模及内容、总投资额）",
                    "Project information for filing",
                    notes="在广东省投资项目在线审批监管平台在线填报",
                ),
                _m(
                    "project_compliance_commitment",
                    "项目符合产业政策等的声明",
                    "Declaration of compliance with industrial policy",
                    provision="generated",
                    notes="系统按申请信息生成，加盖申请人的电子签名，无需上传",
                ),
            ],
            result_name="《广东省企业投资项目备案证》",
            result_licence_type="investment_project_filing",
        ),
        c(
            2,
            "land",
            "fgj",
            "企业投资项目核准",
            "Approval of an enterprise investment project",
            item_type="licensing",
            statutory=20,
            promised=10,
            project_code_required=False,
            legal_basis="《企业投资项目核准和备案管理条例》；《企业投资项目核准和备案管理办法》；《政府核准的投资项目目录》。",
            acceptance="1. 属于《政府核准的投资项目目录》规定由区级核准的企业投资项目；\n2. 项目申请报告及附送文件齐全。",
            special="核准期限的延长、委托评估及其时限按《企业投资项目核准和备案管理条例》的规定执行。",
            extra_form=["construction_scale", "total_investment"],
            materials=[
                _m("project_application_report", "项目申请报告", "Project application report"),
                _m(
                    "site_opinion",
                    "用地预审与选址意见书",
                    "Land-use pre-examination and site selection opinion",
                    licence="site_selection_opinion",
                    notes="已在电子证照库中的，免提交",
                ),
                _m(
                    "other_prerequisites",
                    "法律、行政法规规定需要办理的其他相关手续",
                    "Other documents required by law",
                    required=False,
                    condition_text="法律、行政法规规定需要的",
                ),
            ],
            result_name="项目核准文件",
            result_licence_type="investment_project_approval",
        ),
        c(
            3,
            "land",
            "fgj",
            "固定资产投资项目节能审查",
            "Energy-saving review of a fixed-asset investment project",
            item_type="licensing",
            statutory=20,
            promised=10,
            legal_basis="《中华人民共和国节约能源法》第十五条；《固定资产投资项目节能审查办法》。",
            acceptance="1. 年综合能源消费量达到节能审查标准、依法需要节能审查的固定资产投资项目；\n2. 节能报告内容完整。",
            materials=[_m("energy_report", "节能报告", "Energy-saving report"), m_project_record()],
            result_name="节能审查意见",
        ),
        c(
            4,
            "land",
            "gzj",
            "建设项目用地预审与选址意见书核发",
            "Land-use pre-examination and site selection opinion",
            item_type="licensing",
            statutory=20,
            promised=10,
            legal_basis=(
                f"《中华人民共和国土地管理法》第五十二条；{cityplan}第三十六条；《中华人民共和国土地管理法实施条例》；"
                "《自然资源部关于以“多规合一”为基础推进规划用地“多审合一、多证合一”改革的通知》（自然资规〔2019〕2号）。"
            ),
            acceptance="1. 以划拨方式提供国有土地使用权或需要用地预审的建设项目；\n2. 项目符合国土空间规划和用途管制要求。",
            extra_form=["land_area"],
            materials=[
                m_application(
                    "建设项目用地预审与选址申请表",
                    "Application for land-use pre-examination and site selection",
                ),
                _m(
                    "land_preexam_report",
                    "建设项目用地预审与选址申请报告",
                    "Land-use pre-examination and site selection report",
                ),
                _m(
                    "site_topographic_map",
                    "拟选址位置地形图（标注用地范围）",
                    "Topographic map of the proposed site",
                ),
                m_project_record(),
            ],
            result_name="《建设项目用地预审与选址意见书》",
            result_licence_type="site_selection_opinion",
        ),
        c(
            5,
            "land",
            "gzj",
            "国有建设用地规划条件核定",
            "Determination of planning conditions for state-owned construction land",
            item_type="other_power",
            statutory=20,
            promised=10,
            legal_basis=f"{cityplan}第三十八条。",
            acceptance="1. 拟出让或划拨的国有建设用地位于国土空间规划确定的建设用地范围内；\n2. 用地范围明确。",
            extra_form=["land_area"],
            materials=[
                m_application("规划条件核定申请表", "Application for planning conditions"),
                _m("red_line_map", "用地红线图（宗地图）", "Boundary map of the land parcel"),
                _m(
                    "planning_topographic_map",
                    "1:500或1:1000现状地形图",
                    "Current topographic map (1:500 or 1:1000)",
                ),
            ],
            result_name="规划条件",
        ),
        c(
            6,
            "land",
            "gzj",
            "建设用地规划许可证核发",
            "Construction-land planning permit",
            item_type="licensing",
            statutory=20,
            promised=5,
            legal_basis=f"{cityplan}第三十七条、第三十八条；《中华人民共和国土地管理法》。",
            acceptance="1. 已取得国有建设用地使用权出让合同或划拨决定书；\n2. 建设项目已依法批准、核准或备案。",
            extra_form=["land_area"],
            materials=[
                m_application(
                    "建设用地规划许可申请表", "Application for the construction-land planning permit"
                ),
                _m(
                    "land_transfer_contract",
                    "国有建设用地使用权出让合同或划拨决定书",
                    "Land transfer contract or allocation decision",
                    copy="copy",
                ),
                _m(
                    "site_opinion",
                    "用地预审与选址意见书",
                    "Land-use pre-examination and site selection opinion",
                    licence="site_selection_opinion",
                    required=False,
                    condition_text="以划拨方式取得用地的",
                    notes="已在电子证照库中的，免提交",
                ),
                m_project_record(),
                _m("red_line_map", "用地红线图（宗地图）", "Boundary map of the land parcel"),
            ],
            result_name="《建设用地规划许可证》",
            result_licence_type="land_use_planning_permit",
        ),
        c(
            7,
            "land",
            "gzj",
            "临时用地审批",
            "Approval of temporary land use",
            item_type="licensing",
            statutory=20,
            promised=10,
            legal_basis="《中华人民共和国土地管理法》第五十七条（临时使用土地期限一般不超过二年）；《中华人民共和国土地管理法实施条例》。",
            acceptance="1. 建设项目施工、地质勘查需要临时使用土地；\n2. 不修建永久性建筑物，使用期满恢复种植条件或原状。",
            extra_form=["land_area"],
            materials=[
                m_application("临时用地申请表", "Application for temporary land use"),
                _m(
                    "temporary_use_contract",
                    "临时使用土地合同",
                    "Contract for temporary land use",
                    copy="copy",
                ),
                _m("land_reclamation_plan", "土地复垦方案", "Land reclamation plan"),
                _m("boundary_survey_map", "勘测定界图", "Boundary survey map"),
            ],
            result_name="临时用地批准文件",
        ),
        c(
            8,
            "land",
            "gzj",
            "国有建设用地使用权首次登记",
            "First registration of the right to use state-owned construction land",
            item_type="confirmation",
            statutory=30,
            promised=5,
            legal_basis="《中华人民共和国民法典》第二百零九条；《不动产登记暂行条例》第二十条（30个工作日）；《不动产登记暂行条例实施细则》。",
            acceptance="1. 依法取得国有建设用地使用权，已缴清土地价款；\n2. 完成不动产权籍调查。",
            special="无计入时限的特别程序（需公告的，公告期不计入）。",
            fee_fen=55000,
            fee_basis=REAL_ESTATE_FEE_BASIS,
            materials=[
                m_application("不动产登记申请书", "Application for real estate registration"),
                _m(
                    "land_transfer_contract",
                    "国有建设用地使用权出让合同或划拨决定书",
                    "Land transfer contract or allocation decision",
                    copy="copy",
                ),
                _m(
                    "land_price_receipt",
                    "土地出让价款缴纳凭证",
                    "Receipt for the land price",
                    shared="registry.land_price_payment",
                    notes="共享数据核验，免提交",
                ),
                _m(
                    "cadastral_survey", "不动产权籍调查成果（地籍调查表、宗地图）", "Cadastral survey results"
                ),
                _m(
                    "tax_receipts",
                    "相关税费缴纳凭证",
                    "Tax receipts",
                    shared="registry.tax_payment",
                    notes="税务共享数据核验，免提交",
                ),
            ],
            result_name="《不动产权证书》（电子证照）",
            result_licence_type="real_estate_title",
        ),
        # 工程建设许可 (engineering construction permits)
        c(
            9,
            "engineering",
            "gzj",
            "建设工程设计方案审查",
            "Review of a construction design scheme",
            item_type="other_power",
            statutory=20,
            promised=10,
            legal_basis=f"{cityplan}第四十条。",
            acceptance="1. 已取得建设用地规划许可证和土地权属证明；\n2. 设计方案符合规划条件。",
            extra_form=["floor_area", "construction_scale"],
            materials=[
                m_application("建设工程设计方案审查申请表", "Application for design scheme review"),
                _m(
                    "design_scheme",
                    "建设工程设计方案（总平面图、建筑单体方案）",
                    "Design scheme (site plan and buildings)",
                ),
                m_land_planning_permit(),
                m_real_estate_title(),
            ],
            result_name="建设工程设计方案审查意见",
        ),
        c(
            10,
            "engineering",
            "gzj",
            "建设工程规划许可证核发",
            "Construction-works planning permit",
            item_type="licensing",
            statutory=20,
            promised=5,
            legal_basis=f"{cityplan}第四十条。",
            acceptance="1. 已取得建设用地规划许可证和土地权属证明；\n2. 设计方案已经审定，符合控制性详细规划和规划条件。",
            extra_form=["floor_area", "construction_scale"],
            materials=[
                m_application(
                    "建设工程规划许可申请表", "Application for the construction-works planning permit"
                ),
                m_land_planning_permit(),
                m_real_estate_title(),
                _m("approved_site_plan", "经审定的设计方案总平面图", "Approved site plan"),
                _m("planning_drawings", "建设工程规划报建图（电子报批文件）", "Planning submission drawings"),
            ],
            result_name="《建设工程规划许可证》",
            result_licence_type="construction_planning_permit",
        ),
        c(
            11,
            "engineering",
            "gzj",
            "临时建设工程规划许可证核发",
            "Planning permit for temporary construction works",
            item_type="licensing",
            statutory=20,
            promised=10,
            legal_basis=f"{cityplan}第四十四条。",
            acceptance="1. 临时建设不影响近期建设规划或控制性详细规划的实施以及交通、市容、安全等；\n2. 申请人承诺在批准期限内自行拆除。",
            materials=[
                m_application(
                    "临时建设工程规划许可申请表", "Application for a temporary works planning permit"
                ),
                _m("temporary_design", "临时建设工程设计图", "Design drawings of the temporary works"),
                _m(
                    "land_use_proof",
                    "土地使用证明或临时用地批准文件",
                    "Proof of land use or temporary land approval",
                    copy="copy",
                ),
                _m(
                    "removal_commitment",
                    "到期自行拆除承诺书",
                    "Commitment to remove the works on expiry",
                    provision="generated",
                    notes="系统按申请信息生成，加盖申请人的电子签名，无需上传",
                ),
            ],
            result_name="临时建设工程规划许可证",
            result_licence_type="temporary_construction_planning_permit",
        ),
        c(
            12,
            "engineering",
            "zsj",
            "建设项目环境影响评价文件审批（报告表）",
            "Approval of an environmental impact report form",
            item_type="licensing",
            statutory=20,
            promised=10,
            legal_basis="《中华人民共和国环境影响评价法》第二十二条（报告表自收到之日起30日内作出审批决定）；《建设项目环境保护管理条例》；"
            "《建设项目环境影响评价分类管理名录》。",
            acceptance=(
                "1. 按《建设项目环境影响评价分类管理名录》应编制环境影响报告表的建设项目；\n"
                "2. 实施机关为广州市生态环境局白云分局。该机关不是本演示系统的部门，本事项暂挂在区政务服务数据管理局"
                "（工程建设项目综合受理窗口）名下，仅供演示代办流程。"
            ),
            special="技术评估时间不计入。时限说明：法定为30日（日历日），法定时限栏按20个工作日设定，不长于法定期限。",
            materials=[
                _m("eia_application", "建设项目环境影响评价文件审批申请", "Application for EIA approval"),
                _m(
                    "eia_report_form",
                    "环境影响报告表（全本及公开本）",
                    "Environmental impact report form (full and public versions)",
                ),
                m_project_record(),
            ],
            result_name="环境影响报告表批复",
        ),
        c(
            13,
            "engineering",
            "zjj",
            "生产建设项目水土保持方案审批",
            "Approval of a soil and water conservation plan",
            item_type="licensing",
            statutory=20,
            promised=10,
            legal_basis="《中华人民共和国水土保持法》第二十五条。",
            acceptance="1. 在山区、丘陵区、风沙区以及水土保持规划确定的容易发生水土流失的其他区域开办可能造成水土流失的生产建设项目；\n"
            "2. 水土保持方案报告书（表）编制完整。",
            materials=[
                _m("swc_application", "水土保持方案审批申请", "Application for approval"),
                _m("swc_plan", "水土保持方案报告书（报告表）", "Soil and water conservation plan"),
                m_project_record(),
            ],
            result_name="水土保持方案批复",
        ),
        c(
            14,
            "engineering",
            "zjj",
            "河道管理范围内建设项目工程建设方案审批",
            "Approval of construction plans within a river management area",
            item_type="licensing",
            statutory=20,
            promised=10,
            legal_basis="《中华人民共和国水法》第三十八条；《中华人民共和国防洪法》第二十七条；《中华人民共和国河道管理条例》第十一条。",
            acceptance="1. 在河道管理范围内建设桥梁、码头、管道、缆线等工程设施；\n2. 工程建设方案符合防洪标准和有关技术要求。",
            materials=[
                m_application("河道管理范围内建设项目申请书", "Application"),
                _m(
                    "river_construction_plan",
                    "工程建设方案（含防洪评价报告）",
                    "Construction plan with flood impact assessment",
                ),
                _m("river_location_plan", "工程位置图及平面布置图", "Location and layout plans"),
                m_project_record(),
            ],
            result_name="河道管理范围内建设项目审批意见",
        ),
        # 施工许可 (construction permits)
        c(
            15,
            "construction",
            "zjj",
            "施工图设计文件审查备案",
            "Filing of the construction drawing review",
            item_type="filing",
            statutory=5,
            promised=1,
            legal_basis="《建设工程质量管理条例》第十一条；《房屋建筑和市政基础设施工程施工图设计文件审查管理办法》。",
            acceptance="1. 施工图设计文件已经审查合格；\n2. 审查机构出具审查合格书。",
            materials=[
                _m("construction_drawings", "施工图设计文件（电子）", "Construction drawings (electronic)"),
                _m("drawing_review_certificate", "施工图审查合格书", "Drawing review certificate"),
                _m("design_contract", "勘察、设计合同", "Survey and design contracts", copy="copy"),
            ],
            result_name="施工图审查备案",
        ),
        c(
            16,
            "construction",
            "zjj",
            "特殊建设工程消防设计审查",
            "Fire-protection design review of special construction works",
            item_type="licensing",
            statutory=15,
            promised=10,
            legal_basis="《中华人民共和国消防法》第十一条；《建设工程消防设计审查验收管理暂行规定》（住房和城乡建设部令）。",
            acceptance="1. 属于《建设工程消防设计审查验收管理暂行规定》所列的特殊建设工程；\n2. 消防设计文件符合国家工程建设消防技术标准。",
            special="依法需要组织专家评审的，专家评审时间不计入审查时限。",
            materials=[
                m_application("消防设计审查申请表", "Application for fire-protection design review"),
                _m("fire_design_documents", "消防设计文件", "Fire-protection design documents"),
                m_works_planning_permit(),
                _m(
                    "special_fire_design",
                    "特殊消防设计技术资料",
                    "Special fire-protection design materials",
                    required=False,
                    condition_text="采用特殊消防设计的",
                ),
            ],
            result_name="特殊建设工程消防设计审查意见书",
        ),
        c(
            17,
            "construction",
            "zjj",
            "应建防空地下室的民用建筑项目报建审批",
            "Approval of civil buildings required to include an air-defence basement",
            item_type="licensing",
            statutory=20,
            promised=10,
            legal_basis="《中华人民共和国人民防空法》第二十二条；《广东省实施〈中华人民共和国人民防空法〉办法》。",
            acceptance="1. 城市新建民用建筑，按照国家有关规定应修建战时可用于防空的地下室；\n2. 人防工程设计文件符合防护标准。",
            materials=[
                m_application("人防工程报建审批申请表", "Application"),
                _m(
                    "air_defence_design", "防空地下室设计文件", "Design documents of the air-defence basement"
                ),
                m_works_planning_permit(),
            ],
            result_name="防空地下室报建审批意见",
        ),
        c(
            18,
            "construction",
            "zjj",
            "防空地下室易地建设审批",
            "Approval to build air-defence works elsewhere",
            item_type="licensing",
            statutory=20,
            promised=10,
            legal_basis="《中华人民共和国人民防空法》第二十二条；《广东省实施〈中华人民共和国人民防空法〉办法》。",
            acceptance="1. 应建防空地下室的民用建筑项目，因地质、地形、结构等条件不宜修建；\n2. 按规定缴纳防空地下室易地建设费。",
            fee_basis="审批不收费；批准易地建设的，按广东省规定缴纳防空地下室易地建设费（非本事项收费）。",
            materials=[
                m_application("防空地下室易地建设申请书", "Application"),
                _m(
                    "unsuitability_statement",
                    "不宜修建防空地下室的情况说明及证明材料",
                    "Why the basement cannot be built",
                ),
                m_works_planning_permit(),
            ],
            result_name="防空地下室易地建设审批意见",
        ),
        c(
            19,
            "construction",
            "zjj",
            "建筑工程施工许可证核发",
            "Construction permit",
            item_type="licensing",
            statutory=5,
            promised=3,
            legal_basis="《中华人民共和国建筑法》第七条、第八条（自收到申请之日起七日内颁发施工许可证）；《建筑工程施工许可管理办法》。",
            acceptance=(
                "1. 已办理用地批准手续，依法应当办理建设工程规划许可证的已经取得；\n2. 需要拆迁的，拆迁进度符合施工要求；\n"
                "3. 已经确定施工企业；\n4. 有满足施工需要的技术资料，施工图设计文件已按规定审查合格；\n"
                "5. 有保证工程质量和安全的具体措施；\n6. 建设资金已经落实。\n"
                "工程投资额在30万元以下或者建筑面积在300平方米以下的建筑工程，可以不申请办理施工许可证。"
            ),
            special="无。时限说明：法定为7日（日历日），法定时限栏按5个工作日设定，不长于法定期限。",
            extra_form=[
                "floor_area",
                "total_investment",
                "contractor_name",
                "supervisor_name",
                "contract_price",
                "planned_start_date",
            ],
            materials=[
                m_application("建筑工程施工许可申请表", "Application for the construction permit"),
                m_works_planning_permit(),
                m_real_estate_title(),
                _m(
                    "construction_contract",
                    "施工合同（中标通知书）",
                    "Construction contract (award notice)",
                    copy="copy",
                ),
                _m(
                    "supervision_contract",
                    "监理合同",
                    "Supervision contract",
                    copy="copy",
                    required=False,
                    condition_text="依法应当委托监理的",
                ),
                _m(
                    "drawing_review_result",
                    "施工图审查合格信息",
                    "Construction drawing review result",
                    shared="registry.drawing_review",
                    notes="审查系统共享，免提交",
                ),
                _m(
                    "funding_commitment",
                    "建设资金已落实承诺书",
                    "Commitment that funding is in place",
                    provision="generated",
                    notes="系统按申请信息生成，加盖申请人的电子签名，无需上传",
                ),
            ],
            result_name="《建筑工程施工许可证》",
            result_licence_type="construction_permit",
        ),
        c(
            20,
            "construction",
            "zjj",
            "建设工程质量安全监督登记",
            "Registration for quality and safety supervision",
            item_type="filing",
            statutory=5,
            promised=1,
            legal_basis="《建设工程质量管理条例》第十三条；《建设工程安全生产管理条例》第十条。",
            acceptance="1. 工程开工前办理；\n2. 施工、监理单位及项目负责人已确定。可与施工许可证核发并联办理。",
            materials=[
                m_application("建设工程质量安全监督登记表", "Registration form"),
                _m(
                    "project_staff_list",
                    "施工、监理单位项目负责人名单及资格证明",
                    "Project managers and their qualifications",
                ),
                _m(
                    "safety_measures",
                    "保证安全施工的措施资料（含危险性较大的分部分项工程清单）",
                    "Safety measures",
                ),
            ],
            result_name="质量安全监督登记",
        ),
        c(
            21,
            "construction",
            "zjj",
            "依法必须进行招标项目的招标投标情况书面报告备案",
            "Filing of the written report on tendering",
            item_type="filing",
            statutory=5,
            promised=1,
            legal_basis="《中华人民共和国招标投标法》第四十七条（自确定中标人之日起十五日内提交书面报告）。",
            acceptance="1. 依法必须进行招标的项目已确定中标人；\n2. 自确定中标人之日起十五日内提交。",
            materials=[
                _m("tender_report", "招标投标情况书面报告", "Written report on tendering"),
                _m("award_notice", "中标通知书", "Award notice", copy="copy"),
                _m("evaluation_report", "评标报告", "Bid evaluation report", copy="copy"),
            ],
            result_name="招标投标情况书面报告备案",
        ),
        c(
            22,
            "construction",
            "zjj",
            "市政设施建设类审批（占用、挖掘城市道路）",
            "Permit to occupy or excavate city roads",
            item_type="licensing",
            statutory=20,
            promised=5,
            legal_basis="《城市道路管理条例》第三十条、第三十一条、第三十三条（占用、挖掘城市道路须经市政工程行政主管部门和公安交通管理部门批准）。",
            acceptance="1. 因工程建设确需临时占用或挖掘城市道路；\n2. 有施工方案和交通组织方案，承诺按期恢复原状。",
            special="无。市政工程行政主管部门与公安交通管理部门并联会签。" + DEFAULT_LIMIT,
            process=countersign_approval([_branch("zjj", 3), _branch("ga", 3)], promised_workdays=5),
            materials=[
                m_application("占用、挖掘城市道路申请表", "Application"),
                _m("road_works_plan", "占用、挖掘位置平面图及施工方案", "Location plan and works method"),
                _m("traffic_plan", "交通组织（疏解）方案", "Traffic management plan"),
                m_works_planning_permit(),
            ],
            result_name="占用、挖掘城市道路许可",
        ),
        c(
            23,
            "construction",
            "zjj",
            "城镇污水排入排水管网许可",
            "Permit to discharge sewage into the drainage network",
            item_type="licensing",
            statutory=10,
            promised=5,
            legal_basis="《城镇排水与污水处理条例》第二十一条；《城镇污水排入排水管网许可管理办法》。",
            acceptance="1. 从事工业、建筑、餐饮、医疗等活动向城镇排水设施排放污水（含施工作业排水）；\n2. 排放的污水符合国家和地方排放标准。",
            special="无。时限说明：《城镇污水排入排水管网许可管理办法》规定的决定期限以日计，法定时限栏按10个工作日设定，不长于该期限。",
            materials=[
                m_application("排水许可申请表", "Application for the discharge permit"),
                _m(
                    "drainage_drawings",
                    "排水管网、专用检测井、排放口位置和口径图纸及说明",
                    "Drawings of drains, inspection well and outlets",
                ),
                _m(
                    "pretreatment_proof",
                    "污水预处理设施及水质检测报告",
                    "Pretreatment facilities and water quality report",
                    required=False,
                    condition_text="按规定需要预处理的",
                ),
            ],
            result_name="《城镇污水排入排水管网许可证》",
            result_licence_type="drainage_permit",
        ),
        # 竣工验收 (completion and acceptance)
        c(
            24,
            "completion",
            "gzj",
            "建设工程规划条件核实",
            "Verification of planning conditions on completion",
            item_type="other_power",
            statutory=20,
            promised=5,
            legal_basis=f"{cityplan}第四十五条。",
            acceptance="1. 建设工程已竣工；\n2. 已完成规划条件核实测量。",
            materials=[
                m_application("规划条件核实申请表", "Application"),
                m_works_planning_permit(),
                _m("completion_survey", "规划条件核实测量成果（竣工测量报告）", "Completion survey report"),
                _m("as_built_drawings", "竣工图", "As-built drawings"),
            ],
            result_name="《建设工程规划条件核实合格证》",
            result_licence_type="planning_verification_certificate",
        ),
        c(
            25,
            "completion",
            "zjj",
            "特殊建设工程消防验收",
            "Fire-protection acceptance of special construction works",
            item_type="licensing",
            statutory=10,
            promised=5,
            legal_basis="《中华人民共和国消防法》第十三条；《建设工程消防设计审查验收管理暂行规定》。",
            acceptance="1. 特殊建设工程已竣工，建设单位已组织竣工验收；\n2. 已取得特殊建设工程消防设计审查合格意见。",
            special="现场评定。时限说明：法定为15日（日历日），法定时限栏按10个工作日设定，不长于法定期限。",
            materials=[
                m_application("消防验收申请表", "Application for fire-protection acceptance"),
                _m("completion_acceptance_report", "工程竣工验收报告", "Completion acceptance report"),
                _m(
                    "fire_as_built_drawings",
                    "涉及消防的建设工程竣工图纸",
                    "As-built fire-protection drawings",
                ),
                _m(
                    "fire_design_opinion",
                    "消防设计审查意见",
                    "Fire-protection design review opinion",
                    shared="registry.fire_design_review",
                    notes="系统共享，免提交",
                ),
            ],
            result_name="特殊建设工程消防验收意见书",
        ),
        c(
            26,
            "completion",
            "zjj",
            "其他建设工程消防验收备案",
            "Fire-protection acceptance filing of other construction works",
            item_type="filing",
            statutory=5,
            promised=1,
            legal_basis="《中华人民共和国消防法》第十三条；《建设工程消防设计审查验收管理暂行规定》。",
            acceptance="1. 特殊建设工程以外的其他建设工程已竣工验收；\n2. 竣工验收合格之日起5个工作日内备案。备案后按规定抽查。",
            materials=[
                _m("fire_filing_form", "消防验收备案表", "Fire-protection filing form"),
                _m("completion_acceptance_report", "工程竣工验收报告", "Completion acceptance report"),
                _m(
                    "fire_as_built_drawings",
                    "涉及消防的建设工程竣工图纸",
                    "As-built fire-protection drawings",
                ),
            ],
            result_name="消防验收备案凭证",
        ),
        c(
            27,
            "completion",
            "zjj",
            "人民防空工程竣工验收备案",
            "Completion filing of civil air-defence works",
            item_type="filing",
            statutory=5,
            promised=1,
            legal_basis="《中华人民共和国人民防空法》；《广东省实施〈中华人民共和国人民防空法〉办法》。",
            acceptance="1. 人民防空工程（防空地下室）已竣工验收合格。",
            materials=[
                _m("air_defence_filing_form", "人防工程竣工验收备案表", "Filing form"),
                _m("air_defence_acceptance_report", "人防工程竣工验收报告", "Completion acceptance report"),
                _m("air_defence_as_built", "人防工程竣工图", "As-built drawings of the air-defence works"),
            ],
            result_name="人防工程竣工验收备案凭证",
        ),
        c(
            28,
            "completion",
            "zjj",
            "房屋建筑和市政基础设施工程竣工验收备案",
            "Completion acceptance filing of buildings and municipal infrastructure",
            item_type="filing",
            statutory=5,
            promised=1,
            legal_basis="《建设工程质量管理条例》第四十九条（竣工验收合格之日起15日内备案）；《房屋建筑和市政基础设施工程竣工验收备案管理办法》。",
            acceptance="1. 工程已竣工验收合格；\n2. 规划、消防、环保等依法应出具的认可文件或准许使用文件已取得。",
            materials=[
                _m("completion_filing_form", "工程竣工验收备案表", "Completion filing form"),
                _m("completion_acceptance_report", "工程竣工验收报告", "Completion acceptance report"),
                _m(
                    "construction_permit",
                    "施工许可证",
                    "Construction permit",
                    licence="construction_permit",
                    notes="已在电子证照库中的，免提交",
                ),
                _m("quality_warranty", "工程质量保修书", "Quality warranty"),
                _m(
                    "housing_quality_guarantee",
                    "住宅质量保证书和住宅使用说明书",
                    "Housing quality guarantee and user manual",
                    required=False,
                    condition_text="商品住宅工程",
                ),
            ],
            result_name="竣工验收备案证明",
        ),
        c(
            29,
            "completion",
            "zjj",
            "建设工程城建档案验收",
            "Acceptance of construction project archives",
            item_type="other_power",
            statutory=20,
            promised=5,
            legal_basis="《建设工程质量管理条例》第十七条；《城市建设档案管理规定》。",
            acceptance="1. 建设工程竣工验收前或竣工后按规定移交；\n2. 工程档案齐全、完整、准确。",
            materials=[
                m_application("城建档案验收申请表", "Application"),
                _m("project_archives", "建设工程竣工档案（电子档案）", "Completion archives (electronic)"),
                m_works_planning_permit(),
                _m(
                    "construction_permit",
                    "施工许可证",
                    "Construction permit",
                    licence="construction_permit",
                    notes="已在电子证照库中的，免提交",
                ),
            ],
            result_name="城建档案验收意见",
        ),
        c(
            30,
            "completion",
            "zjj",
            "生产建设项目水土保持设施自主验收报备",
            "Filing of self-inspection of soil and water conservation facilities",
            item_type="filing",
            statutory=5,
            promised=1,
            legal_basis="《中华人民共和国水土保持法》第二十七条。",
            acceptance="1. 生产建设项目投产使用前已完成水土保持设施自主验收；\n2. 验收结果已向社会公开。",
            materials=[
                _m("swc_acceptance_certificate", "水土保持设施验收鉴定书", "Acceptance certificate"),
                _m("swc_acceptance_report", "水土保持设施验收报告", "Acceptance report"),
                _m("swc_monitoring_report", "水土保持监测总结报告", "Monitoring summary report"),
            ],
            result_name="水土保持设施验收报备回执",
        ),
        c(
            31,
            "completion",
            "gzj",
            "国有建设用地使用权及房屋所有权首次登记",
            "First registration of land-use right and building ownership",
            item_type="confirmation",
            statutory=30,
            promised=5,
            legal_basis="《中华人民共和国民法典》第二百零九条；《不动产登记暂行条例》第二十条（30个工作日）；《不动产登记暂行条例实施细则》。",
            acceptance="1. 房屋已竣工验收；\n2. 已完成规划条件核实和不动产权籍调查（房屋测绘）。",
            special="无计入时限的特别程序（需公告的，公告期不计入）。",
            fee_basis=(REAL_ESTATE_FEE_BASIS + "按申请登记的不动产单元数核定，本栏金额填0表示在受理时核定。"),
            materials=[
                m_application("不动产登记申请书", "Application for real estate registration"),
                m_real_estate_title(),
                _m(
                    "planning_verification",
                    "建设工程规划条件核实合格证",
                    "Planning verification certificate",
                    licence="planning_verification_certificate",
                    notes="已在电子证照库中的，免提交",
                ),
                _m(
                    "completion_filing_proof",
                    "房屋竣工验收备案证明",
                    "Completion filing of the buildings",
                    shared="registry.completion_filing",
                    notes="共享数据核验，免提交",
                ),
                _m("housing_survey_report", "房屋测绘报告（不动产权籍调查成果）", "Building survey report"),
            ],
            result_name="《不动产权证书》（电子证照）",
            result_licence_type="real_estate_title",
        ),
    ]
    return items


def all_item_specs() -> list[dict[str, Any]]:
    """Every item spec in load order (parents before children)."""
    return [
        *market_items(),
        *health_items(),
        *household_items(),
        *real_estate_items(),
        *policy_items(),
        *employment_items(),
        *construction_items(),
    ]


BUNDLES: list[dict[str, Any]] = [
    {
        "code": "open-clinic",
        "name": "诊所开办一件事（三同时）",
        "name_en": "Opening a clinic (three at once)",
        "lead": "wjj",
        "items": ["clinic_filing", "physician_registration", "nurse_registration"],
        "promised": 1,
        "description": (
            "诊所备案与医师、护士执业注册同步审批、同时办结、多证同发（案例五）：网申通过后承诺1个工作日办结，"
            "诊所领取备案凭证当天同时完成医师、护士执业注册，当天设置当天开业；纸质证照与电子证照同步领取。"
        ),
        "tags": ["opening-a-clinic", "health", "medical", "opening-a-business"],
    },
    {
        "code": "open-restaurant",
        "name": "开餐馆一件事（营业执照+食品经营许可）",
        "name_en": "Opening a restaurant (business licence and food business licence)",
        "lead": "scjg",
        "items": ["business_registration", "food_licence"],
        "promised": 1,
        "description": (
            "营业执照与食品经营许可证一张表单、一次申请、受理审批发证一体化（案例十）：共同字段只填一次，"
            "营业执照核发后其统一社会信用代码等登记信息自动带入食品经营许可；两证同时发放，可送证上门。"
            "由区市场监管局嘉禾街市场监督管理所办理，嘉禾街道办事处协调商户集中申办。"
        ),
        "tags": ["opening-a-restaurant", "opening-a-business", "food", "catering", "enterprise"],
    },
]


def demo_item_code(ref: str) -> str:
    """The item code the demo catalogue gives the item spec `ref` (so other apps' demo data can point at it)."""
    from onego.catalog.codes import build_implementation_code

    for spec in all_item_specs():
        if spec["ref"] == ref:
            impl = build_implementation_code(
                DEPARTMENT_CODES[spec["dept"]], spec["level_char"], spec["basic_code"]
            )
            return impl + spec["handling_suffix"] if spec["level"] == "handling" else impl
    raise KeyError(f"no demo item {ref!r}")


# --- seeding ---------------------------------------------------------------------------------------------------


def _departments() -> dict[str, Department]:
    found = {d.credit_code: d for d in Department.objects.filter(credit_code__in=DEPARTMENT_CODES.values())}
    missing = [key for key, code in DEPARTMENT_CODES.items() if code not in found]
    if missing:
        raise ImproperlyConfigured(
            f"演示部门尚未载入，请先运行 manage.py seed_demo / Demo departments missing ({', '.join(missing)}); "
            f"run manage.py seed_demo first"
        )
    return {key: found[code] for key, code in DEPARTMENT_CODES.items()}


def seed_catalog(actor: Any = None) -> dict[str, int]:
    """Load (or complete) the demo catalogue; returns how many of each kind exist afterwards and how many
    items this run created. Idempotent; needs the demo departments (`manage.py seed_demo`)."""
    actor = actor or SYSTEM_ACTOR
    with transaction.atomic():
        departments = _departments()
        for key, name, name_en, category in TAGS:
            Tag.objects.update_or_create(
                key=key, defaults={"name": name, "name_en": name_en, "category": category}
            )
        for entry in FORM_FIELDS:
            FormField.objects.update_or_create(
                key=entry["key"], defaults={k: v for k, v in entry.items() if k != "key"}
            )

        before = ServiceItem.objects.count()
        items: dict[str, ServiceItem] = {}
        for spec in all_item_specs():
            ref, dept, parent_ref = spec.pop("ref"), spec.pop("dept"), spec.pop("parent_ref")
            spec["department"] = departments[dept]
            spec["parent"] = items[parent_ref] if parent_ref else None
            items[ref] = define_item(spec, actor=actor)
        created = ServiceItem.objects.count() - before

        for b in BUNDLES:
            define_bundle(
                code=b["code"],
                name=b["name"],
                name_en=b["name_en"],
                description=b["description"],
                lead_department=departments[b["lead"]],
                items=[items[r] for r in b["items"]],
                promised_limit_workdays=b["promised"],
                tags=b["tags"],
                actor=actor,
            )

    return {
        "tags": Tag.objects.filter(key__in=[t[0] for t in TAGS]).count(),
        "form_fields": FormField.objects.filter(key__in=[f["key"] for f in FORM_FIELDS]).count(),
        "items": len(items),
        "items_created": created,
        "handling_items": sum(1 for i in items.values() if i.level == "handling"),
        "construction_items": sum(1 for r in items if r.startswith("construction_")),
        "bundles": Bundle.objects.filter(code__in=[b["code"] for b in BUNDLES]).count(),
    }

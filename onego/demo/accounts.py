"""The Baiyun District demo departments and one demo user per role (used by `manage.py seed_demo`).

Credit codes of government bodies are not all public; those below are generated in the right structure
(GB 32100: 11 = 机关, 440111 = 白云区) with a valid check character, and flagged `is_demo_code`.
"""

from __future__ import annotations

from dataclasses import dataclass

from onego.accounts.roles import Role
from onego.core.identifiers import make_credit_code

DEMO_PASSWORD = "Demo@2026"


def refuse_in_production() -> None:
    """Demo users share DEMO_PASSWORD, published in the README: never create or print them in production."""
    from django.conf import settings
    from django.core.management.base import CommandError
    from django.utils.translation import gettext as _

    if settings.IS_PRODUCTION:
        raise CommandError(
            _("生产环境（ONEGO_ENV=production）不能加载或显示演示数据：演示账号使用公开的密码。")
        )


def _code(serial: int) -> str:
    return make_credit_code(f"11440111MB2C{serial:04d}0")


@dataclass(frozen=True)
class DemoDepartment:
    key: str
    name: str
    short_name: str
    name_en: str
    short_name_en: str
    level: str = "district"
    parent_key: str | None = None
    hosts_comprehensive_window: bool = False


DEPARTMENTS: list[DemoDepartment] = [
    DemoDepartment(
        "zsj",
        "广州市白云区政务服务数据管理局",
        "区政数局",
        "Baiyun District Government Service and Data Administration",
        "District Data Administration",
        hosts_comprehensive_window=True,
    ),
    DemoDepartment(
        "scjg",
        "广州市白云区市场监督管理局",
        "区市场监管局",
        "Baiyun District Market Supervision Administration",
        "District Market Supervision",
    ),
    DemoDepartment(
        "wjj",
        "广州市白云区卫生健康局",
        "区卫生健康局",
        "Baiyun District Health Commission",
        "District Health Commission",
    ),
    DemoDepartment(
        "ga",
        "广州市公安局白云区分局",
        "白云公安分局",
        "Baiyun Branch, Guangzhou Public Security Bureau",
        "Baiyun Public Security",
    ),
    DemoDepartment(
        "gzj",
        "广州市规划和自然资源局白云区分局",
        "白云规划资源分局",
        "Baiyun Branch, Guangzhou Planning and Natural Resources Bureau",
        "Baiyun Planning and Resources",
    ),
    DemoDepartment(
        "fgj",
        "广州市白云区发展和改革局",
        "区发展改革局",
        "Baiyun District Development and Reform Bureau",
        "District Development and Reform",
    ),
    DemoDepartment(
        "tcj",
        "广州市白云区投资促进局",
        "区投资促进局",
        "Baiyun District Investment Promotion Bureau",
        "District Investment Promotion",
    ),
    DemoDepartment(
        "rsj",
        "广州市白云区人力资源和社会保障局",
        "区人社局",
        "Baiyun District Human Resources and Social Security Bureau",
        "District Human Resources",
    ),
    DemoDepartment(
        "jyzx",
        "广州市白云区就业服务管理中心",
        "区就业服务中心",
        "Baiyun District Employment Service Centre",
        "District Employment Centre",
        parent_key="rsj",
    ),
    DemoDepartment(
        "zjj",
        "广州市白云区住房和建设水务局",
        "区住建局",
        "Baiyun District Housing, Construction and Water Bureau",
        "District Housing and Construction",
    ),
    DemoDepartment(
        "th", "广州市白云区太和镇人民政府", "太和镇", "Taihe Town Government", "Taihe Town", level="town"
    ),
    DemoDepartment(
        "jh",
        "广州市白云区人民政府嘉禾街道办事处",
        "嘉禾街道",
        "Jiahe Subdistrict Office",
        "Jiahe Subdistrict",
        level="town",
    ),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    real_name: str
    role: Role
    department_key: str | None
    id_number: str = ""
    enterprise_credit_code: str = ""
    enterprise_name: str = ""


# ID numbers below are synthetic (valid check digits, Baiyun area code 440111) and exist only in the demo registry.
DEMO_PERSONS = [
    ("张伟", "440111199003074513"),
    ("李娜", "440111198806121024"),
    ("陈志强", "440111198512300318"),
]
DEMO_ENTERPRISES = [
    {
        "credit_code": "91440111MA5AQ6WX00",
        "name": "广州市白云区云味餐饮有限公司",
        "legal_representative": "李娜",
        "entity_type": "有限责任公司（自然人投资或控股）",
        "address": "广州市白云区嘉禾街金铂天地商业广场 3 层 312 号",
        "business_scope": "餐饮服务；食品销售（仅销售预包装食品）",
        "established_on": "2020-12-18",
        "registration_authority": "广州市白云区市场监督管理局",
    },
]

# Standard addresses with coordinates for the demo premises (the district's address service is not reachable
# here; onego.registry.geo reads this table). Demo coordinates in Baiyun's Jiahe subdistrict.
DEMO_ADDRESS_POINTS = [
    ("广州市白云区嘉禾街金铂天地商业广场 3 层 312 号", 23.247812, 113.270923),
]

USERS: list[DemoUser] = [
    DemoUser("citizen", "张伟", Role.APPLICANT_PERSON, None, id_number="440111199003074513"),
    DemoUser(
        "enterprise",
        "李娜",
        Role.APPLICANT_ENTERPRISE,
        None,
        id_number="440111198806121024",
        enterprise_credit_code="91440111MA5AQ6WX00",
        enterprise_name="广州市白云区云味餐饮有限公司",
    ),
    DemoUser("clerk", "黄晓敏", Role.WINDOW_CLERK, "zsj"),
    DemoUser("reviewer", "刘建国", Role.REVIEWER, "scjg"),
    DemoUser("head", "周海燕", Role.DEPARTMENT_HEAD, "scjg"),
    DemoUser("supervisor", "吴国栋", Role.SUPERVISOR, "zsj"),
    # The district service centre's head (区政数局, which runs the centre): bad-review work orders of the
    # comprehensive window come to them; they approve the centre's quarterly service stars (seed case 9).
    DemoUser("centre_head", "林志远", Role.DEPARTMENT_HEAD, "zsj"),
    DemoUser("agent", "郑丽华", Role.AGENCY_SPECIALIST, "tcj"),
    DemoUser("policy", "孙志明", Role.POLICY_OFFICER, "fgj"),
    # Policy cases are decided by the development and reform bureau's head and countersigned by investment
    # promotion (seed case 1), so the demo has one of each.
    DemoUser("policy_head", "何文斌", Role.DEPARTMENT_HEAD, "fgj"),
    DemoUser("tcj_reviewer", "梁思敏", Role.REVIEWER, "tcj"),
    # The employment service centre's employment and start-up subsidies (seed case 7): its policy officer checks
    # the pre-review robot's verdicts in the reviewer's queue; its head watches the queue and the figures.
    DemoUser("jobs", "王晓东", Role.POLICY_OFFICER, "jyzx"),
    DemoUser("jobs_head", "陈美玲", Role.DEPARTMENT_HEAD, "jyzx"),
    DemoUser("admin", "系统管理员", Role.ADMINISTRATOR, "zsj"),
]

# A fixed demo TOTP secret so the demo administrator can add it to an authenticator app. Never in production.
DEMO_ADMIN_TOTP_HEX = "3132333435363738393031323334353637383930"

DEPARTMENT_CODES = {d.key: _code(i + 1) for i, d in enumerate(DEPARTMENTS)}

"""The Baiyun demo service catalogue (事项库): the items, bundles, form fields and tags of the ten reform cases of
《广州市白云区政务服务领域2020-2021年十大优秀改革案例》, kept as `catalogue.json` beside this module.

The file is in the project's own catalogue format (`onego.catalog.transfer`, written by `manage.py
export_catalog --format json`), and `seed_demo` loads it through `import_catalog`, so every `make run`
exercises the importer: the file is checked as a whole, items, forms and materials are validated and every
published version's process definition too. A second load changes nothing (published versions must match
the file, and they do).

To change the demo catalogue, edit it where it runs (the admin, or an exported workbook imported again) and
export it over `catalogue.json`: `manage.py export_catalog --format json --out onego/demo/catalogue.json`
on a database holding only the demo. A published version is never edited: add a new version instead.

What is demo and what is not
----------------------------
- Codes: the real basic codes (基本编码) of these items are not known here, so every basic code is generated
  in the right structure (12 digits) and starts with "99", a prefix the national catalogue does not use
  (`demo_basic_code`); every item is flagged `is_demo_code`. Implementation codes are built from the demo
  departments' codes (themselves generated, see `onego.demo.accounts`).
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

import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.db import transaction

from onego.catalog.models import ItemVersion
from onego.catalog.services import MATERIAL_FIELDS, VERSION_FIELDS
from onego.catalog.transfer import ImportReport, import_catalog

CATALOGUE_FILE = Path(__file__).with_name("catalogue.json")
SYSTEM_ACTOR = "system:seed_demo"

# Basic-code groups of the demo catalogue (the 3rd–4th digits of a demo basic code).
GROUP_MARKET, GROUP_HEALTH, GROUP_HOUSEHOLD, GROUP_REAL_ESTATE = 1, 2, 3, 4
GROUP_POLICY, GROUP_EMPLOYMENT, GROUP_CONSTRUCTION = 5, 6, 7


def demo_basic_code(group: int, serial: int) -> str:
    """A 12-digit demo basic code: "99" + 2-digit group + 4-digit serial + "0000"."""
    return f"99{group:02d}{serial:04d}0000"


# The items other demo data (the policy catalogue) and the tests point at, by a short name. The codes are the
# file's: a demo department's code, level character 4, the demo basic code, and the handling suffix.
ITEM_CODES: dict[str, str] = {
    # market_items
    "food_licence": "11440111MB2C00020W499010001000001",  # 食品经营许可（告知承诺+现场视频）
    "business_registration": "11440111MB2C00020W499010002000001",  # 企业设立登记（营业执照）
    # health_items
    "clinic_filing": "11440111MB2C00030X499020001000001",  # 诊所执业备案（医疗机构执业登记·备案制）
    "physician_registration": "11440111MB2C00030X499020002000001",  # 医师执业注册
    "nurse_registration": "11440111MB2C00030X499020003000001",  # 护士执业注册
    # household_items
    "hukou_move_in": "11440111MB2C00040Y4990300010000",  # 市外迁入户口
    "hukou_spouse": "11440111MB2C00040Y499030001000001",  # 市外迁入户口（投靠配偶）
    "hukou_child": "11440111MB2C00040Y499030001000002",  # 市外迁入户口（投靠子女）
    "hukou_parent": "11440111MB2C00040Y499030001000003",  # 市外迁入户口（投靠父母）
    "hukou_adoption": "11440111MB2C00040Y499030001000004",  # 市外迁入户口（收养入户）
    # real_estate_items
    # 国有建设用地使用权及房屋所有权转移登记（新建商品房·交房即交证）
    "new_housing_transfer": "11440111MB2C000500499040001000001",
    # policy_items
    "policy_benchmark": "11440111MB2C000601499050001000001",  # 标杆企业扶持
    "policy_settlement": "11440111MB2C000601499050002000001",  # 落户扶持
    "policy_office": "11440111MB2C000601499050003000001",  # 新引进或新注册企业办公用房扶持
    "policy_growth": "11440111MB2C000601499050004000001",  # 企业成长扶持
    "policy_contribution": "11440111MB2C000601499050005000001",  # 突出贡献扶持
    "policy_executives": "11440111MB2C000601499050006000001",  # 高管团队扶持
    "policy_listing": "11440111MB2C000601499050007000001",  # 上市企业扶持
    "policy_talent_rent": "11440111MB2C000601499050008000001",  # 企业人才租房扶持
    "talent_hukou_quota": "11440111MB2C000601499050009000001",  # 人才入户指标
    "talent_school_quota": "11440111MB2C000601499050010000001",  # 人才随迁子女入学指标
    "talent_green_card": "11440111MB2C000601499050011000001",  # 人才绿卡
    "talent_yunju_card": "11440111MB2C000601499050012000001",  # 云聚英才卡
    "talent_medical_card": "11440111MB2C000601499050013000001",  # 人才就医绿色通道服务卡
    "service_fast_track": "11440111MB2C000601499050014000001",  # 政务服务绿色通道
    "policy_upgrade": "11440111MB2C000601499050015000001",  # 中小企业“升规纳统”扶持（免申即享）
    # employment_items
    "employment_social_insurance_subsidy": "11440111MB2C000904499060001000001",  # 就业补贴（灵活就业社会保险补贴）
    "startup_grant": "11440111MB2C000904499060002000001",  # 创业补贴（一次性创业资助）
    "startup_jobs_subsidy": "11440111MB2C000904499060003000001",  # 创业补贴（创业带动就业补贴）
    "hiring_subsidy": "11440111MB2C000904499060004000001",  # 招用工补贴
    # 就业创业补贴审核（省系统采集件）: the claims a robot captures from the provincial system (issue 16)
    "captured_subsidy_review": "11440111MB2C000904499060005000001",
    # construction_items
    "construction_01": "11440111MB2C000601499070001000001",  # 企业投资项目备案
    "construction_02": "11440111MB2C000601499070002000001",  # 企业投资项目核准
    "construction_03": "11440111MB2C000601499070003000001",  # 固定资产投资项目节能审查
    "construction_04": "11440111MB2C000500499070004000001",  # 建设项目用地预审与选址意见书核发
    "construction_05": "11440111MB2C000500499070005000001",  # 国有建设用地规划条件核定
    "construction_06": "11440111MB2C000500499070006000001",  # 建设用地规划许可证核发
    "construction_07": "11440111MB2C000500499070007000001",  # 临时用地审批
    "construction_08": "11440111MB2C000500499070008000001",  # 国有建设用地使用权首次登记
    "construction_09": "11440111MB2C000500499070009000001",  # 建设工程设计方案审查
    "construction_10": "11440111MB2C000500499070010000001",  # 建设工程规划许可证核发
    "construction_11": "11440111MB2C000500499070011000001",  # 临时建设工程规划许可证核发
    "construction_12": "11440111MB2C00010U499070012000001",  # 建设项目环境影响评价文件审批（报告表）
    "construction_13": "11440111MB2C00100G499070013000001",  # 生产建设项目水土保持方案审批
    "construction_14": "11440111MB2C00100G499070014000001",  # 河道管理范围内建设项目工程建设方案审批
    "construction_15": "11440111MB2C00100G499070015000001",  # 施工图设计文件审查备案
    "construction_16": "11440111MB2C00100G499070016000001",  # 特殊建设工程消防设计审查
    "construction_17": "11440111MB2C00100G499070017000001",  # 应建防空地下室的民用建筑项目报建审批
    "construction_18": "11440111MB2C00100G499070018000001",  # 防空地下室易地建设审批
    "construction_19": "11440111MB2C00100G499070019000001",  # 建筑工程施工许可证核发
    "construction_20": "11440111MB2C00100G499070020000001",  # 建设工程质量安全监督登记
    "construction_21": "11440111MB2C00100G499070021000001",  # 依法必须进行招标项目的招标投标情况书面报告备案
    "construction_22": "11440111MB2C00100G499070022000001",  # 市政设施建设类审批（占用、挖掘城市道路）
    "construction_23": "11440111MB2C00100G499070023000001",  # 城镇污水排入排水管网许可
    "construction_24": "11440111MB2C000500499070024000001",  # 建设工程规划条件核实
    "construction_25": "11440111MB2C00100G499070025000001",  # 特殊建设工程消防验收
    "construction_26": "11440111MB2C00100G499070026000001",  # 其他建设工程消防验收备案
    "construction_27": "11440111MB2C00100G499070027000001",  # 人民防空工程竣工验收备案
    "construction_28": "11440111MB2C00100G499070028000001",  # 房屋建筑和市政基础设施工程竣工验收备案
    "construction_29": "11440111MB2C00100G499070029000001",  # 建设工程城建档案验收
    "construction_30": "11440111MB2C00100G499070030000001",  # 生产建设项目水土保持设施自主验收报备
    "construction_31": "11440111MB2C000500499070031000001",  # 国有建设用地使用权及房屋所有权首次登记
}


def item_code(ref: str) -> str:
    """The code of the demo item `ref` (a key of `ITEM_CODES`)."""
    try:
        return ITEM_CODES[ref]
    except KeyError:
        raise KeyError(f"no demo item {ref!r}") from None


@cache
def _document() -> dict[str, Any]:
    return json.loads(CATALOGUE_FILE.read_bytes())


def document() -> dict[str, Any]:
    """The catalogue file, parsed (a fresh copy: callers may change it)."""
    return json.loads(json.dumps(_document()))


def items() -> list[dict[str, Any]]:
    """The items of the file, each with its `versions` (with `form`, `materials` and `tags`)."""
    return document()["items"]


def item(ref: str) -> dict[str, Any]:
    """The item `ref` as the file holds it."""
    code = item_code(ref)
    return next(i for i in items() if i["code"] == code)


def item_spec(ref: str) -> dict[str, Any]:
    """The published version of the demo item `ref` as a `catalog.services.define_item` spec, without the
    department and parent: for tests and benchmarks that define a variant of a demo item."""
    entry = item(ref)
    (version,) = [v for v in entry["versions"] if v["status"] == "published"]
    spec: dict[str, Any] = {k: version[k] for k in VERSION_FIELDS}
    spec.update(
        level=entry["level"],
        basic_code=entry["basic_code"],
        level_char=entry["level_char"],
        handling_suffix=entry["handling_suffix"],
        is_demo_code=entry["is_demo_code"],
        effective_from=dt.date.fromisoformat(version["effective_from"]),
        form=[
            {"key": f["field"], "required": f["required"], "locked": f["locked_when_prefilled"]}
            for f in sorted(version["form"], key=lambda f: f["position"])
        ],
        materials=[
            {k: m[k] for k in MATERIAL_FIELDS}
            for m in sorted(version["materials"], key=lambda m: m["position"])
        ],
        tags=list(version["tags"]),
    )
    return spec


def _adopt_publication_times() -> int:
    """Databases seeded before the demo catalogue became a file hold its versions as published on the day they
    were seeded; the file says 2026-01-01. The publication time of a demo version says nothing about its content,
    so it is set to the file's, and the importer then compares the rest (and refuses any real difference)."""
    published = {
        (i["code"], v["version"]): dt.datetime.fromisoformat(v["published_at"])
        for i in _document()["items"]
        for v in i["versions"]
        if v["published_at"]
    }
    adopted = 0
    stale = ItemVersion.objects.filter(
        item__is_demo_code=True, item__code__in={code for code, _ in published}, published_at__isnull=False
    ).select_related("item")
    for version in stale:
        at = published.get((version.item.code, version.version))
        if at is not None and version.published_at != at:
            ItemVersion.objects.filter(pk=version.pk).update(published_at=at)
            adopted += 1
    return adopted


def load_catalogue(*, actor: str = SYSTEM_ACTOR) -> ImportReport:
    """Import `catalogue.json` (idempotent; needs the demo departments). Raises CommandError listing every
    problem when the file does not import, e.g. into a database whose demo catalogue was changed by hand."""
    with transaction.atomic():
        _adopt_publication_times()
        report = import_catalog(CATALOGUE_FILE.read_bytes(), "json", actor=actor)
        if not report.ok:
            transaction.set_rollback(True)
    if not report.ok:
        problems = "\n".join(str(e) for e in report.errors)
        raise CommandError(f"{CATALOGUE_FILE.name}:\n{problems}")
    return report

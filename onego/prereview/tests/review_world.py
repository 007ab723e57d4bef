"""The reviewer's test world, built through the services where they exist and the models where the capture robot
and the pre-review engine (other streams, other tests) would have written: an employment service centre whose
subsidy item runs 受理 → 资格审核 (both by its policy officer) → 兑现决定 (its head); an enterprise's claim of
five persons, pre-reviewed, its case waiting for acceptance; and the staff around it — the centre's officer and
head, a supervisor, a window clerk, an officer and a reviewer of another department, an applicant.

Used by the prereview view, decision and figure tests (plain builders: the fixtures are in each test module).
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from onego.accounts.models import Department, User
from onego.accounts.roles import Role
from onego.cases import services as case_services
from onego.cases.capture import register_captured_case
from onego.cases.models import Case
from onego.cases.tests.factories import PNG, user
from onego.catalog.models import ServiceItem
from onego.catalog.tests import factories as cf
from onego.core.identifiers import make_credit_code
from onego.demo import paper
from onego.demo.catalogue import item_code
from onego.prereview.models import Claim, ClaimAttachment, PersonClaim, SubsidyScheme
from onego.prereview.tests.factories import id_number as valid_id_number

CST = timezone.get_fixed_timezone(480)
#: 2026-10-12 is a Monday, a working day; the claims of 2026 Q3 were captured that morning.
MONDAY = dt.datetime(2026, 10, 12, 9, 0, tzinfo=CST)
ENTERPRISE_CODE = make_credit_code("91440111MA5BY0010")
ENTERPRISE_NAME = "广州市白云区测试制衣有限公司"
#: The demo's scheme and period of demo_claim (the demo catalogue's 招用工补贴 of 区就业服务中心).
DEMO_SCHEME = "hiring_subsidy"
DEMO_PERIOD = (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
DEMO_NAMES = [
    "黄志明",
    "林晓燕",
    "吴海涛",
    "郑丽娟",
    "何俊杰",
    "梁国华",
    "谢婉婷",
    "罗建平",
    "冯雪梅",
    "曾子豪",
]
_demo_serial = itertools.count()
#: Five persons of one enterprise: (name, ID number, category, robot verdict, claimed fen).
PERSONS = [
    ("赵一", "440111199001010012", "就业困难人员", "pass", 300_000),
    ("钱二", "440111199102020026", "高校毕业生", "pass", 300_000),
    ("孙三", "440111198803030033", "退役军人", "fail", 300_000),
    ("李四", "440111199504040046", "就业困难人员", "pass", 300_000),
    ("周五", "440111199705050059", "高校毕业生", "pass", 300_000),
]


def subsidy_process() -> dict[str, Any]:
    """受理 → 资格审核 → 兑现决定: the first two by the item department's policy officer, as the demo's
    employment subsidies run them (catalog.process.policy_redemption, without countersign and publicity)."""

    def act(key: str, name: str, name_en: str, target: str) -> dict[str, str]:
        return {"key": key, "name": name, "name_en": name_en, "target": target}

    flags = {"documents_required": False, "editable": False, "clock_paused": False}
    return {
        "start": "accept",
        "steps": [
            {
                "key": "accept",
                "kind": "accept",
                "name": "受理",
                "name_en": "Acceptance",
                "actor": {"role": Role.POLICY_OFFICER.value, "department": "item"},
                "budget_workdays": 1,
                "flags": flags,
                "actions": [
                    act("accept", "受理", "Accept", "review"),
                    act("reject", "不予受理", "Refuse to accept", "end:not_accepted"),
                ],
            },
            {
                "key": "review",
                "kind": "review",
                "name": "资格审核",
                "name_en": "Eligibility review",
                "actor": {"role": Role.POLICY_OFFICER.value, "department": "item"},
                "budget_workdays": 5,
                "flags": flags,
                "actions": [
                    act("pass", "审核通过", "Eligible", "decide"),
                    act("refuse", "审核不通过", "Not eligible", "end:refused"),
                ],
            },
            {
                "key": "decide",
                "kind": "decide",
                "name": "兑现决定",
                "name_en": "Decision",
                "actor": {"role": Role.DEPARTMENT_HEAD.value, "department": "item"},
                "budget_workdays": 2,
                "flags": flags,
                "actions": [
                    act("approve", "同意兑现", "Approve payment", "end:approved"),
                    act("refuse", "不予兑现", "Refuse", "end:refused"),
                ],
            },
        ],
    }


@dataclass
class ReviewWorld:
    centre: Department  # 测试就业服务中心
    other: Department  # 测试市场监管局
    item: ServiceItem
    scheme: SubsidyScheme
    jobs: User  # the centre's policy officer
    jobs_head: User  # the centre's head
    supervisor: User
    clerk: User  # a window clerk of the service centre (comprehensive window)
    other_officer: User  # a policy officer of another department
    other_reviewer: User  # a reviewer of another department
    applicant: User  # the enterprise

    def users(self) -> dict[str, User]:
        return {name: value for name, value in vars(self).items() if isinstance(value, User)}


def review_world() -> ReviewWorld:
    """Departments, the subsidy item and scheme, the staff and the enterprise. The calendar must be loaded."""
    centre = cf.department(91, "测试就业服务中心")
    other = cf.department(92, "测试市场监管局")
    window = Department.objects.create(
        name="测试政务服务中心",
        credit_code=make_credit_code("11440111MB2C00930"),
        hosts_comprehensive_window=True,
    )
    item = cf.handling_item(
        dept=centre,
        basic_code="000172009001",
        name="测试招用工补贴",
        name_en="Test hiring subsidy",
        statutory=20,
        promised=8,
        process=subsidy_process(),
    )
    scheme = SubsidyScheme.objects.create(
        key="hiring_subsidy", name="招用工补贴", name_en="Hiring subsidy", item=item
    )
    return ReviewWorld(
        centre=centre,
        other=other,
        item=item,
        scheme=scheme,
        jobs=user("jobs", Role.POLICY_OFFICER, centre, real_name="王晓东"),
        jobs_head=user("jobs_head", Role.DEPARTMENT_HEAD, centre, real_name="陈美玲"),
        supervisor=user("supervisor", Role.SUPERVISOR, window, real_name="吴国栋"),
        clerk=user("clerk", Role.WINDOW_CLERK, window, real_name="黄晓敏"),
        other_officer=user("other_officer", Role.POLICY_OFFICER, other, real_name="孙志明"),
        other_reviewer=user("other_reviewer", Role.REVIEWER, other, real_name="刘建国"),
        applicant=user(
            "ent",
            Role.APPLICANT_ENTERPRISE,
            None,
            real_name="李娜",
            id_number="440111198806121024",
            enterprise_credit_code=ENTERPRISE_CODE,
            enterprise_name=ENTERPRISE_NAME,
        ),
    )


def reason(
    rule: str, outcome: str, zh: str, en: str, evidence: tuple[tuple[str, int, str], ...] = ()
) -> dict[str, Any]:
    """One entry of PersonClaim.reasons, as the pre-review engine writes it."""
    names = {
        "insured_months": ("本单位参保月数", "Months insured by this employer"),
        "age": ("年龄", "Age"),
        "double_payment": ("重复享受", "Paid twice"),
        "document": ("附件核验", "Attachments"),
    }
    name, name_en = names[rule]
    return {
        "rule": rule,
        "name": name,
        "name_en": name_en,
        "outcome": outcome,
        "message": zh,
        "message_en": en,
        "evidence": [{"table": t, "id": i, "text": text} for t, i, text in evidence],
    }


def reasons_for(verdict: str) -> list[dict[str, Any]]:
    """What the engine would have said about a person it passed, failed or sent to a person."""
    insured = reason(
        "insured_months",
        "pass",
        "2026-07 至 2026-09 在本单位参保 3 个月，满足 3 个月的要求",
        "Insured by this employer for 3 months from 2026-07 to 2026-09, 3 required",
        (
            ("registry.contributionmonth", 11, "2026-07 广州市白云区测试制衣有限公司 5,000.00"),
            ("registry.contributionmonth", 12, "2026-08 广州市白云区测试制衣有限公司 5,000.00"),
        ),
    )
    if verdict == "fail":
        insured = reason(
            "insured_months",
            "fail",
            "2026-07 至 2026-09 在本单位仅参保 1 个月，不足 3 个月",
            "Insured by this employer for only 1 month from 2026-07 to 2026-09, 3 required",
            (("registry.contributionmonth", 13, "2026-09 广州市白云区测试制衣有限公司 5,000.00"),),
        )
    out = [insured, reason("age", "pass", "年龄 35 岁，未超过 60 岁", "Aged 35, within the limit of 60")]
    if verdict == "check":
        out.append(
            reason(
                "document", "unknown", "身份证图像无法识别，请人工核对", "The ID card image cannot be read"
            )
        )
    return out


def submit_case(w: ReviewWorld) -> Case:
    """The enterprise's case for the subsidy item, waiting for acceptance (what the capture sink makes)."""
    return case_services.submit_application(
        applicant=w.applicant, item_code=w.item.code, form_data={}, uploads=[], signature_png=PNG
    )[0]


def prereviewed_claim(
    w: ReviewWorld,
    *,
    external_id: str = "BY2026Q3-0001",
    verdicts: list[str] | None = None,
    risk: int = 50,
    with_case: bool = True,
    captured_at: dt.datetime = MONDAY,
    period: tuple[dt.date, dt.date] = (dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
    attachments: bool = False,
) -> Claim:
    """A claim of PERSONS (their verdicts replaced by `verdicts` when given), pre-reviewed; its case waiting for
    acceptance unless `with_case` is False. The claim's verdict is fail if any person fails, else check if
    any is to check, else pass."""
    chosen = verdicts or [p[3] for p in PERSONS]
    claim_verdict = "fail" if "fail" in chosen else "check" if "check" in chosen else "pass"
    claim = Claim.objects.create(
        scheme=w.scheme,
        external_system="standin",
        external_id=external_id,
        enterprise_code=ENTERPRISE_CODE,
        enterprise_name=ENTERPRISE_NAME,
        period_start=period[0],
        period_end=period[1],
        amount_claimed_fen=sum(p[4] for p in PERSONS[: len(chosen)]),
        case=submit_case(w) if with_case else None,
        status=Claim.Status.PREREVIEWED,
        verdict=claim_verdict,
        risk=risk,
        captured_at=captured_at,
        prereviewed_at=captured_at + dt.timedelta(minutes=5),
    )
    for seq, ((name, id_number, category, _verdict, fen), verdict) in enumerate(
        zip(PERSONS, chosen, strict=False), start=1
    ):
        person = PersonClaim.objects.create(
            claim=claim,
            seq=seq,
            name=name,
            id_number=id_number,
            category=category,
            months_claimed=3,
            amount_claimed_fen=fen,
            verdict=verdict,
            reasons=reasons_for(verdict),
            risk=80 if verdict == "fail" else 40 if verdict == "check" else 5,
        )
        if attachments:
            read = {"name": name, "id_number": id_number} if verdict != "check" else None
            attach(claim, person, "id_card", f"身份证-{name}.png", read=read)
    return claim


def attach(
    claim: Claim,
    person: PersonClaim | None,
    kind: str,
    name: str,
    *,
    read: dict[str, str] | None = None,
    png: bytes = PNG,
) -> ClaimAttachment:
    """A PNG attachment with what the OCR read from it (`read`: field → value), as the worker stores it; None
    for a page it could not read (its name and ID number reported missing)."""
    confidence = 0.97 if read else 0.2
    row = ClaimAttachment(
        claim=claim,
        person=person,
        kind=kind,
        name=name,
        content_type="image/png",
        size=len(png),
        ocr_status="read" if read else "unreadable",
        ocr={
            "kind": kind,
            "fields": {
                key: {"value": value, "confidence": confidence} for key, value in (read or {}).items()
            },
            "readable": bool(read),
            "confidence": confidence,
            "problems": [] if read else ["field_missing:name", "field_missing:id_number"],
        },
        ocr_confidence=confidence,
        ocr_seconds=0.8,
    )
    row.file.save(f"{kind}.png", ContentFile(png), save=False)
    row.save()
    return row


def demo_reasons(verdict: str, employer: str) -> list[dict[str, Any]]:
    """The engine's reasons for a person it passed, failed (insured 1 month) or left to check (ID unreadable)."""
    months = {"pass": ("07", "08", "09"), "fail": ("09",), "check": ("07", "08", "09")}[verdict]
    evidence = [
        {"table": "registry.contributionmonth", "id": 100 + i, "text": f"2026-{m} {employer} 4,500.00"}
        for i, m in enumerate(months)
    ]
    insured = {
        "rule": "insured_months",
        "name": "本单位参保月数",
        "name_en": "Months insured by this employer",
        "outcome": "fail" if verdict == "fail" else "pass",
        "message": f"2026-07 至 2026-09 在本单位参保 {len(months)} 个月，需满 3 个月",
        "message_en": f"Insured by this employer for {len(months)} of the 3 months required",
        "evidence": evidence,
    }
    age = {
        "rule": "age",
        "name": "年龄",
        "name_en": "Age",
        "outcome": "pass",
        "message": "所属期开始时未满 60 周岁",
        "message_en": "Under 60 at the start of the period",
        "evidence": [],
    }
    out: list[dict[str, Any]] = [insured, age]
    if verdict == "check":
        out.append(
            {
                "rule": "document",
                "name": "附件核验",
                "name_en": "Attachments",
                "outcome": "unknown",
                "message": "身份证图像无法识别，请人工核对",
                "message_en": "The ID card image cannot be read: a person must check it",
                "evidence": [],
            }
        )
    return out


def demo_claim(external_id: str, enterprise: str, code: str, verdicts: list[str], risk: int) -> int:
    """On the seeded Baiyun demo: a pre-reviewed claim of the employment centre's hiring subsidy (招用工补贴), one
    person per verdict, with its case captured and waiting for acceptance, rendered ID cards and a business
    licence. Returns the claim's id."""
    item = ServiceItem.objects.get(code=item_code(DEMO_SCHEME))
    scheme, _created = SubsidyScheme.objects.get_or_create(
        key=DEMO_SCHEME, defaults={"name": "招用工补贴", "name_en": "Hiring subsidy", "item": item}
    )
    start = next(_demo_serial) * 5
    names = [DEMO_NAMES[(start + i) % len(DEMO_NAMES)] for i in range(len(verdicts))]
    people = [
        (n, valid_id_number(dt.date(1985 + i * 3, 3 + i, 10 + i), female=i % 2 == 1))
        for i, n in enumerate(names)
    ]
    licence = paper.render_business_licence(name=enterprise, credit_code=code, legal_representative=names[0])
    case = register_captured_case(
        item=item,
        applicant_code=code,
        applicant_name=enterprise,
        form_data={"external_system": "standin", "external_id": external_id},
        attachments=[("business_licence", f"营业执照-{enterprise}.png", "image/png", licence)],
        external_ref=f"standin:{external_id}",
        on=timezone.localdate(),
    )
    now = timezone.now()
    claim = Claim.objects.create(
        scheme=scheme,
        external_system="standin",
        external_id=external_id,
        enterprise_code=code,
        enterprise_name=enterprise,
        period_start=DEMO_PERIOD[0],
        period_end=DEMO_PERIOD[1],
        amount_claimed_fen=len(verdicts) * 270_000,
        case=case,
        status=Claim.Status.PREREVIEWED,
        verdict="fail" if "fail" in verdicts else "check" if "check" in verdicts else "pass",
        risk=risk,
        captured_at=now,
        prereviewed_at=now,
    )
    attach(
        claim,
        None,
        "business_licence",
        f"营业执照-{enterprise}.png",
        read={"name": enterprise, "credit_code": code},
        png=licence,
    )
    for seq, ((name, number), verdict) in enumerate(zip(people, verdicts, strict=True), start=1):
        person = PersonClaim.objects.create(
            claim=claim,
            seq=seq,
            name=name,
            id_number=number,
            category="就业困难人员" if seq % 2 else "高校毕业生",
            months_claimed=3,
            amount_claimed_fen=270_000,
            verdict=verdict,
            reasons=demo_reasons(verdict, enterprise),
            risk=80 if verdict == "fail" else 40 if verdict == "check" else 5,
        )
        card = paper.render_id_card(name=name, id_number=number, sex="女" if seq % 2 == 0 else "男")
        if verdict == "check":
            attach(claim, person, "id_card", f"身份证-{name}.png", png=paper.unreadable(card))
        else:
            attach(
                claim,
                person,
                "id_card",
                f"身份证-{name}.png",
                read={"name": name, "id_number": number},
                png=card,
            )
    return claim.pk


def ready(settings: Any, tmp_path: Any) -> None:
    """What every test of the world needs around it: uploaded files under the test's own directory, and the
    working-day calendar (deadlines of the cases)."""
    from onego.core.calendar import load_from_chinesecalendar

    settings.MEDIA_ROOT = str(tmp_path)
    load_from_chinesecalendar()

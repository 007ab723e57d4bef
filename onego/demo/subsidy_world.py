"""The subsidy world (补贴演示世界): deterministic subsidy claims and the shared data they are checked against.

Seed case 7 pre-reviews the employment and start-up subsidy claims that enterprises file in a provincial
vertical system against OneGo's shared data (social insurance, registration, earlier payments). The demo needs
both sides to agree — or to disagree on purpose — so both are made here, from one `random.Random(seed)`:

- the stand-in vertical system (`onego.demo.vertical_system`) serves `World.claims` as its pending claims;
- the prereview demo loads `World.contributions`, `World.payments` and `World.enterprises` as OneGo's shared
  data, so a claim the robot captures meets matching (or deliberately mismatching) rows.

Everything is synthetic: names are drawn from common characters, ID numbers (GB 11643, areas 4401xx) and
unified social credit codes (GB 32100, with the GB 11714 organisation-code check) are valid in structure and
check digit but belong to nobody. The amounts follow a demo standard (`MONTHLY_STANDARD_FEN`), not a real one.

Designed outcomes of the default world (`build_world()`: 20 claims, 2026-07-01 … 2026-09-30). Claim n of a
larger world repeats the design of position ((n - 1) mod 20) + 1, so a benchmark world has the same mix:

| external_id   | expected | why |
|---------------|----------|-----|
| BY2026Q3-0001 | pass     | 5 persons, all insured by the employer all quarter (the checker's 5-person enterprise) |
| BY2026Q3-0002 | pass     | person 1 was paid the same scheme for 2026-Q2: an earlier period, not a double payment |
| BY2026Q3-0003 | fail     | person 2 claims 3 months but is insured by this employer for 1 month (September) only |
| BY2026Q3-0004 | pass     | person 1 changed employer: insured at 0003's enterprise before, at this one all quarter |
| BY2026Q3-0005 | pass     | person 1's ID card scan is slightly rotated and noisy (still readable) |
| BY2026Q3-0006 | fail     | person 1 was born in 1960: 66 at the end of the quarter, over any working-age limit |
| BY2026Q3-0007 | pass     | person 2 joined in August: claims 2 months, insured 2 months |
| BY2026Q3-0008 | pass     | — |
| BY2026Q3-0009 | fail     | person 1 already paid 社会保险补贴 for the same quarter (a Payment row); this is 岗位补贴 |
| BY2026Q3-0010 | pass     | person 1 was paid for 2026-Q1: an earlier period |
| BY2026Q3-0011 | pass     | 一次性创业资助 (startup grant): one person, the founder, insured here since 2025-07 |
| BY2026Q3-0012 | fail     | the enterprise is deregistered (registration_status 注销) |
| BY2026Q3-0013 | pass     | — |
| BY2026Q3-0014 | pass     | — |
| BY2026Q3-0015 | fail     | the enterprise is registered in 天河区 (address and authority outside Baiyun) |
| BY2026Q3-0016 | pass     | — |
| BY2026Q3-0017 | pass     | — |
| BY2026Q3-0018 | check    | person 1's ID card scan is unreadable (`WorldAttachment.unreadable`) |
| BY2026Q3-0019 | pass     | — |
| BY2026Q3-0020 | check    | the payroll statement (工资发放表) scan is unreadable |

So 13 pass, 5 fail, 2 check. Each claim carries its business licence, per person an ID card and a labour
contract, and one payroll statement; `render_document` draws them with `onego.demo.paper`.

`build_world(claims=3000)` (benchmarks) stays well under 5 seconds: no rendering happens until a document is
asked for.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from stdnum.cn import ric, uscc

SCHEMES: dict[str, str] = {
    "startup_grant": "一次性创业资助",
    "startup_jobs_subsidy": "创业带动就业补贴",
    "social_insurance_subsidy": "社会保险补贴",
    "post_subsidy": "岗位补贴",
    "hiring_subsidy": "招用工补贴",
}

# Demo standards, per person and month claimed (the startup grant is one sum per enterprise). The prereview
# rules hold the real policy data; these only make the claimed amounts consistent.
MONTHLY_STANDARD_FEN: dict[str, int] = {
    "startup_jobs_subsidy": 60_000,
    "social_insurance_subsidy": 90_000,
    "post_subsidy": 50_000,
    "hiring_subsidy": 40_000,
}
STARTUP_GRANT_FEN = 1_000_000

CATEGORIES: tuple[str, ...] = ("就业困难人员", "高校毕业生", "退役军人", "脱贫人口", "其他")

BAIYUN_AUTHORITY = "广州市白云区市场监督管理局"
TIANHE_AUTHORITY = "广州市天河区市场监督管理局"
SOCIAL_INSURANCE_PAYER = "广州市白云区就业服务管理中心"

DESIGN_BLOCK = 20  # claim n follows the design of position ((n - 1) mod 20) + 1
EXPECTED_VERDICTS: dict[int, str] = {
    **{p: "pass" for p in range(1, DESIGN_BLOCK + 1)},
    3: "fail",
    6: "fail",
    9: "fail",
    12: "fail",
    15: "fail",
    18: "check",
    20: "check",
}
_PERSON_SCHEMES = ("social_insurance_subsidy", "post_subsidy", "hiring_subsidy", "startup_jobs_subsidy")


@dataclass(frozen=True)
class WorldPerson:
    """One person-claim of a claim. `address` and `monthly_wage_fen` feed the ID card and the payroll page."""

    name: str
    id_number: str
    category: str
    months_claimed: int
    amount_fen: int
    address: str = ""
    monthly_wage_fen: int = 0
    employed_since: date | None = None  # first day with the claiming employer (the labour contract's start)


@dataclass(frozen=True)
class WorldAttachment:
    """A scanned document of a claim; `unreadable` marks the scans designed to defeat OCR (→ check)."""

    kind: str  # a value of onego.prereview.documents.DOC_KINDS
    name: str  # as the vertical system lists it: 身份证-张三.png, 营业执照-…, 劳动合同-…, 工资发放表-…
    person_id_number: str = ""  # the person the document is about; "" for the enterprise's documents
    unreadable: bool = False
    rotate: float = 0.0  # degrees: a slightly crooked scan that OCR must still read
    noise: float = 0.0


@dataclass(frozen=True)
class WorldClaim:
    external_id: str
    scheme: str
    enterprise_code: str
    enterprise_name: str
    period_start: date
    period_end: date
    persons: tuple[WorldPerson, ...]
    amount_fen: int
    submitted_on: date
    attachments: tuple[WorldAttachment, ...] = ()
    expected_verdict: str = "pass"  # the designed outcome (module docstring)
    design_note: str = ""  # why, in English, for tests and the demo's operator


@dataclass(frozen=True)
class Contribution:
    id_number: str
    person_name: str
    employer_code: str
    employer_name: str
    month: date
    base_fen: int


@dataclass(frozen=True)
class Payment:
    id_number: str
    person_name: str
    employer_code: str
    scheme: str
    period_start: date
    period_end: date
    amount_fen: int
    paid_on: date
    reference: str


@dataclass(frozen=True)
class Enterprise:
    credit_code: str
    name: str
    address: str
    registration_authority: str
    established_on: date
    registration_status: str  # 存续 or 注销
    legal_representative: str = ""


@dataclass(frozen=True)
class World:
    enterprises: tuple[Enterprise, ...]
    claims: tuple[WorldClaim, ...]
    contributions: tuple[Contribution, ...]
    payments: tuple[Payment, ...]
    _enterprise_by_code: dict[str, Enterprise] = field(default_factory=dict, repr=False, compare=False)

    def enterprise(self, credit_code: str) -> Enterprise:
        if not self._enterprise_by_code:
            self._enterprise_by_code.update((e.credit_code, e) for e in self.enterprises)
        return self._enterprise_by_code[credit_code]

    def claim(self, external_id: str) -> WorldClaim:
        for claim in self.claims:
            if claim.external_id == external_id:
                return claim
        raise KeyError(external_id)


_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程苏魏吕丁任沈"
)
_GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉海燕鹏飞宇浩然欣怡子轩梓涵雨晨佳琪思远"
    "嘉俊志诚晓东立新振国春梅秋菊冬雪少华家豪颖彤宏亮"
)
_TRADE_CHARS = "云鹏华盛达信恒泰隆兴源丰瑞祥安德嘉宏博远通创新宇明辉锦旭诚宝金悦晟峰骏航越拓润辰"
_INDUSTRIES = (
    ("餐饮管理", "广州市白云区{road}{n}号首层"),
    ("物流", "广州市白云区{road}{n}号仓库"),
    ("电子科技", "广州市白云区{road}{n}号之二"),
    ("服装", "广州市白云区{road}{n}号二楼"),
    ("建材贸易", "广州市白云区{road}{n}号"),
    ("家政服务", "广州市白云区{road}{n}号三楼"),
    ("汽车维修", "广州市白云区{road}{n}号"),
    ("印刷", "广州市白云区{road}{n}号厂房"),
    ("皮具", "广州市白云区{road}{n}号"),
    ("信息技术", "广州市白云区{road}{n}号五楼"),
)
_BAIYUN_ROADS = (
    "白云大道北",
    "机场路",
    "广园中路",
    "石井大道",
    "太和镇大源南路",
    "人和镇鹤亭路",
    "同和路",
    "黄石东路",
)
_TIANHE_ADDRESS = "广州市天河区天河路{n}号"
# Guangzhou area codes (GB/T 2260) with the years they were in use: an ID number carries the code of the
# place of first registration as it was named in the birth year (stdnum.cn.ric checks this).
_GZ_AREAS: tuple[tuple[str, int, int], ...] = (
    ("440103", 1983, 9999),
    ("440104", 1983, 9999),
    ("440105", 1983, 9999),
    ("440106", 1985, 9999),
    ("440111", 1987, 9999),
    ("440111", 1987, 9999),
    ("440111", 1987, 9999),
    ("440112", 1983, 9999),
    ("440113", 2000, 9999),
    ("440120", 0, 1983),
    ("440121", 0, 1993),
    ("440126", 0, 1992),
)
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _org_check(body8: str) -> str:
    """GB 11714 check character of an organisation code (the 9th–17th characters of a USCC)."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(c, 36) * w for c, w in zip(body8, weights, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def _credit_code(rng: random.Random, area: str) -> str:
    letters = "".join(rng.choice(_USCC_ALPHABET[:10] + "ABCDEFGHJKLMNPQRTUWY") for _ in range(6))
    org = "MA" + letters
    body = "91" + area + org + _org_check(org)
    return body + uscc.calc_check_digit(body)


def _id_number(rng: random.Random, born: date, male: bool, used: set[str]) -> str:
    while True:
        area = rng.choice([code for code, since, until in _GZ_AREAS if since <= born.year <= until])
        seq = rng.randrange(0, 500) * 2 + (1 if male else 0)
        body = f"{area}{born:%Y%m%d}{seq:03d}"
        number = body + ric.calc_check_digit(body + "0")  # stdnum expects a placeholder check digit
        if number not in used:
            used.add(number)
            return number


def _person_name(rng: random.Random, taken: set[str]) -> str:
    while True:
        given = "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2, 2))))
        name = rng.choice(_SURNAMES) + given
        if name not in taken:
            taken.add(name)
            return name


def _months(first: date, last: date) -> list[date]:
    """First days of the months from `first`'s month to `last`'s month, inclusive."""
    months: list[date] = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _shift_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _birth_date(rng: random.Random, on: date, age_from: int, age_to: int) -> date:
    age = rng.randint(age_from, age_to)
    return date(on.year - age, rng.randint(1, 12), rng.randint(1, 28))


_AGES = {
    "高校毕业生": (21, 25),
    "退役军人": (24, 40),
    "就业困难人员": (35, 48),
    "脱贫人口": (20, 45),
    "其他": (20, 45),
}


def build_world(
    claims: int = 20, seed: int = 2026, period: tuple[date, date] = (date(2026, 7, 1), date(2026, 9, 30))
) -> World:
    """Make the world: `claims` claims over `period`, their enterprises, contributions and earlier payments.

    Deterministic for a seed; the designed outcomes (module docstring) repeat every 20 claims.
    """
    rng = random.Random(seed)  # noqa: S311 — reproducible demo data, not secrets
    period_start, period_end = period
    quarter = (period_start.month - 1) // 3 + 1
    used_ids: set[str] = set()
    used_enterprise_names: set[str] = set()
    enterprises: list[Enterprise] = []
    world_claims: list[WorldClaim] = []
    contributions: list[Contribution] = []
    payments: list[Payment] = []

    def new_enterprise(n: int, position: int) -> Enterprise:
        industry, address_pattern = rng.choice(_INDUSTRIES)
        for attempt in range(50):
            trade = rng.choice(_TRADE_CHARS) + rng.choice(_TRADE_CHARS)
            if attempt >= 40:
                trade += str(n)
            prefix = "广州市天河区" if position == 15 else "广州市白云区"
            name = f"{prefix}{trade}{industry}有限公司"
            if name not in used_enterprise_names:
                used_enterprise_names.add(name)
                break
        if position == 15:
            address, authority, area = (
                _TIANHE_ADDRESS.format(n=rng.randint(1, 600)),
                TIANHE_AUTHORITY,
                "440106",
            )
        else:
            address = address_pattern.format(road=rng.choice(_BAIYUN_ROADS), n=rng.randint(1, 999))
            authority, area = BAIYUN_AUTHORITY, "440111"
        return Enterprise(
            credit_code=_credit_code(rng, area),
            name=name,
            address=address,
            registration_authority=authority,
            established_on=date(rng.randint(2012, 2024), rng.randint(1, 12), rng.randint(1, 28)),
            registration_status="注销" if position == 12 else "存续",
            legal_representative=_person_name(rng, set()),
        )

    payment_serial = 0

    def pay(person: WorldPerson, employer: str, scheme: str, start: date, end: date, amount: int) -> None:
        nonlocal payment_serial
        payment_serial += 1
        payments.append(
            Payment(
                id_number=person.id_number,
                person_name=person.name,
                employer_code=employer,
                scheme=scheme,
                period_start=start,
                period_end=end,
                amount_fen=amount,
                paid_on=end + timedelta(days=5),  # before the next quarter's claims are filed
                reference=f"ZF{end:%Y%m}{payment_serial:06d}",
            )
        )

    for n in range(1, claims + 1):
        position = (n - 1) % DESIGN_BLOCK + 1
        enterprise = new_enterprise(n, position)
        enterprises.append(enterprise)
        scheme = "startup_grant" if position == 11 else _PERSON_SCHEMES[position % 4]
        if position == 9:
            scheme = "post_subsidy"
        count = (
            5 if position == 1 else 1 if position == 11 else rng.randint(2 if position in (3, 7) else 1, 5)
        )
        names: set[str] = set()
        persons: list[WorldPerson] = []
        notes = {
            2: "person 1 was paid for the previous quarter only",
            3: "person 2 insured 1 of 3 months",
            4: "person 1 changed employer before the quarter",
            5: "person 1's ID card scan is crooked but readable",
            6: "person 1 is 66",
            7: "person 2 joined in August and claims 2 months",
            9: "person 1 already paid 社会保险补贴 for the quarter",
            10: "person 1 was paid for an earlier quarter",
            11: "startup grant for the founder",
            12: "enterprise deregistered",
            15: "enterprise outside Baiyun",
            18: "person 1's ID card unreadable",
            20: "payroll statement unreadable",
        }
        for seq in range(1, count + 1):
            category = rng.choice(CATEGORIES)
            if position == 6 and seq == 1:
                born, male = date(1960, 4, 15), True
            else:
                born, male = _birth_date(rng, period_end, *_AGES[category]), rng.random() < 0.55
            id_number = _id_number(rng, born, male, used_ids)
            name = _person_name(rng, names)
            joined_in_quarter = position == 7 and seq == 2
            if joined_in_quarter:
                employed_since = _shift_months(period_start, 1)
            elif position == 11:
                employed_since = _shift_months(period_start, -12)
            else:
                employed_since = _shift_months(period_start, -rng.randint(0, 9))
            months = _months(max(employed_since, period_start), period_end)
            months_claimed = len(months)
            amount = (
                STARTUP_GRANT_FEN
                if scheme == "startup_grant"
                else months_claimed * MONTHLY_STANDARD_FEN[scheme]
            )
            wage = rng.randint(23, 90) * 10_000
            person = WorldPerson(
                name=name,
                id_number=id_number,
                category=category,
                months_claimed=months_claimed,
                amount_fen=amount,
                address=f"广东省广州市白云区{rng.choice(_BAIYUN_ROADS)}{rng.randint(1, 300)}号{rng.randint(1, 30)}01房",
                monthly_wage_fen=wage,
                employed_since=employed_since,
            )
            persons.append(person)
            insured = _months(employed_since, period_end)
            if position == 3 and seq == 2:
                insured = insured[-1:]  # designed: only September
            if position == 4 and seq == 1:
                previous = enterprises[-2] if len(enterprises) > 1 else enterprise
                for month in _months(_shift_months(period_start, -6), _shift_months(period_start, -1)):
                    contributions.append(
                        Contribution(id_number, name, previous.credit_code, previous.name, month, wage)
                    )
                insured = _months(period_start, period_end)
            contributions.extend(
                Contribution(id_number, name, enterprise.credit_code, enterprise.name, month, wage)
                for month in insured
            )
            if seq == 1 and position in (2, 10):
                back = 3 if position == 2 else 6
                start = _shift_months(period_start, -back)
                end = _shift_months(start, 3) - timedelta(days=1)
                pay(person, enterprise.credit_code, scheme, start, end, 3 * MONTHLY_STANDARD_FEN[scheme])
            if seq == 1 and position == 9:
                amount_paid = 3 * MONTHLY_STANDARD_FEN["social_insurance_subsidy"]
                pay(
                    person,
                    enterprise.credit_code,
                    "social_insurance_subsidy",
                    period_start,
                    period_end,
                    amount_paid,
                )

        attachments = [WorldAttachment("business_licence", f"营业执照-{enterprise.name}.png")]
        for seq, person in enumerate(persons, start=1):
            attachments.append(
                WorldAttachment(
                    "id_card",
                    f"身份证-{person.name}.png",
                    person.id_number,
                    unreadable=position == 18 and seq == 1,
                    rotate=2.0 if position == 5 and seq == 1 else 0.0,
                    noise=0.04 if position == 5 and seq == 1 else 0.0,
                )
            )
            attachments.append(
                WorldAttachment("labour_contract", f"劳动合同-{person.name}.png", person.id_number)
            )
        attachments.append(
            WorldAttachment(
                "bank_statement", f"工资发放表-{period_end:%Y年%m月}.png", unreadable=position == 20
            )
        )
        submitted_on = period_end + timedelta(days=8 + (n - 1) * 20 // max(claims, 1))
        world_claims.append(
            WorldClaim(
                external_id=f"BY{period_start.year}Q{quarter}-{n:04d}",
                scheme=scheme,
                enterprise_code=enterprise.credit_code,
                enterprise_name=enterprise.name,
                period_start=period_start,
                period_end=period_end,
                persons=tuple(persons),
                amount_fen=sum(p.amount_fen for p in persons),
                submitted_on=submitted_on,
                attachments=tuple(attachments),
                expected_verdict=EXPECTED_VERDICTS[position],
                design_note=notes.get(position, ""),
            )
        )
    return World(tuple(enterprises), tuple(world_claims), tuple(contributions), tuple(payments))


def render_document(world: World, claim: WorldClaim, attachment: WorldAttachment) -> bytes:
    """Draw one attachment of a claim as a PNG scan, with `onego.demo.paper` (rendered on demand: it is slow)."""
    from onego.demo import paper  # type: ignore[attr-defined,unused-ignore]  # Pillow and the CJK font are needed only when a document is drawn

    person = next((p for p in claim.persons if p.id_number == attachment.person_id_number), None)
    enterprise = world.enterprise(claim.enterprise_code)
    if attachment.kind == "business_licence":
        png = paper.render_business_licence(
            name=enterprise.name,
            credit_code=enterprise.credit_code,
            legal_representative=enterprise.legal_representative,
            address=enterprise.address,
            established_on=enterprise.established_on,
        )
    elif attachment.kind == "id_card" and person is not None:
        male = int(person.id_number[16]) % 2 == 1
        png = paper.render_id_card(
            name=person.name, id_number=person.id_number, sex="男" if male else "女", address=person.address
        )
    elif attachment.kind == "labour_contract" and person is not None:
        start = person.employed_since or claim.period_start
        png = paper.render_labour_contract(
            employer=claim.enterprise_name,
            employee=person.name,
            id_number=person.id_number,
            start=start,
            end=date(start.year + 3, start.month, 1) - timedelta(days=1),
        )
    elif attachment.kind == "bank_statement":
        png = paper.render_bank_statement(
            payer=claim.enterprise_name,
            rows=[(p.name, p.monthly_wage_fen) for p in claim.persons],
            month=date(claim.period_end.year, claim.period_end.month, 1),
        )
    else:
        raise ValueError(f"no document of kind {attachment.kind!r} for {attachment.name}")
    if attachment.unreadable:
        return paper.unreadable(png)
    if attachment.rotate or attachment.noise:
        return paper.degrade(png, rotate=attachment.rotate, noise=attachment.noise, seed=len(attachment.name))
    return png

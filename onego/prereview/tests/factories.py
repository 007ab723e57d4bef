"""Typed helpers of the prereview tests: valid ID numbers and credit codes, rule facts, and stored claims."""

from __future__ import annotations

from datetime import UTC, date, datetime
from itertools import count
from typing import Any

from stdnum.cn import ric

from onego.core.identifiers import make_credit_code
from onego.prereview import rules
from onego.prereview.models import Claim, PersonClaim, PreReviewRule, SubsidyScheme

PERIOD = (date(2026, 7, 1), date(2026, 9, 30))  # the third quarter of 2026, the demo's claim period
EMPLOYER = make_credit_code("91440111MA5B00010")
OTHER_EMPLOYER = make_credit_code("91440111MA5B00020")
CAPTURED_AT = datetime(2026, 10, 9, 1, 0, tzinfo=UTC)  # 09:00 in Guangzhou, the day after the claims came in

_serial = count(100)


def id_number(born: date, *, female: bool = False, area: str = "440111") -> str:
    """A valid 18-digit ID number (GB 11643) of someone born on `born`; the 17th digit gives the sex."""
    sequence = next(_serial) % 100
    sex_digit = (2 if female else 1) + 2 * (sequence % 4)
    body = f"{area}{born:%Y%m%d}{sequence:02d}{sex_digit}"
    return body + ric.calc_check_digit(body + "0")  # stdnum wants a placeholder check digit


def claim_facts(
    *,
    entity: rules.EntityRow | None = None,
    documents: tuple[rules.DocumentRow, ...] = (),
    name: str = "白云示例科技有限公司",
) -> rules.ClaimFacts:
    return rules.ClaimFacts(EMPLOYER, name, PERIOD[0], PERIOD[1], entity, documents)


def person_facts(**overrides: Any) -> rules.PersonFacts:
    values: dict[str, Any] = {
        "seq": 1,
        "name": "张伟",
        "id_number": id_number(date(1990, 3, 7)),
        "category": "就业困难人员",
        "months_claimed": 3,
        "amount_claimed_fen": 150_000,
    }
    values.update(overrides)
    return rules.PersonFacts(**values)


def month_row(month: date, employer: str = EMPLOYER, *, id_: int | None = None) -> rules.ContributionRow:
    return rules.ContributionRow(id_ or next(_serial), employer, "白云示例科技有限公司", month, 450_000)


def make_scheme(key: str = "social_insurance_subsidy", **fields: Any) -> SubsidyScheme:
    return SubsidyScheme.objects.create(
        key=key, name=fields.pop("name", "社会保险补贴"), name_en="x", **fields
    )


def make_rule(scheme: SubsidyScheme, kind: str, params: dict[str, Any], **fields: Any) -> PreReviewRule:
    return PreReviewRule.objects.create(
        scheme=scheme,
        key=fields.pop("key", kind.replace("_", "-")),
        kind=kind,
        params=params,
        valid_from=fields.pop("valid_from", date(2026, 1, 1)),
        name=fields.pop("name", kind),
        name_en=fields.pop("name_en", kind),
        **fields,
    )


def make_claim(
    scheme: SubsidyScheme, persons: list[dict[str, Any]], *, external_id: str = "", **fields: Any
) -> Claim:
    claim = Claim.objects.create(
        scheme=scheme,
        external_system="standin" if external_id else "",
        external_id=external_id,
        enterprise_code=fields.pop("enterprise_code", EMPLOYER),
        enterprise_name=fields.pop("enterprise_name", "白云示例科技有限公司"),
        period_start=fields.pop("period_start", PERIOD[0]),
        period_end=fields.pop("period_end", PERIOD[1]),
        amount_claimed_fen=sum(p.get("amount_claimed_fen", 150_000) for p in persons),
        captured_at=CAPTURED_AT,
        **fields,
    )
    for seq, person in enumerate(persons, start=1):
        PersonClaim.objects.create(
            claim=claim,
            seq=seq,
            name=person.get("name", f"人员{seq}"),
            id_number=person["id_number"],
            category=person.get("category", "就业困难人员"),
            months_claimed=person.get("months_claimed", 3),
            amount_claimed_fen=person.get("amount_claimed_fen", 150_000),
        )
    return claim


# --- records as the capture robot reads them from the stand-in system -------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64  # recognised as PNG by its content; never OCR'd in these tests


def yuan_text(fen: int) -> str:
    return f"{fen / 100:,.2f}"


def captured(
    claim: Any,
    *,
    system: str = "standin",
    attachments: bool = True,
    world: Any = None,
    pages: dict | None = None,
) -> Any:
    """The CapturedRecord of a world claim, keyed by the record page's labels (contracts §5). With `world` the
    attachments are the rendered scans (`subsidy_world.render_document`), else a stub PNG; `pages` replaces
    the bytes of the attachments it names."""
    from onego.demo import subsidy_world
    from onego.robots.extensions import Attachment, CapturedRecord, fingerprint_of

    fields: dict[str, Any] = {
        "申报编号": claim.external_id,
        "单位名称": claim.enterprise_name,
        "统一社会信用代码": claim.enterprise_code,
        "申报类型": subsidy_world.SCHEMES[claim.scheme],
        "所属期": f"{claim.period_start} 至 {claim.period_end}",
        "申报金额（元）": yuan_text(claim.amount_fen),
        "申报日期": claim.submitted_on.isoformat(),
        "最后修改时间": f"{claim.submitted_on} 09:12:33",
        "persons": [
            {
                "序号": str(seq),
                "姓名": p.name,
                "身份证号码": p.id_number,
                "人员类别": p.category,
                "申报月数": str(p.months_claimed),
                "申报金额（元）": yuan_text(p.amount_fen),
            }
            for seq, p in enumerate(claim.persons, start=1)
        ],
    }
    pages = pages or {}

    def content(a: Any) -> bytes:
        if a.name in pages:
            return bytes(pages[a.name])
        return subsidy_world.render_document(world, claim, a) if world is not None else PNG

    files = (
        tuple(Attachment(a.name, "image/png", content(a), a.kind) for a in claim.attachments)
        if attachments
        else ()
    )
    return CapturedRecord(system, claim.external_id, fields, fingerprint_of(fields), files)

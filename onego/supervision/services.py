"""Writes of the spot checks: a supervisor draws (the task, its frozen registers, seed and log in one
transaction); a drawn inspector records the result, which is published at once and, for a false commitment on a
licence granted on commitment, revokes the licence and writes the credit record."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from onego.accounts.models import User
from onego.accounts.roles import Role
from onego.cases import extensions
from onego.certificates import services as licence_services
from onego.core import audit, outbox
from onego.core.calendar import add_workdays
from onego.core.errors import ApiError
from onego.core.models import OutboxChannel
from onego.registry.models import CreditRecord
from onego.supervision import lottery, registers
from onego.supervision.models import Assignment, Check, CheckMatter, CheckStatus, Draw

SEED_RE = re.compile(r"^[0-9A-Za-z]{4,64}$")
MIN_FINDINGS = 4


def new_seed() -> str:
    """A fresh 128-bit seed as 32 hex digits, shown on the form before the draw."""
    return secrets.token_hex(16)


def may_draw(user: Any) -> bool:
    return isinstance(user, User) and user.is_government_staff and user.has_role(Role.SUPERVISOR)


def _refuse(code: str, message: str, status: int = 422) -> ApiError:
    return ApiError(code, message, status=status)


def _ratio(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        ratio = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise _refuse("bad_ratio", _("抽查比例应为 0 至 1 之间的小数，如 0.05")) from None
    if not ratio.is_finite() or ratio <= 0 or ratio > 1:
        raise _refuse("bad_ratio", _("抽查比例应为 0 至 1 之间的小数，如 0.05"))
    return ratio.quantize(Decimal("0.0001"))


def create_draw(
    *,
    actor: User,
    matter: CheckMatter,
    title: str,
    check_by: dt.date,
    seed: str,
    ratio: Any = None,
) -> Draw:
    """Create a spot-check task and draw it: the registers of today are frozen into the task, the seeded draw
    picks entities per risk stratum and ≥ 2 inspectors per entity (recusals excluded), every drawn inspector
    gets a message. One transaction; the draw's inputs, digests and log are stored for publication."""
    if not may_draw(actor):
        raise _refuse("forbidden", _("只有督查人员可以发起抽查"), 403)
    title = " ".join((title or "").split())
    seed = (seed or "").strip()
    if not title:
        raise _refuse("title_required", _("请填写任务名称"))
    if not SEED_RE.match(seed):
        raise _refuse("bad_seed", _("随机种子应为 4 至 64 位字母或数字"))
    today = timezone.localdate()
    if check_by < today:
        raise _refuse("bad_check_by", _("检查完成期限不能早于今天"))
    ratio_value = _ratio(ratio)
    with transaction.atomic():
        matter = CheckMatter.objects.select_for_update().get(pk=matter.pk)
        if not matter.active:
            raise _refuse("matter_inactive", _("该抽查事项已停用"))
        inputs, licences, inspectors = registers.snapshot(matter, today, seed=seed, ratio=ratio_value)
        if not inputs.entities:
            raise _refuse("no_entities", _("该事项目前没有可抽取的持证主体"))
        result = lottery.run(inputs)
        now = timezone.now()
        draw = Draw.objects.create(
            number=f"tmp-{secrets.token_hex(6)}",
            matter=matter,
            title=title[:200],
            check_by=check_by,
            ratio=inputs.ratio,
            seed=seed,
            algorithm=lottery.ALGORITHM,
            entity_digest=result.entity_digest,
            inspector_digest=result.inspector_digest,
            inputs=inputs.as_dict(),
            log=result.log,
            drawn_by=actor,
            drawn_at=now,
        )
        draw.number = f"SC{now.year}{draw.pk:05d}"
        draw.save(update_fields=["number"])
        notified: set[int] = set()
        for seq, pick in enumerate(result.picks, start=1):
            licence = licences[(pick.entity.code, pick.entity.licence)]
            check = Check.objects.create(
                draw=draw,
                seq=seq,
                licence=licence,
                entity_code=pick.entity.code,
                entity_name=pick.entity.name,
                risk=pick.entity.risk,
                on_commitment=pick.entity.commitment,
                status=CheckStatus.UNSTAFFED if pick.unstaffed else CheckStatus.ASSIGNED,
            )
            Assignment.objects.bulk_create(
                Assignment(check_row=check, inspector=inspectors[cert], rank=rank)
                for rank, cert in enumerate(pick.inspectors, start=1)
            )
            notified.update(inspectors[cert].user_id for cert in pick.inspectors)
        link = reverse("supervision:draw", args=[draw.number])
        with outbox.recipients_language():
            subject = _("抽查任务 %(number)s：您被抽中为检查人员") % {"number": draw.number}
            body = _("请在 %(date)s 前完成「%(title)s」中分派给您的检查，并在系统中记录结果。") % {
                "date": check_by.isoformat(),
                "title": draw.title,
            }
        for user_id in sorted(notified):
            outbox.enqueue(
                recipient_id=user_id,
                channel=OutboxChannel.SITE,
                subject=subject,
                body=body,
                link=link,
                dedupe_key=f"spot:{draw.number}:{user_id}",
            )
        audit.record(
            actor,
            "supervision.drawn",
            draw,
            number=draw.number,
            matter=matter.code,
            seed=seed,
            entity_digest=result.entity_digest,
            inspector_digest=result.inspector_digest,
            drawn=len(result.picks),
            unstaffed=sum(1 for p in result.picks if p.unstaffed),
        )
    return draw


def may_record(user: Any, check: Check) -> bool:
    """Only an inspector drawn for this check records its result."""
    return (
        isinstance(user, User)
        and user.is_government_staff
        and Assignment.objects.filter(check_row=check, inspector__user=user).exists()
    )


def record_result(
    check_id: int,
    *,
    actor: User,
    passed: bool,
    checked_on: dt.date,
    findings: str,
    false_commitment: bool = False,
) -> Check:
    """The result of one check, published at once (publish_by = checked_on + 20 working days shows whether the
    publication was in time). A false commitment on a licence granted on commitment revokes it through the
    engine's licence revoker (or the licence service when the licence came from no case) and writes a credit
    record of kind false commitment; any other failure orders rectification (published, licence kept)."""
    findings = " ".join((findings or "").split())
    with transaction.atomic():
        check = (
            Check.objects.select_for_update(of=("self",))
            .select_related("draw", "licence", "licence__case")
            .filter(pk=check_id)
            .first()
        )
        if check is None:
            raise _refuse("not_found", _("没有这项检查"), 404)
        if not may_record(actor, check):
            raise _refuse("forbidden", _("只有抽中的检查人员可以记录本项检查结果"), 403)
        if check.status != CheckStatus.ASSIGNED:
            raise _refuse("done", _("本项检查已有结果"), 409)
        today = timezone.localdate()
        if checked_on > today or checked_on < timezone.localdate(check.draw.drawn_at):
            raise _refuse("bad_checked_on", _("检查日期应在抽取日至今天之间"))
        if not passed and len(findings) < MIN_FINDINGS:
            raise _refuse("findings_required", _("不合格须写明检查发现的问题（至少 4 个字）"))
        if false_commitment and passed:
            raise _refuse("false_commitment_passed", _("检查合格时不能认定虚假承诺"))
        if false_commitment and not check.on_commitment:
            raise _refuse("not_commitment", _("该证照不是以告知承诺方式取得的，不能认定虚假承诺"))
        check.status = CheckStatus.PASSED if passed else CheckStatus.FAILED
        check.checked_on = checked_on
        check.findings = findings[:2000]
        check.false_commitment = false_commitment
        check.recorded_by = actor
        check.recorded_at = timezone.now()
        check.published_at = check.recorded_at
        check.publish_by = add_workdays(
            checked_on, int(registers.spot_settings()["publish_workdays"])
        ).deadline
        if false_commitment:
            reason = _("双随机抽查（%(number)s）发现虚假承诺，依法撤销许可：%(findings)s") % {
                "number": check.draw.number,
                "findings": findings,
            }
            licence = check.licence
            if licence.case is not None:
                revoked = extensions.revoke_case_licences(licence.case, reason[:500], actor=actor)
            else:
                licence_services.revoke(licence.pk, reason[:500], actor=actor)
                revoked = 1
            check.licence_revoked = revoked > 0
            CreditRecord.objects.create(
                entity_code=check.licence.holder_code,
                kind=CreditRecord.Kind.FALSE_COMMITMENT,
                recorded_on=checked_on,
                reason=findings[:500],
                source=_("%(department)s 双随机抽查（任务 %(number)s）")
                % {"department": check.draw.matter.department.name, "number": check.draw.number},
            )
        check.save()
        audit.record(
            actor,
            "supervision.check_recorded",
            check,
            draw=check.draw.number,
            entity=check.entity_code,
            status=check.status,
            false_commitment=false_commitment,
            licence_revoked=check.licence_revoked,
        )
    return check

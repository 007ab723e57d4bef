"""Every write of the service stars: the scoring sheet, the two imports, and the head's approval. One transaction
each, the round locked first, one audit event per change; the copies to the stars' home departments are outbox
rows in the approval's transaction."""

from __future__ import annotations

from decimal import Decimal
from typing import IO, Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from onego.accounts.models import ServiceCentre, User
from onego.accounts.roles import Role
from onego.core import audit, outbox
from onego.core.errors import ApiError
from onego.core.localized import localized
from onego.staffstars import importing, selectors
from onego.staffstars.models import (
    ENTERED_DIMENSIONS,
    Complaint,
    EnteredScore,
    RoundStatus,
    ScoreSource,
    StarEntry,
    StarRound,
)


def _refuse_unless_manager(actor: User, centre: ServiceCentre) -> None:
    if not selectors.may_manage(actor, centre):
        raise ApiError("forbidden", _("只有本中心主管部门负责人可以操作"), status=403)


def _round_for_update(centre: ServiceCentre, year: int, quarter: int) -> StarRound:
    """The centre's round of the quarter, created on the first write, locked; refused once approved."""
    scheme = selectors.scheme_for(year, quarter)
    if scheme is None:
        raise ApiError("no_scheme", _("该季度没有生效的评选方案"), status=409)
    star_round, _created = StarRound.objects.get_or_create(
        centre=centre, year=year, quarter=quarter, defaults={"scheme": scheme}
    )
    star_round = StarRound.objects.select_for_update().get(pk=star_round.pk)
    if star_round.status == RoundStatus.APPROVED:
        raise ApiError("approved", _("本季度评选已审定，不能再修改"), status=409)
    return star_round


def _put_scores(
    star_round: StarRound, staff: User, scores: dict[str, Decimal | None], source: str, actor: User
) -> int:
    """Store the given scores (None clears one); returns how many changed."""
    now = timezone.now()
    changed = 0
    existing = {e.dimension: e for e in EnteredScore.objects.filter(round=star_round, staff=staff)}
    for dimension, value in scores.items():
        found = existing.get(dimension)
        if value is None:
            if found is not None:
                found.delete()
                changed += 1
            continue
        if found is not None and found.score == value:
            continue
        EnteredScore.objects.update_or_create(
            round=star_round,
            staff=staff,
            dimension=dimension,
            defaults={"score": value, "source": source, "entered_by": actor, "entered_at": now},
        )
        changed += 1
    return changed


def save_sheet(
    actor: User, centre: ServiceCentre, year: int, quarter: int, scores: dict[int, dict[str, Decimal | None]]
) -> int:
    """The scoring sheet: {staff id: {dimension: score or None}} for the centre's window staff (anyone else is
    refused). Returns the number of scores changed."""
    _refuse_unless_manager(actor, centre)
    staff = {u.pk: u for u in selectors.centre_staff(centre)}
    unknown = set(scores) - set(staff)
    if unknown:
        raise ApiError("not_centre_staff", _("评分表中有不属于本中心的人员"))
    for per in scores.values():
        for dimension, value in per.items():
            if dimension not in ENTERED_DIMENSIONS:
                raise ApiError("bad_dimension", _("未知的评分维度"))
            if value is not None and not Decimal(0) <= value <= Decimal(100):
                raise ApiError("bad_score", _("得分应为 0–100"))
    with transaction.atomic():
        star_round = _round_for_update(centre, year, quarter)
        changed = sum(
            _put_scores(star_round, staff[s], per, ScoreSource.SHEET, actor) for s, per in scores.items()
        )
        if changed:
            audit.record(actor, "stars.scores_entered", star_round, quarter=star_round.key, changed=changed)
    return changed


def import_scores(
    actor: User, centre: ServiceCentre, year: int, quarter: int, file: IO[bytes]
) -> importing.Report:
    """The scoring sheet as Excel/CSV, all or nothing: nothing is stored when any row has a problem."""
    _refuse_unless_manager(actor, centre)
    report, rows = importing.read_scores(file, list(selectors.centre_staff(centre)))
    if not report.ok:
        return report
    with transaction.atomic():
        star_round = _round_for_update(centre, year, quarter)
        for row in rows:
            report.written += _put_scores(star_round, row.staff, dict(row.scores), ScoreSource.IMPORT, actor)
        audit.record(
            actor,
            "stars.scores_imported",
            star_round,
            quarter=star_round.key,
            rows=report.rows,
            changed=report.written,
        )
    return report


def import_complaints(actor: User, centre: ServiceCentre, file: IO[bytes]) -> importing.Report:
    """The 12345 hotline's complaint records, all or nothing. A reference imported before is updated (the
    hotline corrects its records); one belonging to another centre is refused."""
    _refuse_unless_manager(actor, centre)
    report, rows = importing.read_complaints(file, list(selectors.centre_staff(centre)))
    if not report.ok:
        return report
    elsewhere = set(
        Complaint.objects.filter(reference__in=[r.reference for r in rows])
        .exclude(centre=centre)
        .values_list("reference", flat=True)
    )
    if elsewhere:
        for reference in sorted(elsewhere):
            report.add(_("工单编号 %(ref)s 属于其他中心") % {"ref": reference})
        return report
    now = timezone.now()
    with transaction.atomic():
        for row in rows:
            Complaint.objects.update_or_create(
                reference=row.reference,
                defaults={
                    "centre": centre,
                    "staff": row.staff,
                    "received_on": row.received_on,
                    "summary": row.summary,
                    "upheld": row.upheld,
                    "imported_at": now,
                    "imported_by": actor,
                },
            )
        report.written = len(rows)
        audit.record(
            actor,
            "stars.complaints_imported",
            centre,
            rows=len(rows),
            upheld=sum(1 for r in rows if r.upheld),
        )
    return report


def _snapshot(score: selectors.Score) -> dict[str, Any]:
    return {
        "score": None if score.value is None else str(score.value),
        "source": score.source,
        "detail": score.detail,
    }


def approve(actor: User, centre: ServiceCentre, year: int, quarter: int) -> StarRound:
    """The head approves the draft: scores frozen, the stars named, a copy (message with the certificate) to
    the heads of each star's home department. Refused while a score is missing or the weights are wrong."""
    _refuse_unless_manager(actor, centre)
    with transaction.atomic():
        star_round = _round_for_update(centre, year, quarter)
        current = selectors.draft(centre, year, quarter)
        if "no_staff" in current.problems:
            raise ApiError("no_staff", _("本中心没有参评的窗口人员"), status=409)
        if "weights" in current.problems:
            raise ApiError("weights", _("评选方案各维度权重之和不等于 100"), status=409)
        if "missing" in current.problems:
            raise ApiError(
                "scores_missing",
                _("还有 %(n)s 项录入得分缺失，补齐后才能审定") % {"n": current.missing_count},
                status=409,
            )
        entries = [
            StarEntry(
                round=star_round,
                staff=row.user,
                staff_name=row.user.display_name,
                department_id=row.user.department_id,
                scores={d: _snapshot(s) for d, s in row.scores.items()},
                total=row.person.total,
                rank=row.person.rank,
                is_star=row.person.is_star,
            )
            for row in current.rows
        ]
        StarEntry.objects.bulk_create(entries)
        star_round.status = RoundStatus.APPROVED
        star_round.staff_count = len(entries)
        star_round.quota = current.quota
        star_round.approved_by = actor
        star_round.approved_at = timezone.now()
        star_round.save(update_fields=["status", "staff_count", "quota", "approved_by", "approved_at"])
        stars = [e for e in StarEntry.objects.filter(round=star_round, is_star=True).select_related("staff")]
        _copy_to_departments(star_round, stars)
        audit.record(
            actor,
            "stars.approved",
            star_round,
            quarter=star_round.key,
            staff=len(entries),
            quota=current.quota,
            stars=[e.staff_id for e in stars],
            weights=current.weights,
        )
    return star_round


def _copy_to_departments(star_round: StarRound, stars: list[StarEntry]) -> None:
    """A site message to each head of each star's home department, linking the certificate PDF."""
    with outbox.recipients_language():
        for entry in stars:
            if entry.department_id is None:
                continue
            heads = User.objects.filter(
                department_id=entry.department_id, groups__name=Role.DEPARTMENT_HEAD.value, is_active=True
            ).distinct()
            times = selectors.stars_of_year(entry.staff_id, star_round.year, star_round.quarter)
            subject = _("政务服务之星：%(name)s（%(year)s 年第 %(q)s 季度）") % {
                "name": entry.staff_name,
                "year": star_round.year,
                "q": star_round.quarter,
            }
            body = _(
                "%(centre)s %(year)s 年第 %(q)s 季度政务服务之星评选结果已审定：贵单位 %(name)s 获评"
                "“政务服务之星”（本年度第 %(times)s 次获评），总分 %(total)s，名次 %(rank)s。"
                "荣誉证书见链接，请存入本人年度考核材料。"
            ) % {
                "centre": localized(star_round.centre),
                "year": star_round.year,
                "q": star_round.quarter,
                "name": entry.staff_name,
                "times": times,
                "total": entry.total,
                "rank": entry.rank,
            }
            link = reverse("staffstars:certificate", args=[entry.pk])
            for head in heads:
                outbox.enqueue(
                    recipient_id=head.pk,
                    channel="site",
                    subject=subject,
                    body=body,
                    link=link,
                    dedupe_key=f"stars:{entry.pk}:{head.pk}",
                )

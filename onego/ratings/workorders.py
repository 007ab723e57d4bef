"""Bad-review work orders (差评工单): docs/domain.md, "Service ratings" and "Bad-review work orders".

Every grade 1–2 opens one work order, in the rating's own transaction, to the department that handled the case
(and the person, where one is known); the order is due 15 working days after it was opened
(ONEGO_RATINGS["rectify_workdays"]) and is overdue when it is not closed by then.

The lifecycle (each step one transaction, the order row locked, one audit event):

    待核实 verifying ──verify──▶ 整改中 rectifying ──rectify: 立行立改 / 无法律依据 ──▶ 待回访 callback
                                     │  └──rectify: 限期整改 (measures, owner, date) ──mark_rectified──▶ 待回访
                                     ▼
    待回访 callback ──call_back──▶ 已办结 closed   (the first 不满意 call-back reopens rectification, once)
    verifying / rectifying / callback ──appeal──▶ 申诉复核中 appealed ──decide_appeal──▶ closed (upheld) or
                                                                                     back where it was (rejected)

Who: the responsible department's heads act on every step; the assignee (the rated clerk) verifies, rectifies
and appeals their own orders but never calls the rater back; supervisors see every order and decide appeals
only. A step out of order is refused with a code and nothing is stored. The rater's contact data is shown
only to whoever makes the call-back, on that step (`may_call_back`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from onego.accounts.models import User
from onego.accounts.roles import Role
from onego.cases.deadlines import colour_for
from onego.cases.models import Colour
from onego.core import audit
from onego.core.calendar import add_workdays
from onego.core.errors import ApiError
from onego.core.outbox import enqueue, recipients_language
from onego.ratings.models import (
    AppealDecision,
    CallbackOutcome,
    Rating,
    Resolution,
    WorkOrder,
    WorkOrderStatus,
)

DEFAULT_RECTIFY_WORKDAYS = 15
#: the shortest text a step accepts (a finding, a measure, a note, a reason)
MIN_TEXT = 2
#: how many times an unsatisfied call-back may send an order back to rectification
MAX_REOPEN = 1
#: the states an order may be appealed from
APPEALABLE = (WorkOrderStatus.VERIFYING, WorkOrderStatus.RECTIFYING, WorkOrderStatus.CALLBACK)
#: red first, then yellow, then green (lists and the escalation)
COLOUR_RANK = {Colour.RED: 0, Colour.YELLOW: 1, Colour.GREEN: 2}


def rectify_workdays() -> int:
    """The working days a bad review has to be rectified in (ONEGO_RATINGS["rectify_workdays"], 15)."""
    return int(getattr(settings, "ONEGO_RATINGS", {}).get("rectify_workdays", DEFAULT_RECTIFY_WORKDAYS))


def order_link(order: WorkOrder) -> str:
    return reverse("ratings:work_order", args=[order.number])


def _heads_of(department_id: int) -> list[User]:
    return list(
        User.objects.filter(
            department_id=department_id, groups__name=Role.DEPARTMENT_HEAD.value, is_active=True
        )
        .distinct()
        .order_by("pk")
    )


def _supervisors() -> list[User]:
    return list(
        User.objects.filter(groups__name=Role.SUPERVISOR.value, is_active=True).distinct().order_by("pk")
    )


def open_work_order(rating: Rating) -> WorkOrder | None:
    """Open the work order of a bad rating (None for a good one, or one already opened). Call inside the
    transaction that stored the rating; `rating.department` must be set. The assignee and the department's
    heads get a site message with the link."""
    if not rating.is_bad or WorkOrder.objects.filter(rating=rating).exists():
        return None
    if rating.department_id is None:
        raise ValueError("a rated service always has the department that handled it")
    opened_on = timezone.localdate(rating.rated_at)
    order = WorkOrder.objects.create(
        number=f"CP{opened_on:%Y%m%d}{rating.pk:06d}",
        rating=rating,
        department_id=rating.department_id,
        assignee_id=rating.staff_id,
        opened_on=opened_on,
        due_on=add_workdays(opened_on, rectify_workdays()).deadline,
    )
    recipients = {u.pk for u in _heads_of(order.department_id)}
    if order.assignee_id:
        recipients.add(order.assignee_id)
    with recipients_language():
        subject = gettext("差评工单：%(number)s") % {"number": order.number}
        body = gettext(
            "收到一条%(grade)s评价，已生成差评工单 %(number)s，请核实整改并回访，%(due)s 前办结。"
        ) % {"grade": rating.get_grade_display(), "number": order.number, "due": order.due_on}
    for pk in sorted(recipients):
        enqueue(
            recipient_id=pk,
            channel="site",
            subject=subject,
            body=body,
            link=order_link(order),
            dedupe_key=f"workorder:{order.pk}:opened:{pk}",
        )
    audit.record(
        "system:ratings",
        "work_order.opened",
        order,
        number=order.number,
        grade=rating.grade,
        rating=rating.pk,
        due_on=order.due_on,
    )
    return order


# --- who ------------------------------------------------------------------------------------------------------


def _is_head_of(user: Any, order: WorkOrder) -> bool:
    return bool(
        getattr(user, "is_government_staff", False)
        and user.department_id is not None
        and user.department_id == order.department_id
        and user.has_role(Role.DEPARTMENT_HEAD)
    )


def _is_assignee(user: Any, order: WorkOrder) -> bool:
    return bool(getattr(user, "is_government_staff", False) and order.assignee_id == user.pk)


def is_supervisor(user: Any) -> bool:
    return bool(getattr(user, "is_government_staff", False) and user.has_role(Role.SUPERVISOR))


def may_see(user: Any, order: WorkOrder) -> bool:
    """Supervisors see every order; the responsible department's heads theirs; the assignee their own."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return is_supervisor(user) or _is_head_of(user, order) or _is_assignee(user, order)


def may_handle(user: Any, order: WorkOrder) -> bool:
    """Verify, rectify, mark rectified: the department's heads and the assignee (never a supervisor as such)."""
    return _is_head_of(user, order) or _is_assignee(user, order)


def may_call_back(user: Any, order: WorkOrder) -> bool:
    """Call the rater back: the department's heads only (the rated clerk does not call the rater)."""
    return _is_head_of(user, order)


def may_appeal(user: Any, order: WorkOrder) -> bool:
    return _is_head_of(user, order) or _is_assignee(user, order)


def may_decide_appeal(user: Any, order: WorkOrder) -> bool:
    return is_supervisor(user)


def visible_orders(user: Any) -> QuerySet[WorkOrder]:
    """The orders this user may see (the list page)."""
    orders = WorkOrder.objects.all()
    if not getattr(user, "is_government_staff", False):
        return orders.none()
    if is_supervisor(user):
        return orders
    where = Q(assignee_id=user.pk)
    if user.has_role(Role.DEPARTMENT_HEAD) and user.department_id:
        where |= Q(department_id=user.department_id)
    return orders.filter(where)


# --- the steps ------------------------------------------------------------------------------------------------


def _lock(order_id: int, user: Any) -> WorkOrder:
    order = WorkOrder.objects.select_for_update().filter(pk=order_id).first()
    if order is None or not may_see(user, order):
        raise ApiError("not_found", _("没有这张差评工单。"), status=404)
    return order


def _refuse(message: Any) -> ApiError:
    return ApiError("forbidden", message, status=403)


def _expect(order: WorkOrder, *statuses: str) -> None:
    if order.status not in statuses:
        raise ApiError(
            "wrong_step",
            gettext("工单当前状态为“%(status)s”，不能办理这一步。请刷新页面。")
            % {"status": order.get_status_display()},
            status=409,
        )


def _text(value: str, field: str, label: Any) -> str:
    value = (value or "").strip()
    if len(value) < MIN_TEXT:
        raise ApiError(
            "invalid",
            gettext("请填写%(label)s（至少 %(n)s 个字）。") % {"label": label, "n": MIN_TEXT},
            field=field,
        )
    return value


def _colour_now(order: WorkOrder, now: datetime) -> str:
    if order.status == WorkOrderStatus.CLOSED:
        return order.colour
    return colour_for(order.due_on, now, limit_workdays=rectify_workdays())


def _save(order: WorkOrder, fields: list[str]) -> None:
    order.colour = _colour_now(order, timezone.now())
    order.save(update_fields=[*fields, "status", "colour"])


def verify(order_id: int, actor: User, *, truthful: bool, findings: str) -> WorkOrder:
    """核实: whether the review is borne out (情况属实) and what was found. Next: rectify (or appeal)."""
    with transaction.atomic():
        order = _lock(order_id, actor)
        if not may_handle(actor, order):
            raise _refuse(_("只有责任部门负责人和被评价的工作人员可以核实。"))
        _expect(order, WorkOrderStatus.VERIFYING)
        order.verified = bool(truthful)
        order.verification = _text(findings, "findings", _("核实情况"))
        order.verified_by = actor
        order.verified_at = timezone.now()
        order.status = WorkOrderStatus.RECTIFYING
        _save(order, ["verified", "verification", "verified_by", "verified_at"])
        audit.record(actor, "work_order.verified", order, number=order.number, truthful=order.verified)
    return order


def rectify(
    order_id: int,
    actor: User,
    *,
    resolution: str,
    rectification: str = "",
    measures: str = "",
    owner: str = "",
    rectify_by: date | None = None,
    explanation: str = "",
) -> WorkOrder:
    """整改: 立行立改 (what was done: the order waits for the call-back), 限期整改 (measures, an owner and a date no
    later than the order's due date: the order stays in rectification until `mark_rectified`), or 无法律依据
    (the explanation given to the rater: waits for the call-back)."""
    with transaction.atomic():
        order = _lock(order_id, actor)
        if not may_handle(actor, order):
            raise _refuse(_("只有责任部门负责人和被评价的工作人员可以整改。"))
        _expect(order, WorkOrderStatus.RECTIFYING)
        if order.resolution == Resolution.MEASURES:
            raise ApiError("wrong_step", _("已登记限期整改措施，请在整改完成后登记整改情况。"), status=409)
        now = timezone.now()
        fields = ["resolution"]
        if resolution == Resolution.FIXED_NOW:
            order.rectification = _text(rectification, "rectification", _("整改情况"))
            order.rectified_at = now
            order.status = WorkOrderStatus.CALLBACK
            fields += ["rectification", "rectified_at"]
        elif resolution == Resolution.MEASURES:
            order.measures = _text(measures, "measures", _("整改措施"))
            order.owner = _text(owner, "owner", _("整改责任人"))[:64]
            today = timezone.localdate(now)
            if rectify_by is None:
                raise ApiError("invalid", _("请填写整改时限。"), field="rectify_by")
            if rectify_by < today:
                raise ApiError("invalid", _("整改时限不能早于今天。"), field="rectify_by")
            if rectify_by > order.due_on:
                raise ApiError(
                    "invalid",
                    gettext("整改时限不能晚于工单办结期限 %(due)s。") % {"due": order.due_on},
                    field="rectify_by",
                )
            order.rectify_by = rectify_by
            fields += ["measures", "owner", "rectify_by"]
        elif resolution == Resolution.NO_LEGAL_BASIS:
            order.explanation = _text(explanation, "explanation", _("解释说明"))
            order.rectified_at = now
            order.status = WorkOrderStatus.CALLBACK
            fields += ["explanation", "rectified_at"]
        else:
            raise ApiError("invalid", _("请选择处理方式。"), field="resolution")
        order.resolution = resolution
        _save(order, fields)
        audit.record(
            actor,
            "work_order.rectified" if order.status == WorkOrderStatus.CALLBACK else "work_order.measures",
            order,
            number=order.number,
            resolution=resolution,
            rectify_by=order.rectify_by if resolution == Resolution.MEASURES else None,
        )
    return order


def mark_rectified(order_id: int, actor: User, *, rectification: str) -> WorkOrder:
    """The 限期整改 measures are done: record what was done; the order waits for the call-back."""
    with transaction.atomic():
        order = _lock(order_id, actor)
        if not may_handle(actor, order):
            raise _refuse(_("只有责任部门负责人和被评价的工作人员可以整改。"))
        _expect(order, WorkOrderStatus.RECTIFYING)
        if order.resolution != Resolution.MEASURES:
            raise ApiError("wrong_step", _("请先选择处理方式。"), status=409)
        order.rectification = _text(rectification, "rectification", _("整改情况"))
        order.rectified_at = timezone.now()
        order.status = WorkOrderStatus.CALLBACK
        _save(order, ["rectification", "rectified_at"])
        audit.record(actor, "work_order.rectified", order, number=order.number, resolution=order.resolution)
    return order


def call_back(order_id: int, actor: User, *, outcome: str, note: str) -> WorkOrder:
    """回访: the outcome of calling the rater back and a note. The order closes — except that the first
    不满意 sends it back to rectification (once: the second closes it with that outcome on record)."""
    with transaction.atomic():
        order = _lock(order_id, actor)
        if not may_call_back(actor, order):
            raise _refuse(_("只有责任部门负责人可以回访评价人。"))
        _expect(order, WorkOrderStatus.CALLBACK)
        if outcome not in CallbackOutcome.values:
            raise ApiError("invalid", _("请选择回访结果。"), field="outcome")
        order.callback_outcome = outcome
        order.callback_note = _text(note, "note", _("回访记录"))
        order.callback_by = actor
        order.callback_at = timezone.now()
        fields = ["callback_outcome", "callback_note", "callback_by", "callback_at"]
        reopen = outcome == CallbackOutcome.UNSATISFIED and order.reopened < MAX_REOPEN
        if reopen:
            order.reopened += 1
            order.status = WorkOrderStatus.RECTIFYING
            order.resolution = ""
            order.rectified_at = None
            fields += ["reopened", "resolution", "rectified_at"]
        else:
            order.status = WorkOrderStatus.CLOSED
            order.closed_on = timezone.localdate(order.callback_at)
            fields.append("closed_on")
        _save(order, fields)
        audit.record(
            actor,
            "work_order.reopened" if reopen else "work_order.closed",
            order,
            number=order.number,
            outcome=outcome,
        )
    return order


def appeal(order_id: int, actor: User, *, reason: str) -> WorkOrder:
    """申诉复核: the review is mistaken or malicious. Once per order; a supervisor decides."""
    with transaction.atomic():
        order = _lock(order_id, actor)
        if not may_appeal(actor, order):
            raise _refuse(_("只有责任部门负责人和被评价的工作人员可以申诉。"))
        _expect(order, *APPEALABLE)
        if order.appeal_decision:
            raise ApiError("already_appealed", _("这张工单已申诉过一次，不能再次申诉。"), status=409)
        order.appeal_reason = _text(reason, "reason", _("申诉理由"))
        order.appealed_by = actor
        order.appealed_at = timezone.now()
        order.appealed_from = order.status
        order.status = WorkOrderStatus.APPEALED
        _save(order, ["appeal_reason", "appealed_by", "appealed_at", "appealed_from"])
        for supervisor in _supervisors():
            with recipients_language():
                subject = gettext("差评申诉待复核：%(number)s") % {"number": order.number}
                body = gettext("差评工单 %(number)s 的责任方提出申诉，请复核。") % {"number": order.number}
            enqueue(
                recipient_id=supervisor.pk,
                channel="site",
                subject=subject,
                body=body,
                link=order_link(order),
                dedupe_key=f"workorder:{order.pk}:appeal:{supervisor.pk}",
            )
        audit.record(
            actor, "work_order.appealed", order, number=order.number, appealed_from=order.appealed_from
        )
    return order


def decide_appeal(order_id: int, actor: User, *, decision: str, opinion: str) -> WorkOrder:
    """A supervisor's decision: upheld closes the order (resolution 申诉成立: not an upheld bad review for the
    stars); rejected returns it to the state it was appealed from."""
    with transaction.atomic():
        order = _lock(order_id, actor)
        if not may_decide_appeal(actor, order):
            raise _refuse(_("只有督查人员可以复核申诉。"))
        _expect(order, WorkOrderStatus.APPEALED)
        if decision not in AppealDecision.values:
            raise ApiError("invalid", _("请选择复核结论。"), field="decision")
        order.appeal_decision = decision
        order.appeal_note = _text(opinion, "opinion", _("复核意见"))
        order.appeal_decided_by = actor
        order.appeal_decided_at = timezone.now()
        fields = ["appeal_decision", "appeal_note", "appeal_decided_by", "appeal_decided_at"]
        if decision == AppealDecision.UPHELD:
            order.status = WorkOrderStatus.CLOSED
            order.resolution = Resolution.APPEAL_UPHELD
            order.closed_on = timezone.localdate(order.appeal_decided_at)
            fields += ["resolution", "closed_on"]
        else:
            order.status = order.appealed_from or WorkOrderStatus.VERIFYING
        _save(order, fields)
        audit.record(actor, "work_order.appeal_decided", order, number=order.number, decision=decision)
    return order


# --- deadlines ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Refreshed:
    yellow: int = 0
    red: int = 0
    green: int = 0
    notified: int = 0


def _moment(today: date | None) -> datetime:
    """Like the cases' beat job: now, or the start of `today` when another day is asked for."""
    now = timezone.now()
    if today is None or today == timezone.localdate(now):
        return now
    return timezone.make_aware(datetime.combine(today, time(0, 0)))


def _warn(order: WorkOrder, recipients: list[User]) -> int:
    with recipients_language():
        if order.colour == Colour.RED:
            subject = gettext("差评工单超期：%(number)s") % {"number": order.number}
            body = gettext("差评工单 %(number)s 已超过办结期限 %(due)s，尚未办结。请督办。")
        else:
            subject = gettext("差评工单即将到期：%(number)s") % {"number": order.number}
            body = gettext("差评工单 %(number)s 将于 %(due)s 到期，请抓紧整改和回访。")
        body = body % {"number": order.number, "due": order.due_on}
    sent = 0
    for user in recipients:
        if enqueue(
            recipient_id=user.pk,
            channel="site",
            subject=subject,
            body=body,
            link=order_link(order),
            dedupe_key=f"workorder:{order.pk}:{order.colour}:{order.due_on}:{user.pk}",
        ):
            sent += 1
    return sent


def refresh_work_orders(today: date | None = None) -> Refreshed:
    """The beat job (every 10 minutes): recompute the colour of each open order — yellow within the cases'
    warning share of the 15-working-day limit (3 working days), red from the day after the due date — and
    escalate once per colour change: yellow tells the department's heads, red the heads and every supervisor
    (site messages deduplicated per order, colour, due date and person)."""
    now = _moment(today)
    counts = {"yellow": 0, "red": 0, "green": 0}
    notified = 0
    open_ids = list(
        WorkOrder.objects.exclude(status=WorkOrderStatus.CLOSED).values_list("pk", flat=True).order_by("pk")
    )
    for pk in open_ids:
        with transaction.atomic():
            order = WorkOrder.objects.select_for_update().filter(pk=pk).first()
            if order is None or not order.is_open:
                continue
            before = order.colour
            after = colour_for(order.due_on, now, limit_workdays=rectify_workdays())
            if after == before:
                continue
            order.colour = after
            fields = ["colour"]
            sent = 0
            if after != Colour.GREEN:
                recipients = _heads_of(order.department_id)
                if after == Colour.RED:
                    recipients += [u for u in _supervisors() if u not in recipients]
                    order.escalated_at = timezone.now()
                    fields.append("escalated_at")
                sent = _warn(order, recipients)
            order.save(update_fields=fields)
            audit.record(
                "system:beat",
                "work_order.colour_changed",
                order,
                number=order.number,
                before=before,
                after=after,
                notified=sent,
            )
            counts[after] += 1
            notified += sent
    return Refreshed(notified=notified, **counts)

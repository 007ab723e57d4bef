"""What the applicant is told when their case moves: a site message and an e-mail, through the outbox.

Call `notify_case(case, audit_action)` inside the service's transaction, right after the audit event is
recorded: the messages are written with the change and delivered by the worker after commit (never when the
transaction rolls back). The audit action names are those of onego.cases.services and onego.cases.engine;
an action that the applicant need not hear about queues nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onego.cases.models import Case, CaseStatus, Outcome
from onego.core import outbox
from onego.core.models import OutboxChannel

CHANNELS = (OutboxChannel.SITE, OutboxChannel.EMAIL)

Message = tuple[str, str]  # (subject, body)


def _about(case: Case) -> dict[str, str]:
    return {"number": case.number, "item": case.item_version.name}


# Later apps word the "received" message of cases that are not applications (a 免申即享 confirmation is not
# one: nothing waits to be accepted). Each writer returns a message for a case it owns and None for any other;
# registered in AppConfig.ready (cases never imports them).
SUBMITTED_WRITERS: list[Callable[[Case], Message | None]] = []


def _submitted(case: Case) -> Message:
    for writer in SUBMITTED_WRITERS:
        written = writer(case)
        if written is not None:
            return written
    return (
        _("已收到您的申请"),
        _("您申请的「%(item)s」已提交，办件编号 %(number)s。我们将尽快受理。") % _about(case),
    )


def _accepted(case: Case) -> Message:
    if case.promised_deadline:
        body = _("办件 %(number)s（%(item)s）已受理，承诺办结日期 %(due)s。") % {
            **_about(case),
            "due": f"{case.promised_deadline:%Y-%m-%d}",
        }
    else:
        body = _("办件 %(number)s（%(item)s）已受理。") % _about(case)
    return _("您的申请已受理"), body


def _correction(case: Case) -> Message:
    notice = case.corrections.order_by("-issued_at", "-id").first()
    lines = [
        f"{i}. {item.get('key', '')}：{item.get('reason', '')}"
        for i, item in enumerate(notice.items if notice else [], start=1)
    ]
    listing = "\n".join(lines)
    return (
        _("请补正申请材料"),
        _("办件 %(number)s（%(item)s）需一次性补正以下内容，补正期间时限暂停：\n%(listing)s")
        % {**_about(case), "listing": listing},
    )


_CLOSED: dict[str, tuple[Promise, Promise]] = {  # (subject, body) to fill with _about(case)
    Outcome.APPROVED: (
        gettext_lazy("您的申请已办结：准予许可"),
        gettext_lazy("办件 %(number)s（%(item)s）已办结，结果：准予许可。"),
    ),
    Outcome.REFUSED: (
        gettext_lazy("您的申请已办结：不予许可"),
        gettext_lazy(
            "办件 %(number)s（%(item)s）已办结，结果：不予许可。您可在办件详情中查看理由，"
            "并依法申请行政复议或提起行政诉讼。"
        ),
    ),
    Outcome.NOT_ACCEPTED: (
        gettext_lazy("您的申请不予受理"),
        gettext_lazy("办件 %(number)s（%(item)s）不予受理，理由见办件详情。"),
    ),
    Outcome.WITHDRAWN: (
        gettext_lazy("您的申请已撤回"),
        gettext_lazy("办件 %(number)s（%(item)s）已按您的要求撤回。"),
    ),
    Outcome.TERMINATED: (
        gettext_lazy("您的申请已终止"),
        gettext_lazy(
            "办件 %(number)s（%(item)s）已终止：同一件事中的其他事项未获通过，各事项结果须一并作出。"
        ),
    ),
}


def _closed(case: Case) -> Message | None:
    if case.status != CaseStatus.CLOSED or case.outcome not in _CLOSED:
        return None
    subject, body = _CLOSED[case.outcome]
    return str(subject), str(body) % _about(case)


def _when_closed_as(*outcomes: str) -> Callable[[Case], Message | None]:
    def build(case: Case) -> Message | None:
        return _closed(case) if case.outcome in outcomes else None

    return build


_BY_ACTION: dict[str, Callable[[Case], Message | None]] = {
    "case.submitted": _submitted,
    "case.accepted": _accepted,
    "case.correction_requested": _correction,
    "case.approve": _when_closed_as(Outcome.APPROVED),
    "case.issue": _when_closed_as(Outcome.APPROVED),
    "case.countersign_refused": _when_closed_as(Outcome.REFUSED, Outcome.TERMINATED),
    "case.refuse": _when_closed_as(Outcome.REFUSED),
    "case.not_accepted": _when_closed_as(Outcome.NOT_ACCEPTED),
    "case.withdrawn": _when_closed_as(Outcome.WITHDRAWN),
    "case.terminated_with_bundle": _when_closed_as(Outcome.TERMINATED),
    "case.terminated": _when_closed_as(Outcome.TERMINATED),
}


def notify_case(case: Case, audit_action: str) -> int:
    """Queue the applicant's site message and e-mail for this change of the case; returns how many rows were
    queued (0 for an action the applicant is not told about, or one already reported)."""
    build = _BY_ACTION.get(audit_action)
    with outbox.recipients_language():
        message = build(case) if build else None
    if message is None:
        return 0
    subject, body = message
    queued = 0
    for channel in CHANNELS:
        row = outbox.enqueue(
            recipient_id=case.applicant_id,
            channel=channel,
            subject=subject,
            body=body,
            dedupe_key=f"case:{case.pk}:v{case.version}:{audit_action}:{channel}",
        )
        queued += row is not None
    return queued


def case_submitted(case: Case) -> int:
    return notify_case(case, "case.submitted")


def case_changed(case: Case, audit_action: str) -> int:
    return notify_case(case, audit_action)

"""The built-in step kinds, registered in CasesConfig.ready. Later apps register more (or replace `issue`) through
`cases.extensions.register_step_kind`."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from onego.cases.engine import StepKind, TransitionNotAllowed
from onego.cases.models import Case, CaseStatus, Task


def issue_together(case: Case, task: Task, act: dict[str, Any], payload: dict[str, Any]) -> None:
    """Results of a bundle are issued together (三同时): a member case is issued only when every other member
    has reached its issue step too."""
    if case.bundle_case_id is None or not case.bundle_case.bundle.issue_together:  # type: ignore[union-attr]
        return
    waiting = (
        Case.objects.filter(bundle_case_id=case.bundle_case_id)
        .exclude(pk=case.pk)
        .exclude(status=CaseStatus.CLOSED)
        .exclude(current_step=task.step_key)
    )
    if waiting.exists():
        numbers = "、".join(waiting.values_list("number", flat=True))
        raise TransitionNotAllowed(
            _("一件事的结果须同时发放，以下办件尚未到发证环节：%(numbers)s") % {"numbers": numbers},
            code="bundle_not_ready",
        )


BUILT_IN = [
    StepKind("accept", "受理", "Acceptance"),
    StepKind("review", "审查", "Review"),
    StepKind("countersign", "会签", "Countersign"),
    StepKind("inspect", "核查", "Inspection"),
    StepKind("decide", "决定", "Decision"),
    StepKind("publicize", "公示", "Publicity"),
    # The certificates app replaces this with a kind that issues signed e-licences.
    StepKind("issue", "送达", "Issue", before_action=issue_together),
    StepKind("disburse", "拨付", "Disbursement"),
]

"""Shared test helpers of the policies app: facts for an enterprise, a matching run done at once, a task acted
on, an offer's case taken into publicity, a reconciliation file. `factories_staff` builds its world on these."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from onego.accounts.models import User
from onego.cases import services as case_services
from onego.cases.models import Case, Task, TaskStatus
from onego.policies import matching, offers, payouts
from onego.policies.models import MatchRun, Offer, Policy
from onego.registry import facts as registry_facts
from onego.registry.models import FactDefinition

DEMO_CODE = "91440111MA5AQ6WX00"  # the demo enterprise user's enterprise (广州市白云区云味餐饮有限公司)
ON = date(2026, 11, 27)  # a Friday, a working day
BANK = {
    "bank_account_name": "广州市白云区云味餐饮有限公司",
    "bank_name": "中国工商银行广州白云支行",
    "bank_account_number": "3602000109200123456",
}


def sentence(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


def put_facts(code: str, **values: Any) -> None:
    """Facts for one enterprise, yearly ones for 2025 (what an evaluation in 2026 reads)."""
    definitions = {d.key: d for d in FactDefinition.objects.all()}
    rows = []
    for key, value in values.items():
        definition = definitions[key]
        period = "2025" if definition.period_kind == "year" else ""
        rows.append(registry_facts.fact_row(code, definition, period, value))
    registry_facts.upsert_facts(rows, source="测试", imported_at=timezone.now(), batch_id=None)


def run_now(policy: Policy | None, actor: User, on: date = ON) -> MatchRun:
    """A matching run started and done at once (what the worker does)."""
    with transaction.atomic():
        run = matching.start_run(actor=actor, policy=policy, on=on)
    matching.run_matching(run.pk)
    run.job.refresh_from_db()
    return run


def act(case: Case, user: User, action: str, **payload: Any) -> Case:
    """`user` takes `action` on the case's open task of their department."""
    task = Task.objects.filter(case=case, status=TaskStatus.OPEN, department=user.department).first()
    assert task is not None, f"no open task for {user.username} at {case.current_step}"
    return case_services.act(case.number, actor=user, task_id=task.pk, action=action, payload=payload)


def reconciliation(rows: list[list[str]]) -> bytes:
    """A bank's reconciliation file in the documented layout."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(payouts.RECONCILIATION_COLUMNS)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def into_publicity(offer: Offer, *, enterprise: User, officer: User, countersigners: list[User]) -> Case:
    """The offer confirmed, accepted, reviewed and countersigned: its case is on public notice."""
    case = offers.confirm_offer(offer.pk, user=enterprise, **BANK).case
    assert case is not None
    act(case, officer, "accept")
    act(case, officer, "pass")
    for user in countersigners:
        case = act(case, user, "approve")
    assert case.current_step == "publicize", case.current_step
    return case

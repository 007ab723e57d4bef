"""Two reviewers clicking at once never produce two transitions (docs/design.md "The workflow engine")."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from onego.cases import services
from onego.cases.engine import TransitionNotAllowed
from onego.cases.models import Case, TaskStatus
from onego.cases.tests import factories as f
from onego.core.models import AuditEvent


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_approvals_of_the_same_task_make_exactly_one_transition():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite has a single writer, so the race cannot happen there")
    from onego.core.calendar import load_from_chinesecalendar

    # given a case accepted and waiting in the market department's countersign branch
    load_from_chinesecalendar()
    w = f.world()
    (case,) = services.submit_application(
        applicant=w.applicant,
        item_code=w.item.code,
        form_data={"legal_representative": "李娜", "premises_address": "广州市白云区测试路 1 号"},
        uploads=[services.UploadedMaterial("floor_plan", f.PDF)],
        signature_png=f.PNG,
    )
    accept = case.tasks.get(status=TaskStatus.OPEN)
    services.act(case.number, actor=w.clerk, task_id=accept.pk, action="accept")
    branch = case.tasks.get(status=TaskStatus.OPEN, department=w.market)
    version = Case.objects.get(pk=case.pk).version

    # when two connections approve that branch at the same moment
    barrier = threading.Barrier(2)
    results: list[str] = []

    def approve() -> None:
        try:
            barrier.wait()
            services.act(
                case.number,
                actor=w.market_reviewer,
                task_id=branch.pk,
                action="approve",
                expected_version=version,
            )
            results.append("ok")
        except TransitionNotAllowed as exc:
            results.append(exc.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    # then exactly one transition happened and the other was refused
    assert sorted(results) == ["ok", "stale_case"] or sorted(results) == ["ok", "task_done"]
    stored = Case.objects.get(pk=case.pk)
    assert stored.version == version + 1
    assert (
        AuditEvent.objects.filter(object_id=str(case.pk), action="case.countersign_branch_agreed").count()
        == 1
    )

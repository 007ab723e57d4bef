"""The workflow engine through the services: acceptance, correction, countersign, decision, issue."""

from __future__ import annotations

import pytest
import time_machine

from onego.cases import services
from onego.cases.engine import TransitionNotAllowed, allowed_actions
from onego.cases.models import CaseStatus, Colour, Outcome, TaskStatus
from onego.cases.tests import factories as f
from onego.cases.tests.factories import act as do
from onego.cases.tests.factories import submit_application as submit
from onego.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_submitted_case_has_a_number_a_locked_prefill_and_waived_materials(w):
    (case,) = submit(
        w,
        form_data={
            "entity_name": "改过的名字",
            "legal_representative": "李娜",
            "premises_address": "广州市白云区测试路 1 号",
        },
    )

    assert case.number.startswith(w.item.implementation_code)
    assert len(case.number) == 31 + 8 + 4
    assert case.form_data["entity_name"] == "测试餐饮有限公司"  # locked registry value wins
    assert case.status == CaseStatus.SUBMITTED
    assert case.id_tail == "WX00"
    sources = {m.material_key: m.source for m in case.materials.all()}
    # no e-licence is held: the market-entity register stands in for the business licence (免提交)
    assert sources == {"floor_plan": "upload", "business_licence": "shared_data"}
    assert case.signature.read().startswith(b"\x89PNG")


def test_missing_fields_and_materials_are_all_listed_and_nothing_is_written(w):
    from onego.cases.models import Case

    with pytest.raises(services.ApplicationInvalid) as exc:
        submit(w, form_data={}, uploads=[], signature_png=b"")

    # the legal representative is prefilled from business registration, so it is not missing
    assert set(exc.value.errors) == {"premises_address", "material:floor_plan", "signature"}
    assert Case.objects.count() == 0


def test_a_file_that_is_not_pdf_or_image_by_content_is_refused_whatever_its_name(w):
    with pytest.raises(services.ApplicationInvalid) as exc:
        submit(w, uploads=[services.UploadedMaterial("floor_plan", b"MZ\x90\x00 not a pdf", "plan.pdf")])
    assert "按内容识别" in exc.value.errors["material:floor_plan"]


def test_submitting_twice_with_the_same_idempotency_key_creates_one_case(w):
    first = submit(w, idempotency_key="k-1")
    second = submit(w, idempotency_key="k-1")

    assert [c.pk for c in first] == [c.pk for c in second]
    assert w.item.cases.count() == 1


def test_the_comprehensive_window_accepts_and_both_departments_countersign_then_approval(w):
    (case,) = submit(w)
    # the market reviewer has nothing to do before acceptance
    assert allowed_actions(case, w.market_reviewer) == []

    case = do(w, case, "clerk", "accept")
    assert case.status == CaseStatus.IN_PROGRESS
    assert case.current_step == "countersign"
    assert case.promised_deadline is not None

    case = do(w, case, "market_reviewer", "approve")
    assert case.current_step == "countersign"  # join = all: still waiting for health
    case = do(w, case, "health_reviewer", "approve")
    assert case.current_step == "decide"
    case = do(w, case, "market_head", "approve")
    case = do(w, case, "clerk", "issue")

    assert case.status == CaseStatus.CLOSED
    assert case.outcome == Outcome.APPROVED
    actions = list(
        AuditEvent.objects.filter(object_id=str(case.pk), object_type="cases.case").values_list(
            "action", flat=True
        )
    )
    assert actions == [
        "case.submitted",
        "case.accepted",
        "case.countersign_branch_agreed",
        "case.countersign_joined",
        "case.approve",
        "case.issue",
    ]


def test_refusal_by_one_department_voids_the_other_countersign(w):
    (case,) = submit(w)
    case = do(w, case, "clerk", "accept")

    case = do(w, case, "health_reviewer", "refuse", note="卫生条件不符合")

    assert case.outcome == Outcome.REFUSED
    market_task = case.tasks.get(step_key="countersign", department=w.market)
    assert market_task.status == TaskStatus.VOIDED
    assert allowed_actions(case, w.market_reviewer) == []


@pytest.mark.parametrize(
    ("who", "action", "why"),
    [
        ("market_reviewer", "accept", "a reviewer is not a window clerk"),
        ("health_head", "accept", "a department head does not accept"),
        ("other_applicant", "accept", "an applicant never acts on a task"),
        ("clerk", "approve", "accept has no approve action"),
    ],
)
def test_forbidden_transitions_at_acceptance(w, who, action, why):
    (case,) = submit(w)
    task = case.tasks.get(status=TaskStatus.OPEN)

    with pytest.raises(TransitionNotAllowed):
        services.act(case.number, actor=getattr(w, who), task_id=task.pk, action=action)
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED, why


def test_a_stale_version_is_refused(w):
    (case,) = submit(w)
    task = case.tasks.get(status=TaskStatus.OPEN)

    with pytest.raises(TransitionNotAllowed) as exc:
        services.act(
            case.number, actor=w.clerk, task_id=task.pk, action="accept", expected_version=case.version - 1
        )
    assert exc.value.code == "stale_case"


def test_the_same_task_cannot_be_acted_on_twice(w):
    (case,) = submit(w)
    task = case.tasks.get(status=TaskStatus.OPEN)
    services.act(case.number, actor=w.clerk, task_id=task.pk, action="accept")

    with pytest.raises(TransitionNotAllowed) as exc:
        services.act(case.number, actor=w.clerk, task_id=task.pk, action="accept")
    assert exc.value.code == "task_done"


def test_one_correction_notice_pauses_the_clock_and_a_second_on_the_same_grounds_is_refused(w):
    (case,) = submit(w)
    items = [
        {"kind": "material", "key": "floor_plan", "reason": "布局图不清晰"},
        {"kind": "field", "key": "premises_address", "reason": "地址与登记不一致"},
    ]
    case = do(w, case, "clerk", "request_correction", payload={"items": items})
    assert case.status == CaseStatus.CORRECTION
    assert case.pauses.filter(ended_on__isnull=True).count() == 1
    assert allowed_actions(case, w.clerk) == []

    with pytest.raises(services.ApplicationInvalid):
        services.submit_correction(case.number, applicant=w.applicant, form_data={}, uploads=[])
    case = services.submit_correction(
        case.number,
        applicant=w.applicant,
        form_data={"premises_address": "广州市白云区测试路 2 号"},
        uploads=[services.UploadedMaterial("floor_plan", f.PDF)],
    )
    assert case.status == CaseStatus.SUBMITTED
    assert case.form_data["premises_address"] == "广州市白云区测试路 2 号"
    assert case.materials.filter(material_key="floor_plan", round=1).exists()

    with pytest.raises(TransitionNotAllowed) as exc:
        do(w, case, "clerk", "request_correction", payload={"items": items[:1]})
    assert exc.value.code == "second_correction"


@time_machine.travel("2026-02-12 10:00 +0800", tick=False)
def test_deadline_across_the_2026_spring_festival_with_a_correction_pause(w):
    # Thu 2026-02-12 accepted; promised 5 working days. 2026-02-14 (Sat) is a 调休 working day,
    # 2026-02-15..23 is the Spring Festival holiday, 2026-02-28 (Sat) is a 调休 working day.
    (case,) = submit(w)
    case = do(w, case, "clerk", "accept")
    # 13 (Fri), 14 (Sat, 调休), 24, 25, 26 → the 5th working day is 2026-02-26
    assert str(case.promised_deadline) == "2026-02-26"

    # a correction pause must come before acceptance; check the pause arithmetic on a second case instead
    (second,) = submit(w, idempotency_key="second")
    second = do(
        w,
        second,
        "clerk",
        "request_correction",
        payload={"items": [{"kind": "field", "key": "premises_address", "reason": "不一致"}]},
    )
    with time_machine.travel("2026-02-24 10:00 +0800", tick=False):
        second = services.submit_correction(
            second.number, applicant=w.applicant, form_data={"premises_address": "新地址"}, uploads=[]
        )
        second = do(w, second, "clerk", "accept")
    # paused 02-12..02-24 inclusive; accepted 02-24; counting from 25: 25, 26, 27, 28 (Sat 调休), Mar 2
    assert str(second.accepted_on) == "2026-02-24"
    assert str(second.promised_deadline) == "2026-03-02"


def test_an_overdue_case_turns_red_when_the_beat_task_runs(w):
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        (case,) = submit(w)
        case = do(w, case, "clerk", "accept")
        assert case.colour == Colour.GREEN
    # promised 5 working days from Mon 2026-03-02 → Mon 2026-03-09; its last 20 % (Monday) is yellow, so the
    # case turns yellow once Friday's working time is over (docs/domain.md "Time limits — warning colours")
    with time_machine.travel("2026-03-06 10:00 +0800", tick=False):
        assert services.refresh_colours()["yellow"] == 0
    with time_machine.travel("2026-03-07 10:00 +0800", tick=False):
        assert services.refresh_colours()["yellow"] == 1
    with time_machine.travel("2026-03-10 10:00 +0800", tick=False):
        from onego.cases.tasks import refresh_colours

        refresh_colours.apply().get()
    case.refresh_from_db()
    assert case.colour == Colour.RED


def test_a_bundle_has_one_number_one_case_per_item_and_one_refusal_terminates_the_other(w):
    cases = submit(w, item_code="", bundle_code="test-bundle")
    assert len(cases) == 2
    assert cases[0].bundle_case_id == cases[1].bundle_case_id
    assert cases[0].bundle_case is not None
    assert cases[0].bundle_case.number.startswith(f"YJS{w.bundle.pk:04d}")
    assert len(cases[0].bundle_case.number) == 3 + 4 + 8 + 4

    first, second = cases
    do(w, first, "clerk", "accept")
    do(w, second, "clerk", "accept")
    do(w, second, "health_reviewer", "refuse")

    first.refresh_from_db()
    assert first.outcome == Outcome.TERMINATED
    assert first.tasks.filter(status=TaskStatus.OPEN).count() == 0


def test_the_applicant_may_withdraw_before_the_decision(w):
    (case,) = submit(w)
    case = services.withdraw(case.number, applicant=w.applicant, reason="不再需要")
    assert case.outcome == Outcome.WITHDRAWN
    from onego.core.errors import ApiError

    with pytest.raises(ApiError) as exc:
        services.withdraw(case.number, applicant=w.other_applicant)
    assert exc.value.status == 404  # another applicant's case does not exist for them


def test_a_case_turning_red_notifies_the_heads_and_a_long_overdue_task_goes_to_the_head(w):
    from onego.core.models import OutboxMessage

    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        (case,) = submit(w)
        case = do(w, case, "clerk", "accept")
    # both countersign branches are due Wed 2026-03-04 (2 working days); promised deadline Mon 2026-03-09
    with time_machine.travel("2026-03-10 10:00 +0800", tick=False):
        services.refresh_colours()
    case.refresh_from_db()
    assert case.colour == Colour.RED
    heads_told = OutboxMessage.objects.filter(subject__startswith="办件超期预警", channel="site")
    assert sorted(m.recipient.username for m in heads_told) == ["m_head"]
    # 03-04 → 03-10 is 4 working days overdue (≥ 3): the open branch tasks go to the department heads
    assert set(case.tasks.filter(status=TaskStatus.OPEN).values_list("role", flat=True)) == {
        "department_head"
    }

    with time_machine.travel("2026-03-10 12:00 +0800", tick=False):
        services.refresh_colours()
    assert heads_told.count() == 1  # told once, not every ten minutes


def test_the_department_head_terminates_a_case_with_a_reason_and_no_one_else_can(w):
    (case,) = submit(w)
    with pytest.raises(TransitionNotAllowed):
        services.terminate(case.number, actor=w.health_head, reason="不属于本部门")
    from onego.core.errors import ApiError

    with pytest.raises(ApiError):
        services.terminate(case.number, actor=w.market_head, reason="  ")

    case = services.terminate(case.number, actor=w.market_head, reason="申请人主体已注销")

    assert case.outcome == Outcome.TERMINATED
    assert case.tasks.filter(status=TaskStatus.OPEN).count() == 0
    assert AuditEvent.objects.filter(action="case.terminated", object_id=str(case.pk)).exists()


def test_the_head_sees_a_terminate_form_on_the_case_page_and_uses_it(w, client):
    (case,) = submit(w)
    client.force_login(w.market_head)
    page = client.get(f"/cases/case/{case.number}/").content.decode()
    assert 'data-testid="terminate"' in page

    client.post(f"/cases/case/{case.number}/terminate/", {"reason": "申请人主体已注销"})

    case.refresh_from_db()
    assert case.outcome == Outcome.TERMINATED
    client.force_login(w.market_reviewer)
    assert 'data-testid="terminate"' not in client.get(f"/cases/case/{case.number}/").content.decode()

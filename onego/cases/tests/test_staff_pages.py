"""The staff pages: inbox, case page with its allowed actions, material files, the warning board and window
intake (综合受理)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from onego.accounts.models import User
from onego.accounts.roles import Role
from onego.cases import inbox, services
from onego.cases.engine import allowed_actions
from onego.cases.models import Case, CaseStatus, Channel, CorrectionNotice, Outcome, TaskStatus
from onego.cases.tests import factories as f
from onego.cases.tests.factories import submit

pytestmark = pytest.mark.django_db

SIGNATURE = f.SIGNATURE


@dataclass
class StaffWorld(f.World):
    supervisor: User  # sees every department's cases, acts on none


@pytest.fixture
def w(w: f.World) -> StaffWorld:
    return StaffWorld(**vars(w), supervisor=f.user("sup", Role.SUPERVISOR, None))


def task_for(case, user, action):
    return next(a.task for a in allowed_actions(case, user) if a.key == action)


def post_action(client, case, user, action, **extra):
    case.refresh_from_db()
    client.force_login(user)
    data = {"task_id": task_for(case, user, action).pk, "action": action, "version": case.version, **extra}
    return client.post(reverse("cases:case_act", args=[case.number]), data)


# --- inbox ----------------------------------------------------------------------------------------------------


def test_the_clerk_sees_acceptance_tasks_of_every_department_and_another_departments_reviewer_sees_none(
    w, client
):
    # given a case of the market bureau and one of the health bureau, both waiting for acceptance
    market_case, health_case = submit(w), submit(w, "simple")

    client.force_login(w.clerk)
    page = client.get(reverse("cases:inbox")).content.decode()
    assert market_case.number in page and health_case.number in page
    assert "受理" in page and "测试联办许可" in page and "测试餐饮有限公司" in page

    client.force_login(w.health_reviewer)
    page = client.get(reverse("cases:inbox")).content.decode()
    assert market_case.number not in page and health_case.number not in page
    assert "没有待办任务" in page


def test_after_acceptance_each_countersigning_department_sees_only_its_own_branch(w, client):
    case = submit(w)
    other = submit(w, "simple")
    services.act(case.number, actor=w.clerk, task_id=task_for(case, w.clerk, "accept").pk, action="accept")

    tasks = list(inbox.inbox_tasks(w.health_reviewer))
    assert [(t.case.number, t.department_id) for t in tasks] == [(case.number, w.health.pk)]
    client.force_login(w.health_reviewer)
    page = client.get(reverse("cases:inbox")).content.decode()
    assert case.number in page and other.number not in page and "部门会签" in page


def test_the_inbox_filters_by_item_step_and_colour_and_counts_yellow_and_red(w, client):
    first, second, third = submit(w), submit(w, "simple"), submit(w, "simple")
    Case.objects.filter(pk=second.pk).update(colour="yellow")
    Case.objects.filter(pk=third.pk).update(colour="red")
    client.force_login(w.clerk)

    response = client.get(reverse("cases:inbox"))
    assert response.context["counts"] == {"total": 3, "capped": False, "yellow": 1, "red": 1}
    page = response.content.decode()
    assert 'data-testid="count-yellow">1<' in page and 'data-testid="count-red">1<' in page

    by_item = client.get(reverse("cases:inbox"), {"item": w.simple.code}).content.decode()
    assert first.number not in by_item and second.number in by_item and third.number in by_item

    red = client.get(reverse("cases:inbox"), {"colour": "red"})
    assert [t.case.number for t in red.context["page"].object_list] == [third.number]
    assert red.context["counts"] == {"total": 1, "capped": False, "yellow": 0, "red": 1}

    no_step = client.get(reverse("cases:inbox"), {"step": "decide"})
    assert list(no_step.context["page"].object_list) == []

    newest_first = client.get(reverse("cases:inbox"), {"order": "new"})
    assert [t.case.number for t in newest_first.context["page"].object_list] == [
        third.number,
        second.number,
        first.number,
    ]


def test_the_inbox_is_paginated_by_fifty_in_a_fixed_number_of_queries(
    w, client, django_assert_max_num_queries
):
    for _ in range(52):
        submit(w, "simple")
    client.force_login(w.clerk)

    with django_assert_max_num_queries(15):
        first = client.get(reverse("cases:inbox"))
    assert len(first.context["page"].object_list) == 50
    assert "第 1 / 2 页" in first.content.decode()
    assert len(client.get(reverse("cases:inbox"), {"page": 2}).context["page"].object_list) == 2


def test_an_applicant_cannot_open_the_inbox(w, client):
    client.force_login(w.applicant)
    assert client.get(reverse("cases:inbox")).status_code == 403


# --- case page ------------------------------------------------------------------------------------------------


def test_the_case_page_shows_form_labels_materials_signature_timeline_and_only_the_allowed_actions(w, client):
    case = submit(w)
    client.force_login(w.clerk)

    page = client.get(reverse("cases:case", args=[case.number])).content.decode()

    assert "法定代表人" in page and "李娜" in page and "经营场所" in page  # labels from the field dictionary
    material = case.materials.get(material_key="floor_plan")
    assert reverse("cases:material_file", args=[case.number, material.pk]) in page and "<iframe" in page
    assert reverse("cases:signature_file", args=[case.number]) in page
    assert "提交申请" in page  # the timeline
    assert 'data-action="accept"' in page and 'data-action="reject"' in page
    assert 'data-action="request_correction"' in page
    assert 'data-action="approve"' not in page
    assert f'name="version" value="{case.version}"' in page
    assert "记录到场" in page


def test_posting_accept_then_both_countersigns_moves_the_case_to_the_decision(w, client):
    case = submit(w)

    response = post_action(client, case, w.clerk, "accept", note="材料齐全")
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS and case.current_step == "countersign"

    # the market reviewer sees only the agree / disagree buttons of the market branch
    client.force_login(w.market_reviewer)
    page = client.get(reverse("cases:case", args=[case.number])).content.decode()
    assert 'data-action="approve"' in page and 'data-action="accept"' not in page

    post_action(client, case, w.market_reviewer, "approve")
    case.refresh_from_db()
    assert case.current_step == "countersign"
    post_action(client, case, w.health_reviewer, "approve")
    case.refresh_from_db()
    assert case.current_step == "decide"

    client.force_login(w.market_head)
    page = client.get(reverse("cases:case", args=[case.number])).content.decode()
    assert 'data-action="approve"' in page and "准予许可" in page
    assert "会签完成" in page and "材料齐全" in page  # timeline words and the clerk's note


def test_posting_a_stale_version_shows_the_message_and_changes_nothing(w, client):
    case = submit(w)
    stale = case.version
    services.record_visit(case.number, clerk=w.clerk)  # someone else moved the case meanwhile
    client.force_login(w.clerk)

    response = client.post(
        reverse("cases:case_act", args=[case.number]),
        {"task_id": task_for(case, w.clerk, "accept").pk, "action": "accept", "version": stale},
    )

    assert response.status_code == 409
    assert "办件已被他人处理，请刷新后重试" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED and case.current_step == "accept"
    assert case.tasks.get(step_key="accept").status == TaskStatus.OPEN


def test_an_action_that_is_not_allowed_shows_a_message_not_an_error_page(w, client):
    case = submit(w)
    client.force_login(w.clerk)

    response = client.post(
        reverse("cases:case_act", args=[case.number]),
        {"task_id": task_for(case, w.clerk, "accept").pk, "action": "approve", "version": case.version},
    )

    assert response.status_code == 422
    assert "此环节没有该操作" in response.content.decode()
    case.refresh_from_db()
    assert case.current_step == "accept"


def test_one_correction_notice_through_the_page_lists_a_material_and_a_field_at_once(w, client):
    case = submit(w)
    client.force_login(w.clerk)
    page = client.get(reverse("cases:case", args=[case.number])).content.decode()
    assert 'name="m_key" value="floor_plan"' in page and 'name="m_key" value="business_licence"' in page
    assert 'name="f_key" value="premises_address"' in page

    response = post_action(
        client,
        case,
        w.clerk,
        "request_correction",
        m_key=["floor_plan"],
        m_reason_floor_plan="平面图未标注面积",
        f_key=["premises_address"],
        f_reason_premises_address="地址与租赁合同不一致",
        m_reason_business_licence="",
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CORRECTION
    (notice,) = CorrectionNotice.objects.filter(case=case)
    assert notice.items == [
        {"kind": "material", "key": "floor_plan", "reason": "平面图未标注面积"},
        {"kind": "field", "key": "premises_address", "reason": "地址与租赁合同不一致"},
    ]
    page = client.get(reverse("cases:case", args=[case.number])).content.decode()
    assert "平面布局图：平面图未标注面积" in page and "经营场所：地址与租赁合同不一致" in page
    assert "暂停中" in page and 'data-action="accept"' not in page


def test_the_case_page_is_404_for_another_departments_reviewer_and_open_to_a_supervisor(w, client):
    case = submit(w, "simple")  # the health bureau's item: no task for the market bureau
    client.force_login(w.market_reviewer)
    assert client.get(reverse("cases:case", args=[case.number])).status_code == 404

    client.force_login(w.supervisor)
    page = client.get(reverse("cases:case", args=[case.number])).content.decode()
    assert case.number in page and 'data-action="accept"' not in page


def test_the_material_file_is_404_for_another_departments_reviewer_and_for_an_anonymous_user(w, client):
    case = submit(w, "simple")
    material = case.materials.get(material_key="floor_plan")
    url = reverse("cases:material_file", args=[case.number, material.pk])

    assert client.get(url).status_code == 302  # anonymous: to the login page, never the file
    assert "login" in client.get(url)["Location"]
    client.force_login(w.market_reviewer)
    assert client.get(url).status_code == 404
    assert client.get(reverse("cases:signature_file", args=[case.number])).status_code == 404

    client.force_login(w.health_reviewer)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_material_of_another_case_is_not_reachable_through_a_visible_case(w, client):
    mine, theirs = submit(w, "simple"), submit(w)
    foreign = theirs.materials.get(material_key="floor_plan")
    client.force_login(w.health_reviewer)
    assert client.get(reverse("cases:material_file", args=[mine.number, foreign.pk])).status_code == 404


def test_record_visit_counts_one_more_trip(w, client):
    case = submit(w)
    client.force_login(w.clerk)

    client.post(reverse("cases:case_visit", args=[case.number]))

    case.refresh_from_db()
    assert case.visits == 1
    page = client.get(reverse("cases:case", args=[case.number])).content.decode()
    assert "记录申请人到场" in page


# --- board ----------------------------------------------------------------------------------------------------


def test_the_board_shows_a_red_case_after_time_moves_and_the_colours_are_refreshed(w, client):
    # accepted Mon 2026-03-02; promised 3 working days → Thu 2026-03-05 (no holiday in that week)
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        case = submit(w, "simple")
        services.act(
            case.number, actor=w.clerk, task_id=task_for(case, w.clerk, "accept").pk, action="accept"
        )
        client.force_login(w.health_head)
        assert case.number not in client.get(reverse("cases:deadline_board")).content.decode()

    with time_machine.travel("2026-03-16 10:00 +0800", tick=False):
        client.force_login(w.health_head)  # a session opened on another date may have expired by now
        services.refresh_colours()
        case.refresh_from_db()
        assert case.colour == "red"
        page = client.get(reverse("cases:deadline_board")).content.decode()
        assert case.number in page and "测试卫生健康局" in page and "测试简单许可" in page

        client.force_login(w.market_head)  # another department's head: not on the board
        assert case.number not in client.get(reverse("cases:deadline_board")).content.decode()
        client.force_login(w.supervisor)
        assert case.number in client.get(reverse("cases:deadline_board")).content.decode()
        client.force_login(w.health_reviewer)
        assert client.get(reverse("cases:deadline_board")).status_code == 403


# --- window intake --------------------------------------------------------------------------------------------


def test_window_intake_finds_the_enterprise_and_creates_a_window_case_with_one_visit(w, client):
    client.force_login(w.clerk)

    found = client.post(
        reverse("cases:window_intake"), {"step": "lookup", "code": f.ENTERPRISE_CODE}
    ).content.decode()
    assert "测试餐饮有限公司" in found and 'name="sel"' in found and 'name="applicant"' not in found
    sel = f.window_select(client, w.applicant)

    form = client.get(reverse("cases:window_intake"), {"sel": sel, "item": w.item.code})
    assert 'value="测试餐饮有限公司"' in form.content.decode()  # prefilled from the registry
    key = form.context["key"]

    response = client.post(
        reverse("cases:window_intake"),
        {
            "step": "submit",
            "sel": sel,
            "item": w.item.code,
            "idempotency_key": key,
            "legal_representative": "李娜",
            "premises_address": "广州市白云区测试路 1 号",
            "route": "approval",
            "signature": SIGNATURE,
            "material_floor_plan": SimpleUploadedFile("scan.pdf", f.PDF, content_type="application/pdf"),
        },
    )

    assert response.status_code == 200
    (case,) = Case.objects.filter(applicant=w.applicant)
    assert case.channel == Channel.WINDOW and case.visits == 1
    assert case.number in response.content.decode()
    assert case.signature and case.materials.get(material_key="floor_plan").size == len(f.PDF)


def test_window_intake_registers_a_walk_in_citizen_through_the_identity_adapter(w, client, settings):
    client.force_login(w.clerk)
    id_number = "110101199003074514"
    from onego.registry.models import Person

    Person.objects.create(id_number=id_number, name="王芳")

    response = client.post(
        reverse("cases:window_intake"),
        {"step": "register", "real_name": "王芳", "id_number": id_number, "phone": ""},
    )

    page = response.content.decode()
    person = User.objects.get(id_number=id_number)
    assert person.username == f"p{id_number.lower()}" and person.has_role(Role.APPLICANT_PERSON)
    assert "重设密码" in page and 'name="sel"' in page


def test_window_intake_is_for_window_clerks_only(w, client):
    client.force_login(w.market_reviewer)
    assert client.get(reverse("cases:window_intake")).status_code == 403


def test_a_refusal_closes_the_case_and_the_page_shows_no_more_actions(w, client):
    case = submit(w)
    post_action(client, case, w.clerk, "reject", note="不属于本机关职权范围")
    case.refresh_from_db()
    assert case.outcome == Outcome.NOT_ACCEPTED
    page = client.get(reverse("cases:case", args=[case.number])).content.decode()
    assert "data-action=" not in page and "不予受理" in page


def test_the_inbox_count_stops_at_the_cap_and_says_so(client, monkeypatch):
    from onego.cases import inbox as inbox_module
    from onego.core.calendar import load_from_chinesecalendar

    load_from_chinesecalendar()
    w = f.world()
    for i in range(3):
        services.submit_application(
            applicant=w.applicant,
            item_code=w.item.code,
            idempotency_key=f"cap-{i}",
            form_data={"legal_representative": "李娜", "premises_address": "广州市白云区测试路 1 号"},
            uploads=[services.UploadedMaterial("floor_plan", f.PDF)],
            signature_png=f.PNG,
        )
    monkeypatch.setattr(inbox_module, "COUNT_CAP", 2)
    client.force_login(w.clerk)

    page = client.get("/cases/inbox/").content.decode()

    assert '<strong data-testid="count-total">2+</strong>' in page


def test_a_window_submission_without_a_signature_says_so_once_in_the_chosen_language(w, client):
    client.force_login(w.clerk)
    sel = f.window_select(client, w.applicant)
    response = client.post(
        reverse("cases:window_intake"),
        {
            "step": "submit",
            "sel": sel,
            "item": w.item.code,
            "idempotency_key": str(uuid.uuid4()),
            "legal_representative": "李娜",
            "premises_address": "广州市白云区测试路 1 号",
            "route": "approval",
            "material_floor_plan": SimpleUploadedFile("scan.pdf", f.PDF, content_type="application/pdf"),
        },
    )

    page = response.content.decode()
    assert "请签名" in page and "Please sign" not in page
    assert not Case.objects.filter(applicant=w.applicant).exists()

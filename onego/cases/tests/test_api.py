"""The cases API: apply, read, act, inbox and the public progress query — and who may reach what."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from onego.accounts.services import create_api_token
from onego.cases import notifications, services
from onego.cases.models import Case, CaseStatus, Outcome, TaskStatus
from onego.cases.tests import factories as f
from onego.core.models import OutboxMessage

pytestmark = pytest.mark.django_db

FORM = {"legal_representative": "李娜", "premises_address": "广州市白云区测试路 1 号"}


class Api:
    """The test client speaking as one user through a bearer token, the way an integrator calls."""

    def __init__(self, client: Any, user: Any = None) -> None:
        self.client = client
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {create_api_token(user)}"} if user is not None else {}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api/v1{path}", params, **self.headers)

    def post(self, path: str, body: Any, **headers: Any) -> Any:
        raw = body if isinstance(body, str | bytes) else json.dumps(body)
        return self.client.post(
            f"/api/v1{path}", raw, content_type="application/json", **self.headers, **headers
        )


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def application(w: f.World, **extra: Any) -> dict[str, Any]:
    body = {
        "item_code": w.item.code,
        "form_data": FORM,
        "materials": [{"key": "floor_plan", "content_base64": b64(f.PDF), "filename": "plan.pdf"}],
        "signature_png_base64": b64(f.PNG),
    }
    body.update(extra)
    return body


def submitted(w: f.World, item: str = "item") -> Case:
    (case,) = services.submit_application(
        applicant=w.applicant,
        item_code=getattr(w, item).code,
        form_data=FORM,
        uploads=[services.UploadedMaterial("floor_plan", f.PDF)],
        signature_png=f.PNG,
    )
    return case


def act(api: Api, case: Case, action: str, **extra: Any) -> Any:
    """Take `action` through the API on the first task the caller is offered it on."""
    detail = api.get(f"/cases/{case.number}").json()
    options = [a for a in detail["allowed_actions"] if a["key"] == action]
    assert options, f"{action} not offered: {detail['allowed_actions']}"
    body = {"task_id": options[0]["task_id"], "action": action, "version": detail["version"], **extra}
    return api.post(f"/cases/{case.number}/actions", body)


# --- apply ------------------------------------------------------------------------------------------------------


def test_an_applicant_applies_and_gets_201_with_the_case_number(w, client):
    api = Api(client, w.applicant)

    response = api.post("/cases", application(w), HTTP_IDEMPOTENCY_KEY="req-1")

    assert response.status_code == 201, response.content
    body = response.json()
    (created,) = body["cases"]
    assert body["bundle_number"] is None
    case = Case.objects.get(number=created["number"])
    assert (created["item_code"], created["status"]) == (w.item.code, "submitted")
    assert case.applicant == w.applicant and case.idempotency_key == "req-1"
    assert case.materials.get(material_key="floor_plan").size == len(f.PDF)


def test_the_same_idempotency_key_returns_the_first_cases_and_creates_nothing_more(w, client):
    api = Api(client, w.applicant)

    first = api.post("/cases", application(w), HTTP_IDEMPOTENCY_KEY="double-click")
    second = api.post("/cases", application(w), HTTP_IDEMPOTENCY_KEY="double-click")

    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert Case.objects.count() == 1


def test_a_bundle_gets_one_bundle_number_and_one_case_per_item(w, client):
    api = Api(client, w.applicant)

    response = api.post("/cases", application(w, item_code="", bundle_code=w.bundle.code))

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["bundle_number"].startswith("YJS")
    assert {c["item_code"] for c in body["cases"]} == {w.item.code, w.simple.code}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"form_data": {}}, "item_code"),  # neither item nor bundle
        ({"item_code": "x", "materials": [{"key": "floor_plan"}]}, "data.materials.0.content_base64"),
        ({"item_code": "x", "form_data": "not an object"}, "data.form_data"),
    ],
)
def test_missing_or_malformed_fields_get_422_with_the_field_named(w, client, body, field):
    response = Api(client, w.applicant).post("/cases", body)

    assert response.status_code == 422
    data = response.json()
    assert data["code"] == "invalid_input"
    named = {e["field"] for e in data["errors"]} if isinstance(data["errors"], list) else set(data["errors"])
    assert field in named
    assert Case.objects.count() == 0


def test_a_body_that_is_not_json_gets_a_json_422(w, client):
    response = Api(client, w.applicant).post("/cases", "{not json")

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"


def test_a_body_that_is_not_json_is_answered_in_json_never_a_500(w, client):
    response = Api(client, w.applicant).post("/cases", "{not json")

    assert response.status_code in (400, 422)
    assert response.json()["code"] in ("http_400", "invalid_input")
    assert Case.objects.count() == 0


def test_an_application_with_problems_lists_each_field_in_chinese_first(w, client):
    response = Api(client, w.applicant).post(
        "/cases", application(w, form_data={}, materials=[], signature_png_base64="")
    )

    assert response.status_code == 422
    data = response.json()
    assert data["code"] == "application_invalid"
    assert set(data["errors"]) == {"premises_address", "material:floor_plan", "signature"}
    assert data["message"].startswith("申请有 3 处需要修改")


def test_bad_base64_is_422_not_500(w, client):
    body = application(w, materials=[{"key": "floor_plan", "content_base64": "%%%"}])

    response = Api(client, w.applicant).post("/cases", body)

    assert response.status_code == 422
    assert "materials.floor_plan" in response.json()["errors"]


def test_unauthenticated_calls_get_401_json(w, client):
    response = Api(client).post("/cases", application(w))

    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


# --- read ------------------------------------------------------------------------------------------------------


def test_the_applicant_reads_their_case_without_file_contents(w, client):
    case = submitted(w)

    response = Api(client, w.applicant).get(f"/cases/{case.number}")

    assert response.status_code == 200
    data = response.json()
    assert (data["number"], data["status"], data["current_step"], data["colour"]) == (
        case.number,
        "submitted",
        "accept",
        "green",
    )
    assert data["form_data"]["premises_address"] == FORM["premises_address"]
    assert {m["key"] for m in data["materials"]} == {"floor_plan", "business_licence"}
    assert all("content" not in m and "file" not in m for m in data["materials"])
    assert [t["step_key"] for t in data["tasks"]] == ["accept"]
    assert data["allowed_actions"] == []  # the applicant has nothing to do at acceptance
    assert data["step_deadline"] is not None  # the promised deadline starts at acceptance


@pytest.mark.parametrize("who", ["other_applicant", "health_reviewer"])
def test_another_applicants_or_another_departments_user_gets_404_for_the_case(w, client, who):
    case = submitted(w)  # at acceptance: only the market department (and the window) have a task

    response = Api(client, getattr(w, who)).get(f"/cases/{case.number}")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("who", ["other_applicant", "health_reviewer"])
def test_another_applicants_or_another_departments_user_gets_404_for_actions(w, client, who):
    case = submitted(w)
    task = case.tasks.get()

    response = Api(client, getattr(w, who)).post(
        f"/cases/{case.number}/actions", {"task_id": task.pk, "action": "accept", "version": case.version}
    )

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED and case.version == 1


def test_a_case_that_does_not_exist_is_the_same_404(w, client):
    response = Api(client, w.applicant).get("/cases/NOPE2026010100001")

    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "办件不存在"}


def test_the_other_department_sees_the_case_once_it_has_a_countersign_task(w, client):
    case = submitted(w)
    clerk, health = Api(client, w.clerk), Api(client, w.health_reviewer)
    assert health.get(f"/cases/{case.number}").status_code == 404

    assert act(clerk, case, "accept").status_code == 200

    assert health.get(f"/cases/{case.number}").status_code == 200


# --- act -------------------------------------------------------------------------------------------------------


def test_actions_through_the_api_accept_then_countersign_and_approve(w, client):
    case = submitted(w)

    accepted = act(Api(client, w.clerk), case, "accept")
    assert accepted.status_code == 200, accepted.content
    assert (accepted.json()["status"], accepted.json()["current_step"]) == ("in_progress", "countersign")

    market = act(Api(client, w.market_reviewer), case, "approve")
    assert market.json()["current_step"] == "countersign"  # waiting for the other branch (join = all)
    health = act(Api(client, w.health_reviewer), case, "approve")
    assert health.json()["current_step"] == "decide"
    decided = act(Api(client, w.market_head), case, "approve")
    assert decided.json()["current_step"] == "issue"
    issued = act(Api(client, w.clerk), case, "issue")

    assert (issued.json()["status"], issued.json()["outcome"]) == ("closed", "approved")


def test_one_department_refusing_the_countersign_refuses_the_case_and_voids_the_other_branch(w, client):
    case = submitted(w)
    act(Api(client, w.clerk), case, "accept")

    response = act(Api(client, w.health_reviewer), case, "refuse", note="场所不符合卫生要求")

    assert response.status_code == 200
    data = response.json()
    assert (data["status"], data["outcome"]) == ("closed", "refused")
    branches = {t["branch"]: t["status"] for t in data["tasks"] if t["step_key"] == "countersign"}
    assert sorted(branches.values()) == ["done", "voided"]
    case.refresh_from_db()
    assert case.outcome == Outcome.REFUSED


def test_a_stale_version_gets_409_stale_case_and_changes_nothing(w, client):
    case = submitted(w)
    task = case.tasks.get()

    response = Api(client, w.clerk).post(
        f"/cases/{case.number}/actions",
        {
            "task_id": task.pk,
            "action": "accept",
            "version": case.version - 1 if case.version > 1 else case.version + 5,
        },
    )

    assert response.status_code == 409
    assert response.json()["code"] == "stale_case"
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_an_action_not_offered_in_this_step_is_refused_with_a_code(w, client):
    case = submitted(w)
    task = case.tasks.get()

    response = Api(client, w.clerk).post(
        f"/cases/{case.number}/actions", {"task_id": task.pk, "action": "issue", "version": case.version}
    )

    assert response.status_code == 422
    assert response.json()["code"] == "unknown_action"


def test_the_applicant_sees_the_case_but_may_not_act_on_staff_tasks(w, client):
    case = submitted(w)

    response = Api(client, w.applicant).post(
        f"/cases/{case.number}/actions", {"task_id": case.tasks.get().pk, "action": "accept"}
    )

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_an_action_with_a_missing_field_gets_422(w, client):
    case = submitted(w)

    response = Api(client, w.clerk).post(f"/cases/{case.number}/actions", {"action": "accept"})

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    assert {e["field"] for e in response.json()["errors"]} == {"data.task_id"}


# --- inbox -----------------------------------------------------------------------------------------------------


def test_an_offset_past_what_a_database_integer_holds_is_a_422_not_a_500(w, client):
    # found by the API fuzzing (make fuzz): 22206668801450139648 overflowed SQLite's integer
    response = Api(client, w.clerk).get("/inbox", offset="22206668801450139648")

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"


def test_the_inbox_lists_the_users_open_tasks_and_nothing_of_other_departments(w, client):
    mine = submitted(w)  # accepted by the window for the market department
    other = submitted(w, item="simple")

    clerk = Api(client, w.clerk).get("/inbox").json()
    market = Api(client, w.market_reviewer).get("/inbox").json()

    assert {t["case_number"] for t in clerk["tasks"]} == {mine.number, other.number}
    assert clerk["count"] == 2
    assert market == {
        "count": 0,
        "count_capped": False,
        "tasks": [],
    }  # reviewers have nothing until the countersign


def test_the_inbox_is_for_staff(w, client):
    response = Api(client, w.applicant).get("/inbox")

    assert response.status_code == 403


# --- progress --------------------------------------------------------------------------------------------------


def test_progress_shows_status_and_dated_steps_without_personal_data(w, client):
    case = submitted(w)

    response = Api(client).get("/progress", number=case.number, code=case.query_code.lower())

    assert response.status_code == 200
    data = response.json()
    assert (data["number"], data["status"]) == (case.number, "submitted")
    assert data["steps"][0]["name"] == "受理" and data["steps"][0]["started_on"]
    text = response.content.decode()
    for personal in ("李娜", "测试餐饮有限公司", f.ENTERPRISE_CODE, "测试路", "198806121024"):
        assert personal not in text


def test_progress_with_the_wrong_query_code_is_404(w, client):
    case = submitted(w)
    wrong = "AAAAAA" if case.query_code != "AAAAAA" else "BBBBBB"

    response = Api(client).get("/progress", number=case.number, code=wrong)

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_progress_is_rate_limited_per_ip(w, client, settings):
    from django.core.cache import cache

    cache.clear()
    settings.ONEGO_PROGRESS_RATE_PER_MINUTE = 3
    case = submitted(w)
    api = Api(client)

    with time_machine.travel(timezone.now().replace(second=5), tick=False):  # all within one clock minute
        wrong = "AAAAAA" if case.query_code != "AAAAAA" else "BBBBBB"
        codes = [api.get("/progress", number=case.number, code=wrong).status_code for _ in range(3)]
        over = api.get("/progress", number=case.number, code=case.query_code)
        elsewhere = client.get(
            "/api/v1/progress", {"number": case.number, "code": case.query_code}, REMOTE_ADDR="10.0.0.9"
        )

    assert codes == [404, 404, 404]
    assert over.status_code == 429
    assert over.json()["code"] == "rate_limited"
    assert elsewhere.status_code == 200


def test_progress_without_the_tail_is_422(w, client):
    response = Api(client).get("/progress", number="X")

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"


# --- notifications ---------------------------------------------------------------------------------------------


def test_notify_case_queues_a_site_message_and_an_email_to_the_applicant(w):
    case = submitted(w)

    notifications.notify_case(case, "case.submitted")
    notifications.notify_case(case, "case.submitted")  # the same event twice is queued once

    rows = OutboxMessage.objects.filter(recipient=w.applicant)
    assert sorted(rows.values_list("channel", flat=True)) == ["email", "site"]
    assert all(r.subject.startswith("已收到") and case.number in r.body for r in rows)


def test_a_correction_notice_lists_every_item(w):
    case = submitted(w)
    services.act(
        case.number,
        actor=w.clerk,
        task_id=case.tasks.get().pk,
        action="request_correction",
        payload={
            "items": [
                {"kind": "material", "key": "floor_plan", "reason": "图纸不清晰"},
                {"kind": "field", "key": "premises_address", "reason": "地址不完整"},
            ]
        },
    )
    # the service queued the notice in the same transaction as the change
    latest = OutboxMessage.objects.filter(channel="site").order_by("-id").first()
    assert latest is not None
    body = latest.body
    assert "图纸不清晰" in body and "地址不完整" in body


@pytest.mark.parametrize(
    ("action", "closes_as", "expected"),
    [
        ("case.accepted", None, "已受理"),
        ("case.issue", Outcome.APPROVED, "准予"),
        ("case.countersign_refused", Outcome.REFUSED, "不予许可"),
        ("case.not_accepted", Outcome.NOT_ACCEPTED, "不予受理"),
        ("case.withdrawn", Outcome.WITHDRAWN, "撤回"),
        ("case.terminated_with_bundle", Outcome.TERMINATED, "终止"),
    ],
)
def test_each_decision_has_its_message(w, action, closes_as, expected):
    case = submitted(w)
    if closes_as:
        case.status, case.outcome = CaseStatus.CLOSED, closes_as
    OutboxMessage.objects.all().delete()  # forget the "submitted" message the service queued

    notifications.notify_case(case, action)

    assert expected in OutboxMessage.objects.get(channel="site").subject


def test_an_approval_that_does_not_close_the_case_and_unknown_actions_send_nothing(w):
    case = submitted(w)
    OutboxMessage.objects.all().delete()  # forget the "submitted" message the service queued

    notifications.notify_case(case, "case.approve")
    notifications.notify_case(case, "case.countersign_branch_agreed")
    notifications.notify_case(case, "case.something_else")

    assert not OutboxMessage.objects.exists()


def test_submitting_queues_a_message_to_the_applicant_in_the_same_transaction(w):
    case = submitted(w)

    site = OutboxMessage.objects.get(channel="site")
    assert site.recipient == w.applicant
    assert case.number in site.body

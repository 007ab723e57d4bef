"""A NUL character in a note or a reason is refused at the edge (onego.core.middleware): 400 with a message in
the reader's language, nothing written — it used to reach the audit log, which refuses NUL, as a 500."""

from __future__ import annotations

import json

import pytest

from onego.cases.models import CaseStatus
from onego.cases.tests import factories as f
from onego.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(w: f.World) -> f.CaseWorld:
    return f.with_case(w, f.submitted_case(w))


def test_a_nul_in_an_api_action_note_is_a_400_with_a_code_and_nothing_is_written(client, case):
    c = case.case
    task = c.tasks.get()
    client.force_login(case.clerk)
    events = AuditEvent.objects.count()

    response = client.post(
        f"/api/v1/cases/{c.number}/actions",
        content_type="application/json",
        data=json.dumps({"task_id": task.pk, "action": "accept", "note": "ok\x00"}),
    )

    assert response.status_code == 400
    assert response.json() == {
        "code": "nul_character",
        "message": "请求中含有空字符（NUL），无法处理。请删除该字符后重试。",
    }
    c.refresh_from_db()
    assert c.status == CaseStatus.SUBMITTED and AuditEvent.objects.count() == events


def test_the_nul_message_is_english_only_when_english_is_chosen(client, case):
    c = case.case
    client.force_login(case.clerk)

    response = client.post(
        f"/api/v1/cases/{c.number}/actions",
        content_type="application/json",
        data={"task_id": c.tasks.get().pk, "action": "accept", "note": "ok\x00"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    message = response.json()["message"]
    assert "NUL" in message and "空字符" not in message


def test_a_nul_in_a_withdraw_reason_is_a_400_page_and_the_case_stays_open(client, case):
    c = case.case
    client.force_login(case.applicant)
    events = AuditEvent.objects.count()

    response = client.post(f"/cases/mine/{c.number}/withdraw/", {"confirm": "on", "reason": "不办了\x00"})

    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-testid="error-400"' in page and "请求中含有空字符（NUL）" in page
    c.refresh_from_db()
    assert c.status == CaseStatus.SUBMITTED and AuditEvent.objects.count() == events


def test_a_nul_in_a_query_string_is_refused_on_a_page_and_on_the_api(client, case):
    page = client.get("/guides/", {"q": "食品\x00"})
    api = client.get("/api/v1/progress", {"number": case.case.number, "id_tail": "1024\x00"})

    assert page.status_code == 400 and "请求中含有空字符（NUL）" in page.content.decode()
    assert api.status_code == 400 and api.json()["code"] == "nul_character"

"""Staff are never offered an action that must fail: an action that cannot run now is shown disabled with the
reason, and taking it anyway is refused with that same reason (engine.refusal is the one check)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from onego.cases import services
from onego.cases.engine import allowed_actions
from onego.cases.models import CaseStatus
from onego.cases.tests import factories as f
from onego.cases.tests.factories import act

pytestmark = pytest.mark.django_db


@pytest.fixture
def bundle_half_ready(w):
    """A bundle of two items (issued together, 三同时): the simple item has reached 制证送达; the other is still
    at the departments' countersign."""
    cases = services.submit_application(
        applicant=w.applicant,
        bundle_code="test-bundle",
        form_data={"legal_representative": "李娜", "premises_address": "广州市白云区测试路 1 号"},
        uploads=[services.UploadedMaterial("floor_plan", f.PDF)],
        signature_png=f.PNG,
    )
    joint, simple = sorted(cases, key=lambda c: c.item_version.item_id != w.item.pk)
    for case in (joint, simple):
        act(w, case, "clerk", "accept")
    act(w, simple, "health_reviewer", "pass")
    act(w, simple, "health_head", "approve")
    simple.refresh_from_db()
    assert simple.current_step == "issue"
    return joint, simple


def found(pattern: str, text: str) -> str:
    match = re.search(pattern, text, re.S)
    assert match, f"not on the page: {pattern}"
    return match.group(1)


def issue_button(page: str) -> str:
    found = re.search(r'<button[^>]*data-action="issue"[^>]*>', page)
    assert found, "no 发证办结 button on the page"
    return found.group(0)


def test_issue_on_a_bundle_member_whose_sibling_is_not_ready_is_shown_disabled_with_the_reason(
    w, client, bundle_half_ready
):
    joint, simple = bundle_half_ready
    client.force_login(w.clerk)

    page = client.get(reverse("cases:case", args=[simple.number])).content.decode()

    button = issue_button(page)
    assert " disabled" in button
    described_by = found(r'aria-describedby="([^"]+)"', button)
    reason = found(rf'<p class="st-refused" id="{described_by}"[^>]*>(.*?)</p>', page)
    assert "发证办结" in reason
    assert f"一件事的结果须同时发放，以下办件尚未到发证环节：{joint.number}" in reason
    assert "A bundle's results" not in page  # the chosen language only


def test_the_post_still_refuses_the_disabled_action_with_the_same_reason_and_changes_nothing(
    w, client, bundle_half_ready
):
    joint, simple = bundle_half_ready
    client.force_login(w.clerk)
    simple.refresh_from_db()
    task = next(a.task for a in allowed_actions(simple, w.clerk) if a.key == "issue")

    response = client.post(
        reverse("cases:case_act", args=[simple.number]),
        {"task_id": task.pk, "action": "issue", "version": simple.version},
    )

    assert response.status_code == 409
    page = response.content.decode()
    error = found(r'data-testid="case-error">(.*?)</div>', page)
    assert f"一件事的结果须同时发放，以下办件尚未到发证环节：{joint.number}" in error
    simple.refresh_from_db()
    assert simple.status == CaseStatus.IN_PROGRESS and simple.current_step == "issue"


def test_the_reason_is_in_english_when_english_is_chosen(w, client, bundle_half_ready, settings):
    joint, simple = bundle_half_ready
    client.force_login(w.clerk)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get(reverse("cases:case", args=[simple.number])).content.decode()

    assert f"these cases have not reached issue yet: {joint.number}" in page
    assert "一件事的结果须同时发放" not in page


def test_the_api_says_which_actions_cannot_run_now_and_why(w, client, bundle_half_ready):
    joint, simple = bundle_half_ready
    client.force_login(w.clerk)

    body = client.get(f"/api/v1/cases/{simple.number}").json()

    issue = next(a for a in body["allowed_actions"] if a["key"] == "issue")
    assert issue["can_run"] is False
    assert issue["refused_code"] == "bundle_not_ready"
    assert joint.number in issue["refused_message"]


def test_once_every_member_is_ready_the_issue_button_is_enabled_and_issues_both(w, client, bundle_half_ready):
    joint, simple = bundle_half_ready
    act(w, joint, "market_reviewer", "approve")
    act(w, joint, "health_reviewer", "approve")
    act(w, joint, "market_head", "approve")
    client.force_login(w.clerk)

    page = client.get(reverse("cases:case", args=[simple.number])).content.decode()

    assert " disabled" not in issue_button(page)
    assert 'data-testid="refused-reason"' not in page
    act(w, simple, "clerk", "issue")
    joint.refresh_from_db()
    simple.refresh_from_db()
    assert joint.outcome == simple.outcome == "approved"


@pytest.mark.parametrize("who", ["applicant", "other_applicant", "market_reviewer", "health_head"])
def test_no_one_but_the_window_clerk_is_offered_the_issue_action(w, client, bundle_half_ready, who):
    _, simple = bundle_half_ready
    client.force_login(getattr(w, who))

    response = client.get(reverse("cases:case", args=[simple.number]))

    assert 'data-action="issue"' not in response.content.decode()
    if who in ("applicant", "other_applicant"):
        assert response.status_code == 404  # a case number is never confirmed to an applicant

"""Issue 14 (authz, finding 7): the window's look-up of a walk-in applicant is a POST and audited, the pages after
it carry a session-held selection token instead of the applicant's database id, and the prefilled form shows
the ID number and phone masked while the case still stores them in full."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
import time_machine
from django.urls import reverse

from onego.accounts.models import User
from onego.accounts.roles import Role
from onego.cases.models import Case
from onego.cases.tests import factories as f
from onego.catalog import process as proc
from onego.catalog.models import ServiceItem
from onego.catalog.tests import factories as cf
from onego.core.models import AuditEvent

pytestmark = pytest.mark.django_db

PERSON_ID = "440111199003074513"  # the world's other applicant, 张伟
PHONE = "13800201234"
SIGNATURE = f.SIGNATURE


@dataclass
class PrivacyWorld(f.World):
    person_item: ServiceItem  # its form prefills the applicant's ID number (locked) and phone
    second_clerk: User  # another clerk at the same window


@pytest.fixture
def w(w: f.World) -> PrivacyWorld:
    w.other_applicant.phone = PHONE
    w.other_applicant.save(update_fields=["phone"])
    cf.field(
        "applicant_id_number",
        "申请人公民身份号码",
        field_type="id_number",
        prefill_source="profile.id_number",
    )
    cf.field("applicant_phone", "申请人手机号码", field_type="phone", prefill_source="profile.phone")
    person_item = cf.handling_item(
        dept=w.health,
        basic_code="000172008013",
        name="测试个人备案",
        statutory=20,
        promised=3,
        process=proc.simple_approval(promised_workdays=3),
        form=[
            {"key": "applicant_id_number", "required": True, "locked": True},
            {"key": "applicant_phone", "required": True, "locked": False},
            "premises_address",
        ],
    )
    second_clerk = f.user("clerk2", Role.WINDOW_CLERK, w.clerk.department)
    return PrivacyWorld(**vars(w), person_item=person_item, second_clerk=second_clerk)


def sel_of(response) -> str:
    match = re.search(r'name="sel" value="([^"]+)"', response.content.decode())
    assert match is not None, response.content.decode()[:400]
    return match.group(1)


def test_the_look_up_is_a_post_and_every_look_up_is_audited_with_the_number_masked(w, client):
    client.force_login(w.clerk)
    url = reverse("cases:window_intake")

    by_get = client.get(url, {"code": PERSON_ID})  # an old bookmarked URL: no look-up from a query string
    found = client.post(url, {"step": "lookup", "code": PERSON_ID})
    missing = client.post(url, {"step": "lookup", "code": "110101199003074514"})

    assert "张伟" not in by_get.content.decode() and 'name="sel"' not in by_get.content.decode()
    assert found.status_code == 200 and "张伟" in found.content.decode()
    assert missing.status_code == 422
    events = list(AuditEvent.objects.filter(action="window.applicant_lookup").order_by("id"))
    assert [(e.actor_id, e.data["found"], e.data["code"]) for e in events] == [
        (w.clerk.pk, True, "4401**********4513"),
        (w.clerk.pk, False, "1101**********4514"),
    ]
    assert events[0].object_id == str(w.other_applicant.pk)
    assert all(PERSON_ID not in str(e.data) for e in events)


def test_a_sequential_applicant_id_in_the_url_opens_nothing(w, client):
    client.force_login(w.clerk)

    page = client.get(
        reverse("cases:window_intake"), {"applicant": w.other_applicant.pk, "item": w.person_item.code}
    ).content.decode()

    assert "张伟" not in page and "代申请人填写" not in page and 'name="code"' in page


def test_a_selection_token_works_only_in_the_clerks_own_session_and_expires(w, client, settings):
    client.force_login(w.clerk)
    sel = f.window_select(client, w.other_applicant)
    url = reverse("cases:window_intake")
    assert "张伟" in client.get(url, {"sel": sel}).content.decode()

    client.force_login(w.second_clerk)  # another clerk (another session) with the same link
    stolen = client.get(url, {"sel": sel, "item": w.person_item.code})
    assert "张伟" not in stolen.content.decode() and "请重新查找申请人" in stolen.content.decode()

    client.force_login(w.clerk)
    sel = f.window_select(client, w.other_applicant)
    settings.ONEGO_WINDOW_SELECTION_SECONDS = 60
    with _later(61):
        expired = client.get(url, {"sel": sel})
    assert "张伟" not in expired.content.decode() and "申请人选择已过期" in expired.content.decode()


def _later(seconds: int):
    import datetime as dt

    return time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds), tick=False)


def test_the_form_shows_the_id_number_and_phone_masked_and_the_case_stores_them_in_full(w, client):
    client.force_login(w.clerk)
    sel = f.window_select(client, w.other_applicant)

    form = client.get(reverse("cases:window_intake"), {"sel": sel, "item": w.person_item.code})
    page = form.content.decode()
    assert form.status_code == 200
    assert PERSON_ID not in page and PHONE not in page
    assert "4401**********4513" in page and "138****1234" in page

    done = client.post(
        reverse("cases:window_intake"),
        {
            "step": "submit",
            "sel": sel,
            "item": w.person_item.code,
            "idempotency_key": form.context["key"],
            "applicant_phone": "",
            "premises_address": "广州市白云区测试路 2 号",
            "route": "approval",
            "signature": SIGNATURE,
        },
    )

    assert done.status_code == 200, done.content.decode()[:2000]
    case = Case.objects.get(applicant=w.other_applicant)
    assert case.form_data["applicant_id_number"] == PERSON_ID
    assert case.form_data["applicant_phone"] == PHONE


def test_a_new_phone_typed_at_the_window_replaces_the_masked_one(w, client):
    client.force_login(w.clerk)
    sel = f.window_select(client, w.other_applicant)
    form = client.get(reverse("cases:window_intake"), {"sel": sel, "item": w.person_item.code})

    client.post(
        reverse("cases:window_intake"),
        {
            "step": "submit",
            "sel": sel,
            "item": w.person_item.code,
            "idempotency_key": form.context["key"],
            "applicant_phone": "13900001111",
            "premises_address": "广州市白云区测试路 2 号",
            "route": "approval",
            "signature": SIGNATURE,
        },
    )

    case = Case.objects.get(applicant=w.other_applicant)
    assert case.form_data["applicant_phone"] == "13900001111"
    assert case.form_data["applicant_id_number"] == PERSON_ID


def test_submitting_for_another_sessions_selection_stores_nothing(w, client):
    client.force_login(w.clerk)
    sel = f.window_select(client, w.other_applicant)
    client.force_login(w.second_clerk)

    client.post(
        reverse("cases:window_intake"),
        {
            "step": "submit",
            "sel": sel,
            "item": w.person_item.code,
            "premises_address": "白云区",
            "route": "approval",
            "signature": SIGNATURE,
        },
    )

    assert not Case.objects.filter(applicant=w.other_applicant).exists()

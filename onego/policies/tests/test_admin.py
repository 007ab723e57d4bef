"""The policy admin: versions of criteria and amounts checked when saved and never edited once used,
parameter values with their legal reference and one kind of value, policies filtered by mode and status."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from onego.core.models import AuditEvent
from onego.policies.models import ParameterValue, PolicyParameter, PolicyVersion
from onego.policies.tests import factories as f
from onego.policies.tests.factories import AMOUNT, CONDITIONS, run_now

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(demo):
    return f.staff_world()


@pytest.fixture
def admin_client(client, world, django_user_model):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    admin = django_user_model.objects.create_superuser("policy-admin", password="x-Long-Passw0rd")
    device = TOTPDevice.objects.create(user=admin, name="t", confirmed=True)
    client.force_login(admin)
    session = client.session
    session["otp_device_id"] = device.persistent_id  # the session has passed TOTP
    session.save()
    return client


def version_form(policy_id: int, conditions: Any, amount: Any = None, **extra: str) -> dict[str, str]:
    return {
        "policy": str(policy_id),
        "effective_from": "2027-01-01",
        "conditions": json.dumps(conditions),
        "amount": json.dumps(amount) if amount is not None else "",
        "note": "测试修订",
        **extra,
    }


def test_an_invalid_version_is_refused_with_each_problem_shown_and_nothing_saved(admin_client, world):
    broken = {"op": "ge", "fact": "no_such_fact", "to": {"value": 1}, "sentence": {"zh": "x", "en": "x"}}
    page = admin_client.post(
        "/admin/policies/policyversion/add/", version_form(world.policy.pk, broken, AMOUNT)
    )
    assert page.status_code == 200  # the form again, with its errors
    body = page.content.decode()
    assert "no_such_fact" in body and "条件 conditions" in body
    assert world.policy.versions.count() == 1


def test_a_version_that_is_not_json_is_refused(admin_client, world):
    page = admin_client.post(
        "/admin/policies/policyversion/add/",
        {**version_form(world.policy.pk, CONDITIONS), "conditions": "{not json"},
    )
    assert page.status_code == 200
    assert world.policy.versions.count() == 1


def test_a_valid_version_is_saved_as_a_new_numbered_version_through_the_service(admin_client, world):
    raised = {**CONDITIONS, "sentence": {"zh": "升规纳统扶持条件（2027 年修订）", "en": "conditions (2027)"}}
    page = admin_client.post(
        "/admin/policies/policyversion/add/", version_form(world.policy.pk, raised, AMOUNT)
    )
    assert page.status_code == 302, page.content.decode()[:2000]
    version = PolicyVersion.objects.get(policy=world.policy, number=2)
    assert version.effective_from == date(2027, 1, 1)
    assert version.conditions["sentence"]["zh"] == "升规纳统扶持条件（2027 年修订）"
    assert version.created_by == "policy-admin" and len(version.fingerprint) == 64
    assert AuditEvent.objects.filter(action="policies.version_added", object_id=str(version.pk)).exists()
    assert PolicyVersion.objects.get(policy=world.policy, number=1).conditions == CONDITIONS


def test_a_version_used_by_a_run_is_read_only_and_offers_a_new_version_from_it(admin_client, world):
    version = world.policy.versions.get()
    run_now(world.policy, world.officer)
    page = admin_client.get(f"/admin/policies/policyversion/{version.pk}/change/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "以此为底稿新建版本" in body and 'name="_save"' not in body
    changed = admin_client.post(
        f"/admin/policies/policyversion/{version.pk}/change/",
        version_form(world.policy.pk, {**CONDITIONS, "sentence": {"zh": "改", "en": "x"}}),
    )
    assert changed.status_code == 403
    version.refresh_from_db()
    assert version.conditions == CONDITIONS
    # the add form started from it carries its rules
    start = admin_client.get(
        f"/admin/policies/policyversion/add/?policy={world.policy.pk}&copy_from={version.pk}"
    )
    assert "staff_min_headcount" in start.content.decode()


def parameter_form(parameter: PolicyParameter, rows: list[dict[str, str]]) -> dict[str, str]:
    existing = list(parameter.values.order_by("effective_from"))
    data = {
        "label_zh": parameter.label_zh,
        "label_en": parameter.label_en,
        "unit": parameter.unit,
        "values-TOTAL_FORMS": str(len(existing) + len(rows)),
        "values-INITIAL_FORMS": str(len(existing)),
        "values-MIN_NUM_FORMS": "0",
        "values-MAX_NUM_FORMS": "1000",
    }
    for i, value in enumerate(existing):
        data.update(
            {
                f"values-{i}-id": str(value.pk),
                f"values-{i}-parameter": str(parameter.pk),
                f"values-{i}-effective_from": value.effective_from.isoformat(),
                f"values-{i}-value": json.dumps(value.value),
                f"values-{i}-legal_reference": value.legal_reference,
            }
        )
    for j, row in enumerate(rows, start=len(existing)):
        data.update(
            {f"values-{j}-parameter": str(parameter.pk), **{f"values-{j}-{k}": v for k, v in row.items()}}
        )
    return data


def test_a_parameter_value_needs_its_legal_reference_and_the_same_kind_of_value(admin_client, world):
    parameter = PolicyParameter.objects.get(key="staff_min_headcount")
    url = f"/admin/policies/policyparameter/{parameter.pk}/change/"

    no_reference = admin_client.post(
        url,
        parameter_form(parameter, [{"effective_from": "2027-01-01", "value": "40", "legal_reference": "  "}]),
    )
    assert no_reference.status_code == 200 and "须注明依据" in no_reference.content.decode()

    text_instead = admin_client.post(
        url,
        parameter_form(
            parameter,
            [
                {
                    "effective_from": "2027-01-01",
                    "value": '"四十"',
                    "legal_reference": "测试办法（2027 年修订）第三条",
                }
            ],
        ),
    )
    assert text_instead.status_code == 200 and "各版本的值类型须一致" in text_instead.content.decode()
    assert parameter.values.count() == 1

    saved = admin_client.post(
        url,
        parameter_form(
            parameter,
            [
                {
                    "effective_from": "2027-01-01",
                    "value": "40",
                    "legal_reference": "测试办法（2027 年修订）第三条",
                }
            ],
        ),
    )
    assert saved.status_code == 302
    later = ParameterValue.objects.get(parameter=parameter, effective_from=date(2027, 1, 1))
    assert (later.value, later.legal_reference) == (40, "测试办法（2027 年修订）第三条")
    assert AuditEvent.objects.filter(action="policies.parameter_value_set").exists()


def test_policies_are_listed_with_filters_by_mode_status_and_department(admin_client, world):
    proactive = admin_client.get("/admin/policies/policy/?mode__exact=proactive&status__exact=published")
    assert proactive.status_code == 200 and "test-upgrade" in proactive.content.decode()
    on_application = admin_client.get(
        "/admin/policies/policy/?mode__exact=application&status__exact=published"
    )
    assert "test-upgrade" not in on_application.content.decode()
    page = admin_client.get(f"/admin/policies/policy/{world.policy.pk}/change/")
    body = page.content.decode()
    assert page.status_code == 200 and "selectfilter" in body  # tags picked in two lists (filter_horizontal)
    assert "新增规则版本" in body

"""The `issue` step kind: approval issues signed e-licences, a bundle's all in one transaction (三同时)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from onego.cases import services as case_services
from onego.cases.engine import TransitionNotAllowed
from onego.cases.models import CaseStatus, Outcome, TaskStatus
from onego.cases.tests import factories as f
from onego.cases.tests.factories import act as do
from onego.catalog import process as proc
from onego.catalog import services as catalog_services
from onego.catalog.models import Bundle
from onego.catalog.tests import factories as cf
from onego.certificates import services
from onego.certificates.models import Licence, LicenceType
from onego.core.models import AuditEvent, OutboxMessage

pytestmark = pytest.mark.django_db

TYPES = [  # (licence type key, name, issuing department of the world, suffix, item basic code)
    ("food_business_licence", "食品经营许可证", "market", "001", "000172008011"),
    ("business_licence", "营业执照", "market", "002", "000172008012"),
    ("clinic_filing_certificate", "诊所备案凭证", "health", "001", "000172008013"),
]


@dataclass
class IssuingWorld(f.World):
    three: Bundle  # 三证同发: an item for each of TYPES, issued together


@pytest.fixture
def w(db) -> IssuingWorld:
    from onego.core.calendar import load_from_chinesecalendar

    load_from_chinesecalendar()
    w = f.world()
    items = []
    for key, name, dept_key, suffix, basic_code in TYPES:
        dept = getattr(w, dept_key)
        LicenceType.objects.create(
            key=key,
            name=name,
            type_code=dept.credit_code + suffix,
            issuing_department=dept,
            valid_years=5,
            data_fields=[
                {"key": "legal_representative", "label": "法定代表人"},
                {"key": "premises_address", "label": "经营场所", "from": ["entity_address"]},
            ],
            holder_fields={"name": ["entity_name"], "code": ["credit_code"]},
        )
        items.append(
            cf.handling_item(
                dept=dept,
                basic_code=basic_code,
                name=f"{name}核发",
                statutory=20,
                promised=3,
                process=proc.simple_approval(promised_workdays=3),
                result_licence_type=key,
                form=[{"key": "entity_name", "locked": True}, "legal_representative", "premises_address"],
            )
        )
    three = catalog_services.define_bundle(
        code="three-licences",
        name="三证同发",
        name_en="",
        description="",
        lead_department=w.market,
        items=items,
        promised_limit_workdays=3,
    )
    for dept_key in ("market", "health"):
        services.create_signing_key(getattr(w, dept_key), actor="test")
    return IssuingWorld(**vars(w), three=three)


def to_issue_step(w):
    """Apply for the bundle of three and bring every case to its issue step."""
    cases = case_services.submit_application(
        applicant=w.applicant,
        bundle_code="three-licences",
        signature_png=f.PNG,
        uploads=[],
        form_data={"legal_representative": "李娜", "premises_address": "广州市白云区测试路 1 号"},
    )
    assert len(cases) == 3
    for case in cases:
        reviewer, head = (
            ("market_reviewer", "market_head")
            if case.department == w.market
            else ("health_reviewer", "health_head")
        )
        do(w, case, "clerk", "accept")
        do(w, case, reviewer, "pass")
        do(w, case, head, "approve")
    for case in cases:
        case.refresh_from_db()
        assert case.current_step == "issue"
    return cases


def test_issuing_one_case_of_a_bundle_issues_all_three_licences_at_once(w):
    cases = to_issue_step(w)

    do(w, cases[0], "clerk", "issue")

    licences = list(Licence.objects.order_by("licence_type__key"))
    assert sorted(lic.licence_type.key for lic in licences) == sorted(t[0] for t in TYPES)
    for case in cases:
        case.refresh_from_db()
        assert (case.status, case.outcome) == (CaseStatus.CLOSED, Outcome.APPROVED)
        (licence,) = case.licences.all()
        # the holder is the enterprise named on the form, with its data, and the licence verifies
        assert (licence.holder_name, licence.holder_code) == ("测试餐饮有限公司", f.ENTERPRISE_CODE)
        assert licence.data == {"legal_representative": "李娜", "premises_address": "广州市白云区测试路 1 号"}
        assert services.verify(licence.identifier).status == "valid"
    # the applicant is told about each licence, with a link to My licences
    told = OutboxMessage.objects.filter(recipient=w.applicant, subject__startswith="电子证照已签发")
    assert told.count() == 3
    assert set(told.values_list("link", flat=True)) == {"/licences/mine/"}


def test_a_failure_on_the_third_licence_leaves_none_issued_and_every_case_at_its_issue_step(w):
    cases = to_issue_step(w)
    # the health department's key is gone (retired with no successor): its licence cannot be signed
    w.health.signing_keys.update(retired_at="2026-01-01T00:00:00Z")
    audit_before = AuditEvent.objects.count()

    with pytest.raises(TransitionNotAllowed) as failure:
        do(w, cases[0], "clerk", "issue")

    assert failure.value.code == "licence_not_issued"
    assert "没有可用的签名密钥" in failure.value.message
    assert Licence.objects.count() == 0
    assert AuditEvent.objects.count() == audit_before
    for case in cases:
        case.refresh_from_db()
        assert case.status != CaseStatus.CLOSED and case.current_step == "issue"
        assert case.tasks.filter(step_kind="issue", status=TaskStatus.OPEN).count() == 1
    assert not OutboxMessage.objects.filter(subject__startswith="电子证照已签发").exists()


def test_issuing_again_does_not_issue_a_second_licence(w):
    cases = to_issue_step(w)
    do(w, cases[0], "clerk", "issue")
    from onego.certificates.issuing import issue_for_case

    cases[1].refresh_from_db()
    again = issue_for_case(cases[1], actor="test")
    assert again is not None and Licence.objects.filter(case=cases[1]).count() == 1


def test_the_holder_sees_the_new_licences_under_my_licences_with_pdf_and_json_links(w, client):
    cases = to_issue_step(w)
    do(w, cases[0], "clerk", "issue")
    client.force_login(w.applicant)

    page = client.get("/licences/mine/").content.decode()

    for licence in Licence.objects.all():
        assert licence.number in page
        assert f"/licences/{licence.identifier}.pdf" in page
        assert f"/api/v1/licences/{licence.identifier}.json" in page
    # someone else does not get the PDF (404, never a hint that it exists)
    client.force_login(w.other_applicant)
    first = Licence.objects.get(licence_type__key="business_licence")
    assert client.get(f"/licences/{first.identifier}.pdf").status_code == 404


def test_licences_issued_while_the_broker_is_down_are_rendered_by_the_beat_job(
    w, settings, tmp_path, django_capture_on_commit_callbacks
):
    import datetime as dt
    from unittest import mock

    import time_machine
    from django.utils import timezone
    from kombu.exceptions import OperationalError

    from onego import celery_app
    from onego.archive.models import ArchivedFile
    from onego.certificates import tasks

    settings.MEDIA_ROOT = tmp_path
    cases = to_issue_step(w)
    broker_down = OperationalError("[Errno 111] Connection refused")

    # when the window issues while the broker refuses every task after commit
    with (
        mock.patch.object(celery_app, "send_task", side_effect=broker_down) as send,
        django_capture_on_commit_callbacks(execute=True),
    ):
        do(w, cases[0], "clerk", "issue")

    # then the licences are issued, their rendering was asked for and refused, no PDF is stored yet
    licences = Licence.objects.filter(case__in=cases)
    assert licences.count() == 3 and not any(licence.pdf for licence in licences)
    asked = [c.args[0] for c in send.call_args_list]
    assert asked.count("onego.certificates.render_licence") == 3

    # when the beat job runs within the grace period it leaves them to the worker; after it, it renders them
    assert tasks.render_missing.run() == 0
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=11), tick=False):
        assert tasks.render_missing.run() == 3
        assert tasks.render_missing.run() == 0

    # then every licence has its PDF, archived
    for licence in Licence.objects.filter(case__in=cases):
        assert licence.pdf.read().startswith(b"%PDF-")
        assert ArchivedFile.objects.filter(name=licence.pdf.name, kind="licence").exists()

"""What an applicant reads when a form comes back and when they look at a case's history:

- the apply form's error summary: one box at the top, each problem once, linked to its field, in the chosen
  language only;
- the history: steps of one moment are one entry, machines are 系统, the decision is a result, not a
  submitted material.
"""

from __future__ import annotations

import base64
import re
import uuid

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from onego.cases import pdfdocs, services
from onego.cases.models import CaseMaterial, MaterialSource
from onego.cases.tests import factories as f
from onego.core import audit

pytestmark = pytest.mark.django_db

SIGNATURE = "data:image/png;base64," + base64.b64encode(f.PNG).decode()


def summary_of(page: str) -> str:
    found = re.search(r'<div class="error-summary".*?</div>', page, re.S)
    assert found, "no error summary on the page"
    return found.group(0)


def post_incomplete_bundle(client, language: str = "zh-hans"):
    client.cookies["django_language"] = language
    return client.post(
        reverse("cases:apply_bundle", args=["test-bundle"]),
        {
            "idempotency_key": str(uuid.uuid4()),
            "step": "preview",
            "legal_representative": "李娜",
            "premises_address": "",
            "route": "commitment",
            "signature": "",
        },
    )


def test_a_failed_submit_lists_each_problem_once_at_the_top_linked_to_its_field(w, client):
    # given an applicant who leaves the premises empty, does not sign and picks commitment without signing it
    client.force_login(w.applicant)

    # when the form comes back
    response = post_incomplete_bundle(client)

    # then a focusable summary at the top links every problem to its control
    page = response.content.decode()
    assert response.status_code == 422
    summary = summary_of(page)
    assert 'tabindex="-1"' in summary and "autofocus" in summary and "有以下问题需要修改" in summary
    assert '<a href="#f-premises_address">请填写「经营场所」</a>' in summary
    assert '<a href="#commitment-signed">选择告知承诺方式须签署告知承诺书</a>' in summary
    assert '<a href="#signature-pad">请签名</a>' in summary
    assert page.index("error-summary") < page.index('id="apply-form"')
    # each message once in the summary and once at its field, never in English on a Chinese page
    assert page.count("请填写「经营场所」") == 2
    assert "Please sign" not in page and " / " not in summary
    assert 'id="f-premises_address" name="premises_address"' in page
    assert 'aria-invalid="true" aria-describedby="f-premises_address-error"' in page
    # the field message is not a second alert: the summary is the one announcement
    assert 'role="alert"' not in page.replace(summary, "")


def test_a_reader_who_chose_english_gets_the_summary_in_english_only(w, client):
    client.force_login(w.applicant)

    page = post_incomplete_bundle(client, "en").content.decode()

    summary = summary_of(page)
    assert "There is a problem" in summary
    assert '<a href="#signature-pad">Please sign</a>' in summary
    assert "Sign the commitment letter to use this route" in summary
    assert "请签名" not in page and "须签署告知承诺书" not in page
    # and the fields it points at are labelled in English too
    assert '<label for="f-premises_address">Premises Address<' in page
    assert '<a href="#f-premises_address">Premises Address is required</a>' in summary


def test_the_commitment_letter_can_be_reached_and_scrolled_with_the_keyboard(w, client):
    client.force_login(w.applicant)

    page = client.get(reverse("cases:apply_item", args=[w.item.code])).content.decode()

    letter = re.search(r'<div class="ap-letter"[^>]*>', page)
    assert letter is not None
    assert 'tabindex="0"' in letter.group(0) and 'role="region"' in letter.group(0)
    assert 'aria-label="告知承诺书全文"' in letter.group(0)


def submitted_case(w):
    (case,) = services.submit_application(
        applicant=w.applicant,
        item_code=w.item.code,
        form_data={"legal_representative": "李娜", "premises_address": "广州市白云区测试路 1 号"},
        uploads=[
            services.UploadedMaterial("floor_plan", f.PDF),
            services.UploadedMaterial("business_licence", f.PDF),
        ],
        signature_png=f.PNG,
    )
    return case


def test_documents_generated_in_one_moment_are_one_readable_entry_in_the_history(w, client):
    # given a case whose application form the system generated, and two more documents in the same minute
    case = submitted_case(w)
    pdfdocs.ensure_generated(case.pk)
    for key in ("extra-one", "extra-two"):
        audit.record("system:documents", "case.document_generated", case, number=case.number, document=key)

    # when the applicant opens the case
    client.force_login(w.applicant)
    page = client.get(reverse("cases:my_case", args=[case.number])).content.decode()

    # then the three generations are one entry that says how many, not three "办理环节更新"
    events = page[page.index('data-testid="events"') :]
    events = events[: events.index("</ol>")]
    assert "办理环节更新" not in events
    assert events.count("系统生成申请文书") == 1
    assert "系统生成申请文书（共 3 项）" in events
    assert events.count("提交申请") == 1


def test_staff_read_system_for_a_machine_and_one_entry_for_one_moment(w, client):
    case = submitted_case(w)
    pdfdocs.ensure_generated(case.pk)
    audit.record("system:documents", "case.document_generated", case, number=case.number, document="extra")

    client.force_login(w.clerk)
    page = client.get(reverse("cases:case", args=[case.number])).content.decode()

    timeline = page[page.index('data-testid="timeline"') :]
    timeline = timeline[: timeline.index("</ol>")]
    assert "system:documents" not in timeline
    assert "系统生成申请文书（共 2 项）</strong> · 系统" in timeline
    assert "李娜" in timeline  # a person is still named


def test_the_decision_is_not_listed_as_a_submitted_material(w, client):
    # given a case file holding the applicant's floor plan and the department's decision
    case = submitted_case(w)
    decision = CaseMaterial(
        case=case,
        material_key=pdfdocs.DECISION,
        name="准予行政许可决定书",
        source=MaterialSource.GENERATED,
        content_type="application/pdf",
        size=len(f.PDF),
    )
    decision.file.save("decision.pdf", ContentFile(f.PDF), save=True)

    client.force_login(w.applicant)
    page = client.get(reverse("cases:my_case", args=[case.number])).content.decode()

    submitted = page[page.index("已提交材料") :]
    submitted = submitted[: submitted.index("</ul>")]
    assert "平面布局图" in submitted
    assert "准予行政许可决定书" not in submitted

"""The pre-review services with the real OCR: a captured claim's scans are read in the worker and judged."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine

from onego.core.models import AuditEvent
from onego.demo import paper, subsidy_world
from onego.prereview import services, sink
from onego.prereview.models import Claim, ClaimAttachment, OcrStatus, Verdict
from onego.prereview.tests.factories import captured

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 10, 12, 2, 0, tzinfo=UTC)  # Monday 12 October 2026, 10:00 in Guangzhou


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_a_claim_whose_scans_agree_is_read_and_passes(subsidy_demo):
    # given the startup grant claim (one founder: licence, ID card, contract, payroll) with its rendered scans
    world_claim = subsidy_demo.claim("BY2026Q3-0011")
    sink.capture_claim(captured(world_claim, world=subsidy_demo))
    claim = Claim.objects.get()

    # when the worker pre-reviews it
    services.prereview_claim(claim.pk)

    # then every page was read, with its confidence and time kept, and the claim passes
    claim.refresh_from_db()
    pages = list(ClaimAttachment.objects.filter(claim=claim))
    assert {a.ocr_status for a in pages} == {OcrStatus.READ}, [(a.name, a.ocr.get("problems")) for a in pages]
    assert all(a.ocr_confidence and a.ocr_confidence > 0.8 and a.ocr_seconds for a in pages)
    id_card = next(a for a in pages if a.kind == "id_card")
    assert id_card.ocr["fields"]["id_number"]["value"] == world_claim.persons[0].id_number
    assert (claim.status, claim.verdict) == (Claim.Status.PREREVIEWED, Verdict.PASS)
    documents_reason = claim.persons.get().reasons[-1]
    assert documents_reason["rule"] == "documents" and documents_reason["outcome"] == "pass"
    assert len(documents_reason["evidence"]) == 4
    assert AuditEvent.objects.filter(action="prereview.attachment_read").count() == 4
    assert AuditEvent.objects.filter(action="prereview.claim_prereviewed").count() == 1


def test_an_unreadable_id_card_sends_the_claim_to_a_person_never_to_pass(subsidy_demo):
    world_claim = subsidy_demo.claim("BY2026Q3-0011")
    card = next(a for a in world_claim.attachments if a.kind == "id_card")
    scan = paper.unreadable(subsidy_world.render_document(subsidy_demo, world_claim, card))
    sink.capture_claim(captured(world_claim, world=subsidy_demo, pages={card.name: scan}))
    claim = Claim.objects.get()

    services.prereview_claim(claim.pk)

    claim.refresh_from_db()
    assert ClaimAttachment.objects.get(claim=claim, kind="id_card").ocr_status == OcrStatus.UNREADABLE
    assert claim.verdict == Verdict.CHECK
    reason = claim.persons.get().reasons[-1]
    assert reason["outcome"] == "unknown" and card.name in reason["message"]


def test_a_page_read_once_is_not_read_again_and_a_decided_claim_is_not_rejudged(subsidy_demo):
    sink.capture_claim(captured(subsidy_demo.claim("BY2026Q3-0012")))  # stub scans: not images OCR can read
    claim = Claim.objects.get()
    services.prereview_claim(claim.pk)
    claim.refresh_from_db()
    assert claim.verdict == Verdict.FAIL  # 注销: the enterprise fails whatever the pages say
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.DECIDED, verdict=Verdict.PASS)
    reads = AuditEvent.objects.filter(action="prereview.attachment_read").count()

    again = services.prereview_claim(claim.pk)

    assert again is None
    assert Claim.objects.get(pk=claim.pk).verdict == Verdict.PASS  # as the reviewer left it
    assert AuditEvent.objects.filter(action="prereview.attachment_read").count() == reads


def test_the_backlog_is_the_captured_claims_never_prereviewed(subsidy_demo):
    for external_id in ("BY2026Q3-0013", "BY2026Q3-0014"):
        sink.capture_claim(captured(subsidy_demo.claim(external_id), attachments=False))
    first, second = Claim.objects.order_by("pk")
    services.prereview_batch([first.pk], documents=False)

    assert services.backlog() == [second.pk]


def test_when_the_ocr_engine_cannot_load_the_page_stays_pending_for_a_retry(subsidy_demo, monkeypatch):
    from onego.prereview import documents
    from onego.prereview.ocr import OcrUnavailable

    sink.capture_claim(captured(subsidy_demo.claim("BY2026Q3-0011")))
    claim = Claim.objects.get()

    def unavailable(kind, image):
        raise OcrUnavailable("models missing")

    monkeypatch.setattr(documents, "read_document", unavailable)

    with pytest.raises(OcrUnavailable):
        services.prereview_claim(claim.pk)

    assert set(ClaimAttachment.objects.values_list("ocr_status", flat=True)) == {OcrStatus.PENDING}
    assert Claim.objects.get().status == Claim.Status.CAPTURED
    assert services.backlog() == [claim.pk]

"""Every write of the pre-review: reading the attachments (OCR, in the worker) and storing the engine's verdicts.

Why here and not in the tasks: a task is a thin wrapper that takes an id; what is changed, under which lock
and with which audit event is decided once, in these functions. OCR is slow (about a second a page), so it
runs outside any transaction and only its result is written under the row's lock.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import asdict
from typing import Final

from django.db import transaction
from django.utils import timezone

from onego.core import audit
from onego.prereview import documents, engine
from onego.prereview.models import Claim, ClaimAttachment, OcrStatus
from onego.prereview.ocr import OcrUnavailable

logger = logging.getLogger(__name__)

ACTOR: Final = "system:prereview"
# Claims the engine may (re)judge: once a reviewer decided, the verdict they checked stays as it was.
OPEN_STATUSES: Final = (Claim.Status.CAPTURED, Claim.Status.PREREVIEWED)


def read_attachment(attachment_id: int) -> ClaimAttachment:
    """OCR one attachment and store what was read, its confidence and the time it took; an attachment
    already read is left as it is (a task sent twice reads once). An image the engine cannot read is
    `unreadable` and one it fails on is `failed`: both send the person to "check", never to "pass". When the
    OCR engine itself cannot load (OcrUnavailable) nothing is written and the error goes to the task, which
    retries; the beat job picks the claim up again if it never succeeds."""
    attachment = ClaimAttachment.objects.get(pk=attachment_id)
    if attachment.ocr_status != OcrStatus.PENDING:
        return attachment
    if attachment.kind not in documents.DOC_KINDS:
        status, reading, confidence = OcrStatus.FAILED, {"problems": ["kind_not_read"]}, None
        seconds = 0.0
    else:
        with attachment.file.open("rb") as fh:
            content = fh.read()
        started = time.perf_counter()
        try:
            result = documents.read_document(attachment.kind, content)
        except OcrUnavailable:
            raise  # the worker's fault, not the page's: the page stays pending and the task retries
        except Exception:  # a broken image must not stop the claim: it goes to a person
            logger.exception("OCR failed on attachment %s", attachment_id)
            status, reading, confidence = OcrStatus.FAILED, {"problems": ["ocr_failed"]}, None
        else:
            reading = asdict(result)
            confidence = result.confidence
            status = OcrStatus.READ if result.readable else OcrStatus.UNREADABLE
        seconds = time.perf_counter() - started
    with transaction.atomic():
        attachment = ClaimAttachment.objects.select_for_update().get(pk=attachment_id)
        if attachment.ocr_status != OcrStatus.PENDING:
            return attachment
        attachment.ocr_status = status
        attachment.ocr = reading
        attachment.ocr_confidence = confidence
        attachment.ocr_seconds = round(seconds, 3)
        attachment.ocr_at = timezone.now()
        attachment.save(update_fields=["ocr_status", "ocr", "ocr_confidence", "ocr_seconds", "ocr_at"])
        audit.record(
            ACTOR,
            "prereview.attachment_read",
            attachment,
            claim=attachment.claim_id,
            status=status,
            confidence=confidence,
            seconds=attachment.ocr_seconds,
        )
    return attachment


def prereview_claim(claim_id: int) -> Claim | None:
    """Read the claim's attachments still pending, then judge the claim and store the verdict (see
    `prereview_batch`). Returns None for a claim already decided."""
    pending = ClaimAttachment.objects.filter(claim_id=claim_id, ocr_status=OcrStatus.PENDING)
    for attachment_id in pending.values_list("pk", flat=True):
        read_attachment(attachment_id)
    done = prereview_batch([claim_id])
    return done[0] if done else None


def prereview_batch(claim_ids: Sequence[int], *, documents: bool = True) -> list[Claim]:
    """Judge the claims still open among `claim_ids` in one pass of the engine and store the verdicts,
    reasons and risk, with one audit event (naming each claim's verdict). Claims a reviewer has decided are
    left alone."""
    with transaction.atomic():
        claims = list(
            Claim.objects.select_for_update()
            .filter(pk__in=claim_ids, status__in=OPEN_STATUSES)
            .order_by("pk")
        )
        results = engine.evaluate([c.pk for c in claims], documents=documents)
        engine.store(results)
        if len(claims) == 1:
            [result] = results
            audit.record(
                ACTOR,
                "prereview.claim_prereviewed",
                claims[0],
                verdict=result.verdict,
                risk=result.risk,
                persons={str(p.person_id): p.verdict for p in result.persons},
            )
        elif claims:
            # A batch is one change (the beat job, a re-run): one event naming every claim and its verdict.
            audit.record(
                ACTOR,
                "prereview.claims_prereviewed",
                object_type="prereview.claim",
                object_id=f"{claims[0].pk}..{claims[-1].pk}",
                count=len(claims),
                verdicts={str(r.claim_id): r.verdict for r in results},
            )
    return list(Claim.objects.filter(pk__in=[c.pk for c in claims]).order_by("pk"))


def backlog(limit: int = 200) -> list[int]:
    """Claims captured but not pre-reviewed (their task was lost or failed): the beat job's work."""
    return list(
        Claim.objects.filter(status=Claim.Status.CAPTURED)
        .order_by("captured_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )

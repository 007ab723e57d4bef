"""Celery tasks of the pre-review: thin wrappers that take IDs and call the services."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from onego.prereview import services
from onego.prereview.ocr import OcrUnavailable


# The OCR engine failing to load is the worker's trouble, not the page's: retry with a growing delay.
@shared_task(
    name="onego.prereview.ocr_attachment",
    autoretry_for=(OcrUnavailable,),
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=5,
)
def ocr_attachment(attachment_id: int) -> str:
    """OCR one attachment; idempotent (an attachment already read is left as it is)."""
    return str(services.read_attachment(attachment_id).ocr_status)


# The OCR engine failing to load is the worker's trouble, not the page's: retry with a growing delay.
@shared_task(
    name="onego.prereview.prereview_claim",
    autoretry_for=(OcrUnavailable,),
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=5,
)
def prereview_claim(claim_id: int) -> dict[str, Any]:
    """Read a claim's pending attachments and judge it; idempotent (a decided claim is left alone)."""
    claim = services.prereview_claim(claim_id)
    return {"claim": claim_id, "verdict": claim.verdict if claim else "", "risk": claim.risk if claim else 0}


@shared_task(name="onego.prereview.prereview_backlog", ignore_result=True)
def prereview_backlog() -> dict[str, int]:
    """Beat job (every 5 minutes): judge the claims captured whose pre-review was never queued or failed."""
    done = 0
    for claim_id in services.backlog():
        services.prereview_claim(claim_id)
        done += 1
    return {"prereviewed": done}

"""Celery tasks of the e-licences: thin wrappers that take IDs and call the services."""

from __future__ import annotations

from celery import shared_task

from onego.certificates import services


@shared_task(name="onego.certificates.render_licence")
def render_licence(licence_id: int) -> str:
    """Render, store and archive one licence's PDF (idempotent)."""
    return str(services.store_pdf(licence_id).pdf.name)


@shared_task(name="onego.certificates.render_missing", ignore_result=True)
def render_missing() -> int:
    """Beat job: render and store the licences whose rendering was never queued (the broker was down)."""
    return services.store_missing_pdfs()


@shared_task(name="onego.certificates.expire_licences")
def expire_licences() -> int:
    """Mark licences past their end date as expired (idempotent; run hourly by beat)."""
    return services.expire_due_licences()

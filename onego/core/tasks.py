"""Celery tasks of the shared kernel: thin wrappers with explicit names."""

from celery import shared_task

from onego.core import outbox


@shared_task(name="onego.core.deliver_outbox", ignore_result=True)
def deliver_outbox() -> dict[str, int]:
    """Deliver due outbox messages. Idempotent: a sent row is never picked again, so running it twice (the
    prompt request after a commit and the every-minute beat job) sends nothing twice."""
    return outbox.deliver_pending()

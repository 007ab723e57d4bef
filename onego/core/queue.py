"""Queue background work once the current transaction commits: the one way a service starts a Celery task.

A service stores what is to be done (the case's files, the licence row, the uploaded video, the matching run,
the outbox message) in its transaction and calls `enqueue_on_commit("onego.archive.archive_case", case.pk)`.
The task is sent by its explicit name, so the service need not import the app's tasks module (which imports
the service back). The send happens after commit — never for a transaction that rolled back — and a broker
that cannot be reached is logged and swallowed: the work is already stored, and the beat job of each task
finds what was never queued (the table in `CELERY_BEAT_SCHEDULE`, onego/config/settings.py).
"""

from __future__ import annotations

import logging
from functools import partial

from celery import current_app
from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_on_commit(task_name: str, *ids: int) -> None:
    """Send the task `task_name` with `ids` as its arguments after the caller's transaction commits (at once
    outside a transaction). Tasks take IDs only and are idempotent, so a task sent twice — by this and by its
    beat job — does its work once."""
    transaction.on_commit(partial(_send, task_name, ids))


def _send(task_name: str, args: tuple[int, ...]) -> None:
    app = current_app
    if task_name not in app.tasks:
        # A web process has not imported the apps' tasks.py; the worker imports them at start. Registered, a task
        # keeps its own options and runs inline under CELERY_TASK_ALWAYS_EAGER. (Not loader.import_default_modules:
        # its signal runs django.setup() again, which reconfigures logging in a serving process.)
        app.autodiscover_tasks(force=True)
    try:
        app.signature(task_name, args=args).delay()
    except Exception:  # kombu reports a broker outage in many ways (OperationalError, OSError, timeouts)
        logger.warning(
            "Could not queue %s%r: the broker is unreachable; its beat job picks the work up",
            task_name,
            args,
            exc_info=True,
        )

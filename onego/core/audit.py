"""The append-only, hash-chained audit log.

Every change made by a service records exactly one event. Each event's hash is SM3 over its canonical
JSON form plus the previous event's hash, so altering, deleting or inserting a row breaks the chain at
that row; `manage.py verify_audit` walks the chain and names the first broken event.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from onego.core.models import AuditChainHead, AuditEvent
from onego.core.sm3 import sm3_hex

GENESIS_HASH = "0" * 64


def _normalise(data: dict[str, Any]) -> dict[str, Any]:
    # Dates, decimals and UUIDs become strings once, so the stored JSON and the hashed JSON are the same.
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False))


def canonical_form(event: AuditEvent) -> str:
    """The exact text that is hashed; stable across databases (keys sorted, UTC time, no whitespace)."""
    payload = {
        "occurred_at": event.occurred_at.astimezone(timezone.UTC).isoformat(timespec="microseconds"),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "data": event.data,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def compute_hash(event: AuditEvent, prev_hash: str) -> str:
    return sm3_hex((canonical_form(event) + prev_hash).encode("utf-8"))


def record(
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    *,
    object_type: str = "",
    object_id: str | int = "",
    **data: Any,
) -> AuditEvent:
    """Append one event. Call inside the service's transaction so the event commits with the change."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    actor_id = getattr(actor, "pk", None) if actor is not None else None
    actor_label = ""
    if actor is not None and getattr(actor, "is_authenticated", False):
        actor_label = getattr(actor, "username", "") or str(actor)
    elif isinstance(actor, str):
        actor_label = actor  # a system actor such as "system:beat"
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(
            id=1, defaults={"last_hash": GENESIS_HASH}
        )
        event = AuditEvent(
            occurred_at=timezone.now(),
            actor_id=actor_id,
            actor_label=actor_label[:150],
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            data=_normalise(data),
            prev_hash=head.last_hash,
        )
        event.hash = compute_hash(event, head.last_hash)
        event.save(force_insert=True)
        head.last_hash = event.hash
        head.last_event_id = event.pk
        head.save(update_fields=["last_hash", "last_event_id"])
    return event

"""The append-only, hash-chained audit log.

Every change made by a service records exactly one event. Each event's hash is SM3 over its canonical
JSON form plus the previous event's hash, so altering, deleting or inserting a row breaks the chain at
that row; `manage.py verify_audit` walks the chain and names the first broken event.

Three layers keep the log append-only: `AuditEvent` and its QuerySet refuse updates and deletes in the
ORM, database triggers (migration 0002) refuse them in SQL, and `verify_chain()` finds whatever got past
both (a superuser can always disable triggers).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext

from onego.core.models import AuditChainHead, AuditEvent, AuditLogIsAppendOnly
from onego.core.sm3 import sm3_hex

__all__ = [
    "GENESIS_HASH",
    "AuditLogIsAppendOnly",
    "ChainBreak",
    "ChainReport",
    "canonical_form",
    "compute_hash",
    "missing_database_guards",
    "record",
    "verify_chain",
]

GENESIS_HASH = "0" * 64

# Floats from 1e16 up print with an exponent in Python ("1e+16") but come back from PostgreSQL's jsonb
# as plain integers ("10000000000000000"), which would change the canonical form after a round trip.
_FLOAT_EXPONENT_FROM = 1e16


def _tidy(value: Any) -> Any:
    """Make decoded JSON look exactly as it will after a round trip through jsonb or SQLite's text."""
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(gettext("审计数据不能包含 NaN 或无穷大。"))
        if value == 0.0:
            return 0.0  # jsonb has no negative zero
        if value.is_integer() and abs(value) >= _FLOAT_EXPONENT_FROM:
            return int(Decimal(repr(value)))  # the decimal jsonb stores, not the binary value
        return value
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError(gettext("审计数据不能包含 NUL 字符。"))
        return value
    if isinstance(value, dict):
        return {_tidy(k): _tidy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_tidy(v) for v in value]
    return value


def _normalise(data: dict[str, Any]) -> dict[str, Any]:
    # Dates, decimals and UUIDs become strings once (DjangoJSONEncoder), so the stored JSON and the
    # hashed JSON are the same on every database.
    return _tidy(json.loads(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)))


def canonical_form(event: AuditEvent) -> str:
    """The exact text that is hashed; stable across databases (keys sorted, UTC time, no whitespace)."""
    payload = {
        "occurred_at": event.occurred_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
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


def _check_length(name: str, value: str) -> None:
    limit = getattr(AuditEvent._meta.get_field(name), "max_length", None)
    if limit is not None and len(value) > limit:
        raise ValueError(
            gettext("审计事件的 %(name)s 超过 %(limit)s 个字符。") % {"name": name, "limit": limit}
        )


def record(
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    *,
    object_type: str = "",
    object_id: str | int = "",
    **data: Any,
) -> AuditEvent:
    """Append one event. Call inside the service's transaction so the event commits with the change.

    The chain head row stays locked until that transaction ends, so every audited write in the system
    is serialised from here to its commit: record late in the service, after its own row locks.
    """
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    actor_id = getattr(actor, "pk", None) if actor is not None else None
    actor_label = ""
    if actor is not None and getattr(actor, "is_authenticated", False):
        actor_label = getattr(actor, "username", "") or str(actor)
    elif isinstance(actor, str):
        actor_label = actor  # a system actor such as "system:beat"
    object_id = str(object_id)
    # PostgreSQL refuses over-long values and SQLite stores them whole; refuse them the same way on both.
    _check_length("action", action)
    _check_length("object_type", object_type)
    _check_length("object_id", object_id)
    payload = _normalise(data)
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(
            id=1, defaults={"last_hash": GENESIS_HASH}
        )
        # The time is taken under the lock, so time order and chain (id) order agree.
        event = AuditEvent(
            occurred_at=timezone.now(),
            actor_id=actor_id,
            actor_label=actor_label[:150],
            action=action,
            object_type=object_type,
            object_id=object_id,
            data=payload,
            prev_hash=head.last_hash,
        )
        event.hash = compute_hash(event, head.last_hash)
        event._chained_by_record = True  # type: ignore[attr-defined]  # the one permitted insert path
        event.save(force_insert=True)
        head.last_hash = event.hash
        head.last_event_id = event.pk
        head.save(update_fields=["last_hash", "last_event_id"])
    return event


# --- verification -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainBreak:
    """The first place where the stored chain disagrees with itself."""

    event_id: int | None
    action: str
    occurred_at: dt.datetime | None
    problem: (
        str  # hash_mismatch | prev_hash_mismatch | not_genesis | head_missing | head_mismatch | after_head
    )
    message: str


@dataclass(frozen=True)
class ChainReport:
    """What `verify_chain` found: how many events it checked and the first break, if any."""

    count: int
    last_event_id: int | None
    last_hash: str
    broken: ChainBreak | None = None

    @property
    def ok(self) -> bool:
        return self.broken is None

    @property
    def message(self) -> str:
        if self.broken is not None:
            return self.broken.message
        if self.last_event_id is None:
            return gettext("审计链完好：没有事件。")
        return gettext("审计链完好：共 %(count)s 条事件，最后一条为 #%(last_event_id)s。") % {
            "count": self.count,
            "last_event_id": self.last_event_id,
        }


def _break(event: AuditEvent, problem: str, what: str) -> ChainBreak:
    when = timezone.localtime(event.occurred_at).isoformat(timespec="seconds")
    return ChainBreak(
        event_id=event.pk,
        action=event.action,
        occurred_at=event.occurred_at,
        problem=problem,
        message=gettext("审计事件 #%(id)s（%(action)s，%(when)s）：%(what)s。")
        % {"id": event.pk, "action": event.action, "when": when, "what": what},
    )


@dataclass
class _Walk:
    count: int = 0
    last_id: int = 0
    last_hash: str = GENESIS_HASH

    def check(self, event: AuditEvent) -> ChainBreak | None:
        if event.prev_hash != self.last_hash:
            if self.count == 0:
                return _break(
                    event,
                    "not_genesis",
                    gettext("它是第一条事件，但 prev_hash 不是创世哈希——更早的事件被删除，或它是被插入的"),
                )
            return _break(
                event,
                "prev_hash_mismatch",
                gettext("prev_hash 与事件 #%(last_id)s 的哈希不符——有事件被删除或插入")
                % {"last_id": self.last_id},
            )
        if compute_hash(event, event.prev_hash) != event.hash:
            return _break(event, "hash_mismatch", gettext("哈希不符——该行被改动过"))
        self.count += 1
        self.last_id = event.pk
        self.last_hash = event.hash
        return None

    def walk(
        self, upto: int | None, batch_size: int, on_progress: Callable[[int], None] | None
    ) -> ChainBreak | None:
        """Check every event after the last one checked, up to id `upto` (all when None), in id order.

        Keyset batches rather than one long cursor: memory stays flat at any size, and no transaction
        or server-side cursor is held open while a million SM3 digests are computed.
        """
        while True:
            batch = AuditEvent.objects.filter(id__gt=self.last_id).order_by("id")
            if upto is not None:
                batch = batch.filter(id__lte=upto)
            events = list(batch[:batch_size])
            for event in events:
                broken = self.check(event)
                if broken is not None:
                    return broken
            if on_progress is not None and events:
                on_progress(self.count)
            if len(events) < batch_size:
                return None


def _compare_with_head(walk: _Walk, head: AuditChainHead | None) -> ChainBreak | None:
    if head is None or head.last_event_id is None:
        if walk.count == 0:
            return None
        last = AuditEvent.objects.get(pk=walk.last_id)
        return _break(
            last,
            "head_missing",
            gettext("链头不存在或为空，但已有事件——链头被删除或改动"),
        )
    if walk.last_id != head.last_event_id:
        # The walk stops at the head's id, so the head names an event that is no longer there.
        return ChainBreak(
            event_id=head.last_event_id,
            action="",
            occurred_at=None,
            problem="head_mismatch",
            message=(
                gettext("审计事件 #%(id)s（链头指向它）不存在，链止于事件 #%(last)s——最新的事件被删除。")
                % {"id": head.last_event_id, "last": walk.last_id}
                if walk.count
                else gettext("审计事件 #%(id)s（链头指向它）不存在，已没有任何事件——最新的事件被删除。")
                % {"id": head.last_event_id}
            ),
        )
    if walk.last_hash != head.last_hash:
        last = AuditEvent.objects.get(pk=walk.last_id)
        return _break(
            last,
            "head_mismatch",
            gettext("链头记录的哈希与该事件不符——链头被改动"),
        )
    return None


def verify_chain(*, batch_size: int = 2000, on_progress: Callable[[int], None] | None = None) -> ChainReport:
    """Walk the whole chain in id order, recompute every hash and stop at the first break.

    Safe while services keep recording: the long walk runs without locks up to the head as it was at the
    start; only the short tail appended meanwhile and the comparison with the head run under the head
    lock, so the head and the events are read consistently.
    """
    walk = _Walk()
    head = AuditChainHead.objects.filter(id=1).first()
    upto = head.last_event_id if head is not None and head.last_event_id is not None else None
    if upto is not None:
        broken = walk.walk(upto, batch_size, on_progress)
        if broken is not None:
            return ChainReport(walk.count, walk.last_id or None, walk.last_hash, broken)
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().filter(id=1).first()
        upto = head.last_event_id if head is not None and head.last_event_id is not None else None
        broken = walk.walk(upto, batch_size, on_progress)
        if broken is None:
            broken = _compare_with_head(walk, head)
        if broken is None and upto is not None:
            stray = AuditEvent.objects.filter(id__gt=upto).order_by("id").first()
            if stray is not None:
                broken = _break(
                    stray,
                    "after_head",
                    gettext("它排在链头（事件 #%(upto)s）之后——它不是经由 audit.record() 写入的")
                    % {"upto": upto},
                )
    return ChainReport(walk.count, walk.last_id or None, walk.last_hash, broken)


# --- database guards ----------------------------------------------------------------------------------

# Installed by migration 0002. On SQLite a later migration that rebuilds core_auditevent (most AlterField
# and RemoveField operations do) drops them with the old table; that migration must create them again.
GUARD_TRIGGERS: dict[str, tuple[str, ...]] = {
    "postgresql": ("core_auditevent_append_only", "core_auditevent_no_truncate"),
    "sqlite": ("core_auditevent_no_update", "core_auditevent_no_delete"),
}


def missing_database_guards() -> list[str]:
    """Names of the append-only triggers that are absent or disabled on this database (empty when all hold)."""
    expected = GUARD_TRIGGERS.get(connection.vendor, ())
    if not expected:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'core_auditevent'::regclass"
                " AND NOT tgisinternal AND tgenabled <> 'D'"
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'core_auditevent'"
            )
        present = {row[0] for row in cursor.fetchall()}
    return [name for name in expected if name not in present]

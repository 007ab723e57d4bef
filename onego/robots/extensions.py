"""The robots' extension points: where captured records go and where write-back orders come from.

The robots app is a general bridge to legacy systems and knows no domain. A feature app that wants what a
capture robot reads registers a *sink* under a name; a robot's `channel` names the sink its records go to.
A feature app that has results to type back registers a *write-back source*: `pending(system_key)` yields
the orders still to write and `written(order, receipt)` is told once one is written and read back.

Register only in `AppConfig.ready` (the prereview app registers the sink "subsidy_claim" and the source
"subsidy_result"). The robots app never imports the apps that register here.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Attachment:
    """A file a robot downloaded from a record, bytes and all."""

    name: str
    content_type: str
    content: bytes
    label: str = ""


@dataclass(frozen=True)
class CapturedRecord:
    """One item as the capture robot read it. `fields` is JSON-able (table rows as lists of str dicts);
    `fingerprint` is the sha256 of its canonical JSON (`fingerprint_of`), the same the write-back compares."""

    system: str
    external_id: str
    fields: dict[str, Any]
    fingerprint: str
    attachments: tuple[Attachment, ...] = field(default=())


Sink = Callable[[CapturedRecord], str]
"""Makes what the record becomes, idempotent on (system, external_id); returns the reference staff see."""


@dataclass(frozen=True)
class WriteBackOrder:
    """A decided result to type into the system's result form (`values`: form field → text). The record
    must still read as `expected_fingerprint`, else the robot stops this item as a mismatch."""

    system: str
    external_id: str
    reference: str
    values: dict[str, str]
    expected_fingerprint: str


PendingOrders = Callable[[str], Iterable[WriteBackOrder]]
WrittenCallback = Callable[[WriteBackOrder, str], None]


@dataclass(frozen=True)
class WriteBackSource:
    pending: PendingOrders
    written: WrittenCallback


class UnknownChannel(LookupError):
    """A robot names a sink or source no app registered."""


_sinks: dict[str, Sink] = {}
_sources: dict[str, WriteBackSource] = {}


def fingerprint_of(fields: dict[str, Any]) -> str:
    """sha256 of the canonical JSON of `fields` (keys sorted, no whitespace, UTF-8): the same record read
    twice gives the same fingerprint, any change to a value gives another."""
    canonical = json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def register_sink(name: str, sink: Sink) -> None:
    """Register (or replace, e.g. in a test) the sink called `name`."""
    _sinks[name] = sink


def unregister_sink(name: str) -> None:
    """Remove a sink (tests restore what they replaced)."""
    _sinks.pop(name, None)


def get_sink(name: str) -> Sink:
    try:
        return _sinks[name]
    except KeyError:
        raise UnknownChannel(name) from None


def register_writeback_source(name: str, pending: PendingOrders, written: WrittenCallback) -> None:
    """Register (or replace) the write-back source called `name`."""
    _sources[name] = WriteBackSource(pending=pending, written=written)


def unregister_writeback_source(name: str) -> None:
    _sources.pop(name, None)


def get_writeback_source(name: str) -> WriteBackSource:
    try:
        return _sources[name]
    except KeyError:
        raise UnknownChannel(name) from None


def registered_sinks() -> dict[str, Sink]:
    return dict(_sinks)


def registered_writeback_sources() -> dict[str, WriteBackSource]:
    return dict(_sources)

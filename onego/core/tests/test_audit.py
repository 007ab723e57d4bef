"""The append-only, hash-chained audit log: recording, refusals, verification, concurrency.

Runs on SQLite (default) and on PostgreSQL (DATABASE_URL=postgres://...).
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from gmssl import func, sm3

from onego.core import audit
from onego.core.models import AuditChainHead, AuditEvent, AuditLogIsAppendOnly

SHANGHAI = ZoneInfo("Asia/Shanghai")


def record_some(n: int) -> list[AuditEvent]:
    return [
        audit.record("system:test", "case.accepted", object_type="cases.case", object_id=i, note=f"第 {i} 件")
        for i in range(1, n + 1)
    ]


def stored(event_id: int) -> tuple:
    """The row as the database holds it, read around the ORM model."""
    return tuple(AuditEvent.objects.filter(pk=event_id).values_list().get())


@contextmanager
def triggers_bypassed() -> Iterator:
    """Switch the append-only triggers off for this connection, the way a rogue DBA would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
            try:
                yield cursor
            finally:
                cursor.execute("SET session_replication_role = DEFAULT")
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'core_auditevent'"
            )
            saved = cursor.fetchall()
            for name, _sql in saved:
                cursor.execute(f'DROP TRIGGER "{name}"')
            try:
                yield cursor
            finally:
                for _name, sql in saved:
                    cursor.execute(sql)


def verify_audit_fails() -> str:
    with pytest.raises(CommandError) as failure:
        call_command("verify_audit")
    return str(failure.value)


# --- recording --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_record_chains_each_event_to_the_one_before() -> None:
    # when
    first, second, third = record_some(3)

    # then
    assert first.prev_hash == audit.GENESIS_HASH
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert len({first.hash, second.hash, third.hash}) == 3
    head = AuditChainHead.objects.get()
    assert (head.last_event_id, head.last_hash) == (third.pk, third.hash)


@pytest.mark.django_db
def test_the_hash_is_sm3_over_the_canonical_form_followed_by_the_previous_hash() -> None:
    # given 2026-03-02 09:30:00.123456 in Shanghai is 01:30:00.123456 UTC
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 30, 0, 123456, tzinfo=SHANGHAI), tick=False):
        first = audit.record(
            "system:window", "case.accepted", object_type="cases.case", object_id=42, note="材料齐全", pages=3
        )
        second = audit.record(
            "system:window", "case.decided", object_type="cases.case", object_id=42, approved=True
        )

    # then the canonical form is sorted, compact, UTF-8 JSON with the time in UTC to the microsecond
    expected_first = (
        '{"action":"case.accepted","actor_id":null,"actor_label":"system:window",'
        '"data":{"note":"材料齐全","pages":3},"object_id":"42","object_type":"cases.case",'
        '"occurred_at":"2026-03-02T01:30:00.123456+00:00"}'
    )
    assert audit.canonical_form(AuditEvent.objects.get(pk=first.pk)) == expected_first

    def gmssl_sm3(text: str) -> str:
        return sm3.sm3_hash(func.bytes_to_list(text.encode("utf-8")))

    assert first.hash == gmssl_sm3(expected_first + "0" * 64)
    expected_second = expected_first.replace("case.accepted", "case.decided").replace(
        '{"note":"材料齐全","pages":3}', '{"approved":true}'
    )
    assert second.hash == gmssl_sm3(expected_second + first.hash)


@pytest.mark.django_db
def test_the_canonical_form_is_the_same_after_a_round_trip_through_the_database() -> None:
    # given data that databases like to reformat: nested keys out of order (jsonb sorts them), non-ASCII,
    # dates and decimals, big and negative-zero floats (jsonb prints numbers its own way)
    data: dict[str, Any] = {
        "zeta": {"b": [1, True, None, "白云区"], "a": {"y": False, "x": -0.0}},
        "amount": Decimal("1234.50"),
        "due": dt.date(2026, 2, 14),
        "at": dt.datetime(2026, 2, 14, 8, 0, 5, 7, tzinfo=SHANGHAI),
        "ref": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "score": 4.5,
        "tiny": 1e-7,
        "huge": 1.2345678901234567e30,
        "count": 12345678901234567890,
        "emoji": '😀 "quoted" \\ tab\t',
        "1": "int-like key",
    }

    # when
    event = audit.record("system:test", "policy.paid", object_type="policies.payout", object_id="P-1", **data)
    reloaded = AuditEvent.objects.get(pk=event.pk)

    # then
    assert audit.canonical_form(reloaded) == audit.canonical_form(event)
    assert audit.compute_hash(reloaded, reloaded.prev_hash) == reloaded.hash
    assert reloaded.data["amount"] == "1234.50"
    assert reloaded.data["due"] == "2026-02-14"
    assert reloaded.data["ref"] == "12345678-1234-5678-1234-567812345678"
    assert reloaded.data["huge"] == 1234567890123456700000000000000
    assert reloaded.data["zeta"]["b"] == [1, True, None, "白云区"]
    assert reloaded.occurred_at == event.occurred_at


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [{"ratio": float("nan")}, {"ratio": float("inf")}, {"note": "a\x00b"}],
    ids=["nan", "infinity", "nul"],
)
def test_record_refuses_data_a_database_cannot_store_exactly_and_stores_nothing(data: dict) -> None:
    with pytest.raises(ValueError, match="审计数据不能包含"):
        audit.record("system:test", "case.accepted", **data)
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_record_refuses_an_object_id_longer_than_the_column() -> None:
    with pytest.raises(ValueError, match="审计事件的 object_id 超过 64 个字符"):
        audit.record("system:test", "case.accepted", object_type="cases.case", object_id="9" * 65)
    assert not AuditEvent.objects.exists()


# --- append-only in the ORM -------------------------------------------------------------------------


def _save_changed(event: AuditEvent) -> None:
    event.actor_label = "forged"
    event.save()


def _save_update_fields(event: AuditEvent) -> None:
    event.actor_label = "forged"
    event.save(update_fields=["actor_label"])


def _bulk_update(event: AuditEvent) -> None:
    event.actor_label = "forged"
    AuditEvent.objects.bulk_update([event], ["actor_label"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "attempt",
    [
        _save_changed,
        _save_update_fields,
        lambda event: event.delete(),
        lambda event: AuditEvent.objects.filter(pk=event.pk).update(actor_label="forged"),
        lambda event: AuditEvent.objects.filter(pk=event.pk).delete(),
        lambda event: AuditEvent.objects.all().delete(),
        _bulk_update,
        lambda event: AuditEvent.objects.update_or_create(pk=event.pk, defaults={"actor_label": "forged"}),
    ],
    ids=[
        "save",
        "save-update-fields",
        "delete",
        "queryset-update",
        "queryset-delete",
        "delete-all",
        "bulk-update",
        "update-or-create",
    ],
)
def test_changing_or_deleting_a_stored_event_through_the_orm_raises_and_changes_nothing(attempt) -> None:
    # given
    event, _ = record_some(2)
    before = stored(event.pk)

    # when
    with pytest.raises(AuditLogIsAppendOnly) as refusal:
        attempt(AuditEvent.objects.get(pk=event.pk))

    # then
    assert str(refusal.value).startswith("审计")
    assert "审计日志只能追加" in str(refusal.value)
    assert stored(event.pk) == before
    assert AuditEvent.objects.count() == 2
    assert audit.verify_chain().ok


@pytest.mark.django_db
@pytest.mark.parametrize(
    "attempt",
    [
        lambda: AuditEvent.objects.create(action="case.accepted", prev_hash="0" * 64, hash="1" * 64),
        lambda: AuditEvent.objects.bulk_create(
            [AuditEvent(action="case.accepted", prev_hash="0" * 64, hash="1" * 64)]
        ),
    ],
    ids=["create", "bulk-create"],
)
def test_adding_an_event_other_than_through_record_raises(attempt) -> None:
    with pytest.raises(AuditLogIsAppendOnly, match=r"audit\.record\(\)"):
        attempt()
    assert not AuditEvent.objects.exists()


# --- append-only in the database --------------------------------------------------------------------


@pytest.mark.django_db
def test_the_append_only_triggers_are_installed() -> None:
    assert audit.missing_database_guards() == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE core_auditevent SET actor_label = 'forged' WHERE id = %s",
        "DELETE FROM core_auditevent WHERE id = %s",
    ],
    ids=["update", "delete"],
)
def test_the_database_refuses_a_raw_update_or_delete_of_an_event(sql: str) -> None:
    # given (on SQLite only deleting from the front passes the trigger, so pick the middle event)
    _, middle, _ = record_some(3)
    before = stored(middle.pk)

    # when
    with pytest.raises(DatabaseError) as refusal, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [middle.pk])

    # then
    assert "审计日志只能追加" in str(refusal.value)
    assert stored(middle.pk) == before
    assert AuditEvent.objects.count() == 3


@pytest.mark.django_db
def test_on_postgresql_the_database_refuses_to_truncate_the_events_alone() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE and its statement trigger exist only on PostgreSQL")
    # given
    record_some(2)

    # when
    with pytest.raises(DatabaseError) as refusal, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE core_auditevent")

    # then
    assert "审计日志只能追加" in str(refusal.value)
    assert AuditEvent.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_full_reset_like_manage_py_flush_still_empties_the_log() -> None:
    # given
    record_some(3)

    # when (flush truncates every table in one statement on PostgreSQL, deletes oldest first on SQLite)
    call_command("flush", interactive=False, verbosity=0)

    # then
    assert not AuditEvent.objects.exists()
    assert not AuditChainHead.objects.exists()
    assert audit.missing_database_guards() == []


# --- verify_audit -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_verify_audit_says_ok_with_the_number_of_events() -> None:
    # given
    *_, last = record_some(5)

    # when
    call_command("verify_audit", stdout=(out := _Buffer()))

    # then
    assert "OK" in out.text
    assert "5 events" in out.text
    assert f"#{last.pk}" in out.text


@pytest.mark.django_db
def test_verify_audit_says_ok_for_an_empty_log() -> None:
    call_command("verify_audit", stdout=(out := _Buffer()))
    assert "OK" in out.text
    assert "no events" in out.text


@pytest.mark.django_db
def test_verify_audit_names_a_row_altered_directly_in_the_database() -> None:
    # given
    first, altered, last = record_some(3)
    with triggers_bypassed() as cursor:
        cursor.execute(
            "UPDATE core_auditevent SET actor_label = %s WHERE id = %s", ["system:rogue", altered.pk]
        )
    assert AuditEvent.objects.get(pk=altered.pk).actor_label == "system:rogue"

    # when
    message = verify_audit_fails()

    # then
    assert f"#{altered.pk} (case.accepted" in message
    assert "hash mismatch — the row was altered" in message
    assert message.startswith(f"Audit event #{altered.pk}")  # an operator's command speaks English
    report = audit.verify_chain()
    assert report.broken is not None
    assert (report.broken.event_id, report.broken.problem) == (altered.pk, "hash_mismatch")
    assert report.count == 1  # only the first event checked out


@pytest.mark.django_db
def test_verify_audit_names_the_event_after_a_row_altered_and_rehashed() -> None:
    # given a forger who also recomputes the altered row's own hash
    first, altered, after = record_some(3)
    forged = AuditEvent.objects.get(pk=altered.pk)
    forged.actor_label = "system:rogue"
    forged_hash = audit.compute_hash(forged, forged.prev_hash)
    with triggers_bypassed() as cursor:
        cursor.execute(
            "UPDATE core_auditevent SET actor_label = %s, hash = %s WHERE id = %s",
            ["system:rogue", forged_hash, altered.pk],
        )

    # when
    message = verify_audit_fails()

    # then
    assert f"#{after.pk}" in message
    assert f"prev_hash does not match event #{altered.pk}" in message


@pytest.mark.django_db
def test_verify_audit_names_the_event_after_a_deleted_one() -> None:
    # given
    first, deleted, after, _ = record_some(4)
    with triggers_bypassed() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [deleted.pk])

    # when
    message = verify_audit_fails()

    # then
    assert f"Audit event #{after.pk} (case.accepted" in message
    assert f"prev_hash does not match event #{first.pk} — an event was deleted or inserted" in message


@pytest.mark.django_db
def test_verify_audit_names_the_first_event_when_older_ones_were_deleted() -> None:
    # given (on SQLite deleting the oldest event passes the trigger; the chain still shows it)
    deleted, first_left, _ = record_some(3)
    with triggers_bypassed() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [deleted.pk])

    # when
    message = verify_audit_fails()

    # then
    assert f"#{first_left.pk}" in message
    assert "not the genesis hash" in message


@pytest.mark.django_db
def test_verify_audit_names_the_missing_head_event_when_the_newest_events_were_deleted() -> None:
    # given
    _, kept, deleted = record_some(3)
    with triggers_bypassed() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [deleted.pk])

    # when
    message = verify_audit_fails()

    # then
    assert f"Audit event #{deleted.pk} (named by the chain head) is missing" in message
    assert f"the chain ends at event #{kept.pk}" in message


@pytest.mark.django_db
def test_verify_audit_names_an_event_inserted_around_record() -> None:
    # given an event chained correctly to the last one, but inserted in SQL without moving the head
    *_, last = record_some(2)
    forged = AuditEvent(
        occurred_at=last.occurred_at,
        actor_label="system:rogue",
        action="case.revoked",
        data={},
        prev_hash=last.hash,
    )
    forged.hash = audit.compute_hash(forged, last.hash)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO core_auditevent (occurred_at, actor_label, action, object_type, object_id, data,"
            " prev_hash, hash) VALUES (%s, %s, %s, '', '', '{}', %s, %s)",
            [forged.occurred_at, forged.actor_label, forged.action, forged.prev_hash, forged.hash],
        )
    inserted = AuditEvent.objects.get(hash=forged.hash)

    # when
    message = verify_audit_fails()

    # then
    assert f"Audit event #{inserted.pk} (case.revoked" in message
    assert "not written by audit.record()" in message


@pytest.mark.django_db
def test_verify_chain_reads_in_batches_and_reports_progress() -> None:
    # given
    *_, last = record_some(7)
    seen: list[int] = []

    # when
    report = audit.verify_chain(batch_size=3, on_progress=seen.append)

    # then
    assert report.ok
    assert (report.count, report.last_event_id, report.last_hash) == (7, last.pk, last.hash)
    assert seen == [3, 6, 7]


@pytest.mark.django_db
def test_verify_audit_warns_when_the_triggers_are_switched_off() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("on SQLite a trigger cannot be switched off, only dropped")
    # given
    record_some(1)
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER USER")

    # when
    call_command("verify_audit", stdout=_Buffer(), stderr=(err := _Buffer()))

    # then
    assert "core_auditevent_append_only" in err.text
    assert "triggers are missing or disabled" in err.text


# --- concurrency ------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_threads_recording_at_once_on_postgresql_leave_one_unbroken_chain() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time; the head row lock is what PostgreSQL needs")
    # given
    start = threading.Barrier(2)
    failures: list[BaseException] = []

    def write(worker: str) -> None:
        from django.db import connection as thread_connection

        try:
            start.wait()
            for i in range(50):
                audit.record(f"system:{worker}", "case.accepted", object_type="cases.case", object_id=i)
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            failures.append(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=write, args=(name,)) for name in ("a", "b")]

    # when
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then
    assert failures == []
    report = audit.verify_chain()
    assert report.ok, report.message
    assert report.count == 100
    prev_hashes = list(AuditEvent.objects.values_list("prev_hash", flat=True))
    assert len(set(prev_hashes)) == 100  # no two events claim the same predecessor: no fork
    labels = list(AuditEvent.objects.values_list("actor_label", flat=True))
    assert labels.count("system:a") == labels.count("system:b") == 50


class _Buffer:
    """A minimal stdout/stderr for call_command that keeps what was written."""

    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass

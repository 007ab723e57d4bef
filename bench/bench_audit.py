"""Benchmark: recording audit events and verifying the hash chain.

Runs in a throwaway database (the test database of DATABASE_URL, on disk for SQLite), because the audit
log is append-only: events written into the real database could never be removed again.

The SM3 rows compare gmssl (pure Python, onego.core.sm3's fallback) with OpenSSL's SM3 through hashlib on
the same 300-byte message, the size of a typical canonical event, as the baseline.
"""

from __future__ import annotations

import hashlib
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

RECORDS = 2000
SM3_CALLS = 2000


def _row(name: str, n: int, seconds: float, **extra: Any) -> dict[str, Any]:
    return {
        "name": name,
        "n": n,
        "seconds": round(seconds, 4),
        "per_call_ms": round(seconds / n * 1000, 4),
        **extra,
    }


def _time_sm3() -> list[dict[str, Any]]:
    from onego.core.sm3 import sm3_hex_gmssl as sm3_hex

    message = ("x" * 300).encode()
    rows = []
    started = time.perf_counter()
    for _ in range(SM3_CALLS):
        sm3_hex(message)
    rows.append(_row("sm3.gmssl.300B", SM3_CALLS, time.perf_counter() - started))
    try:
        hashlib.new("sm3")
    except ValueError:
        return rows  # this OpenSSL build has no SM3
    assert hashlib.new("sm3", message).hexdigest() == sm3_hex(message)
    started = time.perf_counter()
    for _ in range(SM3_CALLS):
        hashlib.new("sm3", message).hexdigest()
    rows.append(_row("sm3.openssl_hashlib.300B (baseline)", SM3_CALLS, time.perf_counter() - started))
    return rows


def _time_audit(vendor: str) -> list[dict[str, Any]]:
    from onego.core import audit

    started = time.perf_counter()
    for i in range(RECORDS):
        audit.record(
            "system:bench",
            "case.accepted",
            object_type="cases.case",
            object_id=i,
            note="材料齐全，予以受理",
            materials=["居民身份证", "营业执照"],
            fee_fen=0,
        )
    recorded = time.perf_counter() - started
    started = time.perf_counter()
    report = audit.verify_chain()
    verified = time.perf_counter() - started
    if not report.ok or report.count != RECORDS:
        raise RuntimeError(report.message)
    per_event = verified / RECORDS
    return [
        _row("audit.record", RECORDS, recorded, db=vendor),
        _row(
            "audit.verify_chain",
            RECORDS,
            verified,
            db=vendor,
            projected_1m_events_seconds=round(per_event * 1_000_000),
        ),
    ]


def run() -> list[dict[str, Any]]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onego.config.settings")
    import django

    django.setup()
    from django.db import connection

    rows = _time_sm3()
    settings_dict = connection.settings_dict
    old_test_name = settings_dict["TEST"].get("NAME")
    old_db_name = settings_dict["NAME"]
    with tempfile.TemporaryDirectory(prefix="onego-bench-audit-") as tmp:
        if connection.vendor == "sqlite":
            settings_dict["TEST"]["NAME"] = str(Path(tmp) / "bench_audit.sqlite3")
        else:
            # Its own name: autoclobber must never drop a test database someone's pytest run is using.
            settings_dict["TEST"]["NAME"] = f"{settings_dict['NAME']}_bench_audit"
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
        try:
            rows += _time_audit(connection.vendor)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=False)
            settings_dict["TEST"]["NAME"] = old_test_name
            connection.close()
            settings_dict["NAME"] = old_db_name
    return rows


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    print(
        f"{platform.node()} {platform.processor() or platform.machine()} {os.cpu_count()} cores,"
        f" Python {platform.python_version()}"
    )
    for result in run():
        print(result)

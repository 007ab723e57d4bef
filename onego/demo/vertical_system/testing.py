"""Serve the stand-in for a test, a benchmark or a demo script, and look into it from outside its pages.

    with running(slow_pages={2: 1.5}, expire_after_requests=7) as standin:
        robot.run(standin.base_url, standin.username, standin.password)
        assert standin.results()["BY2026Q3-0001"]["receipt"].startswith("HZ")

The server runs on 127.0.0.1 in a background thread with its own sqlite3 file in a temporary directory, loaded
from `build_world(claims, seed)`; everything is removed when the block ends. The control methods read and change
that file directly, as a tester with database access to the real system would.
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from onego.demo.subsidy_world import World, build_world
from onego.demo.vertical_system import store
from onego.demo.vertical_system.app import Faults, StandInApp
from onego.demo.vertical_system.server import serve


@dataclass
class StandIn:
    """A running stand-in: where it is, how to log in, and the control API the tests use."""

    base_url: str
    username: str
    password: str
    db_path: Path
    app: StandInApp
    world: World

    @property
    def faults(self) -> Faults:
        return self.app.faults

    def results(self) -> dict[str, dict[str, Any]]:
        """The audited claims: external_id → result ("1" 审核通过 / "2" 审核不通过), amount, opinion, receipt."""
        with store.opened(self.db_path) as conn:
            rows = conn.execute(
                "SELECT * FROM claims WHERE status != '待审核' ORDER BY submitted_on, id"
            ).fetchall()
        return {
            row["external_id"]: {
                "result": row["audit_result"],
                "result_text": row["status"],
                "amount_fen": row["audit_amount_fen"],
                "opinion": row["audit_opinion"],
                "receipt": row["receipt"],
                "audited_at": row["audited_at"],
            }
            for row in rows
        }

    def pending(self) -> list[str]:
        """External ids still 待审核, in the order the list pages show them."""
        with store.opened(self.db_path) as conn:
            rows = conn.execute(
                "SELECT external_id FROM claims WHERE status = '待审核' ORDER BY submitted_on, id"
            ).fetchall()
        return [row[0] for row in rows]

    def claim(self, external_id: str) -> dict[str, Any]:
        """The stored claim row (amount, 最后修改时间, status …) as the system holds it now."""
        with store.opened(self.db_path) as conn:
            row = store.claim_by_external_id(conn, external_id)
        if row is None:
            raise KeyError(external_id)
        return dict(row)

    def touch(self, external_id: str) -> str:
        """Someone changes the claim behind the robot's back (amount +100.00 yuan); the new 最后修改时间."""
        with store.opened(self.db_path) as conn, store.immediate(conn):
            return store.touch(conn, external_id)

    def expire_sessions(self) -> None:
        """Every session dies now: the next page any robot opens sends it to the login page."""
        with store.opened(self.db_path) as conn:
            store.end_all_sessions(conn)

    def audit_count(self, external_id: str) -> int:
        """How many audits were written for the claim (idempotent robots leave exactly one)."""
        with store.opened(self.db_path) as conn:
            row = conn.execute(
                "SELECT count(*) FROM audits JOIN claims ON claims.id = audits.claim_id WHERE external_id = ?",
                (external_id,),
            ).fetchone()
        return int(row[0])

    def slept(self, page: int) -> int:
        """How many times the server slept for a slow list page."""
        with self.faults.lock:
            return self.faults.sleeps.get(page, 0)

    def set_faults(
        self,
        *,
        slow_pages: Mapping[int, float] | None = None,
        expire_after_requests: int | None = None,
        idle_seconds: float | None = None,
    ) -> None:
        """Change the faults while it runs (a request-count expiry armed here fires once, again)."""
        with self.faults.lock:
            if slow_pages is not None:
                self.faults.slow_pages = dict(slow_pages)
            self.faults.expire_after_requests = expire_after_requests
            self.faults.expired_by_count = 0
            if idle_seconds is not None:
                self.faults.idle_seconds = idle_seconds


@contextmanager
def running(
    *,
    claims: int = 20,
    seed: int = 2026,
    slow_pages: Mapping[int, float] | None = None,
    expire_after_requests: int | None = None,
    port: int = 0,
    idle_seconds: float = 1800.0,
) -> Iterator[StandIn]:
    """Serve a fresh stand-in loaded with `build_world(claims, seed)` for the length of the block."""
    world = build_world(claims=claims, seed=seed)
    with tempfile.TemporaryDirectory(prefix="onego-standin-") as tmp:
        db_path = Path(tmp) / "vertical_system.sqlite3"
        store.load(db_path, world, seed=seed)
        faults = Faults(
            slow_pages=dict(slow_pages or {}),
            expire_after_requests=expire_after_requests,
            idle_seconds=idle_seconds,
        )
        app = StandInApp(db_path, faults=faults, world=world)
        server = serve(app, "127.0.0.1", port)
        thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="standin-server", daemon=True
        )
        thread.start()
        try:
            yield StandIn(
                base_url=f"http://127.0.0.1:{server.server_port}",
                username=store.DEFAULT_USERNAME,
                password=store.DEFAULT_PASSWORD,
                db_path=db_path,
                app=app,
                world=world,
            )
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=10)

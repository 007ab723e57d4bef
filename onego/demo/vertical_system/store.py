"""The stand-in system's own sqlite3 file: claims, persons, files, audits, sessions, login tokens.

Separate from OneGo's database on purpose — the robots may only reach it through its web pages, as they would
reach a provincial system. One connection per request (the server is threaded); WAL lets readers run beside
the one writer, and writes that must not race (an audit) run in `BEGIN IMMEDIATE`.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from onego.demo.subsidy_world import SCHEMES, World

CHINA = timezone(timedelta(hours=8), "CST")  # the provincial system shows Beijing time; China has no DST
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
DEFAULT_USERNAME = "robot01"
DEFAULT_PASSWORD = "Standin@2026"  # a demo stand-in on a loopback port; printed by the CLI

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users (username TEXT PRIMARY KEY, salt TEXT NOT NULL, password_hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS claims (
    id INTEGER PRIMARY KEY,
    external_id TEXT NOT NULL UNIQUE,
    scheme TEXT NOT NULL,
    scheme_name TEXT NOT NULL,
    enterprise_code TEXT NOT NULL,
    enterprise_name TEXT NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    amount_fen INTEGER NOT NULL,
    person_count INTEGER NOT NULL,
    submitted_on TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT '待审核',
    modified_at TEXT NOT NULL,
    audit_result TEXT NOT NULL DEFAULT '',
    audit_amount_fen INTEGER,
    audit_opinion TEXT NOT NULL DEFAULT '',
    receipt TEXT NOT NULL DEFAULT '',
    audited_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS claims_pending ON claims (status, submitted_on, id);
CREATE TABLE IF NOT EXISTS persons (
    claim_id INTEGER NOT NULL REFERENCES claims (id),
    seq INTEGER NOT NULL,
    name TEXT NOT NULL,
    id_number TEXT NOT NULL,
    category TEXT NOT NULL,
    months INTEGER NOT NULL,
    amount_fen INTEGER NOT NULL,
    PRIMARY KEY (claim_id, seq)
);
CREATE TABLE IF NOT EXISTS files (
    id INTEGER PRIMARY KEY,
    claim_id INTEGER NOT NULL REFERENCES claims (id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    content BLOB
);
CREATE TABLE IF NOT EXISTS audits (
    id INTEGER PRIMARY KEY,
    claim_id INTEGER NOT NULL REFERENCES claims (id),
    at TEXT NOT NULL,
    result TEXT NOT NULL,
    amount_fen INTEGER NOT NULL,
    opinion TEXT NOT NULL,
    receipt TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    token TEXT NOT NULL,
    created REAL NOT NULL,
    last_seen REAL NOT NULL,
    requests INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS login_tokens (token TEXT PRIMARY KEY, issued REAL NOT NULL);
"""

RESULT_TEXT = {"1": "审核通过", "2": "审核不通过"}


@dataclass(frozen=True)
class Session:
    id: str
    username: str
    token: str
    last_seen: float
    requests: int


def now_text() -> str:
    return datetime.now(CHINA).strftime(TIME_FORMAT)


def connect(path: Path) -> sqlite3.Connection:
    """A connection for one request: autocommit mode (transactions are explicit), WAL, a busy timeout."""
    conn = sqlite3.connect(path, timeout=10, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA busy_timeout=10000")
    return conn


@contextmanager
def opened(path: Path) -> Iterator[sqlite3.Connection]:
    conn = connect(path)
    try:
        yield conn
    finally:
        conn.close()


@contextmanager
def immediate(conn: sqlite3.Connection) -> Iterator[None]:
    """A write transaction that takes the database's write lock first, so two writers cannot interleave."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _hash(password: str, salt: str) -> str:
    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), 100_000).hex()


def is_loaded(path: Path) -> bool:
    if not path.exists():
        return False
    with opened(path) as conn:
        conn.executescript(SCHEMA)
        return conn.execute("SELECT count(*) FROM claims").fetchone()[0] > 0


def load(
    path: Path,
    world: World,
    *,
    seed: int,
    username: str = DEFAULT_USERNAME,
    password: str = DEFAULT_PASSWORD,
) -> None:
    """Create the file (emptied first) and fill it with the world's claims as 待审核, and the one demo user.

    `seed` is kept with the size so the attachments can be drawn later from the same (deterministic) world.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    with opened(path) as conn:
        conn.executescript(SCHEMA)
    with opened(path) as conn, immediate(conn):
        salt = secrets.token_hex(8)
        conn.execute("INSERT INTO users VALUES (?, ?, ?)", (username, salt, _hash(password, salt)))
        conn.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [("claims", str(len(world.claims))), ("seed", str(seed))],
        )
        for n, claim in enumerate(world.claims, start=1):
            # A fixed, deterministic time of day for the last change: the day it was filed, office hours.
            seconds = 9 * 3600 + (n * 7919) % (8 * 3600)
            modified = datetime(
                claim.submitted_on.year, claim.submitted_on.month, claim.submitted_on.day, tzinfo=CHINA
            ) + timedelta(seconds=seconds)
            cursor = conn.execute(
                "INSERT INTO claims (external_id, scheme, scheme_name, enterprise_code, enterprise_name,"
                " period_start, period_end, amount_fen, person_count, submitted_on, modified_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    claim.external_id,
                    claim.scheme,
                    SCHEMES[claim.scheme],
                    claim.enterprise_code,
                    claim.enterprise_name,
                    claim.period_start.isoformat(),
                    claim.period_end.isoformat(),
                    claim.amount_fen,
                    len(claim.persons),
                    claim.submitted_on.isoformat(),
                    modified.strftime(TIME_FORMAT),
                ),
            )
            claim_id = cursor.lastrowid
            conn.executemany(
                "INSERT INTO persons VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (claim_id, seq, p.name, p.id_number, p.category, p.months_claimed, p.amount_fen)
                    for seq, p in enumerate(claim.persons, start=1)
                ],
            )
            conn.executemany(
                "INSERT INTO files (claim_id, position, name) VALUES (?, ?, ?)",
                [(claim_id, position, a.name) for position, a in enumerate(claim.attachments)],
            )


def check_password(conn: sqlite3.Connection, username: str, password: str) -> bool:
    row = conn.execute("SELECT salt, password_hash FROM users WHERE username = ?", (username,)).fetchone()
    if row is None:
        _hash(password, "no-such-user")  # the same work either way
        return False
    return secrets.compare_digest(_hash(password, row["salt"]), row["password_hash"])


# -- login tokens and sessions -----------------------------------------------------------------------------


def issue_login_token(conn: sqlite3.Connection, now: float) -> str:
    token = secrets.token_hex(16)
    conn.execute("DELETE FROM login_tokens WHERE issued < ?", (now - 3600,))
    conn.execute("INSERT INTO login_tokens VALUES (?, ?)", (token, now))
    return token


def use_login_token(conn: sqlite3.Connection, token: str) -> bool:
    """A login form's token is good once: the stand-in, like its originals, refuses a replayed form."""
    return conn.execute("DELETE FROM login_tokens WHERE token = ?", (token,)).rowcount == 1


def open_session(conn: sqlite3.Connection, username: str, now: float) -> Session:
    session = Session(secrets.token_hex(16).upper(), username, secrets.token_hex(12), now, 0)
    conn.execute(
        "INSERT INTO sessions VALUES (?, ?, ?, ?, ?, 0)",
        (session.id, session.username, session.token, now, now),
    )
    return session


def find_session(conn: sqlite3.Connection, session_id: str) -> Session | None:
    row = conn.execute("SELECT * FROM sessions WHERE id = ?", (session_id,)).fetchone()
    if row is None:
        return None
    return Session(row["id"], row["username"], row["token"], row["last_seen"], row["requests"])


def count_request(conn: sqlite3.Connection, session_id: str, now: float) -> None:
    conn.execute("UPDATE sessions SET requests = requests + 1, last_seen = ? WHERE id = ?", (now, session_id))


def end_session(conn: sqlite3.Connection, session_id: str) -> None:
    conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,))


def end_all_sessions(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM sessions")


# -- claims ------------------------------------------------------------------------------------------------


def pending_page(conn: sqlite3.Connection, page: int, per_page: int) -> tuple[list[sqlite3.Row], int]:
    """One page of the 待审核 claims, oldest first, and how many there are."""
    total = conn.execute("SELECT count(*) FROM claims WHERE status = '待审核'").fetchone()[0]
    rows = conn.execute(
        "SELECT * FROM claims WHERE status = '待审核' ORDER BY submitted_on, id LIMIT ? OFFSET ?",
        (per_page, (page - 1) * per_page),
    ).fetchall()
    return rows, int(total)


def claim_by_id(conn: sqlite3.Connection, claim_id: int) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute("SELECT * FROM claims WHERE id = ?", (claim_id,)).fetchone()
    return row


def claim_by_external_id(conn: sqlite3.Connection, external_id: str) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM claims WHERE external_id = ?", (external_id,)
    ).fetchone()
    return row


def persons_of(conn: sqlite3.Connection, claim_id: int) -> list[sqlite3.Row]:
    return conn.execute("SELECT * FROM persons WHERE claim_id = ? ORDER BY seq", (claim_id,)).fetchall()


def files_of(conn: sqlite3.Connection, claim_id: int) -> list[sqlite3.Row]:
    return conn.execute(
        "SELECT id, claim_id, position, name FROM files WHERE claim_id = ? ORDER BY position", (claim_id,)
    ).fetchall()


def file_by_id(conn: sqlite3.Connection, file_id: int) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute("SELECT * FROM files WHERE id = ?", (file_id,)).fetchone()
    return row


def keep_file_content(conn: sqlite3.Connection, file_id: int, content: bytes) -> None:
    conn.execute("UPDATE files SET content = ? WHERE id = ? AND content IS NULL", (content, file_id))


def next_receipt(conn: sqlite3.Connection, day: str) -> str:
    """回执号: "HZ", the day (8 digits) and a 4-digit serial of that day — 12 digits, unique."""
    prefix = "HZ" + day.replace("-", "")
    count = conn.execute("SELECT count(*) FROM audits WHERE receipt LIKE ?", (prefix + "%",)).fetchone()[0]
    return f"{prefix}{count + 1:04d}"


def record_audit(
    conn: sqlite3.Connection, claim_id: int, version: str, result: str, amount_fen: int, opinion: str
) -> str | None:
    """Audit a 待审核 claim whose last change is still `version`; the receipt, or None if it moved meanwhile.

    Runs inside the caller's immediate transaction: the status and version are checked in the UPDATE itself,
    so two submits at once produce one audit.
    """
    at = now_text()
    receipt = next_receipt(conn, at[:10])
    status = RESULT_TEXT[result]
    updated = conn.execute(
        "UPDATE claims SET status = ?, audit_result = ?, audit_amount_fen = ?, audit_opinion = ?, receipt = ?,"
        " audited_at = ?, modified_at = ? WHERE id = ? AND status = '待审核' AND modified_at = ?",
        (status, result, amount_fen, opinion, receipt, at, at, claim_id, version),
    ).rowcount
    if updated != 1:
        return None
    conn.execute(
        "INSERT INTO audits (claim_id, at, result, amount_fen, opinion, receipt) VALUES (?, ?, ?, ?, ?, ?)",
        (claim_id, at, result, amount_fen, opinion, receipt),
    )
    return receipt


def touch(conn: sqlite3.Connection, external_id: str, delta_fen: int = 10_000) -> str:
    """Change a claim behind the robot's back: its amount (and its first person's) and its last-change time."""
    row = claim_by_external_id(conn, external_id)
    if row is None:
        raise KeyError(external_id)
    modified = datetime.strptime(row["modified_at"], TIME_FORMAT).replace(tzinfo=CHINA)
    stamp = max(datetime.now(CHINA).replace(microsecond=0), modified + timedelta(seconds=1)).strftime(
        TIME_FORMAT
    )
    conn.execute(
        "UPDATE claims SET amount_fen = amount_fen + ?, modified_at = ? WHERE id = ?",
        (delta_fen, stamp, row["id"]),
    )
    conn.execute(
        "UPDATE persons SET amount_fen = amount_fen + ? WHERE claim_id = ? AND seq = 1",
        (delta_fen, row["id"]),
    )
    return stamp

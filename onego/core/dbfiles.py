"""The embedded SQLite database holds every case and personal record: its files are readable by the service
account only (0600), whatever the umask of the process that created them (docs/security.md
"Production hardening (prod)")."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

#: The database, its write-ahead log and shared-memory index.
SQLITE_SUFFIXES = ("", "-wal", "-shm", "-journal")


def restrict_sqlite_files(sender: Any, connection: Any, **kwargs: Any) -> None:
    """connection_created receiver: chmod 0600 the files of a new SQLite connection (no-op elsewhere)."""
    if connection.vendor != "sqlite":
        return
    name = _database_file(connection)
    if not name:  # in memory
        return
    for suffix in SQLITE_SUFFIXES:
        path = Path(name + suffix)
        try:
            if path.exists() and (path.stat().st_mode & 0o777) != 0o600:
                os.chmod(path, 0o600)
        except OSError:  # removed meanwhile or owned by another account: nothing to tighten here
            continue


def _database_file(connection: Any) -> str:
    """The file the open connection really uses (PRAGMA database_list; "" in memory)."""
    try:
        rows = connection.connection.execute("PRAGMA database_list").fetchall()
    except Exception:  # the connection went away: the next one tightens the files
        return ""
    for _seq, db_name, path in rows:
        if db_name == "main":
            return str(path or "")
    return ""

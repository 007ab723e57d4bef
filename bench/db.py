"""The throwaway PostgreSQL database of a data generator (bench/gen_cases.py, bench/gen_policies.py): its URL and
the guard on its name, dropping and recreating it, the schema and the demo data through Django, the bulk-load
helpers around COPY (secondary indexes dropped and rebuilt, text escaped) and the final VACUUM ANALYZE.

Every generator DROPS the database it is given; `bench_url` refuses any name without "bench" in it, so none of
this ever touches a real database.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent


def bench_url(explicit: str | None, *, env: str, default_db: str, generator: str) -> str:
    """The throwaway database's URL: `explicit`, $`env`, or $DATABASE_URL with its database renamed
    `default_db`. Exits when there is no PostgreSQL URL or the database's name does not contain "bench"."""
    url = explicit or os.environ.get(env)
    if not url:
        base = os.environ.get("DATABASE_URL", "")
        if not base.startswith(("postgres://", "postgresql://")):
            raise SystemExit(f"{generator} needs PostgreSQL: set DATABASE_URL=postgres://… or --database-url")
        url = urlunparse(urlparse(base)._replace(path="/" + default_db))
    name = database_name(url)
    if "bench" not in name:
        raise SystemExit(f"refusing to drop {name!r}: the benchmark database's name must contain 'bench'")
    return url


def database_name(url: str) -> str:
    return urlparse(url).path.lstrip("/")


def conninfo(url: str, dbname: str | None = None) -> str:
    """`url` as psycopg takes it, optionally naming another database on the same server."""
    parts = urlparse(url)
    if dbname is not None:
        parts = parts._replace(path="/" + dbname)
    return urlunparse(parts._replace(scheme="postgresql"))


def recreate_database(url: str) -> None:
    """Drop the database of `url` (closing its connections) and create it empty."""
    import psycopg

    name = database_name(url)
    with psycopg.connect(conninfo(url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(url: str) -> None:
    """Point Django at `url`, migrate and load the demo (`seed_demo`: departments, users, catalogue, policies)."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onego.config.settings")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)


def drop_secondary_indexes(conn: Any, tables: tuple[str, ...]) -> list[str]:
    """Drop the secondary (non-constraint) indexes of `tables` before a bulk load; return their definitions, to
    be executed again after it."""
    rows = conn.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = ANY(%s) AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
        [list(tables)],
    ).fetchall()
    for name, _ in rows:
        conn.execute(f'DROP INDEX "{name}"')
    return [definition for _, definition in rows]


def copy_text(value: Any) -> str:
    """A value as a cell of COPY's text format (backslashes escaped; tabs and newlines never reach a cell)."""
    return str(value).replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")


def vacuum_analyze(url: str) -> float:
    """VACUUM ANALYZE the whole database after the load; returns the seconds it took."""
    import psycopg

    started = time.perf_counter()
    with psycopg.connect(conninfo(url), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    return time.perf_counter() - started

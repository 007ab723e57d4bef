"""Serve the stand-in provincial system from the command line (`make run` starts it on port 8100).

    python -m onego.demo.vertical_system --port 8100 --db var/vertical_system.sqlite3 [--reset] [--claims 20]

Operator output is English. Without --reset an existing file is served as it is (audits kept); a missing or
empty file is loaded with the default world. Ctrl-C stops it.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from onego.demo.subsidy_world import build_world
from onego.demo.vertical_system import store
from onego.demo.vertical_system.app import Faults, StandInApp
from onego.demo.vertical_system.server import serve


def _slow_page(text: str) -> tuple[int, float]:
    page, _, seconds = text.partition("=")
    try:
        return int(page), float(seconds)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected PAGE=SECONDS, got {text!r}") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m onego.demo.vertical_system",
        description="A stand-in for a provincial subsidy system (demo only; a real deployment points the "
        "robots at the real system).",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--db", type=Path, default=Path("var/vertical_system.sqlite3"))
    parser.add_argument("--reset", action="store_true", help="empty the file and load a fresh world")
    parser.add_argument("--claims", type=int, default=20, help="claims in a freshly loaded world")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--password", default=store.DEFAULT_PASSWORD, help="the demo user's password (on load)"
    )
    parser.add_argument(
        "--slow-page",
        type=_slow_page,
        action="append",
        default=[],
        metavar="PAGE=SECONDS",
        help="make a list page slow, e.g. 2=3",
    )
    parser.add_argument("--expire-after-requests", type=int, default=None, metavar="K")
    parser.add_argument("--idle-seconds", type=float, default=1800.0)
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stdout)
    if args.reset or not store.is_loaded(args.db):
        store.load(
            args.db, build_world(claims=args.claims, seed=args.seed), seed=args.seed, password=args.password
        )
        print(f"Loaded {args.claims} pending claims (seed {args.seed}) into {args.db}", flush=True)
    faults = Faults(
        slow_pages=dict(args.slow_page),
        expire_after_requests=args.expire_after_requests,
        idle_seconds=args.idle_seconds,
    )
    server = serve(StandInApp(args.db, faults=faults), args.host, args.port)
    print(
        f"Stand-in provincial subsidy system (a demo stand-in, not a real system) on "
        f"http://{args.host}:{server.server_port}/login.do\n"
        f"Demo login: user {store.DEFAULT_USERNAME!r}, password {args.password!r} (as loaded)\n"
        f"Data: {args.db}. Ctrl-C stops it.",
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("Stopped.", flush=True)
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Run every benchmark in bench/ and print its numbers with the machine they ran on.

Each module `bench/bench_*.py` exposes `run() -> list[dict]`; each row has at least `name`, `n`, `seconds`.
Benchmarks are never timed tests: they measure and print, and the numbers go to docs/performance.md.
"""

from __future__ import annotations

import importlib
import json
import os
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onego.config.settings")


def machine() -> dict[str, object]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from django.db import connection

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "database": connection.vendor,
        "platform": platform.platform(),
    }


def main(argv: list[str]) -> int:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed_holidays", verbosity=0)
    only = set(argv[1:])
    print("machine:", json.dumps(machine(), ensure_ascii=False))
    results = []
    for path in sorted((ROOT / "bench").glob("bench_*.py")):
        name = path.stem
        if only and name not in only:
            continue
        module = importlib.import_module(f"bench.{name}")
        for row in module.run():
            results.append(row)
            print(json.dumps(row, ensure_ascii=False))
    out = ROOT / "var" / "bench-results.json"
    out.write_text(json.dumps({"machine": machine(), "results": results}, ensure_ascii=False, indent=2))
    print(f"written: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

"""Benchmark: the capture robot's throughput against the stand-in subsidy system (claims per minute).

A stand-in (onego.demo.vertical_system.testing.running) is served with 100 pending claims; the capture robot
of onego.demo.robot_scripts reads every claim (list pages, record, persons, every attachment) in Chromium and
hands it to a sink that only counts. Rows:

- baseline: the same pages and files fetched by a plain HTTP client (urllib, no browser, no parsing beyond a
  regular expression for the links) — what the stand-in itself costs;
- robot, no rate limit: the robot as fast as the stand-in and Chromium allow;
- robot, rate limited: the robot at a polite RATE_PER_MINUTE page loads a minute, as a deployment would run it.

Each row projects the time 8,000 claims would take, the seed's anchor (8,000 claims pre-reviewed in the 10
days after launch, seed case 7). The stand-in draws each attachment on its first download and keeps it, so a
warm-up pass fetches everything once before anything is timed. Runs in a throwaway database (like
bench_audit): the robot's ledgers and run logs are written and dropped.
"""

from __future__ import annotations

import http.cookiejar
import os
import platform
import re
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

CLAIMS = 100
RATE_PER_MINUTE = 600
ANCHOR_CLAIMS = 8000
ANCHOR_DAYS = 10


def _row(name: str, claims: int, seconds: float, **extra: Any) -> dict[str, Any]:
    per_minute = claims / seconds * 60 if seconds else 0.0
    return {
        "name": name,
        "n": claims,
        "seconds": round(seconds, 2),
        "claims_per_minute": round(per_minute, 1),
        "anchor_8000_claims_hours": round(ANCHOR_CLAIMS / per_minute / 60, 2) if per_minute else None,
        "anchor_needs_claims_per_minute": round(ANCHOR_CLAIMS / (ANCHOR_DAYS * 8 * 60), 2),  # 8-hour days
        **extra,
    }


def _plain_http_pass(base_url: str, username: str, password: str) -> tuple[int, int]:
    """Log in, list every page, open every claim and download every file, with urllib. (claims, requests)"""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    base = base_url.rstrip("/") + "/"
    login = opener.open(base + "login.do").read().decode("gbk")
    token = re.search(r'name="token" value="([^"]*)"', login)
    form = {"userName": username, "passWord": password, "token": token.group(1) if token else ""}
    page = opener.open(base + "login.do", urllib.parse.urlencode(form).encode()).read().decode("gbk")
    requests = 2
    views: list[str] = []
    while True:
        views += re.findall(r'href="(claimView\.do\?id=\d+)"', page)
        nxt = re.search(r'<a href="(claims\.do\?page=\d+)">下一页</a>', page)
        if not nxt:
            break
        page = opener.open(base + nxt.group(1)).read().decode("gbk")
        requests += 1
    for view in views:
        record = opener.open(base + view).read().decode("gbk")
        requests += 1
        for file_link in re.findall(r'href="(download\.do\?fileId=\d+)"', record):
            opener.open(base + file_link).read()
            requests += 1
    return len(views), requests


def _time_robot(standin: Any, department: Any, *, rate: int) -> tuple[float, int, int]:
    from onego.demo.robot_scripts import SINK, seed_robots
    from onego.robots import extensions, runner, services
    from onego.robots.models import CapturedItem, Robot

    counted: list[str] = []

    def sink(record: Any) -> str:
        counted.append(record.external_id)
        return record.external_id

    extensions.register_sink(SINK, sink)
    capture, _ = seed_robots(standin.base_url, standin.username, standin.password, department=department)
    Robot.objects.filter(pk=capture.pk).update(rate_per_minute=rate)
    CapturedItem.objects.all().delete()  # every run captures all claims afresh
    run = services.start_run(capture.pk, actor=None)
    started = time.perf_counter()
    status = runner.run(run.pk)
    seconds = time.perf_counter() - started
    run.refresh_from_db()
    if status not in ("succeeded",) or len(counted) != CLAIMS:
        raise RuntimeError(f"capture run {status}: {run.error} ({len(counted)} of {CLAIMS} claims)")
    return seconds, len(counted), run.steps.count()


def _bench(vendor: str) -> list[dict[str, Any]]:
    from onego.accounts.models import Department
    from onego.core.identifiers import make_credit_code
    from onego.demo.vertical_system.testing import running

    department = Department.objects.create(
        name="基准测试就业服务中心", credit_code=make_credit_code("11440111000000099")
    )
    rows: list[dict[str, Any]] = []
    with running(claims=CLAIMS) as standin:
        _plain_http_pass(standin.base_url, standin.username, standin.password)  # warm-up: draws every file
        started = time.perf_counter()
        claims, requests = _plain_http_pass(standin.base_url, standin.username, standin.password)
        rows.append(
            _row(
                "robots.capture.plain_http (baseline)",
                claims,
                time.perf_counter() - started,
                requests=requests,
            )
        )
        seconds, claims, steps = _time_robot(standin, department, rate=0)
        rows.append(_row("robots.capture.chromium.no_rate_limit", claims, seconds, steps=steps, db=vendor))
        seconds, claims, steps = _time_robot(standin, department, rate=RATE_PER_MINUTE)
        rows.append(
            _row(
                f"robots.capture.chromium.rate_{RATE_PER_MINUTE}_per_minute",
                claims,
                seconds,
                steps=steps,
                db=vendor,
                page_loads_at_most_per_minute=RATE_PER_MINUTE,
            )
        )
    return rows


def run() -> list[dict[str, Any]]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onego.config.settings")
    import django

    django.setup()
    from django.db import connection

    settings_dict = connection.settings_dict
    old_test_name = settings_dict["TEST"].get("NAME")
    old_db_name = settings_dict["NAME"]
    with tempfile.TemporaryDirectory(prefix="onego-bench-robots-") as tmp:
        if connection.vendor == "sqlite":
            settings_dict["TEST"]["NAME"] = str(Path(tmp) / "bench_robots.sqlite3")
        else:
            # Its own name: autoclobber must never drop a test database someone's pytest run is using.
            settings_dict["TEST"]["NAME"] = f"{settings_dict['NAME']}_bench_robots"
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
        try:
            from django.conf import settings

            settings.MEDIA_ROOT = str(Path(tmp) / "media")  # failure screenshots, if any, go away with it
            return _bench(connection.vendor)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=False)
            settings_dict["TEST"]["NAME"] = old_test_name
            connection.close()
            settings_dict["NAME"] = old_db_name


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    print(
        f"{platform.node()} {platform.processor() or platform.machine()} {os.cpu_count()} cores,"
        f" Python {platform.python_version()}"
    )
    for result in run():
        print(result)

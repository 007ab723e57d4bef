"""The runner: one robot run in Chromium, from login to the last item, with every step logged.

`run(run_id)` is what the Celery task calls. It claims the run (one at a time per robot), opens Chromium with
Playwright's sync API, and works the robot's script phases:

- capture: "login", then "list" (every pending item over the pages), then for each item "item" (open the
  record, read its fields and tables); the fingerprint (sha256 of the canonical JSON of the fields) decides:
  the same as last time → skipped and counted, nothing fetched or sunk; new or changed → "attachments"
  (download) and the registered sink, inside one transaction with the ledger;
- write-back: "login", then for each order of the registered source "item" (open and read the record as the
  capture did); a result already shown is read back (written before: done); another fingerprint than the one
  decided on → mismatch, a person must look; else "write" (fill the result form, submit, expect the receipt)
  and "read_back" (open the record again and check it shows what was typed), then written.

An item that fails after its retries is stored with a screenshot and the page's HTML and the run goes on with
the next one. The kill switch is asked before every step.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connections
from django.db.models import Max
from django.utils import timezone

from onego.robots import services
from onego.robots.extensions import (
    CapturedRecord,
    UnknownChannel,
    WriteBackOrder,
    fingerprint_of,
    get_sink,
    get_writeback_source,
)
from onego.robots.models import ItemStatus, RobotKind, RobotRun, RunStatus, RunStep, WriteBackStatus
from onego.robots.script import (
    Context,
    ExpectationFailed,
    Interpreter,
    Limits,
    LoginRefused,
    ReadBackMismatch,
    ScriptError,
    SessionExpiredDuringSubmit,
    StepFailed,
    Stopped,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page

logger = logging.getLogger(__name__)

DEFAULT_CHROMIUM = "/usr/bin/chromium"
# Chromium on a machine without the internet: no calls home, no sandbox inside a container's worker.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
# A written result is read back after this many item attempts at most (a submit is never repeated blindly).
ITEM_ATTEMPTS = 2


def chromium_path() -> str:
    return str(
        getattr(settings, "ONEGO_CHROMIUM", "") or os.environ.get("ONEGO_CHROMIUM") or DEFAULT_CHROMIUM
    )


@contextlib.contextmanager
def orm_beside_playwright() -> Iterator[Callable[[], None]]:
    """Playwright's sync API keeps an asyncio loop running in this thread while our code runs. Django then
    (1) refuses ORM calls, and (2) hands out connections per async context — a second connection that does
    not see the run's own transaction. Our code is synchronous (the loop only waits for the browser), so the
    guard is lifted for the run, and the yielded `share()` — called once the loop runs — puts this thread's
    connections into the loop's context, so the run keeps one connection."""
    outer = {alias: connections[alias] for alias in connections}
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    def share() -> None:
        for alias, wrapper in outer.items():
            connections[alias] = wrapper

    try:
        yield share
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@contextlib.contextmanager
def chromium_page() -> Iterator[Page]:
    """A fresh headless Chromium page (no shared cookies), Simplified Chinese as a clerk's browser would be."""
    from playwright.sync_api import sync_playwright

    with orm_beside_playwright() as share, sync_playwright() as pw:
        share()
        browser = pw.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
            yield context.new_page()
        finally:
            browser.close()


class RunLog:
    """Writes each step as a RunStep row as it happens, so the run's page shows the log while it runs."""

    def __init__(self, run: RobotRun) -> None:
        self.run = run
        self.seq = RunStep.objects.filter(run=run).aggregate(m=Max("seq"))["m"] or 0

    def step(self, action: str, detail: str, url: str, outcome: str, ms: int) -> None:
        self.seq += 1
        RunStep.objects.create(
            run=self.run,
            seq=self.seq,
            action=action[:30],
            detail=detail[:500],
            url=url[:500],
            outcome=outcome,
            ms=ms,
            at=timezone.now(),
        )


PageFactory = Callable[[], contextlib.AbstractContextManager[Any]]


def run(
    run_id: int,
    *,
    page_factory: PageFactory = chromium_page,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> str:
    """Claim and work the run; returns its final status (or "" when it was not ours to run)."""
    robot_run = services.claim_run(run_id)
    if robot_run is None:
        return ""
    robot = robot_run.robot
    started: list[Interpreter] = []

    def describe(exc: BaseException) -> str:
        text = _describe(exc)
        return started[0].scrub(text) if started else text

    try:
        with page_factory() as page:
            interpreter = _interpreter(robot_run, page, clock=clock, sleep=sleep)
            started.append(interpreter)
            if robot.kind == RobotKind.CAPTURE:
                _capture(robot_run, interpreter)
            else:
                _writeback(robot_run, interpreter)
    except Stopped:
        return services.finish_run(
            robot_run, status=RunStatus.STOPPED, error="Stopped by the kill switch between two steps."
        ).status
    except (StepFailed, LoginRefused, ExpectationFailed, ScriptError, UnknownChannel) as exc:
        error = describe(exc)
        logger.warning("Robot run %s failed: %s", run_id, error)
        return services.finish_run(robot_run, status=RunStatus.FAILED, error=error).status
    except Exception as exc:  # a browser that will not start, a crash in a sink: the run says so, not a 500
        logger.error("Robot run %s failed unexpectedly: %s", run_id, describe(exc))
        return services.finish_run(robot_run, status=RunStatus.FAILED, error=describe(exc)).status
    return services.finish_run(robot_run).status


def _interpreter(
    robot_run: RobotRun, page: Page, *, clock: Callable[[], float], sleep: Callable[[float], None]
) -> Interpreter:
    robot = robot_run.robot
    system = robot.system
    script = robot.script if isinstance(robot.script, dict) else {}

    def credential() -> tuple[str, str]:
        cred = system.credential
        return cred.username, cred.secret()

    return Interpreter(
        page,
        base_url=system.base_url,
        limits=Limits(
            rate_per_minute=robot.rate_per_minute,
            max_retries=robot.max_retries,
            backoff_seconds=robot.backoff_seconds,
            timeout_seconds=robot.timeout_seconds,
        ),
        log=RunLog(robot_run),
        credential=credential,
        login_steps=list(script.get("login", [])),
        expired=dict(script.get("session_expired", {})),
        should_stop=lambda: not services.is_enabled(robot.pk),
        clock=clock,
        sleep=sleep,
    )


def _phase(robot_run: RobotRun, name: str) -> list[dict[str, Any]]:
    script = robot_run.robot.script if isinstance(robot_run.robot.script, dict) else {}
    steps = script.get(name, [])
    if not isinstance(steps, list):
        raise ScriptError(f"phase {name!r} is not a list of steps")
    return steps


def _login(robot_run: RobotRun, interpreter: Interpreter) -> None:
    interpreter.run(_phase(robot_run, "login"), Context())


def _list_items(robot_run: RobotRun, interpreter: Interpreter) -> list[dict[str, str]]:
    ctx = interpreter.run(_phase(robot_run, "list"), Context())
    items = ctx.vars.get("items", [])
    return [dict(item) for item in items]


def _key(robot_run: RobotRun) -> str:
    script = robot_run.robot.script if isinstance(robot_run.robot.script, dict) else {}
    return str(script.get("key", "external_id"))


def _fail_item(robot_run: RobotRun, interpreter: Interpreter, external_id: str, exc: Exception) -> None:
    """Keep what the robot saw when the item failed: a screenshot and the page's HTML."""
    screenshot, html = _snapshot(interpreter.page)
    attempts = exc.attempts if isinstance(exc, StepFailed) else 1
    services.record_item(
        robot_run,
        external_id,
        ItemStatus.FAILED,
        attempts=attempts,
        error=interpreter.scrub(_describe(exc)),
        screenshot=screenshot,
        html=html,
    )


def _snapshot(page: Page) -> tuple[bytes | None, str | None]:
    try:
        screenshot = page.screenshot(full_page=True, timeout=10_000)
    except Exception:
        screenshot = None
    try:
        html = page.content()
    except Exception:
        html = None
    return screenshot, html


def _describe(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}"
    return text[:2000]


# --- capture -------------------------------------------------------------------------------------------------


def _capture(robot_run: RobotRun, interpreter: Interpreter) -> None:
    robot = robot_run.robot
    sink = get_sink(robot.channel)
    _login(robot_run, interpreter)
    try:
        items = _list_items(robot_run, interpreter)
    except StepFailed as exc:
        _fail_item(robot_run, interpreter, "", exc)
        raise
    key = _key(robot_run)
    if robot_run.only_external_id:
        items = [i for i in items if i.get(key) == robot_run.only_external_id]
    services.set_total(robot_run, len(items))
    for item in items:
        external_id = item.get(key, "")
        try:
            _capture_one(robot_run, interpreter, item, external_id, sink)
        except (Stopped, LoginRefused, ScriptError):
            raise
        except (StepFailed, ExpectationFailed) as exc:
            _fail_item(robot_run, interpreter, external_id, exc)
        except Exception as exc:  # the sink refused the record: the item fails, the others go on
            logger.warning("Capture of %s failed in the sink", external_id, exc_info=True)
            services.record_item(robot_run, external_id, ItemStatus.FAILED, error=_describe(exc))


def _capture_one(
    robot_run: RobotRun, interpreter: Interpreter, item: dict[str, str], external_id: str, sink: Any
) -> None:
    system = robot_run.robot.system
    ctx = Context({"item": item, "fields": {}})
    interpreter.run(_phase(robot_run, "item"), ctx)
    fields = ctx.vars.get("fields", {})
    fingerprint = fingerprint_of(fields)
    if services.captured_unchanged(system, external_id, fingerprint):
        services.record_item(robot_run, external_id, ItemStatus.SKIPPED, error="")
        return
    record_url = interpreter.page.url
    interpreter.run(_phase(robot_run, "attachments"), ctx)
    record = CapturedRecord(
        system=system.key,
        external_id=external_id,
        fields=fields,
        fingerprint=fingerprint,
        attachments=tuple(ctx.vars.get("attachments", [])),
    )
    reference, sunk = services.sink_captured(
        robot_run, record, sink_name=robot_run.robot.channel, sink=sink, url=record_url
    )
    services.record_item(
        robot_run, external_id, ItemStatus.DONE if sunk else ItemStatus.SKIPPED, reference=reference
    )


# --- write-back ----------------------------------------------------------------------------------------------


def _writeback(robot_run: RobotRun, interpreter: Interpreter) -> None:
    robot = robot_run.robot
    source = get_writeback_source(robot.channel)
    orders = list(source.pending(robot.system.key))
    if robot_run.only_external_id:
        orders = [o for o in orders if o.external_id == robot_run.only_external_id]
    services.set_total(robot_run, len(orders))
    if not orders:
        return
    _login(robot_run, interpreter)
    urls: dict[str, str] | None = None
    for order in orders:
        wb = services.prepare_writeback(robot_run, order, source=robot.channel)
        if wb.status == WriteBackStatus.WRITTEN:
            services.heal_written(wb, order, written=source.written)
            services.record_item(robot_run, order.external_id, ItemStatus.SKIPPED, reference=wb.receipt)
            continue
        if wb.status == WriteBackStatus.MISMATCH:
            services.record_item(
                robot_run,
                order.external_id,
                ItemStatus.SKIPPED,
                error="Waiting for a person to resolve the mismatch.",
            )
            continue
        url = (
            robot.system.captured_items.filter(external_id=order.external_id)
            .values_list("url", flat=True)
            .first()
        )
        if not url:
            if urls is None:
                urls = {
                    i.get(_key(robot_run), ""): i.get("href", "") for i in _list_items(robot_run, interpreter)
                }
            url = urls.get(order.external_id, "")
        if not url:
            services.writeback_mismatch(
                robot_run,
                wb,
                found_fingerprint="",
                reason="The record is not among the system's pending items.",
            )
            services.record_item(
                robot_run, order.external_id, ItemStatus.MISMATCH, error="not pending in the system"
            )
            continue
        try:
            _writeback_one(robot_run, interpreter, wb, order, url, source.written)
        except (Stopped, LoginRefused, ScriptError):
            raise
        except (StepFailed, ExpectationFailed, ReadBackMismatch) as exc:
            services.writeback_failed(wb, error=_describe(exc))
            _fail_item(robot_run, interpreter, order.external_id, exc)


def _writeback_one(
    robot_run: RobotRun,
    interpreter: Interpreter,
    wb: Any,
    order: WriteBackOrder,
    url: str,
    written: Any,
) -> None:
    attempt = 0
    while True:
        attempt += 1
        services.writeback_attempted(wb)
        ctx = Context({"item": {"url": url, "href": url}, "order": _order_vars(order), "fields": {}})
        interpreter.run(_phase(robot_run, "item"), ctx)
        # written before (a run that died after the submit, or a submit that timed out): read it back
        if _has_result(robot_run, interpreter):
            try:
                interpreter.run(_read_back_here(robot_run), ctx)
            except ReadBackMismatch as exc:
                services.writeback_mismatch(
                    robot_run,
                    wb,
                    found_fingerprint=fingerprint_of(ctx.vars["fields"]),
                    reason=f"Already decided: {exc}",
                )
                services.record_item(robot_run, order.external_id, ItemStatus.MISMATCH, error=str(exc))
                return
            _written(robot_run, wb, order, str(ctx.vars.get("receipt", "")), written, attempt)
            return
        found = fingerprint_of(ctx.vars.get("fields", {}))
        same = found == wb.expected_fingerprint
        interpreter.log.step(
            "compare",
            f"read {found[:12]}…, decided on {wb.expected_fingerprint[:12]}…: {'same' if same else 'changed'}",
            interpreter.page.url,
            "ok" if same else "failed",
            0,
        )
        if not same:
            services.writeback_mismatch(
                robot_run, wb, found_fingerprint=found, reason="The record changed since it was decided."
            )
            services.record_item(
                robot_run,
                order.external_id,
                ItemStatus.MISMATCH,
                error="the record reads differently than decided",
            )
            return
        try:
            interpreter.run(_phase(robot_run, "write"), ctx)
        except SessionExpiredDuringSubmit:
            if attempt >= ITEM_ATTEMPTS:
                raise
            continue  # reopen and look: the submit may or may not have gone through
        except ExpectationFailed as exc:
            if exc.code == "stale":
                services.writeback_mismatch(
                    robot_run,
                    wb,
                    found_fingerprint="",
                    reason="The system says the record was changed by someone else.",
                )
                services.record_item(robot_run, order.external_id, ItemStatus.MISMATCH, error=str(exc))
                return
            if exc.code == "already_done" and attempt < ITEM_ATTEMPTS:
                continue  # reopen: the result section is read back above
            raise
        interpreter.run(_phase(robot_run, "read_back"), ctx)
        _written(robot_run, wb, order, str(ctx.vars.get("receipt", "")), written, attempt)
        return


def _written(
    robot_run: RobotRun, wb: Any, order: WriteBackOrder, receipt: str, written: Any, attempts: int
) -> None:
    services.writeback_written(robot_run, wb, order, receipt=receipt, written=written)
    services.record_item(robot_run, order.external_id, ItemStatus.DONE, attempts=attempts, reference=receipt)


def _order_vars(order: WriteBackOrder) -> dict[str, Any]:
    return {"external_id": order.external_id, "reference": order.reference, "values": dict(order.values)}


def _has_result(robot_run: RobotRun, interpreter: Interpreter) -> bool:
    script = robot_run.robot.script if isinstance(robot_run.robot.script, dict) else {}
    marker = script.get("result_marker", "")
    return bool(marker) and interpreter.page.query_selector(marker) is not None


def _read_back_here(robot_run: RobotRun) -> list[dict[str, Any]]:
    """The read-back phase without reopening the page (it is already open)."""
    return [{k: v for k, v in step.items() if k != "url"} for step in _phase(robot_run, "read_back")]

"""The step interpreter: runs a robot's declared steps in a Playwright page, as a clerk would click them.

A script is data, not code. It is a JSON object of *phases*, each a list of steps; the runner (runner.py)
decides which phase runs when (log in, list the pending items, work one item), and the steps say what to do
on the pages:

    {"do": "open", "url": "/claims.do?page=1"}
    {"do": "login", "url": "/login.do", "fill": {"input[name=userName]": "{username}",
        "input[name=passWord]": "{password}"}, "submit": "input[type=submit]", "refused_text": "用户名或密码错误"}
    {"do": "fill" | "search", "fill": {selector: template, ...}, "submit": selector}   (search also clicks)
    {"do": "click", "selector": "a.next"}
    {"do": "each_page", "table": "table.tb_list", "next": "a:text-is('下一页')", "key": "申报编号",
        "link": "申报编号", "into": "items", "count_pattern": "共\\s*(\\d+)\\s*条"}
    {"do": "read_fields", "table": "table.tb_form", "into": "fields"}      label → value pairs
    {"do": "read_table", "table": "table.tb_list", "into": "fields.persons"}
    {"do": "open_record", "url": "{item.href}"}
    {"do": "download", "links": "a[href*='download.do']", "into": "attachments", "label_pattern": "^([^-]+)-"}
    {"do": "fill_form", "form": "form[action='claimAudit.do']", "values": "{order.values}"}
    {"do": "submit", "selector": "form input[type=submit]"}
    {"do": "expect_text", "any": ["操作成功"], "refused": {"已审核": "already_done"},
        "capture": {"receipt": "回执号：\\s*(HZ\\d{12})"}}
    {"do": "read_back", "url": "{item.url}", "table": "table.tb_result", "expect": {"审核意见": "{order...}"},
        "receipt": "回执号"}

Templates ("{item.href}", "{order.values}") are looked up in the run's context; "{username}" and
"{password}" come from the credential only when typed, and a step's logged detail keeps the placeholder, so a
secret never reaches RunStep.detail or a log line.

Every page load (and every attachment fetched) waits for the rate limit, detects the system's session-expired
page and logs in again transparently (a "relogin" step in the log), and every step is retried with exponential
back-off on timeouts and navigation errors up to the robot's `max_retries`; then `StepFailed` carries the
error and the runner stores a screenshot and the page's HTML. `submit` is never retried by the interpreter — a
timed-out POST may have gone through — the runner re-reads the record instead. Before every step the kill
switch is asked.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urljoin

from onego.robots.extensions import Attachment

if TYPE_CHECKING:
    from playwright.sync_api import Page

Clock = Callable[[], float]
Sleeper = Callable[[float], None]

ACTIONS = frozenset(
    {
        "open",
        "login",
        "fill",
        "search",
        "click",
        "each_page",
        "read_fields",
        "read_table",
        "open_record",
        "download",
        "fill_form",
        "submit",
        "expect_text",
        "read_back",
    }
)
# Steps whose retry could repeat an effect in the system: the runner re-reads the record instead.
NOT_RETRIED = frozenset({"submit"})
SECRET_PLACEHOLDERS = ("{username}", "{password}")
MAX_RELOGINS_PER_LOAD = 2
MAX_PAGES = 1000
ERROR_PAGE_WAIT_MS = 3000
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][\w.]*)\}")


class ScriptError(Exception):
    """The script itself is wrong (unknown step, missing key): a run stops, nothing is retried."""


class Stopped(Exception):
    """The kill switch was turned off; the run stops between two steps."""


class LoginRefused(Exception):
    """The system refused the credential: retrying would only lock the account."""


class SessionExpiredDuringSubmit(Exception):
    """A submitted form met the session-expired page: the runner re-reads the record before anything else."""


class ExpectationFailed(Exception):
    """A page did not say what the step expected; `code` names the refusal the script declared, if any."""

    def __init__(self, message: str, code: str = "") -> None:
        super().__init__(message)
        self.code = code


class ReadBackMismatch(Exception):
    """What the system shows after writing differs from what was typed."""

    def __init__(self, differences: dict[str, tuple[str, str]]) -> None:
        super().__init__(
            "; ".join(
                f"{label}: expected {want!r}, shows {got!r}" for label, (want, got) in differences.items()
            )
        )
        self.differences = differences


class StepFailed(Exception):
    """A step failed after its retries; `attempts` counts them all."""

    def __init__(self, action: str, error: BaseException, attempts: int) -> None:
        super().__init__(f"{action} failed after {attempts} attempt(s): {error}")
        self.action = action
        self.error = error
        self.attempts = attempts


class StepLog(Protocol):
    """Where the interpreter reports each step (RunStep rows in production, a list in tests)."""

    def step(self, action: str, detail: str, url: str, outcome: str, ms: int) -> None: ...


@dataclass
class Limits:
    """A robot's pace and patience."""

    rate_per_minute: int = 30  # page loads per minute; 0 = no limit
    max_retries: int = 3
    backoff_seconds: float = 2.0
    timeout_seconds: float = 15.0


class RateLimiter:
    """Spaces page loads at least 60/rate seconds apart. The clock and the sleeper are injectable so a test
    counts the waits instead of timing them."""

    def __init__(
        self, per_minute: int, *, clock: Clock = time.monotonic, sleep: Sleeper = time.sleep
    ) -> None:
        self.interval = 60.0 / per_minute if per_minute > 0 else 0.0
        self.clock = clock
        self.sleep = sleep
        self.last: float | None = None
        self.waits: list[float] = []

    def wait(self) -> None:
        now = self.clock()
        if self.interval and self.last is not None:
            gap = self.last + self.interval - now
            if gap > 0:
                self.waits.append(gap)
                self.sleep(gap)
                now = self.clock()
        self.last = now


@dataclass
class Context:
    """What the steps read and write: `vars` holds named values ("items", "fields", "order", "item")."""

    vars: dict[str, Any] = field(default_factory=dict)

    def get(self, path: str) -> Any:
        value: Any = self.vars
        for part in path.split("."):
            if isinstance(value, dict) and part in value:
                value = value[part]
            else:
                raise ScriptError(f"no value at {path!r}")
        return value

    def put(self, path: str, value: Any) -> None:
        parts = path.split(".")
        target = self.vars
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        target[parts[-1]] = value


def normalise_text(value: str) -> str:
    """Whitespace folded, full-width colon and spaces dropped at the ends: how labels and values compare."""
    return re.sub(r"\s+", " ", value.replace("\u3000", " ")).strip().rstrip("：:").strip()


def same_value(expected: str, shown: str) -> bool:
    """Values compare as numbers when both are numbers ("12000" = "12,000.00"), else as folded text."""
    a, b = normalise_text(expected), normalise_text(shown)
    if a == b:
        return True
    try:
        return Decimal(a.replace(",", "")) == Decimal(b.replace(",", ""))
    except InvalidOperation:
        return False


_ROWS_JS = """
(table) => Array.from(table.rows).filter(r => r.closest('table') === table).map(r =>
    Array.from(r.cells).map(c => {
        const a = c.querySelector('a[href]');
        return {text: (c.innerText || '').trim(), href: a ? a.href : ''};
    }))
"""


class Interpreter:
    """Runs steps in one page. `credential` returns (username, password) when a login types them."""

    def __init__(
        self,
        page: Page,
        *,
        base_url: str,
        limits: Limits,
        log: StepLog,
        credential: Callable[[], tuple[str, str]],
        login_steps: list[dict[str, Any]] | None = None,
        expired: dict[str, str] | None = None,
        should_stop: Callable[[], bool] = lambda: False,
        clock: Clock = time.monotonic,
        sleep: Sleeper = time.sleep,
    ) -> None:
        self.page = page
        self.base_url = base_url.rstrip("/") + "/"
        self.limits = limits
        self.log = log
        self.credential = credential
        self.login_steps = login_steps or []
        self.expired = expired or {}
        self.should_stop = should_stop
        self.clock = clock
        self.sleep = sleep
        self.rate = RateLimiter(limits.rate_per_minute, clock=clock, sleep=sleep)
        self.page_loads = 0
        self.relogins = 0
        self._in_login = False
        self._typed_secrets: set[str] = set()
        page.set_default_timeout(limits.timeout_seconds * 1000)

    # -- running -----------------------------------------------------------------------------------------

    def run(self, steps: list[dict[str, Any]], ctx: Context) -> Context:
        for step in steps:
            self.run_step(step, ctx)
        return ctx

    def run_step(self, step: dict[str, Any], ctx: Context) -> Any:
        """One step with the kill switch asked first and retries with back-off on browser errors."""
        action = step.get("do", "")
        if action not in ACTIONS:
            raise ScriptError(f"unknown step {action!r}")
        if self.should_stop():
            raise Stopped(action)
        from playwright.sync_api import Error as PlaywrightError

        retries = 0 if action in NOT_RETRIED else self.limits.max_retries
        attempt = 0
        while True:
            attempt += 1
            started = self.clock()
            try:
                result = getattr(self, f"_do_{action}")(step, ctx)
            except PlaywrightError as exc:  # TimeoutError is a subclass: timeouts and navigation errors
                ms = self._ms_since(started)
                if attempt > retries:
                    self.log.step(action, self._detail(step, str(exc)), self._url(), "failed", ms)
                    raise StepFailed(action, exc, attempt) from exc
                self.log.step(action, self._detail(step, _first_line(str(exc))), self._url(), "retried", ms)
                self.sleep(self.limits.backoff_seconds * (2 ** (attempt - 1)))
                self._settle(str(exc))
                if self.should_stop():
                    raise Stopped(action) from exc
                continue
            except (ExpectationFailed, ReadBackMismatch, LoginRefused, SessionExpiredDuringSubmit) as exc:
                self.log.step(
                    action, self._detail(step, str(exc)), self._url(), "failed", self._ms_since(started)
                )
                raise
            self.log.step(action, self._detail(step), self._url(), "ok", self._ms_since(started))
            return result

    # -- pages -------------------------------------------------------------------------------------------

    def absolute(self, url: str) -> str:
        return urljoin(self.base_url, url.lstrip("/") if not url.startswith(("http:", "https:")) else url)

    def load(self, url: str) -> None:
        """Go to `url` at the robot's pace; on the session-expired page, log in again and go back."""
        target = self.absolute(url)
        for _ in range(MAX_RELOGINS_PER_LOAD + 1):
            self._goto(target)
            if not self.session_expired():
                return
            self.relogin()
        raise ExpectationFailed(f"still logged out after {MAX_RELOGINS_PER_LOAD} logins", "session_lost")

    def _goto(self, url: str) -> None:
        self.rate.wait()
        self.page_loads += 1
        self.page.goto(url, wait_until="load", timeout=self.limits.timeout_seconds * 1000)

    def session_expired(self) -> bool:
        if self._in_login or not self.expired:
            return False
        marker_url = self.expired.get("url_contains", "")
        if marker_url and marker_url in self.page.url:
            return True
        marker_text = self.expired.get("text", "")
        return bool(marker_text) and marker_text in self._body_text()

    def relogin(self) -> None:
        """Log in again with the script's login phase; counted as a "relogin" step in the run's log."""
        started = self.clock()
        self.relogins += 1
        self.run(self.login_steps, Context())
        self.log.step(
            "relogin", "session expired; logged in again", self._url(), "ok", self._ms_since(started)
        )

    def _body_text(self) -> str:
        try:
            return self.page.inner_text("body", timeout=self.limits.timeout_seconds * 1000)
        except Exception:  # a page without a body (a download, an error page) has no marker
            return ""

    # -- the steps ---------------------------------------------------------------------------------------

    def _do_open(self, step: dict[str, Any], ctx: Context) -> None:
        self.load(str(self._resolve(step["url"], ctx)))

    _do_open_record = _do_open

    def _do_login(self, step: dict[str, Any], ctx: Context) -> None:
        self._in_login = True
        try:
            if step.get("url"):
                self._goto(self.absolute(str(step["url"])))
            self._fill(step.get("fill", {}), ctx)
            self._click_and_wait(step["submit"])
        finally:
            self._in_login = False
        refused = step.get("refused_text", "")
        if refused and refused in self._body_text():
            raise LoginRefused(refused)

    def _do_fill(self, step: dict[str, Any], ctx: Context) -> None:
        before = self.page.url
        self._fill(step.get("fill", {}), ctx)
        if step.get("submit"):
            self._click_and_wait(step["submit"])
            if self.session_expired():  # log in, come back, and do it once more
                self.relogin()
                self.load(before)
                self._fill(step.get("fill", {}), ctx)
                self._click_and_wait(step["submit"])

    _do_search = _do_fill

    def _do_click(self, step: dict[str, Any], ctx: Context) -> None:
        before = self.page.url
        self._click_and_wait(step["selector"])
        if self.session_expired():
            self.relogin()
            self.load(before)
            self._click_and_wait(step["selector"])

    def _do_each_page(self, step: dict[str, Any], ctx: Context) -> list[dict[str, str]]:
        """Read the table on this page and every next page; rows keyed by `key` (later pages never repeat
        an item a shift of the list moved onto them)."""
        rows: dict[str, dict[str, str]] = {}
        pages = 0
        announced: int | None = None
        while True:
            pages += 1
            for row in self._read_rows(step["table"], links=step.get("link", "")):
                key = row.get(step.get("key", ""), "") or str(len(rows))
                rows.setdefault(key, row)
            pattern = step.get("count_pattern")
            if pattern and announced is None:
                match = re.search(pattern, self._body_text())
                announced = int(match.group(1)) if match else None
            nxt = self.page.query_selector(step["next"]) if step.get("next") else None
            href = nxt.get_attribute("href") if nxt else None
            if not href or pages >= int(step.get("max_pages", MAX_PAGES)):
                break
            self.load(urljoin(self.page.url, href))
        items = list(rows.values())
        ctx.put(step.get("into", "items"), items)
        if announced is not None and announced != len(items):
            self.log.step(
                "each_page", f"the list announces {announced} items, {len(items)} read", self._url(), "ok", 0
            )
        return items

    def _do_read_fields(self, step: dict[str, Any], ctx: Context) -> dict[str, str]:
        values = self.read_fields(step["table"])
        into = step.get("into", "fields")
        existing = ctx.vars.get(into) if "." not in into else None
        if isinstance(existing, dict):
            existing.update(values)
        else:
            ctx.put(into, values)
        return values

    def read_fields(self, table: str) -> dict[str, str]:
        """Label → value from a label/value table: cells pair up left to right in every row."""
        values: dict[str, str] = {}
        for cells in self._table_cells(table):
            texts = [c["text"] for c in cells]
            for label, value in zip(texts[0::2], texts[1::2], strict=False):
                label = normalise_text(label)
                if label:
                    values[label] = normalise_text(value)
        return values

    def _do_read_table(self, step: dict[str, Any], ctx: Context) -> list[dict[str, str]]:
        rows = self._read_rows(step["table"], links=step.get("link", ""))
        ctx.put(step.get("into", "rows"), rows)
        return rows

    def _read_rows(self, table: str, *, links: str = "") -> list[dict[str, str]]:
        """Rows of a data table whose first row holds the headers (in <td> as often as in <th>); rows with
        another number of cells (captions, paging lines) are not data. `links` names the column whose link
        is kept as "href"."""
        cells = self._table_cells(table)
        if not cells:
            return []
        headers = [normalise_text(c["text"]) for c in cells[0]]
        rows = []
        for row in cells[1:]:
            if len(row) != len(headers):
                continue
            record = {h: normalise_text(c["text"]) for h, c in zip(headers, row, strict=True)}
            if links and links in headers:
                record["href"] = row[headers.index(links)]["href"]
            rows.append(record)
        return rows

    def _table_cells(self, table: str) -> list[list[dict[str, str]]]:
        handle = self.page.wait_for_selector(table, state="attached")
        if handle is None:
            raise ExpectationFailed(f"no table {table!r}", "element_missing")
        result: list[list[dict[str, str]]] = handle.evaluate(_ROWS_JS)
        return result

    def _do_download(self, step: dict[str, Any], ctx: Context) -> list[Attachment]:
        """Fetch every linked file with the page's session; an expired session (the login page instead of
        a file) logs in again and fetches once more."""
        label_pattern = re.compile(step.get("label_pattern", r"^(.+?)-"))
        links = [
            (normalise_text(a.inner_text()), a.get_attribute("href") or "")
            for a in self.page.query_selector_all(step["links"])
        ]
        files: list[Attachment] = []
        for name, href in links:
            if not href:
                continue
            url = urljoin(self.page.url, href)
            body, content_type = self._fetch(url)
            match = label_pattern.search(name)
            files.append(
                Attachment(
                    name=name, content_type=content_type, content=body, label=match.group(1) if match else ""
                )
            )
        ctx.put(step.get("into", "attachments"), files)
        return files

    def _fetch(self, url: str) -> tuple[bytes, str]:
        for _ in range(MAX_RELOGINS_PER_LOAD + 1):
            self.rate.wait()
            self.page_loads += 1
            response = self.page.context.request.get(url, timeout=self.limits.timeout_seconds * 1000)
            content_type = response.headers.get("content-type", "application/octet-stream").split(";")[0]
            if response.ok and not self._expired_response(response.url, content_type, response):
                return response.body(), content_type
            if not response.ok:
                raise ExpectationFailed(f"download {url} answered {response.status}", "download_failed")
            self.relogin()
        raise ExpectationFailed(f"still logged out after {MAX_RELOGINS_PER_LOAD} logins", "session_lost")

    def _expired_response(self, url: str, content_type: str, response: Any) -> bool:
        if not self.expired or content_type != "text/html":
            return False
        marker_url = self.expired.get("url_contains", "")
        if marker_url and marker_url in url:
            return True
        marker_text = self.expired.get("text", "")
        return bool(marker_text) and marker_text in response.text()

    def _do_fill_form(self, step: dict[str, Any], ctx: Context) -> dict[str, str]:
        """Type `values` (control name → text) into the form's controls; a select takes an option's value
        or its label. The labels of chosen options are kept under "labels" for the read-back."""
        form = step["form"]
        values = self._resolve(step["values"], ctx)
        if not isinstance(values, dict):
            raise ScriptError("fill_form needs a mapping of values")
        labels: dict[str, str] = {}
        for name, value in values.items():
            control = f"{form} [name={_css_string(name)}]"
            handle = self.page.wait_for_selector(control, state="attached")
            if handle is None:
                raise ExpectationFailed(f"no control {name!r}", "element_missing")
            tag = str(handle.evaluate("e => e.tagName")).lower()
            if tag == "select":
                options: list[dict[str, str]] = handle.evaluate(
                    "e => Array.from(e.options).map(o => ({value: o.value, label: o.text.trim()}))"
                )
                chosen = next((o for o in options if o["value"] == str(value)), None) or next(
                    (o for o in options if normalise_text(o["label"]) == normalise_text(str(value))), None
                )
                if chosen is None:
                    raise ExpectationFailed(f"{name!r} has no option {value!r}", "option_missing")
                self.page.select_option(control, value=chosen["value"])
                labels[name] = normalise_text(chosen["label"])
            else:
                self.page.fill(control, str(value))
                labels[name] = str(value)
        ctx.put("labels", labels)
        return labels

    def _do_submit(self, step: dict[str, Any], ctx: Context) -> None:
        self._click_and_wait(step["selector"])
        if self.session_expired():
            self.relogin()
            raise SessionExpiredDuringSubmit("the session expired while submitting")

    def _do_expect_text(self, step: dict[str, Any], ctx: Context) -> dict[str, str]:
        text = self._body_text()
        for marker, code in step.get("refused", {}).items():
            if marker in text:
                raise ExpectationFailed(f"the system answered: {marker}", code)
        wanted = step.get("any", [])
        if wanted and not any(w in text for w in wanted):
            raise ExpectationFailed(f"none of {wanted!r} on the page", "unexpected_page")
        captured: dict[str, str] = {}
        for name, pattern in step.get("capture", {}).items():
            match = re.search(pattern, text)
            if match is None:
                raise ExpectationFailed(f"{name} not found on the page", "capture_missing")
            captured[name] = match.group(1)
            ctx.put(name, match.group(1))
        return captured

    def _do_read_back(self, step: dict[str, Any], ctx: Context) -> dict[str, str]:
        """Open the record again and check that it shows what was written; keeps what it shows under
        "read_back" and the receipt under "receipt"."""
        if step.get("url"):
            self.load(str(self._resolve(step["url"], ctx)))
        shown = self.read_fields(step["table"])
        ctx.put("read_back", shown)
        differences = {}
        for label, spec in step.get("expect", {}).items():
            want = self._expected(spec, ctx)
            if want is None:
                continue
            got = shown.get(normalise_text(label), "")
            if not same_value(want, got):
                differences[label] = (want, got)
        receipt_label = step.get("receipt", "")
        if receipt_label:
            receipt = shown.get(receipt_label, "")
            if not receipt:
                differences[receipt_label] = ("…", "")
            ctx.put("receipt", receipt)
        if differences:
            raise ReadBackMismatch(differences)
        return shown

    def _expected(self, spec: Any, ctx: Context) -> str | None:
        """An expectation is a template, or {"value": template, "map": {value: shown text}, "optional":
        true} when the system shows a label for a code (option "1" shows as 审核通过)."""
        if not isinstance(spec, dict):
            return str(self._resolve(spec, ctx))
        try:
            value = str(self._resolve(spec["value"], ctx))
        except ScriptError:
            if spec.get("optional"):
                return None
            raise
        return str(spec.get("map", {}).get(value, value))

    def _settle(self, error: str) -> None:
        """After a network error Chromium goes on to commit its own error page; a retry that starts meanwhile
        is "interrupted by another navigation". Wait (briefly) for that page before retrying."""
        if "net::ERR_" not in error:
            return
        with contextlib.suppress(Exception):  # no error page came: nothing to wait for
            self.page.wait_for_url(lambda url: url.startswith("chrome-error://"), timeout=ERROR_PAGE_WAIT_MS)

    # -- helpers -----------------------------------------------------------------------------------------

    def _fill(self, fill: dict[str, str], ctx: Context) -> None:
        for selector, template in fill.items():
            self.page.fill(selector, self._resolve_secret(str(template), ctx))

    def _click_and_wait(self, selector: str) -> None:
        self.rate.wait()
        self.page_loads += 1
        with self.page.expect_navigation(wait_until="load", timeout=self.limits.timeout_seconds * 1000):
            self.page.click(selector)

    def _resolve_secret(self, template: str, ctx: Context) -> str:
        if template in SECRET_PLACEHOLDERS:
            username, password = self.credential()
            if password:
                self._typed_secrets.add(password)
            return username if template == "{username}" else password
        return str(self._resolve(template, ctx))

    def _resolve(self, template: Any, ctx: Context) -> Any:
        """A whole-string placeholder gives the value itself (a dict stays a dict); placeholders inside a
        string are replaced by text."""
        if not isinstance(template, str):
            return template
        whole = _PLACEHOLDER.fullmatch(template)
        if whole:
            return ctx.get(whole.group(1))
        return _PLACEHOLDER.sub(lambda m: str(ctx.get(m.group(1))), template)

    def _detail(self, step: dict[str, Any], note: str = "") -> str:
        """What the log keeps of a step: its declared form (templates, never resolved secrets)."""
        shown = {k: v for k, v in step.items() if k != "do"}
        text = ", ".join(f"{k}={_short(v)}" for k, v in shown.items())
        if note:
            text = f"{text} — {note}" if text else note
        return self.scrub(text)[:500]

    def scrub(self, text: str) -> str:
        """Blank out any secret this interpreter typed, should a browser message ever echo one."""
        for secret in self._typed_secrets:
            text = text.replace(secret, "***")
        return text

    def _url(self) -> str:
        try:
            return self.page.url[:500]
        except Exception:
            return ""

    def _ms_since(self, started: float) -> int:
        return max(0, int((self.clock() - started) * 1000))


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _first_line(text: str) -> str:
    return text.splitlines()[0] if text else text


def _css_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'

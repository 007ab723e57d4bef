"""The stand-in's WSGI application: login, the pending list, record pages, downloads and the result form.

It behaves like the legacy systems the robots must cope with: a one-time login token, a JSESSIONID cookie,
sessions that die when idle (or, as a fault for tests, after K requests), pages that are sometimes slow, and a
result form that refuses a second submit and a stale version. Faults are set on `Faults` by the control API
(`testing.py`) or the CLI; what the faults did is counted in `Faults` so tests can assert it without timing.

Stdlib only (and the demo world for the attachments): never Django.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from http.cookies import CookieError, SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote

from onego.demo.subsidy_world import World, build_world, render_document
from onego.demo.vertical_system import pages, store

PER_PAGE = 10
MAX_BODY = 64 * 1024
ENCODING = "gbk"

StartResponse = Callable[[str, list[tuple[str, str]]], Any]


@dataclass
class Faults:
    """What the stand-in does wrong on purpose, and counters of what it did."""

    slow_pages: dict[int, float] = field(default_factory=dict)  # claims.do page number -> seconds to sleep
    expire_after_requests: int | None = None  # the first session to make this many requests dies (once)
    idle_seconds: float = 1800.0  # a session unused this long is dead
    expired_by_count: int = 0  # sessions killed by expire_after_requests (0 or 1)
    sleeps: dict[int, int] = field(default_factory=dict)  # page -> how many times the server slept for it
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def slept(self, page: int) -> None:
        with self.lock:
            self.sleeps[page] = self.sleeps.get(page, 0) + 1

    def take_request_expiry(self, requests_made: int) -> bool:
        """True once: when a session has already made `expire_after_requests` authenticated requests."""
        with self.lock:
            if self.expire_after_requests is None or self.expired_by_count:
                return False
            if requests_made < self.expire_after_requests:
                return False
            self.expired_by_count += 1
            return True


@dataclass
class Response:
    status: str
    body: bytes = b""
    headers: list[tuple[str, str]] = field(default_factory=list)


def _html(text: str, *, status: str = "200 OK", headers: Iterable[tuple[str, str]] = ()) -> Response:
    return Response(
        status,
        text.encode(ENCODING, errors="xmlcharrefreplace"),
        [("Content-Type", "text/html; charset=GBK"), ("Cache-Control", "no-cache"), *headers],
    )


def _redirect(location: str, *, headers: Iterable[tuple[str, str]] = ()) -> Response:
    return Response("302 Found", b"", [("Location", location), *headers])


_CHAR_REFERENCE = re.compile(r"&#(\d{2,7});")


def _decode_form(raw: bytes) -> dict[str, str]:
    """A url-encoded body as a browser sends it from a GBK page (characters outside GBK come as &#NNNN;)."""
    text = raw.decode("latin-1")
    try:
        parsed = parse_qs(text, keep_blank_values=True, encoding=ENCODING, errors="strict")
    except UnicodeDecodeError:
        parsed = parse_qs(text, keep_blank_values=True, encoding="utf-8", errors="replace")
    return {
        key: _CHAR_REFERENCE.sub(
            lambda m: chr(int(m.group(1))) if int(m.group(1)) < 0x110000 else "", values[0]
        )
        for key, values in parsed.items()
    }


def parse_amount(text: str) -> int | None:
    """ "12,000.00", "12000" or "12000.5" (yuan) → fen; None when it is not a money amount."""
    cleaned = text.strip().replace(",", "").replace("，", "")
    if not re.fullmatch(r"\d{1,12}(\.\d{1,2})?", cleaned):
        return None
    try:
        return int(Decimal(cleaned) * 100)
    except InvalidOperation:
        return None


class StandInApp:
    """The WSGI callable. One sqlite connection per request; all state lives in the file or in `faults`."""

    def __init__(self, db_path: Path, *, faults: Faults | None = None, world: World | None = None) -> None:
        self.db_path = Path(db_path)
        self.faults = faults or Faults()
        self._world = world
        self._world_lock = threading.Lock()

    def world(self, conn: sqlite3.Connection) -> World:
        """The world the file was loaded from (rebuilt from its size and seed: it is deterministic)."""
        with self._world_lock:
            if self._world is None:
                meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
                self._world = build_world(
                    claims=int(meta.get("claims", 20)), seed=int(meta.get("seed", 2026))
                )
            return self._world

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        try:
            with store.opened(self.db_path) as conn:
                response = self.dispatch(environ, conn)
        except Exception:  # the stand-in answers like its originals: a bare error page, never a traceback
            response = _html(
                pages.page("系统错误", "<br><center>系统繁忙，请稍后再试。</center>"), status="500 Error"
            )
        start_response(response.status, [*response.headers, ("Content-Length", str(len(response.body)))])
        return [response.body]

    def dispatch(self, environ: Mapping[str, Any], conn: sqlite3.Connection) -> Response:
        path = environ.get("PATH_INFO", "/") or "/"
        method = environ.get("REQUEST_METHOD", "GET").upper()
        query = {
            k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True).items()
        }
        form: dict[str, str] = {}
        if method == "POST":
            try:
                length = int(environ.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > MAX_BODY:
                return _html(
                    pages.page("请求过大", "<br><center>请求数据过大。</center>"), status="413 Too Large"
                )
            form = _decode_form(environ["wsgi.input"].read(length) if length else b"")
        if path in ("/", "/index.do"):
            return _redirect("/login.do")
        if path == "/login.do":
            return self.login(conn, method, query, form)
        handlers = {
            "/claims.do": self.claims,
            "/claimView.do": self.claim_view,
            "/claimAudit.do": self.claim_audit,
            "/download.do": self.download,
            "/logout.do": self.logout,
        }
        handler = handlers.get(path)
        if handler is None:
            return _html(
                pages.page("页面不存在", "<br><center>404 页面不存在。</center>"), status="404 Not Found"
            )
        session_or_redirect = self.authenticate(environ, conn)
        if isinstance(session_or_redirect, Response):
            return session_or_redirect
        return handler(conn, session_or_redirect, method, query, form)

    # -- sessions --------------------------------------------------------------------------------------

    def authenticate(self, environ: Mapping[str, Any], conn: sqlite3.Connection) -> store.Session | Response:
        cookie = SimpleCookie()
        try:
            cookie.load(environ.get("HTTP_COOKIE", ""))
        except CookieError:
            pass
        morsel = cookie.get("JSESSIONID")
        if morsel is None or not morsel.value:
            return _redirect("/login.do")
        session = store.find_session(conn, morsel.value)
        now = time.time()
        if session is None:
            return _redirect("/login.do?expired=1")
        if now - session.last_seen > self.faults.idle_seconds or self.faults.take_request_expiry(
            session.requests
        ):
            store.end_session(conn, session.id)
            return _redirect("/login.do?expired=1")
        store.count_request(conn, session.id, now)
        return session

    def login(
        self, conn: sqlite3.Connection, method: str, query: dict[str, str], form: dict[str, str]
    ) -> Response:
        now = time.time()
        if method != "POST":
            message = "会话已过期，请重新登录" if query.get("expired") else ""
            return _html(pages.login(store.issue_login_token(conn, now), message=message))
        username = form.get("userName", "").strip()
        if not store.use_login_token(conn, form.get("token", "")):
            token = store.issue_login_token(conn, now)
            return _html(pages.login(token, message="页面已失效，请重新登录", username=username))
        if not store.check_password(conn, username, form.get("passWord", "")):
            token = store.issue_login_token(conn, now)
            return _html(pages.login(token, message="用户名或密码错误", username=username))
        session = store.open_session(conn, username, now)
        return _redirect(
            "/claims.do?page=1", headers=[("Set-Cookie", f"JSESSIONID={session.id}; Path=/; HttpOnly")]
        )

    def logout(
        self,
        conn: sqlite3.Connection,
        session: store.Session,
        method: str,
        query: dict[str, str],
        form: dict[str, str],
    ) -> Response:
        store.end_session(conn, session.id)
        return _redirect("/login.do", headers=[("Set-Cookie", "JSESSIONID=; Path=/; Max-Age=0")])

    # -- pages -----------------------------------------------------------------------------------------

    def claims(
        self,
        conn: sqlite3.Connection,
        session: store.Session,
        method: str,
        query: dict[str, str],
        form: dict[str, str],
    ) -> Response:
        try:
            page_no = max(1, int(query.get("page", "1")))
        except ValueError:
            page_no = 1
        delay = self.faults.slow_pages.get(page_no)
        if delay:
            time.sleep(delay)
            self.faults.slept(page_no)
        rows, total = store.pending_page(conn, page_no, PER_PAGE)
        pages_count = max(1, -(-total // PER_PAGE))
        return _html(
            pages.claims(
                [dict(row) for row in rows],
                page_no=page_no,
                pages=pages_count,
                total=total,
                username=session.username,
            )
        )

    def claim_view(
        self,
        conn: sqlite3.Connection,
        session: store.Session,
        method: str,
        query: dict[str, str],
        form: dict[str, str],
    ) -> Response:
        claim = self._claim(conn, query.get("id", ""))
        if claim is None:
            return _html(
                pages.message("提示", "申报记录不存在", ok=False, username=session.username),
                status="404 Not Found",
            )
        return _html(
            pages.claim_view(
                dict(claim),
                [dict(p) for p in store.persons_of(conn, claim["id"])],
                [dict(f) for f in store.files_of(conn, claim["id"])],
                token=session.token,
                username=session.username,
            )
        )

    def claim_audit(
        self,
        conn: sqlite3.Connection,
        session: store.Session,
        method: str,
        query: dict[str, str],
        form: dict[str, str],
    ) -> Response:
        """The result form's submit: every check before the one write, and the write checks status and version."""

        def refuse(text: str) -> Response:
            back = f"claimView.do?id={form.get('id', '')}"
            return _html(pages.message("提示", text, ok=False, username=session.username, back=back))

        if method != "POST":
            return _redirect("/claims.do?page=1")
        if form.get("token") != session.token:
            return refuse("非法请求：令牌无效，请刷新页面后重试")
        claim = self._claim(conn, form.get("id", ""))
        if claim is None:
            return refuse("申报记录不存在")
        if claim["status"] != "待审核":
            return refuse("该申报已审核，请勿重复提交")
        if form.get("version", "") != claim["modified_at"]:
            return refuse("数据已被他人修改，请刷新后重试")
        result = form.get("auditResult", "")
        if result not in store.RESULT_TEXT:
            return refuse("请选择审核结果")
        amount_text = form.get("auditAmount", "").strip()
        amount = parse_amount(amount_text or "0")
        if amount is None:
            return refuse("审核金额格式不正确，请填写数字，最多两位小数")
        if amount > claim["amount_fen"]:
            return refuse("审核金额不能大于申报金额")
        if result == "1" and amount <= 0:
            return refuse("审核通过时审核金额须大于0")
        if result == "2" and amount != 0:
            return refuse("审核不通过时审核金额应为0")
        opinion = form.get("auditOpinion", "").strip()
        if result == "2" and not opinion:
            return refuse("审核不通过时须填写审核意见")
        if len(opinion) > 500:
            return refuse("审核意见不能超过500字")
        with store.immediate(conn):
            receipt = store.record_audit(conn, claim["id"], form["version"], result, amount, opinion)
        if receipt is None:  # moved between the checks and the write: say which, as a fresh read shows
            fresh = self._claim(conn, form.get("id", ""))
            if fresh is not None and fresh["status"] != "待审核":
                return refuse("该申报已审核，请勿重复提交")
            return refuse("数据已被他人修改，请刷新后重试")
        return _html(
            pages.message(
                "操作成功",
                f"操作成功！回执号：{receipt}",
                ok=True,
                username=session.username,
                back=f"claimView.do?id={claim['id']}",
            )
        )

    def download(
        self,
        conn: sqlite3.Connection,
        session: store.Session,
        method: str,
        query: dict[str, str],
        form: dict[str, str],
    ) -> Response:
        try:
            file_id = int(query.get("fileId", ""))
        except ValueError:
            file_id = 0
        row = store.file_by_id(conn, file_id)
        if row is None:
            return _html(
                pages.message("提示", "附件不存在", ok=False, username=session.username),
                status="404 Not Found",
            )
        content = row["content"]
        if content is None:
            claim = store.claim_by_id(conn, row["claim_id"])
            assert claim is not None
            world = self.world(conn)
            world_claim = world.claim(claim["external_id"])
            try:
                content = render_document(world, world_claim, world_claim.attachments[row["position"]])
            except ImportError:  # the document renderer is not installed
                return _html(
                    pages.message("提示", "附件暂时无法下载", ok=False, username=session.username),
                    status="503 Service Unavailable",
                )
            store.keep_file_content(conn, file_id, content)
        name = str(row["name"])
        return Response(
            "200 OK",
            bytes(content),
            [
                ("Content-Type", "image/png"),
                (
                    "Content-Disposition",
                    f"attachment; filename=\"file{file_id}.png\"; filename*=UTF-8''{quote(name)}",
                ),
                ("Cache-Control", "no-cache"),
            ],
        )

    @staticmethod
    def _claim(conn: sqlite3.Connection, raw_id: str) -> sqlite3.Row | None:
        try:
            return store.claim_by_id(conn, int(raw_id))
        except ValueError:
            return None

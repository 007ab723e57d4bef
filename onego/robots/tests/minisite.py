"""A tiny legacy-style web system the interpreter tests drive: login with a token, a paged list in layout
tables, record pages with a label/value table, a persons table, attachments and a result form, session
expiry after N requests, a flaky page and a dead one. Served by http.server in a thread on 127.0.0.1.

It is deliberately much smaller than the stand-in (onego.demo.vertical_system): it exists so the interpreter
is tested on pages the test controls to the byte, before and beside the stand-in.
"""

from __future__ import annotations

import html
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

USERNAME = "robot01"
PASSWORD = "S3cret-Pa55!"


@dataclass
class Record:
    key: int
    external_id: str
    name: str
    persons: list[tuple[str, str]]
    modified: str = "2026-10-08 09:12:33"
    result: dict[str, str] | None = None
    broken: bool = False  # its page never answers properly


@dataclass
class Site:
    records: list[Record]
    per_page: int = 3
    expire_after_requests: int | None = None
    slow_pages: dict[int, float] = field(default_factory=dict)
    flaky_failures: int = 0  # /flaky.do drops the connection this many times, then answers
    sessions: dict[str, int] = field(default_factory=dict)
    logins: int = 0
    requests: list[str] = field(default_factory=list)
    audits: dict[str, int] = field(default_factory=dict)
    base_url: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def pending(self) -> list[Record]:
        return [r for r in self.records if r.result is None]

    def touch(self, external_id: str) -> None:
        for r in self.records:
            if r.external_id == external_id:
                r.modified = "2026-10-09 10:00:00"


def _page(title: str, body: str) -> bytes:
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
        f"<table width='100%'><tr><td>省某业务系统（测试页）</td></tr><tr><td>{body}</td></tr></table>"
        "</body></html>"
    ).encode()


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def _send(
            self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8", **headers: str
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in headers.items():
                self.send_header(k.replace("_", "-"), v)
            self.end_headers()
            self.wfile.write(body)

        def _redirect(self, to: str, **headers: str) -> None:
            self.send_response(302)
            self.send_header("Location", to)
            self.send_header("Content-Length", "0")
            for k, v in headers.items():
                self.send_header(k.replace("_", "-"), v)
            self.end_headers()

        def _session_ok(self) -> bool:
            cookie = self.headers.get("Cookie", "")
            sid = next((c.split("=", 1)[1] for c in cookie.split("; ") if c.startswith("SID=")), "")
            with site.lock:
                if sid not in site.sessions:
                    return False
                site.sessions[sid] += 1
                if site.expire_after_requests is not None and site.sessions[sid] > site.expire_after_requests:
                    del site.sessions[sid]
                    return False
            return True

        def do_GET(self) -> None:
            url = urlparse(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            site.requests.append(self.path)
            if url.path == "/login.do":
                note = "<p>会话已过期，请重新登录</p>" if query.get("expired") else ""
                self._send(200, _login_form(note))
                return
            if url.path == "/dead.do":
                self.close_connection = True
                self.wfile.write(b"garbage\r\n\r\n")  # net::ERR_INVALID_HTTP_RESPONSE, every time
                return
            if url.path == "/flaky.do":
                with site.lock:
                    if site.flaky_failures > 0:
                        site.flaky_failures -= 1
                        # no status line: Chromium refuses HTTP/0.9 on this port (net::ERR_INVALID_HTTP_RESPONSE)
                        self.close_connection = True
                        self.wfile.write(b"garbage\r\n\r\n")
                        return
                self._send(200, _page("ok", "<p id='ok'>页面正常</p>"))
                return
            if not self._session_ok():
                self._redirect("/login.do?expired=1")
                return
            if url.path == "/list.do":
                page = int(query.get("page", "1"))
                time.sleep(site.slow_pages.get(page, 0))
                self._send(200, _list(site, page))
            elif url.path == "/view.do":
                record = next(r for r in site.records if r.key == int(query["id"]))
                if record.broken:
                    self.close_connection = True
                    self.wfile.write(b"garbage\r\n\r\n")
                    return
                self._send(200, _view(record))
            elif url.path == "/file.do":
                body = f"file {query['id']}-{query['n']}".encode()
                self._send(200, body, "image/png")
            else:
                self._send(404, _page("404", "没有该页面"))

        def do_POST(self) -> None:
            url = urlparse(self.path)
            length = int(self.headers.get("Content-Length", "0"))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            site.requests.append("POST " + self.path)
            if url.path == "/login.do":
                if (
                    form.get("userName") == USERNAME
                    and form.get("passWord") == PASSWORD
                    and form.get("token")
                ):
                    sid = secrets.token_hex(8)
                    with site.lock:
                        site.sessions[sid] = 0
                        site.logins += 1
                    self._redirect("/list.do?page=1", Set_Cookie=f"SID={sid}; Path=/")
                else:
                    self._send(200, _login_form("<font color='red'>用户名或密码错误</font>"))
                return
            if not self._session_ok():
                self._redirect("/login.do?expired=1")
                return
            if url.path == "/audit.do":
                record = next(r for r in site.records if r.key == int(form["id"]))
                if record.result is not None:
                    self._send(200, _page("x", "该申报已审核，请勿重复提交"))
                    return
                if form.get("version") != record.modified:
                    self._send(200, _page("x", "数据已被他人修改，请刷新后重试"))
                    return
                receipt = f"HZ{record.key:012d}"
                record.result = {
                    "审核结果": {"1": "审核通过", "2": "审核不通过"}[form["auditResult"]],
                    "审核金额（元）": form.get("auditAmount", ""),
                    "审核意见": form.get("auditOpinion", ""),
                    "回执号": receipt,
                }
                site.audits[record.external_id] = site.audits.get(record.external_id, 0) + 1
                self._send(200, _page("ok", f"操作成功！回执号：{receipt}"))

    return Handler


def _login_form(note: str) -> bytes:
    return _page(
        "登录",
        f"{note}<form method='post' action='login.do'>用户名<input name='userName'> 密码"
        "<input type='password' name='passWord'><input type='hidden' name='token' value='t0k'>"
        "<input type='submit' value='登 录'></form>",
    )


def _list(site: Site, page: int) -> bytes:
    rows = site.pending()
    pages = max(1, -(-len(rows) // site.per_page))
    chunk = rows[(page - 1) * site.per_page : page * site.per_page]
    body = "<table class='tb_list'><tr><td><b>编号</b></td><td><b>名称</b></td><td><b>状态</b></td></tr>"
    for r in chunk:
        body += (
            f"<tr><td><a href='view.do?id={r.key}'>{r.external_id}</a></td><td>{html.escape(r.name)}</td>"
            "<td>待审核</td></tr>"
        )
    body += f"<tr><td colspan='3'>第 {page}/{pages} 页 共 {len(rows)} 条</td></tr></table>"
    if page < pages:
        body += f"<a href='list.do?page={page + 1}'>下一页</a>"
    return _page("列表", body)


def _view(r: Record) -> bytes:
    body = (
        "<table class='tb_form'>"
        f"<tr><td>编号：</td><td>{r.external_id}</td><td>名称：</td><td>{html.escape(r.name)}</td></tr>"
        f"<tr><td>最后修改时间：</td><td>{r.modified}</td></tr></table>"
        "<table class='tb_list'><tr><td>序号</td><td>姓名</td><td>身份证号码</td></tr>"
    )
    for i, (name, idn) in enumerate(r.persons, start=1):
        body += f"<tr><td>{i}</td><td>{name}</td><td>{idn}</td></tr>"
    body += "</table><p>附件："
    for i, (name, _idn) in enumerate(r.persons, start=1):
        body += f"<a href='file.do?id={r.key}&n={i}'>身份证-{name}.png</a> "
    body += "</p>"
    if r.result is None:
        body += (
            "<form action='audit.do' method='post'><select name='auditResult'><option value='1'>审核通过</option>"
            "<option value='2'>审核不通过</option></select><input name='auditAmount'>"
            f"<textarea name='auditOpinion'></textarea><input type='hidden' name='id' value='{r.key}'>"
            f"<input type='hidden' name='version' value='{r.modified}'><input type='submit' value='提 交'></form>"
        )
    else:
        body += "<table class='tb_result'>" + "".join(
            f"<tr><td>{k}</td><td>{v}</td></tr>" for k, v in r.result.items()
        )
        body += "</table>"
    return _page(r.external_id, body)


def make_records(n: int) -> list[Record]:
    return [
        Record(
            key=100 + i,
            external_id=f"T-{i:04d}",
            name=f"测试单位{i}",
            persons=[(f"人员{i}甲", f"44010119900101{i:04d}"), (f"人员{i}乙", f"44010119900202{i:04d}")],
        )
        for i in range(1, n + 1)
    ]


@contextmanager
def serving(site: Site) -> Iterator[Site]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    site.base_url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


# The script for this site, in the same shape as onego.demo.robot_scripts' scripts for the stand-in.
LOGIN = [
    {
        "do": "login",
        "url": "login.do",
        "fill": {"input[name=userName]": "{username}", "input[name=passWord]": "{password}"},
        "submit": "input[type=submit]",
        "refused_text": "用户名或密码错误",
    }
]
EXPIRED = {"url_contains": "expired=1", "text": "会话已过期"}
CAPTURE_SCRIPT: dict[str, Any] = {
    "key": "编号",
    "session_expired": EXPIRED,
    "login": LOGIN,
    "list": [
        {"do": "open", "url": "list.do?page=1"},
        {
            "do": "each_page",
            "table": "table.tb_list",
            "next": "a:text-is('下一页')",
            "key": "编号",
            "link": "编号",
            "into": "items",
            "count_pattern": r"共\s*(\d+)\s*条",
        },
    ],
    "item": [
        {"do": "open_record", "url": "{item.href}"},
        {"do": "read_fields", "table": "table.tb_form", "into": "fields"},
        {"do": "read_table", "table": "table.tb_list", "into": "fields.persons"},
    ],
    "attachments": [{"do": "download", "links": "a[href*='file.do']", "into": "attachments"}],
}
WRITEBACK_SCRIPT: dict[str, Any] = {
    "key": "编号",
    "session_expired": EXPIRED,
    "result_marker": "table.tb_result",
    "login": LOGIN,
    "list": CAPTURE_SCRIPT["list"],
    "item": CAPTURE_SCRIPT["item"],
    "write": [
        {"do": "fill_form", "form": "form[action='audit.do']", "values": "{order.values}"},
        {"do": "submit", "selector": "form[action='audit.do'] input[type=submit]"},
        {
            "do": "expect_text",
            "any": ["操作成功"],
            "refused": {"该申报已审核": "already_done", "数据已被他人修改": "stale"},
            "capture": {"receipt": r"回执号：\s*(HZ\d{12})"},
        },
    ],
    "read_back": [
        {
            "do": "read_back",
            "url": "{item.url}",
            "table": "table.tb_result",
            "expect": {
                "审核结果": {
                    "value": "{order.values.auditResult}",
                    "map": {"1": "审核通过", "2": "审核不通过"},
                },
                "审核金额（元）": {"value": "{order.values.auditAmount}", "optional": True},
                "审核意见": {"value": "{order.values.auditOpinion}", "optional": True},
            },
            "receipt": "回执号",
        }
    ],
}

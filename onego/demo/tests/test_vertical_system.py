"""The stand-in provincial system, driven over HTTP as a robot would: pages, forms, faults and the control API.

No browser: urllib with a cookie jar reads the GBK pages and submits their forms; the stdlib HTML parser reads
the tables. The robots' own Chromium tests live with the robots.
"""

from __future__ import annotations

import ast
import http.cookiejar
import re
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
import time_machine

from onego.demo.subsidy_world import SCHEMES, build_world
from onego.demo.vertical_system import store
from onego.demo.vertical_system.testing import StandIn, running


class Tables(HTMLParser):
    """Every table of a page as rows of cell texts, keyed by its class (layout tables under ""), plus the links
    and form fields — what a robot reading the page sees."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[tuple[str, list[list[str]]]] = []
        self.links: list[tuple[str, str]] = []
        self.inputs: dict[str, str] = {}
        self._stack: list[tuple[str, list[list[str]]]] = []
        self._cell: list[str] | None = None
        self._href: str | None = None
        self._text: list[str] = []
        self.text_parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        if tag == "table":
            self._stack.append((attributes.get("class", ""), []))
        elif tag == "tr" and self._stack:
            self._stack[-1][1].append([])
        elif tag == "td":
            self._cell = []
        elif tag == "a":
            self._href, self._text = attributes.get("href", ""), []
        elif tag in ("input", "textarea", "select") and "name" in attributes:
            self.inputs[attributes["name"]] = attributes.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._stack:
            self.tables.append(self._stack.pop())
        elif tag == "td" and self._cell is not None and self._stack and self._stack[-1][1]:
            self._stack[-1][1][-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "a" and self._href is not None:
            self.links.append(("".join(self._text).strip(), self._href))
            self._href = None

    def handle_data(self, data: str) -> None:
        self.text_parts.append(data)
        if self._cell is not None:
            self._cell.append(data)
        if self._href is not None:
            self._text.append(data)

    def table(self, css_class: str, index: int = 0) -> list[list[str]]:
        return [rows for cls, rows in self.tables if cls == css_class][index]

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", "".join(self.text_parts))


class Robot:
    """A cookie-keeping HTTP client that does not follow redirects (tests look at where they point)."""

    def __init__(self, standin: StandIn) -> None:
        self.base = standin.base_url
        self.standin = standin
        self.jar = http.cookiejar.CookieJar()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args: object, **kwargs: object) -> None:
                return None

        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def request(self, path: str, form: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        data = urllib.parse.urlencode(form, encoding="gbk").encode("ascii") if form is not None else None
        try:
            with self.opener.open(self.base + path, data=data, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def page(self, path: str, form: dict[str, str] | None = None) -> Tables:
        status, headers, body = self.request(path, form)
        assert status == 200, (status, headers.get("Location"))
        assert headers["Content-Type"] == "text/html; charset=GBK"
        tables = Tables()
        tables.feed(body.decode("gbk"))
        return tables

    def log_in(self, password: str | None = None) -> tuple[int, dict[str, str], bytes]:
        token = self.page("/login.do").inputs["token"]
        form = {
            "userName": self.standin.username,
            "passWord": password or self.standin.password,
            "token": token,
        }
        return self.request("/login.do", form)

    def audit(self, claim_id: int, **values: str) -> Tables:
        form = self.page(f"/claimView.do?id={claim_id}").inputs
        fields = {"id": form["id"], "version": form["version"], "token": form["token"]}
        return self.page("/claimAudit.do", {**fields, **values})


@pytest.fixture
def standin() -> Iterator[StandIn]:
    with running(slow_pages={2: 0.05}) as served:
        yield served


@pytest.fixture
def robot(standin: StandIn) -> Robot:
    robot = Robot(standin)
    status, headers, _ = robot.log_in()
    assert (status, headers["Location"]) == (302, "/claims.do?page=1")
    return robot


def test_a_wrong_password_shows_the_red_message_and_sets_no_session(standin: StandIn) -> None:
    robot = Robot(standin)
    status, headers, body = robot.log_in(password="wrong")
    assert status == 200
    assert '<font color="red">用户名或密码错误</font>' in body.decode("gbk")
    assert not any(cookie.name == "JSESSIONID" for cookie in robot.jar)


def test_the_login_page_has_the_fields_robots_fill_and_says_it_is_a_stand_in(standin: StandIn) -> None:
    page = Robot(standin).page("/login.do")
    assert {"userName", "passWord", "token"} <= set(page.inputs)
    assert page.inputs["token"]
    assert "仿真替身（演示用），非真实省级系统" in page.text
    status, _, body = Robot(standin).request("/login.do")
    assert '<input type="submit" value="登 录"' in body.decode("gbk")
    title = re.search(r"<title>(.*)</title>", body.decode("gbk"), flags=re.IGNORECASE)
    assert title is not None
    assert (
        title.group(1)
        == "省就业创业补贴业务系统（仿真替身，演示用） - 用户登录 - 仿真替身（演示用），非真实省级系统"
    )


def test_a_login_without_the_echoed_token_is_refused(standin: StandIn) -> None:
    robot = Robot(standin)
    form = {"userName": standin.username, "passWord": standin.password, "token": "forged"}
    status, _, body = robot.request("/login.do", form)
    assert status == 200
    assert "页面已失效，请重新登录" in body.decode("gbk")


def test_the_right_password_sets_jsessionid_and_opens_the_list(robot: Robot) -> None:
    assert [cookie.name for cookie in robot.jar] == ["JSESSIONID"]
    page = robot.page("/claims.do?page=1")
    assert "当前用户：robot01" in page.text


def test_page_1_lists_the_10_oldest_pending_claims_and_links_to_page_2(
    robot: Robot, standin: StandIn
) -> None:
    page = robot.page("/claims.do?page=1")
    header, *rows = page.table("tb_list")
    assert header == [
        "申报编号",
        "单位名称",
        "统一社会信用代码",
        "申报类型",
        "申报人数",
        "申报金额（元）",
        "申报日期",
        "状态",
    ]
    assert len(rows) == 10
    first = standin.world.claims[0]
    assert rows[0] == [
        first.external_id,
        first.enterprise_name,
        first.enterprise_code,
        SCHEMES[first.scheme],
        str(len(first.persons)),
        f"{first.amount_fen / 100:,.2f}",
        first.submitted_on.isoformat(),
        "待审核",
    ]
    assert [row[0] for row in rows] == [c.external_id for c in standin.world.claims[:10]]
    assert ("BY2026Q3-0001", "claimView.do?id=1") in page.links
    assert "第 1/2 页 共 20 条" in page.text
    assert ("下一页", "claims.do?page=2") in page.links


def test_page_2_has_the_other_10_and_no_next_link(robot: Robot, standin: StandIn) -> None:
    page = robot.page("/claims.do?page=2")
    rows = page.table("tb_list")[1:]
    assert [row[0] for row in rows] == [c.external_id for c in standin.world.claims[10:]]
    assert "第 2/2 页 共 20 条" in page.text
    assert "下一页" not in [text for text, _ in page.links]


def test_a_slow_page_really_makes_the_server_sleep(robot: Robot, standin: StandIn) -> None:
    robot.page("/claims.do?page=1")
    assert standin.slept(1) == 0
    robot.page("/claims.do?page=2")
    robot.page("/claims.do?page=2")
    assert standin.slept(2) == 2


def test_the_record_page_shows_fields_persons_attachments_and_the_form(
    robot: Robot, standin: StandIn
) -> None:
    claim = standin.world.claim("BY2026Q3-0001")
    page = robot.page("/claimView.do?id=1")
    fields = {row[0]: row[1] for row in page.table("tb_form")}
    assert fields == {
        "申报编号：": "BY2026Q3-0001",
        "单位名称：": claim.enterprise_name,
        "统一社会信用代码：": claim.enterprise_code,
        "申报类型：": "岗位补贴",
        "所属期：": "2026-07-01 至 2026-09-30",
        "申报金额（元）：": f"{claim.amount_fen / 100:,.2f}",
        "最后修改时间：": standin.claim("BY2026Q3-0001")["modified_at"],
    }
    header, *persons = page.table("tb_list")
    assert header == ["序号", "姓名", "身份证号码", "人员类别", "申报月数", "申报金额（元）"]
    assert persons == [
        [str(seq), p.name, p.id_number, p.category, str(p.months_claimed), f"{p.amount_fen / 100:,.2f}"]
        for seq, p in enumerate(claim.persons, start=1)
    ]
    downloads = [text for text, href in page.links if href.startswith("download.do?fileId=")]
    assert downloads == [a.name for a in claim.attachments]
    assert {"auditResult", "auditAmount", "auditOpinion", "id", "version", "token"} <= set(page.inputs)
    assert page.inputs["version"] == fields["最后修改时间："]


def test_attachments_download_as_png(robot: Robot) -> None:
    page = robot.page("/claimView.do?id=1")
    name, href = next((text, href) for text, href in page.links if text.startswith("身份证-"))
    status, headers, body = robot.request("/" + href)
    assert status == 200
    assert headers["Content-Type"] == "image/png"
    assert body.startswith(b"\x89PNG\r\n\x1a\n")
    assert headers["Content-Disposition"].endswith("filename*=UTF-8''" + urllib.parse.quote(name))
    assert robot.request("/" + href)[2] == body  # drawn once, kept


def test_an_audit_is_written_once_with_a_receipt_and_the_page_shows_it(
    robot: Robot, standin: StandIn
) -> None:
    # when
    answer = robot.audit(1, auditResult="1", auditAmount="7,500.00", auditOpinion="经预审核，符合条件。")
    # then
    receipt = re.search(r"操作成功！回执号：(HZ\d{12})", answer.text)
    assert receipt is not None
    result = standin.results()["BY2026Q3-0001"]
    assert result == {
        "result": "1",
        "result_text": "审核通过",
        "amount_fen": 750_000,
        "opinion": "经预审核，符合条件。",
        "receipt": receipt.group(1),
        "audited_at": result["audited_at"],
    }
    assert standin.audit_count("BY2026Q3-0001") == 1
    assert "BY2026Q3-0001" not in standin.pending()
    page = robot.page("/claimView.do?id=1")
    assert {row[0] for row in page.table("tb_form")} >= {
        "申报编号：",
        "最后修改时间：",
    }  # the record comes first
    section = {row[0]: row[1] for row in page.table("tb_form", 1)}
    assert section["审核结果："] == "审核通过"
    assert section["审核金额（元）："] == "7,500.00"
    assert section["审核意见："] == "经预审核，符合条件。"
    assert section["回执号："] == receipt.group(1)
    assert "auditResult" not in page.inputs
    assert "BY2026Q3-0001" not in [row[0] for row in robot.page("/claims.do?page=1").table("tb_list")]


def test_a_second_audit_of_an_audited_claim_is_refused_and_changes_nothing(
    robot: Robot, standin: StandIn
) -> None:
    form = robot.page("/claimView.do?id=2").inputs
    fields = {"id": form["id"], "version": form["version"], "token": form["token"]}
    robot.page("/claimAudit.do", {**fields, "auditResult": "1", "auditAmount": "100", "auditOpinion": ""})
    before = standin.results()["BY2026Q3-0002"]
    # when the same form is submitted again
    again = robot.page(
        "/claimAudit.do", {**fields, "auditResult": "2", "auditAmount": "0", "auditOpinion": "重复"}
    )
    # then
    assert "该申报已审核，请勿重复提交" in again.text
    assert standin.results()["BY2026Q3-0002"] == before
    assert standin.audit_count("BY2026Q3-0002") == 1


def test_a_record_changed_behind_the_robots_back_refuses_the_stale_form(
    robot: Robot, standin: StandIn
) -> None:
    page = robot.page("/claimView.do?id=3")
    old_version = page.inputs["version"]
    old_amount = standin.claim("BY2026Q3-0003")["amount_fen"]
    # when someone changes the record
    new_version = standin.touch("BY2026Q3-0003")
    # then the record page shows the change
    fields = {row[0]: row[1] for row in robot.page("/claimView.do?id=3").table("tb_form")}
    assert fields["最后修改时间："] == new_version != old_version
    assert fields["申报金额（元）："] == f"{(old_amount + 10_000) / 100:,.2f}"
    # and the form read before the change is refused, nothing written
    form = {"id": "3", "version": old_version, "token": page.inputs["token"], "auditResult": "2"}
    answer = robot.page("/claimAudit.do", {**form, "auditAmount": "0", "auditOpinion": "不符合条件"})
    assert "数据已被他人修改，请刷新后重试" in answer.text
    assert standin.audit_count("BY2026Q3-0003") == 0
    assert "BY2026Q3-0003" in standin.pending()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"auditResult": "", "auditAmount": "1"}, "请选择审核结果"),
        ({"auditResult": "3", "auditAmount": "1"}, "请选择审核结果"),
        ({"auditResult": "1", "auditAmount": "12abc"}, "审核金额格式不正确"),
        ({"auditResult": "1", "auditAmount": "1.234"}, "审核金额格式不正确"),
        ({"auditResult": "1", "auditAmount": "99999999"}, "审核金额不能大于申报金额"),
        ({"auditResult": "1", "auditAmount": "0"}, "审核通过时审核金额须大于0"),
        ({"auditResult": "2", "auditAmount": "10"}, "审核不通过时审核金额应为0"),
        ({"auditResult": "2", "auditAmount": "0", "auditOpinion": " "}, "审核不通过时须填写审核意见"),
    ],
)
def test_a_bad_result_form_says_why_and_writes_nothing(
    robot: Robot, standin: StandIn, values: dict[str, str], message: str
) -> None:
    answer = robot.audit(4, **{"auditOpinion": "意见", **values})
    assert message in answer.text
    assert standin.audit_count("BY2026Q3-0004") == 0
    assert "BY2026Q3-0004" in standin.pending()


def test_a_forged_form_token_is_refused(robot: Robot, standin: StandIn) -> None:
    form = robot.page("/claimView.do?id=5").inputs
    answer = robot.page(
        "/claimAudit.do",
        {"id": "5", "version": form["version"], "token": "forged", "auditResult": "1", "auditAmount": "1"},
    )
    assert "令牌无效" in answer.text
    assert standin.audit_count("BY2026Q3-0005") == 0


def test_a_failing_result_keeps_its_chinese_opinion_sent_in_gbk(robot: Robot, standin: StandIn) -> None:
    robot.audit(6, auditResult="2", auditAmount="0.00", auditOpinion="申报人员超过法定劳动年龄（第1人）。")
    assert standin.results()["BY2026Q3-0006"]["opinion"] == "申报人员超过法定劳动年龄（第1人）。"
    assert standin.results()["BY2026Q3-0006"]["result_text"] == "审核不通过"


def test_two_submits_at_once_write_one_audit(robot: Robot, standin: StandIn) -> None:
    form = robot.page("/claimView.do?id=7").inputs
    fields = {
        "id": "7",
        "version": form["version"],
        "token": form["token"],
        "auditResult": "1",
        "auditAmount": "1",
    }
    answers: list[str] = []

    def submit() -> None:
        answers.append(robot.page("/claimAudit.do", fields).text)

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum("操作成功" in answer for answer in answers) == 1
    assert sum("该申报已审核，请勿重复提交" in answer for answer in answers) == 3
    assert standin.audit_count("BY2026Q3-0007") == 1


def test_the_session_dies_once_after_k_requests_and_the_login_page_says_so() -> None:
    with running(expire_after_requests=3) as standin:
        robot = Robot(standin)
        robot.log_in()
        for _ in range(3):
            robot.page("/claims.do?page=1")
        # when the 4th authenticated request is made
        status, headers, _ = robot.request("/claims.do?page=1")
        # then
        assert (status, headers["Location"]) == (302, "/login.do?expired=1")
        assert "会话已过期，请重新登录" in robot.page("/login.do?expired=1").text
        status, _, _ = robot.request("/claims.do?page=1")
        assert status == 302  # the session stays dead
        robot.log_in()
        for _ in range(6):  # the fault fired once: the new session lives on
            robot.page("/claims.do?page=1")


def test_an_idle_session_expires(standin: StandIn) -> None:
    robot = Robot(standin)
    robot.log_in()
    robot.page("/claims.do?page=1")
    with time_machine.travel(timedelta(seconds=standin.faults.idle_seconds + 60), tick=True):
        status, headers, _ = robot.request("/claims.do?page=1")
    assert (status, headers["Location"]) == (302, "/login.do?expired=1")


def test_expire_sessions_sends_every_robot_back_to_login(robot: Robot, standin: StandIn) -> None:
    standin.expire_sessions()
    status, headers, _ = robot.request("/claimView.do?id=1")
    assert (status, headers["Location"]) == (302, "/login.do?expired=1")


def test_without_a_session_every_page_redirects_to_login(standin: StandIn) -> None:
    robot = Robot(standin)
    for path in ("/claims.do?page=1", "/claimView.do?id=1", "/download.do?fileId=1"):
        status, headers, _ = robot.request(path)
        assert (status, headers["Location"]) == (302, "/login.do")


def test_an_unknown_record_or_file_is_a_plain_not_found(robot: Robot) -> None:
    for path in ("/claimView.do?id=999", "/claimView.do?id=x", "/download.do?fileId=999", "/nothing.do"):
        status, _, _ = robot.request(path)
        assert status == 404


def test_the_command_line_serves_a_loaded_file_and_prints_the_demo_login(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[3]
    db = tmp_path / "vertical_system.sqlite3"
    command = [
        sys.executable,
        "-m",
        "onego.demo.vertical_system",
        "--port",
        "0",
        "--db",
        str(db),
        "--claims",
        "12",
    ]
    process = subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(3)]
        url = re.search(r"on (http://127\.0\.0\.1:\d+)/login\.do", "".join(lines))
        assert url is not None, lines
        assert "Loaded 12 pending claims" in lines[0]
        assert "Demo login: user 'robot01', password 'Standin@2026'" in "".join(lines)
        with urllib.request.urlopen(url.group(1) + "/login.do", timeout=30) as response:
            assert "用户登录" in response.read().decode("gbk")
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    assert process.returncode == 0


def test_the_stand_in_imports_only_the_standard_library_and_the_demo_world() -> None:
    # It plays a foreign system: nothing of OneGo's runtime (Django, the apps) may leak into it.
    package = Path(__file__).resolve().parents[1] / "vertical_system"
    allowed = {"onego.demo.paper", "onego.demo.subsidy_world"}
    foreign = []
    for path in sorted(package.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            for name in names:
                top = name.split(".")[0]
                inside = name.startswith("onego.demo.vertical_system") or name in allowed
                if not (top in sys.stdlib_module_names or top == "__future__" or inside):
                    foreign.append(f"{path.name}: {name}")
    assert foreign == []


def test_the_command_line_changes_a_record_behind_the_robots_back(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[3]
    db = tmp_path / "vertical_system.sqlite3"
    base = [sys.executable, "-m", "onego.demo.vertical_system", "--db", str(db)]
    missing = subprocess.run([*base, "--touch", "BY2026Q3-0005"], cwd=root, capture_output=True, text=True)
    assert missing.returncode == 2 and "holds no claims" in missing.stderr
    store.load(db, build_world(claims=6), seed=2026)
    with store.opened(db) as conn:
        before = store.claim_by_external_id(conn, "BY2026Q3-0005")
    # when
    done = subprocess.run([*base, "--touch", "BY2026Q3-0005"], cwd=root, capture_output=True, text=True)
    # then
    assert done.returncode == 0, done.stderr
    with store.opened(db) as conn:
        after = store.claim_by_external_id(conn, "BY2026Q3-0005")
    assert before is not None and after is not None
    assert after["amount_fen"] == before["amount_fen"] + 10_000
    assert after["modified_at"] != before["modified_at"]
    assert f"last change {after['modified_at']}" in done.stdout
    unknown = subprocess.run([*base, "--touch", "BY2026Q3-0099"], cwd=root, capture_output=True, text=True)
    assert unknown.returncode == 2 and "no claim BY2026Q3-0099" in unknown.stderr


def test_characters_outside_gbk_arrive_as_references_and_are_kept(robot: Robot, standin: StandIn) -> None:
    # Chromium sends what GBK cannot hold as &#NNNN; (here 𠮷, U+20BB7); a surrogate number is dropped
    robot.audit(8, auditResult="2", auditAmount="0", auditOpinion="姓名用字&#134071;核对有误&#55296;")
    assert standin.results()["BY2026Q3-0008"]["opinion"] == "姓名用字\U00020bb7核对有误"

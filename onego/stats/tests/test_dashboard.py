"""The dashboard page and its Excel exports: who may open them, the numbers of a small world in its tables and
charts, a department head's own department only, bad input at the field, formula-safe cells, English."""

from __future__ import annotations

import io
import json
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from onego.accounts.models import User, Window
from onego.accounts.roles import Role
from onego.cases.tests import factories as f
from onego.portal.tests.test_english_pages import chinese_left
from onego.stats.tests.test_aggregates import run_simple_to_the_end

pytestmark = pytest.mark.django_db
URL = "/stats/"
Q1 = {"period": "2026-Q1"}


@pytest.fixture(autouse=True)
def _the_summer_after():
    """The page offers recent periods only: its requests are made in June 2026, when the world's March cases
    lie in the last quarter but one, whatever day the suite runs on."""
    with time_machine.travel(datetime(2026, 6, 22, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=True):
        yield


@pytest.fixture
def supervisor(sw) -> User:
    return f.user("sup", Role.SUPERVISOR, sw.w.centre)


def rows(html: str, key: str) -> list[list[str]]:
    """The cells of the dashboard's table `key`, row by row (header cells included)."""
    table = re.search(rf'data-testid="table-{key}">(.*?)</table>', html, re.S)
    assert table is not None, key
    body = table.group(1).split("<tbody>")[1]
    return [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)]
        for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def kpi(html: str) -> dict[str, str]:
    return dict(rows(html, "kpi"))  # type: ignore[arg-type]


def test_the_reverse_of_every_route():
    assert reverse("stats:dashboard") == URL
    assert reverse("stats:export", args=["kpi"]) == "/stats/export/kpi.xlsx"


@pytest.mark.parametrize("path", [URL, "/stats/export/kpi.xlsx"])
def test_only_department_heads_and_supervisors_may_open_the_dashboard(sw, client, path):
    assert client.get(path).status_code == 302  # the login page
    for who in (sw.w.clerk, sw.w.health_reviewer, sw.w.applicant):
        client.force_login(who)
        assert client.get(path).status_code == 403, who.username
    client.force_login(sw.w.health_head)
    assert client.get(path).status_code == 200


def test_a_supervisor_reads_the_figures_of_the_quarter_in_tables_and_charts(sw, supervisor, client):
    case = run_simple_to_the_end(sw)
    client.force_login(supervisor)
    html = client.get(URL, Q1).content.decode()
    figures = kpi(html)
    assert figures["申请件数"] == "1"
    assert figures["办结件数"] == "1"
    assert figures["全程网办件数"] == "1"
    assert figures["全程网办率（占办结）"] == "100.0%"
    assert figures["减少跑动次数（基准每件 2 次）"] == "2"  # 1 case × 2 trips − 0 trips
    assert figures["平均实际用时（工作日）"] == f"{case.actual_workdays:.1f}"
    assert figures["P90 实际用时（工作日）"] == str(case.actual_workdays)
    assert figures["平均承诺时限（工作日）"] == "3.0"
    assert figures["平均法定时限（工作日）"] == "20.0"
    assert rows(html, "channels") == [["网上申请", "1", "1", "1"]]
    assert ["2026-03", "1", "1"] in rows(html, "trend")
    assert rows(html, "items") == [["测试简单许可", "1", f"{case.actual_workdays:.1f}", "3.0", "20.0"]]
    assert [r[0] for r in rows(html, "windows")] == ["测试服务中心 1号窗口", "测试服务中心 2号窗口"]
    source = re.search(r'id="dash-charts" type="application/json">(.*?)</script>', html)
    assert source is not None
    charts = json.loads(source.group(1))
    by_id = {c["id"]: c for c in charts}
    assert by_id["channels"]["series"][0]["data"] == [1]
    assert by_id["times"]["categories"][0] == "平均实际用时"
    assert 'aria-describedby="table-channels"' in html


def test_another_quarter_and_another_centre_hold_nothing(sw, supervisor, client):
    run_simple_to_the_end(sw)
    client.force_login(supervisor)
    assert kpi(client.get(URL, {"period": "2026-Q2"}).content.decode())["申请件数"] == "0"
    html = client.get(URL, {**Q1, "centre": sw.hall.pk}).content.decode()
    assert kpi(html)["申请件数"] == "0"  # the case was online, accepted at no centre's window


def test_a_department_head_sees_only_their_own_department_s_cases(sw, client):
    run_simple_to_the_end(sw)  # an item of the health bureau
    client.force_login(sw.w.market_head)
    html = client.get(URL, Q1).content.decode()
    assert kpi(html)["申请件数"] == "0"
    assert "仅本部门办件" in html
    assert 'data-testid="table-windows"' not in html
    client.force_login(sw.w.health_head)
    assert kpi(client.get(URL, Q1).content.decode())["申请件数"] == "1"


def test_a_bad_period_or_centre_is_named_at_its_field_and_the_defaults_are_shown(sw, supervisor, client):
    client.force_login(supervisor)
    response = client.get(URL, {"period": "2026-13", "centre": "999"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('role="alert"') == 2
    assert 'data-testid="table-kpi"' in html


def test_the_export_holds_the_table_and_neutralises_formulas(sw, supervisor, client):
    sw.w.clerk.real_name = '=HYPERLINK("http://evil")'
    sw.w.clerk.save()
    client.force_login(supervisor)
    response = client.get("/stats/export/windows.xlsx", Q1)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="dashboard-windows-2026-Q1.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    assert values[1] == ["窗口", "当前窗口人员", "受理件数", "占比", "接待人次"]
    assert values[2][:3] == ["测试服务中心 1号窗口", '\'=HYPERLINK("http://evil")', 0]
    assert client.get("/stats/export/nothing.xlsx").status_code == 404


def test_the_page_reads_in_english(sw, supervisor, client):
    """The page shows no Chinese in English but the data's own names (the test world's item, centre and
    department have no English)."""
    run_simple_to_the_end(sw)
    Window.objects.update(clerk=None)
    client.force_login(supervisor)
    client.cookies["django_language"] = "en"
    html = client.get(URL, Q1).content.decode()
    assert "Dashboard" in html
    main = html.split('<main class="content">')[1].split("</main>")[0]  # the menu is the navigation's
    assert chinese_left(main, ["测试简单许可", "测试服务中心"]) == []
    assert "Q1 2026" in main and "Time taken against the limits (working days)" in main

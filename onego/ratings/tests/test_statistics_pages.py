"""The figures pages: who sees which ratings, the period and grouping chosen (and refused), the CSV export with its
formula-safe cells, the public page without staff or raters, and the pages in English."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from onego.accounts.models import Department, ServiceCentre, User, Window
from onego.accounts.roles import Role
from onego.catalog.models import ServiceItem
from onego.portal.tests.test_english_pages import chinese_left
from onego.ratings.models import RatingChannel
from onego.ratings.tests.figures_world import rate, without_demo_ratings

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 5, 20, 10, 0, tzinfo=TZ)  # 2026 Q2


@pytest.fixture
def world(demo):
    without_demo_ratings()
    with time_machine.travel(NOW, tick=False):
        district = ServiceCentre.objects.get(code="district")
        th = ServiceCentre.objects.get(code="th")
        zsj = Department.objects.get(short_name="区政数局")
        scjg = Department.objects.get(short_name="区市场监管局")
        clerk = User.objects.get(username="clerk")
        reviewer = User.objects.get(username="reviewer")
        item = ServiceItem.objects.order_by("id").first()
        w3 = Window.objects.get(centre=district, number=3)
        # zsj at the district centre: 5, 4, 1 (one bad); scjg at the district centre: 3, 2; scjg online: 5;
        # th's department at the Taihe centre: 4; last quarter: one zsj 5
        for grade in (5, 4, 1):
            rate(
                grade,
                day=date(2026, 4, 8),
                department=zsj,
                centre=district,
                window=w3,
                staff=clerk,
                item=item,
            )
        for grade in (3, 2):
            rate(grade, day=date(2026, 5, 6), department=scjg, centre=district, staff=reviewer, channel="sms")
        rate(5, day=date(2026, 5, 7), department=scjg, centre=district, channel=RatingChannel.ONLINE)
        rate(4, day=date(2026, 5, 8), department=Department.objects.get(short_name="太和镇"), centre=th)
        rate(5, day=date(2026, 3, 2), department=zsj, centre=district, staff=clerk)
    traveller = time_machine.travel(NOW, tick=False)
    traveller.start()
    yield {"clerk": clerk, "w3": w3, "zsj": zsj, "scjg": scjg, "district": district, "th": th}
    traveller.stop()


def client_of(username: str | None, *, language: str = "zh-hans") -> Client:
    client = Client()
    if language == "en":
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
    if username:
        client.force_login(User.objects.get(username=username))
    return client


def cell(html: str, testid: str) -> str:
    start = html.index(f'data-testid="{testid}">') + len(f'data-testid="{testid}">')
    return html[start : html.index("<", start)].strip()


@pytest.mark.parametrize(
    ("username", "ratings", "bad"),
    [
        ("supervisor", 7, 2),  # everything
        ("centre_head", 7, 2),  # runs the district centre: everything
        ("head", 3, 1),  # 区市场监管局: its own three
    ],
)
def test_each_head_sees_the_ratings_of_their_scope(world, username, ratings, bad):
    html = client_of(username).get(reverse("ratings:figures")).content.decode()
    assert (cell(html, "ratings"), cell(html, "bad")) == (str(ratings), str(bad))
    assert "2026 年第 2 季度" in html


def test_a_town_centres_head_sees_their_department_and_their_centre(world):
    town = Department.objects.get(short_name="太和镇")
    th_head = User.objects.create_user(username="th_head", password="x", department=town)
    th_head.groups.add(Group.objects.get(name=Role.DEPARTMENT_HEAD))
    html = client_of("th_head").get(reverse("ratings:figures")).content.decode()
    assert cell(html, "ratings") == "1"
    assert 'data-testid="scope-note"' in html


@pytest.mark.parametrize("username", ["clerk", "reviewer", "citizen", "admin", "agent"])
def test_anyone_else_is_refused(world, username):
    client = client_of(username)
    assert client.get(reverse("ratings:figures")).status_code == 403
    assert client.get(reverse("ratings:figures_csv")).status_code == 403


def test_the_anonymous_are_sent_to_log_in(world):
    response = Client().get(reverse("ratings:figures"))
    assert response.status_code == 302 and "/login" in response["Location"]


def test_a_period_and_a_grouping_are_chosen_from_the_lists(world):
    client = client_of("supervisor")
    html = client.get(reverse("ratings:figures"), {"period": "2026Q1", "by": "staff"}).content.decode()
    assert cell(html, "ratings") == "1"
    assert "黄晓敏" in html  # the clerk, by name, on the staff page
    april = client.get(reverse("ratings:figures"), {"period": "2026-04", "by": "window"}).content.decode()
    assert cell(april, "ratings") == "3"
    assert "白云区政务服务中心 3 号窗口" in april
    by_channel = client.get(reverse("ratings:figures"), {"by": "channel"}).content.decode()
    assert "短信评价" in by_channel and "网上评价" in by_channel


def test_a_period_not_in_the_list_is_refused_at_the_field(world):
    response = client_of("supervisor").get(reverse("ratings:figures"), {"period": "1999Q9", "by": "nonsense"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "请选择列表中的统计期间。" in cell(html, "error-period") + html
    assert 'data-testid="error-by"' in html
    assert cell(html, "ratings") == "7"  # the current quarter, by department


def test_the_page_says_the_provincial_platform_is_not_reachable_here(world):
    html = client_of("supervisor").get(reverse("ratings:figures")).content.decode()
    assert "无法连接" in html and "本地实现" in html


def test_the_csv_has_every_group_and_neutralised_formula_cells(world):
    evil = User.objects.create_user(username="evil", password="x", real_name='=HYPERLINK("http://x")')
    rate(2, day=date(2026, 5, 9), department=world["zsj"], centre=world["district"], staff=evil)
    response = client_of("supervisor").get(reverse("ratings:figures_csv"), {"by": "staff"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="rating-figures-2026Q2-staff.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["统计期间", "分组", "名称", "评价数"]
    names = {r[2]: r for r in rows[1:]}
    assert '\'=HYPERLINK("http://x")' in names
    assert names["黄晓敏"][3] == "3" and names["黄晓敏"][10] == "0.6667"
    assert rows[-1][2] == "合计" and rows[-1][3] == "8"


def test_the_public_page_shows_the_district_without_staff_or_raters(world):
    response = Client().get(reverse("ratings:public"))
    assert response.status_code == 200
    html = response.content.decode()
    assert cell(html, "ratings") == "7"
    assert "黄晓敏" not in html and "刘建国" not in html
    assert 'data-key="2026Q1"' in html and 'data-key="2025Q3"' in html
    q1 = Client().get(reverse("ratings:public"), {"quarter": "2026Q1"}).content.decode()
    assert cell(q1, "ratings") == "1"
    assert cell(Client().get(reverse("ratings:public"), {"quarter": "x"}).content.decode(), "ratings") == "7"


DATA = ["黄晓敏", "刘建国", "周海燕", "吴国栋", "林志远", "简体中文"]


def test_the_pages_speak_english(world):
    for username, url in [("supervisor", reverse("ratings:figures")), (None, reverse("ratings:public"))]:
        response = client_of(username, language="en").get(url)
        assert response.status_code == 200
        assert chinese_left(response.content.decode(), DATA) == [], url

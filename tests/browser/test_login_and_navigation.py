"""Signing in, what each role sees in the navigation, lock-out, the home page, language and phone width.

Each test clicks as a person would in Chromium and checks what the page shows.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from onego.demo import accounts as demo

# Written out by hand from onego/portal/navigation.py, on purpose: recomputing it with `items_for` would
# make the test agree with any mistake in the implementation.
EVERYONE = {
    "guides": "办事指南",
    "progress": "进度查询",
    "verify": "证照核验",
    "public_register": "许可公开",
    "policies": "惠企政策",
}
ROLE_ONLY = {
    "my_cases": "我的办件",
    "my_licences": "我的证照",
    "policy_finder": "政策兑现",
    "window_intake": "综合受理",
    "inbox": "待办任务",
    "deadline_board": "时限预警",
    "issued_licences": "颁发的证照",
    "food_figures": "远程审批数据",
    "follow_ups": "承诺核查",
    "queue": "叫号",
    "work_orders": "差评工单",
    "rating_figures": "好差评统计",
    "stars": "政务服务之星",
    "dashboard": "数据看板",
    "spot_checks": "双随机抽查",
    "projects": "代办项目",
    "policy_admin": "政策管理",
    "payouts": "兑现批次",
    "prereview": "预审复核",
    "prereview_figures": "预审数据",
    "robots": "系统对接机器人",
    "admin": "管理后台",
    "calendar": "节假日日历",
}
# username -> (role label shown in the header, nav entries beyond those for everyone). In words: the clerk
# sees 综合受理 and 待办任务 but not 政策管理; the policy officer sees 待办任务, 政策管理 and 兑现批次;
# the enterprise sees
# 我的办件 and 政策兑现; the citizen sees 我的办件 but not 政策兑现; only the administrator sees 管理后台.
# Every department head (whatever the department) and every policy officer sees the same entries.
HEAD_NAV = {
    "inbox",
    "issued_licences",
    "follow_ups",
    "deadline_board",
    "food_figures",
    "work_orders",
    "rating_figures",
    "stars",
    "spot_checks",
    "dashboard",
    "prereview",
    "prereview_figures",
    "robots",
}
REVIEWER_NAV = {"inbox", "issued_licences", "follow_ups", "work_orders", "spot_checks"}
OFFICER_NAV = {"inbox", "policy_admin", "payouts", "prereview", "robots"}
EXPECTED: dict[str, tuple[str, set[str]]] = {
    "citizen": ("申请人（个人）", {"my_cases", "my_licences"}),
    "enterprise": ("申请人（企业）", {"my_cases", "my_licences", "policy_finder"}),
    "clerk": ("窗口人员", {"window_intake", "inbox", "queue", "work_orders"}),
    "reviewer": ("审批人员", REVIEWER_NAV),
    "head": ("部门负责人", HEAD_NAV),
    "centre_head": ("部门负责人", HEAD_NAV),
    "supervisor": (
        "督查人员",
        {"deadline_board", "food_figures", "work_orders", "spot_checks", "prereview"}
        | {"prereview_figures", "robots", "rating_figures", "stars", "dashboard"},
    ),
    "agent": ("代办专员", {"projects"}),
    "policy": ("政策专员", OFFICER_NAV),
    "policy_head": ("部门负责人", HEAD_NAV),
    "jobs": ("政策专员", OFFICER_NAV),
    "jobs_head": ("部门负责人", HEAD_NAV),
    "tcj_reviewer": ("审批人员", REVIEWER_NAV),
    "admin": ("系统管理员", {"admin", "calendar", "robots"}),
}

HOME_ENTRIES = {
    "guides": "办事指南",
    "my_cases": "我的办件",
    "progress": "进度查询",
    "verify": "证照核验",
    "policy_finder": "政策兑现",
}


def open_home(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/")
    expect(page.locator("header .brand")).to_contain_text("白云区一网通办")


def submit_login(page: Page, username: str, password: str) -> None:
    """Fill the login form the way a person does (by its labels) and press 登录."""
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.locator("main").get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def click_header_login(page: Page) -> None:
    page.locator("header").get_by_role("link", name="登录", exact=True).click()
    expect(page.locator("main h1")).to_have_text("登录")


def nav_keys(page: Page) -> set[str]:
    return set(page.locator("nav.main-nav li[data-nav]").evaluate_all("els => els.map(e => e.dataset.nav)"))


def expect_signed_out(page: Page) -> None:
    expect(page.locator("[data-testid=who]")).to_have_count(0)
    expect(page.locator("header").get_by_role("link", name="登录", exact=True)).to_be_visible()


def test_every_demo_user_has_a_row_in_the_expected_navigation_table() -> None:
    assert {u.username for u in demo.USERS} == set(EXPECTED)


@pytest.mark.parametrize("user", demo.USERS, ids=[u.username for u in demo.USERS])
def test_demo_user_signs_in_from_the_header_and_sees_the_navigation_of_their_role(
    seeded_live_server, page: Page, user: demo.DemoUser
) -> None:
    base = seeded_live_server.url
    role_label, extra_keys = EXPECTED[user.username]

    # given an anonymous visitor on the home page
    open_home(page, base)
    expect_signed_out(page)

    # when they click 登录 in the header and sign in
    click_header_login(page)
    submit_login(page, user.username, demo.DEMO_PASSWORD)

    # then they are back on the home page, named in the header with their role
    expect(page).to_have_url(f"{base}/")
    who = page.locator("[data-testid=who]")
    expect(who).to_contain_text(user.real_name)
    expect(who).to_contain_text(role_label)

    # and the main navigation shows exactly the entries for that role
    expected_keys = set(EVERYONE) | extra_keys
    assert nav_keys(page) == expected_keys
    labels = {**EVERYONE, **ROLE_ONLY}
    for key in expected_keys:
        expect(page.locator(f"nav.main-nav li[data-nav={key}]")).to_contain_text(labels[key])
    nav_text = page.locator("nav.main-nav").inner_text()
    for key in set(ROLE_ONLY) - extra_keys:
        assert labels[key] not in nav_text, f"{user.username} should not see {labels[key]}"


def test_five_wrong_passwords_lock_the_account_even_against_the_right_password(
    seeded_live_server, page: Page
) -> None:
    base = seeded_live_server.url
    open_home(page, base)
    click_header_login(page)
    locked = page.locator("[data-testid=locked-out]")

    # given four wrong passwords: each time the login form comes back with an error
    for attempt in range(1, 5):
        submit_login(page, "citizen", f"wrong-{attempt}")
        expect(page.locator("main [data-error-summary]")).to_be_focused()
        expect(page.get_by_label("密码")).to_be_visible()
        expect(locked).to_have_count(0)
        expect_signed_out(page)

    # when the fifth wrong password reaches AXES_FAILURE_LIMIT=5, the page says the account is locked
    submit_login(page, "citizen", "wrong-5")
    expect(locked).to_contain_text("账户已锁定")
    expect_signed_out(page)

    # then even the correct password is refused with the locked-out page, and nobody is signed in
    page.goto(f"{base}/login/")
    submit_login(page, "citizen", demo.DEMO_PASSWORD)
    expect(locked).to_contain_text("账户已锁定")
    expect_signed_out(page)
    # (checked in a second tab of the same browser session, so the screenshot shows the locked-out page)
    home = page.context.new_page()
    open_home(home, base)
    expect_signed_out(home)


def test_anonymous_home_page_shows_the_title_and_the_five_entry_points(
    live_server, transactional_db, page: Page
) -> None:
    open_home(page, live_server.url)

    expect(page).to_have_title("白云区一网通办 · OneGo")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    entries = page.locator("[data-entry]")
    expect(entries).to_have_count(len(HOME_ENTRIES))
    for key, label in HOME_ENTRIES.items():
        expect(page.locator(f"[data-entry={key}]")).to_contain_text(label)
    expect_signed_out(page)


def test_switching_the_language_selector_to_english_shows_the_english_site(
    live_server, transactional_db, page: Page
) -> None:
    open_home(page, live_server.url)

    # when the visitor picks English in the language selector (it submits itself on change)
    with page.expect_navigation():
        page.get_by_label("语言").select_option("en")

    # then the page is English, and stays English on the next page
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("header .brand")).to_contain_text("Baiyun One-Stop Services")
    expect(page.locator("[data-entry=guides]")).to_contain_text("Service guides")
    expect(page.locator("[data-entry=progress]")).to_contain_text("Track progress")
    expect(page.locator("[data-entry=policy_finder]")).to_contain_text("Policy benefits")
    expect(page.get_by_label("Language")).to_have_value("en")

    page.locator("header").get_by_role("link", name="Log in", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_label("Username")).to_be_visible()
    expect(page.get_by_label("Password")).to_be_visible()


def _check_phone_width(page: Page, base: str, username: str | None) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    if username:
        page.goto(f"{base}/login/")
        submit_login(page, username, demo.DEMO_PASSWORD)
        expect(page.locator("[data-testid=who]")).to_be_visible()
    open_home(page, base)

    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width, f"page is {scroll_width}px wide in a {inner_width}px viewport"
    for key in HOME_ENTRIES:
        box = page.locator(f"[data-entry={key}]").bounding_box()
        assert box is not None, f"entry {key} is not rendered"
        assert box["x"] >= 0 and box["x"] + box["width"] <= inner_width, f"entry {key} sticks out: {box}"


def test_the_anonymous_home_page_has_no_horizontal_scroll_at_phone_width(
    live_server, transactional_db, page: Page
) -> None:
    _check_phone_width(page, live_server.url, None)


def test_the_signed_in_home_page_has_no_horizontal_scroll_at_phone_width(
    seeded_live_server, page: Page
) -> None:
    # the demo is loaded only when someone signs in (it is the slow part of a test)
    _check_phone_width(page, seeded_live_server.url, "head")

"""Navigation by role. An entry whose page belongs to a module not yet built is shown as such, not hidden."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from onego.accounts.roles import Role


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str | Promise
    url_name: str
    roles: frozenset[str] | None = None  # None: everyone, signed in or not

    def url(self) -> str | None:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return None


_A = frozenset({Role.APPLICANT_PERSON.value, Role.APPLICANT_ENTERPRISE.value})

ITEMS: list[NavItem] = [
    NavItem("guides", _("办事指南"), "catalog:guide_list"),
    NavItem("progress", _("进度查询"), "cases:progress"),
    NavItem("verify", _("证照核验"), "certificates:verify"),
    NavItem("public_register", _("许可公开"), "certificates:public_register"),
    NavItem("policies", _("惠企政策"), "policies:catalogue"),
    NavItem("my_cases", _("我的办件"), "cases:my_cases", _A),
    NavItem("my_licences", _("我的证照"), "certificates:my_licences", _A),
    NavItem("policy_finder", _("政策兑现"), "policies:finder", frozenset({Role.APPLICANT_ENTERPRISE.value})),
    NavItem("window_intake", _("综合受理"), "cases:window_intake", frozenset({Role.WINDOW_CLERK.value})),
    NavItem(
        "inbox",
        _("待办任务"),
        "cases:inbox",
        frozenset(
            {
                Role.WINDOW_CLERK.value,
                Role.REVIEWER.value,
                Role.DEPARTMENT_HEAD.value,
                Role.POLICY_OFFICER.value,
            }
        ),
    ),
    NavItem(
        "issued_licences",
        _("颁发的证照"),
        "certificates:issued",
        frozenset({Role.REVIEWER.value, Role.DEPARTMENT_HEAD.value}),
    ),
    NavItem(
        "deadline_board",
        _("时限预警"),
        "cases:deadline_board",
        frozenset({Role.DEPARTMENT_HEAD.value, Role.SUPERVISOR.value}),
    ),
    NavItem(
        "follow_ups",
        _("承诺核查"),
        "inspection:follow_ups",
        frozenset({Role.REVIEWER.value, Role.DEPARTMENT_HEAD.value}),
    ),
    NavItem(
        "food_figures",
        _("远程审批数据"),
        "inspection:figures",
        frozenset({Role.DEPARTMENT_HEAD.value, Role.SUPERVISOR.value}),
    ),
    # Seed case 9 (issue 17): the window's queue, 好差评 and its work orders, the service stars, spot checks and
    # the centre's dashboard.
    NavItem("queue", _("叫号"), "cases:queue", frozenset({Role.WINDOW_CLERK.value})),
    NavItem(
        "work_orders",
        _("差评工单"),
        "ratings:work_orders",
        frozenset(
            {
                Role.WINDOW_CLERK.value,
                Role.REVIEWER.value,
                Role.DEPARTMENT_HEAD.value,
                Role.SUPERVISOR.value,
            }
        ),
    ),
    NavItem(
        "rating_figures",
        _("好差评统计"),
        "ratings:figures",
        frozenset({Role.DEPARTMENT_HEAD.value, Role.SUPERVISOR.value}),
    ),
    NavItem(
        "stars",
        _("政务服务之星"),
        "staffstars:index",
        frozenset({Role.DEPARTMENT_HEAD.value, Role.SUPERVISOR.value}),
    ),
    NavItem(
        "spot_checks",
        _("双随机抽查"),
        "supervision:spot_checks",
        frozenset({Role.SUPERVISOR.value, Role.REVIEWER.value, Role.DEPARTMENT_HEAD.value}),
    ),
    NavItem(
        "dashboard",
        _("数据看板"),
        "stats:dashboard",
        frozenset({Role.DEPARTMENT_HEAD.value, Role.SUPERVISOR.value}),
    ),
    NavItem("projects", _("代办项目"), "projects:list", frozenset({Role.AGENCY_SPECIALIST.value})),
    NavItem("policy_admin", _("政策管理"), "policies:manage", frozenset({Role.POLICY_OFFICER.value})),
    NavItem("payouts", _("兑现批次"), "policies:payouts", frozenset({Role.POLICY_OFFICER.value})),
    # Pre-review of subsidy claims and the robots that bridge the vertical systems (seed case 7, issue 16).
    NavItem(
        "prereview",
        _("预审复核"),
        "prereview:queue",
        frozenset({Role.POLICY_OFFICER.value, Role.DEPARTMENT_HEAD.value, Role.SUPERVISOR.value}),
    ),
    NavItem(
        "prereview_figures",
        _("预审数据"),
        "prereview:figures",
        frozenset({Role.DEPARTMENT_HEAD.value, Role.SUPERVISOR.value}),
    ),
    NavItem(
        "robots",
        _("系统对接机器人"),
        "robots:index",
        frozenset(
            {
                Role.POLICY_OFFICER.value,
                Role.DEPARTMENT_HEAD.value,
                Role.SUPERVISOR.value,
                Role.ADMINISTRATOR.value,
            }
        ),
    ),
    NavItem("admin", _("管理后台"), "admin:index", frozenset({Role.ADMINISTRATOR.value})),
    NavItem(
        "calendar",
        _("节假日日历"),
        "admin:core_calendarday_changelist",
        frozenset({Role.ADMINISTRATOR.value}),
    ),
]


def items_for(roles: set[str], *, authenticated: bool) -> list[dict[str, Any]]:
    out = []
    for item in ITEMS:
        if item.roles is not None and not (authenticated and roles & item.roles):
            continue
        out.append({"key": item.key, "label": item.label, "url": item.url()})
    return out
